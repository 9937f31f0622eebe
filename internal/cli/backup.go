// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/sqldb"
)

func init() { extraCommands = append(extraCommands, newBackupCmd, newRestoreCmd) }

func newBackupCmd(ce *cmdEnv) *cobra.Command {
	var out, pgBin string
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Write a consistent backup of the database and the data directory",
		Long: `backup writes one archive while the server keeps running: a consistent
snapshot of the database, every other file of the data directory under
files/, and manifest.json, which records the isms version, the applied
migrations, the rows per table, the head (sequence and hash) of every audit
chain, and the size and SHA-256 of every file in the archive.

SQLite is copied with VACUUM INTO. PostgreSQL is dumped with pg_dump
--format=custom, which must be installed and at least as new as the server
(--pg-bin names its directory). The archive is gzip-compressed unless FILE
ends in .tar; "--out -" writes it to standard output. An existing FILE is
never overwritten. Progress goes to standard error. See docs/backup.md.`,
		Example: `  isms backup --out /var/backups/isms-$(date +%F).tar.gz
  isms backup --data-dir /srv/isms/data --out - | ssh vault 'cat > isms.tar.gz'
  ISMS_DATABASE_URL=postgres://isms@db/isms isms backup --out isms.tar.gz --pg-bin /usr/lib/postgresql/16/bin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.backup(cmd.Context(), out, pgBin)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the archive to write (.tar.gz, or .tar), or - for standard output (required)")
	cmd.Flags().StringVar(&pgBin, "pg-bin", "", "directory of pg_dump (default: PATH, then /usr/lib/postgresql/*/bin)")
	cmd.MarkFlagRequired("out")
	return cmd
}

func newRestoreCmd(ce *cmdEnv) *cobra.Command {
	var pgBin string
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Restore a backup into an empty data directory or database",
		Long: `restore fills an empty target from an archive written by "isms backup": the
database named by --database-url (ISMS_DATABASE_URL; by default the SQLite
file in --data-dir) and the files of --data-dir.

Before it writes anything, it checks the archive (the manifest, and the
size and SHA-256 of every file) and the target: a SQLite database file must
not exist yet, a PostgreSQL schema must be empty, and no file of the backup
may exist in the data directory. PostgreSQL needs pg_restore at least as new
as the pg_dump that wrote the backup.

Afterwards it applies the migrations this binary has and the backup lacks,
checks the rows of every table against the manifest, verifies every audit
chain and checks that it ends at the head recorded in the backup.`,
		Example: `  isms restore --data-dir /srv/isms/data isms-2026-05-01.tar.gz
  createdb isms_restored && ISMS_DATABASE_URL=postgres://isms@db/isms_restored isms restore isms.tar.gz
  isms restore --data-dir /tmp/check backup.tar.gz && isms audit verify --all --data-dir /tmp/check`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.restore(cmd.Context(), args[0], pgBin)
		},
	}
	cmd.Flags().StringVar(&pgBin, "pg-bin", "", "directory of pg_restore (default: PATH, then /usr/lib/postgresql/*/bin)")
	return cmd
}

// backupf prints a progress line on standard error.
func (ce *cmdEnv) backupf(format string, args ...any) {
	fmt.Fprintf(ce.Stderr, format+"\n", args...)
}

// backup writes the archive: snapshot, then the data directory's files,
// then the archive itself, so every file the snapshot refers to (evidence
// is written before the row that names it) is in the archive.
func (ce *cmdEnv) backup(ctx context.Context, out, pgBin string) error {
	start := time.Now()
	if err := checkBackupOut(out); err != nil {
		return err
	}
	db, err := ce.openBackupSource()
	if err != nil {
		return err
	}
	defer db.Close()
	stage, err := os.MkdirTemp(backupStageDir(out), ".isms-backup-*")
	if err != nil {
		return fmt.Errorf("create a temporary directory for the snapshot: %w", err)
	}
	defer os.RemoveAll(stage)
	m, err := ce.snapshot(ctx, db, stage, pgBin)
	if err != nil {
		return err
	}
	files, err := ce.dataFiles(out, stage)
	if err != nil {
		return err
	}
	if out != "-" && inside(ce.cfg.DataDir, out) {
		ce.backupf("Note: %s is inside the data directory, so later backups will contain it; keep backups elsewhere", out)
	}
	m.Files = append(m.Files, files...)
	n, err := ce.writeBackup(out, m)
	if err != nil {
		return err
	}
	w, where := ce.Stdout, out
	if out == "-" {
		w, where = ce.Stderr, "standard output"
	}
	fmt.Fprintf(w, "Backup written to %s: %s, the %s database and %d file(s) of %s, %d audit chain(s), in %s.\n",
		where, backupSize(n), m.Dialect, len(files), ce.cfg.DataDir, len(m.AuditChains), time.Since(start).Round(time.Millisecond))
	return nil
}

// inside reports whether the file p is inside the directory dir.
func inside(dir, p string) bool {
	d, err1 := filepath.Abs(dir)
	a, err2 := filepath.Abs(p)
	rel, err3 := filepath.Rel(d, a)
	return err1 == nil && err2 == nil && err3 == nil && filepath.IsLocal(rel)
}

func checkBackupOut(out string) error {
	if out == "-" {
		return nil
	}
	if out == "" {
		return errors.New("--out: name the archive to write, or - for standard output")
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("--out %s: the file already exists; choose another name (isms never overwrites a backup)", out)
	}
	if fi, err := os.Stat(filepath.Dir(out)); err != nil || !fi.IsDir() {
		return fmt.Errorf("--out %s: the directory %s does not exist", out, filepath.Dir(out))
	}
	return nil
}

// backupStageDir is where the snapshot is written before it is archived:
// beside the archive, where the operator made room for it.
func backupStageDir(out string) string {
	if out == "-" {
		return ""
	}
	return filepath.Dir(out)
}

// openBackupSource opens the configured database as it is: a backup is
// most wanted before an upgrade, so migrations are neither applied nor
// required.
func (ce *cmdEnv) openBackupSource() (*sqldb.DB, error) {
	url := ce.cfg.DatabaseURL
	if !sqldb.IsPostgres(url) {
		if _, err := os.Stat(sqldb.SQLitePath(url)); err != nil {
			return nil, fmt.Errorf("there is no database to back up at %s (check --data-dir, --database-url or ISMS_DATABASE_URL): %w", sqldb.SQLitePath(url), err)
		}
	}
	return sqldb.Open(url)
}

// snapshot writes the database snapshot into stage and starts the manifest.
func (ce *cmdEnv) snapshot(ctx context.Context, db *sqldb.DB, stage, pgBin string) (*manifest, error) {
	t := time.Now()
	name := databaseEntry(db.Dialect())
	ce.backupf("Taking a snapshot of the %s database %s …", db.Dialect(), sqldb.RedactURL(db.URL()))
	info, err := db.Snapshot(ctx, filepath.Join(stage, name), sqldb.BackupOptions{
		PGBin: pgBin, Progress: func(s string) { ce.backupf("  %s", s) }})
	if err != nil {
		return nil, err
	}
	f, err := hashLocal(filepath.Join(stage, name), name)
	if err != nil {
		return nil, err
	}
	var rows int64
	for _, n := range info.RowCounts {
		rows += n
	}
	ce.backupf("  %s: %d tables, %d rows, %d audit chain(s), %s, in %s", info.Tool, len(info.RowCounts), rows,
		len(info.ChainHeads), backupSize(f.Size), time.Since(t).Round(time.Millisecond))
	return &manifest{Format: backupFormat, FormatVersion: backupFormatVersion, IsmsVersion: ce.Version,
		Dialect: db.Dialect(), CreatedAt: backupClock(ce.Now)().UTC().Truncate(time.Millisecond), Tool: info.Tool,
		Migrations: info.Migrations, AuditChains: info.ChainHeads, Tables: info.RowCounts,
		Files: []archiveFile{f}}, nil
}

// dataFiles lists and hashes every regular file of the data directory but
// the live SQLite database, the archive being written and the snapshot.
func (ce *cmdEnv) dataFiles(out, stage string) ([]archiveFile, error) {
	root := ce.cfg.DataDir
	skip := backupSkipper(ce.cfg.DatabaseURL, out, stage)
	var files []archiveFile
	var total int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll // no data directory: nothing but the database to save
			}
			return err
		}
		if skip(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			ce.backupf("  skipping %s: not a regular file", p)
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		f, err := hashLocal(p, filesPrefix+filepath.ToSlash(rel))
		if errors.Is(err, fs.ErrNotExist) {
			ce.backupf("  skipping %s: removed while the backup ran", p)
			return nil
		}
		files, total = append(files, f), total+f.Size
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read data directory %s: %w", root, err)
	}
	ce.backupf("Data directory %s: %d file(s), %s", root, len(files), backupSize(total))
	return files, nil
}

// backupSkipper reports the paths a backup must not copy.
func backupSkipper(dbURL, out, stage string) func(string) bool {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		return a
	}
	skip := map[string]bool{abs(stage): true}
	if out != "-" {
		skip[abs(out)] = true
	}
	if !sqldb.IsPostgres(dbURL) {
		live := abs(sqldb.SQLitePath(dbURL))
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			skip[live+suffix] = true
		}
	}
	partial := abs(out) + ".partial-"
	return func(p string) bool {
		a := abs(p)
		return skip[a] || (out != "-" && strings.HasPrefix(a, partial))
	}
}

// writeBackup writes the archive to standard output, or to a temporary
// file beside out that takes out's name only when complete.
func (ce *cmdEnv) writeBackup(out string, m *manifest) (int64, error) {
	if out == "-" {
		cw := &byteCounter{w: ce.Stdout}
		return cw.n, writeArchive(cw, true, m)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".partial-*")
	if err != nil {
		return 0, fmt.Errorf("write backup %s: %w", out, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	cw := &byteCounter{w: bw}
	err = writeArchive(cw, !strings.HasSuffix(out, ".tar"), m)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), out) // unlike rename, never replaces a file
	}
	if err != nil {
		return 0, fmt.Errorf("write backup %s: %w", out, err)
	}
	return cw.n, nil
}

type byteCounter struct {
	w io.Writer
	n int64
}

func (c *byteCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func backupClock(now func() time.Time) func() time.Time {
	if now != nil {
		return now
	}
	return time.Now
}

func backupSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
