// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// certFixture is an organization with ISO/IEC 27001:2022, a contributor
// Carol who owns the access control C-1 linked to A.5.15, and an
// external auditor Dana, each signed in. The clock stands at 2026-03-02.
type certFixture struct {
	*supportFixture
	carol, dana   *isms.User
	carolC, danaC *client
	control       *isms.Control
}

func newCertFixture(t *testing.T, db *sqldb.DB) *certFixture {
	t.Helper()
	ctx := context.Background()
	f := &certFixture{supportFixture: newSupportFixture(t, db)}
	if _, _, err := f.h.app.ImportBuiltinFramework(ctx, f.asAdmin, "iso27001-2022"); err != nil {
		t.Fatalf("ImportBuiltinFramework: %v", err)
	}
	f.carol = namedMember(f.h, f.org, "carol", "Carol Owner", isms.RoleContributor)
	f.dana = namedMember(f.h, f.org, "dana", "Dana Auditor", isms.RoleAuditor)
	var err error
	f.control, err = f.h.app.CreateControl(ctx, f.asAdmin, app.ControlInput{Title: "Access control", Status: "implemented", OwnerID: string(f.carol.ID)})
	if err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	req, err := f.h.app.ResolveRequirement(ctx, f.asAdmin, "iso27001-2022", "A.5.15")
	if err != nil {
		t.Fatalf("ResolveRequirement: %v", err)
	}
	if _, err := f.h.app.LinkControl(ctx, f.asAdmin, f.control.ID, []isms.ID{req.ID}); err != nil {
		t.Fatalf("LinkControl: %v", err)
	}
	f.carolC, f.danaC = f.h.signIn(f.carol), f.h.signIn(f.dana)
	return f
}

// certificateForm is the form of an active certificate issued on
// 2025-06-02, owned by owner, changed by kv.
func certificateForm(owner isms.ID, kv ...string) url.Values {
	form := url.Values{"standard": {"ISO/IEC 27001:2022"}, "frameworkId": {"iso27001-2022"}, "body": {"Example Certification Ltd"},
		"status": {"active"}, "certificateNumber": {"IS 712345"}, "issuedOn": {"2025-06-02"}, "expiresOn": {"2028-06-01"},
		"scope": {"The ISMS of the head office."}, "ownerId": {string(owner)}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return form
}

// flashText is the flash message of the page at path, read as c.
func flashText(t *testing.T, c *client, path string) string {
	t.Helper()
	return strings.TrimSpace(page(t, c.get(path)).Find(".flash").First().Text())
}

// issued records the certificate of certificateForm through the form,
// plans its cycle and returns the certificate's page.
func (f *certFixture) issued(t *testing.T) string {
	t.Helper()
	loc := postRedirect(t, f.mgrC, "/certificates", certificateForm(f.mgr.ID))
	postRedirect(t, f.mgrC, loc+"/plan", nil)
	return loc
}

func TestCertificationPagesRenderEmpty(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		for path, wants := range map[string][]string{
			"/certificates":             {"No certificate yet", `href="/certificates/new"`},
			"/external-audits":          {"No external audit yet", `href="/external-audits/new"`},
			"/external-findings":        {"No external audit finding yet"},
			"/evidence-requests":        {"No evidence request yet", `href="/evidence-requests/import"`},
			"/audit-package":            {"Build and download", "is generated with the first package", "isms verify PACKAGE.zip --key isms-acme-signing-key.pem"},
			"/signing-key":              {"No signing key yet", "Generate the key now"},
			"/certificates/new":         {"Record a certificate", `value="ISO/IEC 27001:2022"`},
			"/external-audits/new":      {"Plan an external audit"},
			"/external-findings/new":    {"Record an external audit finding"},
			"/evidence-requests/new":    {"Ask for evidence", "2026-03-16"},
			"/evidence-requests/import": {"Import a request list", "requirement", "owner"},
		} {
			scopeWant(t, path, scopeGet(t, f.mgrC, path, http.StatusOK), wants...)
		}
		from := page(t, f.mgrC.get("/audit-package")).Find("#f-from").AttrOr("value", "")
		if from != "2025-03-02" {
			t.Errorf("the package's period starts on %q, want 2025-03-02", from)
		}
		scopeWant(t, "the viewer's request list", scopeGet(t, f.viewC, "/evidence-requests", http.StatusOK), "show in <a href=\"/work\">My work</a>")
	})
}

func TestCertificateFormShowsProblemsBesideFields(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		resp := f.mgrC.post("/certificates", certificateForm(f.mgr.ID, "body", " ", "certificateNumber", "", "expiresOn", "2029-06-02"))
		wantStatus(t, "an invalid certificate", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		for field, want := range map[string]string{
			"body":              "Certification body is required.",
			"certificateNumber": "An issued certificate has a number: copy it from the certificate.",
			"expiresOn":         "A certificate is valid for at most three years after its issue date.",
		} {
			if got := fieldError(doc, field); got != want {
				t.Errorf("error beside %s = %q, want %q", field, got, want)
			}
		}
		if got := doc.Find("#f-scope").Text(); got != "The ISMS of the head office." {
			t.Errorf("the form lost the scope typed: %q", got)
		}
		if n := doc.Find(".error-summary li").Length(); n != 3 {
			t.Errorf("the summary lists %d problems, want 3", n)
		}
	})
}

func TestCertificateCycleIsPlannedFromItsPage(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		loc := postRedirect(t, f.mgrC, "/certificates", certificateForm(f.mgr.ID))
		if !strings.HasPrefix(loc, "/certificates/") {
			t.Fatalf("created certificate → %s", loc)
		}
		doc := page(t, f.mgrC.get(loc))
		if got := text(doc, ".flash"); got != "Certificate CERT-1 saved." {
			t.Errorf("flash = %q", got)
		}
		if got := text(doc, ".page-header .meta"); !strings.Contains(got, "expires in 822 days") {
			t.Errorf("meta = %q, want the expiry in 822 days", got)
		}
		next := rowTexts(doc, "#cycle tbody tr")
		want := []string{"Surveillance audit 1 2026-05-04 – 2026-05-05", "Surveillance audit 2 2027-05-03 – 2027-05-04",
			"Recertification audit 2028-03-01 – 2028-03-02"}
		if strings.Join(next, "|") != strings.Join(want, "|") {
			t.Errorf("still to plan = %q, want %q", next, want)
		}
		if got := flashText(t, f.mgrC, postRedirect(t, f.mgrC, loc+"/plan", nil)); got != "Planned EA-1, EA-2, EA-3, each with its preparation task." {
			t.Errorf("plan flash = %q", got)
		}
		doc = page(t, f.mgrC.get(loc))
		rows := doc.Find("#cycle tbody tr")
		if rows.Length() != 3 || !strings.Contains(rows.First().Text(), "EA-1") || !strings.Contains(rows.First().Text(), "Planned") {
			t.Errorf("the cycle after planning: %q", rows.Text())
		}
		if got := text(doc, "#cycle .small"); got != "Every audit of the cycle is planned." {
			t.Errorf("after planning: %q", got)
		}
		if got := flashText(t, f.mgrC, postRedirect(t, f.mgrC, loc+"/plan", nil)); got != "Nothing to plan: every audit of the cycle is planned." {
			t.Errorf("planning again: %q", got)
		}
		list := scopeGet(t, f.mgrC, "/certificates", http.StatusOK)
		scopeWant(t, "the certificate list", list, "CERT-1", "IS 712345", "expires in 822 days", "Example Certification Ltd")
		rec := csvRows(t, f.mgrC, "/certificates?format=csv")
		if len(rec) != 2 || strings.Join(rec[1], "|") != "CERT-1|ISO/IEC 27001:2022|Example Certification Ltd|IS 712345|Active|2025-06-02|2028-06-01|3" {
			t.Errorf("certificate export = %q", rec)
		}
	})
}

func TestPursuedCertificateAsksForTheStage1Date(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		loc := postRedirect(t, f.mgrC, "/certificates", certificateForm(f.mgr.ID, "status", "pursuing", "certificateNumber", "", "issuedOn", "", "expiresOn", ""))
		resp := f.mgrC.post(loc+"/plan", url.Values{"stage1": {""}})
		wantStatus(t, "planning without a stage 1 date", resp, http.StatusUnprocessableEntity)
		if got := fieldError(page(t, resp), "stage1"); got != "Give the date of the stage 1 audit." {
			t.Errorf("error beside stage1 = %q", got)
		}
		postRedirect(t, f.mgrC, loc+"/plan", url.Values{"stage1": {"2026-04-13"}})
		doc := page(t, f.mgrC.get(loc))
		got := rowTexts(doc, "#cycle tbody tr")
		want := []string{"EA-1 Stage 1 audit CERT-1 2026-04-13 – 2026-04-14 Planned — 0", "EA-2 Stage 2 audit CERT-1 2026-05-25 – 2026-05-26 Planned — 0"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("cycle = %q, want %q", got, want)
		}
		if doc.Find("#f-stage1").Length() != 0 {
			t.Error("the stage 1 date is still asked for once stage 1 is planned")
		}
	})
}

// rowTexts are the rows sel finds, each as the text of its cells
// separated by spaces.
func rowTexts(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, row *goquery.Selection) {
		var cells []string
		row.Find("td, th").Each(func(_ int, c *goquery.Selection) { cells = append(cells, strings.Fields(c.Text())...) })
		out = append(out, strings.Join(cells, " "))
	})
	return out
}

// outerHTML is the whole document as HTML.
func outerHTML(doc *goquery.Document) string {
	h, _ := doc.Html()
	return h
}
