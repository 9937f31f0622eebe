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

func TestExternalAuditStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		f := newCertFixture(t, db, clk)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.ExternalAudit{f.ea1, f.ea2, f.ea3, f.eaAway} {
				got, err := tx.FindExternalAuditByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindExternalAuditByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindExternalAuditByRef(ctx, f.org.ID, "ea-2"); err != nil || got.ID != f.ea2.ID || got.Number != 2 {
				t.Errorf("FindExternalAuditByRef(ea-2) = %+v, %v; want EA-2 numbered 2", got, err)
			}
			_, err := tx.FindExternalAuditByID(ctx, f.other.ID, f.ea1.ID)
			wantCode(t, "FindExternalAuditByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindExternalAuditByRef(ctx, f.org.ID, "EA-9")
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != `The organization has no external audit "EA-9".` {
				t.Errorf("FindExternalAuditByRef(EA-9) = %v; want NotFound naming EA-9", err)
			}
			return nil
		})
		checkExternalAuditList(t, db, f)
		checkExternalAuditWrites(t, db, clk, f)
	})
}

func checkExternalAuditList(t *testing.T, db *sqldb.DB, f *certFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.ExternalAuditFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.ExternalAuditFilter{}, []string{"EA-1", "EA-2", "EA-3"}, 3},
		{"of one certificate", isms.ExternalAuditFilter{CertificateID: f.c1.ID}, []string{"EA-1", "EA-2"}, 2},
		{"of another organization's certificate", isms.ExternalAuditFilter{CertificateID: f.cAway.ID}, []string{}, 0},
		{"by kind", isms.ExternalAuditFilter{Kind: isms.ExtStage1}, []string{"EA-3"}, 1},
		{"by status", isms.ExternalAuditFilter{Status: isms.ExtPlanned}, []string{"EA-2"}, 1},
		{"search in reference", isms.ExternalAuditFilter{Search: "ea-3"}, []string{"EA-3"}, 1},
		{"search in team", isms.ExternalAuditFilter{Search: "EVA"}, []string{"EA-1"}, 1},
		{"search in summary", isms.ExternalAuditFilter{Search: "major find"}, []string{"EA-1"}, 1},
		{"filters combine", isms.ExternalAuditFilter{CertificateID: f.c1.ID, Status: isms.ExtCompleted, Kind: isms.ExtStage2}, []string{"EA-1"}, 1},
		{"by start", isms.ExternalAuditFilter{Sort: "start"}, []string{"EA-1", "EA-2", "EA-3"}, 3},
		{"by start descending", isms.ExternalAuditFilter{Sort: "-start"}, []string{"EA-3", "EA-2", "EA-1"}, 3},
		{"by kind in cycle order", isms.ExternalAuditFilter{Sort: "kind"}, []string{"EA-3", "EA-1", "EA-2"}, 3},
		{"by status in display order", isms.ExternalAuditFilter{Sort: "status"}, []string{"EA-2", "EA-1", "EA-3"}, 3},
		{"by reference descending", isms.ExternalAuditFilter{Sort: "-ref"}, []string{"EA-3", "EA-2", "EA-1"}, 3},
		{"a page", isms.ExternalAuditFilter{Limit: 2, Offset: 1}, []string{"EA-2", "EA-3"}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindExternalAudits(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, extAuditRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindExternalAudits(%+v) = %v, %d, %v; want %v, %d", c.name, c.filter, refs, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
}

func checkExternalAuditWrites(t *testing.T, db *sqldb.DB, clk *clock, f *certFixture) {
	t.Helper()
	ctx := context.Background()
	later := clk.Advance(time.Hour)
	e := *f.ea2
	e.CertificateID, e.CertificateRef, e.Kind, e.Cycle, e.Sequence = f.c2.ID, "CERT-2", isms.ExtSpecial, 2, 0
	e.StartOn, e.EndOn, e.Team, e.Status = day(t, "2025-05-05"), day(t, "2025-05-06"), "Sam Lead", isms.ExtCompleted
	e.Result, e.Summary, e.ReminderTaskID = isms.ExtNotRecommended, "Suspension proposed.", "tsk_r2"
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateExternalAudit(ctx, &e, 1) })
	if e.Version != 2 || !e.UpdatedAt.Equal(later) {
		t.Errorf("UpdateExternalAudit set version %d, updated %v; want 2, %v", e.Version, e.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindExternalAuditByID(ctx, f.org.ID, e.ID)
		if d := cmp.Diff(&e, got, equateDates); d != "" || err != nil {
			t.Errorf("FindExternalAuditByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateExternalAudit(ctx, &e, 1) })
	wantCode(t, "UpdateExternalAudit(stale version)", err, isms.Conflict)
	away := *f.eaAway
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateExternalAudit(ctx, &away, 1) })
	wantCode(t, "UpdateExternalAudit(another organization's)", err, isms.NotFound)
	next := *f.ea3
	next.ID, next.Ref = isms.NewID("eau"), ""
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertExternalAudit(ctx, &next) })
	if next.Ref != "EA-4" || next.Number != 4 {
		t.Errorf("InsertExternalAudit after EA-3 numbered %s %d; want EA-4 4", next.Ref, next.Number)
	}
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteExternalAudit(ctx, f.org.ID, f.ea1.ID) })
	if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "The external audit has findings: delete them first." {
		t.Errorf("DeleteExternalAudit(EA-1 with findings) = %v; want the findings Conflict", err)
	}
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteExternalAudit(ctx, f.org.ID, f.ea3.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteExternalAudit(ctx, f.org.ID, f.ea3.ID) })
	wantCode(t, "DeleteExternalAudit(deleted)", err, isms.NotFound)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteExternalAudit(ctx, f.org.ID, f.eaAway.ID) })
	wantCode(t, "DeleteExternalAudit(another organization's)", err, isms.NotFound)
	view(t, db, func(tx *sqldb.Tx) error {
		c1, err1 := tx.FindCertificateByID(ctx, f.org.ID, f.c1.ID)
		c2, err2 := tx.FindCertificateByID(ctx, f.org.ID, f.c2.ID)
		if err1 != nil || err2 != nil || c1.Audits != 1 || c2.Audits != 2 {
			t.Errorf("certificate audit counts after the moves = %v %v; want CERT-1 1 (EA-1), CERT-2 2 (EA-2, EA-4)", c1, c2)
		}
		return nil
	})
}

func TestExternalFindingStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		f := newCertFixture(t, db, clk)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.ExternalFinding{f.xf1, f.xf2, f.xf3, f.xfAway} {
				got, err := tx.FindExternalFindingByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindExternalFindingByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindExternalFindingByRef(ctx, f.org.ID, "xf-3"); err != nil || got.ID != f.xf3.ID || got.Number != 3 {
				t.Errorf("FindExternalFindingByRef(xf-3) = %+v, %v; want XF-3 numbered 3", got, err)
			}
			_, err := tx.FindExternalFindingByID(ctx, f.other.ID, f.xf1.ID)
			wantCode(t, "FindExternalFindingByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindExternalFindingByRef(ctx, f.org.ID, "XF-9")
			wantCode(t, "FindExternalFindingByRef(XF-9)", err, isms.NotFound)
			return nil
		})
		checkExternalFindingList(t, db, f)
		checkExternalFindingWrites(t, db, clk, f)
	})
}

func checkExternalFindingList(t *testing.T, db *sqldb.DB, f *certFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.ExternalFindingFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.ExternalFindingFilter{}, []string{"XF-1", "XF-2", "XF-3"}, 3},
		{"of one audit", isms.ExternalFindingFilter{AuditID: f.ea1.ID}, []string{"XF-1", "XF-2"}, 2},
		{"of another organization's audit", isms.ExternalFindingFilter{AuditID: f.eaAway.ID}, []string{}, 0},
		{"by grade", isms.ExternalFindingFilter{Grade: isms.FindingMajor}, []string{"XF-3"}, 1},
		{"search in reference", isms.ExternalFindingFilter{Search: "xf-2"}, []string{"XF-2"}, 1},
		{"search in title", isms.ExternalFindingFilter{Search: "LOGGING"}, []string{"XF-2"}, 1},
		{"search in description", isms.ExternalFindingFilter{Search: "as reported"}, []string{"XF-1", "XF-2", "XF-3"}, 3},
		{"by grade, most severe first", isms.ExternalFindingFilter{Sort: "grade"}, []string{"XF-3", "XF-1", "XF-2"}, 3},
		{"by title descending", isms.ExternalFindingFilter{Sort: "-title"}, []string{"XF-3", "XF-2", "XF-1"}, 3},
		{"by plan deadline, none last", isms.ExternalFindingFilter{Sort: "capDue"}, []string{"XF-1", "XF-3", "XF-2"}, 3},
		{"by creation", isms.ExternalFindingFilter{Sort: "created"}, []string{"XF-2", "XF-1", "XF-3"}, 3},
		{"a page", isms.ExternalFindingFilter{Sort: "-ref", Limit: 1}, []string{"XF-3"}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindExternalFindings(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, extFindingRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindExternalFindings(%+v) = %v, %d, %v; want %v, %d", c.name, c.filter, refs, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
}

func checkExternalFindingWrites(t *testing.T, db *sqldb.DB, clk *clock, f *certFixture) {
	t.Helper()
	ctx := context.Background()
	later := clk.Advance(time.Hour)
	x := *f.xf2
	x.Grade, x.Title, x.Description, x.CAPDue = isms.FindingMinor, "Logs not reviewed", "Nobody reads the logs.", day(t, "2024-04-30")
	x.Requirements = []isms.RequirementRef{{ID: "req_815", Ref: "A.8.15"}}
	x.NonconformityID, x.NonconformityRef, x.RaisedBy, x.RaisedByName = f.nc.ID, "NC-3", f.bob.ID, f.bob.Name
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateExternalFinding(ctx, &x, 1) })
	if x.Version != 2 || !x.UpdatedAt.Equal(later) {
		t.Errorf("UpdateExternalFinding set version %d, updated %v; want 2, %v", x.Version, x.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindExternalFindingByID(ctx, f.org.ID, x.ID)
		if d := cmp.Diff(&x, got, equateDates); d != "" || err != nil {
			t.Errorf("FindExternalFindingByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateExternalFinding(ctx, &x, 1) })
	wantCode(t, "UpdateExternalFinding(stale version)", err, isms.Conflict)
	gone := x
	gone.ID = "xfd_missing"
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateExternalFinding(ctx, &gone, 2) })
	wantCode(t, "UpdateExternalFinding(missing)", err, isms.NotFound)
	dup := *f.xf1
	dup.ID = isms.NewID("xfd")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertExternalFinding(ctx, &dup) })
	wantCode(t, "InsertExternalFinding(XF-1 again)", err, isms.Conflict)
	next := *f.xfAway
	next.ID, next.Ref = isms.NewID("xfd"), ""
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertExternalFinding(ctx, &next) })
	if next.Ref != "XF-2" || next.Number != 2 {
		t.Errorf("InsertExternalFinding in the other organization numbered %s %d; want XF-2 2", next.Ref, next.Number)
	}
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteExternalFinding(ctx, f.org.ID, f.xf3.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteExternalFinding(ctx, f.org.ID, f.xf3.ID) })
	wantCode(t, "DeleteExternalFinding(deleted)", err, isms.NotFound)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteExternalFinding(ctx, f.org.ID, f.xfAway.ID) })
	wantCode(t, "DeleteExternalFinding(another organization's)", err, isms.NotFound)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteExternalAudit(ctx, f.org.ID, f.ea2.ID) })
}
