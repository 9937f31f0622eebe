// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// SigningKeyRow is an organization's audit-package signing key as stored:
// the public key, and the private key sealed with the installation's
// secret key.
type SigningKeyRow struct {
	OrgID         isms.ID
	PublicKey     []byte // 32 bytes, Ed25519
	PrivateSealed []byte
	Fingerprint   string
	CreatedBy     isms.ID
	CreatedAt     time.Time
}

// InsertSigningKey stores an organization's key; Conflict when it has one.
func (tx *Tx) InsertSigningKey(ctx context.Context, k *SigningKeyRow) error {
	panic("not implemented")
}

// FindSigningKey returns an organization's key; NotFound when it has none.
func (tx *Tx) FindSigningKey(ctx context.Context, org isms.ID) (*SigningKeyRow, error) {
	panic("not implemented")
}
