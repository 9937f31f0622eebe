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

func reviewRef(r *isms.ManagementReview) string { return r.Ref }

// reviewFixture is acme's reviews MR-1 (held 2025-01-20 and approved,
// with a frozen pack), MR-2 (held 2025-06-16) and MR-10 (planned for
// December), all chaired by Ann; and the other organization's MR-1, held
// 2025-11-01.
type reviewFixture struct {
	org, other          *isms.Organization
	ann, bob            *isms.User
	mr1, mr2, mr10, far *isms.ManagementReview
}

// testPack is a frozen pack with one section of each kind of content.
func testPack(t *testing.T) *isms.ReviewPack {
	return &isms.ReviewPack{Since: day(t, "2024-01-21"), Until: day(t, "2025-01-20"), Sections: []isms.PackSection{
		{Key: isms.InputAudits, Clause: "9.3.2 d3", Title: "Audit results", Summary: "One audit reported two findings.",
			Figures: []isms.PackFigure{{Label: "Audits reported", Value: "1", Trend: "+1"}},
			Items: []isms.PackItem{{Record: isms.Link{Type: "internal_audit", ID: "iau_1"}, Ref: "IA-1",
				Title: "Access control", Status: "reported", Detail: "2 findings", Path: "/internal-audits/IA-1"}},
			More: 3},
		{Key: isms.InputIssues, Clause: "9.3.2 b", Title: "Changes in issues", Figures: []isms.PackFigure{}, Items: []isms.PackItem{}},
	}}
}

func newReviewFixture(t *testing.T, db *sqldb.DB) *reviewFixture {
	t.Helper()
	f := &reviewFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "Bob Baker")
	review := func(o *isms.Organization, ref, title, planned string, st isms.ReviewStatus) *isms.ManagementReview {
		return &isms.ManagementReview{ID: isms.NewID("mrv"), OrgID: o.ID, Ref: ref, Title: title, PlannedOn: day(t, planned),
			ChairID: f.ann.ID, ChairName: f.ann.Name, Status: st, Attendees: []string{}, CreatedBy: f.bob.ID}
	}
	f.mr1 = review(f.org, "MR-1", "Annual review 2024", "2025-01-15", isms.ReviewApproved)
	f.mr1.HeldOn, f.mr1.Attendees, f.mr1.Minutes = day(t, "2025-01-20"), []string{"Ann Archer (CEO)", "Bob Baker (CISO)"}, "Budget agreed."
	f.mr1.Pack, f.mr1.ScheduleID, f.mr1.ApprovalID, f.mr1.ApprovedAt = testPack(t), "sch_1", "apr_1", t0.Add(-time.Hour)
	var err error
	if f.mr1.PackSHA256, err = isms.PackHash(f.mr1.Pack); err != nil {
		t.Fatal(err)
	}
	f.mr2 = review(f.org, "MR-2", "Mid-year review", "2025-06-15", isms.ReviewHeld)
	f.mr2.HeldOn, f.mr2.Attendees = day(t, "2025-06-16"), []string{"Ann Archer (CEO)"}
	f.mr10 = review(f.org, "MR-10", "Annual review 2025", "2025-12-01", isms.ReviewPlanned)
	f.far = review(f.other, "MR-1", "Elsewhere", "2025-11-01", isms.ReviewHeld)
	f.far.HeldOn, f.far.Attendees = day(t, "2025-11-01"), []string{"Someone"}
	update(t, db, func(tx *sqldb.Tx) error {
		for _, r := range []*isms.ManagementReview{f.mr10, f.mr2, f.mr1, f.far} {
			if err := tx.InsertReview(context.Background(), r); err != nil {
				return err
			}
		}
		return nil
	})
	return f
}

func TestManagementReviewStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newReviewFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, want := range []*isms.ManagementReview{f.mr1, f.mr2, f.mr10, f.far} {
				got, err := tx.FindReviewByID(ctx, want.OrgID, want.ID)
				if d := cmp.Diff(want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindReviewByID(%s) (-want +got):\n%s%v", want.Ref, d, err)
				}
			}
			if got, err := tx.FindReviewByRef(ctx, f.org.ID, "mr-10"); err != nil || got.ID != f.mr10.ID || got.Number != 10 {
				t.Errorf("FindReviewByRef(mr-10) = %+v, %v; want MR-10", got, err)
			}
			_, err := tx.FindReviewByID(ctx, f.other.ID, f.mr1.ID)
			wantCode(t, "FindReviewByID(another organization's)", err, isms.NotFound)
			_, err = tx.FindReviewByRef(ctx, f.org.ID, "MR-3")
			wantCode(t, "FindReviewByRef(MR-3)", err, isms.NotFound)
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindReviewByIDForUpdate(ctx, f.org.ID, f.mr1.ID)
			if d := cmp.Diff(f.mr1, got, equateDates); d != "" || err != nil {
				t.Errorf("FindReviewByIDForUpdate (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		checkReviewList(t, db, f)
		checkLastHeldReview(t, db, f)
		checkReviewWrites(t, db, f)
	})
}

func checkReviewList(t *testing.T, db *sqldb.DB, f *reviewFixture) {
	t.Helper()
	for _, c := range []struct {
		name      string
		filter    isms.ReviewFilter
		want      []string
		wantTotal int
	}{
		{"latest planned first by default", isms.ReviewFilter{}, []string{"MR-10", "MR-2", "MR-1"}, 3},
		{"unknown sort", isms.ReviewFilter{Sort: "chair"}, []string{"MR-10", "MR-2", "MR-1"}, 3},
		{"by reference", isms.ReviewFilter{Sort: "ref"}, []string{"MR-1", "MR-2", "MR-10"}, 3},
		{"by date held", isms.ReviewFilter{Sort: "heldOn"}, []string{"MR-1", "MR-2", "MR-10"}, 3},
		{"by status descending", isms.ReviewFilter{Sort: "-status"}, []string{"MR-1", "MR-2", "MR-10"}, 3},
		{"by title", isms.ReviewFilter{Sort: "title"}, []string{"MR-1", "MR-10", "MR-2"}, 3},
		{"with a status", isms.ReviewFilter{Status: isms.ReviewHeld}, []string{"MR-2"}, 1},
		{"search", isms.ReviewFilter{Search: "ANNUAL"}, []string{"MR-10", "MR-1"}, 2},
		{"search in reference", isms.ReviewFilter{Search: "mr-1", Sort: "ref"}, []string{"MR-1", "MR-10"}, 2},
		{"a page", isms.ReviewFilter{Limit: 1, Offset: 2}, []string{"MR-1"}, 3},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindReviews(context.Background(), f.org.ID, c.filter)
			if refs := refsOf(got, reviewRef); err != nil || total != c.wantTotal || !cmp.Equal(refs, c.want) {
				t.Errorf("%s: FindReviews = %v, %d, %v; want %v, %d", c.name, refs, total, err, c.want, c.wantTotal)
			}
			for _, r := range got {
				if r.Pack != nil {
					t.Errorf("%s: FindReviews read the pack of %s", c.name, r.Ref)
				}
				if r.ID == f.mr1.ID && (r.PackSHA256 != f.mr1.PackSHA256 || !cmp.Equal(r.Attendees, f.mr1.Attendees)) {
					t.Errorf("%s: MR-1 hash %q, attendees %q; want %q, %q", c.name, r.PackSHA256, r.Attendees, f.mr1.PackSHA256, f.mr1.Attendees)
				}
			}
			return nil
		})
	}
}

func checkLastHeldReview(t *testing.T, db *sqldb.DB, f *reviewFixture) {
	t.Helper()
	for _, c := range []struct {
		before, want string
	}{
		{"2025-12-31", "MR-2"},
		{"2025-06-17", "MR-2"},
		{"2025-06-16", "MR-1"}, // held on the day itself is not before it
		{"2025-01-21", "MR-1"},
		{"2025-01-20", ""},
	} {
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.LastHeldReview(context.Background(), f.org.ID, day(t, c.before))
			switch {
			case c.want == "":
				wantCode(t, "LastHeldReview("+c.before+")", err, isms.NotFound)
			case err != nil || got.Ref != c.want || got.OrgID != f.org.ID:
				t.Errorf("LastHeldReview(%s) = %+v, %v; want %s", c.before, got, err, c.want)
			case got.Ref == "MR-1" && !cmp.Equal(got.Pack, f.mr1.Pack, equateDates):
				t.Errorf("LastHeldReview(%s) pack = %+v; want %+v", c.before, got.Pack, f.mr1.Pack)
			}
			return nil
		})
	}
}

func checkReviewWrites(t *testing.T, db *sqldb.DB, f *reviewFixture) {
	t.Helper()
	ctx := context.Background()
	later := setClock(db).Advance(time.Hour)
	r := *f.mr10
	r.Title, r.PlannedOn, r.ChairID, r.ChairName, r.Status = "Annual review", day(t, "2025-12-02"), f.bob.ID, f.bob.Name, isms.ReviewHeld
	r.HeldOn, r.Attendees, r.Minutes, r.Pack = day(t, "2025-12-02"), []string{"Bob Baker (CISO)"}, "Risks accepted.", testPack(t)
	r.PackSHA256, r.ScheduleID = "abc123", "sch_2"
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateReview(ctx, &r, 1) })
	if r.Version != 2 || !r.UpdatedAt.Equal(later) {
		t.Errorf("UpdateReview set version %d, updated %v; want 2, %v", r.Version, r.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindReviewByID(ctx, f.org.ID, r.ID)
		if d := cmp.Diff(&r, got, equateDates); d != "" || err != nil {
			t.Errorf("FindReviewByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateReview(ctx, &r, 1) })
	wantCode(t, "UpdateReview(stale version)", err, isms.Conflict)
	far := *f.far
	far.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateReview(ctx, &far, 1) })
	wantCode(t, "UpdateReview(another organization's)", err, isms.NotFound)
	dup := *f.mr1
	dup.ID = isms.NewID("mrv")
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertReview(ctx, &dup) })
	wantCode(t, "InsertReview(MR-1 again)", err, isms.Conflict)
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteReview(ctx, f.org.ID, f.far.ID) })
	wantCode(t, "DeleteReview(another organization's)", err, isms.NotFound)
	view(t, db, func(tx *sqldb.Tx) error {
		if n, err := tx.MaxRefNumber(ctx, "management_reviews", f.org.ID); err != nil || n != 10 {
			t.Errorf("MaxRefNumber(management_reviews) = %d, %v; want 10", n, err)
		}
		return nil
	})
}

func TestReviewOutputStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		f := newReviewFixture(t, db)
		task := newTask(t, f.org, f.bob, "Hire a second administrator", "2025-09-30")
		task.Status = isms.TaskDone
		insertTask(t, db, task)
		output := func(r *isms.ManagementReview, kind isms.OutputKind, desc string) *isms.ReviewOutput {
			return &isms.ReviewOutput{ID: isms.NewID("mro"), OrgID: r.OrgID, ReviewID: r.ID, Kind: kind, Description: desc,
				CreatedBy: f.ann.ID}
		}
		o1 := output(f.mr1, isms.OutputResource, "A second administrator")
		o1.OwnerID, o1.OwnerName, o1.Due, o1.TaskID, o1.TaskStatus = f.bob.ID, f.bob.Name, day(t, "2025-09-30"), task.ID, isms.TaskDone
		o2 := output(f.mr2, isms.OutputChange, "Add the cloud platform to the scope")
		o3 := output(f.mr1, isms.OutputImprovement, "Automate access reviews")
		away := output(f.far, isms.OutputChange, "Elsewhere")
		for _, o := range []*isms.ReviewOutput{o1, o2, o3, away} {
			update(t, db, func(tx *sqldb.Tx) error { return tx.InsertReviewOutput(ctx, o) })
			clk.Advance(time.Minute)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindReviewOutputByID(ctx, f.org.ID, o1.ID)
			if d := cmp.Diff(o1, got, equateDates); d != "" || err != nil {
				t.Errorf("FindReviewOutputByID (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindReviewOutputByID(ctx, f.other.ID, o1.ID)
			wantCode(t, "FindReviewOutputByID(another organization's)", err, isms.NotFound)
			list, err := tx.FindReviewOutputs(ctx, f.org.ID, []isms.ID{f.mr1.ID})
			if d := cmp.Diff([]*isms.ReviewOutput{o1, o3}, list, equateDates); d != "" || err != nil {
				t.Errorf("FindReviewOutputs(MR-1) (-want +got):\n%s%v", d, err)
			}
			list, err = tx.FindReviewOutputs(ctx, f.org.ID, nil)
			if d := cmp.Diff([]*isms.ReviewOutput{o1, o2, o3}, list, equateDates); d != "" || err != nil {
				t.Errorf("FindReviewOutputs(all) (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		checkReviewOutputWrites(t, db, f, o2, away)
	})
}

func checkReviewOutputWrites(t *testing.T, db *sqldb.DB, f *reviewFixture, o2, away *isms.ReviewOutput) {
	t.Helper()
	ctx := context.Background()
	later := setClock(db).Advance(time.Hour)
	o := *o2
	o.Kind, o.Description, o.OwnerID, o.OwnerName, o.Due = isms.OutputImprovement, "Scope the cloud platform", f.ann.ID, f.ann.Name, day(t, "2025-08-01")
	update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateReviewOutput(ctx, &o, 1) })
	if o.Version != 2 || !o.UpdatedAt.Equal(later) {
		t.Errorf("UpdateReviewOutput set version %d, updated %v; want 2, %v", o.Version, o.UpdatedAt, later)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindReviewOutputByID(ctx, f.org.ID, o.ID)
		if d := cmp.Diff(&o, got, equateDates); d != "" || err != nil {
			t.Errorf("FindReviewOutputByID after update (-want +got):\n%s%v", d, err)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateReviewOutput(ctx, &o, 1) })
	wantCode(t, "UpdateReviewOutput(stale version)", err, isms.Conflict)
	moved := *away
	moved.OrgID = f.org.ID
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateReviewOutput(ctx, &moved, 1) })
	wantCode(t, "UpdateReviewOutput(another organization's)", err, isms.NotFound)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteReviewOutput(ctx, f.org.ID, o.ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteReviewOutput(ctx, f.org.ID, o.ID) })
	wantCode(t, "DeleteReviewOutput(deleted)", err, isms.NotFound)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteReview(ctx, f.org.ID, f.mr1.ID) })
	view(t, db, func(tx *sqldb.Tx) error {
		if list, err := tx.FindReviewOutputs(ctx, f.org.ID, nil); err != nil || len(list) != 0 {
			t.Errorf("FindReviewOutputs after deleting MR-1 = %d outputs, %v; want none", len(list), err)
		}
		if list, err := tx.FindReviewOutputs(ctx, f.other.ID, nil); err != nil || len(list) != 1 || list[0].ID != away.ID {
			t.Errorf("FindReviewOutputs(other organization) = %v, %v; want its one output", list, err)
		}
		_, err := tx.FindReviewByID(ctx, f.org.ID, f.mr1.ID)
		wantCode(t, "FindReviewByID(deleted)", err, isms.NotFound)
		return nil
	})
}
