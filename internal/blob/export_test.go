// SPDX-License-Identifier: Apache-2.0

package blob

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/minio/minio-go/v7"
)

// Leftovers lists what uploads left in a store's temporary area: files in
// DIR/tmp, or objects and unfinished multipart uploads under PREFIX/tmp/.
func Leftovers(ctx context.Context, s Store) ([]string, error) {
	var out []string
	switch s := s.(type) {
	case *FS:
		entries, err := os.ReadDir(s.tmp)
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out, err
	case *S3:
		for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + "tmp/", Recursive: true}) {
			if obj.Err != nil {
				return nil, obj.Err
			}
			out = append(out, obj.Key)
		}
		for up := range s.client.ListIncompleteUploads(ctx, s.bucket, s.prefix+"tmp/", true) {
			if up.Err != nil {
				return nil, up.Err
			}
			out = append(out, "upload "+up.Key)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown store %T", s)
}

// LeaveTemp leaves in the temporary area what a crash in the middle of a
// Put would: a partial file, or a temporary object and an unfinished
// multipart upload.
func LeaveTemp(ctx context.Context, s Store) error {
	switch s := s.(type) {
	case *FS:
		return os.WriteFile(filepath.Join(s.tmp, "put-crashed"), []byte("partial"), 0o600)
	case *S3:
		key := s.prefix + "tmp/" + randomHex()
		if _, err := s.client.PutObject(ctx, s.bucket, key, bytes.NewReader([]byte("partial")), 7, minio.PutObjectOptions{}); err != nil {
			return err
		}
		_, err := s.core.NewMultipartUpload(ctx, s.bucket, s.prefix+"tmp/"+randomHex(), minio.PutObjectOptions{})
		return err
	}
	return fmt.Errorf("unknown store %T", s)
}

// CleanTemp removes from the temporary area what was left before before, as
// opening a store does for what is older than a day.
func CleanTemp(ctx context.Context, s Store, before time.Time) error {
	switch s := s.(type) {
	case *FS:
		return s.cleanTemp(before)
	case *S3:
		return s.cleanTemp(ctx, before)
	}
	return fmt.Errorf("unknown store %T", s)
}

// Path returns where a directory store keeps the content of a hash.
func (s *FS) Path(sha string) string { return s.path(sha) }
