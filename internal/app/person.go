// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// People (27001 7.2) are those whose competence the ISMS tracks, with or
// without an account. Whoever holds isms.ManagePeople records them, the
// competence each ISMS role requires (competence.go) and their training
// (training.go); whoever reads the ISMS sees them.

// objectPerson is the object type of people in the audit trail and in
// links.
const objectPerson = "person"

func init() {
	linkables[objectPerson] = linkable{
		label: "person",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			p, err := tx.FindPersonByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return p.ID, "Person: " + p.Name, nil
		},
	}
}

// PersonInput is a person as a form or the API gives it. UserID is the
// account of a member, "" for someone without one; StartDate is
// YYYY-MM-DD or empty; Active is false for someone who left.
type PersonInput struct {
	Name, Email, UserID, Department, StartDate string
	Roles                                      []string
	Active                                     bool
}

// apply sets the fields of p from in, recording what cannot be read in pr.
func (in PersonInput) apply(p *isms.Person, pr isms.Problems) {
	p.Name, p.Email, p.Department, p.Active = in.Name, in.Email, in.Department, in.Active
	p.UserID = isms.ID(strings.TrimSpace(in.UserID))
	p.Roles = append([]string(nil), in.Roles...)
	d, err := isms.ParseDate(strings.TrimSpace(in.StartDate))
	if err != nil {
		pr.Add("startDate", "Enter the start date as YYYY-MM-DD, or leave it empty.")
	}
	p.StartDate = d
	p.Normalize()
}

// checkPerson checks p, its account and that no other person of the
// organization has its e-mail address or account, and returns every
// problem at once.
func checkPerson(ctx context.Context, tx *sqldb.Tx, p *isms.Person, pr isms.Problems) error {
	if p.UserID != "" {
		_, err := tx.FindMembership(ctx, p.OrgID, p.UserID)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			pr.Add("userId", "Choose the account of a member of this organization, or none.")
		case err != nil:
			return err
		default:
			other, err := tx.FindPersonByUserID(ctx, p.OrgID, p.UserID)
			if err != nil && isms.ErrorCode(err) != isms.NotFound {
				return err
			}
			if err == nil && other.ID != p.ID {
				pr.Add("userId", "This account already belongs to "+quote(other.Name)+"; choose another account or none.")
			}
		}
	}
	if p.Email != "" {
		if err := emailTaken(ctx, tx, p, pr); err != nil {
			return err
		}
	}
	return mergeProblems(pr, p.Validate())
}

// emailTaken records a problem when another person of p's organization has
// p's e-mail address.
func emailTaken(ctx context.Context, tx *sqldb.Tx, p *isms.Person, pr isms.Problems) error {
	list, _, err := tx.FindPeople(ctx, isms.PersonFilter{OrgID: p.OrgID, Search: p.Email, Inactive: true, Limit: isms.MaxPageSize})
	if err != nil {
		return err
	}
	for _, o := range list {
		if o.ID != p.ID && strings.EqualFold(o.Email, p.Email) {
			pr.Add("email", p.Email+" is the e-mail address of "+quote(o.Name)+"; each person needs their own.")
			return nil
		}
	}
	return nil
}

// CreatePerson records a person in the actor's organization.
func (a *App) CreatePerson(ctx context.Context, actor isms.Actor, in PersonInput) (*isms.Person, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not record people."); err != nil {
		return nil, err
	}
	p := &isms.Person{ID: isms.NewID("per"), OrgID: actor.OrgID}
	pr := isms.Problems{}
	in.apply(p, pr)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := checkPerson(ctx, tx, p, pr); err != nil {
			return err
		}
		if err := tx.InsertPerson(ctx, p); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(p.OrgID), actor, "person.create", objectPerson, p.ID, createdSupport(personFields(p)))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// personFields are the fields of p as the audit trail records them.
func personFields(p *isms.Person) []fieldDiff {
	return []fieldDiff{{"name", nil, p.Name}, {"email", nil, p.Email}, {"userId", nil, string(p.UserID)},
		{"department", nil, p.Department}, {"roles", nil, strings.Join(p.Roles, "; ")},
		{"startDate", nil, p.StartDate.String()}, {"active", nil, p.Active}}
}

// UpdatePerson changes a person. version is the version the person
// edited; a newer stored one is a conflict.
func (a *App) UpdatePerson(ctx context.Context, actor isms.Actor, id isms.ID, version int, in PersonInput) (*isms.Person, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not edit people."); err != nil {
		return nil, err
	}
	var p *isms.Person
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if p, err = tx.FindPersonByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if p.Version != version {
			return staleConflict("person", version, p.Version)
		}
		before := *p
		pr := isms.Problems{}
		in.apply(p, pr)
		if err := checkPerson(ctx, tx, p, pr); err != nil {
			return err
		}
		b, f := personFields(&before), personFields(p)
		for i := range f {
			f[i].before = b[i].after
		}
		changes := diffSupport(f...)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdatePerson(ctx, p, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(p.OrgID), actor, "person.update", objectPerson, p.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DeletePerson deletes a person recorded by mistake. A person with
// training records is kept: they are marked as having left instead, so
// that the records stay.
func (a *App) DeletePerson(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not delete people."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		p, err := tx.FindPersonByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		records, err := tx.TrainingRecords(ctx, actor.OrgID, p.ID)
		if err != nil {
			return err
		}
		if len(records) > 0 {
			return isms.Errorf(isms.Conflict, "%s has %d training records, which must be kept. Mark them as no longer active instead of deleting them.", p.Name, len(records))
		}
		if err := tx.DeletePerson(ctx, actor.OrgID, p.ID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(p.OrgID), actor, "person.delete", objectPerson, p.ID,
			isms.Changes{"name": {Before: p.Name}, "email": {Before: p.Email}})
	})
}

// FindPeople lists the people of the actor's organization with how many
// competence gaps each has today.
func (a *App) FindPeople(ctx context.Context, actor isms.Actor, f isms.PersonFilter) ([]*isms.Person, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see people."); err != nil {
		return nil, 0, err
	}
	f.OrgID, f.Today = actor.OrgID, a.today()
	var list []*isms.Person
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindPeople(ctx, f)
		return err
	})
	return list, total, err
}

// PersonDetail is a person with their training records, newest first,
// their competence gaps today and their account, when they have one.
type PersonDetail struct {
	Person  *isms.Person
	Records []*isms.TrainingRecord
	Gaps    []isms.CompetenceGap
	User    *isms.Member // nil without an account in the organization
}

// FindPerson returns a person with their records, gaps and account.
func (a *App) FindPerson(ctx context.Context, actor isms.Actor, id isms.ID) (*PersonDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see people."); err != nil {
		return nil, err
	}
	d := &PersonDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Person, err = tx.FindPersonByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if d.Records, err = tx.TrainingRecords(ctx, actor.OrgID, id); err != nil {
			return err
		}
		reqs, err := tx.CompetenceRequirements(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		d.Gaps = isms.CompetenceGaps([]*isms.Person{d.Person}, reqs, d.Records, a.today())
		d.Person.Gaps = len(d.Gaps)
		d.User, err = personAccount(ctx, tx, actor.OrgID, d.Person.UserID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find person %s: %w", id, err)
	}
	return d, nil
}

// personAccount returns the member with account user, nil when user is
// empty or no longer a member.
func personAccount(ctx context.Context, tx *sqldb.Tx, org, user isms.ID) (*isms.Member, error) {
	if user == "" {
		return nil, nil
	}
	m, err := tx.FindMembership(ctx, org, user)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	u, err := tx.FindUserByID(ctx, user)
	if err != nil {
		return nil, err
	}
	return &isms.Member{User: *u, Role: m.Role, Version: m.Version, JoinedAt: m.CreatedAt}, nil
}

// staleConflict is the error of a save made against an older version of
// a record of kind.
func staleConflict(kind string, had, now int) error {
	return isms.Errorf(isms.Conflict, "Someone else changed this %s while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", kind, had, now)
}

// fieldDiff is one field of a record before and after a change, as the
// audit trail records it: strings, numbers and booleans.
type fieldDiff struct {
	name          string
	before, after any
}

// diffSupport returns the changes of the fields whose value differs.
func diffSupport(fields ...fieldDiff) isms.Changes {
	ch := isms.Changes{}
	for _, f := range fields {
		if f.before != f.after {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	return ch
}

// createdSupport records the fields of a new record, leaving out empty
// text.
func createdSupport(fields []fieldDiff) isms.Changes {
	ch := isms.Changes{}
	for _, f := range fields {
		if f.after != "" {
			ch[f.name] = isms.Change{After: f.after}
		}
	}
	return ch
}
