// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The size of the large demo of the tests: enough members for about 200
// risk owners, and a register of evidence big enough to hold every kind,
// freshness and link.
const (
	largeDemoPeople   = 250
	largeDemoEvidence = 600
)

// TestLargeDemo loads the large demo organization at full size once per
// database and checks what each module put in it; loading it is the slow
// part. Loads at a few percent of the size check, in parallel with it,
// that the records follow the seed.
func TestLargeDemo(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		t.Run("modules", func(t *testing.T) {
			t.Parallel()
			checkLargeDemoModules(t, db)
		})
		t.Run("seed", func(t *testing.T) {
			t.Parallel()
			checkLargeDemoSeed(t, db.Dialect())
		})
	})
}

// checkLargeDemoModules loads the large demo at full size into db and
// checks what each module put in it.
func checkLargeDemoModules(t *testing.T, db *sqldb.DB) {
	start := time.Now()
	a, sys := loadLargeDemoOrg(t, db, app.DemoOptions{People: largeDemoPeople, Events: 100, Evidence: largeDemoEvidence})
	t.Logf("large demo loaded in %s", time.Since(start).Round(time.Millisecond))
	t.Run("frameworks", func(t *testing.T) { checkLargeDemoFrameworks(t, a, sys) })
	t.Run("risks", func(t *testing.T) { checkLargeDemoRisks(t, a, sys) })
	t.Run("support", func(t *testing.T) { checkLargeDemoSupport(t, a, sys) })
	t.Run("context", func(t *testing.T) { checkLargeDemoContext(t, db, a, sys) })
	t.Run("soa", func(t *testing.T) { checkLargeDemoSoA(t, a, sys) })
	t.Run("audit", func(t *testing.T) { checkLargeDemoAudit(t, db, a, sys) })
	t.Run("improvement", func(t *testing.T) { checkLargeDemoImprovement(t, db, a, sys) })
	t.Run("certification", func(t *testing.T) { checkLargeDemoCertification(t, db, a, sys) })
	t.Run("evidence", func(t *testing.T) { checkLargeDemoEvidence(t, a, sys) })
	t.Run("records", func(t *testing.T) { checkLargeDemoRecords(t, db, a, sys) })
	// Last: they decide approvals, changing what the others check.
	t.Run("approvals", func(t *testing.T) { checkLargeDemoApprovals(t, db, a, sys) })
}

// loadLargeDemoOrg loads the large demo with opts into db, with a file store
// and the tests' clock, and returns the app and a system actor of the
// organization.
func loadLargeDemoOrg(t *testing.T, db *sqldb.DB, opts app.DemoOptions) (*app.App, isms.Actor) {
	t.Helper()
	ctx := context.Background()
	store, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(db, app.Options{Now: newClock().Now, Blobs: store, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	res, err := a.LoadDemoWith(ctx, app.DemoLarge, opts, func(msg string) { t.Logf("%s %s", time.Now().Format("05.000"), msg) })
	if err != nil {
		t.Fatalf("LoadDemoWith(large, seed %d, scale %d) = %v", opts.Seed, opts.Scale, err)
	}
	org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
	if err != nil {
		t.Fatal(err)
	}
	return a, isms.SystemActor(org.ID)
}

// checkLargeDemoFrameworks checks the frameworks, controls, links and
// mapping sets of the large demo at full size, and that its posture shows
// coverage.
func checkLargeDemoFrameworks(t *testing.T, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	fws, _, err := a.FindFrameworks(ctx, sys, isms.FrameworkFilter{Limit: 50})
	if err != nil || len(fws) != 5 {
		t.Fatalf("FindFrameworks = %d, %v; want 5", len(fws), err)
	}
	reqs := 0
	for _, f := range fws {
		reqs += f.Requirements
	}
	controls, total, err := a.FindControls(ctx, sys, isms.ControlFilter{Limit: 500})
	if err != nil || total != 400 {
		t.Fatalf("FindControls = %d, %v; want 400", total, err)
	}
	links := 0
	for _, c := range controls {
		links += c.Requirements
	}
	sets, err := a.FindMappingSets(ctx, sys)
	if reqs < 1900 || reqs > 2100 || links < 1300 || links > 1700 || err != nil || len(sets) != 2 {
		t.Errorf("large demo: %d requirements, %d confirmed links, %d mapping sets (%v); want about 2,000, about 1,500, 2", reqs, links, len(sets), err)
	}
	p, err := a.Posture(ctx, sys)
	if err != nil || len(p) != 5 || p[0].Counts.Covered == 0 {
		t.Errorf("Posture = %+v, %v; want 5 frameworks with some coverage", p, err)
	}
}

// checkLargeDemoEvidence checks the generated register: its size, every
// kind, current, expiring and expired items, links to every kind of
// record, and files whose stored content has the recorded hash.
func checkLargeDemoEvidence(t *testing.T, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	count := func(f isms.EvidenceFilter) int {
		t.Helper()
		f.Limit = 1
		_, n, err := a.FindEvidence(ctx, sys, f)
		if err != nil {
			t.Fatalf("FindEvidence(%+v) = %v", f, err)
		}
		return n
	}
	// The certification's answered requests add one note each.
	if n := count(isms.EvidenceFilter{}); n < largeDemoEvidence || n > largeDemoEvidence+60 {
		t.Errorf("the large demo has %d evidence items; want %d and the answers to the requests", n, largeDemoEvidence)
	}
	for _, k := range isms.EvidenceKinds {
		if n := count(isms.EvidenceFilter{Kind: k}); n < largeDemoEvidence/20 {
			t.Errorf("the large demo has %d %s items; want at least %d", n, k, largeDemoEvidence/20)
		}
	}
	for _, f := range []isms.Freshness{isms.FreshnessCurrent, isms.FreshnessExpiring, isms.FreshnessExpired} {
		if n := count(isms.EvidenceFilter{Freshness: f}); n == 0 {
			t.Errorf("the large demo has no %s evidence", f)
		}
	}
	if n := count(isms.EvidenceFilter{Freshness: isms.FreshnessMissing}); n != 0 {
		t.Errorf("the large demo has %d items whose file is missing; want none", n)
	}
	for _, typ := range []string{"control", "requirement", "risk", "asset"} {
		if n := count(isms.EvidenceFilter{LinkType: typ}); n == 0 {
			t.Errorf("no evidence of the large demo supports a %s", typ)
		}
	}
	files, _, err := a.FindEvidence(ctx, sys, isms.EvidenceFilter{Kind: isms.EvidenceKindFile, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range files {
		checkEvidenceFile(t, a, sys, e)
	}
}

// checkEvidenceFile checks that e's file opens and has its recorded hash
// and size.
func checkEvidenceFile(t *testing.T, a *app.App, sys isms.Actor, e *isms.Evidence) {
	t.Helper()
	f, r, err := a.OpenEvidenceFile(context.Background(), sys, e.ID, e.CurrentVersion)
	if err != nil {
		t.Fatalf("OpenEvidenceFile(%s) = %v", e.Title, err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if got := hex.EncodeToString(h.Sum(nil)); err != nil || got != f.SHA256 || n != f.Size || n == 0 || n > 2000 {
		t.Errorf("the file of %s has %d bytes hashing to %s, %v; want %d bytes hashing to %s, under 2,000", e.Title, n, got, err, f.Size, f.SHA256)
	}
}

// checkLargeDemoRecords checks the modules that a load once left empty:
// resources, communication, retention rules, document links and reviews,
// the controls' schedules and their tasks, the risk assessment and the
// readiness run.
func checkLargeDemoRecords(t *testing.T, db *sqldb.DB, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	wantDemoRows(t, db, map[string]int{"resources": 40, "communication_items": 30, "retention_rules": len(isms.DocumentTypes),
		"risk_assessments": 1, "readiness_runs": 1})
	for table, least := range map[string]int{"communication_records": 100, "document_links": 300, "document_reviews": 30,
		"schedules": 300, "approvals": 2000, "evidence_files": largeDemoEvidence / 3} {
		if rows, err := db.TableRows(ctx, table); err != nil || len(rows) < least {
			t.Errorf("table %s has %d rows, %v; want at least %d", table, len(rows), err, least)
		}
	}
	today := isms.DateOf(newClock().Now())
	_, done, err := a.FindTasks(ctx, sys, isms.TaskFilter{LinkType: "control", Status: isms.TaskDone, Limit: 1})
	if err != nil || done < 500 {
		t.Errorf("the controls' schedules completed %d tasks, %v; want hundreds", done, err)
	}
	_, overdue, err := a.FindTasks(ctx, sys, isms.TaskFilter{LinkType: "control", Overdue: true, Today: today, Limit: 1})
	if err != nil || overdue == 0 || overdue > done/5 {
		t.Errorf("the controls' schedules have %d overdue tasks of %d done, %v; want a few", overdue, done, err)
	}
	resources, _, err := a.FindResources(ctx, sys, isms.ResourceApproved, "", 50, 0)
	if err != nil || len(resources) == 0 || resources[0].ApprovedBy == "" {
		t.Errorf("the large demo's approved resources = %+v, %v; want some, with who approved them", resources, err)
	}
}

// checkLargeDemoApprovals checks that the pending approvals of a treatment
// plan and of a document version hold what the record holds, so that their
// approvers can decide them, and that deciding them takes effect.
func checkLargeDemoApprovals(t *testing.T, db *sqldb.DB, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	for _, typ := range []string{"risk_treatment", "document_version"} {
		list, total, err := a.FindApprovals(ctx, sys, isms.ApprovalFilter{ObjectType: typ, Status: isms.ApprovalPending, Limit: 1})
		if err != nil || total == 0 {
			t.Fatalf("the large demo has %d pending %s approvals, %v; want some", total, typ, err)
		}
		_, decided, err := a.FindApprovals(ctx, sys, isms.ApprovalFilter{ObjectType: typ, Status: isms.ApprovalApproved, Limit: 1})
		if err != nil || decided <= total {
			t.Errorf("the large demo has %d approved %s approvals and %d pending, %v; want more approved", decided, typ, total, err)
		}
		ap := list[0]
		approver := memberActor(t, db, sys.OrgID, ap.Approvers[0].UserID, ap.Approvers[0].Name)
		got, err := a.DecideApproval(ctx, approver, ap.ID, isms.DecisionApprove, "Approved in the test.")
		if err != nil || got.Status != isms.ApprovalApproved {
			t.Errorf("deciding %s (%s) as %s = %v; want it approved", ap.Title, typ, approver.Name, err)
		}
	}
}

// memberActor returns the actor of member user of org, in their role.
func memberActor(t *testing.T, db *sqldb.DB, org, user isms.ID, name string) isms.Actor {
	t.Helper()
	var m *isms.Membership
	err := db.View(context.Background(), func(tx *sqldb.Tx) (err error) {
		m, err = tx.FindMembership(context.Background(), org, user)
		return err
	})
	if err != nil {
		t.Fatalf("membership of %s: %v", name, err)
	}
	return isms.Actor{UserID: user, Name: name, OrgID: org, Role: m.Role}
}
