// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// restore checks the archive and the target, then writes: the files, the
// database, and finally verifies what it restored against the manifest.
func (ce *cmdEnv) restore(ctx context.Context, file, pgBin string) error {
	start := time.Now()
	if file == "-" {
		return errors.New("restore reads the archive twice, to check it before writing anything, so it needs a file: save the archive first")
	}
	ce.backupf("Checking %s …", file)
	m, err := readBackup(file)
	if err != nil {
		return err
	}
	ce.backupf("  %s backup of %s by isms %s: %d file(s), every SHA-256 matches the manifest",
		m.Dialect, m.CreatedAt.Format(time.RFC3339), m.IsmsVersion, len(m.Files))
	if err := ce.checkRestore(ctx, m); err != nil {
		return err
	}
	written, err := ce.extractBackup(ctx, file, m, pgBin)
	if err != nil {
		for i := len(written) - 1; i >= 0; i-- {
			os.Remove(written[i])
		}
		return err
	}
	return ce.verifyRestore(ctx, m, start)
}

// checkRestore refuses a backup this binary or the target cannot take,
// before anything is written.
func (ce *cmdEnv) checkRestore(ctx context.Context, m *manifest) error {
	url := ce.cfg.DatabaseURL
	target := sqldb.SQLite
	if sqldb.IsPostgres(url) {
		target = sqldb.Postgres
	}
	if m.Dialect != target {
		return fmt.Errorf("the backup holds a %s database, but the target %s is %s: point --database-url (ISMS_DATABASE_URL) at an empty %s database",
			m.Dialect, sqldb.RedactURL(url), target, m.Dialect)
	}
	known := map[string]bool{}
	for _, name := range sqldb.MigrationNames(m.Dialect) {
		known[name] = true
	}
	for _, name := range m.Migrations {
		if !known[name] {
			return fmt.Errorf("the backup was made by a newer isms (%s): its database has migration %s, which this binary does not know; restore it with isms %s or newer", m.IsmsVersion, name, m.IsmsVersion)
		}
	}
	if err := sqldb.CheckRestoreTarget(ctx, url); err != nil {
		return err
	}
	live := map[string]bool{}
	if target == sqldb.SQLite {
		p, _ := filepath.Abs(sqldb.SQLitePath(url))
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			live[p+suffix] = true
		}
	}
	for _, f := range m.Files {
		rel, ok := strings.CutPrefix(f.Path, filesPrefix)
		if !ok {
			continue
		}
		dst := filepath.Join(ce.cfg.DataDir, filepath.FromSlash(rel))
		if abs, _ := filepath.Abs(dst); live[abs] {
			return fmt.Errorf("the backup holds a file %s where the target database %s would be: set --database-url to another path", f.Path, sqldb.SQLitePath(url))
		}
		if _, err := os.Lstat(dst); err == nil {
			return fmt.Errorf("the target data directory %s already holds %s, which the backup would replace: restore into an empty data directory", ce.cfg.DataDir, dst)
		}
	}
	return nil
}

// extractBackup reads the archive a second time, writing the files into the
// data directory and the database through a staged snapshot file. It
// returns the files it created, for removal if it fails.
func (ce *cmdEnv) extractBackup(ctx context.Context, file string, m *manifest, pgBin string) ([]string, error) {
	url, stageDir := ce.cfg.DatabaseURL, os.TempDir()
	if !sqldb.IsPostgres(url) {
		stageDir = filepath.Dir(sqldb.SQLitePath(url)) // the same file system, so restore can link it
	}
	want := map[string]archiveFile{}
	for _, f := range m.Files {
		want[f.Path] = f
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	var written []string
	staged := ""
	ce.backupf("Restoring %d file(s) into %s …", len(m.Files)-1, ce.cfg.DataDir)
	err = walkArchive(f, func(name string, r io.Reader) error {
		if name == manifestName {
			return nil
		}
		dst := ""
		if name != databaseEntry(m.Dialect) {
			dst = filepath.Join(ce.cfg.DataDir, filepath.FromSlash(strings.TrimPrefix(name, filesPrefix)))
		}
		p, werr := writeChecked(stageDir, dst, r, want[name])
		if dst == "" {
			staged = p
		} else if p != "" {
			written = append(written, p)
		}
		return werr
	})
	if staged != "" {
		defer os.Remove(staged)
	}
	if err != nil {
		return written, fmt.Errorf("restore from %s: %w", file, err)
	}
	ce.backupf("Restoring the %s database into %s …", m.Dialect, sqldb.RedactURL(url))
	opts := sqldb.BackupOptions{PGBin: pgBin, Progress: func(s string) { ce.backupf("  %s", s) }}
	return written, sqldb.Restore(ctx, url, staged, opts)
}

// writeChecked writes r to dst, a new file, or to a temporary file in
// stageDir when dst is empty, and checks it against want, as the archive
// may have changed since it was checked. It returns the file it created.
func writeChecked(stageDir, dst string, r io.Reader, want archiveFile) (string, error) {
	dir := stageDir
	if dst != "" {
		dir = filepath.Dir(dst)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	var out *os.File
	var err error
	if dst == "" {
		out, err = os.CreateTemp(dir, ".isms-restore-*")
	} else {
		out, err = os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	}
	if err != nil {
		return "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), r)
	if err == nil && (n != want.Size || hex.EncodeToString(h.Sum(nil)) != want.SHA256) {
		err = errors.New("the archive changed since it was checked")
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return out.Name(), err
}

// verifyRestore opens the restored database, checks it against the
// manifest, brings its migrations up to date and prints a summary.
func (ce *cmdEnv) verifyRestore(ctx context.Context, m *manifest, start time.Time) error {
	db, err := sqldb.Open(ce.cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.RowCounts(ctx)
	if err != nil {
		return err
	}
	var rows int64
	for table, n := range m.Tables {
		if counts[table] != n {
			return fmt.Errorf("restored, but table %s has %d rows where the backup recorded %d: do not use this copy, and report the problem", table, counts[table], n)
		}
		rows += n
	}
	applied, err := db.Migrate(ctx, func(name string) { ce.backupf("Applying migration %s", name) })
	if err != nil {
		return err
	}
	queued, err := jobs.Migrate(ctx, db) // a backup taken before the job queue existed lacks its tables
	if err != nil {
		return err
	}
	applied = append(applied, queued...)
	events, err := verifyRestoredChains(ctx, db, m.AuditChains, ce.Now)
	if err != nil {
		return err
	}
	fmt.Fprintf(ce.Stdout, "Restored the %s backup of %s (isms %s) into %s and %s: %d tables, %d rows, %d file(s); %d migration(s) applied since; %d audit chain(s) with %d events verified and ending at the heads recorded in the backup; in %s.\n",
		m.Dialect, m.CreatedAt.Format(time.RFC3339), m.IsmsVersion, sqldb.RedactURL(ce.cfg.DatabaseURL), ce.cfg.DataDir,
		len(m.Tables), rows, len(m.Files)-1, len(applied), len(m.AuditChains), events, time.Since(start).Round(time.Millisecond))
	return nil
}

// verifyRestoredChains verifies every audit chain of the restored database
// and checks that the chains and their heads are those of the backup.
func verifyRestoredChains(ctx context.Context, db *sqldb.DB, want []isms.ChainHead, now func() time.Time) (int64, error) {
	a := app.New(db, app.Options{Now: now})
	sys := isms.SystemActor("")
	names, err := a.AuditChains(ctx, sys)
	if err != nil {
		return 0, err
	}
	if len(names) != len(want) {
		return 0, fmt.Errorf("restored, but the database has %d audit chain(s) where the backup recorded %d", len(names), len(want))
	}
	var events int64
	for _, head := range want {
		rep, err := a.VerifyAuditChain(ctx, sys, head.Chain)
		if err != nil {
			return 0, err
		}
		if !rep.OK() {
			return 0, fmt.Errorf("restored, but audit chain %s is broken at event %d: %s", head.Chain, rep.Break.Seq, rep.Break.Reason)
		}
		if rep.Head != head {
			return 0, fmt.Errorf("restored, but audit chain %s ends at event %d (%s) where the backup recorded %d (%s)", head.Chain, rep.Head.Seq, rep.Head.Hash, head.Seq, head.Hash)
		}
		events += rep.Checked
	}
	return events, nil
}
