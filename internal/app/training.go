// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Training records show that a person has a competence: a course,
// qualification or assessment completed on a date, optionally meeting one
// requirement, expiring or not, with its evidence. Whoever holds
// isms.ManagePeople records them. A record is a fact: it is added or
// deleted, never edited.

// objectTrainingRecord is the object type of training records in the
// audit trail.
const objectTrainingRecord = "training_record"

// TrainingInput is a training record as a form or the API gives it: dates
// as YYYY-MM-DD (ExpiresOn empty when it does not expire), the
// requirement and evidence by ID or empty. An empty Course takes the
// requirement's name.
type TrainingInput struct {
	PersonID, RequirementID, Course, CompletedOn, ExpiresOn, EvidenceID, Notes string
}

// apply sets the plain fields of t from in, recording what cannot be read
// in p.
func (in TrainingInput) apply(t *isms.TrainingRecord, p isms.Problems) {
	t.PersonID, t.RequirementID = isms.ID(strings.TrimSpace(in.PersonID)), isms.ID(strings.TrimSpace(in.RequirementID))
	t.EvidenceID = isms.ID(strings.TrimSpace(in.EvidenceID))
	t.Course, t.Notes = strings.TrimSpace(in.Course), strings.TrimSpace(in.Notes)
	var err error
	if t.CompletedOn, err = isms.ParseDate(strings.TrimSpace(in.CompletedOn)); err != nil {
		p.Add("completedOn", "Enter the completion date as YYYY-MM-DD.")
	}
	if t.ExpiresOn, err = isms.ParseDate(strings.TrimSpace(in.ExpiresOn)); err != nil {
		p.Add("expiresOn", "Enter the expiry date as YYYY-MM-DD, or leave it empty when it does not expire.")
	}
}

// resolve checks that the person, requirement and evidence of t are the
// organization's, and names them.
func (in TrainingInput) resolve(ctx context.Context, tx *sqldb.Tx, t *isms.TrainingRecord, p isms.Problems) error {
	if t.PersonID == "" {
		p.Add("personId", "Choose whose training this is.")
	} else if person, err := tx.FindPersonByID(ctx, t.OrgID, t.PersonID); isms.ErrorCode(err) == isms.NotFound {
		p.Add("personId", "There is no such person in this organization; choose one from the list of people.")
	} else if err != nil {
		return err
	} else {
		t.PersonName = person.Name
	}
	if t.RequirementID != "" {
		r, err := tx.FindCompetenceRequirementByID(ctx, t.OrgID, t.RequirementID)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			p.Add("requirementId", "There is no such competence requirement; choose one from the list, or none.")
		case err != nil:
			return err
		default:
			t.Skill = r.Skill
			if t.Course == "" {
				t.Course = r.Skill
			}
		}
	}
	if t.EvidenceID != "" {
		_, err := tx.FindEvidenceByID(ctx, t.OrgID, t.EvidenceID)
		if isms.ErrorCode(err) == isms.NotFound {
			p.Add("evidenceId", "There is no such evidence in this organization; add the certificate as evidence first.")
		} else if err != nil {
			return err
		}
	}
	return nil
}

// trainingFields are the fields of t as the audit trail records them.
func trainingFields(t *isms.TrainingRecord) []fieldDiff {
	return []fieldDiff{{"person", nil, t.PersonName}, {"requirement", nil, t.Skill}, {"course", nil, t.Course},
		{"completedOn", nil, t.CompletedOn.String()}, {"expiresOn", nil, t.ExpiresOn.String()},
		{"evidence", nil, string(t.EvidenceID)}, {"notes", nil, t.Notes}}
}

// AddTrainingRecord records a person's training.
func (a *App) AddTrainingRecord(ctx context.Context, actor isms.Actor, in TrainingInput) (*isms.TrainingRecord, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not record training."); err != nil {
		return nil, err
	}
	t := &isms.TrainingRecord{ID: isms.NewID("trn"), OrgID: actor.OrgID}
	p := isms.Problems{}
	in.apply(t, p)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := in.resolve(ctx, tx, t, p); err != nil {
			return err
		}
		if err := mergeProblems(p, t.Validate()); err != nil {
			return err
		}
		if err := tx.InsertTrainingRecord(ctx, t); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(t.OrgID), actor, "training_record.create", objectTrainingRecord, t.ID,
			createdSupport(trainingFields(t)))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// DeleteTrainingRecord deletes a training record entered by mistake.
func (a *App) DeleteTrainingRecord(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not delete training records."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		t, err := tx.FindTrainingRecordByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteTrainingRecord(ctx, actor.OrgID, t.ID); err != nil {
			return err
		}
		ch := isms.Changes{}
		for _, f := range trainingFields(t) {
			if f.after != "" {
				ch[f.name] = isms.Change{Before: f.after}
			}
		}
		return audit(ctx, tx, orgChain(t.OrgID), actor, "training_record.delete", objectTrainingRecord, t.ID, ch)
	})
}
