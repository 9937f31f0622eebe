// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// This file holds the helpers that the store tests of the package share:
// a fixed clock, transaction wrappers, fixtures and a raw connection that
// bypasses the store.

// clock is a fixed time that a test advances by hand. It is safe for
// concurrent use, because transactions read it from many goroutines.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// t0 is where every test clock starts.
var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// setClock makes db write the time of a new clock, starting at t0.
func setClock(db *sqldb.DB) *clock {
	c := &clock{now: t0}
	db.Now = c.Now
	return c
}

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d and returns the new time.
func (c *clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// update runs fn in a read-write transaction and stops the test if it fails.
func update(t *testing.T, db *sqldb.DB, fn func(tx *sqldb.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in a read-only transaction and stops the test if it fails.
func view(t *testing.T, db *sqldb.DB, fn func(tx *sqldb.Tx) error) {
	t.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// wantCode reports an error unless err carries code; call names the call
// that returned err, for the message.
func wantCode(t *testing.T, call string, err error, code isms.Code) {
	t.Helper()
	if got := isms.ErrorCode(err); got != code {
		t.Errorf("%s = %v (code %q), want a %s error", call, err, got, code)
	}
}

// insertOrg stores a new organization.
func insertOrg(t *testing.T, db *sqldb.DB, slug, name string) *isms.Organization {
	t.Helper()
	o := &isms.Organization{ID: isms.NewID("org"), Slug: slug, Name: name}
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertOrganization(context.Background(), o) })
	return o
}

// insertUser stores a new account whose password hash is "hash:" + email.
func insertUser(t *testing.T, db *sqldb.DB, email, name string) *isms.User {
	t.Helper()
	u := &isms.User{ID: isms.NewID("usr"), Email: email, Name: name}
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertUser(context.Background(), u, "hash:"+email) })
	return u
}

// addMember gives user a role in org.
func addMember(t *testing.T, db *sqldb.DB, org, user isms.ID, role isms.Role) *isms.Membership {
	t.Helper()
	m := &isms.Membership{OrgID: org, UserID: user, Role: role}
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertMembership(context.Background(), m) })
	return m
}

// rawDB opens a second connection to db's database that bypasses the
// store, as someone with direct database access would use.
func rawDB(t *testing.T, db *sqldb.DB) *sql.DB { return sqldbtest.Raw(t, db.URL()) }

// rawExec runs query on raw, turning ? placeholders into $1, $2, … for
// PostgreSQL, and returns the error.
func rawExec(db *sqldb.DB, raw *sql.DB, query string, args ...any) error {
	if db.Dialect() == sqldb.Postgres {
		var b strings.Builder
		n := 0
		for _, r := range query {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(r)
		}
		query = b.String()
	}
	_, err := raw.ExecContext(context.Background(), query, args...)
	return err
}
