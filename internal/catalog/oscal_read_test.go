// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// The same catalog in the three formats.
const (
	formatsJSON = `{"catalog": {"uuid": "a0000000-0000-4000-8000-000000000001",
  "metadata": {"title": "Formats", "last-modified": "2024-01-01T00:00:00Z", "version": "1.0", "oscal-version": "1.1.3",
    "roles": [{"id": "creator", "title": "Creator"}]},
  "groups": [{"id": "g", "title": "Group", "controls": [
    {"id": "c-1", "title": "Control *one*",
     "params": [{"id": "c-1_prm_1", "label": "period", "select": {"how-many": "one", "choice": ["daily", "{{ insert: param, c-1_prm_2 }}"]}},
                {"id": "c-1_prm_2", "label": "other period", "guidelines": [{"prose": "Pick a period."}]}],
     "props": [{"name": "label", "value": "C-1"}],
     "links": [{"href": "#b0000000-0000-4000-8000-000000000001", "rel": "reference"}],
     "parts": [{"id": "c-1_smt", "name": "statement",
       "prose": "Do **this** {{ insert: param, c-1_prm_1 }}, see [the guide](#b0000000-0000-4000-8000-000000000001).\n\n- first\n- second",
       "parts": [{"id": "c-1_smt.a", "name": "item", "prose": "Item a."}]}]}]}],
  "back-matter": {"resources": [{"uuid": "b0000000-0000-4000-8000-000000000001", "title": "Guide",
    "rlinks": [{"href": "https://example.org/guide.pdf"}], "base64": {"filename": "guide.txt", "value": "aGVsbG8="}}]}
}}`
	formatsYAML = `catalog:
  uuid: a0000000-0000-4000-8000-000000000001
  metadata:
    title: Formats
    last-modified: "2024-01-01T00:00:00Z"
    version: 1.0
    oscal-version: 1.1.3
    roles:
      - {id: creator, title: Creator}
  groups:
    - id: g
      title: Group
      controls:
        - id: c-1
          title: Control *one*
          params:
            - id: c-1_prm_1
              label: period
              select:
                how-many: one
                choice: [daily, "{{ insert: param, c-1_prm_2 }}"]
            - id: c-1_prm_2
              label: other period
              guidelines:
                - prose: Pick a period.
          props:
            - {name: label, value: C-1}
          links:
            - {href: "#b0000000-0000-4000-8000-000000000001", rel: reference}
          parts:
            - id: c-1_smt
              name: statement
              prose: |-
                Do **this** {{ insert: param, c-1_prm_1 }}, see [the guide](#b0000000-0000-4000-8000-000000000001).

                - first
                - second
              parts:
                - {id: c-1_smt.a, name: item, prose: Item a.}
  back-matter:
    resources:
      - uuid: b0000000-0000-4000-8000-000000000001
        title: Guide
        rlinks:
          - href: https://example.org/guide.pdf
        base64: {filename: guide.txt, value: aGVsbG8=}
`
	formatsXML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A comment -->
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="a0000000-0000-4000-8000-000000000001">
  <metadata>
    <title>Formats</title>
    <last-modified>2024-01-01T00:00:00Z</last-modified>
    <version>1.0</version>
    <oscal-version>1.1.3</oscal-version>
    <role id="creator"><title>Creator</title></role>
  </metadata>
  <group id="g">
    <title>Group</title>
    <control id="c-1">
      <title>Control <em>one</em></title>
      <param id="c-1_prm_1">
        <label>period</label>
        <select how-many="one"><choice>daily</choice><choice><insert type="param" id-ref="c-1_prm_2"/></choice></select>
      </param>
      <param id="c-1_prm_2">
        <label>other period</label>
        <guideline><p>Pick a period.</p></guideline>
      </param>
      <prop name="label" value="C-1"/>
      <link href="#b0000000-0000-4000-8000-000000000001" rel="reference"/>
      <part id="c-1_smt" name="statement">
        <p>Do <strong>this</strong>
           <insert type="param" id-ref="c-1_prm_1"/>, see <a href="#b0000000-0000-4000-8000-000000000001">the guide</a>.</p>
        <ul><li>first</li><li>second</li></ul>
        <part id="c-1_smt.a" name="item"><p>Item a.</p></part>
      </part>
    </control>
  </group>
  <back-matter>
    <resource uuid="b0000000-0000-4000-8000-000000000001">
      <title>Guide</title>
      <rlink href="https://example.org/guide.pdf"/>
      <base64 filename="guide.txt">aGVsbG8=</base64>
    </resource>
  </back-matter>
</catalog>
`
)

var modelOptions = bodyOptions

// TestReadFormats reads the same catalog from JSON, YAML and XML and
// expects the same model.
func TestReadFormats(t *testing.T) {
	var first *Catalog
	for _, f := range []struct {
		name, doc string
		format    Format
	}{{"formats.json", formatsJSON, FormatJSON}, {"formats.yaml", formatsYAML, FormatYAML}, {"formats.xml", formatsXML, FormatXML}} {
		doc, err := Read(f.name, []byte(f.doc))
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if doc.Format != f.format || doc.Version != "1.1.3" || doc.Schema != Schema11 || doc.Catalog == nil {
			t.Fatalf("%s: format %s, version %s, schema %s", f.name, doc.Format, doc.Version, doc.Schema)
		}
		if first == nil {
			first = doc.Catalog
			continue
		}
		if d := cmp.Diff(first, doc.Catalog, modelOptions...); d != "" {
			t.Errorf("%s differs from JSON (-json +%s):\n%s", f.name, f.format, d)
		}
	}
	if string(first.Metadata.Roles) != `[{"id":"creator","title":"Creator"}]` {
		t.Errorf("roles = %s", first.Metadata.Roles)
	}
}

// TestMarkup checks the conversion of XML markup to Markdown.
func TestMarkup(t *testing.T) {
	for _, tc := range []struct{ xml, want string }{
		{`<p>  Plain   text
		   over lines. </p>`, "Plain text over lines."},
		{`<p><em>e</em> <i>i</i> <strong>s</strong> <b>b</b> <code>c</code> <q>q</q> x<sub>2</sub> y<sup>3</sup></p>`,
			"*e* *i* **s** **b** `c` \"q\" x~2~ y^3^"},
		{`<p>See <a href="https://x.org">the site</a> and <insert type="param" id-ref="p-1"/>.</p>`,
			"See [the site](https://x.org) and {{ insert: param, p-1 }}."},
		{`<h2>Head</h2><p>One.</p><p>Two.</p>`, "## Head\n\nOne.\n\nTwo."},
		{`<ol><li>a</li><li>b<ul><li>b1</li></ul></li></ol>`, "1. a\n2. b\n  - b1"},
		{`<pre>  keep
  this</pre>`, "```\n  keep\n  this\n```"},
		{`<blockquote><p>Quoted.</p></blockquote>`, "> Quoted."},
		{`<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2|3</td></tr></table>`, "| A | B |\n| --- | --- |\n| 1 | 2\\|3 |"},
		{`<p>Line<br/>break, <img src="i.png" alt="pic"/></p>`, "Line\nbreak, ![pic](i.png)"},
	} {
		doc := xmlCatalog(`<control id="a1"><title>A1</title><part name="statement">` + tc.xml + `</part></control>`)
		c, err := ReadCatalog("markup.xml", []byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", tc.xml, err)
		}
		if got := c.Controls[0].Parts[0].Prose; got != tc.want {
			t.Errorf("%s\ngot  %q\nwant %q", tc.xml, got, tc.want)
		}
	}
}

// TestReadVersions checks which schema validates which oscal-version.
func TestReadVersions(t *testing.T) {
	for _, tc := range []struct{ version, schema string }{
		{"1.0.0", Schema11}, {"1.0.0-rc2", Schema11}, {"1.0.6", Schema11}, {"1.1.2", Schema11}, {"1.1.3", Schema11},
		{"1.2.0", Schema12}, {"1.2.1", Schema12},
	} {
		doc, err := Read("v.json", []byte(strings.Replace(formatsJSON, `"oscal-version": "1.1.3"`, `"oscal-version": "`+tc.version+`"`, 1)))
		if err != nil {
			t.Fatalf("%s: %v", tc.version, err)
		}
		if doc.Schema != tc.schema || doc.Version != tc.version {
			t.Errorf("%s: schema %s, want %s", tc.version, doc.Schema, tc.schema)
		}
	}
	// A title with a line break is text in 1.1.3 and invalid markup-line in 1.2.1.
	multi := strings.Replace(formatsJSON, `"title": "Group"`, `"title": "Group\nof controls"`, 1)
	if _, err := Read("v.json", []byte(multi)); err != nil {
		t.Errorf("1.1.3: %v", err)
	}
	multi12 := strings.Replace(multi, `"oscal-version": "1.1.3"`, `"oscal-version": "1.2.1"`, 1)
	want := `v.json: at /catalog/groups/0/title: "Group\nof controls" is not a single line of text`
	if _, err := Read("v.json", []byte(multi12)); err == nil || err.Error() != want {
		t.Errorf("1.2.1: error = %v, want %s", err, want)
	}
	noVersion := strings.Replace(formatsJSON, `, "oscal-version": "1.1.3"`, "", 1)
	want = `v.json: at /catalog/metadata: missing required "oscal-version"`
	if _, err := Read("v.json", []byte(noVersion)); err == nil || err.Error() != want {
		t.Errorf("no version: error = %v, want %s", err, want)
	}
}

// TestWriteCatalogJSON checks that what is written validates and reads
// back the same, and that an invalid catalog is not written.
func TestWriteCatalogJSON(t *testing.T) {
	c, err := ReadCatalog("formats.xml", []byte(formatsXML))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCatalogJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"prose": "Do **this** {{ insert: param, c-1_prm_1 }}, see [the guide](#b0000000`) {
		t.Errorf("prose not written as is:\n%s", b.String())
	}
	back, err := ReadCatalog("written.json", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(c, back, modelOptions...); d != "" {
		t.Errorf("read back differs:\n%s", d)
	}
	c.Groups[0].Controls[0].ID = "c 1"
	b.Reset()
	err = WriteCatalogJSON(&b, c)
	want := `catalog JSON: at /catalog/groups/0/controls/0/id: "c 1" is not a token (a letter or '_' followed by letters, digits, '.', '-' or '_')`
	if err == nil || err.Error() != want || b.Len() != 0 {
		t.Errorf("error = %v (wrote %d bytes), want %s", err, b.Len(), want)
	}
}

// TestReadKeepsEverything reads NIST's 800-53 catalog and a baseline
// profile and checks that encoding the model gives back the same JSON:
// nothing the documents hold is lost. The YAML form of the catalog must
// read to the same model.
func TestReadKeepsEverything(t *testing.T) {
	dir := dataDir(t, "nist-800-53-rev5")
	for _, f := range []string{catalog501, moderateFile} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(f, data)
		if err != nil {
			t.Fatal(err)
		}
		var model any = struct {
			Catalog *Catalog `json:"catalog,omitempty"`
			Profile *Profile `json:"profile,omitempty"`
		}{doc.Catalog, doc.Profile}
		again, err := json.Marshal(model)
		if err != nil {
			t.Fatal(err)
		}
		var orig, back any
		if err := json.Unmarshal(data, &orig); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(orig, back) {
			t.Errorf("%s: re-encoded model differs (-file +model):\n%.3000s", f, cmp.Diff(orig, back))
		}
		if doc.Catalog == nil {
			continue
		}
		y, err := yaml.Marshal(yamlNode(orig))
		if err != nil {
			t.Fatal(err)
		}
		fromYAML, err := ReadCatalog("catalog.yaml", y)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(doc.Catalog, fromYAML) {
			t.Errorf("YAML form differs:\n%.3000s", cmp.Diff(doc.Catalog, fromYAML, modelOptions...))
		}
	}
}

// yamlNode builds the YAML form of a JSON value. Strings that start or
// end with white space or span lines are double-quoted: the YAML library
// writes some of those as block scalars it cannot read back.
func yamlNode(v any) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, yamlNode(x[k]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, item := range x {
			n.Content = append(n.Content, yamlNode(item))
		}
		return n
	case string:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}
		if strings.TrimSpace(x) != x || strings.Contains(x, "\n") {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}
