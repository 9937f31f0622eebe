// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestRetentionRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		wantFields(t, "SetRetentionRule(bad)", w.app.SetRetentionRule(w.ctx, w.asManager(), "memo", -1), isms.Invalid, "type", "months")
		wantCode(t, "SetRetentionRule(viewer)", w.app.SetRetentionRule(w.ctx, w.asViewer(), isms.DocRecord, 12), isms.Forbidden)
		if err := w.app.SetRetentionRule(w.ctx, w.asManager(), isms.DocRecord, 84); err != nil {
			t.Fatal(err)
		}
		e := w.lastEvent(string(w.org.ID))
		if c := changes(t, e); e.Action != "retention_rule.set" || c["months"].Before != float64(36) || c["months"].After != float64(84) {
			t.Errorf("event %s %v", e.Action, c)
		}
		rules, err := w.app.RetentionRules(w.ctx, w.asViewer())
		if err != nil || len(rules) != len(isms.DocumentTypes) {
			t.Fatalf("RetentionRules = %v, %v", rules, err)
		}
		for i, r := range rules {
			want := isms.DefaultRetentionMonths
			if r.Type == isms.DocRecord {
				want = 84
			}
			if r.Type != isms.DocumentTypes[i] || r.Months != want {
				t.Errorf("rule %d = %+v, want %s %d", i, r, isms.DocumentTypes[i], want)
			}
		}
	})
}

func TestDisposalOfVersionsPastRetention(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		if err := w.app.SetRetentionRule(w.ctx, w.asManager(), isms.DocProcedure, 1); err != nil {
			t.Fatal(err)
		}
		d, v1 := w.newDoc(app.DocumentInput{Title: "Backup procedure", Type: "procedure"}, "Run the backup job.")
		w.approveVersion(v1, w.manager2)
		v2, err := w.app.NewDocumentVersion(w.ctx, w.asManager(), d.ID, "Weekly restore test.")
		if err != nil {
			t.Fatal(err)
		}
		w.approveVersion(v2, w.manager2)

		wantCode(t, "DisposeVersion(in retention)", w.app.DisposeVersion(w.ctx, w.asManager(), v1.ID, ""), isms.Conflict)
		wantCode(t, "DisposeVersion(in force)", w.app.DisposeVersion(w.ctx, w.asManager(), v2.ID, ""), isms.Conflict)
		if due, total, err := w.app.VersionsDueForDisposal(w.ctx, w.asViewer(), 50, 0); err != nil || total != 0 || len(due) != 0 {
			t.Errorf("due before the end of retention = %v, %d, %v", due, total, err)
		}

		w.clock.Advance(32 * 24 * time.Hour) // 3 April, past 2 April
		due, total, err := w.app.VersionsDueForDisposal(w.ctx, w.asViewer(), 50, 0)
		if err != nil || total != 1 || len(due) != 1 || due[0].ID != v1.ID {
			t.Fatalf("due = %v, %d, %v; want v1", due, total, err)
		}
		wantCode(t, "DisposeVersion(viewer)", w.app.DisposeVersion(w.ctx, w.asViewer(), v1.ID, ""), isms.Forbidden)
		if err := w.app.DisposeVersion(w.ctx, w.asManager(), v1.ID, "Shredded per rule."); err != nil {
			t.Fatal(err)
		}
		v, _, err := w.app.FindDocumentVersion(w.ctx, w.asManager(), d.Ref, 1)
		if err != nil || v.Body != "" || v.DisposedAt.IsZero() || v.DisposedBy != w.manager.Name || v.Status != isms.VersionSuperseded {
			t.Errorf("disposed version = %+v, %v", v, err)
		}
		e := w.lastEvent(string(w.org.ID))
		if c := changes(t, e); e.Action != "document_version.dispose" || c["bodySha256"].Before != isms.ContentHash([]byte("Run the backup job.")) ||
			c["note"].After != "Shredded per rule." {
			t.Errorf("event %s %v", e.Action, c)
		}
		wantCode(t, "DisposeVersion(again)", w.app.DisposeVersion(w.ctx, w.asManager(), v1.ID, ""), isms.Conflict)
		if due, total, _ := w.app.VersionsDueForDisposal(w.ctx, w.asViewer(), 50, 0); total != 0 || len(due) != 0 {
			t.Errorf("due after disposal = %v", due)
		}
		if det := w.docDetail(w.asManager(), d.Ref); len(det.Versions) != 2 || det.InForce.Number != 2 {
			t.Errorf("the disposed version's row is kept: %d versions", len(det.Versions))
		}
	})
}
