// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// An SoA draft is approved through the shared approval mechanism. It is
// submitted by SubmitSoA, which records every line's sources with the
// draft (frozen) so that what approvers sign is what auditors later read;
// approving it makes it the version in force and supersedes the one
// before it; rejecting or withdrawing the submission unfreezes it.

func init() {
	approvables[objectSoA] = approvable{
		label:    "Statement of Applicability",
		submit:   isms.EditSoA,
		load:     loadSoAForApproval,
		approved: soaApproved,
		closed:   soaClosed,
	}
}

// loadSoAForApproval locks an SoA version and returns what its approval
// covers: the version and its lines as recorded. Only a draft whose
// sources were recorded (frozen) can be submitted and decided.
func loadSoAForApproval(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
	s, err := tx.FindSoAByIDForUpdate(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	if err := checkSoADraft(s); err != nil {
		return "", 0, nil, err
	}
	if !s.Frozen {
		return "", 0, nil, isms.Errorf(isms.Conflict, "Submit the SoA from its page, which records its sources with the version before it goes to approval.")
	}
	lines, err := tx.FindSoALines(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	return soaTitle(s), s.Version, s.ApprovalContent(lines), nil
}

// soaTitle names a version for people: "Statement of Applicability
// (ISO/IEC 27001:2022) v2".
func soaTitle(s *isms.SoA) string {
	return "Statement of Applicability (" + s.FrameworkName + ") " + s.VersionLabel()
}

// checkSoADraft returns a Conflict unless s is a draft: approved and
// superseded versions are the record of what applied.
func checkSoADraft(s *isms.SoA) error {
	if s.Status == isms.SoADraft {
		return nil
	}
	return isms.Errorf(isms.Conflict, "SoA %s is %s and cannot change; start a new draft to change the Statement of Applicability.", s.VersionLabel(), s.Status)
}

// soaApproved makes an approved draft the version in force and
// supersedes the approved version of the same framework.
func soaApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	s, err := tx.FindSoAByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	prev, err := soaWithStatus(ctx, tx, ap.OrgID, s.FrameworkID, isms.SoAApproved)
	if err != nil {
		return err
	}
	changes := isms.Changes{"status": {Before: string(s.Status), After: string(isms.SoAApproved)},
		"framework": {After: s.FrameworkName}, "number": {After: s.Number},
		"approval": {After: string(ap.ID)}, "contentSha256": {After: ap.ContentSHA256}}
	if prev != nil && prev.ID != s.ID {
		prev.Status = isms.SoASuperseded
		if err := tx.UpdateSoA(ctx, prev, prev.Version); err != nil {
			return err
		}
		changes["supersedes"] = isms.Change{After: prev.Number}
	}
	s.Status, s.ApprovedAt, s.ApprovalID = isms.SoAApproved, tx.Now(), ap.ID
	if err := tx.UpdateSoA(ctx, s, s.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(ap.OrgID), actor, objectSoA+".approve", objectSoA, s.ID, changes)
}

// soaClosed unfreezes a draft whose submission was rejected or withdrawn:
// its lines show live sources again and can change.
func soaClosed(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	s, err := tx.FindSoAByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil // discarded meanwhile: nothing to unfreeze
	} else if err != nil || s.Status != isms.SoADraft || !s.Frozen {
		return err
	}
	s.Frozen = false
	return tx.UpdateSoA(ctx, s, s.Version)
}

// soaDraftToDiscard returns framework's SoA draft, which deleting the
// framework discards, or nil; a draft awaiting approval is a Conflict.
func soaDraftToDiscard(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID) (*isms.SoA, error) {
	s, err := soaWithStatus(ctx, tx, org, framework, isms.SoADraft)
	if s == nil || err != nil {
		return nil, err
	}
	pending, _, err := tx.FindApprovals(ctx, isms.ApprovalFilter{OrgID: org, ObjectType: objectSoA, ObjectID: s.ID,
		Status: isms.ApprovalPending, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, isms.Errorf(isms.Conflict, "Draft %s of the framework's Statement of Applicability awaits approval; have it decided or withdrawn before deleting the framework.", s.VersionLabel())
	}
	return s, nil
}

// soaWithStatus returns framework's SoA version with status, or nil when
// there is none.
func soaWithStatus(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID, status isms.SoAStatus) (*isms.SoA, error) {
	s, err := tx.FindSoAWithStatus(ctx, org, framework, status)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	}
	return s, err
}

// soaApprover sets s.ApprovedBy from its approval's approvers.
func soaApprover(ctx context.Context, tx *sqldb.Tx, s *isms.SoA) error {
	if s == nil || s.ApprovalID == "" {
		return nil
	}
	ap, err := tx.FindApprovalByID(ctx, s.OrgID, s.ApprovalID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	s.ApprovedBy = approverNames(ap)
	return nil
}

// SubmitSoA submits a draft (in.ObjectID, read at in.Version) for
// approval: it derives every line's sources, refuses while the
// consistency check finds errors (naming the lines), records the sources
// with the draft (frozen) and submits it, in one transaction.
func (a *App) SubmitSoA(ctx context.Context, actor isms.Actor, in SubmitInput) (*isms.Approval, error) {
	if err := forbid(actor.Can(isms.SubmitApprovals) && actor.Can(isms.EditSoA), "You may not submit the Statement of Applicability for approval."); err != nil {
		return nil, err
	}
	in.ObjectType = objectSoA
	var out *isms.Approval
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := editableSoA(ctx, tx, actor, in.ObjectID)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != s.Version {
			return isms.Errorf(isms.Conflict, "The Statement of Applicability changed since you looked at it (version %d is now %d). Review the new version, then submit it.", in.Version, s.Version)
		}
		if err := a.freezeSoA(ctx, tx, s); err != nil {
			return err
		}
		in.Version = s.Version
		out, err = a.submitIn(ctx, tx, actor, approvables[objectSoA], in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// freezeSoA derives the sources of draft s's lines and, when the lines are
// consistent, records them with the draft and marks it frozen.
func (a *App) freezeSoA(ctx context.Context, tx *sqldb.Tx, s *isms.SoA) error {
	lines, err := tx.FindSoALines(ctx, s.OrgID, s.ID)
	if err != nil {
		return err
	}
	today := a.today()
	derived, err := deriveSoASources(ctx, tx, s.OrgID, s.FrameworkID, today)
	if err != nil {
		return err
	}
	applySoASources(lines, derived, today)
	if err := soaInconsistent(isms.CheckSoA(lines)); err != nil {
		return err
	}
	sources := make(map[isms.ID]isms.SoASources, len(lines))
	for _, l := range lines {
		sources[l.RequirementID] = l.Sources
	}
	if err := tx.SetSoASources(ctx, s.OrgID, s.ID, sources); err != nil {
		return err
	}
	s.Frozen = true
	return tx.UpdateSoA(ctx, s, s.Version)
}

// maxNamedSoALines is how many inconsistent lines a refused submission
// names.
const maxNamedSoALines = 5

// soaInconsistent returns an Invalid error naming the first lines with an
// issue of severity error, or nil when there is none.
func soaInconsistent(issues []isms.SoAIssue) error {
	var named []string
	seen := map[isms.ID]bool{}
	for _, i := range issues {
		if i.Severity != isms.SoAError || seen[i.RequirementID] {
			continue
		}
		seen[i.RequirementID] = true
		if len(named) < maxNamedSoALines {
			named = append(named, i.Message)
		}
	}
	switch n := len(seen); {
	case n == 0:
		return nil
	case n == 1:
		return isms.Errorf(isms.Invalid, "1 line is inconsistent: %s", named[0])
	case n > maxNamedSoALines:
		return isms.Errorf(isms.Invalid, "%d lines are inconsistent: %s … and %d more lines; the SoA page lists them all.",
			n, strings.Join(named, " "), n-maxNamedSoALines)
	default:
		return isms.Errorf(isms.Invalid, "%d lines are inconsistent: %s", n, strings.Join(named, " "))
	}
}
