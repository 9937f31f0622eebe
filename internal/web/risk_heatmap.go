// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The heatmap: how many risks sit in each cell of the current method's
// matrix, before treatment and after, drawn on the server as SVG. Each
// cell is filled with its level's colour, carries its count as text and a
// title in words, and links to the register filtered to that cell; a table
// under each map gives the same counts with the same links.

// The heatmap's geometry, in SVG user units.
const (
	heatLabelW = 150 // the likelihood labels' column
	heatCellW  = 72
	heatCellH  = 44
	heatTop    = 22 // room for the likelihood axis title
	heatAxisH  = 44 // the impact labels and axis title
)

// heatCellView is one cell of a heatmap's table.
type heatCellView struct {
	Count int
	URL   string
	Level *levelView
	Desc  string // the cell in words
}

// heatRowView is one likelihood row of a heatmap's table, highest first.
type heatRowView struct {
	Label string
	Cells []heatCellView
}

// heatmapView is one heatmap (inherent or residual) as the page shows it.
type heatmapView struct {
	Basis   string // inherent or residual
	Title   string
	SVG     template.HTML
	Impacts []string // the table's column headings
	Rows    []heatRowView
	Total   int
}

// heatCount is counts[l-1][i-1], 0 when out of range.
func heatCount(counts [][]int, l, i int) int {
	if l < 1 || l > len(counts) || i < 1 || i > len(counts[l-1]) {
		return 0
	}
	return counts[l-1][i-1]
}

// newHeatmapView lays out the counts of one basis under m; base holds the
// register filters each cell's link keeps.
func newHeatmapView(m *isms.RiskMethod, basis string, counts [][]int, base url.Values) heatmapView {
	v := heatmapView{Basis: basis, Title: "Inherent risk: before treatment"}
	if basis == "residual" {
		v.Title = "Residual risk: after treatment"
	}
	for _, s := range m.Impact {
		v.Impacts = append(v.Impacts, s.Label+" ("+strconv.Itoa(s.Value)+")")
	}
	for l := len(m.Likelihood); l >= 1; l-- {
		ls := m.Likelihood[l-1]
		row := heatRowView{Label: ls.Label + " (" + strconv.Itoa(ls.Value) + ")"}
		for i := 1; i <= len(m.Impact); i++ {
			q := cloneValues(base)
			q.Set("basis", basis)
			q.Set("l", strconv.Itoa(l))
			q.Set("i", strconv.Itoa(i))
			c := heatCellView{Count: heatCount(counts, l, i), URL: "/risks?" + q.Encode(), Level: levelOf(m, m.LevelOf(l, i))}
			level := ""
			if c.Level != nil {
				level = c.Level.Label + ", "
			}
			c.Desc = fmt.Sprintf("Likelihood %s, impact %s: %s%s", ls.Label, m.Impact[i-1].Label, level, plural(c.Count, "risk", "risks"))
			v.Total += c.Count
			row.Cells = append(row.Cells, c)
		}
		v.Rows = append(v.Rows, row)
	}
	v.SVG = heatmapSVG(v)
	return v
}

// heatmapSVG draws v: likelihood rows (highest at the top) by impact
// columns, every cell a link.
func heatmapSVG(v heatmapView) template.HTML {
	nl, ni := len(v.Rows), len(v.Impacts)
	width, height := heatLabelW+ni*heatCellW+4, heatTop+nl*heatCellH+heatAxisH
	label := fmt.Sprintf("%s: %s in a %d by %d matrix of likelihood and impact", v.Title, plural(v.Total, "risk", "risks"), nl, ni)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="group" aria-label="%s">`, width, height, esc(label))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(label))
	fmt.Fprintf(&b, `<text class="heat-axis-title" x="%d" y="14" text-anchor="end">Likelihood ↑</text>`, heatLabelW-8)
	for row, r := range v.Rows {
		y := heatTop + row*heatCellH
		fmt.Fprintf(&b, `<text class="heat-axis" x="%d" y="%d" text-anchor="end">%s</text>`, heatLabelW-8, y+heatCellH/2+4, esc(clip(r.Label, 22)))
		for col, c := range r.Cells {
			x := heatLabelW + col*heatCellW
			color, ink := "#8c959f", "ink-dark"
			if c.Level != nil && hexColorRE.MatchString(c.Level.Color) {
				color, ink = c.Level.Color, inkFor(c.Level.Color)
			}
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s">`, esc(c.URL), esc(c.Desc))
			fmt.Fprintf(&b, `<rect class="heat-cell" x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s"><title>%s</title></rect>`,
				x+1, y+1, heatCellW-2, heatCellH-2, esc(color), esc(c.Desc))
			if c.Count > 0 {
				fmt.Fprintf(&b, `<text class="heat-count %s" x="%d" y="%d" text-anchor="middle">%d</text>`, ink, x+heatCellW/2, y+heatCellH/2+6, c.Count)
			}
			b.WriteString(`</a>`)
		}
	}
	axisY := heatTop + nl*heatCellH
	for col, name := range v.Impacts {
		fmt.Fprintf(&b, `<text class="heat-axis" x="%d" y="%d" text-anchor="middle">%s</text>`, heatLabelW+col*heatCellW+heatCellW/2, axisY+16, esc(clip(name, 12)))
	}
	fmt.Fprintf(&b, `<text class="heat-axis-title" x="%d" y="%d" text-anchor="middle">Impact →</text>`, heatLabelW+ni*heatCellW/2, axisY+36)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

type riskHeatmapPage struct {
	basePage
	Method     *isms.RiskMethod
	Maps       []heatmapView
	Legend     []levelView
	Other      int
	Unscored   int
	Filter     riskFilterView
	Statuses   [][2]string
	Treatments [][2]string
	Filtered   bool
	CanManage  bool // may define the method
}

// heatmapFilter is the register filter without the level and cell, which
// the heatmap shows rather than selects.
func heatmapFilter(rf *riskFilters) isms.RiskFilter {
	f := rf.F
	f.Level, f.Basis, f.MethodID, f.Likelihood, f.Impact = 0, "", "", 0, 0
	return f
}

// heatmapBase is the filters a heatmap cell's link keeps.
func heatmapBase(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"owner", "status", "treatment", "asset", "kind", "overdue", "q"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

func (s *Server) handleRiskHeatmap(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	rf, err := s.riskFilter(r)
	if err != nil {
		return err
	}
	p := &riskHeatmapPage{Filter: rf.View, Statuses: riskStatusOptions("Any status"), Treatments: treatmentFilterOptions(),
		CanManage: a.Can(isms.ManageRiskMethod)}
	p.Title = "Risk heatmap"
	base := heatmapBase(r.URL.Query())
	p.Filtered = len(base) > 0
	var hm *app.Heatmap
	if rf.Current != nil {
		hm, err = s.app.RiskHeatmap(r.Context(), a, heatmapFilter(rf))
		if isCode(err, isms.NotFound) {
			hm, err = nil, nil
		} else if err != nil {
			return err
		}
	}
	if hm != nil && hm.Method != nil {
		p.Method, p.Other, p.Unscored = hm.Method, hm.Other, hm.Unscored
		p.Maps = []heatmapView{newHeatmapView(hm.Method, "inherent", hm.Inherent, base), newHeatmapView(hm.Method, "residual", hm.Residual, base)}
		for _, l := range hm.Method.Levels {
			p.Legend = append(p.Legend, levelView{Key: l.Key, Label: l.Label, Color: l.Color})
		}
	}
	return s.render(w, r, http.StatusOK, "risk_heatmap", p)
}

// heatmapAPI is the count of risks per cell of the current method.
type heatmapAPI struct {
	MethodID      isms.ID        `json:"methodId"`
	MethodVersion int            `json:"methodVersion"`
	Likelihood    []string       `json:"likelihood" openapi:"nonnull" doc:"The likelihood levels' labels, lowest first."`
	Impact        []string       `json:"impact" openapi:"nonnull" doc:"The impact levels' labels, lowest first."`
	Levels        []riskLevelAPI `json:"levels" openapi:"nonnull" doc:"The risk levels, lowest first; matrix cells give their number (1 for the first)."`
	Matrix        [][]int        `json:"matrix" openapi:"nonnull" doc:"matrix[l-1][i-1] is the level number of likelihood position l and impact position i."`
	Inherent      [][]int        `json:"inherent" openapi:"nonnull" doc:"inherent[l-1][i-1] is how many risks have that inherent likelihood and impact."`
	Residual      [][]int        `json:"residual" openapi:"nonnull" doc:"As inherent, for the residual scores."`
	Other         int            `json:"otherVersions" doc:"Risks scored under an older method version, not counted in the cells."`
	Unscored      int            `json:"unscored" doc:"Risks with no inherent score."`
}

func (heatmapAPI) schemaName() string { return "RiskHeatmap" }

func (s *Server) apiRiskHeatmap(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	queryOneOf(r, p, "overdue", "true", "false")
	rf, err := s.apiRiskFilter(r, p)
	if err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if rf.Current == nil {
		return nil, isms.Errorf(isms.NotFound, "No risk method is approved yet; define one and have it approved first.")
	}
	hm, err := s.app.RiskHeatmap(r.Context(), actor(r), heatmapFilter(rf))
	if err != nil {
		return nil, err
	}
	m := hm.Method
	out := heatmapAPI{MethodID: m.ID, MethodVersion: m.Number, Matrix: m.Matrix, Inherent: hm.Inherent, Residual: hm.Residual,
		Other: hm.Other, Unscored: hm.Unscored, Likelihood: []string{}, Impact: []string{}, Levels: []riskLevelAPI{}}
	for _, l := range m.Likelihood {
		out.Likelihood = append(out.Likelihood, l.Label)
	}
	for _, l := range m.Impact {
		out.Impact = append(out.Impact, l.Label)
	}
	for _, l := range m.Levels {
		out.Levels = append(out.Levels, riskLevelAPI{Key: l.Key, Label: l.Label, Color: l.Color})
	}
	for _, g := range []*[][]int{&out.Matrix, &out.Inherent, &out.Residual} {
		if *g == nil {
			*g = [][]int{}
		}
	}
	return out, nil
}

// riskHeatmapOperation is the heatmap's API operation.
func (s *Server) riskHeatmapOperation() apiOperation {
	return apiOperation{
		Pattern: "GET /api/v1/risks/heatmap", Access: Member, Handler: s.apiRiskHeatmap,
		ID: "riskHeatmap", Tag: "Risks", Summary: "Count risks per cell of the current method's matrix",
		Description: "Inherent and residual counts per likelihood and impact position, for the risks the filters select (level and cell filters are ignored). 404 while no method is approved.",
		Params:      riskFilterParams[:len(riskFilterParams)-2], Result: reflect.TypeFor[heatmapAPI](),
	}
}
