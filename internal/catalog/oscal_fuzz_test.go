// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The importers are fuzzed with the seed corpus in testdata/fuzz/<name>:
// whatever the input, Read must not panic, must fail with an *Error that
// names the document, and what it accepts must write and read back as
// the same model.

func FuzzReadJSON(f *testing.F) { fuzzRead(f, FormatJSON) }

func FuzzReadYAML(f *testing.F) { fuzzRead(f, FormatYAML) }

func FuzzReadXML(f *testing.F) { fuzzRead(f, FormatXML) }

func fuzzRead(f *testing.F, format Format) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if DetectFormat(data) != format {
			return
		}
		doc, err := Read("fuzz", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 || e.Problems[0].File != "fuzz" {
				t.Fatalf("error is not a problem report naming the document: %#v", err)
			}
			return
		}
		if doc.Catalog != nil {
			var b bytes.Buffer
			if err := WriteCatalogJSON(&b, doc.Catalog); err != nil {
				t.Fatalf("an accepted catalog does not write: %v", err)
			}
			back, err := ReadCatalog("written", b.Bytes())
			if err != nil {
				t.Fatalf("a written catalog does not read: %v\n%s", err, b.Bytes())
			}
			if d := cmp.Diff(doc.Catalog, back, modelOptions...); d != "" {
				t.Fatalf("catalog changed on the way through JSON:\n%s", d)
			}
		}
		if doc.Profile != nil {
			data, err := json.Marshal(map[string]*Profile{"profile": doc.Profile})
			if err != nil {
				t.Fatal(err)
			}
			back, err := ReadProfile("written", data)
			if err != nil {
				t.Fatalf("a written profile does not read: %v\n%s", err, data)
			}
			if d := cmp.Diff(doc.Profile, back, modelOptions...); d != "" {
				t.Fatalf("profile changed on the way through JSON:\n%s", d)
			}
		}
	})
}
