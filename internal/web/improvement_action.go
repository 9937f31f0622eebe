// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// What follows the evaluation of an improvement, on its page: the
// decision (accept, reject or defer, with a reason), then carrying it out
// as tasks or as a planned change to the ISMS (6.3), and marking it done.
// A refused action shows the page again with its form and the problems
// beside its fields.

// improvementDecisions are the decisions the panel offers.
var improvementDecisions = [][2]string{{"", "Choose a decision…"}, {string(isms.ImpAccepted), "Accept"},
	{string(isms.ImpRejected), "Reject"}, {string(isms.ImpDeferred), "Defer"}}

// improvementFieldNames are the names the forms and the API give the
// fields app names otherwise.
var improvementFieldNames = map[string]string{"decisionReason": "reason", "status": "decision", "owner": "ownerId"}

// improvementPanels fills the action panels of p that its status offers
// to an actor who may edit improvements; a refused action's form keeps
// what was typed and shows its problems.
func (s *Server) improvementPanels(r *http.Request, p *improvementShowPage) error {
	im := p.View.Improvement
	st := im.Status
	p.CanEdit, p.CanDelete = st.Open(), st == isms.ImpProposed
	p.CanChange = (st == isms.ImpAccepted || st == isms.ImpInProgress) && im.ChangeID == ""
	vals := url.Values{}
	if p.refusal != nil {
		vals = p.refusal.values
	}
	base, version := improvementURL(im.ID), map[string]string{"version": strconv.Itoa(im.Version)}
	if st == isms.ImpProposed || st == isms.ImpDeferred {
		p.DecideForm = &formView{Action: base + "/decision", Submit: "Record the decision", Hidden: version, Fields: []fieldView{
			selectField("decision", "Decision", vals.Get("decision"), improvementDecisions).required().
				help("Accept to carry it out as tasks or a planned change; reject or defer it with a reason."),
			text("reason", "Reason", vals.Get("reason")).kind("textarea").
				help("Why: weigh the benefit against the effort and risk. Required to reject or defer."),
		}}
	}
	if st == isms.ImpAccepted || st == isms.ImpInProgress {
		owners, err := s.reviewMemberOptions(r, "Choose a member…", isms.ReadOwnWork)
		if err != nil {
			return err
		}
		owner := vals.Get("ownerId")
		if p.refusal == nil {
			owner = string(im.OwnerID)
		}
		p.TaskForm = &formView{Action: base + "/tasks", Submit: "Add the task", Hidden: version, Fields: []fieldView{
			text("title", "Task", vals.Get("title")).required().help("A step that carries it out, such as: Enable MFA on the VPN."),
			selectField("ownerId", "Owner", owner, owners).required(),
			text("due", "Due", vals.Get("due")).kind("date").required().help("YYYY-MM-DD."),
		}}
	}
	if st == isms.ImpInProgress {
		p.Complete = &formView{Action: base + "/complete", Submit: "Mark done", Hidden: version, Fields: []fieldView{
			text("note", "Note", vals.Get("note")).kind("textarea").help("What was done and the effect seen, for the audit trail."),
		}}
	}
	if rf := p.refusal; rf != nil {
		for name, f := range map[string]*formView{"decision": p.DecideForm, "task": p.TaskForm, "complete": p.Complete} {
			if f != nil && name == rf.form {
				f.withErrors(renameFields(rf.err, improvementFieldNames))
				if len(f.Errors) == 0 {
					f.Conflict = isms.ErrorMessage(rf.err)
				}
			}
		}
	}
	return nil
}

// improvementRefused reports whether err is a refusal the page shows
// beside its form rather than as an error page.
func improvementRefused(err error) bool {
	return isCode(err, isms.Invalid) || isCode(err, isms.Conflict)
}

// improvementAction ends an action on the path's improvement: the page
// again with the action's form and its problems when refused, else back
// to the page with msg.
func (s *Server) improvementAction(w http.ResponseWriter, r *http.Request, form string, err error, msg, anchor string) error {
	if improvementRefused(err) {
		return s.showImprovement(w, r, statusOf(isms.ErrorCode(err)), &improvementRefusal{form: form, values: r.PostForm, err: err})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, improvementURL(pathID(r))+anchor, http.StatusSeeOther)
	return nil
}

func (s *Server) handleImprovementDecision(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	_ = r.ParseForm()
	to := isms.ImprovementStatus(strings.TrimSpace(r.PostFormValue("decision")))
	x, err := s.app.DecideImprovement(r.Context(), actor(r), id, formInt(r, "version"), to, r.PostFormValue("reason"))
	msg := ""
	if err == nil {
		msg = x.Ref + " is now " + strings.ToLower(x.Status.Label()) + "."
	}
	return s.improvementAction(w, r, "decision", err, msg, "")
}

func (s *Server) handleImprovementTask(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	_ = r.ParseForm()
	in := app.TaskInput{Title: strings.TrimSpace(r.PostFormValue("title")), OwnerID: isms.ID(strings.TrimSpace(r.PostFormValue("ownerId"))),
		Due: strings.TrimSpace(r.PostFormValue("due"))}
	t, err := s.app.AddImprovementTask(r.Context(), actor(r), id, formInt(r, "version"), in)
	msg := ""
	if err == nil {
		msg = "Task " + t.Title + " added"
		if t.OwnerName != "" {
			msg += " for " + t.OwnerName
		}
		msg += "."
	}
	return s.improvementAction(w, r, "task", err, msg, "#tasks-heading")
}

func (s *Server) handleImprovementChange(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	c, err := s.app.PlanImprovementChange(r.Context(), actor(r), id, formInt(r, "version"))
	if improvementRefused(err) {
		s.flash(w, "error", problemText(err))
		http.Redirect(w, r, improvementURL(id), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Planned change "+c.Ref+" created; plan it here.")
	http.Redirect(w, r, "/isms-changes/"+url.PathEscape(string(c.ID)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleImprovementComplete(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	_ = r.ParseForm()
	x, err := s.app.CompleteImprovement(r.Context(), actor(r), id, formInt(r, "version"), r.PostFormValue("note"))
	msg := ""
	if err == nil {
		msg = x.Ref + " is done."
	}
	return s.improvementAction(w, r, "complete", err, msg, "")
}
