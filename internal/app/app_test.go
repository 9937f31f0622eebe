// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// clock is a controllable time source, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// password is the password of every account the fixture creates.
const password = "correct horse battery staple"

// clientAddr is the address fixture sign-ins come from.
const clientAddr = "192.0.2.10"

// world is an installation under test: an owner who belongs to no
// organization, and the organization "acme" with one member per role that
// the tests need. Nobody but the owner is an installation owner.
type world struct {
	t     *testing.T
	ctx   context.Context
	db    *sqldb.DB
	app   *app.App
	clock *clock

	owner       *isms.User // installation owner, member of no organization
	org         *isms.Organization
	admin       *isms.User // acme's only administrator
	manager     *isms.User
	manager2    *isms.User
	contributor *isms.User
	viewer      *isms.User
}

// newWorld returns a fresh installation over db with a cheap password cost.
func newWorld(t *testing.T, db *sqldb.DB) *world {
	t.Helper()
	c := newClock()
	w := &world{t: t, ctx: context.Background(), db: db, clock: c,
		app: app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})}
	w.owner = w.newUser("Olivia Owner", true)
	w.admin = w.newUser("Alice Admin", false)
	w.org = w.newOrg("acme", "Acme", w.admin)
	w.manager = w.newMember(w.org, "Bob Manager", isms.RoleManager)
	w.manager2 = w.newMember(w.org, "Carol Manager", isms.RoleManager)
	w.contributor = w.newMember(w.org, "Dave Contributor", isms.RoleContributor)
	w.viewer = w.newMember(w.org, "Erin Viewer", isms.RoleViewer)
	return w
}

// emailOf returns the fixture e-mail address of a person: "Alice Admin"
// becomes alice.admin@example.com.
func emailOf(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.com"
}

// newUser creates an account with the fixture password through the CLI's
// system actor.
func (w *world) newUser(name string, owner bool) *isms.User {
	w.t.Helper()
	u := &isms.User{Name: name, Email: emailOf(name), Owner: owner}
	if _, err := w.app.CreateUser(w.ctx, isms.SystemActor(""), u, password); err != nil {
		w.t.Fatalf("CreateUser(%s) = %v, want nil", name, err)
	}
	return u
}

// newOrg creates an organization with admin as its administrator.
func (w *world) newOrg(slug, name string, admin *isms.User) *isms.Organization {
	w.t.Helper()
	o := &isms.Organization{Slug: slug, Name: name}
	if err := w.app.CreateOrganization(w.ctx, isms.SystemActor(""), o, admin.ID); err != nil {
		w.t.Fatalf("CreateOrganization(%s) = %v, want nil", slug, err)
	}
	return o
}

// newMember creates an account and makes it a member of org with role.
func (w *world) newMember(org *isms.Organization, name string, role isms.Role) *isms.User {
	w.t.Helper()
	u := w.newUser(name, false)
	w.join(org, u, role)
	return u
}

// join makes an existing account a member of org with role.
func (w *world) join(org *isms.Organization, u *isms.User, role isms.Role) {
	w.t.Helper()
	if err := w.app.AddMemberByID(w.ctx, isms.SystemActor(org.ID), org.ID, u.ID, role); err != nil {
		w.t.Fatalf("AddMemberByID(%s, %s, %s) = %v, want nil", org.Slug, u.Name, role, err)
	}
}

// as returns the actor of u working in acme with role, as Authenticate
// would build it.
func (w *world) as(u *isms.User, role isms.Role) isms.Actor {
	return isms.Actor{UserID: u.ID, Name: u.Name, OrgID: w.org.ID, Role: role, Owner: u.Owner}
}

func (w *world) asAdmin() isms.Actor       { return w.as(w.admin, isms.RoleAdmin) }
func (w *world) asManager() isms.Actor     { return w.as(w.manager, isms.RoleManager) }
func (w *world) asManager2() isms.Actor    { return w.as(w.manager2, isms.RoleManager) }
func (w *world) asContributor() isms.Actor { return w.as(w.contributor, isms.RoleContributor) }
func (w *world) asViewer() isms.Actor      { return w.as(w.viewer, isms.RoleViewer) }

// asOwner returns the installation owner's actor; the owner belongs to no
// organization.
func (w *world) asOwner() isms.Actor {
	return isms.Actor{UserID: w.owner.ID, Name: w.owner.Name, Owner: true}
}

// signIn signs u in with the fixture password and returns the session ID.
func (w *world) signIn(u *isms.User) string {
	w.t.Helper()
	id, _, err := w.app.SignIn(w.ctx, u.Email, password, clientAddr)
	if err != nil {
		w.t.Fatalf("SignIn(%s) = %v, want nil", u.Email, err)
	}
	return id
}

// user reloads an account.
func (w *world) user(id isms.ID) *isms.User {
	w.t.Helper()
	var u *isms.User
	w.view(func(tx *sqldb.Tx) (err error) {
		u, err = tx.FindUserByID(w.ctx, id)
		return err
	})
	return u
}

// profile returns acme's profile as its administrator sees it.
func (w *world) profile() *app.OrganizationProfile {
	w.t.Helper()
	p, err := w.app.FindOrganizationProfile(w.ctx, w.asAdmin())
	if err != nil {
		w.t.Fatalf("FindOrganizationProfile() = %v, want nil", err)
	}
	return p
}

// view runs fn in a read-only transaction and fails the test on error.
func (w *world) view(fn func(tx *sqldb.Tx) error) {
	w.t.Helper()
	if err := w.db.View(w.ctx, fn); err != nil {
		w.t.Fatalf("View: %v", err)
	}
}

// head returns the head of an audit chain.
func (w *world) head(chain string) isms.ChainHead {
	w.t.Helper()
	var h isms.ChainHead
	w.view(func(tx *sqldb.Tx) (err error) {
		h, err = tx.FindChainHead(w.ctx, chain)
		return err
	})
	return h
}

// heads returns the heads of the installation chain and acme's chain.
func (w *world) heads() map[string]isms.ChainHead {
	w.t.Helper()
	return map[string]isms.ChainHead{
		isms.InstallationChain: w.head(isms.InstallationChain),
		string(w.org.ID):       w.head(string(w.org.ID)),
	}
}

// events returns the events of chain after sequence number after, oldest first.
func (w *world) events(chain string, after int64) []*isms.AuditEvent {
	w.t.Helper()
	var out []*isms.AuditEvent
	w.view(func(tx *sqldb.Tx) error {
		return tx.WalkAuditChain(w.ctx, chain, func(e *isms.AuditEvent) bool {
			if e.Seq > after {
				c := *e
				out = append(out, &c)
			}
			return true
		})
	})
	return out
}

// lastEvent returns the newest event of chain.
func (w *world) lastEvent(chain string) *isms.AuditEvent {
	w.t.Helper()
	h := w.head(chain)
	es := w.events(chain, h.Seq-1)
	if len(es) != 1 {
		w.t.Fatalf("chain %s has no event %d", chain, h.Seq)
	}
	return es[0]
}

// actions returns the actions of events.
func actions(events []*isms.AuditEvent) []string {
	out := []string{}
	for _, e := range events {
		out = append(out, e.Action)
	}
	return out
}

// changes decodes an event's changes; JSON numbers become float64.
func changes(t *testing.T, e *isms.AuditEvent) map[string]isms.Change {
	t.Helper()
	var m map[string]isms.Change
	if err := json.Unmarshal([]byte(e.Changes), &m); err != nil {
		t.Fatalf("event %s %d: changes %q: %v", e.Chain, e.Seq, e.Changes, err)
	}
	return m
}

// wantCode reports an error unless err has the code want; call describes
// the call for the message.
func wantCode(t *testing.T, call string, err error, want isms.Code) {
	t.Helper()
	if got := isms.ErrorCode(err); got != want {
		t.Errorf("%s = %v, want %s", call, err, codeName(want))
	}
}

// wantFields reports an error unless err is an *isms.Error with code and
// a problem for exactly the given fields.
func wantFields(t *testing.T, call string, err error, code isms.Code, fields ...string) {
	t.Helper()
	var e *isms.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Errorf("%s = %v, want %s with fields %v", call, err, code, fields)
		return
	}
	got := []string{}
	for f := range e.Fields {
		got = append(got, f)
	}
	if len(got) != len(fields) {
		t.Errorf("%s fields = %v, want %v", call, e.Fields, fields)
		return
	}
	for _, f := range fields {
		if e.Fields[f] == "" {
			t.Errorf("%s fields = %v, want %v", call, e.Fields, fields)
			return
		}
	}
}

func codeName(c isms.Code) string {
	if c == "" {
		return "nil"
	}
	return string(c)
}

// race runs every fn at the same moment, each in its own goroutine, and
// waits for all of them.
func race(fns ...func()) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn()
		}()
	}
	close(start)
	wg.Wait()
}
