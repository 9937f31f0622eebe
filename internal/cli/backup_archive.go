// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A backup archive is a tar file, gzip-compressed unless its name ends in
// .tar, holding manifest.json first, then the database snapshot, then the
// data directory's files under files/. The manifest lists every other entry
// with its size and SHA-256, so restore checks the whole archive before it
// writes anything.
const (
	backupFormat        = "isms-backup"
	backupFormatVersion = 1
	manifestName        = "manifest.json"
	filesPrefix         = "files/"
	maxManifestSize     = 64 << 20
)

// manifest is the archive's manifest.json.
type manifest struct {
	Format        string           `json:"format"`
	FormatVersion int              `json:"formatVersion"`
	IsmsVersion   string           `json:"ismsVersion"`
	Dialect       sqldb.Dialect    `json:"dialect"`
	CreatedAt     time.Time        `json:"createdAt"`
	Tool          string           `json:"tool"` // what made the database snapshot
	Migrations    []string         `json:"migrations"`
	AuditChains   []isms.ChainHead `json:"auditChains"`
	Tables        map[string]int64 `json:"tables"` // rows per table
	Files         []archiveFile    `json:"files"`  // the database first, then files/…
}

// archiveFile is one entry of the archive besides the manifest.
type archiveFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	local  string // backup: where the file is read from
}

// databaseEntry is the archive name of the database snapshot.
func databaseEntry(d sqldb.Dialect) string {
	if d == sqldb.Postgres {
		return "database.pgdump"
	}
	return "database.sqlite"
}

// hashLocal returns the archive entry name for the file at path with its
// size and SHA-256.
func hashLocal(path, name string) (archiveFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return archiveFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return archiveFile{}, fmt.Errorf("read %s: %w", path, err)
	}
	return archiveFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), local: path}, nil
}

// writeArchive writes the manifest and then every file it lists, checking
// that each file still has the content hashed into the manifest.
func writeArchive(w io.Writer, compress bool, m *manifest) error {
	var gz *gzip.Writer
	if compress {
		gz = gzip.NewWriter(w)
		w = gz
	}
	tw := tar.NewWriter(w)
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: manifestName, Mode: 0o640, Size: int64(len(body)), ModTime: m.CreatedAt, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(body); err != nil {
		return err
	}
	for _, f := range m.Files {
		if err := archiveLocal(tw, f, m.CreatedAt); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if gz != nil {
		return gz.Close()
	}
	return nil
}

func archiveLocal(tw *tar.Writer, f archiveFile, mtime time.Time) error {
	in, err := os.Open(f.local)
	if err != nil {
		return err
	}
	defer in.Close()
	hdr := &tar.Header{Name: f.Path, Mode: 0o640, Size: f.Size, ModTime: mtime, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(tw, h), in, f.Size); err != nil {
		return fmt.Errorf("archive %s: %w (did it change while the backup ran?)", f.local, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return fmt.Errorf("archive %s: the file changed while the backup ran; run the backup again", f.local)
	}
	return nil
}

// readBackup reads the whole archive once without writing anything, and
// returns its manifest once every entry matches it.
func readBackup(file string) (*manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	var m *manifest
	sums := map[string]archiveFile{}
	err = walkArchive(f, func(name string, r io.Reader) error {
		if name == manifestName {
			m = &manifest{}
			if err := json.NewDecoder(io.LimitReader(r, maxManifestSize)).Decode(m); err != nil {
				return fmt.Errorf("%s is not valid JSON: %w", manifestName, err)
			}
			return nil
		}
		h := sha256.New()
		n, err := io.Copy(h, r)
		sums[name] = archiveFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		return err
	})
	if err == nil && m == nil {
		err = fmt.Errorf("it has no %s: it is not an isms backup", manifestName)
	}
	if err == nil {
		err = m.check(sums)
	}
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", file, err)
	}
	return m, nil
}

// walkArchive calls fn with every entry of a tar or tar.gz archive, after
// refusing names and types an isms backup never holds.
func walkArchive(r io.Reader, fn func(name string, r io.Reader) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	src := io.Reader(br)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("not a readable gzip file: %w", err)
		}
		src = gz
	}
	tr := tar.NewReader(src)
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("it is not an isms backup, which is a tar or tar.gz archive: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg || !validEntry(hdr.Name) || seen[hdr.Name] {
			return fmt.Errorf("entry %q: an isms backup holds only manifest.json, database.sqlite or database.pgdump, and regular files under files/, each once", hdr.Name)
		}
		seen[hdr.Name] = true
		if err := fn(hdr.Name, tr); err != nil {
			return fmt.Errorf("%s: %w", hdr.Name, err)
		}
	}
	// Reading to the end makes gzip check its checksum.
	if _, err := io.Copy(io.Discard, src); err != nil {
		return fmt.Errorf("the archive is damaged: %w", err)
	}
	return nil
}

func validEntry(name string) bool {
	switch name {
	case manifestName, databaseEntry(sqldb.SQLite), databaseEntry(sqldb.Postgres):
		return true
	}
	rel, ok := strings.CutPrefix(name, filesPrefix)
	return ok && filepath.IsLocal(rel) && filepath.ToSlash(filepath.Clean(rel)) == rel && !strings.Contains(rel, `\`)
}

// check compares the manifest with the entries read from the archive.
func (m *manifest) check(sums map[string]archiveFile) error {
	if m.Format != backupFormat {
		return fmt.Errorf("%s is not the manifest of an isms backup (format %q)", manifestName, m.Format)
	}
	if m.FormatVersion < 1 || m.FormatVersion > backupFormatVersion {
		return fmt.Errorf("backup format %d is newer than this isms reads (%d): restore with isms %s or newer", m.FormatVersion, backupFormatVersion, m.IsmsVersion)
	}
	if m.Dialect != sqldb.SQLite && m.Dialect != sqldb.Postgres {
		return fmt.Errorf("%s names an unknown database system %q", manifestName, m.Dialect)
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		got, ok := sums[f.Path]
		switch {
		case f.Path != databaseEntry(m.Dialect) && !strings.HasPrefix(f.Path, filesPrefix):
			return fmt.Errorf("%s lists %s, which a %s backup cannot hold", manifestName, f.Path, m.Dialect)
		case !ok:
			return fmt.Errorf("%s lists %s, but the archive does not contain it", manifestName, f.Path)
		case got.Size != f.Size || got.SHA256 != f.SHA256:
			return fmt.Errorf("%s is damaged or was altered: it has %d bytes with SHA-256 %s, the manifest says %d bytes with SHA-256 %s",
				f.Path, got.Size, got.SHA256, f.Size, f.SHA256)
		}
		listed[f.Path] = true
	}
	names := make([]string, 0, len(sums))
	for name := range sums {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !listed[name] {
			return fmt.Errorf("the archive holds %s, which %s does not list", name, manifestName)
		}
	}
	if !listed[databaseEntry(m.Dialect)] {
		return fmt.Errorf("the archive holds no %s", databaseEntry(m.Dialect))
	}
	return nil
}
