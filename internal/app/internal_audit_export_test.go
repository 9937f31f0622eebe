// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestExportAuditReport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "A.5.15, A.5.18")
		in.LeadID, in.TeamIDs = w.eve.ID, []isms.ID{w.dana.ID}
		conflicts, err := w.app.CheckIndependence(w.ctx, w.asManager(), in)
		if err != nil || len(conflicts) != 1 {
			t.Fatalf("CheckIndependence() = %v, %v; want Dana's control", conflicts, err)
		}
		in.Overrides = map[string]string{conflicts[0].Key(): "Only trained auditor."}
		au := w.move(w.asEve(), w.plan(in), isms.AuditInProgress, "")
		for _, f := range []app.FindingInput{
			{Audit: au.Ref, Grade: isms.FindingOFI, Title: "Automate reviews"},
			{Audit: au.Ref, Grade: isms.FindingMajor, Title: "No access reviews", Description: "None held in 2025.", Requirements: "A.5.18"},
		} {
			if _, err := w.app.CreateFinding(w.ctx, w.asEve(), f); err != nil {
				t.Fatalf("CreateFinding(%s) = %v", f.Title, err)
			}
		}

		var pdf bytes.Buffer
		name, err := w.app.ExportAuditReport(w.ctx, w.asViewer(), "ia-1", "PDF", &pdf)
		if err != nil || name != "audit-report-ia-1.pdf" || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
			t.Fatalf("ExportAuditReport(pdf) = %q, %v, %d bytes starting %q", name, err, pdf.Len(), pdf.Bytes()[:min(8, pdf.Len())])
		}
		var xlsx bytes.Buffer
		if name, err = w.app.ExportAuditReport(w.ctx, w.asViewer(), string(au.ID), "xlsx", &xlsx); err != nil || name != "audit-report-ia-1.xlsx" {
			t.Fatalf("ExportAuditReport(xlsx) = %q, %v", name, err)
		}
		wb, err := excelize.OpenReader(&xlsx)
		if err != nil {
			t.Fatalf("open workbook: %v", err)
		}
		rows, err := wb.GetRows("Findings")
		if err != nil || len(rows) != 3 {
			t.Fatalf("Findings sheet = %v, %v; want a header and two findings", rows, err)
		}
		if got := strings.Join(rows[1], "|"); !strings.Contains(got, "F-2") || !strings.Contains(got, "No access reviews") {
			t.Errorf("first finding row = %q, want F-2, the major nonconformity, first", got)
		}
		audit, err := wb.GetRows("Audit")
		if err != nil || !strings.Contains(flatten(audit), "Only trained auditor.") || !strings.Contains(flatten(audit), "Eve Auditor") {
			t.Errorf("Audit sheet = %v, %v; want the lead and the accepted conflict's reason", audit, err)
		}

		_, err = w.app.ExportAuditReport(w.ctx, w.asViewer(), "IA-1", "docx", &bytes.Buffer{})
		wantFields(t, "ExportAuditReport(docx)", err, isms.Invalid, "format")
		_, err = w.app.ExportAuditReport(w.ctx, w.globexAdmin(), "IA-1", "pdf", &bytes.Buffer{})
		wantCode(t, "ExportAuditReport(another organization)", err, isms.NotFound)
	})
}

// flatten joins the cells of rows.
func flatten(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}
