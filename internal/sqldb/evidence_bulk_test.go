// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// TestInsertEvidenceItems stores more items than one statement carries,
// with files and links, and reads them back as the single-item functions
// store them.
func TestInsertEvidenceItems(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock(db)
		ctx := context.Background()
		org := insertOrg(t, db, "bulk", "Bulk")
		owner := insertUser(t, db, "owner@bulk.example", "Olga Owner")
		collected := t0.Add(-48 * time.Hour)
		var items []*isms.Evidence
		for i := range 1200 {
			e := newEvidence(org, fmt.Sprintf("Item %04d", i), []isms.EvidenceKind{isms.EvidenceKindFile, isms.EvidenceKindLink, isms.EvidenceKindNote}[i%3], owner)
			if i%3 == 0 {
				e.CurrentVersion, e.File = 1, &isms.EvidenceFile{SHA256: fmt.Sprintf("%064x", i), Size: int64(100 + i),
					MediaType: "text/csv", FileName: "export.csv", UploadedBy: owner.ID, UploaderName: owner.Name, Integrity: isms.IntegrityOK}
			}
			if i%2 == 0 {
				e.CreatedAt = collected
			}
			e.Links = []isms.Link{{Type: "organization", ID: org.ID}, {Type: "control", ID: isms.ID(fmt.Sprintf("ctl_%d", i%7))}}
			items = append(items, e)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertEvidenceItems(ctx, org.ID, items) })
		view(t, db, func(tx *sqldb.Tx) error {
			list, total, err := tx.FindEvidence(ctx, isms.EvidenceFilter{OrgID: org.ID, Kind: isms.EvidenceKindFile, Today: evToday, Limit: 500})
			if err != nil || total != 400 || len(list) != 400 {
				t.Fatalf("FindEvidence(files) = %d of %d, %v; want 400", len(list), total, err)
			}
			e := list[0] // "Item 0000"
			if e.Title != "Item 0000" || e.File == nil || e.File.SHA256 != fmt.Sprintf("%064x", 0) || e.File.Version != 1 ||
				e.OwnerName != owner.Name || !e.CreatedAt.Equal(collected) || !e.File.UploadedAt.Equal(collected) || e.Version != 1 {
				t.Errorf("first file item = %+v with file %+v; want Item 0000, its file at version 1, created and uploaded %v", e, e.File, collected)
			}
			_, all, err := tx.FindEvidence(ctx, isms.EvidenceFilter{OrgID: org.ID, Today: evToday, Limit: 1})
			if err != nil || all != 1200 {
				t.Errorf("the organization has %d items, %v; want 1200", all, err)
			}
			_, missing, err := tx.FindEvidence(ctx, isms.EvidenceFilter{OrgID: org.ID, Freshness: isms.FreshnessMissing, Today: evToday, Limit: 1})
			if err != nil || missing != 0 {
				t.Errorf("%d items lack their file, %v; want none", missing, err)
			}
			links, err := tx.FindEvidenceLinks(ctx, org.ID, items[1199].ID)
			if err != nil || len(links) != 2 {
				t.Errorf("the last item's links = %v, %v; want 2", links, err)
			}
			return nil
		})
		wrong := newEvidence(org, "Of another organization", isms.EvidenceKindNote, owner)
		wrong.OrgID = "org_other"
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertEvidenceItems(ctx, org.ID, []*isms.Evidence{wrong}) })
		if err == nil {
			t.Errorf("InsertEvidenceItems of an item of another organization = nil, want an error")
		}
	})
}

// TestInsertApprovalRecords stores decided and pending submissions with
// their times and decisions, and refuses a second pending one of a
// record.
func TestInsertApprovalRecords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock(db)
		ctx := context.Background()
		org := insertOrg(t, db, "appr", "Approvals")
		author := insertUser(t, db, "author@appr.example", "Ann Author")
		approver := insertUser(t, db, "approver@appr.example", "Abe Approver")
		submitted := t0.Add(-72 * time.Hour)
		newApproval := func(object string) *isms.Approval {
			return &isms.Approval{ID: isms.NewID("appr"), OrgID: org.ID, ObjectType: "document_version", ObjectID: isms.ID(object),
				ObjectVersion: 1, Title: "DOC-1 v1", Content: "{}", ContentSHA256: isms.ContentHash([]byte("{}")),
				Status: isms.ApprovalPending, SubmittedBy: author.ID, SubmitterName: author.Name, SubmittedAt: submitted,
				Approvers: []isms.Approver{{UserID: approver.ID, Name: approver.Name}}}
		}
		decided, pending := newApproval("dver_1"), newApproval("dver_2")
		if err := decided.Decide(approver.ID, isms.DecisionApprove, "Fine.", submitted.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertApprovalRecords(ctx, []*isms.Approval{decided, pending}) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindApprovalByID(ctx, org.ID, decided.ID)
			if err != nil {
				return err
			}
			a := got.Approvers[0]
			if got.Status != isms.ApprovalApproved || !got.SubmittedAt.Equal(submitted) || !got.ClosedAt.Equal(submitted.Add(time.Hour)) ||
				a.Decision != isms.DecisionApprove || a.Comment != "Fine." || a.ContentSHA256 != decided.ContentSHA256 {
				t.Errorf("decided approval = %+v, approver %+v; want approved an hour after its submission, with the comment", got, a)
			}
			got, err = tx.FindApprovalByID(ctx, org.ID, pending.ID)
			if err != nil || got.Status != isms.ApprovalPending || got.Approvers[0].Decision != isms.DecisionNone {
				t.Errorf("pending approval = %+v, %v; want pending, undecided", got, err)
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertApprovalRecords(ctx, []*isms.Approval{newApproval("dver_2")})
		})
		wantCode(t, "InsertApprovalRecords(a second pending submission)", err, isms.Conflict)
	})
}
