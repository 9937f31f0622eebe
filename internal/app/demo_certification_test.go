// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The small demo is loaded on the test clock's day, Monday 2026-03-02.
// Mid-way through its first implementation it has no certificate: CERT-1
// is the certification it pursues, its stage 1 audit planned on the
// Monday of the week four months ahead, 2026-06-29, and stage 2 six weeks
// later.
func TestSmallDemoHasCertification(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"certificates": 1, "external_audits": 2, "external_findings": 0, "evidence_requests": 5})
		checkDemoCertificate(t, a, sys)
		checkDemoCycle(t, a, sys)
		checkDemoAuditor(t, a, sys)
		checkDemoRequests(t, a, sys)
	})
}

// checkDemoCertificate checks CERT-1: ISO/IEC 27001:2022 pursued with the
// body the board chose for the approved scope, owned by the ISMS manager,
// with no number or dates since nothing is issued, nothing left to plan.
func checkDemoCertificate(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	v, err := a.FindCertificate(ctx, sys, "CERT-1")
	if err != nil {
		t.Fatal(err)
	}
	scope, _, err := a.CurrentScope(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := a.FindFramework(ctx, sys, "iso27001-2022")
	if err != nil {
		t.Fatal(err)
	}
	c := v.Certificate
	got := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s", c.Body, c.CertNumber, c.Standard, c.IssuedOn, c.ExpiresOn, c.Status, c.OwnerName, c.Scope)
	want := "Thornbury Vale Certification Ltd||ISO/IEC 27001:2022|||pursuing|Priya Natarajan|" + scope.Statement
	if got != want || c.FrameworkID != fw.ID || c.Audits != 2 || len(v.Next) != 0 {
		t.Errorf("CERT-1 = %s, framework %s, %d audits, next %+v;\nwant %s, %s, 2 audits, nothing to plan", got, c.FrameworkID, c.Audits, v.Next, want, fw.ID)
	}
	active, _, err := a.ListCertificates(ctx, sys, isms.CertificateFilter{Status: isms.CertActive, Limit: 10})
	if err != nil || len(active) != 0 {
		t.Errorf("active certificates = %d, %v; want none mid-way through the first implementation", len(active), err)
	}
}

// checkDemoCycle checks CERT-1's audits: stage 1 and stage 2 planned with
// the body's team, each with an open preparation task for the ISMS
// manager due 30 days before it.
func checkDemoCycle(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	v, err := a.FindCertificate(ctx, sys, "CERT-1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"EA-1 Stage 1 audit 2026-06-29..2026-06-30 planned  1 findings 0; task open due 2026-05-30 closed ",
		"EA-2 Stage 2 audit 2026-08-10..2026-08-11 planned  1 findings 0; task open due 2026-07-11 closed ",
	}
	var got []string
	for _, e := range v.Audits {
		task, err := a.FindTask(ctx, sys, e.ReminderTaskID)
		if err != nil {
			t.Fatalf("%s's preparation task: %v", e.Ref, err)
		}
		closed := ""
		if !task.CompletedAt.IsZero() {
			closed = isms.DateOf(task.CompletedAt).String()
		}
		got = append(got, fmt.Sprintf("%s %s %s..%s %s %s %d findings %d; task %s due %s closed %s", e.Ref, e.Title(), e.StartOn, e.EndOn,
			e.Status, e.Result, e.Cycle, e.Findings, task.Status, task.Due, closed))
		if task.OwnerName != "Priya Natarajan" || !strings.HasPrefix(task.Title, "Prepare for "+e.Title()) {
			t.Errorf("%s's task is %q for %q; want the preparation for the ISMS manager", e.Ref, task.Title, task.OwnerName)
		}
		if e.Team != "Ruth Calloway (lead auditor), Idris Mensah" {
			t.Errorf("%s's team is %q, want the body's", e.Ref, e.Team)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CERT-1's audits:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkDemoAuditor checks the body's auditor: a member with the auditor
// role until the end of stage 2, 2026-08-11, limited to ISO/IEC
// 27001:2022, who signs in with the demo password without having to
// change it, and is watched.
func checkDemoAuditor(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	auditors, err := a.ListAuditors(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	var ruth *isms.Member
	for _, m := range auditors {
		if m.User.Email == "ruth.calloway@thornburyvale.example" {
			ruth = m
		}
	}
	fw, err := a.FindFramework(ctx, sys, "iso27001-2022")
	if err != nil {
		t.Fatal(err)
	}
	if len(auditors) != 2 || ruth == nil || ruth.User.Name != "Ruth Calloway" || ruth.AccessUntil.String() != "2026-08-11" || ruth.FrameworkID != fw.ID {
		t.Fatalf("ListAuditors = %d members, Ruth Calloway %+v; want the internal auditor and her until 2026-08-11 on %s", len(auditors), ruth, fw.ID)
	}
	secret, _, err := a.SignIn(ctx, ruth.User.Email, app.DemoPassword, "192.0.2.10")
	if err != nil {
		t.Fatalf("the auditor signs in with the demo password: %v", err)
	}
	st, err := a.Authenticate(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if st.User.MustChangePassword || st.Actor.Role != isms.RoleAuditor || st.Actor.FrameworkID != fw.ID || !st.Actor.Watched || len(st.Orgs) != 1 {
		t.Errorf("the auditor's session: must change password %v, actor %+v, %d organizations; want a watched auditor on %s in northwind",
			st.User.MustChangePassword, st.Actor, len(st.Orgs), fw.ID)
	}
}

// checkDemoRequests checks the auditor's request list ahead of stage 1:
// ER-1 accepted, ER-2 answered, ER-3 open and overdue, ER-4 and ER-5
// open; the open ones are tasks of their owners, due on their due dates.
func checkDemoRequests(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	list, total, err := a.ListEvidenceRequests(ctx, sys, isms.EvidenceRequestFilter{Sort: "ref", Limit: 10})
	if err != nil || total != 5 {
		t.Fatalf("ListEvidenceRequests = %d, %v; want 5", total, err)
	}
	want := []string{
		"ER-1 EA-1 5.2 accepted due 2026-03-09 owner Marco Reyes by Ruth Calloway evidence 1 thread asked,answered,accepted task done",
		"ER-2 EA-1 6.1.2 answered due 2026-03-09 owner Priya Natarajan by Ruth Calloway evidence 1 thread asked,answered task done",
		"ER-3 EA-1 9.2.2 open due 2026-02-27 owner Priya Natarajan by Ruth Calloway evidence 0 thread asked task open",
		"ER-4 EA-1 6.1.3 open due 2026-05-21 owner Priya Natarajan by Ruth Calloway evidence 0 thread asked task open",
		"ER-5 EA-1 9.3.1 open due 2026-06-05 owner Marco Reyes by Ruth Calloway evidence 0 thread asked task open",
	}
	today := isms.DateOf(newClock().Now())
	var got []string
	for _, r := range list {
		var steps []string
		for _, m := range r.Thread {
			steps = append(steps, string(m.Step))
		}
		task, err := a.FindTask(ctx, sys, r.TaskID)
		if err != nil {
			t.Fatalf("%s's task: %v", r.Ref, err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %s due %s owner %s by %s evidence %d thread %s task %s", r.Ref, r.AuditRef, r.Requirement.Ref,
			r.Status, r.DueOn, r.OwnerName, r.RequestedByName, len(r.Evidence), strings.Join(steps, ","), task.Status))
		if task.Due != r.DueOn || r.Overdue(today) != (r.Ref == "ER-3") {
			t.Errorf("%s: task due %s, overdue %v; want the task due with the request, only ER-3 overdue", r.Ref, task.Due, r.Overdue(today))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the demo's evidence requests:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkLargeDemoCertification checks the large demo's certificate, its
// audits and their tasks, the findings that opened the nonconformities
// from external audits, the request lists and the external auditors.
func checkLargeDemoCertification(t *testing.T, db *sqldb.DB, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	wantDemoRows(t, db, map[string]int{"certificates": 1, "external_audits": 5, "external_findings": 12, "evidence_requests": 60})
	v, err := a.FindCertificate(ctx, sys, "CERT-1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != isms.CertActive || v.Certificate.Audits != 5 || len(v.Next) != 0 || v.IssuedOn.Weekday() != 1 {
		t.Errorf("CERT-1 is %s issued %s with %d audits, next %+v; want active, issued on a Monday, 5 audits, nothing to plan", v.Status, v.IssuedOn, v.Certificate.Audits, v.Next)
	}
	var got []string
	for _, e := range v.Audits {
		task, err := a.FindTask(ctx, sys, e.ReminderTaskID)
		if err != nil {
			t.Fatalf("%s's task: %v", e.Ref, err)
		}
		got = append(got, fmt.Sprintf("%s %s %s task %s", e.Ref, e.Kind, e.Status, task.Status))
	}
	want := "EA-1 stage1 completed task done|EA-2 stage2 completed task done|EA-3 surveillance completed task done|" +
		"EA-4 surveillance planned task open|EA-5 recertification planned task open"
	if strings.Join(got, "|") != want {
		t.Errorf("the large demo's external audits are\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	checkLargeExternalNCs(t, a, sys)
	counts := map[isms.RequestStatus]int{}
	for off := 0; off < 60; off += 30 {
		list, _, err := a.ListEvidenceRequests(ctx, sys, isms.EvidenceRequestFilter{Sort: "ref", Limit: 30, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			counts[r.Status]++
			if answered := r.Status == isms.RequestAnswered || r.Status == isms.RequestAccepted; answered != (len(r.Evidence) == 1) {
				t.Errorf("%s is %s with %d evidence items; want one for each answer", r.Ref, r.Status, len(r.Evidence))
			}
		}
	}
	_, overdue, err := a.ListEvidenceRequests(ctx, sys, isms.EvidenceRequestFilter{OverdueOn: isms.DateOf(newClock().Now()), Limit: 1})
	if err != nil || overdue != 3 || fmt.Sprint(counts) != "map[accepted:37 answered:10 cancelled:3 open:10]" {
		t.Errorf("the large demo's requests are %v, %d overdue (%v); want 37 accepted, 10 answered, 3 cancelled, 10 open of which 3 overdue", counts, overdue, err)
	}
	auditors, err := a.ListAuditors(ctx, sys)
	external, ended := 0, 0
	for _, m := range auditors {
		if !m.AccessUntil.IsZero() && m.FrameworkID == v.FrameworkID {
			external++
			if m.AccessUntil.Before(isms.DateOf(newClock().Now())) {
				ended++
			}
		}
	}
	if err != nil || external != 2 || ended != 1 {
		t.Errorf("the large demo has %d external auditors, %d of them ended, %v; want 2, 1 ended", external, ended, err)
	}
}

// checkLargeExternalNCs checks that the findings graded minor are those
// that opened the nonconformities from external audits, and the others
// observations and opportunities for improvement.
func checkLargeExternalNCs(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	findings, total, err := a.ListExternalFindings(ctx, sys, isms.ExternalFindingFilter{Sort: "ref", Limit: 20})
	if err != nil || total != 12 {
		t.Fatalf("ListExternalFindings = %d, %v; want 12", total, err)
	}
	ncs, external, err := a.ListNonconformities(ctx, sys, isms.NCFilter{Source: isms.NCExternalAudit, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	minor := 0
	for _, f := range findings {
		if f.Grade != isms.FindingMinor {
			if f.Grade != isms.FindingObservation && f.Grade != isms.FindingOFI || f.NonconformityID != "" {
				t.Errorf("%s is %s with nonconformity %q; want an observation or opportunity for improvement without one", f.Ref, f.Grade, f.NonconformityID)
			}
			continue
		}
		minor++
		for _, n := range ncs {
			if n.ID == f.NonconformityID && (n.SourceRecord != isms.Link{Type: "external_finding", ID: f.ID} || n.Deadline != f.CAPDue) {
				t.Errorf("%s, opened by %s, has source %v and deadline %s; want the finding and its CAP due %s", n.Ref, f.Ref, n.SourceRecord, n.Deadline, f.CAPDue)
			}
		}
	}
	if minor != min(external, 4) || minor == 0 {
		t.Errorf("the large demo has %d minor external findings and %d nonconformities from external audits; want one finding for each, up to 4", minor, external)
	}
}
