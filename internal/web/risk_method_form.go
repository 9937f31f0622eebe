// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The draft's form: one form for the whole version (scales, levels with
// their acceptance criteria, matrix, interval), and a small GET form that
// re-renders it with other scale sizes, so resizing needs no script. And
// the re-score of an older version's risks: a preview with its mapping
// form, then the same mapping applied.

// scaleEdit is one level of a scale in the form.
type scaleEdit struct {
	Name  string // "likelihood[2]"
	N     int    // 1-based
	Level isms.RiskScaleLevel
}

// levelEdit is one risk level in the form.
type levelEdit struct {
	Name   string // "levels[1]"
	N      int
	Level  isms.RiskLevel
	People [][2]string // the person select's options
}

// cellEdit is one cell of the matrix grid.
type cellEdit struct {
	Name  string // "matrix[l][i]"
	Label string // for assistive technology: "Likelihood Rare, impact Minor"
	Value int
}

// matrixEdit is one row of the grid, highest likelihood first.
type matrixEdit struct {
	Label string
	Cells []cellEdit
}

type riskMethodEditPage struct {
	basePage
	M          *isms.RiskMethod
	Action     string
	Version    int
	Errors     map[string]string
	Conflict   string
	Likelihood []scaleEdit
	Impact     []scaleEdit
	Levels     []levelEdit
	Matrix     []matrixEdit
	LevelOpts  [][2]string
	AcceptBy   [][2]string
	Resize     [3]int // likelihood, impact and level counts
	ResizeErr  string
}

// newMethodEditPage lays the draft m out as the form; err holds the
// problems of a refused save.
func (s *Server) newMethodEditPage(r *http.Request, m *isms.RiskMethod, version int, err error) (*riskMethodEditPage, error) {
	members, _, ferr := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Sort: "name", Limit: isms.MaxPageSize})
	if ferr != nil {
		return nil, ferr
	}
	people := [][2]string{{"", "Choose a person…"}}
	for _, mb := range members {
		people = append(people, [2]string{string(mb.User.ID), mb.User.Name + " (" + mb.Role.Label() + ")"})
	}
	p := &riskMethodEditPage{M: m, Action: "/risk-methods/" + string(m.ID) + "/edit", Version: version,
		Errors: isms.ErrorFields(err), Resize: [3]int{len(m.Likelihood), len(m.Impact), len(m.Levels)}}
	if isCode(err, isms.Conflict) && p.Errors == nil {
		p.Conflict = isms.ErrorMessage(err)
	}
	p.Title = "Edit risk method " + m.VersionLabel()
	for i, l := range m.Likelihood {
		p.Likelihood = append(p.Likelihood, scaleEdit{Name: fmt.Sprintf("likelihood[%d]", i), N: i + 1, Level: l})
	}
	for i, l := range m.Impact {
		p.Impact = append(p.Impact, scaleEdit{Name: fmt.Sprintf("impact[%d]", i), N: i + 1, Level: l})
	}
	for i, l := range m.Levels {
		p.Levels = append(p.Levels, levelEdit{Name: fmt.Sprintf("levels[%d]", i), N: i + 1, Level: l, People: people})
		p.LevelOpts = append(p.LevelOpts, [2]string{strconv.Itoa(i + 1), l.Label})
	}
	for _, a := range isms.AcceptByValues {
		p.AcceptBy = append(p.AcceptBy, [2]string{string(a), a.Label()})
	}
	for l := len(m.Likelihood) - 1; l >= 0; l-- {
		row := matrixEdit{Label: m.Likelihood[l].Label}
		for i := range m.Impact {
			v := 0
			if l < len(m.Matrix) && i < len(m.Matrix[l]) {
				v = m.Matrix[l][i]
			}
			row.Cells = append(row.Cells, cellEdit{Name: fmt.Sprintf("matrix[%d][%d]", l, i), Value: v,
				Label: "Likelihood " + m.Likelihood[l].Label + ", impact " + m.Impact[i].Label})
		}
		p.Matrix = append(p.Matrix, row)
	}
	return p, nil
}

// editableMethod returns the draft of the request's path for its form.
func (s *Server) editableMethod(r *http.Request) (*isms.RiskMethod, error) {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageRiskMethod, "You may not change the risk method."); err != nil {
		return nil, err
	}
	d, err := s.app.FindRiskMethod(r.Context(), a, pathID(r))
	if err != nil {
		return nil, err
	}
	if d.Method.Status != isms.MethodDraft {
		return nil, isms.Errorf(isms.Conflict, "Version %s is %s and cannot change; start a new version from the risk method page.", d.Method.VersionLabel(), d.Method.Status)
	}
	return d.Method, nil
}

func (s *Server) handleRiskMethodEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMethod(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	resizeErr := ""
	if q.Has("likelihood") || q.Has("impact") || q.Has("levels") {
		nl, ni, nv := formInt(r, "likelihood"), formInt(r, "impact"), formInt(r, "levels")
		if inScale(nl) && inScale(ni) && inScale(nv) {
			m = resizeMethod(m, nl, ni, nv)
		} else {
			resizeErr = "Each scale and the risk levels need 2 to 10 levels."
		}
	}
	p, err := s.newMethodEditPage(r, m, m.Version, nil)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if resizeErr != "" {
		p.ResizeErr, status = resizeErr, http.StatusUnprocessableEntity
		p.Resize = [3]int{formInt(r, "likelihood"), formInt(r, "impact"), formInt(r, "levels")}
	}
	return s.render(w, r, status, "risk_method_edit", p)
}

func inScale(n int) bool { return n >= isms.MinScaleLevels && n <= isms.MaxScaleLevels }

func (s *Server) handleRiskMethodUpdate(w http.ResponseWriter, r *http.Request) error {
	stored, err := s.editableMethod(r)
	if err != nil {
		return err
	}
	m, problems := postedMethod(r)
	m.ID, m.OrgID, m.Number, m.Status = stored.ID, stored.OrgID, stored.Number, stored.Status
	version := formInt(r, "version")
	if len(problems) > 0 {
		// Report the form's own problems with every other one at once.
		check := *m
		check.Normalize()
		for f, msg := range isms.ErrorFields(check.Validate()) {
			if _, ok := problems[f]; !ok {
				problems[f] = msg
			}
		}
		err = problems.Err()
	} else {
		var saved *isms.RiskMethod
		if saved, err = s.app.UpdateRiskMethod(r.Context(), actor(r), m.ID, version, m); err == nil {
			s.flash(w, "ok", "Draft "+saved.VersionLabel()+" saved. Submit it for approval when it is complete.")
			http.Redirect(w, r, "/risk-methods/"+string(saved.ID), http.StatusSeeOther)
			return nil
		}
	}
	if isms.ErrorFields(err) == nil && !isCode(err, isms.Conflict) {
		return err
	}
	p, perr := s.newMethodEditPage(r, m, version, err)
	if perr != nil {
		return perr
	}
	return s.render(w, r, statusOf(isms.ErrorCode(err)), "risk_method_edit", p)
}

// postedCount reads a hidden row count, bounded to the largest scale.
func postedCount(r *http.Request, name string) int {
	return min(max(formInt(r, name), 0), isms.MaxScaleLevels)
}

// postedInt reads a whole number, recording a problem when it is not one.
func postedInt(r *http.Request, p isms.Problems, name, label string) int {
	v := strings.TrimSpace(r.PostFormValue(name))
	n, err := strconv.Atoi(v)
	if err != nil {
		p.Add(name, label+" must be a whole number.")
	}
	return n
}

// postedMethod reads the draft's form; the problems are the values that
// are not numbers.
func postedMethod(r *http.Request) (*isms.RiskMethod, isms.Problems) {
	p := isms.Problems{}
	m := &isms.RiskMethod{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"),
		CIA: r.PostFormValue("cia") != "", ImpactRule: isms.ImpactRule(r.PostFormValue("impactRule"))}
	m.ReviewMonths = postedInt(r, p, "reviewMonths", "The reassessment interval")
	scale := func(field, label string) []isms.RiskScaleLevel {
		var out []isms.RiskScaleLevel
		for i := range postedCount(r, field+"Count") {
			f := fmt.Sprintf("%s[%d]", field, i)
			out = append(out, isms.RiskScaleLevel{Value: postedInt(r, p, f+".value", fmt.Sprintf("%s level %d value", label, i+1)),
				Label: r.PostFormValue(f + ".label"), Criteria: r.PostFormValue(f + ".criteria")})
		}
		return out
	}
	m.Likelihood, m.Impact = scale("likelihood", "Likelihood"), scale("impact", "Impact")
	for i := range postedCount(r, "levelCount") {
		f := fmt.Sprintf("levels[%d]", i)
		m.Levels = append(m.Levels, isms.RiskLevel{Key: r.PostFormValue(f + ".key"), Label: r.PostFormValue(f + ".label"),
			Color: r.PostFormValue(f + ".color"), Retain: r.PostFormValue(f+".retain") != "",
			AcceptBy: isms.AcceptBy(r.PostFormValue(f + ".acceptBy")), AcceptUserID: isms.ID(r.PostFormValue(f + ".acceptUserId"))})
	}
	for l := range m.Likelihood {
		row := make([]int, len(m.Impact))
		for i := range row {
			f := fmt.Sprintf("matrix[%d][%d]", l, i)
			row[i] = postedInt(r, p, f, fmt.Sprintf("Matrix cell (likelihood %d, impact %d)", l+1, i+1))
		}
		m.Matrix = append(m.Matrix, row)
	}
	return m, p
}

// resizeMethod returns a copy of m with nl likelihood levels, ni impact
// levels and nv risk levels: levels beyond the old scale are added after
// its top, and the matrix is stretched over the new sizes.
func resizeMethod(m *isms.RiskMethod, nl, ni, nv int) *isms.RiskMethod {
	out := m.NextDraft(m.Number)
	out.ID, out.Status, out.Version = m.ID, m.Status, m.Version
	out.Likelihood, out.Impact = resizeScale(m.Likelihood, nl), resizeScale(m.Impact, ni)
	out.Levels = out.Levels[:min(nv, len(out.Levels))]
	for k := len(out.Levels); k < nv; k++ {
		out.Levels = append(out.Levels, isms.RiskLevel{Key: fmt.Sprintf("level-%d", k+1), Label: fmt.Sprintf("Level %d", k+1),
			Color: "#9e9e9e", AcceptBy: isms.AcceptByManager})
	}
	out.Matrix = make([][]int, nl)
	for l := range nl {
		out.Matrix[l] = make([]int, ni)
		for i := range ni {
			v := m.LevelOf(stretchPos(l, nl, len(m.Likelihood))+1, stretchPos(i, ni, len(m.Impact))+1)
			if v < 1 {
				v = 1
			}
			out.Matrix[l][i] = stretchPos(v-1, len(m.Levels), nv) + 1
		}
	}
	return out
}

// resizeScale keeps the first n levels of s and adds levels above its top.
func resizeScale(s []isms.RiskScaleLevel, n int) []isms.RiskScaleLevel {
	out := append([]isms.RiskScaleLevel(nil), s[:min(n, len(s))]...)
	for k := len(out); k < n; k++ {
		v := k + 1
		if k > 0 {
			v = out[k-1].Value + 1
		}
		out = append(out, isms.RiskScaleLevel{Value: v, Label: fmt.Sprintf("Level %d", k+1)})
	}
	return out
}

// stretchPos maps 0-based position k of a scale of from levels to the
// position at the same relative height on a scale of to levels.
func stretchPos(k, from, to int) int {
	if from <= 1 || to <= 1 {
		return 0
	}
	return (2*k*(to-1) + (from - 1)) / (2 * (from - 1))
}

// rescoreMapRow is one old scale level and the new level it becomes.
type rescoreMapRow struct {
	Name    string // "likelihood[0]"
	Old     string // the old level's label
	Value   int
	Options [][2]string
}

// rescoreRow is one risk of a re-scoring preview.
type rescoreRow struct {
	Risk                          *isms.Risk
	InherentBefore, InherentAfter *levelCell
	ResidualBefore, ResidualAfter *levelCell
	Changed                       bool // a level label differs after
}

type riskMethodRescorePage struct {
	basePage
	Plan       *app.RescorePlan
	Likelihood []rescoreMapRow
	Impact     []rescoreMapRow
	Rows       []rescoreRow
	Changed    int // risks whose level label changes
	More       int // risks not shown
	Errors     map[string]string
	CanApply   bool
}

// rescoreShown bounds the rows a preview lists; the count covers all.
const rescoreShown = 500

// rescoreMapFrom reads a mapping ("likelihood[0]=2&impact[0]=1…") from v;
// nil when v names none.
func rescoreMapFrom(v url.Values) *isms.RescoreMap {
	read := func(field string) []int {
		var out []int
		for k := 0; k < isms.MaxScaleLevels; k++ {
			name := fmt.Sprintf("%s[%d]", field, k)
			if !v.Has(name) {
				break
			}
			n, _ := strconv.Atoi(strings.TrimSpace(v.Get(name)))
			out = append(out, n)
		}
		return out
	}
	rm := &isms.RescoreMap{Likelihood: read("likelihood"), Impact: read("impact")}
	if rm.Likelihood == nil && rm.Impact == nil {
		return nil
	}
	return rm
}

func (s *Server) handleRiskMethodRescore(w http.ResponseWriter, r *http.Request) error {
	return s.renderRescore(w, r, http.StatusOK, rescoreMapFrom(r.URL.Query()), nil)
}

// renderRescore renders the preview of re-scoring the path's version's
// risks with rm (the proposed mapping when nil); mapErr holds the
// problems of a refused mapping.
func (s *Server) renderRescore(w http.ResponseWriter, r *http.Request, status int, rm *isms.RescoreMap, mapErr error) error {
	a := actor(r)
	plan, err := s.app.RescorePreview(r.Context(), a, pathID(r), rm)
	if isms.ErrorFields(err) != nil && rm != nil {
		mapErr, status = err, http.StatusUnprocessableEntity
		plan, err = s.app.RescorePreview(r.Context(), a, pathID(r), nil)
	}
	if err != nil {
		return err
	}
	p := &riskMethodRescorePage{Plan: plan, Errors: isms.ErrorFields(mapErr), CanApply: a.Can(isms.ManageRiskMethod)}
	p.Title = "Re-score risks of " + plan.From.VersionLabel() + " under " + plan.To.VersionLabel()
	p.Likelihood = rescoreMapRows("likelihood", plan.From.Likelihood, plan.To.Likelihood, plan.Map.Likelihood)
	p.Impact = rescoreMapRows("impact", plan.From.Impact, plan.To.Impact, plan.Map.Impact)
	for i, row := range plan.Rows {
		v := rescoreRow{Risk: row.Risk,
			InherentBefore: levelCellOf(plan.From, row.Risk.Inherent.Level), InherentAfter: levelCellOf(plan.To, row.Inherent.Level),
			ResidualBefore: levelCellOf(plan.From, row.Risk.Residual.Level), ResidualAfter: levelCellOf(plan.To, row.Residual.Level)}
		v.Changed = cellLabel(v.InherentBefore) != cellLabel(v.InherentAfter) || cellLabel(v.ResidualBefore) != cellLabel(v.ResidualAfter)
		if v.Changed {
			p.Changed++
		}
		if i < rescoreShown {
			p.Rows = append(p.Rows, v)
		}
	}
	p.More = len(plan.Rows) - len(p.Rows)
	return s.render(w, r, status, "risk_method_rescore", p)
}

func cellLabel(c *levelCell) string {
	if c == nil {
		return ""
	}
	return c.Label
}

// rescoreMapRows lays out one scale's mapping: a select per old level.
func rescoreMapRows(field string, from, to []isms.RiskScaleLevel, m []int) []rescoreMapRow {
	var opts [][2]string
	for k, l := range to {
		opts = append(opts, [2]string{strconv.Itoa(k + 1), fmt.Sprintf("%d %s", l.Value, l.Label)})
	}
	out := make([]rescoreMapRow, len(from))
	for k, l := range from {
		out[k] = rescoreMapRow{Name: fmt.Sprintf("%s[%d]", field, k), Old: fmt.Sprintf("%d %s", l.Value, l.Label), Options: opts}
		if k < len(m) {
			out[k].Value = m[k]
		}
	}
	return out
}

func (s *Server) handleRiskMethodRescoreApply(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read: %v.", err)
	}
	a, rm := actor(r), rescoreMapFrom(r.PostForm)
	if rm == nil {
		plan, err := s.app.RescorePreview(r.Context(), a, pathID(r), nil)
		if err != nil {
			return err
		}
		rm = &plan.Map
	}
	n, err := s.app.Rescore(r.Context(), a, pathID(r), *rm)
	if isms.ErrorFields(err) != nil {
		return s.renderRescore(w, r, http.StatusUnprocessableEntity, rm, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Re-scored "+plural(n, "risk", "risks")+" under the current method. The audit trail records each change; acceptances of the old scores have ended.")
	http.Redirect(w, r, "/risk-method", http.StatusSeeOther)
	return nil
}
