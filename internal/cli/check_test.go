// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// checkAt is when the checks of the report tests ran.
var checkAt = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// checkRule is a rule of the report tests that finds what fire returns.
func checkRule(id, clause string, sev isms.Severity, fire ...isms.Finding) isms.Rule {
	return isms.Rule{ID: id, Clause: clause, Severity: sev, Checks: "Test " + id + ".",
		Check: func(*isms.Facts) []isms.Finding { return fire }}
}

// checkRecordsOf returns n records of risks.
func checkRecordsOf(n int) []isms.RecordRef {
	out := make([]isms.RecordRef, n)
	for i := range out {
		out[i] = isms.RecordRef{Type: "risk", ID: isms.ID("rsk_" + string(rune('a'+i))), Ref: "R-" + string(rune('1'+i)),
			Title: "A risk whose title is long enough to need clipping in a narrow terminal window of eighty columns"}
	}
	return out
}

// checkTestRules fires a blocker with many records, a hint, and an Annex A
// rule with two controls; a warning rule passes.
func checkTestRules() []isms.Rule {
	return []isms.Rule{
		checkRule("scope.approved", "4.3", isms.SeverityBlocker, isms.Finding{Message: "No version of the scope has been approved, " +
			"so an auditor cannot tell what the ISMS covers and will stop the stage 1 audit at the first question.",
			Fix: "/scope/edit", Records: checkRecordsOf(7), More: 3}),
		checkRule("scope.statement", "4.3", isms.SeverityWarning),
		checkRule("process.owner", "4.4", isms.SeverityHint, isms.Finding{Message: "2 processes have no owner.", Fix: "/isms-processes"}),
		checkRule("annex.evidence", isms.AnnexAClause, isms.SeverityWarning,
			isms.Finding{Clause: "A.8.15", Message: "Logging has no current evidence.", Fix: "/controls"},
			isms.Finding{Clause: "A.5.9", Message: "The inventory has no current evidence.", Fix: "/controls"}),
	}
}

func TestCheckTextReport(t *testing.T) {
	r := isms.Evaluate(&isms.Facts{}, checkTestRules(), checkAt)
	var b bytes.Buffer
	err := writeCheck(&b, "text", r, app.ReadinessFilter{})
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "1 blocker") {
		t.Errorf("writeCheck with a blocker = %v (exit %d), want exit status 1 naming 1 blocker", err, ExitCode(err))
	}
	out := b.String()
	for _, want := range []string{
		"Readiness 17/100: 1 blocker, 2 warnings, 1 hint\n",
		"4 rules checked on 2026-03-02 09:30 UTC for a small organization\n",
		"\n4.3 Scope (23/100)\n[BLOCKER] 4.3 scope.approved — No version of the scope",
		"  fix: /scope/edit\n  - R-1 A risk whose title",
		"  … and 5 more\n",
		"\n4.4 ISMS and its processes (0/100)\n[HINT] 4.4 process.owner — 2 processes have no owner.\n",
		"\nA Annex A controls (0/100)\n[WARNING] A.5.9 annex.evidence — The inventory",
		"[WARNING] A.8.15 annex.evidence — Logging",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text report lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > checkWidth {
			t.Errorf("line of %d columns, want at most %d: %q", n, checkWidth, line)
		}
	}
	if n := strings.Count(out, "\n  - "); n != checkRecords {
		t.Errorf("the report lists %d records, want %d", n, checkRecords)
	}

	b.Reset()
	hints := *r
	hints.Findings = r.Findings[1:2]
	if err := writeCheck(&b, "text", &hints, app.ReadinessFilter{Severity: isms.SeverityHint}); err != nil || ExitCode(err) != 0 {
		t.Errorf("writeCheck with only a hint = %v, want exit status 0", err)
	}
	if want := "Showing 1 finding of severity hint\n\n4.4 ISMS"; !strings.Contains(b.String(), want) {
		t.Errorf("the filtered report lacks %q:\n%s", want, b.String())
	}
}

// checkJUnit parses a JUnit report.
func checkJUnit(t *testing.T, out string) junitSuites {
	t.Helper()
	var rep junitSuites
	if !strings.HasPrefix(out, xml.Header) {
		t.Errorf("the JUnit report does not start with the XML header:\n%s", out)
	}
	if err := xml.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("the JUnit report does not parse: %v\n%s", err, out)
	}
	return rep
}

func TestCheckJUnitReport(t *testing.T) {
	rules := checkTestRules()
	r := isms.Evaluate(&isms.Facts{}, rules, checkAt)
	var b bytes.Buffer
	if err := writeCheckJUnit(&b, r, rules, app.ReadinessFilter{}); err != nil {
		t.Fatal(err)
	}
	rep := checkJUnit(t, b.String())
	if rep.Tests != 4 || rep.Failures != 2 || len(rep.Suites) != len(isms.ScoreClauses()) {
		t.Fatalf("report: %d tests, %d failures, %d suites; want 4, 2, one per score clause", rep.Tests, rep.Failures, len(rep.Suites))
	}
	cases := map[string]junitCase{}
	for _, s := range rep.Suites {
		n := 0
		for _, c := range s.Cases {
			cases[c.Name] = c
			if c.Failure != nil {
				n++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != n || s.Timestamp != "2026-03-02T09:30:00Z" {
			t.Errorf("suite %s: tests %d, failures %d, at %s; want %d, %d and the check's time", s.Name, s.Tests, s.Failures, s.Timestamp, len(s.Cases), n)
		}
	}
	if c := cases["scope.approved"]; c.Classname != "4.3" || c.Failure == nil || c.Failure.Type != "blocker" ||
		!strings.HasPrefix(c.Failure.Message, "No version of the scope") || !strings.Contains(c.Failure.Text, "fix: /scope/edit") {
		t.Errorf("scope.approved = %+v, want a blocker failure with its message and page", c)
	}
	if c := cases["scope.statement"]; c.Failure != nil || c.SystemOut != "" {
		t.Errorf("the passing rule = %+v, want neither failure nor output", c)
	}
	if c := cases["process.owner"]; c.Failure != nil || !strings.Contains(c.SystemOut, "2 processes have no owner.") {
		t.Errorf("the hint = %+v, want its message on standard output and no failure", c)
	}
	if c := cases["annex.evidence"]; c.Classname != "A" || c.Failure == nil || c.Failure.Type != "warning" ||
		!strings.Contains(c.Failure.Text, "A.8.15: Logging") || !strings.Contains(c.Failure.Text, "A.5.9: The inventory") {
		t.Errorf("annex.evidence = %+v, want one warning failure listing both controls", c)
	}

	tests := []struct {
		f             app.ReadinessFilter
		suites, tests int
	}{
		{app.ReadinessFilter{Severity: isms.SeverityBlocker}, len(isms.ScoreClauses()), 1},
		{app.ReadinessFilter{Clause: "4.3"}, 1, 2},
		{app.ReadinessFilter{Clause: "A.8.15"}, 1, 1},
	}
	for _, tt := range tests {
		b.Reset()
		filtered := *r
		filtered.Findings = nil
		for _, x := range r.Findings {
			if tt.f.Matches(x) {
				filtered.Findings = append(filtered.Findings, x)
			}
		}
		if err := writeCheckJUnit(&b, &filtered, rules, tt.f); err != nil {
			t.Fatal(err)
		}
		if rep := checkJUnit(t, b.String()); len(rep.Suites) != tt.suites || rep.Tests != tt.tests {
			t.Errorf("JUnit with %+v: %d suites, %d tests; want %d, %d", tt.f, len(rep.Suites), rep.Tests, tt.suites, tt.tests)
		}
	}
}

// runCheck runs "isms check args…" over the database at url and returns
// its standard output and error.
func runCheck(t *testing.T, url string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	dataDir := t.TempDir()
	env := Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string {
		switch k {
		case "ISMS_DATABASE_URL":
			return url
		case "ISMS_DATA_DIR":
			return dataDir
		}
		return ""
	}}
	err := Run(context.Background(), append([]string{"check"}, args...), env)
	return out.String(), err
}

// checkOrgs migrates the database at url and creates the organizations
// with slugs, each with its own administrator.
func checkOrgs(t *testing.T, url string, slugs ...string) *app.App {
	t.Helper()
	db := sqldbtest.Open(t, url)
	a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	ctx, sys := context.Background(), isms.SystemActor("")
	for _, slug := range slugs {
		u := &isms.User{Name: "Admin of " + slug, Email: slug + "-admin@example.com"}
		if _, err := a.CreateUser(ctx, sys, u, "correct horse battery staple"); err != nil {
			t.Fatal(err)
		}
		if err := a.CreateOrganization(ctx, sys, &isms.Organization{Slug: slug, Name: slug + " Ltd"}, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// TestCheckCommand runs "isms check" against a real database of each
// dialect, whatever rules exist: the exit status follows the blockers.
func TestCheckCommand(t *testing.T) {
	for dialect, url := range sqldbtest.URLs(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			a := checkOrgs(t, url, "acme")
			out, err := runCheck(t, url, "--format", "json")
			var r isms.Readiness
			if jerr := json.Unmarshal([]byte(out), &r); jerr != nil {
				t.Fatalf("check --format json: %v, %v\n%s", err, jerr, out)
			}
			if want := min(r.Blockers, 1); ExitCode(err) != want {
				t.Errorf("check with %d blockers: exit status %d (%v), want %d", r.Blockers, ExitCode(err), err, want)
			}
			checkJSONKeys(t, out)
			if r.Rules != len(isms.ReadinessRules()) || len(r.Clauses) != len(isms.ScoreClauses()) {
				t.Errorf("check ran %d rules with %d clause scores, want %d and %d", r.Rules, len(r.Clauses), len(isms.ReadinessRules()), len(isms.ScoreClauses()))
			}

			out, err = runCheck(t, url)
			if ExitCode(err) != min(r.Blockers, 1) || !strings.HasPrefix(out, "Readiness ") {
				t.Errorf("check: %v\n%s", err, out)
			}
			out, _ = runCheck(t, url, "--format", "junit", "--severity", "blocker")
			blockerRules := 0
			for _, rule := range isms.ReadinessRules() {
				if rule.Severity == isms.SeverityBlocker {
					blockerRules++
				}
			}
			if rep := checkJUnit(t, out); rep.Tests != blockerRules || (rep.Failures > 0) != (r.Blockers > 0) || rep.Failures > r.Blockers {
				t.Errorf("the JUnit report of blockers has %d failures of %d tests; want %d tests (the blocker rules) "+
					"and a failure per blocker rule among the %d blockers", rep.Failures, rep.Tests, blockerRules, r.Blockers)
			}
			out, err = runCheck(t, url, "--severity", "hint", "--format", "json")
			if ExitCode(err) != 0 || json.Unmarshal([]byte(out), &r) != nil || countSeverity(r.Findings, isms.SeverityHint) != len(r.Findings) {
				t.Errorf("check --severity hint = %v, want only hints and exit status 0\n%s", err, out)
			}
			checkUsageErrors(t, url)
			checkTwoOrganizations(t, url, a)
		})
	}
}

// checkJSONKeys checks the keys of the JSON object, which the API shares.
func checkJSONKeys(t *testing.T, out string) {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"score", "clauses", "findings", "blockers", "warnings", "hints", "at"} {
		if _, ok := obj[k]; !ok {
			t.Errorf("the JSON report lacks %q: %s", k, out)
		}
	}
}

// checkUsageErrors checks that a wrong call exits with status 2 and says
// what is wrong.
func checkUsageErrors(t *testing.T, url string) {
	t.Helper()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "yaml"}, "--format"},
		{[]string{"--severity", "critical"}, "--severity: severity must be one of: blocker, warning, hint"},
		{[]string{"--clause", "11.1"}, "--clause: clause must be"},
		{[]string{"--nope"}, "unknown flag"},
		{[]string{"now"}, "no arguments"},
	} {
		_, err := runCheck(t, url, tt.args...)
		if ExitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("check %v = %v (exit %d), want exit status 2 with %q", tt.args, err, ExitCode(err), tt.want)
		}
	}
}

// checkTwoOrganizations adds a second organization: --org is then needed,
// and each check keeps the day's run of its own organization.
func checkTwoOrganizations(t *testing.T, url string, a *app.App) {
	t.Helper()
	ctx, sys := context.Background(), isms.SystemActor("")
	u := &isms.User{Name: "Beta Admin", Email: "beta-admin@example.com"}
	if _, err := a.CreateUser(ctx, sys, u, "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	beta := &isms.Organization{Slug: "beta", Name: "Beta Ltd"}
	if err := a.CreateOrganization(ctx, sys, beta, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := runCheck(t, url); err == nil || !strings.Contains(err.Error(), "--org") {
		t.Errorf("check with two organizations and no --org = %v, want a request for --org", err)
	}
	if out, err := runCheck(t, url, "--org", "beta"); ExitCode(err) > 1 || !strings.HasPrefix(out, "Readiness ") {
		t.Errorf("check --org beta = %v\n%s", err, out)
	}
	acme, err := a.FindOrganizationBySlug(ctx, sys, "acme")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []*isms.Organization{acme, beta} {
		runs, err := a.ReadinessTrend(ctx, isms.SystemActor(o.ID), 1)
		if err != nil || len(runs) != 1 {
			t.Errorf("%s keeps %d runs (%v), want the day's one", o.Slug, len(runs), err)
		}
	}
}

func TestCheckJUnitSkipsRulesWithNothingToCheck(t *testing.T) {
	nothing := isms.Rule{ID: "process.described", Clause: "4.4", Severity: isms.SeverityHint, Checks: "Processes are described.",
		Check: func(*isms.Facts) []isms.Finding { return isms.Inapplicable() }}
	rules := append(checkTestRules(), nothing)
	r := isms.Evaluate(&isms.Facts{}, rules, checkAt)
	var b bytes.Buffer
	if err := writeCheckJUnit(&b, r, rules, app.ReadinessFilter{}); err != nil {
		t.Fatal(err)
	}
	rep := checkJUnit(t, b.String())
	if rep.Tests != 5 || rep.Skipped != 1 || rep.Failures != 2 {
		t.Fatalf("report: %d tests, %d skipped, %d failures; want 5, 1, 2", rep.Tests, rep.Skipped, rep.Failures)
	}
	for _, s := range rep.Suites {
		for _, c := range s.Cases {
			if skipped := c.Skipped != nil; skipped != (c.Name == "process.described") {
				t.Errorf("case %s skipped = %v", c.Name, skipped)
			}
		}
		if strings.HasPrefix(s.Name, "4.4 ") && s.Skipped != 1 {
			t.Errorf("suite %s: %d skipped, want 1", s.Name, s.Skipped)
		}
	}
}
