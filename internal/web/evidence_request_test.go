// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
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

// request reads evidence request ref as the manager.
func (f *certFixture) request(t *testing.T, ref string) *app.EvidenceRequestView {
	t.Helper()
	v, err := f.h.app.FindEvidenceRequest(context.Background(), f.asMgr, ref)
	if err != nil {
		t.Fatalf("FindEvidenceRequest(%s): %v", ref, err)
	}
	return v
}

// answer posts the answer form of the request page at loc as c, the
// way the browser sends it: the CSRF token in the form's address, the
// fields, the file last.
func answer(t *testing.T, c *client, loc string, fields url.Values, name, content string) *http.Response {
	t.Helper()
	action, ok := page(t, c.get(loc)).Find(`#answer form[enctype="multipart/form-data"]`).Attr("action")
	if !ok || !strings.HasPrefix(action, loc+"/answer?csrf=") {
		t.Fatalf("the answer form's address is %q", action)
	}
	ct, b := multipartBody(fields, name, content)
	return c.do("POST", action, ct, bytes.NewReader(b), false)
}

func TestEvidenceRequestFlowThroughTheForms(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		f.issued(t)
		ctx := context.Background()
		scopeWant(t, "the new request form", scopeGet(t, f.danaC, "/evidence-requests/new?audit=EA-1", http.StatusOK), "Ask for evidence",
			`selected>EA-1 Surveillance audit 1`)
		ea, err := f.h.app.FindExternalAudit(ctx, f.asMgr, "EA-1")
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"auditId": {string(ea.ExternalAudit.ID)}, "requirement": {"Z.9"}, "title": {" "}, "dueOn": {"2026-02-27"}}
		resp := f.danaC.post("/evidence-requests", form)
		wantStatus(t, "an invalid request", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		for field, want := range map[string]string{
			"requirement": "No requirement “Z.9” in ISO/IEC 27001 (2022).",
			"title":       "Title is required.",
			"dueOn":       "The due date cannot be before today (2026-03-02).",
		} {
			if got := fieldError(doc, field); got != want {
				t.Errorf("error beside %s = %q, want %q", field, got, want)
			}
		}
		form.Set("requirement", "A.5.15")
		form.Set("control", string(f.control.ID))
		form.Set("title", "Access review records, last quarter")
		form.Set("dueOn", "2026-03-16")
		loc := postRedirect(t, f.danaC, "/evidence-requests", form)
		if got := flashText(t, f.danaC, loc); got != "Evidence request ER-1 saved. It is a task for Carol Owner, due 2026-03-16." {
			t.Errorf("flash = %q", got)
		}
		v := f.request(t, "ER-1")
		task := scopeGet(t, f.carolC, "/tasks/"+string(v.TaskID), http.StatusOK)
		scopeWant(t, "the owner's task", task, `href="/evidence-requests/`+string(v.ID)+`"`)
		if strings.Contains(scopeGet(t, f.danaC, loc, http.StatusOK), `id="answer"`) {
			t.Error("the auditor is offered the answer form")
		}

		resp = answer(t, f.carolC, loc, url.Values{"version": {strconv.Itoa(v.Version)}, "text": {"Nothing yet."}}, "", "")
		wantStatus(t, "an answer without evidence", resp, http.StatusUnprocessableEntity)
		if got := strings.TrimSpace(page(t, resp).Find("#f-evidence .error").Text()); got != "Attach at least one evidence item." {
			t.Errorf("error beside the evidence = %q", got)
		}
		resp = answer(t, f.carolC, loc, url.Values{"version": {strconv.Itoa(v.Version)}, "text": {"The Q4 review."}, "fileTitle": {"Access review Q4"}},
			"review-q4.csv", "user,decision\nbob,keep\n")
		if b := body(t, resp); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer with a file = %d\n%s", resp.StatusCode, b)
		}
		v = f.request(t, "ER-1")
		if v.Status != isms.RequestAnswered || len(v.EvidenceItems) != 1 || v.EvidenceItems[0].Title != "Access review Q4" {
			t.Fatalf("after the answer: %s with %d items", v.Status, len(v.EvidenceItems))
		}
		uploaded := v.EvidenceItems[0]
		linked, err := f.h.app.EvidenceFor(ctx, f.asMgr, isms.Link{Type: "control", ID: f.control.ID})
		if err != nil || len(linked) != 1 || linked[0].ID != uploaded.ID {
			t.Errorf("the evidence of control %s = %v, %v; want the uploaded item alone", f.control.Ref, linked, err)
		}
		html := scopeGet(t, f.danaC, loc, http.StatusOK)
		scopeWant(t, "the answered request", html, "Answered", "The Q4 review.", `href="/evidence/`+string(uploaded.ID)+`/versions/1/download"`,
			"review-q4.csv", "Accept the answer", "Ask again")

		resp = f.danaC.post(loc+"/ask-again", url.Values{"version": {strconv.Itoa(v.Version)}, "text": {""}, "dueOn": {"2026-03-20"}})
		wantStatus(t, "asking again without saying why", resp, http.StatusUnprocessableEntity)
		if got := fieldError(page(t, resp), "text"); got != "Say what is still missing." {
			t.Errorf("error beside the text = %q", got)
		}
		postRedirect(t, f.danaC, loc+"/ask-again", url.Values{"version": {strconv.Itoa(v.Version)}, "text": {"Q1 too, please."}, "dueOn": {"2026-03-20"}})
		v = f.request(t, "ER-1")
		if v.Status != isms.RequestOpen || v.Round != 2 || v.DueOn.String() != "2026-03-20" {
			t.Fatalf("after asking again: %s, round %d, due %s", v.Status, v.Round, v.DueOn)
		}

		q1, err := f.h.app.CreateEvidence(ctx, f.asAdmin, app.EvidenceInput{Title: "Access review Q1", Kind: isms.EvidenceKindNote,
			Note: "Reviewed 2026-03-10.", Source: isms.EvidenceSourceUpload, Links: []isms.Link{{Type: "control", ID: f.control.ID}}}, nil)
		if err != nil {
			t.Fatalf("CreateEvidence: %v %v", err, isms.ErrorFields(err))
		}
		doc = page(t, f.carolC.get(loc))
		if got := strings.Join(strings.Fields(doc.Find(`label[for="f-evidence-`+string(q1.ID)+`"]`).Text()), " "); got != "Access review Q1 linked to control "+f.control.Ref {
			t.Errorf("the suggested evidence reads %q", got)
		}
		resp = answer(t, f.carolC, loc, url.Values{"version": {strconv.Itoa(v.Version)}, "evidence": {string(q1.ID)}}, "", "")
		if b := body(t, resp); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer with an existing item = %d\n%s", resp.StatusCode, b)
		}
		v = f.request(t, "ER-1")
		postRedirect(t, f.danaC, loc+"/accept", url.Values{"version": {strconv.Itoa(v.Version)}, "note": {"Thank you."}})
		doc = page(t, f.danaC.get(loc))
		if got := text(doc, ".flash"); got != "Evidence request ER-1 is accepted." {
			t.Errorf("flash = %q", got)
		}
		var steps []string
		doc.Find("#thread .timeline > li .action").Each(func(_ int, s *goquery.Selection) { steps = append(steps, s.Text()) })
		if strings.Join(steps, ", ") != "Asked, Answered, Asked again, Answered, Accepted" {
			t.Errorf("thread = %q", steps)
		}
		if n := doc.Find("#evidence tbody tr").Length(); n != 2 {
			t.Errorf("%d evidence items attached, want 2", n)
		}
		if doc.Find("#review, #answer, #cancel").Length() != 0 {
			t.Error("an accepted request still offers its forms")
		}
	})
}

func TestEvidenceRequestListImportAndExport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		f.issued(t)
		doc := page(t, f.danaC.get("/evidence-requests/import?audit=EA-1"))
		action, _ := doc.Find(`form[enctype="multipart/form-data"]`).Attr("action")
		audit, _ := doc.Find(`#f-audit option[selected]`).Attr("value")
		if !strings.HasPrefix(action, "/evidence-requests/import?csrf=") || audit == "" {
			t.Fatalf("the import form posts to %q with audit %q", action, audit)
		}
		upload := func(content string) *http.Response {
			ct, b := multipartBody(url.Values{"audit": {audit}}, "requests.csv", content)
			return f.danaC.do("POST", action, ct, bytes.NewReader(b), false)
		}
		resp := upload("requirement,control,title,detail,due,owner\nA.5.15,,Access reviews,,2026-04-01,\nZ.1,,Unknown clause,,2026-04-01,\n" +
			"A.5.16,,Identity records,,31/12/2026,\n")
		wantStatus(t, "a list with two bad rows", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		probs := rowTexts(doc, ".import-problems tbody tr")
		want := []string{"requests.csv:3: column requirement No requirement “Z.1” in ISO/IEC 27001 (2022).",
			`requests.csv:4: column due "31/12/2026" is not a date (YYYY-MM-DD).`}
		if strings.Join(probs, "|") != strings.Join(want, "|") {
			t.Errorf("problems = %q, want %q", probs, want)
		}
		if _, n, _ := f.h.app.ListEvidenceRequests(context.Background(), f.asMgr, isms.EvidenceRequestFilter{}); n != 0 {
			t.Errorf("a refused import created %d requests", n)
		}
		resp = upload("title,requirement,due,owner\nAccess reviews,A.5.15,2026-04-01,\nIdentity records,A.5.16,2026-04-02,mgr@example.com\n")
		if b := body(t, resp); resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "#requests") {
			t.Fatalf("good import = %d → %s\n%s", resp.StatusCode, resp.Header.Get("Location"), b)
		}
		html := scopeGet(t, f.danaC, resp.Header.Get("Location"), http.StatusOK)
		scopeWant(t, "the audit after the import", html, "Created ER-1, ER-2 from requests.csv.", "2 open", "Carol Owner", "Identity records")

		f.h.clock.Advance(40 * 24 * time.Hour)
		f.mgrC = f.h.signIn(f.mgr)
		list := scopeGet(t, f.mgrC, "/evidence-requests?overdue=1&owner=mgr@example.com", http.StatusOK)
		scopeWant(t, "the overdue requests of the manager", list, "ER-2", "overdue")
		if strings.Contains(list, "Access reviews") {
			t.Error("the owner filter lets another owner's request through")
		}
		rows := csvRows(t, f.mgrC, "/evidence-requests?sort=ref&format=csv")
		if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(app.RequestExportColumns, ",") {
			t.Fatalf("export = %q", rows)
		}
		if got := strings.Join(rows[1][:11], "|"); got != "ER-1|EA-1|ISO/IEC 27001 (2022)|A.5.15||Access reviews||2026-04-01|Carol Owner|Open|1" {
			t.Errorf("export row = %q", got)
		}
	})
}
