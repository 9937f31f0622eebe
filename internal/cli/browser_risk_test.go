// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
)

// TestBrowserRisks drives the risk management journey through the real
// server in Chromium, with two managers in two browser sessions: the first
// defines a 4×4 method from the ready-made one, renames a likelihood
// level and submits it to the second, who approves it; the first adds an
// asset and two risks (an event scenario, and an asset-based risk linked to
// the asset and owned by the second manager), treats the first (modify, a
// residual score and an action); the second accepts the other's low
// residual risk as its owner; both risks appear on the heatmap, a cell
// leads to the register filtered to it, and the register's XLSX export
// holds both. It runs on SQLite, and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set.
func TestBrowserRisks(t *testing.T) {
	eachJourneyDatabase(t, runRiskJourney)
}

// The risk journey's second manager, asset and risks.
const (
	rApproverName  = "Greta Approver"
	rApproverEmail = "greta@acme.test"
	rApproverPwd   = "greta-pw-2026x"
	rRareLabel     = "Very rare"
	rAssetName     = "Customer database"
	rScenario      = "Ransomware encrypts the file servers"
	rAssetRisk     = "Laptop theft exposes the customer database"
)

// runRiskJourney is the journey on one database; vars are the server's
// environment.
func runRiskJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-risks", base)

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	otp2 := riskAddApprover(b)
	journeyManagerChangesPassword(b, otp)

	approvalPath := riskDefineMethod(b)
	b2 := newJourneyBrowser(t, browser, dbName+"-risks-approver", base)
	riskApproveMethod(b2, otp2, approvalPath)
	riskSeeMethod(b)
	assetRef := riskAddAsset(b)
	scenarioPath := riskAddScenario(b)
	assetRiskPath := riskAddAssetRisk(b, assetRef)
	riskTreat(b, scenarioPath)
	riskAccept(b2, assetRiskPath)
	riskHeatmap(b)
	riskExportXLSX(b, assetRef)

	b.checkConsole()
	b2.checkConsole()
	t.Logf("risk journey on %s took %s; screenshots in %s and %s", dbName, time.Since(start).Round(time.Millisecond),
		strings.Join(b.shotDirs, ", "), strings.Join(b2.shotDirs, ", "))
}

// riskAddApprover adds the second ISMS manager and returns their one-time
// password.
func riskAddApprover(b *journeyBrowser) (otp string) {
	b.step("R1. add a second ISMS manager, who will approve the method")
	b.navigate(b.base + "/members/new")
	b.sendKeys("#f-email", rApproverEmail)
	b.sendKeys("#f-name", rApproverName)
	b.selectOption("#f-role", "ISMS manager")
	b.submit("main form.form")
	b.wantText("main h1", "Account created")
	return b.text("code#secret-value")
}

// riskDefineMethod has the manager start a 4×4 draft from the empty method
// page, rename the lowest likelihood level and submit the draft to the
// second manager; it returns the submission's path.
func riskDefineMethod(b *journeyBrowser) (approvalPath string) {
	b.step("R2. as the manager, open the risk method from the navigation: none yet; start from the 4 × 4 method")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/risk-method"]`)
	b.wantTextContains("main", "No approved risk method yet")
	b.screenshot("method-empty")
	b.enterOn(b.byText("main button", "Start from 4 × 4"))
	b.wantTextContains(".flash", "Draft v1 started")

	b.step("R3. rename the lowest likelihood level to %q and save the draft", rRareLabel)
	label := `[id="f-likelihood[0].label"]`
	if got := b.value(label); got != "Rare" {
		b.fatalf("the 4×4 draft's lowest likelihood level is %q, want Rare", got)
	}
	b.do(chromedp.Clear(chromedp.CSS(label)))
	b.sendKeys(label, rRareLabel)
	b.screenshot("method-edit")
	b.enterOn(b.byText("main form button", "Save draft"))
	b.wantTextContains(".flash", "Draft v1 saved")
	b.wantTextContains("main", rRareLabel)

	b.step("R4. submit v1 to the second manager for approval")
	b.selectOption("#f-approvers", rApproverName)
	b.sendKeys("#f-note", "Our first risk method: the 4 × 4 starting point with our own label for the rarest events.")
	b.enterOn(b.byText("main form button", "Submit for approval"))
	approvalPath = b.path()
	if !strings.HasPrefix(approvalPath, "/approvals/") {
		b.fatalf("after submitting the method the browser is at %s, want /approvals/{id}", approvalPath)
	}
	b.wantText("main .page-header .chip", "pending")
	b.screenshot("method-submitted")
	return approvalPath
}

// riskApproveMethod signs the second manager in, in their own browser
// session, and approves the method.
func riskApproveMethod(b *journeyBrowser, otp, approvalPath string) {
	b.step("R5. in a second browser session, the second manager signs in, sets a password and approves the method")
	b.signIn(rApproverEmail, otp)
	b.wantPath("/account/password")
	b.sendKeys("#f-currentPassword", otp)
	b.sendKeys("#f-newPassword", rApproverPwd)
	b.submit("main form.form")
	b.navigate(b.base + "/approvals")
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, approvalPath))
	b.wantTextContains("main", rRareLabel)
	b.selectOption("#f-decision", "Approve")
	b.sendKeys("#f-comment", "Approved as our risk method.")
	b.submit("main form.form")
	b.wantPath(approvalPath)
	b.wantText("main .page-header .chip", "approved")
	b.screenshot("method-approved")
}

// riskSeeMethod checks that the method page shows the approved v1 with the
// renamed level.
func riskSeeMethod(b *journeyBrowser) {
	b.step("R6. the manager's method page shows v1 approved, with %q", rRareLabel)
	b.navigate(b.base + "/risk-method")
	b.wantTextContains("main h1", "v1")
	b.wantTextContains("main h1", "approved")
	b.wantTextContains("main", rRareLabel)
	b.screenshot("method-current")
}

// riskAddAsset creates the asset and returns its reference.
func riskAddAsset(b *journeyBrowser) (ref string) {
	b.step("R7. add the asset %q with its C/I/A values", rAssetName)
	b.navigate(b.base + "/assets/new")
	b.sendKeys("#f-name", rAssetName)
	b.selectOption("#f-type", "Information")
	b.selectOption("#f-owner", jManagerName)
	b.selectOption("#f-classification", "Confidential")
	b.selectOption("#f-c", "Severe")
	b.selectOption("#f-i", "Major")
	b.selectOption("#f-a", "Moderate")
	b.screenshot("asset-form")
	b.enterOn(b.byText("main form button", "Create asset"))
	if p := b.path(); !strings.HasPrefix(p, "/assets/") || p == "/assets/new" {
		b.fatalf("after creating the asset the browser is at %s, want /assets/{id}", p)
	}
	ref = b.text("main h1 .ref")
	if ref != "AS-1" {
		b.fatalf("the asset's reference is %q, want AS-1", ref)
	}
	b.wantTextContains("main h1", rAssetName)
	return ref
}

// riskAddScenario creates the event-scenario risk, owned by the manager,
// and returns its path.
func riskAddScenario(b *journeyBrowser) string {
	b.step("R8. add an event-scenario risk with its inherent score")
	b.navigate(b.base + "/risks/new")
	b.sendKeys("#f-title", rScenario)
	b.selectOption("#f-owner", jManagerName)
	b.sendKeys("#f-threatSource", "Organised criminal group")
	b.sendKeys("#f-event", "Ransomware spreads from a phished laptop to the file servers")
	b.sendKeys("#f-consequence", "Shared files unavailable for days")
	b.selectOption("#f-inherentLikelihood", "Likely")
	b.selectOption("#f-inherentImpact", "Severe")
	b.screenshot("risk-form")
	b.enterOn(b.byText("main form button", "Create risk"))
	b.wantTextContains(".flash", "Risk R-1 created")
	b.wantTextContains("main h1", rScenario)
	b.wantTextContains("main", "Critical")
	return b.path()
}

// riskAddAssetRisk creates the asset-based risk linked to the asset,
// owned by the second manager, with a low residual score and retain as
// its treatment, and returns its path.
func riskAddAssetRisk(b *journeyBrowser, assetRef string) string {
	b.step("R9. add an asset-based risk on %s, owned by the second manager, retained at a low residual level", assetRef)
	b.navigate(b.base + "/risks/new")
	b.sendKeys("#f-title", rAssetRisk)
	b.selectOption("#f-kind", "Asset-based")
	b.selectOption("#f-owner", rApproverName)
	b.sendKeys("#f-threat", "Theft of a laptop")
	b.sendKeys("#f-vulnerability", "Exports of the database kept on laptops")
	b.sendKeys("#f-assets", assetRef)
	b.selectOption("#f-inherentLikelihood", "Unlikely")
	b.selectOption("#f-inherentImpact", "Moderate")
	b.selectOption("#f-treatment", "Retain")
	b.sendKeys("#f-treatmentPlan", "Disk encryption makes a stolen laptop's data unreadable.")
	b.selectOption("#f-residualLikelihood", rRareLabel)
	b.selectOption("#f-residualImpact", "Moderate")
	b.enterOn(b.byText("main form button", "Create risk"))
	b.wantTextContains(".flash", "Risk R-2 created")
	b.wantTextContains("main", assetRef+" "+rAssetName)
	b.screenshot("risk-asset-based")
	return b.path()
}

// riskTreat treats the scenario: modify with a plan and a residual score
// on the edit form, then an action on the risk's page.
func riskTreat(b *journeyBrowser, path string) {
	b.step("R10. treat R-1: modify, a plan and a residual score, then a treatment action")
	b.navigate(b.base + path)
	b.enterOn(b.byText("main .actions a", "Edit"))
	b.selectOption("#f-treatment", "Modify")
	b.sendKeys("#f-treatmentPlan", "Immutable backups and endpoint protection on every laptop.")
	b.selectOption("#f-residualLikelihood", rRareLabel)
	b.selectOption("#f-residualImpact", "Major")
	b.enterOn(b.byText("main form button", "Save risk"))
	b.wantPath(path)
	b.wantTextContains("main h1", "Treatment planned")
	b.do(chromedp.Click(chromedp.CSS("details.add-action summary")))
	b.sendKeys("details.add-action #f-title", "Turn on immutable backups")
	b.typeDate("details.add-action #f-due", isms.DateOf(time.Now()).AddDays(30))
	b.click("details.add-action button[type=submit]")
	b.wantTextContains(".flash", "Action added to the treatment plan")
	if row := b.rowText(`section#plan table.list`, "Turn on immutable backups"); !strings.Contains(row, jManagerName) {
		b.fatalf("the plan's actions have no row for the new action with its owner: %q", row)
	}
	b.screenshot("risk-treated")
}

// riskAccept has the second manager, the risk's owner, accept its low
// residual risk.
func riskAccept(b *journeyBrowser, path string) {
	b.step("R11. the second manager, owner of R-2, accepts its low residual risk")
	b.navigate(b.base + path)
	b.enterOn(b.byText("main a", "Accept the residual risk"))
	b.wantTextContains("main h1", "Accept the residual risk of R-2")
	b.wantTextContains("main", "Low")
	b.sendKeys("#f-comment", "Encryption is enforced on every laptop; the remaining risk is acceptable.")
	b.screenshot("risk-accept")
	b.enterOn(b.byText("main form button", "Accept the residual risk"))
	b.wantPath(path)
	b.wantTextContains("main h1", "Accepted")
	b.wantTextContains("section#acceptance", rApproverName)
	b.wantTextContains("section#acceptance", "standing")
	b.screenshot("risk-accepted")
}

// heatCells returns the aria labels of the heatmap's cells with risks in
// the section of basis.
func (b *journeyBrowser) heatCells(basis string) []string {
	b.t.Helper()
	cells := browserRun(b, chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll('section[aria-labelledby="hm-%s"] svg a')]
		.filter((a) => a.querySelector("text.heat-count")).map((a) => a.getAttribute("aria-label") + " = " + a.querySelector("text.heat-count").textContent)`, basis)))
	slices.Sort(cells)
	return cells
}

// riskHeatmap checks both risks on the heatmap and follows a cell to the
// register filtered to it.
func riskHeatmap(b *journeyBrowser) {
	b.step("R12. the heatmap shows both risks, inherent and residual; a residual cell leads to the register filtered to it")
	b.navigate(b.base + "/")
	b.click(`nav a[href="/risks/heatmap"]`)
	b.wantText("main h1", "Risk heatmap")
	wantCells := map[string][]string{
		"inherent": {"Likelihood Likely, impact Severe: Critical, 1 risk = 1", "Likelihood Unlikely, impact Moderate: Medium, 1 risk = 1"},
		"residual": {"Likelihood " + rRareLabel + ", impact Major: Medium, 1 risk = 1", "Likelihood " + rRareLabel + ", impact Moderate: Low, 1 risk = 1"},
	}
	for basis, want := range wantCells {
		if got := b.heatCells(basis); !slices.Equal(got, want) {
			b.fatalf("the %s heatmap's cells with risks are %q, want %q", basis, got, want)
		}
	}
	b.screenshot("heatmap")
	cell := fmt.Sprintf(`section[aria-labelledby="hm-residual"] svg a[aria-label="Likelihood %s, impact Moderate: Low, 1 risk"]`, rRareLabel)
	b.click(cell)
	b.wantPath("/risks")
	rows := browserRun(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main table.list tbody tr")].map((r) => r.textContent.replace(/\s+/g, " ").trim())`))
	if len(rows) != 1 || !strings.Contains(rows[0], rAssetRisk) {
		b.fatalf("the register filtered to the residual cell lists %q, want only %s", rows, rAssetRisk)
	}
	b.screenshot("register-cell")
}

// riskExportXLSX downloads the register's XLSX export with the manager's
// session and reads it with excelize.
func riskExportXLSX(b *journeyBrowser, assetRef string) {
	b.step("R13. export the register to XLSX and open the file")
	b.navigate(b.base + "/risks")
	href := b.attr(`main a[href^="/risks/export.xlsx"]`, "href")
	got := browserRun(b, chromedp.Evaluate[[]string](fmt.Sprintf(`fetch(%s).then(async (r) => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const x of bytes) s += String.fromCharCode(x);
		return [String(r.status), r.headers.get("Content-Type") || "", btoa(s)];
	})`, journeyJS(href)), chromedp.EvalAwaitPromise))
	if got[0] != "200" || !strings.Contains(got[1], "spreadsheetml") {
		b.fatalf("GET %s: status %s, type %s; want 200 and an XLSX workbook", href, got[0], got[1])
	}
	data, err := base64.StdEncoding.DecodeString(got[2])
	if err != nil {
		b.fatalf("decode the download: %v", err)
	}
	rows := xlsxRows(b, data)
	if len(rows) != 3 || rows[0][0] != "ref" {
		b.fatalf("the XLSX export has rows %q, want the heading and two risks", rows)
	}
	col := func(row []string, name string) string {
		i := slices.Index(rows[0], name)
		if i < 0 || i >= len(row) {
			return ""
		}
		return row[i]
	}
	r1, r2 := rows[1], rows[2]
	checks := []struct{ got, want string }{
		{col(r1, "ref"), "R-1"}, {col(r1, "title"), rScenario}, {col(r1, "treatment"), "modify"}, {col(r1, "inherent_level"), "Critical"},
		{col(r1, "residual_level"), "Medium"}, {col(r1, "owner"), jManagerEmail}, {col(r1, "method_version"), "v1"},
		{col(r2, "ref"), "R-2"}, {col(r2, "kind"), "asset"}, {col(r2, "status"), "accepted"}, {col(r2, "residual_level"), "Low"},
		{col(r2, "assets"), assetRef}, {col(r2, "owner"), rApproverEmail},
	}
	for _, c := range checks {
		if c.got != c.want {
			b.fatalf("the XLSX export has %q where %q belongs; rows:\n%q", c.got, c.want, rows)
		}
	}
}

// xlsxRows returns the rows of the first sheet of an XLSX workbook.
func xlsxRows(b *journeyBrowser, data []byte) [][]string {
	b.t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		b.fatalf("open the XLSX export: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		b.fatalf("read the XLSX export: %v", err)
	}
	return rows
}
