// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river/rivermigrate"

	"github.com/ismsproject/isms/internal/sqldb"
)

// River's tables are migrated by River's own migrator, which records its
// versions in river_migration, next to the product's schema_migrations.

func migrator(db *sqldb.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	m, err := rivermigrate.New(driver(db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("job queue migrator: %w", err)
	}
	return m, nil
}

// Migrate applies River's pending migrations to db and returns their names,
// such as "job queue 006 bulk_unique". Each migration runs in its own
// transaction.
func Migrate(ctx context.Context, db *sqldb.DB) ([]string, error) {
	m, err := migrator(db)
	if err != nil {
		return nil, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("migrate the job queue's tables: %w", err)
	}
	var done []string
	for _, v := range res.Versions {
		done = append(done, fmt.Sprintf("job queue %03d %s", v.Version, v.Name))
	}
	return done, nil
}

// Check returns an error that says what to do when River's tables in db
// are not at this binary's version.
func Check(ctx context.Context, db *sqldb.DB) error {
	m, err := migrator(db)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("check the job queue's migrations: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("the job queue's tables are behind this binary (%v): run \"isms migrate up\" (or start \"isms serve\" with --migrate), then start again", res.Messages)
	}
	return nil
}
