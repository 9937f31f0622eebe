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
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// The audit package is a zip: its files, then manifest.json listing every
// file with its SHA-256, size and the records it belongs to, then
// manifest.sig, the Ed25519 signature of manifest.json's bytes (base64).
// Files are hashed as they are written, so nothing is held in memory.

// ManifestFormat names the manifest's format and version.
const ManifestFormat = "isms-audit-package/1"

// The names of the manifest and its signature in the zip.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
)

// Manifest describes a package.
type Manifest struct {
	Format       string         `json:"format"`
	Organization ManifestOrg    `json:"organization"`
	Framework    ManifestRecord `json:"framework"`
	From         string         `json:"from"` // YYYY-MM-DD
	To           string         `json:"to"`
	CreatedAt    time.Time      `json:"createdAt"`
	CreatedBy    string         `json:"createdBy"`
	KeyID        string         `json:"keyId"` // the signing key's fingerprint
	ChainHead    ManifestChain  `json:"auditTrail"`
	// Notes say what the package leaves out and why ("No approved
	// Statement of Applicability for …").
	Notes []string       `json:"notes,omitempty"`
	Files []ManifestFile `json:"files"`
}

// ManifestOrg names the organization a package is of.
type ManifestOrg struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// ManifestChain is the organization's audit chain when the package was
// built: how many of its events the package holds (those of the period),
// the sequence number and hash of its last event, and whether the whole
// chain verified up to that event (Problem says where it did not).
type ManifestChain struct {
	Events   int    `json:"events"`
	LastSeq  int64  `json:"lastSeq"`
	HeadHash string `json:"headHash"`
	Verified bool   `json:"verified"`
	Problem  string `json:"problem,omitempty"`
}

// ManifestRecord names a record a file belongs to.
type ManifestRecord struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Ref   string `json:"ref,omitempty"`
	Title string `json:"title,omitempty"`
}

// ManifestFile is one file of a package.
type ManifestFile struct {
	Path    string           `json:"path"`
	SHA256  string           `json:"sha256"` // hex
	Size    int64            `json:"size"`
	Records []ManifestRecord `json:"records"`
}

// PackageWriter writes a package to a zip stream. After a failed Add the
// zip is unusable and every later call fails.
type PackageWriter struct {
	// Modified is the time stamped on every entry; NewPackageWriter sets
	// the current time.
	Modified time.Time
	zw       *zip.Writer
	files    []ManifestFile
	seen     map[string]bool
	err      error
	sum      string // the hex SHA-256 of manifest.json, once written
	bytes    int64  // the size of the files added
}

// NewPackageWriter starts a package on w.
func NewPackageWriter(w io.Writer) *PackageWriter {
	return &PackageWriter{Modified: time.Now(), zw: zip.NewWriter(w), seen: map[string]bool{}}
}

// Add writes one file: write writes its content; the file is hashed as
// it goes and listed in the manifest with records. The path must be
// relative, without "..", not the manifest's or its signature's, and
// not added before.
func (p *PackageWriter) Add(path string, records []ManifestRecord, write func(io.Writer) error) error {
	if p.err != nil {
		return p.err
	}
	name, err := packagePath(path)
	if err != nil {
		return err
	}
	if p.seen[name] {
		return fmt.Errorf("audit package: %s is added twice", name)
	}
	f, err := p.entry(name, write)
	if err != nil {
		p.err = fmt.Errorf("audit package: %s: %w", name, err)
		return p.err
	}
	p.seen[name] = true
	if records == nil {
		records = []ManifestRecord{}
	}
	f.Records = records
	p.files = append(p.files, f)
	p.bytes += f.Size
	return nil
}

// entry writes one zip entry through write, hashing and counting it.
func (p *PackageWriter) entry(name string, write func(io.Writer) error) (ManifestFile, error) {
	h := &zip.FileHeader{Name: name, Method: zipMethod(name), Modified: p.Modified}
	zf, err := p.zw.CreateHeader(h)
	if err != nil {
		return ManifestFile{}, err
	}
	sum := sha256.New()
	n := &countWriter{}
	if err := write(io.MultiWriter(zf, sum, n)); err != nil {
		return ManifestFile{}, err
	}
	return ManifestFile{Path: name, SHA256: hex.EncodeToString(sum.Sum(nil)), Size: n.n}, nil
}

// Written returns how many files have been added so far and their
// total size in bytes (before compression).
func (p *PackageWriter) Written() (files int, bytes int64) { return len(p.files), p.bytes }

// Close completes m with the files written, writes manifest.json and its
// signature by key, and closes the zip. It returns the manifest written.
func (p *PackageWriter) Close(m Manifest, key ed25519.PrivateKey) (*Manifest, error) {
	if p.err != nil {
		return nil, p.err
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("audit package: no signing key")
	}
	if m.Format == "" {
		m.Format = ManifestFormat
	}
	m.Files = p.files
	if m.Files == nil {
		m.Files = []ManifestFile{}
	}
	data, err := marshalManifest(&m)
	if err != nil {
		return nil, fmt.Errorf("audit package: manifest: %w", err)
	}
	digest := sha256.Sum256(data)
	p.sum = hex.EncodeToString(digest[:])
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(key, data)) + "\n"
	for _, e := range []struct {
		name string
		data []byte
	}{{ManifestName, data}, {SignatureName, []byte(sig)}} {
		if _, err := p.entry(e.name, func(w io.Writer) error { _, err := w.Write(e.data); return err }); err != nil {
			return nil, fmt.Errorf("audit package: %s: %w", e.name, err)
		}
	}
	if err := p.zw.Close(); err != nil {
		return nil, fmt.Errorf("audit package: %w", err)
	}
	p.err = errors.New("audit package: already closed")
	return &m, nil
}

// ManifestSHA256 returns the hex SHA-256 of the manifest.json Close
// wrote ("" before): what the audit trail records of a package.
func (p *PackageWriter) ManifestSHA256() string { return p.sum }

// marshalManifest returns m as json.MarshalIndent(m, "", "  ") writes it,
// and a newline, marshaling one file at a time: a manifest of many files
// then costs its own size in memory, not three times that.
func marshalManifest(m *Manifest) ([]byte, error) {
	head := *m
	head.Files = nil
	data, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return nil, err
	}
	rest, ok := bytes.CutSuffix(data, []byte(`"files": null`+"\n}"))
	if !ok {
		return nil, errors.New("the files are not the manifest's last field")
	}
	size := len(rest) + 32
	for _, f := range m.Files {
		size += 160 + 2*len(f.Path) // the path, escaped at worst, the hash, the size and the layout
		for _, r := range f.Records {
			size += 100 + len(r.Type) + len(r.ID) + len(r.Ref) + len(r.Title)
		}
	}
	out := bytes.NewBuffer(make([]byte, 0, size))
	out.Write(rest)
	out.WriteString(`"files": [`)
	for i, f := range m.Files {
		b, err := json.MarshalIndent(f, "    ", "  ")
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteString("\n    ")
		out.Write(b)
	}
	if len(m.Files) > 0 {
		out.WriteString("\n  ")
	}
	out.WriteString("]\n}\n")
	return out.Bytes(), nil
}

// packagePath returns name cleaned, or an error when it is empty,
// absolute, leaves the package, or is the manifest's or its signature's.
func packagePath(name string) (string, error) {
	if !safePath(name) {
		return "", fmt.Errorf("audit package: %q is not a relative path inside the package", name)
	}
	clean := path.Clean(name)
	if clean == ManifestName || clean == SignatureName {
		return "", fmt.Errorf("audit package: %s is reserved for the manifest", clean)
	}
	return clean, nil
}

// safePath reports whether name is a relative slash-separated path
// without ".." elements, drive letters or backslashes, which every unzip
// tool extracts inside the target directory.
func safePath(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\\x00") ||
		(len(name) >= 2 && name[1] == ':') {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return false
		}
	}
	clean := path.Clean(name)
	return clean != "." && !strings.HasSuffix(name, "/")
}

// storedExts are the extensions of files that are compressed already, so
// deflating them again costs time for nothing.
var storedExts = map[string]bool{".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true,
	".zst": true, ".7z": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true,
	".pdf": true, ".xlsx": true, ".docx": true, ".pptx": true, ".odt": true, ".ods": true, ".mp4": true, ".mp3": true}

// zipMethod is how an entry named name is stored: as is when its content
// is compressed already, else deflated.
func zipMethod(name string) uint16 {
	if storedExts[strings.ToLower(path.Ext(name))] {
		return zip.Store
	}
	return zip.Deflate
}

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return len(b), nil
}
