// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func requestRef(r *isms.EvidenceRequest) string { return r.Ref }

// erToday is the day the request tests count overdue requests on.
var erToday = isms.NewDate(2025, 3, 3)

// requestFixture is acme's requests ER-1 (EA-1, requirement G1.1 of iso
// and control CTL-7, open, due 2025-03-01, Ann), ER-2 (control CTL-8
// only, answered in round 2 with two evidence items, due 2025-03-20,
// Bob), ER-3 (requirement G2.1 of soc, open, due 2025-02-10, Bob) and
// ER-4 (iso, accepted with one evidence item, due 2025-01-15, Ann), all
// asked by Eve; and the other organization's ER-1.
type requestFixture struct {
	org, other                 *isms.Organization
	ann, bob, eve              *isms.User
	iso, soc                   *isms.Framework
	ctl7, ctl8                 *isms.Control
	audit                      *isms.ExternalAudit
	e1, e2, e3                 *isms.Evidence
	er1, er2, er3, er4, erAway *isms.EvidenceRequest
}

func newRequestFixture(t *testing.T, db *sqldb.DB) *requestFixture {
	t.Helper()
	ctx := context.Background()
	f := &requestFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	f.eve = insertUser(t, db, "eve@example.com", "Eve Examiner")
	iso, isoReqs := newFramework(t, db, f.org, "iso")
	soc, socReqs := newFramework(t, db, f.org, "soc")
	f.iso, f.soc = iso, soc
	f.ctl7, f.ctl8 = newControl(f.org, "CTL-7", isms.ControlPlanned), newControl(f.org, "CTL-8", isms.ControlPlanned)
	cert := &isms.Certificate{ID: isms.NewID("crt"), OrgID: f.org.ID, Body: "BSI", Standard: "ISO/IEC 27001:2022",
		Status: isms.CertPursuing, OwnerID: f.ann.ID}
	f.audit = &isms.ExternalAudit{ID: isms.NewID("eau"), OrgID: f.org.ID, CertificateID: cert.ID, Kind: isms.ExtStage1,
		Cycle: 1, StartOn: day(t, "2025-03-10"), EndOn: day(t, "2025-03-11"), Status: isms.ExtPlanned}
	f.e1 = insertEvidence(t, db, newEvidence(f.org, "Backup log January", isms.EvidenceKindNote, nil))
	f.e2 = insertEvidence(t, db, newEvidence(f.org, "Backup log February", isms.EvidenceKindNote, nil))
	f.e3 = insertEvidence(t, db, newEvidence(f.org, "Risk register", isms.EvidenceKindNote, nil))
	req := func(o *isms.Organization, title, due string, owner *isms.User, st isms.RequestStatus) *isms.EvidenceRequest {
		return &isms.EvidenceRequest{ID: isms.NewID("erq"), OrgID: o.ID, Title: title, Detail: title + ", please.",
			DueOn: day(t, due), OwnerID: owner.ID, OwnerName: owner.Name, RequestedBy: f.eve.ID, RequestedByName: f.eve.Name,
			Status: st, Round: 1, Evidence: []isms.ID{},
			Thread: []isms.RequestMessage{{Step: isms.StepAsked, At: t0, By: f.eve.ID, ByName: f.eve.Name, Text: "Please send " + title + "."}}}
	}
	f.er1 = req(f.org, "Access control policy", "2025-03-01", f.ann, isms.RequestOpen)
	f.er1.AuditID, f.er1.AuditRef, f.er1.TaskID = f.audit.ID, "EA-1", "tsk_er1"
	f.er1.Requirement, f.er1.FrameworkID = isms.RequirementRef{ID: isoReqs[1].ID, Ref: "G1.1"}, iso.ID
	f.er1.ControlID, f.er1.ControlRef = f.ctl7.ID, "CTL-7"
	f.er2 = req(f.org, "Backup logs", "2025-03-20", f.bob, isms.RequestAnswered)
	f.er2.ControlID, f.er2.ControlRef, f.er2.Round = f.ctl8.ID, "CTL-8", 2
	f.er2.Evidence = sortedIDs(f.e1.ID, f.e2.ID)
	f.er2.Thread = append(f.er2.Thread,
		isms.RequestMessage{Step: isms.StepAnswered, At: t0.Add(time.Hour), By: f.bob.ID, ByName: f.bob.Name, Text: "January.", Evidence: []isms.ID{f.e1.ID}},
		isms.RequestMessage{Step: isms.StepAskedAgain, At: t0.Add(2 * time.Hour), By: f.eve.ID, ByName: f.eve.Name, Text: "February too."},
		isms.RequestMessage{Step: isms.StepAnswered, At: t0.Add(3 * time.Hour), By: f.bob.ID, ByName: f.bob.Name, Text: "Here.", Evidence: []isms.ID{f.e2.ID}})
	f.er3 = req(f.org, "Incident records", "2025-02-10", f.bob, isms.RequestOpen)
	f.er3.Requirement, f.er3.FrameworkID, f.er3.Detail = isms.RequirementRef{ID: socReqs[4].ID, Ref: "G2.1"}, soc.ID, "All Q1 incidents."
	f.er4 = req(f.org, "Risk register", "2025-01-15", f.ann, isms.RequestAccepted)
	f.er4.Requirement, f.er4.FrameworkID, f.er4.Evidence = isms.RequirementRef{ID: isoReqs[2].ID, Ref: "G1.2"}, iso.ID, []isms.ID{f.e3.ID}
	f.erAway = req(f.other, "Elsewhere", "2025-01-01", f.bob, isms.RequestOpen)
	f.erAway.TaskID = "tsk_away"
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertControl(ctx, f.ctl7); err != nil {
			return err
		}
		if err := tx.InsertControl(ctx, f.ctl8); err != nil {
			return err
		}
		if err := tx.InsertCertificate(ctx, cert); err != nil {
			return err
		}
		if err := tx.InsertExternalAudit(ctx, f.audit); err != nil {
			return err
		}
		for _, r := range []*isms.EvidenceRequest{f.er1, f.er2, f.er3, f.er4, f.erAway} {
			if err := tx.InsertEvidenceRequest(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	return f
}

// sortedIDs returns ids in order, as links are read back.
func sortedIDs(ids ...isms.ID) []isms.ID {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func TestEvidenceRequestStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		f := newRequestFixture(t, db)
		for i, r := range []*isms.EvidenceRequest{f.er1, f.er2, f.er3, f.er4, f.erAway} {
			if want := []string{"ER-1", "ER-2", "ER-3", "ER-4", "ER-1"}[i]; r.Ref != want || r.Number != sqldb.RefNumber(want) {
				t.Errorf("InsertEvidenceRequest numbered %s %d; want %s", r.Ref, r.Number, want)
			}
		}
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.EvidenceRequest{f.er1, f.er2, f.er3, f.er4, f.erAway} {
				got, err := tx.FindEvidenceRequestByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindEvidenceRequestByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindEvidenceRequestByRef(ctx, f.org.ID, "er-2"); err != nil || got.ID != f.er2.ID || !cmp.Equal(got.Evidence, f.er2.Evidence) {
				t.Errorf("FindEvidenceRequestByRef(er-2) = %+v, %v; want ER-2 with its evidence", got, err)
			}
			if got, err := tx.FindEvidenceRequestByTask(ctx, f.org.ID, "tsk_er1"); err != nil || got.ID != f.er1.ID {
				t.Errorf("FindEvidenceRequestByTask(tsk_er1) = %+v, %v; want ER-1", got, err)
			}
			if n, err := tx.MaxRefNumber(ctx, "evidence_requests", f.org.ID); err != nil || n != 4 {
				t.Errorf("MaxRefNumber(evidence_requests) = %d, %v; want 4", n, err)
			}
			_, err := tx.FindEvidenceRequestByTask(ctx, f.org.ID, "")
			wantCode(t, "FindEvidenceRequestByTask(no task)", err, isms.NotFound)
			_, err = tx.FindEvidenceRequestByTask(ctx, f.org.ID, "tsk_away")
			wantCode(t, "FindEvidenceRequestByTask(another organization's)", err, isms.NotFound)
			_, err = tx.FindEvidenceRequestByID(ctx, f.other.ID, f.er1.ID)
			wantCode(t, "FindEvidenceRequestByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindEvidenceRequestByRef(ctx, f.org.ID, "ER-9")
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != `The organization has no evidence request "ER-9".` {
				t.Errorf("FindEvidenceRequestByRef(ER-9) = %v; want NotFound naming ER-9", err)
			}
			return nil
		})
		checkRequestList(t, db, f)
		checkRequestCounts(t, db, f)
		checkRequestWrites(t, db, clk, f)
	})
}

func checkRequestList(t *testing.T, db *sqldb.DB, f *requestFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.EvidenceRequestFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.EvidenceRequestFilter{}, []string{"ER-1", "ER-2", "ER-3", "ER-4"}, 4},
		{"of one audit", isms.EvidenceRequestFilter{AuditID: f.audit.ID}, []string{"ER-1"}, 1},
		{"by status", isms.EvidenceRequestFilter{Status: isms.RequestOpen}, []string{"ER-1", "ER-3"}, 2},
		{"by owner", isms.EvidenceRequestFilter{OwnerID: f.bob.ID}, []string{"ER-2", "ER-3"}, 2},
		{"of a framework, with control-only requests", isms.EvidenceRequestFilter{FrameworkID: f.iso.ID}, []string{"ER-1", "ER-2", "ER-4"}, 3},
		{"of the other framework", isms.EvidenceRequestFilter{FrameworkID: f.soc.ID}, []string{"ER-2", "ER-3"}, 2},
		{"overdue today", isms.EvidenceRequestFilter{OverdueOn: erToday}, []string{"ER-1", "ER-3"}, 2},
		{"overdue earlier", isms.EvidenceRequestFilter{OverdueOn: day(t, "2025-02-11")}, []string{"ER-3"}, 1},
		{"not overdue on the due date", isms.EvidenceRequestFilter{OverdueOn: day(t, "2025-02-10")}, []string{}, 0},
		{"search in reference", isms.EvidenceRequestFilter{Search: "er-4"}, []string{"ER-4"}, 1},
		{"search in title", isms.EvidenceRequestFilter{Search: "BACKUP"}, []string{"ER-2"}, 1},
		{"search in detail", isms.EvidenceRequestFilter{Search: "q1 inc"}, []string{"ER-3"}, 1},
		{"search in requirement", isms.EvidenceRequestFilter{Search: "g1."}, []string{"ER-1", "ER-4"}, 2},
		{"search in control", isms.EvidenceRequestFilter{Search: "ctl-8"}, []string{"ER-2"}, 1},
		{"filters combine", isms.EvidenceRequestFilter{OwnerID: f.ann.ID, FrameworkID: f.iso.ID, Status: isms.RequestAccepted}, []string{"ER-4"}, 1},
		{"by due date", isms.EvidenceRequestFilter{Sort: "due"}, []string{"ER-4", "ER-3", "ER-1", "ER-2"}, 4},
		{"by status, then due date", isms.EvidenceRequestFilter{Sort: "status"}, []string{"ER-3", "ER-1", "ER-2", "ER-4"}, 4},
		{"by owner", isms.EvidenceRequestFilter{Sort: "owner"}, []string{"ER-1", "ER-4", "ER-2", "ER-3"}, 4},
		{"by owner descending", isms.EvidenceRequestFilter{Sort: "-owner"}, []string{"ER-3", "ER-2", "ER-4", "ER-1"}, 4},
		{"by title descending", isms.EvidenceRequestFilter{Sort: "-title"}, []string{"ER-4", "ER-3", "ER-2", "ER-1"}, 4},
		{"a page", isms.EvidenceRequestFilter{Sort: "due", Limit: 2, Offset: 1}, []string{"ER-3", "ER-1"}, 4},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindEvidenceRequests(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, requestRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindEvidenceRequests(%+v) = %v, %d, %v; want %v, %d", c.name, c.filter, refs, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, _, err := tx.FindEvidenceRequests(context.Background(), f.org.ID, isms.EvidenceRequestFilter{})
		want := []*isms.EvidenceRequest{f.er1, f.er2, f.er3, f.er4}
		if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
			t.Errorf("FindEvidenceRequests reads every field and the evidence (-want +got):\n%s%v", d, err)
		}
		got, total, err := tx.FindEvidenceRequests(context.Background(), f.other.ID, isms.EvidenceRequestFilter{Search: "er-"})
		if refs := refsOf(got, requestRef); err != nil || total != 1 || got[0].ID != f.erAway.ID {
			t.Errorf("FindEvidenceRequests(other) = %v, %d, %v; want only its ER-1", refs, total, err)
		}
		return nil
	})
}

func checkRequestCounts(t *testing.T, db *sqldb.DB, f *requestFixture) {
	t.Helper()
	for _, c := range []struct {
		org   isms.ID
		today isms.Date
		want  map[string]int
	}{
		{f.org.ID, erToday, map[string]int{"open": 2, "answered": 1, "accepted": 1, "cancelled": 0, "overdue": 2}},
		{f.org.ID, day(t, "2025-02-10"), map[string]int{"open": 2, "answered": 1, "accepted": 1, "cancelled": 0, "overdue": 0}},
		{f.other.ID, erToday, map[string]int{"open": 1, "answered": 0, "accepted": 0, "cancelled": 0, "overdue": 1}},
		{"org_nope", erToday, map[string]int{"open": 0, "answered": 0, "accepted": 0, "cancelled": 0, "overdue": 0}},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.RequestCounts(context.Background(), c.org, c.today)
			if !cmp.Equal(got, c.want) || err != nil {
				t.Errorf("RequestCounts(%s, %s) = %v, %v; want %v", c.org, c.today, got, err, c.want)
			}
			return nil
		})
	}
}

func checkRequestWrites(t *testing.T, db *sqldb.DB, clk *clock, f *requestFixture) {
	t.Helper()
	ctx := context.Background()
	later := clk.Advance(time.Hour)
	r := *f.er1
	r.AuditID, r.AuditRef, r.Requirement, r.FrameworkID = "", "", isms.RequirementRef{}, ""
	r.ControlID, r.ControlRef, r.Title, r.Detail, r.DueOn = f.ctl8.ID, "CTL-8", "Access policy v2", "Signed.", day(t, "2025-04-01")
	r.OwnerID, r.OwnerName, r.RequestedBy, r.RequestedByName = f.bob.ID, f.bob.Name, f.ann.ID, f.ann.Name
	r.Status, r.Round, r.TaskID, r.Evidence = isms.RequestAnswered, 2, "tsk_er1b", sortedIDs(f.e3.ID, f.e1.ID)
	r.Thread = append(slices.Clone(r.Thread), isms.RequestMessage{Step: isms.StepAnswered, At: later, By: f.bob.ID,
		ByName: f.bob.Name, Text: "Attached.", Evidence: []isms.ID{f.e1.ID, f.e3.ID}})
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateEvidenceRequest(ctx, &r, 1) })
	if r.Version != 2 || !r.UpdatedAt.Equal(later) {
		t.Errorf("UpdateEvidenceRequest set version %d, updated %v; want 2, %v", r.Version, r.UpdatedAt, later)
	}
	findRequest := func(want *isms.EvidenceRequest, what string) {
		t.Helper()
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindEvidenceRequestByID(ctx, f.org.ID, want.ID)
			if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
				t.Errorf("FindEvidenceRequestByID %s (-want +got):\n%s%v", what, d, err)
			}
			return nil
		})
	}
	findRequest(&r, "after update")
	r.Evidence = nil
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateEvidenceRequest(ctx, &r, 2) })
	r.Evidence = []isms.ID{}
	findRequest(&r, "after its evidence was removed")
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateEvidenceRequest(ctx, &r, 1) })
	wantCode(t, "UpdateEvidenceRequest(stale version)", err, isms.Conflict)
	away := *f.erAway
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateEvidenceRequest(ctx, &away, 1) })
	wantCode(t, "UpdateEvidenceRequest(another organization's)", err, isms.NotFound)
	dup := *f.er2
	dup.ID = isms.NewID("erq")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertEvidenceRequest(ctx, &dup) })
	wantCode(t, "InsertEvidenceRequest(ER-2 again)", err, isms.Conflict)
	next := *f.erAway
	next.ID, next.Ref, next.Evidence, next.Thread = isms.NewID("erq"), "", nil, nil
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertEvidenceRequest(ctx, &next) })
	if next.Ref != "ER-2" || next.Number != 2 {
		t.Errorf("InsertEvidenceRequest in the other organization numbered %s %d; want ER-2 2", next.Ref, next.Number)
	}
	next.Evidence, next.Thread = []isms.ID{}, []isms.RequestMessage{}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindEvidenceRequestByID(ctx, f.other.ID, next.ID)
		if d := cmp.Diff(&next, got, equateDates); d != "" || err != nil {
			t.Errorf("FindEvidenceRequestByID(without evidence or thread) (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteEvidenceRequest(ctx, f.org.ID, f.er2.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteEvidenceRequest(ctx, f.org.ID, f.er2.ID) })
	wantCode(t, "DeleteEvidenceRequest(deleted)", err, isms.NotFound)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteEvidenceRequest(ctx, f.org.ID, f.erAway.ID) })
	wantCode(t, "DeleteEvidenceRequest(another organization's)", err, isms.NotFound)
	view(t, db, func(tx *sqldb.Tx) error {
		for _, e := range []*isms.Evidence{f.e1, f.e2} {
			ids, err := tx.FindRecordLinksTo(ctx, f.org.ID, "evidence_request", isms.Link{Type: "evidence", ID: e.ID})
			if len(ids) != 0 || err != nil {
				t.Errorf("requests linking %s after ER-2 was deleted = %v, %v; want none", e.Title, ids, err)
			}
		}
		ids, err := tx.FindRecordLinksTo(ctx, f.org.ID, "evidence_request", isms.Link{Type: "evidence", ID: f.e3.ID})
		if !cmp.Equal(ids, []isms.ID{f.er4.ID}) || err != nil {
			t.Errorf("requests linking the risk register = %v, %v; want ER-4 only", ids, err)
		}
		return nil
	})
}
