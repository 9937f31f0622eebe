// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"sync"
	"time"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Options configure an App. Zero fields take the defaults.
type Options struct {
	// Now is the clock; tests pass a controllable one. Default time.Now.
	Now func() time.Time
	// SessionIdle ends a session after this long without a request. Default 2h.
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in, whatever its use. Default 12h.
	SessionMax time.Duration
	// PasswordCost is the argon2id cost; tests may lower it. Default DefaultPasswordCost.
	PasswordCost PasswordCost
	// Blobs stores evidence files. Without it, evidence files can be
	// neither uploaded nor downloaded.
	Blobs blob.Store
	// MaxUpload is the largest evidence file accepted, in bytes. Default
	// DefaultMaxUpload.
	MaxUpload int64
	// BaseURL is the public URL that links in e-mail and calendar feeds
	// start with; when empty, the one in the mail settings is used.
	BaseURL string
	// SecretKey is the installation's secret key (32 bytes,
	// ISMS_SECRET_KEY): it seals the organizations' signing keys. Without
	// it no audit package can be signed.
	SecretKey []byte
}

// App is the application: every use case is a method on it.
type App struct {
	db      *sqldb.DB
	now     func() time.Time
	opts    Options
	limiter *limiter
	// dummyHash is checked against when an account does not exist, so that
	// a sign-in takes as long whether or not the e-mail address is known.
	// It is computed at the first such sign-in, not at start-up.
	dummyHash func() string
	workers   *jobs.Workers // every module's job kinds (jobs.go)
	jobs      *jobs.Client  // insert-only: enqueues; isms serve works them (StartJobs)
	// readinessCache holds each organization's latest readiness result
	// (readiness_cache.go).
	readinessCache readinessCache
	// postureCache holds each organization's latest posture, per framework
	// scope (posture_cache.go).
	postureCache postureCache
}

// New returns an App over db. It sets db.Now to the App's clock, so that the
// times written into rows are the App's.
func New(db *sqldb.DB, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SessionIdle <= 0 {
		opts.SessionIdle = 2 * time.Hour
	}
	if opts.SessionMax <= 0 {
		opts.SessionMax = 12 * time.Hour
	}
	if opts.PasswordCost == (PasswordCost{}) {
		opts.PasswordCost = DefaultPasswordCost
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	db.Now = opts.Now
	a := &App{db: db, now: opts.Now, opts: opts, limiter: newLimiter(),
		dummyHash: sync.OnceValue(func() string { return hashPassword("not a password of anyone", opts.PasswordCost) })}
	a.initJobs()
	return a
}

// Now returns the App's current time.
func (a *App) Now() time.Time { return a.now() }

// DB returns the database, for operations (backup, readiness) that are not use cases.
func (a *App) DB() *sqldb.DB { return a.db }

// Ready reports whether the database answers and its migrations, the
// product's and the job queue's, are current.
func (a *App) Ready(ctx context.Context) error {
	if err := a.db.Ping(ctx); err != nil {
		return err
	}
	if err := a.db.CheckMigrations(ctx); err != nil {
		return err
	}
	return jobs.Check(ctx, a.db)
}

// audit appends an event for actor to the chain of the actor's organization,
// or to the installation chain when chain is isms.InstallationChain.
func audit(ctx context.Context, tx *sqldb.Tx, chain string, actor isms.Actor, action, objectType string, objectID isms.ID, c isms.Changes) error {
	e := isms.NewAuditEvent(actor, action, objectType, objectID, c)
	e.Chain = chain
	return tx.InsertAuditEvent(ctx, &e)
}

// orgChain is the audit chain of an organization.
func orgChain(org isms.ID) string { return string(org) }

// forbid returns a Forbidden error with msg unless ok.
func forbid(ok bool, msg string) error {
	if ok {
		return nil
	}
	return isms.Errorf(isms.Forbidden, "%s", msg)
}

// Authorize returns a Forbidden error with msg unless actor holds p. Pages
// call it before showing a form whose use case has not run yet.
func (a *App) Authorize(actor isms.Actor, p isms.Permission, msg string) error {
	return forbid(actor.Can(p), msg)
}
