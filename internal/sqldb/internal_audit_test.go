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

// refsOf returns the reference of each of list, in order.
func refsOf[T any](list []T, ref func(T) string) []string {
	out := []string{}
	for _, x := range list {
		out = append(out, ref(x))
	}
	return out
}

func programmeRef(p *isms.AuditProgramme) string    { return p.Ref }
func internalAuditRef(a *isms.InternalAudit) string { return a.Ref }
func findingRef(f *isms.AuditFinding) string        { return f.Ref }

// auditFixture is acme's programmes AP-1 (framework "iso", owned by Ann),
// AP-2 and AP-10; audits IA-1 (AP-1, led by Ann with Bob and Cid, one
// override, reported), IA-2 (AP-1, led by Bob, no team) and IA-3 (AP-2);
// and another organization's AP-1 with its IA-1.
type auditFixture struct {
	org, other          *isms.Organization
	ann, bob, cid       *isms.User
	fw                  *isms.Framework
	rs                  []*isms.Requirement // G1, G1.1, G1.2, G2, G2.1, G2.2
	p1, p2, p10, pAway  *isms.AuditProgramme
	ia1, ia2, ia3, away *isms.InternalAudit
}

func newAuditFixture(t *testing.T, db *sqldb.DB) *auditFixture {
	t.Helper()
	f := &auditFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	f.cid = insertUser(t, db, "cid@example.com", "Cid Carter")
	f.fw, f.rs = newFramework(t, db, f.org, "iso")
	otherFw, _ := newFramework(t, db, f.other, "iso")
	prog := func(o *isms.Organization, fw *isms.Framework, ref, title, start, end string) *isms.AuditProgramme {
		return &isms.AuditProgramme{ID: isms.NewID("apg"), OrgID: o.ID, Ref: ref, Title: title, FrameworkID: fw.ID,
			FrameworkName: fw.Name, Start: day(t, start), End: day(t, end), CreatedBy: f.ann.ID}
	}
	f.p1 = prog(f.org, f.fw, "AP-1", "Certification cycle 2025-2027", "2025-01-01", "2027-12-31")
	f.p1.Description, f.p1.OwnerID, f.p1.OwnerName = "Objectives: cover every clause.", f.ann.ID, f.ann.Name
	f.p2 = prog(f.org, f.fw, "AP-2", "Annual supplier audits", "2026-01-01", "2026-12-31")
	f.p10 = prog(f.org, f.fw, "AP-10", "Baseline", "2024-01-01", "2024-12-31")
	f.pAway = prog(f.other, otherFw, "AP-1", "Elsewhere", "2025-01-01", "2025-12-31")
	f.ia1 = f.audit(t, f.org, f.p1, "IA-1", "Access control", f.ann, "2025-03-10", "2025-03-12", isms.AuditReported)
	f.ia1.Units, f.ia1.Summary, f.ia1.ReportedOn = "IT operations, Berlin", "Mostly conforming.", day(t, "2025-03-20")
	f.ia1.TeamIDs, f.ia1.TeamNames = []isms.ID{f.cid.ID, f.bob.ID}, []string{f.cid.Name, f.bob.Name}
	f.ia1.Overrides = []isms.IndependenceOverride{{UserID: f.bob.ID, UserName: f.bob.Name,
		Record: isms.Link{Type: "control", ID: "ctl_x"}, Label: "C-4 Access reviews", Reason: "Sole expert",
		By: f.ann.ID, ByName: f.ann.Name, At: t0}}
	f.ia2 = f.audit(t, f.org, f.p1, "IA-2", "Supplier management", f.bob, "2025-02-01", "2025-02-02", isms.AuditPlanned)
	f.ia3 = f.audit(t, f.org, f.p2, "IA-3", "Physical security", f.cid, "2026-05-01", "2026-05-01", isms.AuditInProgress)
	f.away = f.audit(t, f.other, f.pAway, "IA-1", "Elsewhere", f.ann, "2025-03-10", "2025-03-12", isms.AuditPlanned)
	update(t, db, func(tx *sqldb.Tx) error {
		for _, p := range []*isms.AuditProgramme{f.p10, f.p2, f.p1, f.pAway} {
			if err := tx.InsertProgramme(context.Background(), p); err != nil {
				return err
			}
		}
		for _, a := range []*isms.InternalAudit{f.ia2, f.ia1, f.ia3, f.away} {
			if err := tx.InsertInternalAudit(context.Background(), a); err != nil {
				return err
			}
		}
		return nil
	})
	f.p1.Audits, f.p2.Audits, f.pAway.Audits = 2, 1, 1
	return f
}

// audit returns a new audit of programme p as read back: nil team and
// overrides read as empty lists.
func (f *auditFixture) audit(t *testing.T, o *isms.Organization, p *isms.AuditProgramme, ref, title string, lead *isms.User,
	start, end string, st isms.AuditStatus) *isms.InternalAudit {
	return &isms.InternalAudit{ID: isms.NewID("iau"), OrgID: o.ID, Ref: ref, ProgrammeID: p.ID, ProgrammeRef: p.Ref,
		FrameworkID: p.FrameworkID, Title: title, Criteria: "ISO/IEC 27001:2022", LeadID: lead.ID, LeadName: lead.Name,
		TeamIDs: []isms.ID{}, TeamNames: []string{}, PlannedStart: day(t, start), PlannedEnd: day(t, end), Status: st,
		Overrides: []isms.IndependenceOverride{}, CreatedBy: f.ann.ID}
}

func TestAuditProgrammeStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newAuditFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.AuditProgramme{f.p1, f.p2, f.pAway} {
				got, err := tx.FindProgrammeByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindProgrammeByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindProgrammeByRef(ctx, f.org.ID, "ap-10"); err != nil || got.ID != f.p10.ID || got.Number != 10 {
				t.Errorf("FindProgrammeByRef(ap-10) = %+v, %v; want AP-10 numbered 10", got, err)
			}
			if got, err := tx.FindProgrammeByRef(ctx, f.other.ID, "AP-1"); err != nil || got.ID != f.pAway.ID {
				t.Errorf("FindProgrammeByRef(other, AP-1) = %+v, %v; want the other organization's", got, err)
			}
			_, err := tx.FindProgrammeByID(ctx, f.other.ID, f.p1.ID)
			wantCode(t, "FindProgrammeByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindProgrammeByRef(ctx, f.org.ID, "AP-99")
			wantCode(t, "FindProgrammeByRef(AP-99)", err, isms.NotFound)
			return nil
		})
		checkProgrammeList(t, db, f)
		checkProgrammeWrites(t, db, f)
	})
}

func checkProgrammeList(t *testing.T, db *sqldb.DB, f *auditFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.ProgrammeFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.ProgrammeFilter{}, []string{"AP-1", "AP-2", "AP-10"}, 3},
		{"unknown sort falls back to the reference", isms.ProgrammeFilter{Sort: "owner"}, []string{"AP-1", "AP-2", "AP-10"}, 3},
		{"search in reference", isms.ProgrammeFilter{Search: "ap-1"}, []string{"AP-1", "AP-10"}, 2},
		{"search in title", isms.ProgrammeFilter{Search: "SUPPLIER"}, []string{"AP-2"}, 1},
		{"by title descending", isms.ProgrammeFilter{Sort: "-title"}, []string{"AP-1", "AP-10", "AP-2"}, 3},
		{"by start", isms.ProgrammeFilter{Sort: "start"}, []string{"AP-10", "AP-1", "AP-2"}, 3},
		{"by end descending", isms.ProgrammeFilter{Sort: "-end"}, []string{"AP-1", "AP-2", "AP-10"}, 3},
		{"a page", isms.ProgrammeFilter{Limit: 1, Offset: 1}, []string{"AP-2"}, 3},
		{"past the end", isms.ProgrammeFilter{Offset: 5}, []string{}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindProgrammes(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, programmeRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindProgrammes(%+v) = %v, %d, %v; want %v, %d", c.name, c.filter, refs, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
}

func checkProgrammeWrites(t *testing.T, db *sqldb.DB, f *auditFixture) {
	t.Helper()
	ctx := context.Background()
	clk := setClock(db)
	later := clk.Advance(time.Hour)
	p := *f.p2
	p.Title, p.Description, p.OwnerID, p.OwnerName, p.End = "Supplier audits", "Methods: interviews.", f.bob.ID, f.bob.Name, day(t, "2026-11-30")
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateProgramme(ctx, &p, 1) })
	if p.Version != 2 || !p.UpdatedAt.Equal(later) {
		t.Errorf("UpdateProgramme set version %d, updated %v; want 2, %v", p.Version, p.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindProgrammeByID(ctx, f.org.ID, p.ID)
		if d := cmp.Diff(&p, got, equateDates); d != "" || err != nil {
			t.Errorf("FindProgrammeByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateProgramme(ctx, &p, 1) })
	wantCode(t, "UpdateProgramme(stale version)", err, isms.Conflict)
	gone := p
	gone.ID = "apg_missing"
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateProgramme(ctx, &gone, 2) })
	wantCode(t, "UpdateProgramme(missing)", err, isms.NotFound)
	away := *f.pAway
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateProgramme(ctx, &away, 1) })
	wantCode(t, "UpdateProgramme(another organization's)", err, isms.NotFound)
	dup := *f.p1
	dup.ID = isms.NewID("apg")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertProgramme(ctx, &dup) })
	wantCode(t, "InsertProgramme(AP-1 again)", err, isms.Conflict)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteProgramme(ctx, f.org.ID, f.p1.ID) })
	if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "The programme holds 2 audits; delete them first." {
		t.Errorf("DeleteProgramme(AP-1 with audits) = %v; want a Conflict naming 2 audits", err)
	}
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteProgramme(ctx, f.org.ID, f.p10.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteProgramme(ctx, f.org.ID, f.p10.ID) })
	wantCode(t, "DeleteProgramme(deleted)", err, isms.NotFound)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteProgramme(ctx, f.org.ID, f.pAway.ID) })
	wantCode(t, "DeleteProgramme(another organization's)", err, isms.NotFound)
}

func TestInternalAuditStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newAuditFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.InternalAudit{f.ia1, f.ia2, f.ia3, f.away} {
				got, err := tx.FindInternalAuditByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindInternalAuditByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindInternalAuditByRef(ctx, f.org.ID, "ia-2"); err != nil || got.ID != f.ia2.ID || got.Number != 2 {
				t.Errorf("FindInternalAuditByRef(ia-2) = %+v, %v; want IA-2", got, err)
			}
			_, err := tx.FindInternalAuditByID(ctx, f.other.ID, f.ia1.ID)
			wantCode(t, "FindInternalAuditByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindInternalAuditByRef(ctx, f.org.ID, "IA-9")
			wantCode(t, "FindInternalAuditByRef(IA-9)", err, isms.NotFound)
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindInternalAuditByIDForUpdate(ctx, f.org.ID, f.ia1.ID)
			if d := cmp.Diff(f.ia1, got, equateDates); d != "" || err != nil {
				t.Errorf("FindInternalAuditByIDForUpdate (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		checkInternalAuditList(t, db, f)
		checkInternalAuditWrites(t, db, f)
	})
}

func checkInternalAuditList(t *testing.T, db *sqldb.DB, f *auditFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.InternalAuditFilter
		want      []string
		wantTotal int
	}{
		{"by reference by default", isms.InternalAuditFilter{}, []string{"IA-1", "IA-2", "IA-3"}, 3},
		{"unknown sort", isms.InternalAuditFilter{Sort: "-lead"}, []string{"IA-1", "IA-2", "IA-3"}, 3},
		{"of a programme", isms.InternalAuditFilter{ProgrammeID: f.p1.ID}, []string{"IA-1", "IA-2"}, 2},
		{"with a status", isms.InternalAuditFilter{Status: isms.AuditInProgress}, []string{"IA-3"}, 1},
		{"led by", isms.InternalAuditFilter{AuditorID: f.ann.ID}, []string{"IA-1"}, 1},
		{"led by or on the team", isms.InternalAuditFilter{AuditorID: f.bob.ID}, []string{"IA-1", "IA-2"}, 2},
		{"on the team", isms.InternalAuditFilter{AuditorID: f.cid.ID, Sort: "-ref"}, []string{"IA-3", "IA-1"}, 2},
		{"search in units", isms.InternalAuditFilter{Search: "berlin"}, []string{"IA-1"}, 1},
		{"search in title", isms.InternalAuditFilter{Search: "Physical"}, []string{"IA-3"}, 1},
		{"by planned start", isms.InternalAuditFilter{Sort: "plannedStart"}, []string{"IA-2", "IA-1", "IA-3"}, 3},
		{"by status descending", isms.InternalAuditFilter{Sort: "-status"}, []string{"IA-1", "IA-3", "IA-2"}, 3},
		{"by title", isms.InternalAuditFilter{Sort: "title"}, []string{"IA-1", "IA-3", "IA-2"}, 3},
		{"a page", isms.InternalAuditFilter{Limit: 2, Offset: 1}, []string{"IA-2", "IA-3"}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindInternalAudits(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, internalAuditRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindInternalAudits = %v, %d, %v; want %v, %d", c.name, refs, total, err, c.want, c.wantTotal)
			}
			for _, a := range got {
				if a.ID == f.ia1.ID && !cmp.Equal(a.TeamNames, f.ia1.TeamNames) {
					t.Errorf("%s: IA-1 team names = %q, want %q", c.name, a.TeamNames, f.ia1.TeamNames)
				}
			}
			return nil
		})
	}
}

func checkInternalAuditWrites(t *testing.T, db *sqldb.DB, f *auditFixture) {
	t.Helper()
	ctx := context.Background()
	later := setClock(db).Advance(2 * time.Hour)
	a := *f.ia2
	a.Title, a.Units, a.Status, a.Summary = "Suppliers", "Purchasing", isms.AuditReported, "Two gaps."
	a.TeamIDs, a.TeamNames, a.ReportedOn = []isms.ID{f.ann.ID}, []string{f.ann.Name}, day(t, "2025-02-05")
	a.Overrides = []isms.IndependenceOverride{{UserID: f.ann.ID, UserName: f.ann.Name, Record: isms.Link{Type: "isms_process", ID: "prc_1"},
		Label: "PRC-1 Purchasing", Reason: "External auditor unavailable", By: f.bob.ID, ByName: f.bob.Name, At: later}}
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateInternalAudit(ctx, &a, 1) })
	if a.Version != 2 || !a.UpdatedAt.Equal(later) {
		t.Errorf("UpdateInternalAudit set version %d, updated %v; want 2, %v", a.Version, a.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindInternalAuditByID(ctx, f.org.ID, a.ID)
		if d := cmp.Diff(&a, got, equateDates); d != "" || err != nil {
			t.Errorf("FindInternalAuditByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateInternalAudit(ctx, &a, 1) })
	wantCode(t, "UpdateInternalAudit(stale version)", err, isms.Conflict)
	away := *f.away
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateInternalAudit(ctx, &away, 1) })
	wantCode(t, "UpdateInternalAudit(another organization's)", err, isms.NotFound)
	dup := *f.ia1
	dup.ID = isms.NewID("iau")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertInternalAudit(ctx, &dup) })
	wantCode(t, "InsertInternalAudit(IA-1 again)", err, isms.Conflict)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteInternalAudit(ctx, f.other.ID, f.ia1.ID) })
	wantCode(t, "DeleteInternalAudit(another organization's)", err, isms.NotFound)
}

// insertItems stores a checklist item of audit for each requirement, in
// that position order.
func insertItems(t *testing.T, db *sqldb.DB, audit *isms.InternalAudit, rs ...*isms.Requirement) []*isms.AuditItem {
	t.Helper()
	var items []*isms.AuditItem
	for i, r := range rs {
		items = append(items, &isms.AuditItem{AuditID: audit.ID, OrgID: audit.OrgID, RequirementID: r.ID, Ref: r.Ref,
			Title: r.Title, Position: i})
	}
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAuditItems(context.Background(), items) })
	return items
}

func TestAuditItemStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newAuditFixture(t, db)
		items := insertItems(t, db, f.ia1, f.rs[4], f.rs[1], f.rs[2])
		insertItems(t, db, f.ia3, f.rs[5])
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindAuditItems(ctx, f.org.ID, f.ia1.ID)
			if d := cmp.Diff(items, got); d != "" || err != nil || items[0].Version != 1 || !items[0].UpdatedAt.Equal(t0) {
				t.Errorf("FindAuditItems (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindAuditItems(ctx, f.other.ID, f.ia1.ID); err != nil || len(got) != 0 {
				t.Errorf("FindAuditItems(another organization) = %d items, %v; want none", len(got), err)
			}
			if a, err := tx.FindInternalAuditByID(ctx, f.org.ID, f.ia1.ID); err != nil || a.Items != 3 {
				t.Errorf("FindInternalAuditByID(IA-1).Items = %v, %v; want 3", a, err)
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.FindAuditItemForUpdate(ctx, f.org.ID, f.ia1.ID, f.rs[5].ID)
			return err
		})
		wantCode(t, "FindAuditItemForUpdate(requirement out of scope)", err, isms.NotFound)
		later := setClock(db).Advance(time.Hour)
		var it *isms.AuditItem
		update(t, db, func(tx *sqldb.Tx) (err error) {
			if it, err = tx.FindAuditItemForUpdate(ctx, f.org.ID, f.ia1.ID, f.rs[1].ID); err != nil {
				return err
			}
			it.Result, it.Notes, it.Sampling, it.AuditedBy = isms.ItemNonconforming, "No reviews in Q4.", "5 of 40 accounts", f.cid.ID
			return tx.UpdateAuditItem(ctx, it, 1)
		})
		it.AuditedByName = f.cid.Name
		if it.Version != 2 || !it.UpdatedAt.Equal(later) {
			t.Errorf("UpdateAuditItem set version %d, updated %v; want 2, %v", it.Version, it.UpdatedAt, later)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindAuditItems(ctx, f.org.ID, f.ia1.ID)
			if err != nil || len(got) != 3 || !cmp.Equal(it, got[1]) {
				t.Errorf("FindAuditItems after update: %v; item 2 = %+v, want %+v", err, got[1], it)
			}
			return nil
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateAuditItem(ctx, it, 1) })
		wantCode(t, "UpdateAuditItem(stale version)", err, isms.Conflict)
		missing := *it
		missing.RequirementID = f.rs[5].ID
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateAuditItem(ctx, &missing, 1) })
		wantCode(t, "UpdateAuditItem(no such item)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error {
			return tx.DeleteAuditItems(ctx, f.org.ID, f.ia1.ID, []isms.ID{f.rs[2].ID, f.rs[5].ID})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindAuditItems(ctx, f.org.ID, f.ia1.ID)
			if refs := refsOf(got, func(i *isms.AuditItem) string { return i.Ref }); err != nil || !cmp.Equal(refs, []string{"G2.1", "G1.1"}) {
				t.Errorf("FindAuditItems after DeleteAuditItems = %v, %v; want [G2.1 G1.1]", refs, err)
			}
			return nil
		})
	})
}

func TestProgrammeAudits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newAuditFixture(t, db)
		insertItems(t, db, f.ia1, f.rs[4], f.rs[1])
		insertItems(t, db, f.ia3, f.rs[5])
		insertItems(t, db, f.away, f.rs[1])
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.ProgrammeAudits(ctx, f.org.ID, f.p1.ID)
			want := []isms.CoverageAudit{
				{ID: f.ia2.ID, Ref: "IA-2", Status: isms.AuditPlanned, Requirements: []isms.ID{}},
				{ID: f.ia1.ID, Ref: "IA-1", Status: isms.AuditReported, Requirements: []isms.ID{f.rs[4].ID, f.rs[1].ID}},
			}
			if d := cmp.Diff(want, got); d != "" || err != nil {
				t.Errorf("ProgrammeAudits(AP-1) (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.ProgrammeAudits(ctx, f.org.ID, f.p10.ID); err != nil || len(got) != 0 {
				t.Errorf("ProgrammeAudits(AP-10) = %v, %v; want none", got, err)
			}
			if got, err := tx.ProgrammeAudits(ctx, f.other.ID, f.p1.ID); err != nil || len(got) != 0 {
				t.Errorf("ProgrammeAudits(another organization's) = %v, %v; want none", got, err)
			}
			return nil
		})
	})
}
