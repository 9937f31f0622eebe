// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// InsertSession stores a session under the hash of its secret ID.
func (tx *Tx) InsertSession(ctx context.Context, hashedID string, s *isms.Session) error {
	_, err := tx.exec(ctx, `
		INSERT INTO sessions (hashed_id, user_id, organization_id, csrf_token, client_addr, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		hashedID, s.UserID, s.OrgID, s.CSRFToken, s.ClientAddr, tx.ts(s.CreatedAt), tx.ts(s.LastSeenAt), tx.ts(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

// FindSession returns the session stored under hashedID.
func (tx *Tx) FindSession(ctx context.Context, hashedID string) (*isms.Session, error) {
	var s isms.Session
	err := tx.queryRow(ctx, `
		SELECT user_id, organization_id, csrf_token, client_addr, created_at, last_seen_at, expires_at
		FROM sessions WHERE hashed_id = ?`, hashedID).Scan(
		&s.UserID, &s.OrgID, &s.CSRFToken, &s.ClientAddr,
		(*timestamp)(&s.CreatedAt), (*timestamp)(&s.LastSeenAt), (*timestamp)(&s.ExpiresAt))
	if err != nil {
		return nil, notFound(err, "Your session has ended; please sign in again.")
	}
	return &s, nil
}

// TouchSession records activity on a session and its current organization.
func (tx *Tx) TouchSession(ctx context.Context, hashedID string, orgID isms.ID, seen time.Time) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ?, organization_id = ? WHERE hashed_id = ?`,
		tx.ts(seen), orgID, hashedID)
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (tx *Tx) DeleteSession(ctx context.Context, hashedID string) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE hashed_id = ?`, hashedID); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of user except keep (a hashed ID,
// or "" to end them all) and returns how many ended.
func (tx *Tx) DeleteUserSessions(ctx context.Context, user isms.ID, keep string) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND hashed_id <> ?`, user, keep)
	if err != nil {
		return 0, fmt.Errorf("delete user sessions: %w", err)
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes sessions whose absolute expiry has passed.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, tx.ts(now))
	return err
}
