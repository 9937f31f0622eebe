// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// The custom formats are fuzzed with the seed corpus in
// testdata/fuzz/<name> and the example files: whatever the input, reading
// must not panic and must fail with an *Error naming the file, and a
// framework it accepts must write and read back the same.

func FuzzReadFrameworkYAML(f *testing.F) {
	addSeeds(f, "example.yaml", "broken.yaml", "broken-tree.yaml")
	f.Add([]byte("framework: {key: k, name: N}\nrequirements: [{ref: R, title: T, children: [{ref: S, title: U, kind: enhancement}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReadFramework(t, "fuzz.yaml", data)
	})
}

func FuzzReadFrameworkCSV(f *testing.F) {
	addSeeds(f, "example.csv", "broken.csv")
	f.Add([]byte("# key: k\n# name: N\nref;parent;title;attr:x\nG;;Group;\nR;G;Rule;\"a; b\"\n"))
	f.Add([]byte("\"# description: two\nlines\"\nref,title\nR,T\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReadFramework(t, "fuzz.csv", data)
	})
}

func FuzzReadMappings(f *testing.F) {
	addSeeds(f, "example-mapping.yaml", "example-mapping.csv")
	f.Add([]byte("nist_control,nist_title,iso27001_2013_ref,partial\nAC-2,Account Management,A.9.2.1,yes\nAll XX-1 controls,Policy,A.5.1.1,\n"))
	f.Add([]byte("iso27001_2013_ref,nist_control,partial\nA.9.2.1,AC-2,\n"))
	if data, err := os.ReadFile("testdata/mapping/collection.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz", "fuzz.csv"} {
			m, err := ReadMappings(name, data)
			if err != nil {
				checkFuzzError(t, name, err)
				continue
			}
			if m == nil || m.Name == "" {
				t.Fatalf("%s: a mapping file without a name: %+v", name, m)
			}
		}
	})
}

// addSeeds adds files of testdata/custom to the corpus.
func addSeeds(f *testing.F, files ...string) {
	for _, file := range files {
		data, err := os.ReadFile(filepath.Join("testdata", "custom", file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkFuzzError fails unless err is an *Error whose problems name the file.
func checkFuzzError(t *testing.T, name string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || len(e.Problems) == 0 || e.Problems[0].File != name || isms.ErrorCode(err) != isms.Invalid {
		t.Fatalf("error is not a problem report naming %s: %#v", name, err)
	}
}

// fuzzReadFramework reads data and, when it is a custom framework, writes
// it as YAML and CSV and reads it back.
func fuzzReadFramework(t *testing.T, name string, data []byte) {
	fw, err := ReadFramework(name, data, ReadOptions{})
	if err != nil {
		checkFuzzError(t, name, err)
		return
	}
	if fw.Meta.Source != isms.SourceYAML && fw.Meta.Source != isms.SourceCSV {
		return
	}
	var y bytes.Buffer
	if err := WriteFrameworkYAML(&y, fw); err != nil {
		t.Fatalf("an accepted framework does not write as YAML: %v", err)
	}
	back, err := ReadFramework("written.yaml", y.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatalf("written YAML does not read: %v\n%s", err, y.Bytes())
	}
	if d := cmp.Diff(fw, back, sameFramework); d != "" {
		t.Fatalf("framework changed through YAML (-before +after):\n%s\n%s", d, y.Bytes())
	}
	var c bytes.Buffer
	if err := WriteFrameworkCSV(&c, fw); err != nil {
		if strings.Contains(err.Error(), "which CSV uses between values") {
			return
		}
		t.Fatalf("an accepted framework does not write as CSV: %v", err)
	}
	if back, err = ReadFramework("written.csv", c.Bytes(), ReadOptions{}); err != nil {
		t.Fatalf("written CSV does not read: %v\n%s", err, c.Bytes())
	}
	fw.Mappings = nil
	if d := cmp.Diff(fw, back, sameFramework); d != "" {
		t.Fatalf("framework changed through CSV (-before +after):\n%s\n%s", d, c.Bytes())
	}
}
