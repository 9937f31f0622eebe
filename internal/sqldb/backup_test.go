// SPDX-License-Identifier: Apache-2.0

package sqldb

// White-box tests of the backup helpers; the round trip through the
// command line, on both databases, is in internal/cli/backup_test.go.

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLibpqURLDropsPgxParametersAndHidesThePassword(t *testing.T) {
	conn, env, err := libpqURL("postgres://isms:p%40ss@db.example:5433/isms?sslmode=verify-full&search_path=tenant1&pool_max_conns=4&application_name=isms")
	if err != nil {
		t.Fatal(err)
	}
	if want := "postgres://isms@db.example:5433/isms?application_name=isms&sslmode=verify-full"; conn != want {
		t.Errorf("libpqURL(…) = %q, want %q", conn, want)
	}
	if !slices.Contains(env, "PGPASSWORD=p@ss") {
		t.Errorf("libpqURL(…) environment lacks PGPASSWORD=p@ss")
	}
}

const sampleTOC = `;
; Archive created at 2026-11-28 19:37:48 UTC
;     dbname: test
;     Dumped from database version: 15.20 (Debian 15.20-0+deb12u1)
;     Dumped by pg_dump version: 16.4 (Debian 16.4-1)
;
; Selected TOC Entries:
;
4; 2615 2200 SCHEMA - public pg_database_owner
3381; 0 0 COMMENT - SCHEMA public pg_database_owner
228; 1255 48153 FUNCTION public audit_events_append_only() postgres
227; 1259 48146 TABLE public audit_events postgres
3379; 0 48146 TABLE DATA public audit_events postgres
`

func TestParseTOCFindsTheSchemaAndTheDumpVersion(t *testing.T) {
	toc, err := parseTOC(sampleTOC)
	if err != nil {
		t.Fatal(err)
	}
	if toc.schema != "public" || toc.dumpMajor != 16 {
		t.Errorf("parseTOC(…) = schema %q, pg_dump %d; want public, 16", toc.schema, toc.dumpMajor)
	}
	got := toc.withoutSchema()
	if strings.Contains(got, "SCHEMA - public") || strings.Contains(got, "COMMENT - SCHEMA public") {
		t.Errorf("withoutSchema() still creates or comments the schema:\n%s", got)
	}
	if !strings.Contains(got, "TABLE DATA public audit_events") || !strings.Contains(got, "FUNCTION public audit_events_append_only()") {
		t.Errorf("withoutSchema() dropped more than the schema:\n%s", got)
	}
	if _, err := parseTOC(";\n; Selected TOC Entries:\n"); err == nil {
		t.Errorf("parseTOC of a dump without a schema = nil error, want one")
	}
}

func TestFindPGToolExplainsWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	_, err := findPGTool(context.Background(), dir, "pg_dump", 15)
	if err == nil || !strings.Contains(err.Error(), "pg_dump was not found in "+dir) || !strings.Contains(err.Error(), "--pg-bin") {
		t.Errorf("findPGTool in an empty directory = %v, want an error naming pg_dump, the directory and --pg-bin", err)
	}
	script := "#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.16'\n"
	if err := os.WriteFile(filepath.Join(dir, "pg_dump"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = findPGTool(context.Background(), dir, "pg_dump", 15)
	if err == nil || !strings.Contains(err.Error(), "13.16") || !strings.Contains(err.Error(), "postgresql-client-15") {
		t.Errorf("findPGTool with pg_dump 13 for a server 15 = %v, want an error naming both versions", err)
	}
	tool, err := findPGTool(context.Background(), dir, "pg_dump", 13)
	if err != nil || tool.major != 13 || tool.version != "13.16" {
		t.Errorf("findPGTool with pg_dump 13 for a server 13 = %+v, %v; want it", tool, err)
	}
}

// TestSnapshotOfSQLiteReadsItsFactsFromTheCopy takes a snapshot, then
// writes to the live database, and checks that the snapshot's facts and
// rows are those of the moment it was taken.
func TestSnapshotOfSQLiteReadsItsFactsFromTheCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open("sqlite:" + filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	setting := func(k string) {
		if err := db.Update(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, k, "v") }); err != nil {
			t.Fatal(err)
		}
	}
	setting("b")
	setting("a")
	info, err := db.Snapshot(ctx, filepath.Join(dir, "snap.db"), BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	setting("c")
	if info.RowCounts["settings"] != 2 || !slices.Equal(info.Migrations, MigrationNames(SQLite)) || info.Tool != "VACUUM INTO" {
		t.Errorf("Snapshot info = %+v, want 2 settings and every migration", info)
	}
	if err := Restore(ctx, "sqlite:"+filepath.Join(dir, "live.db"), filepath.Join(dir, "snap.db"), BackupOptions{}); err == nil {
		t.Errorf("Restore over the live database = nil error, want a refusal")
	}
	if err := Restore(ctx, "sqlite:"+filepath.Join(dir, "restored.db"), filepath.Join(dir, "snap.db"), BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	restored, err := Open("sqlite:" + filepath.Join(dir, "restored.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	rows, err := restored.TableRows(ctx, "settings")
	if diff := cmp.Diff([][]any{{"a", "v"}, {"b", "v"}}, rows); err != nil || diff != "" {
		t.Errorf("TableRows(settings) of the restored snapshot: %v (-want +got):\n%s", err, diff)
	}
	if _, err := restored.TableRows(ctx, "settings; DROP TABLE users"); err == nil {
		t.Errorf("TableRows of an unknown table = nil error, want one")
	}
}
