// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Unsubscribe links: every notification carries /unsubscribe/{token}, which
// turns notifications off without signing in. The token is the user's ID
// and an HMAC-SHA256, under an installation secret generated once and kept
// in the settings, of that ID and a per-user nonce: a job recomputes it when
// it sends, nobody can forge one without the secret, and a new nonce
// revokes every link sent before.

// unsubscribeSecretKey is the settings key of the installation's secret.
const unsubscribeSecretKey = "notify.unsubscribe_secret"

// unsubscribeToken returns the token of user's unsubscribe links.
func unsubscribeToken(secret string, user isms.ID, nonce string) string {
	return string(user) + "." + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(secret, user, nonce))
}

func unsubscribeMAC(secret string, user isms.ID, nonce string) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(string(user) + "\x00" + nonce))
	return h.Sum(nil)
}

// ensurePrefs returns user's preferences, storing the defaults with a new
// nonce when there are none, and the installation's unsubscribe secret,
// generating it the first time.
func ensurePrefs(ctx context.Context, tx *sqldb.Tx, user isms.ID) (*isms.NotificationPrefs, string, error) {
	secret, err := tx.EnsureSetting(ctx, unsubscribeSecretKey, randomSecret(32))
	if err != nil {
		return nil, "", err
	}
	p := isms.DefaultNotificationPrefs(user)
	p.UnsubscribeNonce = randomSecret(16)
	stored, err := tx.EnsureNotificationPrefs(ctx, &p)
	return stored, secret, err
}

// errBadUnsubscribe is the answer to an unknown or revoked token.
var errBadUnsubscribe = isms.Errorf(isms.NotFound, "This unsubscribe link is not valid, or no longer: change what you receive on your account page instead.")

// checkUnsubscribe returns the user and preferences a token stands for,
// comparing the signature in constant time.
func checkUnsubscribe(ctx context.Context, tx *sqldb.Tx, token string) (*isms.User, *isms.NotificationPrefs, error) {
	id, sig, ok := strings.Cut(token, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || id == "" || err != nil {
		return nil, nil, errBadUnsubscribe
	}
	secret, err := tx.FindSetting(ctx, unsubscribeSecretKey)
	if err != nil {
		return nil, nil, err
	}
	p, err := tx.FindNotificationPrefs(ctx, isms.ID(id))
	if isms.ErrorCode(err) == isms.NotFound || secret == "" {
		return nil, nil, errBadUnsubscribe
	} else if err != nil {
		return nil, nil, err
	}
	if !hmac.Equal(mac, unsubscribeMAC(secret, p.UserID, p.UnsubscribeNonce)) {
		return nil, nil, errBadUnsubscribe
	}
	u, err := tx.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, nil, err
	}
	return u, p, nil
}

// Unsubscription is what an unsubscribe link acts on.
type Unsubscription struct {
	Name  string
	Email string
	Prefs isms.NotificationPrefs
}

// unsubscribeKey is the limiter's key of a client address.
func unsubscribeKey(clientAddr string) string { return "unsubscribe:" + clientAddr }

// FindUnsubscription returns whose link token is and their preferences.
// Failed look-ups count against the client address as failed sign-ins do.
func (a *App) FindUnsubscription(ctx context.Context, token, clientAddr string) (*Unsubscription, error) {
	var out *Unsubscription
	err := a.unsubscribeLimited(clientAddr, func() error {
		return a.db.View(ctx, func(tx *sqldb.Tx) error {
			u, p, err := checkUnsubscribe(ctx, tx, token)
			if err == nil {
				out = &Unsubscription{Name: u.Name, Email: u.Email, Prefs: *p}
			}
			return err
		})
	})
	return out, err
}

// Unsubscribe turns off the notifications of kind ("" for all) of the
// user whose link token is, as that user, and records it.
func (a *App) Unsubscribe(ctx context.Context, token string, kind isms.NotificationKind, clientAddr string) (*Unsubscription, error) {
	if kind != "" && !kind.Valid() {
		return nil, isms.Problems{"kind": "Choose which mails to stop."}.Err()
	}
	var out *Unsubscription
	err := a.unsubscribeLimited(clientAddr, func() error {
		return a.db.Update(ctx, func(tx *sqldb.Tx) error {
			u, p, err := checkUnsubscribe(ctx, tx, token)
			if err != nil {
				return err
			}
			before := *p
			p.TurnOff(kind)
			out = &Unsubscription{Name: u.Name, Email: u.Email, Prefs: *p}
			c := before.Changes(*p)
			if len(c) == 0 {
				return nil
			}
			if err := tx.UpdateNotificationPrefs(ctx, p); err != nil {
				return err
			}
			out.Prefs = *p
			actor := isms.Actor{UserID: u.ID, Name: u.Name}
			return audit(ctx, tx, isms.InstallationChain, actor, "user.unsubscribe", "user", u.ID, c)
		})
	})
	return out, err
}

// unsubscribeLimited runs fn unless the client address has too many
// failed attempts, and counts a failure when the token is not valid.
func (a *App) unsubscribeLimited(clientAddr string, fn func() error) error {
	key, now := unsubscribeKey(clientAddr), a.now()
	if b, until := a.limiter.blocked(key, maxAddrFailures, now); b {
		mins := int(until.Sub(now).Minutes()) + 1
		return isms.Errorf(isms.RateLimited, "Too many invalid links were tried from your address. Try again in %d minute(s).", mins)
	}
	err := fn()
	if err == errBadUnsubscribe {
		a.limiter.fail(key, now)
	}
	return err
}
