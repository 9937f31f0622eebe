// SPDX-License-Identifier: Apache-2.0

// Package blob stores evidence files by the SHA-256 of their content: on a
// local directory (the default, under the data directory) or in an
// S3-compatible object store. File names are never used as storage keys.
package blob

import (
	"context"
	"errors"
	"io"
)

// ErrNotFound is returned when no object has the requested hash.
var ErrNotFound = errors.New("blob not found")

// ErrTooLarge is returned by Put when the content exceeds the limit. Nothing
// is kept.
var ErrTooLarge = errors.New("blob exceeds the size limit")

// Ref identifies stored content.
type Ref struct {
	SHA256 string // lowercase hex
	Size   int64
}

// Store is where evidence files live. Implementations stream: no method
// holds a whole file in memory. Open, Stat and Delete refuse a sha that is
// not 64 lowercase hex digits with ErrInvalidSHA256, before any path or key
// is built from it. A Store is safe for concurrent use.
type Store interface {
	// Put reads r to its end, stores it under the SHA-256 of its content and
	// returns that reference. Storing content that is already there is not
	// an error. When more than limit bytes arrive (limit > 0), Put stops,
	// keeps nothing and returns ErrTooLarge.
	Put(ctx context.Context, r io.Reader, limit int64) (Ref, error)
	// Open returns the content stored under sha, or ErrNotFound. The
	// caller closes it.
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
	// Stat returns the size stored under sha, or ErrNotFound.
	Stat(ctx context.Context, sha string) (int64, error)
	// Delete removes the content stored under sha; deleting what is not there is not an error.
	Delete(ctx context.Context, sha string) error
	// Walk calls fn for every stored object, in no particular order.
	Walk(ctx context.Context, fn func(Ref) error) error
	// Kind names the implementation: "fs" or "s3".
	Kind() string
}
