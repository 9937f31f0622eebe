// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one forward-only migration file and whether it is applied.
type Migration struct {
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// MigrationState compares the embedded migrations with those applied.
type MigrationState struct {
	Migrations []Migration
	Pending    int
	Unknown    []string // applied to the database but not known to this binary
}

// Current reports whether every migration is applied and none is unknown.
func (s MigrationState) Current() bool { return s.Pending == 0 && len(s.Unknown) == 0 }

func (db *DB) migrationNames() []string {
	entries, err := fs.ReadDir(migrationFiles, "migrations/"+string(db.dialect))
	if err != nil {
		panic(fmt.Sprintf("embedded migrations: %v", err)) // a broken build
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

const createMigrationTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name TEXT PRIMARY KEY,
	applied_at TEXT NOT NULL
)`

// MigrationStatus returns the applied and pending migrations.
func (db *DB) MigrationStatus(ctx context.Context) (MigrationState, error) {
	var st MigrationState
	if _, err := db.write.ExecContext(ctx, createMigrationTable); err != nil {
		return st, fmt.Errorf("create schema_migrations: %w", err)
	}
	applied := map[string]time.Time{}
	rows, err := db.read.QueryContext(ctx, `SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		return st, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var at timestamp
		if err := rows.Scan(&name, &at); err != nil {
			return st, fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[name] = time.Time(at)
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read schema_migrations: %w", err)
	}
	for _, name := range db.migrationNames() {
		at, ok := applied[name]
		st.Migrations = append(st.Migrations, Migration{Name: name, Applied: ok, AppliedAt: at})
		if !ok {
			st.Pending++
		}
		delete(applied, name)
	}
	for name := range applied {
		st.Unknown = append(st.Unknown, name)
	}
	sort.Strings(st.Unknown)
	return st, nil
}

// Migrate applies every pending migration in name order, each in its own
// transaction with its record in schema_migrations, so a failure leaves the
// database at the last migration that succeeded. progress, if not nil, is
// called before each file. It returns the names applied.
func (db *DB) Migrate(ctx context.Context, progress func(name string)) ([]string, error) {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return nil, err
	}
	if len(st.Unknown) > 0 {
		return nil, fmt.Errorf("the database has migrations this binary does not know (%v): it was used by a newer isms; run that version or restore a backup", st.Unknown)
	}
	var done []string
	for _, m := range st.Migrations {
		if m.Applied {
			continue
		}
		if progress != nil {
			progress(m.Name)
		}
		if err := db.applyMigration(ctx, m.Name); err != nil {
			return done, fmt.Errorf("migration %s failed and was rolled back, so the database is at the previous migration; fix the cause and run \"isms migrate up\": %w", m.Name, err)
		}
		done = append(done, m.Name)
	}
	return done, nil
}

func (db *DB) applyMigration(ctx context.Context, name string) error {
	body, err := migrationFiles.ReadFile("migrations/" + string(db.dialect) + "/" + name)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
			name, time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"))
		return err
	})
}

// CheckMigrations returns an error that says what to do when the database
// is not exactly at this binary's latest migration.
func (db *DB) CheckMigrations(ctx context.Context) error {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	switch {
	case len(st.Unknown) > 0:
		return fmt.Errorf("the database has migrations this binary does not know (%v): it was used by a newer isms; run that version or restore a backup", st.Unknown)
	case st.Pending > 0:
		return fmt.Errorf("the database is %d migration(s) behind this binary: run \"isms migrate up\" (or start \"isms serve\" with --migrate), then start again", st.Pending)
	}
	return nil
}
