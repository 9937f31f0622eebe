// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"regexp"
	"strings"
)

// A requirement's description is plain text: the prose of a control's
// statement (its items one per line, each with its label), parameters
// rendered as their value, their choices ("[Selection (one or more): a;
// b]") or their label ("[Assignment: organization-defined frequency]"),
// and Markdown marks removed.

// insertParam matches a parameter placeholder in OSCAL prose.
var insertParam = regexp.MustCompile(`\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}`)

// markdownLink matches [text](href); markdownMarks matches emphasis,
// code and sub/superscript marks around a word.
var (
	markdownLink  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	markdownMarks = regexp.MustCompile("(\\*\\*|\\*|`|~|\\^)([^*`~^\\s](?:[^*`~^]*[^*`~^\\s])?)(\\*\\*|\\*|`|~|\\^)")
)

// plainText removes Markdown marks from markup and trims it.
func plainText(s string) string {
	s = markdownLink.ReplaceAllString(s, "$1")
	s = markdownMarks.ReplaceAllStringFunc(s, func(m string) string {
		sub := markdownMarks.FindStringSubmatch(m)
		if sub[1] != sub[3] {
			return m
		}
		return sub[2]
	})
	return strings.TrimSpace(s)
}

// partText flattens the first part with one of the names, in the order
// of names.
func (x *oscalConverter) partText(parts []Part, names ...string) string {
	for _, name := range names {
		for i := range parts {
			if parts[i].Name == name {
				var lines []string
				x.flatten(&parts[i], &lines, 0)
				return strings.Join(lines, "\n")
			}
		}
	}
	return ""
}

// flatten appends a part's prose, prefixed by its label, and that of its
// sub-parts (items) to lines.
func (x *oscalConverter) flatten(p *Part, lines *[]string, depth int) {
	if depth > maxNesting {
		return
	}
	text := plainText(x.renderParams(p.Prose, 0))
	if label := propValueRaw(p.Props, "label"); label != "" {
		text = strings.TrimSpace(label + " " + text)
	}
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			*lines = append(*lines, line)
		}
	}
	for i := range p.Parts {
		if p.Parts[i].Name == "item" || p.Parts[i].Name == p.Name {
			x.flatten(&p.Parts[i], lines, depth+1)
		}
	}
}

// propValueRaw returns the value of an OSCAL property as it is, or "".
func propValueRaw(props []Prop, name string) string {
	for _, p := range props {
		if p.Name == name && isOSCALNS(p.NS) {
			return strings.TrimSpace(p.Value)
		}
	}
	return ""
}

// renderParams replaces parameter placeholders in prose.
func (x *oscalConverter) renderParams(prose string, depth int) string {
	if !strings.Contains(prose, "{{") {
		return prose
	}
	return insertParam.ReplaceAllStringFunc(prose, func(m string) string {
		id := insertParam.FindStringSubmatch(m)[1]
		return x.renderParam(id, depth)
	})
}

// renderParam renders one parameter: its values, its choices or its
// label. Choices may hold further parameters; depth bounds the nesting.
func (x *oscalConverter) renderParam(id string, depth int) string {
	p := x.params[id]
	switch {
	case p == nil || depth > 10:
		return "[Assignment: " + id + "]"
	case len(p.Values) > 0:
		return strings.Join(p.Values, ", ")
	case p.Select != nil:
		choices := make([]string, len(p.Select.Choice))
		for i, c := range p.Select.Choice {
			choices[i] = x.renderParams(c, depth+1)
		}
		how := "Selection"
		if p.Select.HowMany == "one-or-more" {
			how = "Selection (one or more)"
		}
		return "[" + how + ": " + strings.Join(choices, "; ") + "]"
	case p.Label != "":
		return "[Assignment: " + x.renderParams(p.Label, depth+1) + "]"
	}
	return "[Assignment: " + id + "]"
}
