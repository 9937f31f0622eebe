// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func init() {
	addPhrases(map[string]string{
		"schedule.create": "scheduled a recurring activity", "schedule.update": "changed a schedule",
		"schedule.deactivate": "deactivated a schedule",
	})
}

var scheduleColumns = []column{
	{Key: "title", Label: "Activity"}, {Label: "Recurs"}, {Key: "owner", Label: "Owner"}, {Key: "start", Label: "Starts"},
	{Label: "Next due"}, {Label: "Status"},
}

// scheduleRow is a schedule as the list shows it.
type scheduleRow struct {
	*isms.Schedule
	Next isms.Date // the next occurrence from today; zero when none
}

func scheduleNext(s *isms.Schedule, today isms.Date) isms.Date {
	if !s.Active {
		return isms.Date{}
	}
	if next := s.Rule.Next(s.Start, today, 1); len(next) == 1 {
		return next[0]
	}
	return isms.Date{}
}

func scheduleStatus(s *isms.Schedule) string {
	if s.Active {
		return "active"
	}
	return "inactive"
}

type scheduleListPage struct {
	basePage
	List      *listResult[*isms.Schedule]
	Rows      []scheduleRow
	Search    string
	Status    string
	CanAssign bool
}

func (s *Server) handleScheduleIndex(w http.ResponseWriter, r *http.Request) error {
	a, q := actor(r), r.URL.Query()
	f := isms.ScheduleFilter{Search: q.Get("q")}
	status := q.Get("status")
	switch status {
	case "active", "inactive":
		active := status == "active"
		f.Active = &active
	case "":
	default:
		return isms.Errorf(isms.Invalid, "Unknown status %q; use active or inactive.", status)
	}
	today := isms.DateOf(s.app.Now())
	spec := listSpec[*isms.Schedule]{
		Title: "Schedules", Columns: scheduleColumns, DefaultSort: "title",
		Fetch: func(lq listQuery) ([]*isms.Schedule, int, error) {
			f.Sort, f.Limit, f.Offset = lq.Sort, lq.Limit, lq.Offset
			return s.app.FindSchedules(r.Context(), a, f)
		},
		Record: func(sc *isms.Schedule) []string {
			return []string{sc.Title, sc.Rule.String(), sc.OwnerName, sc.Start.String(), scheduleNext(sc, today).String(), scheduleStatus(sc)}
		},
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", f.Search}, {"Status", status}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &scheduleListPage{List: list, Search: f.Search, Status: status, CanAssign: a.Can(isms.AssignWork)}
	for _, sc := range list.Items {
		p.Rows = append(p.Rows, scheduleRow{Schedule: sc, Next: scheduleNext(sc, today)})
	}
	p.Title = "Schedules"
	return s.render(w, r, http.StatusOK, "schedule_index", p)
}

type scheduleShowPage struct {
	basePage
	Detail    *app.ScheduleDetail
	LinkURL   string
	Tasks     *listResult[*isms.Task]
	Rows      []taskRow
	History   []*isms.AuditEvent
	CanAssign bool
}

func (s *Server) handleScheduleShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	d, err := s.app.FindScheduleDetail(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := &scheduleShowPage{Detail: d, CanAssign: a.Can(isms.AssignWork) && d.Schedule.Active}
	if d.Link != nil && !d.Link.Missing {
		p.LinkURL = linkURLFor(a, d.Schedule.Link)
	}
	today := isms.DateOf(s.app.Now())
	spec := listSpec[*isms.Task]{
		Title: "Tasks of " + d.Schedule.Title, Columns: taskColumns, DefaultSort: "-due",
		Fetch: func(q listQuery) ([]*isms.Task, int, error) {
			return s.app.FindTasks(r.Context(), a, isms.TaskFilter{ScheduleID: d.Schedule.ID, Sort: q.Sort, Limit: q.Limit, Offset: q.Offset})
		},
		Record: taskRecord(today),
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p.Tasks, p.Rows = list, taskRows(a, list.Items, today)
	if a.Can(isms.ReadAuditTrail) {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "schedule", ObjectID: d.Schedule.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = d.Schedule.Title
	return s.render(w, r, http.StatusOK, "schedule_show", p)
}

func (s *Server) handleScheduleDeactivate(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.app.DeactivateSchedule(r.Context(), actor(r), pathID(r))
	if err != nil {
		return err
	}
	s.flash(w, "ok", "Schedule deactivated. Its tasks of future occurrences are cancelled; overdue and done ones stay.")
	http.Redirect(w, r, "/schedules/"+string(sc.ID), http.StatusSeeOther)
	return nil
}

// scheduleFormValues is what the schedule form shows and sends.
type scheduleFormValues struct {
	Title, Description, Link, Rule, Start, LeadDays string
	OwnerID                                         isms.ID
	OwnerTyped                                      string
	Version                                         int // 0 for a new schedule
}

func (s *Server) renderScheduleForm(w http.ResponseWriter, r *http.Request, status int, v scheduleFormValues, err error) error {
	owner, ferr := s.ownerField(r, "Owner", v.OwnerID, v.OwnerTyped)
	if ferr != nil {
		return ferr
	}
	f := formView{Action: "/schedules", Submit: "Create schedule", Cancel: "/schedules",
		Fields: []fieldView{
			text("title", "Title", v.Title).required().help("The title of every task it generates, such as \u201cQuarterly access review\u201d."),
			text("description", "Description", v.Description).kind("textarea").help("What to do each time; every generated task carries it."),
			owner.help("Who does it; each generated task shows under their My work."),
			text("rule", "Recurs", v.Rule).required().help("In words: \u201cevery 3 months\u201d, \u201cevery year\u201d, \u201cevery 2 weeks\u201d, \u201cfirst monday of each quarter\u201d, \u201clast friday of each month\u201d."),
			text("start", "First due date", v.Start).kind("date").required().help("YYYY-MM-DD. Intervals count from this day; no task falls due before it. A day in the past creates the missed occurrences as overdue tasks."),
			text("leadDays", "Lead time in days", v.LeadDays).kind("number").required().help("Each task is created this many days before it is due (0 to 366)."),
			text("link", "Concerns", v.Link).help(linkHelp("the activity")),
		}}
	p := &formPage{Lede: "A recurring activity generates a task for each occurrence, ahead of time. Missed occurrences stay visible as overdue tasks."}
	p.Title = "Schedule a recurring activity"
	if v.Version > 0 {
		id := string(pathID(r))
		f.Action, f.Submit, f.Cancel = "/schedules/"+id, "Save schedule", "/schedules/"+id
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit schedule", "Changing the rule or first due date cancels the open tasks of future occurrences that no longer match (noted \u201cschedule changed\u201d) and generates the new ones. Done and overdue tasks stay as they are."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleScheduleNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.AssignWork, "You may not schedule recurring activities."); err != nil {
		return err
	}
	return s.renderScheduleForm(w, r, http.StatusOK, scheduleFormValues{OwnerID: a.UserID, Link: r.URL.Query().Get("link"),
		LeadDays: strconv.Itoa(isms.DefaultLeadDays)}, nil)
}

// postedScheduleValues reads the schedule form.
func postedScheduleValues(r *http.Request) scheduleFormValues {
	t := postedTaskValues(r)
	return scheduleFormValues{Title: t.Title, Description: t.Description, Link: t.Link, OwnerID: t.OwnerID, OwnerTyped: t.OwnerTyped,
		Rule: r.PostFormValue("rule"), Start: r.PostFormValue("start"), LeadDays: r.PostFormValue("leadDays"), Version: t.Version}
}

// leadDays reads the lead time field: nil for the default when empty. A
// value that is not a whole number becomes -1, which app refuses, and a
// problem in problems that replaces app's.
func leadDays(v string, problems map[string]string) *int {
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		problems["leadDays"], n = "Enter the lead time as a whole number of days.", -1
	}
	return &n
}

// withProblems puts the problems found in web into err, in place of what
// app said about the same fields. An owner typed as an unknown e-mail
// address reaches app as no owner, so app refuses the change.
func withProblems(err error, problems map[string]string) error {
	if len(problems) == 0 || isms.ErrorFields(err) == nil {
		return err
	}
	for f, msg := range isms.ErrorFields(err) {
		if _, ok := problems[f]; !ok {
			problems[f] = msg
		}
	}
	return isms.Problems(problems).Err()
}

// postedOwner resolves the owner field, recording an unknown e-mail
// address in problems.
func (s *Server) postedOwner(r *http.Request, problems map[string]string) (isms.ID, error) {
	owner, problem, err := s.resolveOwner(r, r.PostFormValue("owner"))
	if problem != "" {
		problems["owner"] = problem
	}
	return owner, err
}

func (s *Server) handleScheduleCreate(w http.ResponseWriter, r *http.Request) error {
	v, problems := postedScheduleValues(r), map[string]string{}
	owner, err := s.postedOwner(r, problems)
	if err != nil {
		return err
	}
	sc, n, err := s.app.CreateSchedule(r.Context(), actor(r), app.ScheduleInput{Title: v.Title, Description: v.Description,
		OwnerID: owner, Link: v.Link, Rule: v.Rule, Start: v.Start, LeadDays: leadDays(v.LeadDays, problems)})
	if err = withProblems(err, problems); isms.ErrorFields(err) != nil {
		return s.renderScheduleForm(w, r, http.StatusUnprocessableEntity, v, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Schedule created; "+plural(n, "task", "tasks")+" generated so far.")
	http.Redirect(w, r, "/schedules/"+string(sc.ID), http.StatusSeeOther)
	return nil
}

// plural returns "1 task" or "3 tasks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (s *Server) handleScheduleEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.AssignWork, "You may not change schedules."); err != nil {
		return err
	}
	sc, err := s.app.FindSchedule(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	if !sc.Active {
		return isms.Errorf(isms.Conflict, "This schedule is deactivated and can no longer change; create a new one instead.")
	}
	return s.renderScheduleForm(w, r, http.StatusOK, scheduleFormValues{Title: sc.Title, Description: sc.Description,
		Link: linkValue(sc.Link), Rule: sc.Rule.String(), Start: sc.Start.String(), LeadDays: strconv.Itoa(sc.LeadDays),
		OwnerID: sc.OwnerID, Version: sc.Version}, nil)
}

func (s *Server) handleScheduleUpdate(w http.ResponseWriter, r *http.Request) error {
	v, problems := postedScheduleValues(r), map[string]string{}
	owner, err := s.postedOwner(r, problems)
	if err != nil {
		return err
	}
	upd := isms.ScheduleUpdate{Title: &v.Title, Description: &v.Description, OwnerID: &owner, Link: &v.Link,
		Rule: &v.Rule, Start: &v.Start, LeadDays: leadDays(v.LeadDays, problems), Version: v.Version}
	sc, n, err := s.app.UpdateSchedule(r.Context(), actor(r), pathID(r), upd)
	if err = withProblems(err, problems); isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderScheduleForm(w, r, statusOf(isms.ErrorCode(err)), v, err)
	} else if err != nil {
		return err
	}
	msg := "Schedule saved."
	if n > 0 {
		msg += " " + plural(n, "task", "tasks") + " generated."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/schedules/"+string(sc.ID), http.StatusSeeOther)
	return nil
}
