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

func certRef(c *isms.Certificate) string           { return c.Ref }
func extAuditRef(e *isms.ExternalAudit) string     { return e.Ref }
func extFindingRef(f *isms.ExternalFinding) string { return f.Ref }

// certFixture is acme's certificates CERT-1 (active, BSI, owned by Ann),
// CERT-2 (pursuing, no dates, Bob) and CERT-10 (expired, DNV, Bob); its
// external audits EA-1 (CERT-1 stage 2, completed), EA-2 (CERT-1
// surveillance 1, planned) and EA-3 (CERT-2 stage 1, cancelled); the
// findings XF-1 (EA-1, minor, opened NC-3), XF-2 (EA-1, observation) and
// XF-3 (EA-2, major); and the other organization's CERT-1, EA-1 and XF-1.
// The certificates of acme and the other organization were numbered by
// the store. Each record is created one minute after the one before.
type certFixture struct {
	org, other            *isms.Organization
	ann, bob              *isms.User
	fw                    *isms.Framework
	nc                    *isms.Nonconformity
	c1, c2, c10, cAway    *isms.Certificate
	ea1, ea2, ea3, eaAway *isms.ExternalAudit
	xf1, xf2, xf3, xfAway *isms.ExternalFinding
}

func newCertFixture(t *testing.T, db *sqldb.DB, clk *clock) *certFixture {
	t.Helper()
	f := &certFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	f.fw, _ = newFramework(t, db, f.org, "iso")
	f.nc = &isms.Nonconformity{ID: isms.NewID("ncf"), OrgID: f.org.ID, Ref: "NC-3", Title: "Late access reviews",
		Source: isms.NCExternalAudit, Grade: isms.NCMinor, DetectedOn: day(t, "2024-03-06"), Status: isms.NCOpen}
	cert := func(o *isms.Organization, ref, body, number, standard string, st isms.CertificateStatus, owner *isms.User) *isms.Certificate {
		return &isms.Certificate{ID: isms.NewID("crt"), OrgID: o.ID, Ref: ref, CertNumber: number, Body: body,
			Standard: standard, Scope: "Scope of " + body, Status: st, OwnerID: owner.ID, OwnerName: owner.Name, CreatedBy: f.ann.ID}
	}
	f.c1 = cert(f.org, "", "BSI", "IS 123456", "ISO/IEC 27001:2022", isms.CertActive, f.ann)
	f.c1.FrameworkID, f.c1.Scope = f.fw.ID, "Cloud hosting operated from Berlin."
	f.c1.IssuedOn, f.c1.ExpiresOn = day(t, "2024-05-01"), day(t, "2027-04-30")
	f.c2 = cert(f.org, "", "Acme Certification Ltd", "", "ISO/IEC 27701:2019", isms.CertPursuing, f.bob)
	f.c10 = cert(f.org, "CERT-10", "DNV", "DNV-77", "ISO/IEC 27001:2013", isms.CertExpired, f.bob)
	f.c10.IssuedOn, f.c10.ExpiresOn = day(t, "2020-01-10"), day(t, "2023-01-09")
	f.cAway = cert(f.other, "", "BSI", "IS 999", "ISO/IEC 27001:2022", isms.CertActive, f.bob)
	audit := func(c *isms.Certificate, ref string, k isms.ExternalAuditKind, start, end string, st isms.ExternalAuditStatus) *isms.ExternalAudit {
		return &isms.ExternalAudit{ID: isms.NewID("eau"), OrgID: c.OrgID, Ref: ref, CertificateID: c.ID, Kind: k, Cycle: 1,
			StartOn: day(t, start), EndOn: day(t, end), Status: st, CreatedBy: f.ann.ID}
	}
	f.ea1 = audit(f.c1, "EA-1", isms.ExtStage2, "2024-03-04", "2024-03-06", isms.ExtCompleted)
	f.ea1.Team, f.ea1.Result, f.ea1.Summary, f.ea1.ReminderTaskID = "Eva Auditor", isms.ExtRecommended, "No major findings.", "tsk_r1"
	f.ea2 = audit(f.c1, "EA-2", isms.ExtSurveillance, "2025-03-31", "2025-04-01", isms.ExtPlanned)
	f.ea2.Sequence = 1
	f.ea3 = audit(f.c2, "EA-3", isms.ExtStage1, "2025-06-02", "2025-06-03", isms.ExtCancelled)
	f.ea3.Cycle = 2
	f.eaAway = audit(f.cAway, "EA-1", isms.ExtStage1, "2025-01-06", "2025-01-07", isms.ExtPlanned)
	finding := func(e *isms.ExternalAudit, ref string, g isms.FindingGrade, title string) *isms.ExternalFinding {
		return &isms.ExternalFinding{ID: isms.NewID("xfd"), OrgID: e.OrgID, AuditID: e.ID, Ref: ref, Grade: g, Title: title,
			Description: title + " as reported.", Requirements: []isms.RequirementRef{}, RaisedBy: f.ann.ID, RaisedByName: f.ann.Name}
	}
	f.xf2 = finding(f.ea1, "XF-2", isms.FindingObservation, "Logging could improve")
	f.xf2.RaisedBy, f.xf2.RaisedByName = "", ""
	f.xf1 = finding(f.ea1, "XF-1", isms.FindingMinor, "Access reviews late")
	f.xf1.Requirements = []isms.RequirementRef{{ID: "req_a518", Ref: "A.5.18"}, {ID: "req_92", Ref: "9.2"}}
	f.xf1.CAPDue, f.xf1.NonconformityID, f.xf1.RaisedBy, f.xf1.RaisedByName = day(t, "2024-04-05"), f.nc.ID, f.bob.ID, f.bob.Name
	f.xf3 = finding(f.ea2, "XF-3", isms.FindingMajor, "No risk assessment")
	f.xf3.Requirements, f.xf3.CAPDue = []isms.RequirementRef{{ID: "req_612", Ref: "6.1.2"}}, day(t, "2025-04-30")
	f.xfAway = finding(f.eaAway, "XF-1", isms.FindingMinor, "Elsewhere")
	f.insert(t, db, clk)
	f.c1.Audits, f.c2.Audits, f.cAway.Audits = 2, 1, 1
	f.ea1.CertificateRef, f.ea2.CertificateRef, f.ea3.CertificateRef, f.eaAway.CertificateRef = "CERT-1", "CERT-1", "CERT-2", "CERT-1"
	f.ea1.Findings, f.ea2.Findings, f.eaAway.Findings = 2, 1, 1
	f.xf1.AuditRef, f.xf2.AuditRef, f.xf3.AuditRef, f.xfAway.AuditRef = "EA-1", "EA-1", "EA-2", "EA-1"
	f.xf1.NonconformityRef = "NC-3"
	return f
}

// insert stores the fixture's records one minute apart.
func (f *certFixture) insert(t *testing.T, db *sqldb.DB, clk *clock) {
	t.Helper()
	ctx := context.Background()
	var steps []func(tx *sqldb.Tx) error
	steps = append(steps, func(tx *sqldb.Tx) error { return tx.InsertNonconformity(ctx, f.nc) })
	for _, c := range []*isms.Certificate{f.c1, f.c2, f.c10, f.cAway} {
		steps = append(steps, func(tx *sqldb.Tx) error { return tx.InsertCertificate(ctx, c) })
	}
	for _, e := range []*isms.ExternalAudit{f.ea1, f.ea2, f.ea3, f.eaAway} {
		steps = append(steps, func(tx *sqldb.Tx) error { return tx.InsertExternalAudit(ctx, e) })
	}
	for _, x := range []*isms.ExternalFinding{f.xf2, f.xf1, f.xf3, f.xfAway} {
		steps = append(steps, func(tx *sqldb.Tx) error { return tx.InsertExternalFinding(ctx, x) })
	}
	for _, step := range steps {
		clk.Advance(time.Minute)
		update(t, db, step)
	}
}

func TestCertificateStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		f := newCertFixture(t, db, clk)
		for c, want := range map[*isms.Certificate][2]any{f.c1: {"CERT-1", 1}, f.c2: {"CERT-2", 2}, f.c10: {"CERT-10", 10}, f.cAway: {"CERT-1", 1}} {
			if c.Ref != want[0] || c.Number != want[1] || c.Version != 1 {
				t.Errorf("InsertCertificate numbered %s %d version %d; want %v %v version 1", c.Ref, c.Number, c.Version, want[0], want[1])
			}
		}
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.Certificate{f.c1, f.c2, f.c10, f.cAway} {
				got, err := tx.FindCertificateByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindCertificateByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindCertificateByRef(ctx, f.org.ID, "cert-10"); err != nil || got.ID != f.c10.ID {
				t.Errorf("FindCertificateByRef(cert-10) = %+v, %v; want CERT-10", got, err)
			}
			if got, err := tx.FindCertificateByRef(ctx, f.other.ID, "CERT-1"); err != nil || got.ID != f.cAway.ID {
				t.Errorf("FindCertificateByRef(other, CERT-1) = %+v, %v; want the other organization's", got, err)
			}
			for table, want := range map[string]int{"certificates": 10, "external_audits": 3, "external_findings": 3} {
				if n, err := tx.MaxRefNumber(ctx, table, f.org.ID); err != nil || n != want {
					t.Errorf("MaxRefNumber(%s) = %d, %v; want %d", table, n, err, want)
				}
				if n, err := tx.MaxRefNumber(ctx, table, f.other.ID); err != nil || n != 1 {
					t.Errorf("MaxRefNumber(other, %s) = %d, %v; want 1", table, n, err)
				}
			}
			_, err := tx.FindCertificateByID(ctx, f.other.ID, f.c1.ID)
			wantCode(t, "FindCertificateByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindCertificateByRef(ctx, f.org.ID, "CERT-3")
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != `The organization has no certificate "CERT-3".` {
				t.Errorf("FindCertificateByRef(CERT-3) = %v; want NotFound naming CERT-3", err)
			}
			return nil
		})
		checkCertificateList(t, db, f)
		checkCertificateWrites(t, db, clk, f)
	})
}

func checkCertificateList(t *testing.T, db *sqldb.DB, f *certFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.CertificateFilter
		want      []string
		wantTotal int
	}{
		{"by reference number by default", isms.CertificateFilter{}, []string{"CERT-1", "CERT-2", "CERT-10"}, 3},
		{"by reference descending", isms.CertificateFilter{Sort: "-ref"}, []string{"CERT-10", "CERT-2", "CERT-1"}, 3},
		{"unknown sort falls back to the reference", isms.CertificateFilter{Sort: "owner"}, []string{"CERT-1", "CERT-2", "CERT-10"}, 3},
		{"by status", isms.CertificateFilter{Status: isms.CertActive}, []string{"CERT-1"}, 1},
		{"a status nobody has", isms.CertificateFilter{Status: isms.CertSuspended}, []string{}, 0},
		{"search in reference", isms.CertificateFilter{Search: "cert-1"}, []string{"CERT-1", "CERT-10"}, 2},
		{"search in body", isms.CertificateFilter{Search: "dnv"}, []string{"CERT-10"}, 1},
		{"search in number", isms.CertificateFilter{Search: "is 123"}, []string{"CERT-1"}, 1},
		{"search in standard", isms.CertificateFilter{Search: "27701"}, []string{"CERT-2"}, 1},
		{"search in scope", isms.CertificateFilter{Search: "BERLIN"}, []string{"CERT-1"}, 1},
		{"search and status", isms.CertificateFilter{Search: "27001", Status: isms.CertExpired}, []string{"CERT-10"}, 1},
		{"by body", isms.CertificateFilter{Sort: "body"}, []string{"CERT-2", "CERT-1", "CERT-10"}, 3},
		{"by body descending", isms.CertificateFilter{Sort: "-body"}, []string{"CERT-10", "CERT-1", "CERT-2"}, 3},
		{"by expiry, none last", isms.CertificateFilter{Sort: "expires"}, []string{"CERT-10", "CERT-1", "CERT-2"}, 3},
		{"by expiry descending", isms.CertificateFilter{Sort: "-expires"}, []string{"CERT-2", "CERT-1", "CERT-10"}, 3},
		{"by status in display order", isms.CertificateFilter{Sort: "status"}, []string{"CERT-2", "CERT-1", "CERT-10"}, 3},
		{"a page", isms.CertificateFilter{Limit: 1, Offset: 1}, []string{"CERT-2"}, 3},
		{"past the end", isms.CertificateFilter{Offset: 5}, []string{}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindCertificates(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, certRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindCertificates(%+v) = %v, %d, %v; want %v, %d", c.name, c.filter, refs, total, err, c.want, c.wantTotal)
			}
			return nil
		})
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, total, err := tx.FindCertificates(context.Background(), f.other.ID, isms.CertificateFilter{})
		if len(got) != 1 || total != 1 || err != nil || got[0].ID != f.cAway.ID {
			t.Errorf("FindCertificates(other) = %v, %d, %v; want only its CERT-1", refsOf(got, certRef), total, err)
		}
		return nil
	})
}

func checkCertificateWrites(t *testing.T, db *sqldb.DB, clk *clock, f *certFixture) {
	t.Helper()
	ctx := context.Background()
	later := clk.Advance(time.Hour)
	c := *f.c2
	c.CertNumber, c.Body, c.Standard, c.FrameworkID, c.Scope = "ACL-1", "Acme Cert", "ISO/IEC 27001:2022", f.fw.ID, "All of Acme."
	c.IssuedOn, c.ExpiresOn, c.Status, c.OwnerID, c.OwnerName = day(t, "2025-07-01"), day(t, "2028-06-30"), isms.CertActive, f.ann.ID, f.ann.Name
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateCertificate(ctx, &c, 1) })
	if c.Version != 2 || !c.UpdatedAt.Equal(later) {
		t.Errorf("UpdateCertificate set version %d, updated %v; want 2, %v", c.Version, c.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindCertificateByID(ctx, f.org.ID, c.ID)
		if d := cmp.Diff(&c, got, equateDates); d != "" || err != nil {
			t.Errorf("FindCertificateByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateCertificate(ctx, &c, 1) })
	wantCode(t, "UpdateCertificate(stale version)", err, isms.Conflict)
	gone := c
	gone.ID = "crt_missing"
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateCertificate(ctx, &gone, 2) })
	wantCode(t, "UpdateCertificate(missing)", err, isms.NotFound)
	away := *f.cAway
	away.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateCertificate(ctx, &away, 1) })
	wantCode(t, "UpdateCertificate(another organization's)", err, isms.NotFound)
	dup := *f.c1
	dup.ID = isms.NewID("crt")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertCertificate(ctx, &dup) })
	wantCode(t, "InsertCertificate(CERT-1 again)", err, isms.Conflict)
	next := *f.c10
	next.ID, next.Ref = isms.NewID("crt"), ""
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertCertificate(ctx, &next) })
	if next.Ref != "CERT-11" || next.Number != 11 {
		t.Errorf("InsertCertificate after CERT-10 numbered %s %d; want CERT-11 11", next.Ref, next.Number)
	}
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteCertificate(ctx, f.org.ID, f.c1.ID) })
	if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "The certificate has external audits: delete them first." {
		t.Errorf("DeleteCertificate(CERT-1 with audits) = %v; want the external audits Conflict", err)
	}
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteCertificate(ctx, f.org.ID, f.c10.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteCertificate(ctx, f.org.ID, f.c10.ID) })
	wantCode(t, "DeleteCertificate(deleted)", err, isms.NotFound)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteCertificate(ctx, f.org.ID, f.cAway.ID) })
	wantCode(t, "DeleteCertificate(another organization's, with audits)", err, isms.NotFound)
	view(t, db, func(tx *sqldb.Tx) error {
		_, total, err := tx.FindCertificates(ctx, f.org.ID, isms.CertificateFilter{})
		if total != 3 || err != nil {
			t.Errorf("FindCertificates after the deletes = %d, %v; want 3 (CERT-1, CERT-2, CERT-11)", total, err)
		}
		return nil
	})
}
