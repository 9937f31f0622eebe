// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/isms"
)

// TestBrowserContext drives the context, leadership and measurement
// journey through the real server in Chromium: a new ISMS manager records
// an external context issue, an interested party with a contractual
// requirement addressed by a control, writes the scope and submits it to
// the owner, who approves it in their own session; the manager records an
// ISMS process and two ISMS roles and fills the process's RACI row,
// defines a metric, records two measurements and an objective measured by
// it. After each step the record's events are checked in the audit trail.
// It runs on SQLite, and on PostgreSQL as well when ISMS_TEST_POSTGRES_URL
// is set.
func TestBrowserContext(t *testing.T) {
	eachJourneyDatabase(t, runContextJourney)
}

// The context journey's records.
const (
	cIssueTitle   = "Retail customers ask for ISO/IEC 27001 certification"
	cControlTitle = "Incident response plan with a customer notice step"
	cPartyName    = "Retail customers"
	cReqTitle     = "Notify security incidents within 24 hours"
	cScopeLine    = "The ISMS of Acme Testing covers the development and operation of its analytics platform."
	cProcessName  = "Internal audit"
	cAuditorRole  = "Internal auditor"
	cManagerRole  = "ISMS manager"
	cMetricName   = "Staff with current awareness training"
	cObjective    = "Everyone completes the yearly security awareness training"
)

// runContextJourney is the journey on one database; vars are the server's
// environment.
func runContextJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-context", base)

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	journeyManagerChangesPassword(b, otp)

	contextAddIssue(b)
	controlPath := contextAddControl(b)
	contextAddParty(b)
	contextAddRequirement(b, controlPath)
	approvalPath := contextWriteScope(b)
	owner := newJourneyBrowser(t, browser, dbName+"-context-owner", base)
	contextApproveScope(owner, approvalPath)
	contextSeeScope(b)
	contextFillRACI(b)
	metricRef := contextAddMetric(b)
	contextAddObjective(b, metricRef)
	contextAuditTrail(b)

	b.checkConsole()
	owner.checkConsole()
	t.Logf("context journey on %s took %s; screenshots in %s and %s", dbName, time.Since(start).Round(time.Millisecond),
		strings.Join(b.shotDirs, ", "), strings.Join(owner.shotDirs, ", "))
}

// contextAudited checks that the audit trail, filtered to the record at
// path (its last segment is its ID), lists each of actions.
func contextAudited(b *journeyBrowser, path string, actions ...string) {
	b.t.Helper()
	id := path[strings.LastIndex(path, "/")+1:]
	b.navigate(b.base + "/audit?object=" + id)
	events := b.text("main table.list tbody")
	for _, action := range actions {
		if !strings.Contains(events, action) {
			b.fatalf("the audit trail of %s has no %s event; it lists:\n%s", path, action, events)
		}
	}
}

// contextCreated checks that submitting a form led to a new record's page
// under prefix, whose heading holds ref, and returns its path.
func contextCreated(b *journeyBrowser, prefix, ref string) string {
	b.t.Helper()
	path := b.path()
	if !strings.HasPrefix(path, prefix+"/") || strings.HasSuffix(path, "/new") {
		b.fatalf("after creating the record the browser is at %s, want %s/{id}", path, prefix)
	}
	b.wantTextContains("main h1", ref)
	return path
}

// contextAddIssue records an external issue from the empty register.
func contextAddIssue(b *journeyBrowser) {
	b.step("C1. as the manager, open Context issues from the navigation and record an external issue")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/context-issues"]`)
	b.wantTextContains("main h1", "Context issues")
	b.navigate(b.base + "/context-issues/new")
	b.sendKeys("#f-title", cIssueTitle)
	b.selectOption("#f-kind", "External")
	b.selectOption("#f-category", "Economic")
	b.selectOption("#f-effect", "Helps")
	b.sendKeys("#f-description", "Three of the last five tenders scored certification.")
	b.selectOption("#f-ownerId", jManagerName)
	b.screenshot("issue-form")
	b.submit("main form.form")
	path := contextCreated(b, "/context-issues", "CI-1")
	b.wantTextContains("main", cIssueTitle)
	b.screenshot("issue")
	contextAudited(b, path, "context_issue.create")
}

// contextAddControl records the control C-1, which will address the
// requirement, and returns its path.
func contextAddControl(b *journeyBrowser) (path string) {
	b.step("C2. record the control that addresses the customers' requirement")
	b.navigate(b.base + "/controls/new")
	b.sendKeys("#f-title", cControlTitle)
	b.selectOption("#f-status", "Implemented")
	b.submit("main form.form")
	path = contextCreated(b, "/controls", "C-1")
	contextAudited(b, path, "control.create")
	return path
}

// contextAddParty records the customers as an interested party.
func contextAddParty(b *journeyBrowser) {
	b.step("C3. record the retail customers as an external interested party")
	b.navigate(b.base + "/interested-parties/new")
	b.sendKeys("#f-name", cPartyName)
	b.selectOption("#f-kind", "External")
	b.selectOption("#f-category", "Customer")
	b.sendKeys("#f-contact", "Account managers")
	b.submit("main form.form")
	path := contextCreated(b, "/interested-parties", "IP-1")
	b.screenshot("party")
	contextAudited(b, path, "interested_party.create")
}

// contextAddRequirement records the customers' contractual requirement,
// addressed by control C-1, and checks the link on both records.
func contextAddRequirement(b *journeyBrowser, controlPath string) {
	b.step("C4. record their contractual requirement, addressed by control C-1")
	b.navigate(b.base + "/party-requirements/new")
	b.selectOption("#f-partyId", cPartyName)
	b.sendKeys("#f-title", cReqTitle)
	b.selectOption("#f-type", "Contractual")
	b.sendKeys("#f-source", "Master services agreement, clause 11.4")
	b.ensureChecked("#f-addressed")
	b.sendKeys("#f-how", "The incident response plan has a customer notice step.")
	b.sendKeys("#f-controls", "C-1")
	b.screenshot("requirement-form")
	b.submit("main form.form")
	path := contextCreated(b, "/party-requirements", "RQ-1")
	b.wantTextContains("main", cPartyName)
	b.wantTextContains("main", cControlTitle)
	b.screenshot("requirement")
	contextAudited(b, path, "party_requirement.create")
	b.navigate(b.base + controlPath)
	b.wantTextContains("main", cReqTitle)
}

// contextWriteScope writes the first scope and submits it to the owner;
// it returns the submission's path.
func contextWriteScope(b *journeyBrowser) (approvalPath string) {
	b.step("C5. write the scope and submit it to the owner for approval")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/scope"]`)
	b.wantTextContains("main", "No approved scope yet")
	b.click(`main a[href="/scope/edit"]`)
	b.sendKeys("#f-statement", cScopeLine)
	b.sendKeys("#f-units", "Engineering\nOperations\nCustomer support")
	b.sendKeys("#f-locations", "Head office\nProduction on the public cloud")
	b.sendKeys("#f-inScope", "The analytics platform\nThe support desk")
	b.screenshot("scope-form")
	b.submit("main form.form")
	b.wantPath("/scope")
	b.wantTextContains("main", "Submit v1 for approval")
	b.selectOption("#f-approvers", jOwnerName)
	b.sendKeys("#f-note", "First scope of our ISMS.")
	b.submit("main form.form")
	approvalPath = b.path()
	if !strings.HasPrefix(approvalPath, "/approvals/") {
		b.fatalf("after submitting the scope the browser is at %s, want /approvals/{id}", approvalPath)
	}
	b.wantText("main .page-header .chip", "pending")
	b.screenshot("scope-submitted")
	return approvalPath
}

// contextApproveScope signs the owner in, in their own browser session,
// and approves the scope.
func contextApproveScope(b *journeyBrowser, approvalPath string) {
	b.step("C6. in a second browser session, the owner (an administrator) approves the scope")
	b.signIn(jOwnerEmail, jOwnerPassword)
	b.wantPath("/")
	b.navigate(b.base + "/approvals")
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, approvalPath))
	b.wantTextContains("main", cScopeLine)
	b.selectOption("#f-decision", "Approve")
	b.sendKeys("#f-comment", "Approved: this is the scope we certify.")
	b.submit("main form.form")
	b.wantPath(approvalPath)
	b.wantText("main .page-header .chip", "approved")
	b.screenshot("scope-approved")
}

// contextSeeScope checks that v1 is the scope in force, and its approval
// in the audit trail.
func contextSeeScope(b *journeyBrowser) {
	b.step("C7. the manager's scope page shows v1 approved by the owner")
	b.navigate(b.base + "/scope")
	b.wantTextContains("main h1", "v1")
	b.wantTextContains("main .page-header .meta", jOwnerName)
	b.wantTextContains("main", cScopeLine)
	b.screenshot("scope")
	b.click(`main a[href="/scope/versions"]`)
	version := b.attr(`main a[href^="/scope/versions/scope"]`, "href")
	contextAudited(b, version, "isms_scope.create", "approval.submit", "approval.approve", "isms_scope.approve")
}

// contextFillRACI records an ISMS process and two roles, and says in the
// process's RACI row who is accountable, responsible and consulted.
func contextFillRACI(b *journeyBrowser) {
	b.step("C8. record an ISMS process and two ISMS roles")
	b.navigate(b.base + "/isms-processes/new")
	b.sendKeys("#f-name", cProcessName)
	b.sendKeys("#f-purpose", "Check that the ISMS meets the standard and our own rules.")
	b.sendKeys("#f-clauses", "9.2")
	b.selectOption("#f-ownerId", jManagerName)
	b.submit("main form.form")
	procPath := contextCreated(b, "/isms-processes", "PRC-1")
	for _, role := range []string{cManagerRole, cAuditorRole} {
		b.navigate(b.base + "/isms-roles/new")
		b.sendKeys("#f-name", role)
		b.sendKeys("#f-responsibilities", "What the "+strings.ToLower(role)+" does for the ISMS.")
		b.submit("main form.form")
		b.wantTextContains("main h1", role)
	}

	b.step("C9. fill the RACI row of %s: the internal auditor is responsible and accountable, the ISMS manager consulted", cProcessName)
	b.navigate(b.base + "/raci")
	row := "tr#raci-process-" + procPath[strings.LastIndex(procPath, "/")+1:]
	b.wantTextContains(row, "No role is accountable")
	b.selectOption(row+` select[aria-label^="`+cAuditorRole+` for"]`, "R+A")
	b.selectOption(row+` select[aria-label^="`+cManagerRole+` for"]`, "C")
	b.screenshot("raci-form")
	b.click(row + " button[type=submit]")
	b.wantTextContains(".flash", "Saved the RACI of PRC-1")
	b.wantTextContains(row+" .chip-ok", "one")
	if got := b.selectedText(row + ` select[aria-label^="` + cAuditorRole + ` for"]`); got != "R+A" {
		b.fatalf("after saving, the internal auditor's cell reads %q, want R+A", got)
	}
	b.screenshot("raci")
	contextAudited(b, procPath, "isms_process.create", "raci.update")
}

// contextAddMetric defines a metric, records two measurements and
// returns its reference.
func contextAddMetric(b *journeyBrowser) (ref string) {
	b.step("C10. define a metric of awareness training, measured monthly by the manager")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/metrics"]`)
	b.navigate(b.base + "/metrics/new")
	b.sendKeys("#f-name", cMetricName)
	b.sendKeys("#f-method", "Training records of active staff on the first working day of the month.")
	b.sendKeys("#f-unit", "%")
	b.selectOption("#f-direction", "Higher is better")
	b.sendKeys("#f-target", "95")
	b.sendKeys("#f-warning", "90")
	if got := b.value("#f-frequency"); got != "every month" {
		b.fatalf("the frequency field offers %q, want every month", got)
	}
	b.selectOption("#f-measuredBy", jManagerName)
	b.selectOption("#f-analysedBy", jManagerName)
	b.sendKeys("#f-processes", "PRC-1")
	b.submit("main form.form")
	path := contextCreated(b, "/metrics", "M-1")

	b.step("C11. record a result of three weeks ago (in warning) and today's (on target)")
	today := isms.DateOf(time.Now())
	for _, m := range []struct {
		value string
		on    isms.Date
		state string
	}{{"91", today.AddDays(-20), "Warning"}, {"96", today, "On target"}} {
		b.sendKeys("#f-value", m.value)
		b.do(chromedp.SetValue(chromedp.CSS("#f-measuredOn"), m.on.String()))
		b.submit(`main form.form[action$="/measurements"]`)
		b.wantPath(path)
		b.wantTextContains("main .page-header .meta", m.state)
	}
	b.wantTextContains("main #measurements table.list", "91")
	b.screenshot("metric")
	contextAudited(b, path, "metric.create", "measurement.create")
	return "M-1"
}

// contextAddObjective records an objective measured by the metric and
// checks its progress.
func contextAddObjective(b *journeyBrowser, metricRef string) {
	b.step("C12. record an objective measured by %s", metricRef)
	b.navigate(b.base + "/objectives/new")
	b.sendKeys("#f-statement", cObjective)
	b.sendKeys("#f-metrics", metricRef)
	b.sendKeys("#f-target", "95 % of staff with current training")
	b.selectOption("#f-ownerId", jManagerName)
	b.do(chromedp.SetValue(chromedp.CSS("#f-dueOn"), isms.DateOf(time.Now()).AddDays(180).String()))
	b.selectOption("#f-status", "In progress")
	b.submit("main form.form")
	path := contextCreated(b, "/objectives", "OBJ-1")
	b.wantTextContains("main", cMetricName)
	b.wantTextContains("main", "On track")
	b.screenshot("objective")
	contextAudited(b, path, "objective.create")
}

// contextAuditTrail checks that the whole audit trail holds the
// journey's records, from both people.
func contextAuditTrail(b *journeyBrowser) {
	b.step("C13. the audit trail lists every step of the journey")
	b.navigate(b.base + "/audit")
	events := b.text("main table.list tbody")
	for _, action := range []string{"context_issue.create", "control.create", "interested_party.create", "party_requirement.create",
		"isms_scope.create", "approval.submit", "approval.approve", "isms_scope.approve", "isms_process.create", "isms_role.create",
		"raci.update", "metric.create", "measurement.create", "objective.create"} {
		if !strings.Contains(events, action) {
			b.fatalf("the audit trail has no %s event; it lists:\n%s", action, events)
		}
	}
	if !strings.Contains(events, jOwnerName) || !strings.Contains(events, jManagerName) {
		b.fatalf("the audit trail does not name both %s and %s:\n%s", jOwnerName, jManagerName, events)
	}
	b.screenshot("audit-trail")
}
