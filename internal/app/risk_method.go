// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The risk method is versioned: whoever holds isms.ManageRiskMethod drafts
// a new version (from a ready-made preset or as a copy of the current
// one), edits it and submits it through the shared approval mechanism.
// Approving a version makes it the one risks are scored under and
// supersedes the one before; risks keep the version they were scored under
// until they are re-scored (rescore.go).

// objectRiskMethod is the object type of risk method versions in the audit
// trail, in links and in approvals.
const objectRiskMethod = "risk_method"

func init() {
	approvables[objectRiskMethod] = approvable{
		label:    "risk method",
		submit:   isms.ManageRiskMethod,
		load:     loadRiskMethodForApproval,
		approved: riskMethodApproved,
	}
	linkables[objectRiskMethod] = linkable{
		label: "risk method",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			m, err := findRiskMethodByIDOrLabel(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return m.ID, "Risk method " + m.VersionLabel(), nil
		},
	}
}

// findRiskMethodByIDOrLabel returns a method version by its ID or, failing
// that, its version label ("v2").
func findRiskMethodByIDOrLabel(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.RiskMethod, error) {
	s = strings.TrimSpace(s)
	m, err := tx.FindRiskMethodByID(ctx, org, isms.ID(s))
	if isms.ErrorCode(err) != isms.NotFound || !strings.HasPrefix(strings.ToLower(s), "v") {
		return m, err
	}
	list, err := tx.FindRiskMethods(ctx, org)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		if strings.EqualFold(m.VersionLabel(), s) {
			return m, nil
		}
	}
	return nil, isms.Errorf(isms.NotFound, "No such risk method version.")
}

// loadRiskMethodForApproval locks a method version and returns what its
// approval covers. Only drafts can be submitted and decided.
func loadRiskMethodForApproval(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
	m, err := tx.FindRiskMethodByIDForUpdate(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	if err := checkDraft(m); err != nil {
		return "", 0, nil, err
	}
	return fmt.Sprintf("Risk method %s: %s", m.VersionLabel(), m.Name), m.Version, m.ApprovalContent(), nil
}

// checkDraft returns a Conflict unless m is a draft: approved and
// superseded versions are the record of how risks were scored.
func checkDraft(m *isms.RiskMethod) error {
	if m.Status == isms.MethodDraft {
		return nil
	}
	return isms.Errorf(isms.Conflict, "%s is %s; create a new version to change the method.", m.VersionLabel(), m.Status)
}

// riskMethodApproved makes an approved draft the current version and
// supersedes the version before it.
func riskMethodApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	m, err := tx.FindRiskMethodByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	prev, err := currentRiskMethod(ctx, tx, ap.OrgID)
	if err != nil {
		return err
	}
	changes := isms.Changes{"status": {Before: string(m.Status), After: string(isms.MethodApproved)},
		"number": {After: m.Number}, "approval": {After: string(ap.ID)}, "contentSha256": {After: ap.ContentSHA256}}
	if prev != nil && prev.ID != m.ID {
		prev.Status = isms.MethodSuperseded
		if err := tx.UpdateRiskMethod(ctx, prev, prev.Version); err != nil {
			return err
		}
		changes["supersedes"] = isms.Change{After: prev.Number}
	}
	m.Status, m.ApprovedAt, m.ApprovalID = isms.MethodApproved, tx.Now(), ap.ID
	if err := tx.UpdateRiskMethod(ctx, m, m.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(ap.OrgID), actor, "risk_method.approve", objectRiskMethod, m.ID, changes)
}

// currentRiskMethod returns the organization's approved method version, or
// nil when none is approved yet.
func currentRiskMethod(ctx context.Context, tx *sqldb.Tx, org isms.ID) (*isms.RiskMethod, error) {
	m, err := tx.FindCurrentRiskMethod(ctx, org)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	}
	return m, err
}

// RiskMethodDraftInput says where a new draft version starts from: Preset
// 3, 4 or 5 for a ready-made method of that size, 0 for a copy of the
// current approved version (a 5×5 preset when none is approved).
type RiskMethodDraftInput struct {
	Preset int
}

// startingMethod returns the draft content in asks for; current may be nil.
func (in RiskMethodDraftInput) startingMethod(current *isms.RiskMethod, number int) (*isms.RiskMethod, string, error) {
	if in.Preset == 0 && current != nil {
		return current.NextDraft(number), "copy of " + current.VersionLabel(), nil
	}
	size := in.Preset
	if size == 0 {
		size = 5
	}
	ok := false
	for _, s := range isms.RiskMethodPresetSizes {
		ok = ok || s == size
	}
	if !ok {
		return nil, "", isms.Problems{"preset": "Choose a 3×3, 4×4 or 5×5 starting point, or a copy of the current version."}.Err()
	}
	m, err := isms.RiskMethodPreset(size)
	if err != nil {
		return nil, "", fmt.Errorf("risk method preset %d: %w", size, err)
	}
	return m, fmt.Sprintf("preset %d×%d", size, size), nil
}

// CreateRiskMethodDraft starts the next version of the organization's
// risk method as a draft. There is at most one draft at a time.
func (a *App) CreateRiskMethodDraft(ctx context.Context, actor isms.Actor, in RiskMethodDraftInput) (*isms.RiskMethod, error) {
	if err := forbid(actor.Can(isms.ManageRiskMethod), "You may not change the risk method."); err != nil {
		return nil, err
	}
	var m *isms.RiskMethod
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		list, err := tx.FindRiskMethods(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		var current *isms.RiskMethod
		number := 1
		for _, x := range list {
			if x.Status == isms.MethodDraft {
				return isms.Errorf(isms.Conflict, "Draft %s exists; edit it or delete it first.", x.VersionLabel())
			}
			if x.Status == isms.MethodApproved {
				current = x
			}
			number = max(number, x.Number+1)
		}
		var source string
		if m, source, err = in.startingMethod(current, number); err != nil {
			return err
		}
		m.ID, m.OrgID, m.Number, m.Status, m.CreatedBy = isms.NewID("rmt"), actor.OrgID, number, isms.MethodDraft, actor.UserID
		if err := tx.InsertRiskMethod(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "risk_method.create", objectRiskMethod, m.ID,
			isms.Created(map[string]any{"number": m.Number, "name": m.Name, "status": string(m.Status), "source": source,
				"likelihoodLevels": len(m.Likelihood), "impactLevels": len(m.Impact), "riskLevels": len(m.Levels)}))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// UpdateRiskMethod replaces the editable fields of draft id with those of
// m: name, description, scales, C/I/A assessment and its rule, levels with
// their acceptance criteria, matrix and reassessment interval. version is
// the version the person edited; a newer stored one is a conflict.
func (a *App) UpdateRiskMethod(ctx context.Context, actor isms.Actor, id isms.ID, version int, m *isms.RiskMethod) (*isms.RiskMethod, error) {
	if err := forbid(actor.Can(isms.ManageRiskMethod), "You may not change the risk method."); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, isms.Errorf(isms.Invalid, "Give the method version's content to save.")
	}
	var cur *isms.RiskMethod
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if cur, err = tx.FindRiskMethodByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if err := checkDraft(cur); err != nil {
			return err
		}
		if cur.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this draft while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", version, cur.Version)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectRiskMethod, id); err != nil {
			return err
		}
		before := *cur
		cur.Name, cur.Description, cur.CIA, cur.ImpactRule, cur.ReviewMonths = m.Name, m.Description, m.CIA, m.ImpactRule, m.ReviewMonths
		cur.Likelihood = append([]isms.RiskScaleLevel(nil), m.Likelihood...)
		cur.Impact = append([]isms.RiskScaleLevel(nil), m.Impact...)
		cur.Levels = append([]isms.RiskLevel(nil), m.Levels...)
		cur.Matrix = make([][]int, len(m.Matrix))
		for i, row := range m.Matrix {
			cur.Matrix[i] = append([]int(nil), row...)
		}
		cur.Normalize()
		if err := checkRiskMethod(ctx, tx, cur); err != nil {
			return err
		}
		changes := riskMethodChanges(&before, cur)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateRiskMethod(ctx, cur, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "risk_method.update", objectRiskMethod, cur.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return cur, nil
}

// checkRiskMethod reports every problem with m at once, including named
// accepters who are not active members.
func checkRiskMethod(ctx context.Context, tx *sqldb.Tx, m *isms.RiskMethod) error {
	p := isms.Problems{}
	for i, l := range m.Levels {
		if l.AcceptBy == isms.AcceptByPerson && l.AcceptUserID != "" {
			if _, err := activeMemberName(ctx, tx, m.OrgID, l.AcceptUserID, fmt.Sprintf("levels[%d].acceptUserId", i), p); err != nil {
				return err
			}
		}
	}
	return mergeProblems(p, m.Validate())
}

// riskMethodChanges returns what changed between two versions of a draft.
// Scales, levels and matrix are recorded whole when they change.
func riskMethodChanges(b, m *isms.RiskMethod) isms.Changes {
	ch := isms.Changes{}
	for _, f := range []struct {
		name          string
		before, after any
	}{
		{"name", b.Name, m.Name}, {"description", b.Description, m.Description}, {"cia", b.CIA, m.CIA},
		{"impactRule", string(b.ImpactRule), string(m.ImpactRule)}, {"reviewMonths", b.ReviewMonths, m.ReviewMonths},
		{"likelihood", b.Likelihood, m.Likelihood}, {"impact", b.Impact, m.Impact},
		{"levels", b.Levels, m.Levels}, {"matrix", b.Matrix, m.Matrix},
	} {
		if !sameJSON(f.before, f.after) {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	return ch
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(x) == string(y)
}

// DeleteRiskMethodDraft deletes a draft version that is not awaiting
// approval.
func (a *App) DeleteRiskMethodDraft(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageRiskMethod), "You may not change the risk method."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindRiskMethodByIDForUpdate(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if m.Status != isms.MethodDraft {
			return isms.Errorf(isms.Conflict, "%s is %s; only drafts can be deleted, approved versions stay as the record of how risks were scored.", m.VersionLabel(), m.Status)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectRiskMethod, id); err != nil {
			return err
		}
		if err := tx.DeleteRiskMethod(ctx, actor.OrgID, id); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "risk_method.delete", objectRiskMethod, m.ID,
			isms.Changes{"number": {Before: m.Number}, "name": {Before: m.Name}, "status": {Before: string(m.Status)}})
	})
}

// RiskMethods lists every version of the organization's method, newest
// first.
func (a *App) RiskMethods(ctx context.Context, actor isms.Actor) ([]*isms.RiskMethod, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the risk method."); err != nil {
		return nil, err
	}
	var list []*isms.RiskMethod
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, err = tx.FindRiskMethods(ctx, actor.OrgID)
		return err
	})
	return list, err
}

// CurrentRiskMethod returns the approved version risks are scored under;
// NotFound when no version is approved yet.
func (a *App) CurrentRiskMethod(ctx context.Context, actor isms.Actor) (*isms.RiskMethod, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the risk method."); err != nil {
		return nil, err
	}
	var m *isms.RiskMethod
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		m, err = tx.FindCurrentRiskMethod(ctx, actor.OrgID)
		return err
	})
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, isms.Errorf(isms.NotFound, "No risk method is approved yet; draft one from a preset and submit it for approval.")
	}
	return m, err
}

// RiskMethodDetail is one method version with its newest submission and
// newest approval (either may be nil), how many risks are scored under it
// and the current approved version (nil when none).
type RiskMethodDetail struct {
	Method           *isms.RiskMethod
	Latest, Approved *isms.Approval
	Risks            int
	Current          *isms.RiskMethod
}

// FindRiskMethod returns a method version, by ID or version label ("v2"),
// with its approvals.
func (a *App) FindRiskMethod(ctx context.Context, actor isms.Actor, id isms.ID) (*RiskMethodDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the risk method."); err != nil {
		return nil, err
	}
	d := &RiskMethodDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Method, err = findRiskMethodByIDOrLabel(ctx, tx, actor.OrgID, string(id)); err != nil {
			return err
		}
		if d.Latest, d.Approved, err = latestApprovals(ctx, tx, actor.OrgID, objectRiskMethod, d.Method.ID); err != nil {
			return err
		}
		counts, err := tx.CountRisksByMethod(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		d.Risks = counts[d.Method.ID]
		d.Current, err = currentRiskMethod(ctx, tx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find risk method %s: %w", id, err)
	}
	return d, nil
}
