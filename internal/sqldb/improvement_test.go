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

func improvementRef(im *isms.Improvement) string { return im.Ref }

// improvementFixture is acme's improvements IMP-1 (from an audit finding,
// accepted by Bob, owned by Cid, due 2025-06-30, carried out by a change;
// tasks: one open, one done, one cancelled), IMP-2 (a suggestion,
// proposed), IMP-3 (from a nonconformity, done) and IMP-10 (a
// measurement, deferred, due 2025-04-01); and the other organization's
// IMP-1, with a task linked to acme's IMP-1 by its ID.
type improvementFixture struct {
	org, other              *isms.Organization
	ann, bob, cid           *isms.User
	imp1, imp2, imp3, imp10 *isms.Improvement
	away                    *isms.Improvement
}

func newImprovementFixture(t *testing.T, db *sqldb.DB) *improvementFixture {
	t.Helper()
	f := &improvementFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	f.cid = insertUser(t, db, "cid@example.com", "Cid Carter")
	imp := func(o *isms.Organization, ref, title string, src isms.ImprovementSource, st isms.ImprovementStatus, by *isms.User) *isms.Improvement {
		return &isms.Improvement{ID: isms.NewID("imp"), OrgID: o.ID, Ref: ref, Title: title, Description: title + ", in detail.",
			Source: src, ProposedBy: by.ID, ProposerName: by.Name, Status: st, CreatedBy: by.ID}
	}
	f.imp1 = imp(f.org, "IMP-1", "Automate access reviews", isms.ImpAudit, isms.ImpAccepted, f.ann)
	f.imp1.SourceRecord, f.imp1.Evaluation = isms.Link{Type: "audit_finding", ID: "fnd_9"}, "Saves two days a quarter."
	f.imp1.DecisionReason = "Cheap and quick."
	f.imp1.DecisionStep = isms.Step{On: day(t, "2025-03-05"), By: f.bob.ID, ByName: f.bob.Name}
	f.imp1.OwnerID, f.imp1.OwnerName, f.imp1.Due, f.imp1.ChangeID = f.cid.ID, f.cid.Name, day(t, "2025-06-30"), "chg_1"
	f.imp2 = imp(f.org, "IMP-2", "Security champions", isms.ImpSuggestion, isms.ImpProposed, f.bob)
	f.imp3 = imp(f.org, "IMP-3", "Checklist for changes", isms.ImpNonconformity, isms.ImpDone, f.ann)
	f.imp10 = imp(f.org, "IMP-10", "Dashboard for metrics", isms.ImpMeasurement, isms.ImpDeferred, f.cid)
	f.imp10.DecisionReason, f.imp10.OwnerID, f.imp10.OwnerName = "Next year's budget.", f.ann.ID, f.ann.Name
	f.imp10.Description, f.imp10.Due = "Show the metrics trend on one page.", day(t, "2025-04-01")
	f.away = imp(f.other, "IMP-1", "Elsewhere", isms.ImpAudit, isms.ImpProposed, f.ann)
	f.away.SourceRecord = f.imp1.SourceRecord
	update(t, db, func(tx *sqldb.Tx) error {
		for _, im := range []*isms.Improvement{f.imp10, f.imp3, f.imp2, f.imp1, f.away} {
			if err := tx.InsertImprovement(context.Background(), im); err != nil {
				return err
			}
		}
		return nil
	})
	linked := func(o *isms.Organization, title string, st isms.TaskStatus) *isms.Task {
		k := newTask(t, o, f.cid, title, "2025-05-01")
		k.Status, k.Link = st, isms.Link{Type: "improvement", ID: f.imp1.ID}
		return k
	}
	other := newTask(t, f.org, f.cid, "Unrelated", "2025-05-01")
	other.Link = isms.Link{Type: "risk", ID: f.imp1.ID}
	insertTask(t, db, linked(f.org, "Script the export", isms.TaskOpen), linked(f.org, "Pick a tool", isms.TaskDone),
		linked(f.org, "Buy a licence", isms.TaskCancelled), linked(f.other, "Elsewhere", isms.TaskOpen), other)
	f.imp1.TasksOpen, f.imp1.TasksDone = 1, 1
	return f
}

func TestImprovementStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newImprovementFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.Improvement{f.imp1, f.imp2, f.imp3, f.imp10, f.away} {
				got, err := tx.FindImprovementByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindImprovementByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindImprovementByRef(ctx, f.org.ID, "imp-10"); err != nil || got.ID != f.imp10.ID || got.Number != 10 {
				t.Errorf("FindImprovementByRef(imp-10) = %+v, %v; want IMP-10 numbered 10", got, err)
			}
			_, err := tx.FindImprovementByRef(ctx, f.org.ID, "IMP-99")
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != `The organization has no improvement "IMP-99".` {
				t.Errorf("FindImprovementByRef(IMP-99) = %v; want NotFound naming IMP-99", err)
			}
			if got, err := tx.FindImprovementBySource(ctx, f.org.ID, f.imp1.SourceRecord); err != nil || got.ID != f.imp1.ID {
				t.Errorf("FindImprovementBySource(fnd_9) = %+v, %v; want IMP-1", got, err)
			}
			if got, err := tx.FindImprovementBySource(ctx, f.other.ID, f.imp1.SourceRecord); err != nil || got.ID != f.away.ID {
				t.Errorf("FindImprovementBySource(other, fnd_9) = %+v, %v; want the other organization's", got, err)
			}
			_, err = tx.FindImprovementBySource(ctx, f.org.ID, isms.Link{Type: "audit_finding", ID: "fnd_1"})
			wantCode(t, "FindImprovementBySource(a finding without one)", err, isms.NotFound)
			_, err = tx.FindImprovementBySource(ctx, f.org.ID, isms.Link{})
			wantCode(t, "FindImprovementBySource(no record)", err, isms.NotFound)
			_, err = tx.FindImprovementByID(ctx, f.other.ID, f.imp1.ID)
			wantCode(t, "FindImprovementByID(another organization's)", err, isms.NotFound)
			return nil
		})
		checkImprovementList(t, db, f)
		checkImprovementWrites(t, db, f)
	})
}

func checkImprovementList(t *testing.T, db *sqldb.DB, f *improvementFixture) {
	t.Helper()
	all := []string{"IMP-1", "IMP-2", "IMP-3", "IMP-10"}
	for _, c := range []struct {
		name      string
		filter    isms.ImprovementFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.ImprovementFilter{}, all, 4},
		{"unknown sort falls back to the reference", isms.ImprovementFilter{Sort: "owner"}, all, 4},
		{"open", isms.ImprovementFilter{Open: true}, []string{"IMP-1", "IMP-2", "IMP-10"}, 3},
		{"with a status", isms.ImprovementFilter{Status: isms.ImpDone}, []string{"IMP-3"}, 1},
		{"from a source", isms.ImprovementFilter{Source: isms.ImpSuggestion}, []string{"IMP-2"}, 1},
		{"of an owner", isms.ImprovementFilter{OwnerID: f.cid.ID}, []string{"IMP-1"}, 1},
		{"search in title", isms.ImprovementFilter{Search: "DASHBOARD"}, []string{"IMP-10"}, 1},
		{"search in description", isms.ImprovementFilter{Search: "trend on"}, []string{"IMP-10"}, 1},
		{"search in reference", isms.ImprovementFilter{Search: "imp-1"}, []string{"IMP-1", "IMP-10"}, 2},
		{"by title", isms.ImprovementFilter{Sort: "title"}, []string{"IMP-1", "IMP-3", "IMP-10", "IMP-2"}, 4},
		{"by status", isms.ImprovementFilter{Sort: "status"}, []string{"IMP-2", "IMP-1", "IMP-3", "IMP-10"}, 4},
		{"by source", isms.ImprovementFilter{Sort: "source"}, []string{"IMP-1", "IMP-10", "IMP-3", "IMP-2"}, 4},
		{"by due date, none last", isms.ImprovementFilter{Sort: "due"}, []string{"IMP-10", "IMP-1", "IMP-2", "IMP-3"}, 4},
		{"by due date descending", isms.ImprovementFilter{Sort: "-due"}, []string{"IMP-3", "IMP-2", "IMP-1", "IMP-10"}, 4},
		{"a page", isms.ImprovementFilter{Limit: 2, Offset: 2}, []string{"IMP-3", "IMP-10"}, 4},
		{"past the end", isms.ImprovementFilter{Offset: 4}, []string{}, 4},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindImprovements(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, improvementRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindImprovements = %v, %d, %v; want %v, %d", c.name, refs, total, err, c.want, c.wantTotal)
			}
			for _, im := range got {
				if im.ID == f.imp1.ID && (im.TasksOpen != 1 || im.TasksDone != 1 || im.OwnerName != f.cid.Name) {
					t.Errorf("%s: IMP-1 listed with %d open, %d done tasks, owner %q; want 1, 1, %q",
						c.name, im.TasksOpen, im.TasksDone, im.OwnerName, f.cid.Name)
				}
			}
			return nil
		})
	}
}

func checkImprovementWrites(t *testing.T, db *sqldb.DB, f *improvementFixture) {
	t.Helper()
	ctx := context.Background()
	later := setClock(db).Advance(3 * time.Hour)
	im := *f.imp2
	im.Title, im.Description, im.Source = "Security champions per team", "One champion per team.", isms.ImpManagementReview
	im.SourceRecord, im.ProposedBy, im.ProposerName = isms.Link{Type: "management_review", ID: "mrv_1"}, f.ann.ID, f.ann.Name
	im.Evaluation, im.DecisionReason, im.Status = "Low cost.", "Agreed by the board.", isms.ImpInProgress
	im.DecisionStep = isms.Step{On: day(t, "2025-03-06"), By: f.cid.ID, ByName: f.cid.Name}
	im.OwnerID, im.OwnerName, im.Due, im.ChangeID = f.bob.ID, f.bob.Name, day(t, "2025-09-30"), "chg_2"
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateImprovement(ctx, &im, 1) })
	if im.Version != 2 || !im.UpdatedAt.Equal(later) {
		t.Errorf("UpdateImprovement set version %d, updated %v; want 2, %v", im.Version, im.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindImprovementByID(ctx, f.org.ID, im.ID)
		if d := cmp.Diff(&im, got, equateDates); d != "" || err != nil {
			t.Errorf("FindImprovementByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateImprovement(ctx, &im, 1) })
	wantCode(t, "UpdateImprovement(stale version)", err, isms.Conflict)
	gone := im
	gone.ID = "imp_missing"
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateImprovement(ctx, &gone, 2) })
	if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != "No such improvement in this organization." {
		t.Errorf("UpdateImprovement(missing) = %v; want NotFound", err)
	}
	away := *f.away
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateImprovement(ctx, &away, 1) })
	wantCode(t, "UpdateImprovement(another organization's)", err, isms.NotFound)
	dup := *f.imp1
	dup.ID = isms.NewID("imp")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertImprovement(ctx, &dup) })
	wantCode(t, "InsertImprovement(IMP-1 again)", err, isms.Conflict)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteImprovement(ctx, f.other.ID, f.imp3.ID) })
	wantCode(t, "DeleteImprovement(another organization's)", err, isms.NotFound)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteImprovement(ctx, f.org.ID, f.imp3.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteImprovement(ctx, f.org.ID, f.imp3.ID) })
	wantCode(t, "DeleteImprovement(deleted)", err, isms.NotFound)
}
