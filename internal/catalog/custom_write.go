// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ismsproject/isms/internal/isms"
)

// WriteFrameworkYAML writes fw in the custom YAML format: the requirement
// tree nested through children:, kinds and assessability only where they
// differ from the defaults, and the mappings fw carries. ReadFramework
// reads it back as the same framework.
func WriteFrameworkYAML(w io.Writer, fw *Framework) error {
	root := yamlMap()
	root.HeadComment = "Framework in the isms custom format (see docs/frameworks.md)."
	meta := yamlMap()
	addText(meta, "key", fw.Meta.Key, true)
	addText(meta, "name", fw.Meta.Name, true)
	addText(meta, "edition", fw.Meta.Edition, false)
	addText(meta, "publisher", fw.Meta.Publisher, false)
	addText(meta, "description", fw.Meta.Description, false)
	addNode(root, "framework", meta)
	children := childrenOf(fw.Requirements)
	reqs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range children[""] {
		reqs.Content = append(reqs.Content, requirementNode(r, children, ""))
	}
	addNode(root, "requirements", reqs)
	if len(fw.Mappings) > 0 {
		ms := &yaml.Node{Kind: yaml.SequenceNode}
		for _, m := range fw.Mappings {
			ms.Content = append(ms.Content, mappingNode(m))
		}
		addNode(root, "mappings", ms)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return fmt.Errorf("write framework YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write framework YAML: %w", err)
	}
	return nil
}

// childrenOf groups requirements by parent reference, in order; top-level
// ones (and those whose parent is missing) are under "".
func childrenOf(rs []isms.Requirement) map[string][]*isms.Requirement {
	refs := make(map[string]bool, len(rs))
	for i := range rs {
		refs[rs[i].Ref] = true
	}
	out := map[string][]*isms.Requirement{}
	for i := range rs {
		p := rs[i].ParentRef
		if !refs[p] || p == rs[i].Ref {
			p = ""
		}
		out[p] = append(out[p], &rs[i])
	}
	return out
}

// requirementNode writes one requirement and its children. A requirement
// whose parent is not in the framework keeps its parent: key.
func requirementNode(r *isms.Requirement, children map[string][]*isms.Requirement, parent string) *yaml.Node {
	n := yamlMap()
	addText(n, "ref", r.Ref, true)
	addText(n, "title", r.Title, false)
	kids := children[r.Ref]
	writeAssessable := r.Assessable != (r.Kind != isms.KindGroup)
	if r.Kind != defaultKind(len(kids) > 0, writeAssessable && r.Assessable) {
		addText(n, "kind", string(r.Kind), true)
	}
	if writeAssessable {
		addNode(n, "assessable", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(r.Assessable)})
	}
	if r.ParentRef != parent && r.ParentRef != "" {
		addText(n, "parent", r.ParentRef, true)
	}
	addText(n, "description", r.Description, false)
	if len(r.Attributes) > 0 {
		attrs := yamlMap()
		attrs.Style = yaml.FlowStyle
		for _, name := range r.Attributes.Names() {
			vs := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, v := range r.Attributes[name] {
				vs.Content = append(vs.Content, yamlText(v))
			}
			addNode(attrs, name, vs)
		}
		addNode(n, "attributes", attrs)
	}
	if len(kids) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, c := range kids {
			seq.Content = append(seq.Content, requirementNode(c, children, r.Ref))
		}
		addNode(n, "children", seq)
	}
	return n
}

// mappingNode writes a mapping block.
func mappingNode(m *MappingFile) *yaml.Node {
	n := yamlMap()
	addText(n, "target", m.TargetKey, true)
	addText(n, "name", m.Name, false)
	addText(n, "description", m.Description, false)
	entries := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range m.Entries {
		en := yamlMap()
		en.Style = yaml.FlowStyle
		addText(en, "source", e.SourceRef, true)
		addText(en, "target", e.TargetRef, true)
		addText(en, "relationship", string(e.Relationship), true)
		if e.Strength != 0 {
			addNode(en, "strength", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(e.Strength)})
		}
		addText(en, "rationale", e.Rationale, false)
		entries.Content = append(entries.Content, en)
	}
	addNode(n, "entries", entries)
	return n
}

func yamlMap() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

// yamlText is a text scalar; several lines are written as a literal block.
func yamlText(v string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if strings.Contains(v, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// addText adds key: v to the mapping n, unless v is empty and not required.
func addText(n *yaml.Node, key, v string, required bool) {
	if v != "" || required {
		addNode(n, key, yamlText(v))
	}
}

func addNode(n *yaml.Node, key string, v *yaml.Node) {
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// WriteFrameworkCSV writes fw in the custom CSV format: "# key: value"
// rows with the framework's fields, the header
// ref,parent,kind,title,description,assessable,attr:<name>… and one row per
// requirement. CSV holds no mappings; attribute values are separated by
// ";", so a value containing ";" cannot be written.
func WriteFrameworkCSV(w io.Writer, fw *Framework) error {
	names := attributeNames(fw.Requirements)
	bw := bufio.NewWriter(w)
	for _, f := range [][2]string{{"key", fw.Meta.Key}, {"name", fw.Meta.Name}, {"edition", fw.Meta.Edition},
		{"publisher", fw.Meta.Publisher}, {"description", fw.Meta.Description}} {
		if f[1] != "" {
			bw.WriteString(csvMetaLine("# " + f[0] + ": " + f[1]))
		}
	}
	cw := csv.NewWriter(bw)
	header := append([]string{}, columnNames...)
	for _, n := range names {
		header = append(header, "attr:"+n)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write framework CSV: %w", err)
	}
	for i := range fw.Requirements {
		row, err := csvRow(&fw.Requirements[i], names)
		if err != nil {
			return err
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write framework CSV: %w", err)
		}
	}
	if cw.Flush(); cw.Error() != nil {
		return fmt.Errorf("write framework CSV: %w", cw.Error())
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write framework CSV: %w", err)
	}
	return nil
}

// csvMetaLine writes a "# key: value" row, quoted when the value holds a
// separator, a quote or a line break, or ends in a way a spreadsheet
// might trim.
func csvMetaLine(s string) string {
	if strings.ContainsAny(s, "\",;\t\r\n") || strings.TrimSpace(s) != s {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + "\"\n"
	}
	return s + "\n"
}

// csvRow is a requirement's CSV row.
func csvRow(r *isms.Requirement, names []string) ([]string, error) {
	assessable := "no"
	if r.Assessable {
		assessable = "yes"
	}
	row := []string{r.Ref, r.ParentRef, string(r.Kind), r.Title, r.Description, assessable}
	for _, n := range names {
		for _, v := range r.Attributes[n] {
			if strings.Contains(v, ";") {
				return nil, fmt.Errorf("write framework CSV: %s: attribute %s value %q contains \";\", which CSV uses between values; export the framework as YAML", r.Ref, n, v)
			}
		}
		row = append(row, strings.Join(r.Attributes[n], "; "))
	}
	return row, nil
}

// attributeNames returns every attribute name the requirements use, sorted.
func attributeNames(rs []isms.Requirement) []string {
	seen := map[string]bool{}
	for i := range rs {
		for n := range rs[i].Attributes {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
