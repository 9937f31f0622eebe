// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// SigningKeyRow is an organization's audit-package signing key as stored:
// the public key, and the private key sealed with the installation's
// secret key. Both are stored as standard base64 text.
type SigningKeyRow struct {
	OrgID         isms.ID
	PublicKey     []byte // 32 bytes, Ed25519
	PrivateSealed []byte
	Fingerprint   string
	CreatedBy     isms.ID
	CreatedAt     time.Time
}

// InsertSigningKey stores an organization's key; Conflict when it has
// one. It sets k.CreatedAt.
func (tx *Tx) InsertSigningKey(ctx context.Context, k *SigningKeyRow) error {
	k.CreatedAt = tx.now
	res, err := tx.exec(ctx, `INSERT INTO signing_keys (organization_id, public_key, private_sealed, fingerprint,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id) DO NOTHING`,
		k.OrgID, base64.StdEncoding.EncodeToString(k.PublicKey), base64.StdEncoding.EncodeToString(k.PrivateSealed),
		k.Fingerprint, k.CreatedBy, tx.ts(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert signing key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.Conflict, "The organization already has a signing key.")
	}
	return nil
}

// FindSigningKey returns an organization's key; NotFound when it has none.
func (tx *Tx) FindSigningKey(ctx context.Context, org isms.ID) (*SigningKeyRow, error) {
	var k SigningKeyRow
	var public, sealed string
	err := tx.queryRow(ctx, `SELECT organization_id, public_key, private_sealed, fingerprint, created_by, created_at
		FROM signing_keys WHERE organization_id = ?`, org).Scan(&k.OrgID, &public, &sealed, &k.Fingerprint,
		&k.CreatedBy, (*timestamp)(&k.CreatedAt))
	if err != nil {
		return nil, notFound(err, "The organization has no signing key.")
	}
	if k.PublicKey, err = base64.StdEncoding.DecodeString(public); err != nil {
		return nil, fmt.Errorf("decode public signing key: %w", err)
	}
	if k.PrivateSealed, err = base64.StdEncoding.DecodeString(sealed); err != nil {
		return nil, fmt.Errorf("decode sealed signing key: %w", err)
	}
	return &k, nil
}
