// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// Notifications: each person's preferences, the keys of what was sent,
// the open tasks the reminders list, and calendar feeds.

const prefsColumns = `user_id, assigned, due_soon_days, digest, approvals, unsubscribe_nonce, version, updated_at`

func scanPrefs(s interface{ Scan(...any) error }) (*isms.NotificationPrefs, error) {
	var p isms.NotificationPrefs
	err := s.Scan(&p.UserID, &p.Assigned, &p.DueSoonDays, &p.Digest, &p.Approvals, &p.UnsubscribeNonce,
		&p.Version, (*timestamp)(&p.UpdatedAt))
	return &p, err
}

// FindNotificationPrefs returns the stored preferences of user; NotFound
// when they never had any stored.
func (tx *Tx) FindNotificationPrefs(ctx context.Context, user isms.ID) (*isms.NotificationPrefs, error) {
	p, err := scanPrefs(tx.queryRow(ctx, `SELECT `+prefsColumns+` FROM notification_prefs WHERE user_id = ?`, user))
	if err != nil {
		return nil, notFound(err, "No notification preferences stored.")
	}
	return p, nil
}

// EnsureNotificationPrefs stores p unless preferences of its user exist,
// and returns what is stored, so that two jobs starting at once agree on
// one unsubscribe nonce.
func (tx *Tx) EnsureNotificationPrefs(ctx context.Context, p *isms.NotificationPrefs) (*isms.NotificationPrefs, error) {
	_, err := tx.exec(ctx, `INSERT INTO notification_prefs (`+prefsColumns+`) VALUES (?, ?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT (user_id) DO NOTHING`,
		p.UserID, p.Assigned, p.DueSoonDays, p.Digest, p.Approvals, p.UnsubscribeNonce, tx.ts(tx.now))
	if err != nil {
		return nil, fmt.Errorf("insert notification preferences: %w", err)
	}
	return tx.FindNotificationPrefs(ctx, p.UserID)
}

// UpdateNotificationPrefs stores p if its version is still current, and
// advances the version.
func (tx *Tx) UpdateNotificationPrefs(ctx context.Context, p *isms.NotificationPrefs) error {
	res, err := tx.exec(ctx, `UPDATE notification_prefs SET assigned = ?, due_soon_days = ?, digest = ?, approvals = ?,
		unsubscribe_nonce = ?, version = version + 1, updated_at = ? WHERE user_id = ? AND version = ?`,
		p.Assigned, p.DueSoonDays, p.Digest, p.Approvals, p.UnsubscribeNonce, tx.ts(tx.now), p.UserID, p.Version)
	if err != nil {
		return fmt.Errorf("update notification preferences: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return staleVersion("notification preferences")
	}
	p.Version++
	p.UpdatedAt = tx.now
	return nil
}

// ClaimNotification records that the notification key is being sent to
// user and reports whether this call claimed it: false when it was sent
// already (or is being sent by someone else).
func (tx *Tx) ClaimNotification(ctx context.Context, key string, user isms.ID) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO notifications_sent (key, user_id, sent_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, key, user, tx.ts(tx.now))
	if err != nil {
		return false, fmt.Errorf("claim notification %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseNotifications forgets the claims of keys, after their mail could
// not be sent, so that a retry sends it.
func (tx *Tx) ReleaseNotifications(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	q := `DELETE FROM notifications_sent WHERE key IN (` + placeholders(len(keys)) + `)`
	if _, err := tx.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("release notifications: %w", err)
	}
	return nil
}

// NotificationSent reports whether the notification key was claimed.
func (tx *Tx) NotificationSent(ctx context.Context, key string) (bool, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM notifications_sent WHERE key = ?`, key).Scan(&n); err != nil {
		return false, fmt.Errorf("read notification %s: %w", key, err)
	}
	return n > 0, nil
}

// DeleteNotificationsSentBefore forgets the notifications sent before t
// and returns how many.
func (tx *Tx) DeleteNotificationsSentBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM notifications_sent WHERE sent_at < ?`, tx.ts(t))
	if err != nil {
		return 0, fmt.Errorf("delete old notifications: %w", err)
	}
	return res.RowsAffected()
}

// dueRange returns the condition and arguments of an open task due from
// from to to, both included; a zero date leaves that end open.
func dueRange(from, to isms.Date) (string, []any) {
	where, args := `t.status = ?`, []any{isms.TaskOpen}
	if !from.IsZero() {
		where, args = where+` AND t.due_date >= ?`, append(args, from)
	}
	if !to.IsZero() {
		where, args = where+` AND t.due_date <= ?`, append(args, to)
	}
	return where, args
}

// openTaskFrom joins a task to its organization and to its owner's
// membership of it: someone who left an organization hears no more of
// its tasks.
const openTaskFrom = ` FROM tasks t JOIN organizations o ON o.id = t.organization_id
	JOIN memberships m ON m.organization_id = t.organization_id AND m.user_id = t.owner_id`

// FindOpenTaskOwners returns, across every organization, the owners of
// open tasks due from from to to (zero: unbounded), in ID order after
// after, at most limit of them.
func (tx *Tx) FindOpenTaskOwners(ctx context.Context, from, to isms.Date, after isms.ID, limit int) ([]isms.ID, error) {
	where, args := dueRange(from, to)
	args = append(args, after, clampLimit(limit))
	rows, err := tx.query(ctx, `SELECT DISTINCT t.owner_id`+openTaskFrom+` WHERE `+where+` AND t.owner_id > ?
		ORDER BY t.owner_id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("select task owners: %w", err)
	}
	defer rows.Close()
	var out []isms.ID
	for rows.Next() {
		var id isms.ID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan task owner: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FindOpenTasksOfOwner returns owner's open tasks due from from to to
// (zero: unbounded) across their organizations, in due order, at most
// limit of them.
func (tx *Tx) FindOpenTasksOfOwner(ctx context.Context, owner isms.ID, from, to isms.Date, limit int) ([]isms.NotifiedTask, error) {
	where, args := dueRange(from, to)
	args = append(args, owner, clampLimit(limit))
	rows, err := tx.query(ctx, `SELECT t.id, t.organization_id, o.name, t.title, t.due_date, t.updated_at`+openTaskFrom+`
		WHERE `+where+` AND t.owner_id = ? ORDER BY t.due_date, o.name, t.title, t.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("select open tasks of owner: %w", err)
	}
	defer rows.Close()
	var out []isms.NotifiedTask
	for rows.Next() {
		var t isms.NotifiedTask
		if err := rows.Scan(&t.ID, &t.OrgID, &t.OrgName, &t.Title, &t.Due, (*timestamp)(&t.UpdatedAt)); err != nil {
			return nil, fmt.Errorf("scan open task: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// clampLimit keeps a list query within 1 to isms.MaxPageSize rows.
func clampLimit(n int) int {
	if n <= 0 || n > isms.MaxPageSize {
		return isms.MaxPageSize
	}
	return n
}

// ReplaceCalendarFeed stores the calendar feed of user under the hash of
// its token, replacing (and so revoking) any earlier one.
func (tx *Tx) ReplaceCalendarFeed(ctx context.Context, user isms.ID, hashedToken string) error {
	if _, err := tx.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, user); err != nil {
		return fmt.Errorf("delete calendar feed: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO calendar_feeds (user_id, hashed_token, created_at) VALUES (?, ?, ?)`,
		user, hashedToken, tx.ts(tx.now)); err != nil {
		return fmt.Errorf("insert calendar feed: %w", err)
	}
	return nil
}

// FindCalendarFeedUser returns the user whose feed has hashedToken.
func (tx *Tx) FindCalendarFeedUser(ctx context.Context, hashedToken string) (isms.ID, error) {
	var id isms.ID
	if err := tx.queryRow(ctx, `SELECT user_id FROM calendar_feeds WHERE hashed_token = ?`, hashedToken).Scan(&id); err != nil {
		return "", notFound(err, "No such calendar feed.")
	}
	return id, nil
}

// FindCalendarFeedCreated returns when user's calendar feed was created;
// NotFound when they have none.
func (tx *Tx) FindCalendarFeedCreated(ctx context.Context, user isms.ID) (time.Time, error) {
	var t time.Time
	if err := tx.queryRow(ctx, `SELECT created_at FROM calendar_feeds WHERE user_id = ?`, user).Scan((*timestamp)(&t)); err != nil {
		return time.Time{}, notFound(err, "No calendar feed.")
	}
	return t, nil
}

// DeleteCalendarFeed removes user's calendar feed and reports whether
// there was one.
func (tx *Tx) DeleteCalendarFeed(ctx context.Context, user isms.ID) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, user)
	if err != nil {
		return false, fmt.Errorf("delete calendar feed: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EnsureSetting stores value under key unless key is set, and returns the
// stored value: of two transactions racing, both get the first one's.
func (tx *Tx) EnsureSetting(ctx context.Context, key, value string) (string, error) {
	if _, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, value); err != nil {
		return "", fmt.Errorf("set setting %s: %w", key, err)
	}
	return tx.FindSetting(ctx, key)
}
