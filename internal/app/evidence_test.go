// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// evidenceWorld is the world with an evidence file store, an auditor and
// an employee.
type evidenceWorld struct {
	*world
	store    blob.Store
	auditor  *isms.User
	employee *isms.User
}

// evidenceMaxUpload is the upload limit of the evidence tests.
const evidenceMaxUpload = 64 << 10

func newEvidenceWorld(t *testing.T, db *sqldb.DB, store blob.Store) *evidenceWorld {
	t.Helper()
	w := newWorld(t, db)
	w.app = app.New(db, app.Options{Now: w.clock.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1},
		Blobs: store, MaxUpload: evidenceMaxUpload})
	return &evidenceWorld{world: w, store: store,
		auditor:  w.newMember(w.org, "Fay Auditor", isms.RoleAuditor),
		employee: w.newMember(w.org, "Gus Employee", isms.RoleEmployee)}
}

// eachEvidenceWorld runs fn on every database and every blob store under
// test, each pair with a database of its own.
func eachEvidenceWorld(t *testing.T, fn func(t *testing.T, w *evidenceWorld)) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fresh := db
		blobtest.Each(t, func(t *testing.T, store blob.Store) {
			if fresh == nil {
				url := sqldbtest.SQLiteURL(t)
				if db.Dialect() == sqldb.Postgres {
					url = sqldbtest.FreshSchema(t)
				}
				fresh = sqldbtest.Open(t, url)
			}
			fn(t, newEvidenceWorld(t, fresh, store))
			fresh = nil
		})
	})
}

func (w *evidenceWorld) asAuditor() isms.Actor  { return w.as(w.auditor, isms.RoleAuditor) }
func (w *evidenceWorld) asEmployee() isms.Actor { return w.as(w.employee, isms.RoleEmployee) }

// fileInput is an upload of content named name.
func fileInput(name, content string) *app.FileInput {
	return &app.FileInput{Name: name, Reader: strings.NewReader(content)}
}

// hexSHA returns the SHA-256 of s in hex.
func hexSHA(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// blobs returns every stored object's hash.
func (w *evidenceWorld) blobs() []string {
	w.t.Helper()
	var out []string
	if err := w.store.Walk(w.ctx, func(r blob.Ref) error { out = append(out, r.SHA256); return nil }); err != nil {
		w.t.Fatalf("Walk: %v", err)
	}
	return out
}

// upload creates a file item titled title with content as the manager.
func (w *evidenceWorld) upload(title, name, content string) *isms.Evidence {
	w.t.Helper()
	e, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: title, Kind: isms.EvidenceKindFile,
		Source: isms.EvidenceSourceUpload, OwnerID: w.manager.ID}, fileInput(name, content))
	if err != nil {
		w.t.Fatalf("CreateEvidence(%s) = %v, want nil", title, err)
	}
	return e
}

// download reads version n of item id as the auditor.
func (w *evidenceWorld) download(id isms.ID, n int) (*isms.EvidenceFile, string, error) {
	f, rc, err := w.app.OpenEvidenceFile(w.ctx, w.asAuditor(), id, n)
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return f, string(b), err
}

const pdfContent = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func TestCreateEvidenceStoresTheFileByItsHash(t *testing.T) {
	t.Parallel()
	eachEvidenceWorld(t, func(t *testing.T, w *evidenceWorld) {
		head := w.head(string(w.org.ID))
		in := app.EvidenceInput{Title: " Pen test report 2026 ", Description: "By Example GmbH.", Kind: isms.EvidenceKindFile,
			OwnerID: w.contributor.ID, ValidityDays: 365, Source: isms.EvidenceSourceUpload,
			Links: []isms.Link{{Type: "organization", ID: isms.ID(w.org.Slug)}}}
		e, err := w.app.CreateEvidence(w.ctx, w.asManager(), in, fileInput("report.pdf", pdfContent))
		if err != nil {
			t.Fatalf("CreateEvidence() = %v, want nil", err)
		}
		if e.Title != "Pen test report 2026" || e.OwnerName != w.contributor.Name || e.CurrentVersion != 1 ||
			e.CollectedOn != isms.NewDate(2026, 3, 2) || e.ValidUntil != isms.NewDate(2027, 3, 2) || e.Freshness != isms.FreshnessCurrent {
			t.Errorf("CreateEvidence() = %+v, want the trimmed title, the owner's name, version 1, collected today, valid 365 days, current", e)
		}
		f := e.File
		if f.SHA256 != hexSHA(pdfContent) || f.Size != int64(len(pdfContent)) || f.MediaType != "application/pdf" || f.FileName != "report.pdf" || f.UploaderName != w.manager.Name {
			t.Errorf("file = %+v, want the content's SHA-256 and size, application/pdf, report.pdf, uploaded by the manager", f)
		}
		if got := w.blobs(); len(got) != 1 || got[0] != hexSHA(pdfContent) {
			t.Errorf("stored blobs = %v, want exactly the content's hash", got)
		}
		_, content, err := w.download(e.ID, 1)
		if err != nil || content != pdfContent {
			t.Errorf("download = %q, %v; want the uploaded content", content, err)
		}
		events := w.events(string(w.org.ID), head.Seq)
		if len(events) != 1 || events[0].Action != "evidence.create" || events[0].ObjectID != e.ID {
			t.Fatalf("events = %v, want evidence.create", actions(events))
		}
		c := changes(t, events[0])
		if c["sha256"].After != hexSHA(pdfContent) || c["owner"].After != w.contributor.Name || c["links"].After != "organization:"+string(w.org.ID) {
			t.Errorf("evidence.create changes = %v, want the hash, the owner's name and the resolved link", c)
		}
		d, err := w.app.FindEvidenceDetail(w.ctx, w.asViewer(), e.ID)
		if err != nil {
			t.Fatalf("FindEvidenceDetail() = %v", err)
		}
		if len(d.Files) != 1 || len(d.Links) != 1 || d.Links[0].Title != "Organization profile: Acme" || len(d.History) != 1 {
			t.Errorf("detail = %d files, links %+v, %d events; want 1 file, the profile link, 1 event", len(d.Files), d.Links, len(d.History))
		}
	})
}

func TestCreateEvidenceOfEachKind(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db, blobtest.FS(t))
		link, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Status page", Kind: isms.EvidenceKindLink,
			URL: "https://status.example.com", Source: isms.EvidenceSourceAPI, ValidUntil: isms.NewDate(2026, 3, 20)}, nil)
		if err != nil || link.Freshness != isms.FreshnessExpiring {
			t.Errorf("CreateEvidence(link) = %+v, %v; want an expiring item", link, err)
		}
		note, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Walkthrough", Kind: isms.EvidenceKindNote,
			Note: "Checked the server room door on 1 March.", Source: isms.EvidenceSourceUpload, CollectedOn: isms.NewDate(2026, 3, 1)}, nil)
		if err != nil || note.Freshness != isms.FreshnessCurrent || note.CollectedOn != isms.NewDate(2026, 3, 1) {
			t.Errorf("CreateEvidence(note) = %+v, %v; want a current item collected on 1 March", note, err)
		}
		placeholder, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Pen test 2026", Kind: isms.EvidenceKindFile,
			Source: isms.EvidenceSourceUpload}, nil)
		if err != nil || placeholder.Freshness != isms.FreshnessMissing {
			t.Errorf("CreateEvidence(file without a file) = %+v, %v; want a missing item", placeholder, err)
		}
	})
}

func TestCreateEvidenceRefusesBadInputAndStoresNothing(t *testing.T) {
	t.Parallel()
	eachEvidenceWorld(t, func(t *testing.T, w *evidenceWorld) {
		head := w.head(string(w.org.ID))
		file := func() *app.FileInput { return fileInput("x.pdf", pdfContent) }
		for _, tc := range []struct {
			name   string
			in     app.EvidenceInput
			file   *app.FileInput
			fields []string
		}{
			{"no title", app.EvidenceInput{Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload}, file(), []string{"title"}},
			{"a file for a link", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindLink, URL: "https://example.com", Source: isms.EvidenceSourceUpload}, file(), []string{"file"}},
			{"a date and a period", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload,
				ValidUntil: isms.NewDate(2027, 1, 1), ValidityDays: 30}, file(), []string{"validUntil"}},
			{"an owner from another organization", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload,
				OwnerID: w.owner.ID}, file(), []string{"owner"}},
			{"a viewer as owner", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload,
				OwnerID: w.viewer.ID}, file(), []string{"owner"}},
			{"a link to an unknown type", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload,
				Links: []isms.Link{{Type: "spaceship", ID: "1"}}}, file(), []string{"links"}},
			{"a link to another organization", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload,
				Links: []isms.Link{{Type: "organization", ID: "beta"}}}, file(), []string{"links"}},
			{"an empty file", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload}, fileInput("empty.txt", ""), []string{"file"}},
			{"a file over the limit", app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload},
				fileInput("big.bin", strings.Repeat("A", evidenceMaxUpload+1)), []string{"file"}},
		} {
			_, err := w.app.CreateEvidence(w.ctx, w.asManager(), tc.in, tc.file)
			wantFields(t, "CreateEvidence("+tc.name+")", err, isms.Invalid, tc.fields...)
		}
		if got := w.blobs(); len(got) != 0 {
			t.Errorf("stored blobs after refused uploads = %v, want none", got)
		}
		if h := w.head(string(w.org.ID)); h.Seq != head.Seq {
			t.Errorf("audit head moved from %d to %d, want no events", head.Seq, h.Seq)
		}
		list, total, err := w.app.FindEvidence(w.ctx, w.asManager(), isms.EvidenceFilter{})
		if err != nil || total != 0 {
			t.Errorf("FindEvidence() = %d items, %v; want none", len(list), err)
		}
	})
}

func TestOversizedUploadsAreRecognisable(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db, blobtest.FS(t))
		_, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "x", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload},
			fileInput("big.bin", strings.Repeat("A", evidenceMaxUpload+1)))
		if !errors.Is(err, app.ErrTooLarge) || !strings.Contains(isms.ErrorFields(err)["file"], "64 KiB") {
			t.Errorf("CreateEvidence(too large) = %v (fields %v), want ErrTooLarge naming the 64 KiB limit", err, isms.ErrorFields(err))
		}
		e, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "at the limit", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload},
			fileInput("limit.bin", strings.Repeat("A", evidenceMaxUpload)))
		if err != nil || e.File.Size != evidenceMaxUpload {
			t.Errorf("CreateEvidence(exactly the limit) = %v, want it stored", err)
		}
	})
}

func TestHostileUploads(t *testing.T) {
	t.Parallel()
	eachEvidenceWorld(t, func(t *testing.T, w *evidenceWorld) {
		const html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
		var zipped bytes.Buffer
		zw := zip.NewWriter(&zipped)
		for _, name := range []string{"../../evil.sh", "/etc/cron.d/x", "ok.txt"} {
			fw, _ := zw.Create(name)
			fw.Write([]byte("#!/bin/sh\nrm -rf /\n"))
		}
		zw.Close()
		for _, tc := range []struct {
			name, content, wantName, wantMedia string
		}{
			{"../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", "passwd", "text/plain; charset=utf-8"},
			{`a/b\c.html`, html, "c.html", "text/html; charset=utf-8"},
			{"pretty.png", html, "pretty.png", "text/html; charset=utf-8"},
			{"nul\x00byte.pdf", pdfContent, "nulbyte.pdf", "application/pdf"},
			{strings.Repeat("n", 1000) + ".pdf", pdfContent, strings.Repeat("n", 255), "application/pdf"},
			{"archive.zip", zipped.String(), "archive.zip", "application/zip"},
		} {
			e := w.upload("upload "+tc.wantName[:min(len(tc.wantName), 20)], tc.name, tc.content)
			if e.File.FileName != tc.wantName || e.File.MediaType != tc.wantMedia {
				t.Errorf("upload %q: file name %q, media type %q; want %q, %q", tc.name, e.File.FileName, e.File.MediaType, tc.wantName, tc.wantMedia)
			}
			if _, content, err := w.download(e.ID, 1); err != nil || content != tc.content {
				t.Errorf("download of %q = %d bytes, %v; want the exact content", tc.name, len(content), err)
			}
		}
		// Six uploads of four distinct contents: four objects, the zip among
		// them as one opaque object, nothing unpacked.
		if got := w.blobs(); len(got) != 4 {
			t.Errorf("stored blobs = %d, want 4 (one per distinct content)", len(got))
		}
		if fs, ok := w.store.(*blob.FS); ok {
			var names []string
			walkFiles(t, fs.Dir(), &names)
			for _, n := range names {
				if strings.Contains(n, "evil") || strings.Contains(n, "passwd") || strings.Contains(n, "cron") || strings.HasSuffix(n, ".html") {
					t.Errorf("the store holds %s: an uploaded name or archive entry became a path", n)
				}
			}
		}
	})
}

func TestAddEvidenceVersionKeepsEveryVersion(t *testing.T) {
	t.Parallel()
	eachEvidenceWorld(t, func(t *testing.T, w *evidenceWorld) {
		e, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "Access review", Kind: isms.EvidenceKindFile,
			Source: isms.EvidenceSourceUpload, ValidityDays: 90, CollectedOn: isms.NewDate(2026, 1, 1)}, fileInput("q1.csv", "user,access\nana,admin\n"))
		if err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(24 * 60 * 60 * 1e9)
		e2, err := w.app.AddEvidenceVersion(w.ctx, w.asContributor(), e.ID, app.VersionInput{}, app.FileInput{Name: "q2.csv", Reader: strings.NewReader("user,access\nana,viewer\n")})
		if err != nil {
			t.Fatalf("AddEvidenceVersion() = %v", err)
		}
		if e2.CurrentVersion != 2 || e2.CollectedOn != isms.NewDate(2026, 3, 3) || e2.ValidUntil != isms.NewDate(2026, 6, 1) || e2.Version != 2 {
			t.Errorf("after a new version: %+v; want version 2 collected today, valid 90 days from today", e2)
		}
		if _, content, err := w.download(e.ID, 1); err != nil || !strings.Contains(content, "admin") {
			t.Errorf("version 1 = %q, %v; want the first upload, kept", content, err)
		}
		if _, content, err := w.download(e.ID, 2); err != nil || !strings.Contains(content, "viewer") {
			t.Errorf("version 2 = %q, %v; want the second upload", content, err)
		}
		ev := w.lastEvent(string(w.org.ID))
		if c := changes(t, ev); ev.Action != "evidence.upload" || c["fileVersion"].After != float64(2) || c["validUntil"].After != "2026-06-01" {
			t.Errorf("last event %s %v, want evidence.upload of version 2 with the new validity", ev.Action, c)
		}
		_, err = w.app.AddEvidenceVersion(w.ctx, w.asContributor(), e.ID, app.VersionInput{ValidUntil: isms.NewDate(2027, 1, 1)}, app.FileInput{Name: "x", Reader: strings.NewReader("x")})
		wantFields(t, "AddEvidenceVersion(a date for an item with a period)", err, isms.Invalid, "validUntil")
		note, _ := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "n", Kind: isms.EvidenceKindNote, Note: "n", Source: isms.EvidenceSourceUpload}, nil)
		_, err = w.app.AddEvidenceVersion(w.ctx, w.asManager(), note.ID, app.VersionInput{}, app.FileInput{Name: "x", Reader: strings.NewReader("x")})
		wantFields(t, "AddEvidenceVersion(note)", err, isms.Invalid, "file")
		_, err = w.app.AddEvidenceVersion(w.ctx, w.asViewer(), e.ID, app.VersionInput{}, app.FileInput{Name: "x", Reader: strings.NewReader("x")})
		wantCode(t, "AddEvidenceVersion(viewer)", err, isms.Forbidden)
		if n := len(w.blobs()); n != 2 {
			t.Errorf("stored blobs = %d, want 2: refused versions store nothing", n)
		}
	})
}

func TestOpenEvidenceFileDetectsChangedContent(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		store := blobtest.FS(t)
		w := newEvidenceWorld(t, db, store)
		for _, tc := range []struct{ name, stored, altered string }{
			{"the same length", "PermitRootLogin no \n", "PermitRootLogin yes\n"},
			{"shorter", "MaxAuthTries 3\n", "MaxAuthTries\n"},
			{"longer", "Protocol 2\n", "Protocol 2\nProtocol 1\n"},
			{"one byte", "A", "B"},
		} {
			e := w.upload("Config "+tc.name, "config.txt", tc.stored)
			tamper(t, store, e.File.SHA256, tc.altered)
			_, rc, err := w.app.OpenEvidenceFile(w.ctx, w.asAuditor(), e.ID, 1)
			if err != nil {
				t.Fatalf("OpenEvidenceFile(%s) = %v", tc.name, err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if !errors.Is(err, app.ErrContentChanged) || len(b) >= len(tc.stored) {
				t.Errorf("reading content altered to be %s = %d bytes, %v; want fewer than %d bytes and ErrContentChanged", tc.name, len(b), err, len(tc.stored))
			}
		}
		e := w.upload("Config", "config.txt", "PermitRootLogin no\n")
		_, _, err := w.app.OpenEvidenceFile(w.ctx, w.asAuditor(), e.ID, 2)
		wantCode(t, "OpenEvidenceFile(no such version)", err, isms.NotFound)
		if err := store.Delete(w.ctx, e.File.SHA256); err != nil {
			t.Fatal(err)
		}
		_, _, err = w.app.OpenEvidenceFile(w.ctx, w.asAuditor(), e.ID, 1)
		wantCode(t, "OpenEvidenceFile(gone)", err, isms.Conflict)
	})
}

func TestUpdateEvidence(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db, blobtest.FS(t))
		e, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "Status page", Kind: isms.EvidenceKindLink,
			URL: "https://status.example.com", Source: isms.EvidenceSourceUpload}, nil)
		if err != nil {
			t.Fatal(err)
		}
		title, owner, days := "Public status page", w.contributor.ID, 10
		got, err := w.app.UpdateEvidence(w.ctx, w.asContributor(), e.ID, isms.EvidenceUpdate{Title: &title, OwnerID: &owner, ValidityDays: &days, Version: 1})
		if err != nil {
			t.Fatalf("UpdateEvidence() = %v", err)
		}
		if got.Title != title || got.OwnerName != w.contributor.Name || got.ValidUntil != isms.NewDate(2026, 3, 12) || got.Version != 2 || got.Freshness != isms.FreshnessExpiring {
			t.Errorf("UpdateEvidence() = %+v, want the new title and owner, valid until 12 March, version 2, expiring", got)
		}
		ev := w.lastEvent(string(w.org.ID))
		if c := changes(t, ev); ev.Action != "evidence.update" || c["owner"].After != w.contributor.Name || c["validUntil"].After != "2026-03-12" {
			t.Errorf("last event %s %v, want evidence.update naming the owner and the new validity", ev.Action, c)
		}
		_, err = w.app.UpdateEvidence(w.ctx, w.asManager(), e.ID, isms.EvidenceUpdate{Title: &title, Version: 1})
		wantCode(t, "UpdateEvidence(stale)", err, isms.Conflict)
		bad := "ftp://example.com"
		_, err = w.app.UpdateEvidence(w.ctx, w.asManager(), e.ID, isms.EvidenceUpdate{URL: &bad, Version: 2})
		wantFields(t, "UpdateEvidence(ftp)", err, isms.Invalid, "url")
		viewerID := w.viewer.ID
		_, err = w.app.UpdateEvidence(w.ctx, w.asManager(), e.ID, isms.EvidenceUpdate{OwnerID: &viewerID, Version: 2})
		wantFields(t, "UpdateEvidence(viewer as owner)", err, isms.Invalid, "owner")
		_, err = w.app.UpdateEvidence(w.ctx, w.asAuditor(), e.ID, isms.EvidenceUpdate{Title: &title, Version: 2})
		wantCode(t, "UpdateEvidence(auditor)", err, isms.Forbidden)
		beta := w.newOrg("beta", "Beta", w.newUser("Bea Admin", false))
		_ = beta
		other := isms.Actor{UserID: w.admin.ID, Name: w.admin.Name, OrgID: beta.ID, Role: isms.RoleAdmin}
		_, err = w.app.UpdateEvidence(w.ctx, other, e.ID, isms.EvidenceUpdate{Title: &title, Version: 2})
		wantCode(t, "UpdateEvidence(another organization)", err, isms.NotFound)
	})
}

func TestLinkEvidenceAndEvidenceFor(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db, blobtest.FS(t))
		fresh := w.upload("Fresh", "a.txt", "a")
		gone, _ := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "Gone", Kind: isms.EvidenceKindNote, Note: "old",
			Source: isms.EvidenceSourceUpload, CollectedOn: isms.NewDate(2025, 1, 1), ValidUntil: isms.NewDate(2025, 12, 31)}, nil)
		profile := isms.Link{Type: "organization", ID: w.org.ID}
		for _, e := range []*isms.Evidence{fresh, gone} {
			r, err := w.app.LinkEvidence(w.ctx, w.asContributor(), e.ID, isms.Link{Type: "organization", ID: isms.ID(w.org.Slug)})
			if err != nil || r.Link != profile {
				t.Fatalf("LinkEvidence() = %+v, %v; want the profile by its ID", r, err)
			}
		}
		head := w.head(string(w.org.ID))
		if _, err := w.app.LinkEvidence(w.ctx, w.asContributor(), fresh.ID, profile); err != nil {
			t.Errorf("LinkEvidence(again) = %v, want nil", err)
		}
		if h := w.head(string(w.org.ID)); h.Seq != head.Seq {
			t.Errorf("linking again wrote %d events, want none", h.Seq-head.Seq)
		}
		_, err := w.app.LinkEvidence(w.ctx, w.asContributor(), fresh.ID, isms.Link{Type: "evidence", ID: fresh.ID})
		wantFields(t, "LinkEvidence(itself)", err, isms.Invalid, "link")
		if _, err := w.app.LinkEvidence(w.ctx, w.asContributor(), gone.ID, isms.Link{Type: "evidence", ID: fresh.ID}); err != nil {
			t.Errorf("LinkEvidence(to another item) = %v, want nil", err)
		}
		list, err := w.app.EvidenceFor(w.ctx, w.asViewer(), profile)
		if err != nil || len(list) != 2 || list[0].Title != "Fresh" || list[0].Freshness != isms.FreshnessCurrent || list[1].Freshness != isms.FreshnessExpired {
			t.Errorf("EvidenceFor(profile) = %v, %v; want Fresh (current) and Gone (expired)", list, err)
		}
		_, err = w.app.EvidenceFor(w.ctx, w.asEmployee(), profile)
		wantCode(t, "EvidenceFor(employee)", err, isms.Forbidden)
		if err := w.app.UnlinkEvidence(w.ctx, w.asContributor(), fresh.ID, profile); err != nil {
			t.Errorf("UnlinkEvidence() = %v", err)
		}
		wantCode(t, "UnlinkEvidence(again)", w.app.UnlinkEvidence(w.ctx, w.asContributor(), fresh.ID, profile), isms.NotFound)
		if ev := w.lastEvent(string(w.org.ID)); ev.Action != "evidence.unlink" {
			t.Errorf("last event %s, want evidence.unlink", ev.Action)
		}
		if list, _ := w.app.EvidenceFor(w.ctx, w.asViewer(), profile); len(list) != 1 {
			t.Errorf("EvidenceFor(profile) after unlinking = %d items, want 1", len(list))
		}
	})
}

func TestEvidenceReadersAndEditors(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db, blobtest.FS(t))
		e := w.upload("Policy scan", "scan.pdf", pdfContent)
		for _, tc := range []struct {
			who        string
			actor      isms.Actor
			read, edit bool
		}{
			{"admin", w.asAdmin(), true, true},
			{"manager", w.asManager(), true, true},
			{"contributor", w.asContributor(), true, true},
			{"auditor", w.asAuditor(), true, false},
			{"viewer", w.asViewer(), true, false},
			{"employee", w.asEmployee(), false, false},
		} {
			_, _, err := w.app.FindEvidence(w.ctx, tc.actor, isms.EvidenceFilter{})
			_, _, openErr := w.app.OpenEvidenceFile(w.ctx, tc.actor, e.ID, 1)
			_, detailErr := w.app.FindEvidenceDetail(w.ctx, tc.actor, e.ID)
			if (err == nil) != tc.read || (openErr == nil) != tc.read || (detailErr == nil) != tc.read {
				t.Errorf("%s reads evidence: list %v, download %v, detail %v; want allowed = %v", tc.who, err, openErr, detailErr, tc.read)
			}
			_, err = w.app.CreateEvidence(w.ctx, tc.actor, app.EvidenceInput{Title: "t", Kind: isms.EvidenceKindNote, Note: "n", Source: isms.EvidenceSourceAPI}, nil)
			if (err == nil) != tc.edit {
				t.Errorf("%s adds evidence: %v; want allowed = %v", tc.who, err, tc.edit)
			}
		}
		d, _ := w.app.FindEvidenceDetail(w.ctx, w.asContributor(), e.ID)
		if d.History != nil {
			t.Errorf("a contributor sees %d history events; the audit trail is for those who may read it", len(d.History))
		}
	})
}
