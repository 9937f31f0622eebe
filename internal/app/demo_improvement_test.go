// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSmallDemoHasNonconformitiesAndImprovements(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"nonconformities": 3, "nc_actions": 4, "improvements": 4})
		today := isms.DateOf(newClock().Now())
		checkDemoAuditNC(t, a, sys, today)
		checkDemoClosedNC(t, a, sys, today)
		checkDemoOpenNC(t, a, sys, today)
		checkDemoImprovements(t, a, sys)
		checkDemoNCOverview(t, a, sys)
	})
}

// checkDemoAuditNC checks NC-1: opened by IA-1's finding F-1, owned by
// the IT lead, in corrective action with its correction and root cause
// dated after its detection, one action done and one open that changes
// the joiner, mover and leaver control.
func checkDemoAuditNC(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	ctx := context.Background()
	f, err := a.FindFinding(ctx, sys, "F-1")
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.FindNonconformity(ctx, sys, "NC-1")
	if err != nil {
		t.Fatal(err)
	}
	n := v.NC
	if n.Source != isms.NCInternalAudit || n.SourceRecord != (isms.Link{Type: "audit_finding", ID: f.ID}) || n.Grade != isms.NCMinor ||
		len(n.Requirements) != 1 || n.Requirements[0].Ref != "A.5.18" || n.OwnerName != "Tomás Lindqvist" {
		t.Errorf("NC-1 is from %s %v, %s against %+v, owned by %q; want F-1's minor nonconformity on A.5.18 owned by the IT lead",
			n.Source, n.SourceRecord, n.Grade, n.Requirements, n.OwnerName)
	}
	if n.Status != isms.NCInAction || !n.ReadyToCloseActions() || n.RCAMethod != isms.RCAFiveWhys ||
		n.DetectedOn.String() != "2026-01-08" || n.Deadline != n.DetectedOn.AddDays(90) ||
		n.CorrectionStep.On != n.DetectedOn.AddDays(6) || n.RCAStep.On != n.DetectedOn.AddDays(20) ||
		n.CorrectionStep.ByName != "Tomás Lindqvist" || n.RCAStep.ByName != "Priya Natarajan" {
		t.Errorf("NC-1 is %s, detected %s, deadline %s, correction %+v, root cause %s %+v; want in corrective action, detected on IA-1's last day, both steps dated after detection and attributed",
			n.Status, n.DetectedOn, n.Deadline, n.CorrectionStep, n.RCAMethod, n.RCAStep)
	}
	if n.ActionsOpen != 1 || n.ActionsClosed != 1 || len(v.Actions) != 2 {
		t.Errorf("NC-1 has %d open and %d closed actions, %d listed; want one of each", n.ActionsOpen, n.ActionsClosed, len(v.Actions))
	}
	for _, x := range v.Actions {
		if x.Kind != isms.NCActionCorrective || x.OwnerName != "Tomás Lindqvist" || len(x.Changes) != 1 || x.Changes[0].Type != "control" {
			t.Errorf("NC-1's action %q is %s by %q changing %v; want a corrective action of the IT lead changing one control", x.Title, x.Kind, x.OwnerName, x.Changes)
		}
	}
	if !hasLinkTo(v.Links, "audit_finding") || !hasLinkTo(v.Links, "control") {
		t.Errorf("NC-1's links are %+v; want its finding and the access review control", v.Links)
	}
}

// hasLinkTo reports whether links has one to a record of typ.
func hasLinkTo(links []app.RecordLink, typ string) bool {
	for _, l := range links {
		if l.Type == typ {
			return true
		}
	}
	return false
}

// checkDemoClosedNC checks NC-2: from an incident seven months ago, every
// step recorded, closed after one effective check.
func checkDemoClosedNC(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	v, err := a.FindNonconformity(context.Background(), sys, "NC-2")
	if err != nil {
		t.Fatal(err)
	}
	n, detected := v.NC, today.AddDays(-210)
	if n.Source != isms.NCIncident || n.Status != isms.NCClosed || n.DetectedOn != detected || n.ClosedOn != detected.AddDays(120) ||
		!n.CorrectionStep.Done() || !n.RCAStep.Done() || !n.SimilarStep.Done() || n.SimilarStep.On != detected.AddDays(9) {
		t.Errorf("NC-2 is from %s, %s, detected %s, closed %s, steps %v %v %v; want an incident's, closed 120 days after detection seven months ago with every step",
			n.Source, n.Status, n.DetectedOn, n.ClosedOn, n.CorrectionStep, n.RCAStep, n.SimilarStep)
	}
	if len(n.Checks) != 1 || !n.Checks[0].Effective || n.Checks[0].On != n.ClosedOn || n.Checks[0].Note == "" {
		t.Errorf("NC-2's checks are %+v; want one effective check on the day it closed", n.Checks)
	}
	kinds := map[isms.NCActionKind]int{}
	for _, x := range v.Actions {
		kinds[x.Kind]++
		if x.Status != isms.TaskDone {
			t.Errorf("NC-2's %s task %q is %s, want done", x.Kind, x.Title, x.Status)
		}
	}
	if kinds[isms.NCActionCorrective] != 1 || kinds[isms.NCActionCheck] != 1 {
		t.Errorf("NC-2's tasks are %v; want one corrective action and one check", kinds)
	}
}

// checkDemoOpenNC checks NC-3: from monitoring five weeks ago, open,
// nothing recorded.
func checkDemoOpenNC(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	v, err := a.FindNonconformity(context.Background(), sys, "NC-3")
	if err != nil {
		t.Fatal(err)
	}
	if n := v.NC; n.Source != isms.NCMonitoring || n.Status != isms.NCOpen || n.CorrectionStep.Done() || len(v.Actions) != 0 ||
		n.DetectedOn != today.AddDays(-37) || !hasLinkTo(v.Links, "control") {
		t.Errorf("NC-3 is from %s, %s, detected %s, %d actions, links %+v; want an open monitoring result of 37 days ago about a control",
			n.Source, n.Status, n.DetectedOn, len(v.Actions), v.Links)
	}
}

// checkDemoImprovements checks the register: IMP-1 from F-2 in progress
// with a task, IMP-2 from metric M-2 in progress as a planned change,
// IMP-3 proposed, IMP-4 rejected with its reason.
func checkDemoImprovements(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	want := []struct {
		ref    string
		source isms.ImprovementSource
		status isms.ImprovementStatus
		tasks  int
		change bool
	}{
		{"IMP-1", isms.ImpAudit, isms.ImpInProgress, 1, false},
		{"IMP-2", isms.ImpMeasurement, isms.ImpInProgress, 0, true},
		{"IMP-3", isms.ImpSuggestion, isms.ImpProposed, 0, false},
		{"IMP-4", isms.ImpSuggestion, isms.ImpRejected, 0, false},
	}
	for _, w := range want {
		v, err := a.FindImprovement(ctx, sys, w.ref)
		if err != nil {
			t.Fatalf("FindImprovement(%s) = %v", w.ref, err)
		}
		im := v.Improvement
		if im.Source != w.source || im.Status != w.status || len(v.Tasks) != w.tasks || (v.Change != nil) != w.change ||
			(w.change && im.ChangeID != v.Change.ID) {
			t.Errorf("%s is from %s, %s, %d tasks, change %v; want from %s, %s, %d tasks, change %v",
				w.ref, im.Source, im.Status, len(v.Tasks), v.Change != nil, w.source, w.status, w.tasks, w.change)
		}
		if decided := w.status != isms.ImpProposed; decided != im.DecisionStep.Done() || (decided && im.DecisionReason == "") ||
			(decided && im.DecisionStep.ByName != "Marco Reyes") {
			t.Errorf("%s's decision is %+v with reason %q; want decided by the CISO with a reason: %v", w.ref, im.DecisionStep, im.DecisionReason, decided)
		}
		if w.ref == "IMP-4" && !strings.Contains(im.DecisionReason, "7.3") {
			t.Errorf("IMP-4's reason is %q, want the competence records' reason", im.DecisionReason)
		}
	}
}

// checkDemoNCOverview checks the overview: NC-1 and NC-3 open, minor,
// both in the age band of 31 to 90 days; no check due.
func checkDemoNCOverview(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	o, err := a.NonconformityOverview(context.Background(), sys)
	if err != nil {
		t.Fatal(err)
	}
	minor, major := 0, 0
	for _, b := range o.OpenByAge {
		minor += b.Minor
		major += b.Major
	}
	if len(o.OpenByAge) != 3 || o.OpenByAge[1].Minor != 2 || minor != 2 || major != 0 || len(o.ChecksDue) != 0 {
		t.Errorf("the overview has age bands %+v and %d checks due; want NC-1 and NC-3 in the second band, no check due", o.OpenByAge, len(o.ChecksDue))
	}
}

// checkLargeDemoImprovement checks the large demo's nonconformities,
// their tasks and the improvements.
func checkLargeDemoImprovement(t *testing.T, db *sqldb.DB, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	wantDemoRows(t, db, map[string]int{"nonconformities": 40, "improvements": 30})
	statuses := map[isms.NCStatus]int{}
	fromAudit := 0
	list, n, err := a.ListNonconformities(ctx, sys, isms.NCFilter{Limit: 100})
	if err != nil || n != 40 {
		t.Fatalf("ListNonconformities = %d, %v; want 40", n, err)
	}
	for _, nc := range list {
		statuses[nc.Status]++
		if nc.Source == isms.NCInternalAudit && !nc.SourceRecord.IsZero() {
			fromAudit++
		}
		if nc.Status != isms.NCOpen && nc.ActionsOpen+nc.ActionsClosed < 2 {
			t.Errorf("%s is %s with %d actions, want at least 2", nc.Ref, nc.Status, nc.ActionsOpen+nc.ActionsClosed)
		}
	}
	if statuses[isms.NCOpen] != 8 || statuses[isms.NCInAction] != 16 || statuses[isms.NCVerifying] != 8 || statuses[isms.NCClosed] != 8 || fromAudit == 0 {
		t.Errorf("the large demo's nonconformities are %v, %d from audit findings; want 8 open, 16 in action, 8 verifying, 8 closed, some from findings", statuses, fromAudit)
	}
	o, err := a.NonconformityOverview(ctx, sys)
	if err != nil || o.OverdueTotal == 0 || len(o.ChecksDue) == 0 {
		t.Errorf("the large overview has %d overdue actions and %d checks due, %v; want some of each", o.OverdueTotal, len(o.ChecksDue), err)
	}
	imps := map[isms.ImprovementStatus]int{}
	all, total, err := a.ListImprovements(ctx, sys, isms.ImprovementFilter{Limit: 100})
	if err != nil || total != 30 {
		t.Fatalf("ListImprovements = %d, %v; want 30", total, err)
	}
	for _, im := range all {
		imps[im.Status]++
	}
	for _, s := range isms.ImprovementStatuses {
		if imps[s] != 5 {
			t.Errorf("the large demo has %d improvements %s, want 5 of each status: %v", imps[s], s, imps)
		}
	}
}
