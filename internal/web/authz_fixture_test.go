// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The fixture and helpers of the authorization tests (authz_test.go).

// authzWho is one column of the authorization table: an actor sending the request.
type authzWho string

// The actors, in the order of the table's columns. Every one but anon, owner
// and other is a member of organization A with that role.
const (
	asAnon    authzWho = "anon"    // nobody signed in
	asOwner   authzWho = "owner"   // an installation owner who is a member of no organization
	asAdmin   authzWho = "admin"   // A's administrator
	asMgr     authzWho = "mgr"     // A's ISMS manager
	asContrib authzWho = "contrib" // A's contributor
	asAud     authzWho = "aud"     // A's auditor
	asView    authzWho = "view"    // A's viewer
	asEmp     authzWho = "emp"     // A's employee
	asOther   authzWho = "other"   // B's administrator: another organization
)

// authzActors lists the actors in column order.
var authzActors = []authzWho{asAnon, asOwner, asAdmin, asMgr, asContrib, asAud, asView, asEmp, asOther}

// authzRoles is the role of each actor in its organization (A, or B for other).
var authzRoles = map[authzWho]isms.Role{
	asAdmin: isms.RoleAdmin, asMgr: isms.RoleManager, asContrib: isms.RoleContributor,
	asAud: isms.RoleAuditor, asView: isms.RoleViewer, asEmp: isms.RoleEmployee, asOther: isms.RoleAdmin,
}

// authzVerdict is what one actor gets from one route.
type authzVerdict byte

const (
	verdictAllow    authzVerdict = 'A' // 2xx, or a redirect that is not to the sign-in page
	verdictDeny     authzVerdict = 'D' // 401, 403, 404 or the sign-in redirect
	verdictNotFound authzVerdict = 'N' // deny by 404: the object is not in the actor's organization
	verdictOdd      authzVerdict = '?' // anything else: a failure whatever the table says
)

func (v authzVerdict) String() string {
	switch v {
	case verdictAllow:
		return "allow"
	case verdictDeny:
		return "deny"
	case verdictNotFound:
		return "deny by 404"
	}
	return "neither allow nor deny"
}

// satisfies reports whether a response's verdict got meets v, the table's.
func (v authzVerdict) satisfies(got authzVerdict) bool {
	switch v {
	case verdictAllow:
		return got == verdictAllow
	case verdictDeny:
		return got == verdictDeny || got == verdictNotFound
	case verdictNotFound:
		return got == verdictNotFound
	}
	return false
}

// parseAuthzCells reads a row's cells, "anon:D owner:D admin:A …", which must
// name every actor once, in column order, with A, D or N.
func parseAuthzCells(s string) (map[authzWho]authzVerdict, error) {
	fields := strings.Fields(s)
	if len(fields) != len(authzActors) {
		return nil, fmt.Errorf("%q has %d cells, want %d (%v)", s, len(fields), len(authzActors), authzActors)
	}
	out := map[authzWho]authzVerdict{}
	for i, f := range fields {
		name, v, ok := strings.Cut(f, ":")
		if !ok || authzWho(name) != authzActors[i] || len(v) != 1 || !strings.Contains("ADN", v) {
			return nil, fmt.Errorf("%q: cell %d is %q, want %s:A, %s:D or %s:N", s, i+1, f, authzActors[i], authzActors[i], authzActors[i])
		}
		out[authzActors[i]] = authzVerdict(v[0])
	}
	return out, nil
}

// authzTarget is what a route's {id} stands for.
type authzTarget int

const (
	targetNone      authzTarget = iota
	targetMember                // a contributor of A who belongs to no other organization and is no actor
	targetApproval              // A's pending submission of its profile: by A's admin, to A's manager
	targetOwnToken              // a member of A's own API token; A's admin's for everyone else
	targetTask                  // A's open task owned by A's employee
	targetOtherTask             // A's open task owned by A's contributor
	targetSchedule              // A's active schedule, owned by A's manager
	targetEvidence              // A's evidence item with one file version, linked to A's profile
)

// authzWorld is what every authorization case starts from: two
// organizations, one member of A per role, an owner, objects to act on,
// and every actor signed in. It holds IDs and secrets only, so that one
// world built in a database serves every copy of that database.
type authzWorld struct {
	a, b        *isms.Organization
	users       map[authzWho]*isms.User
	target      *isms.User // targetMember
	bManager    *isms.User // B's approver
	approvals   []*isms.Approval
	approvalA   *isms.Approval // A's pending submission
	taskA       isms.ID        // targetTask
	otherTaskA  isms.ID        // targetOtherTask
	scheduleA   isms.ID        // targetSchedule
	evidenceA   *isms.Evidence // targetEvidence
	tokenID     map[authzWho]isms.ID
	tokenSecret map[authzWho]string
	session     map[authzWho]string // the session cookie of each signed-in actor
	csrf        map[authzWho]string // and its CSRF token

	// ids holds the objects that authzWorldHooks add, by a name of the
	// hook's choosing.
	ids map[string]isms.ID
}

// newAuthzWorld builds the world in h's database.
func newAuthzWorld(h *harness) *authzWorld {
	h.t.Helper()
	ctx := context.Background()
	w := &authzWorld{users: map[authzWho]*isms.User{}, tokenID: map[authzWho]isms.ID{}, tokenSecret: map[authzWho]string{},
		session: map[authzWho]string{}, csrf: map[authzWho]string{}, ids: map[string]isms.ID{}}
	w.a, w.users[asAdmin] = h.org("acme")
	w.b, w.users[asOther] = h.org("globex")
	for _, x := range []authzWho{asMgr, asContrib, asAud, asView, asEmp} {
		w.users[x] = h.member(w.a, "acme-"+string(x), authzRoles[x])
	}
	w.target = h.member(w.a, "acme-target", isms.RoleContributor)
	w.bManager = h.member(w.b, "globex-mgr", isms.RoleManager)
	o := &isms.User{Email: "owner@example.com", Name: "Owner", Owner: true}
	if _, err := h.app.CreateUser(ctx, sys, o, testPassword); err != nil {
		h.t.Fatalf("CreateUser(owner): %v", err)
	}
	w.users[asOwner] = o
	for _, s := range []struct {
		by       authzWho
		approver *isms.User
	}{{asAdmin, w.users[asMgr]}, {asOther, w.bManager}} {
		org := w.orgOf(s.by)
		ap, err := h.app.SubmitForApproval(ctx, w.actor(s.by), app.SubmitInput{
			ObjectType: "organization", ObjectID: org.ID, ApproverIDs: []isms.ID{s.approver.ID}})
		if err != nil {
			h.t.Fatalf("SubmitForApproval(%s): %v", org.Slug, err)
		}
		w.approvals = append(w.approvals, ap)
	}
	w.approvalA = w.approvals[0]
	w.taskA, w.otherTaskA, w.scheduleA = newAuthzWork(h, w)
	w.evidenceA = newAuthzEvidence(h, w)
	for _, hook := range authzWorldHooks {
		hook(h, w)
	}
	for _, x := range authzActors {
		if x == asAnon {
			continue
		}
		c := h.signIn(w.users[x])
		w.session[x], w.csrf[x] = c.cookie("isms_session"), c.csrf
		if authzRoles[x] == "" {
			continue
		}
		t := &isms.APIToken{Name: "fixture", Scope: isms.ScopeReadWrite, ExpiresAt: h.clock.Now().AddDate(0, 1, 0)}
		secret, err := h.app.CreateAPIToken(ctx, w.actor(x), t)
		if err != nil {
			h.t.Fatalf("CreateAPIToken(%s): %v", x, err)
		}
		w.tokenID[x], w.tokenSecret[x] = t.ID, secret
	}
	return w
}

// authzWorldHooks add a module's objects to every world, after the
// objects above and before anyone signs in; a module's authz test file
// appends to it in init(), and registers in authzTargetIDs what its
// targets stand for.
var authzWorldHooks []func(h *harness, w *authzWorld)

// authzTargetIDs returns, for the targets that modules' authz test files
// declare, what {id} stands for when x sends the request.
var authzTargetIDs = map[authzTarget]func(f *authzFixture, x authzWho) string{}

// authzPathVars returns, for the other path wildcards that modules' routes
// use ({req} → "req"), what they stand for when x sends the request.
var authzPathVars = map[string]func(f *authzFixture, x authzWho) string{}

// authzFixture is a world in one harness's database.
type authzFixture struct {
	*authzWorld
	h           *harness
	nextAccount int
}

// newAuthzFixture builds a world in h's database.
func newAuthzFixture(h *harness) *authzFixture {
	return &authzFixture{authzWorld: newAuthzWorld(h), h: h}
}

// orgOf is the organization x acts in: B for other, A for everyone else.
func (w *authzWorld) orgOf(x authzWho) *isms.Organization {
	if x == asOther {
		return w.b
	}
	return w.a
}

// actor is x as app sees it when x works in its organization.
func (w *authzWorld) actor(x authzWho) isms.Actor {
	u := w.users[x]
	return isms.Actor{UserID: u.ID, Name: u.Name, OrgID: w.orgOf(x).ID, Role: authzRoles[x]}
}

// withdrawSubmissions withdraws both pending profile submissions, so that
// the profiles can change and be submitted again.
func (f *authzFixture) withdrawSubmissions() {
	f.h.t.Helper()
	for _, ap := range f.approvals {
		by := asAdmin
		if ap.OrgID == f.b.ID {
			by = asOther
		}
		if _, err := f.h.app.WithdrawApproval(context.Background(), f.actor(by), ap.ID); err != nil {
			f.h.t.Fatalf("WithdrawApproval: %v", err)
		}
	}
}

// id returns what {id} stands for when x sends the request.
func (f *authzFixture) id(t authzTarget, x authzWho) string {
	switch t {
	case targetMember:
		return string(f.target.ID)
	case targetApproval:
		return string(f.approvalA.ID)
	case targetTask:
		return string(f.taskA)
	case targetOtherTask:
		return string(f.otherTaskA)
	case targetSchedule:
		return string(f.scheduleA)
	case targetEvidence:
		return string(f.evidenceA.ID)
	case targetOwnToken:
		if x == asOther || authzRoles[x] == "" {
			return string(f.tokenID[asAdmin])
		}
		return string(f.tokenID[x])
	}
	if fn, ok := authzTargetIDs[t]; ok {
		return fn(f, x)
	}
	f.h.t.Fatalf("target %d has no ID", t)
	return ""
}

// orgVersion is the current version of the profile of x's organization.
func (f *authzFixture) orgVersion(x authzWho) int {
	f.h.t.Helper()
	p, err := f.h.app.FindOrganizationProfile(context.Background(), isms.SystemActor(f.orgOf(x).ID))
	if err != nil {
		f.h.t.Fatalf("FindOrganizationProfile: %v", err)
	}
	return p.Org.Version
}

// newAuthzWork gives A two open tasks, the employee's and the
// contributor's, and a schedule whose first task is not due yet.
func newAuthzWork(h *harness, w *authzWorld) (task, otherTask, schedule isms.ID) {
	h.t.Helper()
	ctx, sysA := context.Background(), isms.SystemActor(w.a.ID)
	for i, owner := range []authzWho{asEmp, asContrib} {
		t, err := h.app.CreateTask(ctx, sysA, app.TaskInput{Title: "Review visitor log", OwnerID: w.users[owner].ID, Due: "2026-03-31"})
		if err != nil {
			h.t.Fatalf("CreateTask: %v", err)
		}
		if i == 0 {
			task = t.ID
		} else {
			otherTask = t.ID
		}
	}
	s, _, err := h.app.CreateSchedule(ctx, sysA, app.ScheduleInput{Title: "Access review", OwnerID: w.users[asMgr].ID,
		Rule: "every 3 months", Start: "2026-07-01"})
	if err != nil {
		h.t.Fatalf("CreateSchedule: %v", err)
	}
	return task, otherTask, s.ID
}

// taskVersion is the current version of A's task.
func (f *authzFixture) taskVersion() int {
	f.h.t.Helper()
	t, err := f.h.app.FindTask(context.Background(), isms.SystemActor(f.a.ID), f.taskA)
	if err != nil {
		f.h.t.Fatalf("FindTask: %v", err)
	}
	return t.Version
}

// completeTask marks A's task done by its owner, the employee.
func (f *authzFixture) completeTask() {
	f.h.t.Helper()
	if _, err := f.h.app.CompleteTask(context.Background(), f.actor(asEmp), f.taskA, "Done."); err != nil {
		f.h.t.Fatalf("CompleteTask: %v", err)
	}
}

// scheduleVersion is the current version of A's schedule.
func (f *authzFixture) scheduleVersion() int {
	f.h.t.Helper()
	s, err := f.h.app.FindSchedule(context.Background(), isms.SystemActor(f.a.ID), f.scheduleA)
	if err != nil {
		f.h.t.Fatalf("FindSchedule: %v", err)
	}
	return s.Version
}

// memberVersion is the current version of the target's membership of A.
func (f *authzFixture) memberVersion() int {
	f.h.t.Helper()
	m, err := f.h.app.FindMember(context.Background(), isms.SystemActor(f.a.ID), f.target.ID)
	if err != nil {
		f.h.t.Fatalf("FindMember: %v", err)
	}
	return m.Version
}

// approverFor is someone in x's organization, not x, who may be named as
// an approver.
func (f *authzFixture) approverFor(x authzWho) *isms.User {
	switch x {
	case asOther:
		return f.bManager
	case asMgr:
		return f.users[asAdmin]
	}
	return f.users[asMgr]
}

// newEmail is an address no account has yet.
func (f *authzFixture) newEmail() string {
	f.nextAccount++
	return "new" + strconv.Itoa(f.nextAccount) + "@example.com"
}

// client returns a new client of x: signed in with x's session, or via
// token, an API client with x's read-write token.
func (f *authzFixture) client(x authzWho, via string) *client {
	c := f.h.anonymous()
	switch {
	case via == authzViaToken:
		c.bearer = f.tokenSecret[x]
	case x != asAnon:
		u, _ := url.Parse(f.h.ts.URL)
		c.http.Jar.SetCookies(u, []*http.Cookie{{Name: "isms_session", Value: f.session[x]}})
		c.csrf = f.csrf[x]
	}
	return c
}

// How a case authenticates.
const (
	authzViaSession = "session" // the session cookie (and X-CSRF-Token or the csrf field)
	authzViaToken   = "token"   // a read-write API token of the actor
)

// send sends the request of row for pattern as x through c and returns the
// verdict with a description of the response for failure messages.
func (f *authzFixture) send(c *client, pattern string, row authzRow, x authzWho) (authzVerdict, string) {
	f.h.t.Helper()
	method, path := authzSplit(pattern)
	if i := strings.Index(path, "{id}"); i >= 0 { // only such rows name a target for f.id
		path = path[:i] + f.id(row.id, x) + path[i+len("{id}"):]
	}
	path = strings.Replace(path, "{kind}", "session.cleanup", 1)                                                   // a job kind: the periodic one every installation has
	path = strings.NewReplacer("{n}", "1", "{link}", url.PathEscape("organization:"+string(f.a.ID))).Replace(path) // targetEvidence's version and link
	for name, fn := range authzPathVars {
		if wild := "{" + name + "}"; strings.Contains(path, wild) {
			path = strings.Replace(path, wild, url.PathEscape(fn(f, x)), 1)
		}
	}
	var body any
	if row.body != nil {
		body = row.body(f, x)
	}
	var resp *http.Response
	switch {
	case row.upload != nil:
		ct, b := row.upload(f, x)
		resp = c.do(method, path, ct, strings.NewReader(string(b)), true)
	case row.preSignIn:
		// Forms shown before sign-in carry the double-submit cookie that
		// GET /signin sets.
		c.get("/signin").Body.Close()
		form := body.(url.Values)
		form.Set("csrf", c.cookie("isms_csrf"))
		resp = c.do(method, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), false)
	case strings.HasPrefix(path, "/api/"):
		var r io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				f.h.t.Fatal(err)
			}
			r = strings.NewReader(string(b))
		}
		resp = c.do(method, path, "application/json", r, true)
	case method == http.MethodGet:
		resp = c.get(path)
	default:
		form, _ := body.(url.Values)
		resp = c.post(path, form)
	}
	b := authzReadBody(resp)
	got := authzClassify(resp, row.signsOut)
	desc := fmt.Sprintf("%s %s = %d", method, path, resp.StatusCode)
	if loc := resp.Header.Get("Location"); loc != "" {
		desc += " → " + loc
	}
	if got != verdictAllow && len(b) > 0 {
		desc += "\n" + authzExcerpt(b)
	}
	return got, desc
}

// authzClassify turns a response into a verdict.
func authzClassify(resp *http.Response, signsOut bool) authzVerdict {
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return verdictAllow
	case code == http.StatusSeeOther || code == http.StatusFound:
		u, err := url.Parse(resp.Header.Get("Location"))
		switch {
		case err != nil:
			return verdictOdd
		case u.Path == "/signin" && signsOut && !u.Query().Has("next"):
			return verdictAllow
		case u.Path == "/signin":
			return verdictDeny
		case u.Path == "/account/password":
			return verdictOdd // the must-change-password detour: no actor of the fixture has it
		}
		return verdictAllow
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return verdictDeny
	case code == http.StatusNotFound:
		return verdictNotFound
	}
	return verdictOdd
}

// authzSplit splits "POST /members/{id}/role" into method and path; the
// path of "GET /{$}" is "/".
func authzSplit(p string) (method, path string) {
	method, path, ok := strings.Cut(p, " ")
	if !ok {
		return "", p
	}
	return method, strings.Replace(path, "{$}", "", 1)
}

func authzReadBody(resp *http.Response) string {
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return string(b)
}

// authzExcerpt is the text of an error page or API error, short enough for a
// failure message.
func authzExcerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// authzExpiry is a valid expiry date for a new token: a month after the
// harness clock's start.
var authzExpiry = time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
