// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// coverageFixture is a framework G1.1, G1.2, G2.1, G2.2 of acme with
// control C-1 (owned by Ann) linked to G1.1 and inferred to G2.1, control
// C-2 (owned by Bob) linked to G1.1 and G1.2, and risks under an approved
// 5×5 method that use them.
type coverageFixture struct {
	org, other *isms.Organization
	ann, bob   *isms.User
	fw         *isms.Framework
	req        map[string]isms.ID
	c1, c2     *isms.Control
	m          *isms.RiskMethod
}

func newCoverageFixture(t *testing.T, db *sqldb.DB) *coverageFixture {
	t.Helper()
	ctx := context.Background()
	setClock(db)
	f := &coverageFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other"), req: map[string]isms.ID{}}
	f.ann, f.bob = insertUser(t, db, "ann@example.com", "Ann"), insertUser(t, db, "bob@example.com", "Bob")
	var rs []*isms.Requirement
	f.fw, rs = newFramework(t, db, f.org, "fw")
	for _, r := range rs {
		f.req[r.Ref] = r.ID
	}
	f.c1, f.c2 = newControl(f.org, "C-1", isms.ControlImplemented), newControl(f.org, "C-2", isms.ControlPlanned)
	f.c1.OwnerID, f.c2.OwnerID = f.ann.ID, f.bob.ID
	f.m = newRiskMethod(t, f.org, 1)
	f.m.Status = isms.MethodApproved
	insertRiskMethod(t, db, f.m)
	update(t, db, func(tx *sqldb.Tx) error {
		for _, c := range []*isms.Control{f.c1, f.c2} {
			if err := tx.InsertControl(ctx, c); err != nil {
				return err
			}
		}
		_, err := tx.InsertControlLinks(ctx, f.org.ID, []isms.ControlLink{
			{ControlID: f.c1.ID, RequirementID: f.req["G1.1"]},
			{ControlID: f.c1.ID, RequirementID: f.req["G2.1"], Inferred: true, Basis: "mapping"},
			{ControlID: f.c2.ID, RequirementID: f.req["G1.1"]},
			{ControlID: f.c2.ID, RequirementID: f.req["G1.2"]},
		})
		return err
	})
	return f
}

// addRisk stores a risk scored (l, i) under f.m with status, using controls.
func (f *coverageFixture) addRisk(t *testing.T, db *sqldb.DB, ref string, l, i int, status isms.RiskStatus, controls ...isms.ID) {
	t.Helper()
	r := newRisk(f.org, ref)
	score(r, f.m, l, i, 0, 0)
	r.Status = status
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertRisk(context.Background(), r); err != nil {
			return err
		}
		return tx.SetRiskControls(context.Background(), f.org.ID, r.ID, controls)
	})
}

// highLevels returns the levels of m that may not be retained.
func highLevels(m *isms.RiskMethod) []int {
	var out []int
	for n := range m.Levels {
		if !m.MayRetain(n + 1) {
			out = append(out, n+1)
		}
	}
	return out
}

func TestCoverageHighRisks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCoverageFixture(t, db)
		levels := highLevels(f.m)
		if len(levels) == 0 || f.m.MayRetain(f.m.LevelOf(5, 5)) || !f.m.MayRetain(f.m.LevelOf(1, 1)) {
			t.Fatalf("the 5×5 preset retains level %d and not level %d; the fixture needs the top level high and the bottom one low",
				f.m.LevelOf(5, 5), f.m.LevelOf(1, 1))
		}
		f.addRisk(t, db, "R-1", 5, 5, isms.RiskAssessed, f.c1.ID, f.c2.ID) // high: G1.1 (both), G1.2
		f.addRisk(t, db, "R-2", 5, 5, isms.RiskInTreatment, f.c2.ID)       // high: G1.1, G1.2
		f.addRisk(t, db, "R-3", 5, 5, isms.RiskClosed, f.c1.ID)            // closed
		f.addRisk(t, db, "R-4", 1, 1, isms.RiskAssessed, f.c1.ID)          // low
		var got map[isms.ID]int
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.CoverageHighRisks(context.Background(), f.org.ID, f.fw.ID, f.m.ID, levels)
			return err
		})
		want := map[isms.ID]int{f.req["G1.1"]: 2, f.req["G1.2"]: 2}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CoverageHighRisks() (-want +got):\n%s", diff)
		}
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.CoverageHighRisks(context.Background(), f.other.ID, f.fw.ID, f.m.ID, levels)
			return err
		})
		if len(got) != 0 {
			t.Errorf("CoverageHighRisks(other organization) = %v, want none", got)
		}
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.CoverageHighRisks(context.Background(), f.org.ID, f.fw.ID, "", levels)
			return err
		})
		if len(got) != 0 {
			t.Errorf("CoverageHighRisks(no method) = %v, want none", got)
		}
	})
}

func TestOwnedControlLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCoverageFixture(t, db)
		read := func(org isms.ID, owners ...isms.ID) []sqldb.OwnedControlLink {
			var out []sqldb.OwnedControlLink
			view(t, db, func(tx *sqldb.Tx) (err error) {
				out, err = tx.OwnedControlLinks(context.Background(), org, f.fw.ID, owners)
				return err
			})
			return out
		}
		c1 := sqldb.OwnedControlLink{RequirementID: f.req["G1.1"], ControlID: f.c1.ID, Ref: "C-1", Title: "Control C-1", OwnerID: f.ann.ID}
		c2a := sqldb.OwnedControlLink{RequirementID: f.req["G1.1"], ControlID: f.c2.ID, Ref: "C-2", Title: "Control C-2", OwnerID: f.bob.ID}
		c2b := sqldb.OwnedControlLink{RequirementID: f.req["G1.2"], ControlID: f.c2.ID, Ref: "C-2", Title: "Control C-2", OwnerID: f.bob.ID}
		if diff := cmp.Diff([]sqldb.OwnedControlLink{c1}, read(f.org.ID, f.ann.ID)); diff != "" {
			t.Errorf("OwnedControlLinks(Ann) (-want +got), the inferred link left out:\n%s", diff)
		}
		if diff := cmp.Diff([]sqldb.OwnedControlLink{c1, c2a, c2b}, read(f.org.ID, f.bob.ID, f.ann.ID)); diff != "" {
			t.Errorf("OwnedControlLinks(Ann, Bob) (-want +got):\n%s", diff)
		}
		if got := read(f.other.ID, f.ann.ID); len(got) != 0 {
			t.Errorf("OwnedControlLinks(other organization) = %v, want none", got)
		}
		if got := read(f.org.ID); got != nil {
			t.Errorf("OwnedControlLinks(nobody) = %v, want nil", got)
		}
	})
}
