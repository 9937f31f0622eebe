// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The SoA is exported for auditors as CSV, XLSX or PDF from the same
// document: its lines as text, and the facts of the version and of the
// export, including the audit trail's head at that moment so that a copy
// can later be checked against the trail.

// soaFormats are the export formats of the SoA.
var soaFormats = []string{"csv", "xlsx", "pdf"}

// ExportSoA writes a version (as FindSoA finds it) as csv, xlsx or pdf and
// returns the file name to offer ("soa-iso27001-2022-v3.pdf").
func (a *App) ExportSoA(ctx context.Context, actor isms.Actor, framework, id, format string, w io.Writer) (string, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(soaFormats, format) {
		msg := fmt.Sprintf("The SoA is exported as csv, xlsx or pdf; %q is none of them.", format)
		return "", &isms.Error{Code: isms.Invalid, Message: msg, Fields: map[string]string{"format": msg}}
	}
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the Statement of Applicability."); err != nil {
		return "", err
	}
	var doc *report.SoADoc
	var name string
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		v, err := a.FindSoATx(ctx, tx, actor, framework, id)
		if err != nil {
			return err
		}
		org, err := tx.FindOrganizationByID(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		head, err := tx.FindChainHead(ctx, orgChain(actor.OrgID))
		if err != nil {
			return err
		}
		key, err := soaFrameworkKey(ctx, tx, v.SoA)
		if err != nil {
			return err
		}
		doc = a.soaDoc(v, org.Name, head)
		name = fmt.Sprintf("soa-%s-%s.%s", key, v.SoA.VersionLabel(), format)
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := writeSoA(w, doc, format); err != nil {
		return "", fmt.Errorf("export soa: %w", err)
	}
	return name, nil
}

// writeSoA writes doc in format.
func writeSoA(w io.Writer, doc *report.SoADoc, format string) error {
	switch format {
	case "pdf":
		return report.SoAPDF(w, doc)
	case "xlsx":
		return report.WriteXLSX(w, report.SoATable(doc))
	}
	return report.WriteCSV(w, report.SoATable(doc))
}

// soaFrameworkKey returns the key of s's framework for file names; the
// framework's name made into one when the framework was deleted since.
func soaFrameworkKey(ctx context.Context, tx *sqldb.Tx, s *isms.SoA) (string, error) {
	f, err := tx.FindFrameworkByID(ctx, s.OrgID, s.FrameworkID)
	if err == nil {
		return f.Key, nil
	} else if isms.ErrorCode(err) != isms.NotFound {
		return "", err
	}
	return isms.Slugify(s.FrameworkName), nil
}

// soaDoc returns the document the exports of v show.
func (a *App) soaDoc(v *SoAView, org string, head isms.ChainHead) *report.SoADoc {
	s := v.SoA
	d := &report.SoADoc{Organization: org, Framework: s.FrameworkName, Version: s.VersionLabel(), Status: soaStatusLabel(v),
		ApprovedBy: s.ApprovedBy, ApprovedAt: s.ApprovedAt, Generated: a.now(), Note: s.Note,
		Lines: make([]report.SoADocLine, len(v.Lines))}
	if head.Hash != "" {
		d.AuditHead = head.String()
	}
	for i, l := range v.Lines {
		d.Lines[i] = soaDocLine(l)
	}
	return d
}

// soaStatusLabel names where version v stands for people.
func soaStatusLabel(v *SoAView) string {
	switch {
	case v.Pending:
		return "Awaiting approval"
	case v.SoA.Status == isms.SoAApproved:
		return "Approved"
	case v.SoA.Status == isms.SoASuperseded:
		return "Superseded"
	}
	return "Draft"
}

// soaDocLine returns line l as its exports show it.
func soaDocLine(l *isms.SoALine) report.SoADocLine {
	out := report.SoADocLine{Ref: l.Ref, Title: l.Title, Applicable: l.Applicable.Label(), Justification: l.Justification(),
		Evidence: soaEvidenceText(l.Sources), Owner: l.OwnerName}
	if l.Applicable == isms.SoAApplicable {
		out.Status = l.Status().Label()
	}
	controls := make([]string, len(l.Sources.Controls))
	for i, c := range l.Sources.Controls {
		controls[i] = c.Ref + " " + c.Title
	}
	out.Controls = strings.Join(controls, ", ")
	return out
}

// soaEvidenceText sums up a line's evidence: "3 items, 2 current, newest
// 2026-10-01", or "none".
func soaEvidenceText(s isms.SoASources) string {
	if s.Evidence == 0 {
		return "none"
	}
	text := fmt.Sprintf("%d items, %d current", s.Evidence, s.Fresh)
	if s.Evidence == 1 {
		text = fmt.Sprintf("1 item, %d current", s.Fresh)
	}
	if !s.Newest.IsZero() {
		text += ", newest " + s.Newest.String()
	}
	return text
}
