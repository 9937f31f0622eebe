// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// largeDemoStep loads one part of the large organization from the seed.
type largeDemoStep func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error

// sizedDemoStep loads one fixed-size part of the large organization from
// the seed, at size.
type sizedDemoStep func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, size largeDemoSize, progress func(string)) error

// largeDemoSize is how many records the large organization's fixed-size
// parts hold (DemoOptions.Scale).
type largeDemoSize struct {
	controls     int
	customGroups int // groups of requirements of each generated framework
	mappings     int // entries of the mapping set between two generated frameworks
	assets       int
	topAssets    int // assets without a parent
	risks        int
}

// largeDemoSizeAt returns the sizes of the fixed-size parts at percent of
// the documented ones, each at least one; 0 means 100.
func largeDemoSizeAt(percent int) largeDemoSize {
	if percent <= 0 {
		percent = 100
	}
	of := func(n int) int { return max(1, n*percent/100) }
	return largeDemoSize{controls: of(largeDemoControls), customGroups: of(largeCustomGroups), mappings: of(largeCustomMappings),
		assets: of(largeDemoAssets), topAssets: of(largeTopAssets), risks: of(largeDemoRisks)}
}

// step returns f as a step that loads its part at size s.
func (s largeDemoSize) step(f sizedDemoStep) largeDemoStep {
	return func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
		return f(ctx, org, users, people, seed, s, progress)
	}
}

// loadLargeDemo generates the large organization's records after its
// people, part by part, each reporting its progress: the history, then
// every module in the order their links need. Every generator draws from
// its own stream of opts.Seed (DefaultDemoSeed when zero), so the same seed
// and sizes give the same records: the same titles, references, counts,
// statuses, dates relative to the day of the load and links between
// records; only the IDs differ. opts.Scale sizes the fixed-size parts. The
// store is told it is a bulk load (sqldb.BulkLoad).
func (a *App) loadLargeDemo(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, opts DemoOptions, progress func(string)) error {
	seed := opts.Seed
	if seed == 0 {
		seed = DefaultDemoSeed
	}
	events, evidence := orDefault(opts.Events, largeDemoEvents), orDefault(opts.Evidence, largeDemoEvidence)
	size := largeDemoSizeAt(opts.Scale)
	steps := []largeDemoStep{
		func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
			return a.loadDemoEvents(ctx, org, users, people, events, seed, progress)
		},
		size.step(a.loadLargeControls),
		size.step(a.loadLargeRisks),
		a.loadLargeAssessment,
		a.loadLargeSupport,
		a.loadLargeResources,
		a.loadLargeContext,
		a.analyzeLargeDemo,
		func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, _ uint64, progress func(string)) error {
			return a.loadLargeSoA(ctx, org, users, people, progress)
		},
		a.loadLargeAudit,
		a.loadLargeImprovement,
		a.loadLargeCertification,
		func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
			return a.loadLargeEvidence(ctx, org, users, people, evidence, seed, progress)
		},
		a.loadLargeSchedules,
		a.analyzeLargeDemo,
		a.loadLargeReadiness,
	}
	return a.db.BulkLoad(ctx, func() error {
		for _, step := range steps {
			if err := step(ctx, org, users, people, seed, progress); err != nil {
				return err
			}
		}
		return nil
	})
}

// analyzeLargeDemo refreshes the database's statistics for the rows loaded
// so far, before the steps that derive records from them with queries:
// the Statement of Applicability and the readiness check. Planned with
// stale statistics (in a database emptied and loaded again, say), the
// SoA's queries take seconds to minutes on PostgreSQL instead of a
// fraction of a second.
func (a *App) analyzeLargeDemo(ctx context.Context, _ *isms.Organization, _ []*isms.User, _ []demoPerson, _ uint64, progress func(string)) error {
	progress("refreshing the database's statistics for the new rows")
	return a.db.Analyze(ctx)
}

// loadLargeReadiness runs the readiness check once as the administrator,
// as the organization would before its audit, so that its trend starts
// with the day of the load.
func (a *App) loadLargeReadiness(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, _ uint64, progress func(string)) error {
	progress("running the readiness check")
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	if _, err := a.Check(ctx, admin, ReadinessFilter{}); err != nil {
		return fmt.Errorf("large demo readiness check: %w", err)
	}
	return nil
}
