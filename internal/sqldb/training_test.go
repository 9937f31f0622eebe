// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// skills returns the skills of rs, in order.
func skills(rs []*isms.CompetenceRequirement) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Skill)
	}
	return out
}

func TestCompetenceRequirementStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newPeopleFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindCompetenceRequirementByID(ctx, f.org.ID, f.lead.ID)
			if d := cmp.Diff(f.lead, got); d != "" || err != nil {
				t.Errorf("FindCompetenceRequirementByID (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindCompetenceRequirementByID(ctx, f.other.ID, f.lead.ID)
			wantCode(t, "FindCompetenceRequirementByID(another organization)", err, isms.NotFound)
			all, err := tx.CompetenceRequirements(ctx, f.org.ID)
			want := []string{"Audit ethics", "Lead auditor course", "ISO/IEC 27001 foundation"}
			if d := cmp.Diff(want, skills(all)); d != "" || err != nil {
				t.Errorf("CompetenceRequirements (-want +got):\n%s%v", d, err)
			}
			return nil
		})

		r := f.ethics
		r.Role, r.Skill, r.Description = "Internal auditor", "Auditor code of ethics", "Signed yearly"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateCompetenceRequirement(ctx, r, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateCompetenceRequirement(ctx, r, 1) })
		wantCode(t, "UpdateCompetenceRequirement(stale version)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindCompetenceRequirementByID(ctx, f.org.ID, r.ID)
			if d := cmp.Diff(r, got); d != "" || err != nil || got.Version != 2 {
				t.Errorf("after UpdateCompetenceRequirement (-want +got):\n%s%v", d, err)
			}
			return nil
		})

		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteCompetenceRequirement(ctx, f.other.ID, f.lead.ID) })
		wantCode(t, "DeleteCompetenceRequirement(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteCompetenceRequirement(ctx, f.org.ID, f.lead.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindCompetenceRequirementByID(ctx, f.org.ID, f.lead.ID)
			wantCode(t, "FindCompetenceRequirementByID(deleted)", err, isms.NotFound)
			rec, err := tx.FindTrainingRecordByID(ctx, f.org.ID, f.catLead.ID)
			if err != nil || rec.RequirementID != "" || rec.Skill != "" || rec.Course != "Lead auditor" {
				t.Errorf("record of a deleted requirement = %+v, %v; want it kept, meeting none", rec, err)
			}
			bob, err := tx.FindPersonByID(ctx, f.org.ID, f.people["Bob"].ID)
			if err != nil || bob.Gaps != 1 {
				t.Errorf("Bob after deleting the course requirement: %+v, %v; want 1 gap", bob, err)
			}
			return nil
		})
	})
}

func TestTrainingRecordStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newPeopleFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindTrainingRecordByID(ctx, f.org.ID, f.catLead.ID)
			if d := cmp.Diff(f.catLead, got, equateDates); d != "" || err != nil {
				t.Errorf("FindTrainingRecordByID (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindTrainingRecordByID(ctx, f.other.ID, f.catLead.ID)
			wantCode(t, "FindTrainingRecordByID(another organization)", err, isms.NotFound)

			cat, err := tx.TrainingRecords(ctx, f.org.ID, f.people["Cat"].ID)
			if err != nil || len(cat) != 2 || cat[0].ID != f.catLead.ID || cat[1].Course != "Ethics" {
				t.Errorf("TrainingRecords(Cat) = %v, %v; want the lead auditor course, then ethics", cat, err)
			}
			all, err := tx.TrainingRecords(ctx, f.org.ID, "")
			var courses []string
			for _, r := range all {
				courses = append(courses, r.PersonName+": "+r.Course)
			}
			want := []string{"Eve: Phishing awareness", "Cat: Lead auditor", "Ann: Foundation", "Cat: Ethics", "Bob: Lead auditor"}
			if d := cmp.Diff(want, courses); d != "" || err != nil {
				t.Errorf("TrainingRecords(all) (-want +got):\n%s%v", d, err)
			}
			all, err = tx.TrainingRecords(ctx, f.other.ID, "")
			if len(all) != 0 || err != nil {
				t.Errorf("TrainingRecords(another organization) = %v, %v; want none", all, err)
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteTrainingRecord(ctx, f.other.ID, f.annFoundation.ID) })
		wantCode(t, "DeleteTrainingRecord(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteTrainingRecord(ctx, f.org.ID, f.annFoundation.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindTrainingRecordByID(ctx, f.org.ID, f.annFoundation.ID)
			wantCode(t, "FindTrainingRecordByID(deleted)", err, isms.NotFound)
			ann, err := tx.FindPersonByID(ctx, f.org.ID, f.people["Ann"].ID)
			if err != nil || ann.Gaps != 1 {
				t.Errorf("Ann after deleting her record: %+v, %v; want 1 gap", ann, err)
			}
			return nil
		})
	})
}
