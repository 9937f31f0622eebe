// SPDX-License-Identifier: Apache-2.0

package app_test

// Golden tests of the readiness check: three organizations built through
// the use cases (a new one, one half way to certification, and one ready
// for its stage 1 audit) are checked through app.Check on a fixed day, on
// each database, and what the check says is compared with
// testdata/readiness/<data set>.golden. Rewrite the files with
//
//	go test ./internal/app -run TestReadinessGolden -update
//
// and read the diff before committing it: it is what an auditor would be
// told.

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// readinessDay is the day every data set is checked on; the rules that
// compare dates with today read it from the app's clock.
const readinessDay = "2026-06-15"

// readinessDataset is an organization the goldens check: build fills a
// fresh database with it and leaves the clock on readinessDay.
type readinessDataset struct {
	name  string
	build func(t *testing.T, db *sqldb.DB) *world
}

// readinessDatasets are the data sets, least ready first.
var readinessDatasets = []readinessDataset{
	{"empty", buildEmptyOrg},
	{"half-done", buildHalfDoneOrg},
	{"ready", buildReadyOrg},
}

// readinessResults keeps each data set's result per database, so that the
// score order test reuses what the golden test computed.
var readinessResults = struct {
	sync.Mutex
	m map[string]*isms.Readiness // "ready/sqlite" → result
}{m: map[string]*isms.Readiness{}}

// checkDataset returns the readiness of data set ds built in db, the
// database of dialect, computing it once per test binary.
func checkDataset(t *testing.T, db *sqldb.DB, ds readinessDataset, dialect string) *isms.Readiness {
	t.Helper()
	key := ds.name + "/" + dialect
	readinessResults.Lock()
	r, ok := readinessResults.m[key]
	readinessResults.Unlock()
	if ok {
		return r
	}
	w := ds.build(t, db)
	if got := isms.DateOf(w.clock.Now()).String(); got != readinessDay {
		t.Fatalf("data set %s left the clock on %s, want %s", ds.name, got, readinessDay)
	}
	start := time.Now()
	r, err := w.app.Check(w.ctx, w.asAdmin(), app.ReadinessFilter{})
	w.must("Check("+ds.name+")", err)
	t.Logf("%s on %s: checked in %s", ds.name, dialect, time.Since(start).Round(time.Millisecond))
	readinessResults.Lock()
	readinessResults.m[key] = r
	readinessResults.Unlock()
	return r
}

// eachDialect runs fn on a fresh database of each dialect, in parallel,
// and returns what each returned once all are done.
func eachDialect(t *testing.T, fn func(t *testing.T, db *sqldb.DB, dialect string) string) map[string]string {
	t.Helper()
	var mu sync.Mutex
	out := map[string]string{}
	t.Run("check", func(t *testing.T) {
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			dialect := path.Base(t.Name())
			s := fn(t, db, dialect)
			mu.Lock()
			out[dialect] = s
			mu.Unlock()
		})
	})
	return out
}

// TestReadinessGolden checks each data set on each database and compares
// the result with its golden file; both databases must give the same.
func TestReadinessGolden(t *testing.T) {
	for _, ds := range readinessDatasets {
		t.Run(ds.name, func(t *testing.T) {
			t.Parallel()
			got := eachDialect(t, func(t *testing.T, db *sqldb.DB, dialect string) string {
				return renderReadiness(ds.name, checkDataset(t, db, ds, dialect))
			})
			if t.Failed() {
				return
			}
			if pg, ok := got["postgres"]; ok {
				if diff := cmp.Diff(got["sqlite"], pg); diff != "" {
					t.Errorf("data set %s: PostgreSQL differs from SQLite (-sqlite +postgres):\n%s", ds.name, diff)
				}
			}
			compareGolden(t, filepath.Join("testdata", "readiness", ds.name+".golden"), got["sqlite"])
		})
	}
}

// TestReadinessScoreOrder checks, on each database, that the data sets
// score in the order of their progress: empty < half-done < ready, and
// that the ready one has no blocker.
func TestReadinessScoreOrder(t *testing.T) {
	scores := map[string]map[string]*isms.Readiness{} // dialect → data set → result
	var mu sync.Mutex
	for _, ds := range readinessDatasets {
		t.Run(ds.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, db *sqldb.DB, dialect string) string {
				r := checkDataset(t, db, ds, dialect)
				mu.Lock()
				defer mu.Unlock()
				if scores[dialect] == nil {
					scores[dialect] = map[string]*isms.Readiness{}
				}
				scores[dialect][ds.name] = r
				return ""
			})
		})
	}
	for dialect, by := range scores {
		if len(by) != len(readinessDatasets) {
			continue // a data set failed to build; its test said why
		}
		for i := 1; i < len(readinessDatasets); i++ {
			lo, hi := readinessDatasets[i-1].name, readinessDatasets[i].name
			if by[lo].Score >= by[hi].Score {
				t.Errorf("%s: score of %s = %d, not below the score of %s = %d", dialect, lo, by[lo].Score, hi, by[hi].Score)
			}
			if by[lo].Blockers <= by[hi].Blockers {
				t.Errorf("%s: %s has %d blockers, not more than %s's %d", dialect, lo, by[lo].Blockers, hi, by[hi].Blockers)
			}
		}
		if n := by["ready"].Blockers; n != 0 {
			t.Errorf("%s: the ready organization has %d blockers, want none", dialect, n)
		}
	}
}

// compareGolden compares got with the golden file at name, or rewrites
// the file with -update.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("read the golden file (run with -update to write it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("the readiness check differs from %s (-want +got):\n%s", name, diff)
	}
}

// renderReadiness writes r as its golden file holds it: the score, each
// clause's score, the rules that had nothing to check, the "rule clause
// severity" lines sorted, then each
// finding in the check's order with its message, records (by reference
// and title: IDs differ from run to run) and fix.
func renderReadiness(name string, r *isms.Readiness) string {
	var b strings.Builder
	fmt.Fprintf(&b, "readiness of the %s organization on %s\n", name, readinessDay)
	fmt.Fprintf(&b, "score %d: %d blockers, %d warnings, %d hints from %d rules; size %s\n",
		r.Score, r.Blockers, r.Warnings, r.Hints, r.Rules, r.Size)
	b.WriteString("\nclause scores (score, applicable rules, blockers/warnings/hints)\n")
	for _, c := range r.Clauses {
		fmt.Fprintf(&b, "%-4s %3d %3d  %d/%d/%d  %s\n", c.Clause, c.Score, c.Applicable, c.Blockers, c.Warnings, c.Hints, c.Title)
	}
	fmt.Fprintf(&b, "\nrules with nothing to check yet (%d)\n", len(r.NotApplicable))
	for _, id := range slices.Sorted(slices.Values(r.NotApplicable)) {
		b.WriteString(id + "\n")
	}
	lines := make([]string, 0, len(r.Findings))
	for _, f := range r.Findings {
		lines = append(lines, f.Rule+" "+f.Clause+" "+string(f.Severity))
	}
	slices.Sort(lines)
	b.WriteString("\nfindings (rule clause severity)\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	b.WriteString("\nfindings in the check's order\n")
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "\n[%s] %s %s\n%s\n", f.Severity, f.Clause, f.Rule, f.Message)
		for _, rec := range f.Records {
			fmt.Fprintf(&b, "  - %s: %s\n", rec.Type, rec.Label())
		}
		if f.More > 0 {
			fmt.Fprintf(&b, "  - and %d more\n", f.More)
		}
		fmt.Fprintf(&b, "fix: %s\n", f.Fix)
	}
	return randomID.ReplaceAllString(b.String(), "${1}_ID")
}

// randomID matches an ID of isms.NewID, such as the one in a fix path
// ("/audit-programmes/prog_k3j…"): the golden files name it by its
// prefix alone, since it differs from run to run.
var randomID = regexp.MustCompile(`\b([a-z]+)_[a-z2-7]{26}\b`)

// newReadinessWorld returns an installation over db whose clock starts at
// 09:00 UTC on start, with the owner and acme administered by Alice
// Admin; team adds acme's managers, contributor and viewer as newWorld
// does.
func newReadinessWorld(t *testing.T, db *sqldb.DB, start string, team bool) *world {
	t.Helper()
	d, err := time.Parse(time.DateOnly, start)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: d.Add(9 * time.Hour)}
	w := &world{t: t, ctx: context.Background(), db: db, clock: c,
		app: app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})}
	w.owner = w.newUser("Olivia Owner", true)
	w.admin = w.newUser("Alice Admin", false)
	w.org = w.newOrg("acme", "Acme", w.admin)
	if team {
		w.manager = w.newMember(w.org, "Bob Manager", isms.RoleManager)
		w.manager2 = w.newMember(w.org, "Carol Manager", isms.RoleManager)
		w.contributor = w.newMember(w.org, "Dave Contributor", isms.RoleContributor)
		w.viewer = w.newMember(w.org, "Erin Viewer", isms.RoleViewer)
	}
	return w
}

// buildEmptyOrg is a new organization with only its administrator: every
// rule about a missing register fires.
func buildEmptyOrg(t *testing.T, db *sqldb.DB) *world {
	return newReadinessWorld(t, db, readinessDay, false)
}
