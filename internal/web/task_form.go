// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The task form: new and edit.

// taskFormValues is what the task form shows and sends.
type taskFormValues struct {
	Title, Description, Due, Link string
	OwnerID                       isms.ID
	OwnerTyped                    string // an e-mail address typed in a large organization
	Version                       int    // 0 for a new task
}

// linkHelp explains the link field of task and schedule forms.
func linkHelp(what string) string {
	return "Optional: the record " + what + " concerns, written TYPE:ID, such as approval:appr_k3j… " +
		"(the end of the record's address). Types: " + strings.Join(app.LinkTypes(), ", ") + "."
}

// taskForm returns the task form with v and the problems of err.
func (s *Server) taskForm(r *http.Request, v taskFormValues, err error) (formView, error) {
	owner, ferr := s.ownerField(r, "Owner", v.OwnerID, v.OwnerTyped)
	if ferr != nil {
		return formView{}, ferr
	}
	f := formView{Action: "/tasks", Submit: "Create task", Cancel: "/tasks",
		Fields: []fieldView{
			text("title", "Title", v.Title).required().help("What is to be done, starting with a verb: \u201cReview the access rights of the finance share\u201d."),
			text("description", "Description", v.Description).kind("textarea"),
			owner.help("Who is to do it. They see it under My work."),
			text("due", "Due date", v.Due).kind("date").required().help("YYYY-MM-DD. After this day the task counts as overdue."),
			text("link", "Concerns", v.Link).help(linkHelp("the task")),
		}}
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = "/tasks/"+string(pathID(r)), "Save task", "/tasks/"+string(pathID(r))
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
	}
	f.withErrors(err)
	return f, nil
}

// renderTaskForm renders the task form page.
func (s *Server) renderTaskForm(w http.ResponseWriter, r *http.Request, status int, v taskFormValues, err error) error {
	f, ferr := s.taskForm(r, v, err)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Form: f, Lede: "A task is work with an owner and a due date. It shows under the owner's My work until it is done."}
	p.Title = "New task"
	if v.Version > 0 {
		p.Title, p.Lede = "Edit task", "Changes are recorded in the audit trail. A new owner sees the task under My work."
	}
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleTaskNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.AssignWork, "You may not create tasks."); err != nil {
		return err
	}
	return s.renderTaskForm(w, r, http.StatusOK, taskFormValues{OwnerID: a.UserID, Link: r.URL.Query().Get("link")}, nil)
}

// postedTaskValues reads the task form.
func postedTaskValues(r *http.Request) taskFormValues {
	v := taskFormValues{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Due: r.PostFormValue("due"), Link: r.PostFormValue("link"), Version: formInt(r, "version")}
	if owner := strings.TrimSpace(r.PostFormValue("owner")); strings.Contains(owner, "@") {
		v.OwnerTyped = owner
	} else {
		v.OwnerID = isms.ID(owner)
	}
	return v
}

// ownerProblem puts the problem of an unknown owner e-mail address into
// err, replacing what app said about the missing owner.
func ownerProblem(err error, problem string) error {
	if problem == "" {
		return err
	}
	fields := map[string]string{"owner": problem}
	for f, msg := range isms.ErrorFields(err) {
		if f != "owner" {
			fields[f] = msg
		}
	}
	return isms.Problems(fields).Err()
}

func (s *Server) handleTaskCreate(w http.ResponseWriter, r *http.Request) error {
	v := postedTaskValues(r)
	owner, problem, err := s.resolveOwner(r, r.PostFormValue("owner"))
	if err != nil {
		return err
	}
	t, err := s.app.CreateTask(r.Context(), actor(r), app.TaskInput{Title: v.Title, Description: v.Description,
		OwnerID: owner, Due: v.Due, Link: v.Link})
	if isms.ErrorFields(err) != nil {
		return s.renderTaskForm(w, r, http.StatusUnprocessableEntity, v, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Task created for "+t.OwnerName+".")
	http.Redirect(w, r, "/tasks/"+string(t.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleTaskEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.AssignWork, "You may not edit tasks."); err != nil {
		return err
	}
	t, err := s.app.FindTask(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	if t.Status != isms.TaskOpen {
		return isms.Errorf(isms.Conflict, "This task is %s; reopen it before changing it.", t.Status)
	}
	return s.renderTaskForm(w, r, http.StatusOK, taskFormValues{Title: t.Title, Description: t.Description,
		Due: t.Due.String(), Link: linkValue(t.Link), OwnerID: t.OwnerID, Version: t.Version}, nil)
}

// linkValue is a link as a form field shows it; "" for none.
func linkValue(l isms.Link) string {
	if l.IsZero() {
		return ""
	}
	return l.String()
}

func (s *Server) handleTaskUpdate(w http.ResponseWriter, r *http.Request) error {
	v := postedTaskValues(r)
	owner, problem, err := s.resolveOwner(r, r.PostFormValue("owner"))
	if err != nil {
		return err
	}
	if problem != "" {
		return s.renderTaskForm(w, r, http.StatusUnprocessableEntity, v, ownerProblem(nil, problem))
	}
	upd := isms.TaskUpdate{Title: &v.Title, Description: &v.Description, Due: &v.Due, Link: &v.Link, OwnerID: &owner, Version: v.Version}
	t, err := s.app.UpdateTask(r.Context(), actor(r), pathID(r), upd)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderTaskForm(w, r, statusOf(isms.ErrorCode(err)), v, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Task saved.")
	http.Redirect(w, r, "/tasks/"+string(t.ID), http.StatusSeeOther)
	return nil
}
