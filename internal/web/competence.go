// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Competence requirements per ISMS role and the gap view: who, in which
// role, lacks which requirement, with a task to close each gap.

// requirementGroup is the requirements of one ISMS role.
type requirementGroup struct {
	Role         string
	Requirements []*isms.CompetenceRequirement
}

// gapView is a competence gap as the page shows it.
type gapView struct {
	isms.CompetenceGap
	Key string // "personID/requirementID", the close form's value
}

type competencePage struct {
	basePage
	Groups      []requirementGroup
	Gaps        []gapView
	CanEdit     bool
	CanAssign   bool
	Requirement formView // add a requirement
	Close       formView // create a task to close a gap
}

// groupRequirements groups reqs by role, in the order roles first appear
// (the store returns them by role).
func groupRequirements(reqs []*isms.CompetenceRequirement) []requirementGroup {
	var out []requirementGroup
	index := map[string]int{}
	for _, q := range reqs {
		k := strings.ToLower(q.Role)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, requirementGroup{Role: q.Role})
		}
		out[i].Requirements = append(out[i].Requirements, q)
	}
	return out
}

func (s *Server) handleCompetence(w http.ResponseWriter, r *http.Request) error {
	cv := closeGapValues{Gap: r.URL.Query().Get("gap"), Due: isms.DateOf(s.app.Now()).AddDays(30).String()}
	return s.renderCompetence(w, r, http.StatusOK, app.RequirementInput{}, nil, cv, nil)
}

// closeGapValues is what the close-a-gap form shows and sends.
type closeGapValues struct {
	Gap, Owner, OwnerTyped, Due string
}

// renderCompetence renders the competence page with the requirement form
// holding in (problems reqErr) and the close form holding cv (closeErr).
func (s *Server) renderCompetence(w http.ResponseWriter, r *http.Request, status int, in app.RequirementInput, reqErr error, cv closeGapValues, closeErr error) error {
	a := actor(r)
	reqs, err := s.app.CompetenceRequirements(r.Context(), a)
	if err != nil {
		return err
	}
	gaps, err := s.app.CompetenceGaps(r.Context(), a)
	if err != nil {
		return err
	}
	p := &competencePage{Groups: groupRequirements(reqs), CanEdit: a.Can(isms.ManagePeople), CanAssign: a.Can(isms.ManagePeople)}
	opts := [][2]string{{"", "Choose a gap…"}}
	for _, g := range gaps {
		key := string(g.Person.ID) + "/" + string(g.Requirement.ID)
		p.Gaps = append(p.Gaps, gapView{CompetenceGap: g, Key: key})
		opts = append(opts, [2]string{key, g.Person.Name + ": " + g.Requirement.Skill + " (" + g.Requirement.Role + ")"})
	}
	if p.CanEdit {
		p.Requirement = requirementForm(in, "/competence/requirements", "Add requirement", "")
		p.Requirement.withErrors(reqErr)
	}
	if p.CanAssign && len(gaps) > 0 {
		owner, err := s.ownerField(r, "Task owner", isms.ID(cv.Owner), cv.OwnerTyped)
		if err != nil {
			return err
		}
		owner.Required = false
		if owner.Type == "select" {
			owner.Options[0].Label = "The person, through their account"
		}
		p.Close = formView{Action: "/competence/gaps/task", Submit: "Create task", Fields: []fieldView{
			selectField("gap", "Gap", cv.Gap, opts).required(),
			owner.help("Who arranges the training: the person themselves (when they have an account), or their manager."),
			text("due", "Due", cv.Due).kind("date").help("In 30 days when left empty."),
		}}
		p.Close.withErrors(closeErr)
	}
	p.Title = "Competence"
	return s.render(w, r, status, "competence", p)
}

// requirementForm is the form of a competence requirement.
func requirementForm(in app.RequirementInput, action, submit, cancel string) formView {
	return formView{Action: action, Submit: submit, Cancel: cancel, Fields: []fieldView{
		text("role", "ISMS role", in.Role).required().help("The role as people's records name it: ISMS manager, Internal auditor, System administrator."),
		text("skill", "Competence", in.Skill).required().help("What the role requires: a course, a qualification, experience."),
		text("description", "Description", in.Description).kind("textarea").help("How it is shown, and how often it must be renewed."),
	}}
}

// postedRequirement reads the requirement form.
func postedRequirement(r *http.Request) app.RequirementInput {
	_ = r.ParseForm()
	return app.RequirementInput{Role: strings.TrimSpace(r.PostFormValue("role")), Skill: strings.TrimSpace(r.PostFormValue("skill")),
		Description: r.PostFormValue("description")}
}

func (s *Server) handleCompetenceRequirementCreate(w http.ResponseWriter, r *http.Request) error {
	in := postedRequirement(r)
	_, err := s.app.CreateCompetenceRequirement(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil {
		return s.renderCompetence(w, r, http.StatusUnprocessableEntity, in, err, closeGapValues{}, nil)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Requirement added for "+in.Role+". People in that role without a valid record of it now show a gap.")
	http.Redirect(w, r, "/competence", http.StatusSeeOther)
	return nil
}

// requirementEditPage is the form that edits one requirement.
type requirementEditPage struct {
	basePage
	Lede string
	Form formView
}

func (s *Server) renderCompetenceRequirementEdit(w http.ResponseWriter, r *http.Request, status int, id isms.ID, version int, in app.RequirementInput, err error) error {
	p := &requirementEditPage{Lede: "People in the role without a valid training record of it show a gap."}
	p.Form = requirementForm(in, "/competence/requirements/"+string(id), "Save requirement", "/competence")
	p.Form.Hidden = map[string]string{"version": strconv.Itoa(version)}
	p.Form.withErrors(err)
	p.Title = "Edit competence requirement"
	return s.render(w, r, status, "competence_edit", p)
}

func (s *Server) handleCompetenceRequirementEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManagePeople, "You may not change competence requirements."); err != nil {
		return err
	}
	reqs, err := s.app.CompetenceRequirements(r.Context(), a)
	if err != nil {
		return err
	}
	for _, q := range reqs {
		if q.ID == pathID(r) {
			return s.renderCompetenceRequirementEdit(w, r, http.StatusOK, q.ID, q.Version, app.RequirementInput{Role: q.Role, Skill: q.Skill, Description: q.Description}, nil)
		}
	}
	return isms.Errorf(isms.NotFound, "There is no such competence requirement; it may have been deleted.")
}

func (s *Server) handleCompetenceRequirementUpdate(w http.ResponseWriter, r *http.Request) error {
	in, version := postedRequirement(r), formInt(r, "version")
	_, err := s.app.UpdateCompetenceRequirement(r.Context(), actor(r), pathID(r), version, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderCompetenceRequirementEdit(w, r, statusOf(isms.ErrorCode(err)), pathID(r), version, in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Requirement saved.")
	http.Redirect(w, r, "/competence", http.StatusSeeOther)
	return nil
}

func (s *Server) handleCompetenceRequirementDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteCompetenceRequirement(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
	} else if err != nil {
		return err
	} else {
		s.flash(w, "ok", "Requirement deleted. Training records that met it stay, without it.")
	}
	http.Redirect(w, r, "/competence", http.StatusSeeOther)
	return nil
}

func (s *Server) handleGapTask(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	cv := closeGapValues{Gap: r.PostFormValue("gap"), Due: strings.TrimSpace(r.PostFormValue("due"))}
	owner := strings.TrimSpace(r.PostFormValue("owner"))
	if strings.Contains(owner, "@") {
		cv.OwnerTyped = owner
	} else {
		cv.Owner = owner
	}
	ownerID, problem, err := s.resolveOwner(r, owner)
	if err != nil {
		return err
	}
	personID, reqID, ok := strings.Cut(cv.Gap, "/")
	var t *isms.Task
	switch {
	case !ok || personID == "" || reqID == "":
		err = isms.Problems{"gap": "Choose the gap the task is to close."}.Err()
	case problem != "":
		err = isms.Problems{"owner": problem}.Err()
	default:
		t, err = s.app.CloseGapTask(r.Context(), actor(r), isms.ID(personID), isms.ID(reqID), ownerID, cv.Due)
	}
	if isms.ErrorFields(err) != nil {
		return s.renderCompetence(w, r, http.StatusUnprocessableEntity, app.RequirementInput{}, nil, cv, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Task created: "+t.Title+".")
	http.Redirect(w, r, "/tasks/"+string(t.ID), http.StatusSeeOther)
	return nil
}
