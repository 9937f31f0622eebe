// SPDX-License-Identifier: Apache-2.0

// Package sqldbtest gives tests throwaway, migrated databases: a SQLite
// file in a temporary directory always, and a fresh PostgreSQL schema as
// well when ISMS_TEST_POSTGRES_URL is set.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// PostgresURL returns ISMS_TEST_POSTGRES_URL, or "" when PostgreSQL tests
// are off.
func PostgresURL() string { return os.Getenv("ISMS_TEST_POSTGRES_URL") }

var skipOnce sync.Once

// Each runs fn once per database under test: always SQLite, and PostgreSQL
// as well when ISMS_TEST_POSTGRES_URL is set (CI sets it; laptops need not).
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, OpenMigratedSQLite(t))
	})
	if PostgresURL() == "" {
		skipOnce.Do(func() {
			fmt.Fprintln(os.Stderr, "sqldbtest: ISMS_TEST_POSTGRES_URL is not set; PostgreSQL variants of the store and app tests are skipped")
		})
		return
	}
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, OpenPooledPostgres(t))
	})
}

// URLs returns the database URLs of one fresh database per dialect under test.
func URLs(t *testing.T) map[string]string {
	m := map[string]string{"sqlite": SQLiteURL(t)}
	if PostgresURL() != "" {
		m["postgres"] = FreshSchema(t)
	}
	return m
}

// SQLiteURL returns the URL of a new SQLite file in a temporary directory.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// Open opens and migrates url, the product's schema and the job queue's,
// and closes it when the test ends.
func Open(t testing.TB, url string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(url)
	if err != nil {
		t.Fatalf("sqldb.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), nil); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if _, err := jobs.Migrate(context.Background(), db); err != nil {
		t.Fatalf("jobs.Migrate: %v", err)
	}
	return db
}

// FreshSchema creates a new schema in the PostgreSQL database of
// ISMS_TEST_POSTGRES_URL, drops it when the test ends, and returns a URL
// whose search_path is that schema.
func FreshSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	schema := "t_" + strings.ToLower(rand.Text()[:16])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse ISMS_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Raw opens a second, plain database/sql connection to the database behind
// url, as someone with direct database access would have: tests use it to
// tamper with stored rows behind the product's back. It is closed when the
// test ends.
func Raw(t testing.TB, url string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", url // a test URL carries the schema's search_path
	if !sqldb.IsPostgres(url) {
		driver, dsn = "sqlite", "file:"+sqldb.SQLitePath(url)+"?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("sql.Open(%q): %v", driver, err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
