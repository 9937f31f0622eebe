// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// The Statement of Applicability (ISO/IEC 27001 6.1.3 d): the page of one
// framework's SoA (its draft, else its approved version), one version with
// its summary, consistency issues and lines, and the forms that start,
// annotate, submit and discard a draft.

func init() {
	addPhrases(map[string]string{
		"soa.create": "started a draft of the Statement of Applicability", "soa.update": "changed the note of a draft of the Statement of Applicability",
		"soa.line.update": "changed a line of the Statement of Applicability", "soa.delete": "discarded a draft of the Statement of Applicability",
		"soa.approve": "approved a version of the Statement of Applicability",
	})
}

// soaPage is an SoA version's page, or the empty state of a framework
// without any version (View nil).
type soaPage struct {
	basePage
	Framework     *isms.Framework // nil when the default framework is not in the organization
	Frameworks    [][2]string     // every framework of the organization: ID, name
	View          *app.SoAView
	Approved      *isms.SoA // the approved version of the framework when the page shows another one
	Draft         *isms.SoA // the draft of the framework when the page shows another one
	Status        soaStatusView
	Lines         soaLines
	Errors        []soaIssueGroup
	Warnings      []soaIssueGroup
	ByStatus      []soaCount
	Prev          string // the label of the version before, for the comparison
	CanGenerate   bool   // may start a draft, and none exists
	CanEdit       bool   // the shown draft can change, and the actor may change it
	CanSubmit     bool
	Submit        formView
	SubmitProblem string // why the submission was refused, when it was
	Note          string
	NoteError     string
	NoteConflict  string
	Bulk          soaBulk // the form deciding the ticked lines

	submitErr  error  // the refused submission's problems
	submitNote string // and its note to approvers
}

// soaStatusView is how a version's status reads, with its chip's class.
type soaStatusView struct{ Label, Class string }

// soaStatusOf names where v stands: a draft whose submission is pending
// awaits approval.
func soaStatusOf(v *app.SoAView) soaStatusView {
	switch {
	case v.SoA.Status == isms.SoAApproved:
		return soaStatusView{"Approved", "chip-ok"}
	case v.SoA.Status == isms.SoASuperseded:
		return soaStatusView{"Superseded", "chip-muted"}
	case v.Pending:
		return soaStatusView{"Awaiting approval", "chip-warn"}
	}
	return soaStatusView{"Draft", "chip-info"}
}

// soaIssueGroup is the issues of one consistency rule: a summary with
// the lines it concerns, or (Detailed) each line's own message, which
// names more than the line.
type soaIssueGroup struct {
	Rule     string
	Summary  string
	Detailed bool
	Issues   []isms.SoAIssue
}

// soaRuleSummaries say what the lines of each rule have in common.
var soaRuleSummaries = map[string]string{
	isms.SoARuleUndecided:            "await a decision: applicable or not",
	isms.SoARuleExclusionUnjustified: "are excluded without a justification",
	isms.SoARuleInclusionNoSource:    "are applicable without a source: link a risk treatment or obligation, or give the business requirement or good practice",
	isms.SoARuleImplementedNoControl: "are marked implemented, but none of their linked controls is implemented",
	isms.SoARuleApplicableNoControl:  "are applicable, but no control of the organization carries them out",
}

// soaIssueGroups groups the issues of severity sev by rule, in the order
// the rules first occur.
func soaIssueGroups(issues []isms.SoAIssue, sev isms.SoASeverity) []soaIssueGroup {
	var out []soaIssueGroup
	at := map[string]int{}
	for _, is := range issues {
		if is.Severity != sev {
			continue
		}
		i, ok := at[is.Rule]
		if !ok {
			summary, known := soaRuleSummaries[is.Rule]
			i, at[is.Rule] = len(out), len(out)
			out = append(out, soaIssueGroup{Rule: is.Rule, Summary: summary, Detailed: !known})
		}
		out[i].Issues = append(out[i].Issues, is)
	}
	return out
}

// soaCount is one implementation status and how many applicable lines
// have it.
type soaCount struct {
	Status isms.SoAImplStatus
	Count  int
}

// soaFrameworkParam is the framework a request names (?framework=, an ID
// or key), ISO/IEC 27001:2022 when it names none.
func soaFrameworkParam(r *http.Request) string {
	if fw := r.URL.Query().Get("framework"); fw != "" {
		return fw
	}
	if fw := r.PostFormValue("framework"); fw != "" {
		return fw
	}
	return catalog.KeyISO2022
}

func (s *Server) handleSoA(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	fw, err := s.app.FindFramework(r.Context(), a, soaFrameworkParam(r))
	if err != nil && (!isCode(err, isms.NotFound) || r.URL.Query().Get("framework") != "") {
		return err // only the default framework's absence has a page of its own
	}
	p := &soaPage{Framework: fw}
	p.Title = "Statement of Applicability"
	if p.Frameworks, err = s.soaFrameworkOptions(r); err != nil {
		return err
	}
	if fw == nil {
		return s.render(w, r, http.StatusOK, "soa", p)
	}
	versions, err := s.app.SoAVersions(r.Context(), a, string(fw.ID))
	if err != nil {
		return err
	}
	shown := isms.WorkingSoA(versions)
	if shown == nil {
		p.CanGenerate = a.Can(isms.EditSoA)
		return s.render(w, r, http.StatusOK, "soa", p)
	}
	v, err := s.app.FindSoA(r.Context(), a, string(fw.ID), string(shown.ID))
	if err != nil {
		return err
	}
	return s.renderSoA(w, r, http.StatusOK, p, v, versions)
}

// soaFrameworkOptions lists the organization's frameworks for the
// framework switch.
func (s *Server) soaFrameworkOptions(r *http.Request) ([][2]string, error) {
	opts, err := s.frameworkOptions(r, "")
	if err != nil {
		return nil, err
	}
	return opts[1:], nil
}

func (s *Server) handleSoAShow(w http.ResponseWriter, r *http.Request) error {
	return s.showSoA(w, r, http.StatusOK, &soaPage{})
}

// showSoA renders the version of the path's {id} into p, which may carry
// the problems of a refused form.
func (s *Server) showSoA(w http.ResponseWriter, r *http.Request, status int, p *soaPage) error {
	a := actor(r)
	v, err := s.app.FindSoA(r.Context(), a, r.URL.Query().Get("framework"), r.PathValue("id"))
	if err != nil {
		return err
	}
	versions, err := s.app.SoAVersions(r.Context(), a, string(v.SoA.FrameworkID))
	if err != nil {
		return err
	}
	p.Framework = &isms.Framework{ID: v.SoA.FrameworkID, Name: v.SoA.FrameworkName}
	return s.renderSoA(w, r, status, p, v, versions)
}

// renderSoA fills p with version v (one of versions, its framework's) and
// renders it.
func (s *Server) renderSoA(w http.ResponseWriter, r *http.Request, status int, p *soaPage, v *app.SoAView, versions []*isms.SoA) error {
	a := actor(r)
	p.View, p.Status = v, soaStatusOf(v)
	p.Title = "Statement of Applicability " + v.SoA.VersionLabel()
	for _, x := range versions {
		switch {
		case x.ID == v.SoA.ID:
		case x.Status == isms.SoAApproved:
			p.Approved = x
		case x.Status == isms.SoADraft:
			p.Draft = x
		}
		if x.Number == v.SoA.Number-1 {
			p.Prev = x.VersionLabel()
		}
	}
	hasDraft := v.SoA.Status == isms.SoADraft || p.Draft != nil
	p.CanGenerate = !hasDraft && a.Can(isms.EditSoA)
	p.CanEdit = v.SoA.Status == isms.SoADraft && !v.Pending && a.Can(isms.EditSoA)
	p.CanSubmit = p.CanEdit && a.Can(isms.SubmitApprovals)
	if p.Note == "" && p.NoteError == "" {
		p.Note = v.SoA.Note
	}
	p.Errors, p.Warnings = soaIssueGroups(v.Issues, isms.SoAError), soaIssueGroups(v.Issues, isms.SoAWarning)
	for _, st := range isms.SoAImplStatuses {
		p.ByStatus = append(p.ByStatus, soaCount{st, v.Counts.ByStatus[st]})
	}
	p.Lines = soaLinesOf(r, v)
	if p.Bulk.Selected == nil {
		p.Bulk = soaBulkOf(app.SoALineInput{}, nil, nil)
	}
	if p.CanSubmit {
		var err error
		if p.Submit, err = s.submitForm(r, soaURL(v.SoA.ID)+"/submit", v.SoA.Version, p.submitNote); err != nil {
			return err
		}
		p.Submit.Submit = "Submit " + v.SoA.VersionLabel() + " for approval"
		if isms.ErrorFields(p.submitErr) != nil {
			p.Submit.withErrors(p.submitErr)
		}
	}
	return s.render(w, r, status, "soa", p)
}

// soaURL is the address of version id of the SoA.
func soaURL(id isms.ID) string { return "/soa/" + url.PathEscape(string(id)) }

func (s *Server) handleSoACreate(w http.ResponseWriter, r *http.Request) error {
	fw := soaFrameworkParam(r)
	x, err := s.app.GenerateSoA(r.Context(), actor(r), fw, r.PostFormValue("note"))
	if isCode(err, isms.Conflict) || isCode(err, isms.Invalid) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/soa?"+url.Values{"framework": {fw}}.Encode(), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Draft "+x.VersionLabel()+" of the Statement of Applicability started. Decide each line awaiting a decision, then submit it for approval.")
	http.Redirect(w, r, soaURL(x.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSoANote(w http.ResponseWriter, r *http.Request) error {
	note := r.PostFormValue("note")
	_, err := s.app.UpdateSoANote(r.Context(), actor(r), pathID(r), formInt(r, "version"), note)
	if fields := isms.ErrorFields(err); fields != nil || isCode(err, isms.Conflict) {
		p := &soaPage{Note: note, NoteError: fields["note"]}
		if fields == nil {
			p.NoteConflict = isms.ErrorMessage(err)
		}
		return s.showSoA(w, r, statusOf(isms.ErrorCode(err)), p)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Note saved.")
	http.Redirect(w, r, soaURL(pathID(r)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSoASubmit(w http.ResponseWriter, r *http.Request) error {
	in := app.SubmitInput{ObjectType: "soa", ObjectID: pathID(r), Version: formInt(r, "version"),
		Note: r.PostFormValue("note")}
	for _, name := range []string{"approvers", "approvers2"} {
		if id := r.PostFormValue(name); id != "" {
			in.ApproverIDs = append(in.ApproverIDs, isms.ID(id))
		}
	}
	ap, err := s.app.SubmitSoA(r.Context(), actor(r), in)
	if isCode(err, isms.Invalid) || isCode(err, isms.Conflict) {
		p := &soaPage{SubmitProblem: isms.ErrorMessage(err), submitErr: err, submitNote: in.Note}
		return s.showSoA(w, r, statusOf(isms.ErrorCode(err)), p)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Submitted for approval. Once approved, this version is the Statement of Applicability in force.")
	http.Redirect(w, r, "/approvals/"+url.PathEscape(string(ap.ID)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSoADelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindSoA(r.Context(), a, "", r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.app.DeleteSoADraft(r.Context(), a, v.SoA.ID); err != nil {
		return err
	}
	s.flash(w, "ok", "Draft "+v.SoA.VersionLabel()+" discarded. The approved version, if any, stays in force.")
	http.Redirect(w, r, "/soa?"+url.Values{"framework": {string(v.SoA.FrameworkID)}}.Encode(), http.StatusSeeOther)
	return nil
}
