// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"

	"github.com/ismsproject/isms/internal/blob"
)

// openBlobs opens the evidence file store the settings choose: a directory
// under the data directory, or an S3 bucket (checked to exist).
func (ce *cmdEnv) openBlobs(ctx context.Context) (blob.Store, error) {
	c := ce.cfg
	if c.BlobStore == "s3" {
		return blob.NewS3(ctx, blob.S3Config{
			Endpoint:        c.S3Endpoint,
			Bucket:          c.S3Bucket,
			Region:          c.S3Region,
			AccessKeyID:     c.S3AccessKeyID,
			SecretAccessKey: c.S3SecretAccessKey,
			PathStyle:       c.S3PathStyle,
			Insecure:        c.S3Insecure,
			Prefix:          c.S3Prefix,
		})
	}
	return blob.NewFS(c.BlobDir())
}
