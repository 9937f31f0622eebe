// SPDX-License-Identifier: Apache-2.0

package ceiling_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/bench/ceiling"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/web"
)

// fixture is the small demo organization served by the real product (web
// over app over the database) and by the ceiling, side by side, with a
// browser signed in as the organization's administrator and an API token
// of theirs.
type fixture struct {
	t       *testing.T
	db      *sqldb.DB
	slug    string
	product *httptest.Server
	ceiling *httptest.Server
	browser *http.Client // carries the session cookie
	token   string
	params  map[string]string
	adminID isms.ID
	orgID   isms.ID
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}, Blobs: blobtest.FS(t)})
	demo, err := a.LoadDemoWith(ctx, app.DemoSmall, app.DemoOptions{}, nil)
	if err != nil {
		t.Fatalf("LoadDemoWith(small): %v", err)
	}
	srv, err := web.New(a, web.Options{BaseURL: "http://isms.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	fx := &fixture{t: t, db: db, slug: demo.OrgSlug, product: httptest.NewServer(srv)}
	t.Cleanup(fx.product.Close)
	h, err := ceiling.New(ctx, db, demo.OrgSlug)
	if err != nil {
		t.Fatalf("ceiling.New(%s): %v", demo.OrgSlug, err)
	}
	fx.ceiling = httptest.NewServer(h)
	t.Cleanup(fx.ceiling.Close)
	if fx.params, err = ceiling.Params(ctx, db, demo.OrgSlug); err != nil {
		t.Fatalf("ceiling.Params(%s): %v", demo.OrgSlug, err)
	}
	fx.findAdmin(demo.AdminEmail)
	fx.signIn(demo.AdminEmail)
	fx.token, err = a.CreateAPIToken(ctx, isms.Actor{UserID: fx.adminID, OrgID: fx.orgID, Role: isms.RoleAdmin},
		&isms.APIToken{Name: "bench", Scope: isms.ScopeRead, ExpiresAt: a.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	return fx
}

// findAdmin reads the IDs of the organization and of the account the
// benchmark signs in with.
func (fx *fixture) findAdmin(email string) {
	fx.t.Helper()
	err := fx.db.View(context.Background(), func(tx *sqldb.Tx) error {
		o, err := tx.FindOrganizationBySlug(context.Background(), fx.slug)
		if err != nil {
			return err
		}
		members, _, err := tx.FindMembers(context.Background(), isms.MemberFilter{OrgID: o.ID, Search: email, Limit: 1})
		if err != nil || len(members) == 0 {
			return fmt.Errorf("member %s: %v", email, err)
		}
		fx.orgID, fx.adminID = o.ID, members[0].User.ID
		return nil
	})
	if err != nil {
		fx.t.Fatalf("find the administrator: %v", err)
	}
}

// signIn signs in through the sign-in form, as the benchmark does.
func (fx *fixture) signIn(email string) {
	fx.t.Helper()
	jar, _ := cookiejar.New(nil)
	fx.browser = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := fx.browser.Get(fx.product.URL + "/signin")
	if err != nil {
		fx.t.Fatalf("GET /signin: %v", err)
	}
	resp.Body.Close()
	u, _ := url.Parse(fx.product.URL)
	csrf := ""
	for _, c := range jar.Cookies(u) {
		if c.Name == "isms_csrf" {
			csrf = c.Value
		}
	}
	form := url.Values{"email": {email}, "password": {app.DemoPassword}, "csrf": {csrf}}
	resp, err = fx.browser.PostForm(fx.product.URL+"/signin", form)
	if err != nil {
		fx.t.Fatalf("POST /signin: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		fx.t.Fatalf("POST /signin as %s: status %d, want 303", email, resp.StatusCode)
	}
}

// expand fills path's placeholders from the ceiling's Params.
func (fx *fixture) expand(path string) string {
	fx.t.Helper()
	for k, v := range fx.params {
		path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
	}
	if strings.Contains(path, "{") {
		fx.t.Fatalf("path %s has a placeholder Params does not fill (%v)", path, fx.params)
	}
	return path
}

// productGet requests path from the product: a page with the session, an
// API path with the token.
func (fx *fixture) productGet(path string) (int, []byte) {
	fx.t.Helper()
	req, err := http.NewRequest("GET", fx.product.URL+fx.expand(path), nil)
	if err != nil {
		fx.t.Fatal(err)
	}
	c := fx.browser
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+fx.token)
		c = &http.Client{}
	}
	return send(fx.t, c, req)
}

// ceilingGet requests path from the ceiling.
func (fx *fixture) ceilingGet(path string) (int, []byte) {
	fx.t.Helper()
	req, err := http.NewRequest("GET", fx.ceiling.URL+fx.expand(path), nil)
	if err != nil {
		fx.t.Fatal(err)
	}
	return send(fx.t, &http.Client{}, req)
}

// concurrentCeilingGets sends n requests of path to the ceiling at once
// and returns what went wrong with the first that failed: an error, a
// status other than 200, or no answer within 30 s (a handler holding its
// transaction while it waits for another connection starves the pool as
// soon as there are more requests than connections); "" when all
// succeeded.
func (fx *fixture) concurrentCeilingGets(path string, n int) string {
	fx.t.Helper()
	url := fx.ceiling.URL + fx.expand(path)
	c := &http.Client{Timeout: 30 * time.Second}
	failures := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp, err := c.Get(url)
			if err != nil {
				failures <- err.Error()
				return
			}
			defer resp.Body.Close()
			io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status matters
			if resp.StatusCode != http.StatusOK {
				failures <- resp.Status
			}
		})
	}
	wg.Wait()
	close(failures)
	return <-failures
}

func send(t *testing.T, c *http.Client, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL, err)
	}
	return resp.StatusCode, b
}

// productJSON requests an API path from the product and decodes its 200
// answer.
func (fx *fixture) productJSON(path string) any {
	fx.t.Helper()
	status, b := fx.productGet(path)
	if status != http.StatusOK {
		fx.t.Fatalf("product GET %s = %d, want 200: %.300s", path, status, b)
	}
	return decode(fx.t, path, b)
}

// ceilingJSON requests path from the ceiling and decodes its 200 answer.
func (fx *fixture) ceilingJSON(path string) any {
	fx.t.Helper()
	status, b := fx.ceilingGet(path)
	if status != http.StatusOK {
		fx.t.Fatalf("ceiling GET %s = %d, want 200: %.300s", path, status, b)
	}
	return decode(fx.t, path, b)
}

func decode(t *testing.T, path string, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("GET %s: not JSON: %v: %.300s", path, err, b)
	}
	return v
}

// at returns the value at path (object keys, or decimal indexes into
// arrays) in v, nil when there is none.
func at(v any, path ...string) any {
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// each returns, for every element of the array at items in v, the value
// at path in it, as text.
func each(v any, items []string, path ...string) []string {
	arr, _ := at(v, items...).([]any)
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		out = append(out, fmt.Sprint(at(x, path...)))
	}
	return out
}
