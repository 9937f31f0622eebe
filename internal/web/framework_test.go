// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// frameworkFixture is an organization with a manager, a viewer and a
// contributor, each signed in.
type frameworkFixture struct {
	h                    *harness
	org                  *isms.Organization
	users                map[isms.Role]*isms.User
	mgr, viewer, contrib *client
}

func newFrameworkFixture(t *testing.T, db *sqldb.DB) *frameworkFixture {
	h := newHarness(t, db)
	org, _ := h.org("acme")
	users := map[isms.Role]*isms.User{}
	for _, r := range []isms.Role{isms.RoleManager, isms.RoleViewer, isms.RoleContributor} {
		users[r] = h.member(org, "acme-"+string(r), r)
	}
	return &frameworkFixture{h: h, org: org, users: users, mgr: h.signIn(users[isms.RoleManager]),
		viewer: h.signIn(users[isms.RoleViewer]), contrib: h.signIn(users[isms.RoleContributor])}
}

// sys acts for the fixture's organization.
func (f *frameworkFixture) sys() isms.Actor { return isms.SystemActor(f.org.ID) }

// upload posts a multipart form with a file as c, the CSRF token in the header.
func upload(c *client, path string, fields url.Values, name, content string) *http.Response {
	ct, b := multipartBody(fields, name, content)
	return c.do("POST", path, ct, strings.NewReader(string(b)), true)
}

// supplierYAML is a small framework in our YAML format; supplierYAML2 is
// its next edition: GOV-2 retitled, OPS-1 removed, OPS-2 added.
const supplierYAML = `framework:
  key: acme-supplier
  name: ACME supplier security requirements
  edition: "2025"
  publisher: ACME Corp
requirements:
  - ref: GOV
    title: Governance
    children:
      - ref: GOV-1
        title: Security policy
        description: Keep a written security policy that management approved.
      - ref: GOV-2
        title: Security roles
  - ref: OPS
    title: Operations
    children:
      - ref: OPS-1
        title: Backups
`

const supplierYAML2 = `framework:
  key: acme-supplier
  name: ACME supplier security requirements
  edition: "2026"
  publisher: ACME Corp
requirements:
  - ref: GOV
    title: Governance
    children:
      - ref: GOV-1
        title: Security policy
        description: Keep a written security policy that management approved.
      - ref: GOV-2
        title: Security roles and responsibilities
  - ref: OPS
    title: Operations
    children:
      - ref: OPS-2
        title: Restore tests
`

// brokenYAML has three problems: a kind that does not exist, a duplicate
// reference and an unknown parent.
const brokenYAML = `framework:
  key: broken
  name: Broken
requirements:
  - ref: X-1
    title: One
    kind: chapter
  - ref: X-1
    title: Again
  - ref: X-2
    title: Orphan
    parent: NOPE
`

func TestFrameworkImportPreviewApply(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		resp := f.mgr.get("/frameworks/import")
		wantStatus(t, "GET /frameworks/import", resp, 200)
		doc := page(t, resp)
		action, _ := doc.Find(`form[enctype="multipart/form-data"]`).Attr("action")
		if !strings.Contains(action, "csrf=") {
			t.Errorf("upload form action %q carries no CSRF token", action)
		}

		resp = upload(f.mgr, "/frameworks/import", nil, "supplier.yaml", supplierYAML)
		wantStatus(t, "upload supplier.yaml", resp, 200)
		doc = page(t, resp)
		if got := text(doc, "h1"); !strings.Contains(got, "ACME supplier security requirements") {
			t.Errorf("preview heading = %q", got)
		}
		if !strings.Contains(doc.Find("main").Text(), "new framework") {
			t.Error("the preview of a new framework does not say so")
		}
		if n := f.frameworks(t); n != 0 {
			t.Fatalf("after the preview the organization has %d frameworks, want 0", n)
		}
		resp = f.mgr.post("/frameworks/import/apply", applyForm(doc))
		wantStatus(t, "apply", resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		doc = page(t, f.mgr.get(loc))
		if got := doc.Find("table.req-tree tbody tr").Length(); got != 5 {
			t.Errorf("%s lists %d requirements, want 5", loc, got)
		}
		if !strings.Contains(text(doc, ".flash"), "added") {
			t.Errorf("flash after apply = %q", text(doc, ".flash"))
		}

		resp = upload(f.mgr, "/frameworks/import", nil, "supplier-2026.yaml", supplierYAML2)
		wantStatus(t, "upload the next edition", resp, 200)
		doc = page(t, resp)
		change := doc.Find("#change-heading").Parent().Text()
		for _, want := range []string{"OPS-2", "OPS-1", "Security roles and responsibilities", "1 added", "1 removed", "1 retitled"} {
			if !strings.Contains(strings.Join(strings.Fields(change), " "), want) {
				t.Errorf("the preview of the next edition lacks %q:\n%s", want, change)
			}
		}
		wantStatus(t, "apply the next edition", f.mgr.post("/frameworks/import/apply", applyForm(doc)), http.StatusSeeOther)
		fw, err := f.h.app.FindFramework(context.Background(), f.sys(), "acme-supplier")
		if err != nil || fw.Edition != "2026" || fw.Requirements != 5 {
			t.Errorf("after the update: %+v, %v; want edition 2026 with 5 requirements", fw, err)
		}
	})
}

// applyForm is the preview's Apply form.
func applyForm(doc *goquery.Document) url.Values {
	v := url.Values{}
	doc.Find(`form[action="/frameworks/import/apply"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Attr("value")
		if name != "csrf" {
			v.Set(name, val)
		}
	})
	return v
}

// frameworks counts the organization's frameworks.
func (f *frameworkFixture) frameworks(t *testing.T) int {
	t.Helper()
	_, n, err := f.h.app.FindFrameworks(context.Background(), f.sys(), isms.FrameworkFilter{OrgID: f.org.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFrameworkImportOfABrokenFileListsEveryProblem(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		resp := upload(f.mgr, "/frameworks/import", nil, "broken.yaml", brokenYAML)
		wantStatus(t, "upload broken.yaml", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		var lines []string
		doc.Find("#import-problems li").Each(func(_ int, s *goquery.Selection) { lines = append(lines, s.Text()) })
		if len(lines) < 3 {
			t.Errorf("the page lists %d problems, want 3 or more: %q", len(lines), lines)
		}
		for _, want := range []string{"chapter", "X-1", "NOPE"} {
			if !strings.Contains(strings.Join(lines, "\n"), want) {
				t.Errorf("no problem mentions %q: %q", want, lines)
			}
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "broken.yaml:") {
				t.Errorf("problem %q does not start with the file name and position", l)
			}
		}
		if doc.Find(`input[type="file"]`).Length() != 1 {
			t.Error("the form is not shown again")
		}
		if n := f.frameworks(t); n != 0 {
			t.Errorf("after a broken upload the organization has %d frameworks, want 0", n)
		}
		resp = upload(f.mgr, "/frameworks/import", nil, "", "")
		wantStatus(t, "upload without a file", resp, http.StatusUnprocessableEntity)
		resp.Body.Close()
		resp = upload(f.viewer, "/frameworks/import", nil, "supplier.yaml", supplierYAML)
		wantStatus(t, "a viewer uploads", resp, http.StatusForbidden)
		resp.Body.Close()
	})
}

func TestFrameworkPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		doc := page(t, f.mgr.get("/frameworks"))
		if got := text(doc, ".empty h2"); got != "No frameworks yet" {
			t.Errorf("empty list heading = %q", got)
		}
		if doc.Find(`form[action="/frameworks/builtin"] input[value="iso27001-2022"]`).Length() != 1 {
			t.Error("the empty list offers no one-click ISO/IEC 27001:2022")
		}
		if doc := page(t, f.viewer.get("/frameworks")); doc.Find(`form[action="/frameworks/builtin"]`).Length() != 0 ||
			doc.Find(`a[href="/frameworks/import"]`).Length() != 0 {
			t.Error("a viewer is offered to add frameworks")
		}
		resp := f.mgr.post("/frameworks/builtin", url.Values{"key": {"iso27001-2022"}})
		wantStatus(t, "add ISO/IEC 27001:2022", resp, http.StatusSeeOther)
		fwURL := resp.Header.Get("Location")

		doc = page(t, f.viewer.get(fwURL))
		rows := doc.Find("table.req-tree tbody tr").Length()
		if rows < 93+30 {
			t.Errorf("the tree of ISO/IEC 27001:2022 has %d rows, want the clauses and 93 controls", rows)
		}
		if doc.Find(`form[action$="/delete"]`).Length() != 0 {
			t.Error("a viewer is offered to delete the framework")
		}
		for _, q := range []string{"?q=A.5.15", "?kind=group", "?attr=control_type:Preventive", "?coverage=not_covered"} {
			d := page(t, f.viewer.get(fwURL+q))
			n := d.Find("table.req-tree tbody tr").Length()
			if n == 0 || n >= rows {
				t.Errorf("%s%s lists %d of %d requirements", fwURL, q, n, rows)
			}
			if !strings.Contains(text(d, ".list-count"), "match") {
				t.Errorf("%s%s: count %q", fwURL, q, text(d, ".list-count"))
			}
		}
		d := page(t, f.viewer.get(fwURL+"?q=A.5.15"))
		href, _ := d.Find(`table.req-tree a[href^="/requirements/"]`).Attr("href")
		if chip := text(d, "table.req-tree .chip"); chip != "Not covered" {
			t.Errorf("coverage chip of A.5.15 = %q, want Not covered", chip)
		}
		resp = f.viewer.get(fwURL + "?coverage=everything")
		wantStatus(t, "a bad coverage filter", resp, http.StatusUnprocessableEntity)
		resp.Body.Close()

		d = page(t, f.contrib.get(href))
		if got := text(d, "h1"); !strings.Contains(got, "A.5.15") {
			t.Errorf("requirement heading = %q", got)
		}
		if d.Find(".breadcrumb a").Length() < 3 {
			t.Error("the breadcrumb does not name the framework and the parent group")
		}
		doc = page(t, f.mgr.get("/frameworks"))
		if got := text(doc, "table.list tbody td a"); !strings.Contains(got, "ISO/IEC 27001") {
			t.Errorf("first framework in the list = %q", got)
		}
		if got := text(doc, "table.list tbody td.num a"); got != "0%" {
			t.Errorf("posture of the new framework = %q, want 0%%", got)
		}
	})
}

func TestRequirementLinksAControl(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		ctx := context.Background()
		if _, _, err := f.h.app.ImportBuiltinFramework(ctx, f.sys(), "iso27001-2022"); err != nil {
			t.Fatal(err)
		}
		req, err := f.h.app.ResolveRequirement(ctx, f.sys(), "iso27001-2022", "A.5.15")
		if err != nil {
			t.Fatal(err)
		}
		c, err := f.h.app.CreateControl(ctx, f.sys(), app.ControlInput{Title: "Single sign-on with MFA", Status: "implemented"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/requirements/" + string(req.ID)
		if page(t, f.viewer.get(path)).Find(`form[action="`+path+`/controls"]`).Length() != 0 {
			t.Error("a viewer is offered to link a control")
		}
		resp := f.contrib.post(path+"/controls", url.Values{"control": {""}})
		wantStatus(t, "link no control", resp, http.StatusUnprocessableEntity)
		resp.Body.Close()
		resp = f.contrib.post(path+"/controls", url.Values{"control": {string(c.ID)}})
		wantStatus(t, "link a control", resp, http.StatusSeeOther)
		doc := page(t, f.contrib.get(path))
		if got := text(doc, "#controls-heading + ul.link-list"); !strings.Contains(got, "Single sign-on with MFA") {
			t.Errorf("linked controls = %q", got)
		}
		if got := text(doc, ".page-header .chip"); got != "Covered" {
			t.Errorf("coverage after linking an implemented control = %q, want Covered", got)
		}
		resp = f.viewer.post(path+"/controls", url.Values{"control": {string(c.ID)}})
		wantStatus(t, "a viewer links a control", resp, http.StatusForbidden)
		resp.Body.Close()
	})
}

func TestFrameworkExportReadsBack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		fw := f.importSupplier(t)
		for _, format := range []string{"yaml", "csv", "oscal"} {
			resp := f.viewer.get("/frameworks/" + string(fw.ID) + "/export?format=" + format)
			wantStatus(t, "export "+format, resp, 200)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			cd := resp.Header.Get("Content-Disposition")
			if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "acme-supplier") {
				t.Errorf("export %s: Content-Disposition %q", format, cd)
			}
			name := map[string]string{"yaml": "x.yaml", "csv": "x.csv", "oscal": "x.json"}[format]
			got, err := catalog.ReadFramework(name, b, catalog.ReadOptions{Key: "acme-supplier"})
			if err != nil {
				t.Errorf("export %s does not read back: %v\n%s", format, err, b)
				continue
			}
			if len(got.Requirements) != 5 {
				t.Errorf("export %s reads back %d requirements, want 5", format, len(got.Requirements))
			}
		}
		resp := f.viewer.get("/frameworks/" + string(fw.ID) + "/export?format=pdf")
		wantStatus(t, "export pdf", resp, http.StatusUnprocessableEntity)
		resp.Body.Close()
	})
}

// importSupplier imports supplierYAML for the organization.
func (f *frameworkFixture) importSupplier(t *testing.T) *isms.Framework {
	t.Helper()
	cf, err := f.h.app.ReadFrameworkFile("supplier.yaml", []byte(supplierYAML), catalog.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fw, _, err := f.h.app.ImportFramework(context.Background(), f.sys(), cf)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestFrameworkDelete(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		fw := f.importSupplier(t)
		path := "/frameworks/" + string(fw.ID)
		if page(t, f.mgr.get(path)).Find(`form[action="`+path+`/delete"]`).Length() != 1 {
			t.Error("the manager is not offered to delete the framework")
		}
		resp := f.contrib.post(path+"/delete", nil)
		wantStatus(t, "a contributor deletes", resp, http.StatusForbidden)
		resp.Body.Close()
		resp = f.mgr.post(path+"/delete", nil)
		wantStatus(t, "the manager deletes", resp, http.StatusSeeOther)
		resp.Body.Close()
		if n := f.frameworks(t); n != 0 {
			t.Errorf("after deletion: %d frameworks", n)
		}
		resp = f.mgr.get(path)
		wantStatus(t, "the deleted framework", resp, http.StatusNotFound)
		resp.Body.Close()
	})
}

func TestMappingPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		doc := page(t, f.mgr.get("/mappings"))
		if text(doc, ".empty h2") != "No mapping sets yet" {
			t.Errorf("empty mapping list: %q", text(doc, ".empty h2"))
		}
		for _, key := range []string{"iso27001-2022", "iso27001-2013"} {
			wantStatus(t, "add "+key, f.mgr.post("/frameworks/builtin", url.Values{"key": {key}}), http.StatusSeeOther)
		}
		doc = page(t, f.viewer.get("/mappings"))
		link := doc.Find(`table.list tbody a[href^="/mappings/"]`)
		if !strings.Contains(link.Text(), "2013") {
			t.Fatalf("the built-in mapping set is not listed: %q", link.Text())
		}
		if doc.Find(`form[action^="/mappings/import"]`).Length() != 0 {
			t.Error("a viewer is offered to import mappings")
		}
		setURL, _ := link.Attr("href")
		doc = page(t, f.viewer.get(setURL+"?per_page=20"))
		if n := doc.Find("table.list tbody tr").Length(); n != 20 {
			t.Errorf("%s lists %d mappings on a page of 20", setURL, n)
		}
		if doc.Find(".pagination a[rel=next]").Length() != 1 {
			t.Error("the mappings are not paginated")
		}
		resp := f.viewer.get(setURL + "?format=csv")
		wantStatus(t, "export the mappings", resp, 200)
		if b := body(t, resp); !strings.Contains(b, "A.9.2.1") {
			t.Error("the CSV export lacks A.9.2.1")
		}

		bad := "# name: Access reviews\nsource_ref,target_ref,relationship,strength,rationale\nA.9.2.5,A.5.18,subset,,\nA.99.1,A.5.18,equal,,\n"
		resp = upload(f.mgr, "/mappings/import", url.Values{"source": {f.frameworkID(t, "iso27001-2013")}, "target": {f.frameworkID(t, "iso27001-2022")}}, "access.csv", bad)
		wantStatus(t, "import a mapping file with an unknown reference", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		if got := doc.Find("#import-problems").Text(); !strings.Contains(got, "A.99.1") {
			t.Errorf("the problems do not name A.99.1: %q", got)
		}
		resp = upload(f.mgr, "/mappings/import", nil, "access.yaml", authzMappingYAML)
		wantStatus(t, "import a mapping file", resp, http.StatusSeeOther)
		imported := resp.Header.Get("Location")
		if got := text(page(t, f.mgr.get(imported)), "h1"); got != "Access reviews" {
			t.Errorf("imported set heading = %q", got)
		}

		req, err := f.h.app.ResolveRequirement(context.Background(), f.sys(), "iso27001-2022", "A.5.18")
		if err != nil {
			t.Fatal(err)
		}
		doc = page(t, f.viewer.get("/requirements/"+string(req.ID)))
		rows := doc.Find(`section[aria-labelledby="mappings-heading"] tbody tr`)
		if rows.Length() < 2 || !strings.Contains(rows.Text(), "A.9.2.5") || !strings.Contains(rows.Text(), "superset of") {
			t.Errorf("the mappings of A.5.18: %q", strings.Join(strings.Fields(rows.Text()), " "))
		}

		wantStatus(t, "a contributor deletes a set", f.contrib.post(imported+"/delete", nil), http.StatusForbidden)
		wantStatus(t, "delete the set", f.mgr.post(imported+"/delete", nil), http.StatusSeeOther)
		wantStatus(t, "the deleted set", f.mgr.get(imported), http.StatusNotFound)
	})
}

// frameworkID is the ID of the organization's framework with key.
func (f *frameworkFixture) frameworkID(t *testing.T, key string) string {
	t.Helper()
	fw, err := f.h.app.FindFramework(context.Background(), f.sys(), key)
	if err != nil {
		t.Fatal(err)
	}
	return string(fw.ID)
}
