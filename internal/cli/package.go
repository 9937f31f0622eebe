// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

func init() { extraCommands = append(extraCommands, newAuditPackageCmd, newVerifyCmd) }

func newAuditPackageCmd(ce *cmdEnv) *cobra.Command {
	var org, framework, out, from, to string
	cmd := &cobra.Command{
		Use:   "audit-package",
		Short: "Build the signed audit package of a framework for a certification audit",
		Long: `audit-package writes one zip with what a certification auditor asks for: the
approved Statement of Applicability, scope and policies, the risk register and
treatment plan, the internal audit reports and management review minutes of
the period, the nonconformities, the evidence files of the applicable
controls, and the audit trail of the period, with manifest.json (every file's
SHA-256) signed by the organization's Ed25519 key. The period is the twelve
months up to today unless --from and --to say otherwise.

Progress goes to standard error, the summary to standard output. FILE is
written under a temporary name beside it and renamed when complete. Check a
package with "isms verify". See docs/audit-package.md.`,
		Example: `  isms audit-package --org acme --framework iso27001-2022 --out acme-2026.zip
  isms audit-package --framework iso27001-2022 --from 2025-07-01 --to 2026-06-30 --out pkg.zip`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ce.signs = true
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				return ce.auditPackage(ctx, a, sys, app.PackageInput{Framework: framework, From: from, To: to}, out)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&framework, "framework", "", "the framework's key, such as iso27001-2022 (required)")
	fl.StringVar(&out, "out", "", "the zip file to write (required)")
	fl.StringVar(&from, "from", "", "first day of the period, YYYY-MM-DD (default: a year before --to)")
	fl.StringVar(&to, "to", "", "last day of the period, YYYY-MM-DD (default: today)")
	cmd.MarkFlagRequired("framework")
	cmd.MarkFlagRequired("out")
	return cmd
}

// auditPackage builds the package into a temporary file beside out and
// renames it to out once complete; on failure nothing is left.
func (ce *cmdEnv) auditPackage(ctx context.Context, a *app.App, sys isms.Actor, in app.PackageInput, out string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	last, files, size := time.Now(), 0, int64(0)
	in.Progress = func(n int, bytes int64) {
		files, size = n, bytes
		if now := time.Now(); now.Sub(last) >= time.Second {
			last = now
			fmt.Fprintf(ce.Stderr, "written %d files, %s\n", files, backupSize(size))
		}
	}
	m, err := a.BuildAuditPackage(ctx, sys, in, tmp)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(ce.Stderr, "written %d files, %s\n", files, backupSize(size))
	if err = tmp.Sync(); err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(ce.Stdout, "wrote %s: %d files, %s, signed with key %s\n", out, len(m.Files), backupSize(fi.Size()), m.KeyID)
	for _, n := range m.Notes {
		fmt.Fprintf(ce.Stdout, "note: %s\n", n)
	}
	return nil
}

// errNotVerified is what verify returns when it printed problems.
var errNotVerified = errors.New("the package did not verify")

func newVerifyCmd(ce *cmdEnv) *cobra.Command {
	var keyFile string
	cmd := &cobra.Command{
		Use:   "verify PACKAGE.zip",
		Short: "Verify an audit package: its signature and every file against its manifest",
		Long: `verify checks an audit package offline: the Ed25519 signature of its
manifest.json, and every file's size and SHA-256 against the manifest. It
prints each problem on its own line (changed:, missing:, added:,
signature:), then OK or FAILED, and exits with status 1 on any problem.

--key names a file holding the organization's public key, as a PEM block or
the base64 of its 32 bytes (Settings, Signing key). Without --key the key is
read from the configured database, if it exists and holds the package's
organization. See docs/audit-package.md.`,
		Example: `  isms verify acme-2026.zip --key acme-signing-key.pem
  isms verify acme-2026.zip`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.verify(cmd.Context(), args[0], keyFile)
		},
	}
	cmd.Flags().StringVar(&keyFile, "key", "", "file holding the public key (PEM, or base64)")
	return cmd
}

// verify verifies the package in file with the key in keyFile, or the
// key of its organization in the database.
func (ce *cmdEnv) verify(ctx context.Context, file, keyFile string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	m, err := report.ReadManifest(f, fi.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	key, err := ce.verifyKey(ctx, m, keyFile)
	if err != nil {
		return err
	}
	v, err := report.VerifyPackage(f, fi.Size(), key)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	ce.printVerification(v, key)
	if !v.OK() {
		return errNotVerified
	}
	return nil
}

// printVerification prints each problem v found, then the verdict.
func (ce *cmdEnv) printVerification(v *report.Verification, key ed25519.PublicKey) {
	m, w := v.Manifest, ce.Stdout
	fmt.Fprintf(w, "package of %s (%s), %s, %s to %s, built %s by %s\n", m.Organization.Name, m.Organization.Slug,
		m.Framework.Title, m.From, m.To, m.CreatedAt.UTC().Format(time.RFC3339), m.CreatedBy)
	for _, p := range v.Changed {
		fmt.Fprintf(w, "changed: %s\n", p)
	}
	for _, p := range v.Missing {
		fmt.Fprintf(w, "missing: %s\n", p)
	}
	for _, p := range v.Added {
		fmt.Fprintf(w, "added: %s\n", p)
	}
	fp := report.KeyFingerprint(key)
	if !v.Signature {
		fmt.Fprintf(w, "signature: not valid for key %s (the manifest names key %s)\n", fp, m.KeyID)
	}
	if v.OK() {
		fmt.Fprintf(w, "OK: %d files verified, signature valid (key %s)\n", v.Checked, fp)
		return
	}
	sig := "signature valid"
	if !v.Signature {
		sig = "signature not valid"
	}
	fmt.Fprintf(w, "FAILED: %d changed, %d missing, %d added, %d of %d files intact, %s (key %s)\n",
		len(v.Changed), len(v.Missing), len(v.Added), v.Checked-len(v.Changed), len(m.Files), sig, fp)
}

// errNeedKey says where a key comes from when the database cannot give it.
const errNeedKey = "pass --key FILE with the organization's public key (Settings → Signing key)"

// verifyKey reads the key in keyFile, or without one the key of m's
// organization from the configured database, if there is one: verify
// never creates a database.
func (ce *cmdEnv) verifyKey(ctx context.Context, m *report.Manifest, keyFile string) (ed25519.PublicKey, error) {
	if keyFile != "" {
		data, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, err
		}
		key, err := report.ParsePublicKey(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", keyFile, err)
		}
		return key, nil
	}
	url := ce.cfg.DatabaseURL
	if !sqldb.IsPostgres(url) {
		if _, err := os.Stat(sqldb.SQLitePath(url)); err != nil {
			return nil, errors.New("no database here to read the key from: " + errNeedKey)
		}
	}
	db, err := ce.openDB(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, errNeedKey)
	}
	defer db.Close()
	key, err := app.New(db, app.Options{Now: ce.Now}).OrganizationPublicKey(ctx, isms.SystemActor(""), m.Organization.ID)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", strings.TrimSuffix(isms.ErrorMessage(err), "."), errNeedKey)
	}
	return key, nil
}
