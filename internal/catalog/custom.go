// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The custom format is a framework written by hand, as YAML (custom_yaml.go),
// CSV (custom_csv.go) or a workbook (custom_xlsx.go). Each reader turns its
// file into a draft: the metadata and the requirements as written, each
// with the place it was written. build then checks the draft as a whole
// (references, parents, attributes, mappings) and lays out the tree.

// Limits of the custom formats.
const (
	maxCustomBytes = 10 << 20 // bytes of a custom file
	maxCustomRows  = 100_000  // requirements (rows) of a custom file
	maxTreeDepth   = 50       // levels of a requirement tree
	maxTextLen     = 100_000  // characters of a description
)

// frameworkKey is the form of a framework key: "acme-supplier-2025".
var frameworkKey = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

// attributeName is the form of an attribute name: "priority", "control_type".
var attributeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// place is where something was written: a line and column (YAML, CSV) and
// a prefix naming the column or cell ("column description: ").
type place struct {
	line, col int
	prefix    string
}

// problem returns a Problem at p in file.
func (p place) problem(file, format string, args ...any) Problem {
	return Problem{File: file, Line: p.line, Column: p.col, Message: p.prefix + fmt.Sprintf(format, args...)}
}

// String renders the place for "first written at …" messages.
func (p place) String() string {
	switch {
	case p.line > 0 && p.col > 0:
		return fmt.Sprintf("line %d:%d", p.line, p.col)
	case p.line > 0:
		return fmt.Sprintf("line %d", p.line)
	}
	return strings.TrimSuffix(strings.TrimSpace(p.prefix), ":")
}

// draftRequirement is a requirement as written. kindSet and assessableSet
// say whether the file gave them; the defaults depend on the tree.
type draftRequirement struct {
	req           isms.Requirement
	kindSet       bool
	assessableSet bool
	at            place            // the requirement itself (its ref)
	parentAt      place            // its parent reference
	attrAt        map[string]place // each attribute
}

// draftMapping is a mapping block of a framework file.
type draftMapping struct {
	file    MappingFile
	at      place   // the mapping block
	sources []place // where each entry's source ref was written
}

// draft is a custom framework as written, before build checks it.
type draft struct {
	file         string
	meta         isms.Framework
	metaAt       map[string]place // "key", "name", …
	at           place            // the framework block, for missing fields
	declared     map[string][]string
	declaredSet  bool
	requirements []*draftRequirement
	mappings     []*draftMapping
	ps           problems
}

func newDraft(file string) *draft {
	return &draft{file: file, metaAt: map[string]place{}}
}

// add records a problem at p.
func (d *draft) add(p place, format string, args ...any) {
	d.ps.add(p.problem(d.file, format, args...))
}

// err returns the problems found, in the order of the file.
func (d *draft) err() error {
	sort.SliceStable(d.ps.list, func(i, j int) bool {
		a, b := d.ps.list[i], d.ps.list[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return d.ps.err()
}

// build checks the draft and returns the framework it describes, or every
// problem found in it. key, when set, replaces the file's key.
func (d *draft) build(key string) (*Framework, error) {
	d.checkMeta(key)
	if key != "" {
		d.meta.Key = key
	}
	if len(d.requirements) == 0 && len(d.ps.list) == 0 {
		d.add(d.at, "has no requirements")
	}
	byRef := d.checkRequirements()
	ordered := d.layout(byRef)
	fw := &Framework{Meta: d.meta}
	fw.Meta.Requirements, fw.Meta.Assessable = 0, 0
	for _, r := range ordered {
		fw.Requirements = append(fw.Requirements, r.req)
		fw.Meta.Requirements++
		if r.req.Assessable {
			fw.Meta.Assessable++
		}
	}
	fw.Mappings = d.checkMappings(byRef)
	if err := d.err(); err != nil {
		return nil, err
	}
	return fw, nil
}

// checkMeta checks the framework's own fields.
func (d *draft) checkMeta(key string) {
	m := &d.meta
	switch {
	case key != "":
		if !frameworkKey.MatchString(key) || len(key) > 100 {
			d.add(place{}, "framework key %q must be lower-case letters, digits, dots and hyphens, starting with a letter or digit (at most 100 characters)", key)
		}
	case m.Key == "":
		d.add(d.at, "framework key is required (for example key: acme-supplier-2025)")
	case !frameworkKey.MatchString(m.Key) || len(m.Key) > 100:
		d.add(d.metaAt["key"], "framework key %q must be lower-case letters, digits, dots and hyphens, starting with a letter or digit (at most 100 characters)", m.Key)
	}
	if m.Name == "" {
		d.add(d.at, "framework name is required")
	} else if len(m.Name) > 200 {
		d.add(d.metaAt["name"], "framework name must be at most 200 characters")
	}
	for _, f := range []struct{ field, v string }{{"edition", m.Edition}, {"publisher", m.Publisher}} {
		if len(f.v) > 200 {
			d.add(d.metaAt[f.field], "framework %s must be at most 200 characters", f.field)
		}
	}
	if len(m.Description) > maxTextLen {
		d.add(d.metaAt["description"], "framework description must be at most %d characters", maxTextLen)
	}
}

// checkRequirements checks each requirement on its own and for duplicate
// references, and returns the requirements by reference.
func (d *draft) checkRequirements() map[string]*draftRequirement {
	byRef := make(map[string]*draftRequirement, len(d.requirements))
	for _, r := range d.requirements {
		d.checkRequirement(r)
		if r.req.Ref == "" {
			continue
		}
		if first, dup := byRef[r.req.Ref]; dup {
			d.add(r.at, "ref %q is used twice (first at %s)", r.req.Ref, first.at)
			continue
		}
		byRef[r.req.Ref] = r
	}
	return byRef
}

// checkRequirement checks one requirement's own fields.
func (d *draft) checkRequirement(r *draftRequirement) {
	q := &r.req
	switch {
	case q.Ref == "":
		d.add(r.at, "ref is required")
	case len(q.Ref) > 100:
		d.add(r.at, "ref %q must be at most 100 characters", clipText(q.Ref, 40))
	case strings.HasPrefix(q.Ref, "#"):
		d.add(r.at, "ref %q must not start with #", q.Ref)
	case strings.ContainsFunc(q.Ref, func(c rune) bool { return c < ' ' || c == 0x7f }):
		d.add(r.at, "ref %q must not contain control characters", q.Ref)
	}
	if q.Title == "" && q.Description == "" && q.Ref != "" {
		d.add(r.at, "requirement %s needs a title or a description", q.Ref)
	}
	if len(q.Title) > 1000 {
		d.add(r.at, "title of %s must be at most 1,000 characters", q.Ref)
	}
	if len(q.Description) > maxTextLen {
		d.add(r.at, "description of %s must be at most %d characters", q.Ref, maxTextLen)
	}
	if r.kindSet && !q.Kind.Valid() {
		d.add(r.at, "kind %q of %s must be group, clause, control or enhancement", q.Kind, q.Ref)
	}
	d.checkAttributes(r)
}

// checkAttributes checks a requirement's attributes against the declared ones.
func (d *draft) checkAttributes(r *draftRequirement) {
	for _, name := range r.req.Attributes.Names() {
		at := r.attrAt[name]
		if !attributeName.MatchString(name) || len(name) > 64 {
			d.add(at, "attribute name %q must be letters, digits, '_', '.' and '-' (at most 64 characters)", name)
			continue
		}
		if !d.declaredSet {
			continue
		}
		allowed, ok := d.declared[name]
		if !ok {
			d.add(at, "attribute %q is not declared (declared attributes: %s)", name, strings.Join(sortedNames(d.declared), ", "))
			continue
		}
		if len(allowed) == 0 {
			continue
		}
		for _, v := range r.req.Attributes[name] {
			if !containsFold(allowed, v) {
				d.add(at, "attribute %s: value %q is not one of the declared values (%s)", name, v, strings.Join(allowed, ", "))
			}
		}
	}
}

// layout links every requirement to its parent, rejects unknown parents,
// cycles and trees too deep, settles kinds and assessability, and returns
// the requirements in tree order (a parent before its children, siblings
// as written) with Position, Depth and GroupRef set.
func (d *draft) layout(byRef map[string]*draftRequirement) []*draftRequirement {
	children := map[string][]*draftRequirement{}
	var roots []*draftRequirement
	for _, r := range d.requirements {
		if r.req.Ref == "" || byRef[r.req.Ref] != r {
			continue
		}
		p := r.req.ParentRef
		switch {
		case p == "":
			roots = append(roots, r)
		case byRef[p] == nil:
			d.add(r.parentAt, "parent %q of %s is not a requirement of this file", p, r.req.Ref)
		case p == r.req.Ref:
			d.add(r.parentAt, "%s cannot be its own parent", p)
		default:
			children[p] = append(children[p], r)
		}
	}
	var out []*draftRequirement
	seen := make(map[string]bool, len(byRef))
	var walk func(r *draftRequirement, depth int, group string)
	walk = func(r *draftRequirement, depth int, group string) {
		seen[r.req.Ref] = true
		if depth >= maxTreeDepth {
			d.add(r.at, "%s is nested deeper than %d levels", r.req.Ref, maxTreeDepth)
			return
		}
		if depth == 0 {
			group = r.req.Ref
		}
		settle(r, len(children[r.req.Ref]) > 0)
		r.req.Position, r.req.Depth, r.req.GroupRef = len(out), depth, group
		out = append(out, r)
		for _, c := range children[r.req.Ref] {
			walk(c, depth+1, group)
		}
	}
	for _, r := range roots {
		walk(r, 0, "")
	}
	d.reportCycles(byRef, seen)
	return out
}

// settle applies the defaults: a requirement with children is a group
// unless it says it is assessable; groups are not assessable unless they
// say so, everything else is.
func settle(r *draftRequirement, hasChildren bool) {
	if !r.kindSet {
		r.req.Kind = defaultKind(hasChildren, r.assessableSet && r.req.Assessable)
	}
	if !r.assessableSet {
		r.req.Assessable = r.req.Kind != isms.KindGroup
	}
}

// defaultKind is the kind of a requirement that does not give one.
func defaultKind(hasChildren, assessable bool) isms.RequirementKind {
	if hasChildren && !assessable {
		return isms.KindGroup
	}
	return isms.KindControl
}

// reportCycles reports the requirements the walk from the roots did not
// reach (their parents form a cycle), once per cycle.
func (d *draft) reportCycles(byRef map[string]*draftRequirement, seen map[string]bool) {
	for _, r := range d.requirements {
		if r.req.ParentRef == r.req.Ref {
			seen[r.req.Ref] = true // reported as its own parent
		}
	}
	for _, r := range d.requirements {
		if r.req.Ref == "" || seen[r.req.Ref] || byRef[r.req.Ref] != r || byRef[r.req.ParentRef] == nil {
			continue
		}
		var chain []string
		at := map[string]bool{}
		x := r
		for x != nil && !at[x.req.Ref] && !seen[x.req.Ref] {
			at[x.req.Ref] = true
			chain = append(chain, x.req.Ref)
			x = byRef[x.req.ParentRef]
		}
		for _, ref := range chain {
			seen[ref] = true
		}
		if x == nil || !at[x.req.Ref] {
			continue // leads into a cycle reported already
		}
		d.add(x.parentAt, "parents form a cycle: %s → %s", strings.Join(cycleFrom(chain, x.req.Ref), " → "), x.req.Ref)
	}
}

// cycleFrom returns the part of chain from ref on.
func cycleFrom(chain []string, ref string) []string {
	for i, c := range chain {
		if c == ref {
			return chain[i:]
		}
	}
	return chain
}

// checkMappings checks the mapping blocks against the requirements and
// returns them with this framework as their source.
func (d *draft) checkMappings(byRef map[string]*draftRequirement) []*MappingFile {
	var out []*MappingFile
	names := map[string]bool{}
	for _, m := range d.mappings {
		m.file.SourceKey = d.meta.Key
		if m.file.Name == "" {
			m.file.Name = d.meta.Name + " → " + m.file.TargetKey
		}
		if names[m.file.Name] {
			d.add(m.at, "two mappings are named %q; give each a different name", m.file.Name)
		}
		names[m.file.Name] = true
		if m.file.TargetKey != "" && !frameworkKey.MatchString(m.file.TargetKey) {
			d.add(m.at, "target %q must be a framework key: lower-case letters, digits, dots and hyphens", m.file.TargetKey)
		}
		for i, e := range m.file.Entries {
			if e.SourceRef != "" && byRef[e.SourceRef] == nil {
				d.add(m.sources[i], "mapping source %q is not a requirement of this file", e.SourceRef)
			}
		}
		checkDuplicateEntries(d, m.file.Entries, m.sources)
		f := m.file
		out = append(out, &f)
	}
	return out
}

// parseRelationship reads a relationship name: "equal", "subset",
// "superset", "intersects", "not-related" (any case; "not related" and
// "not_related" too).
func parseRelationship(s string) (isms.Relationship, bool) {
	s = strings.NewReplacer(" ", "-", "_", "-").Replace(strings.ToLower(strings.TrimSpace(s)))
	r := isms.Relationship(s)
	return r, r.Valid()
}

// relationshipNames lists the relationships for messages.
func relationshipNames() string {
	names := make([]string, len(isms.Relationships))
	for i, r := range isms.Relationships {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// parseStrength reads a mapping strength: empty (0) or 1 to 10.
func parseStrength(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 10
}

// parseYesNo reads a yes/no cell: yes, no, true, false, y, n, 1, 0, x.
func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "x":
		return true, true
	case "no", "n", "false", "0":
		return false, true
	}
	return false, false
}

// splitValues splits "high; low" into trimmed, non-empty, distinct values.
func splitValues(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" && !containsFold(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// containsFold reports whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// clipText shortens s to at most n runes for a message.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// sortedNames returns the keys of m, sorted.
func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
