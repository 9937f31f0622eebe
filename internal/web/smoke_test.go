// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestEveryMainPageRendersForAnAdministrator(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		h.member(org, "viewer", isms.RoleViewer)
		c := h.signIn(admin)
		for _, path := range []string{"/", "/organization", "/organization/edit", "/members", "/members/new",
			"/members/" + string(admin.ID), "/approvals", "/audit", "/audit/verify", "/account", "/account/password",
			"/members?format=csv", "/members?format=xlsx", "/audit?format=csv"} {
			resp := c.get(path)
			b := body(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s = %d, want 200\n%s", path, resp.StatusCode, b)
			}
			if strings.Contains(path, "format=") {
				continue
			}
			if !strings.Contains(b, "<main") {
				t.Errorf("GET %s: no <main> in the page", path)
			}
		}
	})
}
