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

// certWorld is the audit world with an employee; the certificates it
// makes are owned by the contributor, so that their preparation tasks go
// to someone other than the manager who plans them.
type certWorld struct {
	*auditWorld
	fay *isms.User // employee
}

func newCertWorld(t *testing.T, db *sqldb.DB) *certWorld {
	t.Helper()
	w := &certWorld{auditWorld: newAuditWorld(t, db)}
	w.fay = w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
	return w
}

func (w *certWorld) asFay() isms.Actor { return w.as(w.fay, isms.RoleEmployee) }

// certInput is an active certificate of ISO/IEC 27001:2022 issued on
// issued and valid for three years less a day.
func (w *certWorld) certInput(issued isms.Date) app.CertificateInput {
	return app.CertificateInput{Body: "Example Certification Ltd", CertNumber: "IS 123456", Standard: "ISO/IEC 27001:2022",
		Framework: "iso27001-2022", Scope: "The provision of cloud payroll services.", IssuedOn: issued.String(),
		ExpiresOn: issued.AddDate(3, 0, -1).String(), Status: "active", Owner: string(w.contributor.ID)}
}

// certificate creates a certificate as the manager.
func (w *certWorld) certificate(in app.CertificateInput) *isms.Certificate {
	w.t.Helper()
	c, err := w.app.CreateCertificate(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("CreateCertificate(%s) = %v (%v)", in.Body, err, isms.ErrorFields(err))
	}
	return c
}

// planCycle plans the cycle of c as the manager.
func (w *certWorld) planCycle(c *isms.Certificate, stage1 string) []*isms.ExternalAudit {
	w.t.Helper()
	list, err := w.app.PlanCertificationCycle(w.ctx, w.asManager(), c.ID, stage1)
	if err != nil {
		w.t.Fatalf("PlanCertificationCycle(%s, %q) = %v (%v)", c.Ref, stage1, err, isms.ErrorFields(err))
	}
	return list
}

// auditRow is what the tests compare of an external audit and its
// preparation task.
type auditRow struct {
	Ref, Kind, Start, End, Status, Team string
	Cycle, Sequence                     int
	Task, TaskOwner, TaskDue, TaskLink  string
}

// auditRows describes audits with their preparation tasks.
func (w *certWorld) auditRows(audits []*isms.ExternalAudit) []auditRow {
	w.t.Helper()
	out := []auditRow{}
	for _, e := range audits {
		t := w.task(e.ReminderTaskID)
		out = append(out, auditRow{Ref: e.Ref, Kind: string(e.Kind), Start: e.StartOn.String(), End: e.EndOn.String(),
			Status: string(e.Status), Team: e.Team, Cycle: e.Cycle, Sequence: e.Sequence, Task: t.Title,
			TaskOwner: string(t.OwnerID), TaskDue: t.Due.String(), TaskLink: t.Link.Type + ":" + string(t.Link.ID)})
	}
	return out
}

func TestCertificateLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		_, err := w.app.CreateCertificate(w.ctx, w.asManager(), app.CertificateInput{Status: "granted", Framework: "nist-csf",
			IssuedOn: "16/06/2025", ExpiresOn: "2028-02-30", Owner: "nobody@example.com"})
		want := map[string]string{"body": "Certification body is required.", "standard": "Standard is required.",
			"scope":       "Copy the scope statement as the certificate states it.",
			"status":      "Status must be pursuing, active, suspended, withdrawn or expired.",
			"frameworkId": "No framework \u201cnist-csf\u201d in this organization.",
			"issuedOn":    "Enter the issue date as YYYY-MM-DD, or leave it empty.",
			"expiresOn":   "Enter the expiry date as YYYY-MM-DD, or leave it empty.",
			"ownerId":     "Choose a member of this organization."}
		if diff := cmp.Diff(want, isms.ErrorFields(err)); diff != "" || isms.ErrorCode(err) != isms.Invalid {
			t.Errorf("CreateCertificate(everything wrong) = %v, fields (-want +got):\n%s", err, diff)
		}
		in := w.certInput(isms.NewDate(2025, 6, 16))
		in.Framework, in.Owner, in.Status = "ISO27001-2022", " Dave.Contributor@Example.com ", " Active "
		c := w.certificate(in)
		if c.Ref != "CERT-1" || c.FrameworkID != w.iso.ID || c.OwnerID != w.contributor.ID || c.OwnerName != "Dave Contributor" ||
			c.Status != isms.CertActive || c.ExpiresOn.String() != "2028-06-15" || c.CreatedBy != w.manager.ID {
			t.Errorf("CreateCertificate() = %+v", c)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "certificate.create" || e.ObjectID != c.ID ||
			changes(t, e)["body"].After != "Example Certification Ltd" {
			t.Errorf("last event = %s %s %s, want certificate.create of %s", e.Action, e.ObjectID, e.Changes, c.ID)
		}

		in.Status, in.Owner, in.Framework = "suspended", string(w.manager.ID), ""
		up, err := w.app.UpdateCertificate(w.ctx, w.asAdmin(), "cert-1", c.Version, in)
		if err != nil || up.Status != isms.CertSuspended || up.OwnerName != "Bob Manager" || up.FrameworkID != "" || up.Version != 2 {
			t.Fatalf("UpdateCertificate() = %+v, %v; want suspended, Bob Manager, no framework, version 2", up, err)
		}
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "certificate.update" || ch["status"].Before != "active" || ch["status"].After != "suspended" ||
			ch["owner"].After != "Bob Manager" || len(ch) != 3 {
			t.Errorf("last event = %s %s, want certificate.update of status, owner and framework", e.Action, e.Changes)
		}
		_, err = w.app.UpdateCertificate(w.ctx, w.asAdmin(), c.ID, c.Version, in)
		wantCode(t, "UpdateCertificate(stale)", err, isms.Conflict)
		in.Owner = ""
		_, err = w.app.UpdateCertificate(w.ctx, w.asAdmin(), c.ID, up.Version, in)
		wantMessage(t, "UpdateCertificate(no owner)", err, isms.Invalid, "Please correct the highlighted field.")
		if f := isms.ErrorFields(err); f["ownerId"] != "Choose who prepares the audits." {
			t.Errorf("UpdateCertificate(no owner) fields = %v", f)
		}

		v, err := w.app.FindCertificate(w.ctx, w.asViewer(), "CERT-1")
		if err != nil || v.ID != c.ID || len(v.Audits) != 0 || len(v.Next) != 3 || v.Next[0].StartOn.String() != "2026-05-18" {
			t.Fatalf("FindCertificate() = %+v, %v; want no audits and three to plan", v, err)
		}
		list, total, err := w.app.ListCertificates(w.ctx, w.asViewer(), isms.CertificateFilter{Status: isms.CertSuspended})
		if err != nil || total != 1 || list[0].Ref != "CERT-1" {
			t.Errorf("ListCertificates(suspended) = %d, %v", total, err)
		}

		if err := w.app.DeleteCertificate(w.ctx, w.asManager(), "CERT-1"); err != nil {
			t.Fatalf("DeleteCertificate() = %v", err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "certificate.delete" || e.ObjectID != c.ID {
			t.Errorf("last event = %s %s, want certificate.delete", e.Action, e.ObjectID)
		}
		_, err = w.app.FindCertificate(w.ctx, w.asViewer(), string(c.ID))
		wantCode(t, "FindCertificate(deleted)", err, isms.NotFound)
	})
}

func TestCertificateDeleteWithAudits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		w.planCycle(c, "")
		err := w.app.DeleteCertificate(w.ctx, w.asManager(), c.ID)
		wantMessage(t, "DeleteCertificate(with audits)", err, isms.Conflict,
			"CERT-1 has 3 external audits; delete them first, or keep the certificate on record.")
	})
}

func TestPlanCertificationCycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		before := w.seq()
		planned := w.planCycle(c, "2026-01-05")
		task := func(title string) string { return title + " (Example Certification Ltd)" }
		owner, link := string(w.contributor.ID), func(i int) string { return "external_audit:" + string(planned[i].ID) }
		want := []auditRow{
			{"EA-1", "surveillance", "2026-05-18", "2026-05-19", "planned", "", 1, 1, task("Prepare for Surveillance audit 1"), owner, "2026-04-18", link(0)},
			{"EA-2", "surveillance", "2027-05-17", "2027-05-18", "planned", "", 1, 2, task("Prepare for Surveillance audit 2"), owner, "2027-04-17", link(1)},
			{"EA-3", "recertification", "2028-03-15", "2028-03-16", "planned", "", 1, 0, task("Prepare for Recertification audit"), owner, "2028-02-14", link(2)},
		}
		if diff := cmp.Diff(want, w.auditRows(planned)); diff != "" {
			t.Errorf("PlanCertificationCycle() (-want +got):\n%s", diff)
		}
		wantActions := []string{"task.create", "external_audit.create", "task.create", "external_audit.create",
			"task.create", "external_audit.create", "certificate.plan"}
		events := w.events(string(w.org.ID), before)
		if diff := cmp.Diff(wantActions, actions(events)); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if last := events[len(events)-1]; last.ObjectID != c.ID || changes(t, last)["audits"].After != "EA-1, EA-2, EA-3" {
			t.Errorf("certificate.plan = %s %s, want the refs of the three audits", last.ObjectID, last.Changes)
		}

		before = w.seq()
		again := w.planCycle(c, "")
		if again == nil || len(again) != 0 || w.seq() != before {
			t.Errorf("PlanCertificationCycle(again) = %v with %d events, want an empty list and none", again, w.seq()-before)
		}
		v, err := w.app.FindCertificate(w.ctx, w.asViewer(), c.Ref)
		if err != nil || len(v.Next) != 0 || len(v.Audits) != 3 || v.Audits[0].Ref != "EA-1" || v.Audits[2].Ref != "EA-3" || v.Audits[0].CertificateRef != "CERT-1" {
			t.Errorf("FindCertificate() = %+v, %v; want the three audits by start and nothing to plan", v, err)
		}

		// The first surveillance of a certificate issued on 1 Apr 2025
		// falls on Sunday 1 Mar 2026, moved to today: its task is due today.
		in := w.certInput(isms.NewDate(2025, 4, 1))
		in.Body = "Second Body"
		early := w.planCycle(w.certificate(in), "")
		if len(early) != 3 || early[0].StartOn.String() != "2026-03-02" || w.task(early[0].ReminderTaskID).Due.String() != "2026-03-02" {
			t.Errorf("PlanCertificationCycle(issued 2025-04-01) = %+v; want surveillance 1 on 2026-03-02 with its task due today", early)
		}
	})
}

func TestPlanPursuedCertificate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(app.CertificateInput{Body: "Example Certification Ltd", Standard: "ISO/IEC 27001:2022",
			Scope: "The provision of cloud payroll services.", Status: "pursuing", Owner: string(w.contributor.ID)})
		_, err := w.app.PlanCertificationCycle(w.ctx, w.asManager(), c.ID, "")
		wantFields(t, "PlanCertificationCycle(no stage 1)", err, isms.Invalid, "stage1")
		if f := isms.ErrorFields(err); f["stage1"] != "Give the date of the stage 1 audit." {
			t.Errorf("PlanCertificationCycle(no stage 1) fields = %v", f)
		}
		_, err = w.app.PlanCertificationCycle(w.ctx, w.asManager(), c.ID, "2026-13-01")
		if f := isms.ErrorFields(err); f["stage1"] != "Enter the date of the stage 1 audit as YYYY-MM-DD." {
			t.Errorf("PlanCertificationCycle(bad date) = %v", err)
		}
		planned := w.planCycle(c, "2026-04-05")
		owner, title := string(w.contributor.ID), " (Example Certification Ltd)"
		want := []auditRow{
			{"EA-1", "stage1", "2026-04-06", "2026-04-07", "planned", "", 1, 0, "Prepare for Stage 1 audit" + title, owner, "2026-03-07",
				"external_audit:" + string(planned[0].ID)},
			{"EA-2", "stage2", "2026-05-18", "2026-05-19", "planned", "", 1, 0, "Prepare for Stage 2 audit" + title, owner, "2026-04-18",
				"external_audit:" + string(planned[1].ID)},
		}
		if diff := cmp.Diff(want, w.auditRows(planned)); diff != "" {
			t.Errorf("PlanCertificationCycle(pursued) (-want +got):\n%s", diff)
		}
		if again := w.planCycle(c, ""); len(again) != 0 {
			t.Errorf("PlanCertificationCycle(pursued, again) = %d audits, want none", len(again))
		}

		withdrawn := w.certInput(isms.NewDate(2025, 6, 16))
		withdrawn.Status = "withdrawn"
		_, err = w.app.PlanCertificationCycle(w.ctx, w.asManager(), w.certificate(withdrawn).ID, "")
		wantMessage(t, "PlanCertificationCycle(withdrawn)", err, isms.Conflict, "CERT-2 is withdrawn: its cycle calls for no more audits.")
	})
}

func TestCertificateAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		c := w.certificate(w.certInput(isms.NewDate(2025, 6, 16)))
		manage := ": that needs the permission to manage certification (administrators and ISMS managers)."
		for _, actor := range []isms.Actor{w.asContributor(), w.asViewer(), w.asDana(), w.asFay()} {
			_, err := w.app.CreateCertificate(w.ctx, actor, w.certInput(isms.NewDate(2025, 6, 16)))
			wantMessage(t, "CreateCertificate("+string(actor.Role)+")", err, isms.Forbidden, "You may not create certificates"+manage)
			_, err = w.app.UpdateCertificate(w.ctx, actor, c.ID, c.Version, w.certInput(isms.NewDate(2025, 6, 16)))
			wantMessage(t, "UpdateCertificate("+string(actor.Role)+")", err, isms.Forbidden, "You may not change certificates"+manage)
			err = w.app.DeleteCertificate(w.ctx, actor, c.ID)
			wantMessage(t, "DeleteCertificate("+string(actor.Role)+")", err, isms.Forbidden, "You may not delete certificates"+manage)
			_, err = w.app.PlanCertificationCycle(w.ctx, actor, c.ID, "")
			wantMessage(t, "PlanCertificationCycle("+string(actor.Role)+")", err, isms.Forbidden, "You may not plan external audits"+manage)
		}
		for _, actor := range []isms.Actor{w.asContributor(), w.asViewer(), w.asDana()} {
			if _, err := w.app.FindCertificate(w.ctx, actor, c.Ref); err != nil {
				t.Errorf("FindCertificate(%s) = %v, want it", actor.Role, err)
			}
		}
		_, err := w.app.FindCertificate(w.ctx, w.asFay(), c.Ref)
		wantMessage(t, "FindCertificate(employee)", err, isms.Forbidden, "You may not see certificates: that needs read access to the ISMS.")
		_, _, err = w.app.ListCertificates(w.ctx, w.asFay(), isms.CertificateFilter{})
		wantCode(t, "ListCertificates(employee)", err, isms.Forbidden)

		boss := w.newUser("Gina Globex", false)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: w.newOrg("globex", "Globex", boss).ID, Role: isms.RoleAdmin}
		_, err = w.app.FindCertificate(w.ctx, other, c.Ref)
		wantCode(t, "FindCertificate(from globex)", err, isms.NotFound)
		_, err = w.app.UpdateCertificate(w.ctx, other, c.ID, c.Version, w.certInput(isms.NewDate(2025, 6, 16)))
		wantCode(t, "UpdateCertificate(from globex)", err, isms.NotFound)
		_, err = w.app.PlanCertificationCycle(w.ctx, other, c.ID, "")
		wantCode(t, "PlanCertificationCycle(from globex)", err, isms.NotFound)
		wantCode(t, "DeleteCertificate(from globex)", w.app.DeleteCertificate(w.ctx, other, c.ID), isms.NotFound)
		if _, total, err := w.app.ListCertificates(w.ctx, other, isms.CertificateFilter{}); err != nil || total != 0 {
			t.Errorf("ListCertificates(globex) = %d, %v; want none", total, err)
		}
		in := w.certInput(isms.NewDate(2025, 6, 16))
		in.Framework = ""
		_, err = w.app.CreateCertificate(w.ctx, other, in)
		if f := isms.ErrorFields(err); f["ownerId"] != "Choose a member of this organization." {
			t.Errorf("CreateCertificate(globex, acme's contributor as owner) = %v", err)
		}
	})
}
