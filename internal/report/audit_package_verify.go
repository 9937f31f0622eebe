// SPDX-License-Identifier: Apache-2.0

package report

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// A package to verify comes from elsewhere: it may be damaged, altered or
// hostile. Verification reads each entry as a stream and never more than
// the manifest says it holds, so a zip bomb costs no more than an honest
// package.

// Limits on what VerifyPackage reads of the manifest and its signature.
const (
	maxManifestSize  = 256 << 20
	maxSignatureSize = 1 << 10
)

// Verification is what VerifyPackage found.
type Verification struct {
	Manifest  *Manifest
	Signature bool     // the manifest's signature is valid for the key
	Changed   []string // files whose hash or size differs from the manifest
	Missing   []string // files the manifest lists that the zip lacks
	// Added are files in the zip the manifest does not list; a name that
	// would be extracted outside the target directory, or a second entry
	// of one name, is followed by a note in parentheses.
	Added   []string
	Checked int // files whose hash was checked
}

// OK reports whether the package verified: a valid signature and every
// file present and unchanged, nothing added.
func (v *Verification) OK() bool {
	return v.Signature && len(v.Changed) == 0 && len(v.Missing) == 0 && len(v.Added) == 0
}

// VerifyPackage checks a package offline against a public key. An error
// means the package could not be read at all (not a zip, no manifest).
func VerifyPackage(r io.ReaderAt, size int64, key ed25519.PublicKey) (*Verification, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("the package is not a readable zip file: %w", err)
	}
	v := &Verification{}
	entries, order, err := v.entries(zr.File)
	if err != nil {
		return nil, err
	}
	data, err := readEntry(entries, ManifestName, maxManifestSize)
	if err != nil {
		return nil, err
	}
	sig, err := readEntry(entries, SignatureName, maxSignatureSize)
	if err != nil {
		return nil, err
	}
	if v.Manifest, err = parseManifest(data); err != nil {
		return nil, err
	}
	v.Signature = validSignature(key, data, sig)
	v.checkFiles(entries, order)
	return v, nil
}

// ReadManifest returns a package's manifest, checking nothing else: to
// learn whose key verifies the package before verifying it.
func ReadManifest(r io.ReaderAt, size int64) (*Manifest, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("the package is not a readable zip file: %w", err)
	}
	entries, _, err := (&Verification{}).entries(zr.File)
	if err != nil {
		return nil, err
	}
	data, err := readEntry(entries, ManifestName, maxManifestSize)
	if err != nil {
		return nil, err
	}
	return parseManifest(data)
}

// entries indexes the zip's entries by name, and returns their names in
// zip order. Entries with unsafe names and second entries of a name are
// not indexed but Added with a note; a second manifest or signature is
// an error. Empty directory entries, which zip tools add when a package
// is unpacked and zipped again, hold nothing and are skipped.
func (v *Verification) entries(files []*zip.File) (map[string]*zip.File, []string, error) {
	entries, order := make(map[string]*zip.File, len(files)), make([]string, 0, len(files))
	for _, f := range files {
		switch {
		case isDirEntry(f):
		case !safePath(f.Name):
			v.Added = append(v.Added, f.Name+" (unsafe name: it would be extracted outside the target directory)")
		case entries[f.Name] != nil:
			if f.Name == ManifestName || f.Name == SignatureName {
				return nil, nil, fmt.Errorf("the package holds %s twice", f.Name)
			}
			v.Added = append(v.Added, f.Name+" (a second entry of this name)")
		default:
			entries[f.Name] = f
			order = append(order, f.Name)
		}
	}
	return entries, order, nil
}

// isDirEntry reports whether f is an empty directory entry with a safe name.
func isDirEntry(f *zip.File) bool {
	name := strings.TrimSuffix(f.Name, "/")
	return name != f.Name && f.UncompressedSize64 == 0 && name != "" && safePath(name)
}

// readEntry reads the whole of the entry name, at most limit bytes.
func readEntry(entries map[string]*zip.File, name string, limit int64) ([]byte, error) {
	f := entries[name]
	if f == nil {
		return nil, fmt.Errorf("the package has no %s: it is not an audit package", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes: it is not an audit package", name, limit)
	}
	return data, nil
}

// parseManifest reads a manifest, refusing another format and a file
// listed twice.
func parseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read %s: %w", ManifestName, err)
	}
	if m.Format != ManifestFormat {
		return nil, fmt.Errorf("%s is of format %q; this version reads %q", ManifestName, m.Format, ManifestFormat)
	}
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if seen[f.Path] {
			return nil, fmt.Errorf("%s lists %s twice", ManifestName, f.Path)
		}
		seen[f.Path] = true
	}
	return &m, nil
}

// validSignature reports whether sig (base64, surrounding space allowed)
// is key's signature of data.
func validSignature(key ed25519.PublicKey, data, sig []byte) bool {
	raw, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(sig)))
	return err == nil && len(key) == ed25519.PublicKeySize && len(raw) == ed25519.SignatureSize &&
		ed25519.Verify(key, data, raw)
}

// checkFiles hashes every file the manifest lists and names those changed
// or missing, then the entries, in zip order, that it does not list.
func (v *Verification) checkFiles(entries map[string]*zip.File, order []string) {
	listed := make(map[string]bool, len(v.Manifest.Files)+2)
	for _, mf := range v.Manifest.Files {
		listed[mf.Path] = true
		f := entries[mf.Path]
		if f == nil || mf.Path == ManifestName || mf.Path == SignatureName {
			v.Missing = append(v.Missing, mf.Path)
			continue
		}
		v.Checked++
		if !sameContent(f, mf) {
			v.Changed = append(v.Changed, mf.Path)
		}
	}
	listed[ManifestName], listed[SignatureName] = true, true
	for _, name := range order {
		if !listed[name] {
			v.Added = append(v.Added, name)
		}
	}
}

// sameContent reports whether the entry f has the size and SHA-256 that
// mf records; an entry that cannot be read has not.
func sameContent(f *zip.File, mf ManifestFile) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, mf.Size+1))
	if err != nil || n != mf.Size {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == mf.SHA256
}
