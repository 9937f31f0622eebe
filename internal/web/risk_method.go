// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The risk method (27001 6.1.2 a–b): the current approved version with its
// scales, matrix and acceptance criteria, the list of versions, a version's
// own page with its approval, and the start of a new version from a preset
// or a copy of the current one.

func init() {
	addPhrases(map[string]string{
		"risk_method.create": "started a risk method version", "risk_method.update": "changed a risk method draft",
		"risk_method.delete": "deleted a risk method draft", "risk_method.approve": "approved a risk method version",
		"risk_method.rescore": "re-scored the risks of a risk method version",
	})
}

// levelCell is a risk level as pages show it: its label on its colour, in
// black or white ink, whichever contrasts more.
type levelCell struct {
	N     int // the level number, 1 for the lowest
	Label string
	Color string
	Ink   string // "ink-dark" or "ink-light"
}

var hexColorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// levelOf returns level n of m for display, or nil when m is nil or n is
// not one of its levels.
func levelCellOf(m *isms.RiskMethod, n int) *levelCell {
	if m == nil {
		return nil
	}
	l := m.Level(n)
	if l == nil {
		return nil
	}
	c := l.Color
	if !hexColorRE.MatchString(c) {
		c = "#9e9e9e"
	}
	return &levelCell{N: n, Label: l.Label, Color: c, Ink: inkFor(c)}
}

// inkFor returns the text class that reads best on colour c (#rrggbb):
// dark ink when black contrasts more with it than white (WCAG contrast).
func inkFor(c string) string {
	lum := 0.0
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			s /= 12.92
		} else {
			s = math.Pow((s+0.055)/1.055, 2.4)
		}
		lum += w * s
	}
	if (lum+0.05)/0.05 >= 1.05/(lum+0.05) {
		return "ink-dark"
	}
	return "ink-light"
}

// criteriaRow is one level's acceptance criteria in words.
type criteriaRow struct {
	Level    *levelCell
	Retain   bool
	AcceptBy string
}

// matrixRow is one likelihood row of the matrix, highest likelihood first.
type matrixRow struct {
	Likelihood isms.RiskScaleLevel
	Cells      []*levelCell
}

// methodView is a method version laid out for its pages.
type methodView struct {
	M          *isms.RiskMethod
	Likelihood []isms.RiskScaleLevel // lowest first
	Impact     []isms.RiskScaleLevel
	Matrix     []matrixRow
	Criteria   []criteriaRow
}

// newMethodView lays m out; names resolves the IDs of named acceptors.
func newMethodView(m *isms.RiskMethod, names map[isms.ID]string) *methodView {
	v := &methodView{M: m, Likelihood: m.Likelihood, Impact: m.Impact}
	for l := len(m.Likelihood); l >= 1; l-- {
		row := matrixRow{Likelihood: m.Likelihood[l-1]}
		for i := 1; i <= len(m.Impact); i++ {
			row.Cells = append(row.Cells, levelCellOf(m, m.LevelOf(l, i)))
		}
		v.Matrix = append(v.Matrix, row)
	}
	for n, l := range m.Levels {
		who := l.AcceptBy.Label()
		if l.AcceptBy == isms.AcceptByPerson {
			who = names[l.AcceptUserID]
			if who == "" {
				who = "A named person who is no longer a member"
			}
		}
		v.Criteria = append(v.Criteria, criteriaRow{Level: levelCellOf(m, n+1), Retain: l.Retain, AcceptBy: who})
	}
	return v
}

// memberNames returns the names of the organization's members by user ID.
func (s *Server) memberNames(r *http.Request) (map[isms.ID]string, error) {
	members, _, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := make(map[isms.ID]string, len(members))
	for _, m := range members {
		out[m.User.ID] = m.User.Name
	}
	return out, nil
}

// methodVersionRow is one version in the list of versions.
type methodVersionRow struct {
	M       *isms.RiskMethod
	Risks   int  // scored under it
	Current bool // the approved version risks are scored under
}

type riskMethodPage struct {
	basePage
	Current   *methodView // nil while no version is approved
	Draft     *isms.RiskMethod
	Versions  []methodVersionRow
	Outdated  []methodVersionRow // older versions that still have risks
	Presets   []int
	NewForm   [][2]string // the choices of a new version
	CanManage bool
}

func (s *Server) handleRiskMethod(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	methods, err := s.app.RiskMethods(r.Context(), a)
	if err != nil {
		return err
	}
	p := &riskMethodPage{Presets: isms.RiskMethodPresetSizes, CanManage: a.Can(isms.ManageRiskMethod)}
	p.Title = "Risk method"
	var current *isms.RiskMethod
	for _, m := range methods {
		row := methodVersionRow{M: m, Current: m.Status == isms.MethodApproved}
		d, err := s.app.FindRiskMethod(r.Context(), a, m.ID)
		if err != nil {
			return err
		}
		row.Risks = d.Risks
		switch {
		case row.Current:
			current = m
		case m.Status == isms.MethodDraft:
			p.Draft = m
		}
		p.Versions = append(p.Versions, row)
	}
	if current != nil {
		names, err := s.memberNames(r)
		if err != nil {
			return err
		}
		p.Current = newMethodView(current, names)
		for _, row := range p.Versions {
			if row.M.Status == isms.MethodSuperseded && row.Risks > 0 {
				p.Outdated = append(p.Outdated, row)
			}
		}
		p.NewForm = [][2]string{{"0", "A copy of the current version " + current.VersionLabel()}}
	}
	for _, n := range isms.RiskMethodPresetSizes {
		p.NewForm = append(p.NewForm, [2]string{strconv.Itoa(n), presetLabel(n)})
	}
	return s.render(w, r, http.StatusOK, "risk_method", p)
}

// presetLabel names a ready-made method.
func presetLabel(n int) string {
	return strconv.Itoa(n) + " × " + strconv.Itoa(n) + " starting point"
}

func (s *Server) handleRiskMethodCreate(w http.ResponseWriter, r *http.Request) error {
	preset := formInt(r, "preset")
	m, err := s.app.CreateRiskMethodDraft(r.Context(), actor(r), app.RiskMethodDraftInput{Preset: preset})
	if isCode(err, isms.Conflict) || isms.ErrorFields(err) != nil {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/risk-method", http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Draft "+m.VersionLabel()+" started. Adjust it to your organization, then submit it for approval.")
	http.Redirect(w, r, "/risk-methods/"+string(m.ID)+"/edit", http.StatusSeeOther)
	return nil
}

type riskMethodShowPage struct {
	basePage
	Detail    *app.RiskMethodDetail
	View      *methodView
	CanManage bool
	CanSubmit bool // a draft not awaiting approval
	Submit    formView
	Rescore   bool // risks are scored under it and a newer version is current
	Pending   bool // submitted and awaiting a decision
	History   []historyEntry
}

// historyEntry is an audit event of a method version: its plain changes
// in full, and the scales, levels or matrix it changed by name only (the
// audit trail has them whole).
type historyEntry struct {
	E       *isms.AuditEvent
	Plain   []changeRow
	Changed []string
}

func methodHistory(events []*isms.AuditEvent) []historyEntry {
	out := make([]historyEntry, len(events))
	for i, e := range events {
		out[i].E = e
		var c map[string]isms.Change
		if json.Unmarshal([]byte(e.Changes), &c) == nil {
			for f, ch := range c {
				if composite(ch.Before) || composite(ch.After) {
					out[i].Changed = append(out[i].Changed, f)
				}
			}
			slices.Sort(out[i].Changed)
		}
		for _, row := range parseChanges(e.Changes) {
			if !slices.Contains(out[i].Changed, row.Field) {
				out[i].Plain = append(out[i].Plain, row)
			}
		}
	}
	return out
}

// composite reports whether a decoded JSON value is an object or array.
func composite(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func (s *Server) handleRiskMethodShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderRiskMethod(w, r, http.StatusOK, nil, "")
}

// renderRiskMethod renders a version's page; submitErr and note are the
// submission form's problems and text when a submission was refused.
func (s *Server) renderRiskMethod(w http.ResponseWriter, r *http.Request, status int, submitErr error, note string) error {
	a := actor(r)
	d, err := s.app.FindRiskMethod(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	names, err := s.memberNames(r)
	if err != nil {
		return err
	}
	m := d.Method
	p := &riskMethodShowPage{Detail: d, View: newMethodView(m, names), CanManage: a.Can(isms.ManageRiskMethod)}
	p.Title = "Risk method " + m.VersionLabel()
	p.Rescore = d.Current != nil && d.Current.ID != m.ID && d.Risks > 0 && m.Status != isms.MethodDraft
	p.Pending = d.Latest != nil && d.Latest.Status == isms.ApprovalPending
	p.CanSubmit = p.CanManage && a.Can(isms.SubmitApprovals) && m.Status == isms.MethodDraft && !p.Pending
	if p.CanSubmit {
		if p.Submit, err = s.submitForm(r, "/risk-methods/"+string(m.ID)+"/submit", m.Version, note); err != nil {
			return err
		}
		p.Submit.withErrors(submitErr)
	}
	if a.Can(isms.ReadAuditTrail) {
		events, _, err := s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "risk_method", ObjectID: m.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
		p.History = methodHistory(events)
	}
	return s.render(w, r, status, "risk_method_show", p)
}

func (s *Server) handleRiskMethodSubmit(w http.ResponseWriter, r *http.Request) error {
	in := app.SubmitInput{ObjectType: "risk_method", ObjectID: pathID(r), Version: formInt(r, "version"),
		ApproverIDs: []isms.ID{isms.ID(r.PostFormValue("approvers")), isms.ID(r.PostFormValue("approvers2"))},
		Note:        r.PostFormValue("note")}
	ap, err := s.app.SubmitForApproval(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderRiskMethod(w, r, statusOf(isms.ErrorCode(err)), err, in.Note)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Submitted for approval. Once approved, new risks are scored under this version.")
	http.Redirect(w, r, "/approvals/"+string(ap.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleRiskMethodDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteRiskMethodDraft(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Draft deleted. The approved version stays in force.")
	http.Redirect(w, r, "/risk-method", http.StatusSeeOther)
	return nil
}
