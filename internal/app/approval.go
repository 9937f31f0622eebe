// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The approval mechanism is shared: any record whose versions need sign-off
// registers an approvable under its object type, and the same submit,
// decide and withdraw use cases serve it.

// objectOrganization is the object type of an organization's profile.
const objectOrganization = "organization"

// approvable loads the current version of a record for approval.
type approvable struct {
	// label names the kind of record for people ("organization profile").
	label string
	// load returns the record's title, version and canonical content, and
	// locks the record's row until the transaction ends, so that it cannot
	// change between a check and a submission or decision.
	load func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (title string, version int, content []byte, err error)
	// submit is the permission to submit it.
	submit isms.Permission
	// mayApprove, when set, decides who may be named an approver in place
	// of the default rule (an active member whose role may decide
	// approvals): it returns why user may not, or "" when they may. Such
	// approvers decide without the DecideApprovals permission.
	mayApprove func(ctx context.Context, tx *sqldb.Tx, org, objectID isms.ID, user *isms.User, m *isms.Membership) (string, error)
	// approved, when set, runs in the transaction in which a submission
	// of this type becomes approved.
	approved func(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error
	// closed, when set, runs in the transaction in which a submission of
	// this type is rejected or withdrawn.
	closed func(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error
	// allowSelf lets the author name themselves as approver (see
	// isms.Approval.AllowSelf).
	allowSelf bool
}

// approvables holds every record type that can be submitted for approval.
var approvables = map[string]approvable{
	objectOrganization: {
		label:  "organization profile",
		submit: isms.EditOrgProfile,
		load: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
			if id != org {
				return "", 0, nil, isms.Errorf(isms.NotFound, "No such organization.")
			}
			o, err := tx.FindOrganizationByIDForUpdate(ctx, org)
			if err != nil {
				return "", 0, nil, err
			}
			return "Organization profile: " + o.Name, o.Version, o.ApprovalContent(), nil
		},
	},
}

// ApprovalLabel returns the name for people of an approvable object type.
func ApprovalLabel(objectType string) string {
	if ap, ok := approvables[objectType]; ok {
		return ap.label
	}
	return objectType
}

// SubmitInput names what to submit and to whom.
type SubmitInput struct {
	ObjectType  string
	ObjectID    isms.ID
	Version     int // the version the author reviewed; a newer one is a Conflict
	ApproverIDs []isms.ID
	Note        string
}

// SubmitForApproval submits the current version of a record to named
// approvers. The approval keeps the exact content and its SHA-256.
func (a *App) SubmitForApproval(ctx context.Context, actor isms.Actor, in SubmitInput) (*isms.Approval, error) {
	ap, ok := approvables[in.ObjectType]
	if !ok {
		return nil, isms.Errorf(isms.Invalid, "Records of type %q cannot be submitted for approval.", in.ObjectType)
	}
	if err := forbid(actor.Can(isms.SubmitApprovals) && actor.Can(ap.submit), "You may not submit this record for approval."); err != nil {
		return nil, err
	}
	var out *isms.Approval
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = a.submitIn(ctx, tx, actor, ap, in)
		return err
	})
	return out, err
}

// submitIn is SubmitForApproval within tx, for use cases that change the
// record in the same transaction as they submit it.
func (a *App) submitIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap approvable, in SubmitInput) (*isms.Approval, error) {
	title, version, content, err := ap.load(ctx, tx, actor.OrgID, in.ObjectID)
	if err != nil {
		return nil, err
	}
	if in.Version != 0 && in.Version != version {
		return nil, isms.Errorf(isms.Conflict, "The %s changed since you looked at it (version %d is now %d). Review the new version, then submit it.", ap.label, in.Version, version)
	}
	if err := checkNotPending(ctx, tx, actor.OrgID, in.ObjectType, in.ObjectID); err != nil {
		return nil, err
	}
	out := &isms.Approval{ID: isms.NewID("appr"), OrgID: actor.OrgID, ObjectType: in.ObjectType,
		ObjectID: in.ObjectID, ObjectVersion: version, Title: title, Content: string(content),
		ContentSHA256: isms.ContentHash(content), Note: strings.TrimSpace(in.Note),
		Status: isms.ApprovalPending, SubmittedBy: actor.UserID, SubmitterName: actor.Name, AllowSelf: ap.allowSelf}
	if err := a.resolveApprovers(ctx, tx, ap, out, in.ApproverIDs); err != nil {
		return nil, err
	}
	if err := out.ValidateSubmission(); err != nil {
		return nil, err
	}
	if err := tx.InsertApproval(ctx, out); err != nil {
		return nil, err
	}
	if err := a.enqueueApprovalRequests(ctx, tx, actor, out); err != nil {
		return nil, err
	}
	return out, audit(ctx, tx, orgChain(actor.OrgID), actor, "approval.submit", in.ObjectType, in.ObjectID,
		isms.Changes{"status": {After: string(out.Status)}, "version": {After: version},
			"contentSha256": {After: out.ContentSHA256}, "approvers": {After: approverNames(out)}})
}

// resolveApprovers checks that every named approver is an enabled member of
// the organization allowed to approve records of kind, and records their
// names.
func (a *App) resolveApprovers(ctx context.Context, tx *sqldb.Tx, kind approvable, ap *isms.Approval, ids []isms.ID) error {
	for _, id := range ids {
		if id == "" {
			continue
		}
		m, err := tx.FindMembership(ctx, ap.OrgID, id)
		if isms.ErrorCode(err) == isms.NotFound {
			return approverProblem("An approver is not a member of this organization.")
		} else if err != nil {
			return err
		}
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		why := ""
		switch {
		case u.Disabled:
			why = fmt.Sprintf("%s cannot approve: their account is disabled.", u.Name)
		case kind.mayApprove != nil:
			if why, err = kind.mayApprove(ctx, tx, ap.OrgID, ap.ObjectID, u, m); err != nil {
				return err
			}
		case !m.Role.Allows(isms.DecideApprovals):
			why = fmt.Sprintf("%s cannot approve: approvers must be active administrators or ISMS managers.", u.Name)
		}
		if why != "" {
			return approverProblem(why)
		}
		ap.Approvers = append(ap.Approvers, isms.Approver{UserID: id, Name: u.Name})
	}
	return nil
}

func approverProblem(msg string) error {
	return isms.Problems{"approvers": msg}.Err()
}

func approverNames(ap *isms.Approval) string {
	names := make([]string, len(ap.Approvers))
	for i, x := range ap.Approvers {
		names[i] = x.Name
	}
	return strings.Join(names, ", ")
}

// checkNotPending returns a Conflict when a record has a pending submission:
// the submitted version must stay what approvers see.
func checkNotPending(ctx context.Context, tx *sqldb.Tx, org isms.ID, objectType string, id isms.ID) error {
	pending, _, err := tx.FindApprovals(ctx, isms.ApprovalFilter{OrgID: org, ObjectType: objectType, ObjectID: id,
		Status: isms.ApprovalPending, Limit: 1})
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return isms.Errorf(isms.Conflict, "Revision %d of this %s awaits approval; it cannot change until it is decided or withdrawn.", pending[0].ObjectVersion, ApprovalLabel(objectType))
	}
	return nil
}

// latestApprovals returns the newest submission of a record and its newest
// approved one (either may be nil).
func latestApprovals(ctx context.Context, tx *sqldb.Tx, org isms.ID, objectType string, id isms.ID) (latest, approved *isms.Approval, err error) {
	latest, err = tx.FindLatestApproval(ctx, org, objectType, id)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	if latest.Status == isms.ApprovalApproved {
		return latest, latest, nil
	}
	list, _, err := tx.FindApprovals(ctx, isms.ApprovalFilter{OrgID: org, ObjectType: objectType, ObjectID: id,
		Status: isms.ApprovalApproved, Limit: 1})
	if err != nil || len(list) == 0 {
		return latest, nil, err
	}
	return latest, list[0], nil
}

// DecideApproval records the actor's decision on a pending submission. The
// record must still be exactly the submitted content.
func (a *App) DecideApproval(ctx context.Context, actor isms.Actor, id isms.ID, d isms.Decision, comment string) (*isms.Approval, error) {
	if err := forbid(actor.Can(isms.ReadOwnWork), "You may not decide on approvals."); err != nil {
		return nil, err
	}
	var ap *isms.Approval
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if ap, err = tx.FindApprovalByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		kind := approvables[ap.ObjectType]
		ap.AllowSelf = kind.allowSelf
		if err := forbid(actor.Can(isms.DecideApprovals) || kind.mayApprove != nil, "You may not decide on approvals."); err != nil {
			return err
		}
		if err := checkUnchanged(ctx, tx, ap); err != nil {
			return err
		}
		if err := ap.Decide(actor.UserID, d, comment, tx.Now()); err != nil {
			return err
		}
		if ap.Status == isms.ApprovalApproved && kind.approved != nil {
			if err := kind.approved(ctx, tx, actor, ap); err != nil {
				return err
			}
		}
		if ap.Status == isms.ApprovalRejected && kind.closed != nil {
			if err := kind.closed(ctx, tx, actor, ap); err != nil {
				return err
			}
		}
		if err := tx.UpdateApprovalDecision(ctx, ap, actor.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "approval."+string(d), ap.ObjectType, ap.ObjectID,
			isms.Changes{"status": {Before: string(isms.ApprovalPending), After: string(ap.Status)},
				"version": {After: ap.ObjectVersion}, "contentSha256": {After: ap.ContentSHA256},
				"comment": {After: strings.TrimSpace(comment)}})
	})
	return ap, err
}

// checkUnchanged returns a Conflict when the record no longer has the
// content that was submitted.
func checkUnchanged(ctx context.Context, tx *sqldb.Tx, ap *isms.Approval) error {
	kind, ok := approvables[ap.ObjectType]
	if !ok {
		return fmt.Errorf("approval %s: unknown object type %q", ap.ID, ap.ObjectType)
	}
	_, version, content, err := kind.load(ctx, tx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	if version != ap.ObjectVersion || isms.ContentHash(content) != ap.ContentSHA256 {
		return isms.Errorf(isms.Conflict, "The %s changed after it was submitted, so this submission can no longer be decided.", kind.label)
	}
	return nil
}

// WithdrawApproval takes back a pending submission; only its author may.
func (a *App) WithdrawApproval(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Approval, error) {
	if err := forbid(actor.Can(isms.SubmitApprovals), "You may not withdraw submissions."); err != nil {
		return nil, err
	}
	var ap *isms.Approval
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if ap, err = tx.FindApprovalByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if ap.SubmittedBy != actor.UserID {
			return isms.Errorf(isms.Forbidden, "Only the author of a submission may withdraw it.")
		}
		if ap.Status != isms.ApprovalPending {
			return isms.Errorf(isms.Conflict, "This submission is %s; only pending submissions can be withdrawn.", ap.Status)
		}
		ap.Status, ap.ClosedAt = isms.ApprovalWithdrawn, tx.Now()
		if kind := approvables[ap.ObjectType]; kind.closed != nil {
			if err := kind.closed(ctx, tx, actor, ap); err != nil {
				return err
			}
		}
		if err := tx.UpdateApprovalDecision(ctx, ap, ""); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "approval.withdraw", ap.ObjectType, ap.ObjectID,
			isms.Changes{"status": {Before: string(isms.ApprovalPending), After: string(ap.Status)}})
	})
	return ap, err
}

// FindApprovals lists the submissions of the actor's organization.
func (a *App) FindApprovals(ctx context.Context, actor isms.Actor, f isms.ApprovalFilter) ([]*isms.Approval, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see approvals."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.Approval
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindApprovals(ctx, f)
		return err
	})
	return list, total, err
}

// FindApproval returns one submission of the actor's organization.
func (a *App) FindApproval(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Approval, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see approvals."); err != nil {
		return nil, err
	}
	var ap *isms.Approval
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		ap, err = tx.FindApprovalByID(ctx, actor.OrgID, id)
		return err
	})
	return ap, err
}
