// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// DocumentPDF writes version number of a document (0: the version in
// force, else the latest) as a PDF with its control block, when the
// actor may read it.
func (a *App) DocumentPDF(ctx context.Context, actor isms.Actor, docID isms.ID, number int, w io.Writer) error {
	if err := forbid(actor.Can(isms.ReadISMS) || actor.Can(isms.ReadOwnWork), "You may not read documents."); err != nil {
		return err
	}
	var info report.DocumentPDFInfo
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		v, d, err := readableVersion(ctx, tx, actor, string(docID), number)
		if err != nil {
			return err
		}
		info = documentPDFInfo(d, v)
		return nil
	})
	if err != nil {
		return err
	}
	return report.DocumentPDF(w, info)
}

// documentPDFInfo is what the PDF of version v of d shows.
func documentPDFInfo(d *isms.Document, v *isms.DocumentVersion) report.DocumentPDFInfo {
	info := report.DocumentPDFInfo{Title: d.Title, Ref: d.Ref, Type: d.Type.Label(), Status: v.Status.Label(),
		Owner: d.OwnerName, Classification: classificationLabel(d.Classification),
		Approvers: strings.Join(v.Approvers, ", "), ChangeSummary: v.ChangeSummary, Version: v.Number, Body: v.Body}
	if !v.ApprovedAt.IsZero() {
		info.ApprovedAt = isms.DateOf(v.ApprovedAt).String()
	}
	if !d.NextReview.IsZero() {
		info.NextReview = d.NextReview.String()
	}
	switch {
	case !v.DisposedAt.IsZero():
		info.Body = "*This version was disposed of on " + isms.DateOf(v.DisposedAt).String() + ".*"
	case v.Format == isms.BodyFile:
		info.Body, info.FileBody = "", v.FileName
	}
	return info
}

// classificationLabel names a classification for people: "Confidential".
func classificationLabel(c isms.Classification) string {
	if c == "" {
		return ""
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}
