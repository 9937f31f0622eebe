// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/ismsproject/isms/internal/isms"
)

// WriteFrameworkOSCAL writes a framework as an OSCAL 1.1.3 catalog in
// JSON: groups as groups, clauses, controls and enhancements as (nested)
// controls, each with its reference as the "label" property, its
// description as the statement and its attributes as properties in the
// isms namespace. The catalog's uuid is derived from the framework's key
// and content, so the same framework always exports the same document
// (apart from last-modified, its update time). The document is validated
// before anything is written.
func WriteFrameworkOSCAL(w io.Writer, fw *Framework) error {
	c, err := catalogOf(fw)
	if err != nil {
		return err
	}
	return WriteCatalogJSON(w, c)
}

// catalogOf builds the OSCAL catalog of a framework.
func catalogOf(fw *Framework) (*Catalog, error) {
	m := fw.Meta
	c := &Catalog{UUID: nameUUID("catalog:" + m.Key + ":" + m.Edition + ":" + m.SHA256), Metadata: exportMetadata(m)}
	b := &catalogBuilder{ids: map[string]bool{}, children: map[string][]*isms.Requirement{}}
	var top []*isms.Requirement
	refs := map[string]bool{}
	for _, r := range fw.Requirements {
		refs[r.Ref] = true
	}
	for i := range fw.Requirements {
		r := &fw.Requirements[i]
		if r.ParentRef == "" || !refs[r.ParentRef] || r.ParentRef == r.Ref {
			top = append(top, r)
		} else {
			b.children[r.ParentRef] = append(b.children[r.ParentRef], r)
		}
	}
	for _, r := range top {
		if r.Kind == isms.KindGroup {
			c.Groups = append(c.Groups, b.group(r, 0))
		} else {
			c.Controls = append(c.Controls, b.control(r, 0))
		}
	}
	if len(c.Groups) == 0 && len(c.Controls) == 0 {
		return nil, errorf(m.Key, position{}, "", "the framework has no requirements to export")
	}
	return c, nil
}

// exportMetadata describes the framework; its publisher becomes the
// party in the "creator" role.
func exportMetadata(m isms.Framework) Metadata {
	modified := m.UpdatedAt
	if modified.IsZero() {
		modified = time.Now()
	}
	md := Metadata{
		Title: oscalString(m.Title(), m.Key), LastModified: modified.UTC().Format(time.RFC3339),
		Version: oscalString(m.Edition, "1"), OSCALVersion: OSCALVersion, Remarks: strings.TrimSpace(m.Description),
	}
	if p := strings.TrimSpace(m.Publisher); p != "" {
		party := nameUUID("party:" + p)
		md.Roles, _ = json.Marshal([]map[string]string{{"id": "creator", "title": "Document creator"}})
		md.Parties, _ = json.Marshal([]map[string]string{{"uuid": party, "type": "organization", "name": p}})
		md.ResponsibleParties, _ = json.Marshal([]map[string]any{{"role-id": "creator", "party-uuids": []string{party}}})
	}
	return md
}

// catalogBuilder turns requirements into groups and controls with unique
// ids.
type catalogBuilder struct {
	ids      map[string]bool
	children map[string][]*isms.Requirement
}

// group converts a group requirement and its children.
func (b *catalogBuilder) group(r *isms.Requirement, depth int) Group {
	g := Group{ID: b.id(r.Ref), Title: oscalString(r.Title, r.Ref), Props: b.props(r)}
	if d := strings.TrimSpace(r.Description); d != "" {
		g.Parts = []Part{{ID: g.ID + "_ovw", Name: "overview", Prose: d}}
	}
	for _, ch := range b.children[r.Ref] {
		if ch.Kind == isms.KindGroup && depth < maxNesting {
			g.Groups = append(g.Groups, b.group(ch, depth+1))
		} else {
			g.Controls = append(g.Controls, b.control(ch, depth+1))
		}
	}
	return g
}

// control converts a clause, control or enhancement (or a group below
// one of them) and its children.
func (b *catalogBuilder) control(r *isms.Requirement, depth int) Control {
	c := Control{ID: b.id(r.Ref), Title: oscalString(r.Title, r.Ref), Props: b.props(r)}
	if d := strings.TrimSpace(r.Description); d != "" {
		c.Parts = []Part{{ID: c.ID + "_smt", Name: "statement", Prose: d}}
	}
	if depth < maxNesting {
		for _, ch := range b.children[r.Ref] {
			c.Controls = append(c.Controls, b.control(ch, depth+1))
		}
	}
	return c
}

// props are a requirement's label, its kind and assessability where an
// import would not infer them, and its attributes.
func (b *catalogBuilder) props(r *isms.Requirement) []Prop {
	props := []Prop{{Name: "label", Value: oscalString(r.Ref, "-")}}
	if r.Kind == isms.KindClause {
		props = append(props, Prop{Name: "kind", NS: NamespaceISMS, Value: "clause"})
	}
	if !r.Assessable && r.Kind != isms.KindGroup {
		props = append(props, Prop{Name: "assessable", NS: NamespaceISMS, Value: "false"})
	}
	for _, name := range r.Attributes.Names() {
		for _, v := range r.Attributes[name] {
			if v = strings.TrimSpace(v); v != "" {
				props = append(props, Prop{Name: oscalToken(name), NS: NamespaceISMS, Value: v})
			}
		}
	}
	return props
}

// id makes a unique OSCAL id of a reference: lower-cased, with anything
// an NCName may not hold replaced by "-", "(" by "." (AC-2(1) → ac-2.1),
// and "_" in front when it does not start with a letter.
func (b *catalogBuilder) id(ref string) string {
	base := strings.NewReplacer("(", ".", ")", "").Replace(strings.ToLower(strings.TrimSpace(ref)))
	base = strings.TrimRight(oscalToken(base), ".-")
	if base == "" || base == "_" {
		base = "_r"
	}
	id := base
	for n := 2; b.ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	b.ids[id] = true
	return id
}

// oscalToken makes s an OSCAL token: letters, digits, ".", "-" and "_",
// starting with a letter or "_".
func oscalToken(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('-')
		}
	}
	t := sb.String()
	if t == "" {
		return "_"
	}
	if first := []rune(t)[0]; !unicode.IsLetter(first) && first != '_' {
		t = "_" + t
	}
	return t
}

// oscalString returns s with its white space trimmed and runs of it
// collapsed (OSCAL strings neither start nor end with white space), or
// fallback when nothing is left.
func oscalString(s, fallback string) string {
	if s = strings.Join(strings.Fields(s), " "); s == "" {
		return fallback
	}
	return s
}

// nameUUID derives a name-based (version 5 style) UUID from name, so that
// the same framework exports the same uuids.
func nameUUID(name string) string {
	h := sha1.Sum([]byte("isms:oscal:" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
