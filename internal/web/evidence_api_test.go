// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiUpload sends a body that is not JSON (multipart or raw bytes) and
// checks the answer's status and, against the OpenAPI document, the
// answer and that the operation declares the request's media type.
func apiUpload(t *testing.T, c *client, method, path, contentType string, b []byte, want int, out any) http.Header {
	t.Helper()
	resp := c.do(method, path, contentType, bytes.NewReader(b), true)
	got := []byte(body(t, resp))
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d\n%s", method, path, resp.StatusCode, want, got)
	}
	sp := spec(t, c.h)
	if err := sp.validate(method, path, resp.StatusCode, resp.Header.Get("Content-Type"), got); err != nil {
		t.Errorf("response does not match the OpenAPI document: %v", err)
	}
	docPath, op := sp.operation(method, path)
	mt, _, _ := strings.Cut(contentType, ";")
	if jsonObject(jsonObject(jsonObject(op["requestBody"])["content"])[mt]) == nil {
		t.Errorf("%s %s: the document declares no %s request body", method, docPath, mt)
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			t.Fatalf("decode %s: %v", got, err)
		}
	}
	return resp.Header
}

// evidenceDetail is the JSON of GET /api/v1/evidence/{id}.
type evidenceDetail struct {
	isms.Evidence
	Versions []isms.EvidenceFile `json:"versions"`
	Links    []struct {
		Type    string `json:"type"`
		ID      string `json:"id"`
		Title   string `json:"title"`
		Missing bool   `json:"missing"`
	} `json:"links"`
}

func TestEvidenceAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newEvidenceHarness(t, db)
		c := h.token(h.admin, h.org, isms.ScopeReadWrite)

		var note isms.Evidence
		apiCall(t, c, "POST", "/api/v1/evidence", map[string]any{"title": "Door check", "kind": "note", "note": "Locked at 18:00.",
			"validUntil": "2026-03-20", "links": []string{"organization:acme"}}, http.StatusCreated, &note)
		if note.Source != isms.EvidenceSourceAPI || note.Freshness != isms.FreshnessExpiring || note.ValidUntil != isms.NewDate(2026, 3, 20) {
			t.Errorf("created note = %+v, want source api, expiring on 20 March", note)
		}

		const content = "<html><script>alert(1)</script></html>"
		ct, b := multipartBody(url.Values{"metadata": {`{"title":"Firewall export","kind":"file","validityDays":30,"source":"collector"}`}}, "fw.png", content)
		var file isms.Evidence
		apiUpload(t, c, "POST", "/api/v1/evidence", ct, b, http.StatusCreated, &file)
		if file.File == nil || file.File.MediaType != "text/html; charset=utf-8" || file.File.SHA256 != shaHex(content) || file.Source != isms.EvidenceSourceCollector || file.ValidUntil != isms.NewDate(2026, 4, 1) {
			t.Errorf("created file item = %+v (file %+v), want text/html detected, its hash, source collector, valid 30 days", file, file.File)
		}

		apiUpload(t, c, "PUT", "/api/v1/evidence/"+string(file.ID)+"/file?name=fw-2.txt&collectedOn=2026-03-01", "application/octet-stream",
			[]byte("allow tcp 443\n"), http.StatusCreated, &file)
		if file.CurrentVersion != 2 || file.CollectedOn != isms.NewDate(2026, 3, 1) || file.ValidUntil != isms.NewDate(2026, 3, 31) {
			t.Errorf("after PUT file: %+v, want version 2 collected 1 March, valid until 31 March", file)
		}
		var d evidenceDetail
		apiCall(t, c, "GET", "/api/v1/evidence/"+string(file.ID), nil, http.StatusOK, &d)
		if len(d.Versions) != 2 || d.Versions[0].FileName != "fw-2.txt" || d.Versions[1].SHA256 != shaHex(content) || len(d.Links) != 0 {
			t.Errorf("detail versions = %+v, links %+v; want both versions, newest first, and no links", d.Versions, d.Links)
		}

		resp := c.get("/api/v1/evidence/" + string(file.ID) + "/versions/1/content")
		got := body(t, resp)
		if err := spec(t, h.harness).validate("GET", "/api/v1/evidence/"+string(file.ID)+"/versions/1/content", resp.StatusCode, resp.Header.Get("Content-Type"), []byte(got)); err != nil {
			t.Error(err)
		}
		if got != content || resp.Header.Get("Content-Type") != "application/octet-stream" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") ||
			resp.Header.Get("Repr-Digest") == "" {
			t.Errorf("content = %q, type %q, disposition %q; want the HTML bytes as an octet-stream attachment with its digest",
				got, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		apiCallErr(t, c, "GET", "/api/v1/evidence/"+string(file.ID)+"/versions/3/content", nil, http.StatusNotFound)
		apiCallErr(t, c, "GET", "/api/v1/evidence/"+string(file.ID)+"/versions/x/content", nil, http.StatusNotFound)

		var link struct{ Type, ID, Title string }
		apiCall(t, c, "POST", "/api/v1/evidence/"+string(file.ID)+"/links", map[string]any{"link": "evidence:" + string(note.ID)}, http.StatusOK, &link)
		if link.Title != "Evidence: Door check" || link.ID != string(note.ID) {
			t.Errorf("link = %+v, want the note", link)
		}
		e := apiCallErr(t, c, "POST", "/api/v1/evidence/"+string(file.ID)+"/links", map[string]any{"link": "nonsense"}, http.StatusUnprocessableEntity)
		if e.Error.Fields["link"] == "" {
			t.Errorf("bad link error = %+v, want the link field", e)
		}
		apiCall(t, c, "DELETE", "/api/v1/evidence/"+string(file.ID)+"/links/"+url.PathEscape("evidence:"+string(note.ID)), nil, http.StatusNoContent, nil)
		apiCallErr(t, c, "DELETE", "/api/v1/evidence/"+string(file.ID)+"/links/"+url.PathEscape("evidence:"+string(note.ID)), nil, http.StatusNotFound)

		var page apiPage[isms.Evidence]
		apiCall(t, c, "GET", "/api/v1/evidence?freshness=expiring&sort=-title", nil, http.StatusOK, &page)
		if page.Total != 2 || page.Items[0].Title != "Firewall export" {
			t.Errorf("expiring = %+v, want both items, Firewall export first", page)
		}
		apiCall(t, c, "GET", "/api/v1/evidence?linkType=organization&linkId="+string(h.org.ID), nil, http.StatusOK, &page)
		if page.Total != 1 || page.Items[0].ID != note.ID {
			t.Errorf("linked to the profile = %+v, want the note", page)
		}
		e = apiCallErr(t, c, "GET", "/api/v1/evidence?freshness=stale&linkId=x", nil, http.StatusUnprocessableEntity)
		if len(fieldNames(e)) != 2 {
			t.Errorf("bad list query fields = %v, want freshness and linkType", fieldNames(e))
		}

		var upd isms.Evidence
		apiCall(t, c, "PATCH", "/api/v1/evidence/"+string(note.ID), map[string]any{"title": "Door check, March", "ownerId": h.admin.ID,
			"validUntil": "", "version": note.Version}, http.StatusOK, &upd)
		if upd.Title != "Door check, March" || !upd.ValidUntil.IsZero() || upd.OwnerName != h.admin.Name || upd.Freshness != isms.FreshnessCurrent {
			t.Errorf("after PATCH: %+v, want the new title and owner, no expiry, current", upd)
		}
		apiCallErr(t, c, "PATCH", "/api/v1/evidence/"+string(note.ID), map[string]any{"title": "x", "version": note.Version}, http.StatusConflict)
		e = apiCallErr(t, c, "PATCH", "/api/v1/evidence/"+string(note.ID), map[string]any{"validUntil": "soon", "ownerId": "usr_x", "version": upd.Version}, http.StatusUnprocessableEntity)
		if strings.Join(fieldNames(e), ",") != "validUntil" {
			t.Errorf("PATCH with a bad date: fields %v, want validUntil", fieldNames(e))
		}
		e = apiCallErr(t, c, "PATCH", "/api/v1/evidence/"+string(note.ID), map[string]any{"ownerId": "usr_x", "version": upd.Version}, http.StatusUnprocessableEntity)
		if strings.Join(fieldNames(e), ",") != "ownerId" {
			t.Errorf("PATCH with an unknown owner: fields %v, want ownerId", fieldNames(e))
		}
		e = apiCallErr(t, c, "PUT", "/api/v1/evidence/"+string(note.ID)+"/file?name=x", nil, http.StatusUnprocessableEntity)
		if !strings.Contains(e.Error.Fields["file"], "Only file evidence") {
			t.Errorf("PUT file on a note: %+v, want the file field", e.Error)
		}
	})
}

func TestEvidenceAPIRefusesBadUploads(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	c := h.token(h.admin, h.org, isms.ScopeReadWrite)
	var out struct {
		Error struct {
			Code    isms.Code         `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	ct, b := multipartBody(url.Values{"metadata": {`{"title":"Big","kind":"file"}`}}, "big.bin", strings.Repeat("z", evMaxUpload+1))
	apiUpload(t, c, "POST", "/api/v1/evidence", ct, b, http.StatusRequestEntityTooLarge, &out)
	if !strings.Contains(out.Error.Fields["file"], "32 KiB") {
		t.Errorf("oversized: %+v, want the file field naming the 32 KiB limit", out.Error)
	}
	ct, b = multipartBody(url.Values{"title": {"no metadata"}}, "a.txt", "a")
	apiUpload(t, c, "POST", "/api/v1/evidence", ct, b, http.StatusUnprocessableEntity, &out)
	if out.Error.Fields["metadata"] == "" {
		t.Errorf("without metadata: %+v, want the metadata field", out.Error)
	}
	ct, b = multipartBody(url.Values{"metadata": {`{"title":"x","kind":"file","colour":"red"}`}}, "a.txt", "a")
	apiUpload(t, c, "POST", "/api/v1/evidence", ct, b, http.StatusUnprocessableEntity, &out)
	if !strings.Contains(out.Error.Fields["metadata"], "colour") {
		t.Errorf("unknown metadata field: %+v, want it named", out.Error)
	}
	ct, b = multipartBody(url.Values{"metadata": {`{"title":"x","kind":"note","note":"n","collectedOn":"2026-13-01","ownerId":"usr_nobody"}`}}, "a.txt", "a")
	apiUpload(t, c, "POST", "/api/v1/evidence", ct, b, http.StatusUnprocessableEntity, &out)
	if out.Error.Fields["collectedOn"] == "" || out.Error.Fields["ownerId"] == "" || out.Error.Fields["file"] == "" {
		t.Errorf("bad metadata: fields %v, want collectedOn, ownerId and file at once", out.Error.Fields)
	}
	var e isms.Evidence
	apiCall(t, c, "POST", "/api/v1/evidence", map[string]any{"title": "Log", "kind": "file"}, http.StatusCreated, &e)
	apiUpload(t, c, "PUT", "/api/v1/evidence/"+string(e.ID)+"/file?name=big.bin", "application/octet-stream", []byte(strings.Repeat("z", evMaxUpload+1)), http.StatusRequestEntityTooLarge, &out)
	if got := h.storedBlobs(); len(got) != 0 {
		t.Errorf("stored blobs = %v, want none", got)
	}
	read := h.token(h.admin, h.org, isms.ScopeRead)
	apiUpload(t, read, "PUT", "/api/v1/evidence/"+string(e.ID)+"/file?name=a.txt", "application/octet-stream", []byte("a"), http.StatusForbidden, &out)
}

func TestAlteredContentIsNeverDownloadedWhole(t *testing.T) {
	t.Parallel()
	h := newEvidenceHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	c := h.token(h.admin, h.org, isms.ScopeReadWrite)
	const stored, altered = "MinPasswordLength 12\n", "MinPasswordLength 04\n"
	ct, b := multipartBody(url.Values{"metadata": {`{"title":"Policy","kind":"file"}`}}, "policy.txt", stored)
	var e isms.Evidence
	apiUpload(t, c, "POST", "/api/v1/evidence", ct, b, http.StatusCreated, &e)
	sha := shaHex(stored)
	if err := os.WriteFile(filepath.Join(h.blobs.Dir(), "sha256", sha[:2], sha[2:4], sha), []byte(altered), 0o600); err != nil {
		t.Fatal(err)
	}
	resp := c.get("/api/v1/evidence/" + string(e.ID) + "/versions/1/content")
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil || len(got) >= len(stored) {
		t.Errorf("download of altered content = %q, %v; want it cut short with an error", got, err)
	}
	if _, err := h.app.CheckEvidenceIntegrity(context.Background()); err != nil {
		t.Fatal(err)
	}
	apiCallErr(t, c, "GET", "/api/v1/evidence/"+string(e.ID)+"/versions/1/content", nil, http.StatusConflict)
}
