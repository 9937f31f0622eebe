// SPDX-License-Identifier: Apache-2.0

package blob_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
)

func TestNewS3NamesWhatIsMissingOrWrongBeforeConnecting(t *testing.T) {
	for _, tc := range []struct {
		cfg  blob.S3Config
		want []string
	}{
		{blob.S3Config{}, []string{"endpoint", "bucket", "access key ID", "secret access key"}},
		{blob.S3Config{Endpoint: "s3.example.com", Bucket: "b", AccessKeyID: "k"}, []string{"secret access key"}},
		{blob.S3Config{Endpoint: "https://s3.example.com", Bucket: "b", AccessKeyID: "k", SecretAccessKey: "s"}, []string{"without scheme"}},
	} {
		_, err := blob.NewS3(context.Background(), tc.cfg)
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("NewS3(%+v) = %v, want an error naming %q", tc.cfg, err, w)
			}
		}
	}
}

func TestNewS3RefusesABucketThatDoesNotExist(t *testing.T) {
	cfg := blobtest.S3Config(t)
	cfg.Bucket = "no-such-bucket"
	_, err := blob.NewS3(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), `"no-such-bucket" does not exist`) {
		t.Errorf("NewS3(missing bucket) = %v, want an error saying it does not exist", err)
	}
}

func TestNewS3RefusesWrongCredentials(t *testing.T) {
	cfg := blobtest.S3Config(t)
	cfg.SecretAccessKey = "not-the-secret"
	_, err := blob.NewS3(context.Background(), cfg)
	t.Logf("NewS3(wrong secret) = %v", err)
	if err == nil || !strings.Contains(err.Error(), cfg.Bucket) {
		t.Errorf("NewS3(wrong secret) = %v, want an error naming the bucket", err)
	}
}

func TestS3StoresWithDifferentPrefixesShareABucketApart(t *testing.T) {
	cfg := blobtest.S3Config(t)
	stores := map[string]*blob.S3{}
	for _, p := range []string{"", "/isms/a/", "isms/b"} {
		cfg.Prefix = p
		s, err := blob.NewS3(context.Background(), cfg)
		if err != nil {
			t.Fatalf("NewS3(prefix %q) = %v", p, err)
		}
		stores[p] = s
	}
	a := put(t, stores["/isms/a/"], []byte("only in a"))
	if got := walk(t, stores["isms/b"]); len(got) != 0 {
		t.Errorf("store with prefix isms/b lists %v", got)
	}
	if got := walk(t, stores[""]); len(got) != 0 {
		t.Errorf("store without prefix lists %v, want nothing outside its sha256/", got)
	}
	if got := walk(t, stores["/isms/a/"]); len(got) != 1 || got[a.SHA256] != a.Size {
		t.Errorf("store with prefix isms/a lists %v, want %s", got, a.SHA256)
	}
}
