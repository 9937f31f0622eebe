// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database system behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database.
type DB struct {
	read    *sql.DB // SQLite: many connections, reads only; PostgreSQL: the pool
	write   *sql.DB // SQLite: one connection, because SQLite has one writer
	dialect Dialect
	url     string
	// Now gives the time written into rows; tests replace it.
	Now func() time.Time
}

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// SQLitePath returns the file path of a "sqlite:" URL.
func SQLitePath(url string) string {
	p, _ := strings.CutPrefix(url, "sqlite:")
	return p
}

// Open connects to "sqlite:path/to/file.db" or "postgres://…". It does not
// migrate; call Migrate or CheckMigrations.
func Open(url string) (*DB, error) {
	if IsPostgres(url) {
		pool, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(20)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{read: pool, write: pool, dialect: Postgres, url: url, Now: time.Now}, nil
	}
	if !strings.HasPrefix(url, "sqlite:") {
		return nil, fmt.Errorf("database URL %q: use sqlite:PATH or postgres://…", redactURL(url))
	}
	dsn := "file:" + SQLitePath(url) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8) // keep them: reopening a SQLite connection costs more than the query
	db := &DB{read: read, write: write, dialect: SQLite, url: url, Now: time.Now}
	// Create the file and switch it to WAL before any reader opens it.
	if err := write.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", SQLitePath(url), err)
	}
	return db, nil
}

// Close closes every connection.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Dialect returns the database system behind db.
func (db *DB) Dialect() Dialect { return db.dialect }

// URL returns the URL db was opened with.
func (db *DB) URL() string { return db.url }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Stats returns the connection pool statistics of the writer and reader pools.
func (db *DB) Stats() (write, read sql.DBStats) { return db.write.Stats(), db.read.Stats() }

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.read, &sql.TxOptions{ReadOnly: db.dialect == Postgres}, fn)
}

// Update runs fn in a read-write transaction and commits if fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.write, nil, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(*Tx) error) error {
	stx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: stx, dialect: db.dialect, now: db.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Tx is a transaction. Every row it writes carries the same timestamp.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	now     time.Time
}

// Now returns the transaction's timestamp.
func (tx *Tx) Now() time.Time { return tx.now }

// rebind turns ? placeholders into $1, $2, … for PostgreSQL. Queries must
// not contain a literal question mark; pass such text as an argument.
func (tx *Tx) rebind(query string) string {
	if tx.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.rebind(query), args...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.rebind(query), args...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.rebind(query), args...)
}

// forUpdate is the row-lock clause of the dialect; SQLite has one writer
// and needs none.
func (tx *Tx) forUpdate() string {
	if tx.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func redactURL(u string) string {
	if i := strings.Index(u, "@"); i >= 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			return u[:j+3] + "…" + u[i:]
		}
	}
	return u
}

// RedactURL hides the credentials of a database URL for display.
func RedactURL(u string) string { return redactURL(u) }

// repeatList returns item n times, separated by ", ": the rows of a
// multi-row VALUES clause, or the ? of an IN list.
func repeatList(item string, n int) string {
	return strings.TrimSuffix(strings.Repeat(item+", ", n), ", ")
}

// placeholders returns n comma-separated ? placeholders.
func placeholders(n int) string { return repeatList("?", n) }
