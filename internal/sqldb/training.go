// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

const competenceColumns = `id, organization_id, role, skill, description, version, created_at`

func scanCompetenceRequirement(s interface{ Scan(...any) error }) (*isms.CompetenceRequirement, error) {
	var r isms.CompetenceRequirement
	err := s.Scan(&r.ID, &r.OrgID, &r.Role, &r.Skill, &r.Description, &r.Version, (*timestamp)(&r.CreatedAt))
	return &r, err
}

// InsertCompetenceRequirement stores a new requirement at version 1.
func (tx *Tx) InsertCompetenceRequirement(ctx context.Context, r *isms.CompetenceRequirement) error {
	r.Version, r.CreatedAt = 1, tx.now
	_, err := tx.exec(ctx, `INSERT INTO competence_requirements (`+competenceColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, r.OrgID, r.Role, r.Skill, r.Description, r.Version, tx.ts(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert competence requirement: %w", err)
	}
	return nil
}

// UpdateCompetenceRequirement stores the fields of r, which was read at
// version, and advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateCompetenceRequirement(ctx context.Context, r *isms.CompetenceRequirement, version int) error {
	res, err := tx.exec(ctx, `UPDATE competence_requirements SET role = ?, skill = ?, description = ?,
		version = version + 1 WHERE organization_id = ? AND id = ? AND version = ?`,
		r.Role, r.Skill, r.Description, r.OrgID, r.ID, version)
	if err != nil {
		return fmt.Errorf("update competence requirement: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("competence requirement")
	}
	r.Version = version + 1
	return nil
}

// DeleteCompetenceRequirement deletes requirement id of org. The training
// records that met it stay, meeting no requirement.
func (tx *Tx) DeleteCompetenceRequirement(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `UPDATE training_records SET requirement_id = NULL
		WHERE organization_id = ? AND requirement_id = ?`, org, id); err != nil {
		return fmt.Errorf("unlink training records of requirement: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM competence_requirements WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete competence requirement: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such competence requirement in this organization.")
	}
	return nil
}

// FindCompetenceRequirementByID returns requirement id of org.
func (tx *Tx) FindCompetenceRequirementByID(ctx context.Context, org, id isms.ID) (*isms.CompetenceRequirement, error) {
	r, err := scanCompetenceRequirement(tx.queryRow(ctx, `SELECT `+competenceColumns+` FROM competence_requirements
		WHERE organization_id = ? AND id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such competence requirement in this organization.")
	}
	return r, nil
}

// maxCompetenceRequirements caps the requirements read for one
// organization.
const maxCompetenceRequirements = 10000

// CompetenceRequirements returns the requirements of org, by role, then
// competence.
func (tx *Tx) CompetenceRequirements(ctx context.Context, org isms.ID) ([]*isms.CompetenceRequirement, error) {
	rows, err := tx.query(ctx, `SELECT `+competenceColumns+` FROM competence_requirements
		WHERE organization_id = ? ORDER BY LOWER(role), LOWER(skill), id LIMIT ?`, org, maxCompetenceRequirements)
	if err != nil {
		return nil, fmt.Errorf("select competence requirements: %w", err)
	}
	defer rows.Close()
	var out []*isms.CompetenceRequirement
	for rows.Next() {
		r, err := scanCompetenceRequirement(rows)
		if err != nil {
			return nil, fmt.Errorf("scan competence requirement: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// trainingColumns are the columns a training record is read from: the
// record joined to its person and the requirement it meets.
const trainingColumns = `t.id, t.organization_id, t.person_id, COALESCE(p.name, ''), COALESCE(t.requirement_id, ''),
	COALESCE(cr.skill, ''), t.course, t.completed_on, t.expires_on, COALESCE(t.evidence_id, ''), t.notes, t.created_at`

const trainingFrom = ` FROM training_records t LEFT JOIN people p ON p.id = t.person_id
	LEFT JOIN competence_requirements cr ON cr.id = t.requirement_id`

func scanTrainingRecord(s interface{ Scan(...any) error }) (*isms.TrainingRecord, error) {
	var t isms.TrainingRecord
	err := s.Scan(&t.ID, &t.OrgID, &t.PersonID, &t.PersonName, &t.RequirementID, &t.Skill, &t.Course,
		&t.CompletedOn, &t.ExpiresOn, &t.EvidenceID, &t.Notes, (*timestamp)(&t.CreatedAt))
	return &t, err
}

// InsertTrainingRecord stores a new training record.
func (tx *Tx) InsertTrainingRecord(ctx context.Context, t *isms.TrainingRecord) error {
	t.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO training_records (id, organization_id, person_id, requirement_id, course,
		completed_on, expires_on, evidence_id, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.OrgID, t.PersonID, nullID(t.RequirementID), t.Course, t.CompletedOn, t.ExpiresOn,
		nullID(t.EvidenceID), t.Notes, tx.ts(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert training record: %w", err)
	}
	return nil
}

// DeleteTrainingRecord deletes training record id of org.
func (tx *Tx) DeleteTrainingRecord(ctx context.Context, org, id isms.ID) error {
	res, err := tx.exec(ctx, `DELETE FROM training_records WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete training record: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such training record in this organization.")
	}
	return nil
}

// FindTrainingRecordByID returns training record id of org.
func (tx *Tx) FindTrainingRecordByID(ctx context.Context, org, id isms.ID) (*isms.TrainingRecord, error) {
	t, err := scanTrainingRecord(tx.queryRow(ctx, `SELECT `+trainingColumns+trainingFrom+`
		WHERE t.organization_id = ? AND t.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such training record in this organization.")
	}
	return t, nil
}

// TrainingRecords returns the training records of person personID of org,
// or of everyone when personID is "", newest first, without a page limit:
// the competence gap view weighs them all.
func (tx *Tx) TrainingRecords(ctx context.Context, org, personID isms.ID) ([]*isms.TrainingRecord, error) {
	where, args := "t.organization_id = ?", []any{org}
	if personID != "" {
		where, args = where+" AND t.person_id = ?", append(args, personID)
	}
	rows, err := tx.query(ctx, `SELECT `+trainingColumns+trainingFrom+` WHERE `+where+`
		ORDER BY t.completed_on DESC, t.created_at DESC, t.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("select training records: %w", err)
	}
	defer rows.Close()
	var out []*isms.TrainingRecord
	for rows.Next() {
		t, err := scanTrainingRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("scan training record: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
