// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// requestWorld is acme with both built-in ISO/IEC 27001 editions, an
// auditor and an employee, the control "Backups" owned by the
// contributor (linked to A.8.13), the control "Policies" owned by the
// second manager (linked to A.5.1), and a certificate against the 2022
// edition owned by the manager with its stage 1 audit EA-1.
type requestWorld struct {
	*world
	iso, iso13        *isms.Framework
	auditor, employee *isms.User
	backups, policies *isms.Control
	cert              *isms.Certificate
	ea                *isms.ExternalAudit
}

func newRequestWorld(t *testing.T, db *sqldb.DB) *requestWorld {
	t.Helper()
	w := &requestWorld{world: newWorld(t, db)}
	w.iso, w.iso13 = w.importBuiltin("iso27001-2022"), w.importBuiltin("iso27001-2013")
	w.auditor = w.newMember(w.org, "Dana Auditor", isms.RoleAuditor)
	w.employee = w.newMember(w.org, "Frank Employee", isms.RoleEmployee)
	w.backups = w.ownedControl("Backups", w.contributor, "A.8.13")
	w.policies = w.ownedControl("Policies", w.manager2, "A.5.1")
	w.cert = &isms.Certificate{ID: isms.NewID("cert"), OrgID: w.org.ID, Body: "Certifiers Ltd", Standard: "ISO/IEC 27001:2022",
		FrameworkID: w.iso.ID, Scope: "All of Acme.", Status: isms.CertPursuing, OwnerID: w.manager.ID}
	w.ea = &isms.ExternalAudit{ID: isms.NewID("ea"), OrgID: w.org.ID, CertificateID: w.cert.ID, Kind: isms.ExtStage1,
		Cycle: 1, StartOn: isms.NewDate(2026, 4, 6), EndOn: isms.NewDate(2026, 4, 7), Status: isms.ExtPlanned}
	err := w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertCertificate(w.ctx, w.cert); err != nil {
			return err
		}
		return tx.InsertExternalAudit(w.ctx, w.ea)
	})
	if err != nil {
		t.Fatalf("insert certificate and audit: %v", err)
	}
	return w
}

// ownedControl creates an implemented control owned by owner, linked to
// the 2022 requirement ref.
func (w *requestWorld) ownedControl(title string, owner *isms.User, ref string) *isms.Control {
	w.t.Helper()
	c, err := w.app.CreateControl(w.ctx, w.asContributor(), app.ControlInput{Title: title, Status: "implemented", OwnerID: string(owner.ID)})
	if err != nil {
		w.t.Fatalf("CreateControl(%s) = %v", title, err)
	}
	w.link(c, w.requirement(w.iso.ID, ref).ID)
	return c
}

func (w *requestWorld) asAuditor() isms.Actor  { return w.as(w.auditor, isms.RoleAuditor) }
func (w *requestWorld) asEmployee() isms.Actor { return w.as(w.employee, isms.RoleEmployee) }

// asLimitedAuditor is the auditor limited to ISO/IEC 27001:2013.
func (w *requestWorld) asLimitedAuditor() isms.Actor {
	a := w.asAuditor()
	a.FrameworkID = w.iso13.ID
	return a
}

// due is the day n days after the test clock's.
func (w *requestWorld) due(n int) string { return isms.DateOf(w.clock.Now()).AddDays(n).String() }

// ask creates a request as actor and fails the test on error.
func (w *requestWorld) ask(actor isms.Actor, in app.EvidenceRequestInput) *isms.EvidenceRequest {
	w.t.Helper()
	r, err := w.app.CreateEvidenceRequest(w.ctx, actor, in)
	if err != nil {
		w.t.Fatalf("CreateEvidenceRequest(%s) = %v (%v)", in.Title, err, isms.ErrorFields(err))
	}
	return r
}

// askBackups asks the contributor, as the auditor, for backup logs by the
// control Backups, due in a week.
func (w *requestWorld) askBackups() *isms.EvidenceRequest {
	return w.ask(w.asAuditor(), app.EvidenceRequestInput{Control: w.backups.Ref, Title: "Backup logs",
		Detail: "The logs of the last restore test.", DueOn: w.due(7)})
}

// evidence creates a note evidence item as the contributor.
func (w *requestWorld) evidence(title string) *isms.Evidence {
	w.t.Helper()
	e, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: title, Kind: isms.EvidenceKindNote,
		Note: "Seen.", CollectedOn: isms.DateOf(w.clock.Now()), Source: isms.EvidenceSourceUpload}, nil)
	if err != nil {
		w.t.Fatalf("CreateEvidence(%s) = %v (%v)", title, err, isms.ErrorFields(err))
	}
	return e
}

// findRequest reads request id as actor and fails the test on error.
func (w *requestWorld) findRequest(actor isms.Actor, id string) *app.EvidenceRequestView {
	w.t.Helper()
	v, err := w.app.FindEvidenceRequest(w.ctx, actor, id)
	if err != nil {
		w.t.Fatalf("FindEvidenceRequest(%s) = %v", id, err)
	}
	return v
}

// task reads task id as the manager.
func (w *requestWorld) task(id isms.ID) *isms.Task {
	w.t.Helper()
	t, err := w.app.FindTask(w.ctx, w.asManager(), id)
	if err != nil {
		w.t.Fatalf("FindTask(%s) = %v", id, err)
	}
	return t
}

func TestEvidenceRequestCreateDefaults(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		before := w.seq()
		r := w.askBackups()
		if r.Ref != "ER-1" || r.OwnerID != w.contributor.ID || r.OwnerName != "Dave Contributor" || r.ControlID != w.backups.ID ||
			r.ControlRef != w.backups.Ref || r.FrameworkID != "" || r.Requirement.ID != "" || r.Status != isms.RequestOpen ||
			r.Round != 1 || r.RequestedBy != w.auditor.ID || r.DueOn.String() != "2026-03-09" || r.Version != 1 {
			t.Errorf("CreateEvidenceRequest(by control) = %+v", r)
		}
		if diff := cmp.Diff([]string{"asked by Dana Auditor: The logs of the last restore test."}, steps(r)); diff != "" {
			t.Errorf("thread (-want +got):\n%s", diff)
		}
		task := w.task(r.TaskID)
		want := isms.Task{ID: r.TaskID, Title: "Evidence request ER-1: Backup logs", Description: "The logs of the last restore test.",
			OwnerID: w.contributor.ID, Due: r.DueOn, Status: isms.TaskOpen, Link: isms.Link{Type: "evidence_request", ID: r.ID},
			CreatedBy: w.auditor.ID}
		got := isms.Task{ID: task.ID, Title: task.Title, Description: task.Description, OwnerID: task.OwnerID, Due: task.Due,
			Status: task.Status, Link: task.Link, CreatedBy: task.CreatedBy}
		if got != want {
			t.Errorf("the owner's task = %+v, want %+v", got, want)
		}
		events := w.events(string(w.org.ID), before)
		if diff := cmp.Diff([]string{"task.create", "evidence_request.create"}, actions(events)); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if ch := changes(t, events[1]); ch["ref"].After != "ER-1" || ch["owner"].After != "Dave Contributor" || ch["control"].After != w.backups.Ref {
			t.Errorf("evidence_request.create changes = %v", ch)
		}

		// By requirement, in any case: the owner of the requirement's control.
		r = w.ask(w.asAuditor(), app.EvidenceRequestInput{Requirement: "a.5.1", Title: "Policy set", DueOn: w.due(0)})
		if r.Requirement.Ref != "A.5.1" || r.FrameworkID != w.iso.ID || r.OwnerID != w.manager2.ID || r.ControlID != "" {
			t.Errorf("CreateEvidenceRequest(by requirement) = %+v", r)
		}
		// For an audit, on a requirement without controls: the certificate's
		// owner, in the certificate's framework.
		r = w.ask(w.asAuditor(), app.EvidenceRequestInput{Audit: "ea-1", Requirement: "5.2", Title: "Policy approval", DueOn: w.due(3)})
		if r.AuditID != w.ea.ID || r.AuditRef != "EA-1" || r.FrameworkID != w.iso.ID || r.Requirement.Ref != "5.2" || r.OwnerID != w.manager.ID {
			t.Errorf("CreateEvidenceRequest(for the audit) = %+v", r)
		}
		// An owner named by e-mail wins over the default; a framework by key.
		r = w.ask(w.asManager(), app.EvidenceRequestInput{Framework: "iso27001-2013", Requirement: "A.12.3.1", Control: w.backups.Ref,
			Title: "Backup policy", DueOn: w.due(3), Owner: " Bob.Manager@example.com "})
		if r.Ref != "ER-4" || r.FrameworkID != w.iso13.ID || r.OwnerID != w.manager.ID || r.ControlRef != w.backups.Ref {
			t.Errorf("CreateEvidenceRequest(owner by e-mail) = %+v", r)
		}
	})
}

func TestEvidenceRequestValidation(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		tests := []struct {
			name string
			in   app.EvidenceRequestInput
			want map[string]string
		}{
			{"everything wrong at once", app.EvidenceRequestInput{Audit: "EA-9", Requirement: "Z.9", Control: "C-99", DueOn: w.due(-1),
				Owner: "nobody@example.com"}, map[string]string{
				"audit":       "No external audit \u201cEA-9\u201d in this organization.",
				"requirement": "No requirement \u201cZ.9\u201d in ISO/IEC 27001 (2022).",
				"control":     "No control \u201cC-99\u201d in this organization.", "title": "Title is required.",
				"dueOn":   "The due date cannot be before today (2026-03-02).",
				"ownerId": "No member \u201cnobody@example.com\u201d in this organization."}},
			{"neither requirement nor control, no date", app.EvidenceRequestInput{Title: "Anything"}, map[string]string{
				"requirement": "Name the requirement or the control the evidence is for.",
				"dueOn":       "Give the date the evidence is due.", "ownerId": "Choose who answers the request."}},
			{"a date as people write it elsewhere", app.EvidenceRequestInput{Control: w.backups.Ref, Title: "Logs", DueOn: "31/12/2026"},
				map[string]string{"dueOn": "\"31/12/2026\" is not a date (YYYY-MM-DD)."}},
			{"no default owner for a requirement without controls", app.EvidenceRequestInput{Requirement: "5.2", Title: "Approval",
				DueOn: w.due(1)}, map[string]string{"ownerId": "Choose who answers the request."}},
			{"an owner who may not add evidence", app.EvidenceRequestInput{Control: w.backups.Ref, Title: "Logs", DueOn: w.due(1),
				Owner: string(w.viewer.ID)}, map[string]string{
				"ownerId": "Erin Viewer may not add evidence, so cannot answer the request; choose a member who may."}},
			{"an unknown framework", app.EvidenceRequestInput{Framework: "nist-800-53", Requirement: "AC-2", Title: "Accounts",
				DueOn: w.due(1)}, map[string]string{"framework": "No framework \u201cnist-800-53\u201d in this organization."}},
		}
		for _, tt := range tests {
			_, err := w.app.CreateEvidenceRequest(w.ctx, w.asAuditor(), tt.in)
			if isms.ErrorCode(err) != isms.Invalid {
				t.Errorf("%s: CreateEvidenceRequest() = %v, want invalid", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(err)); diff != "" {
				t.Errorf("%s: problems (-want +got):\n%s", tt.name, diff)
			}
		}
		if list, total, err := w.app.ListEvidenceRequests(w.ctx, w.asViewer(), isms.EvidenceRequestFilter{}); err != nil || total != 0 {
			t.Errorf("ListEvidenceRequests() after refusals = %v, %d, %v; want none", list, total, err)
		}
	})
}

func TestEvidenceRequestUpdateMovesTheTask(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		r := w.askBackups()
		before := w.seq()
		in := app.EvidenceRequestInput{Control: w.backups.Ref, Title: "Backup and restore logs", Detail: r.Detail,
			DueOn: w.due(14), Owner: emailOf("Bob Manager")}
		r, err := w.app.UpdateEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, in)
		if err != nil || r.OwnerID != w.manager.ID || r.DueOn.String() != "2026-03-16" || r.Version != 2 {
			t.Fatalf("UpdateEvidenceRequest() = %+v, %v", r, err)
		}
		task := w.task(r.TaskID)
		if task.OwnerID != w.manager.ID || task.Due != r.DueOn || task.Title != "Evidence request ER-1: Backup and restore logs" {
			t.Errorf("task after update = %+v", task)
		}
		events := w.events(string(w.org.ID), before)
		if diff := cmp.Diff([]string{"task.update", "evidence_request.update"}, actions(events)); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		want := map[string]isms.Change{"title": {Before: "Backup logs", After: "Backup and restore logs"},
			"dueOn": {Before: "2026-03-09", After: "2026-03-16"}, "owner": {Before: "Dave Contributor", After: "Bob Manager"}}
		if diff := cmp.Diff(want, changes(t, events[1])); diff != "" {
			t.Errorf("evidence_request.update changes (-want +got):\n%s", diff)
		}
		// The same form again changes nothing; a blank owner keeps the owner.
		in.Owner = ""
		if again, err := w.app.UpdateEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, in); err != nil || again.Version != 2 || again.OwnerID != w.manager.ID {
			t.Errorf("UpdateEvidenceRequest(unchanged) = %+v, %v; want version 2", again, err)
		}
		_, err = w.app.UpdateEvidenceRequest(w.ctx, w.asAuditor(), r.ID, 1, in)
		wantMessage(t, "UpdateEvidenceRequest(stale)", err, isms.Conflict,
			"Someone else changed this evidence request while you were editing it (version 1 is now 2). Reload to see their changes, then make yours again.")
	})
}
