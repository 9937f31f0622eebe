// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// setupTokenKey is the setting that holds the hash of the one-time setup token.
const setupTokenKey = "setup_token_sha256"

// NeedsSetup reports whether the installation has no account yet.
func (a *App) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		n, err = tx.CountUsers(ctx)
		return err
	})
	return n == 0, err
}

// NewSetupToken makes a fresh one-time setup token for an installation that
// has no account yet, replacing any earlier one, and returns it. Only its
// hash is stored.
func (a *App) NewSetupToken(ctx context.Context) (string, error) {
	token := randomSecret(24)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if n, err := tx.CountUsers(ctx); err != nil {
			return err
		} else if n > 0 {
			return isms.Errorf(isms.Conflict, "This installation is already set up.")
		}
		return tx.SetSetting(ctx, setupTokenKey, hashSecret(token))
	})
	return token, err
}

// CheckSetupToken returns nil when token is the current one-time setup token.
func (a *App) CheckSetupToken(ctx context.Context, token string) error {
	var stored string
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		stored, err = tx.FindSetting(ctx, setupTokenKey)
		return err
	})
	if err != nil {
		return err
	}
	if stored == "" || token == "" || subtle.ConstantTimeCompare([]byte(stored), []byte(hashSecret(token))) != 1 {
		return isms.Errorf(isms.NotFound, "This setup link is not valid: it was already used, or the server printed a newer one when it started.")
	}
	return nil
}

// SetupInput is what the setup page asks for.
type SetupInput struct {
	Token    string
	OrgName  string
	OrgSlug  string
	Name     string
	Email    string
	Password string
}

// Setup creates the first organization and the installation's owner (its
// administrator too), consuming the one-time token, and signs the owner in.
func (a *App) Setup(ctx context.Context, in SetupInput, clientAddr string) (string, *isms.Session, error) {
	if err := a.CheckSetupToken(ctx, in.Token); err != nil {
		return "", nil, err
	}
	org := &isms.Organization{Name: in.OrgName, Slug: in.OrgSlug}
	u := &isms.User{Name: in.Name, Email: in.Email, Owner: true}
	if err := validateNewAccount(org, u, in.Password); err != nil {
		return "", nil, err
	}
	hashed := hashPassword(in.Password, a.opts.PasswordCost)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if n, err := tx.CountUsers(ctx); err != nil {
			return err
		} else if n > 0 {
			return isms.Errorf(isms.Conflict, "This installation is already set up.")
		}
		if taken, err := tx.TakeSetting(ctx, setupTokenKey, hashSecret(in.Token)); err != nil {
			return err
		} else if !taken {
			return isms.Errorf(isms.NotFound, "This setup link is not valid: it was already used.")
		}
		u.ID = isms.NewID("user")
		if err := tx.InsertUser(ctx, u, hashed); err != nil {
			return err
		}
		actor := isms.Actor{UserID: u.ID, Name: u.Name, Owner: true}
		if err := audit(ctx, tx, isms.InstallationChain, actor, "installation.setup", "user", u.ID,
			isms.Created(map[string]any{"email": u.Email, "name": u.Name, "owner": true})); err != nil {
			return err
		}
		return orgFields(createOrganization(ctx, tx, actor, org, u.ID))
	})
	if err != nil {
		return "", nil, err
	}
	return a.startSession(ctx, u, clientAddr)
}

// validateNewAccount checks an organization, its first account and the
// password together, so the form shows every problem at once. The
// organization's fields are reported as orgName and orgSlug.
func validateNewAccount(org *isms.Organization, u *isms.User, password string) error {
	org.Normalize()
	u.Normalize()
	p := isms.Problems{}
	for f, msg := range isms.ErrorFields(orgFields(org.Validate())) {
		p.Add(f, msg)
	}
	for f, msg := range isms.ErrorFields(u.Validate()) {
		p.Add(f, msg)
	}
	if msg := isms.CheckPassword(password); msg != "" {
		p.Add("password", msg)
	}
	return p.Err()
}

// orgFields renames the field problems of an organization error to
// orgName, orgSlug …, for forms that also hold a person's name.
func orgFields(err error) error {
	var e *isms.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &isms.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{}}
	for f, msg := range e.Fields {
		out.Fields["org"+strings.ToUpper(f[:1])+f[1:]] = msg
	}
	return out
}
