// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The broken example files of docs/frameworks.md and what reading them
// says; the documentation quotes these messages.
var brokenFiles = map[string]string{
	"broken.yaml": `broken.yaml:2:8: framework key "ACME Supplier" must be lower-case letters, digits, dots and hyphens, starting with a letter or digit (at most 100 characters)
broken.yaml:4:3: unknown key "editon" in framework (expected key, name, edition, publisher, description)
broken.yaml:13:22: attribute priority: value "urgent" is not one of the declared values (high, medium, low)
broken.yaml:14:14: ref "GOV-1" is used twice (first at line 11:14)
broken.yaml:16:22: attribute "owner" is not declared (declared attributes: priority)
broken.yaml:18:13: parent "ACC" of ACC-1 is not a requirement of this file
broken.yaml:20:11: kind "safeguard" must be group, clause, control or enhancement
broken.yaml:24:54: relationship "equivalent" must be one of equal, subset, superset, intersects, not-related
broken.yaml:25:18: mapping source "GOV-9" is not a requirement of this file
broken.yaml:25:71: strength "12" must be a whole number from 1 to 10`,
	"broken-tree.yaml": `broken-tree.yaml:7:13: parents form a cycle: A → C → B → A
broken-tree.yaml:18:17: parent "A" contradicts the nesting under "D" (leave parent: out of nested requirements)
broken-tree.yaml:20:10: requirement E needs a title or a description
broken-tree.yaml:21:17: assessable must be true or false`,
	"broken.csv": `broken.csv:4: column owner: unknown column "owner" (expected ref, parent, kind, title, description, assessable or attr:<name>)
broken.csv:6: column assessable: "perhaps" must be yes or no
broken.csv:6: column attr:priority: attribute priority: value "urgent" is not one of the declared values (high, medium, low)
broken.csv:8: column ref: ref is required
broken.csv:9: column parent: parent "GVO" of GOV-3 is not a requirement of this file`,
}

func TestReadFrameworkReportsEveryProblemOfABrokenFile(t *testing.T) {
	for file, want := range brokenFiles {
		data, err := os.ReadFile(filepath.Join("testdata", "custom", file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ReadFramework(file, data, ReadOptions{})
		checkError(t, file, err, want)
	}
}

func TestReadFrameworkReportsProblemsWhereTheyAre(t *testing.T) {
	const head = "framework: {key: k, name: N}\n"
	cases := map[string]struct{ name, data, want string }{
		"no requirements": {"x.yaml", head, "x.yaml:1:1: has no requirements"},
		"no key or name":  {"x.yaml", "framework: {}\nrequirements: [{ref: R, title: T}]\n", "x.yaml:1:1: framework key is required (for example key: acme-supplier-2025)\nx.yaml:1:1: framework name is required"},
		"top-level key":   {"x.yaml", head + "requirement: []\n", "x.yaml:2:1: unknown key \"requirement\" in the file (expected framework, attributes, requirements, mappings)"},
		"twice":           {"x.yaml", head + "requirements: [{ref: R, title: T, title: U}]\n", `x.yaml:2:35: key "title" appears twice in a requirement (first at line 2)`},
		"not a list":      {"x.yaml", head + "requirements: {ref: R}\n", "x.yaml:2:15: requirements must be a list (items starting with -)"},
		"not text":        {"x.yaml", head + "requirements: [{ref: [R], title: T}]\n", "x.yaml:2:22: ref must be text\nx.yaml:2:22: ref is required"},
		"self parent":     {"x.yaml", head + "requirements: [{ref: R, title: T, parent: R}]\n", `x.yaml:2:43: R cannot be its own parent`},
		"mapping target":  {"x.yaml", head + "requirements: [{ref: R, title: T}]\nmappings: [{entries: [{source: R}]}]\n", "x.yaml:3:12: a mapping needs target: the key of the framework it maps to (for example target: iso27001-2022)\nx.yaml:3:23: a mapping entry needs target: a requirement ref of the other framework\nx.yaml:3:23: a mapping entry needs relationship: one of equal, subset, superset, intersects, not-related"},
		"mapped twice":    {"x.yaml", head + "requirements: [{ref: R, title: T}]\nmappings:\n- target: o\n  entries:\n  - {source: R, target: X, relationship: equal}\n  - {source: R, target: X, relationship: subset}\n", `x.yaml:7:14: R → X is mapped twice (first at line 6:14)`},
		"bare quote":      {"x.csv", "# key: k\n# name: N\nref,title\nR,a \"b\"\n", `x.csv:4:5: bare " in non-quoted-field`},
		"no header":       {"x.csv", "# key: k\n# name: N\n", "x.csv: has no header row (ref,parent,kind,title,description,assessable,attr:<name>…)"},
		"no ref column":   {"x.csv", "# key: k\n# name: N\ntitle,Title\nT,U\n", "x.csv:3: column Title: column \"Title\" appears twice (also column 1)\nx.csv:3: the header has no ref column (ref,parent,kind,title,description,assessable,attr:<name>…)"},
		"meta field":      {"x.csv", "# key: k\n# name: N\n# version: 3\n# Exported on 3 May: by me\nref,title\nR,T\n", `x.csv:3: unknown framework field "version" (expected key, name, edition, publisher, description or attr:<name>)`},
		"extra cell":      {"x.csv", "# key: k\n# name: N\nref,title\nR,T,oops\n", `x.csv:4: column 3: has a value but no column header`},
		"bad kind":        {"x.csv", "# key: k\n# name: N\nref,kind,title\nR,safeguard,T\n", `x.csv:4: column kind: kind "safeguard" must be group, clause, control or enhancement`},
	}
	for name, c := range cases {
		_, err := ReadFramework(c.name, []byte(c.data), ReadOptions{})
		checkError(t, name, err, c.want)
	}
}

func TestReadFrameworkReadsSemicolonSeparatedCSV(t *testing.T) {
	data := "\xef\xbb\xbf# key: k;;;\n# name: Semicolons, commas;;;\nref;parent;title;attr:tag\nG;;Group;\nR;G;Rule, with comma;\"a; b\"\n"
	fw, err := ReadFramework("excel.csv", []byte(data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := fw.Requirements[1]
	if fw.Meta.Key != "k" || fw.Meta.Name != "Semicolons, commas" || r.Title != "Rule, with comma" || strings.Join(r.Attributes["tag"], "|") != "a|b" {
		t.Errorf("read %+v %+v", fw.Meta, r)
	}
}

func TestReadFrameworkNamesTheCellOfAWorkbook(t *testing.T) {
	book := workbook(t, map[string][][]string{
		"requirements": {{"ref", "parent", "kind", "title"}, {"G", "", "", "Group"}, {"R", "G", "safeguard", "Rule"}, {"S", "X", "", "Stray"}},
	}, "requirements")
	_, err := ReadFramework("x.xlsx", book, ReadOptions{})
	checkError(t, "workbook", err, `x.xlsx: sheet requirements cell C3: kind "safeguard" must be group, clause, control or enhancement
x.xlsx: sheet framework: framework key is required (for example key: acme-supplier-2025)
x.xlsx: sheet framework: framework name is required
x.xlsx: sheet requirements cell B4: parent "X" of S is not a requirement of this file`)
	book = workbook(t, map[string][][]string{
		"framework":    {{"key", "k"}, {"name", "N"}, {"version", "3"}},
		"requirements": {{"ref", "title"}, {"R", "T"}},
	}, "requirements", "framework")
	_, err = ReadFramework("y.xlsx", book, ReadOptions{})
	checkError(t, "metadata", err, `y.xlsx: sheet framework cell A3: unknown framework field "version" (expected key, name, edition, publisher, description or attr:<name>)`)
}

func TestReadFrameworkBoundsNesting(t *testing.T) {
	var b strings.Builder
	b.WriteString("framework: {key: k, name: N}\nrequirements:\n")
	for i := 0; i < maxTreeDepth+5; i++ {
		b.WriteString(strings.Repeat("  ", i) + "  - ref: R" + strings.Repeat("x", i) + "\n")
		b.WriteString(strings.Repeat("  ", i) + "    title: T\n")
		b.WriteString(strings.Repeat("  ", i) + "    children:\n")
	}
	_, err := ReadFramework("deep.yaml", []byte(b.String()), ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "requirements are nested deeper than 50 levels") {
		t.Errorf("deep nesting: %v", err)
	}
	b.Reset()
	b.WriteString("# key: k\n# name: N\nref,parent,title\nR0,,T\n")
	for i := 1; i < maxTreeDepth+5; i++ {
		b.WriteString("R" + strconv.Itoa(i) + ",R" + strconv.Itoa(i-1) + ",T\n")
	}
	_, err = ReadFramework("deep.csv", []byte(b.String()), ReadOptions{})
	checkError(t, "deep CSV", err, "deep.csv:54: column ref: R50 is nested deeper than 50 levels")
}

func TestTheFrameworkDocumentationQuotesTheTestFiles(t *testing.T) {
	doc, err := os.ReadFile("../../docs/frameworks.md")
	if err != nil {
		t.Skipf("documentation not found: %v", err)
	}
	quoted := []string{}
	for _, file := range []string{"example.yaml", "example.csv", "example-mapping.yaml", "example-mapping.csv", "broken.yaml", "broken-tree.yaml", "broken.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "custom", file))
		if err != nil {
			t.Fatal(err)
		}
		quoted = append(quoted, strings.TrimRight(string(data), "\n"))
	}
	for _, msg := range brokenFiles {
		quoted = append(quoted, msg)
	}
	for _, q := range quoted {
		if !strings.Contains(string(doc), q) {
			t.Errorf("docs/frameworks.md does not quote:\n%s", q)
		}
	}
}
