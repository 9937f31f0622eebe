// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/cli"
)

// TestBrowserJourney drives the main user journey through the real server in
// Debian's Chromium: first-run setup, sign-in, adding a member, a second
// organization and the switcher, submitting the organization profile for
// approval, the approver's forced password change and decision, the audit
// trail and sign-out. It runs on SQLite, and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set. Screenshots of the main pages go to the
// test's temporary directory and, when ISMS_TEST_SCREENSHOTS is set, there.
func TestBrowserJourney(t *testing.T) {
	eachJourneyDatabase(t, runJourney)
}

// The journey's people and organizations.
const (
	jOwnerName     = "Olivia Owner"
	jOwnerEmail    = "olivia@acme.test"
	jOwnerPassword = "owner-pw-1234"
	jOrgName       = "Acme Testing Ltd"
	jOrgSlug       = "acme"
	jOrg2Name      = "Beta Subsidiary"
	jOrg2Slug      = "beta"
	jManagerName   = "Manfred Manager"
	jManagerEmail  = "manfred@acme.test"
	jManagerNewPwd = "manfred-pw-99"
)

// runJourney is the journey on one database; vars are the server's
// environment.
func runJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName, base)

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	journeySecondOrganization(b)
	approvalPath := journeySubmitProfile(b)
	journeyManagerChangesPassword(b, otp)
	journeyApprove(b, approvalPath)
	journeyAuditTrail(b)

	b.step("9. sign out")
	b.signOut()
	b.wantText("main h1", "Sign in")

	b.checkConsole()
	t.Logf("journey on %s took %s; screenshots in %s", dbName, time.Since(start).Round(time.Millisecond), strings.Join(b.shotDirs, " and "))
}

// journeySetUp creates the first organization and its owner through the
// one-time setup URL, then signs out and in again as the owner.
func journeySetUp(b *journeyBrowser, setupURL string) {
	b.step("1. open the one-time setup URL and create the first organization and its owner")
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
	b.navigate(b.base + "/")
	b.wantText("main h1", jOrgName)
	b.screenshot("dashboard")

	b.step("2. sign out, and sign in again as the owner through /signin")
	b.signOut()
	b.screenshot("signin")
	b.signIn(jOwnerEmail, jOwnerPassword)
	b.wantPath("/")
	b.wantText("main h1", jOrgName)
}

// journeyAddManager adds the ISMS manager as a member and returns the
// one-time password the page shows.
func journeyAddManager(b *journeyBrowser) (otp string) {
	b.step("3. add a member with the role ISMS manager, and read the one-time password")
	b.navigate(b.base + "/members/new")
	b.sendKeys("#f-email", jManagerEmail)
	b.sendKeys("#f-name", jManagerName)
	b.selectOption("#f-role", "ISMS manager")
	b.submit("main form.form")
	b.wantText("main h1", "Account created")
	otp = b.text("code#secret-value")
	if len(otp) < 12 {
		b.fatalf("one-time password %q: want at least 12 characters", otp)
	}
	b.screenshot("one-time-password")
	return otp
}

// journeySecondOrganization creates a second organization and switches to
// it and back with the top-bar selector.
func journeySecondOrganization(b *journeyBrowser) {
	b.step("4. create a second organization, switch to it with the top-bar selector, and back")
	b.navigate(b.base + "/admin/organizations/new")
	b.sendKeys("#f-name", jOrg2Name)
	b.sendKeys("#f-slug", jOrg2Slug)
	if got := b.value("#f-adminEmail"); got != jOwnerEmail {
		b.fatalf("adminEmail is prefilled with %q, want the owner's %q", got, jOwnerEmail)
	}
	b.submit("main form.form")
	b.wantPath("/roadmap")
	b.wantTextContains(".flash", jOrg2Name)
	if got := b.value("select#org-switch"); got != jOrg2Slug {
		b.fatalf("after creating %s the selector shows %q, want %q: its creator works in it", jOrg2Name, got, jOrg2Slug)
	}
	b.navigate(b.base + "/admin/organizations")
	b.wantTextContains("main", jOrg2Name)
	b.screenshot("organizations")
	// With scripts on, the select submits by itself and its button is hidden.
	b.do(chromedp.WaitNotVisible(chromedp.CSS("form.org-switch button[type=submit]")))
	b.navigate(b.base + "/")
	b.switchOrg(jOrg2Name)
	b.wantPath("/")
	b.wantText("main h1", jOrg2Name)
	b.screenshot("dashboard-second-org")
	b.switchOrg(jOrgName)
	b.wantPath("/")
	b.wantText("main h1", jOrgName)
}

// journeySubmitProfile submits the organization profile for the manager's
// approval and returns the path of the submission's page.
func journeySubmitProfile(b *journeyBrowser) (approvalPath string) {
	b.step("5. submit the organization profile for approval, naming the manager as approver")
	b.navigate(b.base + "/organization")
	b.wantText("main h1", jOrgName)
	b.selectOption("#f-approvers", jManagerName)
	b.sendKeys("#f-note", "Please approve.")
	b.submit("main form.form")
	approvalPath = b.path()
	if !strings.HasPrefix(approvalPath, "/approvals/") {
		b.fatalf("after submitting, the browser is at %s, want /approvals/{id}", approvalPath)
	}
	b.wantText("main .page-header .chip", "pending")
	b.screenshot("submitted")
	return approvalPath
}

// journeyManagerChangesPassword signs in as the manager with the one-time
// password otp and makes the password change it requires.
func journeyManagerChangesPassword(b *journeyBrowser, otp string) {
	b.step("6. sign in as the manager with the one-time password; a new password is required first")
	b.signOut()
	b.signIn(jManagerEmail, otp)
	b.wantPath("/account/password")
	b.wantTextContains(".flash", "Choose a new password")
	b.screenshot("forced-password-change")
	b.sendKeys("#f-currentPassword", otp)
	b.sendKeys("#f-newPassword", jManagerNewPwd)
	b.submit("main form.form")
	b.wantPath("/account")
}

// journeyApprove opens the submission at approvalPath from /approvals and
// approves it with a comment.
func journeyApprove(b *journeyBrowser, approvalPath string) {
	b.step("7. open the pending submission from /approvals and approve it with a comment")
	b.navigate(b.base + "/approvals")
	b.screenshot("approvals")
	b.click(fmt.Sprintf(`main table.list a[href=%q]`, approvalPath))
	b.wantPath(approvalPath)
	b.selectOption("#f-decision", "Approve")
	b.sendKeys("#f-comment", "Looks right.")
	b.submit("main form.form")
	b.wantPath(approvalPath)
	b.wantText("main .page-header .chip", "approved")
	b.wantTextContains("main table.list", "Looks right.")
	b.screenshot("approved")
}

// journeyAuditTrail checks that the audit trail lists the journey's events
// and that the footer shows the trail's head hash.
func journeyAuditTrail(b *journeyBrowser) {
	b.step("8. the audit trail lists the journey's events, and the footer shows its head hash")
	b.navigate(b.base + "/audit")
	b.wantText("main h1", "Audit trail")
	events := b.text("main table.list tbody")
	for _, action := range []string{"organization.create", "membership.create", "approval.submit", "approval.approve"} {
		if !strings.Contains(events, action) {
			b.fatalf("the audit trail has no %s event; it lists:\n%s", action, events)
		}
	}
	head := b.text("main p.small code.hash")
	if foot := b.text("footer code.hash"); foot != head || len(foot) != 64 {
		b.fatalf("footer audit head hash = %q, want the audit page's head %q (64 hex digits)", foot, head)
	}
	b.screenshot("audit")
}

// journeyBuffer is a bytes.Buffer safe for the server goroutine and the test.
type journeyBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *journeyBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *journeyBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var journeySetupURL = regexp.MustCompile(`http://\S+/setup\?token=\S+`)

// startJourneyServer runs "isms serve" in-process on a free port and returns
// its base URL and the one-time setup URL it printed. vars are the
// environment; nothing is read from the process's own. now is the server's
// clock; nil means the real one.
func startJourneyServer(t *testing.T, vars map[string]string, now func() time.Time) (base, setupURL string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr journeyBuffer
	ready := make(chan string, 1)
	env := cli.Env{
		Getenv:  func(k string) string { return vars[k] },
		Stdout:  &stdout,
		Stderr:  &stderr,
		Version: "test",
		Now:     now,
		Ready:   func(addr string) { ready <- addr },
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}
	done := make(chan error, 1)
	go func() { done <- cli.Run(ctx, args, env) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not stop within 30s of cancellation")
		}
		if t.Failed() {
			t.Logf("server stdout:\n%s\nserver stderr:\n%s", stdout.String(), stderr.String())
		}
	})
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		t.Fatalf("serve exited before listening: %v\nstderr:\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen within 60s\nstderr:\n%s", stderr.String())
	}
	setupURL = journeySetupURL.FindString(stdout.String())
	if setupURL == "" {
		t.Fatalf("serve printed no setup URL on an empty database; stdout:\n%s", stdout.String())
	}
	if !strings.HasPrefix(setupURL, base+"/") {
		t.Fatalf("setup URL %s is not on the listening address %s", setupURL, base)
	}
	return base, setupURL
}
