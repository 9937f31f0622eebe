// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/isms"
)

// TestBrowserCertification drives external audit and certification
// through the real server in Chromium: the ISMS manager records CERT-1,
// issued ten months ago, plans its cycle and starts the first
// surveillance audit; invites an external auditor for a month, limited
// to ISO/IEC 27001:2022, whose one-time password the auditor changes in
// another browser context; the auditor asks for evidence against A.5.15
// and records a minor nonconformity that opens NC-1; the manager, owner
// of the request, finds it under My work and answers it with a new file,
// which the auditor accepts; the manager builds the audit package, which
// "isms verify" accepts with the organization's public key and refuses,
// naming the file, once one byte of it is changed; and the audit trail
// lists the auditor's page views. It runs on SQLite, and on PostgreSQL as
// well when ISMS_TEST_POSTGRES_URL is set.
func TestBrowserCertification(t *testing.T) {
	eachJourneyDatabase(t, runCertificationJourney)
}

// The certification journey's records and people.
const (
	cBody          = "Halden Moor Certification Ltd"
	cNumber        = "HMC-27001-5521"
	cScope         = "The ISMS of Acme Testing Ltd: development and operation of its testing services, from its London office."
	cAuditorName   = "Audra Auditor"
	cAuditorEmail  = "audra@halden-moor.test"
	cAuditorPwd    = "audra-pw-2026"
	cRequestTitle  = "Access control policy and its last review"
	cFindingTitle  = "Access rights of leavers not removed on time"
	cAnswerFile    = "access-control-policy.txt"
	cAnswerContent = "Access control policy, version 4, reviewed and approved by the CISO.\n"
)

// runCertificationJourney is the journey on one database; vars are the
// server's environment.
func runCertificationJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-cert", base)
	today := isms.DateOf(time.Now())

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	journeyManagerChangesPassword(b, otp)
	soaAddISO(b)
	certRecord(b, today)
	auditPath := certStartSurveillance(b)
	auditorOTP := certInviteAuditor(b, today)

	auditor := newJourneyBrowser(t, browser, dbName+"-cert-auditor", base)
	certAuditorSignsIn(auditor, auditorOTP)
	requestPath := certAskForEvidence(auditor, auditPath, today)
	certRecordFinding(auditor, auditPath, today)
	certAnswer(b, requestPath)
	certAccept(auditor, requestPath)
	certPackage(b)
	certAuditorViews(b, requestPath)

	b.checkConsole()
	auditor.checkConsole()
	t.Logf("certification journey on %s took %s; screenshots in %s and %s", dbName, time.Since(start).Round(time.Millisecond),
		strings.Join(b.shotDirs, ", "), strings.Join(auditor.shotDirs, ", "))
}

// certRecord records CERT-1, active, issued ten months ago, and plans its
// cycle: the two surveillance audits and the recertification.
func certRecord(b *journeyBrowser, today isms.Date) {
	b.step("C1. record CERT-1: ISO/IEC 27001:2022, active, issued ten months ago")
	issued := today.AddDate(0, -10, 0)
	c := &isms.Certificate{Status: isms.CertActive, IssuedOn: issued, ExpiresOn: issued.AddDate(3, 0, -1)}
	b.navigate(b.base + "/certificates/new")
	b.selectOption("#f-frameworkId", fISOTitle)
	b.sendKeys("#f-body", cBody)
	b.selectOption("#f-status", "Active")
	b.sendKeys("#f-certificateNumber", cNumber)
	b.typeDate("#f-issuedOn", c.IssuedOn)
	b.typeDate("#f-expiresOn", c.ExpiresOn)
	b.sendKeys("#f-scope", cScope)
	b.enterOn(b.byText("main form button", "Record certificate"))
	b.wantTextContains(".flash", "Certificate CERT-1 saved.")
	b.wantTextContains("main h1", "CERT-1")
	b.wantTextContains("main .props", cNumber)
	b.wantTextContains("main .props", jManagerName)

	b.step("C2. plan the cycle: surveillance 1 and 2 and the recertification, each with a preparation task")
	b.enterOn(b.byText("main #cycle button", "Plan the cycle"))
	b.wantTextContains("main #cycle", "Every audit of the cycle is planned.")
	if n := b.count("main #cycle table.list tbody tr"); n != 3 {
		b.fatalf("CERT-1's cycle lists %d audits after planning, want 3", n)
	}
	want := isms.PlanCycle(c, nil, isms.Date{})
	for i, title := range []string{"Surveillance audit 1", "Surveillance audit 2", "Recertification audit"} {
		row := b.text(fmt.Sprintf("main #cycle table.list tbody tr:nth-child(%d)", i+1))
		if !strings.Contains(row, fmt.Sprintf("EA-%d", i+1)) || !strings.Contains(row, title) || !strings.Contains(row, want[i].StartOn.String()) {
			b.fatalf("row %d of the cycle reads %q; want EA-%d, %s starting %s", i+1, row, i+1, title, want[i].StartOn)
		}
	}
	b.screenshot("certificate-cycle")
}

// certStartSurveillance opens EA-1, the first surveillance audit, and sets
// it in progress; it returns the audit's path.
func certStartSurveillance(b *journeyBrowser) string {
	b.step("C3. open the first surveillance audit and set it in progress")
	b.enterOn(b.byText("main #cycle a", "EA-1"))
	path := b.path()
	b.wantTextContains("main h1", "Surveillance audit 1")
	b.wantTextContains("main .props", "The preparation task")
	b.enterOn(b.byText("main .page-header a", "Edit"))
	b.selectOption("#f-status", "In progress")
	b.enterOn(b.byText("main form button", "Save audit"))
	b.wantPath(path)
	b.wantTextContains("main .page-header .meta", "In progress")
	b.screenshot("surveillance-in-progress")
	return path
}

// certInviteAuditor invites the body's auditor until 30 days ahead,
// limited to ISO/IEC 27001:2022, and returns the one-time password.
func certInviteAuditor(b *journeyBrowser, today isms.Date) string {
	b.step("C4. invite the body's auditor from Certification, Auditors: until %s, ISO/IEC 27001 only", today.AddDays(30))
	b.navigate(b.base + "/auditors")
	b.enterOn(b.byText("main a", "Invite an auditor"))
	b.sendKeys("#f-email", cAuditorEmail)
	b.sendKeys("#f-name", cAuditorName)
	b.typeDate("#f-accessUntil", today.AddDays(30))
	b.selectOption("#f-framework", fISOTitle)
	b.enterOn(b.byText("main form button", "Invite auditor"))
	b.wantText("main h1", "Auditor invited")
	otp := b.text("code#secret-value")
	if len(otp) < 12 {
		b.fatalf("the auditor's one-time password %q: want at least 12 characters", otp)
	}
	b.navigate(b.base + "/auditors")
	if row := b.rowText("main table.list", cAuditorName); !strings.Contains(row, today.AddDays(30).String()) || !strings.Contains(row, "active") {
		b.fatalf("the auditors list reads %q for %s; want access until %s, active", row, cAuditorName, today.AddDays(30))
	}
	b.screenshot("auditors")
	return otp
}

// certAuditorSignsIn signs the auditor in with the one-time password and
// makes the password change the product asks for.
func certAuditorSignsIn(a *journeyBrowser, otp string) {
	a.step("C5. the auditor signs in, in another browser context, and chooses a password")
	a.signIn(cAuditorEmail, otp)
	a.wantPath("/account/password")
	a.sendKeys("#f-currentPassword", otp)
	a.sendKeys("#f-newPassword", cAuditorPwd)
	a.submit("main form.form")
	a.wantPath("/account")
}

// certAskForEvidence has the auditor ask, from the audit's page, for
// evidence against A.5.15 due in a week; the certificate's owner, the
// manager, answers it. It returns the request's path.
func certAskForEvidence(a *journeyBrowser, auditPath string, today isms.Date) string {
	a.step("C6. the auditor asks for evidence against A.5.15, due in a week, from the audit's page")
	a.navigate(a.base + auditPath)
	a.enterOn(a.byText("main #requests a", "Ask for evidence"))
	a.sendKeys("#f-requirement", "A.5.15")
	a.sendKeys("#f-title", cRequestTitle)
	a.sendKeys("#f-detail", "The policy in force and the record of its last review.")
	a.typeDate("#f-dueOn", today.AddDays(7))
	a.enterOn(a.byText("main form button", "Ask for evidence"))
	path := a.path()
	if !strings.HasPrefix(path, "/evidence-requests/") {
		a.fatalf("after asking, the auditor is at %s, want /evidence-requests/{id}", path)
	}
	a.wantTextContains("main h1", "ER-1")
	a.wantTextContains("main .page-header .meta", "Owner: "+jManagerName)
	a.wantTextContains("main .page-header .meta", "Due "+today.AddDays(7).String())
	a.wantTextContains("main .props", "A.5.15")
	a.screenshot("evidence-requested")
	return path
}

// certRecordFinding has the auditor record a minor nonconformity against
// A.5.15 and follow the finding to the nonconformity record it opened.
func certRecordFinding(a *journeyBrowser, auditPath string, today isms.Date) {
	a.step("C7. the auditor records a minor nonconformity against A.5.15: it opens NC-1, from external audit")
	a.navigate(a.base + auditPath)
	a.enterOn(a.byText("main #findings a", "Record a finding"))
	a.selectOption("#f-grade", "Minor nonconformity")
	a.sendKeys("#f-title", cFindingTitle)
	a.sendKeys("#f-description", "Two of five leavers sampled kept their access for more than a week after leaving.")
	a.sendKeys("#f-requirements", "A.5.15")
	a.typeDate("#f-capDue", today.AddDays(30))
	a.enterOn(a.byText("main form button", "Record finding"))
	a.wantTextContains("main h1", "XF-1")
	a.enterOn(a.byText(`main .props a[href^="/nonconformities/"]`, "NC-1"))
	a.wantTextContains("main h1", "NC-1")
	a.wantTextContains("main h1", cFindingTitle)
	a.wantTextContains("main .page-header .meta", "Minor")
	a.wantTextContains("main .props", "External audit")
	a.wantTextContains("main .props", today.AddDays(30).String())
	a.wantTextContains("main .record-links", "XF-1")
	a.screenshot("external-nonconformity")
}

// certAnswer has the manager find the request under My work and answer
// it with a new file, by the plain form post.
func certAnswer(b *journeyBrowser, requestPath string) {
	b.step("C8. the manager finds ER-1 under My work and answers it by uploading a new file")
	b.navigate(b.base + "/work")
	if row := b.rowText("main table.list", "Evidence request ER-1: "+cRequestTitle); row == "" {
		b.fatalf("My work lists no task for ER-1:\n%s", b.text("main"))
	}
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, requestPath))
	b.wantPath(requestPath)
	file := filepath.Join(b.t.TempDir(), cAnswerFile)
	if err := os.WriteFile(file, []byte(cAnswerContent), 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.scriptsOff(true)
	defer b.scriptsOff(false)
	b.sendKeys("#answer #f-text", "The policy in force; its review is recorded on its last page.")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
	b.click(b.byText("main #answer button", "Answer with this evidence"))
	b.wantPath(requestPath)
	b.wantTextContains(".flash", "Evidence request ER-1 is answered")
	b.wantTextContains("main .page-header .meta", "Answered")
	b.wantTextContains("main #evidence", cAnswerFile)
	b.screenshot("evidence-answered")
}

// certAccept has the auditor accept the answer.
func certAccept(a *journeyBrowser, requestPath string) {
	a.step("C9. the auditor accepts the answer")
	a.navigate(a.base + requestPath)
	a.enterOn(a.byText("main #review button", "Accept the answer"))
	a.wantTextContains("main .page-header .meta", "Accepted")
	if n := a.count("main #thread .timeline > li"); n != 3 {
		a.fatalf("ER-1's thread has %d steps, want 3 (asked, answered, accepted)", n)
	}
	a.screenshot("evidence-accepted")
}
