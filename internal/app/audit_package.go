// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"strings"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The audit package: everything a certification auditor asks for in one
// zip, with a signed manifest, streamed so memory stays flat whatever
// its size. Each part is read through the use case that exports it on
// its own page, as the actor who builds the package, so the package
// holds nothing its builder could not download one file at a time.

// PackageInput chooses what a package holds. Framework is a framework's
// ID or reference; From and To (YYYY-MM-DD) the period of the audit
// reports, reviews, nonconformities and audit trail, by default the
// twelve months up to today.
type PackageInput struct {
	Framework, From, To string
	// Progress, when set, is called after each file with the number of
	// files written so far and their total size in bytes.
	Progress func(files int, bytes int64)
}

// packageBuild is one package being written.
type packageBuild struct {
	a        *App
	ctx      context.Context
	actor    isms.Actor
	org      *isms.Organization
	fw       *isms.Framework
	from, to isms.Date
	key      *SigningKeyView
	trail    ChainReport // the chain verified when the build started
	events   int         // the events of the period written
	soa      *SoAView    // the approved SoA; nil when there is none
	pw       *report.PackageWriter
	notes    []string
	progress func(int, int64)
	buf      []byte // for copying evidence files
}

// BuildAuditPackage writes the package to w and returns its manifest.
// Needs BuildAuditPackage; audited as audit_package.build. An actor
// limited to one framework may build its package alone.
func (a *App) BuildAuditPackage(ctx context.Context, actor isms.Actor, in PackageInput, w io.Writer) (*report.Manifest, error) {
	if err := forbid(actor.Can(isms.BuildAuditPackage), "You may not build audit packages."); err != nil {
		return nil, err
	}
	b, priv, err := a.startPackage(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	b.pw = report.NewPackageWriter(w)
	b.pw.Modified = a.now()
	for _, part := range []func() error{b.readme, b.soaFiles, b.scopeFile, b.policyFiles, b.riskFiles,
		b.auditReports, b.reviewMinutes, b.nonconformities, b.evidence, b.auditTrail} {
		if err := part(); err != nil {
			return nil, err
		}
	}
	m, err := b.pw.Close(b.manifest(), priv)
	if err != nil {
		return nil, err
	}
	return m, a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "audit_package.build", "framework", b.fw.ID, isms.Created(map[string]any{
			"framework": b.fw.Key, "from": m.From, "to": m.To, "files": len(m.Files), "manifestSha256": b.pw.ManifestSHA256(),
			"keyId": m.KeyID}))
	})
}

// startPackage checks the input, makes or reads the organization's key
// and verifies its audit chain: everything a build needs before its
// first file.
func (a *App) startPackage(ctx context.Context, actor isms.Actor, in PackageInput) (*packageBuild, ed25519.PrivateKey, error) {
	b := &packageBuild{a: a, ctx: ctx, actor: actor, progress: in.Progress}
	var err error
	if b.from, b.to, err = a.packagePeriod(in.From, in.To); err != nil {
		return nil, nil, err
	}
	err = a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if b.fw, err = packageFramework(ctx, tx, actor, in.Framework); err != nil {
			return err
		}
		b.org, err = tx.FindOrganizationByID(ctx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	row, err := a.ensureSigningKey(ctx, actor)
	if err != nil {
		return nil, nil, err
	}
	priv, err := a.privateKey(row)
	if err != nil {
		return nil, nil, err
	}
	b.key = signingKeyView(row)
	if b.trail, err = a.VerifyAuditChain(ctx, actor, orgChain(actor.OrgID)); err != nil {
		return nil, nil, err
	}
	return b, priv, nil
}

// packageFramework returns the framework named by s as actor may see it;
// for "" the actor's own framework, else ISO/IEC 27001:2022.
func packageFramework(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s string) (*isms.Framework, error) {
	switch s = strings.TrimSpace(s); {
	case s != "":
	case actor.FrameworkID != "":
		s = string(actor.FrameworkID)
	default:
		s = catalog.KeyISO2022
	}
	return visibleFramework(ctx, tx, actor, s)
}

// packagePeriod reads the period from and to (YYYY-MM-DD); by default
// it ends today and starts a year earlier.
func (a *App) packagePeriod(from, to string) (isms.Date, isms.Date, error) {
	p := isms.Problems{}
	end, start := a.today(), isms.Date{}
	if s := strings.TrimSpace(to); s != "" {
		d, err := isms.ParseDate(s)
		if err != nil {
			p["to"] = "Give the end of the period as YYYY-MM-DD."
		}
		end = d
	}
	start = end.AddDate(-1, 0, 0)
	if s := strings.TrimSpace(from); s != "" {
		d, err := isms.ParseDate(s)
		if err != nil {
			p["from"] = "Give the start of the period as YYYY-MM-DD."
		}
		start = d
	}
	if len(p) == 0 && end.Before(start) {
		p["to"] = "The period ends before it starts."
	}
	return start, end, p.Err()
}

// in reports whether day falls in the package's period.
func (b *packageBuild) in(day isms.Date) bool {
	return !day.IsZero() && !day.Before(b.from) && !day.After(b.to)
}

// add writes one file of the package and reports progress.
func (b *packageBuild) add(path string, records []report.ManifestRecord, write func(io.Writer) error) error {
	if err := b.pw.Add(path, records, write); err != nil {
		return fmt.Errorf("build audit package: %w", err)
	}
	if b.progress != nil {
		b.progress(b.pw.Written())
	}
	return nil
}

// note records in the manifest something the package leaves out.
func (b *packageBuild) note(format string, args ...any) {
	b.notes = append(b.notes, fmt.Sprintf(format, args...))
}

// manifest is the package's manifest but for its files.
func (b *packageBuild) manifest() report.Manifest {
	t := b.trail
	m := report.Manifest{Organization: report.ManifestOrg{ID: string(b.org.ID), Slug: b.org.Slug, Name: b.org.Name},
		Framework: frameworkRecord(b.fw), From: b.from.String(), To: b.to.String(), CreatedAt: b.pw.Modified.UTC(),
		CreatedBy: b.actor.Name, KeyID: b.key.Fingerprint, Notes: b.notes,
		ChainHead: report.ManifestChain{Events: b.events, LastSeq: t.Head.Seq, HeadHash: t.Head.Hash, Verified: t.OK()}}
	if t.Break != nil {
		m.ChainHead.Problem = fmt.Sprintf("event %d: %s", t.Break.Seq, t.Break.Reason)
	}
	return m
}

// frameworkRecord names a framework in the manifest.
func frameworkRecord(f *isms.Framework) report.ManifestRecord {
	return report.ManifestRecord{Type: "framework", ID: string(f.ID), Ref: f.Key, Title: f.Title()}
}

// everyPage calls page with growing offsets until it has every item.
func everyPage[T any](page func(limit, offset int) ([]T, int, error)) ([]T, error) {
	var out []T
	for {
		list, total, err := page(isms.MaxPageSize, len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
		if len(list) == 0 || len(out) >= total {
			return out, nil
		}
	}
}
