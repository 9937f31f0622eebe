// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func init() {
	addPhrases(map[string]string{
		"task.create": "created a task", "task.update": "changed a task", "task.complete": "completed a task",
		"task.cancel": "cancelled a task", "task.reopen": "reopened a task",
	})
}

// taskRow is a task as a list shows it.
type taskRow struct {
	*isms.Task
	Overdue   bool
	LinkLabel string // the kind of record it concerns, for people
	LinkURL   string // that record's page, when the reader may open it
}

// taskRows returns the rows of tasks for actor a on day today.
func taskRows(a isms.Actor, tasks []*isms.Task, today isms.Date) []taskRow {
	rows := make([]taskRow, len(tasks))
	for i, t := range tasks {
		rows[i] = taskRow{Task: t, Overdue: t.Overdue(today)}
		if !t.Link.IsZero() {
			rows[i].LinkLabel, rows[i].LinkURL = app.LinkLabel(t.Link.Type), linkURLFor(a, t.Link)
		}
	}
	return rows
}

// linkURLFor returns the page of the record l points at when actor a may
// open it: readers of the ISMS open any record page, everyone their tasks
// and the campaigns that ask them to acknowledge documents.
func linkURLFor(a isms.Actor, l isms.Link) string {
	if !a.Can(isms.ReadISMS) && l.Type == "campaign" {
		return "/acknowledgements/" + url.PathEscape(string(l.ID))
	}
	if !a.Can(isms.ReadISMS) && l.Type != "task" {
		return ""
	}
	return recordURL(l)
}

// taskState is the status a list shows: overdue for open tasks past due.
func taskState(t *isms.Task, today isms.Date) string {
	if t.Overdue(today) {
		return "overdue"
	}
	return string(t.Status)
}

// taskRecord returns a task's cells for export, in taskColumns order.
func taskRecord(today isms.Date) func(t *isms.Task) []string {
	return func(t *isms.Task) []string {
		link := ""
		if !t.Link.IsZero() {
			link = t.Link.String()
		}
		return []string{t.Title, t.OwnerName, t.Due.String(), taskState(t, today), link}
	}
}

var taskColumns = []column{
	{Key: "title", Label: "Task"}, {Key: "owner", Label: "Owner"}, {Key: "due", Label: "Due"},
	{Key: "status", Label: "Status"}, {Label: "Concerns"},
}

// workColumns are the columns of "my work", in its fixed order.
var workColumns = []column{{Label: "Task"}, {Label: "Owner"}, {Label: "Due"}, {Label: "Status"}, {Label: "Concerns"}}

type workPage struct {
	basePage
	List      *listResult[*isms.Task]
	Rows      []taskRow
	Work      *app.Work
	CanAssign bool
	// Acknowledge counts the document versions campaigns ask the reader
	// to acknowledge.
	Acknowledge int
}

func (s *Server) handleWorkIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	work := &app.Work{}
	spec := listSpec[*isms.Task]{
		Title: "My work", Columns: workColumns,
		Fetch: func(q listQuery) ([]*isms.Task, int, error) {
			wk, err := s.app.MyWork(r.Context(), a, q.Limit, q.Offset)
			if err != nil {
				return nil, 0, err
			}
			work = wk
			return wk.Tasks, wk.Total, nil
		},
		Record: func(t *isms.Task) []string { return taskRecord(work.Today)(t) },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pending, err := s.app.PendingAcknowledgements(r.Context(), a)
	if err != nil {
		return err
	}
	p := &workPage{List: list, Work: work, Rows: taskRows(a, list.Items, work.Today), CanAssign: a.Can(isms.AssignWork), Acknowledge: len(pending)}
	p.Title = "My work"
	return s.render(w, r, http.StatusOK, "work_index", p)
}

// taskFilterView is the task list's filters as the URL gives them.
type taskFilterView struct {
	Owner, Status, Link, Search, Schedule string
	Overdue                               bool
}

type taskListPage struct {
	basePage
	List      *listResult[*isms.Task]
	Rows      []taskRow
	Filter    taskFilterView
	LinkTypes [][2]string
	CanAssign bool
	ReadsAll  bool
}

// taskFilter reads the task list's filters from the URL.
func (s *Server) taskFilter(r *http.Request) (isms.TaskFilter, taskFilterView, error) {
	q := r.URL.Query()
	v := taskFilterView{Owner: q.Get("owner"), Status: q.Get("status"), Link: q.Get("link"), Search: q.Get("q"),
		Schedule: q.Get("schedule"), Overdue: q.Get("overdue") != ""}
	f := isms.TaskFilter{Status: isms.TaskStatus(v.Status), Overdue: v.Overdue, LinkType: v.Link,
		ScheduleID: isms.ID(v.Schedule), Search: v.Search}
	if f.Status != "" && !f.Status.Valid() {
		return f, v, isms.Errorf(isms.Invalid, "Unknown status %q; use open, done or cancelled.", v.Status)
	}
	if v.Owner != "" && actor(r).Can(isms.ReadISMS) {
		id, problem, err := s.resolveOwner(r, v.Owner)
		if err != nil {
			return f, v, err
		}
		if problem != "" {
			return f, v, isms.Errorf(isms.Invalid, "%s", problem)
		}
		f.OwnerID = id
	}
	return f, v, nil
}

func (s *Server) handleTaskIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv, err := s.taskFilter(r)
	if err != nil {
		return err
	}
	today := isms.DateOf(s.app.Now())
	spec := listSpec[*isms.Task]{
		Title: "Tasks", Columns: taskColumns, DefaultSort: "due",
		Fetch: func(q listQuery) ([]*isms.Task, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindTasks(r.Context(), a, f)
		},
		Record: taskRecord(today),
		Filters: func(listQuery) [][2]string {
			overdue := ""
			if fv.Overdue {
				overdue = "yes"
			}
			return [][2]string{{"Owner", fv.Owner}, {"Status", fv.Status}, {"Overdue only", overdue},
				{"Concerns", fv.Link}, {"Schedule", fv.Schedule}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &taskListPage{List: list, Rows: taskRows(a, list.Items, today), Filter: fv, LinkTypes: linkTypeOptions("Any record"),
		CanAssign: a.Can(isms.AssignWork), ReadsAll: a.Can(isms.ReadISMS)}
	p.Title = "Tasks"
	return s.render(w, r, http.StatusOK, "task_index", p)
}

// linkTypeOptions lists the record types a task may concern, for a filter.
func linkTypeOptions(any string) [][2]string {
	out := [][2]string{{"", any}, {isms.NoLink, "No record"}}
	for _, t := range app.LinkTypes() {
		out = append(out, [2]string{t, app.LinkLabel(t)})
	}
	return out
}

type taskShowPage struct {
	basePage
	Detail      *app.TaskDetail
	LinkURL     string
	History     []*isms.AuditEvent
	Evidence    *evidencePanel // evidence linked to the task, with freshness flags
	CanEdit     bool
	CanComplete bool
	CanReopen   bool
	Complete    formView
	Cancel      formView
}

func (s *Server) handleTaskShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderTask(w, r, http.StatusOK, nil, nil)
}

// renderTask shows the task page; completeErr and cancelErr are the
// problems of a completion or cancellation just refused.
func (s *Server) renderTask(w http.ResponseWriter, r *http.Request, status int, completeErr, cancelErr error) error {
	a := actor(r)
	d, err := s.app.FindTaskDetail(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	t := d.Task
	open, assigns, owns := t.Status == isms.TaskOpen, a.Can(isms.AssignWork), t.OwnerID == a.UserID
	p := &taskShowPage{Detail: d, CanEdit: open && assigns, CanComplete: open && (assigns || owns),
		CanReopen: !open && (assigns || (owns && t.Status == isms.TaskDone))}
	if d.Link != nil && !d.Link.Missing {
		p.LinkURL = linkURLFor(a, t.Link)
	}
	p.Title = t.Title
	base := "/tasks/" + string(t.ID)
	p.Complete = formView{Action: base + "/complete", Submit: "Mark as done",
		Fields: []fieldView{text("note", "Completion note", r.PostFormValue("note")).kind("textarea").
			help("What was done, and where the result is: auditors read this.")}}
	p.Complete.withErrors(completeErr)
	p.Cancel = formView{Action: base + "/cancel", Submit: "Cancel the task",
		Fields: []fieldView{text("reason", "Reason", r.PostFormValue("reason")).kind("textarea").required().
			help("Why this no longer needs doing.")}}
	p.Cancel.withErrors(cancelErr)
	if p.Evidence, err = s.evidenceFor(r, isms.Link{Type: "task", ID: t.ID}); err != nil {
		return err
	}
	if a.Can(isms.ReadAuditTrail) {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "task", ObjectID: t.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "task_show", p)
}

func (s *Server) handleTaskComplete(w http.ResponseWriter, r *http.Request) error {
	t, err := s.app.CompleteTask(r.Context(), actor(r), pathID(r), r.PostFormValue("note"))
	if code := isms.ErrorCode(err); code == isms.Invalid || code == isms.Conflict {
		return s.renderTask(w, r, statusOf(code), err, nil)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Task done. Thank you.")
	http.Redirect(w, r, "/tasks/"+string(t.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleTaskCancel(w http.ResponseWriter, r *http.Request) error {
	t, err := s.app.CancelTask(r.Context(), actor(r), pathID(r), r.PostFormValue("reason"))
	if code := isms.ErrorCode(err); code == isms.Invalid || code == isms.Conflict {
		return s.renderTask(w, r, statusOf(code), nil, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Task cancelled.")
	http.Redirect(w, r, "/tasks/"+string(t.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleTaskReopen(w http.ResponseWriter, r *http.Request) error {
	t, err := s.app.ReopenTask(r.Context(), actor(r), pathID(r))
	if err != nil {
		return err
	}
	s.flash(w, "ok", "Task reopened.")
	http.Redirect(w, r, "/tasks/"+string(t.ID), http.StatusSeeOther)
	return nil
}

// resolveOwner turns an owner input into a user ID: a user ID from a
// select, or the e-mail address of a member typed in. It returns a problem
// sentence when no member has the address.
func (s *Server) resolveOwner(r *http.Request, v string) (isms.ID, string, error) {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "@") {
		return isms.ID(v), "", nil
	}
	id, err := s.app.FindMemberIDByEmail(r.Context(), actor(r), v)
	if isms.ErrorCode(err) == isms.NotFound {
		return "", "No member has the e-mail address " + v + ".", nil
	}
	return id, "", err
}

// ownerFilter sets *owner from a list filter's owner value: "" leaves it,
// "me" is the actor, anything else an e-mail address or a user ID; an
// unknown address is a problem on "owner".
func (s *Server) ownerFilter(r *http.Request, v string, owner *isms.ID, p isms.Problems) error {
	switch v = strings.TrimSpace(v); v {
	case "":
		return nil
	case "me":
		*owner = actor(r).UserID
		return nil
	}
	id, problem, err := s.resolveOwner(r, v)
	if err != nil {
		return err
	}
	if problem != "" {
		p.Add("owner", problem)
	}
	*owner = id
	return nil
}

// ownerSelectMax is the most members an owner field offers as a select;
// a larger organization types an e-mail address instead.
const ownerSelectMax = 200

// ownerField returns the input of an owner: a select of the active members
// of a small organization, a text field for an e-mail address otherwise.
func (s *Server) ownerField(r *http.Request, label string, value isms.ID, typed string) (fieldView, error) {
	members, total, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Limit: ownerSelectMax})
	if err != nil {
		return fieldView{}, err
	}
	if total > ownerSelectMax {
		if typed == "" {
			typed = string(value)
			for _, m := range members {
				if m.User.ID == value {
					typed = m.User.Email
				}
			}
		}
		return text("owner", label, typed).kind("email").required().help("The e-mail address of an active member."), nil
	}
	opts := [][2]string{{"", "Choose a member…"}}
	for _, m := range members {
		opts = append(opts, [2]string{string(m.User.ID), m.User.Name + " (" + m.Role.Label() + ")"})
	}
	return selectField("owner", label, string(value), opts).required(), nil
}
