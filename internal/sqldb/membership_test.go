// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

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

		t.Run("a member carries the account, the membership and the organization count", func(t *testing.T) { testFindMembersMember(t, ctx, db, fx, acme) })
	})
}

// testFindMembersMember checks what FindMembers returns for a member of
// acme: the account, the membership and the organization count.
func testFindMembersMember(t *testing.T, ctx context.Context, db *sqldb.DB, fx *memberFixture, acme isms.ID) {
	view(t, db, func(tx *sqldb.Tx) error {
		list, _, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: acme, Search: "bob"})
		if err != nil || len(list) != 1 {
			t.Fatalf("FindMembers(bob) = %d members, %v, want 1", len(list), err)
		}
		want := isms.Member{User: *fx.bob, Role: isms.RoleManager, Version: 1, JoinedAt: fx.joined[fx.bob.ID], OrgCount: 2}
		if diff := cmp.Diff(want, *list[0], equateDates); diff != "" {
			t.Errorf("FindMembers(bob) mismatch (-want +got):\n%s", diff)
		}
		list, _, err = tx.FindMembers(ctx, isms.MemberFilter{OrgID: acme, Search: "alice"})
		if err != nil || len(list) != 1 || list[0].OrgCount != 1 {
			t.Errorf("FindMembers(alice) = %v, %v, want one member with OrgCount 1", list, err)
		}
		return nil
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

		t.Run("FindUserOrganizations lists each organization with the role in it", func(t *testing.T) { testFindUserOrganizations(t, ctx, db, fx) })
		t.Run("inserting an existing membership leaves its role", func(t *testing.T) { testInsertExistingMembership(t, ctx, db, fx) })
		t.Run("UpdateMembership changes the role and refuses a stale version", func(t *testing.T) { testUpdateMembership(t, ctx, db, clk, fx) })
		t.Run("CountMembersWithRole counts enabled members only", func(t *testing.T) { testCountMembersWithRole(t, ctx, db, fx) })
		t.Run("DeleteMembership removes one membership only", func(t *testing.T) { testDeleteMembership(t, ctx, db, fx) })
	})
}

// testFindUserOrganizations checks each user's organizations and roles in fx.
func testFindUserOrganizations(t *testing.T, ctx context.Context, db *sqldb.DB, fx *memberFixture) {
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
}

// testInsertExistingMembership inserts alice's membership of acme again.
func testInsertExistingMembership(t *testing.T, ctx context.Context, db *sqldb.DB, fx *memberFixture) {
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
}

// testUpdateMembership changes bob's role in acme, then tries a stale update.
func testUpdateMembership(t *testing.T, ctx context.Context, db *sqldb.DB, clk *clock, fx *memberFixture) {
	var m *isms.Membership
	view(t, db, func(tx *sqldb.Tx) (err error) {
		m, err = tx.FindMembership(ctx, fx.acme.ID, fx.bob.ID)
		return err
	})
	want := isms.Membership{OrgID: fx.acme.ID, UserID: fx.bob.ID, Role: isms.RoleManager, Version: 1,
		CreatedAt: fx.joined[fx.bob.ID], UpdatedAt: fx.joined[fx.bob.ID]}
	if diff := cmp.Diff(want, *m, equateDates); diff != "" {
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
		if diff := cmp.Diff(want, *got, equateDates); diff != "" {
			t.Errorf("FindMembership(acme, bob) after updates (-want +got):\n%s", diff)
		}
		// The change in acme left bob's role in beta alone.
		if b, err := tx.FindMembership(ctx, fx.beta.ID, fx.bob.ID); err != nil || b.Role != isms.RoleViewer {
			t.Errorf("FindMembership(beta, bob) = %+v, %v, want role viewer", b, err)
		}
		return nil
	})
}

// testCountMembersWithRole counts acme's members by role, then disables erin.
func testCountMembersWithRole(t *testing.T, ctx context.Context, db *sqldb.DB, fx *memberFixture) {
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
}

// testDeleteMembership removes bob from acme.
func testDeleteMembership(t *testing.T, ctx context.Context, db *sqldb.DB, fx *memberFixture) {
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
}
