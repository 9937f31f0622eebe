// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// This file also holds the helpers that the other store tests of the
// package share: a fixed clock, transaction wrappers, fixtures and a raw
// connection that bypasses the store.

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
func rawDB(t *testing.T, db *sqldb.DB) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", db.URL() // the URL carries the test schema's search_path
	if db.Dialect() == sqldb.SQLite {
		driver, dsn = "sqlite", "file:"+sqldb.SQLitePath(db.URL())+"?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("sql.Open(%q): %v", driver, err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

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

func TestInsertOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		o := &isms.Organization{ID: isms.NewID("org"), Slug: "acme", Name: "Acme", LegalName: "Acme Ltd", Description: "Makes anvils."}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertOrganization(ctx, o) })
		want := isms.Organization{ID: o.ID, Slug: "acme", Name: "Acme", LegalName: "Acme Ltd", Description: "Makes anvils.",
			Version: 1, CreatedAt: t0, UpdatedAt: t0}
		if diff := cmp.Diff(want, *o); diff != "" {
			t.Errorf("InsertOrganization() left the organization as (-want +got):\n%s", diff)
		}

		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindOrganizationBySlug(ctx, "acme")
			if err != nil {
				t.Fatalf("FindOrganizationBySlug(acme) = %v", err)
			}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindOrganizationBySlug(acme) mismatch (-want +got):\n%s", diff)
			}
			got, err = tx.FindOrganizationByID(ctx, o.ID)
			if err != nil {
				t.Fatalf("FindOrganizationByID(%s) = %v", o.ID, err)
			}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindOrganizationByID(%s) mismatch (-want +got):\n%s", o.ID, diff)
			}
			_, err = tx.FindOrganizationBySlug(ctx, "nope")
			wantCode(t, "FindOrganizationBySlug(nope)", err, isms.NotFound)
			_, err = tx.FindOrganizationByID(ctx, "org_nope")
			wantCode(t, "FindOrganizationByID(org_nope)", err, isms.NotFound)
			return nil
		})

		dup := &isms.Organization{ID: isms.NewID("org"), Slug: "acme", Name: "Another Acme"}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertOrganization(ctx, dup) })
		wantCode(t, "InsertOrganization(slug acme again)", err, isms.Conflict)
		var e *isms.Error
		if !errors.As(err, &e) || e.Fields["slug"] == "" {
			t.Errorf("InsertOrganization(slug acme again) = %#v, want a problem for field slug", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			if n, err := tx.CountOrganizations(ctx); n != 1 || err != nil {
				t.Errorf("CountOrganizations() = %d, %v, want 1, nil", n, err)
			}
			return nil
		})
	})
}

func TestUpdateOrganizationRefusesAStaleVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		o := insertOrg(t, db, "acme", "Acme")
		t1 := clk.Advance(time.Hour)

		mine, theirs := *o, *o // both read at version 1
		mine.Name, mine.Description = "Acme Group", "Anvils and more."
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateOrganization(ctx, &mine) })
		if mine.Version != 2 || !mine.UpdatedAt.Equal(t1) {
			t.Errorf("UpdateOrganization() left version %d, updated %v, want 2, %v", mine.Version, mine.UpdatedAt, t1)
		}

		clk.Advance(time.Hour)
		theirs.Name = "Acme Anvils"
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateOrganization(ctx, &theirs) })
		wantCode(t, "UpdateOrganization(stale version 1)", err, isms.Conflict)
		if theirs.Version != 1 {
			t.Errorf("UpdateOrganization(stale version 1) changed the version to %d, want 1", theirs.Version)
		}

		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindOrganizationByID(ctx, o.ID)
			if err != nil {
				t.Fatalf("FindOrganizationByID() = %v", err)
			}
			want := isms.Organization{ID: o.ID, Slug: "acme", Name: "Acme Group", Description: "Anvils and more.",
				Version: 2, CreatedAt: t0, UpdatedAt: t1}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindOrganizationByID() after a refused stale update (-want +got):\n%s", diff)
			}
			return nil
		})
	})
}

func TestFindOrganizations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		// Created in this order, which is neither name nor slug order.
		for _, o := range []struct{ slug, name string }{
			{"delta", "Delta 1000 Inc"},
			{"acme", "Acme Corp"},
			{"gamma", "Gamma 100% Ltd"},
			{"beta", "Beta GmbH"},
			{"zeta-epsilon", "Epsilon Ltd"},
		} {
			insertOrg(t, db, o.slug, o.name)
			clk.Advance(time.Minute)
		}
		byName := []string{"acme", "beta", "delta", "zeta-epsilon", "gamma"}
		tests := []struct {
			name      string
			f         isms.OrganizationFilter
			want      []string // slugs
			wantTotal int
		}{
			{"no filter lists every organization by name", isms.OrganizationFilter{}, byName, 5},
			{"-name sorts by name descending", isms.OrganizationFilter{Sort: "-name"}, []string{"gamma", "zeta-epsilon", "delta", "beta", "acme"}, 5},
			{"slug sorts by slug", isms.OrganizationFilter{Sort: "slug"}, []string{"acme", "beta", "delta", "gamma", "zeta-epsilon"}, 5},
			{"created sorts oldest first", isms.OrganizationFilter{Sort: "created"}, []string{"delta", "acme", "gamma", "beta", "zeta-epsilon"}, 5},
			{"-created sorts newest first", isms.OrganizationFilter{Sort: "-created"}, []string{"zeta-epsilon", "beta", "gamma", "acme", "delta"}, 5},
			{"an unknown sort falls back to name", isms.OrganizationFilter{Sort: "hashed_password"}, byName, 5},
			{"search ignores case in the name", isms.OrganizationFilter{Search: "ACME"}, []string{"acme"}, 1},
			{"search matches the slug", isms.OrganizationFilter{Search: "zeta"}, []string{"zeta-epsilon"}, 1},
			{"search finds a plain substring", isms.OrganizationFilter{Search: "100"}, []string{"delta", "gamma"}, 2},
			{"search takes % literally", isms.OrganizationFilter{Search: "100%"}, []string{"gamma"}, 1},
			{"search takes _ literally", isms.OrganizationFilter{Search: "_"}, nil, 0},
			{"a page has Limit rows from Offset and the full total", isms.OrganizationFilter{Limit: 2, Offset: 1}, []string{"beta", "delta"}, 5},
			{"a page past the end is empty but keeps the total", isms.OrganizationFilter{Offset: 10}, nil, 5},
			{"the total of a search counts every match, not the page", isms.OrganizationFilter{Search: "ltd", Limit: 1}, []string{"zeta-epsilon"}, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				view(t, db, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindOrganizations(ctx, tt.f)
					if err != nil {
						t.Fatalf("FindOrganizations(%+v) = %v", tt.f, err)
					}
					var got []string
					for _, o := range list {
						got = append(got, o.Slug)
					}
					if diff := cmp.Diff(tt.want, got); diff != "" || total != tt.wantTotal {
						t.Errorf("FindOrganizations(%+v) = %v, total %d, want %v, total %d", tt.f, got, total, tt.want, tt.wantTotal)
					}
					return nil
				})
			})
		}
	})
}

func TestUsers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		u := &isms.User{ID: isms.NewID("usr"), Email: "alice@example.com", Name: "Alice Archer", Owner: true}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertUser(ctx, u, "hash-1") })
		want := isms.User{ID: u.ID, Email: "alice@example.com", Name: "Alice Archer", Owner: true,
			Version: 1, CreatedAt: t0, UpdatedAt: t0}

		t.Run("a taken e-mail address is a conflict", func(t *testing.T) {
			dup := &isms.User{ID: isms.NewID("usr"), Email: "alice@example.com", Name: "Other Alice"}
			err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertUser(ctx, dup, "hash-2") })
			wantCode(t, "InsertUser(alice@example.com again)", err, isms.Conflict)
			var e *isms.Error
			if !errors.As(err, &e) || e.Fields["email"] == "" {
				t.Errorf("InsertUser(alice@example.com again) = %#v, want a problem for field email", err)
			}
		})

		t.Run("FindUserByEmail returns the account and its password hash", func(t *testing.T) {
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
		})

		t.Run("UpdateUser refuses a stale version", func(t *testing.T) {
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
		})

		t.Run("SetPassword replaces the hash and bumps the version", func(t *testing.T) {
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
		})
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

// memberFixture is two organizations and their members:
//
//	acme: alice admin, bob manager, carol viewer (disabled), erin admin
//	beta: bob viewer, dave admin
type memberFixture struct {
	acme, beta                    *isms.Organization
	alice, bob, carol, dave, erin *isms.User
	joined                        map[isms.ID]time.Time // when each user joined acme
}

func newMemberFixture(t *testing.T, db *sqldb.DB, clk *clock) *memberFixture {
	t.Helper()
	ctx := context.Background()
	f := &memberFixture{joined: map[isms.ID]time.Time{}}
	f.acme = insertOrg(t, db, "acme", "Acme")
	f.beta = insertOrg(t, db, "beta", "Beta")
	f.alice = insertUser(t, db, "alice@example.com", "Alice Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	f.carol = insertUser(t, db, "carol@example.com", "Carol Cooper")
	f.dave = insertUser(t, db, "dave@example.com", "Dave Dunn")
	f.erin = insertUser(t, db, "erin@example.org", "Erin Evans")
	// Joined in an order that is not name order.
	for _, m := range []struct {
		u    *isms.User
		role isms.Role
	}{{f.erin, isms.RoleAdmin}, {f.carol, isms.RoleViewer}, {f.alice, isms.RoleAdmin}, {f.bob, isms.RoleManager}} {
		f.joined[m.u.ID] = clk.Advance(time.Minute)
		addMember(t, db, f.acme.ID, m.u.ID, m.role)
	}
	addMember(t, db, f.beta.ID, f.bob.ID, isms.RoleViewer)
	addMember(t, db, f.beta.ID, f.dave.ID, isms.RoleAdmin)
	f.carol.Disabled = true
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateUser(ctx, f.carol) })
	return f
}

// memberNames returns the first names of members, in order.
func memberNames(list []*isms.Member) []string {
	var out []string
	for _, m := range list {
		out = append(out, strings.Fields(m.User.Name)[0])
	}
	return out
}

func TestFindMembers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newMemberFixture(t, db, clk)
		acme := fx.acme.ID
		tests := []struct {
			name      string
			f         isms.MemberFilter
			want      []string
			wantTotal int
		}{
			{"no filter lists every member by name", isms.MemberFilter{OrgID: acme}, []string{"Alice", "Bob", "Carol", "Erin"}, 4},
			{"role selects members with that role", isms.MemberFilter{OrgID: acme, Role: isms.RoleAdmin}, []string{"Alice", "Erin"}, 2},
			{"a role nobody holds selects nobody", isms.MemberFilter{OrgID: acme, Role: isms.RoleAuditor}, nil, 0},
			{"search matches the name, ignoring case", isms.MemberFilter{OrgID: acme, Search: "BAK"}, []string{"Bob"}, 1},
			{"search matches the e-mail address", isms.MemberFilter{OrgID: acme, Search: "example.org"}, []string{"Erin"}, 1},
			{"status active leaves out disabled accounts", isms.MemberFilter{OrgID: acme, Status: "active"}, []string{"Alice", "Bob", "Erin"}, 3},
			{"status disabled lists only disabled accounts", isms.MemberFilter{OrgID: acme, Status: "disabled"}, []string{"Carol"}, 1},
			{"filters combine", isms.MemberFilter{OrgID: acme, Role: isms.RoleAdmin, Search: "alice", Status: "active"}, []string{"Alice"}, 1},
			{"-name sorts by name descending", isms.MemberFilter{OrgID: acme, Sort: "-name"}, []string{"Erin", "Carol", "Bob", "Alice"}, 4},
			{"role sorts by role, then name", isms.MemberFilter{OrgID: acme, Sort: "role"}, []string{"Alice", "Erin", "Bob", "Carol"}, 4},
			{"joined sorts by membership age", isms.MemberFilter{OrgID: acme, Sort: "joined"}, []string{"Erin", "Carol", "Alice", "Bob"}, 4},
			{"a page keeps the full total", isms.MemberFilter{OrgID: acme, Limit: 2, Offset: 1}, []string{"Bob", "Carol"}, 4},
			{"a filtered page keeps the filtered total", isms.MemberFilter{OrgID: acme, Status: "active", Limit: 1, Offset: 1}, []string{"Bob"}, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				view(t, db, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindMembers(ctx, tt.f)
					if err != nil {
						t.Fatalf("FindMembers(%+v) = %v", tt.f, err)
					}
					if got := memberNames(list); !cmp.Equal(got, tt.want) || total != tt.wantTotal {
						t.Errorf("FindMembers(%+v) = %v, total %d, want %v, total %d", tt.f, got, total, tt.want, tt.wantTotal)
					}
					return nil
				})
			})
		}

		t.Run("a member carries the account, the membership and the organization count", func(t *testing.T) {
			view(t, db, func(tx *sqldb.Tx) error {
				list, _, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: acme, Search: "bob"})
				if err != nil || len(list) != 1 {
					t.Fatalf("FindMembers(bob) = %d members, %v, want 1", len(list), err)
				}
				want := isms.Member{User: *fx.bob, Role: isms.RoleManager, Version: 1, JoinedAt: fx.joined[fx.bob.ID], OrgCount: 2}
				if diff := cmp.Diff(want, *list[0]); diff != "" {
					t.Errorf("FindMembers(bob) mismatch (-want +got):\n%s", diff)
				}
				list, _, err = tx.FindMembers(ctx, isms.MemberFilter{OrgID: acme, Search: "alice"})
				if err != nil || len(list) != 1 || list[0].OrgCount != 1 {
					t.Errorf("FindMembers(alice) = %v, %v, want one member with OrgCount 1", list, err)
				}
				return nil
			})
		})
	})
}

func TestFindMembersIsScopedToTheOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		fx := newMemberFixture(t, db, setClock(db))
		onlyAcme := map[isms.ID]bool{fx.alice.ID: true, fx.carol.ID: true, fx.erin.ID: true}
		filters := []isms.MemberFilter{
			{OrgID: fx.beta.ID},
			{OrgID: fx.beta.ID, Search: "alice"},
			{OrgID: fx.beta.ID, Search: "example"},
			{OrgID: fx.beta.ID, Role: isms.RoleAdmin},
			{OrgID: fx.beta.ID, Status: "disabled"},
			{OrgID: fx.beta.ID, Sort: "-joined", Limit: 500},
		}
		view(t, db, func(tx *sqldb.Tx) error {
			for _, f := range filters {
				list, total, err := tx.FindMembers(ctx, f)
				if err != nil {
					t.Fatalf("FindMembers(%+v) = %v", f, err)
				}
				for _, m := range list {
					if onlyAcme[m.User.ID] {
						t.Errorf("FindMembers(%+v) returned %s, who is a member of acme only", f, m.User.Email)
					}
				}
				if total > 2 {
					t.Errorf("FindMembers(%+v) total = %d, want at most beta's 2 members", f, total)
				}
			}
			list, total, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: fx.beta.ID})
			if got, want := memberNames(list), []string{"Bob", "Dave"}; err != nil || !cmp.Equal(got, want) || total != 2 {
				t.Errorf("FindMembers(beta) = %v, total %d, %v, want %v, total 2", got, total, err, want)
			}
			// bob is in both: in beta he is a viewer, not acme's manager.
			if len(list) > 0 && list[0].Role != isms.RoleViewer {
				t.Errorf("FindMembers(beta)[0].Role = %q, want viewer", list[0].Role)
			}
			list, total, err = tx.FindMembers(ctx, isms.MemberFilter{OrgID: "org_nope"})
			if len(list) != 0 || total != 0 || err != nil {
				t.Errorf("FindMembers(unknown organization) = %d members, total %d, %v, want none", len(list), total, err)
			}
			_, err = tx.FindMembership(ctx, fx.beta.ID, fx.alice.ID)
			wantCode(t, "FindMembership(beta, alice)", err, isms.NotFound)
			n, err := tx.CountMembersWithRole(ctx, fx.beta.ID, isms.RoleAdmin)
			if n != 1 || err != nil {
				t.Errorf("CountMembersWithRole(beta, admin) = %d, %v, want 1 (dave), nil", n, err)
			}
			return nil
		})
	})
}

func TestMemberships(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newMemberFixture(t, db, clk)

		t.Run("FindUserOrganizations lists each organization with the role in it", func(t *testing.T) {
			view(t, db, func(tx *sqldb.Tx) error {
				for _, tt := range []struct {
					user *isms.User
					want []string
				}{
					{fx.bob, []string{"acme manager", "beta viewer"}},
					{fx.dave, []string{"beta admin"}},
					{fx.alice, []string{"acme admin"}},
				} {
					list, err := tx.FindUserOrganizations(ctx, tt.user.ID)
					if err != nil {
						t.Fatalf("FindUserOrganizations(%s) = %v", tt.user.Email, err)
					}
					var got []string
					for _, om := range list {
						got = append(got, om.Org.Slug+" "+string(om.Role))
					}
					if !cmp.Equal(got, tt.want) {
						t.Errorf("FindUserOrganizations(%s) = %v, want %v", tt.user.Email, got, tt.want)
					}
				}
				list, err := tx.FindUserOrganizations(ctx, fx.bob.ID)
				if err == nil && len(list) > 0 {
					if diff := cmp.Diff(*fx.acme, list[0].Org); diff != "" {
						t.Errorf("FindUserOrganizations(bob)[0].Org mismatch (-want +got):\n%s", diff)
					}
				}
				if list, err := tx.FindUserOrganizations(ctx, "usr_nope"); len(list) != 0 || err != nil {
					t.Errorf("FindUserOrganizations(unknown user) = %v, %v, want none", list, err)
				}
				return nil
			})
		})

		t.Run("inserting an existing membership leaves its role", func(t *testing.T) {
			// InsertMembership is documented to return a Conflict here; the
			// stored role must not change whatever it returns.
			again := &isms.Membership{OrgID: fx.acme.ID, UserID: fx.alice.ID, Role: isms.RoleViewer}
			db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertMembership(ctx, again) })
			view(t, db, func(tx *sqldb.Tx) error {
				m, err := tx.FindMembership(ctx, fx.acme.ID, fx.alice.ID)
				if err != nil || m.Role != isms.RoleAdmin || m.Version != 1 {
					t.Errorf("FindMembership(acme, alice) after a second insert = %+v, %v, want role admin, version 1", m, err)
				}
				return nil
			})
		})

		t.Run("UpdateMembership changes the role and refuses a stale version", func(t *testing.T) {
			var m *isms.Membership
			view(t, db, func(tx *sqldb.Tx) (err error) {
				m, err = tx.FindMembership(ctx, fx.acme.ID, fx.bob.ID)
				return err
			})
			want := isms.Membership{OrgID: fx.acme.ID, UserID: fx.bob.ID, Role: isms.RoleManager, Version: 1,
				CreatedAt: fx.joined[fx.bob.ID], UpdatedAt: fx.joined[fx.bob.ID]}
			if diff := cmp.Diff(want, *m); diff != "" {
				t.Errorf("FindMembership(acme, bob) mismatch (-want +got):\n%s", diff)
			}
			t1 := clk.Advance(time.Hour)
			stale := *m
			m.Role = isms.RoleContributor
			update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateMembership(ctx, m) })
			stale.Role = isms.RoleAdmin
			err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateMembership(ctx, &stale) })
			wantCode(t, "UpdateMembership(stale version 1)", err, isms.Conflict)
			view(t, db, func(tx *sqldb.Tx) error {
				got, err := tx.FindMembership(ctx, fx.acme.ID, fx.bob.ID)
				if err != nil {
					t.Fatalf("FindMembership(acme, bob) = %v", err)
				}
				want.Role, want.Version, want.UpdatedAt = isms.RoleContributor, 2, t1
				if diff := cmp.Diff(want, *got); diff != "" {
					t.Errorf("FindMembership(acme, bob) after updates (-want +got):\n%s", diff)
				}
				// The change in acme left bob's role in beta alone.
				if b, err := tx.FindMembership(ctx, fx.beta.ID, fx.bob.ID); err != nil || b.Role != isms.RoleViewer {
					t.Errorf("FindMembership(beta, bob) = %+v, %v, want role viewer", b, err)
				}
				return nil
			})
		})

		t.Run("CountMembersWithRole counts enabled members only", func(t *testing.T) {
			count := func(role isms.Role) int {
				var n int
				view(t, db, func(tx *sqldb.Tx) (err error) {
					n, err = tx.CountMembersWithRole(ctx, fx.acme.ID, role)
					return err
				})
				return n
			}
			if n := count(isms.RoleAdmin); n != 2 {
				t.Errorf("CountMembersWithRole(acme, admin) = %d, want 2", n)
			}
			if n := count(isms.RoleViewer); n != 0 {
				t.Errorf("CountMembersWithRole(acme, viewer) = %d, want 0: carol is disabled", n)
			}
			fx.erin.Disabled = true
			update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateUser(ctx, fx.erin) })
			if n := count(isms.RoleAdmin); n != 1 {
				t.Errorf("CountMembersWithRole(acme, admin) after disabling erin = %d, want 1", n)
			}
		})

		t.Run("DeleteMembership removes one membership only", func(t *testing.T) {
			update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteMembership(ctx, fx.acme.ID, fx.bob.ID) })
			view(t, db, func(tx *sqldb.Tx) error {
				_, err := tx.FindMembership(ctx, fx.acme.ID, fx.bob.ID)
				wantCode(t, "FindMembership(acme, bob) after DeleteMembership", err, isms.NotFound)
				list, err := tx.FindUserOrganizations(ctx, fx.bob.ID)
				if err != nil || len(list) != 1 || list[0].Org.ID != fx.beta.ID {
					t.Errorf("FindUserOrganizations(bob) after DeleteMembership(acme) = %v, %v, want beta only", list, err)
				}
				members, total, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: fx.acme.ID})
				if got, want := memberNames(members), []string{"Alice", "Carol", "Erin"}; err != nil || !cmp.Equal(got, want) || total != 3 {
					t.Errorf("FindMembers(acme) after DeleteMembership = %v, total %d, %v, want %v, total 3", got, total, err, want)
				}
				return nil
			})
		})
	})
}

func TestSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		acme := insertOrg(t, db, "acme", "Acme")
		beta := insertOrg(t, db, "beta", "Beta")
		alice := insertUser(t, db, "alice@example.com", "Alice")
		bob := insertUser(t, db, "bob@example.com", "Bob")
		session := func(u *isms.User) *isms.Session {
			return &isms.Session{UserID: u.ID, OrgID: acme.ID, CSRFToken: "csrf-" + string(u.ID), ClientAddr: "192.0.2.1",
				CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(24 * time.Hour)}
		}

		s := session(alice)
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertSession(ctx, "h1", s) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindSession(ctx, "h1")
			if err != nil {
				t.Fatalf("FindSession(h1) = %v", err)
			}
			if diff := cmp.Diff(*s, *got); diff != "" {
				t.Errorf("FindSession(h1) mismatch (-want +got):\n%s", diff)
			}
			_, err = tx.FindSession(ctx, "h-nope")
			wantCode(t, "FindSession(h-nope)", err, isms.NotFound)
			return nil
		})

		seen := clk.Advance(10 * time.Minute)
		update(t, db, func(tx *sqldb.Tx) error { return tx.TouchSession(ctx, "h1", beta.ID, seen) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindSession(ctx, "h1")
			if err != nil {
				t.Fatalf("FindSession(h1) = %v", err)
			}
			want := *s
			want.OrgID, want.LastSeenAt = beta.ID, seen
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindSession(h1) after TouchSession (-want +got):\n%s", diff)
			}
			return nil
		})

		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSession(ctx, "h1") })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindSession(ctx, "h1")
			wantCode(t, "FindSession(h1) after DeleteSession", err, isms.NotFound)
			return nil
		})

		t.Run("DeleteUserSessions keeps the one named and other users' sessions", func(t *testing.T) {
			update(t, db, func(tx *sqldb.Tx) error {
				for _, h := range []string{"a1", "a2", "a3"} {
					if err := tx.InsertSession(ctx, h, session(alice)); err != nil {
						return err
					}
				}
				return tx.InsertSession(ctx, "b1", session(bob))
			})
			var n int64
			update(t, db, func(tx *sqldb.Tx) (err error) {
				n, err = tx.DeleteUserSessions(ctx, alice.ID, "a2")
				return err
			})
			if n != 2 {
				t.Errorf("DeleteUserSessions(alice, keep a2) = %d, want 2", n)
			}
			exists := func(h string) bool {
				var err error
				view(t, db, func(tx *sqldb.Tx) error {
					_, err = tx.FindSession(ctx, h)
					return nil
				})
				return err == nil
			}
			for h, want := range map[string]bool{"a1": false, "a2": true, "a3": false, "b1": true} {
				if got := exists(h); got != want {
					t.Errorf("after DeleteUserSessions(alice, keep a2): session %s exists = %t, want %t", h, got, want)
				}
			}
			update(t, db, func(tx *sqldb.Tx) (err error) {
				n, err = tx.DeleteUserSessions(ctx, alice.ID, "")
				return err
			})
			if n != 1 || exists("a2") || !exists("b1") {
				t.Errorf("DeleteUserSessions(alice, keep none) = %d, want 1, leaving only bob's session", n)
			}
		})

		t.Run("DeleteExpiredSessions removes sessions past their expiry", func(t *testing.T) {
			old, fresh := session(alice), session(alice)
			old.ExpiresAt, fresh.ExpiresAt = t0.Add(time.Hour), t0.Add(3*time.Hour)
			update(t, db, func(tx *sqldb.Tx) error {
				if err := tx.InsertSession(ctx, "old", old); err != nil {
					return err
				}
				return tx.InsertSession(ctx, "fresh", fresh)
			})
			update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteExpiredSessions(ctx, t0.Add(2*time.Hour)) })
			view(t, db, func(tx *sqldb.Tx) error {
				_, err := tx.FindSession(ctx, "old")
				wantCode(t, "FindSession(old) after DeleteExpiredSessions", err, isms.NotFound)
				if _, err := tx.FindSession(ctx, "fresh"); err != nil {
					t.Errorf("FindSession(fresh) after DeleteExpiredSessions = %v, want nil", err)
				}
				return nil
			})
		})
	})
}

func TestAPITokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		acme := insertOrg(t, db, "acme", "Acme")
		alice := insertUser(t, db, "alice@example.com", "Alice")
		bob := insertUser(t, db, "bob@example.com", "Bob")
		newToken := func(u *isms.User, name, secret string) *isms.APIToken {
			t.Helper()
			tok := &isms.APIToken{ID: isms.NewID("tok"), UserID: u.ID, OrgID: acme.ID, Name: name,
				Scope: isms.ScopeRead, Prefix: secret[:4], ExpiresAt: t0.AddDate(0, 3, 0)}
			update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAPIToken(ctx, tok, "hashed-"+secret) })
			clk.Advance(time.Minute)
			return tok
		}
		find := func(secret string) (*isms.APIToken, error) {
			var tok *isms.APIToken
			err := db.View(ctx, func(tx *sqldb.Tx) (err error) {
				tok, err = tx.FindAPITokenBySecret(ctx, "hashed-"+secret)
				return err
			})
			return tok, err
		}

		ci := newToken(alice, "CI", "ci-secret")
		if !ci.CreatedAt.Equal(t0) {
			t.Errorf("InsertAPIToken() set CreatedAt %v, want %v", ci.CreatedAt, t0)
		}
		got, err := find("ci-secret")
		if err != nil {
			t.Fatalf("FindAPITokenBySecret(ci) = %v", err)
		}
		if diff := cmp.Diff(*ci, *got); diff != "" {
			t.Errorf("FindAPITokenBySecret(ci) mismatch (-want +got):\n%s", diff)
		}
		_, err = find("nope")
		wantCode(t, "FindAPITokenBySecret(unknown)", err, isms.NotFound)

		view(t, db, func(tx *sqldb.Tx) error {
			if _, err := tx.FindAPITokenByID(ctx, alice.ID, ci.ID); err != nil {
				t.Errorf("FindAPITokenByID(alice, ci) = %v, want nil", err)
			}
			_, err := tx.FindAPITokenByID(ctx, bob.ID, ci.ID)
			wantCode(t, "FindAPITokenByID(bob, alice's token)", err, isms.NotFound)
			return nil
		})

		used := clk.Advance(time.Minute)
		update(t, db, func(tx *sqldb.Tx) error { return tx.TouchAPIToken(ctx, ci.ID, used) })
		if got, err := find("ci-secret"); err != nil || !got.LastUsedAt.Equal(used) {
			t.Errorf("FindAPITokenBySecret(ci) after TouchAPIToken = %+v, %v, want LastUsedAt %v", got, err, used)
		}

		t.Run("RevokeAPIToken revokes once", func(t *testing.T) {
			revoked := clk.Advance(time.Minute)
			update(t, db, func(tx *sqldb.Tx) error { return tx.RevokeAPIToken(ctx, ci.ID) })
			clk.Advance(time.Minute)
			update(t, db, func(tx *sqldb.Tx) error { return tx.RevokeAPIToken(ctx, ci.ID) })
			got, err := find("ci-secret")
			if err != nil || !got.RevokedAt.Equal(revoked) {
				t.Fatalf("FindAPITokenBySecret(ci) after revoking twice = %+v, %v, want RevokedAt %v (the first revocation)", got, err, revoked)
			}
			if got.Active(revoked) {
				t.Errorf("revoked token.Active() = true, want false")
			}
		})

		t.Run("RevokeUserAPITokens revokes the user's active tokens only", func(t *testing.T) {
			newToken(alice, "laptop", "laptop-secret")
			newToken(alice, "script", "script-secret")
			newToken(bob, "bob's", "bobs-secret")
			var n int64
			update(t, db, func(tx *sqldb.Tx) (err error) {
				n, err = tx.RevokeUserAPITokens(ctx, alice.ID)
				return err
			})
			if n != 2 {
				t.Errorf("RevokeUserAPITokens(alice) = %d, want 2 (ci was already revoked)", n)
			}
			var list []*isms.APIToken
			view(t, db, func(tx *sqldb.Tx) (err error) {
				list, err = tx.FindAPITokens(ctx, alice.ID)
				return err
			})
			var names []string
			for _, tok := range list {
				names = append(names, tok.Name)
				if tok.RevokedAt.IsZero() {
					t.Errorf("after RevokeUserAPITokens(alice), token %q is not revoked", tok.Name)
				}
			}
			if want := []string{"script", "laptop", "CI"}; !cmp.Equal(names, want) {
				t.Errorf("FindAPITokens(alice) = %v, want %v (newest first)", names, want)
			}
			if got, err := find("bobs-secret"); err != nil || !got.RevokedAt.IsZero() {
				t.Errorf("bob's token after RevokeUserAPITokens(alice) = %+v, %v, want it not revoked", got, err)
			}
		})
	})
}

func TestSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		get := func(key string) string {
			t.Helper()
			var v string
			view(t, db, func(tx *sqldb.Tx) (err error) {
				v, err = tx.FindSetting(ctx, key)
				return err
			})
			return v
		}
		if v := get("setup_token"); v != "" {
			t.Errorf("FindSetting(setup_token) before any set = %q, want \"\"", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetSetting(ctx, "setup_token", "one") })
		if v := get("setup_token"); v != "one" {
			t.Errorf("FindSetting(setup_token) = %q, want one", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetSetting(ctx, "setup_token", "two") })
		if v := get("setup_token"); v != "two" {
			t.Errorf("FindSetting(setup_token) after overwrite = %q, want two", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetSetting(ctx, "other", "kept") })
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSetting(ctx, "setup_token") })
		if v := get("setup_token"); v != "" {
			t.Errorf("FindSetting(setup_token) after DeleteSetting = %q, want \"\"", v)
		}
		if v := get("other"); v != "kept" {
			t.Errorf("FindSetting(other) after deleting setup_token = %q, want kept", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSetting(ctx, "never-set") })
	})
}
