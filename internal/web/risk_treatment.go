// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// What people do to a risk from its page: add and remove treatment
// actions, submit the treatment plan to the risk owner, accept the
// residual risk and record a review.

func (s *Server) handleRiskActionAdd(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	in := app.TreatmentActionInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Due: strings.TrimSpace(r.PostFormValue("due")), Control: strings.TrimSpace(r.PostFormValue("control"))}
	owner, problem, err := s.resolveOwner(r, r.PostFormValue("owner"))
	if err != nil {
		return err
	}
	in.OwnerID = string(owner)
	var act *isms.TreatmentAction
	if problem == "" {
		act, err = s.app.AddTreatmentAction(r.Context(), actor(r), id, in)
	}
	if problem != "" || isms.ErrorFields(err) != nil {
		if problem != "" {
			in.OwnerID = strings.TrimSpace(r.PostFormValue("owner"))
		}
		return s.renderRisk(w, r, http.StatusUnprocessableEntity, in, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Action added to the treatment plan; it is a task of "+act.OwnerName+", due "+act.Due.String()+".")
	http.Redirect(w, r, riskPath(id)+"#plan", http.StatusSeeOther)
	return nil
}

func (s *Server) handleRiskActionRemove(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	if err := s.app.RemoveTreatmentAction(r.Context(), actor(r), id, isms.ID(r.PathValue("task"))); err != nil {
		return err
	}
	s.flash(w, "ok", "Action removed from the treatment plan; its task is cancelled.")
	http.Redirect(w, r, riskPath(id)+"#plan", http.StatusSeeOther)
	return nil
}

// handleRiskSubmitPlan submits the treatment plan, and with it the
// residual risk it leaves, to the risk owner for approval.
func (s *Server) handleRiskSubmitPlan(w http.ResponseWriter, r *http.Request) error {
	a, id := actor(r), pathID(r)
	d, err := s.app.FindRisk(r.Context(), a, string(id))
	if err != nil {
		return err
	}
	if d.Risk.OwnerID == "" {
		return isms.Errorf(isms.Invalid, "Give the risk an owner first: the owner approves its treatment plan.")
	}
	ap, err := s.app.SubmitForApproval(r.Context(), a, app.SubmitInput{ObjectType: "risk_treatment", ObjectID: id,
		Version: formInt(r, "version"), ApproverIDs: []isms.ID{d.Risk.OwnerID}, Note: r.PostFormValue("note")})
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		s.flash(w, "error", strings.Join(problemLines(err), " "))
		http.Redirect(w, r, riskPath(id)+"#plan", http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Treatment plan submitted to "+d.Risk.OwnerName+" for approval.")
	http.Redirect(w, r, "/approvals/"+string(ap.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleRiskReview(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	rk, err := s.app.ReviewRisk(r.Context(), actor(r), id, r.PostFormValue("note"))
	if err != nil {
		return err
	}
	s.flash(w, "ok", "Review recorded. Next review on "+rk.NextReview.String()+".")
	http.Redirect(w, r, riskPath(id)+"#review", http.StatusSeeOther)
	return nil
}

type riskAcceptPage struct {
	basePage
	Risk     *isms.Risk
	Method   *isms.RiskMethod
	Residual scoreView
	Reason   string // why the actor may not accept, instead of the form
	Comment  string
	Errors   map[string]string
}

// renderRiskAccept renders the confirmation page of an acceptance; err is
// why the last attempt was refused.
func (s *Server) renderRiskAccept(w http.ResponseWriter, r *http.Request, status int, comment string, err error) error {
	d, ferr := s.app.FindRisk(r.Context(), actor(r), r.PathValue("id"))
	if ferr != nil {
		return ferr
	}
	p := &riskAcceptPage{Risk: d.Risk, Method: d.Method, Residual: newScoreView(d.Method, d.Risk.Residual), Comment: comment}
	p.Title = "Accept the residual risk of " + d.Risk.Ref
	switch {
	case isms.ErrorFields(err) != nil:
		p.Errors = isms.ErrorFields(err)
	case err != nil:
		p.Reason = isms.ErrorMessage(err)
	case d.CanAccept != nil:
		p.Reason = isms.ErrorMessage(d.CanAccept)
	}
	return s.render(w, r, status, "risk_accept", p)
}

func (s *Server) handleRiskAcceptPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRiskAccept(w, r, http.StatusOK, "", nil)
}

func (s *Server) handleRiskAccept(w http.ResponseWriter, r *http.Request) error {
	id, comment := pathID(r), r.PostFormValue("comment")
	acc, err := s.app.AcceptRisk(r.Context(), actor(r), id, app.AcceptInput{Comment: comment, Version: formInt(r, "version")})
	switch code := isms.ErrorCode(err); {
	case err == nil:
	case code == isms.Forbidden || code == isms.Invalid || code == isms.Conflict:
		// A Forbidden here is the method's acceptance criteria speaking:
		// the page says who may accept instead.
		if _, ferr := s.app.FindRisk(r.Context(), actor(r), string(id)); ferr != nil {
			return ferr
		}
		return s.renderRiskAccept(w, r, statusOf(code), comment, err)
	default:
		return err
	}
	msg := "Residual risk accepted at level " + acc.LevelLabel + " under method v" + itoa(acc.MethodNumber)
	if !acc.ExpiresOn.IsZero() {
		msg += ", until " + acc.ExpiresOn.String()
	}
	s.flash(w, "ok", msg+".")
	http.Redirect(w, r, riskPath(id)+"#acceptance", http.StatusSeeOther)
	return nil
}
