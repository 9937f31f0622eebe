// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// docFixture is an organization with a manager, a contributor, a viewer
// and an employee, each signed in.
type docFixture struct {
	h                         *harness
	org                       *isms.Organization
	admin, mgr, contrib, emp  *isms.User
	asAdmin, asMgr            isms.Actor
	adminC, mgrC, viewC, empC *client
	contribC                  *client
	viewer                    *isms.User
}

func newDocFixture(t *testing.T, db *sqldb.DB) *docFixture {
	h := newHarness(t, db)
	f := &docFixture{h: h}
	f.org, f.admin = h.org("acme")
	f.mgr = h.member(f.org, "mgr", isms.RoleManager)
	f.contrib = h.member(f.org, "contrib", isms.RoleContributor)
	f.viewer = h.member(f.org, "viewer", isms.RoleViewer)
	f.emp = h.member(f.org, "emp", isms.RoleEmployee)
	f.asAdmin = isms.Actor{UserID: f.admin.ID, Name: f.admin.Name, OrgID: f.org.ID, Role: isms.RoleAdmin}
	f.asMgr = isms.Actor{UserID: f.mgr.ID, Name: f.mgr.Name, OrgID: f.org.ID, Role: isms.RoleManager}
	f.adminC, f.mgrC, f.contribC = h.signIn(f.admin), h.signIn(f.mgr), h.signIn(f.contrib)
	f.viewC, f.empC = h.signIn(f.viewer), h.signIn(f.emp)
	return f
}

// document creates a document with a Markdown first draft as the admin.
func (f *docFixture) document(t *testing.T, in app.DocumentInput, body string) (*isms.Document, *isms.DocumentVersion) {
	t.Helper()
	if in.OwnerID == "" {
		in.OwnerID = string(f.mgr.ID)
	}
	if in.Type == "" {
		in.Type = "policy"
	}
	d, v, err := f.h.app.CreateDocument(context.Background(), f.asAdmin, in, app.DocumentBodyInput{Markdown: body})
	if err != nil {
		t.Fatalf("CreateDocument(%s): %v", in.Title, err)
	}
	return d, v
}

// approve has the admin submit version v to the manager, who approves it.
func (f *docFixture) approve(t *testing.T, v *isms.DocumentVersion) {
	t.Helper()
	ctx := context.Background()
	ap, err := f.h.app.SubmitDocumentVersion(ctx, f.asAdmin, v.ID, []isms.ID{f.mgr.ID}, "")
	if err != nil {
		t.Fatalf("SubmitDocumentVersion: %v", err)
	}
	if _, err := f.h.app.DecideApproval(ctx, f.asMgr, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		t.Fatalf("DecideApproval: %v", err)
	}
}

// uploadForm posts a multipart form, as a browser sends the new document
// form, with the CSRF token in the address.
func uploadForm(c *client, path string, fields url.Values, fileName, content string) *http.Response {
	ct, b := multipartBody(fields, fileName, content)
	return c.do("POST", path+"?"+url.Values{"csrf": {c.csrf}}.Encode(), ct, strings.NewReader(string(b)), false)
}

// hostileMarkdown tries every way to get script into a page.
const hostileMarkdown = "# Acceptable use\n\n<script>alert('body')</script>\n\n" +
	"[click](javascript:alert('link')) [vb](vbscript:msgbox) ![img](data:image/svg+xml;base64,PHN2Zz4=)\n\n" +
	"<img src=x onerror=alert('img')> <a href=\"https://example.com\" onclick=\"alert('a')\">a</a>\n\n" +
	"<iframe src=\"https://evil.example\"></iframe>\n\n- item one\n- item two\n\n[policy site](https://example.com/policy)\n"

// checkSafe fails when the page's rendered Markdown carries anything
// that could run: script or iframe elements, event attributes, or
// javascript:, vbscript: or data: addresses.
func checkSafe(t *testing.T, where string, doc *goquery.Document) {
	t.Helper()
	prose := doc.Find(".prose")
	if prose.Length() == 0 {
		t.Fatalf("%s: no rendered text", where)
	}
	if n := doc.Find("script:not([src]), .prose script, .prose iframe, .prose object, .prose embed").Length(); n != 0 {
		t.Errorf("%s: %d script, iframe or object elements in the page", where, n)
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s> has the event attribute %s", where, goquery.NodeName(s), a.Key)
			}
			if (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
				t.Errorf("%s: <%s %s=%q>", where, goquery.NodeName(s), a.Key, a.Val)
			}
		}
	})
	if prose.Find(`a[href="https://example.com/policy"]`).Length() != 1 || prose.Find("li").Length() != 2 {
		t.Errorf("%s: the safe Markdown is not rendered: %s", where, prose.Text())
	}
}

func TestDocumentFormValidatesCreatesAndEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDocFixture(t, db)
		c := f.mgrC
		doc := page(t, c.get("/documents"))
		if got := text(doc, ".empty h2"); got != "No documents yet" || doc.Find(`.empty a[href="/documents/new"]`).Length() != 1 {
			t.Errorf("the empty register says %q, or offers no new document", got)
		}
		tpls := app.DocumentTemplates()
		if len(tpls) == 0 {
			t.Fatal("no starter template")
		}
		doc = page(t, c.get("/documents/new?template="+url.QueryEscape(tpls[0].Key)))
		if v := doc.Find("#f-title").AttrOr("value", ""); v != tpls[0].Title {
			t.Errorf("the template's title is %q, want %q", v, tpls[0].Title)
		}
		if got := doc.Find("#f-body").Text(); got != tpls[0].Body {
			t.Errorf("the body is not the template's:\n%s", got)
		}
		resp := c.get("/documents/new?template=no-such-thing")
		doc = page(t, resp)
		wantStatus(t, "an unknown template", resp, http.StatusUnprocessableEntity)
		if doc.Find("#f-template").ParentFiltered(".field-invalid").Length() != 1 {
			t.Error("an unknown template is not reported at the template picker")
		}

		resp = uploadForm(c, "/documents", url.Values{"title": {""}, "type": {"policy"}, "owner": {string(f.mgr.ID)},
			"reviewMonths": {"99"}, "body": {"# Kept text"}, "links": {"control:C-404"}}, "", "")
		doc = page(t, resp)
		wantStatus(t, "POST /documents with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"title", "reviewMonths", "links"} {
			if doc.Find("#f-"+field).ParentFiltered(".field-invalid").Length() != 1 || text(doc, "#f-"+field+" ~ .error") == "" {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := doc.Find("#f-body").Text(); got != "# Kept text" {
			t.Errorf("the text typed was lost: %q", got)
		}

		resp = c.do("POST", "/documents", "application/x-www-form-urlencoded", strings.NewReader("title=x"), false)
		resp.Body.Close()
		wantStatus(t, "a form without its CSRF token", resp, http.StatusForbidden)

		resp = uploadForm(c, "/documents", url.Values{"title": {"Acceptable use policy"}, "type": {"topic_policy"},
			"owner": {string(f.mgr.ID)}, "classification": {"confidential"}, "reviewMonths": {"12"}, "clauses": {"A.5.10"},
			"audienceEveryone": {"1"}, "body": {hostileMarkdown}, "changeSummary": {"First issue"}}, "", "")
		body(t, resp)
		wantStatus(t, "POST /documents", resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		doc = page(t, c.get(loc))
		if got := text(doc, "h1"); !strings.HasPrefix(got, "DOC-1 Acceptable use policy") {
			t.Errorf("the document's heading is %q", got)
		}
		if got := text(doc, ".classification"); !strings.Contains(got, "confidential") {
			t.Errorf("the classification banner reads %q", got)
		}
		doc = page(t, c.get(loc+"/versions/1"))
		checkSafe(t, "the draft's page", doc)
		if got := text(doc, ".classification"); !strings.Contains(got, "confidential") {
			t.Errorf("the version's classification banner reads %q", got)
		}

		doc = page(t, c.get(loc+"/edit"))
		version := doc.Find(`input[name=version]`).AttrOr("value", "")
		if version != "1" || doc.Find("#f-audienceEveryone[checked]").Length() != 1 {
			t.Errorf("the edit form's version is %q, or the audience is lost", version)
		}
		edit := url.Values{"ref": {"DOC-1"}, "title": {"Acceptable use"}, "type": {"topic_policy"}, "owner": {string(f.mgr.ID)},
			"classification": {"internal"}, "reviewMonths": {"12"}, "audienceRoles": {"employee"}, "version": {version}}
		resp = c.post(loc, edit)
		resp.Body.Close()
		wantStatus(t, "the first edit", resp, http.StatusSeeOther)
		edit.Set("title", "Stale title")
		resp = c.post(loc, edit)
		doc = page(t, resp)
		wantStatus(t, "a stale edit", resp, http.StatusConflict)
		if text(doc, ".flash-error") == "" || doc.Find("#f-title").AttrOr("value", "") != "Stale title" {
			t.Error("a stale edit says nothing, or loses what was typed")
		}
		doc = page(t, c.get(loc))
		if got := text(doc, "#links .props"); !strings.Contains(got, "Employee") {
			t.Errorf("the audience reads %q", got)
		}

		resp = uploadForm(c, "/documents", url.Values{"title": {"GDPR"}, "type": {"other"}, "owner": {string(f.mgr.ID)},
			"external": {"1"}, "source": {"Regulation (EU) 2016/679"}, "body": {""}}, "gdpr.pdf", "%PDF-1.4 the regulation")
		body(t, resp)
		wantStatus(t, "a document uploaded as a file", resp, http.StatusSeeOther)
		fileDoc := resp.Header.Get("Location")
		doc = page(t, c.get(fileDoc+"/versions/1"))
		if doc.Find(`a[href="`+fileDoc+`/versions/1/file"]`).Length() == 0 {
			t.Error("the file version offers no download")
		}
		resp = c.get(fileDoc + "/versions/1/file")
		if got := body(t, resp); got != "%PDF-1.4 the regulation" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("the file download is %q, %q", got, resp.Header.Get("Content-Disposition"))
		}
		export := body(t, c.get("/documents?format=csv"))
		if !strings.Contains(export, "Classification") || !strings.Contains(export, "DOC-1,Acceptable use,Topic-specific policy,mgr,Internal") {
			t.Errorf("the register's export lacks the classification:\n%s", export)
		}

		resp = f.viewC.get("/documents/new")
		resp.Body.Close()
		wantStatus(t, "the viewer asks for the form", resp, http.StatusForbidden)
		doc = page(t, f.viewC.get(loc))
		if doc.Find(`a[href$="/edit"]`).Length() != 0 || doc.Find(`form[action$="/versions"]`).Length() != 0 {
			t.Error("the viewer's document page offers editing")
		}
	})
}

func TestDocumentVersionsReviewAndApproval(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDocFixture(t, db)
		d, v1 := f.document(t, app.DocumentInput{Title: "Information security policy", Classification: "internal",
			AudienceEveryone: true}, "# Policy\n\nWe protect information.\n")
		c := f.adminC
		path := "/documents/" + string(d.ID)
		vpath := path + "/versions/1"

		resp := c.post(vpath+"/preview", url.Values{"body": {"# Policy\n\nWe **protect** information.\n"}, "changeSummary": {"typed"}})
		doc := page(t, resp)
		wantStatus(t, "a preview", resp, http.StatusOK)
		if doc.Find(".prose strong").Length() != 1 || !strings.Contains(doc.Find("#f-body").Text(), "**protect**") {
			t.Error("the preview does not render the typed text, or loses it")
		}
		got, _, err := f.h.app.FindDocumentVersion(context.Background(), f.asAdmin, string(d.ID), 1)
		if err != nil || strings.Contains(got.Body, "**protect**") {
			t.Errorf("the preview saved the text: %v", err)
		}
		form := url.Values{"body": {"# Policy\n\nWe protect all information.\n"}, "changeSummary": {"First issue"},
			"revision": {strconv.Itoa(v1.Revision)}}
		resp = c.post(vpath, form)
		resp.Body.Close()
		wantStatus(t, "saving the draft", resp, http.StatusSeeOther)
		resp = c.post(vpath, form)
		page(t, resp)
		wantStatus(t, "saving a stale draft", resp, http.StatusConflict)

		resp = c.post(vpath+"/submit", url.Values{"note": {"Please read."}})
		doc = page(t, resp)
		wantStatus(t, "a submission without approvers", resp, http.StatusUnprocessableEntity)
		if doc.Find("#f-approvers.field-invalid .error").Length() != 1 {
			t.Error("no approver is not reported at the approvers")
		}
		if doc.Find(`input[name=approvers][value="`+string(f.admin.ID)+`"]`).Length() != 0 {
			t.Error("the author is offered as an approver")
		}
		resp = c.post(vpath+"/submit", url.Values{"approvers": {string(f.mgr.ID), string(f.contrib.ID)}, "note": {"Please read."}})
		resp.Body.Close()
		wantStatus(t, "the submission", resp, http.StatusSeeOther)
		doc = page(t, c.get(path))
		if doc.Find(`#versions a[href^="/approvals/"]`).Length() != 1 || text(doc, "h1 .chip") != "in review" {
			t.Errorf("the submitted document reads %q, without a link to its submission", text(doc, "h1 .chip"))
		}
		d2, err := f.h.app.FindDocument(context.Background(), f.asAdmin, string(d.ID))
		if err != nil || d2.Pending == nil {
			t.Fatalf("no pending submission: %v", err)
		}
		for _, who := range []isms.Actor{f.asMgr, {UserID: f.contrib.ID, Name: f.contrib.Name, OrgID: f.org.ID, Role: isms.RoleContributor}} {
			if _, err := f.h.app.DecideApproval(context.Background(), who, d2.Pending.ID, isms.DecisionApprove, "Fine."); err != nil {
				t.Fatalf("DecideApproval: %v", err)
			}
		}
		doc = page(t, c.get(path))
		if got := text(doc, "#in-force .prose"); !strings.Contains(got, "We protect all information.") {
			t.Errorf("the version in force reads %q", got)
		}
		if got := text(doc, "#in-force .small"); !strings.Contains(got, "mgr") || !strings.Contains(got, "contrib") {
			t.Errorf("the approvers are not named: %q", got)
		}

		resp = c.get(vpath + ".pdf")
		pdf := body(t, resp)
		wantStatus(t, "the PDF", resp, http.StatusOK)
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
			t.Errorf("the PDF is %s starting %q", ct, pdf[:min(len(pdf), 8)])
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="DOC-1-v1.pdf"`) || !strings.HasPrefix(cd, "attachment") {
			t.Errorf("the PDF's Content-Disposition is %q", cd)
		}
		doc = page(t, c.get(path+"/print"))
		if doc.Find("nav.sidenav").Length() != 0 || doc.Find(".doc-control").Length() != 1 || text(doc, ".classification") == "" {
			t.Error("the print view has the navigation, or lacks its control block or classification")
		}
		if got := text(doc, ".doc-control"); !strings.Contains(got, "mgr") || !strings.Contains(got, "v1") {
			t.Errorf("the print view's control block reads %q", got)
		}

		resp = c.post(path+"/versions", url.Values{"changeSummary": {"Add remote work"}})
		resp.Body.Close()
		wantStatus(t, "a new version", resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != path+"/versions/2" {
			t.Fatalf("a new version leads to %s", loc)
		}
		doc = page(t, c.get(path+"/versions/2"))
		rev := doc.Find("input[name=revision]").AttrOr("value", "")
		if got := doc.Find("#f-body").Text(); !strings.Contains(got, "We protect all information.") {
			t.Errorf("the new version does not start from the last: %q", got)
		}
		resp = c.post(path+"/versions/2", url.Values{"body": {"# Policy\n\nWe protect information at home too.\n"},
			"changeSummary": {"Add remote work"}, "revision": {rev}})
		resp.Body.Close()
		wantStatus(t, "editing version 2", resp, http.StatusSeeOther)
		resp = c.post(path+"/versions", url.Values{"changeSummary": {"Another"}})
		page(t, resp)
		wantStatus(t, "a second draft", resp, http.StatusConflict)

		doc = page(t, c.get(path+"/compare?from=1&to=2"))
		if doc.Find("tr.diff-ins").Length() != 1 || doc.Find("tr.diff-del").Length() != 1 {
			t.Errorf("the comparison shows %d added and %d removed lines, want 1 and 1",
				doc.Find("tr.diff-ins").Length(), doc.Find("tr.diff-del").Length())
		}
		if got := text(doc, "tr.diff-ins .diff-text"); got != "We protect information at home too." {
			t.Errorf("the added line reads %q", got)
		}
	})
}

func TestDocumentReviewRetireAndRetention(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDocFixture(t, db)
		d, v1 := f.document(t, app.DocumentInput{Title: "Backup procedure", Type: "procedure", ReviewMonths: "6",
			AudienceEveryone: true}, "# Backup\n\nDaily.\n")
		f.approve(t, v1)
		path := "/documents/" + string(d.ID)
		f.h.clock.Advance(200 * 24 * time.Hour)
		f.mgrC = f.h.signIn(f.mgr) // the session has expired meanwhile

		doc := page(t, f.mgrC.get("/documents?overdue=1"))
		if doc.Find(`a[href="`+path+`"]`).Length() != 1 || doc.Find("td .chip-warn").Length() != 1 {
			t.Error("the overdue document is not listed as overdue")
		}
		doc = page(t, f.mgrC.get(path))
		if doc.Find(".flash-info .chip-warn").Length() != 1 {
			t.Error("the document page does not flag its overdue review")
		}
		resp := f.mgrC.post(path+"/review", url.Values{"note": {"Still accurate."}})
		resp.Body.Close()
		wantStatus(t, "a review with no change", resp, http.StatusSeeOther)
		doc = page(t, f.mgrC.get(path))
		if doc.Find(".flash-info .chip-warn").Length() != 0 || !strings.Contains(text(doc, "#review"), "Still accurate.") {
			t.Error("the review is not recorded, or the document is still overdue")
		}

		resp = f.mgrC.post("/documents/retention", url.Values{"months-procedure": {"-3"}})
		doc = page(t, resp)
		wantStatus(t, "a negative retention", resp, http.StatusUnprocessableEntity)
		if doc.Find("#f-months-procedure").ParentFiltered(".field-invalid").Length() != 1 {
			t.Error("the bad retention is not shown at its field")
		}
		doc = page(t, f.mgrC.get("/documents/retention"))
		form := url.Values{}
		doc.Find(".retention-rules input[type=number]").Each(func(_ int, s *goquery.Selection) {
			form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
		})
		form.Set("months-procedure", "1")
		resp = f.mgrC.post("/documents/retention", form)
		resp.Body.Close()
		wantStatus(t, "setting the retention", resp, http.StatusSeeOther)

		resp = f.mgrC.post(path+"/retire", url.Values{"reason": {"Replaced by the IT operations manual."}})
		resp.Body.Close()
		wantStatus(t, "retiring", resp, http.StatusSeeOther)
		doc = page(t, f.mgrC.get(path))
		if got := text(doc, "h1 .chip"); got != "retired" {
			t.Errorf("the retired document's status reads %q", got)
		}
		f.h.clock.Advance(40 * 24 * time.Hour)
		f.mgrC = f.h.signIn(f.mgr)
		doc = page(t, f.mgrC.get("/documents/retention"))
		dispose := doc.Find(`form[action="` + path + `/versions/1/dispose"]`)
		if dispose.Length() != 1 {
			t.Fatalf("the retired version is not listed for disposal: %s", text(doc, "#due-heading ~ *"))
		}
		resp = f.mgrC.post(path+"/versions/1/dispose", url.Values{"note": {"Shredded."}})
		resp.Body.Close()
		wantStatus(t, "disposal", resp, http.StatusSeeOther)
		doc = page(t, f.mgrC.get("/documents/retention"))
		if doc.Find(`form[action="`+path+`/versions/1/dispose"]`).Length() != 0 {
			t.Error("the disposed version is still listed")
		}
		doc = page(t, f.mgrC.get(path+"/versions/1"))
		if !strings.Contains(text(doc, ".flash-info"), "disposed") {
			t.Error("the disposed version does not say so")
		}
	})
}

func TestDocumentReadingRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDocFixture(t, db)
		pub, v := f.document(t, app.DocumentInput{Title: "Acceptable use", AudienceRoles: []string{"employee"}}, "# Use\n\nKindly.\n")
		f.approve(t, v)
		restricted, _ := f.document(t, app.DocumentInput{Title: "Incident playbook", Classification: "restricted",
			AudienceRoles: []string{"manager"}}, "# Secret\n")
		doc := page(t, f.empC.get("/documents"))
		if doc.Find(`a[href="/documents/`+string(pub.ID)+`"]`).Length() != 1 || doc.Find(`a[href="/documents/`+string(restricted.ID)+`"]`).Length() != 0 {
			t.Error("the employee's register is not what is published to them")
		}
		doc = page(t, f.empC.get("/documents/"+string(pub.ID)))
		if !strings.Contains(text(doc, "#in-force .prose"), "Kindly.") || doc.Find("#versions").Length() != 0 {
			t.Error("the employee does not read the version in force, or sees the versions")
		}
		for _, c := range []*client{f.empC, f.contribC} {
			resp := c.get("/documents/" + string(restricted.ID))
			resp.Body.Close()
			wantStatus(t, "a restricted document outside its audience", resp, http.StatusNotFound)
		}
	})
}
