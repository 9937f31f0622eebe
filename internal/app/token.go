// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// CreateAPIToken makes a personal API token for the actor in their current
// organization and returns its secret, which is shown once and stored only
// hashed.
func (a *App) CreateAPIToken(ctx context.Context, actor isms.Actor, t *isms.APIToken) (string, error) {
	if err := forbid(actor.Can(isms.UseOwnAccount) && actor.Scope == "" && actor.OrgID != "", "Create API tokens in the browser, signed in to an organization."); err != nil {
		return "", err
	}
	if err := t.Validate(a.now()); err != nil {
		return "", err
	}
	secret := tokenPrefix + randomSecret(30)
	t.ID, t.UserID, t.OrgID, t.Prefix = isms.NewID("tok"), actor.UserID, actor.OrgID, secret[:len(tokenPrefix)+6]
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertAPIToken(ctx, t, hashSecret(secret)); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "api_token.create", "api_token", t.ID,
			isms.Created(map[string]any{"name": t.Name, "scope": string(t.Scope), "expiresAt": t.ExpiresAt.UTC().Format(isms.TimeLayout)}))
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// FindAPITokens lists the actor's own API tokens.
func (a *App) FindAPITokens(ctx context.Context, actor isms.Actor) ([]*isms.APIToken, error) {
	if err := forbid(actor.UserID != "", "Sign in to see your API tokens."); err != nil {
		return nil, err
	}
	var list []*isms.APIToken
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, err = tx.FindAPITokens(ctx, actor.UserID)
		return err
	})
	return list, err
}

// RevokeAPIToken revokes one of the actor's own tokens at once.
func (a *App) RevokeAPIToken(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.UseOwnAccount), "You may not revoke API tokens."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		t, err := tx.FindAPITokenByID(ctx, actor.UserID, id)
		if err != nil {
			return err
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		if err := tx.RevokeAPIToken(ctx, id); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(t.OrgID), actor, "api_token.revoke", "api_token", id,
			isms.Changes{"revoked": {Before: false, After: true}})
	})
}
