// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/web"
)

// The harness runs the real web.Server over a real App and a real database
// (SQLite, and PostgreSQL with sqldbtest.Each) behind httptest.Server.

// clock is a controllable clock for the App.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testSecretKey is the installation's secret key in tests: it seals the
// organizations' signing keys.
var testSecretKey = []byte("0123456789abcdef0123456789abcdef")

// testPassword is the password of every account the harness makes.
const testPassword = "correct horse battery"

type harness struct {
	t     *testing.T
	db    *sqldb.DB
	app   *app.App
	srv   *web.Server
	ts    *httptest.Server
	clock *clock
	blobs *blob.FS // evidence files
}

func newHarness(t *testing.T, db *sqldb.DB) *harness {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	blobs := blobtest.FS(t)
	a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}, Blobs: blobs,
		SecretKey: testSecretKey})
	srv, err := web.New(a, web.Options{BaseURL: "http://isms.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, db: db, app: a, srv: srv, ts: ts, clock: c, blobs: blobs}
}

var sys = isms.SystemActor("")

// org creates an organization whose administrator is a new account, and
// returns the organization and that administrator.
func (h *harness) org(slug string) (*isms.Organization, *isms.User) {
	h.t.Helper()
	admin := h.account(slug + "-admin")
	o := &isms.Organization{Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:] + " Ltd"}
	if err := h.app.CreateOrganization(context.Background(), sys, o, admin.ID); err != nil {
		h.t.Fatalf("CreateOrganization(%s): %v", slug, err)
	}
	return o, admin
}

// account creates an account named name with testPassword.
func (h *harness) account(name string) *isms.User {
	h.t.Helper()
	u := &isms.User{Email: name + "@example.com", Name: name}
	if _, err := h.app.CreateUser(context.Background(), sys, u, testPassword); err != nil {
		h.t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

// member creates an account with role in org.
func (h *harness) member(org *isms.Organization, name string, role isms.Role) *isms.User {
	h.t.Helper()
	u := h.account(name)
	if err := h.app.AddMemberByID(context.Background(), sys, org.ID, u.ID, role); err != nil {
		h.t.Fatalf("AddMemberByID(%s): %v", name, err)
	}
	return u
}

// client is a browser-like client signed in as one user: it keeps the
// session cookie, sends the CSRF token with every POST and does not follow
// redirects.
type client struct {
	h    *harness
	http *http.Client
	csrf string
	// bearer, when set, authenticates API calls instead of the cookie.
	bearer string
}

// signIn signs u in through the sign-in form and returns its client.
func (h *harness) signIn(u *isms.User) *client {
	h.t.Helper()
	c := h.anonymous()
	resp := c.get("/signin")
	resp.Body.Close()
	form := url.Values{"email": {u.Email}, "password": {testPassword}, "csrf": {c.cookie("isms_csrf")}}
	resp = c.do("POST", "/signin", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), false)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("sign in as %s: status %d, want 303", u.Email, resp.StatusCode)
	}
	st, err := h.app.Authenticate(context.Background(), c.cookie("isms_session"))
	if err != nil {
		h.t.Fatalf("Authenticate after sign-in: %v", err)
	}
	c.csrf = st.Session.CSRFToken
	return c
}

// anonymous returns a client with no session.
func (h *harness) anonymous() *client {
	jar := &simpleJar{cookies: map[string]*http.Cookie{}}
	// The server's own transport: the shared default one is closed by
	// every other test server's Close, which breaks requests in flight.
	return &client{h: h, http: &http.Client{Transport: h.ts.Client().Transport, Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// token returns an API client authenticated by a new token of u in u's
// current organization with scope.
func (h *harness) token(u *isms.User, org *isms.Organization, scope isms.TokenScope) *client {
	h.t.Helper()
	m, err := h.app.FindMember(context.Background(), isms.Actor{UserID: u.ID, OrgID: org.ID, Role: isms.RoleAdmin}, u.ID)
	if err != nil {
		h.t.Fatalf("FindMember: %v", err)
	}
	a := isms.Actor{UserID: u.ID, Name: u.Name, OrgID: org.ID, Role: m.Role}
	secret, err := h.app.CreateAPIToken(context.Background(), a, &isms.APIToken{Name: "test", Scope: scope, ExpiresAt: h.clock.Now().AddDate(0, 1, 0)})
	if err != nil {
		h.t.Fatalf("CreateAPIToken: %v", err)
	}
	c := h.anonymous()
	c.bearer = secret
	return c
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.h.ts.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func (c *client) do(method, path, contentType string, body io.Reader, withCSRF bool) *http.Response {
	c.h.t.Helper()
	req, err := http.NewRequest(method, c.h.ts.URL+path, body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if withCSRF && c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

// get sends a GET.
func (c *client) get(path string) *http.Response { return c.do("GET", path, "", nil, false) }

// post sends a form with the session's CSRF token.
func (c *client) post(path string, form url.Values) *http.Response {
	if form == nil {
		form = url.Values{}
	}
	if c.csrf != "" && form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), false)
}

// body reads and closes a response body.
func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// simpleJar is a cookie jar for one host that ignores Secure and domains.
type simpleJar struct {
	mu      sync.Mutex
	cookies map[string]*http.Cookie
}

func (j *simpleJar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, c := range cs {
		if c.MaxAge < 0 || c.Value == "" {
			delete(j.cookies, c.Name)
			continue
		}
		j.cookies[c.Name] = c
	}
}

func (j *simpleJar) Cookies(*url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]*http.Cookie, 0, len(j.cookies))
	for _, c := range j.cookies {
		out = append(out, c)
	}
	return out
}
