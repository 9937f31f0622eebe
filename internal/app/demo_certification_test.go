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

// The small demo is loaded on the test clock's day, Monday 2026-03-02: CERT-1
// was issued on the Monday of the week ten and a half months before, 2025-04-14.
func TestSmallDemoHasCertification(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"certificates": 1, "external_audits": 5, "external_findings": 2, "evidence_requests": 4})
		checkDemoCertificate(t, a, sys)
		checkDemoCycle(t, a, sys)
		checkDemoExternalNC(t, a, sys)
		checkDemoAuditor(t, a, sys)
		checkDemoRequests(t, a, sys)
	})
}

// checkDemoCertificate checks CERT-1: ISO/IEC 27001:2022 for the approved
// scope, active, owned by the ISMS manager, nothing left to plan.
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
	want := "Thornbury Vale Certification Ltd|TVC-ISMS-04172|ISO/IEC 27001:2022|2025-04-14|2028-04-13|active|Priya Natarajan|" + scope.Statement
	if got != want || c.FrameworkID != fw.ID || c.Audits != 5 || len(v.Next) != 0 {
		t.Errorf("CERT-1 = %s, framework %s, %d audits, next %+v;\nwant %s, %s, 5 audits, nothing to plan", got, c.FrameworkID, c.Audits, v.Next, want, fw.ID)
	}
}

// checkDemoCycle checks CERT-1's audits: stage 1 and 2 completed with
// their preparation done before them, the cycle planned from the issue
// date with open preparation tasks for the ISMS manager.
func checkDemoCycle(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	v, err := a.FindCertificate(ctx, sys, "CERT-1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"EA-1 Stage 1 audit 2025-01-13..2025-01-13 completed recommended 1 findings 0; task done due 2024-12-14 closed 2025-01-06",
		"EA-2 Stage 2 audit 2025-03-10..2025-03-11 completed conditional 1 findings 2; task done due 2025-02-08 closed 2025-03-03",
		"EA-3 Surveillance audit 1 2026-03-16..2026-03-17 planned  1 findings 0; task open due 2026-03-02 closed ",
		"EA-4 Surveillance audit 2 2027-03-15..2027-03-16 planned  1 findings 0; task open due 2027-02-13 closed ",
		"EA-5 Recertification audit 2028-01-13..2028-01-14 planned  1 findings 0; task open due 2027-12-14 closed ",
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
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CERT-1's audits:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(v.Audits) == 5 && (v.Audits[1].Summary == "" || v.Audits[1].Team == "" || v.Audits[2].Team != "Ruth Calloway (lead auditor)") {
		t.Errorf("EA-2 has summary %q and team %q, EA-3 team %q; want the report's summary and teams", v.Audits[1].Summary, v.Audits[1].Team, v.Audits[2].Team)
	}
}

// checkDemoExternalNC checks XF-1, stage 2's minor nonconformity, and
// NC-4 it opened: in corrective action, dated after the audit, one of its
// two actions done; and XF-2, an observation that opened nothing.
func checkDemoExternalNC(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	f, err := a.FindExternalFinding(ctx, sys, "XF-1")
	if err != nil {
		t.Fatal(err)
	}
	if f.AuditRef != "EA-2" || f.Grade != isms.FindingMinor || f.CAPDue.String() != "2025-04-08" || f.NonconformityRef != "NC-4" ||
		len(f.Requirements) != 1 || f.Requirements[0].Ref != "A.5.22" {
		t.Errorf("XF-1 is %s on %s against %+v, CAP due %s, opened %q; want a minor nonconformity of EA-2 on A.5.22 due 2025-04-08 that opened NC-4",
			f.Grade, f.AuditRef, f.Requirements, f.CAPDue, f.NonconformityRef)
	}
	v, err := a.FindNonconformity(ctx, sys, "NC-4")
	if err != nil {
		t.Fatal(err)
	}
	n := v.NC
	got := fmt.Sprintf("%s %v %s %s detected %s deadline %s correction %s rca %s owner %s", n.Source, n.SourceRecord, n.Grade, n.Status,
		n.DetectedOn, n.Deadline, n.CorrectionStep.On, n.RCAStep.On, n.OwnerName)
	want := fmt.Sprintf("external_audit %v minor in_action detected 2025-03-10 deadline 2025-04-08 correction 2025-03-18 rca 2025-04-01 owner Priya Natarajan",
		isms.Link{Type: "external_finding", ID: f.ID})
	if got != want || n.ActionsOpen != 1 || n.ActionsClosed != 1 {
		t.Errorf("NC-4 = %s, %d actions open, %d closed;\nwant %s, one of each", got, n.ActionsOpen, n.ActionsClosed, want)
	}
	obs, err := a.FindExternalFinding(ctx, sys, "XF-2")
	if err != nil || obs.Grade != isms.FindingObservation || obs.NonconformityID != "" || obs.AuditRef != "EA-2" {
		t.Errorf("XF-2 = %+v, %v; want an observation of EA-2 without a nonconformity", obs, err)
	}
}

// checkDemoAuditor checks the body's auditor: a member with the auditor
// role until 2026-05-01, limited to ISO/IEC 27001:2022, who signs in with
// the demo password without having to change it, and is watched.
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
	if len(auditors) != 2 || ruth == nil || ruth.User.Name != "Ruth Calloway" || ruth.AccessUntil.String() != "2026-05-01" || ruth.FrameworkID != fw.ID {
		t.Fatalf("ListAuditors = %d members, Ruth Calloway %+v; want the internal auditor and her until 2026-05-01 on %s", len(auditors), ruth, fw.ID)
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

// checkDemoRequests checks the auditor's request list for EA-3: ER-1
// accepted, ER-2 answered, ER-3 open and overdue, ER-4 open; the open
// ones are tasks of their owners, due on their due dates.
func checkDemoRequests(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	list, total, err := a.ListEvidenceRequests(ctx, sys, isms.EvidenceRequestFilter{Sort: "ref", Limit: 10})
	if err != nil || total != 4 {
		t.Fatalf("ListEvidenceRequests = %d, %v; want 4", total, err)
	}
	want := []string{
		"ER-1 EA-3 A.5.15 accepted due 2026-03-09 owner Tomás Lindqvist by Ruth Calloway evidence 1 thread asked,answered,accepted task done",
		"ER-2 EA-3 A.8.13 answered due 2026-03-09 owner Tomás Lindqvist by Ruth Calloway evidence 1 thread asked,answered task done",
		"ER-3 EA-3 A.5.18 open due 2026-02-27 owner Tomás Lindqvist by Ruth Calloway evidence 0 thread asked task open",
		"ER-4 EA-3 9.3.1 open due 2026-03-12 owner Marco Reyes by Ruth Calloway evidence 0 thread asked task open",
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
		if task.Due != r.DueOn || r.ControlID == "" || r.Overdue(today) != (r.Ref == "ER-3") {
			t.Errorf("%s: task due %s, control %q, overdue %v; want the task due with the request, a control, only ER-3 overdue",
				r.Ref, task.Due, r.ControlID, r.Overdue(today))
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
