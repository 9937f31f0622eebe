// SPDX-License-Identifier: Apache-2.0

package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Migrating a database is most of what a store or app test costs: about
// a second for PostgreSQL's catalog, more under load. Each therefore
// migrates once per test process and dialect and hands every test an
// empty copy: for SQLite a copy of a migrated file, for PostgreSQL a
// migrated schema from a pool, emptied when its test ends and
// dropped instead when the test changed its tables.

// migrated is the template SQLite file of this process, made on first use.
var migrated struct {
	once sync.Once
	path string
	err  error
}

// OpenMigratedSQLite returns an empty, migrated SQLite database of its own
// for t, copied from this process's template.
func OpenMigratedSQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	migrated.once.Do(func() { migrated.path, migrated.err = sqliteTemplate() })
	if migrated.err != nil {
		t.Fatalf("migrated SQLite template: %v", migrated.err)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	if err := copyFile(migrated.path, path); err != nil {
		t.Fatalf("copy the migrated SQLite template: %v", err)
	}
	db, err := sqldb.Open("sqlite:" + path)
	if err != nil {
		t.Fatalf("sqldb.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sqliteTemplate migrates a SQLite file in a directory of this process and
// returns its path; closing the database folds its log into the file.
func sqliteTemplate() (string, error) {
	dir, err := os.MkdirTemp("", "isms-sqldbtest-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "template.db")
	db, err := sqldb.Open("sqlite:" + path)
	if err != nil {
		return "", err
	}
	if err := migrate(db); err != nil {
		db.Close()
		return "", err
	}
	return path, db.Close()
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// pgPool holds migrated, empty PostgreSQL schemas of this process.
var pgPool struct {
	sync.Mutex
	free   []string // schema URLs
	tables []string // the tables of a freshly migrated schema, sorted
	swept  bool
}

// OpenPooledPostgres returns an empty, migrated PostgreSQL schema for t
// alone: one from the pool, or a new one. When t ends the schema is
// emptied and returned to the pool, or dropped if t changed its tables.
func OpenPooledPostgres(t testing.TB) *sqldb.DB {
	t.Helper()
	u, err := takeSchema()
	if err != nil {
		t.Fatalf("PostgreSQL test schema: %v", err)
	}
	db, err := sqldb.Open(u)
	if err != nil {
		t.Fatalf("sqldb.Open: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		giveBackSchema(u)
	})
	return db
}

// poolSchemaPrefix starts the name of every pooled schema, followed by
// the process ID, so that a later run can drop the schemas of processes
// that have ended.
const poolSchemaPrefix = "tp_"

func takeSchema() (string, error) {
	pgPool.Lock()
	if !pgPool.swept {
		pgPool.swept = true
		sweepSchemas()
	}
	if n := len(pgPool.free); n > 0 {
		u := pgPool.free[n-1]
		pgPool.free = pgPool.free[:n-1]
		pgPool.Unlock()
		return u, nil
	}
	pgPool.Unlock()
	return newPooledSchema()
}

// newPooledSchema creates and migrates a schema and records the tables a
// migrated schema has.
func newPooledSchema() (string, error) {
	name := fmt.Sprintf("%s%d_%s", poolSchemaPrefix, os.Getpid(), strings.ToLower(rand.Text()[:10]))
	if err := adminExec(`CREATE SCHEMA ` + name); err != nil {
		return "", err
	}
	u, err := schemaURL(name)
	if err != nil {
		return "", err
	}
	db, err := sqldb.Open(u)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := migrate(db); err != nil {
		return "", err
	}
	tables, err := schemaTables(name)
	if err != nil {
		return "", err
	}
	pgPool.Lock()
	if pgPool.tables == nil {
		pgPool.tables = tables
	}
	pgPool.Unlock()
	return u, nil
}

// giveBackSchema empties the schema of u and returns it to the pool, or
// drops it when its tables are no longer those of a migrated schema.
func giveBackSchema(u string) {
	name := schemaOf(u)
	tables, err := schemaTables(name)
	pgPool.Lock()
	want := pgPool.tables
	pgPool.Unlock()
	if err != nil || !slices.Equal(tables, want) {
		adminExec(`DROP SCHEMA IF EXISTS ` + name + ` CASCADE`)
		return
	}
	// DELETE costs far less than TRUNCATE on tables this small; with
	// triggers off (replica role) the order of tables does not matter and
	// append-only tables can be emptied.
	q := []string{`SET LOCAL session_replication_role = replica`}
	for _, tb := range tables {
		if tb != "schema_migrations" && tb != "river_migration" {
			q = append(q, `DELETE FROM `+name+`.`+tb)
		}
	}
	if err := adminExec(strings.Join(q, "; ")); err != nil {
		adminExec(`DROP SCHEMA IF EXISTS ` + name + ` CASCADE`)
		return
	}
	pgPool.Lock()
	pgPool.free = append(pgPool.free, u)
	pgPool.Unlock()
}

// sweepSchemas drops the pooled schemas left by test processes that have
// ended.
func sweepSchemas() {
	admin, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		return
	}
	defer admin.Close()
	rows, err := admin.Query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tp\_%'`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		pid, _, _ := strings.Cut(strings.TrimPrefix(name, poolSchemaPrefix), "_")
		if n, err := strconv.Atoi(pid); err == nil && !processAlive(n) {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		admin.Exec(`DROP SCHEMA IF EXISTS ` + name + ` CASCADE`)
	}
}

// processAlive reports whether a process with this ID runs on this
// machine.
func processAlive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

func schemaTables(schema string) ([]string, error) {
	admin, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	rows, err := admin.Query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// adminExec runs q in a transaction of its own that waits at most ten
// seconds for a lock, so that a connection a test left open cannot hang
// the run (the schema is then left for a later sweep).
func adminExec(q string) error {
	admin, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		return err
	}
	defer admin.Close()
	tx, err := admin.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SET LOCAL lock_timeout = '10s'`); err != nil {
		return err
	}
	if _, err := tx.Exec(q); err != nil {
		return err
	}
	return tx.Commit()
}

// schemaURL is ISMS_TEST_POSTGRES_URL with its search_path set to schema.
func schemaURL(schema string) (string, error) {
	u, err := url.Parse(PostgresURL())
	if err != nil {
		return "", fmt.Errorf("parse ISMS_TEST_POSTGRES_URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func schemaOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Query().Get("search_path")
}

// migrate applies the product's and the job queue's migrations.
func migrate(db *sqldb.DB) error {
	if _, err := db.Migrate(context.Background(), nil); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := jobs.Migrate(context.Background(), db); err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	return nil
}
