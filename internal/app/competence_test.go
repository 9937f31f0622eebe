// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// competence defines a competence requirement as the manager.
func (w *world) competence(role, skill string) *isms.CompetenceRequirement {
	w.t.Helper()
	r, err := w.app.CreateCompetenceRequirement(w.ctx, w.asManager(), app.RequirementInput{Role: role, Skill: skill})
	if err != nil {
		w.t.Fatalf("CreateCompetenceRequirement(%s) = %v", skill, err)
	}
	return r
}

// training records training as the manager.
func (w *world) training(in app.TrainingInput) *isms.TrainingRecord {
	w.t.Helper()
	r, err := w.app.AddTrainingRecord(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("AddTrainingRecord(%s) = %v", in.Course, err)
	}
	return r
}

// The clock stands at 2026-03-02.
func TestCompetenceGapsWithExpiredRecord(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		lead := w.competence("Internal auditor", "ISO/IEC 27001 lead auditor course")
		aware := w.competence("internal auditor", "Security awareness")
		w.competence("Risk owner", "Risk assessment workshop")
		ann := w.person(app.PersonInput{Name: "Ann Auditor", UserID: string(w.contributor.ID), Roles: []string{"Internal Auditor"}})
		ben := w.person(app.PersonInput{Name: "Ben Bystander", Roles: []string{"Receptionist"}})

		old := w.training(app.TrainingInput{PersonID: string(ann.ID), RequirementID: string(lead.ID),
			CompletedOn: "2023-01-15", ExpiresOn: "2026-01-15"})
		if old.Course != lead.Skill {
			t.Errorf("course without a name = %q, want the requirement's %q", old.Course, lead.Skill)
		}
		w.training(app.TrainingInput{PersonID: string(ann.ID), RequirementID: string(aware.ID), Course: "Phishing 101", CompletedOn: "2025-11-01"})

		gaps, err := w.app.CompetenceGaps(w.ctx, w.asViewer())
		if err != nil {
			t.Fatal(err)
		}
		if len(gaps) != 1 || gaps[0].Person.ID != ann.ID || gaps[0].Requirement.ID != lead.ID ||
			!gaps[0].Expired || gaps[0].ExpiredOn.String() != "2026-01-15" {
			t.Fatalf("gaps = %+v, want Ann's lead auditor course, expired on 2026-01-15", gaps)
		}
		list, total, err := w.app.FindPeople(w.ctx, w.asViewer(), isms.PersonFilter{WithGaps: true})
		if err != nil || total != 1 || list[0].ID != ann.ID || list[0].Gaps != 1 {
			t.Errorf("people with gaps = %v (%d), %v; want Ann with one gap", list, total, err)
		}
		d, err := w.app.FindPerson(w.ctx, w.asViewer(), ben.ID)
		if err != nil || len(d.Gaps) != 0 {
			t.Errorf("Ben's gaps = %v, %v; want none", d, err)
		}

		task, err := w.app.CloseGapTask(w.ctx, w.asManager(), ann.ID, lead.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if task.OwnerID != w.contributor.ID || task.Title != "Close competence gap: ISO/IEC 27001 lead auditor course for Ann Auditor" ||
			task.Link != (isms.Link{Type: "person", ID: ann.ID}) || task.Due.String() != "2026-04-01" {
			t.Errorf("gap task = %+v, want Ann's own task linked to her, due in 30 days", task)
		}
		_, err = w.app.CloseGapTask(w.ctx, w.asManager(), ann.ID, aware.ID, "", "")
		wantCode(t, "CloseGapTask(requirement met)", err, isms.Conflict)
		_, err = w.app.CloseGapTask(w.ctx, w.asContributor(), ann.ID, lead.ID, "", "")
		wantCode(t, "CloseGapTask as contributor", err, isms.Forbidden)

		w.training(app.TrainingInput{PersonID: string(ann.ID), RequirementID: string(lead.ID), Course: "Lead auditor refresher",
			CompletedOn: "2026-02-20", ExpiresOn: "2029-02-20"})
		if gaps, err := w.app.CompetenceGaps(w.ctx, w.asViewer()); err != nil || len(gaps) != 0 {
			t.Errorf("gaps after the refresher = %v, %v; want none", gaps, err)
		}
	})
}

func TestCompetenceRequirementsAndTrainingRecords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		_, err := w.app.CreateCompetenceRequirement(w.ctx, m, app.RequirementInput{Role: " ", Skill: ""})
		wantFields(t, "CreateCompetenceRequirement(empty)", err, isms.Invalid, "role", "skill")
		r := w.competence("ISMS manager", "ISO/IEC 27001 foundation")
		r2, err := w.app.UpdateCompetenceRequirement(w.ctx, m, r.ID, 1, app.RequirementInput{Role: "ISMS manager", Skill: "ISO/IEC 27001 practitioner"})
		if err != nil || r2.Version != 2 {
			t.Fatalf("UpdateCompetenceRequirement = %v, %v; want version 2", r2, err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "competence_requirement.update" || changes(t, e)["skill"].After != "ISO/IEC 27001 practitioner" {
			t.Errorf("last event = %s %s, want the skill change", e.Action, e.Changes)
		}
		_, err = w.app.UpdateCompetenceRequirement(w.ctx, m, r.ID, 1, app.RequirementInput{Role: "X", Skill: "Y"})
		wantCode(t, "UpdateCompetenceRequirement(stale)", err, isms.Conflict)

		p := w.person(app.PersonInput{Name: "Mia Manager", Roles: []string{"ISMS manager"}})
		_, err = w.app.AddTrainingRecord(w.ctx, m, app.TrainingInput{PersonID: string(p.ID), RequirementID: "creq_nope",
			Course: "X", CompletedOn: "2026-01-01", ExpiresOn: "2025-01-01", EvidenceID: "evd_nope"})
		wantFields(t, "AddTrainingRecord(unknown requirement and evidence, expiry first)", err, isms.Invalid,
			"requirementId", "evidenceId", "expiresOn")
		tr := w.training(app.TrainingInput{PersonID: string(p.ID), RequirementID: string(r.ID), CompletedOn: "2025-06-01"})
		wantCode(t, "DeleteCompetenceRequirement(met by a record)", w.app.DeleteCompetenceRequirement(w.ctx, m, r.ID), isms.Conflict)
		if err := w.app.DeleteTrainingRecord(w.ctx, m, tr.ID); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "training_record.delete" || changes(t, e)["person"].Before != "Mia Manager" {
			t.Errorf("last event = %s %s, want the record's deletion", e.Action, e.Changes)
		}
		if err := w.app.DeleteCompetenceRequirement(w.ctx, m, r.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := w.app.CompetenceRequirements(w.ctx, w.asViewer()); err != nil || len(list) != 0 {
			t.Errorf("requirements after deletion = %v, %v; want none", list, err)
		}
		wantCode(t, "DeleteTrainingRecord as viewer", w.app.DeleteTrainingRecord(w.ctx, w.asViewer(), tr.ID), isms.Forbidden)
	})
}
