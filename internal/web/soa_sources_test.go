// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// TestSoALinesListTenRisksAndLinkTheRest gives A.5.15 twelve risks treated
// by its control: the lines table names the first ten and links the line
// for the other two, whose page lists all twelve.
func TestSoALinesListTenRisksAndLinkTheRest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSoAFixture(t, db)
		for i := 2; i <= 12; i++ {
			in := app.RiskInput{Title: fmt.Sprintf("Accounts misused, case %d", i), Controls: []string{f.control.Ref}}
			if _, err := f.h.app.CreateRisk(context.Background(), f.asMgr, in); err != nil {
				t.Fatalf("CreateRisk %d: %v", i, err)
			}
		}
		postRedirect(t, f.mgrC, "/soa", map[string][]string{"framework": {"iso27001-2022"}})
		v := f.view(t, "")
		line := soaLineOf(t, v, "A.5.15")
		if n := len(line.Sources.Risks); n != 12 {
			t.Fatalf("A.5.15 has %d risks, want 12", n)
		}
		doc := soaDoc(t, f.mgrC, "/soa/"+string(v.SoA.ID))
		row := doc.Find("tr#line-" + string(line.RequirementID))
		risks := row.Find(`a[href^="/risks/"]`)
		if risks.Length() != 10 {
			t.Errorf("the A.5.15 row links %d risks, want 10", risks.Length())
		}
		more := row.Find(`a[href$="#sources-heading"]`)
		wantHref := "/soa/" + string(v.SoA.ID) + "/lines/" + string(line.RequirementID) + "#sources-heading"
		if got, _ := more.Attr("href"); more.Length() != 1 || strings.TrimSpace(more.Text()) != "2 more" || got != wantHref {
			t.Errorf("the A.5.15 row's rest link = %d links, %q to %q; want \"2 more\" to %s", more.Length(), more.Text(), got, wantHref)
		}
		for _, l := range v.Lines {
			if len(l.Sources.Risks) <= 10 && doc.Find("tr#line-"+string(l.RequirementID)+` a[href$="#sources-heading"]`).Length() != 0 {
				t.Errorf("the %s row, with %d risks, links the rest", l.Ref, len(l.Sources.Risks))
			}
		}
		page := soaDoc(t, f.mgrC, wantHref)
		if n := page.Find(`#sources-heading ~ dl a[href^="/risks/"]`).Length(); n < 12 {
			t.Errorf("the line's sources link %d risks, want all 12", n)
		}
	})
}

// soaDoc reads path as c and parses it.
func soaDoc(t *testing.T, c *client, path string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(scopeGet(t, c, strings.Split(path, "#")[0], http.StatusOK)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
