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
)

// TestBrowserFrameworks drives the journey of frameworks, controls and
// posture through the real server in Chromium, as the ISMS manager and
// with the keyboard wherever a person would use it: add the built-in
// ISO/IEC 27001:2022 from /frameworks; import a custom framework file
// through the upload form, read its preview and apply it; create a
// control; link it to A.8.15 from the control's page and to a requirement
// of the custom framework from that requirement's page; set it
// implemented; and watch /posture count one covered requirement in each
// framework where there were none. It runs on SQLite, and on PostgreSQL as
// well when ISMS_TEST_POSTGRES_URL is set.
func TestBrowserFrameworks(t *testing.T) {
	eachJourneyDatabase(t, runFrameworkJourney)
}

// The framework journey's frameworks and control.
const (
	fISOTitle     = "ISO/IEC 27001 (2022)"
	fCustomTitle  = "Acme supplier requirements (2026)"
	fCustomRef    = "SR-2"
	fControlTitle = "Central log collection with alerting"
	fCustomFile   = `framework:
  key: acme-supplier
  name: Acme supplier requirements
  edition: "2026"
  publisher: Acme Testing Ltd
requirements:
  - ref: SR
    title: Supplier security requirements
    children:
      - ref: SR-1
        title: Keep an inventory of the systems that hold our data
      - ref: SR-2
        title: Record and review security events
      - ref: SR-3
        title: Encrypt our data at rest
`
)

// runFrameworkJourney is the journey on one database; vars are the
// server's environment.
func runFrameworkJourney(t *testing.T, browser context.Context, dbName string, vars map[string]string) {
	start := time.Now()
	base, setupURL := startJourneyServer(t, vars, nil)
	b := newJourneyBrowser(t, browser, dbName+"-frameworks", base)

	journeySetUp(b, setupURL)
	otp := journeyAddManager(b)
	journeyManagerChangesPassword(b, otp)

	b.step("8. as the manager, the posture has no framework yet; add ISO/IEC 27001:2022 from /frameworks")
	b.navigate(base + "/posture")
	b.wantTextContains("main", "No framework yet")
	b.navigate(base + "/frameworks")
	b.screenshot("frameworks-empty")
	b.enterOn(b.byText("main button", "Add "+fISOTitle))
	b.wantText("main h1", fISOTitle)
	b.wantTextContains(".flash", fISOTitle+" added")

	customID := frameworkImportFile(b, t.TempDir())
	frameworkPosture(b, "10", 0, 0)
	b.screenshot("posture-none")
	controlPath := frameworkNewControl(b)
	frameworkLinkFromControl(b, controlPath)
	frameworkLinkFromRequirement(b, customID)
	frameworkPosture(b, "14", 0, 1)
	b.screenshot("posture-partly")
	frameworkImplement(b, controlPath)
	frameworkPosture(b, "16", 1, 0)
	b.screenshot("posture-covered")

	b.checkConsole()
	t.Logf("framework journey on %s took %s; screenshots in %s", dbName, time.Since(start).Round(time.Millisecond), strings.Join(b.shotDirs, " and "))
}

// frameworkImportFile uploads the custom framework file through
// /frameworks/import, checks the preview and applies it; it returns the
// new framework's ID.
func frameworkImportFile(b *journeyBrowser, dir string) (id string) {
	b.step("9. go back to /frameworks and import a custom framework file: upload, read the preview, apply")
	file := filepath.Join(dir, "supplier-requirements.yaml")
	if err := os.WriteFile(file, []byte(fCustomFile), 0o600); err != nil {
		b.t.Fatal(err)
	}
	b.enterOn(b.byText("main nav.breadcrumb a", "Frameworks"))
	b.wantText("main h1", "Frameworks")
	b.enterOn(b.byText("main a", "Import a file"))
	b.wantText("main h1", "Import a framework")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
	// The upload goes by XMLHttpRequest; the preview replaces the form in place.
	b.do(chromedp.Focus(chromedp.CSS(b.byText("main form button", "Upload and preview"))), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`main form[action="/frameworks/import/apply"]`)))
	b.wantText("main h1", "Preview: "+fCustomTitle)
	b.wantTextContains("main", "new framework")
	b.wantTextContains("main", "acme-supplier")
	b.screenshot("framework-preview")
	b.enterOn(b.byText("main form button", "Apply the import"))
	b.wantText("main h1", fCustomTitle)
	b.wantTextContains(".flash", fCustomTitle+" added: 4 requirements, 3 assessable")
	b.screenshot("framework-custom")
	p := b.path()
	id, ok := strings.CutPrefix(p, "/frameworks/")
	if !ok || strings.Contains(id, "/") {
		b.fatalf("after applying the import the browser is at %s, want /frameworks/{id}", p)
	}
	return id
}

// frameworkPosture opens /posture and checks how many requirements of
// each framework it counts as covered and as partly covered.
func frameworkPosture(b *journeyBrowser, step string, covered, partly int) {
	b.step("%s. /posture counts %d covered and %d partly covered requirement(s) in each framework", step, covered, partly)
	b.navigate(b.base + "/posture")
	got := b.postureCounts()
	for _, title := range []string{fISOTitle, fCustomTitle} {
		c, ok := got[title]
		if !ok {
			b.fatalf("the posture has no section headed %q; it has %v", title, got)
		}
		if c.Covered != covered || c.Partly != partly {
			b.fatalf("the posture of %s says %d of %d covered and %d partly covered, want %d and %d",
				title, c.Covered, c.Of, c.Partly, covered, partly)
		}
	}
}

// frameworkNewControl creates a planned control at /controls/new with the
// keyboard and returns its path.
func frameworkNewControl(b *journeyBrowser) string {
	b.step("11. create a control at /controls/new, typed with the keyboard")
	b.navigate(b.base + "/controls/new")
	b.wantText("main h1", "New control")
	b.do(chromedp.Focus(chromedp.CSS("#f-title")))
	b.keys(fControlTitle)
	b.screenshot("control-form")
	b.loadAfter(chromedp.KeyEvent("\r")) // Enter in a text field submits the form
	p := b.path()
	if !strings.HasPrefix(p, "/controls/") || p == "/controls/new" {
		b.fatalf("after creating the control the browser is at %s, want /controls/{id}", p)
	}
	b.wantTextContains("main h1", fControlTitle)
	b.wantTextContains(".flash", "created")
	return p
}

// frameworkLinkFromControl links the control to A.8.15 of ISO/IEC
// 27001:2022 with the form on the control's page.
func frameworkLinkFromControl(b *journeyBrowser, controlPath string) {
	b.step("12. link the control to A.8.15 from its page: choose the framework, type the reference")
	b.wantPath(controlPath)
	b.do(chromedp.Focus(chromedp.CSS("#f-framework")))
	b.keys("ISO") // a closed select picks the option whose label starts with what is typed
	if got := b.selectedText("#f-framework"); got != fISOTitle {
		b.fatalf("typing ISO on the framework select chose %q, want %s", got, fISOTitle)
	}
	b.keys("\t")
	b.do(chromedp.Focus(chromedp.CSS("#f-refs")))
	b.keys("A.8.15")
	b.loadAfter(chromedp.KeyEvent("\r"))
	b.wantPath(controlPath)
	b.wantTextContains(".flash", "Linked")
	b.wantTextContains(`main section[aria-labelledby="req-heading"]`, "A.8.15")
	b.screenshot("control-linked")
}

// frameworkLinkFromRequirement opens the custom framework's requirement
// from its tree and links the control to it with the requirement's form.
func frameworkLinkFromRequirement(b *journeyBrowser, frameworkID string) {
	b.step("13. open %s in the custom framework's tree and link the control from the requirement's page", fCustomRef)
	b.navigate(b.base + "/frameworks/" + frameworkID)
	b.enterOn(b.byText("main table a", fCustomRef+" "))
	b.wantTextContains("main h1", fCustomRef)
	b.do(chromedp.Focus(chromedp.CSS("#f-control")))
	b.keys("C-")
	if got := b.selectedText("#f-control"); !strings.Contains(got, fControlTitle) {
		b.fatalf("typing C- on the control select chose %q, want the control %s", got, fControlTitle)
	}
	b.enterOn(b.byText("main form button", "Link control"))
	b.wantTextContains("main h1", fCustomRef)
	b.wantTextContains(`main section[aria-labelledby="controls-heading"]`, fControlTitle)
	b.screenshot("requirement-linked")
}

// frameworkImplement sets the control implemented on its edit form.
func frameworkImplement(b *journeyBrowser, controlPath string) {
	b.step("15. set the control implemented on its edit form")
	b.navigate(b.base + controlPath)
	b.enterOn(b.byText("main .actions a", "Edit"))
	b.do(chromedp.Focus(chromedp.CSS("#f-status")))
	b.keys("Impl")
	if got := b.selectedText("#f-status"); got != "Implemented" {
		b.fatalf("typing Impl on the status select chose %q, want Implemented", got)
	}
	b.enterOn(b.byText("main form button", "Save control"))
	b.wantPath(controlPath)
	b.wantTextContains("main h1", "Implemented")
}

// byText marks the first element matching sel whose text contains text and
// returns a selector for it, so that steps name buttons and links by their
// labels rather than by the page's structure.
func (b *journeyBrowser) byText(sel, text string) string {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		document.querySelectorAll("[data-journey-target]").forEach((e) => e.removeAttribute("data-journey-target"));
		const all = [...document.querySelectorAll(%s)];
		const el = all.find((e) => e.textContent.replace(/\s+/g, " ").includes(%s));
		if (!el) return all.slice(0, 20).map((e) => e.textContent.trim()).join(" | ") + (all.length > 20 ? " …" : "") || "none";
		el.setAttribute("data-journey-target", "");
		return "";
	})()`, journeyJS(sel), journeyJS(text))
	if others := browserRun(b, chromedp.Evaluate[string](js)); others != "" {
		b.fatalf("no %s labelled %q; there are: %s", sel, text, others)
	}
	return "[data-journey-target]"
}

// enterOn focuses the element (a link or button) and presses Enter, then
// waits for the page it leads to.
func (b *journeyBrowser) enterOn(sel string) {
	b.t.Helper()
	b.do(chromedp.Focus(chromedp.CSS(sel)))
	b.loadAfter(chromedp.KeyEvent("\r"))
}

// postureCount is what the posture page states of one framework.
type postureCount struct {
	Title               string
	Covered, Of, Partly int
}

// postureCounts reads, for each section of the posture page, its heading,
// the "covered: N of M" it states and its legend's "Partly covered: N".
func (b *journeyBrowser) postureCounts() map[string]postureCount {
	b.t.Helper()
	rows := browserRun(b, chromedp.Evaluate[[]postureCount](`[...document.querySelectorAll("main section h2")].map((h) => {
		const text = h.closest("section").textContent.replace(/\s+/g, " ");
		const m = text.match(/covered: (\d+) of (\d+)/), p = text.match(/Partly covered: (\d+)/);
		return { Title: h.textContent.trim(), Covered: m ? +m[1] : -1, Of: m ? +m[2] : -1, Partly: p ? +p[1] : -1 };
	}).filter((r) => r.Covered >= 0)`))
	out := map[string]postureCount{}
	for _, r := range rows {
		out[r.Title] = r
	}
	return out
}
