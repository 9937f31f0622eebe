// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want string
	}{
		{"an empty password is too short", "", "Password must be at least 12 characters."},
		{"eleven characters are too short", "abcdefghijk", "Password must be at least 12 characters."},
		{"twelve characters are enough", "abcdefghijkl", ""},
		{"length counts characters, not bytes", strings.Repeat("ä", 12), ""},
		{"eleven two-byte characters are too short", strings.Repeat("ä", 11), "Password must be at least 12 characters."},
		{"256 characters are allowed", strings.Repeat("a", 256), ""},
		{"257 characters are too long", strings.Repeat("a", 257), "Password must be at most 256 characters."},
		{"only spaces are refused", strings.Repeat(" ", 12), "Password must not be only spaces."},
		{"only tabs and newlines are refused", strings.Repeat("\t\n", 6), "Password must not be only spaces."},
		{"inner spaces are fine", "correct horse battery", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isms.CheckPassword(tt.pw); got != tt.want {
				t.Errorf("CheckPassword(%q) = %q, want %q", tt.pw, got, tt.want)
			}
		})
	}
}

func TestValidSlug(t *testing.T) {
	tests := []struct {
		name string
		slug string
		want bool
	}{
		{"a single letter is a slug", "a", true},
		{"a single digit is a slug", "7", true},
		{"letters, digits and inner hyphens are a slug", "acme-2-corp", true},
		{"fifty characters are allowed", strings.Repeat("a", 50), true},
		{"fifty-one characters are too many", strings.Repeat("a", 51), false},
		{"an empty slug is refused", "", false},
		{"a leading hyphen is refused", "-acme", false},
		{"a trailing hyphen is refused", "acme-", false},
		{"upper case is refused", "Acme", false},
		{"spaces are refused", "acme corp", false},
		{"underscores are refused", "acme_corp", false},
		{"non-ASCII letters are refused", "äcme", false},
		{"a dot is refused", "acme.io", false},
		{"a trailing newline is refused", "acme\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isms.ValidSlug(tt.slug); got != tt.want {
				t.Errorf("ValidSlug(%q) = %v, want %v", tt.slug, got, tt.want)
			}
		})
	}
}

func TestClampPage(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"zero asks for the default", 0, isms.DefaultPageSize},
		{"a negative limit gives the default", -5, isms.DefaultPageSize},
		{"one is kept", 1, 1},
		{"a limit within range is kept", 120, 120},
		{"the maximum is kept", isms.MaxPageSize, isms.MaxPageSize},
		{"more than the maximum is clamped", isms.MaxPageSize + 1, isms.MaxPageSize},
		{"a huge limit is clamped", 1 << 40, isms.MaxPageSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isms.ClampPage(tt.limit); got != tt.want {
				t.Errorf("ClampPage(%d) = %d, want %d", tt.limit, got, tt.want)
			}
		})
	}
}

func TestProblemsErr(t *testing.T) {
	tests := []struct {
		name     string
		problems isms.Problems
		wantMsg  string // "" for a nil error
	}{
		{"no problems give no error", isms.Problems{}, ""},
		{"a nil map gives no error", nil, ""},
		{"one problem asks for one field", isms.Problems{"name": "Name is required."}, "Please correct the highlighted field."},
		{"two problems count the fields", isms.Problems{"name": "x", "slug": "y"}, "Please correct the 2 highlighted fields."},
		{"five problems count the fields", isms.Problems{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}, "Please correct the 5 highlighted fields."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.problems.Err()
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("Problems(%v).Err() = %v, want nil", tt.problems, err)
				}
				return
			}
			var e *isms.Error
			if !errors.As(err, &e) {
				t.Fatalf("Problems(%v).Err() = %v, want an *isms.Error", tt.problems, err)
			}
			if e.Code != isms.Invalid || e.Message != tt.wantMsg {
				t.Errorf("Problems(%v).Err() = %s %q, want invalid %q", tt.problems, e.Code, e.Message, tt.wantMsg)
			}
			if diff := cmp.Diff(map[string]string(tt.problems), e.Fields); diff != "" {
				t.Errorf("Problems(%v).Err().Fields mismatch (-want +got):\n%s", tt.problems, diff)
			}
		})
	}
}

func TestProblemsAddKeepsTheFirstProblemOfAField(t *testing.T) {
	p := isms.Problems{}
	p.Add("name", "first")
	p.Add("name", "second")
	if got := p["name"]; got != "first" {
		t.Errorf("Add(name, first); Add(name, second): p[name] = %q, want %q", got, "first")
	}
}

func TestErrorHelpers(t *testing.T) {
	invalid := isms.Problems{"title": "Title is required."}.Err()
	plain := errors.New("connection refused by 10.0.0.7")
	tests := []struct {
		name       string
		err        error
		wantCode   isms.Code
		wantMsg    string
		wantFields map[string]string
	}{
		{"nil is no error", nil, "", "", nil},
		{"an Invalid error carries its fields", invalid, isms.Invalid, "Please correct the highlighted field.", map[string]string{"title": "Title is required."}},
		{"a wrapped Invalid error keeps code, message and fields", fmt.Errorf("create risk: %w", invalid), isms.Invalid, "Please correct the highlighted field.", map[string]string{"title": "Title is required."}},
		{"a NotFound error has no fields", isms.Errorf(isms.NotFound, "No such %s.", "risk"), isms.NotFound, "No such risk.", nil},
		{"a plain error is internal and its text is hidden", plain, isms.Internal, "Something went wrong on our side. The error has been logged; please try again.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isms.ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.wantCode)
			}
			if got := isms.ErrorMessage(tt.err); got != tt.wantMsg {
				t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.wantMsg)
			}
			if diff := cmp.Diff(tt.wantFields, isms.ErrorFields(tt.err)); diff != "" {
				t.Errorf("ErrorFields(%v) mismatch (-want +got):\n%s", tt.err, diff)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	err := isms.Errorf(isms.Forbidden, "You may not add %s.", "risks")
	if got, want := err.Error(), "forbidden: You may not add risks."; got != want {
		t.Errorf("Errorf(forbidden, ...).Error() = %q, want %q", got, want)
	}
}

func TestNormalizeEmail(t *testing.T) {
	if got, want := isms.NormalizeEmail("  Alice@Example.COM \n"), "alice@example.com"; got != want {
		t.Errorf("NormalizeEmail(%q) = %q, want %q", "  Alice@Example.COM \n", got, want)
	}
}

// fields returns the sorted-independent field map of err, or nil.
func fields(err error) map[string]bool {
	f := isms.ErrorFields(err)
	if f == nil {
		return nil
	}
	out := map[string]bool{}
	for k := range f {
		out[k] = true
	}
	return out
}

func TestUserValidate(t *testing.T) {
	tests := []struct {
		name string
		user isms.User
		want map[string]bool
	}{
		{"a plain address and a name are valid", isms.User{Email: "alice@example.com", Name: "Alice"}, nil},
		{"everything missing is reported at once", isms.User{}, map[string]bool{"email": true, "name": true}},
		{"a display-name address is refused", isms.User{Email: "Alice <alice@example.com>", Name: "Alice"}, map[string]bool{"email": true}},
		{"an address without a domain is refused", isms.User{Email: "alice", Name: "Alice"}, map[string]bool{"email": true}},
		{"a name of only spaces is missing", isms.User{Email: "alice@example.com", Name: "   "}, map[string]bool{"name": true}},
		{"a name of 201 characters is too long", isms.User{Email: "alice@example.com", Name: strings.Repeat("n", 201)}, map[string]bool{"name": true}},
		{"an address longer than 254 characters is refused", isms.User{Email: strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63), Name: "A"}, map[string]bool{"email": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.user.Validate()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("(%+v).Validate() = %v; fields mismatch (-want +got):\n%s", tt.user, err, diff)
			}
		})
	}
}

func TestOrganizationValidate(t *testing.T) {
	tests := []struct {
		name string
		org  isms.Organization
		want map[string]bool
	}{
		{"a name and a slug are enough", isms.Organization{Name: "Acme", Slug: "acme"}, nil},
		{"everything missing is reported at once", isms.Organization{}, map[string]bool{"name": true, "slug": true}},
		{"a legal name of 201 bytes is too long", isms.Organization{Name: "Acme", Slug: "acme", LegalName: strings.Repeat("l", 201)}, map[string]bool{"legalName": true}},
		{"a description of 20,001 characters is too long", isms.Organization{Name: "Acme", Slug: "acme", Description: strings.Repeat("d", 20001)}, map[string]bool{"description": true}},
		{"a bad slug and a long description together", isms.Organization{Name: "Acme", Slug: "Acme Corp", Description: strings.Repeat("d", 20001)}, map[string]bool{"slug": true, "description": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.org.Validate()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("Organization{Name: %q, Slug: %q}.Validate() = %v; fields mismatch (-want +got):\n%s", tt.org.Name, tt.org.Slug, err, diff)
			}
		})
	}
}

func TestOrganizationNormalizeTrimsAndLowersTheSlug(t *testing.T) {
	o := isms.Organization{Slug: "  ACME ", Name: " Acme ", LegalName: " Acme Ltd\n", Description: "\tWe sell anvils. "}
	o.Normalize()
	want := isms.Organization{Slug: "acme", Name: "Acme", LegalName: "Acme Ltd", Description: "We sell anvils."}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("Normalize() mismatch (-want +got):\n%s", diff)
	}
}

func TestOrganizationUpdateApply(t *testing.T) {
	name, same, legal := " Acme Group ", "Acme Ltd", ""
	o := isms.Organization{Name: "Acme", LegalName: "Acme Ltd", Description: "Anvils."}
	c := isms.OrganizationUpdate{Name: &name, LegalName: &same, Description: &legal}.Apply(&o)
	want := isms.Changes{
		"name":        {Before: "Acme", After: "Acme Group"},
		"description": {Before: "Anvils.", After: ""},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Apply() changes mismatch (-want +got):\n%s", diff)
	}
	if o.Name != "Acme Group" || o.LegalName != "Acme Ltd" || o.Description != "" {
		t.Errorf("Apply() left %+v, want name %q, legal name %q, no description", o, "Acme Group", "Acme Ltd")
	}
	if c := (isms.OrganizationUpdate{}).Apply(&o); len(c) != 0 {
		t.Errorf("OrganizationUpdate{}.Apply() = %v, want no changes", c)
	}
}

func TestAPITokenValidate(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		scope   isms.TokenScope
		tokName string
		expires time.Time
		want    map[string]bool
	}{
		{"a read token for thirty days is valid", isms.ScopeRead, "CI", now.AddDate(0, 0, 30), nil},
		{"a token for exactly the longest lifetime is valid", isms.ScopeReadWrite, "CI", now.AddDate(0, 0, isms.MaxTokenDays), nil},
		{"a token one second beyond the longest lifetime is refused", isms.ScopeReadWrite, "CI", now.AddDate(0, 0, isms.MaxTokenDays).Add(time.Second), map[string]bool{"expiresAt": true}},
		{"a token expiring now is refused", isms.ScopeRead, "CI", now, map[string]bool{"expiresAt": true}},
		{"a token expiring in the past is refused", isms.ScopeRead, "CI", now.Add(-time.Hour), map[string]bool{"expiresAt": true}},
		{"a token without expiry is refused", isms.ScopeRead, "CI", time.Time{}, map[string]bool{"expiresAt": true}},
		{"everything wrong is reported at once", "admin", "", now.AddDate(2, 0, 0), map[string]bool{"name": true, "scope": true, "expiresAt": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := isms.APIToken{Name: tt.tokName, Scope: tt.scope, ExpiresAt: tt.expires}
			err := tok.Validate(now)
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("APIToken{%q, %q, %v}.Validate(%v) = %v; fields mismatch (-want +got):\n%s", tt.tokName, tt.scope, tt.expires, now, err, diff)
			}
		})
	}
}

func TestAPITokenActive(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		tok  isms.APIToken
		want bool
	}{
		{"a token before its expiry is active", isms.APIToken{ExpiresAt: now.Add(time.Second)}, true},
		{"a token at its expiry is not active", isms.APIToken{ExpiresAt: now}, false},
		{"a revoked token is not active", isms.APIToken{ExpiresAt: now.Add(time.Hour), RevokedAt: now.Add(-time.Hour)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tok.Active(now); got != tt.want {
				t.Errorf("APIToken{ExpiresAt: %v, RevokedAt: %v}.Active(%v) = %v, want %v", tt.tok.ExpiresAt, tt.tok.RevokedAt, now, got, tt.want)
			}
		})
	}
}

func TestNewIDHasItsPrefixAndIsUnique(t *testing.T) {
	seen := map[isms.ID]bool{}
	for range 100 {
		id := isms.NewID("risk")
		if !strings.HasPrefix(string(id), "risk_") || strings.ToLower(string(id)) != string(id) {
			t.Fatalf("NewID(risk) = %q, want a lower-case ID starting with risk_", id)
		}
		if seen[id] {
			t.Fatalf("NewID(risk) = %q twice, want unique IDs", id)
		}
		seen[id] = true
	}
}
