// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestReviewHoldFreezesThePack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		_, err := w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "EU AI Act", Kind: "external", Category: "legal", Effect: "negative"})
		w.must("CreateContextIssue", err)
		r := w.planReview("Review 2026", "2026-03-02")

		_, err = w.app.HoldReview(w.ctx, w.asManager(), r.ID, r.Version, app.HoldInput{HeldOn: mustDate("2026-03-03")})
		wantFields(t, "HoldReview(tomorrow, nobody)", err, isms.Invalid, "attendees", "heldOn")
		_, err = w.app.HoldReview(w.ctx, w.asManager(), r.ID, r.Version+1, app.HoldInput{HeldOn: mustDate("2026-03-02"), Attendees: []string{"A"}})
		wantCode(t, "HoldReview(stale version)", err, isms.Conflict)
		held := w.holdReview(r)
		if held.Status != isms.ReviewHeld || held.HeldOn.String() != "2026-03-02" || strings.Join(held.Attendees, "|") != "Alice Admin (CEO)|Bob Manager (ISMS manager)" {
			t.Errorf("held review = %+v", held)
		}
		hash, err := isms.PackHash(held.Pack)
		if err != nil || held.PackSHA256 != hash || len(hash) != 64 {
			t.Fatalf("PackSHA256 = %q, want PackHash of the pack %q (%v)", held.PackSHA256, hash, err)
		}
		issues := held.Pack.Section(isms.InputIssues)
		if issues.Figures[0] != (isms.PackFigure{Label: "New issues", Value: "1"}) || len(issues.Items) != 1 || issues.Items[0].Ref != "CI-1" {
			t.Errorf("frozen issues section = %+v, want CI-1 new", issues)
		}
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "management_review.hold" || ch["packSha256"].After != hash || ch["heldOn"].After != "2026-03-02" {
			t.Errorf("hold event = %s %v", e.Action, ch)
		}
		_, err = w.app.HoldReview(w.ctx, w.asManager(), held.ID, held.Version, app.HoldInput{HeldOn: mustDate("2026-03-02"), Attendees: []string{"A"}})
		wantCode(t, "HoldReview(held again)", err, isms.Conflict)

		// Later changes to the registers leave the frozen pack as it was.
		w.clock.Advance(24 * 60 * 60 * 1e9)
		_, err = w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "Heat waves", Kind: "external", Category: "environmental", Effect: "negative"})
		w.must("CreateContextIssue", err)
		v, err := w.app.FindReview(w.ctx, w.asViewer(), held.Ref)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := isms.PackHash(v.Pack)
		if v.Live || v.Review.PackSHA256 != hash || again != hash || len(v.Pack.Section(isms.InputIssues).Items) != 1 {
			t.Errorf("FindReview after a change: live %v, hash %s / %s, want the frozen pack %s", v.Live, v.Review.PackSHA256, again, hash)
		}

		m, err := w.app.UpdateMinutes(w.ctx, w.asManager(), held.ID, held.Version, app.HoldInput{Attendees: []string{"Alice Admin (CEO)"}, Minutes: "Decided: more budget."})
		if err != nil || m.Minutes != "Decided: more budget." || len(m.Attendees) != 1 || m.PackSHA256 != hash {
			t.Errorf("UpdateMinutes = %+v, %v", m, err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "management_review.minutes" {
			t.Errorf("minutes event = %s", e.Action)
		}
		_, err = w.app.UpdateReview(w.ctx, w.asManager(), held.ID, m.Version, app.ReviewInput{Title: "New", PlannedOn: mustDate("2026-03-02"), ChairID: w.admin.ID})
		wantCode(t, "UpdateReview(held)", err, isms.Conflict)
		wantCode(t, "DeleteReview(held)", w.app.DeleteReview(w.ctx, w.asManager(), held.ID), isms.Conflict)
	})
}

func TestReviewOutputsTasksAndApproval(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		r := w.planReview("Review 2026", "2026-03-02")
		_, err := w.app.AddReviewOutput(w.ctx, m, r.ID, app.OutputInput{Kind: isms.OutputChange, Description: "Too early"})
		wantCode(t, "AddReviewOutput(planned)", err, isms.Conflict)
		r = w.holdReview(r)
		_, err = w.app.AddReviewOutput(w.ctx, m, r.ID, app.OutputInput{Kind: "wish", OwnerID: "usr_nobody"})
		wantFields(t, "AddReviewOutput(everything wrong)", err, isms.Invalid, "description", "kind", "owner")

		o := w.output(r, isms.OutputImprovement, "Automate the access reviews", w.contributor, "2026-05-01")
		undated := w.output(r, isms.OutputResource, "Hire a security engineer", w.manager, "")
		_, err = w.app.TrackReviewOutput(w.ctx, m, undated.ID)
		wantFields(t, "TrackReviewOutput(no due date)", err, isms.Invalid, "due")
		task, err := w.app.TrackReviewOutput(w.ctx, m, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if task.OwnerID != w.contributor.ID || task.Due.String() != "2026-05-01" || task.Link != (isms.Link{Type: "management_review", ID: r.ID}) ||
			task.Title != "Improvement: Automate the access reviews" || task.Status != isms.TaskOpen {
			t.Errorf("task = %+v, want the contributor's, due 2026-05-01, linked to %s", task, r.Ref)
		}
		_, err = w.app.TrackReviewOutput(w.ctx, m, o.ID)
		wantCode(t, "TrackReviewOutput(twice)", err, isms.Conflict)
		if got := actions(w.events(string(w.org.ID), w.seq()-2)); strings.Join(got, " ") != "task.create review_output.track" {
			t.Errorf("tracking events = %v, want the task created and the output tracked", got)
		}

		// Rejection leaves the review held and editable.
		ap, err := w.app.SubmitReview(w.ctx, m, r.ID, r.Version, "Please approve.")
		if err != nil || len(ap.Approvers) != 1 || ap.Approvers[0].UserID != w.admin.ID || !strings.Contains(ap.Content, `"packSha256":"`+r.PackSHA256+`"`) ||
			!strings.Contains(ap.Content, `"description":"Hire a security engineer"`) {
			t.Fatalf("SubmitReview = %+v, %v; want the chair as approver and the minutes with the pack hash and outputs", ap, err)
		}
		_, err = w.app.UpdateMinutes(w.ctx, m, r.ID, r.Version, app.HoldInput{Attendees: []string{"X"}})
		wantCode(t, "UpdateMinutes(pending)", err, isms.Conflict)
		_, err = w.app.AddReviewOutput(w.ctx, m, r.ID, app.OutputInput{Kind: isms.OutputChange, Description: "Late"})
		wantCode(t, "AddReviewOutput(pending)", err, isms.Conflict)
		_, err = w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "")
		wantCode(t, "DecideApproval(not the chair)", err, isms.Forbidden)
		if _, err := w.app.DecideApproval(w.ctx, w.asAdmin(), ap.ID, isms.DecisionReject, "Add the budget."); err != nil {
			t.Fatal(err)
		}
		v, _ := w.app.FindReview(w.ctx, w.asViewer(), string(r.ID))
		if v.Review.Status != isms.ReviewHeld || v.Approval == nil || v.Approval.Status != isms.ApprovalRejected {
			t.Errorf("after rejection: %s, approval %+v; want held", v.Review.Status, v.Approval)
		}
		undated, err = w.app.UpdateReviewOutput(w.ctx, m, undated.ID, undated.Version, app.OutputInput{Kind: isms.OutputResource,
			Description: "Hire a security engineer", OwnerID: w.manager.ID, Due: mustDate("2026-09-30")})
		if err != nil || undated.Due.String() != "2026-09-30" {
			t.Fatalf("UpdateReviewOutput = %+v, %v", undated, err)
		}

		// Approval by the chair makes the review approved and immutable.
		ap, err = w.app.SubmitReview(w.ctx, m, r.ID, v.Review.Version, "")
		w.must("SubmitReview", err)
		if _, err := w.app.DecideApproval(w.ctx, w.asAdmin(), ap.ID, isms.DecisionApprove, "Approved."); err != nil {
			t.Fatal(err)
		}
		v, _ = w.app.FindReview(w.ctx, w.asViewer(), r.Ref)
		if v.Review.Status != isms.ReviewApproved || v.Review.ApprovalID != ap.ID || v.Review.ApprovedBy != "Alice Admin" || v.Review.ApprovedAt.IsZero() {
			t.Errorf("approved review = %+v", v.Review)
		}
		if got := actions(w.events(string(w.org.ID), w.seq()-2)); strings.Join(got, " ") != "management_review.approve approval.approve" {
			t.Errorf("approval events = %v", got)
		}
		_, err = w.app.UpdateMinutes(w.ctx, m, r.ID, v.Review.Version, app.HoldInput{Attendees: []string{"X"}})
		wantCode(t, "UpdateMinutes(approved)", err, isms.Conflict)
		_, err = w.app.UpdateReviewOutput(w.ctx, m, undated.ID, undated.Version, app.OutputInput{Kind: isms.OutputResource, Description: "Changed"})
		wantCode(t, "UpdateReviewOutput(approved)", err, isms.Conflict)
		wantCode(t, "DeleteReviewOutput(approved)", w.app.DeleteReviewOutput(w.ctx, m, undated.ID), isms.Conflict)
		_, err = w.app.SubmitReview(w.ctx, m, r.ID, v.Review.Version, "")
		wantCode(t, "SubmitReview(approved)", err, isms.Conflict)
		// Tracking still works on an approved review: it changes the output only.
		if _, err := w.app.TrackReviewOutput(w.ctx, m, undated.ID); err != nil {
			t.Errorf("TrackReviewOutput(approved review) = %v", err)
		}

		var buf bytes.Buffer
		name, err := w.app.ExportReview(w.ctx, w.asViewer(), r.Ref, "minutes", &buf)
		if err != nil || name != "management-review-mr-1-minutes.pdf" || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Errorf("ExportReview(minutes) = %q, %d bytes, %v", name, buf.Len(), err)
		}
		_, err = w.app.ExportReview(w.ctx, w.asViewer(), r.Ref, "slides", &buf)
		wantFields(t, "ExportReview(slides)", err, isms.Invalid, "what")
	})
}

func TestReviewAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		planned := w.planReview("Planned", "2026-03-10")
		held := w.holdReview(w.planReview("Held", "2026-03-02"))
		o := w.output(held, isms.OutputChange, "Extend the scope", w.manager, "2026-06-30")
		auditor := w.newMember(w.org, "Frank Auditor", isms.RoleAuditor)
		in := app.ReviewInput{Title: "X", PlannedOn: mustDate("2026-04-01"), ChairID: w.admin.ID}
		for _, actor := range []isms.Actor{w.asContributor(), w.as(auditor, isms.RoleAuditor), w.asViewer()} {
			for name, call := range map[string]func() error{
				"CreateReview": func() error { _, err := w.app.CreateReview(w.ctx, actor, in); return err },
				"UpdateReview": func() error { _, err := w.app.UpdateReview(w.ctx, actor, planned.ID, planned.Version, in); return err },
				"DeleteReview": func() error { return w.app.DeleteReview(w.ctx, actor, planned.ID) },
				"HoldReview": func() error {
					_, err := w.app.HoldReview(w.ctx, actor, planned.ID, planned.Version, app.HoldInput{HeldOn: mustDate("2026-03-02"), Attendees: []string{"A"}})
					return err
				},
				"UpdateMinutes": func() error {
					_, err := w.app.UpdateMinutes(w.ctx, actor, held.ID, held.Version, app.HoldInput{Attendees: []string{"A"}})
					return err
				},
				"SubmitReview": func() error { _, err := w.app.SubmitReview(w.ctx, actor, held.ID, held.Version, ""); return err },
				"AddReviewOutput": func() error {
					_, err := w.app.AddReviewOutput(w.ctx, actor, held.ID, app.OutputInput{Kind: isms.OutputChange, Description: "X"})
					return err
				},
				"UpdateReviewOutput": func() error {
					_, err := w.app.UpdateReviewOutput(w.ctx, actor, o.ID, o.Version, app.OutputInput{Kind: isms.OutputChange, Description: "X"})
					return err
				},
				"DeleteReviewOutput": func() error { return w.app.DeleteReviewOutput(w.ctx, actor, o.ID) },
				"TrackReviewOutput":  func() error { _, err := w.app.TrackReviewOutput(w.ctx, actor, o.ID); return err },
			} {
				wantCode(t, name+" as "+string(actor.Role), call(), isms.Forbidden)
			}
			if v, err := w.app.FindReview(w.ctx, actor, held.Ref); err != nil || v.Review.ID != held.ID {
				t.Errorf("FindReview as %s = %v", actor.Role, err)
			}
			if _, err := w.app.CompileReviewPack(w.ctx, actor, planned.ID); err != nil {
				t.Errorf("CompileReviewPack as %s = %v", actor.Role, err)
			}
			if list, total, err := w.app.ListReviews(w.ctx, actor, isms.ReviewFilter{}); err != nil || total != 2 || len(list) != 2 {
				t.Errorf("ListReviews as %s = %d, %v", actor.Role, total, err)
			}
		}
		employee := w.newMember(w.org, "Gail Employee", isms.RoleEmployee)
		_, err := w.app.FindReview(w.ctx, w.as(employee, isms.RoleEmployee), held.Ref)
		wantCode(t, "FindReview as employee", err, isms.Forbidden)
	})
}

func TestReviewOrgScopingAndSchedule(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		_, err := w.app.CreateReview(w.ctx, w.asManager(), app.ReviewInput{Title: " ", ChairID: "usr_nobody", RepeatMonths: 99})
		wantFields(t, "CreateReview(everything wrong)", err, isms.Invalid, "chair", "plannedOn", "repeatMonths", "title")

		r, err := w.app.CreateReview(w.ctx, w.asManager(), app.ReviewInput{Title: "Review 2026", PlannedOn: mustDate("2026-03-20"),
			ChairID: w.admin.ID, RepeatMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		if r.Ref != "MR-1" || r.ChairName != "Alice Admin" || r.Status != isms.ReviewPlanned || r.ScheduleID == "" {
			t.Fatalf("created review = %+v, want MR-1 with a schedule", r)
		}
		s, err := w.app.FindSchedule(w.ctx, w.asAdmin(), r.ScheduleID)
		if err != nil || s.Title != "Prepare the management review" || s.OwnerID != w.admin.ID || s.Rule.String() != "every 12 months" ||
			s.Start.String() != "2026-03-20" || s.LeadDays != 30 || s.Link != (isms.Link{Type: "management_review", ID: r.ID}) {
			t.Errorf("schedule = %+v, %v", s, err)
		}
		due, err := w.app.ReviewsDue(w.ctx, w.asViewer())
		if err != nil || due.LastHeld != nil || due.NextDue.String() != "2026-03-20" || due.Overdue || due.Schedule == nil || due.Schedule.ID != s.ID {
			t.Errorf("ReviewsDue = %+v, %v", due, err)
		}

		other := w.globexAdmin()
		for name, err := range map[string]error{
			"FindReview":        func() error { _, err := w.app.FindReview(w.ctx, other, r.Ref); return err }(),
			"FindReview(id)":    func() error { _, err := w.app.FindReview(w.ctx, other, string(r.ID)); return err }(),
			"CompileReviewPack": func() error { _, err := w.app.CompileReviewPack(w.ctx, other, r.ID); return err }(),
			"HoldReview": func() error {
				_, err := w.app.HoldReview(w.ctx, other, r.ID, r.Version, app.HoldInput{HeldOn: mustDate("2026-03-02"), Attendees: []string{"A"}})
				return err
			}(),
			"DeleteReview": w.app.DeleteReview(w.ctx, other, r.ID),
		} {
			wantCode(t, name+" from another organization", err, isms.NotFound)
		}
		_, err = w.app.CreateReview(w.ctx, other, app.ReviewInput{Title: "Theirs", PlannedOn: mustDate("2026-04-01"), ChairID: w.admin.ID})
		wantFields(t, "CreateReview(chair of another organization)", err, isms.Invalid, "chair")
		if _, total, _ := w.app.ListReviews(w.ctx, other, isms.ReviewFilter{}); total != 0 {
			t.Errorf("ListReviews in another organization = %d, want 0", total)
		}
		if err := w.app.DeleteReview(w.ctx, w.asManager(), r.ID); err != nil {
			t.Errorf("DeleteReview(planned) = %v", err)
		}
	})
}
