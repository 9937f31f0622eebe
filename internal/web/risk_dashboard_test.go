// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// riskCard returns the text of each line of the dashboard's risk card.
func riskCard(t *testing.T, c *client) []string {
	t.Helper()
	doc := page(t, c.get("/"))
	var lines []string
	doc.Find(".card").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Find("h2").First().Text()) != "Risks needing attention" {
			return
		}
		s.Find("li").Each(func(_ int, li *goquery.Selection) {
			lines = append(lines, strings.Join(strings.Fields(li.Text()), " "))
		})
		if len(lines) == 0 {
			lines = append(lines, strings.Join(strings.Fields(s.Find("p").First().Text()), " "))
		}
	})
	return lines
}

func TestDashboardCountsRisksNeedingAttention(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		if got := riskCard(t, f.mgrClient); len(got) != 1 || !strings.Contains(got[0], "none") {
			t.Errorf("the risk card of an empty register = %q, want the all-clear", got)
		}
		f.approve(t)
		// Critical (5, 5) with no treatment: untreated; scored residual not
		// accepted: acceptance missing on the second.
		f.risk(t, app.RiskInput{Title: "Ransomware", OwnerID: string(f.mgr.ID), InherentLikelihood: "5", InherentImpact: "5"})
		f.risk(t, app.RiskInput{Title: "Phishing", OwnerID: string(f.mgr.ID), InherentLikelihood: "3", InherentImpact: "3",
			Treatment: "modify", ResidualLikelihood: "2", ResidualImpact: "2"})
		got := strings.Join(riskCard(t, f.mgrClient), " | ")
		for _, want := range []string{"Above acceptance criteria without treatment: 1", "Residual risk not accepted: 1"} {
			if !strings.Contains(got, want) {
				t.Errorf("risk card = %q, want it to list %q", got, want)
			}
		}
		doc := page(t, f.mgrClient.get("/"))
		if doc.Find(`a[href="/risks?treatment=none"]`).Length() != 1 {
			t.Error("the untreated line does not link to the register filtered to untreated risks")
		}
	})
}
