// SPDX-License-Identifier: Apache-2.0

package web

import (
	"cmp"
	"net/http"
	"net/url"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// A request's page: what is asked, its thread (who asked, answered,
// accepted or asked again, when, with which evidence), the evidence
// attached, and the forms the actor may use now: the owner answers, the
// auditor accepts, asks again or cancels. A form that fails comes back
// on the same page with its problems beside its fields. The answer's
// form, which may carry a new file, is in evidence_request_answer.go.

// threadStep is one message of a request's thread.
type threadStep struct {
	isms.RequestMessage
	Label    string
	Evidence []evidenceRef
}

// evidenceRef is an evidence item a message attached.
type evidenceRef struct {
	ID    isms.ID
	Title string
}

// stepLabel names a step of the thread for people.
func stepLabel(st isms.RequestStep) string {
	switch st {
	case isms.StepAsked:
		return "Asked"
	case isms.StepAnswered:
		return "Answered"
	case isms.StepAccepted:
		return "Accepted"
	case isms.StepAskedAgain:
		return "Asked again"
	case isms.StepCancelled:
		return "Cancelled"
	}
	return string(st)
}

// requestForms are the step forms' fields, with what was typed and the
// problems of the form that failed.
type requestForms struct {
	AnswerText, FileTitle fieldView
	AcceptNote            fieldView
	AgainText, AgainDue   fieldView
	CancelReason          fieldView
	EvidenceError         string
	FileError             string
	errors                map[string]string // the failed form's problems by field
}

// Errors are the problems of the failed form, by field.
func (f requestForms) Errors() map[string]string { return f.errors }

type requestShowPage struct {
	basePage
	View         *app.EvidenceRequestView
	R            *isms.EvidenceRequest
	Target       string
	Overdue      bool
	Thread       []threadStep
	Answer       *answerChoices // nil when the actor may not answer now
	Forms        requestForms
	Failed       string // the form that failed
	Problem      string // its message when no field carries it
	AnswerAction string
	MaxUpload    int64
	MaxText      string
	CanEdit      bool
	CanReview    bool // accept or ask again
	CanCancel    bool
	CanAudit     bool
	History      []*isms.AuditEvent
}

func (s *Server) handleRequestShow(w http.ResponseWriter, r *http.Request) error {
	return s.showRequest(w, r, http.StatusOK, &requestShowPage{}, nil)
}

// showRequest renders the request of the path into p; form, when not
// nil, holds what a failed step's form sent, and err its problems.
func (s *Server) showRequest(w http.ResponseWriter, r *http.Request, status int, p *requestShowPage, form url.Values) error {
	a := actor(r)
	v, err := s.app.FindEvidenceRequest(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.EvidenceRequest
	p.View, p.R, p.Target, p.Overdue = v, x, requestTarget(x), x.Overdue(isms.DateOf(s.app.Now()))
	p.Thread = requestThread(v)
	p.CanEdit = a.Can(isms.RequestEvidence) && x.Status == isms.RequestOpen
	p.CanReview = v.CanReview && x.Status == isms.RequestAnswered
	p.CanCancel = a.Can(isms.RequestEvidence) && (x.Status == isms.RequestOpen || x.Status == isms.RequestAnswered)
	p.CanAudit = a.Can(isms.ReadAuditTrail)
	if v.CanAnswer && x.Status == isms.RequestOpen {
		ticked := map[isms.ID]bool{}
		for _, id := range form["evidence"] {
			ticked[isms.ID(id)] = true
		}
		if p.Answer, err = s.answerChoices(r, v, ticked); err != nil {
			return err
		}
		p.AnswerAction = uploadAction(requestURL(x.ID)+"/answer", s.csrfToken(w, r))
		p.MaxUpload, p.MaxText = s.app.MaxUpload(), byteText(s.app.MaxUpload())
	}
	p.Forms = newRequestForms(form, p.Failed, p.Forms, isms.DateOf(s.app.Now()).AddDays(7))
	if p.History, err = s.recordHistory(r, "evidence_request", x.ID); err != nil {
		return err
	}
	p.Title = x.Ref + " " + x.Title
	return s.render(w, r, status, "evidence_request_show", p)
}

// requestThread is the view's thread with each message's evidence named.
func requestThread(v *app.EvidenceRequestView) []threadStep {
	titles := map[isms.ID]string{}
	for _, e := range v.EvidenceItems {
		titles[e.ID] = e.Title
	}
	out := make([]threadStep, len(v.Thread))
	for i, m := range v.Thread {
		out[i] = threadStep{RequestMessage: m, Label: stepLabel(m.Step)}
		for _, id := range m.Evidence {
			out[i].Evidence = append(out[i].Evidence, evidenceRef{ID: id, Title: cmp.Or(titles[id], string(id))})
		}
	}
	return out
}

// newRequestForms fills the step forms: empty, or with what the failed
// form sent and its problems (already in f).
func newRequestForms(form url.Values, failed string, f requestForms, due isms.Date) requestForms {
	val := func(which, name, empty string) string {
		if failed == which {
			return form.Get(name)
		}
		return empty
	}
	errs := func(which string, fv fieldView) fieldView {
		if failed == which {
			fv.Error = f.errors[fv.Name]
		}
		return fv
	}
	out := requestForms{EvidenceError: f.EvidenceError, FileError: f.FileError, errors: f.errors}
	out.AnswerText = errs("answer", text("text", "Note", val("answer", "text", "")).kind("textarea").
		help("What the evidence shows, or where in it to look. Optional."))
	out.FileTitle = errs("answer", text("fileTitle", "Title of the new file", val("answer", "fileTitle", "")).
		help("The new evidence item's title; the file's name when empty. It is linked to the request's control, or its requirement."))
	out.AcceptNote = errs("accept", text("note", "Note", val("accept", "note", "")).kind("textarea").help("Optional."))
	out.AgainText = errs("ask-again", text("text", "What is still missing", val("ask-again", "text", "")).kind("textarea").required())
	out.AgainDue = errs("ask-again", text("dueOn", "New due date", val("ask-again", "dueOn", due.String())).kind("date").required())
	out.CancelReason = errs("cancel", text("reason", "Reason", val("cancel", "reason", "")).kind("textarea").help("Optional: why the evidence is no longer needed."))
	return out
}

// requestStep is one step form of a request's page: its path and how it
// is stored; run returns the flash message.
type requestStep struct {
	path string
	run  func(s *Server, r *http.Request, id isms.ID, version int) (string, error)
}

// requestSteps are the auditor's step forms.
var requestSteps = []requestStep{
	{path: "accept", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		x, err := s.app.AcceptEvidenceRequest(r.Context(), actor(r), id, version, r.PostFormValue("note"))
		return requestMsg(x, err, " is accepted.")
	}},
	{path: "ask-again", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		x, err := s.app.AskAgain(r.Context(), actor(r), id, version, r.PostFormValue("text"), r.PostFormValue("dueOn"))
		return requestMsg(x, err, " is open again: a new task for its owner.")
	}},
	{path: "cancel", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		x, err := s.app.CancelEvidenceRequest(r.Context(), actor(r), id, version, r.PostFormValue("reason"))
		return requestMsg(x, err, " is cancelled.")
	}},
}

// requestMsg returns the flash message about x, or err.
func requestMsg(x *isms.EvidenceRequest, err error, what string) (string, error) {
	if err != nil {
		return "", err
	}
	return "Evidence request " + x.Ref + what, nil
}

// handleRequestStep records one step from its form: problems and
// conflicts show the page again with the form as sent.
func (s *Server) handleRequestStep(st requestStep) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		_ = r.ParseForm()
		msg, err := st.run(s, r, pathID(r), formInt(r, "version"))
		if err != nil {
			return s.stepFailed(w, r, st.path, err, r.PostForm)
		}
		s.flash(w, "ok", msg)
		http.Redirect(w, r, requestURL(pathID(r)), http.StatusSeeOther)
		return nil
	}
}

// stepFailed shows the request's page again with the problems of the
// step form named failed, or returns err when it is no such problem.
func (s *Server) stepFailed(w http.ResponseWriter, r *http.Request, failed string, err error, form url.Values) error {
	if isms.ErrorFields(err) == nil && !isCode(err, isms.Conflict) {
		return err
	}
	p := &requestShowPage{Failed: failed}
	p.Forms.errors = isms.ErrorFields(err)
	p.Forms.EvidenceError, p.Forms.FileError = p.Forms.errors["evidence"], p.Forms.errors[fileField]
	if p.Forms.errors == nil {
		p.Problem = isms.ErrorMessage(err)
	}
	return s.showRequest(w, r, errorStatus(err), p, form)
}
