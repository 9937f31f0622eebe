// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

const (
	catalog501   = "NIST_SP-800-53_rev5_catalog_5.0.1_2021-06-08.json"
	moderateFile = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"
)

// read80053 returns the 5.0.1 catalog and the MODERATE profile.
func read80053(b testing.TB) (catalog, profile []byte) {
	dir := dataDir(b, "nist-800-53-rev5")
	catalog, err := os.ReadFile(filepath.Join(dir, catalog501))
	if err != nil {
		b.Fatal(err)
	}
	profile, err = os.ReadFile(filepath.Join(dir, moderateFile))
	if err != nil {
		b.Fatal(err)
	}
	return catalog, profile
}

// BenchmarkUnmarshalValidate800_53 is the floor for importing: the bare
// unmarshal of the 5.0.1 catalog and the MODERATE profile plus their
// schema validation, with nothing of this package's own work.
func BenchmarkUnmarshalValidate800_53(b *testing.B) {
	catalog, profile := read80053(b)
	cs, err := schemaFor(Schema11, "catalog")
	if err != nil {
		b.Fatal(err)
	}
	ps, err := schemaFor(Schema11, "profile")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, x := range []struct {
			data []byte
			s    interface{ Validate(any) error }
		}{{catalog, cs}, {profile, ps}} {
			v, err := parseJSON("x", x.data)
			if err != nil {
				b.Fatal(err)
			}
			if err := x.s.Validate(v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRead800_53 imports the same two files with Read: format
// detection, unmarshal, validation and decoding into the model.
func BenchmarkRead800_53(b *testing.B) {
	catalog, profile := read80053(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(catalog501, catalog); err != nil {
			b.Fatal(err)
		}
		if _, err := Read(moderateFile, profile); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolveModerate imports the MODERATE profile and the 5.0.1
// catalog and resolves the baseline: the whole import.
func BenchmarkResolveModerate(b *testing.B) {
	catalog, profile := read80053(b)
	loader := memLoader{moderateFile: profile, "NIST_SP-800-53_rev5_catalog.json": catalog}
	r := &Resolver{Loader: loader}
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Resolve(moderateFile)
		if err != nil {
			b.Fatal(err)
		}
		if n := countControls(res.Catalog); n != 287 {
			b.Fatalf("resolved %d controls, want 287", n)
		}
	}
}

// memLoader serves documents from memory by the last element of their
// reference.
type memLoader map[string][]byte

func (m memLoader) Load(href, base string) (string, []byte, error) {
	name := filepath.Base(href)
	data, ok := m[name]
	if !ok {
		return "", nil, &os.PathError{Op: "open", Path: name, Err: ErrNotFound}
	}
	return name, bytes.Clone(data), nil
}

func countControls(c *Catalog) int {
	n := 0
	forEachControl(c, func(*Control) { n++ })
	return n
}

// BenchmarkCompileSchemas measures the one-time cost of compiling the
// catalog and profile schemas of one version.
func BenchmarkCompileSchemas(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, model := range []string{"catalog", "profile"} {
			if _, err := compileSchema(Schema11, model); err != nil {
				b.Fatal(err)
			}
		}
	}
}
