// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The ISMS scope (ISO/IEC 27001 4.3): the approved version in force and
// the draft with its submission for approval, the form that edits the
// draft, the list of versions, one version, and two versions compared.

func init() {
	addPhrases(map[string]string{
		"isms_scope.create": "started a draft of the ISMS scope", "isms_scope.update": "changed the draft of the ISMS scope",
		"isms_scope.delete": "discarded the draft of the ISMS scope", "isms_scope.approve": "approved a version of the ISMS scope",
	})
}

// scopeBlankRows is how many empty rows of interfaces and of exclusions
// the form offers below the filled ones.
const scopeBlankRows = 5

type scopePage struct {
	basePage
	Approved  *isms.Scope // nil while none is approved
	Draft     *isms.Scope // nil when there is no draft
	Pending   *isms.Approval
	CanManage bool
	CanSubmit bool // a draft not awaiting approval, and the right to submit it
	Submit    formView
}

func (s *Server) handleScope(w http.ResponseWriter, r *http.Request) error {
	return s.renderScope(w, r, http.StatusOK, nil, "")
}

// renderScope renders the scope's page; submitErr and note are the
// submission form's problems and text when a submission was refused.
func (s *Server) renderScope(w http.ResponseWriter, r *http.Request, status int, submitErr error, note string) error {
	a := actor(r)
	approved, draft, err := s.app.CurrentScope(r.Context(), a)
	if err != nil {
		return err
	}
	p := &scopePage{Approved: approved, Draft: draft, CanManage: a.Can(isms.ManageLeadership)}
	p.Title = "ISMS scope"
	if draft != nil {
		d, err := s.app.FindScope(r.Context(), a, string(draft.ID))
		if err != nil {
			return err
		}
		if d.Latest != nil && d.Latest.Status == isms.ApprovalPending {
			p.Pending = d.Latest
		}
		p.CanSubmit = p.CanManage && a.Can(isms.SubmitApprovals) && p.Pending == nil
	}
	if p.CanSubmit {
		if p.Submit, err = s.submitForm(r, "/scope/submit", draft.Version, note); err != nil {
			return err
		}
		p.Submit.withErrors(submitErr)
	}
	return s.render(w, r, status, "scope", p)
}

// scopeRow is one row of the interfaces or exclusions of the form: its
// two inputs' names, values and problems.
type scopeRow struct {
	N              int // 1-based, for labels
	NameA, NameB   string
	ValueA, ValueB string
	ErrA, ErrB     string
}

type scopeEditPage struct {
	basePage
	Lede         string
	DraftVersion int    // the draft's version, 0 when saving starts a new draft
	From         string // the approved version the new draft starts from
	Statement    string
	Units        string
	Locations    string
	InScope      string
	Interfaces   []scopeRow
	Exclusions   []scopeRow
	Errors       map[string]string
	Conflict     string
}

// scopeRows lays out filled rows plus blank ones, with each row's problems.
func scopeRows(list string, a, b string, values [][2]string, errs map[string]string) []scopeRow {
	out := make([]scopeRow, 0, len(values)+scopeBlankRows)
	for i := 0; i < len(values)+scopeBlankRows; i++ {
		row := scopeRow{N: i + 1, NameA: fmt.Sprintf("%s[%d].%s", list, i, a), NameB: fmt.Sprintf("%s[%d].%s", list, i, b)}
		if i < len(values) {
			row.ValueA, row.ValueB = values[i][0], values[i][1]
		}
		row.ErrA, row.ErrB = errs[row.NameA], errs[row.NameB]
		out = append(out, row)
	}
	return out
}

// renderScopeEdit renders the form with in, the draft's version (0 for a
// new draft) and the problems of err.
func (s *Server) renderScopeEdit(w http.ResponseWriter, r *http.Request, status int, in app.ScopeInput, version int, from string, err error) error {
	p := &scopeEditPage{DraftVersion: version, From: from, Statement: in.Statement, Units: strings.Join(in.Units, "\n"),
		Locations: strings.Join(in.Locations, "\n"), InScope: strings.Join(in.InScope, "\n"), Errors: isms.ErrorFields(err)}
	if isCode(err, isms.Conflict) && p.Errors == nil {
		p.Conflict = isms.ErrorMessage(err)
	}
	var ifaces, excl [][2]string
	for _, x := range in.Interfaces {
		ifaces = append(ifaces, [2]string{x.Party, x.Description})
	}
	for _, x := range in.Exclusions {
		excl = append(excl, [2]string{x.Item, x.Justification})
	}
	p.Interfaces = scopeRows("interfaces", "party", "description", ifaces, p.Errors)
	p.Exclusions = scopeRows("exclusions", "item", "justification", excl, p.Errors)
	p.Title = "Edit the ISMS scope"
	switch {
	case version == 0 && from != "":
		p.Lede = "Saving starts a new draft from the approved version " + from + ", which stays in force until the draft is approved."
	case version == 0:
		p.Lede = "Write down what your ISMS covers. Saving makes a draft; top management then approves it."
	default:
		p.Lede = "Changes to the draft are recorded in the audit trail. The approved version stays in force until the draft is approved."
	}
	return s.render(w, r, status, "scope_edit", p)
}

// scopeInputOf returns the parts of sc as the form edits them.
func scopeInputOf(sc *isms.Scope) app.ScopeInput {
	return app.ScopeInput{Statement: sc.Statement, Units: sc.Units, Locations: sc.Locations, InScope: sc.InScope,
		Interfaces: sc.Interfaces, Exclusions: sc.Exclusions}
}

func (s *Server) handleScopeEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageLeadership, "You may not change the ISMS scope."); err != nil {
		return err
	}
	approved, draft, err := s.app.CurrentScope(r.Context(), a)
	if err != nil {
		return err
	}
	switch {
	case draft != nil:
		return s.renderScopeEdit(w, r, http.StatusOK, scopeInputOf(draft), draft.Version, "", nil)
	case approved != nil:
		return s.renderScopeEdit(w, r, http.StatusOK, scopeInputOf(approved), 0, approved.VersionLabel(), nil)
	}
	return s.renderScopeEdit(w, r, http.StatusOK, app.ScopeInput{}, 0, "", nil)
}

// scopeFormInput reads the form: lists one item per line; rows of
// interfaces and exclusions left wholly empty are skipped.
func scopeFormInput(r *http.Request) app.ScopeInput {
	in := app.ScopeInput{Statement: r.PostFormValue("statement"), Units: isms.SplitLines(r.PostFormValue("units")),
		Locations: isms.SplitLines(r.PostFormValue("locations")), InScope: isms.SplitLines(r.PostFormValue("inScope"))}
	for i := 0; i < isms.MaxScopeItems+scopeBlankRows; i++ {
		pre := fmt.Sprintf("interfaces[%d].", i)
		party, desc := strings.TrimSpace(r.PostFormValue(pre+"party")), strings.TrimSpace(r.PostFormValue(pre+"description"))
		if party != "" || desc != "" {
			in.Interfaces = append(in.Interfaces, isms.ScopeInterface{Party: party, Description: desc})
		}
		pre = fmt.Sprintf("exclusions[%d].", i)
		item, why := strings.TrimSpace(r.PostFormValue(pre+"item")), strings.TrimSpace(r.PostFormValue(pre+"justification"))
		if item != "" || why != "" {
			in.Exclusions = append(in.Exclusions, isms.ScopeExclusion{Item: item, Justification: why})
		}
	}
	return in
}

func (s *Server) handleScopeSave(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	in, version := scopeFormInput(r), formInt(r, "version")
	sc, err := s.app.SaveScopeDraft(r.Context(), actor(r), version, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderScopeEdit(w, r, statusOf(isms.ErrorCode(err)), in, version, r.PostFormValue("from"), err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Draft "+sc.VersionLabel()+" of the scope saved. Submit it for approval when it is complete.")
	http.Redirect(w, r, "/scope", http.StatusSeeOther)
	return nil
}

func (s *Server) handleScopeSubmit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	_, draft, err := s.app.CurrentScope(r.Context(), a)
	if err != nil {
		return err
	}
	if draft == nil {
		return isms.Errorf(isms.NotFound, "There is no draft of the scope to submit; edit the scope first.")
	}
	in := app.SubmitInput{ObjectType: "isms_scope", ObjectID: draft.ID, Version: formInt(r, "version"),
		ApproverIDs: []isms.ID{isms.ID(r.PostFormValue("approvers")), isms.ID(r.PostFormValue("approvers2"))},
		Note:        r.PostFormValue("note")}
	ap, err := s.app.SubmitForApproval(r.Context(), a, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderScope(w, r, statusOf(isms.ErrorCode(err)), err, in.Note)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Submitted for approval. Once approved, "+draft.VersionLabel()+" is the scope in force.")
	http.Redirect(w, r, "/approvals/"+string(ap.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleScopeDiscard(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageLeadership, "You may not change the ISMS scope."); err != nil {
		return err
	}
	_, draft, err := s.app.CurrentScope(r.Context(), a)
	if err != nil {
		return err
	}
	if draft == nil {
		return isms.Errorf(isms.NotFound, "There is no draft of the scope to discard.")
	}
	if err := s.app.DeleteScopeDraft(r.Context(), a, draft.ID); err != nil {
		return err
	}
	s.flash(w, "ok", "Draft "+draft.VersionLabel()+" discarded. The approved version stays in force.")
	http.Redirect(w, r, "/scope", http.StatusSeeOther)
	return nil
}

// scopeCard is the dashboard's card of the ISMS scope: the approved
// version in force, or nil Approved when none is.
type scopeCard struct {
	Approved  *isms.Scope
	Statement string // the approved statement, shortened
	Draft     bool   // a draft is being prepared
	CanManage bool
}

// dashboardScope returns the dashboard's scope card, nil for those who
// may not read the ISMS.
func (s *Server) dashboardScope(r *http.Request) (*scopeCard, error) {
	a := actor(r)
	if !a.Can(isms.ReadISMS) {
		return nil, nil
	}
	approved, draft, err := s.app.CurrentScope(r.Context(), a)
	if err != nil {
		return nil, err
	}
	c := &scopeCard{Approved: approved, Draft: draft != nil, CanManage: a.Can(isms.ManageLeadership)}
	if approved != nil {
		c.Statement = approved.Statement
		if r := []rune(strings.Join(strings.Fields(c.Statement), " ")); len(r) > 220 {
			c.Statement = string(r[:219]) + "…"
		}
	}
	return c, nil
}
