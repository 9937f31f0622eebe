// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

func init() { extraCommands = append(extraCommands, newBackupCmd, newRestoreCmd) }

// A backup archive is a tar file, gzip-compressed unless its name ends in
// .tar, holding manifest.json first, then the database snapshot, then the
// data directory's files under files/. The manifest lists every other entry
// with its size and SHA-256, so restore checks the whole archive before it
// writes anything.
const (
	backupFormat        = "isms-backup"
	backupFormatVersion = 1
	manifestName        = "manifest.json"
	filesPrefix         = "files/"
	maxManifestSize     = 64 << 20
)

// manifest is the archive's manifest.json.
type manifest struct {
	Format        string           `json:"format"`
	FormatVersion int              `json:"formatVersion"`
	IsmsVersion   string           `json:"ismsVersion"`
	Dialect       sqldb.Dialect    `json:"dialect"`
	CreatedAt     time.Time        `json:"createdAt"`
	Tool          string           `json:"tool"` // what made the database snapshot
	Migrations    []string         `json:"migrations"`
	AuditChains   []isms.ChainHead `json:"auditChains"`
	Tables        map[string]int64 `json:"tables"` // rows per table
	Files         []archiveFile    `json:"files"`  // the database first, then files/…
}

// archiveFile is one entry of the archive besides the manifest.
type archiveFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	local  string // backup: where the file is read from
}

// databaseEntry is the archive name of the database snapshot.
func databaseEntry(d sqldb.Dialect) string {
	if d == sqldb.Postgres {
		return "database.pgdump"
	}
	return "database.sqlite"
}

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

// hashLocal returns the archive entry name for the file at path with its
// size and SHA-256.
func hashLocal(path, name string) (archiveFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return archiveFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return archiveFile{}, fmt.Errorf("read %s: %w", path, err)
	}
	return archiveFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), local: path}, nil
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

// writeArchive writes the manifest and then every file it lists, checking
// that each file still has the content hashed into the manifest.
func writeArchive(w io.Writer, compress bool, m *manifest) error {
	var gz *gzip.Writer
	if compress {
		gz = gzip.NewWriter(w)
		w = gz
	}
	tw := tar.NewWriter(w)
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: manifestName, Mode: 0o640, Size: int64(len(body)), ModTime: m.CreatedAt, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(body); err != nil {
		return err
	}
	for _, f := range m.Files {
		if err := archiveLocal(tw, f, m.CreatedAt); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if gz != nil {
		return gz.Close()
	}
	return nil
}

func archiveLocal(tw *tar.Writer, f archiveFile, mtime time.Time) error {
	in, err := os.Open(f.local)
	if err != nil {
		return err
	}
	defer in.Close()
	hdr := &tar.Header{Name: f.Path, Mode: 0o640, Size: f.Size, ModTime: mtime, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(tw, h), in, f.Size); err != nil {
		return fmt.Errorf("archive %s: %w (did it change while the backup ran?)", f.local, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return fmt.Errorf("archive %s: the file changed while the backup ran; run the backup again", f.local)
	}
	return nil
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

// readBackup reads the whole archive once without writing anything, and
// returns its manifest once every entry matches it.
func readBackup(file string) (*manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	var m *manifest
	sums := map[string]archiveFile{}
	err = walkArchive(f, func(name string, r io.Reader) error {
		if name == manifestName {
			m = &manifest{}
			if err := json.NewDecoder(io.LimitReader(r, maxManifestSize)).Decode(m); err != nil {
				return fmt.Errorf("%s is not valid JSON: %w", manifestName, err)
			}
			return nil
		}
		h := sha256.New()
		n, err := io.Copy(h, r)
		sums[name] = archiveFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		return err
	})
	if err == nil && m == nil {
		err = fmt.Errorf("it has no %s: it is not an isms backup", manifestName)
	}
	if err == nil {
		err = m.check(sums)
	}
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", file, err)
	}
	return m, nil
}

// walkArchive calls fn with every entry of a tar or tar.gz archive, after
// refusing names and types an isms backup never holds.
func walkArchive(r io.Reader, fn func(name string, r io.Reader) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	src := io.Reader(br)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("not a readable gzip file: %w", err)
		}
		src = gz
	}
	tr := tar.NewReader(src)
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("it is not an isms backup, which is a tar or tar.gz archive: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg || !validEntry(hdr.Name) || seen[hdr.Name] {
			return fmt.Errorf("entry %q: an isms backup holds only manifest.json, database.sqlite or database.pgdump, and regular files under files/, each once", hdr.Name)
		}
		seen[hdr.Name] = true
		if err := fn(hdr.Name, tr); err != nil {
			return fmt.Errorf("%s: %w", hdr.Name, err)
		}
	}
	// Reading to the end makes gzip check its checksum.
	if _, err := io.Copy(io.Discard, src); err != nil {
		return fmt.Errorf("the archive is damaged: %w", err)
	}
	return nil
}

func validEntry(name string) bool {
	switch name {
	case manifestName, databaseEntry(sqldb.SQLite), databaseEntry(sqldb.Postgres):
		return true
	}
	rel, ok := strings.CutPrefix(name, filesPrefix)
	return ok && filepath.IsLocal(rel) && filepath.ToSlash(filepath.Clean(rel)) == rel && !strings.Contains(rel, `\`)
}

// check compares the manifest with the entries read from the archive.
func (m *manifest) check(sums map[string]archiveFile) error {
	if m.Format != backupFormat {
		return fmt.Errorf("%s is not the manifest of an isms backup (format %q)", manifestName, m.Format)
	}
	if m.FormatVersion < 1 || m.FormatVersion > backupFormatVersion {
		return fmt.Errorf("backup format %d is newer than this isms reads (%d): restore with isms %s or newer", m.FormatVersion, backupFormatVersion, m.IsmsVersion)
	}
	if m.Dialect != sqldb.SQLite && m.Dialect != sqldb.Postgres {
		return fmt.Errorf("%s names an unknown database system %q", manifestName, m.Dialect)
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		got, ok := sums[f.Path]
		switch {
		case f.Path != databaseEntry(m.Dialect) && !strings.HasPrefix(f.Path, filesPrefix):
			return fmt.Errorf("%s lists %s, which a %s backup cannot hold", manifestName, f.Path, m.Dialect)
		case !ok:
			return fmt.Errorf("%s lists %s, but the archive does not contain it", manifestName, f.Path)
		case got.Size != f.Size || got.SHA256 != f.SHA256:
			return fmt.Errorf("%s is damaged or was altered: it has %d bytes with SHA-256 %s, the manifest says %d bytes with SHA-256 %s",
				f.Path, got.Size, got.SHA256, f.Size, f.SHA256)
		}
		listed[f.Path] = true
	}
	names := make([]string, 0, len(sums))
	for name := range sums {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !listed[name] {
			return fmt.Errorf("the archive holds %s, which %s does not list", name, manifestName)
		}
	}
	if !listed[databaseEntry(m.Dialect)] {
		return fmt.Errorf("the archive holds no %s", databaseEntry(m.Dialect))
	}
	return nil
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
