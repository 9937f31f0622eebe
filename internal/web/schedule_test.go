// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSchedulePages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db) // 2026-03-02
		c := f.h.signIn(f.mgr)
		doc := page(t, c.get("/schedules"))
		if got := text(doc, ".empty h2"); got != "No recurring activities yet" {
			t.Errorf("the empty schedule list says %q", got)
		}
		doc = page(t, c.get("/schedules/new"))
		if v, _ := doc.Find("#f-leadDays").Attr("value"); v != "30" {
			t.Errorf("lead time preset %q, want 30", v)
		}

		resp := c.post("/schedules", url.Values{"title": {"Quarterly access review"}, "owner": {"nobody@example.com"},
			"rule": {"every now and then"}, "start": {"2026-03-15"}, "leadDays": {"a month"}})
		doc = page(t, resp)
		wantStatus(t, "POST /schedules with problems", resp, http.StatusUnprocessableEntity)
		for field, want := range map[string]string{"owner": "No member has the e-mail address nobody@example.com.",
			"rule": "every 3 months", "leadDays": "whole number"} {
			if got := text(doc, "#f-"+field+" ~ .error"); !strings.Contains(got, want) {
				t.Errorf("the problem beside %s = %q, want it to contain %q", field, got, want)
			}
		}
		if v, _ := doc.Find("#f-rule").Attr("value"); v != "every now and then" {
			t.Errorf("the rule typed was lost: %q", v)
		}
		list := page(t, c.get("/schedules"))
		if list.Find("table.list").Length() != 0 {
			t.Fatal("a refused schedule was created")
		}

		resp = c.post("/schedules", url.Values{"title": {"Quarterly access review"}, "owner": {f.emp.Email},
			"rule": {"First Monday of each Quarter"}, "start": {"2026-01-01"}, "leadDays": {"40"}, "link": {"organization:acme"}})
		resp.Body.Close()
		wantStatus(t, "POST /schedules", resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		doc = page(t, c.get(loc))
		if got := text(doc, ".page-header .meta"); !strings.Contains(got, "Recurs first Monday of each quarter") || !strings.Contains(got, "Owner: emp") {
			t.Errorf("the schedule page says %q", got)
		}
		next := doc.Find(`h2:contains("Next occurrences") + ol li`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if diff := cmp.Diff([]string{"2026-04-06", "2026-07-06", "2026-10-05", "2027-01-04", "2027-04-05"}, next); diff != "" {
			t.Errorf("next occurrences (-want +got):\n%s", diff)
		}
		// 5 January is missed (overdue); 6 April is within 40 days.
		if diff := cmp.Diff([]string{"Quarterly access review", "Quarterly access review"}, rowTitles(t, c.get(loc))); diff != "" {
			t.Errorf("generated tasks (-want +got):\n%s", diff)
		}
		work := page(t, f.h.signIn(f.emp).get("/work"))
		if n := work.Find("table.list > tbody > tr").Length(); n != 2 || text(work, "table.list > tbody > tr .chip") != "overdue" {
			t.Errorf("the owner's My work has %d rows, the first %q; want 2, the missed one overdue", n, text(work, "table.list > tbody > tr .chip"))
		}

		edit := page(t, c.get(loc+"/edit"))
		version, _ := edit.Find(`input[name="version"]`).Attr("value")
		resp = c.post(loc, url.Values{"title": {"Quarterly access review"}, "owner": {string(f.emp.ID)}, "rule": {"every 3 months"},
			"start": {"2026-01-05"}, "leadDays": {"40"}, "link": {"organization:acme"}, "version": {version}})
		resp.Body.Close()
		wantStatus(t, "changing the rule", resp, http.StatusSeeOther)
		doc = page(t, c.get(loc))
		var rows []string
		doc.Find("table.list > tbody > tr").Each(func(_ int, s *goquery.Selection) {
			rows = append(rows, strings.Join(strings.Fields(s.Find("td").Eq(2).Text()+" "+s.Find("td").Eq(3).Text()), " "))
		})
		// Newest first: 5 April (every 3 months from 5 January) is generated;
		// 6 April no longer matches and is cancelled; 5 January stays overdue.
		if diff := cmp.Diff([]string{"2026-04-06 cancelled", "2026-04-05 open", "2026-01-05 overdue"}, rows); diff != "" {
			t.Errorf("the schedule's tasks after the change (-want +got):\n%s", diff)
		}

		resp = c.post(loc+"/deactivate", nil)
		resp.Body.Close()
		wantStatus(t, "deactivating", resp, http.StatusSeeOther)
		doc = page(t, c.get(loc))
		if got := text(doc, "h1 .chip"); got != "deactivated" || doc.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Errorf("after deactivating: chip %q, edit link shown %v", got, doc.Find(`a[href$="/edit"]`).Length() > 0)
		}
		resp = c.get(loc + "/edit")
		resp.Body.Close()
		wantStatus(t, "editing a deactivated schedule", resp, http.StatusConflict)
		csv := body(t, c.get("/schedules?status=inactive&format=csv"))
		if !strings.Contains(csv, "Quarterly access review,every 3 months,emp,2026-01-05,,inactive") {
			t.Errorf("CSV of inactive schedules:\n%s", csv)
		}
	})
}
