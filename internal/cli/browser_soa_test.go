// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSoA drives the Statement of Applicability journey through the
// real server in Chromium, with two managers in two browser sessions: the
// first adds a framework of the organization's own requirements, a control
// linked to one of them and a risk whose treatment uses that control;
// generates the SoA, which proposes that requirement as applicable with
// the risk as its source; excludes another requirement (refused first
// without a justification) and includes the third for a business reason;
// submits v1 to the second manager, who approves it; starts v2, changes a
// line with the reason for the change, compares the versions and exports
// v1 as a PDF. It runs on SQLite, and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set.
func TestBrowserSoA(t *testing.T) {
	eachJourneyDatabase(t, runSoAJourney)
}

// The SoA journey's risk, decisions and change (the framework, its
// requirements and the control are the framework journey's).
const (
	sRiskTitle  = "Intrusions go unnoticed for weeks"
	sExclusion  = "We keep no Acme data at rest: files from Acme are processed in memory and deleted when the job ends."
	sInventory  = "Acme's contract requires an inventory of the systems that hold its data."
	sNewReason  = "Our cyber insurer asks for the same inventory, so it is good practice for every customer."
	sChangeWhy  = "The insurer's questionnaire at renewal asked for the inventory."
	sInventoryR = "SR-1"
	sEventsR    = "SR-2"
	sEncryptR   = "SR-3"
)

// runSoAJourney is the journey on one database; vars are the server's
// environment.
func runSoAJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-soa", base)

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	otp2 := riskAddApprover(b)
	journeyManagerChangesPassword(b, otp)

	soaAddISO(b)
	frameworkID := frameworkImportFile(b, t.TempDir())
	frameworkNewControl(b)
	frameworkLinkFromRequirement(b, frameworkID)
	soaAddRisk(b)
	v1 := soaGenerate(b)
	soaExclude(b, v1)
	soaInclude(b, v1)
	approvalPath := soaSubmit(b, v1)
	b2 := newJourneyBrowser(t, browser, dbName+"-soa-approver", base)
	soaApprove(b2, otp2, approvalPath)
	v2 := soaNewVersion(b, v1)
	soaChangeLine(b, v2)
	soaCompare(b, v2)
	soaExportPDF(b, v1)

	b.checkConsole()
	b2.checkConsole()
	t.Logf("SoA journey on %s took %s; screenshots in %s and %s", dbName, time.Since(start).Round(time.Millisecond),
		strings.Join(b.shotDirs, ", "), strings.Join(b2.shotDirs, ", "))
}

// soaAddISO adds ISO/IEC 27001:2022, whose SoA is the one /soa shows
// first.
func soaAddISO(b *journeyBrowser) {
	b.step("S0. as the manager, add ISO/IEC 27001:2022 from /frameworks")
	b.navigate(b.base + "/frameworks")
	b.enterOn(b.byText("main button", "Add "+fISOTitle))
	b.wantText("main h1", fISOTitle)
}

// soaAddRisk records a risk whose treatment uses control C-1.
func soaAddRisk(b *journeyBrowser) {
	b.step("S1. record a risk whose treatment uses control C-1")
	b.navigate(b.base + "/risks/new")
	b.sendKeys("#f-title", sRiskTitle)
	b.selectOption("#f-owner", jManagerName)
	b.sendKeys("#f-controls", "C-1")
	b.selectOption("#f-treatment", "Modify")
	b.sendKeys("#f-treatmentPlan", "Collect and review the security events of every system.")
	b.enterOn(b.byText("main form button", "Create risk"))
	b.wantTextContains(".flash", "Risk R-1 created")
	b.wantTextContains("main", fControlTitle)
}

// soaGenerate opens the SoA of the custom framework, empty, and generates
// it; it returns the path of the draft v1.
func soaGenerate(b *journeyBrowser) (path string) {
	b.step("S2. open the Statement of Applicability: none for ISO/IEC 27001:2022; switch to the custom framework and generate it")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/soa"]`)
	b.wantTextContains("main .empty h2", "No Statement of Applicability for "+fISOTitle+" yet")
	b.loadAfter(journeySelect("#framework", fCustomTitle)) // the select submits by itself
	b.wantTextContains("main .empty h2", "No Statement of Applicability for "+fCustomTitle+" yet")
	b.screenshot("soa-empty")
	b.sendKeys("main .empty #f-generate-note", "First SoA of our customer's requirements.")
	b.enterOn(b.byText("main .empty button", "Generate the SoA"))
	path = b.path()
	if !strings.HasPrefix(path, "/soa/soa_") {
		b.fatalf("after generating the SoA the browser is at %s, want /soa/{id}", path)
	}
	b.wantTextContains(".flash", "Draft v1 of the Statement of Applicability started")
	b.wantTextContains("main h1", "v1")
	b.wantTextContains("main h1", "Draft")
	if row := b.soaRow(sEventsR); !strings.Contains(row, "Applicable") || !strings.Contains(row, "Risk treatment: R-1") ||
		!strings.Contains(row, "C-1") {
		b.fatalf("the line of %s reads %q; want it applicable, justified by R-1, carried out by C-1", sEventsR, row)
	}
	for _, ref := range []string{sInventoryR, sEncryptR} {
		if row := b.soaRow(ref); !strings.Contains(row, "Awaiting decision") {
			b.fatalf("the line of %s reads %q; want it awaiting a decision", ref, row)
		}
	}
	b.wantTextContains(`section[aria-labelledby="issues-heading"]`, "2 errors")
	b.screenshot("soa-generated")
	return path
}

// soaRow returns the text of the line of ref in the SoA's lines table.
func (b *journeyBrowser) soaRow(ref string) string {
	b.t.Helper()
	return browserRun(b, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const th = [...document.querySelectorAll("table.soa-lines tbody th")].find((th) => th.querySelector("a")?.textContent.trim() === %s);
		return th ? th.closest("tr").textContent.replace(/\s+/g, " ").trim() : "";
	})()`, journeyJS(ref))))
}

// expected forgets the console problems recorded so far that contain
// text: the page caused them on purpose.
func (b *journeyBrowser) expected(text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.problems[:0]
	for _, p := range b.problems {
		if !strings.Contains(p, text) {
			kept = append(kept, p)
		}
	}
	b.problems = kept
}

// soaEditLine opens the edit form of the line of ref from the version at
// path.
func soaEditLine(b *journeyBrowser, path, ref string) {
	b.t.Helper()
	b.navigate(b.base + path)
	b.enterOn(b.byText("table.soa-lines tbody th a", ref))
	b.wantTextContains("main h1", ref)
}

// soaExclude excludes the encryption requirement: first without a
// justification, which the form refuses on its field, then with one.
func soaExclude(b *journeyBrowser, path string) {
	b.step("S3. exclude %s: refused without a justification, saved with one", sEncryptR)
	soaEditLine(b, path, sEncryptR)
	b.do(chromedp.Click(chromedp.CSS("#f-applicable-no")))
	b.enterOn(b.byText("main form button", "Save"))
	b.wantTextContains(".field-invalid .error", "Justify the exclusion")
	b.screenshot("soa-line-refused")
	b.expected("status of 422") // the refused form comes back as 422 Unprocessable Entity
	b.sendKeys("#f-exclusion", sExclusion)
	b.enterOn(b.byText("main form button", "Save"))
	if p := b.path(); p != path && !strings.HasPrefix(p, path+"/lines/") {
		b.fatalf("after saving the line the browser is at %s, want the version %s or a line of it", p, path)
	}
	b.navigate(b.base + path)
	if row := b.soaRow(sEncryptR); !strings.Contains(row, "Not applicable") || !strings.Contains(row, sExclusion) {
		b.fatalf("the line of %s reads %q; want it excluded with its justification", sEncryptR, row)
	}
}

// soaInclude includes the inventory requirement as a business requirement,
// owned by the manager.
func soaInclude(b *journeyBrowser, path string) {
	b.step("S4. include %s as a business requirement", sInventoryR)
	soaEditLine(b, path, sInventoryR)
	b.do(chromedp.Click(chromedp.CSS("#f-applicable")))
	b.do(chromedp.Click(chromedp.CSS("#f-businessRequirement")))
	b.sendKeys("#f-reason", sInventory)
	b.selectOption("#f-ownerId", jManagerName)
	b.screenshot("soa-line-form")
	b.enterOn(b.byText("main form button", "Save"))
	b.navigate(b.base + path)
	if row := b.soaRow(sInventoryR); !strings.Contains(row, "Business requirement: "+sInventory) || !strings.Contains(row, jManagerName) {
		b.fatalf("the line of %s reads %q; want it included for the business requirement, owned by %s", sInventoryR, row, jManagerName)
	}
	if issues := b.text(`section[aria-labelledby="issues-heading"]`); strings.Contains(issues, "error") {
		b.fatalf("every line is decided, yet the SoA reports errors: %s", issues)
	}
	b.screenshot("soa-decided")
}

// soaSubmit submits v1 to the second manager and returns the path of the
// submission.
func soaSubmit(b *journeyBrowser, path string) (approvalPath string) {
	b.step("S5. submit v1 to the second manager for approval")
	b.navigate(b.base + path)
	form := `section[aria-labelledby="submit-heading"]`
	b.selectOption(form+" #f-approvers", rApproverName)
	b.sendKeys(form+" textarea[name=note]", "Every requirement decided; please approve.")
	b.enterOn(b.byText(form+" button", "Submit v1 for approval"))
	approvalPath = b.path()
	if !strings.HasPrefix(approvalPath, "/approvals/") {
		b.fatalf("after submitting the SoA the browser is at %s, want /approvals/{id}", approvalPath)
	}
	b.wantText("main .page-header .chip", "pending")
	b.wantTextContains("main h1", "Statement of Applicability")
	b.screenshot("soa-submitted")
	return approvalPath
}

// soaApprove signs the second manager in, in their own browser session,
// and approves the SoA.
func soaApprove(b *journeyBrowser, otp, approvalPath string) {
	b.step("S6. in a second browser session, the second manager signs in, sets a password and approves v1")
	b.signIn(rApproverEmail, otp)
	b.wantPath("/account/password")
	b.sendKeys("#f-currentPassword", otp)
	b.sendKeys("#f-newPassword", rApproverPwd)
	b.submit("main form.form")
	b.navigate(b.base + "/approvals")
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, approvalPath))
	b.wantTextContains("main", "Statement of Applicability")
	b.selectOption("#f-decision", "Approve")
	b.sendKeys("#f-comment", "Approved: the decisions match our risks and Acme's contract.")
	b.submit("main form.form")
	b.wantPath(approvalPath)
	b.wantText("main .page-header .chip", "approved")
	b.screenshot("soa-approved")
}

// soaNewVersion checks that v1 is approved and starts v2 from it; it
// returns the path of v2.
func soaNewVersion(b *journeyBrowser, v1 string) (path string) {
	b.step("S7. the manager sees v1 approved by the second manager, and starts v2")
	b.navigate(b.base + v1)
	b.wantTextContains("main h1", "Approved")
	b.wantTextContains("main .page-header .meta", "Approved by "+rApproverName)
	// Starting a version asks for confirmation; accept it as a person would.
	b.do(chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	b.enterOn(b.byText("main button", "Start a new version"))
	path = b.path()
	if !strings.HasPrefix(path, "/soa/soa_") || path == v1 {
		b.fatalf("after starting a new version the browser is at %s, want a new /soa/{id}", path)
	}
	b.wantTextContains("main h1", "v2")
	b.wantTextContains("main", "v1 is the approved version in force")
	if row := b.soaRow(sEncryptR); !strings.Contains(row, sExclusion) {
		b.fatalf("v2's line of %s reads %q; want v1's exclusion copied", sEncryptR, row)
	}
	return path
}

// soaChangeLine changes the inventory line of v2 with the reason for the
// change.
func soaChangeLine(b *journeyBrowser, path string) {
	b.step("S8. change %s in v2: good practice as well, with the reason for the change", sInventoryR)
	soaEditLine(b, path, sInventoryR)
	b.do(chromedp.Click(chromedp.CSS("#f-goodPractice")))
	b.do(chromedp.Clear(chromedp.CSS("#f-reason")))
	b.sendKeys("#f-reason", sNewReason)
	b.sendKeys("#f-changeReason", sChangeWhy)
	b.enterOn(b.byText("main form button", "Save"))
	b.navigate(b.base + path)
	if row := b.soaRow(sInventoryR); !strings.Contains(row, "Business requirement and good practice: "+sNewReason) {
		b.fatalf("v2's line of %s reads %q; want the new justification", sInventoryR, row)
	}
}

// soaCompare compares v1 with v2 and finds the changed line with its
// reason.
func soaCompare(b *journeyBrowser, path string) {
	b.step("S9. compare v1 with v2: the changed line, before and after, and why")
	b.navigate(b.base + path)
	b.enterOn(b.byText("main .actions a", "Compare with v1"))
	b.wantPath("/soa/compare")
	main := b.text("main")
	for _, want := range []string{sInventoryR, "Justification", "Business requirement: " + sInventory, sNewReason, sChangeWhy} {
		if !strings.Contains(main, want) {
			b.fatalf("the comparison lacks %q:\n%s", want, main)
		}
	}
	for _, unchanged := range []string{sEventsR, sEncryptR} {
		if strings.Contains(b.text("main table"), unchanged) {
			b.fatalf("the comparison lists %s, which did not change", unchanged)
		}
	}
	b.screenshot("soa-compare")
}

// soaExportPDF fetches v1's PDF export in the manager's session.
func soaExportPDF(b *journeyBrowser, v1 string) {
	b.step("S10. export v1 as a PDF from its page")
	b.navigate(b.base + v1)
	href := b.attr(`main a.export[href$="/export.pdf"]`, "href")
	got := browserRun(b, chromedp.Evaluate[[]string](fmt.Sprintf(`fetch(%s).then(async (r) => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const x of bytes) s += String.fromCharCode(x);
		return [String(r.status), r.headers.get("Content-Type") || "", r.headers.get("Content-Disposition") || "", btoa(s)];
	})`, journeyJS(href)), chromedp.EvalAwaitPromise))
	if got[0] != "200" || got[1] != "application/pdf" || !strings.Contains(got[2], "soa-acme-supplier-v1.pdf") {
		b.fatalf("GET %s: status %s, type %s, disposition %s; want 200, a PDF named soa-acme-supplier-v1.pdf", href, got[0], got[1], got[2])
	}
	data, err := base64.StdEncoding.DecodeString(got[3])
	if err != nil {
		b.fatalf("decode the download: %v", err)
	}
	if !strings.HasPrefix(string(data), "%PDF-") || len(data) < 2000 {
		b.fatalf("the PDF export has %d bytes starting %q; want a PDF document", len(data), data[:min(len(data), 8)])
	}
}
