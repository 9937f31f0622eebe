// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

const userColumns = `id, email, name, owner, disabled, must_change_password, version, created_at, updated_at`

func scanUser(s interface{ Scan(...any) error }) (*isms.User, error) {
	var u isms.User
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.Owner, &u.Disabled, &u.MustChangePassword,
		&u.Version, (*timestamp)(&u.CreatedAt), (*timestamp)(&u.UpdatedAt))
	return &u, err
}

// InsertUser stores a new account with its password hash; a taken e-mail
// address is a Conflict.
func (tx *Tx) InsertUser(ctx context.Context, u *isms.User, hashedPassword string) error {
	u.Version, u.CreatedAt, u.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `
		INSERT INTO users (id, email, name, hashed_password, owner, disabled, must_change_password, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Email, u.Name, hashedPassword, u.Owner, u.Disabled, u.MustChangePassword,
		u.Version, tx.ts(u.CreatedAt), tx.ts(u.UpdatedAt))
	if isUnique(err, "users", "email") {
		return &isms.Error{Code: isms.Conflict, Message: "An account with this e-mail address already exists.",
			Fields: map[string]string{"email": "This e-mail address is already in use."}}
	}
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

// FindUserByID returns one account.
func (tx *Tx) FindUserByID(ctx context.Context, id isms.ID) (*isms.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "No such user.")
	}
	return u, nil
}

// FindUserByEmail returns the account with the (normalized) e-mail address
// and its password hash.
func (tx *Tx) FindUserByEmail(ctx context.Context, email string) (*isms.User, string, error) {
	var hash string
	var u isms.User
	err := tx.queryRow(ctx, `SELECT `+userColumns+`, hashed_password FROM users WHERE email = ?`, email).Scan(
		&u.ID, &u.Email, &u.Name, &u.Owner, &u.Disabled, &u.MustChangePassword,
		&u.Version, (*timestamp)(&u.CreatedAt), (*timestamp)(&u.UpdatedAt), &hash)
	if err != nil {
		return nil, "", notFound(err, "No account has this e-mail address.")
	}
	return &u, hash, nil
}

// FindPasswordHash returns the password hash of user id.
func (tx *Tx) FindPasswordHash(ctx context.Context, id isms.ID) (string, error) {
	var hash string
	err := tx.queryRow(ctx, `SELECT hashed_password FROM users WHERE id = ?`, id).Scan(&hash)
	return hash, notFound(err, "No such user.")
}

var userSorts = map[string]string{"name": "LOWER(name), id", "email": "email", "created": "created_at, id"}

// FindUsers returns a page of the installation's accounts and the total matching.
func (tx *Tx) FindUsers(ctx context.Context, f isms.UserFilter) ([]*isms.User, int, error) {
	where, args := "1 = 1", []any{}
	if f.Search != "" {
		where += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')`
		args = append(args, like(f.Search), like(f.Search))
	}
	if f.Disabled != nil {
		where += ` AND disabled = ?`
		args = append(args, *f.Disabled)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+userColumns+` FROM users WHERE `+where+
		order(f.Sort, userSorts, "name")+` LIMIT ? OFFSET ?`,
		append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select users: %w", err)
	}
	defer rows.Close()
	var out []*isms.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// CountUsers returns how many accounts the installation has.
func (tx *Tx) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// UpdateUser stores u's name and flags if its stored version is still
// u.Version, and increments the version.
func (tx *Tx) UpdateUser(ctx context.Context, u *isms.User) error {
	res, err := tx.exec(ctx, `
		UPDATE users
		SET name = ?, owner = ?, disabled = ?, must_change_password = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		u.Name, u.Owner, u.Disabled, u.MustChangePassword, tx.ts(tx.now), u.ID, u.Version)
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("account")
	}
	u.Version++
	u.UpdatedAt = tx.now
	return nil
}

// SetPassword replaces the password hash of user id.
func (tx *Tx) SetPassword(ctx context.Context, id isms.ID, hashedPassword string, mustChange bool) error {
	_, err := tx.exec(ctx, `
		UPDATE users SET hashed_password = ?, must_change_password = ?, version = version + 1, updated_at = ?
		WHERE id = ?`, hashedPassword, mustChange, tx.ts(tx.now), id)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}
