// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// evidenceOn creates a note evidence item linked to controls, as the
// contributor.
func (w *auditWorld) evidenceOn(title string, collected, validUntil isms.Date, controls ...*isms.Control) *isms.Evidence {
	w.t.Helper()
	in := app.EvidenceInput{Title: title, Kind: isms.EvidenceKindNote, Note: "Seen.", CollectedOn: collected,
		ValidUntil: validUntil, Source: isms.EvidenceSourceUpload}
	for _, c := range controls {
		in.Links = append(in.Links, isms.Link{Type: "control", ID: c.ID})
	}
	e, err := w.app.CreateEvidence(w.ctx, w.asContributor(), in, nil)
	if err != nil {
		w.t.Fatalf("CreateEvidence(%s) = %v (%v)", title, err, isms.ErrorFields(err))
	}
	return e
}

func TestAuditEvidence(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		au := w.plan(w.auditInput(w.programme(), "A.5.15-A.5.18"))
		today := isms.DateOf(w.clock.Now())
		backups := w.control("Backups", isms.ControlImplemented)
		w.link(backups, w.requirement(w.iso.ID, "A.8.13").ID)
		review := w.evidenceOn("Access review Q1", today, isms.Date{}, w.access, w.reviews)
		expired := w.evidenceOn("Access policy 2025", isms.NewDate(2025, 1, 1), isms.NewDate(2026, 3, 1), w.access)
		lastDay := w.evidenceOn("Joiner checklist", today.AddDays(-10), today, w.reviews)
		w.evidenceOn("Backup log", today, isms.Date{}, backups) // a control outside the scope
		w.evidenceOn("Unlinked note", today, isms.Date{})

		got, err := w.app.AuditEvidence(w.ctx, w.asViewer(), au.Ref)
		if err != nil {
			t.Fatalf("AuditEvidence(%s) = %v", au.Ref, err)
		}
		want := []app.EvidenceChoice{
			{ID: expired.ID, Title: "Access policy 2025", Controls: w.access.Ref, CollectedOn: isms.NewDate(2025, 1, 1),
				ValidUntil: isms.NewDate(2026, 3, 1)},
			{ID: review.ID, Title: "Access review Q1", Controls: w.reviews.Ref + ", " + w.access.Ref, CollectedOn: today, Valid: true},
			{ID: lastDay.ID, Title: "Joiner checklist", Controls: w.reviews.Ref, CollectedOn: today.AddDays(-10), ValidUntil: today, Valid: true},
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b isms.Date) bool { return a.String() == b.String() })); diff != "" {
			t.Errorf("AuditEvidence(%s) mismatch (-want +got):\n%s", au.Ref, diff)
		}
		if byID, err := w.app.AuditEvidence(w.ctx, w.asDana(), string(au.ID)); err != nil || len(byID) != 3 {
			t.Errorf("AuditEvidence(by ID) = %d items, %v; want 3", len(byID), err)
		}

		narrow := w.plan(w.auditInput(w.programme(), "4.1"))
		if got, err := w.app.AuditEvidence(w.ctx, w.asViewer(), narrow.Ref); err != nil || len(got) != 0 {
			t.Errorf("AuditEvidence(scope without controls) = %v, %v; want none", got, err)
		}
		_, err = w.app.AuditEvidence(w.ctx, w.globexAdmin(), string(au.ID))
		wantCode(t, "AuditEvidence(another organization)", err, isms.NotFound)
		_, err = w.app.AuditEvidence(w.ctx, isms.Actor{OrgID: w.org.ID, Role: isms.RoleViewer}, au.Ref)
		wantCode(t, "AuditEvidence(no user)", err, isms.Forbidden)
		_, err = w.app.AuditEvidence(w.ctx, w.asViewer(), "IA-99")
		wantCode(t, "AuditEvidence(unknown audit)", err, isms.NotFound)
	})
}
