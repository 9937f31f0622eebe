// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"database/sql"
	"github.com/ismsproject/isms/internal/jobs"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	blobs "github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// backupSite is where an installation keeps its data: a database URL (empty
// for the default SQLite file in the data directory) and a data directory.
type backupSite struct {
	url, dir string
}

// dbURL is the database URL the command line uses for s.
func (s backupSite) dbURL() string {
	if s.url == "" {
		return "sqlite:" + filepath.Join(s.dir, "isms.db")
	}
	return s.url
}

// newBackupSite returns an empty site of the dialect ("sqlite" or "postgres").
func newBackupSite(t *testing.T, dialect string) backupSite {
	s := backupSite{dir: filepath.Join(t.TempDir(), "data")}
	if dialect == "postgres" {
		s.url = sqldbtest.FreshSchema(t)
	}
	return s
}

// isms runs the command line against s and returns standard output and
// standard error.
func (s backupSite) isms(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string {
		switch k {
		case "ISMS_DATABASE_URL":
			return s.url
		case "ISMS_DATA_DIR":
			return s.dir
		}
		return ""
	}}
	err = cli.Run(context.Background(), args, env)
	return out.String(), errOut.String(), err
}

// mustISMS runs the command line and fails the test if it fails.
func (s backupSite) mustISMS(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := s.isms(t, args...)
	if err != nil {
		t.Fatalf("isms %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

var backupPasswordCost = app.PasswordCost{Time: 1, Memory: 64, Threads: 1}

// backupPopulate migrates the site's database and fills it with an
// organization that leaves no table empty, and puts a blob in its data
// directory.
func backupPopulate(t *testing.T, s backupSite) (*sqldb.DB, *app.App, *isms.Organization) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(s.dir, "blobs", "9f"), 0o750); err != nil {
		t.Fatal(err)
	}
	blob := []byte("evidence: firewall rule review, signed")
	if err := os.WriteFile(filepath.Join(s.dir, "blobs", "9f", "86d081884c7d659a2feaa0c55ad015"), blob, 0o640); err != nil {
		t.Fatal(err)
	}
	db := sqldbtest.Open(t, s.dbURL())
	a := app.New(db, app.Options{PasswordCost: backupPasswordCost})
	ctx := context.Background()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := a.NewSetupToken(ctx) // a row in settings
	check("NewSetupToken", err)
	const password = "correct horse battery staple"
	owner := &isms.User{Name: "Olga Owner", Email: "owner@example.com", Owner: true}
	_, err = a.CreateUser(ctx, isms.SystemActor(""), owner, password)
	check("CreateUser", err)
	org := &isms.Organization{Name: "Acme", Slug: "acme"}
	check("CreateOrganization", a.CreateOrganization(ctx, isms.SystemActor(""), org, owner.ID))
	admin := isms.Actor{UserID: owner.ID, Name: owner.Name, OrgID: org.ID, Role: isms.RoleAdmin, Owner: true}
	var manager isms.Actor
	for _, role := range []isms.Role{isms.RoleManager, isms.RoleContributor, isms.RoleAuditor, isms.RoleViewer, isms.RoleEmployee} {
		res, err := a.AddMember(ctx, admin, app.AddMemberInput{Email: string(role) + "@example.com", Name: "A " + string(role), Role: role})
		check("AddMember "+string(role), err)
		if role == isms.RoleManager {
			manager = isms.Actor{UserID: res.User.ID, Name: res.User.Name, OrgID: org.ID, Role: role}
		}
	}
	ap, err := a.SubmitForApproval(ctx, admin, app.SubmitInput{ObjectType: "organization", ObjectID: org.ID,
		ApproverIDs: []isms.ID{manager.UserID}, Note: "Yearly review"})
	check("SubmitForApproval", err)
	_, err = a.DecideApproval(ctx, manager, ap.ID, isms.DecisionApprove, "Looks right.")
	check("DecideApproval", err)
	name, legal := "Acme Analytics", "Acme Analytics GmbH"
	org, err = a.UpdateOrganization(ctx, admin, isms.OrganizationUpdate{Name: &name, LegalName: &legal, Version: org.Version})
	check("UpdateOrganization", err)
	_, _, err = a.SignIn(ctx, owner.Email, password, "192.0.2.1") // a row in sessions
	check("SignIn", err)
	_, err = a.CreateAPIToken(ctx, admin, &isms.APIToken{Name: "CI export", Scope: isms.ScopeRead, ExpiresAt: time.Now().Add(24 * time.Hour)})
	check("CreateAPIToken", err)
	// Evidence, with its file in the data directory's store and a link.
	store, err := blobs.NewFS(filepath.Join(s.dir, "blobs"))
	check("blob.NewFS", err)
	_, err = app.New(db, app.Options{PasswordCost: backupPasswordCost, Blobs: store}).CreateEvidence(ctx, admin,
		app.EvidenceInput{Title: "Firewall rule review", Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload,
			Links: []isms.Link{{Type: "organization", ID: org.ID}}}, &app.FileInput{Name: "review.txt", Reader: strings.NewReader("rules reviewed")})
	check("CreateEvidence", err)
	// Work and notifications: a task for the manager (whose assignment mail
	// leaves a sent mark), a schedule, preferences and a calendar feed.
	_, err = a.CreateTask(ctx, admin, app.TaskInput{Title: "Review the firewall rules", OwnerID: manager.UserID, Due: "2026-12-31"})
	check("CreateTask", err)
	_, _, err = a.CreateSchedule(ctx, admin, app.ScheduleInput{Title: "Access review", OwnerID: manager.UserID, Rule: "every 3 months", Start: "2026-12-01"})
	check("CreateSchedule", err)
	backupFrameworks(t, ctx, a, admin)
	backupRisks(t, ctx, a, admin, manager)
	backupSupport(t, ctx, a, admin, manager)
	backupContext(t, ctx, a, admin, manager)
	backupSoA(t, ctx, a, admin)
	backupAudit(t, ctx, a, admin, manager)
	backupImprovement(t, ctx, a, admin, manager)
	backupCertification(t, ctx, db, a, admin, manager)
	_, err = a.Check(ctx, admin, app.ReadinessFilter{}) // the day's readiness run
	check("Check", err)
	_, err = a.UpdateNotificationPrefs(ctx, manager, app.NotificationPrefsInput{Assigned: true, DueSoonDays: "5", Digest: true})
	check("UpdateNotificationPrefs", err)
	_, err = a.CreateCalendarFeed(ctx, manager)
	check("CreateCalendarFeed", err)
	backupSendMail(t, db, a)
	return db, a, org
}

// backupFrameworks adds both built-in ISO frameworks (and so the 2013 →
// 2022 mapping set) and a control linked to a requirement of each.
func backupFrameworks(t *testing.T, ctx context.Context, a *app.App, admin isms.Actor) {
	t.Helper()
	for _, key := range []string{"iso27001-2022", "iso27001-2013"} {
		if _, _, err := a.ImportBuiltinFramework(ctx, admin, key); err != nil {
			t.Fatalf("ImportBuiltinFramework %s: %v", key, err)
		}
	}
	c, err := a.CreateControl(ctx, admin, app.ControlInput{Title: "Central logging", Status: "implemented"})
	if err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	var reqs []isms.ID
	for _, ref := range [][2]string{{"iso27001-2022", "A.8.15"}, {"iso27001-2013", "A.12.4.1"}} {
		r, err := a.ResolveRequirement(ctx, admin, ref[0], ref[1])
		if err != nil {
			t.Fatalf("ResolveRequirement %s: %v", ref[1], err)
		}
		reqs = append(reqs, r.ID)
	}
	if _, err := a.LinkControl(ctx, admin, c.ID, reqs); err != nil {
		t.Fatalf("LinkControl: %v", err)
	}
}

// backupSendMail runs the job runner until the queued assignment mail has
// gone (to the log, as no SMTP server is set) and left its sent mark.
func backupSendMail(t *testing.T, db *sqldb.DB, a *app.App) {
	t.Helper()
	stop, err := a.StartJobs(context.Background(), jobs.Options{PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("StartJobs: %v", err)
	}
	defer stop(context.Background())
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if len(backupRows(t, db)["notifications_sent"]) > 0 {
			return
		}
	}
	t.Fatal("the assignment mail was not sent within 30 s")
}

// backupRows returns every row of every table of db.
func backupRows(t *testing.T, db *sqldb.DB) map[string][][]any {
	t.Helper()
	ctx := context.Background()
	tables, err := db.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]any{}
	for _, table := range tables {
		if out[table], err = db.TableRows(ctx, table); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// openBackupSite opens the site's database without migrating it.
func openBackupSite(t *testing.T, s backupSite) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(s.dbURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestBackupRestoreRoundTrip backs up a populated organization with the
// command line, restores it into an empty site and compares every table
// and file. PostgreSQL restores both into another schema of the same
// database (after the source is lost) and into a new database.
func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		src := newBackupSite(t, "sqlite")
		backupRoundTrip(t, src, newBackupSite(t, "sqlite"), nil)
	})
	if sqldbtest.PostgresURL() == "" {
		return
	}
	t.Run("postgres into another schema", func(t *testing.T) {
		t.Parallel()
		src := newBackupSite(t, "postgres")
		backupRoundTrip(t, src, newBackupSite(t, "postgres"), func() { dropBackupSchema(t, src.url) })
	})
	t.Run("postgres into a new database", func(t *testing.T) {
		t.Parallel()
		src := newBackupSite(t, "postgres")
		dst := backupSite{dir: filepath.Join(t.TempDir(), "data"), url: backupFreshDatabase(t, backupSchemaOf(t, src.url))}
		backupRoundTrip(t, src, dst, nil)
	})
}

// backupRoundTrip populates src, backs it up, calls lose (if not nil), restores
// into dst and compares.
func backupRoundTrip(t *testing.T, src, dst backupSite, lose func()) {
	db, _, _ := backupPopulate(t, src)
	want := backupRows(t, db)
	for table, rows := range want {
		if len(rows) == 0 {
			t.Errorf("table %s is empty after backupPopulate: extend backupPopulate so that the round trip covers it", table)
		}
	}
	db.Close()
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	_, progress, err := src.isms(t, "backup", "--out", archive)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, progress)
	}
	if !strings.Contains(progress, "Taking a snapshot") {
		t.Errorf("backup progress on stderr = %q, want a snapshot line", progress)
	}
	if lose != nil {
		lose()
	}
	out := dst.mustISMS(t, "restore", archive)
	if !strings.Contains(out, "audit chain(s)") {
		t.Errorf("restore summary = %q, want the audit chains verified", out)
	}
	if diff := cmp.Diff(want, backupRows(t, openBackupSite(t, dst))); diff != "" {
		t.Errorf("restored tables differ from the source (-source +restored):\n%s", diff)
	}
	blob := filepath.Join("blobs", "9f", "86d081884c7d659a2feaa0c55ad015")
	got, err := os.ReadFile(filepath.Join(dst.dir, blob))
	if err != nil || string(got) != "evidence: firewall rule review, signed" {
		t.Errorf("restored blob = %q, %v; want the source's content", got, err)
	}
	verify := dst.mustISMS(t, "audit", "verify", "--all")
	if strings.Count(verify, ": OK,") != 2 {
		t.Errorf("audit verify --all after restore:\n%s\nwant two chains OK", verify)
	}
}

// TestBackupToStandardOutput writes the archive to standard output and
// restores it from a file.
func TestBackupToStandardOutput(t *testing.T) {
	t.Parallel()
	src := newBackupSite(t, "sqlite")
	db, _, _ := backupPopulate(t, src)
	want := backupRows(t, db)
	archive := src.mustISMS(t, "backup", "--out", "-")
	file := filepath.Join(t.TempDir(), "stdout.tar.gz")
	if err := os.WriteFile(file, []byte(archive), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := newBackupSite(t, "sqlite")
	dst.mustISMS(t, "restore", file)
	if diff := cmp.Diff(want, backupRows(t, openBackupSite(t, dst))); diff != "" {
		t.Errorf("restored tables differ (-source +restored):\n%s", diff)
	}
}

// TestRestoreRefuses checks that restore refuses a non-empty target, a
// target of the other database system, a damaged archive and archives with
// a foreign or a missing entry, naming what is wrong, and writes nothing.
func TestRestoreRefuses(t *testing.T) {
	t.Parallel()
	for _, dialect := range backupDialects() {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			src := newBackupSite(t, dialect)
			db, _, _ := backupPopulate(t, src)
			before := backupRows(t, db)
			archive := filepath.Join(t.TempDir(), "backup.tar.gz")
			src.mustISMS(t, "backup", "--out", archive)
			for _, tc := range refusals(t, dialect, archive, src) {
				_, _, err := tc.target.isms(t, "restore", tc.archive)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("restore of %s = %v, want an error containing %q", tc.name, err, tc.want)
				}
				if tc.target != src {
					wantRestoreUntouched(t, tc.target)
				}
			}
			if diff := cmp.Diff(before, backupRows(t, db)); diff != "" {
				t.Errorf("the refused restore changed the source (-before +after):\n%s", diff)
			}
		})
	}
}

// refusal is a restore that must fail with an error containing want.
type refusal struct {
	name    string
	archive string
	target  backupSite
	want    string
}

// refusals returns the restores of archive, a backup of src, that must fail.
func refusals(t *testing.T, dialect, archive string, src backupSite) []refusal {
	dbEntry := map[string]string{"sqlite": "database.sqlite", "postgres": "database.pgdump"}[dialect]
	edit := func(fn func(name string, body []byte) (string, []byte)) string { return rewriteBackup(t, archive, fn) }
	cases := []refusal{
		{"a target that holds a database", archive, src, map[string]string{"sqlite": "already exists", "postgres": "is not empty"}[dialect]},
		{"a damaged database file", edit(func(name string, body []byte) (string, []byte) {
			if name == dbEntry {
				body[len(body)/2] ^= 0x01
			}
			return name, body
		}), newBackupSite(t, dialect), dbEntry + " is damaged or was altered"},
		{"an entry outside files/", edit(func(name string, body []byte) (string, []byte) {
			if strings.HasPrefix(name, "files/") {
				return "files/../../escape", body
			}
			return name, body
		}), newBackupSite(t, dialect), `entry "files/../../escape"`},
		{"a missing file", edit(func(name string, body []byte) (string, []byte) {
			if strings.HasPrefix(name, "files/") {
				return "", nil
			}
			return name, body
		}), newBackupSite(t, dialect), "the archive does not contain it"},
	}
	if other := map[string]string{"sqlite": "postgres", "postgres": "sqlite"}[dialect]; sqldbtest.PostgresURL() != "" {
		cases = append(cases, refusal{"a target of the other database system", archive, newBackupSite(t, other), "the backup holds a " + dialect + " database"})
	}
	return cases
}

// wantRestoreUntouched reports an error if a refused restore wrote anything.
func wantRestoreUntouched(t *testing.T, s backupSite) {
	t.Helper()
	if entries, err := os.ReadDir(s.dir); err == nil || !os.IsNotExist(err) {
		t.Errorf("after a refused restore, data directory %s = %d entries, %v; want it not created", s.dir, len(entries), err)
	}
	if s.url == "" {
		return
	}
	tables, err := openBackupSite(t, s).Tables(context.Background())
	if err != nil || len(tables) != 0 {
		t.Errorf("after a refused restore, the target schema has tables %v (%v), want none", tables, err)
	}
}

// rewriteBackup copies a tar.gz archive with fn applied to every entry
// but the manifest; an empty name drops the entry.
func rewriteBackup(t *testing.T, in string, fn func(name string, body []byte) (string, []byte)) string {
	t.Helper()
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rewritten.tar.gz")
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Name != "manifest.json" {
			if hdr.Name, body = fn(hdr.Name, body); hdr.Name == "" {
				continue
			}
		}
		hdr.Size = int64(len(body))
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	tw.Close()
	gw.Close()
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupWhileWriting takes backups of SQLite while another goroutine
// keeps appending audit events through the app, and checks that every
// snapshot restores and its audit chains verify.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	src := newBackupSite(t, "sqlite")
	db, a, org := backupPopulate(t, src)
	ctx, cancel := context.WithCancel(context.Background())
	var writes atomic.Int64
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		actor := isms.SystemActor(org.ID)
		for version := org.Version; ctx.Err() == nil; {
			desc := "revision " + time.Now().Format(time.RFC3339Nano)
			o, err := a.UpdateOrganization(ctx, actor, isms.OrganizationUpdate{Description: &desc, Version: version})
			if err != nil {
				if ctx.Err() == nil {
					writeErr = err
				}
				return
			}
			version = o.Version
			writes.Add(1)
		}
	}()
	for writes.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	before := writes.Load()
	var archives []string
	for i := range 3 {
		archive := filepath.Join(t.TempDir(), "backup"+string(rune('a'+i))+".tar.gz")
		src.mustISMS(t, "backup", "--out", archive)
		archives = append(archives, archive)
	}
	during := writes.Load()
	cancel()
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("writer: %v", writeErr)
	}
	t.Logf("%d profile updates while 3 backups ran", during-before)
	if during == before {
		t.Errorf("no profile update happened while the backups ran; the test did not test concurrency")
	}
	for _, archive := range archives {
		dst := newBackupSite(t, "sqlite")
		dst.mustISMS(t, "restore", archive)
		restored := app.New(openBackupSite(t, dst), app.Options{PasswordCost: backupPasswordCost})
		wantBackupChainsVerify(t, restored, db)
	}
}

// wantBackupChainsVerify verifies every audit chain of the restored app.
func wantBackupChainsVerify(t *testing.T, a *app.App, src *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	sys := isms.SystemActor("")
	chains, err := a.AuditChains(ctx, sys)
	if err != nil || len(chains) != 2 {
		t.Fatalf("AuditChains = %v, %v; want the installation's and the organization's", chains, err)
	}
	for _, c := range chains {
		rep, err := a.VerifyAuditChain(ctx, sys, c)
		if err != nil || !rep.OK() || rep.Checked != rep.Head.Seq {
			t.Errorf("VerifyAuditChain(%s) of a snapshot = %+v, %v; want OK", c, rep, err)
		}
	}
}

// backupDialects lists the databases under test.
func backupDialects() []string {
	if sqldbtest.PostgresURL() == "" {
		return []string{"sqlite"}
	}
	return []string{"sqlite", "postgres"}
}

// backupSchemaOf returns the search_path schema of a PostgreSQL URL.
func backupSchemaOf(t *testing.T, u string) string {
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.Query().Get("search_path")
}

// dropBackupSchema drops the schema of a PostgreSQL URL, as a lost database.
func dropBackupSchema(t *testing.T, u string) {
	db, err := sql.Open("pgx", sqldbtest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DROP SCHEMA ` + backupSchemaOf(t, u) + ` CASCADE`); err != nil {
		t.Fatal(err)
	}
}

// backupFreshDatabase creates a new PostgreSQL database holding an empty schema
// named schema, drops it when the test ends, and returns its URL.
func backupFreshDatabase(t *testing.T, schema string) string {
	admin, err := sql.Open("pgx", sqldbtest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	name := "isms_restore_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u, err := url.Parse(sqldbtest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
