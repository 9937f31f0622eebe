// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// tamper overwrites the content a directory store keeps under sha, as
// someone with access to the disk would.
func tamper(t *testing.T, s *blob.FS, sha, content string) {
	t.Helper()
	p := filepath.Join(s.Dir(), "sha256", sha[:2], sha[2:4], sha)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatalf("tamper with %s: %v", p, err)
	}
}

// walkFiles appends the path of every regular file under dir to out.
func walkFiles(t *testing.T, dir string, out *[]string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			*out = append(*out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *evidenceWorld) checkIntegrity() app.EvidenceCheckReport {
	w.t.Helper()
	rep, err := w.app.CheckEvidenceIntegrity(w.ctx)
	if err != nil {
		w.t.Fatalf("CheckEvidenceIntegrity() = %v", err)
	}
	return rep
}

func (w *evidenceWorld) checkFreshness() app.EvidenceCheckReport {
	w.t.Helper()
	rep, err := w.app.CheckEvidenceFreshness(w.ctx)
	if err != nil {
		w.t.Fatalf("CheckEvidenceFreshness() = %v", err)
	}
	return rep
}

func TestCheckEvidenceIntegrityRecordsChangesOnce(t *testing.T) {
	t.Parallel()
	eachEvidenceWorld(t, func(t *testing.T, w *evidenceWorld) {
		kept := w.upload("Kept", "kept.txt", "unchanged")
		altered := w.upload("Altered", "policy.txt", "Passwords: 12 characters")
		removed := w.upload("Removed", "scan.pdf", pdfContent)
		w.upload("Same content as Kept", "copy.txt", "unchanged")
		head := w.head(string(w.org.ID))
		if rep := w.checkIntegrity(); rep.Files != 4 || rep.Failed != 0 || rep.Changed != 0 {
			t.Errorf("first check = %+v, want 4 files, none failed, nothing changed", rep)
		}
		if h := w.head(string(w.org.ID)); h.Seq != head.Seq {
			t.Errorf("a check that found nothing wrote %d events", h.Seq-head.Seq)
		}

		// Replace the content behind altered's hash: with a directory store
		// by writing the file; with any store, by deleting removed's.
		if fsStore, ok := w.store.(*blob.FS); ok {
			tamper(t, fsStore, altered.File.SHA256, "Passwords: 4 characters")
		} else if err := w.store.Delete(w.ctx, altered.File.SHA256); err != nil {
			t.Fatal(err)
		}
		if err := w.store.Delete(w.ctx, removed.File.SHA256); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(time.Hour)
		if rep := w.checkIntegrity(); rep.Failed != 2 || rep.Changed != 2 {
			t.Errorf("check after tampering = %+v, want 2 failed and 2 changed", rep)
		}
		events := w.events(string(w.org.ID), head.Seq)
		if len(events) != 2 || events[0].Action != "evidence.integrity" || events[0].ActorName != "integrity check" {
			t.Fatalf("events after tampering = %v, want two evidence.integrity events by the integrity check", actions(events))
		}
		byID := map[isms.ID]map[string]isms.Change{}
		for _, e := range events {
			byID[e.ObjectID] = changes(t, e)
		}
		wantAltered := isms.IntegrityMismatch
		if _, ok := w.store.(*blob.FS); !ok {
			wantAltered = isms.IntegrityMissing
		}
		if byID[altered.ID]["integrity"].After != string(wantAltered) || byID[removed.ID]["integrity"].After != "missing" {
			t.Errorf("integrity events = %v, want altered %s and removed missing", byID, wantAltered)
		}
		missing, _, err := w.app.FindEvidence(w.ctx, w.asViewer(), isms.EvidenceFilter{Freshness: isms.FreshnessMissing})
		if err != nil || len(missing) != 2 {
			t.Errorf("missing evidence = %d, %v; want the altered and the removed item", len(missing), err)
		}
		d, _ := w.app.FindEvidenceDetail(w.ctx, w.asViewer(), removed.ID)
		if d.Files[0].Integrity != isms.IntegrityMissing || !d.Files[0].CheckedAt.Equal(w.clock.Now()) || d.Evidence.Freshness != isms.FreshnessMissing {
			t.Errorf("removed's version 1 = %+v, freshness %s; want missing, checked now, flagged missing", d.Files[0], d.Evidence.Freshness)
		}
		_, _, err = w.app.OpenEvidenceFile(w.ctx, w.asAuditor(), altered.ID, 1)
		wantCode(t, "OpenEvidenceFile(failed)", err, isms.Conflict)
		if d, _ := w.app.FindDashboard(w.ctx, w.asViewer()); d.Evidence == nil || d.Evidence.FailedFiles != 2 {
			t.Errorf("dashboard evidence = %+v, want 2 failed files", d.Evidence)
		}

		again := w.head(string(w.org.ID))
		if rep := w.checkIntegrity(); rep.Changed != 0 || rep.Failed != 2 {
			t.Errorf("second check = %+v, want the same 2 failures and no change", rep)
		}
		if h := w.head(string(w.org.ID)); h.Seq != again.Seq {
			t.Errorf("the second check wrote %d events, want none", h.Seq-again.Seq)
		}
		// The kept content is still fine, and read once for two versions.
		if d, _ := w.app.FindEvidenceDetail(w.ctx, w.asViewer(), kept.ID); d.Files[0].Integrity != isms.IntegrityOK {
			t.Errorf("kept's integrity = %s, want ok", d.Files[0].Integrity)
		}
		// Restoring the content is recorded as well.
		if _, err := w.store.Put(w.ctx, strings.NewReader(pdfContent), 0); err != nil {
			t.Fatal(err)
		}
		if rep := w.checkIntegrity(); rep.Changed != 1 || rep.Failed != 1 {
			t.Errorf("check after restoring = %+v, want one change and one failure left", rep)
		}
		if ev := w.lastEvent(string(w.org.ID)); changes(t, ev)["integrity"].After != "ok" || ev.ObjectID != removed.ID {
			t.Errorf("last event = %s on %s, want the restored file back to ok", ev.Changes, ev.ObjectID)
		}
	})
}

func TestCheckEvidenceFreshnessMakesOneRenewalTaskPerDate(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db, blobtest.FS(t))
		create := func(title string, owner isms.ID, collected, until isms.Date) *isms.Evidence {
			e, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: title, Kind: isms.EvidenceKindNote, Note: "n",
				Source: isms.EvidenceSourceUpload, OwnerID: owner, CollectedOn: collected, ValidUntil: until}, nil)
			if err != nil {
				t.Fatalf("CreateEvidence(%s) = %v", title, err)
			}
			return e
		}
		today := isms.NewDate(2026, 3, 2)
		expiring := create("Expiring", w.contributor.ID, today, today.AddDays(10))
		expired := create("Expired", w.manager.ID, today.AddDays(-100), today.AddDays(-1))
		create("Far", w.contributor.ID, today, today.AddDays(60))
		create("Ownerless", "", today, today.AddDays(5))
		create("Forever", w.contributor.ID, today, isms.Date{})
		long := create(strings.Repeat("Long title ", 18), w.contributor.ID, today, today.AddDays(3))

		rep := w.checkFreshness()
		if rep.Tasks != 3 || rep.Expired != 1 {
			t.Errorf("first check = %+v, want 3 renewal tasks and 1 expiry", rep)
		}
		tasks := w.evidenceTasks()
		if len(tasks) != 3 {
			t.Fatalf("tasks = %d, want 3", len(tasks))
		}
		for _, task := range tasks {
			if task.Link.ID == long.ID {
				if n := len([]rune(task.Title)); n != isms.MaxNameLen || !strings.HasSuffix(task.Title, "…") {
					t.Errorf("task of a long title = %q (%d characters), want it cut to %d", task.Title, n, isms.MaxNameLen)
				}
				continue
			}
			var e *isms.Evidence
			switch task.Link.ID {
			case expiring.ID:
				e = expiring
			case expired.ID:
				e = expired
			default:
				t.Fatalf("task %q links %s, want one of the due items", task.Title, task.Link)
			}
			if task.OwnerID != e.OwnerID || task.Due != e.ValidUntil || task.Status != isms.TaskOpen || task.Title != "Renew evidence: "+e.Title {
				t.Errorf("task = %+v, want an open task for %s's owner due on %s", task, e.Title, e.ValidUntil)
			}
		}
		head := w.head(string(w.org.ID))
		if rep := w.checkFreshness(); rep.Tasks != 0 || rep.Expired != 0 {
			t.Errorf("second check = %+v, want nothing new", rep)
		}
		if h := w.head(string(w.org.ID)); h.Seq != head.Seq {
			t.Errorf("the second check wrote %d events, want none", h.Seq-head.Seq)
		}
		// A new version moves the date: the next renewal gets its own task.
		until := today.AddDays(20)
		if _, err := w.app.UpdateEvidence(w.ctx, w.asManager(), expiring.ID, isms.EvidenceUpdate{ValidUntil: &until, Version: expiring.Version}); err != nil {
			t.Fatal(err)
		}
		if rep := w.checkFreshness(); rep.Tasks != 1 {
			t.Errorf("check after a new validity date = %+v, want 1 new task", rep)
		}
		if n := len(w.evidenceTasks()); n != 4 {
			t.Errorf("tasks = %d, want 4", n)
		}
		events := w.events(string(w.org.ID), 0)
		var expiries int
		for _, e := range events {
			if e.Action == "evidence.expire" {
				expiries++
				if e.ObjectID != expired.ID || e.ActorName != "evidence freshness check" {
					t.Errorf("evidence.expire on %s by %s, want on Expired by the freshness check", e.ObjectID, e.ActorName)
				}
			}
		}
		if expiries != 1 {
			t.Errorf("evidence.expire events = %d, want 1", expiries)
		}
	})
}

// evidenceTasks returns acme's tasks linked to evidence.
func (w *evidenceWorld) evidenceTasks() []*isms.Task {
	w.t.Helper()
	var list []*isms.Task
	w.view(func(tx *sqldb.Tx) (err error) {
		list, _, err = tx.FindTasks(w.ctx, isms.TaskFilter{OrgID: w.org.ID, LinkType: "evidence", Limit: 100})
		return err
	})
	return list
}
