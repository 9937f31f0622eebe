// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// demoRun runs the isms command line against the database at url and
// returns its standard output and standard error apart.
func demoRun(t *testing.T, url string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	dataDir := t.TempDir()
	env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string {
		switch k {
		case "ISMS_DATABASE_URL":
			return url
		case "ISMS_DATA_DIR":
			return dataDir
		}
		return ""
	}}
	err = cli.Run(context.Background(), args, env)
	return out.String(), errOut.String(), err
}

// demoEachDatabase runs fn with the URL of a fresh, empty database of each
// dialect under test: SQLite, and PostgreSQL when ISMS_TEST_POSTGRES_URL is set.
func demoEachDatabase(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, sqldbtest.SQLiteURL(t))
	})
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			fn(t, sqldbtest.FreshSchema(t))
		})
	}
}

// wantLines reports an error for each of want that out lacks.
func wantLines(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

// demoVerifyAll runs "audit verify --all" and reports an error unless it
// passes and finds the organization's chain with events events.
func demoVerifyAll(t *testing.T, url string, events int) {
	t.Helper()
	out, _, err := demoRun(t, url, "audit", "verify", "--all")
	if err != nil {
		t.Fatalf("audit verify --all: %v\n%s", err, out)
	}
	wantLines(t, "audit verify --all", out, "chain installation: OK", ": OK, "+strconv.Itoa(events)+" events")
}

// demoOrgEvents returns every event of the chain of the organization with
// slug, oldest first.
func demoOrgEvents(t *testing.T, url, slug string) (*isms.Organization, []*isms.AuditEvent) {
	t.Helper()
	db, err := sqldb.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var org *isms.Organization
	var events []*isms.AuditEvent
	err = db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if org, err = tx.FindOrganizationBySlug(ctx, slug); err != nil {
			return err
		}
		return tx.WalkAuditChain(ctx, string(org.ID), func(e *isms.AuditEvent) bool {
			c := *e
			events = append(events, &c)
			return true
		})
	})
	if err != nil {
		t.Fatalf("read the chain of %s: %v", slug, err)
	}
	return org, events
}

func TestDemoSmallLoadsOnceWithALivedInHistory(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		out, progress, err := demoRun(t, url, "demo", "--size", "small")
		if err != nil {
			t.Fatalf("demo --size small: %v\n%s%s", err, out, progress)
		}
		wantLines(t, "demo output", out, `Loaded the small demo organization "Northwind Analytics" (northwind)`,
			"members:      11", "audit events: 1093", "/signin as admin@demo.example with password "+app.DemoPassword)
		wantLines(t, "demo progress", progress, "applying migration", `loading the small demo organization "Northwind Analytics"`)

		out, _, err = demoRun(t, url, "demo", "--size", "small")
		if err != nil {
			t.Fatalf("second demo --size small: %v", err)
		}
		wantLines(t, "second demo output", out, `"Northwind Analytics" (northwind) exists already; nothing was loaded.`,
			"members:      11", "audit events: 1093")
		demoVerifyAll(t, url, 1093)

		_, events := demoOrgEvents(t, url, "northwind")
		var got []string
		for _, e := range events[len(events)-4:] {
			got = append(got, e.ActorName+": "+e.Action)
		}
		want := []string{"Dana Whitfield: organization.update", "Dana Whitfield: organization.update",
			"Priya Natarajan: approval.submit", "Marco Reyes: approval.approve"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the demo's history ends with\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if last := events[len(events)-1]; !strings.Contains(last.Changes, `"after":"approved"`) || !strings.Contains(last.Changes, `"comment"`) {
			t.Errorf("the approval's changes = %s, want status approved with a comment", last.Changes)
		}
	})
}

func TestDemoOrgOnlyAndBadSize(t *testing.T) {
	url := sqldbtest.SQLiteURL(t)
	out, _, err := demoRun(t, url, "demo", "--org-only")
	if err != nil {
		t.Fatalf("demo --org-only: %v", err)
	}
	wantLines(t, "demo --org-only output", out, "members:      10", "audit events: 11")
	if _, _, err := demoRun(t, url, "demo", "--size", "medium"); err == nil || !strings.Contains(err.Error(), "small or large") {
		t.Errorf("demo --size medium = %v, want an error naming small or large", err)
	}
}

func TestDemoLargeGeneratesAValidHistory(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		out, progress, err := demoRun(t, url, "demo", "--size", "large", "--people", "40", "--events", "5000", "--evidence", "100", "--scale", "5")
		if err != nil {
			t.Fatalf("demo --size large: %v\n%s%s", err, out, progress)
		}
		wantLines(t, "demo output", out, `Loaded the large demo organization "Large Demo Corporation" (large)`,
			"members:      42", "audit events: 5127", "admin@large.example")
		wantLines(t, "demo progress", progress, "generating 4,959 audit events", "4,959 of 4,959 events, ", " events/s")
		out, _, err = demoRun(t, url, "demo", "--size", "large", "--people", "40", "--events", "5000", "--evidence", "100", "--scale", "5")
		if err != nil || !strings.Contains(out, "nothing was loaded") || !strings.Contains(out, "audit events: 5127") {
			t.Errorf("second demo --size large = %v\n%s", err, out)
		}
		demoVerifyAll(t, url, 5127)
		org, events := demoOrgEvents(t, url, "large")
		checkLargeHistory(t, org, events[41:])
	})
}

// checkLargeHistory checks the generated part of the large demo's chain:
// times spread over two years in order, actors who are members, and every
// kind of action.
func checkLargeHistory(t *testing.T, org *isms.Organization, events []*isms.AuditEvent) {
	t.Helper()
	first, last := events[0].Time, events[len(events)-1].Time
	if span := last.Sub(first); span < 700*24*time.Hour || last.After(time.Now()) {
		t.Errorf("generated events from %v to %v, want about two years up to now", first, last)
	}
	actions := map[string]int{}
	for i, e := range events {
		if i > 0 && e.Time.Before(events[i-1].Time) {
			t.Fatalf("event %d at %v is before event %d at %v", e.Seq, e.Time, e.Seq-1, events[i-1].Time)
		}
		if e.ActorID == "" || e.Changes == "{}" {
			t.Fatalf("event %d has no actor or no changes: %+v", e.Seq, e)
		}
		if e.ObjectType == "organization" && e.ObjectID != org.ID {
			t.Fatalf("event %d is about organization %s, not the demo's %s", e.Seq, e.ObjectID, org.ID)
		}
		actions[e.Action]++
	}
	for _, a := range []string{"membership.update", "organization.update", "approval.submit", "approval.approve",
		"approval.reject", "api_token.create", "api_token.revoke"} {
		if actions[a] == 0 {
			t.Errorf("no %s among the generated events: %v", a, actions)
		}
	}
}

func TestDemoLargeSeedAndEvidence(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		out, progress, err := demoRun(t, url, "demo", "--size", "large", "--people", "20", "--events", "10", "--scale", "5",
			"--evidence", "120", "--seed", "42")
		if err != nil {
			t.Fatalf("demo --size large --seed 42: %v\n%s%s", err, out, progress)
		}
		wantLines(t, "demo progress", progress, "adding 120 evidence items", "120 of 120 evidence items, ", " items/s",
			"adding the controls' recurring checks", "running the readiness check")
		db, err := sqldb.Open(url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		var generated int
		err = db.View(ctx, func(tx *sqldb.Tx) error {
			org, err := tx.FindOrganizationBySlug(ctx, "large")
			if err != nil {
				return err
			}
			_, generated, err = tx.FindEvidence(ctx, isms.EvidenceFilter{OrgID: org.ID, Query: "no.", Limit: 1})
			return err
		})
		if err != nil || generated != 120 {
			t.Errorf("the large demo has %d generated evidence items, %v; want 120", generated, err)
		}
	})
}

func TestDemoSeedFlags(t *testing.T) {
	url := sqldbtest.SQLiteURL(t)
	out, _, err := demoRun(t, url, "demo", "--help")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "demo --help", out, "--seed uint", "same seed gives the")
	if strings.Contains(out, "--evidence") || strings.Contains(out, "--scale") {
		t.Errorf("demo --help shows the hidden --evidence or --scale flag:\n%s", out)
	}
	if _, _, err := demoRun(t, url, "demo", "--size", "large", "--evidence", "-3"); err == nil || !strings.Contains(err.Error(), "--evidence") {
		t.Errorf("demo --evidence -3 = %v, want an error naming --evidence", err)
	}
	if _, _, err := demoRun(t, url, "demo", "--size", "large", "--scale", "101"); err == nil || !strings.Contains(err.Error(), "--scale") {
		t.Errorf("demo --scale 101 = %v, want an error naming --scale", err)
	}
	if _, _, err := demoRun(t, url, "demo", "--size", "large", "--seed", "minus"); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("demo --seed minus = %v, want an error naming the seed", err)
	}
}
