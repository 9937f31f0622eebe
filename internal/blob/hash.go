// SPDX-License-Identifier: Apache-2.0

package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// ErrInvalidSHA256 is returned when a hash given to Open, Stat or Delete is
// not 64 lowercase hexadecimal digits. No storage path or key is built from
// such a value.
var ErrInvalidSHA256 = errors.New("not a SHA-256 in 64 lowercase hex digits")

// ErrCorrupt is returned by Verify when stored content no longer matches its
// hash or size.
var ErrCorrupt = errors.New("stored content does not match its SHA-256")

// ValidSHA256 reports whether s is a SHA-256 as the stores name content: 64
// lowercase hexadecimal digits.
func ValidSHA256(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// checkSHA256 returns ErrInvalidSHA256, naming the value, unless sha is valid.
func checkSHA256(sha string) error {
	if ValidSHA256(sha) {
		return nil
	}
	if len(sha) > 80 {
		sha = sha[:80] + "…"
	}
	return fmt.Errorf("blob %q: %w", sha, ErrInvalidSHA256)
}

// Verify reads the content stored under ref.SHA256 and checks that it still
// hashes to ref.SHA256 and has ref.Size bytes. It returns ErrCorrupt
// (wrapped, with what differs) when not, ErrNotFound when nothing is stored.
func Verify(ctx context.Context, s Store, ref Ref) error {
	rc, err := s.Open(ctx, ref.SHA256)
	if err != nil {
		return err
	}
	defer rc.Close()
	m := newMeter(ctx, rc, 0)
	if _, err := io.Copy(io.Discard, m); err != nil {
		return fmt.Errorf("verify blob %s: %w", ref.SHA256, err)
	}
	got := m.ref()
	if got != ref {
		return fmt.Errorf("blob %s: %w: read %d bytes hashing to %s, want %d bytes", ref.SHA256, ErrCorrupt, got.Size, got.SHA256, ref.Size)
	}
	return nil
}

// meter hashes and counts what is read through it, stops with ErrTooLarge
// once more than limit bytes arrived (limit > 0), and with the context's
// error once ctx is done. It never reads more than limit+1 bytes from r.
type meter struct {
	ctx   context.Context
	r     io.Reader
	h     hash.Hash
	n     int64
	limit int64
}

func newMeter(ctx context.Context, r io.Reader, limit int64) *meter {
	return &meter{ctx: ctx, r: r, h: sha256.New(), limit: limit}
}

func (m *meter) Read(p []byte) (int, error) {
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	if m.limit > 0 && int64(len(p)) > m.limit-m.n+1 {
		p = p[:m.limit-m.n+1]
	}
	n, err := m.r.Read(p)
	m.h.Write(p[:n])
	m.n += int64(n)
	if m.limit > 0 && m.n > m.limit {
		return n, ErrTooLarge
	}
	return n, err
}

// ref returns the hash and size of everything read so far.
func (m *meter) ref() Ref {
	return Ref{SHA256: hex.EncodeToString(m.h.Sum(nil)), Size: m.n}
}
