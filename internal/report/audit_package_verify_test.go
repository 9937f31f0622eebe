// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/report"
)

func TestVerifyPackageNamesAChangedFile(t *testing.T) {
	data, _ := writePackage(t)
	changed := rewrite(t, data, func(name string, b []byte) ([]byte, bool) {
		if name == "soa/soa.pdf" {
			b = bytes.Clone(b)
			b[3] ^= 0x01
		}
		return b, true
	})
	v, err := verify(t, changed, packagePublic)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK() || !v.Signature || !cmp.Equal(v.Changed, []string{"soa/soa.pdf"}) || v.Missing != nil || v.Added != nil || v.Checked != 3 {
		t.Errorf("verification = %+v, want soa/soa.pdf changed, the signature valid", v)
	}
	// The PDF is stored, not deflated: a byte flipped in the zip itself
	// fails the entry's checksum, and the file is changed all the same.
	raw := bytes.Clone(data)
	at := bytes.Index(raw, []byte("%PDF-1.7 not really"))
	raw[at+3] ^= 0x01
	if v, err := verify(t, raw, packagePublic); err != nil || !cmp.Equal(v.Changed, []string{"soa/soa.pdf"}) || v.OK() {
		t.Errorf("verify(a byte of the zip flipped) = %+v, %v; want soa/soa.pdf changed", v, err)
	}
}

func TestVerifyPackageNamesAMissingFile(t *testing.T) {
	data, _ := writePackage(t)
	missing := rewrite(t, data, func(name string, b []byte) ([]byte, bool) { return b, name != "README.txt" })
	v, err := verify(t, missing, packagePublic)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK() || !cmp.Equal(v.Missing, []string{"README.txt"}) || v.Changed != nil || v.Added != nil || v.Checked != 2 {
		t.Errorf("verification = %+v, want README.txt missing", v)
	}
}

func TestVerifyPackageNamesAddedFiles(t *testing.T) {
	data, _ := writePackage(t)
	added := rewrite(t, data, keepAll, "evidence/extra.txt", "slipped in", "../evil.sh", "rm -rf /",
		"README.txt", "a second readme", "/etc/passwd", "root")
	v, err := verify(t, added, packagePublic)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"../evil.sh (unsafe name: it would be extracted outside the target directory)",
		"README.txt (a second entry of this name)",
		"/etc/passwd (unsafe name: it would be extracted outside the target directory)",
		"evidence/extra.txt"}
	if diff := cmp.Diff(want, v.Added); diff != "" || v.OK() || v.Changed != nil || v.Missing != nil || !v.Signature {
		t.Errorf("added (-want +got):\n%s\nverification = %+v", diff, v)
	}
}

func TestVerifyPackageWithAnotherKey(t *testing.T) {
	data, _ := writePackage(t)
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	for name, key := range map[string]ed25519.PublicKey{"another key": other, "no key": nil, "a short key": other[:16]} {
		v, err := verify(t, data, key)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if v.OK() || v.Signature || v.Changed != nil || v.Checked != 3 {
			t.Errorf("%s: verification = %+v, want an invalid signature and the files intact", name, v)
		}
	}
}

func TestVerifyPackageRefusesWhatIsNoPackage(t *testing.T) {
	data, _ := writePackage(t)
	sigTampered := rewrite(t, data, func(name string, b []byte) ([]byte, bool) {
		if name == report.SignatureName {
			return []byte("not base64!"), true
		}
		return b, true
	})
	if v, err := verify(t, sigTampered, packagePublic); err != nil || v.Signature {
		t.Errorf("verify(garbled signature) = %+v, %v; want an invalid signature", v, err)
	}
	cases := []struct {
		name, want string
		data       []byte
	}{
		{"truncated", "the package is not a readable zip file", data[:len(data)/2]},
		{"not a zip", "the package is not a readable zip file", []byte("PK but not really a zip")},
		{"empty", "the package is not a readable zip file", nil},
		{"without manifest", "the package has no manifest.json: it is not an audit package",
			rewrite(t, data, func(name string, b []byte) ([]byte, bool) { return b, name != report.ManifestName })},
		{"without signature", "the package has no manifest.sig: it is not an audit package",
			rewrite(t, data, func(name string, b []byte) ([]byte, bool) { return b, name != report.SignatureName })},
		{"with two manifests", "the package holds manifest.json twice", rewrite(t, data, keepAll, report.ManifestName, "{}")},
		{"listing a file twice", "manifest.json lists README.txt twice", rewrite(t, data, func(name string, b []byte) ([]byte, bool) {
			if name == report.ManifestName {
				b = bytes.Replace(b, []byte(`"path": "soa/soa.pdf"`), []byte(`"path": "README.txt"`), 1)
			}
			return b, true
		})},
		{"of another format", `manifest.json is of format "isms-audit-package/9"`, rewrite(t, data, func(name string, b []byte) ([]byte, bool) {
			if name == report.ManifestName {
				b = bytes.Replace(b, []byte("isms-audit-package/1"), []byte("isms-audit-package/9"), 1)
			}
			return b, true
		})},
		{"with a manifest that is not JSON", "read manifest.json: ", rewrite(t, data, func(name string, b []byte) ([]byte, bool) {
			if name == report.ManifestName {
				b = []byte("not json")
			}
			return b, true
		})},
	}
	for _, c := range cases {
		v, err := verify(t, c.data, packagePublic)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || v != nil {
			t.Errorf("verify(%s) = %+v, %v; want an error starting %q", c.name, v, err, c.want)
		}
	}
}

func TestVerifyPackageSkipsDirectoryEntries(t *testing.T) {
	data, _ := writePackage(t)
	rezipped := rewrite(t, data, keepAll, "soa/", "", "evidence/", "", "../up/", "")
	v, err := verify(t, rezipped, packagePublic)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"../up/ (unsafe name: it would be extracted outside the target directory)"}
	if diff := cmp.Diff(want, v.Added); diff != "" || v.Changed != nil || v.Missing != nil || !v.Signature || v.Checked != 3 {
		t.Errorf("added (-want +got):\n%s\nverification = %+v; want the directories skipped, ../up/ refused", diff, v)
	}
}
