// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The posture: for every framework, how many of its assessable
// requirements the organization's controls cover, as a stacked bar and a
// breakdown by top-level group, each count linking to the requirements
// concerned in the framework's tree.

// postureLegend is one segment of a posture bar, in words.
type postureLegend struct {
	Label   string
	Class   string
	Count   int
	Percent int
	URL     string // the framework's requirements with this coverage
}

// groupView is one top-level group of a framework's posture.
type groupView struct {
	Ref, Title string
	Counts     isms.PostureCounts
	Percent    int
	URL        string // the group's requirements in the tree
	Legend     []postureLegend
}

// postureView is one framework's posture as the pages show it.
type postureView struct {
	Framework  *isms.Framework
	Counts     isms.PostureCounts
	Applicable int // assessable and not excluded
	Percent    int
	Bar        template.HTML
	Legend     []postureLegend
	Groups     []groupView
	Chart      template.HTML
	URL        string // the framework's page
	PostureURL string // this framework's posture page
}

// postureSegments are the coverage segments of counts, with their links
// under base ("" for none).
func postureSegments(c isms.PostureCounts, base url.Values, path string) ([]barSegment, []postureLegend) {
	segs := []barSegment{
		{Label: isms.Covered.Label(), Class: "seg-covered", Count: c.Covered},
		{Label: isms.PartlyCovered.Label(), Class: "seg-partial", Count: c.Partly},
		{Label: isms.NotCovered.Label(), Class: "seg-not-covered", Count: c.NotCovered},
		{Label: isms.NotApplicable.Label(), Class: "seg-not-applicable", Count: c.NotApplicable},
	}
	covs := []isms.Coverage{isms.Covered, isms.PartlyCovered, isms.NotCovered, isms.NotApplicable}
	legend := make([]postureLegend, len(segs))
	for i, s := range segs {
		legend[i] = postureLegend{Label: s.Label, Class: s.Class, Count: s.Count, Percent: percentOf(s.Count, c.Assessable)}
		if s.Count > 0 && path != "" {
			q := cloneValues(base)
			q.Set("coverage", string(covs[i]))
			legend[i].URL = path + "?" + q.Encode()
		}
	}
	return segs, legend
}

// newPostureView turns app's posture of a framework into its view.
func newPostureView(fp *app.FrameworkPosture) postureView {
	fw := fp.Framework
	path := "/frameworks/" + url.PathEscape(string(fw.ID))
	v := postureView{Framework: fw, Counts: fp.Counts, Percent: fp.Counts.Percent(),
		Applicable: fp.Counts.Assessable - fp.Counts.NotApplicable, URL: path, PostureURL: path + "/posture"}
	var segs []barSegment
	segs, v.Legend = postureSegments(fp.Counts, url.Values{}, path)
	v.Bar = stackedBar("Coverage of "+fw.Title(), segs)
	rows := make([]chartRow, 0, len(fp.Groups))
	for _, g := range fp.Groups {
		gv := groupView{Ref: g.Ref, Title: g.Title, Counts: g.Counts, Percent: g.Counts.Percent(),
			URL: path + "?" + url.Values{"group": {g.Ref}}.Encode()}
		var gsegs []barSegment
		gsegs, gv.Legend = postureSegments(g.Counts, url.Values{"group": {g.Ref}}, path)
		v.Groups = append(v.Groups, gv)
		rows = append(rows, chartRow{Label: groupLabel(g.Ref, g.Title), Percent: gv.Percent, Segs: gsegs})
	}
	if len(rows) > 0 {
		v.Chart = barChart("Coverage of "+fw.Title()+" by group", rows)
	}
	return v
}

// groupLabel is a group's reference and title, or the one there is.
func groupLabel(ref, title string) string {
	if title == "" || title == ref {
		return ref
	}
	if ref == "" {
		return title
	}
	return ref + " " + title
}

type posturePage struct {
	basePage
	Frameworks []postureView
	Single     bool // one framework's page
	CanManage  bool
}

func (s *Server) handlePosture(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	all, err := s.app.Posture(r.Context(), a)
	if err != nil {
		return err
	}
	p := &posturePage{CanManage: a.Can(isms.ManageFrameworks)}
	for i := range all {
		p.Frameworks = append(p.Frameworks, newPostureView(&all[i]))
	}
	p.Title = "Posture"
	return s.render(w, r, http.StatusOK, "posture", p)
}

func (s *Server) handleFrameworkPosture(w http.ResponseWriter, r *http.Request) error {
	fp, err := s.app.FrameworkPosture(r.Context(), actor(r), pathID(r))
	if err != nil {
		return err
	}
	p := &posturePage{Frameworks: []postureView{newPostureView(fp)}, Single: true}
	p.Title = "Posture: " + fp.Framework.Title()
	return s.render(w, r, http.StatusOK, "posture", p)
}

// dashboardPosture is the posture the dashboard summarizes, for readers of
// the ISMS; nil for others.
func (s *Server) dashboardPosture(r *http.Request) ([]postureView, error) {
	a := actor(r)
	if !a.Can(isms.ReadISMS) {
		return nil, nil
	}
	all, err := s.app.Posture(r.Context(), a)
	if err != nil {
		return nil, err
	}
	out := []postureView{}
	for i := range all {
		out = append(out, newPostureView(&all[i]))
	}
	return out, nil
}
