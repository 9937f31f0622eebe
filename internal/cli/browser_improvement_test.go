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
	"github.com/ismsproject/isms/internal/mail/mailtest"
)

// TestBrowserNonconformity drives a nonconformity from an internal audit
// finding to its closure through the real server in Chromium, with a real
// SMTP server (mailpit) and a clock the test moves, as the ISMS manager:
// a minor nonconformity raised in an audit opens NC-1; the manager records
// its correction and root cause and gives a contributor a corrective
// action, whose assignment mail reaches mailpit; the contributor closes it
// and NC-1 awaits its effectiveness check, which the manager schedules a
// week later; the contributor, who owns NC-1, gets the check's task by
// mail and, on that day, under My work; it is
// recorded as not effective with a new action, which reopens NC-1; once
// that action is done, a check recorded as effective closes it. It runs on
// SQLite, and on PostgreSQL as well when ISMS_TEST_POSTGRES_URL is set;
// mailpit is ISMS_TEST_MAILPIT.
func TestBrowserNonconformity(t *testing.T) {
	mailtest.Binary(t) // skips without mailpit, before Chromium starts
	eachJourneyDatabase(t, runNCJourney)
}

// The nonconformity journey's steps and actions.
const (
	ncCorrection = "Set the portal's log retention to 400 days; the 30 days kept so far are archived."
	ncRootCause  = "The portal was deployed from an old template that predates the logging standard; nobody checks new services against it."
	ncAction     = "Check every service's log retention against the logging standard"
	ncNewAction  = "Add the logging standard to the deployment template and its review checklist"
	ncCheckWeek  = 7 // days from scheduling to the check
)

// runNCJourney is the journey on one database; vars are the server's
// environment.
func runNCJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	mp := mailtest.Start(t)
	clock := &workClock{}
	base, setupURL := startJourneyServer(t, vars, clock.Now)
	b := newJourneyBrowser(t, browser, dbName+"-nc", base)

	journeySetUp(b, setupURL)
	workSetUpMail(b, mp.SMTPPort)
	memberOTP := workAddMember(b)
	otp := journeyAddManager(b)
	journeyManagerChangesPassword(b, otp)
	ncPath := ncFromFinding(b, clock.today())
	ncGiveOwner(b, ncPath)
	ncCorrectAndAnalyse(b, ncPath)
	taskPath := ncAddAction(b, ncPath, clock.today())
	ncMail(b, mp, ncAction)

	member := newJourneyBrowser(t, browser, dbName+"-nc-member", base)
	member.step("N6. the contributor signs in, finds the action under My work and marks it done")
	workMemberSignIn(member, memberOTP, true)
	ncCloseTask(member, taskPath, "Every service now keeps a year of logs; the list is attached.")
	ncWantStatus(b, ncPath, "Effectiveness check")

	checkDay := ncSchedule(b, ncPath, clock.today().AddDays(ncCheckWeek))
	ncMail(b, mp, "Effectiveness check of NC-1")
	b.step("N8. move the clock to the day of the check; the sessions end, so both sign in again")
	clock.advance(ncCheckWeek * 24 * time.Hour)
	if clock.today() != checkDay {
		b.fatalf("the server's day is %s after the move, want the check's day %s", clock.today(), checkDay)
	}
	b.navigate(base + "/work")
	b.wantPath("/signin")
	b.signIn(jManagerEmail, jManagerNewPwd)
	workMemberSignIn(member, "", false)
	ncCheckInMyWork(member)
	ncIneffective(b, ncPath, clock.today())
	ncCloseNewAction(b, ncPath)
	ncEffective(b, ncPath, clock.today())

	b.checkConsole()
	member.checkConsole()
	t.Logf("nonconformity journey on %s took %s; screenshots in %s", dbName, time.Since(start).Round(time.Millisecond), strings.Join(b.shotDirs, ", "))
}

// ncFromFinding has the manager add ISO/IEC 27001:2022, a programme and
// an audit they lead, and raise a minor nonconformity in it; it opens the
// nonconformity the finding opened from the finding's page and returns
// its path.
func ncFromFinding(b *journeyBrowser, today isms.Date) string {
	soaAddISO(b)
	auditProgramme(b, today)
	b.step("N1. plan an audit of %s led by the manager, and start it", aScope)
	b.navigate(b.base + "/internal-audits/new?programme=AP-1")
	b.sendKeys("#f-title", aAuditTitle)
	b.sendKeys("#f-units", "IT operations")
	b.sendKeys("#f-scope", aScope)
	b.selectOption("#f-lead", jManagerName)
	b.typeDate("#f-plannedStart", today)
	b.typeDate("#f-plannedEnd", today.AddDays(2))
	b.enterOn(b.byText("main form button", "Plan audit"))
	auditPath := b.path()
	if !strings.HasPrefix(auditPath, "/internal-audits/") || auditPath == "/internal-audits/new" {
		b.fatalf("after planning the audit the browser is at %s, want /internal-audits/{id}", auditPath)
	}
	auditStart(b, auditPath)
	auditRaiseFinding(b, auditPath)

	b.step("N2. the finding's page links the nonconformity it opened: NC-1, open, from internal audit")
	b.navigate(b.base + "/findings/F-1")
	b.click(`main .record-links a[href^="/nonconformities/"]`)
	path := b.path()
	if !strings.HasPrefix(path, "/nonconformities/") {
		b.fatalf("the finding's link to its nonconformity leads to %s, want /nonconformities/{id}", path)
	}
	b.wantTextContains("main h1", "NC-1")
	b.wantTextContains("main h1", aFindingTitle)
	b.wantTextContains("main .page-header .meta", "Minor")
	b.wantTextContains("main .page-header .meta", "Open")
	b.wantTextContains("main .props", "Internal audit")
	b.wantTextContains("main .props", "A.8.15")
	b.wantTextContains("main .record-links", "F-1")
	b.screenshot("nc-opened")
	return path
}

// ncGiveOwner makes the contributor the owner of the nonconformity at
// path, who will carry out its effectiveness check: a nonconformity an
// audit finding opens has none.
func ncGiveOwner(b *journeyBrowser, path string) {
	b.step("N2b. edit NC-1: the contributor owns it")
	b.navigate(b.base + path + "/edit")
	b.selectOption("#f-owner", wMemberName)
	b.enterOn(b.byText("main form button", "Save nonconformity"))
	b.wantPath(path)
	b.wantTextContains(".flash", "Nonconformity NC-1 saved.")
	b.wantTextContains("main .props", wMemberName)
}

// ncCorrectAndAnalyse records the correction and the root cause (5 whys).
func ncCorrectAndAnalyse(b *journeyBrowser, path string) {
	b.step("N3. record the correction: NC-1 moves to corrective action")
	b.sendKeys("#f-correction", ncCorrection)
	b.enterOn(b.byText("main #step-correction button", "Record the correction"))
	b.wantPath(path)
	b.wantTextContains(".flash", "The correction of NC-1 is recorded.")
	b.wantTextContains("main .page-header .meta", "Corrective action")
	b.wantTextContains("main #step-correction", ncCorrection)

	b.step("N4. record the root cause with the 5 whys")
	b.do(chromedp.Click(chromedp.CSS("#f-rcaMethod-five_whys")))
	b.sendKeys("#f-rootCause", ncRootCause)
	b.enterOn(b.byText("main #step-root-cause button", "Record the root cause"))
	b.wantTextContains(".flash", "The root cause of NC-1 is recorded.")
	b.wantTextContains("main #step-root-cause", "5 whys")
	b.wantTextContains("main #step-root-cause", ncRootCause)
}

// ncAddAction gives the contributor a corrective action due in two weeks
// and returns the path of its task.
func ncAddAction(b *journeyBrowser, path string, today isms.Date) string {
	b.step("N5. add a corrective action for the contributor, due in two weeks")
	b.navigate(b.base + path)
	b.sendKeys("#step-actions #f-title", ncAction)
	b.selectOption("#step-actions #f-owner", wMemberName)
	b.typeDate("#step-actions #f-due", today.AddDays(14))
	b.enterOn(b.byText("main #step-actions button", "Add the action"))
	b.wantTextContains(".flash", "a task for "+wMemberName)
	row := b.rowText("main table.nc-actions", ncAction)
	if !strings.Contains(row, wMemberName) || !strings.Contains(row, today.AddDays(14).String()) {
		b.fatalf("the actions table's row of %q reads %q; want the contributor's task due %s", ncAction, row, today.AddDays(14))
	}
	b.screenshot("nc-action")
	return b.attr(`main table.nc-actions tbody a`, "href")
}

// ncMail waits for the contributor's assignment mail of the task whose
// title contains title.
func ncMail(b *journeyBrowser, mp *mailtest.Server, title string) {
	b.step("the assignment mail of %q reaches the contributor at mailpit", title)
	msg := mp.WaitFor(b.t, func(m mailtest.Received) bool {
		return strings.Contains(m.Subject, title) && len(m.To) == 1 && m.To[0].Email == wMemberEmail
	}, wMailTimeout)
	if !strings.Contains(msg.Subject, "New task for you") || !strings.Contains(msg.Text, title) {
		b.fatalf("assignment mail: subject %q, want \"New task for you\" and %q; body:\n%s", msg.Subject, title, msg.Text)
	}
}

// ncCloseTask opens the task at path from My work and marks it done with
// note.
func ncCloseTask(b *journeyBrowser, path, note string) {
	b.t.Helper()
	b.navigate(b.base + "/work")
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, path))
	b.wantPath(path)
	b.sendKeys("#f-note", note)
	b.enterOn(b.byText("main form button", "Mark as done"))
	b.wantPath(path)
	b.wantTextContains("main h1", "done")
}

// ncWantStatus opens the nonconformity at path and checks its status.
func ncWantStatus(b *journeyBrowser, path, status string) {
	b.t.Helper()
	b.navigate(b.base + path)
	b.wantTextContains("main .page-header .meta", status)
}

// ncSchedule schedules the effectiveness check on day and returns it.
func ncSchedule(b *journeyBrowser, path string, day isms.Date) isms.Date {
	b.step("N7. NC-1 awaits its effectiveness check: schedule it on %s", day)
	b.navigate(b.base + path)
	b.wantTextContains("main .page-header .meta", "Effectiveness check")
	b.typeDate("#f-checkDue", day)
	b.enterOn(b.byText("main #step-check button", "Schedule the check"))
	b.wantTextContains(".flash", "The effectiveness check of NC-1 is scheduled on "+day.String()+".")
	b.wantTextContains("main #step-check", "Scheduled on "+day.String())
	b.screenshot("nc-check-scheduled")
	return day
}

// ncCheckInMyWork finds the check's task, due today, under the owner's
// My work.
func ncCheckInMyWork(b *journeyBrowser) {
	b.step("N9. the check's task is under the owner's My work, due today")
	b.navigate(b.base + "/work")
	title := "Effectiveness check of NC-1: " + aFindingTitle
	if row := b.rowText("main table.list", title); row == "" {
		b.fatalf("My work lists no task %q:\n%s", title, b.text("main"))
	}
	b.screenshot("nc-check-in-my-work")
}

// ncIneffective records the check as not effective with a new action for
// the contributor: NC-1 is back in corrective action.
func ncIneffective(b *journeyBrowser, path string, today isms.Date) {
	b.step("N10. record the check as not effective with a new action: NC-1 is back in corrective action")
	b.navigate(b.base + path)
	b.do(chromedp.Click(chromedp.CSS("#f-result-ineffective")))
	b.sendKeys("#step-check #f-note", "Two services deployed since still keep 30 days of logs.")
	b.sendKeys("#f-actionTitle", ncNewAction)
	b.selectOption("#f-actionOwner", wMemberName)
	b.typeDate("#f-actionDue", today.AddDays(14))
	b.enterOn(b.byText("main #step-check button", "Record the check"))
	b.wantTextContains(".flash", "NC-1 is reopened with a new corrective action.")
	b.wantTextContains("main .page-header .meta", "Corrective action")
	b.wantTextContains("main #step-check", "Not effective")
	if row := b.rowText("main table.nc-actions", ncNewAction); !strings.Contains(row, "open") {
		b.fatalf("the new action's row reads %q, want it open", row)
	}
	b.screenshot("nc-reopened")
}

// ncCloseNewAction has the manager mark the new action done: NC-1 awaits
// its check again.
func ncCloseNewAction(b *journeyBrowser, path string) {
	b.step("N11. the manager marks the new action done: NC-1 awaits its check again")
	b.navigate(b.base + path)
	b.click(b.byText("main table.nc-actions a", ncNewAction))
	b.sendKeys("#f-note", "The template and its checklist name the logging standard.")
	b.enterOn(b.byText("main form button", "Mark as done"))
	b.wantTextContains("main h1", "done")
	ncWantStatus(b, path, "Effectiveness check")
}

// ncEffective schedules the check today and records it effective: NC-1
// is closed.
func ncEffective(b *journeyBrowser, path string, day isms.Date) {
	b.step("N12. schedule the check today and record it as effective: NC-1 is closed")
	b.typeDate("#f-checkDue", day)
	b.enterOn(b.byText("main #step-check button", "Schedule the check"))
	b.wantTextContains(".flash", "scheduled on "+day.String())
	b.do(chromedp.Click(chromedp.CSS("#f-result-effective")))
	b.sendKeys("#step-check #f-note", "Every service, the two new ones included, keeps a year of logs.")
	b.enterOn(b.byText("main #step-check button", "Record the check"))
	b.wantTextContains(".flash", "NC-1 is closed: the corrective actions were effective.")
	b.wantTextContains("main .page-header .meta", "Closed")
	b.wantTextContains("main #step-check", "Closed on "+day.String())
	if n := b.count("main #step-check .timeline li"); n != 2 {
		b.fatalf("NC-1 lists %d checks, want 2 (not effective, then effective)", n)
	}
	b.screenshot("nc-closed")
}
