// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// run runs the isms command line with ISMS_DATABASE_URL=url and returns
// its output and error.
func run(t *testing.T, url string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string {
		switch k {
		case "ISMS_DATABASE_URL":
			return url
		case "ISMS_DATA_DIR":
			return t.TempDir()
		}
		return ""
	}}
	err := cli.Run(context.Background(), args, env)
	return out.String() + errOut.String(), err
}

// dialects lists the databases under test: sqlite, and postgres when
// ISMS_TEST_POSTGRES_URL is set.
func dialects() []string {
	if sqldbtest.PostgresURL() != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// freshURL returns the URL of a new empty database of dialect.
func freshURL(t *testing.T, dialect string) string {
	if dialect == "postgres" {
		return sqldbtest.FreshSchema(t)
	}
	return sqldbtest.SQLiteURL(t)
}

func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// dropAppendOnly removes the triggers that refuse changes to audit events.
func dropAppendOnly(t *testing.T, db *sql.DB, url string) {
	if sqldb.IsPostgres(url) {
		exec(t, db, `DROP TRIGGER audit_events_no_change ON audit_events`)
		return
	}
	exec(t, db, `DROP TRIGGER audit_events_no_update`)
	exec(t, db, `DROP TRIGGER audit_events_no_delete`)
}

// TestAuditVerifyReportsTampering loads the demo organization, checks that
// its chain verifies, then tampers with stored events in three ways and
// checks that "isms audit verify" names the first broken event each time.
func TestAuditVerifyReportsTampering(t *testing.T) {
	cases := []struct {
		name string
		sql  []string
		want string
	}{
		{"an altered event", []string{`UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = 3 AND chain LIKE 'org_%'`}, "BROKEN at event 3: event 3 was altered"},
		{"a deleted event", []string{`DELETE FROM audit_events WHERE seq = 4 AND chain LIKE 'org_%'`}, "BROKEN at event 4: event 4 is missing"},
		{"two reordered events", []string{
			`UPDATE audit_events SET seq = -5 WHERE seq = 5 AND chain LIKE 'org_%'`,
			`UPDATE audit_events SET seq = 5 WHERE seq = 6 AND chain LIKE 'org_%'`,
			`UPDATE audit_events SET seq = 6 WHERE seq = -5 AND chain LIKE 'org_%'`,
		}, "BROKEN at event 5"},
		{"a removed last event", []string{`DELETE FROM audit_events WHERE chain LIKE 'org_%' AND seq = (SELECT MAX(seq) FROM audit_events WHERE chain LIKE 'org_%')`}, "events at the end were removed"},
	}
	for _, dialect := range dialects() {
		for _, tc := range cases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				u := freshURL(t, dialect)
				if out, err := run(t, u, "migrate", "up"); err != nil {
					t.Fatalf("migrate up: %v\n%s", err, out)
				}
				if out, err := run(t, u, "demo", "--size", "small"); err != nil {
					t.Fatalf("demo: %v\n%s", err, out)
				}
				out, err := run(t, u, "audit", "verify")
				if err != nil || !strings.Contains(out, ": OK,") {
					t.Fatalf("audit verify before tampering = %v\n%s\nwant OK", err, out)
				}
				db := sqldbtest.Raw(t, u)
				if _, err := db.Exec(`UPDATE audit_events SET actor_name = 'x'`); err == nil {
					t.Fatal("UPDATE audit_events succeeded, want the append-only trigger to refuse it")
				}
				dropAppendOnly(t, db, u)
				for _, q := range tc.sql {
					exec(t, db, q)
				}
				out, err = run(t, u, "audit", "verify")
				if err == nil || !strings.Contains(out, tc.want) {
					t.Errorf("audit verify after %s = %v\n%s\nwant an error and %q", tc.name, err, out, tc.want)
				}
			})
		}
	}
}
