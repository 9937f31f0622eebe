// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// FindMembers lists the members of the actor's organization.
func (a *App) FindMembers(ctx context.Context, actor isms.Actor, f isms.MemberFilter) ([]*isms.Member, int, error) {
	if err := forbid(actor.Can(isms.ReadMembers), "You may not see the members of this organization."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.Member
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindMembers(ctx, f)
		return err
	})
	return list, total, err
}

// FindMember returns one member of the actor's organization.
func (a *App) FindMember(ctx context.Context, actor isms.Actor, userID isms.ID) (*isms.Member, error) {
	if err := forbid(actor.Can(isms.ReadMembers) || actor.UserID == userID, "You may not see the members of this organization."); err != nil {
		return nil, err
	}
	var m *isms.Member
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		ms, err := tx.FindMembership(ctx, actor.OrgID, userID)
		if err != nil {
			return err
		}
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil {
			return err
		}
		orgs, err := tx.FindUserOrganizations(ctx, userID)
		if err != nil {
			return err
		}
		m = &isms.Member{User: *u, Role: ms.Role, AccessUntil: ms.AccessUntil, FrameworkID: ms.FrameworkID,
			Version: ms.Version, JoinedAt: ms.CreatedAt, OrgCount: len(orgs)}
		m.FrameworkName, err = frameworkTitle(ctx, tx, actor.OrgID, ms.FrameworkID)
		return err
	})
	return m, err
}

// FindMemberIDByEmail returns the user ID of the member of the actor's
// organization with this e-mail address (any case), or a NotFound error.
// It is one indexed lookup, for filters that take an address.
func (a *App) FindMemberIDByEmail(ctx context.Context, actor isms.Actor, email string) (isms.ID, error) {
	if err := forbid(actor.Can(isms.ReadMembers), "You may not see the members of this organization."); err != nil {
		return "", err
	}
	var id isms.ID
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		u, _, err := tx.FindUserByEmail(ctx, isms.NormalizeEmail(email))
		if err != nil {
			return err
		}
		if _, err := tx.FindMembership(ctx, actor.OrgID, u.ID); err != nil {
			return err
		}
		id = u.ID
		return nil
	})
	return id, err
}

// AddMemberInput is who to add to the actor's organization.
type AddMemberInput struct {
	Email string
	Name  string // for a new account
	Role  isms.Role
}

// AddMemberResult tells what AddMember did.
type AddMemberResult struct {
	User *isms.User
	// Password is the one-time password of a newly created account; empty
	// when an existing account was added.
	Password string
}

// AddMember adds a person to the actor's organization with a role: an
// existing account by its e-mail address, or a new account with a random
// one-time password that must be changed at the first sign-in.
func (a *App) AddMember(ctx context.Context, actor isms.Actor, in AddMemberInput) (*AddMemberResult, error) {
	if err := forbid(actor.Can(isms.ManageMembers), "Only administrators may add members."); err != nil {
		return nil, err
	}
	p := isms.Problems{}
	if !in.Role.Valid() {
		p.Add("role", "Choose a role.")
	}
	var res *AddMemberResult
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		res, err = a.addMember(ctx, tx, actor, in, &isms.Membership{Role: in.Role}, p, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// addMember adds the account with in's e-mail address, or a new account,
// to the actor's organization with membership m (its role and limits).
// p holds the caller's problems, reported together with the account's;
// the membership.create event records role and e-mail, and also record.
func (a *App) addMember(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, in AddMemberInput, m *isms.Membership, p isms.Problems, record map[string]any) (*AddMemberResult, error) {
	u := &isms.User{Email: in.Email, Name: in.Name, MustChangePassword: true}
	u.Normalize()
	res := &AddMemberResult{User: u}
	existing, _, err := tx.FindUserByEmail(ctx, u.Email)
	if err != nil && isms.ErrorCode(err) != isms.NotFound {
		return nil, err
	}
	if existing == nil {
		for f, msg := range isms.ErrorFields(u.Validate()) {
			p.Add(f, msg)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if existing != nil {
		res.User = existing
		if _, err := tx.FindMembership(ctx, actor.OrgID, existing.ID); err == nil {
			return nil, &isms.Error{Code: isms.Conflict, Message: existing.Name + " is already a member.",
				Fields: map[string]string{"email": "This person is already a member of the organization."}}
		}
	} else {
		res.Password = generatePassword()
		u.ID = isms.NewID("user")
		if err := tx.InsertUser(ctx, u, hashPassword(res.Password, a.opts.PasswordCost)); err != nil {
			return nil, err
		}
		if err := audit(ctx, tx, orgChain(actor.OrgID), actor, "user.create", "user", u.ID,
			isms.Created(map[string]any{"email": u.Email, "name": u.Name})); err != nil {
			return nil, err
		}
	}
	m.OrgID, m.UserID = actor.OrgID, res.User.ID
	if err := tx.InsertMembership(ctx, m); err != nil {
		return nil, err
	}
	fields := map[string]any{"role": string(m.Role), "email": res.User.Email}
	for k, v := range record {
		fields[k] = v
	}
	return res, audit(ctx, tx, orgChain(actor.OrgID), actor, "membership.create", "user", res.User.ID, isms.Created(fields))
}

// AddMemberByID gives an existing account a role in an organization, for
// operators at the command line and for demo data.
func (a *App) AddMemberByID(ctx context.Context, actor isms.Actor, org, user isms.ID, role isms.Role) error {
	if err := forbid(actor.Can(isms.ManageInstallation) || (actor.OrgID == org && actor.Can(isms.ManageMembers)), "You may not add members to this organization."); err != nil {
		return err
	}
	if !role.Valid() {
		return isms.Problems{"role": "Choose a role."}.Err()
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.FindMembership(ctx, org, user); err == nil {
			return isms.Errorf(isms.Conflict, "This account is already a member of the organization.")
		}
		if err := tx.InsertMembership(ctx, &isms.Membership{OrgID: org, UserID: user, Role: role}); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org), actor, "membership.create", "user", user,
			isms.Created(map[string]any{"role": string(role)}))
	})
}

// UpdateMemberRole changes a member's role in the actor's organization,
// against the membership version the form was made from. The last
// administrator keeps the role.
func (a *App) UpdateMemberRole(ctx context.Context, actor isms.Actor, userID isms.ID, role isms.Role, version int) error {
	if err := forbid(actor.Can(isms.ManageMembers), "Only administrators may change roles."); err != nil {
		return err
	}
	if !role.Valid() {
		return isms.Problems{"role": "Choose a role."}.Err()
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMembership(ctx, actor.OrgID, userID)
		if err != nil {
			return err
		}
		if m.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this membership while you were editing it. Reload to see the current role, then change it again.")
		}
		if m.Role == role {
			return nil
		}
		if err := keepAnAdmin(ctx, tx, m); err != nil {
			return err
		}
		before := m.Role
		m.Role, m.Version = role, version
		if err := tx.UpdateMembership(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "membership.update", "user", userID,
			isms.Changes{"role": {Before: string(before), After: string(role)}})
	})
}

// RemoveMember ends a person's membership of the actor's organization; the
// account stays. The last administrator cannot be removed.
func (a *App) RemoveMember(ctx context.Context, actor isms.Actor, userID isms.ID) error {
	if err := forbid(actor.Can(isms.ManageMembers), "Only administrators may remove members."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMembership(ctx, actor.OrgID, userID)
		if err != nil {
			return err
		}
		if err := keepAnAdmin(ctx, tx, m); err != nil {
			return err
		}
		if err := tx.DeleteMembership(ctx, actor.OrgID, userID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "membership.delete", "user", userID,
			isms.Changes{"role": {Before: string(m.Role), After: nil}})
	})
}

// keepAnAdmin refuses a change that would leave the organization without an
// active administrator. It locks the organization's row first, so that two
// administrators demoting each other at once cannot both pass the count.
func keepAnAdmin(ctx context.Context, tx *sqldb.Tx, m *isms.Membership) error {
	if m.Role != isms.RoleAdmin {
		return nil
	}
	if _, err := tx.FindOrganizationByIDForUpdate(ctx, m.OrgID); err != nil {
		return err
	}
	u, err := tx.FindUserByID(ctx, m.UserID)
	if err != nil {
		return err
	}
	if u.Disabled {
		return nil // a disabled administrator is not one of the active ones counted
	}
	n, err := tx.CountMembersWithRole(ctx, m.OrgID, isms.RoleAdmin)
	if err != nil {
		return err
	}
	if n <= 1 {
		return isms.Errorf(isms.Conflict, "This is the organization's only active administrator; make someone else an administrator first.")
	}
	return nil
}
