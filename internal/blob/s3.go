// SPDX-License-Identifier: Apache-2.0

package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says where an S3-compatible object store is and how to sign in.
type S3Config struct {
	// Endpoint is host[:port] of the service, without a scheme, such as
	// "s3.eu-central-1.amazonaws.com" or "minio.internal:9000".
	Endpoint string
	// Bucket must exist; NewS3 does not create it.
	Bucket string
	// Region is the bucket's region; empty asks the service.
	Region string
	// AccessKeyID and SecretAccessKey are the static credentials.
	AccessKeyID     string
	SecretAccessKey string
	// PathStyle addresses the bucket as https://endpoint/bucket/ rather than
	// https://bucket.endpoint/; most self-hosted services need it.
	PathStyle bool
	// Insecure talks plain http instead of https.
	Insecure bool
	// Prefix is put before every key ("isms/" keeps the store in that
	// folder of a shared bucket); empty uses the whole bucket.
	Prefix string
}

// S3 keeps content in an S3-compatible bucket under PREFIX/sha256/<hex>.
//
// Content that fits in one part (8 MiB) is hashed in memory and written
// straight to its key. Larger content is uploaded in 8 MiB parts to a
// temporary key under PREFIX/tmp/ while it is hashed, then copied on the
// server to its key and the temporary key is deleted; an upload that fails
// is aborted. Memory per Put is one part whatever the size. Objects are at
// most 5 GiB, the largest a single server-side copy takes: a larger Put
// returns ErrTooLarge.
type S3 struct {
	core   *minio.Core   // multipart parts and single-request puts
	client *minio.Client // everything else
	bucket string
	prefix string
	where  string // endpoint/bucket, for messages
}

const (
	s3PartSize  = 8 << 20
	s3MaxObject = 5 << 30
)

var partBuffers = sync.Pool{New: func() any { b := make([]byte, s3PartSize); return &b }}

// NewS3 connects to the service in cfg, checks that the bucket exists and
// can be reached with the credentials, and removes uploads older than a day
// that a crash left under the temporary prefix.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	core, err := minio.NewCore(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKeyID, cfg.SecretAccessKey, ""),
		Secure:       !cfg.Insecure,
		Region:       cfg.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %q: %w", cfg.Endpoint, err)
	}
	s := &S3{core: core, client: core.Client, bucket: cfg.Bucket, prefix: normalPrefix(cfg.Prefix), where: cfg.Endpoint + "/" + cfg.Bucket}
	ok, err := s.client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		switch minio.ToErrorResponse(err).Code {
		case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch":
			return nil, fmt.Errorf("S3 bucket %s: %w (check the access key, the secret and the region)", s.where, err)
		}
		return nil, fmt.Errorf("S3 bucket %s: %w", s.where, err)
	}
	if !ok {
		return nil, fmt.Errorf("S3 bucket %q does not exist at %s: create it, or correct the bucket name", cfg.Bucket, cfg.Endpoint)
	}
	if err := s.cleanTemp(ctx, time.Now().Add(-staleAfter)); err != nil {
		return nil, fmt.Errorf("S3 bucket %s: %w", s.where, err)
	}
	return s, nil
}

func (c S3Config) check() error {
	var missing []string
	for _, f := range []struct{ name, v string }{{"endpoint", c.Endpoint}, {"bucket", c.Bucket},
		{"access key ID", c.AccessKeyID}, {"secret access key", c.SecretAccessKey}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("S3 store: no %s given", strings.Join(missing, ", "))
	}
	if strings.Contains(c.Endpoint, "/") {
		return fmt.Errorf("S3 endpoint %q: give host[:port] without scheme or path (plain http is the Insecure setting)", c.Endpoint)
	}
	return nil
}

// normalPrefix turns "isms", "/isms/" and "isms/" into "isms/".
func normalPrefix(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return ""
	}
	return p + "/"
}

// Kind returns "s3".
func (s *S3) Kind() string { return "s3" }

func (s *S3) key(sha string) string { return s.prefix + "sha256/" + sha }

// Put streams r to the bucket while hashing it; see S3 for how.
func (s *S3) Put(ctx context.Context, r io.Reader, limit int64) (ref Ref, err error) {
	if limit <= 0 || limit > s3MaxObject {
		limit = s3MaxObject
	}
	bp := partBuffers.Get().(*[]byte)
	defer func() {
		// After a failed request the HTTP client may still be reading the
		// buffer; only a buffer all of whose requests completed is reused.
		if err == nil {
			partBuffers.Put(bp)
		}
	}()
	buf := *bp
	m := newMeter(ctx, r, limit)
	n, last, err := fill(m, buf)
	if err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	if last {
		ref = m.ref()
		if err := s.putSmall(ctx, ref, buf[:n]); err != nil {
			return Ref{}, fmt.Errorf("put blob: %w", err)
		}
		return ref, nil
	}
	tmp := s.prefix + "tmp/" + randomHex()
	defer s.removeQuietly(ctx, tmp)
	if err := s.upload(ctx, tmp, m, buf, n); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	ref = m.ref()
	if err := s.publish(ctx, tmp, ref); err != nil {
		return Ref{}, fmt.Errorf("put blob: %w", err)
	}
	return ref, nil
}

// fill reads into buf until it is full or r ends; last reports the end.
func fill(r io.Reader, buf []byte) (n int, last bool, err error) {
	n, err = io.ReadFull(r, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return n, true, nil
	}
	return n, false, err
}

// exists reports whether content of ref's hash and size is stored.
func (s *S3) exists(ctx context.Context, ref Ref) (bool, error) {
	info, err := s.client.StatObject(ctx, s.bucket, s.key(ref.SHA256), minio.StatObjectOptions{})
	if isNoSuchKey(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return info.Size == ref.Size, nil
}

// putSmall writes content held in memory to its key. The service checks it
// against the SHA-256 sent along.
func (s *S3) putSmall(ctx context.Context, ref Ref, data []byte) error {
	if ok, err := s.exists(ctx, ref); err != nil || ok {
		return err
	}
	_, err := s.core.PutObject(ctx, s.bucket, s.key(ref.SHA256), bytes.NewReader(data), ref.Size, "", ref.SHA256,
		minio.PutObjectOptions{ContentType: "application/octet-stream"})
	return err
}

// upload sends buf[:n] and the rest of m as a multipart upload to key,
// aborting it on failure.
func (s *S3) upload(ctx context.Context, key string, m *meter, buf []byte, n int) (err error) {
	id, err := s.core.NewMultipartUpload(ctx, s.bucket, key, minio.PutObjectOptions{ContentType: "application/octet-stream"})
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			ctx, cancel := cleanupContext(ctx)
			defer cancel()
			s.core.AbortMultipartUpload(ctx, s.bucket, key, id)
		}
	}()
	var parts []minio.CompletePart
	for last := false; ; {
		p, err := s.core.PutObjectPart(ctx, s.bucket, key, id, len(parts)+1, bytes.NewReader(buf[:n]), int64(n), minio.PutObjectPartOptions{})
		if err != nil {
			return err
		}
		parts = append(parts, minio.CompletePart{PartNumber: p.PartNumber, ETag: p.ETag})
		if last {
			break
		}
		if n, last, err = fill(m, buf); err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	_, err = s.core.CompleteMultipartUpload(ctx, s.bucket, key, id, parts, minio.PutObjectOptions{})
	return err
}

// publish copies the uploaded temporary object to the key of its hash,
// unless that content is already there.
func (s *S3) publish(ctx context.Context, tmp string, ref Ref) error {
	if ok, err := s.exists(ctx, ref); err != nil || ok {
		return err
	}
	_, err := s.client.CopyObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: s.key(ref.SHA256)},
		minio.CopySrcOptions{Bucket: s.bucket, Object: tmp})
	return err
}

// removeQuietly deletes key even when ctx is already cancelled. A failure
// leaves a temporary object that a later NewS3 removes.
func (s *S3) removeQuietly(ctx context.Context, key string) {
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// cleanupContext outlives the cancellation of ctx, for a short while.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}

func randomHex() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Open returns the object stored under sha.
func (s *S3) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	if err := checkSHA256(sha); err != nil {
		return nil, err
	}
	rc, _, _, err := s.core.GetObject(ctx, s.bucket, s.key(sha), minio.GetObjectOptions{})
	if isNoSuchKey(err) {
		return nil, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob %s in %s: %w", sha, s.where, err)
	}
	return rc, nil
}

// Stat returns the size of the object stored under sha.
func (s *S3) Stat(ctx context.Context, sha string) (int64, error) {
	if err := checkSHA256(sha); err != nil {
		return 0, err
	}
	info, err := s.client.StatObject(ctx, s.bucket, s.key(sha), minio.StatObjectOptions{})
	if isNoSuchKey(err) {
		return 0, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("stat blob %s in %s: %w", sha, s.where, err)
	}
	return info.Size, nil
}

// Delete removes the object stored under sha.
func (s *S3) Delete(ctx context.Context, sha string) error {
	if err := checkSHA256(sha); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, s.key(sha), minio.RemoveObjectOptions{})
	if err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("delete blob %s in %s: %w", sha, s.where, err)
	}
	return nil
}

// Walk lists the keys under PREFIX/sha256/ and calls fn for each that is
// named by a valid hash.
func (s *S3) Walk(ctx context.Context, fn func(Ref) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dir := s.prefix + "sha256/"
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: dir, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("walk blobs in %s: %w", s.where, obj.Err)
		}
		sha := strings.TrimPrefix(obj.Key, dir)
		if !ValidSHA256(sha) {
			continue
		}
		if err := fn(Ref{SHA256: sha, Size: obj.Size}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// cleanTemp removes temporary objects and aborts multipart uploads under
// PREFIX/tmp/ that were started before before.
func (s *S3) cleanTemp(ctx context.Context, before time.Time) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dir := s.prefix + "tmp/"
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: dir, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("clean temporary objects: %w", obj.Err)
		}
		if obj.LastModified.Before(before) {
			if err := s.client.RemoveObject(ctx, s.bucket, obj.Key, minio.RemoveObjectOptions{}); err != nil && !isNoSuchKey(err) {
				return fmt.Errorf("clean temporary objects: %w", err)
			}
		}
	}
	for up := range s.client.ListIncompleteUploads(ctx, s.bucket, dir, true) {
		if up.Err != nil {
			return fmt.Errorf("clean unfinished uploads: %w", up.Err)
		}
		if up.Initiated.Before(before) {
			if err := s.core.AbortMultipartUpload(ctx, s.bucket, up.Key, up.UploadID); err != nil && !isNoSuchUpload(err) {
				return fmt.Errorf("clean unfinished uploads: %w", err)
			}
		}
	}
	return nil
}

func isNoSuchKey(err error) bool {
	return err != nil && minio.ToErrorResponse(err).Code == minio.NoSuchKey
}

func isNoSuchUpload(err error) bool {
	return err != nil && minio.ToErrorResponse(err).Code == minio.NoSuchUpload
}
