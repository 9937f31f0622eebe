// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestEvidenceBrowserJourney uploads evidence through the real server in
// Chromium, where app.js sends the form with XMLHttpRequest and shows the
// server's answer in place: a new item with its file, an upload over the
// limit refused in the browser before anything is sent, a new version
// from the item's page, and the download link of each version.
func TestEvidenceBrowserJourney(t *testing.T) {
	chrome, err := findJourneyChrome()
	if err != nil {
		t.Fatal(err)
	}
	if chrome == "" {
		t.Skip("no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH; ISMS_TEST_CHROME names another)")
	}
	browser := startJourneyChrome(t, chrome)
	base, setupURL := startJourneyServer(t, map[string]string{"ISMS_MAX_UPLOAD_MB": "1"}, nil)
	b := newJourneyBrowser(t, browser, "sqlite", base)
	journeySetUp(b, setupURL)

	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const reportContent = "%PDF-1.7\n% pen test report\n%%EOF\n"
	report := write("pentest.pdf", reportContent)

	b.step("1. add a file item: the form goes by XMLHttpRequest and the item's page replaces it")
	b.navigate(base + "/evidence/new")
	b.sendKeys("#f-title", "Pen test 2026")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{report}))
	b.wantTextContains(".upload-status", "ready to upload")
	browserRun(b, chromedp.Evaluate[int](`window.samePage = 1`))
	b.do(chromedp.Click(chromedp.CSS(`main form[data-upload] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("code.sha256")))
	if browserRun(b, chromedp.Evaluate[bool](`window.samePage === 1`)) != true {
		b.fatalf("the upload navigated away: app.js should have sent it with XMLHttpRequest")
	}
	if p := b.path(); !strings.HasPrefix(p, "/evidence/evd_") {
		b.fatalf("after the upload the address is %s, want the new item's page", p)
	}
	b.wantTextContains("main h1", "Pen test 2026")
	b.wantTextContains(".flash", "Evidence added")
	first := hashOf(reportContent)
	b.wantText("code.sha256", first)
	b.screenshot("evidence")

	b.step("2. a file over the limit is refused before it is sent")
	big := write("big.bin", strings.Repeat("x", 1<<20+1))
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{big}))
	b.wantTextContains(".upload-status", "more than the limit of 1.0 MiB")
	b.do(chromedp.Click(chromedp.CSS(`main form[data-upload] button[type=submit]`)))
	time.Sleep(300 * time.Millisecond)
	if n := strings.Count(b.text("table.list tbody"), "current"); n != 1 {
		b.fatalf("after refusing the big file the page shows %d current versions, want the one uploaded", n)
	}

	b.step("3. upload a new version from the item's page")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{write("pentest-retest.pdf", "%PDF-1.7\n% retest\n%%EOF\n")}),
		chromedp.Click(chromedp.CSS(`main form[data-upload] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main table.list tbody tr:nth-child(2)`)))
	b.wantTextContains(".flash", "New version uploaded")
	rows := browserRun(b, chromedp.Evaluate[int](`document.querySelectorAll("main table.list tbody tr").length`))
	if rows != 2 {
		b.fatalf("versions shown = %d, want 2", rows)
	}
	if got := b.text("table.list tbody tr:last-child code.sha256"); got != first {
		b.fatalf("version 1's SHA-256 = %q, want %q: the first version is kept", got, first)
	}
	b.checkConsole()
}
