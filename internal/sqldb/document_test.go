// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// newDocument returns an unsaved internal policy of org owned by owner,
// read by everyone.
func newDocument(org *isms.Organization, ref string, owner *isms.User) *isms.Document {
	return &isms.Document{ID: isms.NewID("doc"), OrgID: org.ID, Ref: ref, Title: "Document " + ref, Type: isms.DocPolicy,
		OwnerID: owner.ID, OwnerName: owner.Name, Classification: isms.ClassInternal, Audience: isms.Audience{Everyone: true}}
}

// newVersion returns an unsaved Markdown version number of d by author.
func newVersion(d *isms.Document, number int, status isms.VersionStatus, author *isms.User) *isms.DocumentVersion {
	return &isms.DocumentVersion{ID: isms.NewID("dver"), OrgID: d.OrgID, DocumentID: d.ID, Number: number,
		Status: status, Format: isms.BodyMarkdown, Body: "# " + d.Title, AuthorID: author.ID, AuthorName: author.Name}
}

// docFixture is a register of five documents of acme and one of another
// organization. The test clock's day, 2025-03-03, is today.
//
//	DOC-1  policy, Ann, internal, everyone; v1 superseded (retained until 2025-03-01), v2 approved by Ann and Bob
//	DOC-2  topic policy, Bob, restricted, managers; v1 draft
//	DOC-3  other, Bob, public, everyone, external (GDPR); no version
//	DOC-4  policy, Ann, retired; v1 retired (retained until 2030-01-01)
//	DOC-10 procedure, Ann, confidential, Eve; review overdue; v1 approved, v2 in review
type docFixture struct {
	org, other    *isms.Organization
	ann, bob, eve *isms.User
	docs          map[string]*isms.Document
	versions      map[string]*isms.DocumentVersion // "DOC-1 v2"
	approval      *isms.Approval                   // of DOC-1 v2
}

func newDocFixture(t *testing.T, db *sqldb.DB) *docFixture {
	t.Helper()
	ctx := context.Background()
	setClock(db)
	f := &docFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other"),
		docs: map[string]*isms.Document{}, versions: map[string]*isms.DocumentVersion{}}
	f.ann, f.bob, f.eve = insertUser(t, db, "ann@example.com", "Ann"), insertUser(t, db, "bob@example.com", "Bob"),
		insertUser(t, db, "eve@example.com", "Eve")
	add := func(ref, title string, typ isms.DocumentType, owner *isms.User, class isms.Classification) *isms.Document {
		d := newDocument(f.org, ref, owner)
		d.Title, d.Type, d.Classification, d.CreatedBy = title, typ, class, f.ann.ID
		f.docs[ref] = d
		return d
	}
	version := func(d *isms.Document, n int, status isms.VersionStatus) *isms.DocumentVersion {
		v := newVersion(d, n, status, f.bob)
		f.versions[d.Ref+" v"+string(rune('0'+n))] = v
		return v
	}
	d1 := add("DOC-1", "Information security policy", isms.DocPolicy, f.ann, isms.ClassInternal)
	d1.Description, d1.ReviewMonths, d1.NextReview, d1.Clauses = "Top-level policy", 12, day(t, "2026-03-01"), []string{"5.2", "A.5.1"}
	version(d1, 1, isms.VersionSuperseded).RetainUntil = day(t, "2025-03-01")
	f.approval = newApproval(f, "DOC-1 v2")
	v2 := version(d1, 2, isms.VersionApproved)
	v2.ApprovalID, v2.ApprovedAt, v2.ChangeSummary = f.approval.ID, t0, "Yearly update"
	d2 := add("DOC-2", "Access control policy", isms.DocTopicPolicy, f.bob, isms.ClassRestricted)
	d2.Audience = isms.Audience{Roles: []isms.Role{isms.RoleManager}}
	version(d2, 1, isms.VersionDraft)
	d3 := add("DOC-3", "GDPR", isms.DocOther, f.bob, isms.ClassPublic)
	d3.External, d3.Source, d3.ExternalVersion = true, "EU 2016/679", "2016"
	d4 := add("DOC-4", "Old clean desk policy", isms.DocPolicy, f.ann, isms.ClassInternal)
	d4.Retired = true
	version(d4, 1, isms.VersionRetired).RetainUntil = day(t, "2030-01-01")
	d10 := add("DOC-10", "Backup procedure", isms.DocProcedure, f.ann, isms.ClassConfidential)
	d10.Audience, d10.NextReview = isms.Audience{People: []isms.ID{f.eve.ID}}, day(t, "2025-01-01")
	version(d10, 1, isms.VersionApproved)
	pending := newApproval(f, "DOC-10 v2")
	version(d10, 2, isms.VersionInReview).ApprovalID = pending.ID
	elsewhere := newDocument(f.other, "DOC-1", f.ann)
	var vs []*isms.DocumentVersion
	for _, k := range []string{"DOC-1 v1", "DOC-1 v2", "DOC-2 v1", "DOC-4 v1", "DOC-10 v1", "DOC-10 v2"} {
		vs = append(vs, f.versions[k])
	}
	update(t, db, func(tx *sqldb.Tx) error {
		for _, err := range []error{
			tx.InsertDocuments(ctx, []*isms.Document{d1, d2, d3, d4}), tx.InsertDocument(ctx, d10),
			tx.InsertDocument(ctx, elsewhere), tx.InsertDocumentVersions(ctx, vs),
			tx.InsertApproval(ctx, f.approval), tx.InsertApproval(ctx, pending),
		} {
			if err != nil {
				return err
			}
		}
		// Eve approves, then Ann, which approves the submission.
		f.approval.Approvers[0].Decision = isms.DecisionApprove
		if err := tx.UpdateApprovalDecision(ctx, f.approval, f.eve.ID); err != nil {
			return err
		}
		f.approval.Approvers[1].Decision, f.approval.Status = isms.DecisionApprove, isms.ApprovalApproved
		return tx.UpdateApprovalDecision(ctx, f.approval, f.ann.ID)
	})
	return f
}

// newApproval returns an unsaved pending submission of f by Bob, to Eve
// and Ann.
func newApproval(f *docFixture, title string) *isms.Approval {
	return &isms.Approval{ID: isms.NewID("apr"), OrgID: f.org.ID, ObjectType: "document_version",
		ObjectID: isms.NewID("dver"), ObjectVersion: 1, Title: title, Content: "{}",
		ContentSHA256: isms.ContentHash([]byte("{}")), Status: isms.ApprovalPending, SubmittedBy: f.bob.ID,
		SubmitterName: "Bob", Approvers: []isms.Approver{{UserID: f.eve.ID, Name: "Eve"}, {UserID: f.ann.ID, Name: "Ann"}}}
}

// docRefs returns the references of ds, in order.
func docRefs(ds []*isms.Document) []string {
	refs := []string{}
	for _, d := range ds {
		refs = append(refs, d.Ref)
	}
	return refs
}

func TestDocumentStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, ref := range []string{"DOC-1", "DOC-2", "DOC-3", "DOC-10"} {
				got, err := tx.FindDocumentByRef(ctx, f.org.ID, ref)
				if err != nil {
					return err
				}
				want := *f.docs[ref]
				want.Status, want.LatestNumber, want.ApprovedNumber = map[string]isms.VersionStatus{
					"DOC-1": isms.VersionApproved, "DOC-2": isms.VersionDraft, "DOC-10": isms.VersionInReview}[ref],
					map[string]int{"DOC-1": 2, "DOC-2": 1, "DOC-10": 2}[ref], map[string]int{"DOC-1": 2, "DOC-10": 1}[ref]
				if d := cmp.Diff(&want, got, equateDates); d != "" {
					t.Errorf("FindDocumentByRef(%s) (-want +got):\n%s", ref, d)
				}
			}
			got, err := tx.FindDocumentByID(ctx, f.org.ID, f.docs["DOC-10"].ID)
			if err != nil || got.Ref != "DOC-10" || got.Audience.People[0] != f.eve.ID {
				t.Errorf("FindDocumentByID(DOC-10) = %+v, %v", got, err)
			}
			_, err = tx.FindDocumentByID(ctx, f.other.ID, f.docs["DOC-1"].ID)
			wantCode(t, "FindDocumentByID(another organization)", err, isms.NotFound)
			_, err = tx.FindDocumentByRef(ctx, f.org.ID, "DOC-99")
			wantCode(t, "FindDocumentByRef(DOC-99)", err, isms.NotFound)
			if n, err := tx.MaxDocumentNumber(ctx, f.org.ID); n != 10 || err != nil {
				t.Errorf("MaxDocumentNumber = %d, %v; want 10", n, err)
			}
			if n, err := tx.MaxDocumentNumber(ctx, f.other.ID); n != 1 || err != nil {
				t.Errorf("MaxDocumentNumber(other) = %d, %v; want 1", n, err)
			}
			return nil
		})
		for _, dup := range []func(tx *sqldb.Tx) error{
			func(tx *sqldb.Tx) error { return tx.InsertDocument(ctx, newDocument(f.org, "DOC-1", f.ann)) },
			func(tx *sqldb.Tx) error {
				return tx.InsertDocuments(ctx, []*isms.Document{newDocument(f.org, "DOC-2", f.ann)})
			},
		} {
			wantCode(t, "insert of a taken reference", db.Update(ctx, dup), isms.Conflict)
		}

		d := f.docs["DOC-3"]
		d.Ref, d.Title, d.Type, d.Description, d.OwnerID = "DOC-12", "GDPR (EU)", isms.DocStandard, "Regulation", f.ann.ID
		d.Classification, d.Audience = isms.ClassConfidential, isms.Audience{Roles: []isms.Role{isms.RoleAuditor, isms.RoleEmployee}}
		d.ReviewMonths, d.NextReview, d.Clauses = 24, day(t, "2027-01-31"), []string{"4.2"}
		d.External, d.Source, d.ExternalVersion, d.Retired = false, "", "", true
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateDocument(ctx, d, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateDocument(ctx, d, 1) })
		wantCode(t, "UpdateDocument(stale version)", err, isms.Conflict)
		d.Ref = "DOC-1"
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateDocument(ctx, d, 2) })
		wantCode(t, "UpdateDocument(taken reference)", err, isms.Conflict)
		d.Ref = "DOC-12"
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindDocumentByIDForUpdate(ctx, f.org.ID, d.ID)
			if err != nil {
				return err
			}
			want := *d
			want.OwnerName = "Ann"
			if diff := cmp.Diff(&want, got, equateDates); diff != "" {
				t.Errorf("after UpdateDocument (-want +got):\n%s", diff)
			}
			if n, err := tx.MaxDocumentNumber(ctx, f.org.ID); n != 12 || err != nil {
				t.Errorf("MaxDocumentNumber after renumbering = %d, %v; want 12", n, err)
			}
			return nil
		})
	})
}

func TestDocumentList(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		yes, no := true, false
		today := day(t, "2025-03-03")
		for _, c := range []struct {
			name   string
			filter isms.DocumentFilter
			want   []string
		}{
			{"all", isms.DocumentFilter{}, []string{"DOC-1", "DOC-2", "DOC-3", "DOC-10"}},
			{"with retired", isms.DocumentFilter{Retired: true}, []string{"DOC-1", "DOC-2", "DOC-3", "DOC-4", "DOC-10"}},
			{"search", isms.DocumentFilter{Search: "POLICY"}, []string{"DOC-1", "DOC-2"}},
			{"search ref", isms.DocumentFilter{Search: "doc-1"}, []string{"DOC-1", "DOC-10"}},
			{"search description", isms.DocumentFilter{Search: "top-level"}, []string{"DOC-1"}},
			{"search wildcard", isms.DocumentFilter{Search: "%"}, []string{}},
			{"type", isms.DocumentFilter{Type: isms.DocProcedure}, []string{"DOC-10"}},
			{"owner", isms.DocumentFilter{OwnerID: f.bob.ID}, []string{"DOC-2", "DOC-3"}},
			{"status", isms.DocumentFilter{Status: isms.VersionInReview}, []string{"DOC-10"}},
			{"status approved", isms.DocumentFilter{Status: isms.VersionApproved}, []string{"DOC-1"}},
			{"review overdue", isms.DocumentFilter{ReviewOverdue: true, Today: today}, []string{"DOC-10"}},
			{"review overdue later", isms.DocumentFilter{ReviewOverdue: true, Today: day(t, "2026-03-02")}, []string{"DOC-1", "DOC-10"}},
			{"external", isms.DocumentFilter{External: &yes}, []string{"DOC-3"}},
			{"internal", isms.DocumentFilter{External: &no}, []string{"DOC-1", "DOC-2", "DOC-10"}},
			{"in force", isms.DocumentFilter{InForce: true}, []string{"DOC-1", "DOC-10"}},
			{"employee reader", isms.DocumentFilter{Reader: true, ReaderRole: isms.RoleEmployee, ReaderID: f.eve.ID},
				[]string{"DOC-1", "DOC-3", "DOC-10"}},
			{"employee reads in force", isms.DocumentFilter{Reader: true, ReaderRole: isms.RoleEmployee, ReaderID: f.eve.ID, InForce: true},
				[]string{"DOC-1", "DOC-10"}},
			{"manager role reader", isms.DocumentFilter{Reader: true, ReaderRole: isms.RoleManager, ReaderID: "usr_x"},
				[]string{"DOC-1", "DOC-2", "DOC-3"}},
			{"owner reader", isms.DocumentFilter{Reader: true, ReaderRole: isms.RoleContributor, ReaderID: f.bob.ID},
				[]string{"DOC-1", "DOC-2", "DOC-3"}},
			{"viewer restricted only", isms.DocumentFilter{Reader: true, ReaderRestrictedOnly: true, ReaderRole: isms.RoleViewer, ReaderID: f.eve.ID},
				[]string{"DOC-1", "DOC-3", "DOC-10"}},
			{"sort -ref", isms.DocumentFilter{Sort: "-ref"}, []string{"DOC-10", "DOC-3", "DOC-2", "DOC-1"}},
			{"sort title", isms.DocumentFilter{Sort: "title"}, []string{"DOC-2", "DOC-10", "DOC-3", "DOC-1"}},
			{"sort type", isms.DocumentFilter{Sort: "type"}, []string{"DOC-3", "DOC-1", "DOC-10", "DOC-2"}},
			{"sort owner", isms.DocumentFilter{Sort: "owner"}, []string{"DOC-1", "DOC-10", "DOC-2", "DOC-3"}},
			{"sort status", isms.DocumentFilter{Sort: "status"}, []string{"DOC-3", "DOC-1", "DOC-2", "DOC-10"}},
			{"sort next review", isms.DocumentFilter{Sort: "nextReview"}, []string{"DOC-10", "DOC-1", "DOC-2", "DOC-3"}},
			{"unknown sort", isms.DocumentFilter{Sort: "x; DROP TABLE documents"}, []string{"DOC-1", "DOC-2", "DOC-3", "DOC-10"}},
		} {
			view(t, db, func(tx *sqldb.Tx) error {
				c.filter.OrgID = f.org.ID
				got, total, err := tx.FindDocuments(ctx, c.filter)
				if err != nil {
					return err
				}
				if d := cmp.Diff(c.want, docRefs(got)); d != "" || total != len(c.want) {
					t.Errorf("%s: FindDocuments (-want +got):\n%s total %d", c.name, d, total)
				}
				return nil
			})
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindDocuments(ctx, isms.DocumentFilter{OrgID: f.org.ID, Limit: 2, Offset: 1})
			if d := cmp.Diff([]string{"DOC-2", "DOC-3"}, docRefs(got)); d != "" || total != 4 || err != nil {
				t.Errorf("FindDocuments page 2 (-want +got):\n%s total %d, %v", d, total, err)
			}
			got, total, err = tx.FindDocuments(ctx, isms.DocumentFilter{OrgID: f.org.ID, Offset: 4})
			if len(got) != 0 || total != 4 || err != nil {
				t.Errorf("FindDocuments past the end = %v, %d, %v", docRefs(got), total, err)
			}
			got, _, err = tx.FindDocuments(ctx, isms.DocumentFilter{OrgID: f.other.ID})
			if d := cmp.Diff([]string{"DOC-1"}, docRefs(got)); d != "" || got[0].Title != "Document DOC-1" || err != nil {
				t.Errorf("FindDocuments(other) (-want +got):\n%s%v", d, err)
			}
			return nil
		})
	})
}

func TestDocumentLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		d := f.docs["DOC-1"]
		ctl, risk := isms.Link{Type: "control", ID: "ctl_1"}, isms.Link{Type: "risk", ID: "rsk_1"}
		update(t, db, func(tx *sqldb.Tx) error {
			return tx.SetDocumentLinks(ctx, f.org.ID, d.ID, []isms.Link{risk, ctl, risk})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.DocumentLinks(ctx, f.org.ID, d.ID)
			if diff := cmp.Diff([]isms.Link{ctl, risk}, got); diff != "" || err != nil {
				t.Errorf("DocumentLinks (-want +got):\n%s%v", diff, err)
			}
			got, err = tx.DocumentLinks(ctx, f.other.ID, d.ID)
			if len(got) != 0 || err != nil {
				t.Errorf("DocumentLinks(another organization) = %v, %v; want none", got, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetDocumentLinks(ctx, f.org.ID, d.ID, []isms.Link{risk}) })
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetDocumentLinks(ctx, f.other.ID, d.ID, nil) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.DocumentLinks(ctx, f.org.ID, d.ID)
			if diff := cmp.Diff([]isms.Link{risk}, got); diff != "" || err != nil {
				t.Errorf("DocumentLinks after replacing (-want +got):\n%s%v", diff, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetDocumentLinks(ctx, f.org.ID, d.ID, nil) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.DocumentLinks(ctx, f.org.ID, d.ID)
			if len(got) != 0 || err != nil {
				t.Errorf("DocumentLinks after clearing = %v, %v; want none", got, err)
			}
			return nil
		})
	})
}
