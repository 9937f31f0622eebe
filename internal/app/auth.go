// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// hashSecret returns the hex SHA-256 of a high-entropy secret (session ID,
// API token). Passwords use argon2id instead.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// SignIn checks an e-mail address and password and starts a session. It
// returns the session's secret ID (for the cookie) and the session. Failed
// attempts are limited per account and per client address.
func (a *App) SignIn(ctx context.Context, email, password, clientAddr string) (string, *isms.Session, error) {
	now := a.now()
	email = isms.NormalizeEmail(email)
	accountKey, addrKey := "account:"+email, "addr:"+clientAddr
	if b, until := a.limiter.blocked(accountKey, maxAccountFailures, now); b {
		return "", nil, tooMany(until, now)
	}
	if b, until := a.limiter.blocked(addrKey, maxAddrFailures, now); b {
		return "", nil, tooMany(until, now)
	}
	var u *isms.User
	var hash string
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		u, hash, err = tx.FindUserByEmail(ctx, email)
		return err
	})
	if isms.ErrorCode(err) == isms.NotFound {
		checkPassword(password, a.dummyHash()) // same time as a real check
	} else if err != nil {
		return "", nil, err
	}
	if u == nil || !checkPassword(password, hash) || u.Disabled {
		a.limiter.fail(accountKey, now)
		a.limiter.fail(addrKey, now)
		return "", nil, isms.Errorf(isms.Unauthorized, "The e-mail address or password is not right, or the account is disabled.")
	}
	a.limiter.reset(accountKey)
	return a.startSession(ctx, u, clientAddr)
}

func tooMany(until, now time.Time) error {
	mins := int(math.Ceil(until.Sub(now).Minutes()))
	return isms.Errorf(isms.RateLimited, "Too many failed sign-in attempts. Try again in %d minute(s).", mins)
}

func (a *App) startSession(ctx context.Context, u *isms.User, clientAddr string) (string, *isms.Session, error) {
	id := randomSecret(32)
	s := &isms.Session{UserID: u.ID, CSRFToken: randomSecret(32), ClientAddr: clientAddr}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s.CreatedAt, s.LastSeenAt = tx.Now(), tx.Now()
		s.ExpiresAt = tx.Now().Add(a.opts.SessionMax)
		orgs, err := tx.FindUserOrganizations(ctx, u.ID)
		if err != nil {
			return err
		}
		if orgs, _ = splitEnded(orgs, isms.DateOf(tx.Now())); len(orgs) > 0 {
			s.OrgID = orgs[0].Org.ID
		}
		if err := tx.InsertSession(ctx, hashSecret(id), s); err != nil {
			return err
		}
		actor := isms.Actor{UserID: u.ID, Name: u.Name}
		return audit(ctx, tx, isms.InstallationChain, actor, "user.sign_in", "user", u.ID,
			isms.Changes{"clientAddr": {After: clientAddr}})
	})
	if err != nil {
		return "", nil, err
	}
	return id, s, nil
}

// SessionState is what a request learns from its session cookie.
type SessionState struct {
	Session *isms.Session
	User    *isms.User
	Actor   isms.Actor
	Orgs    []isms.OrgMembership // every organization the user may act in today
	// Ended lists the memberships whose access ended before today; they
	// give no access, but a page may say when it ended.
	Ended []isms.OrgMembership
	Org   *isms.Organization // the current organization, nil if none
}

// Authenticate resolves a session's secret ID into the signed-in user and
// actor. An unknown, idle-expired or absolutely expired session, or one of a
// disabled user, is Unauthorized and ended. A membership whose access ended
// (isms.Membership.Expired) is left out at once, sessions started before
// included.
func (a *App) Authenticate(ctx context.Context, sessionID string) (*SessionState, error) {
	if sessionID == "" {
		return nil, isms.Errorf(isms.Unauthorized, "Please sign in.")
	}
	hashed, now := hashSecret(sessionID), a.now()
	st := &SessionState{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		s, err := tx.FindSession(ctx, hashed)
		if err != nil {
			return err
		}
		st.Session = s
		if st.User, err = tx.FindUserByID(ctx, s.UserID); err != nil {
			return err
		}
		st.Orgs, err = tx.FindUserOrganizations(ctx, s.UserID)
		return err
	})
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, isms.Errorf(isms.Unauthorized, "Your session has ended; please sign in again.")
	}
	if err != nil {
		return nil, err
	}
	s := st.Session
	if st.User.Disabled || !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) > a.opts.SessionIdle {
		a.SignOut(ctx, sessionID)
		return nil, isms.Errorf(isms.Unauthorized, "Your session has ended; please sign in again.")
	}
	st.Actor = isms.Actor{UserID: st.User.ID, Name: st.User.Name, Owner: st.User.Owner}
	st.Orgs, st.Ended = splitEnded(st.Orgs, isms.DateOf(now))
	st.pickOrg()
	// Record activity at most once a minute, so reads stay reads.
	if now.Sub(s.LastSeenAt) > time.Minute || st.Actor.OrgID != s.OrgID {
		err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.TouchSession(ctx, hashed, st.Actor.OrgID, now)
		})
		if err != nil {
			return nil, err
		}
	}
	return st, nil
}

// pickOrg sets the current organization and the actor's role and limits in
// it: the session's if the user still has access to it, else the first one
// the user has access to.
func (st *SessionState) pickOrg() {
	if len(st.Orgs) == 0 {
		return
	}
	i := 0
	for j, om := range st.Orgs {
		if om.Org.ID == st.Session.OrgID {
			i = j
			break
		}
	}
	om := &st.Orgs[i]
	st.Org, st.Actor.OrgID, st.Actor.Role = &om.Org, om.Org.ID, om.Role
	st.Actor.FrameworkID, st.Actor.Watched = om.FrameworkID, watched(om.Role)
}

// SwitchOrganization makes the organization with slug the current one of a
// session; the user must be a member of it.
func (a *App) SwitchOrganization(ctx context.Context, sessionID string, st *SessionState, slug string) error {
	for _, om := range st.Orgs {
		if om.Org.Slug == slug {
			return a.db.Update(ctx, func(tx *sqldb.Tx) error {
				return tx.TouchSession(ctx, hashSecret(sessionID), om.Org.ID, a.now())
			})
		}
	}
	return isms.Errorf(isms.NotFound, "You are not a member of an organization with that slug.")
}

// SignOut ends the session with the given secret ID.
func (a *App) SignOut(ctx context.Context, sessionID string) error {
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return tx.DeleteSession(ctx, hashSecret(sessionID))
	})
}

// tokenPrefix starts every API token, so secret scanners can recognise them.
const tokenPrefix = "isms_"

// AuthenticateToken resolves an API token (the bearer secret) into the
// actor it acts as: its user, in its organization, with its scope. The
// token of a membership whose access ended is refused.
func (a *App) AuthenticateToken(ctx context.Context, secret string) (isms.Actor, error) {
	unauthorized := isms.Errorf(isms.Unauthorized, "The API token is unknown, expired or revoked.")
	if !strings.HasPrefix(secret, tokenPrefix) {
		return isms.Actor{}, unauthorized
	}
	now := a.now()
	var actor isms.Actor
	var touch isms.ID
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		t, err := tx.FindAPITokenBySecret(ctx, hashSecret(secret))
		if err != nil {
			return err
		}
		if !t.Active(now) {
			return unauthorized
		}
		u, err := tx.FindUserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return unauthorized
		}
		m, err := tx.FindMembership(ctx, t.OrgID, t.UserID)
		if err != nil {
			return err
		}
		if m.Expired(isms.DateOf(now)) {
			return isms.Errorf(isms.Unauthorized, "Your access to this organization ended on %s.", m.AccessUntil)
		}
		actor = isms.Actor{UserID: u.ID, Name: u.Name, OrgID: t.OrgID, Role: m.Role, Scope: t.Scope,
			FrameworkID: m.FrameworkID, Watched: watched(m.Role)}
		if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= time.Minute {
			touch = t.ID // record use at most once a minute, so reads stay reads
		}
		return nil
	})
	if err == nil && touch != "" {
		err = a.db.Update(ctx, func(tx *sqldb.Tx) error { return tx.TouchAPIToken(ctx, touch, now) })
	}
	if code := isms.ErrorCode(err); code == isms.NotFound {
		return isms.Actor{}, unauthorized
	} else if err != nil {
		return isms.Actor{}, err
	}
	return actor, nil
}
