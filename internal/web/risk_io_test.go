// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// countRisks is how many risks the fixture's organization has.
func (f *riskFixture) countRisks(t *testing.T) int {
	t.Helper()
	pg, err := f.h.app.FindRisks(context.Background(), f.asMgr, isms.RiskFilter{Limit: 1})
	if err != nil {
		t.Fatalf("FindRisks: %v", err)
	}
	return pg.Total
}

// importCounts are the preview's counts: created, updated, unchanged.
func importCounts(doc *goquery.Document) []string {
	return linkTexts(doc, ".change-counts li strong")
}

func TestRiskImportPreviewsAppliesAndRoundTrips(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		f.approve(t)
		c := f.mgrClient
		f.risk(t, app.RiskInput{Title: "Ransomware", OwnerID: string(f.contrib.ID), InherentLikelihood: "5", InherentImpact: "4",
			ResidualLikelihood: "2", ResidualImpact: "2", Treatment: "modify", TreatmentPlan: "Offline backups.",
			Assets: []string{"AS-1"}, Controls: []string{"C-1"}})
		f.risk(t, app.RiskInput{Title: "Phishing", Kind: "asset", Threat: "Phishing mail", Vulnerability: "No MFA"})

		doc := page(t, c.get("/risks/import"))
		if doc.Find(`a[href="/risks/export.csv?template=1"]`).Length() != 1 {
			t.Error("the import page does not link the template")
		}
		for _, format := range []string{"csv", "xlsx"} {
			export := body(t, c.get("/risks/export."+format))
			resp := upload(c, "/risks/import", nil, "register."+format, export)
			doc = page(t, resp)
			wantStatus(t, "re-importing the "+format+" export", resp, http.StatusOK)
			if got := strings.Join(importCounts(doc), " "); got != "0 0 2" {
				t.Errorf("re-importing the %s export: created, updated, unchanged = %s, want 0 0 2", format, got)
			}
			if doc.Find(`form button[type=submit]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
				return strings.Contains(s.Text(), "Apply")
			}).Length() != 0 {
				t.Errorf("the %s preview of an unchanged file offers to apply it", format)
			}
		}

		export := body(t, c.get("/risks/export.csv"))
		export, _, _ = strings.Cut(export, "\n\n")
		lines := strings.Split(export, "\n")
		lines[2] = strings.Replace(lines[2], "Phishing", "Phishing of staff", 1)
		lines = append(lines, ",Stolen laptop,asset"+strings.Repeat(",", len(app.RiskColumns)-3))
		resp := upload(c, "/risks/import", nil, "risks.csv", strings.Join(lines, "\n")+"\n")
		doc = page(t, resp)
		wantStatus(t, "a changed file", resp, http.StatusOK)
		if got := strings.Join(importCounts(doc), " "); got != "1 1 1" {
			t.Errorf("a changed file: created, updated, unchanged = %s, want 1 1 1", got)
		}
		if n := f.countRisks(t); n != 2 {
			t.Fatalf("the preview stored something: %d risks", n)
		}
		apply := url.Values{}
		doc.Find(`form[action="/risks/import"] input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
			apply.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
		})
		if apply.Get("data") == "" || apply.Get("apply") == "" {
			t.Fatalf("the preview's Apply form carries %v", apply)
		}
		resp = c.post("/risks/import", apply)
		resp.Body.Close()
		wantStatus(t, "applying the import", resp, http.StatusSeeOther)
		if n := f.countRisks(t); n != 3 {
			t.Errorf("after the import: %d risks, want 3", n)
		}
		d, err := f.h.app.FindRisk(context.Background(), f.asMgr, "R-2")
		if err != nil || d.Risk.Title != "Phishing of staff" {
			t.Errorf("R-2 after the import: %v, %v", d, err)
		}

		bad := strings.Join(app.RiskColumns, ",") + "\n" +
			"R-7,Flood" + strings.Repeat(",", 9) + "nobody@example.com,9" + strings.Repeat(",", len(app.RiskColumns)-12) + "\n"
		resp = upload(c, "/risks/import", nil, "bad.csv", bad)
		doc = page(t, resp)
		wantStatus(t, "a file with problems", resp, http.StatusUnprocessableEntity)
		where := linkTexts(doc, "table.import-problems tbody td:first-child")
		if len(where) < 2 || !strings.Contains(strings.Join(where, " "), "bad.csv:2") {
			t.Errorf("the problems are placed at %q, want row 2 of bad.csv", where)
		}
		if n := f.countRisks(t); n != 3 {
			t.Errorf("a file with problems stored something: %d risks", n)
		}

		resp = f.viewCli.get("/risks/import")
		resp.Body.Close()
		wantStatus(t, "the viewer asks for the import", resp, http.StatusForbidden)
	})
}
