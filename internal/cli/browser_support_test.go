// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/isms"
)

// TestBrowserSupport drives the documented-information and awareness
// journey through the real server in Chromium, with three people in three
// browser sessions: the ISMS manager writes the information security
// policy from its starter template and sends it for review to the owner,
// who approves it in their own session; the manager starts a campaign for
// everyone; the manager, the owner and an employee each acknowledge the
// policy (the employee from My work); the campaign shows 100 %; the audit
// trail holds the records; the policy's PDF downloads with the session
// and is a PDF with pages. It runs on SQLite, and on PostgreSQL as well
// when ISMS_TEST_POSTGRES_URL is set.
func TestBrowserSupport(t *testing.T) {
	eachJourneyDatabase(t, runSupportJourney)
}

// The support journey's employee, policy and campaign.
const (
	sEmployeeName  = "Erin Employee"
	sEmployeeEmail = "erin@acme.test"
	sEmployeePwd   = "erin-pw-2026x"
	sPolicyTitle   = "Information security policy"
	sPolicyLine    = "Acme Testing protects the information its customers trust it with."
	sCampaignTitle = "Read the information security policy"
)

// runSupportJourney is the journey on one database; vars are the
// server's environment.
func runSupportJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-support", base)

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	employeeOTP := supportAddEmployee(b)
	journeyManagerChangesPassword(b, otp)

	docPath := supportWritePolicy(b)
	approvalPath := supportSendForReview(b)
	owner := newJourneyBrowser(t, browser, dbName+"-support-owner", base)
	supportApprove(owner, approvalPath)
	supportSeeApproved(b, docPath)
	campaignPath := supportStartCampaign(b)

	supportAcknowledge(b, "the manager")
	supportAcknowledge(owner, "the owner")
	employee := newJourneyBrowser(t, browser, dbName+"-support-employee", base)
	supportEmployeeAcknowledges(employee, employeeOTP)
	supportCampaignComplete(b, campaignPath)
	supportAuditTrail(b)
	supportExportPDF(b, docPath)

	for _, x := range []*journeyBrowser{b, owner, employee} {
		x.checkConsole()
	}
	t.Logf("support journey on %s took %s; screenshots in %s", dbName, time.Since(start).Round(time.Millisecond),
		strings.Join(append(append(b.shotDirs, owner.shotDirs...), employee.shotDirs...), ", "))
}

// supportAddEmployee adds a member with the role employee and returns
// their one-time password.
func supportAddEmployee(b *journeyBrowser) (otp string) {
	b.step("S1. add a member with the role employee")
	b.navigate(b.base + "/members/new")
	b.sendKeys("#f-email", sEmployeeEmail)
	b.sendKeys("#f-name", sEmployeeName)
	b.selectOption("#f-role", "Employee")
	b.submit("main form.form")
	b.wantText("main h1", "Account created")
	return b.text("code#secret-value")
}

// supportWritePolicy has the manager start the information security
// policy from its template, add a sentence of their own and create it;
// it returns the document's path.
func supportWritePolicy(b *journeyBrowser) (docPath string) {
	b.step("S2. as the manager, open Documents from the navigation and start the policy from its template")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/documents"]`)
	b.wantTextContains("main h1", "Documents")
	b.navigate(b.base + "/documents/new")
	b.selectOption("#f-template", sPolicyTitle)
	b.enterOn(b.byText("main form.template-picker button", "Load template"))
	if got := b.value("#f-title"); got != sPolicyTitle {
		b.fatalf("the template filled the title with %q, want %q", got, sPolicyTitle)
	}
	if got := b.value("#f-clauses"); !strings.Contains(got, "5.2") {
		b.fatalf("the template filled the clauses with %q, want 5.2 among them", got)
	}
	body := b.value("#f-body")
	if !strings.HasPrefix(body, "#") || len(body) < 300 {
		b.fatalf("the template's body is %d characters starting %q; want a Markdown skeleton", len(body), body[:min(40, len(body))])
	}

	b.step("S3. make the manager its owner, add our own sentence to the text and create the document")
	b.selectOption("#f-owner", jManagerName)
	b.selectOption("#f-classification", "Internal")
	b.do(chromedp.SetValue(chromedp.CSS("#f-body"), sPolicyLine+"\n\n"+body))
	b.screenshot("policy-from-template")
	// app.js sends the form (which may carry a file) with a progress bar
	// and puts the answer in place of the form, with its address.
	b.do(chromedp.Click(chromedp.CSS(b.byText("main form.document-form button", "Create document"))),
		chromedp.WaitVisible(chromedp.CSS("main h1 .ref")))
	docPath = b.path()
	if !strings.HasPrefix(docPath, "/documents/") || docPath == "/documents/new" {
		b.fatalf("after creating the document the browser is at %s, want /documents/{id}", docPath)
	}
	b.wantTextContains("main h1", "DOC-1")
	b.wantTextContains("main h1", sPolicyTitle)
	b.wantTextFold("main .classification", "classification: internal")
	b.screenshot("policy-created")
	return docPath
}

// supportSendForReview sends version 1 to the owner for review and
// returns the submission's path.
func supportSendForReview(b *journeyBrowser) (approvalPath string) {
	b.step("S4. send version 1 for review to the owner")
	b.do(chromedp.Click(chromedp.CSS(b.byText("form.submit-version .check", jOwnerName) + " input")))
	b.sendKeys("form.submit-version #f-note", "First issue of our policy, from the starter template.")
	b.enterOn(b.byText("form.submit-version button", "Send for review"))
	b.wantTextContains("main", "In review")
	approvalPath = b.attr(`main a[href^="/approvals/"]`, "href")
	if !strings.HasPrefix(approvalPath, "/approvals/") {
		b.fatalf("the document page links the submission at %q, want /approvals/{id}", approvalPath)
	}
	b.screenshot("policy-in-review")
	return approvalPath
}

// supportApprove signs the owner in, in their own browser session, and
// approves the version.
func supportApprove(b *journeyBrowser, approvalPath string) {
	b.step("S5. in a second browser session, the owner opens the submission from Approvals and approves it")
	b.signIn(jOwnerEmail, jOwnerPassword)
	b.wantPath("/")
	b.navigate(b.base + "/approvals")
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, approvalPath))
	b.wantTextContains("main", sPolicyTitle)
	b.selectOption("#f-decision", "Approve")
	b.sendKeys("#f-comment", "Approved: this is our policy.")
	b.submit("main form.form")
	b.wantPath(approvalPath)
	b.wantText("main .page-header .chip", "approved")
	b.screenshot("policy-approved")
}

// supportSeeApproved checks that the document page shows version 1 in
// force, with our sentence rendered, approved by the owner.
func supportSeeApproved(b *journeyBrowser, docPath string) {
	b.step("S6. the manager's document page shows version 1 in force, approved by the owner")
	b.navigate(b.base + docPath)
	b.wantTextContains("section#in-force h2", "Version 1, in force")
	b.wantTextContains("section#in-force", jOwnerName)
	b.wantTextContains("section#in-force .prose", sPolicyLine)
	b.wantTextContains("section#versions", "Approved")
	b.screenshot("policy-in-force")
}

// supportStartCampaign starts a campaign for everyone asking for the
// policy and returns its path.
func supportStartCampaign(b *journeyBrowser) (campaignPath string) {
	b.step("S7. start an awareness campaign for everyone with the policy, due in two weeks")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/awareness"]`)
	b.navigate(b.base + "/awareness/new")
	b.sendKeys("#f-title", sCampaignTitle)
	b.selectOption("#f-documents", "DOC-1 "+sPolicyTitle)
	b.typeDate("#f-due", isms.DateOf(time.Now()).AddDays(14))
	b.ensureChecked("#f-audience")
	b.screenshot("campaign-form")
	b.enterOn(b.byText("main form button", "Start campaign"))
	campaignPath = b.path()
	if !strings.HasPrefix(campaignPath, "/awareness/") || campaignPath == "/awareness/new" {
		b.fatalf("after starting the campaign the browser is at %s, want /awareness/{id}", campaignPath)
	}
	b.wantTextContains("main h1", sCampaignTitle)
	b.wantTextContains("main .page-header .meta", "0 of 3 acknowledgements (0%)")
	b.screenshot("campaign-started")
	return campaignPath
}

// supportAcknowledge has the signed-in member acknowledge the policy from
// their list of documents to acknowledge.
func supportAcknowledge(b *journeyBrowser, who string) {
	b.step("S8. %s acknowledges the policy", who)
	b.navigate(b.base + "/acknowledgements")
	b.wantTextContains("main", sCampaignTitle)
	b.enterOn(b.byText("main a", "Read and acknowledge"))
	b.wantTextContains("main article.ack-document", sPolicyLine)
	b.wantTextFold("main article.ack-document", "classification: internal")
	b.enterOn(b.byText("main article.ack-document button", "I have read and understood"))
	b.navigate(b.base + "/acknowledgements")
	b.wantTextContains("main", "Nothing to acknowledge")
}

// supportEmployeeAcknowledges signs the employee in, sets their password,
// finds the policy through My work and acknowledges it.
func supportEmployeeAcknowledges(b *journeyBrowser, otp string) {
	b.step("S9. in a third browser session, the employee signs in, sets a password and finds the policy in My work")
	b.signIn(sEmployeeEmail, otp)
	b.wantPath("/account/password")
	b.sendKeys("#f-currentPassword", otp)
	b.sendKeys("#f-newPassword", sEmployeePwd)
	b.submit("main form.form")
	b.navigate(b.base + "/work")
	b.wantTextContains("main", "Read and acknowledge: "+sCampaignTitle)
	b.screenshot("employee-work")
	b.click(`main a[href="/acknowledgements"]`)
	b.wantTextContains("main", sCampaignTitle)
	b.enterOn(b.byText("main a", "Read and acknowledge"))
	b.wantTextContains("main article.ack-document", sPolicyLine)
	b.screenshot("employee-reads")
	b.enterOn(b.byText("main article.ack-document button", "I have read and understood"))
	b.screenshot("employee-acknowledged")
	b.navigate(b.base + "/acknowledgements")
	b.wantTextContains("main", "Nothing to acknowledge")
}

// supportCampaignComplete checks the campaign at 100%, every member
// done.
func supportCampaignComplete(b *journeyBrowser, campaignPath string) {
	b.step("S10. the campaign is complete: 100%%, three of three members done")
	b.navigate(b.base + campaignPath)
	b.wantTextContains("main .page-header .meta", "3 of 3 acknowledgements (100%)")
	members := b.text("main table.list tbody")
	for _, name := range []string{jOwnerName, jManagerName, sEmployeeName} {
		if !strings.Contains(members, name) {
			b.fatalf("the campaign's members table has no row for %s:\n%s", name, members)
		}
	}
	if n := strings.Count(members, "done"); n != 3 {
		b.fatalf("the campaign's members table shows %d members done, want 3:\n%s", n, members)
	}
	b.screenshot("campaign-complete")
}

// supportAuditTrail checks that the audit trail holds the journey's
// records.
func supportAuditTrail(b *journeyBrowser) {
	b.step("S11. the audit trail records the document, its approval, the campaign and the acknowledgements")
	b.navigate(b.base + "/audit")
	events := b.text("main table.list tbody")
	for _, action := range []string{"document.create", "document_version.submit", "approval.approve", "document_version.approve",
		"campaign.create", "campaign.acknowledge"} {
		if !strings.Contains(events, action) {
			b.fatalf("the audit trail has no %s event; it lists:\n%s", action, events)
		}
	}
	if n := strings.Count(events, "campaign.acknowledge"); n != 3 {
		b.fatalf("the audit trail has %d campaign.acknowledge events, want 3", n)
	}
	b.screenshot("audit-trail")
}

// supportExportPDF downloads the policy's PDF through the page's link with
// the manager's session and checks that it is a PDF with pages.
func supportExportPDF(b *journeyBrowser, docPath string) {
	b.step("S12. download the policy's PDF from its page")
	b.navigate(b.base + docPath)
	href := b.attr(`main a[href$=".pdf"]`, "href")
	got := browserRun(b, chromedp.Evaluate[[]string](fmt.Sprintf(`fetch(%s).then(async (r) => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const x of bytes) s += String.fromCharCode(x);
		return [String(r.status), r.headers.get("Content-Type") || "", btoa(s)];
	})`, journeyJS(href)), chromedp.EvalAwaitPromise))
	if got[0] != "200" || !strings.Contains(got[1], "application/pdf") {
		b.fatalf("GET %s: status %s, type %s; want 200 and a PDF", href, got[0], got[1])
	}
	data, err := base64.StdEncoding.DecodeString(got[2])
	if err != nil {
		b.fatalf("decode the download: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || pdfPages(data) < 1 || !bytes.Contains(data[max(0, len(data)-32):], []byte("%%EOF")) {
		b.fatalf("the download from %s is %d bytes starting %q with %d pages; want a whole PDF", href, len(data), data[:min(8, len(data))], pdfPages(data))
	}
	b.t.Logf("the policy's PDF has %d pages, %d bytes", pdfPages(data), len(data))
}

// wantTextFold fails unless the text of sel contains want, whatever the
// case (styles may show a label in capitals).
func (b *journeyBrowser) wantTextFold(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(strings.ToLower(got), strings.ToLower(want)) {
		b.fatalf("text of %s = %q, want it to contain %q in any case", sel, got, want)
	}
}

// ensureChecked ticks the checkbox sel unless it is ticked already.
func (b *journeyBrowser) ensureChecked(sel string) {
	b.t.Helper()
	if !browserRun(b, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%s).checked`, journeyJS(sel)))) {
		b.do(chromedp.Click(chromedp.CSS(sel)))
	}
}
