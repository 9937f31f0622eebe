// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
	"github.com/ismsproject/isms/internal/web"
)

// evMaxUpload is the upload limit of the evidence harness: small, so that
// oversized uploads cost little.
const evMaxUpload = 32 << 10

// evidenceHarness is the harness with an upload limit of evMaxUpload, an
// organization acme, and its administrator signed in.
type evidenceHarness struct {
	*harness
	org   *isms.Organization
	admin *isms.User
	c     *client
}

func newEvidenceHarness(t *testing.T, db *sqldb.DB) *evidenceHarness {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	blobs := blobtest.FS(t)
	a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}, Blobs: blobs, MaxUpload: evMaxUpload})
	srv, err := web.New(a, web.Options{BaseURL: "http://isms.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	h := &harness{t: t, db: db, app: a, srv: srv, ts: ts, clock: c, blobs: blobs}
	org, admin := h.org("acme")
	return &evidenceHarness{harness: h, org: org, admin: admin, c: h.signIn(admin)}
}

// storedBlobs returns the hashes in the harness's evidence store.
func (h *evidenceHarness) storedBlobs() []string {
	h.t.Helper()
	var out []string
	if err := h.blobs.Walk(context.Background(), func(r blob.Ref) error { out = append(out, r.SHA256); return nil }); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// postUpload posts a multipart form to path with the CSRF token in the
// query, as the plain form does.
func (h *evidenceHarness) postUpload(path string, fields url.Values, name, content string) *http.Response {
	h.t.Helper()
	ct, b := multipartBody(fields, name, content)
	return h.c.do("POST", path+"?csrf="+url.QueryEscape(h.c.csrf), ct, bytes.NewReader(b), false)
}

// items lists acme's evidence as its administrator.
func (h *evidenceHarness) items() []*isms.Evidence {
	h.t.Helper()
	list, _, err := h.app.FindEvidence(context.Background(), isms.Actor{UserID: h.admin.ID, OrgID: h.org.ID, Role: isms.RoleAdmin}, isms.EvidenceFilter{Limit: 500})
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

func shaHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestMultipartCSRFTokenComesFromTheHeaderOrTheQueryNeverTheBody(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	fields := url.Values{"title": {"Scan"}, "kind": {"file"}}
	ct, b := multipartBody(url.Values{"title": {"Scan"}, "kind": {"file"}, "csrf": {h.c.csrf}}, "scan.txt", "scanned")
	resp := h.c.do("POST", "/evidence", ct, bytes.NewReader(b), false)
	wantStatus(t, "multipart POST with the token only in the body", resp, http.StatusForbidden)
	resp.Body.Close()
	resp = h.postUpload("/evidence", url.Values{"title": {"Scan"}, "kind": {"file"}, "csrf": {"wrong"}}, "scan.txt", "scanned")
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("multipart POST with the token in the query = %d, want 303", resp.StatusCode)
	}
	resp = h.c.do("POST", "/evidence?csrf=wrong", ct, bytes.NewReader(b), false)
	wantStatus(t, "multipart POST with a wrong token in the query", resp, http.StatusForbidden)
	resp.Body.Close()
	ct, b = multipartBody(fields, "scan.txt", "scanned")
	resp = h.c.do("POST", "/evidence", ct, bytes.NewReader(b), true)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("multipart POST with the X-CSRF-Token header = %d, want 303", resp.StatusCode)
	}
	if n := len(h.items()); n != 2 {
		t.Errorf("items = %d, want the 2 accepted uploads", n)
	}
	// Forms that are not uploads still carry the token in the body.
	e := h.items()[0]
	resp = h.c.post("/evidence/"+string(e.ID)+"/links", url.Values{"type": {"organization"}, "record": {"acme"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("url-encoded POST with the token in the body = %d, want 303", resp.StatusCode)
	}
}

func TestUploadThroughThePageAndDownload(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newEvidenceHarness(t, db)
		const content = "%PDF-1.7\n% pen test report\n%%EOF\n"
		resp := h.postUpload("/evidence", url.Values{"title": {"Pen test 2026"}, "kind": {"file"}, "validityDays": {"365d"},
			"links": {"organization:acme"}}, "Pen test “final”.pdf", content)
		wantStatus(t, "POST /evidence", resp, http.StatusSeeOther)
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		doc := page(t, h.c.get(loc))
		if got := text(doc, "h1"); !strings.Contains(got, "Pen test 2026") || !strings.Contains(got, "current") {
			t.Errorf("evidence page h1 = %q, want the title and its freshness", got)
		}
		if got := text(doc, "code.sha256"); got != shaHex(content) {
			t.Errorf("evidence page SHA-256 = %q, want %s", got, shaHex(content))
		}
		if got := text(doc, ".link-list a"); got != "Organization profile: Acme Ltd" {
			t.Errorf("evidence page link = %q, want the profile", got)
		}
		if doc.Find(`form[enctype="multipart/form-data"][data-upload]`).Length() != 1 {
			t.Error("the evidence page has no upload form for a new version")
		}
		href, _ := doc.Find(`a[download]`).First().Attr("href")
		resp = h.c.get(href)
		got := body(t, resp)
		wantStatus(t, "download", resp, http.StatusOK)
		if got != content {
			t.Errorf("download = %q, want the uploaded bytes", got)
		}
		hd := resp.Header
		for k, want := range map[string]string{
			"Content-Type":           "application/pdf",
			"Content-Disposition":    `attachment; filename="Pen test _final_.pdf"; filename*=UTF-8''Pen%20test%20%E2%80%9Cfinal%E2%80%9D.pdf`,
			"X-Content-Type-Options": "nosniff",
			"ETag":                   `"` + shaHex(content) + `"`,
		} {
			if hd.Get(k) != want {
				t.Errorf("download %s = %q, want %q", k, hd.Get(k), want)
			}
		}
		if csp := hd.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
			t.Errorf("download CSP = %q, want a sandbox", csp)
		}
		// The organization's page shows the evidence that supports it.
		doc = page(t, h.c.get("/organization"))
		if got := text(doc, ".evidence-panel td a"); got != "Pen test 2026" {
			t.Errorf("organization page evidence = %q, want the linked item", got)
		}
	})
}

func TestHostileUploadsThroughThePage(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	const html = "<html><body><script>fetch('/api/v1/me')</script></body></html>"
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	fw, _ := zw.Create("../../../tmp/pwned.sh")
	fw.Write([]byte("#!/bin/sh\n"))
	zw.Close()
	for _, tc := range []struct {
		title, name, content, wantName, wantType string
	}{
		{"traversal", "../../etc/passwd", "root:x:0:0\n", "passwd", "text/plain; charset=utf-8"},
		{"backslashes", `a/b\c.html`, html, "c.html", "application/octet-stream"},
		{"png that is html", "pretty.png", html, "pretty.png", "application/octet-stream"},
		{"svg", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, "logo.svg", "application/octet-stream"},
		{"quotes and newlines", "a\"b\r\nSet-Cookie: x=1.txt", "plain", "a\"bSet-Cookie: x=1.txt", "text/plain; charset=utf-8"},
		{"zip", "bundle.zip", zipped.String(), "bundle.zip", "application/zip"},
	} {
		ct, b := multipartBody(url.Values{"title": {tc.title}, "kind": {"file"}}, "placeholder", tc.content)
		// Give the file part the hostile name and a lying Content-Type.
		b = bytes.Replace(b, []byte(`filename="placeholder"`), []byte(`filename="`+strings.NewReplacer(`"`, `\"`, "\r\n", "").Replace(tc.name)+`"`), 1)
		b = bytes.Replace(b, []byte("Content-Type: application/octet-stream"), []byte("Content-Type: image/png"), 1)
		resp := h.c.do("POST", "/evidence?csrf="+h.c.csrf, ct, bytes.NewReader(b), false)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("upload %s: status %d, want 303", tc.title, resp.StatusCode)
			continue
		}
		d, err := h.app.FindEvidenceDetail(context.Background(), isms.SystemActor(h.org.ID), isms.ID(strings.TrimPrefix(resp.Header.Get("Location"), "/evidence/")))
		if err != nil {
			t.Fatal(err)
		}
		f := d.Files[0]
		resp = h.c.get("/evidence/" + string(d.Evidence.ID) + "/versions/1/download")
		got := body(t, resp)
		disp := resp.Header.Get("Content-Disposition")
		if got != tc.content || resp.Header.Get("Content-Type") != tc.wantType || !strings.HasPrefix(disp, "attachment; ") ||
			strings.ContainsAny(disp, "\r\n") || resp.Header.Get("Set-Cookie") != "" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download of %s: type %q (want %q), disposition %q, %d bytes; want the exact bytes as a nosniff attachment",
				tc.title, resp.Header.Get("Content-Type"), tc.wantType, disp, len(got))
		}
		if strings.HasPrefix(tc.wantName, "a\"b") {
			if !strings.Contains(disp, `filename="a_bSet-Cookie: x=1.txt"`) {
				t.Errorf("disposition %q: the quote must not end the file name", disp)
			}
		} else if f.FileName != tc.wantName {
			t.Errorf("upload %s: file name %q, want %q", tc.title, f.FileName, tc.wantName)
		}
	}
	var paths []string
	filepath.WalkDir(h.blobs.Dir(), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	})
	if len(paths) != 5 {
		t.Errorf("the store holds %d files, want 5 (one per distinct content, the zip not unpacked): %v", len(paths), paths)
	}
	for _, p := range paths {
		if strings.Contains(p, "pwned") || strings.Contains(p, "passwd") || strings.HasSuffix(p, ".html") {
			t.Errorf("the store holds %s: a name became a path", p)
		}
	}
}

func TestOversizedAndInvalidUploadsStoreNothing(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	big := strings.Repeat("x", evMaxUpload+1)
	resp := h.postUpload("/evidence", url.Values{"title": {"Big"}, "kind": {"file"}}, "big.bin", big)
	doc := page(t, resp)
	wantStatus(t, "an oversized upload", resp, http.StatusRequestEntityTooLarge)
	if got := text(doc, ".dropzone .error"); !strings.Contains(got, "32 KiB") {
		t.Errorf("oversized upload: file error %q, want the 32 KiB limit named", got)
	}
	if got, _ := doc.Find("#f-title").Attr("value"); got != "Big" {
		t.Errorf("the form kept title %q, want Big", got)
	}
	// A body far over the limit is cut off by the request limit itself.
	resp = h.postUpload("/evidence", url.Values{"title": {"Huge"}, "kind": {"file"}}, "huge.bin", strings.Repeat("y", evMaxUpload+2<<20))
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the request limit = %d, want 413", resp.StatusCode)
	}
	resp = h.postUpload("/evidence", url.Values{"title": {""}, "kind": {"file"}, "validUntil": {"31/12/2026"}, "owner": {"usr_nobody"}}, "a.txt", "content")
	doc = page(t, resp)
	wantStatus(t, "an invalid form", resp, http.StatusUnprocessableEntity)
	summary := text(doc, ".error-summary")
	for _, want := range []string{"Title is required", "YYYY-MM-DD", "member of this organization"} {
		if !strings.Contains(summary, want) {
			t.Errorf("error summary %q lacks %q: every problem is reported at once", summary, want)
		}
	}
	resp = h.postUpload("/evidence", url.Values{"title": {"Empty"}, "kind": {"file"}}, "empty.txt", "")
	doc = page(t, resp)
	wantStatus(t, "an empty file", resp, http.StatusUnprocessableEntity)
	if got := text(doc, ".dropzone .error"); !strings.Contains(got, "empty") {
		t.Errorf("empty file: error %q, want it called empty", got)
	}
	// A browser sends an unnamed, empty file part when no file was chosen.
	var nofile bytes.Buffer
	mw := multipart.NewWriter(&nofile)
	mw.WriteField("title", "No file yet")
	mw.WriteField("kind", "file")
	mw.CreateFormFile("file", "")
	mw.Close()
	resp = h.c.do("POST", "/evidence?csrf="+h.c.csrf, mw.FormDataContentType(), &nofile, false)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a form without a chosen file = %d, want 303: the item is added without a file", resp.StatusCode)
	}
	if got := h.storedBlobs(); len(got) != 0 {
		t.Errorf("stored blobs = %v, want none", got)
	}
	if items := h.items(); len(items) != 1 || items[0].Freshness != isms.FreshnessMissing {
		t.Errorf("items = %v, want only the item without a file, flagged missing", items)
	}
	resp = h.c.do("POST", "/evidence", "application/x-www-form-urlencoded", strings.NewReader("title=x&kind=note&note=n"), true)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an upload that is not multipart = %d, want 422", resp.StatusCode)
	}
}

func TestEvidencePageVersionsEditAndLinks(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	resp := h.postUpload("/evidence", url.Values{"title": {"Access review"}, "kind": {"file"}, "validUntil": {"2026-03-20"}}, "q1.csv", "user,role\n")
	resp.Body.Close()
	path := resp.Header.Get("Location")
	resp = h.postUpload(path+"/versions", url.Values{"validUntil": {"2026-06-30"}}, "q2.csv", "user,role\nana,viewer\n")
	wantStatus(t, "upload a new version", resp, http.StatusSeeOther)
	resp.Body.Close()
	doc := page(t, h.c.get(path))
	if n := doc.Find("table.list tbody tr").Length(); n != 2 {
		t.Errorf("versions shown = %d, want 2", n)
	}
	if got := text(doc, "table.list tbody tr:first-child td:first-child"); !strings.Contains(got, "2") || !strings.Contains(got, "current") {
		t.Errorf("first version row = %q, want version 2, current", got)
	}
	resp = h.postUpload(path+"/versions", url.Values{}, "", "")
	doc = page(t, resp)
	wantStatus(t, "a new version without a file", resp, http.StatusUnprocessableEntity)
	if got := text(doc, ".dropzone .error"); !strings.Contains(got, "Choose the file") {
		t.Errorf("error = %q, want a request for the file", got)
	}

	d := h.items()[0]
	resp = h.c.post(path, url.Values{"title": {"Quarterly access review"}, "collectedOn": {"2026-03-01"}, "validUntil": {""},
		"validityDays": {"90"}, "owner": {string(h.admin.ID)}, "description": {""}, "version": {strconv.Itoa(d.Version)}})
	wantStatus(t, "edit", resp, http.StatusSeeOther)
	resp.Body.Close()
	resp = h.c.post(path, url.Values{"title": {"Stale"}, "collectedOn": {"2026-03-01"}, "version": {strconv.Itoa(d.Version)}})
	doc = page(t, resp)
	wantStatus(t, "a stale edit", resp, http.StatusConflict)
	if !strings.Contains(doc.Find(".flash-error").Text(), "Someone else changed") {
		t.Error("a stale edit does not explain the conflict")
	}
	e := h.items()[0]
	if e.Title != "Quarterly access review" || e.ValidUntil != isms.NewDate(2026, 5, 30) || e.OwnerName != h.admin.Name {
		t.Errorf("after the edit: %+v, want the new title, owner and 90 days from 1 March", e)
	}

	resp = h.c.post(path+"/links", url.Values{"type": {"spaceship"}, "record": {"x"}})
	doc = page(t, resp)
	wantStatus(t, "a link to an unknown type", resp, http.StatusUnprocessableEntity)
	if !strings.Contains(text(doc, "#f-record + .help + .error, .field-invalid .error"), "unknown record type") {
		t.Errorf("link error = %q, want the unknown type named", text(doc, ".field-invalid .error"))
	}
	resp = h.c.post(path+"/links", url.Values{"type": {"organization"}, "record": {"acme"}})
	resp.Body.Close()
	resp = h.c.post(path+"/links/remove", url.Values{"link": {"organization:" + string(h.org.ID)}})
	wantStatus(t, "remove a link", resp, http.StatusSeeOther)
	resp.Body.Close()
	if doc := page(t, h.c.get(path)); doc.Find(".link-list li").Length() != 0 {
		t.Error("the link is still shown after removing it")
	}
	doc = page(t, h.c.get(path))
	if doc.Find(".timeline li").Length() < 4 {
		t.Errorf("history shows %d events, want create, upload, update, link, unlink", doc.Find(".timeline li").Length())
	}
}

func TestEvidenceListFiltersAndExport(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	ctx, sysA := context.Background(), isms.SystemActor(h.org.ID)
	for _, in := range []app.EvidenceInput{
		{Title: "Expired note", Kind: isms.EvidenceKindNote, Note: "n", CollectedOn: isms.NewDate(2025, 1, 1), ValidUntil: isms.NewDate(2025, 12, 31)},
		{Title: "Expiring link", Kind: isms.EvidenceKindLink, URL: "https://example.com", ValidUntil: isms.NewDate(2026, 3, 10), OwnerID: h.admin.ID},
		{Title: "Missing file", Kind: isms.EvidenceKindFile, Links: []isms.Link{{Type: "organization", ID: h.org.ID}}},
	} {
		in.Source = isms.EvidenceSourceCLI
		if _, err := h.app.CreateEvidence(ctx, sysA, in, nil); err != nil {
			t.Fatal(err)
		}
	}
	for query, want := range map[string][]string{
		"":                    {"Expired note", "Expiring link", "Missing file"},
		"?freshness=expired":  {"Expired note"},
		"?freshness=expiring": {"Expiring link"},
		"?freshness=missing":  {"Missing file"},
		"?owner=me":           {"Expiring link"},
		"?owner=" + url.QueryEscape(h.admin.Email): {"Expiring link"},
		"?linked=organization":                     {"Missing file"},
		"?record=organization:" + string(h.org.ID): {"Missing file"},
		"?kind=link":   {"Expiring link"},
		"?q=note":      {"Expired note"},
		"?sort=-title": {"Missing file", "Expiring link", "Expired note"},
	} {
		doc := page(t, h.c.get("/evidence"+query))
		var got []string
		doc.Find("table.list tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) { got = append(got, s.Text()) })
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("GET /evidence%s = %v, want %v", query, got, want)
		}
	}
	for _, query := range []string{"freshness=bogus", "owner=nobody%40example.com", "record=nonsense"} {
		resp := h.c.get("/evidence?" + query)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("GET /evidence?%s = %d, want 422", query, resp.StatusCode)
		}
	}
	resp := h.c.get("/evidence?freshness=expiring&format=csv")
	cr := csv.NewReader(strings.NewReader(body(t, resp)))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 0 && r[0] == "Expiring link" {
			found = true
			if r[5] != "expiring" || r[6] != "https://example.com" {
				t.Errorf("CSV row = %v, want freshness expiring and the address", r)
			}
		}
		if len(r) > 0 && (r[0] == "Expired note" || r[0] == "Missing file") {
			t.Errorf("the export of expiring evidence has %q", r[0])
		}
	}
	if !found {
		t.Errorf("CSV export lacks the expiring item:\n%v", rows)
	}
	resp = h.c.get("/evidence?format=xlsx")
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("XLSX export = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestDashboardWarnsOfIntegrityFailures(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	resp := h.postUpload("/evidence", url.Values{"title": {"Backup log"}, "kind": {"file"}}, "backup.log", "backup ok\n")
	resp.Body.Close()
	if doc := page(t, h.c.get("/")); doc.Find(`.flash-error[role="alert"]`).Length() != 0 {
		t.Error("the dashboard warns before anything failed")
	}
	if err := h.blobs.Delete(context.Background(), shaHex("backup ok\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := h.app.CheckEvidenceIntegrity(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := page(t, h.c.get("/"))
	if got := doc.Find(`.flash-error[role="alert"]`).Text(); !strings.Contains(got, "1 stored evidence file failed the integrity check") {
		t.Errorf("dashboard alert = %q, want the failed file counted", got)
	}
	doc = page(t, h.c.get(resp.Header.Get("Location")))
	if got := text(doc, "h1 .chip"); got != "file missing" {
		t.Errorf("evidence page chip = %q, want file missing", got)
	}
	if !strings.Contains(doc.Find("table.list").Text(), "missing from storage") {
		t.Error("the evidence page does not show the version's failed check")
	}
}
