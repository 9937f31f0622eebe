// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Each person chooses which notifications they get, on their account page;
// the choice holds for all their organizations.

// ownAccount reports whether actor is a person acting in the browser on
// their own account.
func ownAccount(actor isms.Actor) bool {
	return actor.UserID != "" && !actor.System && actor.Scope == ""
}

// FindNotificationPrefs returns the actor's notification preferences: the
// defaults until they change them.
func (a *App) FindNotificationPrefs(ctx context.Context, actor isms.Actor) (*isms.NotificationPrefs, error) {
	if err := forbid(ownAccount(actor), "Sign in to see your notification settings."); err != nil {
		return nil, err
	}
	var p *isms.NotificationPrefs
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		p, err = tx.FindNotificationPrefs(ctx, actor.UserID)
		if isms.ErrorCode(err) == isms.NotFound {
			d := isms.DefaultNotificationPrefs(actor.UserID)
			p, err = &d, nil
		}
		return err
	})
	return p, err
}

// NotificationPrefsInput is the preferences form as typed.
type NotificationPrefsInput struct {
	Assigned    bool
	DueSoonDays string // a number of days, 0 for none
	Digest      bool
	Approvals   bool
	// RevokeLinks makes the unsubscribe links of mails already sent
	// invalid.
	RevokeLinks bool
}

// UpdateNotificationPrefs stores the actor's notification preferences and
// records what changed.
func (a *App) UpdateNotificationPrefs(ctx context.Context, actor isms.Actor, in NotificationPrefsInput) (*isms.NotificationPrefs, error) {
	if err := forbid(ownAccount(actor), "Sign in to change your notification settings."); err != nil {
		return nil, err
	}
	days, err := strconv.Atoi(strings.TrimSpace(in.DueSoonDays))
	if err != nil {
		return nil, isms.Problems{"dueSoonDays": "Give a number of days, or 0 for no reminders."}.Err()
	}
	var p *isms.NotificationPrefs
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		stored, _, err := ensurePrefs(ctx, tx, actor.UserID)
		if err != nil {
			return err
		}
		before := *stored
		p = stored
		p.Assigned, p.DueSoonDays, p.Digest, p.Approvals = in.Assigned, days, in.Digest, in.Approvals
		if err := p.Validate(); err != nil {
			return err
		}
		c := before.Changes(*p)
		if in.RevokeLinks {
			p.UnsubscribeNonce = randomSecret(16)
			c["unsubscribeLinks"] = isms.Change{Before: "valid", After: "revoked"}
		}
		if len(c) == 0 {
			return nil
		}
		if err := tx.UpdateNotificationPrefs(ctx, p); err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "user.notifications_update", "user", actor.UserID, c)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
