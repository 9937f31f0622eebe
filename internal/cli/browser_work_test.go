// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/mail/mailtest"
)

// TestBrowserWorkAndEvidence drives the journey of work and evidence
// through the real server in Chromium, with a real SMTP server (mailpit)
// and a clock the test moves: the owner sets up e-mail on the mail settings
// page and gives a contributor a task, which the contributor sees under My
// work and gets by e-mail with a link that opens it; the owner uploads
// evidence for the organization profile, valid until tomorrow; three days
// later the operators' "Run now" of the freshness job flags it as expired
// on its page, in the register and on the profile, gives its owner a
// renewal task, and the file downloaded through the browser's session
// still has the SHA-256 recorded at upload. It runs on SQLite, and on
// PostgreSQL as well when ISMS_TEST_POSTGRES_URL is set; mailpit is
// ISMS_TEST_MAILPIT.
func TestBrowserWorkAndEvidence(t *testing.T) {
	mailtest.Binary(t) // skips without mailpit, before Chromium starts
	eachJourneyDatabase(t, runWorkJourney)
}

// The work journey's second person, task and evidence.
const (
	wMemberName     = "Carla Contributor"
	wMemberEmail    = "carla@acme.test"
	wMemberPassword = "carla-pw-4321"
	wTaskTitle      = "Review the access rights of the finance share"
	wTaskNote       = "Compare the share's groups with the HR leavers list."
	wEvidenceTitle  = "Backup restore test, spring"
	wDroppedTitle   = "Access review export"
	// wFreshnessJob is the periodic job that acts on validity dates.
	wFreshnessJob = "evidence.freshness"
	// wMailTimeout bounds the wait for a mail the job runner sends.
	wMailTimeout = 30 * time.Second
)

// workClock is the server's clock: the real time plus an offset the test
// moves forward.
type workClock struct{ offset atomic.Int64 }

func (c *workClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *workClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// today is the server's current date, as the product counts days (UTC).
func (c *workClock) today() isms.Date { return isms.DateOf(c.Now()) }

// runWorkJourney is the journey on one database; vars are the server's
// environment.
func runWorkJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	mp := mailtest.Start(t)
	clock := &workClock{}
	base, setupURL := startJourneyServer(t, vars, clock.Now)
	owner := newJourneyBrowser(t, browser, dbName, base)

	journeySetUp(owner, setupURL)
	workSetUpMail(owner, mp.SMTPPort)
	otp := workAddMember(owner)

	member := newJourneyBrowser(t, browser, dbName+"-member", base)
	member.step("5. the contributor signs in in a second browser context and sets a password")
	workMemberSignIn(member, otp, true)

	taskPath := workAssignTask(owner, clock)
	workMemberSeesTask(member, mp, taskPath)

	content := randomEvidence(t)
	evidencePath := workUploadEvidence(owner, clock, content)
	workDropEvidence(owner, taskPath)

	owner.step("11. move the clock three days on, past the evidence's validity; the sessions end, so both sign in again")
	clock.advance(3 * 24 * time.Hour)
	owner.navigate(base + "/work")
	owner.wantPath("/signin")
	owner.signIn(jOwnerEmail, jOwnerPassword)
	workRunFreshness(owner)
	workSeeExpired(owner, evidencePath)
	workMemberSignIn(member, "", false)
	workRenewalTask(member, evidencePath)
	workDownload(owner, evidencePath, content)

	owner.checkConsole()
	member.checkConsole()
	t.Logf("work journey on %s took %s; screenshots in %s and %s", dbName, time.Since(start).Round(time.Millisecond),
		strings.Join(owner.shotDirs, " and "), strings.Join(member.shotDirs, " and "))
}

// workSetUpMail points the server at the SMTP server on port through the
// mail settings page, with the base URL of links in mails.
func workSetUpMail(b *journeyBrowser, port int) {
	b.step("3. set up e-mail on /admin/mail: mailpit on port %d without encryption, links to %s", port, b.base)
	b.navigate(b.base + "/admin/mail")
	b.wantText("main h1", "Mail settings")
	b.wantTextContains("main .card", "e-mail off")
	b.do(chromedp.Clear(chromedp.CSS("#f-port")))
	b.sendKeys("#f-host", "127.0.0.1")
	b.sendKeys("#f-port", strconv.Itoa(port))
	b.selectOption("#f-tls", "None")
	b.sendKeys("#f-fromEmail", "isms@acme.test")
	b.sendKeys("#f-fromName", "Acme ISMS")
	b.sendKeys("#f-baseUrl", b.base)
	b.submit("main form.form")
	b.wantPath("/admin/mail")
	b.wantTextContains(".flash", "Mail settings saved")
	b.wantTextContains("main .card", "e-mail on")
	b.wantTextContains("main .card", "Links in mails start with "+b.base)
}

// workAddMember adds the contributor and returns the one-time password the
// page shows.
func workAddMember(b *journeyBrowser) (otp string) {
	b.step("4. add a member with the role Contributor, and read the one-time password")
	b.navigate(b.base + "/members/new")
	b.sendKeys("#f-email", wMemberEmail)
	b.sendKeys("#f-name", wMemberName)
	b.selectOption("#f-role", "Contributor")
	b.submit("main form.form")
	b.wantText("main h1", "Account created")
	otp = b.text("code#secret-value")
	if len(otp) < 12 {
		b.fatalf("one-time password %q: want at least 12 characters", otp)
	}
	return otp
}

// workMemberSignIn signs the contributor in: the first time with the
// one-time password otp, which must be changed at once.
func workMemberSignIn(b *journeyBrowser, otp string, first bool) {
	b.t.Helper()
	if !first {
		b.signIn(wMemberEmail, wMemberPassword)
		b.wantPath("/")
		return
	}
	b.signIn(wMemberEmail, otp)
	b.wantPath("/account/password")
	b.sendKeys("#f-currentPassword", otp)
	b.sendKeys("#f-newPassword", wMemberPassword)
	b.submit("main form.form")
	b.wantPath("/account")
}

// workAssignTask creates a task for the contributor through the task form,
// typed with the keyboard, and returns the task's path.
func workAssignTask(b *journeyBrowser, clock *workClock) (taskPath string) {
	b.step("6. give the contributor a task through /tasks/new, typed with the keyboard")
	b.navigate(b.base + "/work")
	b.click(`main .actions a[href="/tasks/new"]`)
	b.wantText("main h1", "New task")
	due := clock.today().AddDays(14)
	b.do(chromedp.Focus(chromedp.CSS("#f-title")))
	b.keys(wTaskTitle + "\t" + wTaskNote + "\t")
	// A closed select chooses the option whose label starts with what is
	// typed; the owner's label is the member's name and role.
	b.keys(wMemberName[:5])
	if got := b.selectedText("#f-owner"); !strings.HasPrefix(got, wMemberName) {
		b.fatalf("typing %q on the owner select chose %q, want %s", wMemberName[:5], got, wMemberName)
	}
	b.keys("\t")
	b.typeDate("#f-due", due)
	b.screenshot("task-form")
	b.loadAfter(chromedp.KeyEvent("\r")) // Enter in the date field submits the form
	taskPath = b.path()
	if !strings.HasPrefix(taskPath, "/tasks/tsk") {
		b.fatalf("after creating the task, the browser is at %s, want /tasks/{id}", taskPath)
	}
	b.wantTextContains(".flash", "Task created for "+wMemberName)
	b.wantTextContains("main h1", wTaskTitle)
	b.wantTextContains("main .page-header .meta", "Owner: "+wMemberName)
	b.screenshot("task")
	return taskPath
}

// workMemberSeesTask checks the contributor's My work and the assignment
// mail, and opens the task with the mail's link.
func workMemberSeesTask(b *journeyBrowser, mp *mailtest.Server, taskPath string) {
	b.step("7. the contributor sees the task under My work")
	b.navigate(b.base + "/work")
	b.wantText("main h1", "My work")
	b.wantTextContains(fmt.Sprintf(`main table.list a[href=%q]`, taskPath), wTaskTitle)
	b.screenshot("member-work")

	b.step("8. the assignment mail reaches mailpit, and its link opens the task")
	msg := mp.WaitFor(b.t, func(m mailtest.Received) bool {
		return strings.Contains(m.Subject, wTaskTitle) && len(m.To) == 1 && m.To[0].Email == wMemberEmail
	}, wMailTimeout)
	if !strings.Contains(msg.Subject, "New task for you") || !strings.Contains(msg.Text, wTaskTitle) {
		b.fatalf("assignment mail: subject %q, want \"New task for you\" and the title; body:\n%s", msg.Subject, msg.Text)
	}
	link := b.base + taskPath
	if !strings.Contains(msg.Text, "Open the task: "+link+"\n") && !strings.Contains(msg.Text, "Open the task: "+link+"\r\n") {
		b.fatalf("assignment mail has no link %s to the task; body:\n%s", link, msg.Text)
	}
	b.navigate(link)
	b.wantPath(taskPath)
	b.wantTextContains("main h1", wTaskTitle)
	b.screenshot("member-task-from-mail")
}

// randomEvidence returns the content of an evidence file, different on
// every run so that no earlier upload can stand in for it.
func randomEvidence(t *testing.T) []byte {
	noise := make([]byte, 16)
	rand.Read(noise)
	return fmt.Appendf(nil, "Backup restore test\nRestored 42 files from the nightly backup; all checksums matched.\nRun %x\n%s",
		noise, strings.Repeat("restore log line\n", 4000))
}

// workUploadEvidence adds file evidence for the organization profile, kept
// by the contributor and valid until tomorrow, through the plain form post
// (scripts off for the upload), and returns the item's path.
func workUploadEvidence(b *journeyBrowser, clock *workClock, content []byte) (evidencePath string) {
	b.step("9. add evidence for the organization profile from its page, valid until tomorrow, with the plain form post")
	file := filepath.Join(b.t.TempDir(), "restore-test.txt")
	if err := os.WriteFile(file, content, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.navigate(b.base + "/organization")
	b.wantTextContains("main .evidence-panel", "No evidence supports this record yet")
	b.scriptsOff(true)
	defer b.scriptsOff(false)
	b.click(`main .evidence-panel a[href^="/evidence/new?link=organization"]`)
	b.wantText("main h1", "Add evidence")
	links := b.value("#f-links")
	if !strings.HasPrefix(links, "organization:") {
		b.fatalf("the evidence form opened from the profile links to %q, want organization:…", links)
	}
	b.sendKeys("#f-title", wEvidenceTitle)
	b.selectOption("#f-owner", wMemberName)
	b.typeDate("#f-validUntil", clock.today().AddDays(1))
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
	b.submit("main form.form")
	evidencePath = b.path()
	if !strings.HasPrefix(evidencePath, "/evidence/evd") {
		b.fatalf("after the upload, the browser is at %s, want /evidence/{id}", evidencePath)
	}
	b.wantTextContains(".flash", "Evidence added")
	// Tomorrow is within the freshness window: the item is flagged as
	// expiring from the start.
	b.wantTextContains("main h1", "expiring")
	sum := sha256.Sum256(content)
	if got := b.text("main code.hash.sha256"); got != hex.EncodeToString(sum[:]) {
		b.fatalf("the evidence page shows SHA-256 %s, want %x", got, sum)
	}
	b.screenshot("evidence")
	return evidencePath
}

// workDropEvidence adds a second item, linked to the task and without an
// expiry, by dropping a file on the form's drop zone, which app.js sends
// with a progress bar; the item's page replaces the form.
func workDropEvidence(b *journeyBrowser, taskPath string) {
	b.step("10. add evidence for the task by dropping a file on the form: app.js uploads it with a progress bar")
	b.navigate(b.base + "/evidence/new?link=task:" + strings.TrimPrefix(taskPath, "/tasks/"))
	b.sendKeys("#f-title", wDroppedTitle)
	content := "user,group,reviewed\nana,finance,yes\n"
	// The drop is a real drop event whose DataTransfer holds a file made in
	// the page; every text the status line shows is recorded.
	msg := browserRun(b, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		window.uploadStatuses = [];
		const status = document.querySelector(".upload-status");
		new MutationObserver(() => window.uploadStatuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
		const zone = document.querySelector("[data-dropzone]");
		const dt = new DataTransfer();
		dt.items.add(new File([%s], "access-review.csv", { type: "text/csv" }));
		for (const type of ["dragover", "drop"]) {
			zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
		}
		return document.querySelector("#f-file").files.length === 1 ? "" : "the drop did not reach the file input";
	})()`, journeyJS(content))))
	if msg != "" {
		b.fatalf("%s", msg)
	}
	b.wantTextContains(".upload-status", "access-review.csv, "+strconv.Itoa(len(content))+" bytes: ready to upload.")
	b.do(chromedp.Click(chromedp.CSS(`main form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .flash`)))
	path := b.path()
	if !strings.HasPrefix(path, "/evidence/evd") {
		b.fatalf("after the upload by script, the address is %s, want /evidence/{id}", path)
	}
	b.wantTextContains(".flash", "Evidence added")
	b.wantTextContains("main h1", wDroppedTitle)
	statuses := browserRun(b, chromedp.Evaluate[[]string](`window.uploadStatuses`))
	if !inOrder(statuses, "ready to upload", "Starting the upload", "100% ·", "Sent; storing") {
		b.fatalf("the upload's status line showed %q, want the file ready, the upload started, its progress to 100%% and the file sent, in that order", statuses)
	}
	sum := sha256.Sum256([]byte(content))
	if got := b.text("main code.hash.sha256"); got != hex.EncodeToString(sum[:]) {
		b.fatalf("the dropped file's page shows SHA-256 %s, want %x", got, sum)
	}
	b.screenshot("evidence-dropped")
}

// workRunFreshness runs the evidence freshness job with "Run now" on the
// background jobs page and waits until a run more has completed.
func workRunFreshness(b *journeyBrowser) {
	b.step("12. run the evidence freshness job with Run now on /admin/jobs, and wait until it has completed")
	b.navigate(b.base + "/admin/jobs")
	b.wantText("main h1", "Background jobs")
	before := b.completedJobs(wFreshnessJob)
	b.click(fmt.Sprintf(`main form[action="/admin/jobs/%s/run"] button`, wFreshnessJob))
	b.wantPath("/admin/jobs")
	deadline := time.Now().Add(wMailTimeout)
	for b.completedJobs(wFreshnessJob) <= before {
		if time.Now().After(deadline) {
			b.fatalf("the %s job has not completed a run within %s of Run now", wFreshnessJob, wMailTimeout)
		}
		time.Sleep(200 * time.Millisecond)
		b.navigate(b.base + "/admin/jobs")
	}
	b.screenshot("jobs")
}

// workSeeExpired checks the expired flag on the evidence page, in the
// register and on the organization profile the item supports.
func workSeeExpired(b *journeyBrowser, evidencePath string) {
	b.step("13. the evidence page, the register and the organization profile flag the evidence as expired")
	b.navigate(b.base + evidencePath)
	b.wantTextContains("main h1", "expired")
	b.wantTextContains(`main .flash[role="alert"]`, "This evidence expired on")
	b.screenshot("evidence-expired")

	b.navigate(b.base + "/evidence")
	if got := b.rowText("main table.list", wEvidenceTitle); !strings.Contains(got, "expired") {
		b.fatalf("the register's row of %q reads %q, want it flagged expired", wEvidenceTitle, got)
	}
	if got := b.rowText("main table.list", wDroppedTitle); !strings.Contains(got, "current") {
		b.fatalf("the register's row of %q reads %q, want it current", wDroppedTitle, got)
	}
	b.screenshot("evidence-list")
	b.navigate(b.base + "/evidence?freshness=expired")
	b.wantTextContains("main table.list tbody", wEvidenceTitle)
	if got := b.text("main table.list tbody"); strings.Contains(got, wDroppedTitle) {
		b.fatalf("the register filtered to expired evidence lists %q, which does not expire:\n%s", wDroppedTitle, got)
	}

	b.navigate(b.base + "/organization")
	b.wantTextContains("main .evidence-panel h2", "1 expired or missing")
	b.wantTextContains(fmt.Sprintf(`main .evidence-panel tr.row-flagged:has(a[href=%q])`, evidencePath), "expired")
	b.screenshot("organization-evidence")
}

// workRenewalTask checks the contributor's renewal task under My work,
// which concerns the expired evidence.
func workRenewalTask(b *journeyBrowser, evidencePath string) {
	b.step("14. the evidence's owner has the renewal task under My work; it leads to the evidence")
	b.navigate(b.base + "/work")
	renewal := "Renew evidence: " + wEvidenceTitle
	if got := b.rowText("main table.list", renewal); got == "" {
		b.fatalf("My work lists no task %q:\n%s", renewal, b.text("main"))
	}
	b.wantTextContains("main table.list tbody", wTaskTitle)
	b.screenshot("member-work-renewal")
	b.loadAfter(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`[...document.querySelectorAll("main table.list a")].find((a) => a.textContent === %s).click()`, journeyJS(renewal))))
	b.wantTextContains("main h1", renewal)
	b.wantTextContains(fmt.Sprintf(`main .page-header .meta a[href=%q]`, evidencePath), wEvidenceTitle)
	b.screenshot("renewal-task")
}

// workDownload downloads the evidence file with the owner's session, in
// the page, and compares its SHA-256 with the original's and the one the
// evidence page shows.
func workDownload(b *journeyBrowser, evidencePath string, content []byte) {
	b.step("15. download the evidence file through the browser's session and compare its SHA-256")
	b.navigate(b.base + evidencePath)
	href := b.attr(`main .page-header .actions a[href$="/download"]`, "href")
	shown := b.text("main code.hash.sha256")
	got := browserRun(b, chromedp.Evaluate[[]string](fmt.Sprintf(`fetch(%s).then(async (r) => {
		const body = await r.arrayBuffer();
		const sum = await crypto.subtle.digest("SHA-256", body);
		return [String(r.status), [...new Uint8Array(sum)].map((b) => b.toString(16).padStart(2, "0")).join(""), String(body.byteLength)];
	})`, journeyJS(href)), chromedp.EvalAwaitPromise))
	want := sha256.Sum256(content)
	if got[0] != "200" || got[1] != hex.EncodeToString(want[:]) || got[1] != shown || got[2] != strconv.Itoa(len(content)) {
		b.fatalf("download %s: status %s, %s bytes with SHA-256 %s; want 200, %d bytes with the original's %x, shown on the page as %s",
			href, got[0], got[2], got[1], len(content), want, shown)
	}
}

// inOrder reports whether some of lines contain each of parts, in order.
func inOrder(lines []string, parts ...string) bool {
	for _, l := range lines {
		if len(parts) > 0 && strings.Contains(l, parts[0]) {
			parts = parts[1:]
		}
	}
	return len(parts) == 0
}

// keys types text with key events into the focused element; "\t" moves
// the focus and "\r" is Enter.
func (b *journeyBrowser) keys(text string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(text))
}

// typeDate types d into a date input with the keyboard, in the field order
// of the browser's locale, and checks the value the input took.
func (b *journeyBrowser) typeDate(sel string, d isms.Date) {
	b.t.Helper()
	y, m, day := d.Time().Date()
	order := browserRun(b, chromedp.Evaluate[[]string](
		`new Intl.DateTimeFormat(undefined, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date()).map((p) => p.type).filter((t) => t !== "literal")`))
	parts := map[string]string{"year": fmt.Sprintf("%04d", y), "month": fmt.Sprintf("%02d", int(m)), "day": fmt.Sprintf("%02d", day)}
	var typed string
	for _, field := range order {
		typed += parts[field]
	}
	b.do(chromedp.Focus(chromedp.CSS(sel)))
	b.keys(typed)
	if got := b.value(sel); got != d.String() {
		b.fatalf("typing %s into the date field %s gave %q", d, sel, got)
	}
}

// selectedText returns the label of the chosen option of a select.
func (b *journeyBrowser) selectedText(sel string) string {
	b.t.Helper()
	return browserRun(b, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const s = document.querySelector(%s); return s.selectedIndex < 0 ? "" : s.options[s.selectedIndex].textContent; })()`,
		journeyJS(sel))))
}

// rowText returns the text of the row of table whose link reads title;
// "" when there is none.
func (b *journeyBrowser) rowText(table, title string) string {
	b.t.Helper()
	return browserRun(b, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const a = [...document.querySelectorAll(%s + " tbody a")].find((a) => a.textContent === %s);
		return a ? a.closest("tr").textContent.replace(/\s+/g, " ").trim() : "";
	})()`, journeyJS(table), journeyJS(title))))
}

// attr returns the attribute name of the element sel.
func (b *journeyBrowser) attr(sel, name string) string {
	b.t.Helper()
	attrs := browserRun(b, chromedp.Attributes(chromedp.CSS(sel)))
	return attrs[name]
}

// scriptsOff turns script execution in the tab off or on again.
func (b *journeyBrowser) scriptsOff(off bool) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
		b.fatalf("turn scripts off=%v: %v", off, err)
	}
}

// completedJobs returns how many jobs of kind the background jobs page
// counts as completed; -1 when it lists no such kind.
func (b *journeyBrowser) completedJobs(kind string) int {
	b.t.Helper()
	n := browserRun(b, chromedp.Evaluate[int](fmt.Sprintf(`(() => {
		const table = document.querySelector('section[aria-labelledby="h-kinds"] table');
		if (!table) return -1;
		const col = [...table.tHead.rows[0].cells].findIndex((c) => c.textContent.trim() === "completed");
		const row = [...table.tBodies[0].rows].find((r) => r.cells[0].textContent.trim() === %s);
		return row && col >= 0 ? Number(row.cells[col].textContent) : -1;
	})()`, journeyJS(kind))))
	if n < 0 {
		b.fatalf("the background jobs page lists no job kind %s", kind)
	}
	return n
}
