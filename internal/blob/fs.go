// SPDX-License-Identifier: Apache-2.0

package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// FS keeps content in a local directory:
//
//	DIR/sha256/ab/cd/abcd…    the content whose SHA-256 is abcd… (64 hex digits)
//	DIR/tmp/                  uploads in progress
//
// Put writes to a temporary file in DIR/tmp, syncs it and renames it into
// place, so a stored file is always complete and concurrent Puts of the
// same content are safe. DIR/tmp and DIR/sha256 must be on one file system.
type FS struct {
	root string
	tmp  string
	objs string
}

// staleAfter is how old an upload left in the temporary area must be before
// opening a store removes it: long enough that no upload still running can
// be hit.
const staleAfter = 24 * time.Hour

// NewFS opens the store in dir, creating the directory when it does not
// exist, and removes temporary files older than a day that a crash left.
func NewFS(dir string) (*FS, error) {
	if dir == "" {
		return nil, errors.New("blob store: no directory given")
	}
	s := &FS{root: dir, tmp: filepath.Join(dir, "tmp"), objs: filepath.Join(dir, "sha256")}
	for _, d := range []string{s.tmp, s.objs} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("blob store %s: %w", dir, err)
		}
	}
	if err := s.cleanTemp(time.Now().Add(-staleAfter)); err != nil {
		return nil, fmt.Errorf("blob store %s: %w", dir, err)
	}
	return s, nil
}

// Kind returns "fs".
func (s *FS) Kind() string { return "fs" }

// Dir returns the directory the store keeps its files in.
func (s *FS) Dir() string { return s.root }

// path is where content with the given (valid) hash is kept.
func (s *FS) path(sha string) string {
	return filepath.Join(s.objs, sha[:2], sha[2:4], sha)
}

// Put streams r into a temporary file while hashing it, then moves the file
// to the path named by its hash. Content already stored is kept as it is.
func (s *FS) Put(ctx context.Context, r io.Reader, limit int64) (Ref, error) {
	f, err := os.CreateTemp(s.tmp, "put-*")
	if err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	kept := false
	defer func() {
		if !kept {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	m := newMeter(ctx, r, limit)
	if _, err := io.CopyBuffer(f, m, make([]byte, 256<<10)); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	if err := f.Sync(); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	if err := f.Close(); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	ref := m.ref()
	dst := s.path(ref.SHA256)
	if fi, err := os.Stat(dst); err == nil && fi.Mode().IsRegular() && fi.Size() == ref.Size {
		return ref, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	if err := os.Rename(f.Name(), dst); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	kept = true
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	return ref, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open returns the file stored under sha.
func (s *FS) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	if err := checkSHA256(sha); err != nil {
		return nil, err
	}
	f, err := os.Open(s.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return f, nil
}

// Stat returns the size of the file stored under sha.
func (s *FS) Stat(ctx context.Context, sha string) (int64, error) {
	if err := checkSHA256(sha); err != nil {
		return 0, err
	}
	fi, err := os.Stat(s.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("stat blob: %w", err)
	}
	return fi.Size(), nil
}

// Delete removes the file stored under sha. Empty fan-out directories are
// left in place; there are at most 65,536 of them.
func (s *FS) Delete(ctx context.Context, sha string) error {
	if err := checkSHA256(sha); err != nil {
		return err
	}
	if err := os.Remove(s.path(sha)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete blob: %w", err)
	}
	return nil
}

// Walk calls fn for every stored file. Files that are not where their name
// says they belong (copied in by hand, say) are skipped.
func (s *FS) Walk(ctx context.Context, fn func(Ref) error) error {
	return filepath.WalkDir(s.objs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk blobs: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() || !ValidSHA256(d.Name()) || p != s.path(d.Name()) {
			return nil
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted while walking
		}
		if err != nil {
			return fmt.Errorf("walk blobs: %w", err)
		}
		return fn(Ref{SHA256: d.Name(), Size: fi.Size()})
	})
}

// cleanTemp removes files in the temporary area last modified before
// before.
func (s *FS) cleanTemp(before time.Time) error {
	entries, err := os.ReadDir(s.tmp)
	if err != nil {
		return fmt.Errorf("clean temporary files: %w", err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.ModTime().Before(before) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(s.tmp, e.Name())); err != nil {
			return fmt.Errorf("clean temporary files: %w", err)
		}
	}
	return nil
}
