// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// reviewFacts reads acme's management review facts on the clock's day.
func (w *world) reviewFacts() isms.ReviewFacts {
	w.t.Helper()
	f, err := w.app.GatherReviewFactsForTest(w.ctx, w.org.ID, w.today())
	w.must("GatherReviewFactsForTest", err)
	return f
}

// holdReviewOn records r as held on day (YYYY-MM-DD).
func (w *world) holdReviewOn(r *isms.ManagementReview, day string) *isms.ManagementReview {
	w.t.Helper()
	r, err := w.app.HoldReview(w.ctx, w.asManager(), r.ID, r.Version, app.HoldInput{HeldOn: mustDate(day),
		Attendees: []string{"Alice Admin (CEO)"}, Minutes: "The ISMS is suitable."})
	w.must("HoldReview("+r.Ref+")", err)
	return r
}

// dropPackInputs removes section drop from r's frozen pack and empties
// section empty, as an imported review might have them.
func (w *world) dropPackInputs(r *isms.ManagementReview, drop, empty string) {
	w.t.Helper()
	err := w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
		got, err := tx.FindReviewByID(w.ctx, w.org.ID, r.ID)
		if err != nil {
			return err
		}
		got.Pack.Sections = slices.DeleteFunc(got.Pack.Sections, func(s isms.PackSection) bool { return s.Key == drop })
		s := got.Pack.Section(empty)
		s.Summary, s.Figures, s.Items = "", nil, nil
		return tx.UpdateReview(w.ctx, got, got.Version)
	})
	w.must("dropPackInputs", err)
}

func TestGatherReviewFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		f := w.reviewFacts()
		if f.Reviews != 0 || f.ReviewLast.ID != "" || !f.ReviewLastHeldOn.IsZero() || f.ReviewLastMissingInputs != nil {
			t.Errorf("facts of an organization without reviews = %+v, want none", f)
		}
		wantRecordSet(t, "ReviewsOverdue", f.ReviewsOverdue)

		g := w.globexAdmin()
		_, err := w.app.CreateReview(w.ctx, g, app.ReviewInput{Title: "Globex review", PlannedOn: mustDate("2026-01-10"), ChairID: g.UserID})
		w.must("CreateReview(globex)", err)
		w.holdReviewOn(w.planReview("Review 2025", "2025-11-01"), "2025-11-03")
		mr2 := w.holdReviewOn(w.planReview("Review Q1 2026", "2026-02-20"), "2026-02-23")
		w.output(mr2, isms.OutputImprovement, "Automate the access reviews", w.contributor, "2026-05-01")
		w.planReview("Review Q2 2026", "2026-02-27") // MR-3, past its date
		w.planReview("Review Q3 2026", "2026-04-01")

		f = w.reviewFacts()
		if f.ReviewLast.Ref != "MR-2" || f.ReviewLast.Type != "management_review" || f.ReviewLastHeldOn.String() != "2026-02-23" ||
			f.ReviewLastOutputs != 1 || f.ReviewLastApproved || len(f.ReviewLastMissingInputs) != 0 {
			t.Errorf("last review = %+v held %s, %d outputs, approved %v, missing %v; want MR-2 held 2026-02-23 with 1 output, "+
				"not approved, every input", f.ReviewLast, f.ReviewLastHeldOn, f.ReviewLastOutputs, f.ReviewLastApproved, f.ReviewLastMissingInputs)
		}
		wantRecordSet(t, "ReviewsOverdue", f.ReviewsOverdue, "MR-3")
		if f.Reviews != 4 {
			t.Errorf("Reviews = %d, want acme's 4", f.Reviews)
		}

		v, err := w.app.FindReview(w.ctx, w.asViewer(), mr2.Ref)
		w.must("FindReview", err)
		ap, err := w.app.SubmitReview(w.ctx, w.asManager(), mr2.ID, v.Review.Version, "")
		w.must("SubmitReview", err)
		_, err = w.app.DecideApproval(w.ctx, w.asAdmin(), ap.ID, isms.DecisionApprove, "Approved.")
		w.must("DecideApproval", err)
		w.dropPackInputs(mr2, isms.InputIssues, isms.InputFeedback)
		f = w.reviewFacts()
		want := []string{"9.3.2 b Changes in external and internal issues", "9.3.2 e Feedback from interested parties"}
		if !f.ReviewLastApproved || !slices.Equal(f.ReviewLastMissingInputs, want) {
			t.Errorf("approved %v, missing %q; want approved, missing %q", f.ReviewLastApproved, f.ReviewLastMissingInputs, want)
		}
	})
}
