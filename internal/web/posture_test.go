// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// postureNumbers returns the legend of framework fw's section on a
// posture page: "Covered: 1 (25%)", ….
func postureNumbers(doc *goquery.Document, fw *isms.Framework) []string {
	return linkTexts(doc, "#posture-"+string(fw.ID)+" ~ .posture-legend li")
}

// checkSVG parses every inline SVG of doc as XML and checks that each has
// a title and that each rectangle of a segment carries its own.
func checkSVG(t *testing.T, doc *goquery.Document, want int) {
	t.Helper()
	svgs := doc.Find("svg")
	if svgs.Length() != want {
		t.Errorf("the page has %d SVG charts, want %d", svgs.Length(), want)
	}
	svgs.Each(func(i int, s *goquery.Selection) {
		raw, err := goquery.OuterHtml(s)
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(strings.NewReader(raw))
		rects, titled, titles := 0, 0, 0
		var stack []string
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("SVG %d is not well-formed XML: %v\n%s", i, err, raw)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				if el.Name.Local == "title" {
					titles++
					if len(stack) > 0 && stack[len(stack)-1] == "rect" {
						titled++
					}
				}
				if el.Name.Local == "rect" {
					rects++
				}
				stack = append(stack, el.Name.Local)
			case xml.EndElement:
				stack = stack[:len(stack)-1]
			}
		}
		if titles == 0 || rects == 0 || titled != rects {
			t.Errorf("SVG %d: %d titles, %d rectangles of which %d titled\n%s", i, titles, rects, titled, raw)
		}
	})
}

func TestPostureMovesWhenAControlIsImplemented(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newControlFixture(t, db)
		c := f.mgrClient
		backup := f.control("C-1", "Encrypted backups", isms.ControlInProgress)
		f.link(backup, "alpha:G2.1", "alpha:G1.1")
		logs := f.control("C-2", "Central logging", isms.ControlImplemented)
		f.link(logs, "alpha:G2.2")
		if _, err := f.h.app.ProposeInferredLinks(context.Background(), f.asMgr, f.beta.ID); err != nil {
			t.Fatal(err)
		}

		resp := c.get("/posture")
		doc := page(t, resp)
		wantStatus(t, "GET /posture", resp, http.StatusOK)
		if diff := cmp.Diff([]string{"Covered: 1 (25%)", "Partly covered: 2 (50%)", "Not covered: 1 (25%)", "Not applicable: 0 (0%)"},
			postureNumbers(doc, f.alpha)); diff != "" {
			t.Errorf("Alpha's posture before (-want +got):\n%s", diff)
		}
		if got := strings.Join(strings.Fields(text(doc, "#posture-"+string(f.beta.ID)+" ~ .posture-inferred")), " "); !strings.Contains(got, "+1 more covered, +1 more partly covered") {
			t.Errorf("Beta's inferred coverage says %q", got)
		}
		checkSVG(t, doc, 4) // a bar and a group chart per framework
		href := doc.Find("#posture-"+string(f.alpha.ID)+" ~ .posture-legend a").First().AttrOr("href", "")
		if href != "/frameworks/"+string(f.alpha.ID)+"?coverage=covered" {
			t.Errorf("the drill-down link of covered is %q", href)
		}
		groups := linkTexts(doc, "#posture-"+string(f.alpha.ID)+" ~ .table-wrap table.posture-groups tbody tr")
		if diff := cmp.Diff([]string{"G1 Governance 2 0 1 1 0 0% —", "G2 Technology 2 1 1 0 0 50% —"}, groups); diff != "" {
			t.Errorf("Alpha's groups (-want +got):\n%s", diff)
		}

		if _, err := f.h.app.UpdateControl(context.Background(), f.asMgr, backup.ID, backup.Version, app.ControlInput{
			Ref: backup.Ref, Title: backup.Title, Status: string(isms.ControlImplemented)}); err != nil {
			t.Fatal(err)
		}
		resp = c.get("/frameworks/" + string(f.alpha.ID) + "/posture")
		doc = page(t, resp)
		wantStatus(t, "GET /frameworks/{id}/posture", resp, http.StatusOK)
		if diff := cmp.Diff([]string{"Covered: 3 (75%)", "Partly covered: 0 (0%)", "Not covered: 1 (25%)", "Not applicable: 0 (0%)"},
			postureNumbers(doc, f.alpha)); diff != "" {
			t.Errorf("Alpha's posture after C-1 is implemented (-want +got):\n%s", diff)
		}
		if got := text(doc, ".posture-headline .stat-value"); got != "75%" {
			t.Errorf("the headline says %q, want 75%%", got)
		}
		checkSVG(t, doc, 2)

		dash := page(t, c.get("/"))
		if got := strings.Join(strings.Fields(text(dash, ".posture-card li")), " "); !strings.HasPrefix(got, "Alpha Baseline (1.0): 75% covered (3 of 4)") {
			t.Errorf("the dashboard's posture card says %q", got)
		}
	})
}

func TestPostureEmptyState(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		_, admin := h.org("acme")
		doc := page(t, h.signIn(admin).get("/posture"))
		if got := text(doc, ".empty h2"); got != "No framework yet" {
			t.Errorf("the empty posture says %q", got)
		}
		if doc.Find(`.empty a[href="/frameworks"]`).Length() != 1 {
			t.Error("the empty posture does not point at /frameworks")
		}
	})
}
