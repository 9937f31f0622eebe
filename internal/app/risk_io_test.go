// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// riskFile writes t as a CSV (name ending .csv) or XLSX file.
func riskFile(t *testing.T, name string, tab *report.Table) []byte {
	t.Helper()
	var buf bytes.Buffer
	write := report.WriteCSV
	if strings.HasSuffix(name, ".xlsx") {
		write = report.WriteXLSX
	}
	if err := write(&buf, tab); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	return buf.Bytes()
}

// riskCount returns how many risks acme has.
func (w *world) riskCount() int {
	w.t.Helper()
	page, err := w.app.FindRisks(w.ctx, w.asViewer(), isms.RiskFilter{Limit: 1})
	if err != nil {
		w.t.Fatalf("FindRisks() = %v", err)
	}
	return page.Total
}

// varietyOfRisks fills the register with risks of every kind of content
// an export carries, and returns how many.
func (w *world) varietyOfRisks() int {
	w.t.Helper()
	w.newRisk(app.RiskInput{Title: "Recorded before any method", Description: "=SUM(A1:A2) is not a formula here"})
	w.approvedMethod(5)
	as1 := w.newAsset(app.AssetInput{Name: "Customer database", Type: "information"})
	as2 := w.newAsset(app.AssetInput{Name: "File server", Type: "hardware"})
	ctl := w.control("Backups", isms.ControlImplemented)
	owner := string(w.contributor.ID)
	w.newRisk(app.RiskInput{Title: "Ransomware", Kind: "scenario", ThreatSource: "Criminals", Event: "Files encrypted",
		Consequence: "- work stops\n- data published", Category: "Cyber attack", OwnerID: owner,
		InherentLikelihood: "4", InherentImpact: "5", ResidualLikelihood: "2", ResidualImpact: "2", Treatment: "modify",
		TreatmentPlan: "+ EDR\n@ backups", Assets: []string{as1.Ref, as2.Ref}, Controls: []string{ctl.Ref}})
	low := w.newRisk(app.RiskInput{Title: "Laptop theft", Kind: "asset", Threat: "Theft", Vulnerability: "No encryption",
		OwnerID: owner, InherentLikelihood: "2", InherentImpact: "2", ResidualLikelihood: "1", ResidualImpact: "2",
		Treatment: "retain", Assets: []string{as2.Ref}})
	if _, err := w.app.AcceptRisk(w.ctx, w.asContributor(), low.ID, app.AcceptInput{}); err != nil {
		w.t.Fatal(err)
	}
	w.newRisk(app.RiskInput{Title: "Old office", Status: "closed", NextReview: "2026-05-01"})
	w.approvedMethod(0) // v2: the risks above stay under v1
	w.newRisk(app.RiskInput{Title: "Scored under v2", InherentLikelihood: "Rare", InherentImpact: "Severe"})
	return 5
}

func TestRiskExportImportRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		n := w.varietyOfRisks()
		tab, err := w.app.ExportRisks(w.ctx, w.asViewer(), isms.RiskFilter{})
		if err != nil || len(tab.Rows) != n || !slices.Equal(tab.Columns, app.RiskColumns) {
			t.Fatalf("ExportRisks = %d rows, %v", len(tab.Rows), err)
		}
		if r := tab.Rows[1]; r[0] != "R-2" || r[10] != w.contributor.Email || r[16] != "Critical" || r[27] != "v1" || r[28] != "AS-1; AS-2" || r[29] != "C-1" {
			t.Errorf("exported R-2 = %q", r)
		}
		for _, name := range []string{"risks.csv", "risks.xlsx"} {
			before := w.seq()
			res, err := w.app.ImportRisks(w.ctx, w.asContributor(), name, riskFile(t, name, tab), false)
			if err != nil || res.Created != 0 || res.Updated != 0 || res.Unchanged != n {
				t.Errorf("import of the export (%s) = %+v, %v; want %d unchanged", name, res, err, n)
				for k, v := range isms.ErrorFields(err) {
					t.Logf("  %s: %s", k, v)
				}
			}
			if w.seq() != before {
				t.Errorf("import of the export (%s) wrote %d audit events", name, w.seq()-before)
			}
		}

		// The owner's account is disabled: unchanged rows stay unchanged.
		if err := w.app.SetUserDisabled(w.ctx, w.asOwner(), w.contributor.ID, true); err != nil {
			t.Fatal(err)
		}
		if res, err := w.app.ImportRisks(w.ctx, w.asManager(), "risks.csv", riskFile(t, "risks.csv", tab), true); err != nil || res.Unchanged != n {
			t.Errorf("import after the owner left = %+v, %v; want %d unchanged", res, err, n)
		}

		// A changed cell updates that risk only.
		tab.Rows[2][1] = "Laptop theft or loss"
		res, err := w.app.ImportRisks(w.ctx, w.asManager(), "risks.csv", riskFile(t, "risks.csv", tab), false)
		if err != nil || res.Updated != 1 || res.Unchanged != n-1 || !slices.Equal(res.Refs, []string{"R-3"}) {
			t.Errorf("import with one change = %+v, %v", res, err)
		}
		if d := w.riskDetail("R-3"); d.Risk.Title != "Laptop theft or loss" || d.Risk.AcceptanceID == "" {
			t.Errorf("R-3 after the import: %q, acceptance %q; want the new title, still accepted", d.Risk.Title, d.Risk.AcceptanceID)
		}
	})
}

func TestRiskImportCreatesFromLabels(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		as := w.newAsset(app.AssetInput{Name: "Payroll", Type: "information"})
		file := "Ref,Title,Owner,Inherent_Likelihood,Inherent_Impact,Treatment,Status,Assets\n" +
			",Payroll fraud,Dave.Contributor@example.com,Likely,major,Modify (reduce),,AS-1\n" +
			"R-9,Payroll data leak,,Unlikely,Minor,,assessed,\n"
		before, count := w.seq(), w.riskCount()
		res, err := w.app.ImportRisks(w.ctx, w.asManager(), "payroll.csv", []byte(file), true)
		if err != nil || res.Created != 2 || w.seq() != before || w.riskCount() != count {
			t.Fatalf("dry run = %+v, %v; %d events; want 2 to create and nothing stored", res, err, w.seq()-before)
		}
		res, err = w.app.ImportRisks(w.ctx, w.asManager(), "payroll.csv", []byte(file), false)
		if err != nil || res.Created != 2 || !slices.Equal(res.Refs, []string{"R-1", "R-9"}) {
			t.Fatalf("ImportRisks = %+v, %v", res, err)
		}
		d := w.riskDetail("R-1")
		if d.Risk.OwnerID != w.contributor.ID || d.Risk.Inherent.Likelihood != 4 || d.Risk.Inherent.Impact != 4 ||
			d.Risk.Treatment != isms.TreatmentModify || len(d.Assets) != 1 || d.Assets[0].ID != as.ID || d.Risk.ReviewTaskID == "" {
			t.Errorf("imported R-1 = %+v, assets %v", d.Risk, d.Assets)
		}
		if got := actions(w.events(string(w.org.ID), before)); !slices.Equal(got, []string{"task.create", "risk.create", "risk.create"}) {
			t.Errorf("events = %v; want the review task and one risk.create per risk", got)
		}
	})
}

func TestRiskImportReportsEveryBadRowAndStoresNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		w.newRisk(app.RiskInput{Title: "Existing"})
		file := "ref,title,owner,inherent_likelihood,inherent_impact,status,next_review,assets\n" +
			"R-1,Changed title,nobody@example.com,Often,3,,,\n" +
			",,,,,,2026-13-45,\n" +
			"R-1,Duplicate,,,,,,\n" +
			",Fine otherwise,,2,2,accepted,,AS-404\n" +
			",Good row,,,,,,\n"
		before, count := w.seq(), w.riskCount()
		_, err := w.app.ImportRisks(w.ctx, w.asManager(), "risks.csv", []byte(file), false)
		wantFields(t, "ImportRisks(bad rows)", err, isms.Invalid,
			"risks.csv:2: column owner", "risks.csv:2: column inherent_likelihood",
			"risks.csv:3: column title", "risks.csv:3: column next_review",
			"risks.csv:4: column ref",
			"risks.csv:5: column status", "risks.csv:5: column assets")
		if msg := isms.ErrorMessage(err); msg != "risks.csv has 7 problems in 4 rows; nothing was imported. Correct them and import the file again." {
			t.Errorf("message = %q", msg)
		}
		if w.seq() != before || w.riskCount() != count || w.riskDetail("R-1").Risk.Title != "Existing" {
			t.Errorf("a failed import stored something: %d events, %d risks", w.seq()-before, w.riskCount()-count)
		}

		// In a workbook, problems name the cell.
		tab := &report.Table{Title: "Risks", Columns: []string{"ref", "title", "owner"}, Rows: [][]string{{"", "New", "nobody@example.com"}}}
		_, err = w.app.ImportRisks(w.ctx, w.asManager(), "risks.xlsx", riskFile(t, "risks.xlsx", tab), false)
		wantFields(t, "ImportRisks(xlsx)", err, isms.Invalid, "risks.xlsx: sheet Risks cell C2")

		_, err = w.app.ImportRisks(w.ctx, w.asManager(), "risks.csv", []byte("ref,title,colour\nR-1,x,red\n"), false)
		wantFields(t, "ImportRisks(unknown column)", err, isms.Invalid, "risks.csv:1: column colour")
		_, err = w.app.ImportRisks(w.ctx, w.asManager(), "risks.csv", []byte("title\nx\n"), false)
		wantFields(t, "ImportRisks(no ref column)", err, isms.Invalid, "risks.csv:1")
	})
}
