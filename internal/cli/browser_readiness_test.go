// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReadiness drives a new organization through the first three
// steps of its roadmap in Chromium, through the real forms: the owner
// sets the installation up and lands on the roadmap; the ISMS manager
// (1) records a context issue and an interested party and writes the
// scope, (2) writes the information security policy from its template,
// (3) starts the risk method from a preset; the owner approves each in
// their own session. The score the roadmap shows rises after each step,
// and the readiness check lists what is left. It runs on SQLite, and on
// PostgreSQL as well when ISMS_TEST_POSTGRES_URL is set.
func TestBrowserReadiness(t *testing.T) {
	eachJourneyDatabase(t, runReadinessJourney)
}

// runReadinessJourney is the journey on one database; vars are the
// server's environment.
func runReadinessJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-readiness", base)

	readinessSetUp(b, setupURL)
	otp := journeyAddManager(b)
	journeyManagerChangesPassword(b, otp)
	owner := newJourneyBrowser(t, browser, dbName+"-readiness-owner", base)
	owner.step("the owner signs in in a second session, to approve")
	owner.signIn(jOwnerEmail, jOwnerPassword)
	owner.wantPath("/")

	score := readinessScore(b, "before the first step")
	for i, step := range []func(b, owner *journeyBrowser){readinessContext, readinessPolicy, readinessMethod} {
		readinessOpenStep(b, i+1)
		step(b, owner)
		next := readinessScore(b, fmt.Sprintf("after step %d", i+1))
		if next <= score {
			b.fatalf("after step %d the roadmap's score is %d%%, want more than the %d%% before it", i+1, next, score)
		}
		score = next
	}
	b.screenshot("roadmap-after-three-steps")
	readinessCheckPage(b)

	b.checkConsole()
	owner.checkConsole()
	t.Logf("readiness journey on %s took %s; screenshots in %s", dbName, time.Since(start).Round(time.Millisecond), strings.Join(b.shotDirs, ", "))
}

// readinessSetUp creates the first organization and its owner through the
// one-time setup URL, which leads to the new organization's roadmap.
func readinessSetUp(b *journeyBrowser, setupURL string) {
	b.step("1. create the first organization and its owner; the roadmap opens")
	b.navigate(setupURL)
	b.sendKeys("#f-orgName", jOrgName)
	b.sendKeys("#f-orgSlug", jOrgSlug)
	b.sendKeys("#f-name", jOwnerName)
	b.sendKeys("#f-email", jOwnerEmail)
	b.sendKeys("#f-password", jOwnerPassword)
	b.submit("main form.form")
	b.wantPath("/roadmap")
	b.wantText("main h1", "Roadmap")
	b.wantTextContains(".flash", "Your organization is ready")
	if n := b.count("ol.roadmap > li.roadmap-step"); n != 10 {
		b.fatalf("the roadmap has %d steps, want 10", n)
	}
	b.wantTextContains("li.roadmap-current .roadmap-title", "1")
	b.screenshot("roadmap-new-organization")
}

// readinessScore opens the roadmap and returns the score it starts with.
func readinessScore(b *journeyBrowser, when string) int {
	b.t.Helper()
	b.navigate(b.base + "/roadmap")
	text := b.text(".roadmap-summary .readiness-score-value")
	n, err := strconv.Atoi(strings.TrimSuffix(text, "%"))
	if err != nil {
		b.fatalf("the roadmap's score reads %q", text)
	}
	b.step("the roadmap's score %s: %d%%", when, n)
	return n
}

// readinessOpenStep follows the button of the roadmap's step n to the page
// that does its work.
func readinessOpenStep(b *journeyBrowser, n int) {
	b.t.Helper()
	sel := fmt.Sprintf("ol.roadmap > li.roadmap-step:nth-child(%d) .roadmap-main a.btn", n)
	href, err := url.Parse(b.attr(sel, "href"))
	if err != nil {
		b.fatalf("the button of step %d: %v", n, err)
	}
	b.click(sel)
	if got := b.path(); got != href.Path {
		b.fatalf("the button of step %d leads to %s, want %s", n, got, href.Path)
	}
}

// readinessApprove has the owner approve the submission at approvalPath.
func readinessApprove(o *journeyBrowser, approvalPath, what string) {
	o.t.Helper()
	o.step("the owner approves %s", what)
	o.navigate(o.base + approvalPath)
	o.selectOption("#f-decision", "Approve")
	o.sendKeys("#f-comment", "Approved.")
	o.submit("main form.form")
	o.wantPath(approvalPath)
	o.wantText("main .page-header .chip", "approved")
}

// readinessSubmitted checks that a submission led to its page and returns
// its path.
func readinessSubmitted(b *journeyBrowser, what string) string {
	b.t.Helper()
	path := b.path()
	if !strings.HasPrefix(path, "/approvals/") {
		b.fatalf("after submitting %s the browser is at %s, want /approvals/{id}", what, path)
	}
	return path
}

// readinessContext is step 1: a context issue, an interested party and
// the scope, approved by the owner.
func readinessContext(b, owner *journeyBrowser) {
	b.step("step 1: record an external issue and an interested party")
	b.navigate(b.base + "/context-issues/new")
	b.sendKeys("#f-title", cIssueTitle)
	b.selectOption("#f-kind", "External")
	b.selectOption("#f-category", "Economic")
	b.selectOption("#f-effect", "Helps")
	b.selectOption("#f-ownerId", jManagerName)
	b.submit("main form.form")
	b.wantTextContains("main h1", "CI-1")
	b.navigate(b.base + "/interested-parties/new")
	b.sendKeys("#f-name", cPartyName)
	b.selectOption("#f-kind", "External")
	b.selectOption("#f-category", "Customer")
	b.submit("main form.form")
	b.wantTextContains("main h1", "IP-1")

	b.step("step 1: write the scope and submit it to the owner")
	b.navigate(b.base + "/scope/edit")
	b.sendKeys("#f-statement", cScopeLine)
	b.sendKeys("#f-units", "Engineering\nOperations")
	b.sendKeys("#f-locations", "Head office")
	b.sendKeys("#f-inScope", "The analytics platform")
	b.submit("main form.form")
	b.wantPath("/scope")
	b.selectOption("#f-approvers", jOwnerName)
	b.submit("main form.form")
	readinessApprove(owner, readinessSubmitted(b, "the scope"), "the scope")
}

// readinessPolicy is step 2: the information security policy from its
// template, reviewed and approved by the owner.
func readinessPolicy(b, owner *journeyBrowser) {
	b.step("step 2: write the information security policy from its template")
	b.navigate(b.base + "/documents/new")
	b.selectOption("#f-template", sPolicyTitle)
	b.enterOn(b.byText("main form.template-picker button", "Load template"))
	b.selectOption("#f-owner", jManagerName)
	b.do(chromedp.Click(chromedp.CSS(b.byText("main form.document-form button", "Create document"))),
		chromedp.WaitVisible(chromedp.CSS("main h1 .ref")))
	b.wantTextContains("main h1", sPolicyTitle)
	b.do(chromedp.Click(chromedp.CSS(b.byText("form.submit-version .check", jOwnerName) + " input")))
	b.enterOn(b.byText("form.submit-version button", "Send for review"))
	b.wantTextContains("main", "In review")
	readinessApprove(owner, b.attr(`main a[href^="/approvals/"]`, "href"), "the policy")
}

// readinessMethod is step 3: the risk method from the 4 × 4 preset,
// approved by the owner.
func readinessMethod(b, owner *journeyBrowser) {
	b.step("step 3: start the risk method from the 4 × 4 preset and submit it to the owner")
	b.navigate(b.base + "/risk-method")
	b.enterOn(b.byText("main button", "Start from 4 × 4"))
	b.wantTextContains(".flash", "Draft v1 started")
	b.enterOn(b.byText("main form button", "Save draft"))
	b.selectOption("#f-approvers", jOwnerName)
	b.enterOn(b.byText("main form button", "Submit for approval"))
	readinessApprove(owner, readinessSubmitted(b, "the risk method"), "the risk method")
}

// readinessCheckPage checks that the readiness check no longer lists the
// scope, and that its filters work from the keyboard.
func readinessCheckPage(b *journeyBrowser) {
	b.step("the readiness check lists what is left; filter it to blockers from the keyboard")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/readiness"]`)
	b.wantText("main h1", "Readiness check")
	b.screenshot("readiness-check")
	b.selectOption("#severity", "Blockers")
	b.enterOn(`form.filters button[type=submit]`)
	for _, sev := range browserRun(b, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".finding .finding-head .chip")].map((e) => e.textContent.trim())`)) {
		if sev != "Blocker" {
			b.fatalf("filtered to blockers, the page lists a %s", sev)
		}
	}
}
