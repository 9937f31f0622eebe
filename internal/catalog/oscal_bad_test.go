// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// Broken documents and the exact message each gets: the file, where
// (line:column for YAML and XML, the JSON path of the value) and what.
var badDocuments = []struct {
	name, doc, want string
}{
	// JSON
	{"syntax.json", `{"catalog": {"uuid": "x",}}`,
		`syntax.json:1:26: invalid JSON: invalid character '}' looking for beginning of object key string`},
	{"truncated.json", "{\"catalog\": {\n  \"uuid\": ",
		`truncated.json:2:11: invalid JSON: unexpected end of the document`},
	{"trailing.json", `{"catalog": {}} {}`,
		`trailing.json:1:18: invalid JSON: unexpected content after the end of the document`},
	{"other.json", `{"foo": {}}`,
		`other.json: at /: is not an OSCAL catalog or profile: expected "catalog" or "profile" at the top, found "foo"`},
	{"ssp.json", `{"system-security-plan": {}}`,
		`ssp.json: at /system-security-plan: is an OSCAL system security plan, not a catalog or profile`},
	{"version.json", `{"catalog": {"uuid": "a0000000-0000-4000-8000-000000000001", "metadata": {"title": "T", "last-modified": "2024-01-01T00:00:00Z", "version": "1", "oscal-version": "2.0.0"}}}`,
		`version.json: at /catalog/metadata/oscal-version: OSCAL version "2.0.0" is not supported (supported: 1.0.x, 1.1.x, 1.2.x)`},
	{"schema.json", `{"catalog": {"uuid": "a0000000-0000-4000-8000-000000000001",
  "metadata": {"title": "T", "last-modified": "yesterday", "version": 1, "oscal-version": "1.1.3"},
  "controls": [{"id": "ac 1", "titel": "Access"}]}}`,
		`schema.json: at /catalog/controls/0: missing required "title"
schema.json: at /catalog/controls/0: unknown field "titel"
schema.json: at /catalog/controls/0/id: "ac 1" is not a token (a letter or '_' followed by letters, digits, '.', '-' or '_')
schema.json: at /catalog/metadata/last-modified: "yesterday" is not a date and time with a time zone (such as 2024-01-31T12:00:00Z)
schema.json: at /catalog/metadata/version: must be a string, not a number`},
	{"empty.json", ``, `empty.json: is empty`},

	// YAML
	{"syntax.yaml", "catalog:\n  uuid: a\n   metadata: x\n",
		`syntax.yaml:3: invalid YAML: mapping values are not allowed in this context`},
	{"dup.yaml", "catalog:\n  uuid: a\n  uuid: b\n",
		`dup.yaml:3:3: at /catalog: key "uuid" appears more than once`},
	{"schema.yaml", `catalog:
  uuid: a0000000-0000-4000-8000-000000000001
  metadata:
    title: T
    last-modified: 2024-01-01T00:00:00Z
    version: 1.0
    oscal-version: 1.1.3
  groups:
    - title: Access control
      controls:
        - id: ac-1
          params:
            - id: ac-1_prm_1
              select: {how-many: several}
`,
		`schema.yaml:11:11: at /catalog/groups/0/controls/0: missing required "title"
schema.yaml:14:34: at /catalog/groups/0/controls/0/params/0/select/how-many: "several" is not one of "one", "one-or-more"`},

	// XML
	{"syntax.xml", `<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0"><metadata></catalog>`,
		`syntax.xml:1: invalid XML: element <metadata> closed by </catalog>`},
	{"unknown.xml", xmlCatalog(`<control id="a1"><title>A1</title><foo/></control>`),
		`unknown.xml:5:35: at /catalog/controls/0: unknown element <foo> in <control>`},
	{"misplaced.xml", xmlCatalog(`<control id="a1"><title>A1</title>
  <part name="statement"><p>Do.</p></part>
  <prop name="label" value="A-1"/>
</control>`),
		`misplaced.xml:7:3: at /catalog/controls/0: element <prop> is misplaced in <control>: it must come before <part>`},
	{"attribute.xml", xmlCatalog(`<control id="a1" status="new"><title>A1</title></control>`),
		`attribute.xml:5:1: at /catalog/controls/0: unknown attribute "status" on <control>`},
	{"twice.xml", xmlCatalog(`<control id="a1"><title>A1</title><title>A2</title></control>`),
		`twice.xml:5:35: at /catalog/controls/0: element <title> may appear only once here`},
	{"text.xml", xmlCatalog(`<control id="a1"><title>A1</title>loose text</control>`),
		`text.xml:5:35: at /catalog/controls/0: text is not allowed directly in <control>`},
	{"markup.xml", xmlCatalog(`<control id="a1"><title>A1</title><part name="statement"><p>Do <blink>it</blink>.</p></part></control>`),
		`markup.xml:5:64: at /catalog/controls/0/parts/0: element <blink> is not allowed in text`},
	{"token.xml", xmlCatalog(`<control id="a 1"><title>A1</title></control>`),
		`token.xml:5:1: at /catalog/controls/0/id: "a 1" is not a token (a letter or '_' followed by letters, digits, '.', '-' or '_')`},
	{"required.xml", xmlCatalog(`<group><control id="a1"/></group>`),
		`required.xml:5:1: at /catalog/groups/0: missing required "title"
required.xml:5:8: at /catalog/groups/0/controls/0: missing required "title"`},
	{"namespace.xml", `<catalog uuid="a0000000-0000-4000-8000-000000000001"/>`,
		`namespace.xml:1:1: root element <catalog> is not in the OSCAL namespace http://csrc.nist.gov/ns/oscal/1.0`},
	{"doctype.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE catalog [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<catalog/>",
		`doctype.xml:2:1: DOCTYPE and other declarations are not allowed in OSCAL XML`},
	{"boolean.xml", `<profile xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="a0000000-0000-4000-8000-000000000001">
<metadata><title>T</title><last-modified>2024-01-01T00:00:00Z</last-modified><version>1</version><oscal-version>1.0.0</oscal-version></metadata>
<import href="c.xml"><include-all/></import>
<merge><as-is>yes</as-is></merge>
</profile>`,
		`boolean.xml:4:8: at /profile/merge/as-is: <as-is> must be true or false, not "yes"`},
}

// xmlCatalog wraps content in a valid XML catalog whose metadata ends on
// line 4, so that content starts on line 5.
func xmlCatalog(content string) string {
	return `<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="a0000000-0000-4000-8000-000000000001">
<metadata><title>T</title><last-modified>2024-01-01T00:00:00Z</last-modified>
<version>1</version><oscal-version>1.0.0</oscal-version>
</metadata>
` + content + "\n</catalog>"
}

func TestReadBadDocuments(t *testing.T) {
	for _, tc := range badDocuments {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read(tc.name, []byte(tc.doc))
			if err == nil {
				t.Fatalf("read without error: %+v", doc)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tc.want)
			}
			if isms.ErrorCode(err) != isms.Invalid {
				t.Errorf("code = %s, want invalid", isms.ErrorCode(err))
			}
			if !strings.HasPrefix(isms.ErrorMessage(err), tc.name) {
				t.Errorf("user message %q does not name the file", isms.ErrorMessage(err))
			}
		})
	}
}

// TestReadManyProblems checks that a document with many problems gets a
// bounded message.
func TestReadManyProblems(t *testing.T) {
	var controls []string
	for range 30 {
		controls = append(controls, `{"id": "x y", "title": "T"}`)
	}
	doc := `{"catalog": {"uuid": "a0000000-0000-4000-8000-000000000001",
  "metadata": {"title": "T", "last-modified": "2024-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.3"},
  "controls": [` + strings.Join(controls, ",") + `]}}`
	_, err := Read("many.json", []byte(doc))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxProblems+1 || lines[maxProblems] != "(and 10 more problems)" {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}
