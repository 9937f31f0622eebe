// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// inProgress creates the first surveillance audit of c, held on 23 and
// 24 Feb 2026 and in progress.
func (w *certWorld) inProgress(c *isms.Certificate) *isms.ExternalAudit {
	return w.externalAudit(app.ExternalAuditInput{Certificate: c.Ref, Kind: "surveillance", Sequence: "1",
		StartOn: "2026-02-23", EndOn: "2026-02-24", Status: "in_progress", Team: "Ann Lead"})
}

// finding records an external finding as actor.
func (w *certWorld) finding(actor isms.Actor, in app.ExternalFindingInput) *isms.ExternalFinding {
	w.t.Helper()
	f, err := w.app.CreateExternalFinding(w.ctx, actor, in)
	if err != nil {
		w.t.Fatalf("CreateExternalFinding(%s) = %v (%v)", in.Title, err, isms.ErrorFields(err))
	}
	return f
}

// minorInput is a minor nonconformity against A.5.18 and 9.2 on audit,
// its corrective action plan due on 15 Apr 2026.
func minorInput(audit string) app.ExternalFindingInput {
	return app.ExternalFindingInput{Audit: audit, Grade: "Minor", Title: "Access reviews late",
		Description: "Two quarterly access reviews were missed.", Requirements: "a.5.18\n9.2", CAPDue: "2026-04-15"}
}

// findingInputOf is the input that keeps every field of f.
func findingInputOf(f *isms.ExternalFinding) app.ExternalFindingInput {
	refs := []string{}
	for _, r := range f.Requirements {
		refs = append(refs, r.Ref)
	}
	return app.ExternalFindingInput{Grade: string(f.Grade), Title: f.Title, Description: f.Description,
		Requirements: strings.Join(refs, ", "), CAPDue: f.CAPDue.String()}
}

func TestExternalFindingValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		w.inProgress(c)
		_, err := w.app.CreateExternalFinding(w.ctx, w.asDana(), app.ExternalFindingInput{Grade: "critical", CAPDue: "soon",
			Requirements: "A.5.18"})
		want := map[string]string{"auditId": "Choose the external audit the finding belongs to.",
			"grade": "Grade must be major, minor, observation or ofi.", "title": "Title is required.",
			"capDue": "Enter the deadline of the corrective action plan as YYYY-MM-DD, or leave it empty."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalFinding(everything wrong) = %v, fields (-want +got):\n%s", err, diff)
		}
		_, err = w.app.CreateExternalFinding(w.ctx, w.asDana(), app.ExternalFindingInput{Audit: "EA-9", Grade: "ofi", Title: "x"})
		if diff := cmp.Diff(map[string]string{"auditId": "No external audit \u201cEA-9\u201d in this organization."}, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalFinding(unknown audit) fields (-want +got):\n%s", diff)
		}
		_, err = w.app.CreateExternalFinding(w.ctx, w.asDana(), app.ExternalFindingInput{Audit: "ea-1", Grade: "major", Title: "No reviews",
			Requirements: "A.5.18, Z.9, 4.99"})
		want = map[string]string{"requirements": "No requirement \u201cZ.9\u201d, \u201c4.99\u201d in ISO/IEC 27001 (2022).",
			"description": "Describe the nonconformity as the audit report states it.",
			"capDue":      "Give the certification body's deadline for the corrective action plan."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalFinding(unknown requirements) fields (-want +got):\n%s", diff)
		}

		planned := w.externalAudit(specialInput(c, "2026-04-08"))
		_, err = w.app.CreateExternalFinding(w.ctx, w.asDana(), minorInput(planned.Ref))
		wantMessage(t, "CreateExternalFinding(planned audit)", err, isms.Conflict,
			"EA-2 is planned: findings are recorded once an audit is in progress or completed.")
		in := auditInputOf(planned)
		in.Status = "cancelled"
		if _, err := w.app.UpdateExternalAudit(w.ctx, w.asManager(), planned.ID, planned.Version, in); err != nil {
			t.Fatalf("UpdateExternalAudit(cancelled) = %v", err)
		}
		_, err = w.app.CreateExternalFinding(w.ctx, w.asDana(), minorInput(planned.Ref))
		wantMessage(t, "CreateExternalFinding(cancelled audit)", err, isms.Conflict,
			"EA-2 is cancelled: findings are recorded once an audit is in progress or completed.")
	})
}

func TestExternalFindingOpensNonconformity(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		e := w.inProgress(c)
		before := w.seq()
		f := w.finding(w.asDana(), minorInput(e.Ref))
		if f.Ref != "XF-1" || f.NonconformityRef != "NC-1" || f.RaisedBy != w.dana.ID || f.AuditRef != "EA-1" ||
			requirementRefs(f.Requirements) != "A.5.18, 9.2" || f.CAPDue.String() != "2026-04-15" {
			t.Errorf("CreateExternalFinding() = %+v", f)
		}
		events := w.events(string(w.org.ID), before)
		if got := actions(events); !cmp.Equal(got, []string{"nonconformity.create", "external_finding.create"}) {
			t.Fatalf("events = %v, want nonconformity.create, external_finding.create", got)
		}
		if ch := changes(t, events[1]); ch["nonconformity"].After != "NC-1" || ch["grade"].After != "minor" {
			t.Errorf("external_finding.create changes = %v", ch)
		}
		v := w.findNC("NC-1")
		n := v.NC
		if n.Source != isms.NCExternalAudit || n.SourceRecord != (isms.Link{Type: "external_finding", ID: f.ID}) || n.Grade != isms.NCMinor ||
			requirementRefs(n.Requirements) != "A.5.18, 9.2" || n.DetectedOn.String() != "2026-02-23" || n.DetectedBy != w.dana.ID ||
			n.OwnerID != w.contributor.ID || n.Deadline.String() != "2026-04-15" || n.Title != "Access reviews late" || n.Status != isms.NCOpen {
			t.Errorf("nonconformity = %+v", n)
		}
		if len(v.Links) != 1 || v.Links[0].Type != "external_finding" || v.Links[0].ID != f.ID || v.Links[0].Title != "External finding XF-1: Access reviews late" {
			t.Errorf("nonconformity links = %+v, want the finding", v.Links)
		}

		in := findingInputOf(f)
		in.CAPDue = "2026-04-30"
		before = w.seq()
		up, err := w.app.UpdateExternalFinding(w.ctx, w.asDana(), f.ID, f.Version, in)
		if err != nil || up.NonconformityRef != "NC-1" || up.Version != 2 {
			t.Fatalf("UpdateExternalFinding(capDue) = %+v, %v", up, err)
		}
		if n := w.findNC("NC-1").NC; n.Deadline.String() != "2026-04-30" {
			t.Errorf("nonconformity deadline = %s, want 2026-04-30", n.Deadline)
		}
		events = w.events(string(w.org.ID), before)
		if got := actions(events); !cmp.Equal(got, []string{"nonconformity.update", "external_finding.update"}) {
			t.Errorf("events = %v, want nonconformity.update, external_finding.update", got)
		} else if ch := changes(t, events[0]); ch["deadline"].Before != "2026-04-15" || ch["deadline"].After != "2026-04-30" {
			t.Errorf("nonconformity.update changes = %v", ch)
		}
		err = w.app.DeleteExternalFinding(w.ctx, w.asManager(), f.ID)
		wantMessage(t, "DeleteExternalFinding(with a nonconformity)", err, isms.Conflict,
			"XF-1 opened NC-1, which stays on record: close or handle the nonconformity instead of deleting the finding.")

		// An observation opens nothing; regraded as a major nonconformity
		// it opens one, detected today for an audit that starts later.
		later := w.externalAudit(app.ExternalAuditInput{Certificate: c.Ref, Kind: "special", StartOn: "2026-03-09",
			EndOn: "2026-03-09", Status: "in_progress"})
		obs := w.finding(w.asManager(), app.ExternalFindingInput{Audit: later.Ref, Grade: "observation", Title: "Reviews could be sooner"})
		if obs.NonconformityID != "" {
			t.Errorf("CreateExternalFinding(observation) opened %s", obs.NonconformityRef)
		}
		in = findingInputOf(obs)
		in.Grade, in.Description, in.Requirements, in.CAPDue = "major", "No reviews since 2025.", "A.5.18", "2026-04-01"
		major, err := w.app.UpdateExternalFinding(w.ctx, w.asManager(), obs.ID, obs.Version, in)
		if err != nil || major.NonconformityRef != "NC-2" || major.Grade != isms.FindingMajor {
			t.Fatalf("UpdateExternalFinding(regraded) = %+v, %v; want NC-2 opened", major, err)
		}
		if n := w.findNC("NC-2").NC; n.Grade != isms.NCMajor || n.DetectedOn.String() != "2026-03-02" || n.DetectedBy != w.manager.ID {
			t.Errorf("NC-2 = %+v, want major, detected today by the manager", n)
		}
		in.Title = "Reviews missing"
		if again, err := w.app.UpdateExternalFinding(w.ctx, w.asManager(), obs.ID, major.Version, in); err != nil || again.NonconformityRef != "NC-2" {
			t.Errorf("UpdateExternalFinding(again) = %+v, %v; want NC-2 kept", again, err)
		}
		if _, total, _ := w.app.ListNonconformities(w.ctx, w.asViewer(), isms.NCFilter{}); total != 2 {
			t.Errorf("nonconformities = %d, want 2", total)
		}
		if err := w.app.DeleteNonconformity(w.ctx, w.asManager(), major.NonconformityID); err != nil {
			t.Fatalf("DeleteNonconformity(NC-2) = %v", err)
		}
		if err := w.app.DeleteExternalFinding(w.ctx, w.asManager(), obs.ID); err != nil {
			t.Errorf("DeleteExternalFinding(its nonconformity deleted) = %v", err)
		}

		ofi := w.finding(w.asDana(), app.ExternalFindingInput{Audit: e.Ref, Grade: "ofi", Title: "Automate reviews"})
		if err := w.app.DeleteExternalFinding(w.ctx, w.asDana(), isms.ID(ofi.Ref)); err != nil {
			t.Fatalf("DeleteExternalFinding(ofi) = %v", err)
		}
		if ev := w.lastEvent(string(w.org.ID)); ev.Action != "external_finding.delete" || ev.ObjectID != ofi.ID {
			t.Errorf("last event = %s %s, want external_finding.delete", ev.Action, ev.ObjectID)
		}
	})
}

// requirementRefs joins the references of reqs.
func requirementRefs(reqs []isms.RequirementRef) string {
	refs := []string{}
	for _, r := range reqs {
		refs = append(refs, r.Ref)
	}
	return strings.Join(refs, ", ")
}

func TestExternalFindingAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		e := w.inProgress(w.certificate(w.certInput(isms.NewDate(2025, 6, 16))))
		f := w.finding(w.asDana(), app.ExternalFindingInput{Audit: e.Ref, Grade: "observation", Title: "Reviews could be sooner"})

		_, err := w.app.UpdateExternalFinding(w.ctx, w.asEve(), f.ID, f.Version, findingInputOf(f))
		wantMessage(t, "UpdateExternalFinding(another auditor)", err, isms.Forbidden,
			"Only the auditor who raised XF-1 may change it: auditors change only the findings they raised.")
		err = w.app.DeleteExternalFinding(w.ctx, w.asEve(), f.ID)
		wantMessage(t, "DeleteExternalFinding(another auditor)", err, isms.Forbidden,
			"Only the auditor who raised XF-1 may delete it: auditors delete only the findings they raised.")
		in := findingInputOf(f)
		in.Title = "Reviews could start sooner"
		own, err := w.app.UpdateExternalFinding(w.ctx, w.asDana(), "xf-1", f.Version, in)
		if err != nil || own.Title != "Reviews could start sooner" {
			t.Fatalf("UpdateExternalFinding(own) = %+v, %v", own, err)
		}
		in.Title = "Reviews should start sooner"
		if _, err := w.app.UpdateExternalFinding(w.ctx, w.asManager(), f.ID, own.Version, in); err != nil {
			t.Errorf("UpdateExternalFinding(manager, the auditor's finding) = %v", err)
		}
		eves := w.finding(w.asEve(), app.ExternalFindingInput{Audit: e.Ref, Grade: "ofi", Title: "Automate reviews"})
		if err := w.app.DeleteExternalFinding(w.ctx, w.asEve(), eves.ID); err != nil {
			t.Errorf("DeleteExternalFinding(own) = %v", err)
		}

		record := ": that needs the permission to record external audit results (administrators, ISMS managers and auditors)."
		for _, actor := range []isms.Actor{w.asContributor(), w.asViewer(), w.asFay()} {
			_, err := w.app.CreateExternalFinding(w.ctx, actor, minorInput(e.Ref))
			wantMessage(t, "CreateExternalFinding("+string(actor.Role)+")", err, isms.Forbidden, "You may not record external findings"+record)
			_, err = w.app.UpdateExternalFinding(w.ctx, actor, f.ID, f.Version, findingInputOf(f))
			wantMessage(t, "UpdateExternalFinding("+string(actor.Role)+")", err, isms.Forbidden, "You may not change external findings"+record)
			err = w.app.DeleteExternalFinding(w.ctx, actor, f.ID)
			wantMessage(t, "DeleteExternalFinding("+string(actor.Role)+")", err, isms.Forbidden, "You may not delete external findings"+record)
		}
		if got, err := w.app.FindExternalFinding(w.ctx, w.asViewer(), "XF-1"); err != nil || got.ID != f.ID || got.RaisedByName != "Dana Ortiz" {
			t.Errorf("FindExternalFinding(viewer) = %+v, %v", got, err)
		}
		_, err = w.app.FindExternalFinding(w.ctx, w.asFay(), "XF-1")
		wantMessage(t, "FindExternalFinding(employee)", err, isms.Forbidden, "You may not see external findings: that needs read access to the ISMS.")
		_, _, err = w.app.ListExternalFindings(w.ctx, w.asFay(), isms.ExternalFindingFilter{})
		wantCode(t, "ListExternalFindings(employee)", err, isms.Forbidden)

		boss := w.newUser("Gina Globex", false)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: w.newOrg("globex", "Globex", boss).ID, Role: isms.RoleAdmin}
		_, err = w.app.FindExternalFinding(w.ctx, other, "XF-1")
		wantCode(t, "FindExternalFinding(from globex)", err, isms.NotFound)
		_, err = w.app.UpdateExternalFinding(w.ctx, other, f.ID, f.Version, findingInputOf(f))
		wantCode(t, "UpdateExternalFinding(from globex)", err, isms.NotFound)
		wantCode(t, "DeleteExternalFinding(from globex)", w.app.DeleteExternalFinding(w.ctx, other, f.ID), isms.NotFound)
		_, err = w.app.CreateExternalFinding(w.ctx, other, minorInput(string(e.ID)))
		if f := isms.ErrorFields(err); f["auditId"] != "No external audit \u201c"+string(e.ID)+"\u201d in this organization." {
			t.Errorf("CreateExternalFinding(globex, acme's audit) = %v", err)
		}
		if _, total, err := w.app.ListExternalFindings(w.ctx, other, isms.ExternalFindingFilter{}); err != nil || total != 0 {
			t.Errorf("ListExternalFindings(globex) = %d, %v; want none", total, err)
		}
	})
}
