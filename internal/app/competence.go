// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Competence requirements say what each ISMS role must know; the gap view
// shows who in which role lacks which requirement, and a task closes a
// gap. Whoever holds isms.ManagePeople defines them; whoever reads the
// ISMS sees them.

// objectCompetenceRequirement is the object type of competence
// requirements in the audit trail.
const objectCompetenceRequirement = "competence_requirement"

// RequirementInput is a competence requirement as a form or the API gives
// it.
type RequirementInput struct {
	Role, Skill, Description string
}

// apply sets the fields of r from in.
func (in RequirementInput) apply(r *isms.CompetenceRequirement) {
	r.Role, r.Skill, r.Description = strings.TrimSpace(in.Role), strings.TrimSpace(in.Skill), strings.TrimSpace(in.Description)
}

// requirementFields are the fields of r as the audit trail records them.
func requirementFields(r *isms.CompetenceRequirement) []fieldDiff {
	return []fieldDiff{{"role", nil, r.Role}, {"skill", nil, r.Skill}, {"description", nil, r.Description}}
}

// CreateCompetenceRequirement adds a requirement of an ISMS role.
func (a *App) CreateCompetenceRequirement(ctx context.Context, actor isms.Actor, in RequirementInput) (*isms.CompetenceRequirement, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not define competence requirements."); err != nil {
		return nil, err
	}
	r := &isms.CompetenceRequirement{ID: isms.NewID("creq"), OrgID: actor.OrgID}
	in.apply(r)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertCompetenceRequirement(ctx, r); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "competence_requirement.create", objectCompetenceRequirement, r.ID,
			createdSupport(requirementFields(r)))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateCompetenceRequirement changes a requirement. version is the
// version the person edited; a newer stored one is a conflict.
func (a *App) UpdateCompetenceRequirement(ctx context.Context, actor isms.Actor, id isms.ID, version int, in RequirementInput) (*isms.CompetenceRequirement, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not edit competence requirements."); err != nil {
		return nil, err
	}
	var r *isms.CompetenceRequirement
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if r, err = tx.FindCompetenceRequirementByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if r.Version != version {
			return staleConflict("competence requirement", version, r.Version)
		}
		b := requirementFields(r)
		in.apply(r)
		if err := r.Validate(); err != nil {
			return err
		}
		f := requirementFields(r)
		for i := range f {
			f[i].before = b[i].after
		}
		changes := diffSupport(f...)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateCompetenceRequirement(ctx, r, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "competence_requirement.update", objectCompetenceRequirement, r.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DeleteCompetenceRequirement deletes a requirement that no training
// record meets.
func (a *App) DeleteCompetenceRequirement(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not delete competence requirements."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindCompetenceRequirementByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		records, err := tx.TrainingRecords(ctx, actor.OrgID, "")
		if err != nil {
			return err
		}
		n := 0
		for _, t := range records {
			if t.RequirementID == r.ID {
				n++
			}
		}
		if n > 0 {
			return isms.Errorf(isms.Conflict, "%d training records meet %s, so it cannot be deleted. Edit it instead, or delete those records first.", n, quote(r.Skill))
		}
		if err := tx.DeleteCompetenceRequirement(ctx, actor.OrgID, r.ID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "competence_requirement.delete", objectCompetenceRequirement, r.ID,
			isms.Changes{"role": {Before: r.Role}, "skill": {Before: r.Skill}})
	})
}

// CompetenceRequirements lists the organization's requirements.
func (a *App) CompetenceRequirements(ctx context.Context, actor isms.Actor) ([]*isms.CompetenceRequirement, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see competence requirements."); err != nil {
		return nil, err
	}
	var list []*isms.CompetenceRequirement
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, err = tx.CompetenceRequirements(ctx, actor.OrgID)
		return err
	})
	return list, err
}

// CompetenceGaps lists, for every active person, each requirement of
// their roles that no training record valid today meets.
func (a *App) CompetenceGaps(ctx context.Context, actor isms.Actor) ([]isms.CompetenceGap, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see competence gaps."); err != nil {
		return nil, err
	}
	var gaps []isms.CompetenceGap
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		gaps, err = competenceGaps(ctx, tx, actor.OrgID, a.today())
		return err
	})
	return gaps, err
}

// competenceGaps returns the gaps of the organization's people on today.
func competenceGaps(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date) ([]isms.CompetenceGap, error) {
	people, err := tx.AllPeople(ctx, org)
	if err != nil {
		return nil, err
	}
	reqs, err := tx.CompetenceRequirements(ctx, org)
	if err != nil {
		return nil, err
	}
	records, err := tx.TrainingRecords(ctx, org, "")
	if err != nil {
		return nil, err
	}
	return isms.CompetenceGaps(people, reqs, records, today), nil
}

// CloseGapTask gives owner a task to close one person's competence gap,
// linked to the person: "Close competence gap: <skill> for <name>". An
// empty owner is the person's own account; an empty due date is in 30
// days.
func (a *App) CloseGapTask(ctx context.Context, actor isms.Actor, personID, requirementID isms.ID, ownerID isms.ID, due string) (*isms.Task, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not plan training."); err != nil {
		return nil, err
	}
	p := isms.Problems{}
	d, err := isms.ParseDate(strings.TrimSpace(due))
	if err != nil {
		p.Add("due", "Enter the due date as YYYY-MM-DD.")
	}
	if d.IsZero() && err == nil {
		d = a.today().AddDays(30)
	}
	var t *isms.Task
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		gap, err := findGap(ctx, tx, actor.OrgID, personID, requirementID, a.today())
		if err != nil {
			return err
		}
		if ownerID == "" {
			ownerID = gap.Person.UserID
		}
		if ownerID == "" {
			p.Add("owner", gap.Person.Name+" has no account; choose who arranges the training.")
		}
		t = &isms.Task{ID: isms.NewID("tsk"), OrgID: actor.OrgID, OwnerID: ownerID, Due: d, Status: isms.TaskOpen,
			Title:       "Close competence gap: " + gap.Requirement.Skill + " for " + gap.Person.Name,
			Description: gapDescription(gap), Link: isms.Link{Type: objectPerson, ID: gap.Person.ID}, CreatedBy: actor.UserID}
		if err := insertTask(ctx, tx, actor, t, p); err != nil {
			return err
		}
		return a.enqueueAssigned(ctx, tx, actor, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// findGap returns the gap of person for requirement on today; a Conflict
// when the person meets it.
func findGap(ctx context.Context, tx *sqldb.Tx, org, personID, requirementID isms.ID, today isms.Date) (*isms.CompetenceGap, error) {
	person, err := tx.FindPersonByID(ctx, org, personID)
	if err != nil {
		return nil, err
	}
	req, err := tx.FindCompetenceRequirementByID(ctx, org, requirementID)
	if err != nil {
		return nil, err
	}
	records, err := tx.TrainingRecords(ctx, org, person.ID)
	if err != nil {
		return nil, err
	}
	if gaps := isms.CompetenceGaps([]*isms.Person{person}, []*isms.CompetenceRequirement{req}, records, today); len(gaps) > 0 {
		return &gaps[0], nil
	}
	return nil, isms.Errorf(isms.Conflict, "%s has no gap for %s: either their roles do not require it or a valid training record meets it.", person.Name, quote(req.Skill))
}

// gapDescription explains a gap in the task that closes it.
func gapDescription(g *isms.CompetenceGap) string {
	s := fmt.Sprintf("The role %s requires %s.", quote(g.Requirement.Role), quote(g.Requirement.Skill))
	if g.Expired {
		s += " The last training record for it expired on " + g.ExpiredOn.String() + "."
	}
	return s + " Record the training once it is done."
}
