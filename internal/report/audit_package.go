// SPDX-License-Identifier: Apache-2.0

package report

import (
	"crypto/ed25519"
	"io"
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
	Files        []ManifestFile `json:"files"`
}

// ManifestOrg names the organization a package is of.
type ManifestOrg struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// ManifestChain is the audit trail's chain head at the end of the period.
type ManifestChain struct {
	Events   int    `json:"events"`
	LastSeq  int64  `json:"lastSeq"`
	HeadHash string `json:"headHash"`
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

// PackageWriter writes a package to a zip stream.
type PackageWriter struct{}

// NewPackageWriter starts a package on w.
func NewPackageWriter(w io.Writer) *PackageWriter {
	panic("not implemented")
}

// Add writes one file: write writes its content; the file is hashed as
// it goes and listed in the manifest with records.
func (p *PackageWriter) Add(path string, records []ManifestRecord, write func(io.Writer) error) error {
	panic("not implemented")
}

// Close completes m with the files written, writes manifest.json and its
// signature by key, and closes the zip. It returns the manifest written.
func (p *PackageWriter) Close(m Manifest, key ed25519.PrivateKey) (*Manifest, error) {
	panic("not implemented")
}

// Verification is what VerifyPackage found.
type Verification struct {
	Manifest  *Manifest
	Signature bool     // the manifest's signature is valid for the key
	Changed   []string // files whose hash or size differs from the manifest
	Missing   []string // files the manifest lists that the zip lacks
	Added     []string // files in the zip the manifest does not list
	Checked   int      // files whose hash was checked
}

// OK reports whether the package verified: a valid signature and every
// file present and unchanged, nothing added.
func (v *Verification) OK() bool {
	return v.Signature && len(v.Changed) == 0 && len(v.Missing) == 0 && len(v.Added) == 0
}

// VerifyPackage checks a package offline against a public key. An error
// means the package could not be read at all (not a zip, no manifest).
func VerifyPackage(r io.ReaderAt, size int64, key ed25519.PublicKey) (*Verification, error) {
	panic("not implemented")
}
