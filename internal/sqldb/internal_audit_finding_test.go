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

// findingFixture adds to auditFixture acme's findings F-1 (major, IA-1,
// G1.1 and G2.1), F-2 (minor, IA-1, G1.1 twice), F-3 (observation, IA-3,
// G2.2, raised a day later) and F-10 (ofi, IA-3, none), and the other
// organization's F-1 (major, G1.1).
type findingFixture struct {
	*auditFixture
	f1, f2, f3, f10, elsewhere *isms.AuditFinding
}

func newFindingFixture(t *testing.T, db *sqldb.DB) *findingFixture {
	t.Helper()
	clk := setClock(db)
	f := &findingFixture{auditFixture: newAuditFixture(t, db)}
	req := func(r *isms.Requirement) isms.RequirementRef { return isms.RequirementRef{ID: r.ID, Ref: r.Ref} }
	finding := func(a *isms.InternalAudit, ref string, g isms.FindingGrade, title string, by *isms.User, reqs ...isms.RequirementRef) *isms.AuditFinding {
		if reqs == nil {
			reqs = []isms.RequirementRef{}
		}
		return &isms.AuditFinding{ID: isms.NewID("fnd"), OrgID: a.OrgID, AuditID: a.ID, AuditRef: a.Ref, Ref: ref,
			Number: sqldb.RefNumber(ref), Grade: g, Title: title, Requirements: reqs, RaisedBy: by.ID, RaisedByName: by.Name}
	}
	f.f1 = finding(f.ia1, "F-1", isms.FindingMajor, "No access reviews", f.ann, req(f.rs[1]), req(f.rs[4]))
	f.f1.Description = "Access rights were not reviewed in 2024 (sample of 40 accounts)."
	f.f2 = finding(f.ia1, "F-2", isms.FindingMinor, "Late leaver removal", f.bob, req(f.rs[1]), req(f.rs[1]))
	f.f3 = finding(f.ia3, "F-3", isms.FindingObservation, "Visitor log gaps", f.cid, req(f.rs[5]))
	f.f10 = finding(f.ia3, "F-10", isms.FindingOFI, "Badge colours", f.cid)
	f.elsewhere = finding(f.away, "F-1", isms.FindingMajor, "Elsewhere", f.ann, isms.RequirementRef{ID: f.rs[1].ID, Ref: "G1.1"})
	insert := func(fs ...*isms.AuditFinding) {
		update(t, db, func(tx *sqldb.Tx) error {
			for _, x := range fs {
				if err := tx.InsertFinding(context.Background(), x); err != nil {
					return err
				}
			}
			return nil
		})
	}
	insert(f.f1, f.f2, f.elsewhere)
	clk.Advance(24 * time.Hour)
	insert(f.f3, f.f10)
	return f
}

func TestAuditFindingStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFindingFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.AuditFinding{f.f1, f.f2, f.f3, f.f10, f.elsewhere} {
				got, err := tx.FindFindingByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got); d != "" || err != nil {
					t.Errorf("FindFindingByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindFindingByRef(ctx, f.org.ID, "f-10"); err != nil || got.ID != f.f10.ID {
				t.Errorf("FindFindingByRef(f-10) = %+v, %v; want F-10", got, err)
			}
			_, err := tx.FindFindingByID(ctx, f.other.ID, f.f1.ID)
			wantCode(t, "FindFindingByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindFindingByRef(ctx, f.org.ID, "F-4")
			wantCode(t, "FindFindingByRef(F-4)", err, isms.NotFound)
			if a, err := tx.FindInternalAuditByID(ctx, f.org.ID, f.ia1.ID); err != nil || a.Findings != 2 {
				t.Errorf("FindInternalAuditByID(IA-1).Findings = %v, %v; want 2", a, err)
			}
			return nil
		})
		checkFindingList(t, db, f)
		checkFindingWrites(t, db, f)
	})
}

func checkFindingList(t *testing.T, db *sqldb.DB, f *findingFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.FindingFilter
		want      []string
		wantTotal int
	}{
		{"by reference by default", isms.FindingFilter{}, []string{"F-1", "F-2", "F-3", "F-10"}, 4},
		{"unknown sort", isms.FindingFilter{Sort: "audit"}, []string{"F-1", "F-2", "F-3", "F-10"}, 4},
		{"of an audit", isms.FindingFilter{AuditID: f.ia3.ID}, []string{"F-3", "F-10"}, 2},
		{"of a grade", isms.FindingFilter{Grade: isms.FindingMinor}, []string{"F-2"}, 1},
		{"since a day", isms.FindingFilter{Since: isms.DateOf(t0.Add(24 * time.Hour))}, []string{"F-3", "F-10"}, 2},
		{"since the first day", isms.FindingFilter{Since: isms.DateOf(t0)}, []string{"F-1", "F-2", "F-3", "F-10"}, 4},
		{"search in description", isms.FindingFilter{Search: "40 ACCOUNTS"}, []string{"F-1"}, 1},
		{"search in title", isms.FindingFilter{Search: "log"}, []string{"F-3"}, 1},
		{"by grade descending", isms.FindingFilter{Sort: "-grade"}, []string{"F-10", "F-3", "F-2", "F-1"}, 4},
		{"by title", isms.FindingFilter{Sort: "title"}, []string{"F-10", "F-2", "F-1", "F-3"}, 4},
		{"newest first", isms.FindingFilter{Sort: "-created"}, []string{"F-10", "F-3", "F-2", "F-1"}, 4},
		{"a page", isms.FindingFilter{Sort: "grade", Limit: 2, Offset: 2}, []string{"F-3", "F-10"}, 4},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindFindings(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, findingRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindFindings = %v, %d, %v; want %v, %d", c.name, refs, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
}

func checkFindingWrites(t *testing.T, db *sqldb.DB, f *findingFixture) {
	t.Helper()
	ctx := context.Background()
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindingCountsByRequirement(ctx, f.org.ID)
		want := map[isms.ID]int{f.rs[1].ID: 2, f.rs[4].ID: 1}
		if d := cmp.Diff(want, got); d != "" || err != nil {
			t.Errorf("FindingCountsByRequirement (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	later := setClock(db).Advance(3 * time.Hour)
	g := *f.f3
	g.Grade, g.Title, g.Description, g.RaisedBy, g.RaisedByName = isms.FindingMinor, "Visitor log missing", "No log for May.", f.ann.ID, f.ann.Name
	g.Requirements = []isms.RequirementRef{{ID: f.rs[5].ID, Ref: "G2.2"}, {ID: f.rs[4].ID, Ref: "G2.1"}}
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateFinding(ctx, &g, 1) })
	if g.Version != 2 || !g.UpdatedAt.Equal(later) {
		t.Errorf("UpdateFinding set version %d, updated %v; want 2, %v", g.Version, g.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindFindingByID(ctx, f.org.ID, g.ID)
		if d := cmp.Diff(&g, got); d != "" || err != nil {
			t.Errorf("FindFindingByID after update (-want +got):\n%s%v", d, err)
		}
		counts, err := tx.FindingCountsByRequirement(ctx, f.org.ID)
		want := map[isms.ID]int{f.rs[1].ID: 2, f.rs[4].ID: 2, f.rs[5].ID: 1}
		if d := cmp.Diff(want, counts); d != "" || err != nil {
			t.Errorf("FindingCountsByRequirement after regrading F-3 (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateFinding(ctx, &g, 1) })
	wantCode(t, "UpdateFinding(stale version)", err, isms.Conflict)
	away := *f.elsewhere
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateFinding(ctx, &away, 1) })
	wantCode(t, "UpdateFinding(another organization's)", err, isms.NotFound)
	dup := *f.f1
	dup.ID = isms.NewID("fnd")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertFinding(ctx, &dup) })
	wantCode(t, "InsertFinding(F-1 again)", err, isms.Conflict)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteFinding(ctx, f.org.ID, f.f10.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteFinding(ctx, f.org.ID, f.f10.ID) })
	wantCode(t, "DeleteFinding(deleted)", err, isms.NotFound)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteFinding(ctx, f.org.ID, f.elsewhere.ID) })
	wantCode(t, "DeleteFinding(another organization's)", err, isms.NotFound)
}

func TestDeleteInternalAuditRemovesItemsAndFindings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFindingFixture(t, db)
		insertItems(t, db, f.ia1, f.rs[1], f.rs[2])
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteInternalAudit(ctx, f.org.ID, f.ia1.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindInternalAuditByID(ctx, f.org.ID, f.ia1.ID)
			wantCode(t, "FindInternalAuditByID(deleted)", err, isms.NotFound)
			items, err := tx.FindAuditItems(ctx, f.org.ID, f.ia1.ID)
			if err != nil || len(items) != 0 {
				t.Errorf("FindAuditItems(deleted audit) = %d items, %v; want none", len(items), err)
			}
			got, total, err := tx.FindFindings(ctx, f.org.ID, isms.FindingFilter{})
			if refs := refsOf(got, findingRef); err != nil || total != 2 || !cmp.Equal(refs, []string{"F-3", "F-10"}) {
				t.Errorf("FindFindings after deleting IA-1 = %v, %d, %v; want [F-3 F-10]", refs, total, err)
			}
			if p, err := tx.FindProgrammeByID(ctx, f.org.ID, f.p1.ID); err != nil || p.Audits != 1 {
				t.Errorf("FindProgrammeByID(AP-1).Audits = %v, %v; want 1", p, err)
			}
			if a, err := tx.FindInternalAuditByID(ctx, f.other.ID, f.away.ID); err != nil || a.Findings != 1 {
				t.Errorf("the other organization's IA-1 = %v, %v; want it intact with 1 finding", a, err)
			}
			return nil
		})
	})
}

func TestAuditRefsAreNumbered(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFindingFixture(t, db)
		for table, want := range map[string]int{"audit_programmes": 10, "internal_audits": 3, "audit_findings": 10} {
			view(t, db, func(tx *sqldb.Tx) error {
				if n, err := tx.MaxRefNumber(context.Background(), table, f.org.ID); err != nil || n != want {
					t.Errorf("MaxRefNumber(%s) = %d, %v; want %d", table, n, err, want)
				}
				return nil
			})
		}
	})
}
