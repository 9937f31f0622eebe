// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"testing"

	"github.com/ismsproject/isms/internal/report"
)

// FuzzVerifyPackage verifies arbitrary bytes as a package signed with
// packageKey (seed corpus in testdata/fuzz/FuzzVerifyPackage: a package,
// altered, truncated, with entries added or hostile names). Whatever the
// input, verification must not panic; it either fails, or reports a
// manifest, every listed file either checked or missing, and OK only
// when nothing was found wrong.
func FuzzVerifyPackage(f *testing.F) {
	data, _ := writePackage(f)
	f.Add(data)
	f.Add(data[:len(data)-10])
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := report.VerifyPackage(bytes.NewReader(data), int64(len(data)), packagePublic)
		if err != nil {
			if v != nil {
				t.Fatalf("VerifyPackage = %+v, %v; want no verification with an error", v, err)
			}
			return
		}
		if v.Manifest == nil {
			t.Fatal("VerifyPackage gave no manifest and no error")
		}
		if v.Checked+len(v.Missing) != len(v.Manifest.Files) {
			t.Fatalf("checked %d and missing %d of %d files", v.Checked, len(v.Missing), len(v.Manifest.Files))
		}
		if len(v.Changed) > v.Checked {
			t.Fatalf("%d files changed of %d checked", len(v.Changed), v.Checked)
		}
		ok := v.Signature && len(v.Changed)+len(v.Missing)+len(v.Added) == 0
		if v.OK() != ok {
			t.Fatalf("OK() = %v for %+v", v.OK(), v)
		}
	})
}
