// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Management review (27001 9.3): reviews planned (and reminded by a
// recurring activity), a pack compiled live for every 9.3.2 input, frozen
// and hashed when the review is held, outputs per 9.3.3 that can become
// tasks, and minutes approved by the chair through the shared approval
// mechanism.

// The object types of management review records in the audit trail and
// in links.
const (
	objectReview       = "management_review"
	objectReviewOutput = "review_output"
)

// ReviewInput is what people enter to plan a review.
type ReviewInput struct {
	Title     string
	PlannedOn isms.Date
	ChairID   isms.ID
	// RepeatMonths, when above zero on creation, schedules the review as a
	// recurring activity owned by the chair: a task "Prepare the management
	// review" every RepeatMonths months from PlannedOn, 30 days ahead.
	RepeatMonths int
}

// HoldInput is what is recorded when the review is held.
type HoldInput struct {
	HeldOn    isms.Date
	Attendees []string
	Minutes   string
}

// ReviewView is a review as its page shows it.
type ReviewView struct {
	Review *isms.ManagementReview
	// Pack is the frozen pack once held, else compiled live now.
	Pack    *isms.ReviewPack
	Live    bool
	Outputs []*isms.ReviewOutput
	// Approval is the latest submission of the minutes, or nil.
	Approval *isms.Approval
	// Previous is the review held before this one, or nil.
	Previous *isms.ManagementReview
}

// ReviewsOverview is the reviews page's header: the last review held and
// when the next is due.
type ReviewsOverview struct {
	LastHeld *isms.ManagementReview // nil when none
	// NextDue is the planned date of the next planned review, or, when
	// none is planned, 12 months after the last held; zero when neither.
	NextDue  isms.Date
	Overdue  bool
	Schedule *isms.Schedule // the recurring activity, or nil
}

func init() {
	linkables[objectReview] = linkable{
		label: "management review",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			r, err := findReviewByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return r.ID, reviewTitle(r), nil
		},
	}
}

// reviewTitle names a review for people: "Management review MR-2: 2025".
func reviewTitle(r *isms.ManagementReview) string {
	return "Management review " + r.Ref + ": " + r.Title
}

// findReviewByIDOrRef returns a review by its ID or, failing that, its
// reference ("MR-2", in any case).
func findReviewByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.ManagementReview, error) {
	return byIDOrRef(ctx, org, s, tx.FindReviewByID, tx.FindReviewByRef)
}

// Reminders of the next review: the recurring activity's task title and
// how many days ahead it appears.
const (
	reviewScheduleTitle = "Prepare the management review"
	reviewLeadDays      = 30
	maxRepeatMonths     = 36
)

// reviewKind is the reviews register for the generic use cases.
var reviewKind = recordKind[*isms.ManagementReview]{
	object: objectReview, label: "management review", edit: isms.ManageReviews,
	id:     func(r *isms.ManagementReview) isms.ID { return r.ID },
	ver:    func(r *isms.ManagementReview) int { return r.Version },
	fields: reviewFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ManagementReview, error) {
		return tx.FindReviewByIDForUpdate(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, r *isms.ManagementReview) error {
		return tx.InsertReview(ctx, r)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, r *isms.ManagementReview, v int) error {
		return tx.UpdateReview(ctx, r, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error { return tx.DeleteReview(ctx, org, id) },
}

// reviewFields are the planned fields of r as the audit trail records
// them.
func reviewFields(r *isms.ManagementReview) []fieldDiff {
	return []fieldDiff{{"title", nil, r.Title}, {"plannedOn", nil, r.PlannedOn.String()}, {"chair", nil, r.ChairName}}
}

// fillReview returns the fill function of the generic use cases: it
// checks that the review is planned, applies in and checks the chair.
func fillReview(ctx context.Context, in ReviewInput) fillFunc[*isms.ManagementReview] {
	return func(tx *sqldb.Tx, r *isms.ManagementReview) (isms.Changes, error) {
		if err := checkPlanned(r); err != nil {
			return nil, err
		}
		p := isms.Problems{}
		r.Title, r.PlannedOn, r.ChairID = in.Title, in.PlannedOn, in.ChairID
		if r.ChairID != "" {
			name, err := activeMemberName(ctx, tx, r.OrgID, r.ChairID, "chair", p)
			if err != nil {
				return nil, err
			}
			r.ChairName = name
		}
		return nil, mergeProblems(p, r.Validate())
	}
}

// checkPlanned returns a Conflict unless r is still planned.
func checkPlanned(r *isms.ManagementReview) error {
	if r.Status == isms.ReviewPlanned {
		return nil
	}
	return isms.Errorf(isms.Conflict, "%s was held on %s; its plan can no longer change.", r.Ref, r.HeldOn)
}

// CreateReview plans a review (ManageReviews).
func (a *App) CreateReview(ctx context.Context, actor isms.Actor, in ReviewInput) (*isms.ManagementReview, error) {
	if err := forbid(actor.Can(isms.ManageReviews), "You may not plan management reviews."); err != nil {
		return nil, err
	}
	r := &isms.ManagementReview{ID: isms.NewID("mrv"), OrgID: actor.OrgID, Status: isms.ReviewPlanned,
		Attendees: []string{}, CreatedBy: actor.UserID}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if r.Ref, r.Number, err = nextRecordRef(ctx, tx, r.OrgID, "management_reviews", "MR-"); err != nil {
			return err
		}
		if _, err := fillReview(ctx, in)(tx, r); err != nil {
			return mergeProblems(repeatProblem(in.RepeatMonths), err)
		}
		if err := repeatProblem(in.RepeatMonths).Err(); err != nil {
			return err
		}
		if in.RepeatMonths > 0 {
			if r.ScheduleID, err = a.scheduleReviews(ctx, tx, actor, r, in.RepeatMonths); err != nil {
				return err
			}
		}
		if err := tx.InsertReview(ctx, r); err != nil {
			return err
		}
		ch := createdSupport(reviewFields(r))
		ch["ref"] = isms.Change{After: r.Ref}
		if r.ScheduleID != "" {
			ch["schedule"] = isms.Change{After: string(r.ScheduleID)}
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, objectReview+".create", objectReview, r.ID, ch)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// repeatProblem returns the problem with a repeat interval, if any.
func repeatProblem(months int) isms.Problems {
	p := isms.Problems{}
	if months < 0 || months > maxRepeatMonths {
		p.Add("repeatMonths", fmt.Sprintf("Repeat the review every 1 to %d months, or leave it empty for a single review.", maxRepeatMonths))
	}
	return p
}

// scheduleReviews creates the recurring activity that reminds r's chair
// of the next review every months months from r's planned date, 30 days
// ahead, in tx, and returns its ID. It is the schedule use case
// (CreateSchedule) within the review's transaction, so that a review is
// never planned without the reminder asked for.
func (a *App) scheduleReviews(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.ManagementReview, months int) (isms.ID, error) {
	rule, err := isms.ParseRecurrence(fmt.Sprintf("every %d months", months))
	if err != nil {
		return "", err
	}
	s := &isms.Schedule{ID: isms.NewID("sch"), OrgID: r.OrgID, Title: reviewScheduleTitle,
		Description: "Compile the pack of " + r.Ref + "'s successor and plan the meeting.",
		OwnerID:     r.ChairID, OwnerName: r.ChairName, Link: isms.Link{Type: objectReview, ID: r.ID},
		Rule: rule, Start: r.PlannedOn, LeadDays: reviewLeadDays, Active: true, CreatedBy: actor.UserID}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return "", err
	}
	if _, err := a.insertSchedule(ctx, tx, actor, s); err != nil {
		return "", err
	}
	return s.ID, nil
}

// UpdateReview changes a planned review, read at version (ManageReviews);
// RepeatMonths is ignored.
func (a *App) UpdateReview(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ReviewInput) (*isms.ManagementReview, error) {
	return updateRecord(ctx, a, actor, reviewKind, id, version, fillReview(ctx, in))
}

// DeleteReview deletes a planned review (ManageReviews).
func (a *App) DeleteReview(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, reviewKind, id, func(_ *sqldb.Tx, r *isms.ManagementReview) error {
		if r.Status != isms.ReviewPlanned {
			return isms.Errorf(isms.Conflict, "%s was held and is the record of that review; it cannot be deleted.", r.Ref)
		}
		return nil
	})
}

// FindReview returns review id (its ID or reference "MR-2") to anyone who
// reads the ISMS.
func (a *App) FindReview(ctx context.Context, actor isms.Actor, id string) (*ReviewView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see management reviews."); err != nil {
		return nil, err
	}
	var v *ReviewView
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		r, err := findReviewByIDOrRef(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		v, err = a.reviewView(ctx, tx, r)
		return err
	})
	return v, err
}

// reviewView returns the view of r: its pack (live while planned), its
// outputs, its latest submission and the review held before it.
func (a *App) reviewView(ctx context.Context, tx *sqldb.Tx, r *isms.ManagementReview) (*ReviewView, error) {
	v := &ReviewView{Review: r, Pack: r.Pack}
	today := a.today()
	var err error
	if r.Status == isms.ReviewPlanned {
		if v.Pack, err = compilePack(ctx, tx, r.OrgID, r, today); err != nil {
			return nil, err
		}
		v.Live = true
	}
	if v.Outputs, err = tx.FindReviewOutputs(ctx, r.OrgID, []isms.ID{r.ID}); err != nil {
		return nil, err
	}
	if v.Approval, _, err = latestApprovals(ctx, tx, r.OrgID, objectReview, r.ID); err != nil {
		return nil, err
	}
	if err := reviewApprover(ctx, tx, r); err != nil {
		return nil, err
	}
	before := today
	if !r.HeldOn.IsZero() {
		before = r.HeldOn
	}
	if v.Previous, err = tx.LastHeldReview(ctx, r.OrgID, before); isms.ErrorCode(err) == isms.NotFound {
		v.Previous, err = nil, nil
	}
	return v, err
}

// reviewApprover sets r.ApprovedBy from its approval's approvers.
func reviewApprover(ctx context.Context, tx *sqldb.Tx, r *isms.ManagementReview) error {
	if r.ApprovalID == "" {
		return nil
	}
	ap, err := tx.FindApprovalByID(ctx, r.OrgID, r.ApprovalID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	r.ApprovedBy = approverNames(ap)
	return nil
}

// ListReviews returns a page of reviews (without packs) and the total.
func (a *App) ListReviews(ctx context.Context, actor isms.Actor, f isms.ReviewFilter) ([]*isms.ManagementReview, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see management reviews."); err != nil {
		return nil, 0, err
	}
	var list []*isms.ManagementReview
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindReviews(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

// reviewInterval is how long after the last review the next is due when
// none is planned: 27003 asks for a review at least yearly.
const reviewIntervalMonths = 12

// ReviewsDue returns the reviews overview.
func (a *App) ReviewsDue(ctx context.Context, actor isms.Actor) (*ReviewsOverview, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see management reviews."); err != nil {
		return nil, err
	}
	today := a.today()
	o := &ReviewsOverview{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		last, err := tx.LastHeldReview(ctx, actor.OrgID, today.AddDays(1))
		switch {
		case err == nil:
			o.LastHeld = last
		case isms.ErrorCode(err) != isms.NotFound:
			return err
		}
		next, _, err := tx.FindReviews(ctx, actor.OrgID, isms.ReviewFilter{Status: isms.ReviewPlanned, Sort: "plannedOn", Limit: 1})
		if err != nil {
			return err
		}
		switch {
		case len(next) > 0:
			o.NextDue = next[0].PlannedOn
		case o.LastHeld != nil:
			o.NextDue = o.LastHeld.HeldOn.AddDate(0, reviewIntervalMonths, 0)
		}
		o.Overdue = !o.NextDue.IsZero() && o.NextDue.Before(today)
		o.Schedule, err = reviewSchedule(ctx, tx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// reviewSchedule returns the active recurring activity that reminds of
// management reviews, the newest when there are several, or nil.
func reviewSchedule(ctx context.Context, tx *sqldb.Tx, org isms.ID) (*isms.Schedule, error) {
	active := true
	list, _, err := tx.FindSchedules(ctx, isms.ScheduleFilter{OrgID: org, Active: &active, LinkType: objectReview,
		Sort: "-created", Limit: 1})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// CompileReviewPack compiles review id's pack from the registers as of
// today, for the period since the previous review held (a year when
// none). Every 9.3.2 input has a section, in isms.ReviewInputs order;
// each section's items link to their source records.
func (a *App) CompileReviewPack(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.ReviewPack, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see management reviews."); err != nil {
		return nil, err
	}
	var pack *isms.ReviewPack
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		r, err := findReviewByIDOrRef(ctx, tx, actor.OrgID, string(id))
		if err != nil {
			return err
		}
		pack, err = compilePack(ctx, tx, actor.OrgID, r, a.today())
		return err
	})
	return pack, err
}

// OutputInput is what people enter for a review output.
type OutputInput struct {
	Kind        isms.OutputKind
	Description string
	OwnerID     isms.ID
	Due         isms.Date
}
