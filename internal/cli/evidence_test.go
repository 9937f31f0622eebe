// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/isms"
)

// evidenceEnv runs commands against one database and one data directory,
// where the evidence files go, with a fixed clock.
type evidenceEnv struct {
	t    *testing.T
	vars map[string]string
}

func newEvidenceEnv(t *testing.T, dialect string) *evidenceEnv {
	t.Helper()
	e := &evidenceEnv{t: t, vars: map[string]string{"ISMS_DATABASE_URL": freshURL(t, dialect), "ISMS_DATA_DIR": t.TempDir()}}
	for _, args := range [][]string{
		{"migrate", "up"},
		{"user", "create", "--email", "ana@example.com", "--name", "Ana Admin"},
		{"org", "create", "--slug", "acme", "--name", "Acme", "--admin", "ana@example.com"},
		{"user", "create", "--email", "carl@example.com", "--name", "Carl Contributor", "--org", "acme", "--role", "contributor"},
	} {
		if out, errOut, err := e.run(args...); err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, out, errOut)
		}
	}
	return e
}

// run runs the command line and returns its standard output and error.
func (e *evidenceEnv) run(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string { return e.vars[k] },
		Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }}
	err := cli.Run(context.Background(), args, env)
	return out.String(), errOut.String(), err
}

// file writes content to a new file named name and returns its path.
func (e *evidenceEnv) file(name, content string) string {
	p := filepath.Join(e.t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// blobFiles returns the files in the evidence store of the data directory.
func (e *evidenceEnv) blobFiles() []string {
	var out []string
	filepath.WalkDir(filepath.Join(e.vars["ISMS_DATA_DIR"], "blobs", "sha256"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestEvidenceUploadListAndVerify(t *testing.T) {
	for _, dialect := range dialects() {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			e := newEvidenceEnv(t, dialect)
			const report = "%PDF-1.7\n% pen test\n%%EOF\n"
			out, errOut, err := e.run("evidence", "upload", e.file("pentest.pdf", report), "--org", "acme", "--title", "Pen test 2026",
				"--link", "organization:acme", "--valid-for", "365d", "--owner", "carl@example.com", "--progress", "always")
			if err != nil {
				t.Fatalf("evidence upload: %v\n%s%s", err, out, errOut)
			}
			for _, want := range []string{"sha256      " + hashOf(report), "media type  application/pdf", "size        26 bytes", "version     1"} {
				if !strings.Contains(out, want) {
					t.Errorf("upload output lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errOut, "100%") || !strings.Contains(errOut, "stored") || strings.Contains(out, "%  ") {
				t.Errorf("progress on standard error = %q, want 100%% and stored, and nothing of it on standard output", errOut)
			}
			id := strings.Fields(strings.Split(out, "\n")[0])[1]

			out, _, err = e.run("evidence", "upload", e.file("pentest-v2.pdf", report+"% retest\n"), "--org", "acme", "--id", id, "--format", "json")
			if err != nil {
				t.Fatalf("evidence upload --id: %v\n%s", err, out)
			}
			var ev isms.Evidence
			if err := json.Unmarshal([]byte(out), &ev); err != nil || ev.CurrentVersion != 2 || ev.ValidUntil != isms.NewDate(2027, 3, 2) || ev.Source != isms.EvidenceSourceCLI {
				t.Errorf("upload --id --format json = %+v, %v; want version 2, valid 365 days from today, source cli", ev, err)
			}

			out, _, err = e.run("evidence", "list", "--org", "acme", "--linked", "organization")
			if err != nil || !strings.Contains(out, "Pen test 2026") || !strings.Contains(out, "Carl Contributor") || !strings.Contains(out, "current") {
				t.Errorf("evidence list = %v\n%s\nwant the item, its owner and its freshness", err, out)
			}
			out, _, err = e.run("evidence", "list", "--org", "acme", "--freshness", "expired")
			if err != nil || strings.Contains(out, "Pen test") {
				t.Errorf("evidence list --freshness expired = %v\n%s\nwant no item", err, out)
			}

			out, _, err = e.run("evidence", "verify")
			if err != nil || !strings.Contains(out, "checked 2 file versions in 1 organizations: 0 failed") {
				t.Errorf("evidence verify = %v\n%s", err, out)
			}
			blobs := e.blobFiles()
			if len(blobs) != 2 {
				t.Fatalf("store holds %d files, want 2", len(blobs))
			}
			if err := os.WriteFile(blobs[0], []byte("tampered"), 0o600); err != nil {
				t.Fatal(err)
			}
			out, _, err = e.run("evidence", "verify")
			if err == nil || !strings.Contains(out, "1 failed, 1 results changed") {
				t.Errorf("evidence verify after tampering = %v\n%s\nwant an error and one failure", err, out)
			}
		})
	}
}

func TestEvidenceUploadRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newEvidenceEnv(t, "sqlite")
	e.vars["ISMS_MAX_UPLOAD_MB"] = "1"
	small := e.file("small.txt", "ok")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no title", []string{small, "--org", "acme"}, "--title is required"},
		{"a date and a period", []string{small, "--org", "acme", "--title", "x", "--valid-until", "2027-01-01", "--valid-for", "30d"}, "not both"},
		{"a bad period", []string{small, "--org", "acme", "--title", "x", "--valid-for", "a year"}, "--valid-for"},
		{"a bad date", []string{small, "--org", "acme", "--title", "x", "--valid-until", "31.12.2026"}, "--valid-until"},
		{"a bad link", []string{small, "--org", "acme", "--title", "x", "--link", "acme"}, "--link"},
		{"a link to nothing", []string{small, "--org", "acme", "--title", "x", "--link", "organization:other"}, "--link: no organization profile"},
		{"an unknown owner", []string{small, "--org", "acme", "--title", "x", "--owner", "nobody@example.com"}, "--owner nobody@example.com"},
		{"an unknown item", []string{small, "--org", "acme", "--id", "evd_nothing"}, "No such evidence"},
		{"a directory", []string{t.TempDir(), "--org", "acme", "--title", "x"}, "not a regular file"},
		{"a missing file", []string{filepath.Join(t.TempDir(), "gone.pdf"), "--org", "acme", "--title", "x"}, "no such file"},
		{"an empty file", []string{e.file("empty.txt", ""), "--org", "acme", "--title", "x"}, "FILE: The file is empty"},
		{"a file over the limit", []string{e.file("big.bin", strings.Repeat("b", 1<<20+1)), "--org", "acme", "--title", "x"}, "more than the limit"},
	} {
		out, errOut, err := e.run(append([]string{"evidence", "upload"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("upload with %s = %v\n%s%s\nwant an error with %q", tc.name, err, out, errOut, tc.want)
		}
	}
	if files := e.blobFiles(); len(files) != 0 {
		t.Errorf("store holds %v after refused uploads, want nothing", files)
	}
}
