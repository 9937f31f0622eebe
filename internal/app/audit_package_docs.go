// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The documents of a package: the approved SoA, the approved scope and
// the policies in force, each exported as its own page exports it.

// soaFiles adds the approved SoA as PDF and XLSX, and keeps it for the
// evidence part; without one it adds a note.
func (b *packageBuild) soaFiles() error {
	v, err := b.a.FindSoA(b.ctx, b.actor, string(b.fw.ID), "current")
	if isms.ErrorCode(err) == isms.NotFound {
		b.note("No approved Statement of Applicability for %s.", b.fw.Title())
		return nil
	} else if err != nil {
		return err
	}
	b.soa = v
	rec := []report.ManifestRecord{{Type: "soa", ID: string(v.SoA.ID), Ref: v.SoA.VersionLabel(),
		Title: "Statement of Applicability of " + b.fw.Title()}}
	for _, format := range []string{"pdf", "xlsx"} {
		name := fmt.Sprintf("soa/soa-%s-%s.%s", safeName(b.fw.Key), v.SoA.VersionLabel(), format)
		err := b.add(name, rec, func(w io.Writer) error {
			_, err := b.a.ExportSoA(b.ctx, b.actor, string(b.fw.ID), string(v.SoA.ID), format, w)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// scopeFile adds the approved scope as a PDF of its text; without one it
// adds a note.
func (b *packageBuild) scopeFile() error {
	s, _, err := b.a.CurrentScope(b.ctx, b.actor)
	if err != nil {
		return err
	}
	if s == nil {
		b.note("No approved ISMS scope.")
		return nil
	}
	info := report.DocumentPDFInfo{Title: "Scope of the information security management system", Ref: "Scope",
		Type: "ISMS scope", Status: "Approved", Approvers: s.ApprovedBy, Version: s.Number, Body: codeBlock(s.Text())}
	if !s.ApprovedAt.IsZero() {
		info.ApprovedAt = isms.DateOf(s.ApprovedAt).String()
	}
	rec := []report.ManifestRecord{{Type: "scope", ID: string(s.ID), Ref: s.VersionLabel(), Title: "ISMS scope"}}
	return b.add("scope/scope-"+s.VersionLabel()+".pdf", rec, func(w io.Writer) error { return report.DocumentPDF(w, info) })
}

// codeBlock returns text as an indented Markdown code block, so that it
// is rendered as it is, line by line, whatever it holds.
func codeBlock(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// policyFiles adds the version in force of every policy the actor may
// read, as a PDF, and its file when its body is one.
func (b *packageBuild) policyFiles() error {
	docs, err := everyPage(func(limit, offset int) ([]*isms.Document, int, error) {
		return b.a.FindDocuments(b.ctx, b.actor, isms.DocumentFilter{Type: isms.DocPolicy, InForce: true, Sort: "ref",
			Limit: limit, Offset: offset})
	})
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		b.note("No policy is in force.")
	}
	for _, d := range docs {
		if err := b.policy(d); err != nil {
			return err
		}
	}
	return nil
}

// policy adds the version in force of d.
func (b *packageBuild) policy(d *isms.Document) error {
	var v *isms.DocumentVersion
	err := b.a.db.View(b.ctx, func(tx *sqldb.Tx) (err error) {
		v, _, err = readableVersion(b.ctx, tx, b.actor, string(d.ID), d.ApprovedNumber)
		return err
	})
	if isms.ErrorCode(err) == isms.NotFound {
		b.note("%s %s is left out: %s", d.Ref, d.Title, isms.ErrorMessage(err))
		return nil
	} else if err != nil {
		return err
	}
	rec := []report.ManifestRecord{{Type: "document", ID: string(d.ID), Ref: d.Ref, Title: d.Title}}
	base := fmt.Sprintf("policies/%s-v%d", safeName(d.Ref), v.Number)
	err = b.add(base+".pdf", rec, func(w io.Writer) error { return b.a.DocumentPDF(b.ctx, b.actor, d.ID, v.Number, w) })
	if err != nil || v.Format != isms.BodyFile {
		return err
	}
	rc, _, err := b.a.OpenDocumentFile(b.ctx, b.actor, v.ID)
	if err != nil {
		b.note("The file of %s version %d could not be read: %s", d.Ref, v.Number, isms.ErrorMessage(err))
		return nil
	}
	defer rc.Close()
	return b.add(base+"-"+safeName(v.FileName), rec, func(w io.Writer) error { _, err := io.Copy(w, rc); return err })
}

// safeName makes a name given by people (a file name, a reference) fit
// to be one element of a path in the zip: no separators, no characters
// that some file systems refuse, no leading dots, at most 100 characters.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, s)
	s = strings.TrimLeft(strings.TrimSpace(s), ".")
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100])
	}
	if s == "" {
		return "file"
	}
	return s
}
