// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/ismsproject/isms/internal/isms"
)

// An OSCAL catalog (or a resolved profile) becomes a framework thus:
// groups become group requirements, controls become controls and the
// controls nested in them enhancements. A requirement's reference is the
// control's "label" property, unless that reads like a title (it holds
// white space, as CSF 2.0's "GOVERN (GV)" does), then the id upper-cased.
// Withdrawn controls are left out. Properties other than label, sort-id
// and status become attributes, with "family" (the group's title) and,
// for a profile whose title names an SP 800-53 baseline, "baseline".
// Properties in the isms namespace carry what an export of ours needs to
// come back the same: a clause's kind ("kind": "clause") and a requirement
// that is not assessable.

// NamespaceISMS qualifies the OSCAL property names isms writes.
const NamespaceISMS = "https://isms.dev/ns/oscal"

// skippedProps are the OSCAL properties that do not become attributes.
var skippedProps = map[string]bool{"label": true, "sort-id": true, "status": true}

// frameworkFromOSCAL converts a catalog, or a profile resolved with
// opts.Loader, into a framework.
func frameworkFromOSCAL(doc *Document, opts ReadOptions) (*Framework, error) {
	c, meta := doc.Catalog, Metadata{}
	baseline := ""
	if doc.Profile != nil {
		resolved, err := resolveForImport(doc, opts.Loader)
		if err != nil {
			return nil, err
		}
		c, meta, baseline = resolved, doc.Profile.Metadata, baselineOf(doc.Profile.Metadata.Title)
	}
	if c == nil {
		return nil, errorf(doc.Name, position{}, "", "holds neither an OSCAL catalog nor a profile")
	}
	if doc.Profile == nil {
		meta = c.Metadata
	}
	conv := &oscalConverter{file: doc.Name, baseline: baseline, params: map[string]*Param{}, refs: map[string]string{}}
	conv.collectParams(c)
	fw := &Framework{Meta: frameworkMeta(doc.Name, meta, opts.Key)}
	conv.fw = fw
	for i := range c.Controls {
		conv.control(&c.Controls[i], "/catalog/controls/"+fmt.Sprint(i), nil, "")
	}
	for i := range c.Groups {
		conv.group(&c.Groups[i], "/catalog/groups/"+fmt.Sprint(i), nil)
	}
	if err := conv.problems.err(); err != nil {
		return nil, err
	}
	for _, r := range fw.Requirements {
		fw.Meta.Requirements++
		if r.Assessable {
			fw.Meta.Assessable++
		}
	}
	return fw, nil
}

// frameworkMeta describes the framework from the document's metadata.
func frameworkMeta(name string, m Metadata, key string) isms.Framework {
	if key == "" {
		key = slug(m.Title, 60)
	}
	return isms.Framework{
		Key: key, Name: plainText(m.Title), Edition: m.Version, Publisher: creatorOf(m),
		Description: plainText(m.Remarks), Source: isms.SourceOSCAL, SourceFile: path.Base(name),
	}
}

// creatorOf names the parties in the "creator" role of a document (else
// in the "author" role), or "".
func creatorOf(m Metadata) string {
	var parties []struct {
		UUID string `json:"uuid"`
		Name string `json:"name"`
	}
	var resp []struct {
		RoleID     string   `json:"role-id"`
		PartyUUIDs []string `json:"party-uuids"`
	}
	if len(m.Parties) == 0 || json.Unmarshal(m.Parties, &parties) != nil || len(m.ResponsibleParties) == 0 ||
		json.Unmarshal(m.ResponsibleParties, &resp) != nil {
		return ""
	}
	for _, role := range []string{"creator", "author"} {
		var names []string
		for _, rp := range resp {
			if rp.RoleID != role {
				continue
			}
			for _, id := range rp.PartyUUIDs {
				for _, p := range parties {
					if p.UUID == id && p.Name != "" {
						names = append(names, p.Name)
					}
				}
			}
		}
		if len(names) > 0 {
			return strings.Join(names, ", ")
		}
	}
	return ""
}

// baselineWords finds an SP 800-53 baseline in a profile's title ("…
// MODERATE IMPACT BASELINE").
var baselineWords = regexp.MustCompile(`(?i)\b(low|moderate|high|privacy)(?:[- ]impact)?[- ]baseline\b`)

// baselineOf returns the baseline a profile's title names, or "".
func baselineOf(title string) string {
	if m := baselineWords.FindStringSubmatch(title); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// slug makes a framework key of a title: lower-case letters and digits
// separated by single hyphens, at most max bytes, cut at a hyphen.
func slug(title string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	s := b.String()
	if len(s) > max {
		s = s[:max]
		if i := strings.LastIndexByte(s, '-'); i > max/2 {
			s = s[:i]
		}
	}
	if s = strings.Trim(s, "-"); s == "" {
		return "oscal-catalog"
	}
	return s
}

// resolveForImport resolves a profile. A loader that lacks an imported
// document makes the error say which and how to supply it.
func resolveForImport(doc *Document, l Loader) (*Catalog, error) {
	tl := &trackingLoader{inner: l}
	res, err := (&Resolver{Loader: tl}).ResolveDocument(doc)
	if err == nil {
		return res.Catalog, nil
	}
	var e *Error
	if len(tl.missing) > 0 && errors.As(err, &e) {
		e.Problems = append(e.Problems, Problem{File: doc.Name, Message: fmt.Sprintf(
			"the profile imports %s, which was not supplied: pass the catalog (or profile) it refers to with --catalog FILE",
			strings.Join(tl.missing, ", "))})
	}
	return nil, err
}

// trackingLoader records the documents its loader cannot supply; with no
// loader it supplies none.
type trackingLoader struct {
	inner   Loader
	missing []string
}

// Load implements Loader.
func (t *trackingLoader) Load(href, base string) (string, []byte, error) {
	if t.inner == nil {
		t.missing = append(t.missing, fmt.Sprintf("%q", href))
		return "", nil, fmt.Errorf("%w: %s is not available", ErrNotFound, href)
	}
	name, data, err := t.inner.Load(href, base)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrRemote) {
		t.missing = append(t.missing, fmt.Sprintf("%q", href))
	}
	return name, data, err
}

// oscalConverter builds the requirements of one framework.
type oscalConverter struct {
	file     string
	fw       *Framework
	baseline string
	params   map[string]*Param
	refs     map[string]string // reference → JSON path of its first use
	problems problems
}

// collectParams indexes every parameter of the catalog by id.
func (x *oscalConverter) collectParams(c *Catalog) {
	forEachParam(c, func(p *Param) { x.params[p.ID] = p })
}

// add appends a requirement under parent (nil: at the top) and returns
// it, or nil when it cannot be added.
func (x *oscalConverter) add(r isms.Requirement, at string, parent *isms.Requirement) *isms.Requirement {
	if prev, dup := x.refs[r.Ref]; dup {
		x.problems.add(Problem{File: x.file, Path: at, Message: fmt.Sprintf("reference %q is already used at %s", r.Ref, prev)})
		return nil
	}
	x.refs[r.Ref] = at
	r.GroupRef = r.Ref
	if parent != nil {
		r.ParentRef, r.Depth, r.GroupRef = parent.Ref, parent.Depth+1, parent.GroupRef
	}
	if err := r.Validate(); err != nil {
		x.problems.add(Problem{File: x.file, Path: at, Message: isms.ErrorMessage(err)})
		return nil
	}
	r.Position = len(x.fw.Requirements) + 1
	x.fw.Requirements = append(x.fw.Requirements, r)
	return &r
}

// group converts a group and what it holds.
func (x *oscalConverter) group(g *Group, at string, parent *isms.Requirement) {
	r := isms.Requirement{
		Ref: refOf(g.Props, g.ID), Title: plainText(g.Title), Kind: isms.KindGroup,
		Description: x.partText(g.Parts, "overview", "statement"), Attributes: x.attributes(g.Props, "", false),
	}
	node := x.add(r, at, parent)
	if node == nil {
		return
	}
	for i := range g.Controls {
		x.control(&g.Controls[i], fmt.Sprintf("%s/controls/%d", at, i), node, node.Title)
	}
	for i := range g.Groups {
		x.group(&g.Groups[i], fmt.Sprintf("%s/groups/%d", at, i), node)
	}
}

// control converts a control that is not withdrawn, and its enhancements.
func (x *oscalConverter) control(c *Control, at string, parent *isms.Requirement, family string) {
	if propValue(c.Props, "status") == "withdrawn" {
		return
	}
	kind := isms.KindControl
	if parent != nil && parent.Kind != isms.KindGroup {
		kind = isms.KindEnhancement
	}
	if hasISMSProp(c.Props, "kind", "clause") {
		kind = isms.KindClause
	}
	r := isms.Requirement{
		Ref: refOf(c.Props, c.ID), Title: plainText(c.Title), Kind: kind,
		Assessable:  !hasISMSProp(c.Props, "assessable", "false"),
		Description: x.partText(c.Parts, "statement"), Attributes: x.attributes(c.Props, family, true),
	}
	node := x.add(r, at, parent)
	if node == nil {
		return
	}
	for i := range c.Controls {
		x.control(&c.Controls[i], fmt.Sprintf("%s/controls/%d", at, i), node, family)
	}
}

// refOf is the reference of a group or control: its label when that is
// one word, else its id upper-cased.
func refOf(props []Prop, id string) string {
	label := ""
	for _, p := range props {
		if p.Name == "label" && isOSCALNS(p.NS) && (label == "" || p.Class == "") {
			label = strings.TrimSpace(p.Value)
		}
	}
	if label != "" && !strings.ContainsFunc(label, unicode.IsSpace) && len(label) <= 100 {
		return label
	}
	return strings.ToUpper(strings.TrimPrefix(id, "_"))
}

// isOSCALNS reports whether a property namespace is OSCAL's own.
func isOSCALNS(ns string) bool {
	return ns == "" || ns == "http://csrc.nist.gov/ns/oscal"
}

// propValue returns the lower-cased value of an OSCAL property, or "".
func propValue(props []Prop, name string) string {
	return strings.ToLower(propValueRaw(props, name))
}

// hasISMSProp reports whether an isms property has the value.
func hasISMSProp(props []Prop, name, value string) bool {
	for _, p := range props {
		if p.NS == NamespaceISMS && p.Name == name && p.Value == value {
			return true
		}
	}
	return false
}

// attributes turns properties into attributes, adding the family and,
// for a control, the baseline.
func (x *oscalConverter) attributes(props []Prop, family string, control bool) isms.Attributes {
	a := isms.Attributes{}
	addValue := func(name, value string) {
		if value = strings.TrimSpace(value); value != "" && !a.Has(name, value) {
			a[name] = append(a[name], value)
		}
	}
	for _, p := range props {
		if (isOSCALNS(p.NS) && skippedProps[p.Name]) || (p.NS == NamespaceISMS && (p.Name == "kind" || p.Name == "assessable")) {
			continue
		}
		addValue(p.Name, p.Value)
	}
	if family != "" {
		addValue("family", family)
	}
	if control && x.baseline != "" {
		addValue("baseline", x.baseline)
	}
	if len(a) == 0 {
		return nil
	}
	return a
}
