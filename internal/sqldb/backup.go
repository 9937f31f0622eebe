// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
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

// snapshotPostgres exports a snapshot from a REPEATABLE READ transaction,
// reads the SnapshotInfo in it, and has pg_dump dump that same snapshot of
// the connection's schema while the transaction stays open.
func (db *DB) snapshotPostgres(ctx context.Context, path string, opts BackupOptions) (SnapshotInfo, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("begin snapshot: %w", err)
	}
	defer tx.Rollback()
	var snapshot string
	var schema sql.NullString
	var server int
	err = tx.QueryRowContext(ctx, `SELECT pg_export_snapshot(), current_schema(),
		current_setting('server_version_num')::int`).Scan(&snapshot, &schema, &server)
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("export snapshot: %w", err)
	}
	if !schema.Valid {
		return SnapshotInfo{}, errNoSchema(db.url)
	}
	tool, err := findPGTool(ctx, opts.PGBin, "pg_dump", server/10000)
	if err != nil {
		return SnapshotInfo{}, err
	}
	info, err := readSnapshotInfo(ctx, tx, Postgres)
	if err != nil {
		return info, err
	}
	conn, env, err := libpqURL(db.url)
	if err != nil {
		return info, err
	}
	opts.progress("running %s %s on schema %s", tool.path, tool.version, schema.String)
	_, err = runPG(ctx, tool.path, env, "--format=custom", "--no-owner", "--no-privileges",
		"--snapshot="+snapshot, "--schema="+quotePattern(schema.String), "--file="+path, "--dbname="+conn)
	info.Tool = "pg_dump " + tool.version
	return info, err
}

func (o BackupOptions) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

func errNoSchema(url string) error {
	return fmt.Errorf("no schema named by the search_path of %s exists: create it (CREATE SCHEMA …) or correct the URL", RedactURL(url))
}

// quotePattern makes a schema name a literal pg_dump pattern: inside double
// quotes, case is kept and * ? . lose their meaning.
func quotePattern(name string) string { return quoteIdent(name) }

// pgTool is a PostgreSQL client program and its version.
type pgTool struct {
	path    string
	version string // "15.20"
	major   int
}

var pgVersionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)[0-9.]*`)

// findPGTool finds the client program name of major version minMajor or
// newer: in dir if given, else on PATH, then under /usr/lib/postgresql,
// newest first.
func findPGTool(ctx context.Context, dir, name string, minMajor int) (pgTool, error) {
	var candidates []string
	if dir != "" {
		candidates = []string{filepath.Join(dir, name)}
	} else {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
		installed, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
		sort.Slice(installed, func(i, j int) bool { return dirVersion(installed[i]) > dirVersion(installed[j]) })
		candidates = append(candidates, installed...)
	}
	var tooOld []string
	for _, c := range candidates {
		out, err := exec.CommandContext(ctx, c, "--version").Output()
		m := pgVersionRE.FindStringSubmatch(string(out))
		if err != nil || m == nil {
			continue
		}
		t := pgTool{path: c, version: strings.TrimPrefix(m[0], "(PostgreSQL) ")}
		t.major, _ = strconv.Atoi(m[1])
		if t.major >= minMajor {
			return t, nil
		}
		tooOld = append(tooOld, c+" "+t.version)
	}
	where := "on PATH or under /usr/lib/postgresql/*/bin"
	if dir != "" {
		where = "in " + dir
	}
	if len(tooOld) > 0 {
		return pgTool{}, fmt.Errorf("%s %s is too old (found %s; need version %d or newer, as new as the PostgreSQL server or the backup): install the PostgreSQL %d client tools (Debian/Ubuntu: apt install postgresql-client-%d) or name their bin directory with --pg-bin",
			name, where, strings.Join(tooOld, ", "), minMajor, minMajor, minMajor)
	}
	return pgTool{}, fmt.Errorf("%s was not found %s: PostgreSQL backups and restores use pg_dump and pg_restore; install the PostgreSQL client tools of the server's version or newer (Debian/Ubuntu: apt install postgresql-client) or name their bin directory with --pg-bin", name, where)
}

// dirVersion returns NN of /usr/lib/postgresql/NN/bin/…, or 0.
func dirVersion(p string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
	return n
}

// libpqParams are the URL parameters libpq understands; pgx accepts more
// (search_path, pool settings), which pg_dump would reject.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "keepalives": true, "keepalives_idle": true, "keepalives_interval": true,
	"keepalives_count": true, "tcp_user_timeout": true, "gssencmode": true, "sslmode": true,
	"sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true, "sslcertmode": true,
	"sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true,
	"ssl_min_protocol_version": true, "ssl_max_protocol_version": true, "krbsrvname": true,
	"gsslib": true, "gssdelegation": true, "service": true, "target_session_attrs": true,
	"load_balance_hosts": true,
}

// libpqURL turns a database URL into one pg_dump and pg_restore accept:
// parameters only pgx knows are dropped, and the password moves into
// PGPASSWORD in the returned environment, so no process list shows it.
func libpqURL(raw string) (string, []string, error) {
	u, err := neturl.Parse(raw)
	if err != nil {
		return "", nil, fmt.Errorf("parse database URL %s: %w", RedactURL(raw), err)
	}
	env := os.Environ()
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = neturl.User(u.User.Username())
		}
	}
	q := u.Query()
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), env, nil
}

// runPG runs a PostgreSQL client program and returns its standard output;
// its error output becomes part of the error.
func runPG(ctx context.Context, path string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + " …"
		}
		return "", fmt.Errorf("%s failed: %w: %s", filepath.Base(path), err, msg)
	}
	return stdout.String(), nil
}

// pgTOC is what restore needs from a dump's table of contents.
type pgTOC struct {
	schema    string   // the schema the dump holds
	dumpMajor int      // the major version of the pg_dump that wrote it
	entries   []string // the lines of pg_restore --list
}

func parseTOC(list string) (pgTOC, error) {
	var toc pgTOC
	for _, line := range strings.Split(list, "\n") {
		if v, ok := strings.CutPrefix(line, ";     Dumped by pg_dump version: "); ok {
			toc.dumpMajor, _ = strconv.Atoi(strings.SplitN(v, ".", 2)[0])
		}
		f := strings.Fields(line)
		if len(f) >= 6 && f[3] == "SCHEMA" && f[4] == "-" {
			toc.schema = f[5]
		}
		toc.entries = append(toc.entries, line)
	}
	if toc.schema == "" {
		return toc, errors.New("the PostgreSQL dump holds no schema: it was not written by isms backup")
	}
	return toc, nil
}

// withoutSchema returns the entries without the creation of (and comment
// on) schema, which exists in the target already.
func (toc pgTOC) withoutSchema() string {
	var b strings.Builder
	for _, line := range toc.entries {
		f := strings.Fields(line)
		if len(f) >= 6 && f[3] == "SCHEMA" && f[4] == "-" && f[5] == toc.schema ||
			len(f) >= 7 && f[3] == "COMMENT" && f[4] == "-" && f[5] == "SCHEMA" && f[6] == toc.schema {
			continue
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// emptySchema returns the connection's current schema and an error unless
// it exists and holds no relations or functions.
func (db *DB) emptySchema(ctx context.Context) (string, error) {
	var schema sql.NullString
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT current_schema(),
		(SELECT COUNT(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema())
		+ (SELECT COUNT(*) FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname = current_schema())`).Scan(&schema, &n)
	if err != nil {
		return "", fmt.Errorf("check target database: %w", err)
	}
	if !schema.Valid {
		return "", errNoSchema(db.url)
	}
	if n > 0 {
		return schema.String, fmt.Errorf("the target PostgreSQL schema %q of %s is not empty (it holds %d tables, indexes, functions or other objects): restore needs an empty database; create one (createdb isms_restored, or CREATE SCHEMA) and point --database-url or ISMS_DATABASE_URL at it",
			schema.String, RedactURL(db.url), n)
	}
	return schema.String, nil
}

// restorePostgres runs pg_restore in one transaction into the target's
// schema. A dump of another schema is restored under its own name, which
// must not exist in the target database, and then takes the target's name.
func restorePostgres(ctx context.Context, url, path string, opts BackupOptions) error {
	toc, tool, err := readDumpTOC(ctx, path, opts)
	if err != nil {
		return err
	}
	db, err := Open(url)
	if err != nil {
		return err
	}
	defer db.Close()
	target, err := db.emptySchema(ctx)
	if err != nil {
		return err
	}
	list := strings.Join(toc.entries, "\n")
	if toc.schema == target {
		list = toc.withoutSchema()
	} else if err := db.checkNoSchema(ctx, toc.schema, target); err != nil {
		return err
	}
	listFile, err := writeTemp(list)
	if err != nil {
		return err
	}
	defer os.Remove(listFile)
	conn, env, err := libpqURL(url)
	if err != nil {
		return err
	}
	opts.progress("running %s %s into schema %s", tool.path, tool.version, target)
	if _, err := runPG(ctx, tool.path, env, "--single-transaction", "--exit-on-error", "--no-owner",
		"--no-privileges", "--use-list="+listFile, "--dbname="+conn, path); err != nil {
		return err
	}
	if toc.schema == target {
		return nil
	}
	return db.renameSchema(ctx, toc.schema, target)
}

// readDumpTOC lists the dump with a pg_restore as new as the pg_dump that
// wrote it.
func readDumpTOC(ctx context.Context, path string, opts BackupOptions) (pgTOC, pgTool, error) {
	tool, err := findPGTool(ctx, opts.PGBin, "pg_restore", 0)
	if err != nil {
		return pgTOC{}, tool, err
	}
	out, err := runPG(ctx, tool.path, nil, "--list", path)
	if err != nil {
		return pgTOC{}, tool, fmt.Errorf("read the PostgreSQL dump (pg_restore must be at least as new as the pg_dump that wrote it): %w", err)
	}
	toc, err := parseTOC(out)
	if err != nil || tool.major >= toc.dumpMajor {
		return toc, tool, err
	}
	if tool, err = findPGTool(ctx, opts.PGBin, "pg_restore", toc.dumpMajor); err != nil {
		return toc, tool, err
	}
	return toc, tool, nil
}

func (db *DB) checkNoSchema(ctx context.Context, schema, target string) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1`, schema).Scan(&n); err != nil {
		return fmt.Errorf("check target database: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("the backup holds PostgreSQL schema %q, which already exists in the target database, and the target schema is %q: restore into a database without schema %q, or into that schema once it is empty", schema, target, schema)
	}
	return nil
}

// renameSchema replaces the empty target schema by the restored one.
func (db *DB) renameSchema(ctx context.Context, restored, target string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `DROP SCHEMA `+quoteIdent(target)); err != nil {
			return fmt.Errorf("restored into schema %q, but could not replace the empty schema %q by it: %w", restored, target, err)
		}
		if _, err := tx.tx.ExecContext(ctx, `ALTER SCHEMA `+quoteIdent(restored)+` RENAME TO `+quoteIdent(target)); err != nil {
			return fmt.Errorf("restored into schema %q, but could not rename it to %q: %w", restored, target, err)
		}
		return nil
	})
}

func writeTemp(content string) (string, error) {
	f, err := os.CreateTemp("", "isms-restore-*.list")
	if err != nil {
		return "", fmt.Errorf("write pg_restore list: %w", err)
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write pg_restore list: %w", err)
	}
	return f.Name(), nil
}
