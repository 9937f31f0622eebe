// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// TestTheVerifyEndpointAndPageReportATamperedEvent alters a stored event
// behind the product's back (dropping the append-only triggers first, as an
// attacker with database access could) and checks that the API and the
// verification page both name the broken event.
func TestTheVerifyEndpointAndPageReportATamperedEvent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		h.member(org, "viewer", isms.RoleViewer)
		c := h.signIn(admin)
		var rep struct {
			OK    bool `json:"ok"`
			Break *struct {
				Seq    int64  `json:"seq"`
				Reason string `json:"reason"`
			} `json:"break"`
		}
		apiCall(t, c, "GET", "/api/v1/audit-events/verify", nil, http.StatusOK, &rep)
		if !rep.OK {
			t.Fatalf("verify before tampering: %+v", rep)
		}
		raw := sqldbtest.Raw(t, db.URL())
		if db.Dialect() == sqldb.Postgres {
			rawExec(t, raw, `DROP TRIGGER audit_events_no_change ON audit_events`)
		} else {
			rawExec(t, raw, `DROP TRIGGER audit_events_no_update`)
		}
		rawExec(t, raw, `UPDATE audit_events SET changes = '{"role":{"before":null,"after":"admin"}}' WHERE seq = 3 AND chain = '`+string(org.ID)+`'`)
		apiCall(t, c, "GET", "/api/v1/audit-events/verify", nil, http.StatusOK, &rep)
		if rep.OK || rep.Break == nil || rep.Break.Seq != 3 || !strings.Contains(rep.Break.Reason, "altered") {
			t.Errorf("API verify after tampering with event 3 = %+v, want a break at 3 saying it was altered", rep)
		}
		doc := page(t, c.get("/audit/verify"))
		if got := text(doc, "[role=alert]"); !strings.Contains(got, "breaks at event 3") {
			t.Errorf("verification page after tampering says %q", got)
		}
	})
}

func rawExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
