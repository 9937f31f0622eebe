// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// pkgRunner returns a function that runs the command line over the
// database url with one data directory for every run, and that
// directory.
func pkgRunner(t *testing.T, url string) (func(args ...string) (stdout, stderr string, err error), string) {
	t.Helper()
	dataDir := t.TempDir()
	return func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(k string) string {
			switch k {
			case "ISMS_DATABASE_URL":
				return url
			case "ISMS_DATA_DIR":
				return dataDir
			}
			return ""
		}}
		err := cli.Run(context.Background(), args, env)
		return out.String(), errOut.String(), err
	}, dataDir
}

// TestAuditPackageCommands builds the small demo's package and verifies
// it, intact and altered, with the key from the database, from a file,
// and with OpenSSL and the README's commands where they are installed.
func TestAuditPackageCommands(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run, dataDir := pkgRunner(t, url)
		if out, errOut, err := run("demo", "--size", "small"); err != nil {
			t.Fatalf("demo: %v\n%s%s", err, out, errOut)
		}
		dir := t.TempDir()
		pkg := filepath.Join(dir, "pkg.zip")
		out, errOut, err := run("audit-package", "--org", "northwind", "--framework", "iso27001-2022", "--out", pkg)
		if err != nil {
			t.Fatalf("audit-package: %v\n%s%s", err, out, errOut)
		}
		if !regexp.MustCompile(`(^|\n)written \d+ files, [0-9.]+ KiB\n$`).MatchString(errOut) {
			t.Errorf("audit-package progress = %q, want the files and bytes written", errOut)
		}
		summary := regexp.MustCompile(`^wrote ` + regexp.QuoteMeta(pkg) + `: (\d+) files, [0-9.]+ KiB, signed with key (SHA256:[A-Za-z0-9+/]{43})\n`)
		sm := summary.FindStringSubmatch(out)
		if sm == nil {
			t.Fatalf("audit-package printed %q, want the summary", out)
		}
		_, _, err = run("audit-package", "--framework", "nist-csf", "--out", filepath.Join(dir, "failed.zip"))
		if err == nil || err.Error() != `The organization has no framework with the key "nist-csf".` {
			t.Errorf("audit-package --framework nist-csf = %v, want the framework not found", err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 {
			t.Errorf("files beside the package: %v, want pkg.zip alone", left)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
		if fi, err := os.Stat(filepath.Join(dataDir, "secret.key")); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("secret.key = %v, %v; want a file of mode 0600 made on first use", fi, err)
		}
		out, _, err = run("verify", pkg)
		wantLines(t, "verify", out, "package of Northwind Analytics (northwind), ISO/IEC 27001 (2022), ",
			"OK: "+sm[1]+" files verified, signature valid (key "+sm[2]+")\n")
		if err != nil || strings.Contains(out, "changed:") {
			t.Errorf("verify = %v\n%s", err, out)
		}
		key := publicKeyFile(t, url, dir)
		checkVerifyAltered(t, run, pkg)
		checkVerifyWithoutDatabase(t, pkg, key, sm[1])
		checkOpenSSL(t, pkg, key)
	})
}

// publicKeyFile writes northwind's public key as PEM to dir/key.pem.
func publicKeyFile(t *testing.T, url, dir string) string {
	t.Helper()
	db, err := sqldb.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pub, err := app.New(db, app.Options{}).OrganizationPublicKey(context.Background(), isms.SystemActor(""), "northwind")
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(name, []byte(report.PublicKeyPEM(pub)), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// checkVerifyAltered flips one byte of the README and verifies.
func checkVerifyAltered(t *testing.T, run func(args ...string) (string, string, error), pkg string) {
	t.Helper()
	altered := filepath.Join(filepath.Dir(pkg), "altered.zip")
	rewriteZip(t, pkg, altered, func(name string, b []byte) []byte {
		if name == "README.txt" {
			b[0] ^= 0x20
		}
		return b
	})
	out, _, err := run("verify", altered)
	if err == nil || err.Error() != "the package did not verify" {
		t.Errorf("verify(altered) = %v, want a failure", err)
	}
	wantLines(t, "verify(altered)", out, "changed: README.txt\n", "FAILED: 1 changed, 0 missing, 0 added, ")
}

// rewriteZip copies the zip src to dst through edit.
func rewriteZip(t *testing.T, src, dst string, edit func(name string, b []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(f.Name)
		w.Write(edit(f.Name, b))
	}
	zw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkVerifyWithoutDatabase verifies where there is no database: it
// needs --key, and never creates a database.
func checkVerifyWithoutDatabase(t *testing.T, pkg, key, files string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "none", "isms.db")
	vars := map[string]string{"ISMS_DATABASE_URL": "sqlite:" + db}
	out, err := runEnv(t, vars, "verify", pkg)
	want := "no database here to read the key from: pass --key FILE with the organization's public key (Settings → Signing key)"
	if err == nil || err.Error() != want {
		t.Errorf("verify without --key or database = %v, want %q\n%s", err, want, out)
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Errorf("verify made %s (%v)", filepath.Dir(db), err)
	}
	out, err = runEnv(t, vars, "verify", pkg, "--key", key)
	if err != nil || !strings.Contains(out, "OK: "+files+" files verified") {
		t.Errorf("verify --key = %v\n%s", err, out)
	}
	other := filepath.Join(t.TempDir(), "other.key")
	os.WriteFile(other, []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))+"\n"), 0o600)
	out, err = runEnv(t, vars, "verify", pkg, "--key", other)
	wantLines(t, "verify --key (another key)", out, "signature: not valid for key "+report.KeyFingerprint(bytes.Repeat([]byte{1}, 32)),
		"FAILED: 0 changed, 0 missing, 0 added, "+files+" of "+files+" files intact, signature not valid")
	if err == nil {
		t.Errorf("verify --key (another key) succeeded")
	}
	os.WriteFile(other, []byte("not a key"), 0o600)
	if _, err := runEnv(t, vars, "verify", pkg, "--key", other); err == nil || !strings.Contains(err.Error(), `the key is neither a PEM "PUBLIC KEY" block`) {
		t.Errorf("verify --key (garbage) = %v, want the key refused", err)
	}
}

// checkOpenSSL verifies the manifest's signature with OpenSSL, and then
// runs the README's commands, when the tools are installed.
func checkOpenSSL(t *testing.T, pkg, key string) {
	t.Helper()
	for _, tool := range []string{"openssl", "unzip", "jq", "sha256sum", "base64", "sh"} {
		if _, err := osexec.LookPath(tool); err != nil {
			t.Logf("%s is not installed: the README's commands are not tried", tool)
			return
		}
	}
	dir := t.TempDir()
	os.Link(pkg, filepath.Join(dir, "pkg.zip"))
	os.Link(key, filepath.Join(dir, "key.pem"))
	script := `set -e
unzip -p pkg.zip manifest.json > manifest.json
unzip -p pkg.zip manifest.sig | base64 -d > manifest.sig.bin
openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig.bin
mkdir files && cd files
unzip -q ../pkg.zip
jq -r '.files[] | .sha256 + "  " + .path' manifest.json | sha256sum -c --quiet
echo all files match`
	cmd := osexec.Command("sh", "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Signature Verified Successfully") || !strings.HasSuffix(string(out), "all files match\n") {
		t.Errorf("the README's commands = %v\n%s", err, out)
	}
}
