// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/config"
)

// envWith returns a cmdEnv whose settings come from vars, as load makes them.
func envWith(t *testing.T, vars map[string]string) *cmdEnv {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err == nil {
		err = cfg.Finish()
	}
	if err != nil {
		t.Fatalf("settings %v: %v", vars, err)
	}
	return &cmdEnv{cfg: cfg}
}

// roundTrip puts content into s and checks it comes back.
func roundTrip(t *testing.T, s blob.Store) blob.Ref {
	t.Helper()
	ctx := context.Background()
	ref, err := s.Put(ctx, strings.NewReader("supplier contract"), 0)
	if err != nil {
		t.Fatalf("Put = %v", err)
	}
	if n, err := s.Stat(ctx, ref.SHA256); err != nil || n != ref.Size {
		t.Errorf("Stat = %d, %v, want %d", n, err, ref.Size)
	}
	return ref
}

func TestEvidenceFilesGoUnderTheDataDirectoryByDefault(t *testing.T) {
	dir := t.TempDir()
	s, err := envWith(t, map[string]string{"ISMS_DATA_DIR": dir}).openBlobs(context.Background())
	if err != nil {
		t.Fatalf("openBlobs = %v", err)
	}
	if s.Kind() != "fs" {
		t.Errorf("Kind() = %q, want fs", s.Kind())
	}
	ref := roundTrip(t, s)
	if _, err := os.Stat(filepath.Join(dir, "blobs", "sha256", ref.SHA256[:2], ref.SHA256[2:4], ref.SHA256)); err != nil {
		t.Errorf("the file is not under the data directory: %v", err)
	}
}

func TestEvidenceFilesGoToS3WhenConfigured(t *testing.T) {
	sc := blobtest.S3Config(t)
	vars := map[string]string{
		"ISMS_BLOB_STORE":           "s3",
		"ISMS_S3_ENDPOINT":          sc.Endpoint,
		"ISMS_S3_BUCKET":            sc.Bucket,
		"ISMS_S3_REGION":            sc.Region,
		"ISMS_S3_PREFIX":            "isms",
		"ISMS_S3_ACCESS_KEY_ID":     sc.AccessKeyID,
		"ISMS_S3_SECRET_ACCESS_KEY": sc.SecretAccessKey,
		"ISMS_S3_PATH_STYLE":        strconv.FormatBool(sc.PathStyle),
		"ISMS_S3_INSECURE":          strconv.FormatBool(sc.Insecure),
	}
	s, err := envWith(t, vars).openBlobs(context.Background())
	if err != nil {
		t.Fatalf("openBlobs = %v", err)
	}
	if s.Kind() != "s3" {
		t.Errorf("Kind() = %q, want s3", s.Kind())
	}
	roundTrip(t, s)

	vars["ISMS_S3_BUCKET"] = "not-there"
	if _, err := envWith(t, vars).openBlobs(context.Background()); err == nil || !strings.Contains(err.Error(), "not-there") {
		t.Errorf("openBlobs with a missing bucket = %v, want an error naming it", err)
	}
}
