// SPDX-License-Identifier: Apache-2.0

package blob_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/blob"
)

func newFS(t *testing.T, dir string) *blob.FS {
	t.Helper()
	s, err := blob.NewFS(dir)
	if err != nil {
		t.Fatalf("NewFS(%s) = %v", dir, err)
	}
	return s
}

func TestFSKeepsContentInFanOutDirectoriesNamedByHash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	s := newFS(t, dir)
	ref := put(t, s, []byte("asset inventory"))
	want := filepath.Join(dir, "sha256", ref.SHA256[:2], ref.SHA256[2:4], ref.SHA256)
	if got := s.Path(ref.SHA256); got != want {
		t.Errorf("path = %s, want %s", got, want)
	}
	if b, err := os.ReadFile(want); err != nil || string(b) != "asset inventory" {
		t.Errorf("ReadFile(%s) = %q, %v", want, b, err)
	}
	if s.Kind() != "fs" || s.Dir() != dir {
		t.Errorf("Kind, Dir = %s, %s", s.Kind(), s.Dir())
	}
}

func TestFSBuildsNoPathFromAnInvalidHash(t *testing.T) {
	base := t.TempDir()
	storeDir := filepath.Join(base, "a", "b", "store")
	s := newFS(t, storeDir)
	for _, bad := range []string{"../../victim", "../../../victim", "..//../../victim"} {
		// Where the file would be if the hash were used as it is.
		victim := filepath.Join(storeDir, "sha256", bad[:2], bad[2:4], bad)
		if !strings.HasPrefix(victim, base) || strings.HasPrefix(victim, storeDir) {
			t.Fatalf("test setup: %s is not between %s and the store", victim, base)
		}
		if err := os.MkdirAll(filepath.Dir(victim), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(victim, []byte("not evidence"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(context.Background(), bad); !errors.Is(err, blob.ErrInvalidSHA256) {
			t.Errorf("Delete(%q) = %v, want ErrInvalidSHA256", bad, err)
		}
		if _, err := s.Open(context.Background(), bad); !errors.Is(err, blob.ErrInvalidSHA256) {
			t.Errorf("Open(%q) = %v, want ErrInvalidSHA256", bad, err)
		}
		if _, err := os.Stat(victim); err != nil {
			t.Errorf("Delete(%q) touched %s: %v", bad, victim, err)
		}
	}
}

func TestFSVerifyFindsChangedContent(t *testing.T) {
	s := newFS(t, t.TempDir())
	ref := put(t, s, []byte("incident report"))
	if err := os.WriteFile(s.Path(ref.SHA256), []byte("incident rep0rt"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := blob.Verify(context.Background(), s, ref)
	if !errors.Is(err, blob.ErrCorrupt) || !strings.Contains(err.Error(), ref.SHA256) {
		t.Errorf("Verify(changed) = %v, want ErrCorrupt naming the hash", err)
	}
}

func TestFSWalkSkipsFilesOutOfPlace(t *testing.T) {
	s := newFS(t, t.TempDir())
	ref := put(t, s, []byte("kept"))
	stray := sum([]byte("stray"))
	for _, p := range []string{filepath.Join(s.Dir(), "sha256", stray), filepath.Join(s.Dir(), "sha256", "ab", "cd", "notes.txt")} {
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, []byte("stray"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if got := walk(t, s); len(got) != 1 || got[ref.SHA256] != ref.Size {
		t.Errorf("Walk = %v, want only %s", got, ref.SHA256)
	}
}

func TestNewFSRemovesLeftoversOlderThanADay(t *testing.T) {
	dir := t.TempDir()
	newFS(t, dir)
	old, recent := filepath.Join(dir, "tmp", "put-old"), filepath.Join(dir, "tmp", "put-recent")
	for _, p := range []string{old, recent} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	twoDaysAgo := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(old, twoDaysAgo, twoDaysAgo); err != nil {
		t.Fatal(err)
	}
	newFS(t, dir)
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("NewFS kept a leftover from two days ago: %v", err)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("NewFS removed an upload that may still be running: %v", err)
	}
}

func TestNewFSSaysWhichDirectoryItCannotUse(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := blob.NewFS(file); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("NewFS(a file) = %v, want an error naming it", err)
	}
	if _, err := blob.NewFS(""); err == nil {
		t.Errorf("NewFS(\"\") = nil error")
	}
}
