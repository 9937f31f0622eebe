// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// controlFixture is an organization with two small frameworks, Alpha and
// Beta, and a manager, a contributor and a viewer. Beta carries a mapping
// from Alpha: G2.1 equal to B1.1, G2.2 intersects B1.2.
type controlFixture struct {
	h                     *harness
	org                   *isms.Organization
	admin, mgr, contrib   *isms.User
	viewer                *isms.User
	asMgr                 isms.Actor
	alpha, beta           *isms.Framework
	reqs                  map[string]isms.ID // "alpha:G2.1" → ID
	mgrClient, viewClient *client
}

func newControlFixture(t *testing.T, db *sqldb.DB) *controlFixture {
	h := newHarness(t, db)
	f := &controlFixture{h: h, reqs: map[string]isms.ID{}}
	f.org, f.admin = h.org("acme")
	f.mgr = h.member(f.org, "mgr", isms.RoleManager)
	f.contrib = h.member(f.org, "contrib", isms.RoleContributor)
	f.viewer = h.member(f.org, "viewer", isms.RoleViewer)
	f.asMgr = isms.Actor{UserID: f.mgr.ID, Name: f.mgr.Name, OrgID: f.org.ID, Role: isms.RoleManager}
	f.alpha = importTestFramework(t, h, f.asMgr, alphaFramework())
	f.beta = importTestFramework(t, h, f.asMgr, betaFramework())
	for _, fw := range []*isms.Framework{f.alpha, f.beta} {
		rows, _, err := h.app.FindRequirements(context.Background(), f.asMgr, isms.RequirementFilter{FrameworkID: fw.ID})
		if err != nil {
			t.Fatalf("FindRequirements: %v", err)
		}
		for _, r := range rows {
			f.reqs[fw.Key+":"+r.Ref] = r.ID
		}
	}
	f.mgrClient, f.viewClient = h.signIn(f.mgr), h.signIn(f.viewer)
	return f
}

// alphaFramework is a framework of two groups of two assessable controls.
func alphaFramework() *catalog.Framework {
	return &catalog.Framework{
		Meta: isms.Framework{Key: "alpha", Name: "Alpha Baseline", Edition: "1.0", Publisher: "Test", Source: isms.SourceYAML, SHA256: "alpha-1"},
		Requirements: []isms.Requirement{
			{Ref: "G1", Title: "Governance", Kind: isms.KindGroup},
			{Ref: "G1.1", ParentRef: "G1", Title: "Security policy", Kind: isms.KindControl, Assessable: true},
			{Ref: "G1.2", ParentRef: "G1", Title: "Roles and responsibilities", Kind: isms.KindControl, Assessable: true},
			{Ref: "G2", Title: "Technology", Kind: isms.KindGroup},
			{Ref: "G2.1", ParentRef: "G2", Title: "Backup", Kind: isms.KindControl, Assessable: true},
			{Ref: "G2.2", ParentRef: "G2", Title: "Logging", Kind: isms.KindControl, Assessable: true},
		},
	}
}

// betaFramework is a framework of one group, with a mapping from Alpha.
func betaFramework() *catalog.Framework {
	return &catalog.Framework{
		Meta: isms.Framework{Key: "beta", Name: "Beta Checklist", Edition: "2", Publisher: "Test", Source: isms.SourceYAML, SHA256: "beta-1"},
		Requirements: []isms.Requirement{
			{Ref: "B1", Title: "Operations", Kind: isms.KindGroup},
			{Ref: "B1.1", ParentRef: "B1", Title: "Backups are tested", Kind: isms.KindControl, Assessable: true},
			{Ref: "B1.2", ParentRef: "B1", Title: "Logs are kept", Kind: isms.KindControl, Assessable: true},
		},
		Mappings: []*catalog.MappingFile{{Name: "Alpha to Beta", SourceKey: "alpha", TargetKey: "beta", Origin: isms.MappingImported,
			Entries: []catalog.MappingEntry{
				{SourceRef: "G2.1", TargetRef: "B1.1", Relationship: isms.RelEqual},
				{SourceRef: "G2.2", TargetRef: "B1.2", Relationship: isms.RelIntersects},
			}}},
	}
}

func importTestFramework(t *testing.T, h *harness, a isms.Actor, fw *catalog.Framework) *isms.Framework {
	t.Helper()
	f, _, err := h.app.ImportFramework(context.Background(), a, fw)
	if err != nil {
		t.Fatalf("ImportFramework(%s): %v", fw.Meta.Key, err)
	}
	return f
}

// control creates a control as the manager.
func (f *controlFixture) control(ref, title string, status isms.ControlStatus) *isms.Control {
	f.h.t.Helper()
	c, err := f.h.app.CreateControl(context.Background(), f.asMgr, app.ControlInput{Ref: ref, Title: title, Status: string(status)})
	if err != nil {
		f.h.t.Fatalf("CreateControl(%s): %v", title, err)
	}
	return c
}

// link links control c to requirements "key:ref" as the manager.
func (f *controlFixture) link(c *isms.Control, refs ...string) {
	f.h.t.Helper()
	var ids []isms.ID
	for _, r := range refs {
		ids = append(ids, f.reqs[r])
	}
	if _, err := f.h.app.LinkControl(context.Background(), f.asMgr, c.ID, ids); err != nil {
		f.h.t.Fatalf("LinkControl: %v", err)
	}
}

// linkTexts returns the whitespace-normalized texts of the elements sel selects.
func linkTexts(doc *goquery.Document, sel string) []string {
	out := []string{}
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

func TestControlFormValidatesEditsAndRefusesStaleVersions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newControlFixture(t, db)
		c := f.mgrClient
		doc := page(t, c.get("/controls/new"))
		if sel := doc.Find(`#f-status option[selected]`).AttrOr("value", ""); sel != "planned" {
			t.Errorf("the status preselected is %q, want planned", sel)
		}
		resp := c.post("/controls", url.Values{"ref": {"C 1"}, "title": {""}, "status": {"done"}, "reviewMonths": {"often"},
			"nextReview": {"2026-13-01"}, "notes": {"kept notes"}})
		doc = page(t, resp)
		wantStatus(t, "POST /controls with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"ref", "title", "status", "reviewMonths", "nextReview"} {
			if doc.Find("#f-"+field).ParentFiltered(".field-invalid").Length() != 1 || text(doc, "#f-"+field+" ~ .error") == "" {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if n := doc.Find(".error-summary li").Length(); n != 5 {
			t.Errorf("the error summary lists %d problems, want 5", n)
		}
		if got := text(doc, "#f-notes"); got != "kept notes" {
			t.Errorf("the notes typed were lost: %q", got)
		}

		resp = c.post("/controls", url.Values{"title": {"Encrypted backups"}, "status": {"in_progress"}, "owner": {string(f.contrib.ID)},
			"reviewMonths": {"12"}, "nextReview": {"2026-09-01"}, "description": {"Nightly, to a second site."}})
		resp.Body.Close()
		wantStatus(t, "POST /controls", resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		doc = page(t, c.get(loc))
		if got := text(doc, "h1"); !strings.HasPrefix(got, "C-1 Encrypted backups") || !strings.Contains(got, "In progress") {
			t.Errorf("the control's heading is %q, want C-1 with its status", got)
		}
		if got := text(doc, ".page-header .meta"); !strings.Contains(got, "Owner: contrib") {
			t.Errorf("the control's meta line is %q", got)
		}

		resp = c.post("/controls", url.Values{"ref": {"C-1"}, "title": {"Another"}, "status": {"planned"}})
		doc = page(t, resp)
		wantStatus(t, "a second C-1", resp, http.StatusUnprocessableEntity)
		if got := text(doc, "#f-ref ~ .error"); !strings.Contains(got, "C-1") {
			t.Errorf("the duplicate reference problem = %q", got)
		}

		doc = page(t, c.get(loc+"/edit"))
		if v := doc.Find(`input[name=version]`).AttrOr("value", ""); v != "1" {
			t.Errorf("the edit form's version = %q, want 1", v)
		}
		edit := url.Values{"ref": {"C-1"}, "title": {"Encrypted offsite backups"}, "status": {"implemented"}, "owner": {string(f.contrib.ID)},
			"reviewMonths": {"6"}, "nextReview": {""}, "version": {"1"}}
		resp = c.post(loc, edit)
		resp.Body.Close()
		wantStatus(t, "the first edit", resp, http.StatusSeeOther)
		edit.Set("title", "Stale title")
		resp = c.post(loc, edit)
		doc = page(t, resp)
		wantStatus(t, "a stale edit", resp, http.StatusConflict)
		if got := text(doc, ".flash-error"); !strings.Contains(got, "Someone else changed this control") {
			t.Errorf("stale edit message = %q", got)
		}
		if v := doc.Find("#f-title").AttrOr("value", ""); v != "Stale title" {
			t.Errorf("the stale edit lost the typed title: %q", v)
		}

		resp = f.viewClient.get("/controls/new")
		resp.Body.Close()
		wantStatus(t, "the viewer asks for the form", resp, http.StatusForbidden)
		doc = page(t, f.viewClient.get(loc))
		if doc.Find(`a[href$="/edit"]`).Length() != 0 || doc.Find(`form[action$="/links"]`).Length() != 0 {
			t.Error("the viewer's control page offers editing or linking")
		}
	})
}

func TestControlLinksByReferenceAndInferredLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newControlFixture(t, db)
		c := f.mgrClient
		ctl := f.control("C-7", "Backups", isms.ControlImplemented)
		path := "/controls/" + string(ctl.ID)

		resp := c.post(path+"/links", url.Values{"framework": {string(f.alpha.ID)}, "refs": {"G2.1, G9.9 G8"}})
		doc := page(t, resp)
		wantStatus(t, "linking unknown references", resp, http.StatusUnprocessableEntity)
		if got := text(doc, "#f-refs ~ .error"); !strings.Contains(got, "G9.9, G8") || !strings.Contains(got, "Alpha Baseline") {
			t.Errorf("the unknown references problem = %q, want it to name G9.9 and G8", got)
		}
		if v := doc.Find("#f-refs").AttrOr("value", ""); v != "G2.1, G9.9 G8" {
			t.Errorf("the references typed were lost: %q", v)
		}
		if n := doc.Find(".req-links li").Length(); n != 0 {
			t.Errorf("a refused request linked %d requirements", n)
		}

		resp = c.post(path+"/links", url.Values{"framework": {"alpha"}, "refs": {"G2.1 g2.2"}})
		resp.Body.Close()
		wantStatus(t, "linking by references", resp, http.StatusSeeOther)
		doc = page(t, c.get(path))
		if diff := cmp.Diff([]string{"G2.1 Backup Unlink G2.1", "G2.2 Logging Unlink G2.2"}, linkTexts(doc, ".req-links li")); diff != "" {
			t.Errorf("confirmed links (-want +got):\n%s", diff)
		}
		if got := text(doc, "#req-heading ~ h3"); got != "Alpha Baseline (1.0)" {
			t.Errorf("the links' framework heading = %q", got)
		}

		if _, err := f.h.app.ProposeInferredLinks(context.Background(), f.asMgr, f.beta.ID); err != nil {
			t.Fatalf("ProposeInferredLinks: %v", err)
		}
		doc = page(t, c.get(path))
		rows := linkTexts(doc, ".inferred tbody tr")
		if len(rows) != 2 || !strings.Contains(rows[0], "B1.1 Backups are tested") || !strings.Contains(rows[0], "G2.1") {
			t.Fatalf("inferred links = %q", rows)
		}
		resp = c.post(path+"/links/confirm", url.Values{"requirement": {string(f.reqs["beta:B1.1"])}})
		resp.Body.Close()
		wantStatus(t, "confirming one", resp, http.StatusSeeOther)
		resp = c.post(path+"/links/"+string(f.reqs["beta:B1.2"])+"/delete", nil)
		resp.Body.Close()
		wantStatus(t, "rejecting one", resp, http.StatusSeeOther)
		doc = page(t, c.get(path))
		if n := doc.Find(".inferred").Length(); n != 0 {
			t.Error("inferred links remain after confirming one and rejecting the other")
		}
		if diff := cmp.Diff([]string{"G2.1 Backup Unlink G2.1", "G2.2 Logging Unlink G2.2", "B1.1 Backups are tested Unlink B1.1"},
			linkTexts(doc, ".req-links li")); diff != "" {
			t.Errorf("confirmed links after review (-want +got):\n%s", diff)
		}

		back := "/requirements/" + string(f.reqs["alpha:G1.1"])
		resp = c.post(path+"/links", url.Values{"requirement": {string(f.reqs["alpha:G1.1"])}, "return": {back}})
		resp.Body.Close()
		wantStatus(t, "linking from the requirement page", resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != back {
			t.Errorf("linking from the requirement page returns to %q, want %q", loc, back)
		}
		resp = c.post(path+"/links/"+string(f.reqs["alpha:G1.1"])+"/delete", url.Values{"return": {"https://evil.example/"}})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != path {
			t.Errorf("an outside return address was followed: %q", loc)
		}
	})
}

func TestControlListFiltersAndExports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newControlFixture(t, db)
		c := f.mgrClient
		doc := page(t, c.get("/controls"))
		if got := text(doc, ".empty h2"); got != "No controls yet" {
			t.Errorf("the empty list says %q", got)
		}
		backup := f.control("C-1", "Encrypted backups", isms.ControlImplemented)
		f.control("C-2", "Clean desk", isms.ControlPlanned)
		logs := f.control("C-3", "Central logging", isms.ControlInProgress)
		f.link(backup, "alpha:G2.1")
		f.link(logs, "beta:B1.2")
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"", []string{"C-1", "C-2", "C-3"}},
			{"status=planned", []string{"C-2"}},
			{"framework=" + string(f.alpha.ID), []string{"C-1"}},
			{"framework=beta", []string{"C-3"}},
			{"unlinked=1", []string{"C-2"}},
			{"q=logging", []string{"C-3"}},
			{"sort=title", []string{"C-3", "C-2", "C-1"}},
		} {
			if diff := cmp.Diff(tc.want, rowTitles(t, c.get("/controls?"+tc.query))); diff != "" {
				t.Errorf("GET /controls?%s (-want +got):\n%s", tc.query, diff)
			}
		}
		resp := c.get("/controls?framework=nope")
		resp.Body.Close()
		wantStatus(t, "an unknown framework filter", resp, http.StatusUnprocessableEntity)

		csv := body(t, c.get("/controls?status=implemented&format=csv"))
		if !strings.Contains(csv, "C-1,Encrypted backups,Implemented,,1,") || strings.Contains(csv, "Clean desk") {
			t.Errorf("CSV of implemented controls:\n%s", csv)
		}
		resp = c.get("/controls?format=xlsx")
		b := []byte(body(t, resp))
		wantStatus(t, "XLSX export", resp, http.StatusOK)
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("open the XLSX export: %v", err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, r := range rows[1:] {
			refs = append(refs, r[0])
		}
		if diff := cmp.Diff([]string{"C-1", "C-2", "C-3"}, refs); diff != "" {
			t.Errorf("XLSX rows (-want +got):\n%s", diff)
		}
	})
}
