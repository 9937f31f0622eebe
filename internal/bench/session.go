// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Visitor is a browser-like client of the server: it keeps cookies and
// follows no redirects, so that it sees what each form answers.
type Visitor struct {
	base   string
	client *http.Client
}

// NewVisitor returns a visitor of the server at base ("http://host:port").
func NewVisitor(base string) *Visitor {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &Visitor{base: strings.TrimRight(base, "/"), client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// csrfField finds the CSRF token of a page's forms.
var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// secretValue finds the secret on the page shown once after a token is created.
var secretValue = regexp.MustCompile(`<code id="secret-value">([^<]+)</code>`)

// SignIn signs in through the sign-in form, as a browser does: GET
// /signin for the form's CSRF token and its cookie, then POST /signin.
func (v *Visitor) SignIn(ctx context.Context, email, password string) error {
	csrf, err := v.formToken(ctx, "/signin")
	if err != nil {
		return err
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {csrf}, "next": {"/"}}
	status, body, err := v.do(ctx, http.MethodPost, "/signin", form)
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther || v.SessionCookie() == "" {
		return fmt.Errorf("sign in as %s at %s/signin: status %d, want 303 with a session cookie%s", email, v.base, status, excerpt(body))
	}
	return nil
}

// SessionCookie returns the Cookie header that carries the session, or ""
// before sign-in.
func (v *Visitor) SessionCookie() string {
	u, _ := url.Parse(v.base)
	for _, c := range v.client.Jar.Cookies(u) {
		if c.Name == "isms_session" || c.Name == "__Host-isms_session" {
			return c.Name + "=" + c.Value
		}
	}
	return ""
}

// CreateReadToken creates a read-only API token named name, expiring in
// two days, through the account page's token form, and returns its secret.
func (v *Visitor) CreateReadToken(ctx context.Context, name string) (string, error) {
	csrf, err := v.formToken(ctx, "/account")
	if err != nil {
		return "", err
	}
	form := url.Values{"name": {name}, "scope": {"read"}, "csrf": {csrf},
		"expiresAt": {time.Now().UTC().AddDate(0, 0, 2).Format(time.DateOnly)}}
	status, body, err := v.do(ctx, http.MethodPost, "/account/tokens", form)
	if err != nil {
		return "", err
	}
	m := secretValue.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		return "", fmt.Errorf("create an API token at %s/account/tokens: status %d, want 200 with the secret%s", v.base, status, excerpt(body))
	}
	return html.UnescapeString(m[1]), nil
}

// formToken gets the page at path and returns the CSRF token of its forms.
func (v *Visitor) formToken(ctx context.Context, path string) (string, error) {
	status, body, err := v.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return "", err
	}
	m := csrfField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		return "", fmt.Errorf("GET %s%s: status %d, want 200 with a form's CSRF token%s", v.base, path, status, excerpt(body))
	}
	return html.UnescapeString(m[1]), nil
}

// do sends a request, with form as its body when it is not nil, and
// returns the status and body.
func (v *Visitor) do(ctx context.Context, method, path string, form url.Values) (int, string, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, v.base+path, body)
	if err != nil {
		return 0, "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return 0, "", fmt.Errorf("%s %s: read the body: %w", method, path, err)
	}
	return resp.StatusCode, string(b), nil
}

// htmlTag matches a tag, for excerpt.
var htmlTag = regexp.MustCompile(`<[^>]*>`)

// excerpt returns the start of a page's text for an error message.
func excerpt(body string) string {
	s := strings.Join(strings.Fields(htmlTag.ReplaceAllString(body, " ")), " ")
	if s == "" {
		return ""
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return ": " + s
}
