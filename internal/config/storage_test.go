// SPDX-License-Identifier: Apache-2.0

package config_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/config"
)

// load runs Load and Finish over vars, as the command line does.
func load(vars map[string]string) (config.Config, error) {
	c, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		return c, err
	}
	return c, c.Finish()
}

func TestEvidenceFilesDefaultToTheDataDirectory(t *testing.T) {
	c, err := load(map[string]string{"ISMS_DATA_DIR": "/srv/isms"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BlobStore != "fs" || c.BlobDir() != filepath.Join("/srv/isms", "blobs") {
		t.Errorf("BlobStore, BlobDir = %q, %q, want fs, /srv/isms/blobs", c.BlobStore, c.BlobDir())
	}
	if c.MaxUploadMB != 100 || c.MaxUploadBytes() != 100<<20 {
		t.Errorf("MaxUploadMB, MaxUploadBytes = %d, %d, want 100 MiB", c.MaxUploadMB, c.MaxUploadBytes())
	}
}

func TestS3SettingsAreReadAndTheSecretRedacted(t *testing.T) {
	c, err := load(map[string]string{
		"ISMS_BLOB_STORE":           "s3",
		"ISMS_S3_ENDPOINT":          "minio.internal:9000",
		"ISMS_S3_BUCKET":            "evidence",
		"ISMS_S3_REGION":            "eu-central-1",
		"ISMS_S3_PREFIX":            "isms/",
		"ISMS_S3_ACCESS_KEY_ID":     "AKIAEXAMPLE",
		"ISMS_S3_SECRET_ACCESS_KEY": "wJalrXUtnFEMI-very-secret",
		"ISMS_S3_PATH_STYLE":        "true",
		"ISMS_S3_INSECURE":          "1",
		"ISMS_MAX_UPLOAD_MB":        "250",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := config.Config{BlobStore: c.BlobStore, S3Endpoint: c.S3Endpoint, S3Bucket: c.S3Bucket, S3Region: c.S3Region,
		S3Prefix: c.S3Prefix, S3AccessKeyID: c.S3AccessKeyID, S3SecretAccessKey: c.S3SecretAccessKey,
		S3PathStyle: c.S3PathStyle, S3Insecure: c.S3Insecure, MaxUploadMB: c.MaxUploadMB}
	want := config.Config{BlobStore: "s3", S3Endpoint: "minio.internal:9000", S3Bucket: "evidence", S3Region: "eu-central-1",
		S3Prefix: "isms/", S3AccessKeyID: "AKIAEXAMPLE", S3SecretAccessKey: "wJalrXUtnFEMI-very-secret",
		S3PathStyle: true, S3Insecure: true, MaxUploadMB: 250}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	shown := map[string]string{}
	for _, s := range c.Settings() {
		shown[s.Env] = s.Value
	}
	for env, want := range map[string]string{"ISMS_BLOB_STORE": "s3", "ISMS_S3_ENDPOINT": "minio.internal:9000",
		"ISMS_S3_ACCESS_KEY_ID": "AKIAEXAMPLE", "ISMS_S3_SECRET_ACCESS_KEY": "(set, redacted)",
		"ISMS_S3_PATH_STYLE": "true", "ISMS_MAX_UPLOAD_MB": "250"} {
		if shown[env] != want {
			t.Errorf("Settings shows %s = %q, want %q", env, shown[env], want)
		}
	}
	for env, v := range shown {
		if strings.Contains(v, "very-secret") {
			t.Errorf("Settings shows the secret access key in %s", env)
		}
	}
}

func TestBadStorageSettingsAreRefusedWithTheirName(t *testing.T) {
	s3 := func(extra map[string]string) map[string]string {
		m := map[string]string{"ISMS_BLOB_STORE": "s3", "ISMS_S3_ENDPOINT": "s3.example.com", "ISMS_S3_BUCKET": "b",
			"ISMS_S3_ACCESS_KEY_ID": "k", "ISMS_S3_SECRET_ACCESS_KEY": "s"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		vars map[string]string
		want []string
	}{
		{map[string]string{"ISMS_BLOB_STORE": "gcs"}, []string{"ISMS_BLOB_STORE", "fs", "s3"}},
		{map[string]string{"ISMS_BLOB_STORE": "s3"}, []string{"ISMS_S3_ENDPOINT", "ISMS_S3_BUCKET", "ISMS_S3_ACCESS_KEY_ID", "ISMS_S3_SECRET_ACCESS_KEY"}},
		{s3(map[string]string{"ISMS_S3_SECRET_ACCESS_KEY": ""}), []string{"ISMS_S3_SECRET_ACCESS_KEY"}},
		{s3(map[string]string{"ISMS_S3_ENDPOINT": "https://s3.example.com"}), []string{"ISMS_S3_ENDPOINT", "without scheme"}},
		{s3(map[string]string{"ISMS_S3_PATH_STYLE": "yes please"}), []string{"ISMS_S3_PATH_STYLE", "true or false"}},
		{map[string]string{"ISMS_S3_INSECURE": "maybe"}, []string{"ISMS_S3_INSECURE"}},
		{map[string]string{"ISMS_MAX_UPLOAD_MB": "0"}, []string{"ISMS_MAX_UPLOAD_MB", "1 to 5120"}},
		{map[string]string{"ISMS_MAX_UPLOAD_MB": "6000"}, []string{"ISMS_MAX_UPLOAD_MB"}},
		{map[string]string{"ISMS_MAX_UPLOAD_MB": "1.5"}, []string{"ISMS_MAX_UPLOAD_MB"}},
	} {
		_, err := load(tc.vars)
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("settings %v: error %v, want one naming %q", tc.vars, err, w)
			}
		}
	}
	if _, err := load(s3(nil)); err != nil {
		t.Errorf("complete S3 settings: %v", err)
	}
}
