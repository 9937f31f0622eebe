// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// seedDemoScale is the scale of the seed checks' loads, in percent: small
// enough to be quick, large enough for every kind of record to vary with
// the seed.
const seedDemoScale = 5

// checkLargeDemoSeed loads the large demo at seedDemoScale three times, in
// parallel subtests with fresh databases of the dialect: with the default
// seed left out and named, which must give the same records (IDs aside),
// and with another seed, which must give other ones.
func checkLargeDemoSeed(t *testing.T, dialect sqldb.Dialect) {
	fresh := sqldbtest.OpenMigratedSQLite
	if dialect == sqldb.Postgres {
		fresh = sqldbtest.OpenPooledPostgres
	}
	var first, again, other map[string][]string
	t.Run("loads", func(t *testing.T) {
		load := func(name string, seed uint64, digest *map[string][]string) {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				*digest = loadDemoDigest(t, fresh(t), seed)
			})
		}
		load("default seed", 0, &first)
		load("default seed named", app.DefaultDemoSeed, &again)
		load("seed 12", 12, &other)
	})
	if t.Failed() {
		return
	}
	for part, full := range map[string]int{"controls": 400, "assets": 20_000, "risks": 5000} {
		if want := full * seedDemoScale / 100; len(first[part]) != want {
			t.Errorf("the large demo at %d%% has %d %s; want %d", seedDemoScale, len(first[part]), part, want)
		}
	}
	for _, part := range slices.Sorted(maps.Keys(first)) {
		if len(first[part]) == 0 {
			t.Errorf("the large demo has no %s", part)
		}
		if i := firstDifference(first[part], again[part]); i >= 0 {
			t.Errorf("two loads with the default seed differ in %s (%d and %d records), first at\n%s\n%s",
				part, len(first[part]), len(again[part]), lineAt(first[part], i), lineAt(again[part], i))
		}
	}
	for _, part := range []string{"assets", "risks", "controls", "evidence", "tasks", "approvals"} {
		if firstDifference(first[part], other[part]) < 0 {
			t.Errorf("seeds %d and 12 give the same %s", app.DefaultDemoSeed, part)
		}
	}
}

// loadDemoDigest loads the large demo at seedDemoScale from seed into db
// and returns its digest.
func loadDemoDigest(t *testing.T, db *sqldb.DB, seed uint64) map[string][]string {
	t.Helper()
	_, sys := loadLargeDemoOrg(t, db, app.DemoOptions{People: 40, Events: 100, Evidence: 120, Seed: seed, Scale: seedDemoScale})
	return demoDigest(t, db, sys.OrgID)
}

// TestLargeDemoScaleIsAPercentage checks that a scale outside 0 to 100
// loads nothing.
func TestLargeDemoScaleIsAPercentage(t *testing.T) {
	t.Parallel()
	a := app.New(sqldbtest.OpenMigratedSQLite(t), app.Options{Now: newClock().Now})
	for _, scale := range []int{-1, 101} {
		res, err := a.LoadDemoWith(context.Background(), app.DemoLarge, app.DemoOptions{OrgOnly: true, Scale: scale}, nil)
		if isms.ErrorCode(err) != isms.Invalid || res != nil {
			t.Errorf("LoadDemoWith(large, scale %d) = %+v, %v; want an invalid scale", scale, res, err)
		}
	}
}

// demoDigest returns, by part, a line per record of org with what a person
// sees of it, other records named by their references instead of their
// IDs, sorted.
func demoDigest(t *testing.T, db *sqldb.DB, org isms.ID) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		d := &digester{ctx: context.Background(), tx: tx, org: org, refs: map[isms.ID]string{}, out: out}
		for _, step := range []func() error{d.controls, d.requirements, d.assets, d.risks, d.evidence, d.tasks, d.approvals} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("digest of the large demo: %v", err)
	}
	for _, lines := range out {
		slices.Sort(lines)
	}
	return out
}

// digester reads the records of one organization into lines.
type digester struct {
	ctx  context.Context
	tx   *sqldb.Tx
	org  isms.ID
	refs map[isms.ID]string // the reference of every record read so far
	out  map[string][]string
}

// add records a line of part.
func (d *digester) add(part string, fields ...any) {
	d.out[part] = append(d.out[part], strings.TrimSuffix(fmt.Sprintln(fields...), "\n"))
}

// pages calls page with growing offsets until it has read total records.
func pages[T any](page func(offset int) ([]T, int, error)) ([]T, error) {
	var all []T
	for {
		list, total, err := page(len(all))
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if len(list) == 0 || len(all) >= total {
			return all, nil
		}
	}
}

func (d *digester) controls() error {
	list, _, err := d.tx.FindControls(d.ctx, isms.ControlFilter{OrgID: d.org, Sort: "ref", Limit: isms.MaxPageSize})
	for _, c := range list {
		d.refs[c.ID] = c.Ref
		d.add("controls", c.Ref, c.Title, c.Status, c.OwnerName, c.Requirements)
	}
	return err
}

func (d *digester) requirements() error {
	fw, err := d.tx.FindFrameworkByKey(d.ctx, d.org, catalog.KeyISO2022)
	if err != nil {
		return err
	}
	refs, err := d.tx.RequirementRefs(d.ctx, d.org, fw.ID)
	for ref, id := range refs {
		d.refs[id] = ref
	}
	return err
}

func (d *digester) assets() error {
	list, err := pages(func(offset int) ([]*isms.Asset, int, error) {
		return d.tx.FindAssets(d.ctx, isms.AssetFilter{OrgID: d.org, Sort: "ref", Limit: isms.MaxPageSize, Offset: offset})
	})
	for _, a := range list {
		d.refs[a.ID] = a.Ref
	}
	for _, a := range list {
		d.add("assets", a.Ref, a.Name, a.Type, a.OwnerName, a.Classification, a.C, a.I, a.A, a.Location, d.refs[a.ParentID])
	}
	return err
}

func (d *digester) risks() error {
	list, err := d.tx.AllRisks(d.ctx, d.org)
	for _, r := range list {
		d.refs[r.ID] = r.Ref
		d.add("risks", r.Ref, r.Title, r.Status, r.OwnerName, r.Category, r.Treatment, r.Inherent, r.Residual,
			r.NextReview, r.AcceptedUntil, r.Assets, r.Controls, r.OpenActions)
	}
	return err
}

func (d *digester) evidence() error {
	list, err := pages(func(offset int) ([]*isms.Evidence, int, error) {
		return d.tx.FindEvidence(d.ctx, isms.EvidenceFilter{OrgID: d.org, Sort: "title", Limit: isms.MaxPageSize, Offset: offset})
	})
	if err != nil {
		return err
	}
	for _, e := range list {
		links, err := d.tx.FindEvidenceLinks(d.ctx, d.org, e.ID)
		if err != nil {
			return err
		}
		var named []string
		for _, l := range links {
			named = append(named, l.Type+":"+d.refs[l.ID])
		}
		slices.Sort(named)
		sha := ""
		if e.File != nil {
			sha = e.File.SHA256
		}
		d.add("evidence", e.Title, e.Kind, e.URL, e.Note, e.OwnerName, e.Source, e.CollectedOn, e.ValidUntil, sha, named)
	}
	return nil
}

func (d *digester) tasks() error {
	list, err := pages(func(offset int) ([]*isms.Task, int, error) {
		return d.tx.FindTasks(d.ctx, isms.TaskFilter{OrgID: d.org, Sort: "due", Limit: isms.MaxPageSize, Offset: offset})
	})
	for _, x := range list {
		d.add("tasks", x.Title, x.Due, x.Status, x.OwnerName, x.Link.Type, d.refs[x.Link.ID], x.Occurrence)
	}
	return err
}

func (d *digester) approvals() error {
	list, err := pages(func(offset int) ([]*isms.Approval, int, error) {
		return d.tx.FindApprovals(d.ctx, isms.ApprovalFilter{OrgID: d.org, Limit: isms.MaxPageSize, Offset: offset})
	})
	for _, a := range list {
		// The content of other submissions names records by their IDs.
		sha := ""
		if a.ObjectType == "risk_treatment" || a.ObjectType == "document_version" {
			sha = a.ContentSHA256
		}
		d.add("approvals", a.ObjectType, a.Title, a.Status, a.SubmitterName, sha, a.Approvers[0].Name, a.Approvers[0].Decision)
	}
	return err
}

// firstDifference returns the index of the first line where a and b
// differ, or -1 when they are equal.
func firstDifference(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

// lineAt returns line i of lines, or a mark past their end.
func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(no more lines)"
}
