// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// person records a person as the manager.
func (w *world) person(in app.PersonInput) *isms.Person {
	w.t.Helper()
	in.Active = true
	p, err := w.app.CreatePerson(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("CreatePerson(%s) = %v", in.Name, err)
	}
	return p
}

func TestPersonLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		p, err := w.app.CreatePerson(w.ctx, m, app.PersonInput{Name: " Dave Contributor ", Email: "Dave@Example.com",
			UserID: string(w.contributor.ID), Department: "IT", StartDate: "2024-05-01",
			Roles: []string{"Internal auditor", " internal AUDITOR ", ""}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Dave Contributor" || p.Email != "dave@example.com" || len(p.Roles) != 1 || p.Version != 1 {
			t.Errorf("created person = %+v, want trimmed name, lower-case e-mail, one role, version 1", p)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "person.create" || e.ObjectID != p.ID {
			t.Errorf("last event = %s %s, want person.create of %s", e.Action, e.ObjectID, p.ID)
		}

		_, err = w.app.CreatePerson(w.ctx, m, app.PersonInput{Name: "Someone", Email: "dave@example.com",
			UserID: string(w.contributor.ID), StartDate: "May 2024", Active: true})
		wantFields(t, "CreatePerson(taken e-mail and account, bad date)", err, isms.Invalid, "email", "userId", "startDate")
		stranger := w.newUser("Sam Stranger", false)
		_, err = w.app.CreatePerson(w.ctx, m, app.PersonInput{Name: "Sam", UserID: string(stranger.ID), Active: true})
		wantFields(t, "CreatePerson(account of a non-member)", err, isms.Invalid, "userId")

		upd := app.PersonInput{Name: "Dave Contributor", Email: "dave@example.com", UserID: string(w.contributor.ID),
			Department: "Security", Roles: []string{"Internal auditor", "Risk owner"}, Active: true}
		p2, err := w.app.UpdatePerson(w.ctx, m, p.ID, 1, upd)
		if err != nil {
			t.Fatal(err)
		}
		if p2.Version != 2 || p2.Department != "Security" || len(p2.Roles) != 2 {
			t.Errorf("updated person = %+v, want version 2 in Security with two roles", p2)
		}
		ch := changes(t, w.lastEvent(string(w.org.ID)))
		if ch["department"].After != "Security" || ch["startDate"].Before != "2024-05-01" || len(ch) != 3 {
			t.Errorf("update changes = %v, want department, roles and start date", ch)
		}
		_, err = w.app.UpdatePerson(w.ctx, m, p.ID, 1, upd)
		wantCode(t, "UpdatePerson(stale version)", err, isms.Conflict)

		d, err := w.app.FindPerson(w.ctx, w.asViewer(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.User == nil || d.User.User.ID != w.contributor.ID || d.User.Role != isms.RoleContributor {
			t.Errorf("person's account = %+v, want Dave as contributor", d.User)
		}

		if err := w.app.DeletePerson(w.ctx, w.asContributor(), p.ID); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("DeletePerson as contributor = %v, want Forbidden", err)
		}
		if _, err := w.app.AddTrainingRecord(w.ctx, m, app.TrainingInput{PersonID: string(p.ID), Course: "Awareness", CompletedOn: "2025-01-10"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "DeletePerson(with a training record)", w.app.DeletePerson(w.ctx, m, p.ID), isms.Conflict)
		q := w.person(app.PersonInput{Name: "Temp Worker"})
		if err := w.app.DeletePerson(w.ctx, m, q.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.app.FindPerson(w.ctx, m, q.ID)
		wantCode(t, "FindPerson(deleted)", err, isms.NotFound)
	})
}

func TestPeopleAccess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		employee := w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
		asEmployee := w.as(employee, isms.RoleEmployee)
		p := w.person(app.PersonInput{Name: "Gus Guard", Roles: []string{"Guard"}})

		for name, err := range map[string]error{
			"CreatePerson as contributor": func() error {
				_, err := w.app.CreatePerson(w.ctx, w.asContributor(), app.PersonInput{Name: "X"})
				return err
			}(),
			"UpdatePerson as viewer": func() error {
				_, err := w.app.UpdatePerson(w.ctx, w.asViewer(), p.ID, 1, app.PersonInput{Name: "X"})
				return err
			}(),
			"FindPeople as employee": func() error {
				_, _, err := w.app.FindPeople(w.ctx, asEmployee, isms.PersonFilter{})
				return err
			}(),
			"FindPerson as employee": func() error {
				_, err := w.app.FindPerson(w.ctx, asEmployee, p.ID)
				return err
			}(),
		} {
			wantCode(t, name, err, isms.Forbidden)
		}

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err := w.app.FindPerson(w.ctx, other, p.ID)
		wantCode(t, "FindPerson(acme's person from globex)", err, isms.NotFound)
		_, err = w.app.UpdatePerson(w.ctx, other, p.ID, 1, app.PersonInput{Name: "Taken over", Active: true})
		wantCode(t, "UpdatePerson(acme's person from globex)", err, isms.NotFound)
		wantCode(t, "DeletePerson(acme's person from globex)", w.app.DeletePerson(w.ctx, other, p.ID), isms.NotFound)
		_, err = w.app.AddTrainingRecord(w.ctx, other, app.TrainingInput{PersonID: string(p.ID), Course: "X", CompletedOn: "2025-01-01"})
		wantFields(t, "AddTrainingRecord(acme's person from globex)", err, isms.Invalid, "personId")
		if _, total, err := w.app.FindPeople(w.ctx, other, isms.PersonFilter{}); err != nil || total != 0 {
			t.Errorf("globex lists %d people, %v; want none", total, err)
		}
		_, err = w.app.CreatePerson(w.ctx, other, app.PersonInput{Name: "Dave", UserID: string(w.contributor.ID), Active: true})
		wantFields(t, "CreatePerson(acme's member in globex)", err, isms.Invalid, "userId")
	})
}
