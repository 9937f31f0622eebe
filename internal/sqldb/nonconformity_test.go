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

func ncRef(n *isms.Nonconformity) string  { return n.Ref }
func ncTaskTitle(a *isms.NCAction) string { return a.Title }

// ncFixture is acme's nonconformities NC-1 (internal audit, major, every
// step recorded, verifying with a check due 2025-04-01; one done action
// and its open check task), NC-2 (incident, minor, in action with a stale
// check date; actions: two open and overdue on 2025-03-10, one done, one
// cancelled) and NC-10 (complaint, closed, with a forgotten open action);
// and the other organization's NC-1 with an overdue action.
type ncFixture struct {
	org, other             *isms.Organization
	ann, bob, cid          *isms.User
	nc1, nc2, nc10, away   *isms.Nonconformity
	done1, check1          *isms.Task // NC-1
	late, later, done, cxl *isms.Task // NC-2
	stray, awayTask        *isms.Task // NC-10, the other organization's NC-1
}

func newNCFixture(t *testing.T, db *sqldb.DB) *ncFixture {
	t.Helper()
	f := &ncFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	f.cid = insertUser(t, db, "cid@example.com", "Cid Carter")
	nc := func(o *isms.Organization, ref, title string, src isms.NCSource, g isms.NCGrade, detected string, st isms.NCStatus) *isms.Nonconformity {
		return &isms.Nonconformity{ID: isms.NewID("ncf"), OrgID: o.ID, Ref: ref, Title: title, Description: title + ": details.",
			Source: src, Grade: g, Requirements: []isms.RequirementRef{}, DetectedOn: day(t, detected), Status: st,
			Checks: []isms.EffectivenessCheck{}, CreatedBy: f.ann.ID}
	}
	f.nc1 = nc(f.org, "NC-1", "Missed access reviews", isms.NCInternalAudit, isms.NCMajor, "2025-03-01", isms.NCVerifying)
	f.nc1.Description = "Quarterly access reviews were not performed in Q4."
	f.nc1.SourceRecord = isms.Link{Type: "audit_finding", ID: "fnd_1"}
	f.nc1.Requirements = []isms.RequirementRef{{ID: "req_92", Ref: "9.2"}, {ID: "req_a515", Ref: "A.5.15"}, {ID: "req_a515", Ref: "A.5.15"}}
	f.nc1.DetectedBy, f.nc1.DetectedName, f.nc1.OwnerID, f.nc1.OwnerName = f.cid.ID, f.cid.Name, f.bob.ID, f.bob.Name
	f.nc1.Deadline = day(t, "2025-06-30")
	f.nc1.Correction, f.nc1.CorrectionStep = "Reviewed every account.", isms.Step{On: day(t, "2025-03-02"), By: f.ann.ID, ByName: f.ann.Name}
	f.nc1.RCAMethod, f.nc1.RootCause = isms.RCAFiveWhys, "No owner for the review."
	f.nc1.RCAStep = isms.Step{On: day(t, "2025-03-03"), By: f.bob.ID, ByName: f.bob.Name}
	f.nc1.Similar, f.nc1.SimilarStep = "None in other units.", isms.Step{On: day(t, "2025-03-04"), By: f.cid.ID, ByName: f.cid.Name}
	f.nc1.CheckDue, f.nc1.CheckTaskID = day(t, "2025-04-01"), "tsk_check"
	f.nc1.Checks = []isms.EffectivenessCheck{{Step: isms.Step{On: day(t, "2025-02-01"), By: f.bob.ID, ByName: f.bob.Name},
		Note: "Reviews still late.", TaskID: "tsk_old"}}
	f.nc2 = nc(f.org, "NC-2", "Backup restore untested", isms.NCIncident, isms.NCMinor, "2025-02-10", isms.NCInAction)
	f.nc2.Requirements = []isms.RequirementRef{{ID: "req_a515", Ref: "A.5.15"}}
	f.nc2.OwnerID, f.nc2.OwnerName, f.nc2.CheckDue = f.ann.ID, f.ann.Name, day(t, "2025-03-15")
	f.nc10 = nc(f.org, "NC-10", "Slow complaint handling", isms.NCComplaint, isms.NCMinor, "2024-12-01", isms.NCClosed)
	f.nc10.ClosedOn = day(t, "2025-01-15")
	f.away = nc(f.other, "NC-1", "Elsewhere", isms.NCIncident, isms.NCMajor, "2025-03-01", isms.NCOpen)
	update(t, db, func(tx *sqldb.Tx) error {
		for _, n := range []*isms.Nonconformity{f.nc10, f.nc2, f.nc1, f.away} {
			if err := tx.InsertNonconformity(context.Background(), n); err != nil {
				return err
			}
		}
		return nil
	})
	f.addActions(t, db)
	return f
}

// addActions stores the fixture's tasks and files them under their
// nonconformities, one second apart so that their order is known.
func (f *ncFixture) addActions(t *testing.T, db *sqldb.DB) {
	t.Helper()
	task := func(o *isms.Organization, owner *isms.User, title, due string, st isms.TaskStatus) *isms.Task {
		k := newTask(t, o, owner, title, due)
		k.Status = st
		return k
	}
	f.done1 = task(f.org, f.bob, "Name a review owner", "2025-03-05", isms.TaskDone)
	f.check1 = task(f.org, f.bob, "Check NC-1", "2025-04-01", isms.TaskOpen)
	f.later = task(f.org, f.cid, "Restore test monthly", "2025-03-01", isms.TaskOpen)
	f.late = task(f.org, f.ann, "Write the restore procedure", "2025-02-20", isms.TaskOpen)
	f.done = task(f.org, f.ann, "Buy a test server", "2025-02-15", isms.TaskDone)
	f.cxl = task(f.org, f.ann, "Outsource backups", "2025-02-15", isms.TaskCancelled)
	f.stray = task(f.org, f.ann, "Survey customers", "2025-01-10", isms.TaskOpen)
	f.awayTask = task(f.other, f.ann, "Elsewhere", "2025-01-10", isms.TaskOpen)
	insertTask(t, db, f.done1, f.check1, f.later, f.late, f.done, f.cxl, f.stray, f.awayTask)
	clk := setClock(db)
	for _, a := range []struct {
		n    *isms.Nonconformity
		k    *isms.Task
		kind isms.NCActionKind
	}{
		{f.nc1, f.done1, isms.NCActionCorrective}, {f.nc1, f.check1, isms.NCActionCheck},
		{f.nc2, f.later, isms.NCActionCorrective}, {f.nc2, f.late, isms.NCActionCorrective},
		{f.nc2, f.done, isms.NCActionCorrective}, {f.nc2, f.cxl, isms.NCActionCorrective},
		{f.nc10, f.stray, isms.NCActionCorrective}, {f.away, f.awayTask, isms.NCActionCorrective},
	} {
		clk.Advance(time.Second)
		update(t, db, func(tx *sqldb.Tx) error {
			return tx.InsertNCAction(context.Background(), a.n.OrgID, a.n.ID, a.k.ID, a.kind)
		})
	}
	f.nc1.ActionsClosed = 1
	f.nc2.ActionsOpen, f.nc2.ActionsClosed = 2, 2
	f.nc10.ActionsOpen, f.away.ActionsOpen = 1, 1
}

func TestNonconformityStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newNCFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.Nonconformity{f.nc1, f.nc2, f.nc10, f.away} {
				got, err := tx.FindNonconformityByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindNonconformityByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindNonconformityByRef(ctx, f.org.ID, "nc-10"); err != nil || got.ID != f.nc10.ID || got.Number != 10 {
				t.Errorf("FindNonconformityByRef(nc-10) = %+v, %v; want NC-10 numbered 10", got, err)
			}
			if got, err := tx.FindNonconformityBySource(ctx, f.org.ID, f.nc1.SourceRecord); err != nil || got.ID != f.nc1.ID {
				t.Errorf("FindNonconformityBySource(fnd_1) = %+v, %v; want NC-1", got, err)
			}
			_, err := tx.FindNonconformityBySource(ctx, f.org.ID, isms.Link{Type: "audit_finding", ID: "fnd_2"})
			wantCode(t, "FindNonconformityBySource(a finding without one)", err, isms.NotFound)
			_, err = tx.FindNonconformityBySource(ctx, f.org.ID, isms.Link{})
			wantCode(t, "FindNonconformityBySource(no record)", err, isms.NotFound)
			_, err = tx.FindNonconformityBySource(ctx, f.other.ID, f.nc1.SourceRecord)
			wantCode(t, "FindNonconformityBySource(another organization)", err, isms.NotFound)
			_, err = tx.FindNonconformityByID(ctx, f.other.ID, f.nc1.ID)
			wantCode(t, "FindNonconformityByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindNonconformityByRef(ctx, f.org.ID, "NC-99")
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != `The organization has no nonconformity "NC-99".` {
				t.Errorf("FindNonconformityByRef(NC-99) = %v; want NotFound naming NC-99", err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindNonconformityByIDForUpdate(ctx, f.org.ID, f.nc1.ID)
			if d := cmp.Diff(f.nc1, got, equateDates); d != "" || err != nil {
				t.Errorf("FindNonconformityByIDForUpdate (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		checkNCList(t, db, f)
		checkNCWrites(t, db, f)
	})
}

func checkNCList(t *testing.T, db *sqldb.DB, f *ncFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.NCFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.NCFilter{}, []string{"NC-1", "NC-2", "NC-10"}, 3},
		{"unknown sort falls back to the reference", isms.NCFilter{Sort: "-owner"}, []string{"NC-1", "NC-2", "NC-10"}, 3},
		{"open", isms.NCFilter{Open: true}, []string{"NC-1", "NC-2"}, 2},
		{"with a status", isms.NCFilter{Status: isms.NCClosed}, []string{"NC-10"}, 1},
		{"with a grade", isms.NCFilter{Grade: isms.NCMinor}, []string{"NC-2", "NC-10"}, 2},
		{"from a source", isms.NCFilter{Source: isms.NCIncident}, []string{"NC-2"}, 1},
		{"of an owner", isms.NCFilter{OwnerID: f.bob.ID}, []string{"NC-1"}, 1},
		{"check due by its day, verifying only", isms.NCFilter{CheckDueBy: day(t, "2025-04-01")}, []string{"NC-1"}, 1},
		{"check due by the day before", isms.NCFilter{CheckDueBy: day(t, "2025-03-31")}, []string{}, 0},
		{"search in title", isms.NCFilter{Search: "ACCESS"}, []string{"NC-1"}, 1},
		{"search in description", isms.NCFilter{Search: "q4"}, []string{"NC-1"}, 1},
		{"search in reference", isms.NCFilter{Search: "nc-1"}, []string{"NC-1", "NC-10"}, 2},
		{"search with a wildcard", isms.NCFilter{Search: "%"}, []string{}, 0},
		{"by title", isms.NCFilter{Sort: "title"}, []string{"NC-2", "NC-1", "NC-10"}, 3},
		{"by grade descending", isms.NCFilter{Sort: "-grade"}, []string{"NC-10", "NC-2", "NC-1"}, 3},
		{"by status", isms.NCFilter{Sort: "status"}, []string{"NC-2", "NC-1", "NC-10"}, 3},
		{"by detection", isms.NCFilter{Sort: "detectedOn"}, []string{"NC-10", "NC-2", "NC-1"}, 3},
		{"by check date, none last", isms.NCFilter{Sort: "checkDue"}, []string{"NC-2", "NC-1", "NC-10"}, 3},
		{"by check date descending", isms.NCFilter{Sort: "-checkDue"}, []string{"NC-10", "NC-1", "NC-2"}, 3},
		{"a page", isms.NCFilter{Limit: 1, Offset: 1}, []string{"NC-2"}, 3},
		{"past the end", isms.NCFilter{Offset: 5}, []string{}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindNonconformities(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, ncRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindNonconformities = %v, %d, %v; want %v, %d", c.name, refs, total, err, c.want, c.wantTotal)
			}
			for _, n := range got {
				if n.ID == f.nc2.ID && (n.ActionsOpen != 2 || n.ActionsClosed != 2 || n.OwnerName != f.ann.Name) {
					t.Errorf("%s: NC-2 listed with %d open, %d closed actions, owner %q; want 2, 2, %q",
						c.name, n.ActionsOpen, n.ActionsClosed, n.OwnerName, f.ann.Name)
				}
			}
			return nil
		})
	}
}

func checkNCWrites(t *testing.T, db *sqldb.DB, f *ncFixture) {
	t.Helper()
	ctx := context.Background()
	later := setClock(db).Advance(2 * time.Hour)
	n := *f.nc2
	n.Title, n.Description, n.Source, n.Grade = "Backups never restored", "No restore test in 2024.", isms.NCMonitoring, isms.NCMajor
	n.SourceRecord, n.Requirements = isms.Link{Type: "metric", ID: "met_1"}, []isms.RequirementRef{{ID: "req_a813", Ref: "A.8.13"}}
	n.DetectedOn, n.DetectedBy, n.DetectedName, n.OwnerID, n.OwnerName = day(t, "2025-02-11"), f.bob.ID, f.bob.Name, "", ""
	n.Deadline, n.Status = day(t, "2025-05-31"), isms.NCClosed
	n.Correction, n.CorrectionStep = "Restored last night's backup.", isms.Step{On: day(t, "2025-02-12"), By: f.cid.ID, ByName: f.cid.Name}
	n.RCAMethod, n.RootCause = isms.RCACauseEffect, "No procedure."
	n.RCAStep = isms.Step{On: day(t, "2025-02-13"), By: f.ann.ID, ByName: f.ann.Name}
	n.Similar, n.SimilarStep = "Database backups too.", isms.Step{On: day(t, "2025-02-14"), By: f.bob.ID, ByName: f.bob.Name}
	n.CheckDue, n.CheckTaskID, n.ClosedOn = day(t, "2025-03-20"), f.later.ID, day(t, "2025-03-21")
	n.Checks = []isms.EffectivenessCheck{{Step: isms.Step{On: day(t, "2025-03-21"), By: f.ann.ID, ByName: f.ann.Name},
		Effective: true, Note: "Two restores succeeded.", TaskID: f.later.ID}}
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateNonconformity(ctx, &n, 1) })
	if n.Version != 2 || !n.UpdatedAt.Equal(later) {
		t.Errorf("UpdateNonconformity set version %d, updated %v; want 2, %v", n.Version, n.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindNonconformityByID(ctx, f.org.ID, n.ID)
		if d := cmp.Diff(&n, got, equateDates); d != "" || err != nil {
			t.Errorf("FindNonconformityByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateNonconformity(ctx, &n, 1) })
	wantCode(t, "UpdateNonconformity(stale version)", err, isms.Conflict)
	gone := n
	gone.ID = "ncf_missing"
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateNonconformity(ctx, &gone, 2) })
	if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != "No such nonconformity in this organization." {
		t.Errorf("UpdateNonconformity(missing) = %v; want NotFound", err)
	}
	away := *f.away
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateNonconformity(ctx, &away, 1) })
	wantCode(t, "UpdateNonconformity(another organization's)", err, isms.NotFound)
	dup := *f.nc1
	dup.ID = isms.NewID("ncf")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertNonconformity(ctx, &dup) })
	wantCode(t, "InsertNonconformity(NC-1 again)", err, isms.Conflict)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteNonconformity(ctx, f.other.ID, f.nc2.ID) })
	wantCode(t, "DeleteNonconformity(another organization's)", err, isms.NotFound)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteNonconformity(ctx, f.org.ID, f.nc2.ID) })
	view(t, db, func(tx *sqldb.Tx) error {
		_, err := tx.FindNonconformityByID(ctx, f.org.ID, f.nc2.ID)
		wantCode(t, "FindNonconformityByID(deleted)", err, isms.NotFound)
		_, err = tx.FindNCActionByTask(ctx, f.org.ID, f.late.ID)
		wantCode(t, "FindNCActionByTask(a deleted nonconformity's)", err, isms.NotFound)
		if k, err := tx.FindTaskByID(ctx, f.org.ID, f.late.ID); err != nil || k.Status != isms.TaskOpen {
			t.Errorf("FindTaskByID(a deleted nonconformity's action) = %+v, %v; want the task kept", k, err)
		}
		return nil
	})
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteNonconformity(ctx, f.org.ID, f.nc2.ID) })
	wantCode(t, "DeleteNonconformity(deleted)", err, isms.NotFound)
}

func TestNCActionStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newNCFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindNCActions(ctx, f.org.ID, f.nc2.ID)
			want := []*isms.NCAction{
				{NonconformityID: f.nc2.ID, TaskID: f.later.ID, Kind: isms.NCActionCorrective, Title: f.later.Title,
					OwnerID: f.cid.ID, OwnerName: f.cid.Name, Due: f.later.Due, Status: isms.TaskOpen},
				{NonconformityID: f.nc2.ID, TaskID: f.late.ID, Kind: isms.NCActionCorrective, Title: f.late.Title,
					OwnerID: f.ann.ID, OwnerName: f.ann.Name, Due: f.late.Due, Status: isms.TaskOpen},
				{NonconformityID: f.nc2.ID, TaskID: f.done.ID, Kind: isms.NCActionCorrective, Title: f.done.Title,
					OwnerID: f.ann.ID, OwnerName: f.ann.Name, Due: f.done.Due, Status: isms.TaskDone},
				{NonconformityID: f.nc2.ID, TaskID: f.cxl.ID, Kind: isms.NCActionCorrective, Title: f.cxl.Title,
					OwnerID: f.ann.ID, OwnerName: f.ann.Name, Due: f.cxl.Due, Status: isms.TaskCancelled},
			}
			if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
				t.Errorf("FindNCActions(NC-2) (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindNCActions(ctx, f.other.ID, f.nc2.ID); err != nil || len(got) != 0 {
				t.Errorf("FindNCActions(another organization) = %d actions, %v; want none", len(got), err)
			}
			a, err := tx.FindNCActionByTask(ctx, f.org.ID, f.check1.ID)
			if err != nil || a.NonconformityID != f.nc1.ID || a.Kind != isms.NCActionCheck || a.Title != "Check NC-1" {
				t.Errorf("FindNCActionByTask(check) = %+v, %v; want NC-1's check", a, err)
			}
			_, err = tx.FindNCActionByTask(ctx, f.other.ID, f.check1.ID)
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != "The task is not a nonconformity's." {
				t.Errorf("FindNCActionByTask(another organization) = %v; want NotFound", err)
			}
			return nil
		})
		checkOverdueNCActions(t, db, f)
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertNCAction(ctx, f.org.ID, f.nc1.ID, f.late.ID, isms.NCActionCorrective)
		})
		wantCode(t, "InsertNCAction(another nonconformity's task)", err, isms.Conflict)
		err = db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertNCAction(ctx, f.org.ID, f.nc2.ID, f.late.ID, isms.NCActionCorrective)
		})
		wantCode(t, "InsertNCAction(the same task again)", err, isms.Conflict)
	})
}

func checkOverdueNCActions(t *testing.T, db *sqldb.DB, f *ncFixture) {
	t.Helper()
	for _, c := range []struct {
		today     string
		limit     int
		want      []string
		wantTotal int
	}{
		{"2025-03-10", 0, []string{"Write the restore procedure", "Restore test monthly"}, 2},
		{"2025-03-10", 1, []string{"Write the restore procedure"}, 2},
		{"2025-03-01", 0, []string{"Write the restore procedure"}, 1},
		{"2025-02-20", 0, []string{}, 0},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.OverdueNCActions(context.Background(), f.org.ID, day(t, c.today), c.limit)
			if titles := refsOf(got, ncTaskTitle); err != nil || total != c.wantTotal || !cmp.Equal(titles, c.want) {
				t.Errorf("OverdueNCActions(%s, %d) = %q, %d, %v; want %q, %d", c.today, c.limit, titles, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
}

func TestNCCounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock(db)
		f := newNCFixture(t, db)
		for _, c := range []struct {
			name                 string
			since, until         isms.Date
			wantSource, wantRefs map[string]int
		}{
			{"in the first quarter", day(t, "2025-01-01"), day(t, "2025-03-31"),
				map[string]int{"internal_audit": 1, "incident": 1}, map[string]int{"9.2": 1, "A.5.15": 2}},
			{"on the bounds", day(t, "2025-02-10"), day(t, "2025-03-01"),
				map[string]int{"internal_audit": 1, "incident": 1}, map[string]int{"9.2": 1, "A.5.15": 2}},
			{"in December", day(t, "2024-12-01"), day(t, "2024-12-31"), map[string]int{"complaint": 1}, map[string]int{}},
			{"ever", isms.Date{}, isms.Date{},
				map[string]int{"internal_audit": 1, "incident": 1, "complaint": 1}, map[string]int{"9.2": 1, "A.5.15": 2}},
			{"none", day(t, "2020-01-01"), day(t, "2020-12-31"), map[string]int{}, map[string]int{}},
		} {
			view(t, db, func(tx *sqldb.Tx) error {
				src, refs, err := tx.NCCounts(context.Background(), f.org.ID, c.since, c.until)
				if err != nil || !cmp.Equal(src, c.wantSource) || !cmp.Equal(refs, c.wantRefs) {
					t.Errorf("%s: NCCounts = %v, %v, %v; want %v, %v", c.name, src, refs, err, c.wantSource, c.wantRefs)
				}
				return nil
			})
		}
	})
}
