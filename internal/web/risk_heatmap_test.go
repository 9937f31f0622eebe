// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// heatCell is one cell of a drawn heatmap: its link, its fill, its title
// and the count written in it ("" for none).
type heatCell struct {
	Href, Fill, Title, Count string
}

// heatmapCells parses the heatmap SVGs of doc as XML and returns their
// cells, by map, in drawing order (highest likelihood first). It fails
// the test when a cell is not a link holding a titled rectangle, or the
// SVG has no accessible name.
func heatmapCells(t *testing.T, doc *goquery.Document) [][]heatCell {
	t.Helper()
	var maps [][]heatCell
	doc.Find("svg.heatmap").Each(func(i int, s *goquery.Selection) {
		if s.AttrOr("aria-label", "") == "" || s.Find("title").Length() == 0 {
			t.Errorf("heatmap %d has no accessible name or title", i)
		}
		raw, err := goquery.OuterHtml(s)
		if err != nil {
			t.Fatal(err)
		}
		var cells []heatCell
		var cur *heatCell
		var in string
		dec := xml.NewDecoder(strings.NewReader(raw))
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("heatmap %d is not well-formed XML: %v", i, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				in = el.Name.Local
				attr := func(name string) string {
					for _, a := range el.Attr {
						if a.Name.Local == name {
							return a.Value
						}
					}
					return ""
				}
				switch el.Name.Local {
				case "a":
					cells = append(cells, heatCell{Href: attr("href")})
					cur = &cells[len(cells)-1]
				case "rect":
					if cur == nil {
						t.Errorf("heatmap %d has a rectangle outside a link", i)
						continue
					}
					cur.Fill = attr("fill")
				}
			case xml.CharData:
				if cur != nil && in == "title" {
					cur.Title += string(el)
				} else if cur != nil && in == "text" {
					cur.Count += strings.TrimSpace(string(el))
				}
			case xml.EndElement:
				if el.Name.Local == "a" {
					if cur.Title == "" || cur.Fill == "" {
						t.Errorf("heatmap %d: cell %s has no title or fill", i, cur.Href)
					}
					cur = nil
				}
				in = ""
			}
		}
		maps = append(maps, cells)
	})
	return maps
}

func TestRiskHeatmapCellsLinkToTheRegister(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		m := f.approve(t)
		c := f.mgrClient
		f.risk(t, app.RiskInput{Title: "Ransomware", OwnerID: string(f.contrib.ID), InherentLikelihood: "5", InherentImpact: "5",
			ResidualLikelihood: "2", ResidualImpact: "2", Treatment: "modify"})
		f.risk(t, app.RiskInput{Title: "Phishing", OwnerID: string(f.contrib.ID), InherentLikelihood: "5", InherentImpact: "5"})
		f.risk(t, app.RiskInput{Title: "Coffee on a laptop", OwnerID: string(f.mgr.ID), InherentLikelihood: "1", InherentImpact: "2"})
		f.risk(t, app.RiskInput{Title: "Not yet scored"})

		doc := page(t, c.get("/risks/heatmap"))
		maps := heatmapCells(t, doc)
		if len(maps) != 2 || len(maps[0]) != 25 || len(maps[1]) != 25 {
			t.Fatalf("the page draws %d heatmaps, want 2 of 25 cells", len(maps))
		}
		// Row 0 is likelihood 5; its last cell is impact 5.
		top := maps[0][4]
		critical := f.level(5, 5)
		if top.Href != "/risks?basis=inherent&i=5&l=5" || top.Count != "2" || top.Fill != critical.Color ||
			!strings.Contains(top.Title, "Almost certain") || !strings.Contains(top.Title, critical.Label+", 2 risks") {
			t.Errorf("the inherent (5, 5) cell = %+v", top)
		}
		if low := maps[0][4*5+1]; low.Count != "1" || low.Href != "/risks?basis=inherent&i=2&l=1" {
			t.Errorf("the inherent (1, 2) cell = %+v", low)
		}
		if res := maps[1][3*5+1]; res.Count != "1" || res.Href != "/risks?basis=residual&i=2&l=2" || res.Fill != f.level(2, 2).Color {
			t.Errorf("the residual (2, 2) cell = %+v", res)
		}
		if empty := maps[1][0]; empty.Count != "" || empty.Fill != m.Level(m.LevelOf(5, 1)).Color {
			t.Errorf("an empty cell = %+v", empty)
		}
		if diff := cmp.Diff([]string{"R-1", "R-2"}, rowTitles(t, c.get(top.Href))); diff != "" {
			t.Errorf("the (5, 5) cell's risks (-want +got):\n%s", diff)
		}
		table := doc.Find("table.heat-table").First()
		row := table.Find("tbody tr").First()
		if th, last := strings.TrimSpace(row.Find("th").Text()), row.Find("td").Last(); th != "Almost certain (5)" ||
			last.Find("a").AttrOr("href", "") != top.Href || strings.TrimSpace(last.Text()) != "2" {
			t.Errorf("the table's first row = %q … %q", th, last.Text())
		}
		if got := text(doc, "main .small.muted"); !strings.Contains(got, "1 risk is not scored") {
			t.Errorf("the notes read %q", got)
		}

		doc = page(t, c.get("/risks/heatmap?owner=mgr@example.com"))
		maps = heatmapCells(t, doc)
		if low := maps[0][4*5+1]; low.Count != "1" || low.Href != "/risks?basis=inherent&i=2&l=1&owner=mgr%40example.com" {
			t.Errorf("with the owner filter, the (1, 2) cell = %+v", low)
		}
		if top := maps[0][4]; top.Count != "" {
			t.Errorf("with the owner filter, the (5, 5) cell counts %q", top.Count)
		}
	})
}

func TestRisksScoredUnderAnOlderMethod(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		v1 := f.approve(t)
		c := f.mgrClient
		r := f.risk(t, app.RiskInput{Title: "Ransomware", InherentLikelihood: "5", InherentImpact: "5"})
		f.method = approveRiskMethod(t, f.h, f.asAdmin, f.asMgr, 0)

		doc := page(t, c.get("/risks/heatmap"))
		if got := text(doc, "main .small.muted"); !strings.Contains(got, "1 risk is scored under older versions") {
			t.Errorf("the heatmap's notes read %q", got)
		}
		doc = page(t, c.get("/risks"))
		if got := linkTexts(doc, "table.list tbody .risk-flags .chip"); !slices.Contains(got, "scored under v1") {
			t.Errorf("the register's flags read %q", got)
		}
		path := "/risks/" + string(r.ID)
		doc = page(t, c.get(path))
		if doc.Find(`.flash-info a[href="/risk-methods/`+string(v1.ID)+`/rescore"]`).Length() != 1 {
			t.Error("the risk page does not offer to re-score the risks of v1")
		}
		doc = page(t, c.get(path+"/edit"))
		if doc.Find("#f-inherentLikelihood").Length() != 0 || doc.Find(`input[type=hidden][name=inherentLikelihood][value="5"]`).Length() != 1 {
			t.Error("the edit form of a risk under v1 offers its scores, or does not carry them")
		}
		form := url.Values{"version": {"1"}}
		doc.Find("form.risk-form input[type=hidden], form.risk-form input:not([type]), form.risk-form input[type=text], form.risk-form textarea, form.risk-form select").Each(func(_ int, s *goquery.Selection) {
			name, _ := s.Attr("name")
			switch {
			case goquery.NodeName(s) == "textarea":
				form.Set(name, s.Text())
			case goquery.NodeName(s) == "select":
				form.Set(name, s.Find("option[selected]").AttrOr("value", ""))
			default:
				form.Set(name, s.AttrOr("value", ""))
			}
		})
		form.Set("title", "Ransomware on the file servers")
		resp := c.post(path, form)
		resp.Body.Close()
		wantStatus(t, "editing the title of a risk under v1", resp, 303)
		d, err := f.h.app.FindRisk(context.Background(), f.asMgr, string(r.ID))
		if err != nil {
			t.Fatal(err)
		}
		if d.Risk.Title != "Ransomware on the file servers" || d.Risk.MethodID != v1.ID || d.Risk.Inherent.Likelihood != 5 {
			t.Errorf("after the edit: %q under %s, inherent %+v", d.Risk.Title, d.Risk.MethodID, d.Risk.Inherent)
		}
	})
}
