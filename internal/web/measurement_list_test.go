// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestMeasurementListPageAndExport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		loc := postRedirect(t, c, "/metrics", metricForm(f.mgr.ID))
		doc := page(t, c.get(loc+"/measurements"))
		if !strings.Contains(doc.Find(".empty").Text(), "No measurements yet") {
			t.Errorf("empty list: %q", doc.Find(".empty").Text())
		}
		for _, m := range []url.Values{
			{"value": {"88"}, "measuredOn": {"2026-01-31"}},
			{"value": {"93.5"}, "measuredOn": {"2026-02-28"}, "comment": {"Two servers late"}},
		} {
			postRedirect(t, c, loc+"/measurements", m)
		}
		doc = page(t, c.get(loc+"/measurements"))
		rows := doc.Find("table.list tbody tr")
		if rows.Length() != 2 || !strings.HasPrefix(strings.TrimSpace(rows.First().Find("td").First().Text()), "2026-02-28") {
			t.Errorf("rows = %d, first %q; want 2, the latest first", rows.Length(), rows.First().Text())
		}
		if doc := page(t, c.get(loc)); doc.Find(`a[href="`+loc+`/measurements"]`).Length() != 1 {
			t.Error("the metric's page does not link to all its measurements")
		}
		csv := body(t, c.get(loc+"/measurements?format=csv"))
		if !strings.Contains(csv, "Measured on,Value,Unit,Measured by,Comment,Evidence") ||
			!strings.Contains(csv, "2026-02-28,93.5,%,") || !strings.Contains(csv, "Two servers late") {
			t.Errorf("CSV export:\n%s", csv)
		}
		if doc := page(t, f.viewC.get(loc+"/measurements")); doc.Find("table.list tbody tr").Length() != 2 {
			t.Error("a viewer does not see the measurements")
		}
	})
}
