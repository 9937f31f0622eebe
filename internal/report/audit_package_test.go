// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/report"
)

// packageKey is the fixed key the package tests sign with.
var packageKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// packagePublic is packageKey's public half.
var packagePublic = packageKey.Public().(ed25519.PublicKey)

// packageFiles are the files of the test package, in order.
var packageFiles = []struct{ path, content string }{
	{"README.txt", "An audit package.\n"},
	{"soa/soa.pdf", "%PDF-1.7 not really\n"},
	{"evidence/A.5.1/evd_1-policy.txt", strings.Repeat("policy text ", 100)},
}

// packageRecord is the record of every test file.
var packageRecord = report.ManifestRecord{Type: "control", ID: "ctl_1", Ref: "A.5.1", Title: "Policies"}

// writePackage writes the test package and returns its bytes and the
// manifest Close returned.
func writePackage(t testing.TB) ([]byte, *report.Manifest) {
	t.Helper()
	var buf bytes.Buffer
	p := report.NewPackageWriter(&buf)
	p.Modified = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, f := range packageFiles {
		err := p.Add(f.path, []report.ManifestRecord{packageRecord}, func(w io.Writer) error {
			_, err := io.WriteString(w, f.content)
			return err
		})
		if err != nil {
			t.Fatalf("Add(%s) = %v", f.path, err)
		}
	}
	m, err := p.Close(report.Manifest{Organization: report.ManifestOrg{ID: "org_1", Slug: "acme", Name: "Acme"},
		From: "2025-03-02", To: "2026-03-02", CreatedBy: "Alice Admin", KeyID: "SHA256:test",
		Notes: []string{"No approved Statement of Applicability for X."}}, packageKey)
	if err != nil {
		t.Fatalf("Close = %v", err)
	}
	return buf.Bytes(), m
}

// verify verifies data with key.
func verify(t *testing.T, data []byte, key ed25519.PublicKey) (*report.Verification, error) {
	t.Helper()
	return report.VerifyPackage(bytes.NewReader(data), int64(len(data)), key)
}

// hexSum is the hex SHA-256 of s.
func hexSum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestPackageWriteThenVerify(t *testing.T) {
	data, m := writePackage(t)
	var want []report.ManifestFile
	for _, f := range packageFiles {
		want = append(want, report.ManifestFile{Path: f.path, SHA256: hexSum(f.content), Size: int64(len(f.content)),
			Records: []report.ManifestRecord{packageRecord}})
	}
	if diff := cmp.Diff(want, m.Files); diff != "" {
		t.Errorf("manifest files (-want +got):\n%s", diff)
	}
	if m.Format != report.ManifestFormat {
		t.Errorf("format = %q, want %q", m.Format, report.ManifestFormat)
	}
	v, err := verify(t, data, packagePublic)
	if err != nil {
		t.Fatalf("VerifyPackage = %v", err)
	}
	if !v.OK() || !v.Signature || v.Checked != 3 || v.Changed != nil || v.Missing != nil || v.Added != nil {
		t.Errorf("verification = %+v, want OK with 3 files checked", v)
	}
	if diff := cmp.Diff(m, v.Manifest); diff != "" {
		t.Errorf("manifest read back (-written +read):\n%s", diff)
	}
	checkPackageEntries(t, data)
}

// checkPackageEntries checks the entries' order and compression, and that
// manifest.sig is the base64 signature of manifest.json's exact bytes.
func checkPackageEntries(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	content := map[string][]byte{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		content[f.Name] = readZipFile(t, f)
		wantMethod := zip.Deflate
		if strings.HasSuffix(f.Name, ".pdf") {
			wantMethod = zip.Store
		}
		if f.Method != wantMethod {
			t.Errorf("%s is stored with method %d, want %d", f.Name, f.Method, wantMethod)
		}
	}
	wantNames := []string{"README.txt", "soa/soa.pdf", "evidence/A.5.1/evd_1-policy.txt", "manifest.json", "manifest.sig"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if !bytes.HasPrefix(content["manifest.json"], []byte("{\n  \"format\": \"isms-audit-package/1\",\n")) {
		t.Errorf("manifest.json starts %q, want indented JSON", content["manifest.json"][:40])
	}
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(content["manifest.sig"])))
	if err != nil || !ed25519.Verify(packagePublic, content["manifest.json"], sig) {
		t.Errorf("manifest.sig %q does not sign manifest.json (%v)", content["manifest.sig"], err)
	}
}

func readZipFile(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rewrite copies the zip data entry by entry through edit, which returns
// the entry's new content and whether to keep it, then appends extra
// entries (name, content pairs).
func rewrite(t *testing.T, data []byte, edit func(name string, b []byte) ([]byte, bool), extra ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, b []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	for _, f := range zr.File {
		if b, keep := edit(f.Name, readZipFile(t, f)); keep {
			put(f.Name, b)
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		put(extra[i], []byte(extra[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// keepAll is an edit that changes nothing.
func keepAll(_ string, b []byte) ([]byte, bool) { return b, true }

func TestPackageWriterRefusesBadPaths(t *testing.T) {
	p := report.NewPackageWriter(io.Discard)
	write := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }
	if err := p.Add("a/./b.txt", nil, write); err != nil {
		t.Fatalf("Add(a/./b.txt) = %v", err)
	}
	for path, want := range map[string]string{
		"":               `audit package: "" is not a relative path inside the package`,
		"../x":           `audit package: "../x" is not a relative path inside the package`,
		"a/../../x":      `audit package: "a/../../x" is not a relative path inside the package`,
		"/etc/passwd":    `audit package: "/etc/passwd" is not a relative path inside the package`,
		`a\b`:            `audit package: "a\\b" is not a relative path inside the package`,
		"C:/x":           `audit package: "C:/x" is not a relative path inside the package`,
		"dir/":           `audit package: "dir/" is not a relative path inside the package`,
		".":              `audit package: "." is not a relative path inside the package`,
		"manifest.json":  "audit package: manifest.json is reserved for the manifest",
		"./manifest.sig": "audit package: manifest.sig is reserved for the manifest",
		"a/b.txt":        "audit package: a/b.txt is added twice",
	} {
		if err := p.Add(path, nil, write); err == nil || err.Error() != want {
			t.Errorf("Add(%q) = %v, want %q", path, err, want)
		}
	}
	failed := errors.New("disk on fire")
	if err := p.Add("c.txt", nil, func(io.Writer) error { return failed }); !errors.Is(err, failed) {
		t.Errorf("Add(failing) = %v, want the failure", err)
	}
	if err := p.Add("d.txt", nil, write); !errors.Is(err, failed) {
		t.Errorf("Add after a failure = %v, want the failure again", err)
	}
	if _, err := p.Close(report.Manifest{}, packageKey); !errors.Is(err, failed) {
		t.Errorf("Close after a failure = %v, want the failure again", err)
	}
}

func TestPackageWriterListsRecordsAndNoFiles(t *testing.T) {
	var buf bytes.Buffer
	p := report.NewPackageWriter(&buf)
	if _, err := p.Close(report.Manifest{}, nil); err == nil || err.Error() != "audit package: no signing key" {
		t.Errorf("Close(no key) = %v, want the missing key named", err)
	}
	m, err := p.Close(report.Manifest{}, packageKey)
	if err != nil {
		t.Fatal(err)
	}
	if m.Files == nil || len(m.Files) != 0 || p.ManifestSHA256() == "" {
		t.Errorf("empty package manifest = %+v, sha %q; want an empty file list and a hash", m, p.ManifestSHA256())
	}
	v, err := verify(t, buf.Bytes(), packagePublic)
	if err != nil || !v.OK() || v.Checked != 0 {
		t.Errorf("verify(empty package) = %+v, %v; want OK", v, err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if got := hexSum(string(readZipFile(t, zr.File[0]))); got != p.ManifestSHA256() {
		t.Errorf("ManifestSHA256 = %s, want the hash of manifest.json %s", p.ManifestSHA256(), got)
	}
}
