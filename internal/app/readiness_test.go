// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// check runs the readiness check as actor and stops the test if it fails.
func (w *world) check(actor isms.Actor, f app.ReadinessFilter) *isms.Readiness {
	w.t.Helper()
	r, err := w.app.Check(w.ctx, actor, f)
	if err != nil {
		w.t.Fatalf("Check(%+v) = %v", f, err)
	}
	return r
}

// trend returns the runs of the last days days as actor.
func (w *world) trend(actor isms.Actor, days int) []isms.ReadinessRun {
	w.t.Helper()
	runs, err := w.app.ReadinessTrend(w.ctx, actor, days)
	if err != nil {
		w.t.Fatalf("ReadinessTrend(%d) = %v", days, err)
	}
	return runs
}

func TestCheckKeepsOneRunPerDay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		before := w.heads()
		w.check(w.asManager(), app.ReadinessFilter{})
		w.clock.Advance(time.Hour)
		later := w.check(w.asViewer(), app.ReadinessFilter{})
		if diff := cmp.Diff(before, w.heads()); diff != "" {
			t.Errorf("a check wrote audit events (-before +after):\n%s", diff)
		}
		runs := w.trend(w.asViewer(), 1)
		if len(runs) != 1 || !runs[0].At.Equal(later.At) || runs[0].Day.String() != "2026-03-02" {
			t.Fatalf("runs after two checks on one day = %+v, want the later one only", runs)
		}
		if diff := cmp.Diff(isms.RunOf(later, runs[0].Day), runs[0], cmp.AllowUnexported(isms.Date{})); diff != "" {
			t.Errorf("the kept run (-want +got):\n%s", diff)
		}
		if len(runs[0].Clauses) != len(isms.ScoreClauses()) {
			t.Errorf("the run keeps %d clause scores, want %d", len(runs[0].Clauses), len(isms.ScoreClauses()))
		}

		w.clock.Advance(24 * time.Hour)
		next := w.check(w.asManager(), app.ReadinessFilter{})
		runs = w.trend(w.asManager(), app.DefaultTrendDays)
		if len(runs) != 2 || runs[0].Day.String() != "2026-03-02" || runs[1].Day.String() != "2026-03-03" || !runs[1].At.Equal(next.At) {
			t.Errorf("runs over two days = %+v, want one per day, oldest first", runs)
		}
		if got := w.trend(w.asManager(), 1); len(got) != 1 || got[0].Day.String() != "2026-03-03" {
			t.Errorf("the trend of the last day = %+v, want today's run only", got)
		}
	})
}

func TestCheckFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		all := w.check(w.asManager(), app.ReadinessFilter{})
		for _, f := range []app.ReadinessFilter{
			{Severity: isms.SeverityBlocker}, {Severity: isms.SeverityHint}, {Clause: "4.3"}, {Clause: "6.1"},
			{Clause: "6.1.2"}, {Clause: isms.AnnexAClause}, {Clause: "A.8.15"}, {Severity: isms.SeverityWarning, Clause: "9.2"},
		} {
			got := w.check(w.asManager(), f)
			want := []isms.Finding{}
			for _, x := range all.Findings {
				if f.Matches(x) {
					want = append(want, x)
				}
			}
			if diff := cmp.Diff(want, got.Findings); diff != "" {
				t.Errorf("Check(%+v) findings (-want +got):\n%s", f, diff)
			}
			if got.Score != all.Score || got.Blockers != all.Blockers || !cmp.Equal(got.Clauses, all.Clauses) {
				t.Errorf("Check(%+v) changed the scores: %d (%d blockers), want %d (%d)", f, got.Score, got.Blockers, all.Score, all.Blockers)
			}
		}
		tests := []struct {
			f      app.ReadinessFilter
			fields []string
		}{
			{app.ReadinessFilter{Severity: "critical"}, []string{"severity"}},
			{app.ReadinessFilter{Clause: "11.1"}, []string{"clause"}},
			{app.ReadinessFilter{Clause: "A.8"}, []string{"clause"}},
			{app.ReadinessFilter{Clause: "A.08.1"}, []string{"clause"}},
			{app.ReadinessFilter{Severity: "Blocker", Clause: "4"}, []string{"severity", "clause"}},
		}
		for _, tt := range tests {
			_, err := w.app.Check(w.ctx, w.asManager(), tt.f)
			wantFields(t, "Check("+string(tt.f.Severity)+", "+tt.f.Clause+")", err, isms.Invalid, tt.fields...)
		}
	})
}

func TestReadinessFilterMatches(t *testing.T) {
	scope := isms.Finding{Rule: "scope.approved", Clause: "4.3", Severity: isms.SeverityBlocker}
	owners := isms.Finding{Rule: "risk.owners", Clause: "6.1.2", Severity: isms.SeverityBlocker}
	logging := isms.Finding{Rule: "annex.evidence", Clause: "A.8.15", Severity: isms.SeverityWarning}
	tests := []struct {
		name string
		f    app.ReadinessFilter
		x    isms.Finding
		want bool
	}{
		{"no filter passes everything", app.ReadinessFilter{}, logging, true},
		{"the same severity", app.ReadinessFilter{Severity: isms.SeverityBlocker}, scope, true},
		{"another severity", app.ReadinessFilter{Severity: isms.SeverityHint}, scope, false},
		{"the same clause", app.ReadinessFilter{Clause: "4.3"}, scope, true},
		{"another clause", app.ReadinessFilter{Clause: "4.2"}, scope, false},
		{"a clause holds its sub-clauses", app.ReadinessFilter{Clause: "6.1"}, owners, true},
		{"a sub-clause", app.ReadinessFilter{Clause: "6.1.2"}, owners, true},
		{"another sub-clause", app.ReadinessFilter{Clause: "6.1.3"}, owners, false},
		{"Annex A holds its controls", app.ReadinessFilter{Clause: "A"}, logging, true},
		{"one control", app.ReadinessFilter{Clause: "A.8.15"}, logging, true},
		{"another control", app.ReadinessFilter{Clause: "A.8.16"}, logging, false},
		{"both must match", app.ReadinessFilter{Severity: isms.SeverityBlocker, Clause: "A"}, logging, false},
	}
	for _, tt := range tests {
		if got := tt.f.Matches(tt.x); got != tt.want {
			t.Errorf("%s: %+v.Matches(%s %s) = %v, want %v", tt.name, tt.f, tt.x.Clause, tt.x.Severity, got, tt.want)
		}
	}
}

func TestCheckAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		employee := w.as(w.newMember(w.org, "Fay Employee", isms.RoleEmployee), isms.RoleEmployee)
		_, err := w.app.Check(w.ctx, employee, app.ReadinessFilter{})
		wantCode(t, "Check as an employee", err, isms.Forbidden)
		_, err = w.app.ReadinessTrend(w.ctx, employee, 30)
		wantCode(t, "ReadinessTrend as an employee", err, isms.Forbidden)
		_, err = w.app.FindRoadmap(w.ctx, employee)
		wantCode(t, "FindRoadmap as an employee", err, isms.Forbidden)
		_, err = w.app.Check(w.ctx, w.asOwner(), app.ReadinessFilter{})
		wantCode(t, "Check as the installation owner outside any organization", err, isms.Forbidden)

		auditor := w.as(w.newMember(w.org, "Gus Auditor", isms.RoleAuditor), isms.RoleAuditor)
		auditor.FrameworkID, auditor.Watched = "fw_limited", true
		w.check(auditor, app.ReadinessFilter{})
		w.check(w.asContributor(), app.ReadinessFilter{})

		for _, days := range []int{0, -1, app.MaxTrendDays + 1} {
			_, err := w.app.ReadinessTrend(w.ctx, w.asViewer(), days)
			wantFields(t, "ReadinessTrend("+strconv.Itoa(days)+")", err, isms.Invalid, "days")
		}
		if runs := w.trend(w.asViewer(), app.MaxTrendDays); len(runs) != 1 {
			t.Errorf("acme's runs = %d, want 1", len(runs))
		}

		other := w.newOrg("beta", "Beta", w.newUser("Hal Admin", false))
		beta := isms.Actor{UserID: "usr_beta", OrgID: other.ID, Role: isms.RoleAdmin}
		if runs := w.trend(beta, 30); len(runs) != 0 {
			t.Errorf("beta's runs before its first check = %+v, want none: acme's must not show", runs)
		}
		w.check(beta, app.ReadinessFilter{})
		if runs := w.trend(w.asViewer(), 30); len(runs) != 1 {
			t.Errorf("acme's runs after beta's check = %d, want still 1", len(runs))
		}
	})
}

func TestFindRoadmap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m, err := w.app.FindRoadmap(w.ctx, w.asViewer())
		if err != nil {
			t.Fatalf("FindRoadmap = %v", err)
		}
		if m.Readiness == nil || len(m.Steps) != 10 || m.Size != isms.OrgSmall || m.Readiness.Size != m.Size {
			t.Fatalf("FindRoadmap = %d steps, size %s; want 10 steps for a small organization", len(m.Steps), m.Size)
		}
		inSteps := 0
		for _, st := range m.Steps {
			inSteps += len(st.Findings)
			if len(st.Guide) != len(st.Clauses) || st.Guide[0].Proportionate != isms.GuideFor(st.Clauses[0], isms.OrgSmall).Proportionate {
				t.Errorf("step %s: guide %+v, want its clauses explained for a small organization", st.Key, st.Guide)
			}
		}
		if inSteps != len(m.Readiness.Findings) {
			t.Errorf("the steps hold %d findings, the check found %d", inSteps, len(m.Readiness.Findings))
		}
		if cur := m.Current(); cur != nil && (cur.Status == isms.StepDone || cur.Number > 1 && m.Steps[cur.Number-2].Status != isms.StepDone) {
			t.Errorf("Current() = step %d (%s), want the first step not done", cur.Number, cur.Status)
		}
		if runs := w.trend(w.asViewer(), 1); len(runs) != 1 || runs[0].Score != m.Readiness.Score {
			t.Errorf("runs after FindRoadmap = %+v, want the day's run", runs)
		}
	})
}
