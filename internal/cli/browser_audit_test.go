// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/isms"
)

// TestBrowserAuditAndReview drives internal audit and management review
// through the real server in Chromium, as the ISMS manager: adds ISO/IEC
// 27001:2022 and a control they own linked to A.8.15; creates an audit
// programme; plans an audit of A.8.15 with themselves as lead, which the
// independence check refuses next to the lead field, then with the owner
// as lead; starts it, records A.8.15 as nonconforming and raises a minor
// nonconformity; plans a management review, sees the live pack with every
// 9.3.2 input, holds it, sees the pack frozen with its SHA-256 and exports
// it as a PDF. It runs on SQLite, and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set.
func TestBrowserAuditAndReview(t *testing.T) {
	eachJourneyDatabase(t, runAuditJourney)
}

// The audit journey's records.
const (
	aProgrammeTitle = "Internal audit programme 2026–2028"
	aAuditTitle     = "Logging and internal audit"
	aScope          = "9.2, A.8.15-A.8.16"
	aNotes          = "Logs of the customer portal are kept for 30 days, not the year the logging standard asks for."
	aFindingTitle   = "Portal logs kept for 30 days only"
	aReviewTitle    = "Management review 2026"
)

// runAuditJourney is the journey on one database; vars are the server's
// environment.
func runAuditJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-audit", base)
	today := isms.DateOf(time.Now())

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	journeyManagerChangesPassword(b, otp)
	soaAddISO(b)
	auditOwnedControl(b)
	auditProgramme(b, today)
	auditPath := auditPlan(b, today)
	auditStart(b, auditPath)
	auditRecordItem(b, auditPath)
	auditRaiseFinding(b, auditPath)
	reviewPath := reviewPlan(b, today)
	reviewHold(b, reviewPath, today)
	reviewExportPack(b, reviewPath)

	b.checkConsole()
	t.Logf("audit journey on %s took %s; screenshots in %s", dbName, time.Since(start).Round(time.Millisecond), strings.Join(b.shotDirs, ", "))
}

// auditOwnedControl creates control C-1, owned by the manager, and links
// it to A.8.15.
func auditOwnedControl(b *journeyBrowser) {
	b.step("A1. create control C-1 owned by the manager, and link it to A.8.15")
	b.navigate(b.base + "/controls/new")
	b.sendKeys("#f-title", fControlTitle)
	b.selectOption("#f-owner", jManagerName)
	b.submit("main form.form")
	path := b.path()
	if !strings.HasPrefix(path, "/controls/") || path == "/controls/new" {
		b.fatalf("after creating the control the browser is at %s, want /controls/{id}", path)
	}
	frameworkLinkFromControl(b, path)
}

// auditProgramme creates AP-1 on ISO/IEC 27001:2022 from a month ago.
func auditProgramme(b *journeyBrowser, today isms.Date) {
	b.step("A2. create the audit programme AP-1 on ISO/IEC 27001:2022")
	b.navigate(b.base + "/audit-programmes/new")
	b.sendKeys("#f-title", aProgrammeTitle)
	b.sendKeys("#f-description", "Every clause and applicable control once in three years; logging every year.")
	b.selectOption("#f-framework", fISOTitle)
	b.typeDate("#f-start", today.AddDays(-30))
	b.typeDate("#f-end", today.AddDate(3, 0, -31))
	b.selectOption("#f-ownerId", jManagerName)
	b.enterOn(b.byText("main form button", "Plan programme"))
	if p := b.path(); !strings.HasPrefix(p, "/audit-programmes/") || p == "/audit-programmes/new" {
		b.fatalf("after creating the programme the browser is at %s, want /audit-programmes/{id}", p)
	}
	b.wantTextContains("main h1", "AP-1")
	b.wantTextContains("main h1", aProgrammeTitle)
	b.screenshot("audit-programme")
}

// auditPlan plans IA-1 with the manager, who owns C-1, as lead: refused
// with the conflict next to the lead field; then with the owner as lead.
// It returns the audit's path.
func auditPlan(b *journeyBrowser, today isms.Date) string {
	b.step("A3. plan an audit of %s led by the manager, who owns C-1: the independence check refuses it", aScope)
	b.navigate(b.base + "/internal-audits/new?programme=AP-1")
	b.sendKeys("#f-title", aAuditTitle)
	b.sendKeys("#f-units", "IT operations")
	b.sendKeys("#f-scope", aScope)
	b.selectOption("#f-lead", jManagerName)
	b.typeDate("#f-plannedStart", today)
	b.typeDate("#f-plannedEnd", today.AddDays(2))
	b.enterOn(b.byText("main form button", "Plan audit"))
	b.expected("status of 422") // the refused form comes back as 422 Unprocessable Entity
	lead := b.text(`.field-invalid:has(#f-lead) .error`)
	for _, want := range []string{jManagerName + " owns control C-1 " + fControlTitle, "(A.8.15)", "choose another auditor"} {
		if !strings.Contains(lead, want) {
			b.fatalf("the lead field's error reads %q; want it to contain %q", lead, want)
		}
	}
	b.wantTextContains("#conflicts", jManagerName+" owns control C-1")
	b.screenshot("audit-independence-refused")

	b.step("A4. choose the owner as lead instead: the audit is planned with its checklist")
	b.selectOption("#f-lead", jOwnerName)
	b.enterOn(b.byText("main form button", "Plan audit"))
	path := b.path()
	if !strings.HasPrefix(path, "/internal-audits/") || path == "/internal-audits" {
		b.fatalf("after planning the audit the browser is at %s, want /internal-audits/{id}", path)
	}
	b.wantTextContains("main h1", "IA-1")
	b.wantTextContains("main .page-header .meta", "Lead auditor: "+jOwnerName)
	if n := b.count("table.ia-checklist tbody tr"); n != 5 {
		b.fatalf("the checklist has %d items, want 5 (9.2, 9.2.1, 9.2.2, A.8.15, A.8.16)", n)
	}
	return path
}

// auditStart starts the audit.
func auditStart(b *journeyBrowser, path string) {
	b.step("A5. start the audit")
	b.wantPath(path)
	b.enterOn(b.byText("main .ia-moves button", "Start the audit"))
	b.wantPath(path)
	b.wantTextContains(".flash", "IA-1 is now in progress")
}

// auditRecordItem records A.8.15 as nonconforming.
func auditRecordItem(b *journeyBrowser, path string) {
	b.step("A6. record A.8.15 as nonconforming, with notes and sampling")
	b.enterOn(b.byText("table.ia-checklist tbody th a", "A.8.15"))
	b.wantTextContains("main h1", "A.8.15")
	b.do(chromedp.Click(chromedp.CSS("#f-result-nonconforming")))
	b.sendKeys("#f-notes", aNotes)
	b.sendKeys("#f-sampling", "Retention settings of the 3 log groups of the portal.")
	b.screenshot("audit-item-form")
	b.enterOn(b.byText("main form button", "Record result"))
	b.wantTextContains(".flash", "A.8.15: Nonconforming recorded")
	b.navigate(b.base + path)
	if row := b.rowOf("table.ia-checklist", "A.8.15"); !strings.Contains(row, "Nonconforming") || !strings.Contains(row, aNotes[:40]) {
		b.fatalf("the checklist's row of A.8.15 reads %q; want it nonconforming with the start of the notes", row)
	}
}

// auditRaiseFinding raises a minor nonconformity against A.8.15.
func auditRaiseFinding(b *journeyBrowser, path string) {
	b.step("A7. raise a minor nonconformity against A.8.15")
	b.navigate(b.base + path)
	b.enterOn(b.byText("main #findings a", "Raise a finding"))
	b.selectOption("#f-grade", "Minor nonconformity")
	b.sendKeys("#f-title", aFindingTitle)
	b.sendKeys("#f-description", "A.8.15 and the logging standard ask for a year of logs; the portal keeps 30 days. "+aNotes)
	b.sendKeys("#f-requirements", "A.8.15")
	b.enterOn(b.byText("main form button", "Raise finding"))
	if p := b.path(); !strings.HasPrefix(p, "/findings/") {
		b.fatalf("after raising the finding the browser is at %s, want /findings/{id}", p)
	}
	b.wantTextContains("main h1", "F-1")
	b.wantTextContains("main", "Minor nonconformity")
	b.navigate(b.base + path)
	b.wantTextContains("main #findings", aFindingTitle)
	b.screenshot("audit-finding")
}

// reviewPlan plans MR-1, chaired by the owner, and checks its live pack;
// it returns the review's path.
func reviewPlan(b *journeyBrowser, today isms.Date) string {
	b.step("R1. plan a management review and see its pack compiled live, one section per 9.3.2 input")
	b.navigate(b.base + "/management-reviews/new")
	b.sendKeys("#f-title", aReviewTitle)
	b.typeDate("#f-plannedOn", today.AddDays(7))
	b.selectOption("#f-chair", jOwnerName)
	b.enterOn(b.byText("main form button", "Plan the review"))
	path := b.path()
	if !strings.HasPrefix(path, "/management-reviews/") || path == "/management-reviews/new" {
		b.fatalf("after planning the review the browser is at %s, want /management-reviews/{id}", path)
	}
	b.wantTextContains("main h1", "MR-1")
	b.wantTextContains("main .review-live", "compiled live")
	b.wantTextContains("#pack-heading", "live")
	for _, key := range isms.ReviewInputs {
		if n := b.count("section.pack-section#input-" + key); n != 1 {
			b.fatalf("the pack has %d sections for input %s, want 1", n, key)
		}
	}
	b.wantTextContains("#input-d3", "Audit results")
	b.screenshot("review-live-pack")
	return path
}

// reviewHold holds the review today and checks that its pack is frozen
// with its SHA-256.
func reviewHold(b *journeyBrowser, path string, today isms.Date) {
	b.step("R2. hold the review: date, attendees, minutes; the pack is frozen with its SHA-256")
	b.typeDate("#f-heldOn", today)
	b.sendKeys("#f-attendees", jOwnerName+" (CEO)\n"+jManagerName+" (ISMS manager)")
	b.sendKeys("#f-minutes", "Every input discussed; the logging nonconformity is to be corrected this quarter.")
	b.enterOn(b.byText("main form button", "Record the review as held"))
	b.wantPath(path)
	b.wantTextContains(".flash", "Review recorded as held")
	b.wantTextContains("main h1", "Held")
	b.wantTextContains("#pack-heading", "frozen")
	if hash := b.text("main .review-frozen code.hash"); !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(hash) {
		b.fatalf("the frozen pack's SHA-256 reads %q, want 64 hexadecimal digits", hash)
	}
	if n := b.count("section.pack-section"); n != len(isms.ReviewInputs) {
		b.fatalf("the frozen pack has %d sections, want %d", n, len(isms.ReviewInputs))
	}
	b.screenshot("review-held")
}

// reviewExportPack fetches the pack's PDF in the manager's session.
func reviewExportPack(b *journeyBrowser, path string) {
	b.step("R3. export the pack as a PDF")
	b.wantPath(path)
	href := b.attr(`main a.export[href$="/pack.pdf"]`, "href")
	got := browserRun(b, chromedp.Evaluate[[]string](fmt.Sprintf(`fetch(%s).then(async (r) => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const x of bytes) s += String.fromCharCode(x);
		return [String(r.status), r.headers.get("Content-Type") || "", r.headers.get("Content-Disposition") || "", btoa(s)];
	})`, journeyJS(href)), chromedp.EvalAwaitPromise))
	if got[0] != "200" || got[1] != "application/pdf" || !strings.Contains(got[2], "management-review-mr-1-pack.pdf") {
		b.fatalf("GET %s: status %s, type %s, disposition %s; want 200, a PDF named management-review-mr-1-pack.pdf", href, got[0], got[1], got[2])
	}
	data, err := base64.StdEncoding.DecodeString(got[3])
	if err != nil {
		b.fatalf("decode the download: %v", err)
	}
	if !strings.HasPrefix(string(data), "%PDF-") || len(data) < 2000 {
		b.fatalf("the pack export has %d bytes starting %q; want a PDF document", len(data), data[:min(len(data), 8)])
	}
}

// count returns how many elements match sel.
func (b *journeyBrowser) count(sel string) int {
	b.t.Helper()
	return browserRun(b, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, journeyJS(sel))))
}

// rowOf returns the text of the row of table whose heading cell reads ref.
func (b *journeyBrowser) rowOf(table, ref string) string {
	b.t.Helper()
	return browserRun(b, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const th = [...document.querySelectorAll(%s + " tbody th")].find((th) => th.textContent.trim() === %s);
		return th ? th.closest("tr").textContent.replace(/\s+/g, " ").trim() : "";
	})()`, journeyJS(table), journeyJS(ref))))
}
