// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiTask is a task as the API writes it.
type apiTask struct {
	ID             isms.ID         `json:"id"`
	Title          string          `json:"title"`
	OwnerID        isms.ID         `json:"ownerId"`
	OwnerName      string          `json:"ownerName"`
	Due            string          `json:"due"`
	Status         isms.TaskStatus `json:"status"`
	Link           *isms.Link      `json:"link"`
	ScheduleID     isms.ID         `json:"scheduleId"`
	Occurrence     string          `json:"occurrence"`
	CompletionNote string          `json:"completionNote"`
	Version        int             `json:"version"`
}

func TestAPITasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		emp := f.h.token(f.emp, f.org, isms.ScopeReadWrite)

		var k apiTask
		apiCall(t, mgr, "POST", "/api/v1/tasks", map[string]any{"title": "Review the firewall rules", "ownerId": f.emp.ID,
			"due": "2026-02-20", "link": "organization:acme", "description": "Both sites."}, 201, &k)
		if k.OwnerName != f.emp.Name || k.Due != "2026-02-20" || k.Status != isms.TaskOpen || k.Link == nil ||
			*k.Link != (isms.Link{Type: "organization", ID: f.org.ID}) || k.Version != 1 {
			t.Errorf("POST /api/v1/tasks = %+v", k)
		}
		e := apiCallErr(t, mgr, "POST", "/api/v1/tasks", map[string]any{"title": "", "ownerId": "user_nobody", "due": "soon"}, 422)
		if diff := cmp.Diff([]string{"due", "ownerId", "title"}, fieldNames(e)); diff != "" {
			t.Errorf("POST /api/v1/tasks with problems: fields (-want +got):\n%s", diff)
		}
		apiCallErr(t, emp, "POST", "/api/v1/tasks", map[string]any{"title": "x", "ownerId": f.emp.ID, "due": "2026-03-01"}, 403)

		firstID := k.ID
		var mine apiTask
		apiCall(t, mgr, "POST", "/api/v1/tasks", map[string]any{"title": "Manager's own", "ownerId": f.mgr.ID, "due": "2026-03-10"}, 201, &mine)
		var list apiPage[apiTask]
		apiCall(t, emp, "GET", "/api/v1/tasks?ownerId="+string(f.mgr.ID), nil, 200, &list)
		if list.Total != 1 || list.Items[0].ID != k.ID {
			t.Errorf("the employee's GET /api/v1/tasks?ownerId=manager = %+v, want only their own task", list)
		}
		apiCall(t, mgr, "GET", "/api/v1/tasks?overdue=true&linkType=organization&dueFrom=2026-01-01&dueTo=2026-02-28&sort=-due&limit=10", nil, 200, &list)
		if list.Total != 1 || list.Items[0].ID != k.ID {
			t.Errorf("GET /api/v1/tasks filtered = %+v", list)
		}
		e = apiCallErr(t, mgr, "GET", "/api/v1/tasks?status=paused&dueFrom=yesterday", nil, 422)
		if diff := cmp.Diff([]string{"dueFrom", "status"}, fieldNames(e)); diff != "" {
			t.Errorf("bad list query: fields (-want +got):\n%s", diff)
		}
		apiCallErr(t, emp, "GET", "/api/v1/tasks/"+string(mine.ID), nil, 404)

		var work struct {
			Items   []apiTask `json:"items"`
			Total   int       `json:"total"`
			Overdue int       `json:"overdue"`
			Today   string    `json:"today"`
		}
		apiCall(t, emp, "GET", "/api/v1/me/work?limit=5", nil, 200, &work)
		if work.Total != 1 || work.Overdue != 1 || work.Today != "2026-03-02" || len(work.Items) != 1 {
			t.Errorf("GET /api/v1/me/work = %+v", work)
		}

		k = apiTask{} // absent fields must not keep what an earlier response said
		apiCall(t, mgr, "PATCH", "/api/v1/tasks/"+string(mine.ID), map[string]any{"due": "2026-03-20", "link": "organization:acme", "version": 1}, 200, &k)
		apiCall(t, mgr, "PATCH", "/api/v1/tasks/"+string(k.ID), map[string]any{"link": "", "version": 2}, 200, &k)
		k = apiTask{}
		apiCall(t, mgr, "GET", "/api/v1/tasks/"+string(mine.ID), nil, 200, &k)
		if k.Due != "2026-03-20" || k.Link != nil || k.Version != 3 {
			t.Errorf("PATCH /api/v1/tasks/{id} twice = %+v, want the new due date and no link", k)
		}
		apiCallErr(t, mgr, "PATCH", "/api/v1/tasks/"+string(k.ID), map[string]any{"title": "Stale", "version": 1}, 409)
		apiCall(t, mgr, "GET", "/api/v1/tasks/"+string(firstID), nil, 200, &k)
		apiCallErr(t, mgr, "POST", "/api/v1/tasks/"+string(k.ID)+"/cancel", map[string]any{"reason": ""}, 422)
		apiCall(t, emp, "POST", "/api/v1/tasks/"+string(k.ID)+"/complete", map[string]any{"note": "All rules reviewed."}, 200, &k)
		if k.Status != isms.TaskDone || k.CompletionNote != "All rules reviewed." {
			t.Errorf("POST …/complete = %+v", k)
		}
		apiCallErr(t, emp, "POST", "/api/v1/tasks/"+string(k.ID)+"/complete", map[string]any{}, 409)
		apiCall(t, emp, "POST", "/api/v1/tasks/"+string(k.ID)+"/reopen", nil, 200, &k)
		apiCall(t, mgr, "POST", "/api/v1/tasks/"+string(k.ID)+"/cancel", map[string]any{"reason": "Superseded by the audit."}, 200, &k)
		if k.Status != isms.TaskCancelled || k.CompletionNote != "Superseded by the audit." {
			t.Errorf("POST …/cancel = %+v", k)
		}
		apiCallErr(t, emp, "POST", "/api/v1/tasks/"+string(k.ID)+"/reopen", nil, 403)
	})
}

func TestAPISchedules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		var s struct {
			ID       isms.ID `json:"id"`
			Rule     string  `json:"rule"`
			Start    string  `json:"start"`
			LeadDays int     `json:"leadDays"`
			Active   bool    `json:"active"`
			Last     string  `json:"lastOccurrence"`
			Version  int     `json:"version"`
		}
		apiCall(t, mgr, "POST", "/api/v1/schedules", map[string]any{"title": "Management review", "ownerId": f.mgr.ID,
			"rule": "every 6 months", "start": "2026-03-20"}, 201, &s)
		if s.Rule != "every 6 months" || s.LeadDays != 30 || !s.Active || s.Last != "2026-03-20" || s.Version != 1 {
			t.Errorf("POST /api/v1/schedules = %+v", s)
		}
		e := apiCallErr(t, mgr, "POST", "/api/v1/schedules", map[string]any{"title": "x", "ownerId": f.mgr.ID,
			"rule": "whenever", "start": "2026-03-20", "leadDays": 400}, 422)
		if diff := cmp.Diff([]string{"leadDays", "rule"}, fieldNames(e)); diff != "" {
			t.Errorf("POST /api/v1/schedules with problems: fields (-want +got):\n%s", diff)
		}
		var tasks apiPage[apiTask]
		apiCall(t, mgr, "GET", "/api/v1/tasks?scheduleId="+string(s.ID), nil, 200, &tasks)
		if tasks.Total != 1 || tasks.Items[0].Occurrence != "2026-03-20" || tasks.Items[0].ScheduleID != s.ID {
			t.Errorf("the schedule's tasks = %+v", tasks)
		}
		apiCall(t, mgr, "PATCH", "/api/v1/schedules/"+string(s.ID), map[string]any{"rule": "first friday of each half-year", "version": 1}, 200, &s)
		if s.Rule != "first Friday of each half-year" || s.Version != 2 {
			t.Errorf("PATCH /api/v1/schedules/{id} = %+v", s)
		}
		apiCallErr(t, mgr, "PATCH", "/api/v1/schedules/"+string(s.ID), map[string]any{"leadDays": 10, "version": 1}, 409)
		var list apiPage[struct {
			ID isms.ID `json:"id"`
		}]
		apiCall(t, mgr, "GET", "/api/v1/schedules?status=active&q=management&sort=-start", nil, 200, &list)
		if list.Total != 1 || list.Items[0].ID != s.ID {
			t.Errorf("GET /api/v1/schedules = %+v", list)
		}
		apiCall(t, mgr, "GET", "/api/v1/schedules/"+string(s.ID), nil, 200, &s)
		apiCall(t, mgr, "POST", "/api/v1/schedules/"+string(s.ID)+"/deactivate", nil, 200, &s)
		if s.Active {
			t.Error("deactivate left the schedule active")
		}
		apiCallErr(t, mgr, "POST", "/api/v1/schedules/"+string(s.ID)+"/deactivate", nil, 409)
		emp := f.h.token(f.emp, f.org, isms.ScopeReadWrite)
		apiCallErr(t, emp, "GET", "/api/v1/schedules", nil, 403)
	})
}
