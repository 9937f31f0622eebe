// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func init() {
	enumDefs[reflect.TypeFor[isms.TaskStatus]()] = enumDef{doc: "Where a task stands: open work, or closed as done or cancelled.",
		values: enumStrings(isms.TaskStatuses...)}
}

// taskSortKeys are the task list's sort keys.
var taskSortKeys = sortValues("due", "title", "status", "owner", "created")

// taskFields maps the names app gives task fields to the API's.
var taskFields = map[string]string{"owner": "ownerId"}

func (s *Server) taskOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/tasks", Access: Member, Handler: s.apiTaskList,
		ID: "listTasks", Tag: "Tasks", Summary: "List tasks",
		Description: "Every task of the organization for those who may read the ISMS; only the caller's own for employees, whatever the filters say.",
		Params: append([]apiParam{
			stringParam("ownerId", "Only tasks of this member."),
			enumParam("status", "Only tasks with this status.", enumStrings(isms.TaskStatuses...)...),
			enumParam("overdue", "true: only open tasks due before today.", "true", "false"),
			stringParam("linkType", "Only tasks concerning records of this type; none for tasks that concern no record."),
			stringParam("linkId", "Only tasks concerning this record."),
			stringParam("scheduleId", "Only tasks this schedule generated."),
			{Name: "dueFrom", Doc: "Only tasks due on or after this day.", Schema: schemaObj{"type": "string", "format": "date"}},
			{Name: "dueTo", Doc: "Only tasks due on or before this day.", Schema: schemaObj{"type": "string", "format": "date"}},
			stringParam("q", "Search in title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default due.", taskSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Task]](),
	}, {
		Pattern: "POST /api/v1/tasks", Access: Member, Handler: s.apiTaskCreate,
		ID: "createTask", Tag: "Tasks", Summary: "Create a task",
		Description: "Gives an active member a task with a due date, optionally linked to the record it concerns. Needs the right to assign work.",
		Body:        reflect.TypeFor[taskCreateRequest](), Result: reflect.TypeFor[*isms.Task](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/tasks/{id}", Access: Member, Handler: s.apiTaskGet,
		ID: "getTask", Tag: "Tasks", Summary: "Read a task",
		Description: "Employees read their own tasks only; anyone else's is a 404 for them.",
		Result:      reflect.TypeFor[*isms.Task](),
	}, {
		Pattern: "PATCH /api/v1/tasks/{id}", Access: Member, Handler: s.apiTaskUpdate,
		ID: "updateTask", Tag: "Tasks", Summary: "Change a task",
		Description: "Edits, re-dates or reassigns an open task; absent fields stay. version must be the task's current version (409 otherwise, and for a closed task).",
		Body:        reflect.TypeFor[taskUpdateRequest](), Result: reflect.TypeFor[*isms.Task](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/tasks/{id}/complete", Access: Member, Handler: s.apiTaskComplete,
		ID: "completeTask", Tag: "Tasks", Summary: "Mark a task done",
		Description: "The task's owner may, and anyone who may assign work. A task that is not open is a 409.",
		Body:        reflect.TypeFor[taskCompleteRequest](), Result: reflect.TypeFor[*isms.Task](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/tasks/{id}/cancel", Access: Member, Handler: s.apiTaskCancel,
		ID: "cancelTask", Tag: "Tasks", Summary: "Cancel a task",
		Description: "Closes an open task that no longer needs doing; the reason is required. Needs the right to assign work.",
		Body:        reflect.TypeFor[taskCancelRequest](), Result: reflect.TypeFor[*isms.Task](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/tasks/{id}/reopen", Access: Member, Handler: s.apiTaskReopen,
		ID: "reopenTask", Tag: "Tasks", Summary: "Reopen a task",
		Description: "Opens a done or cancelled task again. Its owner may reopen a task they completed; anything else needs the right to assign work.",
		Result:      reflect.TypeFor[*isms.Task](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/me/work", Access: Member, Handler: s.apiMyWork,
		ID: "getMyWork", Tag: "Tasks", Summary: "The caller's open tasks",
		Description: "\u201cMy work\u201d: the caller's open tasks in the organization, overdue first, then by due date, with the counts.",
		Params:      pagingParams, Result: reflect.TypeFor[workAPI](),
	}}
}

// taskCreateRequest is a new task.
type taskCreateRequest struct {
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	OwnerID     isms.ID `json:"ownerId" doc:"User ID of an active member."`
	Due         string  `json:"due" doc:"The due date, YYYY-MM-DD."`
	Link        string  `json:"link,omitempty" doc:"The record the task concerns, as TYPE:ID, such as approval:appr_…."`
}

// taskUpdateRequest is a change to a task; absent fields stay.
type taskUpdateRequest struct {
	Title       *string  `json:"title,omitempty"`
	Description *string  `json:"description,omitempty"`
	OwnerID     *isms.ID `json:"ownerId,omitempty" doc:"Reassigns the task to this active member."`
	Due         *string  `json:"due,omitempty" doc:"The new due date, YYYY-MM-DD."`
	Link        *string  `json:"link,omitempty" doc:"The record the task concerns, as TYPE:ID; an empty string removes the link."`
	Version     int      `json:"version" doc:"The task's version the change was made against."`
}

// taskCompleteRequest closes a task as done.
type taskCompleteRequest struct {
	Note string `json:"note,omitempty" doc:"What was done, and where the result is."`
}

// taskCancelRequest closes a task as cancelled.
type taskCancelRequest struct {
	Reason string `json:"reason" doc:"Why the task no longer needs doing."`
}

// workAPI is a page of the caller's open tasks with its counts.
type workAPI struct {
	Items   []*isms.Task `json:"items" openapi:"nonnull"`
	Total   int          `json:"total" doc:"The caller's open tasks."`
	Overdue int          `json:"overdue" doc:"Those of them due before today."`
	Today   isms.Date    `json:"today" doc:"The day overdue is counted from (UTC)."`
	Limit   int          `json:"limit"`
	Offset  int          `json:"offset"`
}

func (workAPI) schemaName() string { return "Work" }

// queryDate reads a date query parameter, recording a problem in p.
func queryDate(r *http.Request, p isms.Problems, name string) isms.Date {
	d, err := isms.ParseDate(strings.TrimSpace(r.URL.Query().Get(name)))
	if err != nil {
		p.Add(name, name+" must be a date, YYYY-MM-DD.")
	}
	return d
}

func (s *Server) apiTaskList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.TaskFilter{OwnerID: isms.ID(q.Get("ownerId")),
		Status:   isms.TaskStatus(queryOneOf(r, p, "status", enumStrings(isms.TaskStatuses...)...)),
		Overdue:  queryOneOf(r, p, "overdue", "true", "false") == "true",
		LinkType: q.Get("linkType"), LinkID: isms.ID(q.Get("linkId")), ScheduleID: isms.ID(q.Get("scheduleId")),
		DueFrom: queryDate(r, p, "dueFrom"), DueTo: queryDate(r, p, "dueTo"), Search: q.Get("q"),
		Sort: queryOneOf(r, p, "sort", taskSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Task, int, error) {
		return s.app.FindTasks(r.Context(), actor(r), f)
	})
}

func (s *Server) apiTaskCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in taskCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	t, err := s.app.CreateTask(r.Context(), actor(r), app.TaskInput{Title: in.Title, Description: in.Description,
		OwnerID: in.OwnerID, Due: in.Due, Link: in.Link})
	if err != nil {
		return nil, renameFields(err, taskFields)
	}
	return created(t), nil
}

func (s *Server) apiTaskGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindTask(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiTaskUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in taskUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	t, err := s.app.UpdateTask(r.Context(), actor(r), pathID(r), isms.TaskUpdate{Title: in.Title, Description: in.Description,
		OwnerID: in.OwnerID, Due: in.Due, Link: in.Link, Version: in.Version})
	if err != nil {
		return nil, renameFields(err, taskFields)
	}
	return t, nil
}

func (s *Server) apiTaskComplete(w http.ResponseWriter, r *http.Request) (any, error) {
	var in taskCompleteRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.CompleteTask(r.Context(), actor(r), pathID(r), in.Note)
}

func (s *Server) apiTaskCancel(w http.ResponseWriter, r *http.Request) (any, error) {
	var in taskCancelRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.CancelTask(r.Context(), actor(r), pathID(r), in.Reason)
}

func (s *Server) apiTaskReopen(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.ReopenTask(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiMyWork(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	limit, offset := apiPaging(r, p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	wk, err := s.app.MyWork(r.Context(), actor(r), limit, offset)
	if err != nil {
		return nil, err
	}
	items := wk.Tasks
	if items == nil {
		items = []*isms.Task{}
	}
	return workAPI{Items: items, Total: wk.Total, Overdue: wk.Overdue, Today: wk.Today, Limit: limit, Offset: offset}, nil
}
