// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// requestList is a request list as an auditor sends it: the columns in
// their own order and case.
func requestList(rows ...[]string) *report.Table {
	return &report.Table{Title: "Requests", Columns: []string{"Title", "Due", "Control", "REQUIREMENT", "Owner", "Detail"}, Rows: rows}
}

// importRequests imports tab written as name (CSV or XLSX by its
// extension) for EA-1, as the auditor.
func (w *requestWorld) importRequests(name string, tab *report.Table) (*app.RequestImport, error) {
	w.t.Helper()
	return w.app.ImportEvidenceRequests(w.ctx, w.asAuditor(), w.ea.Ref, "", name, bytes.NewReader(riskFile(w.t, name, tab)))
}

func TestEvidenceRequestImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		for i, name := range []string{"requests.csv", "requests.xlsx"} {
			before := w.seq()
			res, err := w.importRequests(name, requestList(
				[]string{"Backup logs", "2026-03-09", w.backups.Ref, "", "", "The last restore test."},
				[]string{"Policy set", "2026-03-10", "", "a.5.1", "bob.manager@example.com", ""}))
			if err != nil {
				t.Fatalf("ImportEvidenceRequests(%s) = %v (%v)", name, err, isms.ErrorFields(err))
			}
			if len(res.Created) != 2 {
				t.Fatalf("ImportEvidenceRequests(%s) created %d, want 2", name, len(res.Created))
			}
			b, p := res.Created[0], res.Created[1]
			if b.Ref != "ER-"+string(rune('1'+2*i)) || b.OwnerID != w.contributor.ID || b.ControlID != w.backups.ID ||
				b.Detail != "The last restore test." || b.AuditRef != "EA-1" || b.DueOn.String() != "2026-03-09" {
				t.Errorf("%s row 2 = %+v", name, b)
			}
			if p.OwnerID != w.manager.ID || p.FrameworkID != w.iso.ID || p.Requirement.Ref != "A.5.1" || p.TaskID == "" {
				t.Errorf("%s row 3 = %+v", name, p)
			}
			events := w.events(string(w.org.ID), before)
			want := []string{"task.create", "evidence_request.create", "task.create", "evidence_request.create", "evidence_request.import"}
			if diff := cmp.Diff(want, actions(events)); diff != "" {
				t.Fatalf("%s events (-want +got):\n%s", name, diff)
			}
			if ch := changes(t, events[4]); ch["imported"].After != float64(2) || ch["file"].After != name || ch["audit"].After != "EA-1" {
				t.Errorf("%s evidence_request.import changes = %v", name, ch)
			}
		}
	})
}

func TestEvidenceRequestImportRefusesBadRows(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		rows := [][]string{
			{"Backup logs", "2026-03-09", w.backups.Ref, "", "", ""},
			{"Restore test", "31/12/2026", w.backups.Ref, "", "", ""},
			{"Clause 9", "2026-03-09", "", "Z.9", "", ""},
			{"", "2026-03-09", "", "", "", "No target, no title; the certificate's owner answers."},
		}
		want := map[string]map[string]string{
			"requests.csv": {
				"requests.csv:3: column due":         "\"31/12/2026\" is not a date (YYYY-MM-DD).",
				"requests.csv:4: column requirement": "No requirement \u201cZ.9\u201d in ISO/IEC 27001 (2022).",
				"requests.csv:5: column title":       "Title is required.",
				"requests.csv:5: column requirement": "Name the requirement or the control the evidence is for.",
			},
			"requests.xlsx": {
				"requests.xlsx: sheet Requests cell B3": "\"31/12/2026\" is not a date (YYYY-MM-DD).",
				"requests.xlsx: sheet Requests cell D4": "No requirement \u201cZ.9\u201d in ISO/IEC 27001 (2022).",
				"requests.xlsx: sheet Requests cell A5": "Title is required.",
				"requests.xlsx: sheet Requests cell D5": "Name the requirement or the control the evidence is for.",
			},
		}
		for name, fields := range want {
			before := w.seq()
			_, err := w.importRequests(name, requestList(rows...))
			wantError(t, "ImportEvidenceRequests("+name+")", err, isms.Invalid,
				name+" has 4 problems in 3 rows; nothing was imported. Correct them and import the file again.", fields)
			if after := w.seq(); after != before {
				t.Errorf("%s: %d events recorded, want none", name, after-before)
			}
		}
		if refs := w.requestRefs(w.asAuditor(), isms.EvidenceRequestFilter{}); len(refs) != 0 {
			t.Errorf("requests after refused imports = %v, want none", refs)
		}
		_, err := w.importRequests("requests.csv", &report.Table{Columns: []string{"title", "priority", "control"},
			Rows: [][]string{{"Logs", "high", "C-1"}}})
		wantError(t, "ImportEvidenceRequests(bad columns)", err, isms.Invalid,
			"The columns of requests.csv cannot be imported; nothing was imported.", map[string]string{
				"requests.csv:1":                  "The heading row needs the columns title and due, and requirement or control (and may have detail and owner).",
				"requests.csv:1: column priority": "Column \"priority\" is not one of requirement, control, title, detail, due, owner; rename or remove it.",
			})
		_, err = w.app.ImportEvidenceRequests(w.ctx, w.asAuditor(), "EA-7", "nist", "requests.csv",
			bytes.NewReader(riskFile(t, "requests.csv", requestList(rows[0]))))
		wantError(t, "ImportEvidenceRequests(unknown audit and framework)", err, isms.Invalid, "Please correct the 2 highlighted fields.",
			map[string]string{"audit": "No external audit \u201cEA-7\u201d in this organization.",
				"framework": "No framework \u201cnist\u201d in this organization."})
		_, err = w.app.ImportEvidenceRequests(w.ctx, w.asContributor(), "", "", "requests.csv",
			bytes.NewReader(riskFile(t, "requests.csv", requestList(rows[0]))))
		wantMessage(t, "ImportEvidenceRequests(contributor)", err, isms.Forbidden, "You may not ask for evidence.")
	})
}

func TestEvidenceRequestExport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		r := w.askBackups()
		log, restore := w.evidence("Backup log"), w.evidence("Restore report")
		if _, err := w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "Both.", []isms.ID{log.ID, restore.ID}); err != nil {
			t.Fatalf("AnswerEvidenceRequest() = %v", err)
		}
		w.ask(w.asAuditor(), app.EvidenceRequestInput{Audit: "EA-1", Requirement: "A.5.1", Title: "Policies", Detail: "=all of them",
			DueOn: w.due(3)})
		w.ask(w.asLimitedAuditor(), app.EvidenceRequestInput{Requirement: "A.12.3.1", Title: "Backup policy", DueOn: w.due(4),
			Owner: emailOf("Dave Contributor")})
		all := [][]string{
			{"ER-1", "", "", "", w.backups.Ref, "Backup logs", "The logs of the last restore test.", "2026-03-09", "Dave Contributor",
				"Answered", "1", "2: Backup log; Restore report", "Dana Auditor", "2026-03-02: answered by Dave Contributor"},
			{"ER-2", "EA-1", "ISO/IEC 27001 (2022)", "A.5.1", "", "Policies", "=all of them", "2026-03-05", "Carol Manager",
				"Open", "1", "0", "Dana Auditor", "2026-03-02: asked by Dana Auditor"},
			{"ER-3", "", "ISO/IEC 27001 (2013)", "A.12.3.1", "", "Backup policy", "", "2026-03-06", "Dave Contributor",
				"Open", "1", "0", "Dana Auditor", "2026-03-02: asked by Dana Auditor"},
		}
		for _, tt := range []struct {
			actor  isms.Actor
			format string
			want   [][]string
		}{
			{w.asViewer(), "csv", all},
			{w.asViewer(), " XLSX ", all},
			{w.asLimitedAuditor(), "csv", [][]string{all[0], all[2]}},
		} {
			var buf bytes.Buffer
			name, err := w.app.ExportEvidenceRequests(w.ctx, tt.actor, isms.EvidenceRequestFilter{Sort: "ref"}, tt.format, &buf)
			if err != nil {
				t.Fatalf("ExportEvidenceRequests(%s) = %v", tt.format, err)
			}
			sheet, err := report.ReadTable(name, buf.Bytes(), "")
			if err != nil {
				t.Fatalf("ReadTable(%s) = %v", name, err)
			}
			if diff := cmp.Diff(app.RequestExportColumns, sheet.Columns); diff != "" {
				t.Errorf("%s columns (-want +got):\n%s", name, diff)
			}
			got := [][]string{}
			for _, row := range sheet.Rows {
				got = append(got, row.Cells)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s as %s rows (-want +got):\n%s", name, tt.actor.Name, diff)
			}
		}
		_, err := w.app.ExportEvidenceRequests(w.ctx, w.asViewer(), isms.EvidenceRequestFilter{}, "pdf", &bytes.Buffer{})
		wantError(t, "ExportEvidenceRequests(pdf)", err, isms.Invalid, "Evidence requests are exported as csv or xlsx; \"pdf\" is neither.",
			map[string]string{"format": "Evidence requests are exported as csv or xlsx; \"pdf\" is neither."})
		_, err = w.app.ExportEvidenceRequests(w.ctx, w.asEmployee(), isms.EvidenceRequestFilter{}, "csv", &bytes.Buffer{})
		wantCode(t, "ExportEvidenceRequests(employee)", err, isms.Forbidden)
	})
}
