// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestWalkAuditEventsOfAPeriodUpToAHead(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAuditEvents(ctx, "org_walk", bulkEvents(1, 4500, t0)) })
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAuditEvents(ctx, "org_other", bulkEvents(1, 10, t0)) })
		f := isms.AuditFilter{Chain: "org_walk", From: t0.Add(1000 * time.Minute), To: t0.Add(4000 * time.Minute)}
		var seqs []int64
		view(t, db, func(tx *sqldb.Tx) error {
			return tx.WalkAuditEvents(ctx, f, 3500, func(e *isms.AuditEvent) error {
				if want := t0.Add(time.Duration(e.Seq) * time.Minute); !e.Time.Equal(want) || e.Chain != "org_walk" {
					return fmt.Errorf("event %d of %s at %s, want %s", e.Seq, e.Chain, e.Time, want)
				}
				seqs = append(seqs, e.Seq)
				return nil
			})
		})
		if len(seqs) != 2501 || seqs[0] != 1000 || seqs[len(seqs)-1] != 3500 {
			t.Fatalf("walked %d events, %v … %v; want 1000 to 3500", len(seqs), seqs[:min(3, len(seqs))], seqs[max(0, len(seqs)-3):])
		}
		for i := 1; i < len(seqs); i++ {
			if seqs[i] != seqs[i-1]+1 {
				t.Fatalf("event %d follows %d", seqs[i], seqs[i-1])
			}
		}
		stop, n := errors.New("stop"), 0
		err := db.View(ctx, func(tx *sqldb.Tx) error {
			return tx.WalkAuditEvents(ctx, isms.AuditFilter{Chain: "org_walk"}, 4500, func(*isms.AuditEvent) error {
				if n++; n == 3 {
					return stop
				}
				return nil
			})
		})
		if !errors.Is(err, stop) || n != 3 {
			t.Errorf("walk stopped by fn = %v after %d events, want stop after 3", err, n)
		}
	})
}

func TestWalkControlEvidenceGivesTheCurrentFileOfEachLink(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "globex", "Globex")
		update(t, db, func(tx *sqldb.Tx) error {
			for i := range 1500 {
				e := newEvidence(org, fmt.Sprintf("Item %04d", i), isms.EvidenceKindFile, nil)
				e.ID = isms.ID(fmt.Sprintf("evd_%04d", i))
				if err := storeControlEvidence(ctx, tx, e, i%3 != 0, "ctl_a", "ctl_b"); err != nil {
					return err
				}
			}
			note := newEvidence(org, "Note", isms.EvidenceKindNote, nil)
			if err := storeControlEvidence(ctx, tx, note, false, "ctl_a"); err != nil {
				return err
			}
			return storeControlEvidence(ctx, tx, newEvidence(other, "Theirs", isms.EvidenceKindFile, nil), true, "ctl_a")
		})
		var got []string
		view(t, db, func(tx *sqldb.Tx) error {
			return tx.WalkControlEvidence(ctx, org.ID, func(c *sqldb.ControlEvidenceFile) error {
				got = append(got, fmt.Sprintf("%s %s %s v%d %s", c.File.EvidenceID, c.ControlID, c.EvidenceTitle, c.File.Version, c.File.SHA256[60:]))
				return nil
			})
		})
		if len(got) != 2000 || got[0] != "evd_0001 ctl_a Item 0001 v1 0001" || got[1] != "evd_0001 ctl_b Item 0001 v1 0001" ||
			got[len(got)-1] != "evd_1499 ctl_b Item 1499 v1 "+sha(1499)[60:] {
			t.Errorf("walked %d links: %q … %q; want 2000, by item and control", len(got), got[:min(2, len(got))], got[max(0, len(got)-1):])
		}
	})
}

// storeControlEvidence stores item e linked to controls (and to a risk),
// with a first file version when withFile is set.
func storeControlEvidence(ctx context.Context, tx *sqldb.Tx, e *isms.Evidence, withFile bool, controls ...isms.ID) error {
	if withFile {
		e.CurrentVersion = 1
	}
	if err := tx.InsertEvidence(ctx, e); err != nil {
		return err
	}
	if withFile {
		var n int
		fmt.Sscanf(string(e.ID), "evd_%d", &n)
		f := &isms.EvidenceFile{EvidenceID: e.ID, Version: 1, SHA256: sha(n), Size: 42, MediaType: "text/plain",
			FileName: "a.txt", Integrity: isms.IntegrityOK}
		if err := tx.InsertEvidenceFile(ctx, e.OrgID, f); err != nil {
			return err
		}
	}
	for _, c := range controls {
		if _, err := tx.InsertEvidenceLink(ctx, e.OrgID, e.ID, isms.Link{Type: "control", ID: c}); err != nil {
			return err
		}
	}
	_, err := tx.InsertEvidenceLink(ctx, e.OrgID, e.ID, isms.Link{Type: "risk", ID: "risk_1"})
	return err
}
