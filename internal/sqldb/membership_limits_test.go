// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The limits of a membership: the last day it gives access and the one
// framework its member sees.

func TestMembershipLimits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newMemberFixture(t, db, clk)
		fw, _ := newFramework(t, db, fx.acme, "iso")
		betaFw, _ := newFramework(t, db, fx.beta, "soc")
		joined := clk.Advance(time.Minute)
		// dave audits acme against iso until 2025-06-30; erin's limit
		// names beta's framework, which acme cannot see by name.
		m := &isms.Membership{OrgID: fx.acme.ID, UserID: fx.dave.ID, Role: isms.RoleAuditor,
			AccessUntil: isms.NewDate(2025, 6, 30), FrameworkID: fw.ID}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertMembership(ctx, m) })
		want := isms.Membership{OrgID: fx.acme.ID, UserID: fx.dave.ID, Role: isms.RoleAuditor,
			AccessUntil: isms.NewDate(2025, 6, 30), FrameworkID: fw.ID, Version: 1, CreatedAt: joined, UpdatedAt: joined}
		checkMembership(t, db, want)
		checkMemberLimits(t, db, fx.acme.ID, "dave", isms.NewDate(2025, 6, 30), fw.ID, fw.Name)
		checkUserOrgLimits(t, db, fx.dave.ID, []string{"acme 2025-06-30 " + string(fw.ID), "beta  "})

		erin, err := findMembership(ctx, db, fx.acme.ID, fx.erin.ID)
		if err != nil {
			t.Fatalf("FindMembership(acme, erin) = %v", err)
		}
		erin.FrameworkID = betaFw.ID
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateMembership(ctx, erin) })
		checkMemberLimits(t, db, fx.acme.ID, "erin", isms.Date{}, betaFw.ID, "")

		// An expired membership is still read: the application decides.
		t1 := clk.Advance(time.Hour)
		m.AccessUntil, m.Role = isms.NewDate(2025, 1, 31), isms.RoleViewer
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateMembership(ctx, m) })
		want.AccessUntil, want.Role, want.Version, want.UpdatedAt = isms.NewDate(2025, 1, 31), isms.RoleViewer, 2, t1
		checkMembership(t, db, want)
		checkUserOrgLimits(t, db, fx.dave.ID, []string{"acme 2025-01-31 " + string(fw.ID), "beta  "})

		// Clearing the limits stores NULL and '' and reads back zero.
		m.AccessUntil, m.FrameworkID = isms.Date{}, ""
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateMembership(ctx, m) })
		want.AccessUntil, want.FrameworkID, want.Version = isms.Date{}, "", 3
		checkMembership(t, db, want)
		checkMemberLimits(t, db, fx.acme.ID, "dave", isms.Date{}, "", "")
		var nulls int
		if err := rawDB(t, db).QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships
			WHERE access_until IS NULL AND framework_id = ''`).Scan(&nulls); err != nil || nulls != 6 {
			t.Errorf("memberships without limits = %d, %v; want 6 (all but erin's in acme)", nulls, err)
		}
	})
}

// findMembership reads the membership of user in org.
func findMembership(ctx context.Context, db *sqldb.DB, org, user isms.ID) (m *isms.Membership, err error) {
	err = db.View(ctx, func(tx *sqldb.Tx) error {
		m, err = tx.FindMembership(ctx, org, user)
		return err
	})
	return m, err
}

// checkMembership compares the stored membership of want's user with want.
func checkMembership(t *testing.T, db *sqldb.DB, want isms.Membership) {
	t.Helper()
	got, err := findMembership(t.Context(), db, want.OrgID, want.UserID)
	if err != nil {
		t.Fatalf("FindMembership(%s) = %v", want.UserID, err)
	}
	if diff := cmp.Diff(want, *got, equateDates); diff != "" {
		t.Errorf("FindMembership(%s) mismatch (-want +got):\n%s", want.UserID, diff)
	}
}

// checkMemberLimits checks the limits FindMembers reads for the member of
// org found by search.
func checkMemberLimits(t *testing.T, db *sqldb.DB, org isms.ID, search string, until isms.Date, fw isms.ID, fwName string) {
	t.Helper()
	view(t, db, func(tx *sqldb.Tx) error {
		list, _, err := tx.FindMembers(t.Context(), isms.MemberFilter{OrgID: org, Search: search})
		if err != nil || len(list) != 1 {
			t.Fatalf("FindMembers(%s) = %d members, %v, want 1", search, len(list), err)
		}
		if m := list[0]; m.AccessUntil != until || m.FrameworkID != fw || m.FrameworkName != fwName {
			t.Errorf("FindMembers(%s) limits = %v, %q, %q; want %v, %q, %q", search, m.AccessUntil, m.FrameworkID,
				m.FrameworkName, until, fw, fwName)
		}
		return nil
	})
}

// checkUserOrgLimits checks the organizations of user as "slug until
// framework" lines.
func checkUserOrgLimits(t *testing.T, db *sqldb.DB, user isms.ID, want []string) {
	t.Helper()
	view(t, db, func(tx *sqldb.Tx) error {
		list, err := tx.FindUserOrganizations(t.Context(), user)
		if err != nil {
			t.Fatalf("FindUserOrganizations(%s) = %v", user, err)
		}
		var got []string
		for _, om := range list {
			until := ""
			if !om.AccessUntil.IsZero() {
				until = om.AccessUntil.String()
			}
			got = append(got, om.Org.Slug+" "+until+" "+string(om.FrameworkID))
		}
		if !cmp.Equal(got, want) {
			t.Errorf("FindUserOrganizations(%s) = %q, want %q", user, got, want)
		}
		return nil
	})
}
