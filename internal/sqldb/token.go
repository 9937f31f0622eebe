// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

const tokenColumns = `id, user_id, organization_id, name, scope, prefix, expires_at, last_used_at, revoked_at, created_at`

func scanToken(s interface{ Scan(...any) error }) (*isms.APIToken, error) {
	var t isms.APIToken
	err := s.Scan(&t.ID, &t.UserID, &t.OrgID, &t.Name, &t.Scope, &t.Prefix,
		(*timestamp)(&t.ExpiresAt), (*timestamp)(&t.LastUsedAt), (*timestamp)(&t.RevokedAt), (*timestamp)(&t.CreatedAt))
	return &t, err
}

// InsertAPIToken stores a token under the hash of its secret.
func (tx *Tx) InsertAPIToken(ctx context.Context, t *isms.APIToken, hashedSecret string) error {
	t.CreatedAt = tx.now
	_, err := tx.exec(ctx, `
		INSERT INTO api_tokens (id, user_id, organization_id, name, scope, prefix, hashed_secret, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.UserID, t.OrgID, t.Name, t.Scope, t.Prefix, hashedSecret, tx.ts(t.ExpiresAt), tx.ts(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert api token: %w", err)
	}
	return nil
}

// FindAPITokenBySecret returns the token stored under hashedSecret.
func (tx *Tx) FindAPITokenBySecret(ctx context.Context, hashedSecret string) (*isms.APIToken, error) {
	t, err := scanToken(tx.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hashed_secret = ?`, hashedSecret))
	if err != nil {
		return nil, notFound(err, "Unknown API token.")
	}
	return t, nil
}

// FindAPITokenByID returns token id of user.
func (tx *Tx) FindAPITokenByID(ctx context.Context, user, id isms.ID) (*isms.APIToken, error) {
	t, err := scanToken(tx.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ? AND user_id = ?`, id, user))
	if err != nil {
		return nil, notFound(err, "No such API token.")
	}
	return t, nil
}

// FindAPITokens returns the tokens of user, newest first.
func (tx *Tx) FindAPITokens(ctx context.Context, user isms.ID) ([]*isms.APIToken, error) {
	rows, err := tx.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ?
		ORDER BY created_at DESC, id LIMIT ?`, user, isms.MaxPageSize)
	if err != nil {
		return nil, fmt.Errorf("select api tokens: %w", err)
	}
	defer rows.Close()
	var out []*isms.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("scan api token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken marks token id revoked now.
func (tx *Tx) RevokeAPIToken(ctx context.Context, id isms.ID) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.ts(tx.now), id)
	if err != nil {
		return fmt.Errorf("revoke api token: %w", err)
	}
	return nil
}

// RevokeUserAPITokens revokes every active token of user and returns how many.
func (tx *Tx) RevokeUserAPITokens(ctx context.Context, user isms.ID) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, tx.ts(tx.now), user)
	if err != nil {
		return 0, fmt.Errorf("revoke user api tokens: %w", err)
	}
	return res.RowsAffected()
}

// TouchAPIToken records that token id was used at t.
func (tx *Tx) TouchAPIToken(ctx context.Context, id isms.ID, t time.Time) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.ts(t), id)
	return err
}
