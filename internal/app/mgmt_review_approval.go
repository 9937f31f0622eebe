// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The minutes of a held review go to its chair through the shared
// approval mechanism: what the chair approves is the review's facts, the
// minutes, the frozen pack's hash and the outputs. Approval makes the
// review approved and immutable; a rejected or withdrawn submission
// leaves it held and editable.

func init() {
	approvables[objectReview] = approvable{
		label:      "management review",
		submit:     isms.ManageReviews,
		load:       loadReviewForApproval,
		mayApprove: reviewChairApprover,
		approved:   reviewApproved,
		allowSelf:  true,
	}
}

// reviewMinutes is what approving a review's minutes approves.
type reviewMinutes struct {
	Ref        string          `json:"ref"`
	Title      string          `json:"title"`
	HeldOn     isms.Date       `json:"heldOn"`
	Chair      string          `json:"chair"`
	Attendees  []string        `json:"attendees"`
	Minutes    string          `json:"minutes"`
	PackSHA256 string          `json:"packSha256"`
	Outputs    []minutesOutput `json:"outputs"`
}

// minutesOutput is one output of approved minutes.
type minutesOutput struct {
	Kind        isms.OutputKind `json:"kind"`
	Description string          `json:"description"`
	Owner       string          `json:"owner"`
	Due         isms.Date       `json:"due,omitzero"`
}

// loadReviewForApproval locks a held review and returns its minutes for
// approval.
func loadReviewForApproval(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
	r, err := tx.FindReviewByIDForUpdate(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	if r.Status != isms.ReviewHeld {
		return "", 0, nil, isms.Errorf(isms.Conflict, "%s is %s; only the minutes of a held review go to approval.", r.Ref, strings.ToLower(r.Status.Label()))
	}
	outputs, err := tx.FindReviewOutputs(ctx, org, []isms.ID{r.ID})
	if err != nil {
		return "", 0, nil, err
	}
	m := reviewMinutes{Ref: r.Ref, Title: r.Title, HeldOn: r.HeldOn, Chair: r.ChairName, Attendees: r.Attendees,
		Minutes: r.Minutes, PackSHA256: r.PackSHA256, Outputs: []minutesOutput{}}
	for _, o := range outputs {
		m.Outputs = append(m.Outputs, minutesOutput{Kind: o.Kind, Description: o.Description, Owner: o.OwnerName, Due: o.Due})
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", 0, nil, err
	}
	return "Minutes of " + reviewTitle(r), r.Version, b, nil
}

// reviewChairApprover allows only the review's chair to approve its
// minutes.
func reviewChairApprover(ctx context.Context, tx *sqldb.Tx, org, id isms.ID, u *isms.User, _ *isms.Membership) (string, error) {
	r, err := tx.FindReviewByID(ctx, org, id)
	if err != nil {
		return "", err
	}
	if r.ChairID != u.ID {
		return "Only the chair of " + r.Ref + ", " + r.ChairName + ", approves its minutes.", nil
	}
	return "", nil
}

// reviewApproved makes a review whose minutes are approved approved and
// immutable.
func reviewApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	r, err := tx.FindReviewByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	r.Status, r.ApprovedAt, r.ApprovalID = isms.ReviewApproved, tx.Now(), ap.ID
	if err := tx.UpdateReview(ctx, r, r.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(r.OrgID), actor, objectReview+".approve", objectReview, r.ID, isms.Changes{
		"status":   {Before: string(isms.ReviewHeld), After: string(isms.ReviewApproved)},
		"approval": {After: string(ap.ID)}, "contentSha256": {After: ap.ContentSHA256}, "packSha256": {After: r.PackSHA256}})
}

// SubmitReview submits a held review's minutes (pack hash, attendees,
// minutes, outputs) to its chair for approval (ManageReviews and
// SubmitApprovals). Approval makes the review approved and immutable.
func (a *App) SubmitReview(ctx context.Context, actor isms.Actor, id isms.ID, version int, note string) (*isms.Approval, error) {
	if err := forbid(actor.Can(isms.ManageReviews) && actor.Can(isms.SubmitApprovals), "You may not submit the minutes of management reviews for approval."); err != nil {
		return nil, err
	}
	var out *isms.Approval
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindReviewByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		out, err = a.submitIn(ctx, tx, actor, approvables[objectReview], SubmitInput{ObjectType: objectReview,
			ObjectID: r.ID, Version: version, ApproverIDs: []isms.ID{r.ChairID}, Note: note})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// The parts of a review that ExportReview writes.
const (
	exportPack    = "pack"
	exportMinutes = "minutes"
)

// ExportReview writes review id's "pack" or "minutes" as a PDF and
// returns the file name to offer ("management-review-mr-2-pack.pdf").
func (a *App) ExportReview(ctx context.Context, actor isms.Actor, id, what string, w io.Writer) (string, error) {
	what = strings.ToLower(strings.TrimSpace(what))
	if what != exportPack && what != exportMinutes {
		msg := fmt.Sprintf("A management review exports its pack or its minutes; %q is neither.", what)
		return "", &isms.Error{Code: isms.Invalid, Message: msg, Fields: map[string]string{"what": msg}}
	}
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see management reviews."); err != nil {
		return "", err
	}
	var doc *report.ReviewDoc
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		r, err := findReviewByIDOrRef(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		v, err := a.reviewView(ctx, tx, r)
		if err != nil {
			return err
		}
		org, err := tx.FindOrganizationByID(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		head, err := tx.FindChainHead(ctx, orgChain(actor.OrgID))
		if err != nil {
			return err
		}
		doc = a.reviewDoc(v, org.Name, head)
		return nil
	})
	if err != nil {
		return "", err
	}
	write := report.ReviewPackPDF
	if what == exportMinutes {
		write = report.ReviewMinutesPDF
	}
	if err := write(w, doc); err != nil {
		return "", fmt.Errorf("export management review %s: %w", what, err)
	}
	return "management-review-" + isms.Slugify(doc.Ref) + "-" + what + ".pdf", nil
}

// reviewDoc returns the document the exports of v show.
func (a *App) reviewDoc(v *ReviewView, org string, head isms.ChainHead) *report.ReviewDoc {
	r := v.Review
	d := &report.ReviewDoc{Organization: org, Ref: r.Ref, Title: r.Title, Chair: r.ChairName, PlannedOn: r.PlannedOn.String(),
		Status: r.Status.Label(), Attendees: r.Attendees, Minutes: r.Minutes, Pack: v.Pack, Live: v.Live,
		PackSHA256: r.PackSHA256, ApprovedBy: r.ApprovedBy, ApprovedAt: r.ApprovedAt, Generated: a.now(), BaseURL: a.opts.BaseURL}
	if !r.HeldOn.IsZero() {
		d.HeldOn = r.HeldOn.String()
	}
	if head.Hash != "" {
		d.AuditHead = head.String()
	}
	for _, o := range v.Outputs {
		task := ""
		if o.TaskID != "" {
			task = taskStatusLabel(o.TaskStatus)
		}
		d.Outputs = append(d.Outputs, report.ReviewDocOutput{Kind: o.Kind.Label(), Description: o.Description,
			Owner: o.OwnerName, Due: o.Due.String(), Task: task})
	}
	return d
}

// taskStatusLabel names a task's status for people: "Open", "Done".
func taskStatusLabel(s isms.TaskStatus) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}
