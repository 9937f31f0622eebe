// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// freshCheck computes org's readiness at the clock's time without the
// cache (CheckTx): what a result of Check must equal.
func (w *world) freshCheck(org isms.ID) *isms.Readiness {
	w.t.Helper()
	var r *isms.Readiness
	w.view(func(tx *sqldb.Tx) (err error) {
		r, err = w.app.CheckTx(w.ctx, tx, org, w.clock.Now())
		return err
	})
	return r
}

// keptRuns returns every run kept of org, oldest first.
func (w *world) keptRuns(org isms.ID) []isms.ReadinessRun {
	w.t.Helper()
	var runs []isms.ReadinessRun
	w.view(func(tx *sqldb.Tx) (err error) {
		runs, err = tx.FindReadinessRuns(w.ctx, org, isms.Date{})
		return err
	})
	return runs
}

// wantFresh fails the test unless r, returned by Check, is the result a
// check made now computes, but for the time it was made.
func wantFresh(t *testing.T, name string, r, fresh *isms.Readiness) {
	t.Helper()
	got, want := *r, *fresh
	got.At, want.At = time.Time{}, time.Time{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: Check differs from a fresh check (-fresh +got):\n%s", name, diff)
	}
}

// sameResult reports whether x and y are the same result, whenever made.
func sameResult(x, y *isms.Readiness) bool {
	a, b := *x, *y
	a.At, b.At = time.Time{}, time.Time{}
	return cmp.Equal(a, b)
}

// The rules whose findings the tests look for.
const (
	ruleRiskOwners    = "risk.owners"              // a risk without an active owner
	ruleControlsOwner = "operation.controls_owner" // a control without an active owner
	ruleIssueReview   = "context.issue_review"     // an issue past its review date
)

// listsRecord reports whether a finding of rule in r lists record id.
func listsRecord(r *isms.Readiness, rule string, id isms.ID) bool {
	for _, x := range r.Findings {
		if x.Rule != rule {
			continue
		}
		for _, rec := range x.Records {
			if rec.ID == id {
				return true
			}
		}
	}
	return false
}

// wantRun fails the test unless the runs of org are one per day of days,
// the last kept at at.
func wantRun(t *testing.T, w *world, org isms.ID, at time.Time, days ...string) {
	t.Helper()
	runs := w.keptRuns(org)
	got := make([]string, len(runs))
	for i, run := range runs {
		got[i] = run.Day.String()
	}
	if !cmp.Equal(got, days) {
		t.Fatalf("runs kept on %v, want %v", got, days)
	}
	if last := runs[len(runs)-1]; !last.At.Equal(at) {
		t.Errorf("the run of %s was kept at %s, want %s", last.Day, last.At.Format(time.TimeOnly), at.Format(time.TimeOnly))
	}
}

func TestCheckAgainWithoutChangeKeepsNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		risk := w.newRisk(app.RiskInput{Title: "Ransomware on the file servers"})
		computed := w.clock.Now()
		first := w.check(w.asManager(), app.ReadinessFilter{})
		wantFresh(t, "first check", first, w.freshCheck(w.org.ID))
		if !listsRecord(first, ruleRiskOwners, risk.ID) || len(first.Clauses) == 0 || len(first.NotApplicable) == 0 {
			t.Fatalf("the check has %d clauses, %d rules with nothing to check, and lists %s: %v; want some of each, and the risk",
				len(first.Clauses), len(first.NotApplicable), risk.Ref, listsRecord(first, ruleRiskOwners, risk.ID))
		}
		w.clock.Advance(time.Minute)
		again := w.check(w.asViewer(), app.ReadinessFilter{})
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("a second check without change (-first +again):\n%s", diff)
		}
		if !again.At.Equal(computed) {
			t.Errorf("the second result is of %s, want the time it was computed, %s", again.At, computed)
		}
		// A run kept by the second call would be of its time, a minute later.
		wantRun(t, w, w.org.ID, computed, "2026-03-02")

		// What a caller does to its result is its own.
		again.Findings[0].Message = "changed"
		for i := range again.Findings {
			for j := range again.Findings[i].Records {
				again.Findings[i].Records[j].Title = "changed"
			}
		}
		again.Clauses[0].Score = -1
		again.NotApplicable[0] = "changed"
		blockers := w.check(w.asViewer(), app.ReadinessFilter{Severity: isms.SeverityBlocker})
		blockers.Findings[0].Message = "changed"
		wantFresh(t, "a check after callers changed their results", w.check(w.asManager(), app.ReadinessFilter{}),
			w.freshCheck(w.org.ID))
	})
}

func TestCheckAfterChangeComputesAgain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		before := w.check(w.asManager(), app.ReadinessFilter{})
		w.clock.Advance(time.Minute)
		risk := w.newRisk(app.RiskInput{Title: "Ransomware on the file servers"})
		after := w.check(w.asManager(), app.ReadinessFilter{})
		if sameResult(before, after) || !listsRecord(after, ruleRiskOwners, risk.ID) {
			t.Errorf("the check after a risk without owner was added is the same as before, or does not list %s", risk.Ref)
		}
		wantFresh(t, "after a risk was added", after, w.freshCheck(w.org.ID))
		wantRun(t, w, w.org.ID, w.clock.Now(), "2026-03-02")

		// An installation owner disables an account in the installation's
		// chain, not the organization's: the controls its owner owned have
		// no active owner any more.
		c, err := w.app.CreateControl(w.ctx, w.asManager(), app.ControlInput{Title: "Backups", Status: string(isms.ControlInProgress),
			OwnerID: string(w.contributor.ID)})
		w.must("CreateControl", err)
		w.clock.Advance(time.Minute)
		owned := w.check(w.asManager(), app.ReadinessFilter{})
		if listsRecord(owned, ruleControlsOwner, c.ID) {
			t.Fatalf("the check lists %s, owned by an active member", c.Ref)
		}
		head := w.head(string(w.org.ID))
		w.must("SetUserDisabled", w.app.SetUserDisabled(w.ctx, w.asOwner(), w.contributor.ID, true))
		if got := w.head(string(w.org.ID)); got != head {
			t.Fatalf("disabling an account by the installation owner moved the organization's chain from %d to %d", head.Seq, got.Seq)
		}
		unowned := w.check(w.asManager(), app.ReadinessFilter{})
		if !listsRecord(unowned, ruleControlsOwner, c.ID) {
			t.Errorf("after its owner's account was disabled, the check does not list %s", c.Ref)
		}
		wantFresh(t, "after an account was disabled", unowned, w.freshCheck(w.org.ID))
		w.must("SetUserDisabled", w.app.SetUserDisabled(w.ctx, w.asOwner(), w.contributor.ID, false))
		enabled := w.check(w.asManager(), app.ReadinessFilter{})
		if listsRecord(enabled, ruleControlsOwner, c.ID) {
			t.Errorf("after its owner's account was enabled again, the check still lists %s", c.Ref)
		}
		wantFresh(t, "after the account was enabled again", enabled, w.freshCheck(w.org.ID))
	})
}

func TestCheckNextDayComputesAgain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		issue, err := w.app.CreateContextIssue(w.ctx, w.asManager(), app.ContextIssueInput{Title: "Small security team",
			Kind: "internal", Category: "organizational", Effect: "negative", ReviewOn: w.today().String()})
		w.must("CreateContextIssue", err)
		today := w.check(w.asManager(), app.ReadinessFilter{})
		if listsRecord(today, ruleIssueReview, issue.ID) {
			t.Fatalf("the check lists %s, due for review today, as overdue", issue.Ref)
		}
		w.clock.Advance(24 * time.Hour)
		tomorrow := w.check(w.asManager(), app.ReadinessFilter{})
		if !listsRecord(tomorrow, ruleIssueReview, issue.ID) {
			t.Errorf("the next day, the check does not list %s, past its review date", issue.Ref)
		}
		wantFresh(t, "the next day", tomorrow, w.freshCheck(w.org.ID))
		if !tomorrow.At.Equal(w.clock.Now()) {
			t.Errorf("the next day's result is of %s, want %s", tomorrow.At, w.clock.Now())
		}
		wantRun(t, w, w.org.ID, w.clock.Now(), "2026-03-02", "2026-03-03")
	})
}

func TestCheckKeepsOrganizationsApart(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		g := w.globexAdmin()
		computed := w.clock.Now()
		acme := w.check(w.asManager(), app.ReadinessFilter{})
		globex := w.check(g, app.ReadinessFilter{})

		w.clock.Advance(time.Minute)
		issue, err := w.app.CreateContextIssue(w.ctx, g, app.ContextIssueInput{Title: "Globex reorganisation",
			Kind: "internal", Category: "organizational", Effect: "negative", ReviewOn: "2026-01-01"})
		w.must("CreateContextIssue(globex)", err)
		if again := w.check(w.asManager(), app.ReadinessFilter{}); !cmp.Equal(acme, again) {
			t.Errorf("Globex's change changed Acme's result:\n%s", cmp.Diff(acme, again))
		}
		wantRun(t, w, w.org.ID, computed, "2026-03-02")

		changed := w.check(g, app.ReadinessFilter{})
		if sameResult(globex, changed) || !listsRecord(changed, ruleIssueReview, issue.ID) {
			t.Errorf("Globex's check after its change is the same as before, or does not list %s", issue.Ref)
		}
		wantFresh(t, "Globex after its change", changed, w.freshCheck(g.OrgID))
		wantRun(t, w, g.OrgID, w.clock.Now(), "2026-03-02")
		if acme := w.check(w.asManager(), app.ReadinessFilter{}); listsRecord(acme, ruleIssueReview, issue.ID) {
			t.Errorf("Acme's check lists Globex's issue %s", issue.Ref)
		}
		wantFresh(t, "Acme after Globex's change", w.check(w.asManager(), app.ReadinessFilter{}), w.freshCheck(w.org.ID))
	})
}

func TestCheckConcurrentCallsAgree(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const callers = 8
		for round := range 3 {
			if round > 0 {
				w.newRisk(app.RiskInput{Title: "Risk of round " + string(rune('0'+round))})
			}
			results := make([]*isms.Readiness, callers)
			errs := make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					results[i], errs[i] = w.app.Check(w.ctx, w.asManager(), app.ReadinessFilter{})
				})
			}
			wg.Wait()
			fresh := w.freshCheck(w.org.ID)
			for i := range callers {
				if errs[i] != nil {
					t.Fatalf("round %d: Check = %v", round, errs[i])
				}
				wantFresh(t, "a concurrent check", results[i], fresh)
			}
		}
	})
}

func TestCheckOnTwoReplicas(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		other := app.New(db, app.Options{Now: w.clock.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		checkOn := func(a *app.App) *isms.Readiness {
			t.Helper()
			r, err := a.Check(w.ctx, w.asManager(), app.ReadinessFilter{})
			if err != nil {
				t.Fatalf("Check = %v", err)
			}
			return r
		}
		c, err := w.app.CreateControl(w.ctx, w.asManager(), app.ControlInput{Title: "Backups", Status: string(isms.ControlInProgress),
			OwnerID: string(w.contributor.ID)})
		w.must("CreateControl", err)
		checkOn(w.app)
		checkOn(other)

		// A change made through one replica is seen by the other.
		risk, err := other.CreateRisk(w.ctx, w.asContributor(), app.RiskInput{Title: "Ransomware on the file servers"})
		w.must("CreateRisk", err)
		if r := checkOn(w.app); !listsRecord(r, ruleRiskOwners, risk.ID) {
			t.Errorf("after a risk was added through the other replica, the check does not list %s", risk.Ref)
		}

		// The other replica keeps a run while an account is disabled; once
		// it is enabled again, this replica's result holds again and the
		// day keeps it anew.
		w.clock.Advance(time.Minute)
		w.must("SetUserDisabled", w.app.SetUserDisabled(w.ctx, w.asOwner(), w.contributor.ID, true))
		if r := checkOn(other); !listsRecord(r, ruleControlsOwner, c.ID) {
			t.Fatalf("while its owner's account is disabled, the check does not list %s", c.Ref)
		}
		w.clock.Advance(time.Minute)
		w.must("SetUserDisabled", w.app.SetUserDisabled(w.ctx, w.asOwner(), w.contributor.ID, false))
		w.clock.Advance(time.Minute)
		r := checkOn(w.app)
		wantFresh(t, "after the account was enabled again", r, w.freshCheck(w.org.ID))
		runs := w.keptRuns(w.org.ID)
		want := isms.RunOf(r, runs[0].Day)
		want.At = w.clock.Now()
		if diff := cmp.Diff([]isms.ReadinessRun{want}, runs, cmp.AllowUnexported(isms.Date{})); diff != "" {
			t.Errorf("the kept runs (-want +got):\n%s", diff)
		}
	})
}
