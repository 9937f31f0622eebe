// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// specialInput is a one-day special audit of c on day.
func specialInput(c *isms.Certificate, day string) app.ExternalAuditInput {
	return app.ExternalAuditInput{Certificate: c.Ref, Kind: "special", StartOn: day, EndOn: day, Team: "Ann Lead"}
}

// externalAudit creates an external audit as the manager.
func (w *certWorld) externalAudit(in app.ExternalAuditInput) *isms.ExternalAudit {
	w.t.Helper()
	e, err := w.app.CreateExternalAudit(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("CreateExternalAudit(%s %s) = %v (%v)", in.Kind, in.StartOn, err, isms.ErrorFields(err))
	}
	return e
}

// auditInputOf is the input that keeps every field of e, as an edit form
// shows it.
func auditInputOf(e *isms.ExternalAudit) app.ExternalAuditInput {
	return app.ExternalAuditInput{Certificate: string(e.CertificateID), Kind: string(e.Kind), Cycle: strconv.Itoa(e.Cycle),
		Sequence: strconv.Itoa(e.Sequence), StartOn: e.StartOn.String(), EndOn: e.EndOn.String(), Team: e.Team,
		Status: string(e.Status), Result: string(e.Result), Summary: e.Summary}
}

func TestExternalAuditValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		_, err := w.app.CreateExternalAudit(w.ctx, w.asManager(), app.ExternalAuditInput{Certificate: "CERT-9", Kind: "audit",
			Cycle: "one", Sequence: "-1", StartOn: "tomorrow", Status: "done", Result: "passed"})
		want := map[string]string{"certificateId": "No certificate \u201cCERT-9\u201d in this organization.",
			"kind":     "Kind must be stage1, stage2, surveillance, recertification or special.",
			"cycle":    "Enter the cycle as a whole number from 1: 1 for the initial certification.",
			"sequence": "Enter the sequence as a whole number: 1 or 2 for the surveillance audits of a cycle.",
			"startOn":  "Enter the start date as YYYY-MM-DD.", "endOn": "End date is required.",
			"status": "Status must be planned, in_progress, completed or cancelled.",
			"result": "Result must be recommended, conditional or not_recommended."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalAudit(everything wrong) = %v, fields (-want +got):\n%s", err, diff)
		}
		_, err = w.app.CreateExternalAudit(w.ctx, w.asManager(), app.ExternalAuditInput{Kind: "special", StartOn: "2026-04-08", EndOn: "2026-04-07"})
		want = map[string]string{"certificateId": "Choose the certificate the audit belongs to.",
			"endOn": "End date must be on or after the start date."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalAudit(no certificate, end first) fields (-want +got):\n%s", diff)
		}
		late := app.ExternalAuditInput{Certificate: "cert-1", Kind: "Surveillance", Sequence: "1", StartOn: "2026-06-17", EndOn: "2026-06-18"}
		_, err = w.app.CreateExternalAudit(w.ctx, w.asManager(), late)
		want = map[string]string{"startOn": "The first surveillance audit must take place within 12 months of certification (by 2026-06-16)."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalAudit(first surveillance late) fields (-want +got):\n%s", diff)
		}
		recert := app.ExternalAuditInput{Certificate: string(c.ID), Kind: "recertification", StartOn: "2028-06-16", EndOn: "2028-06-17"}
		_, err = w.app.CreateExternalAudit(w.ctx, w.asManager(), recert)
		want = map[string]string{"startOn": "The audit must take place before the certificate expires on 2028-06-15."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CreateExternalAudit(recertification after expiry) fields (-want +got):\n%s", diff)
		}

		e := w.externalAudit(specialInput(c, "2026-04-08"))
		in := auditInputOf(e)
		in.Status = "completed"
		_, err = w.app.UpdateExternalAudit(w.ctx, w.asManager(), e.ID, e.Version, in)
		if f := isms.ErrorFields(err); len(f) != 1 || f["result"] != "A completed audit has a result: the audit team's recommendation." {
			t.Errorf("UpdateExternalAudit(completed, no result) = %v", err)
		}
		other := w.certInput(isms.NewDate(2025, 6, 16))
		other.Body = "Other Body"
		in.Certificate, in.Result = w.certificate(other).Ref, "recommended"
		_, err = w.app.UpdateExternalAudit(w.ctx, w.asManager(), e.ID, e.Version, in)
		if f := isms.ErrorFields(err); len(f) != 1 || f["certificateId"] != "EA-1 is an audit of CERT-1; it cannot move to another certificate." {
			t.Errorf("UpdateExternalAudit(other certificate) = %v", err)
		}
		in.Certificate = "CERT-1"
		done, err := w.app.UpdateExternalAudit(w.ctx, w.asManager(), e.ID, e.Version, in)
		if err != nil || done.Status != isms.ExtCompleted || done.Result != isms.ExtRecommended || done.Version != 2 {
			t.Errorf("UpdateExternalAudit(completed) = %+v, %v", done, err)
		}
		_, err = w.app.UpdateExternalAudit(w.ctx, w.asManager(), e.ID, e.Version, in)
		wantCode(t, "UpdateExternalAudit(stale)", err, isms.Conflict)
	})
}

func TestExternalAuditPreparationTask(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		before := w.seq()
		e := w.externalAudit(specialInput(c, "2026-04-08"))
		if e.Ref != "EA-1" || e.Status != isms.ExtPlanned || e.Cycle != 1 || e.CertificateID != c.ID || e.Team != "Ann Lead" {
			t.Errorf("CreateExternalAudit() = %+v", e)
		}
		want := []auditRow{{"EA-1", "special", "2026-04-08", "2026-04-08", "planned", "Ann Lead", 1, 0,
			"Prepare for Special audit (Example Certification Ltd)", string(w.contributor.ID), "2026-03-09", "external_audit:" + string(e.ID)}}
		if diff := cmp.Diff(want, w.auditRows([]*isms.ExternalAudit{e})); diff != "" {
			t.Errorf("CreateExternalAudit() (-want +got):\n%s", diff)
		}
		if got := actions(w.events(string(w.org.ID), before)); !cmp.Equal(got, []string{"task.create", "external_audit.create"}) {
			t.Errorf("events = %v, want task.create, external_audit.create", got)
		}

		in := auditInputOf(e)
		in.StartOn, in.EndOn = "2026-05-11", "2026-05-12"
		before = w.seq()
		moved, err := w.app.UpdateExternalAudit(w.ctx, w.asManager(), "ea-1", e.Version, in)
		if err != nil {
			t.Fatalf("UpdateExternalAudit(moved) = %v", err)
		}
		if task := w.task(e.ReminderTaskID); task.Due.String() != "2026-04-11" || task.Status != isms.TaskOpen {
			t.Errorf("task after the move = due %s, %s; want open, due 2026-04-11", task.Due, task.Status)
		}
		events := w.events(string(w.org.ID), before)
		if got := actions(events); !cmp.Equal(got, []string{"task.update", "external_audit.update"}) {
			t.Errorf("events = %v, want task.update, external_audit.update", got)
		} else if ch := changes(t, events[1]); ch["startOn"].Before != "2026-04-08" || ch["startOn"].After != "2026-05-11" {
			t.Errorf("external_audit.update changes = %v", ch)
		}

		in = auditInputOf(moved)
		in.Status = "cancelled"
		cancelled, err := w.app.UpdateExternalAudit(w.ctx, w.asManager(), e.ID, moved.Version, in)
		if err != nil {
			t.Fatalf("UpdateExternalAudit(cancelled) = %v", err)
		}
		if task := w.task(e.ReminderTaskID); task.Status != isms.TaskCancelled || task.CompletionNote != "EA-1 was cancelled." {
			t.Errorf("task after cancelling = %s %q; want cancelled, EA-1 was cancelled.", task.Status, task.CompletionNote)
		}
		in = auditInputOf(cancelled)
		in.Status, in.StartOn, in.EndOn = "planned", "2026-06-01", "2026-06-02"
		if _, err := w.app.UpdateExternalAudit(w.ctx, w.asManager(), e.ID, cancelled.Version, in); err != nil {
			t.Fatalf("UpdateExternalAudit(planned again) = %v", err)
		}
		if task := w.task(e.ReminderTaskID); task.Status != isms.TaskOpen || task.Due.String() != "2026-05-02" {
			t.Errorf("task after planning again = %s due %s; want open, due 2026-05-02", task.Status, task.Due)
		}

		second := w.externalAudit(specialInput(c, "2026-09-01"))
		before = w.seq()
		if err := w.app.DeleteExternalAudit(w.ctx, w.asManager(), "EA-2"); err != nil {
			t.Fatalf("DeleteExternalAudit() = %v", err)
		}
		if task := w.task(second.ReminderTaskID); task.Status != isms.TaskCancelled || task.CompletionNote != "EA-2 was deleted." {
			t.Errorf("task after deleting = %s %q; want cancelled, EA-2 was deleted.", task.Status, task.CompletionNote)
		}
		if got := actions(w.events(string(w.org.ID), before)); !cmp.Equal(got, []string{"task.cancel", "external_audit.delete"}) {
			t.Errorf("events = %v, want task.cancel, external_audit.delete", got)
		}
		_, err = w.app.FindExternalAudit(w.ctx, w.asViewer(), string(second.ID))
		wantCode(t, "FindExternalAudit(deleted)", err, isms.NotFound)
	})
}

func TestExternalAuditView(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		e := w.inProgress(c)
		f := w.finding(w.asDana(), app.ExternalFindingInput{Audit: e.Ref, Grade: "observation", Title: "Reviews could be sooner"})
		v, err := w.app.FindExternalAudit(w.ctx, w.asDana(), "EA-1")
		if err != nil || v.ID != e.ID || v.Certificate.Ref != "CERT-1" || len(v.Findings) != 1 || v.Findings[0].ID != f.ID ||
			v.Findings[0].AuditRef != "EA-1" || len(v.Requests) != 0 || v.ExternalAudit.Findings != 1 {
			t.Fatalf("FindExternalAudit() = %+v, %v; want its certificate and its finding", v, err)
		}
		list, total, err := w.app.ListExternalAudits(w.ctx, w.asViewer(), isms.ExternalAuditFilter{CertificateID: c.ID})
		if err != nil || total != 1 || list[0].Ref != "EA-1" {
			t.Errorf("ListExternalAudits() = %d, %v", total, err)
		}
		err = w.app.DeleteExternalAudit(w.ctx, w.asManager(), e.ID)
		wantMessage(t, "DeleteExternalAudit(with a finding)", err, isms.Conflict, "EA-1 has 1 finding; delete them first, or cancel the audit.")
		if err := w.app.DeleteExternalFinding(w.ctx, w.asManager(), f.ID); err != nil {
			t.Fatalf("DeleteExternalFinding() = %v", err)
		}
		if _, err := w.app.CreateEvidenceRequest(w.ctx, w.asManager(), app.EvidenceRequestInput{Audit: e.Ref, Requirement: "A.5.15",
			Title: "Access reviews", DueOn: "2026-03-20", Owner: string(w.manager.ID)}); err != nil {
			t.Fatalf("CreateEvidenceRequest() = %v", err)
		}
		err = w.app.DeleteExternalAudit(w.ctx, w.asManager(), e.ID)
		wantMessage(t, "DeleteExternalAudit(with a request)", err, isms.Conflict, "EA-1 has 1 evidence request; cancel the audit instead, which keeps them.")
	})
}

func TestExternalAuditAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		e := w.externalAudit(specialInput(c, "2026-04-08"))
		manage := ": that needs the permission to manage certification (administrators and ISMS managers)."
		for _, actor := range []isms.Actor{w.asContributor(), w.asViewer(), w.asDana(), w.asFay()} {
			_, err := w.app.CreateExternalAudit(w.ctx, actor, specialInput(c, "2026-04-09"))
			wantMessage(t, "CreateExternalAudit("+string(actor.Role)+")", err, isms.Forbidden, "You may not plan external audits"+manage)
			_, err = w.app.UpdateExternalAudit(w.ctx, actor, e.ID, e.Version, auditInputOf(e))
			wantMessage(t, "UpdateExternalAudit("+string(actor.Role)+")", err, isms.Forbidden, "You may not change external audits"+manage)
			err = w.app.DeleteExternalAudit(w.ctx, actor, e.ID)
			wantMessage(t, "DeleteExternalAudit("+string(actor.Role)+")", err, isms.Forbidden, "You may not delete external audits"+manage)
		}
		_, err := w.app.FindExternalAudit(w.ctx, w.asFay(), e.Ref)
		wantMessage(t, "FindExternalAudit(employee)", err, isms.Forbidden, "You may not see external audits: that needs read access to the ISMS.")
		_, _, err = w.app.ListExternalAudits(w.ctx, w.asFay(), isms.ExternalAuditFilter{})
		wantCode(t, "ListExternalAudits(employee)", err, isms.Forbidden)

		boss := w.newUser("Gina Globex", false)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: w.newOrg("globex", "Globex", boss).ID, Role: isms.RoleAdmin}
		_, err = w.app.FindExternalAudit(w.ctx, other, e.Ref)
		wantCode(t, "FindExternalAudit(from globex)", err, isms.NotFound)
		_, err = w.app.UpdateExternalAudit(w.ctx, other, e.ID, e.Version, auditInputOf(e))
		wantCode(t, "UpdateExternalAudit(from globex)", err, isms.NotFound)
		wantCode(t, "DeleteExternalAudit(from globex)", w.app.DeleteExternalAudit(w.ctx, other, e.ID), isms.NotFound)
		_, err = w.app.CreateExternalAudit(w.ctx, other, specialInput(c, "2026-04-09"))
		if f := isms.ErrorFields(err); f["certificateId"] != "No certificate \u201cCERT-1\u201d in this organization." {
			t.Errorf("CreateExternalAudit(globex, acme's certificate) = %v", err)
		}
	})
}
