// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ismsproject/isms/internal/isms"
)

// readCustomYAML reads a framework in the custom YAML format from its
// parsed document (whose top level has a framework: key).
func readCustomYAML(name string, root *yaml.Node, size int, key string) (*Framework, error) {
	y := &yamlReader{d: newDraft(name), budget: size + 1000}
	y.document(root)
	fw, err := y.d.build(key)
	if err != nil {
		return nil, err
	}
	fw.Meta.Source = isms.SourceYAML
	return fw, nil
}

// yamlReader walks a custom YAML document into a draft. budget bounds the
// nodes it visits, so aliases cannot make a small file expand without end.
type yamlReader struct {
	d       *draft
	budget  int
	stopped bool
}

// yamlField is one key and value of a YAML mapping.
type yamlField struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

func nodeAt(n *yaml.Node) place { return place{line: n.Line, col: n.Column} }

// resolve follows an alias and counts the node against the budget.
func (y *yamlReader) resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if y.budget--; y.budget < 0 && !y.stopped {
		y.stopped = true
		y.d.add(nodeAt(n), "the file repeats too much through aliases (&anchor / *alias)")
	}
	return n
}

// fields returns the keys and values of the mapping n, reporting keys
// that are not in known and keys given twice. what names n in messages.
func (y *yamlReader) fields(n *yaml.Node, what string, known ...string) []yamlField {
	n = y.resolve(n)
	if n.Kind != yaml.MappingNode {
		if n.ShortTag() != "!!null" {
			y.d.add(nodeAt(n), "%s must be a mapping of keys to values", what)
		}
		return nil
	}
	out := make([]yamlField, 0, len(n.Content)/2)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content) && !y.stopped; i += 2 {
		k, v := y.resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			y.d.add(nodeAt(k), "keys of %s must be plain text", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			y.d.add(nodeAt(k), "key %q appears twice in %s (first at line %d)", k.Value, what, first.Line)
			continue
		}
		seen[k.Value] = k
		if known != nil && !slices.Contains(known, k.Value) {
			y.d.add(nodeAt(k), "unknown key %q in %s (expected %s)", k.Value, what, strings.Join(known, ", "))
			continue
		}
		out = append(out, yamlField{key: k.Value, k: k, v: v})
	}
	return out
}

// text reads a scalar as trimmed text; null is "".
func (y *yamlReader) text(n *yaml.Node, what string) string {
	n = y.resolve(n)
	if n.Kind != yaml.ScalarNode {
		y.d.add(nodeAt(n), "%s must be text", what)
		return ""
	}
	if n.ShortTag() == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// values reads a list of text values: a sequence, or one value (which may
// separate several with ";").
func (y *yamlReader) values(n *yaml.Node, what string) []string {
	n = y.resolve(n)
	if n.Kind == yaml.ScalarNode {
		if n.ShortTag() == "!!null" {
			return nil
		}
		return splitValues(n.Value)
	}
	if n.Kind != yaml.SequenceNode {
		y.d.add(nodeAt(n), "%s must be a list of values", what)
		return nil
	}
	var out []string
	for _, item := range n.Content {
		if v := y.text(item, what); v != "" && !containsFold(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// sequence returns the items of a sequence; null is empty.
func (y *yamlReader) sequence(n *yaml.Node, what string) []*yaml.Node {
	n = y.resolve(n)
	if n.Kind == yaml.SequenceNode {
		return n.Content
	}
	if n.ShortTag() != "!!null" {
		y.d.add(nodeAt(n), "%s must be a list (items starting with -)", what)
	}
	return nil
}

// document reads the top level.
func (y *yamlReader) document(root *yaml.Node) {
	top := root
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	y.d.at = place{line: 1, col: 1}
	for _, f := range y.fields(top, "the file", "framework", "attributes", "requirements", "mappings") {
		switch f.key {
		case "framework":
			y.d.at = nodeAt(f.k)
			y.framework(f.v)
		case "attributes":
			y.attributes(f.v)
		case "requirements":
			for _, item := range y.sequence(f.v, "requirements") {
				y.requirement(item, "", 0)
			}
		case "mappings":
			for _, item := range y.sequence(f.v, "mappings") {
				y.mapping(item)
			}
		}
	}
}

// framework reads the framework: block.
func (y *yamlReader) framework(n *yaml.Node) {
	m := &y.d.meta
	for _, f := range y.fields(n, "framework", "key", "name", "edition", "publisher", "description") {
		v := y.text(f.v, "framework "+f.key)
		y.d.metaAt[f.key] = nodeAt(f.v)
		switch f.key {
		case "key":
			m.Key = v
		case "name":
			m.Name = v
		case "edition":
			m.Edition = v
		case "publisher":
			m.Publisher = v
		case "description":
			m.Description = v
		}
	}
}

// attributes reads the attributes: block: names and their allowed values.
func (y *yamlReader) attributes(n *yaml.Node) {
	y.d.declaredSet = true
	y.d.declared = map[string][]string{}
	for _, f := range y.fields(n, "attributes") {
		if !attributeName.MatchString(f.key) || len(f.key) > 64 {
			y.d.add(nodeAt(f.k), "attribute name %q must be letters, digits, '_', '.' and '-' (at most 64 characters)", f.key)
		}
		y.d.declared[f.key] = y.values(f.v, "values of attribute "+f.key)
	}
}

// requirementKeys are the keys of a requirement.
var requirementKeys = []string{"ref", "title", "description", "kind", "assessable", "attributes", "parent", "children"}

// requirement reads one requirement and, depth-first, its children.
func (y *yamlReader) requirement(n *yaml.Node, parent string, depth int) {
	if y.stopped {
		return
	}
	if len(y.d.requirements) >= maxCustomRows {
		y.d.add(nodeAt(n), "the file has more than %d requirements", maxCustomRows)
		y.stopped = true
		return
	}
	r := &draftRequirement{at: nodeAt(n), parentAt: nodeAt(n), attrAt: map[string]place{}}
	r.req.ParentRef = parent
	y.d.requirements = append(y.d.requirements, r)
	var children *yaml.Node
	for _, f := range y.fields(n, "a requirement", requirementKeys...) {
		switch f.key {
		case "ref":
			r.req.Ref, r.at = y.text(f.v, "ref"), nodeAt(f.v)
		case "title":
			r.req.Title = y.text(f.v, "title")
		case "description":
			r.req.Description = y.text(f.v, "description")
		case "kind":
			r.req.Kind, r.kindSet = y.kind(f.v)
		case "assessable":
			r.req.Assessable, r.assessableSet = y.boolean(f.v, "assessable"), true
		case "attributes":
			r.req.Attributes = y.requirementAttributes(f.v, r)
		case "parent":
			y.parent(f.v, r, parent)
		case "children":
			children = f.v
		}
	}
	if children == nil {
		return
	}
	if depth+1 >= maxTreeDepth {
		y.d.add(nodeAt(children), "requirements are nested deeper than %d levels", maxTreeDepth)
		return
	}
	for _, c := range y.sequence(children, "children") {
		y.requirement(c, r.req.Ref, depth+1)
	}
}

// parent reads a requirement's parent: key, which must agree with where
// the requirement is nested.
func (y *yamlReader) parent(n *yaml.Node, r *draftRequirement, nestedUnder string) {
	p := y.text(n, "parent")
	r.parentAt = nodeAt(n)
	if nestedUnder != "" && p != nestedUnder {
		y.d.add(nodeAt(n), "parent %q contradicts the nesting under %q (leave parent: out of nested requirements)", p, nestedUnder)
		return
	}
	r.req.ParentRef = p
}

// kind reads a requirement's kind; ok is false when it is none.
func (y *yamlReader) kind(n *yaml.Node) (isms.RequirementKind, bool) {
	v := y.text(n, "kind")
	k := isms.RequirementKind(strings.ToLower(v))
	if !k.Valid() {
		y.d.add(nodeAt(n), "kind %q must be group, clause, control or enhancement", v)
		return "", false
	}
	return k, true
}

// boolean reads true or false (yes and no too).
func (y *yamlReader) boolean(n *yaml.Node, what string) bool {
	n = y.resolve(n)
	if n.Kind == yaml.ScalarNode {
		if b, ok := parseYesNo(n.Value); ok {
			return b
		}
	}
	y.d.add(nodeAt(n), "%s must be true or false", what)
	return false
}

// requirementAttributes reads a requirement's attributes: names to values.
func (y *yamlReader) requirementAttributes(n *yaml.Node, r *draftRequirement) isms.Attributes {
	var out isms.Attributes
	for _, f := range y.fields(n, "attributes") {
		vs := y.values(f.v, "attribute "+f.key)
		r.attrAt[f.key] = nodeAt(f.k)
		if len(vs) == 0 {
			continue
		}
		if out == nil {
			out = isms.Attributes{}
		}
		out[f.key] = vs
	}
	return out
}

// mapping reads one block of mappings: to another framework.
func (y *yamlReader) mapping(n *yaml.Node) {
	m := &draftMapping{file: MappingFile{Origin: isms.MappingImported}, at: nodeAt(n)}
	targetSet := false
	for _, f := range y.fields(n, "a mapping", "target", "name", "description", "entries") {
		switch f.key {
		case "target":
			m.file.TargetKey, targetSet = y.text(f.v, "target"), true
		case "name":
			m.file.Name = y.text(f.v, "name")
		case "description":
			m.file.Description = y.text(f.v, "description")
		case "entries":
			for _, e := range y.sequence(f.v, "entries") {
				entry, src := y.entry(e)
				m.file.Entries = append(m.file.Entries, entry)
				m.sources = append(m.sources, src)
			}
		}
	}
	if !targetSet || m.file.TargetKey == "" {
		y.d.add(nodeAt(n), "a mapping needs target: the key of the framework it maps to (for example target: iso27001-2022)")
	}
	y.d.mappings = append(y.d.mappings, m)
}

// entry reads one mapping entry and where its source ref was written.
func (y *yamlReader) entry(n *yaml.Node) (MappingEntry, place) {
	e := MappingEntry{Line: y.resolve(n).Line}
	src := nodeAt(n)
	relSet := false
	for _, f := range y.fields(n, "a mapping entry", "source", "target", "relationship", "strength", "rationale") {
		v := y.text(f.v, f.key)
		switch f.key {
		case "source":
			e.SourceRef, src = v, nodeAt(f.v)
		case "target":
			e.TargetRef = v
		case "relationship":
			relSet = true
			rel, ok := parseRelationship(v)
			if !ok {
				y.d.add(nodeAt(f.v), "relationship %q must be one of %s", v, relationshipNames())
			}
			e.Relationship = rel
		case "strength":
			s, ok := parseStrength(v)
			if !ok {
				y.d.add(nodeAt(f.v), "strength %q must be a whole number from 1 to 10", v)
			}
			e.Strength = s
		case "rationale":
			e.Rationale = v
		}
	}
	y.entryRequired(n, &e, relSet)
	return e, src
}

// entryRequired reports the missing fields of a mapping entry.
func (y *yamlReader) entryRequired(n *yaml.Node, e *MappingEntry, relSet bool) {
	if e.SourceRef == "" {
		y.d.add(nodeAt(n), "a mapping entry needs source: a requirement ref")
	}
	if e.TargetRef == "" {
		y.d.add(nodeAt(n), "a mapping entry needs target: a requirement ref of the other framework")
	}
	if !relSet {
		y.d.add(nodeAt(n), "a mapping entry needs relationship: one of %s", relationshipNames())
	}
}
