// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A risk's treatment plan (27001 6.1.3) is its treatment option, the plan
// text, the controls linked to it and its actions: tasks linked to the
// risk, each optionally carrying out one control, that appear in their
// owners' work. The risk owner approves the plan, and with it the residual
// risk it leaves (6.1.3 f), through the shared approval mechanism.

// objectRiskTreatment is the approval object type of treatment plans; its
// object ID is the risk's.
const objectRiskTreatment = "risk_treatment"

func init() {
	approvables[objectRiskTreatment] = approvable{
		label:      "risk treatment plan",
		submit:     isms.EditRisks,
		load:       loadTreatmentPlan,
		mayApprove: treatmentApprover,
		approved:   treatmentApproved,
		allowSelf:  true,
	}
}

// treatmentPlan is what approving a treatment plan approves.
type treatmentPlan struct {
	Ref           string          `json:"ref"`
	Title         string          `json:"title"`
	Treatment     string          `json:"treatment"`
	Plan          string          `json:"plan"`
	Actions       []treatmentStep `json:"actions"`
	Controls      []string        `json:"controls"`
	Residual      isms.RiskScore  `json:"residual"`
	ResidualLevel string          `json:"residualLevel"`
	MethodVersion int             `json:"methodVersion"`
}

// treatmentStep is one action of an approved plan.
type treatmentStep struct {
	Title   string    `json:"title"`
	Owner   string    `json:"owner"`
	Due     isms.Date `json:"due"`
	Control string    `json:"control,omitempty"`
}

// loadTreatmentPlan locks risk id and returns its plan for approval.
func loadTreatmentPlan(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
	r, err := tx.FindRiskByIDForUpdate(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	if r.Treatment == isms.TreatmentNone {
		return "", 0, nil, isms.Errorf(isms.Invalid, "Choose how to treat %s before submitting its treatment plan.", r.Ref)
	}
	actions, err := tx.RiskActions(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	controls, err := tx.RiskControls(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	var m *isms.RiskMethod
	if r.MethodID != "" {
		if m, err = tx.FindRiskMethodByID(ctx, org, r.MethodID); err != nil {
			return "", 0, nil, err
		}
	}
	title, b, err := treatmentPlanApproval(r, actions, controls, m)
	return title, r.Version, b, err
}

// treatmentPlanApproval returns the title and the content of a submission
// of r's treatment plan: its actions in due order, its controls in
// reference order and m, its method (nil when it has none).
func treatmentPlanApproval(r *isms.Risk, actions []isms.TreatmentAction, controls []*isms.Control, m *isms.RiskMethod) (string, []byte, error) {
	plan := treatmentPlan{Ref: r.Ref, Title: r.Title, Treatment: string(r.Treatment), Plan: r.TreatmentPlan,
		Actions: []treatmentStep{}, Controls: []string{}, Residual: r.Residual, MethodVersion: r.MethodNumber}
	for _, x := range actions {
		plan.Actions = append(plan.Actions, treatmentStep{Title: x.Title, Owner: x.OwnerName, Due: x.Due, Control: x.ControlRef})
	}
	for _, c := range controls {
		plan.Controls = append(plan.Controls, c.Ref)
	}
	if m != nil {
		plan.ResidualLevel = m.LevelLabel(r.Residual.Level)
	}
	b, err := json.MarshalIndent(plan, "", "  ")
	return "Treatment plan of risk " + r.Ref + ": " + r.Title, b, err
}

// treatmentApprover allows only the risk's owner to approve its plan.
func treatmentApprover(ctx context.Context, tx *sqldb.Tx, org, riskID isms.ID, u *isms.User, _ *isms.Membership) (string, error) {
	r, err := tx.FindRiskByID(ctx, org, riskID)
	if err != nil {
		return "", err
	}
	switch {
	case r.OwnerID == "":
		return r.Ref + " has no owner; give it one, who then approves its treatment plan.", nil
	case r.OwnerID != u.ID:
		return "Only the risk owner, " + r.OwnerName + ", approves its treatment plan.", nil
	}
	return "", nil
}

// treatmentApproved puts a risk whose plan is approved into treatment,
// unless people moved it further already (in treatment, accepted, closed).
func treatmentApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	r, err := tx.FindRiskByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	before := r.Status
	switch before {
	case isms.RiskIdentified, isms.RiskAssessed, isms.RiskTreatmentPlanned:
	default:
		return nil
	}
	r.Status = isms.RiskInTreatment
	if err := tx.UpdateRisk(ctx, r, r.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(r.OrgID), actor, "risk.update", objectRisk, r.ID, isms.Changes{
		"status":       {Before: string(before), After: string(isms.RiskInTreatment)},
		"planApproval": {After: string(ap.ID)}})
}

// TreatmentActionInput is a new action of a treatment plan: a task for
// OwnerID due on Due (YYYY-MM-DD), optionally carrying out Control (an ID
// or reference).
type TreatmentActionInput struct {
	Title, Description, OwnerID, Due, Control string
}

// AddTreatmentAction adds an action to a risk's treatment plan: a task
// linked to the risk, whose owner is told of it.
func (a *App) AddTreatmentAction(ctx context.Context, actor isms.Actor, riskID isms.ID, in TreatmentActionInput) (*isms.TreatmentAction, error) {
	if err := forbid(actor.Can(isms.EditRisks) && actor.Can(isms.AssignWork), "You may not plan treatment actions."); err != nil {
		return nil, err
	}
	var out *isms.TreatmentAction
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindRiskByIDForUpdate(ctx, actor.OrgID, riskID)
		if err != nil {
			return err
		}
		if r.Status == isms.RiskClosed {
			return isms.Errorf(isms.Conflict, "%s is closed; reopen it before planning its treatment.", r.Ref)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectRiskTreatment, r.ID); err != nil {
			return err
		}
		t, ctl, err := a.insertActionTask(ctx, tx, actor, r, in)
		if err != nil {
			return err
		}
		changes := isms.Changes{"action": {After: t.Title}, "owner": {After: t.OwnerName}, "due": {After: t.Due.String()}}
		if ctl != nil {
			changes["control"] = isms.Change{After: ctl.Ref}
		}
		if err := audit(ctx, tx, orgChain(r.OrgID), actor, "risk.action.add", objectRisk, r.ID, changes); err != nil {
			return err
		}
		out, err = tx.FindRiskAction(ctx, actor.OrgID, t.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertActionTask checks and stores the task of a new action of r and
// ties it to r's plan, reporting every problem at once.
func (a *App) insertActionTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk, in TreatmentActionInput) (*isms.Task, *isms.Control, error) {
	p := isms.Problems{}
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: r.OrgID, Title: in.Title, Description: in.Description,
		OwnerID: isms.ID(strings.TrimSpace(in.OwnerID)), Status: isms.TaskOpen,
		Link: isms.Link{Type: objectRisk, ID: r.ID}, CreatedBy: actor.UserID}
	due, err := isms.ParseDate(strings.TrimSpace(in.Due))
	if err != nil {
		p.Add("due", "Enter the due date as YYYY-MM-DD.")
	}
	t.Due = due
	var ctl *isms.Control
	if s := strings.TrimSpace(in.Control); s != "" {
		ctl, err = findControlByIDOrRef(ctx, tx, r.OrgID, s)
		if isms.ErrorCode(err) == isms.NotFound {
			p.Add("control", "There is no control "+quote(s)+" in this organization.")
		} else if err != nil {
			return nil, nil, err
		}
	}
	if err := insertTask(ctx, tx, actor, t, p); err != nil {
		return nil, nil, err
	}
	controlID := isms.ID("")
	if ctl != nil {
		controlID = ctl.ID
	}
	if err := tx.InsertRiskAction(ctx, r.OrgID, r.ID, t.ID, controlID); err != nil {
		return nil, nil, err
	}
	return t, ctl, a.enqueueAssigned(ctx, tx, actor, t)
}

// RemoveTreatmentAction takes an action off a risk's treatment plan; its
// task, if still open, is cancelled.
func (a *App) RemoveTreatmentAction(ctx context.Context, actor isms.Actor, riskID, taskID isms.ID) error {
	if err := forbid(actor.Can(isms.EditRisks) && actor.Can(isms.AssignWork), "You may not change treatment plans."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindRiskByIDForUpdate(ctx, actor.OrgID, riskID)
		if err != nil {
			return err
		}
		x, err := tx.FindRiskAction(ctx, actor.OrgID, taskID)
		if err != nil {
			return err
		}
		if x.RiskID != r.ID {
			return isms.Errorf(isms.NotFound, "No such action in the treatment plan of %s.", r.Ref)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectRiskTreatment, r.ID); err != nil {
			return err
		}
		if err := cancelOpenTask(ctx, tx, actor, r.OrgID, taskID, "Removed from the treatment plan of "+r.Ref+"."); err != nil {
			return err
		}
		if err := tx.DeleteRiskAction(ctx, actor.OrgID, taskID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "risk.action.remove", objectRisk, r.ID,
			isms.Changes{"action": {Before: x.Title}})
	})
}
