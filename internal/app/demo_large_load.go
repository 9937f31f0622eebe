// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// largeDemoStep loads one part of the large organization from the seed.
type largeDemoStep func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error

// loadLargeDemo generates the large organization's records after its
// people, part by part, each reporting its progress: the history, then
// every module in the order their links need. Every generator draws from
// its own stream of opts.Seed (DefaultDemoSeed when zero), so the same seed
// gives the same records: the same titles, references, counts, statuses,
// dates relative to the day of the load and links between records; only
// the IDs differ. The store is told it is a bulk load (sqldb.BulkLoad).
func (a *App) loadLargeDemo(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, opts DemoOptions, progress func(string)) error {
	seed := opts.Seed
	if seed == 0 {
		seed = DefaultDemoSeed
	}
	events, evidence := orDefault(opts.Events, largeDemoEvents), orDefault(opts.Evidence, largeDemoEvidence)
	steps := []largeDemoStep{
		func(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
			return a.loadDemoEvents(ctx, org, users, people, events, seed, progress)
		},
		a.loadLargeControls,
		a.loadLargeRisks,
		a.loadLargeAssessment,
		a.loadLargeSupport,
		a.loadLargeResources,
		a.loadLargeContext,
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
		func(ctx context.Context, _ *isms.Organization, _ []*isms.User, _ []demoPerson, _ uint64, progress func(string)) error {
			progress("refreshing the database's statistics for the new rows")
			return a.db.Analyze(ctx)
		},
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
