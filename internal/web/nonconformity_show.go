// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// A nonconformity's page: its facts, then the workflow of 10.2 in five
// steps (correction, root cause, similar nonconformities, corrective
// actions, effectiveness check), each dated and attributed once done and
// with its form when it is the actor's to record. A step's form that
// fails comes back on the same page, its problems next to its fields.

// Step states as the workflow panel shows them.
const (
	stepDone  = "done"
	stepNext  = "next"
	stepOpen  = "open"  // not done, and may be recorded now
	stepLater = "later" // waits for an earlier step
)

// ncStepView is one step of the workflow panel.
type ncStepView struct {
	N     int
	Title string
	State string // stepDone, stepNext, stepOpen or stepLater
	Step  isms.Step
}

// ncWorkflow is the five steps.
type ncWorkflow struct {
	Correction, RootCause, Similar, Actions, Check ncStepView
}

// newWorkflow derives the steps' states. The next step is the one
// NCView.Next names: the correction, then the root cause, then the
// corrective actions until every one is closed, then the check; looking
// for similar nonconformities may be recorded at any time.
func newWorkflow(n *isms.Nonconformity) ncWorkflow {
	closed := n.Status == isms.NCClosed
	w := ncWorkflow{
		Correction: ncStepView{N: 1, Title: "Correction", Step: n.CorrectionStep},
		RootCause:  ncStepView{N: 2, Title: "Root cause analysis", Step: n.RCAStep},
		Similar:    ncStepView{N: 3, Title: "Similar nonconformities", Step: n.SimilarStep},
		Actions:    ncStepView{N: 4, Title: "Corrective actions"},
		Check:      ncStepView{N: 5, Title: "Effectiveness check"},
	}
	if len(n.Checks) > 0 {
		w.Check.Step = n.Checks[len(n.Checks)-1].Step
	}
	verifying := n.Status == isms.NCVerifying || closed
	steps := []struct {
		v          *ncStepView
		done, open bool
	}{
		{&w.Correction, n.CorrectionStep.Done(), true},
		{&w.RootCause, n.RCAStep.Done(), true},
		{&w.Similar, n.SimilarStep.Done(), !closed},
		{&w.Actions, verifying, !closed},
		{&w.Check, closed, n.Status == isms.NCVerifying},
	}
	next := false
	for i, st := range steps {
		switch {
		case st.done:
			st.v.State = stepDone
		case !next && i != 2 && st.open:
			st.v.State, next = stepNext, true
		case st.open:
			st.v.State = stepOpen
		default:
			st.v.State = stepLater
		}
	}
	return w
}

// ncActionRow is a corrective action with the records it changes.
type ncActionRow struct {
	*isms.NCAction
	Overdue bool
	Changes []app.RecordLink
}

// ncForms are the step forms' fields, with what was typed and the
// problems of the form that failed.
type ncForms struct {
	Correction  fieldView
	Methods     []optionView
	RootCause   fieldView
	Similar     fieldView
	SimilarRefs fieldView
	Action      []fieldView
	CheckDue    fieldView
	Effective   string // "effective", "ineffective" or ""
	Note        fieldView
	NewAction   []fieldView
}

type ncShowPage struct {
	basePage
	NC       *isms.Nonconformity
	View     *app.NCView
	Age      int
	Steps    ncWorkflow
	Actions  []ncActionRow
	Check    *isms.NCAction // the scheduled check's task
	Source   *app.RecordLink
	Links    []app.RecordLink
	Forms    ncForms
	Failed   string            // the step whose form failed
	Problem  string            // its message when no field carries it
	Errors   map[string]string // its problems by field
	History  []*isms.AuditEvent
	Today    isms.Date
	CanEdit  bool // the actor records steps and changes the nonconformity
	CanClose bool // a check is scheduled and may be recorded
	CanAudit bool
}

// Open reports whether the nonconformity is not closed.
func (p *ncShowPage) Open() bool { return p.NC.Status != isms.NCClosed }

func (s *Server) handleNCShow(w http.ResponseWriter, r *http.Request) error {
	return s.showNC(w, r, http.StatusOK, &ncShowPage{}, nil)
}

// showNC renders the nonconformity of the path into p; form, when not
// nil, holds what a failed step's form sent.
func (s *Server) showNC(w http.ResponseWriter, r *http.Request, status int, p *ncShowPage, form url.Values) error {
	a := actor(r)
	v, err := s.app.FindNonconformity(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	n := v.NC
	p.View, p.NC, p.Today = v, n, isms.DateOf(s.app.Now())
	p.Age, p.Steps = n.AgeDays(p.Today), newWorkflow(n)
	p.CanEdit = a.Can(isms.EditImprovement) && n.Status != isms.NCClosed
	p.CanAudit = a.Can(isms.ReadAuditTrail)
	for _, l := range v.Links {
		if l.Type == n.SourceRecord.Type && l.ID == n.SourceRecord.ID {
			p.Source = &l
		}
	}
	p.Links = v.Links
	if err := s.ncActions(r, p); err != nil {
		return err
	}
	p.CanClose = p.CanEdit && n.Status == isms.NCVerifying && !n.CheckDue.IsZero()
	if err := s.ncForms(r, p, form); err != nil {
		return err
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "nonconformity", ObjectID: n.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = n.Ref + " " + n.Title
	return s.render(w, r, status, "nonconformity_show", p)
}

// ncActions sorts the view's tasks into corrective actions, each with the
// records it changes, and the scheduled check.
func (s *Server) ncActions(r *http.Request, p *ncShowPage) error {
	for _, x := range p.View.Actions {
		if x.Kind == isms.NCActionCheck {
			if x.TaskID == p.NC.CheckTaskID && x.Status == isms.TaskOpen {
				p.Check = x
			}
			continue
		}
		row := ncActionRow{NCAction: x, Overdue: x.Status == isms.TaskOpen && !x.Due.IsZero() && x.Due.Before(p.Today)}
		if len(x.Changes) > 0 {
			links, err := s.app.RecordLinks(r.Context(), actor(r), isms.Link{Type: "task", ID: x.TaskID})
			if err != nil {
				return err
			}
			for _, l := range links {
				if l.Outgoing {
					row.Changes = append(row.Changes, l)
				}
			}
		}
		p.Actions = append(p.Actions, row)
	}
	return nil
}

// ncForms fills the step forms from the nonconformity, or from form when
// a step's form failed, with the failed form's problems.
func (s *Server) ncForms(r *http.Request, p *ncShowPage, form url.Values) error {
	n := p.NC
	val := func(name, stored string) string {
		if form != nil {
			return form.Get(name)
		}
		return stored
	}
	f := &p.Forms
	f.Correction = text("correction", "Correction", val("correction", n.Correction)).kind("textarea").required().
		help("What was done at once to control and correct the nonconformity and deal with its consequences.")
	method := val("rcaMethod", string(n.RCAMethod))
	for _, m := range isms.RCAMethods {
		f.Methods = append(f.Methods, optionView{Value: string(m), Label: m.Label(), Selected: string(m) == method})
	}
	f.RootCause = text("rootCause", "Root causes", val("rootCause", n.RootCause)).kind("textarea").required().
		help("Why it happened: the causes found, such as each answer of the 5 whys.")
	f.Similar = text("similar", "Where similar nonconformities were looked for", val("similar", n.Similar)).kind("textarea").required().
		help("Whether similar nonconformities exist or could occur elsewhere: the units, systems or processes checked.")
	f.SimilarRefs = text("similarRefs", "Similar nonconformities found", val("similarRefs", app.LinkedRefs(p.Links, "nonconformity"))).
		help("Their references, separated by commas, such as NC-2, NC-5. Leave empty when none was found.")
	owner, err := s.ownerField(r, "Owner", isms.ID(val("owner", string(n.OwnerID))), "")
	if err != nil {
		return err
	}
	f.Action = []fieldView{
		text("title", "Action", val("title", "")).required().help("What will be changed to remove the cause, such as: automate leaver deprovisioning."),
		owner,
		text("due", "Due", val("due", "")).kind("date").required(),
		text("changes", "Records it changes", val("changes", "")).help("The controls, documents or risks it changes, by reference, such as C-3, DOC-2, R-12."),
	}
	f.CheckDue = text("checkDue", "Check on", val("checkDue", p.Today.AddDays(30).String())).kind("date").required().
		help("When to check that the actions worked: long enough for them to show their effect. A task for the owner falls due that day.")
	f.Effective = val("result", "")
	f.Note = text("note", "What was checked and found", val("note", "")).kind("textarea").required()
	newOwner, err := s.ownerField(r, "Owner of the new action", isms.ID(val("actionOwner", string(n.OwnerID))), "")
	if err != nil {
		return err
	}
	newOwner.Name, newOwner.Required = "actionOwner", false
	f.NewAction = []fieldView{
		text("actionTitle", "New corrective action", val("actionTitle", "")).help("Required when the actions were not effective."),
		newOwner,
		text("actionDue", "Due", val("actionDue", "")).kind("date"),
		text("actionChanges", "Records it changes", val("actionChanges", "")).help("By reference, such as C-3, DOC-2."),
	}
	for _, fv := range []*fieldView{&f.Correction, &f.RootCause, &f.Similar, &f.SimilarRefs, &f.CheckDue, &f.Note} {
		fv.Error = p.Errors[fv.Name]
	}
	for _, list := range [][]fieldView{f.Action, f.NewAction} {
		for i := range list {
			list[i].Error = p.Errors[list[i].Name]
		}
	}
	return nil
}

// ncStepPost is one step's form: its path under the nonconformity's page
// and how it is stored; run returns the flash message.
type ncStepPost struct {
	path, key string
	run       func(s *Server, r *http.Request, id isms.ID, version int) (string, error)
}

// ncSteps are the step forms of a nonconformity's page.
var ncSteps = []ncStepPost{
	{path: "correction", key: "correction", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		n, err := s.app.RecordCorrection(r.Context(), actor(r), id, version, app.StepInput{Text: r.PostFormValue("correction")})
		return msgOf(n, err, "The correction of %s is recorded.")
	}},
	{path: "root-cause", key: "rootCause", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		n, err := s.app.RecordRootCause(r.Context(), actor(r), id, version,
			app.StepInput{Text: r.PostFormValue("rootCause"), Method: isms.RCAMethod(r.PostFormValue("rcaMethod"))})
		return msgOf(n, err, "The root cause of %s is recorded.")
	}},
	{path: "similar", key: "similar", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		n, err := s.app.RecordSimilar(r.Context(), actor(r), id, version,
			app.StepInput{Text: r.PostFormValue("similar"), Similar: r.PostFormValue("similarRefs")})
		return msgOf(n, err, "The search for nonconformities similar to %s is recorded.")
	}},
	{path: "actions", key: "action", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		in, err := s.ncActionInput(r, "title", "owner", "due", "changes")
		if err != nil {
			return "", err
		}
		x, err := s.app.AddCorrectiveAction(r.Context(), actor(r), id, version, in)
		if err != nil {
			return "", err
		}
		return "Corrective action “" + x.Title + "” added: a task for " + x.OwnerName + ".", nil
	}},
	{path: "check-schedule", key: "schedule", run: func(s *Server, r *http.Request, id isms.ID, version int) (string, error) {
		p := isms.Problems{}
		day := dateValue(r.PostForm, "checkDue", p)
		if day.IsZero() && len(p) == 0 {
			p.Add("checkDue", "Choose the day of the check.")
		}
		if err := p.Err(); err != nil {
			return "", err
		}
		n, err := s.app.ScheduleEffectivenessCheck(r.Context(), actor(r), id, version, day)
		return msgOf(n, err, "The effectiveness check of %s is scheduled on "+day.String()+".")
	}},
	{path: "check", key: "check", run: (*Server).recordCheckForm},
}

// msgOf returns the flash message about n, or err.
func msgOf(n *isms.Nonconformity, err error, format string) (string, error) {
	if err != nil {
		return "", err
	}
	return strings.Replace(format, "%s", n.Ref, 1), nil
}

// ncActionInput reads a corrective action from the form fields named.
func (s *Server) ncActionInput(r *http.Request, title, owner, due, changes string) (app.ActionInput, error) {
	p := isms.Problems{}
	in := app.ActionInput{Title: r.PostFormValue(title), Changes: r.PostFormValue(changes)}
	if strings.TrimSpace(r.PostFormValue(due)) != "" {
		in.Due = dateValue(r.PostForm, due, p)
	}
	id, problem, err := s.resolveOwner(r, r.PostFormValue(owner))
	if err != nil {
		return in, err
	}
	if problem != "" {
		p.Add(owner, problem)
	}
	in.OwnerID = id
	return in, p.Err()
}

// recordCheckForm records the effectiveness check of the form; an
// ineffective result carries the new corrective action.
func (s *Server) recordCheckForm(r *http.Request, id isms.ID, version int) (string, error) {
	result := r.PostFormValue("result")
	if result != "effective" && result != "ineffective" {
		return "", isms.Problems{"result": "Say whether the corrective actions were effective."}.Err()
	}
	in := app.CheckInput{Effective: result == "effective", Note: r.PostFormValue("note")}
	if !in.Effective && ncActionTyped(r) {
		act, err := s.ncActionInput(r, "actionTitle", "actionOwner", "actionDue", "actionChanges")
		if err != nil {
			return "", err
		}
		in.Action = &act
	}
	n, err := s.app.RecordEffectiveness(r.Context(), actor(r), id, version, in)
	if err != nil {
		return "", renameFields(err, map[string]string{"action.title": "actionTitle", "action.owner": "actionOwner", "action.due": "actionDue",
			"action.changes": "actionChanges"})
	}
	if in.Effective {
		return n.Ref + " is closed: the corrective actions were effective.", nil
	}
	return n.Ref + " is reopened with a new corrective action.", nil
}

// ncActionTyped reports whether the check's form names a new corrective
// action: without one, an ineffective result asks for it as a whole.
func ncActionTyped(r *http.Request) bool {
	for _, name := range []string{"actionTitle", "actionDue", "actionChanges"} {
		if strings.TrimSpace(r.PostFormValue(name)) != "" {
			return true
		}
	}
	return false
}

// handleNCStep records one step from its form: problems and conflicts show
// the page again with the form as sent.
func (s *Server) handleNCStep(st ncStepPost) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		_ = r.ParseForm()
		msg, err := st.run(s, r, pathID(r), formInt(r, "version"))
		if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
			p := &ncShowPage{Failed: st.key, Errors: isms.ErrorFields(err)}
			if p.Errors == nil {
				p.Problem = isms.ErrorMessage(err)
			}
			return s.showNC(w, r, statusOf(isms.ErrorCode(err)), p, r.PostForm)
		} else if err != nil {
			return err
		}
		s.flash(w, "ok", msg)
		http.Redirect(w, r, ncURL(pathID(r))+"#workflow", http.StatusSeeOther)
		return nil
	}
}
