// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// CreateUser adds an account to the installation (installation owners, and
// the command line). With an empty password it generates a one-time one,
// which must be changed at the first sign-in, and returns it.
func (a *App) CreateUser(ctx context.Context, actor isms.Actor, u *isms.User, password string) (string, error) {
	if err := forbid(actor.Can(isms.ManageInstallation), "Only an installation owner may create accounts."); err != nil {
		return "", err
	}
	generated := ""
	if password == "" {
		generated, u.MustChangePassword = generatePassword(), true
		password = generated
	}
	u.Normalize()
	p := isms.Problems{}
	for f, msg := range isms.ErrorFields(u.Validate()) {
		p.Add(f, msg)
	}
	if msg := isms.CheckPassword(password); msg != "" {
		p.Add("password", msg)
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	hashed := hashPassword(password, a.opts.PasswordCost)
	return generated, a.db.Update(ctx, func(tx *sqldb.Tx) error {
		u.ID = isms.NewID("user")
		if err := tx.InsertUser(ctx, u, hashed); err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "user.create", "user", u.ID,
			isms.Created(map[string]any{"email": u.Email, "name": u.Name, "owner": u.Owner}))
	})
}

// FindUsers lists every account of the installation; owners only.
func (a *App) FindUsers(ctx context.Context, actor isms.Actor, f isms.UserFilter) ([]*isms.User, int, error) {
	if err := forbid(actor.CanReadInstallation(), "Only an installation owner may list every account."); err != nil {
		return nil, 0, err
	}
	var list []*isms.User
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindUsers(ctx, f)
		return err
	})
	return list, total, err
}

// FindUserByEmail returns an account by e-mail address, for operators.
func (a *App) FindUserByEmail(ctx context.Context, actor isms.Actor, email string) (*isms.User, error) {
	if err := forbid(actor.CanReadInstallation(), "Only an installation owner may look up accounts."); err != nil {
		return nil, err
	}
	var u *isms.User
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		u, _, err = tx.FindUserByEmail(ctx, isms.NormalizeEmail(email))
		return err
	})
	return u, err
}

// ChangePassword changes the actor's own password after checking the
// current one, and ends the actor's other sessions (keepSession is the
// secret ID of the session to keep, or "").
func (a *App) ChangePassword(ctx context.Context, actor isms.Actor, current, next, keepSession string) error {
	if err := forbid(actor.UserID != "" && actor.Scope == "", "Change your password in the browser, signed in."); err != nil {
		return err
	}
	if msg := isms.CheckPassword(next); msg != "" {
		return isms.Problems{"newPassword": msg}.Err()
	}
	if current == next {
		return isms.Problems{"newPassword": "Choose a password different from the current one."}.Err()
	}
	var hash string
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		hash, err = tx.FindPasswordHash(ctx, actor.UserID)
		return err
	})
	if err != nil {
		return err
	}
	if !checkPassword(current, hash) {
		return isms.Problems{"currentPassword": "This is not your current password."}.Err()
	}
	hashed := hashPassword(next, a.opts.PasswordCost)
	keep := ""
	if keepSession != "" {
		keep = hashSecret(keepSession)
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.SetPassword(ctx, actor.UserID, hashed, false); err != nil {
			return err
		}
		ended, err := tx.DeleteUserSessions(ctx, actor.UserID, keep)
		if err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "user.change_password", "user", actor.UserID,
			isms.Changes{"otherSessionsEnded": {After: ended}})
	})
}

// ResetPassword gives a user a new random password, which must be changed at
// the next sign-in, and ends their sessions. It returns the new password.
// Installation owners may reset anyone; an organization administrator only
// members who belong to no other organization.
func (a *App) ResetPassword(ctx context.Context, actor isms.Actor, userID isms.ID) (string, error) {
	pw := generatePassword()
	hashed := hashPassword(pw, a.opts.PasswordCost)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		u, chain, err := a.accountAuthority(ctx, tx, actor, userID, "reset the password of")
		if err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, u.ID, hashed, true); err != nil {
			return err
		}
		if _, err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return err
		}
		return audit(ctx, tx, chain, actor, "user.reset_password", "user", u.ID,
			isms.Changes{"mustChangePassword": {Before: u.MustChangePassword, After: true}})
	})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// SetUserDisabled disables or re-enables an account. Disabling ends the
// user's sessions and revokes their API tokens at once. The same authority
// rule as ResetPassword applies; nobody disables themselves.
func (a *App) SetUserDisabled(ctx context.Context, actor isms.Actor, userID isms.ID, disabled bool) error {
	if userID == actor.UserID && disabled {
		return isms.Errorf(isms.Conflict, "You cannot disable your own account.")
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		verb := "enable"
		if disabled {
			verb = "disable"
		}
		u, chain, err := a.accountAuthority(ctx, tx, actor, userID, verb)
		if err != nil {
			return err
		}
		if u.Disabled == disabled {
			return nil
		}
		before := u.Disabled
		u.Disabled = disabled
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		c := isms.Changes{"disabled": {Before: before, After: disabled}}
		if disabled {
			sessions, err := tx.DeleteUserSessions(ctx, u.ID, "")
			if err != nil {
				return err
			}
			tokens, err := tx.RevokeUserAPITokens(ctx, u.ID)
			if err != nil {
				return err
			}
			c["sessionsEnded"] = isms.Change{After: sessions}
			c["tokensRevoked"] = isms.Change{After: tokens}
		}
		return audit(ctx, tx, chain, actor, "user."+verb, "user", u.ID, c)
	})
}

// accountAuthority loads user id and decides whether actor may manage the
// account itself. It returns the audit chain the change belongs in: the
// installation's for owners, the organization's for its administrators.
func (a *App) accountAuthority(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, id isms.ID, verb string) (*isms.User, string, error) {
	// Permission first, so that nobody without it learns whether an ID exists.
	owner := actor.Can(isms.ManageInstallation)
	if !owner && !actor.Can(isms.ManageMembers) {
		return nil, "", isms.Errorf(isms.Forbidden, "You may not %s accounts.", verb)
	}
	u, err := tx.FindUserByID(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if owner {
		return u, isms.InstallationChain, nil
	}
	if _, err := tx.FindMembership(ctx, actor.OrgID, id); err != nil {
		if isms.ErrorCode(err) == isms.NotFound {
			return nil, "", isms.Errorf(isms.NotFound, "No such member.")
		}
		return nil, "", err
	}
	orgs, err := tx.FindUserOrganizations(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if len(orgs) > 1 || u.Owner {
		return nil, "", isms.Errorf(isms.Forbidden, "%s also belongs to another organization or owns the installation; only an installation owner may %s this account.", u.Name, verb)
	}
	return u, orgChain(actor.OrgID), nil
}
