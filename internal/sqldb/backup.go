// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Backups are consistent snapshots taken while the server keeps writing:
// SQLite copies itself with VACUUM INTO inside one read transaction (WAL
// lets the writer go on); PostgreSQL is dumped by pg_dump using a snapshot
// exported from a REPEATABLE READ transaction, in which the facts of the
// SnapshotInfo are read too, so they describe exactly what was dumped.

// BackupOptions configure Snapshot and Restore.
type BackupOptions struct {
	// PGBin is the directory holding pg_dump and pg_restore. Empty means
	// PATH, then /usr/lib/postgresql/*/bin, newest first. SQLite ignores it.
	PGBin string
	// Progress, if not nil, receives one line per step of PostgreSQL work.
	Progress func(string)
}

func (o BackupOptions) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

// SnapshotInfo describes a snapshot. Every field is read from the snapshot
// itself, not from the live database, so they agree with what was copied.
type SnapshotInfo struct {
	Migrations []string         // applied migrations, in name order
	ChainHeads []isms.ChainHead // the head of every audit chain, in chain order
	RowCounts  map[string]int64 // rows per table
	Tool       string           // what made it: "VACUUM INTO" or "pg_dump 15.20"
}

// maxTableRows bounds TableRows, which reads a whole table into memory.
const maxTableRows = 1_000_000

// queryer is what both *sql.DB and *sql.Tx offer for reading.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Snapshot writes a consistent copy of the whole database to the file at
// path, which must not exist, while other connections go on reading and
// writing. SQLite writes a database file; PostgreSQL writes a pg_dump
// archive in its custom format.
func (db *DB) Snapshot(ctx context.Context, path string, opts BackupOptions) (SnapshotInfo, error) {
	if db.dialect == Postgres {
		return db.snapshotPostgres(ctx, path, opts)
	}
	// VACUUM INTO reads in one transaction; in WAL mode the writer is not blocked.
	if _, err := db.read.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot sqlite database into %s: %w", path, err)
	}
	snap, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("open snapshot %s: %w", path, err)
	}
	defer snap.Close()
	info, err := readSnapshotInfo(ctx, snap, SQLite)
	info.Tool = "VACUUM INTO"
	return info, err
}

// readSnapshotInfo reads the migrations, audit chain heads and row counts
// through q, which sees one consistent state.
func readSnapshotInfo(ctx context.Context, q queryer, d Dialect) (SnapshotInfo, error) {
	var info SnapshotInfo
	names, err := queryStrings(ctx, q, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return info, fmt.Errorf("read schema_migrations: %w", err)
	}
	info.Migrations = names
	rows, err := q.QueryContext(ctx, `SELECT chain, head_seq, head_hash FROM audit_chains ORDER BY chain`)
	if err != nil {
		return info, fmt.Errorf("read audit chains: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h isms.ChainHead
		if err := rows.Scan(&h.Chain, &h.Seq, &h.Hash); err != nil {
			return info, fmt.Errorf("read audit chains: %w", err)
		}
		info.ChainHeads = append(info.ChainHeads, h)
	}
	if err := rows.Err(); err != nil {
		return info, fmt.Errorf("read audit chains: %w", err)
	}
	info.RowCounts, err = rowCounts(ctx, q, d)
	return info, err
}

// tablesQuery lists the product's tables: SQLite's, or those of the
// connection's current schema in PostgreSQL.
func tablesQuery(d Dialect) string {
	if d == Postgres {
		return `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
}

// rowCounts counts the rows of every table.
func rowCounts(ctx context.Context, q queryer, d Dialect) (map[string]int64, error) {
	tables, err := queryStrings(ctx, q, tablesQuery(d))
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	out := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		// t comes from the catalog, never from input; quoting keeps odd names whole.
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count rows of %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// RowCounts returns the number of rows in every table.
func (db *DB) RowCounts(ctx context.Context) (map[string]int64, error) {
	return rowCounts(ctx, db.read, db.dialect)
}

func queryStrings(ctx context.Context, q queryer, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// quoteIdent quotes a table or schema name for both dialects.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// TableRows returns every row of table, each as its column values in
// declaration order, sorted by all columns, so that two databases of the
// same dialect can be compared row by row. Text comes back as string;
// timestamps as string from SQLite and time.Time from PostgreSQL. It is
// for tests and verification, and refuses tables of more than a million rows.
func (db *DB) TableRows(ctx context.Context, table string) ([][]any, error) {
	cols, err := db.Columns(ctx)
	if err != nil {
		return nil, err
	}
	n := len(cols[table])
	if n == 0 {
		return nil, fmt.Errorf("table rows: there is no table %q", table)
	}
	order := make([]string, n)
	for i := range order {
		order[i] = strconv.Itoa(i + 1)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT * FROM `+quoteIdent(table)+
		` ORDER BY `+strings.Join(order, ", ")+` LIMIT `+strconv.Itoa(maxTableRows+1))
	if err != nil {
		return nil, fmt.Errorf("select rows of %s: %w", table, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		row, ptrs := make([]any, n), make([]any, n)
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("scan row of %s: %w", table, err)
		}
		for i, v := range row {
			if b, ok := v.([]byte); ok {
				row[i] = string(b)
			}
		}
		out = append(out, row)
	}
	if len(out) > maxTableRows {
		return nil, fmt.Errorf("table rows: %s has more than %d rows", table, maxTableRows)
	}
	return out, rows.Err()
}

// MigrationNames returns the names of the migrations this binary embeds
// for dialect d, in the order they apply.
func MigrationNames(d Dialect) []string {
	return (&DB{dialect: d}).migrationNames()
}

// CheckRestoreTarget returns an error unless url names an empty database
// that Restore may fill: for SQLite, a file that does not exist yet; for
// PostgreSQL, an existing schema (the first of search_path, default public)
// without tables, views, sequences or functions. It changes nothing.
func CheckRestoreTarget(ctx context.Context, url string) error {
	if !IsPostgres(url) {
		return checkSQLiteTarget(SQLitePath(url))
	}
	db, err := Open(url)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.emptySchema(ctx)
	return err
}

func checkSQLiteTarget(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-journal"} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("the target database %s already exists: restore into an empty data directory (or a new database path), or move the file away first", p)
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("check target database: %w", err)
		}
	}
	return nil
}

// Restore fills the empty database at url from the snapshot file at path,
// written by Snapshot of the same dialect. It checks the target first (see
// CheckRestoreTarget); a failure leaves the target as empty as it was.
// It does not migrate: open the database and call Migrate afterwards.
func Restore(ctx context.Context, url, path string, opts BackupOptions) error {
	if IsPostgres(url) {
		return restorePostgres(ctx, url, path, opts)
	}
	return restoreSQLite(SQLitePath(url), path)
}

// restoreSQLite puts the snapshot file in place: a hard link when both are
// on one file system (atomic, and it never replaces an existing file), a
// copy through a temporary file otherwise.
func restoreSQLite(dst, src string) error {
	if err := checkSQLiteTarget(dst); err != nil {
		return err
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore sqlite database: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".isms-restore-*")
	if err != nil {
		return fmt.Errorf("restore sqlite database: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.ReadFrom(in); err != nil {
		tmp.Close()
		return fmt.Errorf("restore sqlite database into %s: %w", dst, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("restore sqlite database into %s: %w", dst, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("restore sqlite database into %s: %w", dst, err)
	}
	if err := os.Link(tmp.Name(), dst); err != nil {
		return fmt.Errorf("restore sqlite database into %s: %w", dst, err)
	}
	return nil
}
