// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Installation settings are a few named values kept by the product itself
// (such as the hash of the one-time setup token); operators configure the
// rest through flags and environment variables.

// FindSetting returns the value of key, or "" when it is not set.
func (tx *Tx) FindSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}

// TakeSetting removes key if it still holds value and reports whether it
// did, so that of two transactions consuming the same value only one wins.
func (tx *Tx) TakeSetting(ctx context.Context, key, value string) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM settings WHERE key = ? AND value = ?`, key, value)
	if err != nil {
		return false, fmt.Errorf("take setting %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteSetting removes key.
func (tx *Tx) DeleteSetting(ctx context.Context, key string) error {
	_, err := tx.exec(ctx, `DELETE FROM settings WHERE key = ?`, key)
	return err
}
