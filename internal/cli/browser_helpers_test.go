// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// findJourneyChrome returns the browser to drive: $ISMS_TEST_CHROME, or the
// first Chromium or Chrome on PATH, or "" when there is none.
func findJourneyChrome() (string, error) {
	if p := os.Getenv("ISMS_TEST_CHROME"); p != "" {
		path, err := osexec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("ISMS_TEST_CHROME=%s: %w", p, err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := osexec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", nil
}

// journeyBrowser is one Chromium tab driven through a journey. Its helpers
// fail the test with the page's location and main content on any error.
type journeyBrowser struct {
	t        *testing.T
	ctx      context.Context
	base     string
	shotDirs []string
	shots    int
	start    time.Time

	mu       sync.Mutex
	problems []string // console errors, exceptions and CSP violations
}

// journeyStepTimeout bounds every single browser action, so that a page that
// does not behave fails the test quickly instead of at the test's deadline.
const journeyStepTimeout = 10 * time.Second

// journeyCSPReporter turns every Content-Security-Policy violation into a
// console error the test sees. Scripts injected through the DevTools protocol
// are exempt from the page's policy.
const journeyCSPReporter = `document.addEventListener("securitypolicyviolation", (e) => {
	console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
		" in " + e.sourceFile + ":" + e.lineNumber);
});`

// eachJourneyDatabase runs journey in one Chromium on SQLite and, when
// ISMS_TEST_POSTGRES_URL is set, on PostgreSQL in a fresh schema (vars
// holds the server's settings); it skips the test without Chromium.
func eachJourneyDatabase(t *testing.T, journey func(t *testing.T, browser context.Context, dbName string, vars map[string]string)) {
	t.Helper()
	chrome, err := findJourneyChrome()
	if err != nil {
		t.Fatal(err)
	}
	if chrome == "" {
		t.Skip("no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH; ISMS_TEST_CHROME names another): " +
			"apt-get install chromium to run the browser journeys")
	}
	browser := startJourneyChrome(t, chrome)
	t.Run("sqlite", func(t *testing.T) {
		journey(t, browser, "sqlite", nil)
	})
	if sqldbtest.PostgresURL() == "" {
		t.Log("ISMS_TEST_POSTGRES_URL is not set; the PostgreSQL journey is skipped")
		return
	}
	t.Run("postgres", func(t *testing.T) {
		journey(t, browser, "postgres", map[string]string{"ISMS_DATABASE_URL": sqldbtest.FreshSchema(t)})
	})
}

// startJourneyChrome starts the browser the journeys share and stops it when
// the test ends. Each journey gets its own tab in its own browser context, so
// no cookie crosses from one database's journey to the other's.
func startJourneyChrome(t *testing.T, chrome string) context.Context {
	t.Helper()
	// chromedp's defaults (Puppeteer's: no background throttling, no
	// extensions, no default apps…) plus what CI needs: no sandbox inside a
	// container, no GPU, no network beyond the server under test, and a
	// throwaway profile.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// The first call starts the browser and binds it to ctx, which has no
	// deadline; every later action gets its own.
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", chrome, err)
	}
	t.Logf("Chromium %s started in %s", chrome, time.Since(start).Round(time.Millisecond))
	return ctx
}

// newJourneyBrowser opens a tab in a new browser context of the shared
// browser, watching its console.
func newJourneyBrowser(t *testing.T, browser context.Context, dbName, base string) *journeyBrowser {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	b := &journeyBrowser{t: t, ctx: ctx, base: base, start: time.Now(), shotDirs: []string{t.TempDir()}}
	if dir := os.Getenv("ISMS_TEST_SCREENSHOTS"); dir != "" {
		dir = filepath.Join(dir, dbName)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("ISMS_TEST_SCREENSHOTS: %v", err)
		}
		b.shotDirs = append(b.shotDirs, dir)
	}
	if err := chromedp.Listen(ctx, b.listen); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: journeyCSPReporter}); err != nil {
		t.Fatalf("install the CSP reporter: %v", err)
	}
	return b
}

// listen records console errors, uncaught exceptions and error log entries
// (CSP violations, failed loads). It runs on chromedp's event loop, so it
// only appends.
func (b *journeyBrowser) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		problem = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber, text)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level == log.EntryLevelError || strings.Contains(e.Text, "Content Security Policy") {
			problem = fmt.Sprintf("browser log %s/%s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
		}
	}
	if problem != "" {
		b.mu.Lock()
		b.problems = append(b.problems, problem)
		b.mu.Unlock()
	}
}

// checkConsole fails the test if the pages logged an error, threw, or broke
// the Content-Security-Policy.
func (b *journeyBrowser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("browser console: %s", p)
	}
}

func (b *journeyBrowser) step(format string, args ...any) {
	b.t.Helper()
	b.t.Logf("%6.2fs  %s", time.Since(b.start).Seconds(), fmt.Sprintf(format, args...))
}

// fatalf fails the test, with the page's location, its main content and a
// screenshot to explain why.
func (b *journeyBrowser) fatalf(format string, args ...any) {
	b.t.Helper()
	msg := fmt.Sprintf(format, args...)
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(document.querySelector("main") || document.body || document.documentElement).outerHTML`))
	if buf, err := chromedp.Run(ctx, journeyScreenshot); err == nil {
		for _, dir := range b.shotDirs {
			os.WriteFile(filepath.Join(dir, "failure.png"), buf, 0o644)
		}
	}
	b.mu.Lock()
	problems := strings.Join(b.problems, "\n")
	b.mu.Unlock()
	b.t.Fatalf("%s\nat %s (failure.png in %s)\nconsole problems so far:\n%s\npage:\n%s",
		msg, loc, strings.Join(b.shotDirs, ", "), problems, html)
}

// do runs actions with a per-step deadline.
func (b *journeyBrowser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, journeyStepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fatalf("browser: %v", err)
	}
}

func browserRun[T any](b *journeyBrowser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, journeyStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fatalf("browser: %v", err)
	}
	return v
}

// navigate opens url and waits for the page to load.
func (b *journeyBrowser) navigate(url string) {
	b.t.Helper()
	b.do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main")))
}

// loadAfter runs trigger, which makes the page navigate, and waits for the
// new page to finish loading.
func (b *journeyBrowser) loadAfter(trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	browserRun(b, chromedp.WaitEvent(page.LoadEventFired, nil, trigger))
	b.do(chromedp.WaitVisible(chromedp.CSS("main")))
}

func (b *journeyBrowser) sendKeys(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// click clicks a link or button that leads to another page.
func (b *journeyBrowser) click(sel string) {
	b.t.Helper()
	b.loadAfter(chromedp.Click(chromedp.CSS(sel)))
}

// submit clicks the submit button of the form and waits for the next page.
func (b *journeyBrowser) submit(form string) {
	b.t.Helper()
	b.click(form + ` button[type=submit]`)
}

// selectOption chooses the option of the select whose label contains label,
// and fires the input and change events a person's choice fires.
func (b *journeyBrowser) selectOption(sel, label string) {
	b.t.Helper()
	b.do(journeySelect(sel, label))
}

// switchOrg picks an organization in the top-bar selector, which submits by
// itself, and waits for the page it leads to.
func (b *journeyBrowser) switchOrg(name string) {
	b.t.Helper()
	b.loadAfter(journeySelect("select#org-switch", name))
}

func journeySelect(sel, label string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		const o = [...s.options].find((o) => o.textContent.includes(%s));
		if (!o) return "no such option; the options are: " + [...s.options].map((o) => o.textContent).join(" | ");
		s.value = o.value;
		s.dispatchEvent(new Event("input", { bubbles: true }));
		s.dispatchEvent(new Event("change", { bubbles: true }));
		return "";
	})()`, journeyJS(sel), journeyJS(label))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.WaitVisible(chromedp.CSS(sel))(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		msg, err := chromedp.Evaluate[string](js)(ctx, t)
		if err == nil && msg != "" {
			err = errors.New(msg)
		}
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("select %q in %s: %w", label, sel, err)
		}
		return chromedp.Void{}, nil
	}
}

func (b *journeyBrowser) signIn(email, password string) {
	b.t.Helper()
	if b.path() != "/signin" {
		b.navigate(b.base + "/signin")
	}
	b.sendKeys("#f-email", email)
	b.sendKeys("#f-password", password)
	b.submit("main form.form")
}

func (b *journeyBrowser) signOut() {
	b.t.Helper()
	b.click(`header form[action="/signout"] button`)
	b.wantPath("/signin")
	b.wantTextContains(".flash", "You are signed out")
}

func (b *journeyBrowser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(browserRun(b, chromedp.Text(chromedp.CSS(sel))))
}

func (b *journeyBrowser) value(sel string) string {
	b.t.Helper()
	return browserRun(b, chromedp.Value(chromedp.CSS(sel)))
}

// path returns the path of the current location.
func (b *journeyBrowser) path() string {
	b.t.Helper()
	loc := browserRun(b, chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		b.fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

func (b *journeyBrowser) wantPath(want string) {
	b.t.Helper()
	if got := b.path(); got != want {
		b.fatalf("location path = %s, want %s", got, want)
	}
}

func (b *journeyBrowser) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); got != want {
		b.fatalf("text of %s = %q, want %q", sel, got, want)
	}
}

func (b *journeyBrowser) wantTextContains(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.fatalf("text of %s = %q, want it to contain %q", sel, got, want)
	}
}

// screenshot saves a PNG of the current page's viewport, numbered in journey
// order, in every screenshot directory. (Full-page captures of long pages
// cost seconds each.)
func (b *journeyBrowser) screenshot(name string) {
	b.t.Helper()
	buf := browserRun(b, journeyScreenshot)
	b.shots++
	file := fmt.Sprintf("%02d-%s.png", b.shots, name)
	for _, dir := range b.shotDirs {
		if err := os.WriteFile(filepath.Join(dir, file), buf, 0o644); err != nil {
			b.t.Fatalf("save screenshot: %v", err)
		}
	}
}

// journeyScreenshot captures the viewport as a PNG, trading file size for
// encoding speed.
func journeyScreenshot(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	fast := true
	res, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, OptimizeForSpeed: &fast})
	return res.Data, err
}

// journeyJS quotes s as a JavaScript string literal.
func journeyJS(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
