// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiDocCreated is the answer of POST /api/v1/documents.
type apiDocCreated struct {
	Document isms.Document        `json:"document"`
	Version  isms.DocumentVersion `json:"version"`
}

// apiDocDetail is the answer of GET /api/v1/documents/{id}.
type apiDocDetail struct {
	isms.Document
	Versions []isms.DocumentVersion `json:"versions"`
	Pending  *isms.Approval         `json:"pendingApproval"`
	CanEdit  bool                   `json:"canEdit"`
}

// apiVersionText is the answer of GET …/versions/{n}.
type apiVersionText struct {
	isms.DocumentVersion
	HTML string `json:"html"`
}

func TestDocumentAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDocFixture(t, db)
		admin := f.h.token(f.admin, f.org, isms.ScopeReadWrite)
		emp := f.h.token(f.emp, f.org, isms.ScopeReadWrite)

		e := apiCallErr(t, admin, "POST", "/api/v1/documents", map[string]any{"title": "", "type": "policy", "ownerId": "usr_nobody"}, 422)
		if diff := cmp.Diff([]string{"ownerId", "title"}, fieldNames(e)); diff != "" {
			t.Errorf("problems of a bad document (-want +got):\n%s", diff)
		}
		var c apiDocCreated
		apiCall(t, admin, "POST", "/api/v1/documents", map[string]any{"title": "Acceptable use", "type": "topic_policy",
			"ownerId": f.mgr.ID, "classification": "internal", "audience": map[string]any{"roles": []string{"employee"}},
			"body": hostileMarkdown, "changeSummary": "First issue"}, 201, &c)
		if c.Document.Ref != "DOC-1" || c.Version.Number != 1 || c.Version.Status != isms.VersionDraft {
			t.Fatalf("created %+v, %+v", c.Document, c.Version)
		}
		path := "/api/v1/documents/DOC-1"
		var v apiVersionText
		apiCall(t, admin, "GET", path+"/versions/1", nil, 200, &v)
		if v.Body != hostileMarkdown || !strings.Contains(v.HTML, "<li>item one</li>") {
			t.Errorf("version 1 reads %q as %q", v.Body, v.HTML)
		}
		rendered, err := goquery.NewDocumentFromReader(strings.NewReader(`<div class="prose">` + v.HTML + `</div>`))
		if err != nil {
			t.Fatal(err)
		}
		checkSafe(t, "the version's html", rendered)

		var saved isms.DocumentVersion
		apiCall(t, admin, "PUT", path+"/versions/1", map[string]any{"body": "# Use\n\nKindly.\n", "revision": v.Revision}, 200, &saved)
		apiCallErr(t, admin, "PUT", path+"/versions/1", map[string]any{"body": "# Stale\n", "revision": v.Revision}, 409)
		e = apiCallErr(t, admin, "POST", path+"/versions/1/submit", map[string]any{"approverIds": []isms.ID{f.admin.ID}}, 422)
		if _, ok := e.Error.Fields["approverIds"]; !ok {
			t.Errorf("naming oneself is not reported at approverIds: %+v", e)
		}
		var ap isms.Approval
		apiCall(t, admin, "POST", path+"/versions/1/submit", map[string]any{"approverIds": []isms.ID{f.mgr.ID}, "note": "Please."}, 201, &ap)
		if _, err := f.h.app.DecideApproval(context.Background(), f.asMgr, ap.ID, isms.DecisionApprove, "Fine."); err != nil {
			t.Fatalf("DecideApproval: %v", err)
		}
		var d apiDocDetail
		apiCall(t, admin, "GET", path, nil, 200, &d)
		if d.ApprovedNumber != 1 || len(d.Versions) != 1 || d.Versions[0].Body != "" || !d.CanEdit {
			t.Errorf("the approved document reads %+v", d)
		}

		var list apiPage[isms.Document]
		apiCall(t, emp, "GET", "/api/v1/documents", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Ref != "DOC-1" {
			t.Errorf("the employee lists %+v", list)
		}
		apiCallErr(t, emp, "GET", path+"/compare", nil, 403)
		apiCallErr(t, emp, "POST", path+"/versions", map[string]any{"changeSummary": "x"}, 403)

		var v2 isms.DocumentVersion
		apiCall(t, admin, "POST", path+"/versions", map[string]any{"changeSummary": "Home working"}, 201, &v2)
		apiCall(t, admin, "PUT", path+"/versions/2", map[string]any{"body": "# Use\n\nKindly, at home too.\n", "revision": v2.Revision}, 200, nil)
		var cmpr struct {
			From, To int
			Lines    []struct {
				Op, Text         string
				OldLine, NewLine int
			}
		}
		apiCall(t, admin, "GET", path+"/compare?from=1&to=2", nil, 200, &cmpr)
		var ops []string
		for _, l := range cmpr.Lines {
			if l.Op != " " {
				ops = append(ops, l.Op+l.Text)
			}
		}
		if diff := cmp.Diff([]string{"-Kindly.", "+Kindly, at home too."}, ops); diff != "" {
			t.Errorf("the comparison (-want +got):\n%s", diff)
		}

		resp := admin.get(path + "/versions/1/pdf")
		pdf := body(t, resp)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "DOC-1-v1.pdf") {
			t.Errorf("the PDF: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		var rev isms.DocumentReview
		apiCall(t, admin, "POST", path+"/review", map[string]any{"note": "Still right."}, 201, &rev)
		if rev.NextReview.IsZero() {
			t.Error("the review sets no next review")
		}
		var tpls []struct{ Key, Title string }
		apiCall(t, admin, "GET", "/api/v1/document-templates", nil, 200, &tpls)
		if len(tpls) == 0 {
			t.Error("no starter template")
		}
		apiCall(t, admin, "POST", "/api/v1/documents", map[string]any{"title": "Scope", "type": "policy", "ownerId": f.mgr.ID,
			"template": tpls[0].Key}, 201, nil)
	})
}

func TestDocumentAPIFileBody(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newDocFixture(t, db)
		admin := f.h.token(f.admin, f.org, isms.ScopeReadWrite)
		meta, _ := json.Marshal(map[string]any{"title": "GDPR", "type": "other", "ownerId": f.mgr.ID, "external": true,
			"source": "Regulation (EU) 2016/679", "externalVersion": "2016"})
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("metadata", string(meta))
		fw, _ := mw.CreateFormFile("file", "gdpr.pdf")
		fw.Write([]byte("%PDF-1.4 regulation text"))
		mw.Close()
		var c apiDocCreated
		apiUpload(t, admin, "POST", "/api/v1/documents", mw.FormDataContentType(), b.Bytes(), 201, &c)
		if c.Version.Format != isms.BodyFile || c.Version.FileName != "gdpr.pdf" || !c.Document.External {
			t.Fatalf("created %+v", c)
		}
		resp := admin.get("/api/v1/documents/" + string(c.Document.ID) + "/versions/1/file")
		got := body(t, resp)
		if resp.StatusCode != http.StatusOK || got != "%PDF-1.4 regulation text" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("the file download: %d %q %q", resp.StatusCode, got, resp.Header.Get("Content-Disposition"))
		}
		e := apiCallErr(t, admin, "POST", "/api/v1/documents", map[string]any{"title": "GDPR", "type": "other", "ownerId": f.mgr.ID, "external": true}, 422)
		if _, ok := e.Error.Fields["source"]; !ok {
			t.Errorf("an external document without its source: %+v", e)
		}
	})
}
