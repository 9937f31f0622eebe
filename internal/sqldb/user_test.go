// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestUsers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		u := &isms.User{ID: isms.NewID("usr"), Email: "alice@example.com", Name: "Alice Archer", Owner: true}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertUser(ctx, u, "hash-1") })
		want := isms.User{ID: u.ID, Email: "alice@example.com", Name: "Alice Archer", Owner: true,
			Version: 1, CreatedAt: t0, UpdatedAt: t0}

		t.Run("a taken e-mail address is a conflict", func(t *testing.T) { testInsertUserWithATakenEmail(t, ctx, db) })
		t.Run("FindUserByEmail returns the account and its password hash", func(t *testing.T) { testFindUser(t, ctx, db, u, want) })
		t.Run("UpdateUser refuses a stale version", func(t *testing.T) { testUpdateUserRefusesAStaleVersion(t, ctx, db, clk, u) })
		t.Run("SetPassword replaces the hash and bumps the version", func(t *testing.T) { testSetPassword(t, ctx, db, clk, u) })
	})
}

// testInsertUserWithATakenEmail inserts a second account for alice@example.com.
func testInsertUserWithATakenEmail(t *testing.T, ctx context.Context, db *sqldb.DB) {
	dup := &isms.User{ID: isms.NewID("usr"), Email: "alice@example.com", Name: "Other Alice"}
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertUser(ctx, dup, "hash-2") })
	wantCode(t, "InsertUser(alice@example.com again)", err, isms.Conflict)
	var e *isms.Error
	if !errors.As(err, &e) || e.Fields["email"] == "" {
		t.Errorf("InsertUser(alice@example.com again) = %#v, want a problem for field email", err)
	}
}

// testFindUser finds u, stored as want, by e-mail address and by ID.
func testFindUser(t *testing.T, ctx context.Context, db *sqldb.DB, u *isms.User, want isms.User) {
	view(t, db, func(tx *sqldb.Tx) error {
		got, hash, err := tx.FindUserByEmail(ctx, "alice@example.com")
		if err != nil {
			t.Fatalf("FindUserByEmail(alice@example.com) = %v", err)
		}
		if diff := cmp.Diff(want, *got); diff != "" || hash != "hash-1" {
			t.Errorf("FindUserByEmail(alice@example.com) = hash %q, want hash-1; user (-want +got):\n%s", hash, diff)
		}
		_, _, err = tx.FindUserByEmail(ctx, "nobody@example.com")
		wantCode(t, "FindUserByEmail(nobody@example.com)", err, isms.NotFound)
		got, err = tx.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatalf("FindUserByID(%s) = %v", u.ID, err)
		}
		if diff := cmp.Diff(want, *got); diff != "" {
			t.Errorf("FindUserByID(%s) mismatch (-want +got):\n%s", u.ID, diff)
		}
		_, err = tx.FindUserByID(ctx, "usr_nope")
		wantCode(t, "FindUserByID(usr_nope)", err, isms.NotFound)
		return nil
	})
}

// testUpdateUserRefusesAStaleVersion updates u, then tries a stale update.
func testUpdateUserRefusesAStaleVersion(t *testing.T, ctx context.Context, db *sqldb.DB, clk *clock, u *isms.User) {
	t1 := clk.Advance(time.Hour)
	mine, theirs := *u, *u
	mine.Name, mine.Disabled = "Alice A. Archer", true
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateUser(ctx, &mine) })
	if mine.Version != 2 || !mine.UpdatedAt.Equal(t1) {
		t.Errorf("UpdateUser() left version %d, updated %v, want 2, %v", mine.Version, mine.UpdatedAt, t1)
	}
	theirs.Owner = false
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateUser(ctx, &theirs) })
	wantCode(t, "UpdateUser(stale version 1)", err, isms.Conflict)
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatalf("FindUserByID() = %v", err)
		}
		want := isms.User{ID: u.ID, Email: "alice@example.com", Name: "Alice A. Archer", Owner: true, Disabled: true,
			Version: 2, CreatedAt: t0, UpdatedAt: t1}
		if diff := cmp.Diff(want, *got); diff != "" {
			t.Errorf("FindUserByID() after a refused stale update (-want +got):\n%s", diff)
		}
		return nil
	})
}

// testSetPassword replaces u's password hash.
func testSetPassword(t *testing.T, ctx context.Context, db *sqldb.DB, clk *clock, u *isms.User) {
	t2 := clk.Advance(time.Hour)
	update(t, db, func(tx *sqldb.Tx) error { return tx.SetPassword(ctx, u.ID, "hash-3", true) })
	view(t, db, func(tx *sqldb.Tx) error {
		hash, err := tx.FindPasswordHash(ctx, u.ID)
		if hash != "hash-3" || err != nil {
			t.Errorf("FindPasswordHash() = %q, %v, want hash-3, nil", hash, err)
		}
		got, hash, err := tx.FindUserByEmail(ctx, "alice@example.com")
		if err != nil {
			t.Fatalf("FindUserByEmail() = %v", err)
		}
		if hash != "hash-3" || !got.MustChangePassword || got.Version != 3 || !got.UpdatedAt.Equal(t2) {
			t.Errorf("FindUserByEmail() after SetPassword = hash %q, must change %t, version %d, updated %v; want hash-3, true, 3, %v",
				hash, got.MustChangePassword, got.Version, got.UpdatedAt, t2)
		}
		_, err = tx.FindPasswordHash(ctx, "usr_nope")
		wantCode(t, "FindPasswordHash(usr_nope)", err, isms.NotFound)
		return nil
	})
}

func TestFindUsers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		insertUser(t, db, "carol@example.com", "carol Cooper") // lower case: the name sort ignores case
		clk.Advance(time.Minute)
		insertUser(t, db, "alice@example.com", "Alice Archer")
		clk.Advance(time.Minute)
		bob := insertUser(t, db, "bob@example.org", "Bob Baker")
		bob.Disabled = true
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateUser(ctx, bob) })

		yes, no := true, false
		tests := []struct {
			name      string
			f         isms.UserFilter
			want      []string // e-mail addresses
			wantTotal int
		}{
			{"no filter lists every account by name, ignoring case", isms.UserFilter{}, []string{"alice@example.com", "bob@example.org", "carol@example.com"}, 3},
			{"search matches the name", isms.UserFilter{Search: "BAKER"}, []string{"bob@example.org"}, 1},
			{"search matches the e-mail address", isms.UserFilter{Search: "example.com"}, []string{"alice@example.com", "carol@example.com"}, 2},
			{"Disabled true lists disabled accounts", isms.UserFilter{Disabled: &yes}, []string{"bob@example.org"}, 1},
			{"Disabled false lists enabled accounts", isms.UserFilter{Disabled: &no}, []string{"alice@example.com", "carol@example.com"}, 2},
			{"-email sorts by e-mail descending", isms.UserFilter{Sort: "-email"}, []string{"carol@example.com", "bob@example.org", "alice@example.com"}, 3},
			{"created sorts oldest first", isms.UserFilter{Sort: "created"}, []string{"carol@example.com", "alice@example.com", "bob@example.org"}, 3},
			{"a page keeps the full total", isms.UserFilter{Limit: 1, Offset: 2}, []string{"carol@example.com"}, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				view(t, db, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindUsers(ctx, tt.f)
					if err != nil {
						t.Fatalf("FindUsers(%+v) = %v", tt.f, err)
					}
					var got []string
					for _, u := range list {
						got = append(got, u.Email)
					}
					if diff := cmp.Diff(tt.want, got); diff != "" || total != tt.wantTotal {
						t.Errorf("FindUsers(%+v) = %v, total %d, want %v, total %d", tt.f, got, total, tt.want, tt.wantTotal)
					}
					return nil
				})
			})
		}
		view(t, db, func(tx *sqldb.Tx) error {
			if n, err := tx.CountUsers(ctx); n != 3 || err != nil {
				t.Errorf("CountUsers() = %d, %v, want 3, nil", n, err)
			}
			return nil
		})
	})
}
