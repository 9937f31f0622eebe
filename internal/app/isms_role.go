// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// ISMS roles (27001 5.3): each role with its responsibilities and
// authorities and who appointed it. Who holds a role is read from the
// people register: the people whose roles include its name, so that
// competence requirements, people and the RACI grid use the same names.
// Whoever holds isms.ManageLeadership keeps the register.

// objectISMSRole is the object type of ISMS roles in the audit trail and
// in links.
const objectISMSRole = "isms_role"

func init() {
	linkables[objectISMSRole] = linkable{
		label: "ISMS role",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			r, err := findISMSRoleByIDOrName(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return r.ID, "ISMS role: " + r.Name, nil
		},
	}
}

// findISMSRoleByIDOrName returns the role of org with ID or name s.
func findISMSRoleByIDOrName(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.ISMSRole, error) {
	r, err := tx.FindISMSRoleByID(ctx, org, isms.ID(s))
	if isms.ErrorCode(err) == isms.NotFound {
		return tx.FindISMSRoleByName(ctx, org, strings.TrimSpace(s))
	}
	return r, err
}

// ismsRoles is the register of ISMS roles for the generic use cases of
// record.go.
var ismsRoles = recordKind[*isms.ISMSRole]{
	object: objectISMSRole, label: "ISMS role", edit: isms.ManageLeadership,
	id:     func(r *isms.ISMSRole) isms.ID { return r.ID },
	ver:    func(r *isms.ISMSRole) int { return r.Version },
	fields: ismsRoleFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ISMSRole, error) {
		return tx.FindISMSRoleByID(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, r *isms.ISMSRole) error { return tx.InsertISMSRole(ctx, r) },
	update: func(ctx context.Context, tx *sqldb.Tx, r *isms.ISMSRole, v int) error {
		return tx.UpdateISMSRole(ctx, r, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error { return tx.DeleteISMSRole(ctx, org, id) },
}

// ismsRoleFields are the fields of r as the audit trail records them.
func ismsRoleFields(r *isms.ISMSRole) []fieldDiff {
	return []fieldDiff{{"name", nil, r.Name}, {"responsibilities", nil, r.Responsibilities}, {"authorities", nil, r.Authorities},
		{"appointedBy", nil, r.AppointedBy}, {"appointedOn", nil, r.AppointedOn.String()}}
}

// ISMSRoleInput is an ISMS role as a form or the API gives it:
// AppointedOn as YYYY-MM-DD or empty.
type ISMSRoleInput struct{ Name, Responsibilities, Authorities, AppointedBy, AppointedOn string }

// fill returns the fill func that sets r from in, validates it and checks
// that no other role has its name. A renamed role is renamed in the
// roles of the people who hold it, each change audited.
func (in ISMSRoleInput) fill(ctx context.Context, actor isms.Actor) fillFunc[*isms.ISMSRole] {
	return func(tx *sqldb.Tx, r *isms.ISMSRole) (isms.Changes, error) {
		old := r.Name
		p := isms.Problems{}
		r.Name, r.Responsibilities, r.Authorities, r.AppointedBy = in.Name, in.Responsibilities, in.Authorities, in.AppointedBy
		d, err := isms.ParseDate(strings.TrimSpace(in.AppointedOn))
		if err != nil {
			p.Add("appointedOn", "Enter the appointment date as YYYY-MM-DD, or leave it empty.")
		}
		r.AppointedOn = d
		if err := addProblems(p, r.Validate()); err != nil {
			return nil, err
		}
		if _, ok := p["name"]; !ok {
			same, err := tx.FindISMSRoleByName(ctx, r.OrgID, r.Name)
			if err != nil && isms.ErrorCode(err) != isms.NotFound {
				return nil, err
			}
			if err == nil && same.ID != r.ID {
				p.Add("name", "There is already a role named "+same.Name+"; choose another name.")
			}
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		if old == "" || old == r.Name {
			return nil, nil
		}
		return nil, renameHeldRole(ctx, tx, actor, old, r.Name)
	}
}

// renameHeldRole renames role old to name in the roles of every person of
// the actor's organization who holds it, with a "person.update" event
// each.
func renameHeldRole(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, old, name string) error {
	people, err := tx.AllPeople(ctx, actor.OrgID)
	if err != nil {
		return err
	}
	held := &isms.ISMSRole{Name: old}
	for _, p := range people {
		if !held.HeldBy(p.Roles) {
			continue
		}
		before := strings.Join(p.Roles, "; ")
		roles := make([]string, 0, len(p.Roles))
		for _, x := range p.Roles {
			if strings.EqualFold(strings.TrimSpace(x), old) {
				x = name
			}
			roles = append(roles, x)
		}
		p.Roles = roles
		p.Normalize()
		if err := tx.UpdatePerson(ctx, p, p.Version); err != nil {
			return err
		}
		ch := isms.Changes{"roles": {Before: before, After: strings.Join(p.Roles, "; ")}}
		if err := audit(ctx, tx, orgChain(actor.OrgID), actor, "person.update", objectPerson, p.ID, ch); err != nil {
			return err
		}
	}
	return nil
}

// CreateISMSRole adds a role to the ISMS.
func (a *App) CreateISMSRole(ctx context.Context, actor isms.Actor, in ISMSRoleInput) (*isms.ISMSRole, error) {
	r := &isms.ISMSRole{ID: isms.NewID("irole"), OrgID: actor.OrgID, CreatedBy: actor.UserID, Holders: []isms.RoleHolder{}}
	return createRecord(ctx, a, actor, ismsRoles, r, in.fill(ctx, actor))
}

// UpdateISMSRole changes role id, which the person edited at version; a
// newer stored one is a conflict. A new name replaces the old one in the
// roles of the people who hold it, in the same transaction.
func (a *App) UpdateISMSRole(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ISMSRoleInput) (*isms.ISMSRole, error) {
	r, err := updateRecord(ctx, a, actor, ismsRoles, id, version, in.fill(ctx, actor))
	if err != nil {
		return nil, err
	}
	return r, a.db.View(ctx, func(tx *sqldb.Tx) error { return fillHolders(ctx, tx, actor.OrgID, []*isms.ISMSRole{r}) })
}

// DeleteISMSRole deletes role id. A role that people hold or that has
// RACI cells is deleted only when confirmed (a Conflict otherwise); its
// cells go with it, each row's change audited as "raci.update". The
// people keep the role's name among their roles.
func (a *App) DeleteISMSRole(ctx context.Context, actor isms.Actor, id isms.ID, confirmed bool) error {
	return deleteRecord(ctx, a, actor, ismsRoles, id, func(tx *sqldb.Tx, r *isms.ISMSRole) error {
		if err := fillHolders(ctx, tx, actor.OrgID, []*isms.ISMSRole{r}); err != nil {
			return err
		}
		cells, err := tx.CountRACICellsOfRole(ctx, actor.OrgID, r.ID)
		if err != nil {
			return err
		}
		if (len(r.Holders) > 0 || cells > 0) && !confirmed {
			return isms.Errorf(isms.Conflict, "%s is held by %d %s and named in %d RACI %s; confirm to delete it and remove its RACI entries.",
				r.Name, len(r.Holders), nounFor(len(r.Holders), "person", "people"), cells, nounFor(cells, "cell", "cells"))
		}
		return removeRoleCells(ctx, tx, actor, r)
	})
}

// nounFor returns one for a count of 1 and many otherwise.
func nounFor(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// removeRoleCells removes every RACI cell of role r, with a "raci.update"
// event on each subject whose row changes.
func removeRoleCells(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.ISMSRole) error {
	for {
		cells, err := tx.RACICellsOfRole(ctx, actor.OrgID, r.ID, isms.MaxPageSize)
		if err != nil || len(cells) == 0 {
			return err
		}
		for _, c := range cells {
			if err := tx.SetRACICell(ctx, actor.OrgID, c.Subject, r.ID, ""); err != nil {
				return err
			}
			ch := isms.Changes{r.Name: {Before: c.Letters, After: ""}}
			if err := audit(ctx, tx, orgChain(actor.OrgID), actor, "raci.update", c.Subject.Type, c.Subject.ID, ch); err != nil {
				return err
			}
		}
	}
}

// fillHolders sets the holders of roles, every one of org: the active
// people whose roles include the role's name.
func fillHolders(ctx context.Context, tx *sqldb.Tx, org isms.ID, roles []*isms.ISMSRole) error {
	if len(roles) == 0 {
		return nil
	}
	people, err := tx.AllPeople(ctx, org)
	if err != nil {
		return err
	}
	for _, r := range roles {
		r.Holders = []isms.RoleHolder{}
		for _, p := range people {
			if p.Active && r.HeldBy(p.Roles) {
				r.Holders = append(r.Holders, isms.RoleHolder{PersonID: p.ID, Name: p.Name})
			}
		}
	}
	return nil
}

// ISMSRoleDetail is a role with how many RACI cells name it.
type ISMSRoleDetail struct {
	Role  *isms.ISMSRole
	Cells int
}

// FindISMSRole returns role id (its ID or name) with its holders and how
// many RACI cells name it.
func (a *App) FindISMSRole(ctx context.Context, actor isms.Actor, id isms.ID) (*ISMSRoleDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see ISMS roles."); err != nil {
		return nil, err
	}
	d := &ISMSRoleDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Role, err = findISMSRoleByIDOrName(ctx, tx, actor.OrgID, string(id)); err != nil {
			return err
		}
		if d.Cells, err = tx.CountRACICellsOfRole(ctx, actor.OrgID, d.Role.ID); err != nil {
			return err
		}
		return fillHolders(ctx, tx, actor.OrgID, []*isms.ISMSRole{d.Role})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FindISMSRoles lists the organization's roles whose name,
// responsibilities or authorities hold search, with their holders, in
// sort order ("position", "name", "appointedOn", "updated"; "-" for
// descending).
func (a *App) FindISMSRoles(ctx context.Context, actor isms.Actor, search, sort string, limit, offset int) ([]*isms.ISMSRole, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see ISMS roles."); err != nil {
		return nil, 0, err
	}
	var list []*isms.ISMSRole
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if list, total, err = tx.FindISMSRoles(ctx, actor.OrgID, search, sort, limit, offset); err != nil {
			return err
		}
		return fillHolders(ctx, tx, actor.OrgID, list)
	})
	return list, total, err
}

// AddUsualISMSRoles adds the roles of isms.UsualISMSRoles that the
// organization does not have yet, in one transaction, and returns those
// added.
func (a *App) AddUsualISMSRoles(ctx context.Context, actor isms.Actor) ([]*isms.ISMSRole, error) {
	if err := forbid(actor.Can(isms.ManageLeadership), "You may not add ISMS roles."); err != nil {
		return nil, err
	}
	var added []*isms.ISMSRole
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		added = nil
		for _, u := range isms.UsualISMSRoles {
			_, err := tx.FindISMSRoleByName(ctx, actor.OrgID, u.Name)
			if err == nil {
				continue
			} else if isms.ErrorCode(err) != isms.NotFound {
				return err
			}
			r := &isms.ISMSRole{ID: isms.NewID("irole"), OrgID: actor.OrgID, Name: u.Name, Responsibilities: u.Responsibilities,
				Authorities: u.Authorities, CreatedBy: actor.UserID}
			if err := r.Validate(); err != nil {
				return fmt.Errorf("usual role %s: %w", u.Name, err)
			}
			if err := tx.InsertISMSRole(ctx, r); err != nil {
				return err
			}
			if err := audit(ctx, tx, orgChain(actor.OrgID), actor, objectISMSRole+".create", objectISMSRole, r.ID,
				createdSupport(ismsRoleFields(r))); err != nil {
				return err
			}
			added = append(added, r)
		}
		return fillHolders(ctx, tx, actor.OrgID, added)
	})
	return added, err
}
