// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// versionNumbers returns "ref vN" of each of vs, in order, with docs
// naming the documents by ID.
func versionNumbers(docs map[string]*isms.Document, vs []*isms.DocumentVersion) []string {
	byID := map[isms.ID]string{}
	for ref, d := range docs {
		byID[d.ID] = ref
	}
	out := []string{}
	for _, v := range vs {
		out = append(out, byID[v.DocumentID]+" v"+string(rune('0'+v.Number)))
	}
	return out
}

func TestDocumentVersionStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		d := f.docs["DOC-2"]
		v := newVersion(d, 2, isms.VersionDraft, f.ann)
		v.Format, v.Body, v.FileName, v.FileSHA256 = isms.BodyFile, "", "policy.pdf", isms.ContentHash([]byte("pdf"))
		v.FileSize, v.MediaType, v.ChangeSummary = 3, "application/pdf", "Scanned, signed copy"
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertDocumentVersion(ctx, v) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindDocumentVersionByID(ctx, f.org.ID, v.ID)
			if diff := cmp.Diff(v, got, equateDates); diff != "" || err != nil {
				t.Errorf("FindDocumentVersionByID (-want +got):\n%s%v", diff, err)
			}
			got, err = tx.FindDocumentVersion(ctx, f.org.ID, f.docs["DOC-1"].ID, 2)
			want := *f.versions["DOC-1 v2"]
			want.Approvers = []string{"Eve", "Ann"}
			if diff := cmp.Diff(&want, got, equateDates); diff != "" || err != nil {
				t.Errorf("FindDocumentVersion(DOC-1, 2) (-want +got):\n%s%v", diff, err)
			}
			got, err = tx.FindDocumentVersion(ctx, f.org.ID, f.docs["DOC-10"].ID, 2)
			if err != nil || got.ApprovalID == "" || len(got.Approvers) != 0 {
				t.Errorf("FindDocumentVersion(DOC-10, 2) = %+v, %v; want a pending approval without approvers yet", got, err)
			}
			_, err = tx.FindDocumentVersion(ctx, f.org.ID, d.ID, 3)
			wantCode(t, "FindDocumentVersion(no such number)", err, isms.NotFound)
			_, err = tx.FindDocumentVersionByID(ctx, f.other.ID, v.ID)
			wantCode(t, "FindDocumentVersionByID(another organization)", err, isms.NotFound)
			_, err = tx.FindDocumentVersion(ctx, f.other.ID, d.ID, 2)
			wantCode(t, "FindDocumentVersion(another organization)", err, isms.NotFound)

			all, err := tx.DocumentVersions(ctx, f.org.ID, f.docs["DOC-1"].ID)
			if diff := cmp.Diff([]string{"DOC-1 v2", "DOC-1 v1"}, versionNumbers(f.docs, all)); diff != "" || err != nil {
				t.Errorf("DocumentVersions(DOC-1) (-want +got):\n%s%v", diff, err)
			} else if all[0].Body != "# Information security policy" || len(all[0].Approvers) != 2 || all[1].AuthorName != "Bob" {
				t.Errorf("DocumentVersions(DOC-1) = %+v, %+v; want bodies, approvers and author names", all[0], all[1])
			}
			all, err = tx.DocumentVersions(ctx, f.other.ID, f.docs["DOC-1"].ID)
			if len(all) != 0 || err != nil {
				t.Errorf("DocumentVersions(another organization) = %v, %v; want none", all, err)
			}
			return nil
		})
		for _, dup := range []func(tx *sqldb.Tx) error{
			func(tx *sqldb.Tx) error {
				return tx.InsertDocumentVersion(ctx, newVersion(d, 1, isms.VersionDraft, f.ann))
			},
			func(tx *sqldb.Tx) error {
				return tx.InsertDocumentVersions(ctx, []*isms.DocumentVersion{newVersion(d, 2, isms.VersionDraft, f.ann)})
			},
		} {
			wantCode(t, "insert of a taken version number", db.Update(ctx, dup), isms.Conflict)
		}

		approvedAt := t0.Add(time.Hour)
		v.Status, v.Format, v.Body, v.FileName, v.FileSHA256, v.FileSize, v.MediaType =
			isms.VersionRetired, isms.BodyMarkdown, "# Access", "", "", 0, ""
		v.ChangeSummary, v.ApprovedAt, v.ApprovalID, v.RetainUntil = "Rewritten", approvedAt, f.approval.ID, day(t, "2028-03-03")
		v.DisposedAt, v.DisposedBy = approvedAt, "Ann"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateDocumentVersion(ctx, v, 1) })
		if v.Revision != 2 {
			t.Errorf("revision after UpdateDocumentVersion = %d, want 2", v.Revision)
		}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateDocumentVersion(ctx, v, 1) })
		wantCode(t, "UpdateDocumentVersion(stale revision)", err, isms.Conflict)
		v.OrgID = f.other.ID
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateDocumentVersion(ctx, v, 2) })
		wantCode(t, "UpdateDocumentVersion(another organization)", err, isms.Conflict)
		v.OrgID = f.org.ID
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindDocumentVersionByIDForUpdate(ctx, f.org.ID, v.ID)
			want := *v
			want.Approvers = []string{"Eve", "Ann"}
			if diff := cmp.Diff(&want, got, equateDates); diff != "" || err != nil {
				t.Errorf("after UpdateDocumentVersion (-want +got):\n%s%v", diff, err)
			}
			doc, err := tx.FindDocumentByID(ctx, f.org.ID, d.ID)
			if err != nil || doc.Status != isms.VersionRetired || doc.LatestNumber != 2 || doc.ApprovedNumber != 0 {
				t.Errorf("DOC-2 after retiring v2 = %+v, %v; want retired, latest 2, none approved", doc, err)
			}
			return nil
		})
	})
}

func TestVersionsDueForDisposal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		due := func(today string, limit, offset int) ([]string, int) {
			t.Helper()
			var refs []string
			var total int
			view(t, db, func(tx *sqldb.Tx) error {
				list, n, err := tx.VersionsDueForDisposal(ctx, f.org.ID, day(t, today), limit, offset)
				refs, total = versionNumbers(f.docs, list), n
				return err
			})
			return refs, total
		}
		if got, total := due("2025-03-01", 0, 0); len(got) != 0 || total != 0 {
			t.Errorf("due on the last day of retention = %v (%d); want none", got, total)
		}
		if got, total := due("2025-03-03", 0, 0); !cmp.Equal(got, []string{"DOC-1 v1"}) || total != 1 {
			t.Errorf("due on 2025-03-03 = %v (%d); want DOC-1 v1", got, total)
		}
		if got, total := due("2030-01-02", 0, 0); !cmp.Equal(got, []string{"DOC-1 v1", "DOC-4 v1"}) || total != 2 {
			t.Errorf("due on 2030-01-02 = %v (%d); want DOC-1 v1, DOC-4 v1", got, total)
		}
		if got, total := due("2030-01-02", 1, 1); !cmp.Equal(got, []string{"DOC-4 v1"}) || total != 2 {
			t.Errorf("due on 2030-01-02, page 2 = %v (%d); want DOC-4 v1 of 2", got, total)
		}
		if got, total := due("2030-01-02", 1, 2); len(got) != 0 || total != 2 {
			t.Errorf("due on 2030-01-02, past the end = %v (%d); want none of 2", got, total)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			list, n, err := tx.VersionsDueForDisposal(ctx, f.other.ID, day(t, "2030-01-02"), 0, 0)
			if len(list) != 0 || n != 0 || err != nil {
				t.Errorf("VersionsDueForDisposal(another organization) = %v, %d, %v; want none", list, n, err)
			}
			return nil
		})
		v := f.versions["DOC-1 v1"]
		v.Body, v.DisposedAt, v.DisposedBy = "", t0, "Ann"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateDocumentVersion(ctx, v, 1) })
		if got, total := due("2030-01-02", 0, 0); !cmp.Equal(got, []string{"DOC-4 v1"}) || total != 1 {
			t.Errorf("due after disposing of DOC-1 v1 = %v (%d); want DOC-4 v1", got, total)
		}
	})
}

func TestDocumentReviewsAndRetention(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		clk := setClock(db)
		d := f.docs["DOC-10"]
		review := func(note, next string) *isms.DocumentReview {
			r := &isms.DocumentReview{ID: isms.NewID("drev"), OrgID: f.org.ID, DocumentID: d.ID,
				VersionID: f.versions["DOC-10 v1"].ID, ReviewerID: f.ann.ID, ReviewerName: "Ann", Note: note, NextReview: day(t, next)}
			update(t, db, func(tx *sqldb.Tx) error { return tx.InsertDocumentReview(ctx, r) })
			clk.Advance(24 * time.Hour)
			return r
		}
		r1, r2 := review("Still right", "2026-03-03"), review("", "2027-03-04")
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.DocumentReviews(ctx, f.org.ID, d.ID)
			if diff := cmp.Diff([]*isms.DocumentReview{r2, r1}, got, equateDates); diff != "" || err != nil {
				t.Errorf("DocumentReviews (-want +got):\n%s%v", diff, err)
			}
			got, err = tx.DocumentReviews(ctx, f.other.ID, d.ID)
			if len(got) != 0 || err != nil {
				t.Errorf("DocumentReviews(another organization) = %v, %v; want none", got, err)
			}
			return nil
		})

		update(t, db, func(tx *sqldb.Tx) error {
			for _, r := range []isms.RetentionRule{{Type: isms.DocRecord, Months: 84}, {Type: isms.DocPolicy, Months: 12},
				{Type: isms.DocPolicy, Months: 60}} {
				if err := tx.SetRetentionRule(ctx, f.org.ID, r); err != nil {
					return err
				}
			}
			return tx.SetRetentionRule(ctx, f.other.ID, isms.RetentionRule{Type: isms.DocPlan, Months: 1})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.RetentionRules(ctx, f.org.ID)
			want := []isms.RetentionRule{{Type: isms.DocPolicy, Months: 60}, {Type: isms.DocRecord, Months: 84}}
			if diff := cmp.Diff(want, got); diff != "" || err != nil {
				t.Errorf("RetentionRules (-want +got):\n%s%v", diff, err)
			}
			return nil
		})
	})
}
