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
)

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
