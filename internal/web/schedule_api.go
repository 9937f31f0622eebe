// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// scheduleSortKeys are the schedule list's sort keys.
var scheduleSortKeys = sortValues("title", "start", "owner", "created")

func (s *Server) scheduleOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/schedules", Access: Member, Handler: s.apiScheduleList,
		ID: "listSchedules", Tag: "Schedules", Summary: "List recurring activities",
		Params: append([]apiParam{
			enumParam("status", "Only active or only deactivated schedules.", "active", "inactive"),
			stringParam("ownerId", "Only schedules of this member."),
			stringParam("linkType", "Only schedules concerning records of this type."),
			stringParam("linkId", "Only schedules concerning this record."),
			stringParam("q", "Search in title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default title.", scheduleSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Schedule]](),
	}, {
		Pattern: "POST /api/v1/schedules", Access: Member, Handler: s.apiScheduleCreate,
		ID: "createSchedule", Tag: "Schedules", Summary: "Schedule a recurring activity",
		Description: "Creates the schedule and, at once, the tasks of its occurrences due within its lead time, " +
			"including missed ones when it starts in the past (they are overdue). Needs the right to assign work.",
		Body: reflect.TypeFor[scheduleCreateRequest](), Result: reflect.TypeFor[*isms.Schedule](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/schedules/{id}", Access: Member, Handler: s.apiScheduleGet,
		ID: "getSchedule", Tag: "Schedules", Summary: "Read a schedule",
		Result: reflect.TypeFor[*isms.Schedule](),
	}, {
		Pattern: "PATCH /api/v1/schedules/{id}", Access: Member, Handler: s.apiScheduleUpdate,
		ID: "updateSchedule", Tag: "Schedules", Summary: "Change a schedule",
		Description: "Absent fields stay. A new rule or start cancels the open tasks of future occurrences that no longer match " +
			"(note \"schedule changed\") and generates the new ones; done, due and overdue tasks stay. version must be current (409 otherwise, and for a deactivated schedule).",
		Body: reflect.TypeFor[scheduleUpdateRequest](), Result: reflect.TypeFor[*isms.Schedule](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/schedules/{id}/deactivate", Access: Member, Handler: s.apiScheduleDeactivate,
		ID: "deactivateSchedule", Tag: "Schedules", Summary: "Deactivate a schedule",
		Description: "It generates nothing more; the open tasks of its future occurrences are cancelled. A deactivated schedule is a 409.",
		Result:      reflect.TypeFor[*isms.Schedule](), Errors: []int{http.StatusConflict},
	}}
}

// scheduleCreateRequest is a new schedule.
type scheduleCreateRequest struct {
	Title       string  `json:"title" doc:"The title of every task it generates."`
	Description string  `json:"description,omitempty"`
	OwnerID     isms.ID `json:"ownerId" doc:"User ID of the active member who gets the tasks."`
	Rule        string  `json:"rule" doc:"How often, in words: every 3 months, every year, every 2 weeks, first monday of each quarter, last friday of each month."`
	Start       string  `json:"start" doc:"The first possible due date, YYYY-MM-DD; intervals count from it."`
	LeadDays    *int    `json:"leadDays,omitempty" doc:"Days before its due date that each task is created, 0 to 366; default 30."`
	Link        string  `json:"link,omitempty" doc:"The record the activity concerns, as TYPE:ID."`
}

// scheduleUpdateRequest is a change to a schedule; absent fields stay.
type scheduleUpdateRequest struct {
	Title       *string  `json:"title,omitempty"`
	Description *string  `json:"description,omitempty"`
	OwnerID     *isms.ID `json:"ownerId,omitempty" doc:"The member who gets the tasks; open tasks of future occurrences move to them."`
	Rule        *string  `json:"rule,omitempty" doc:"How often, in words, as for a new schedule."`
	Start       *string  `json:"start,omitempty" doc:"YYYY-MM-DD."`
	LeadDays    *int     `json:"leadDays,omitempty"`
	Link        *string  `json:"link,omitempty" doc:"TYPE:ID; an empty string removes the link."`
	Version     int      `json:"version" doc:"The schedule's version the change was made against."`
}

func (s *Server) apiScheduleList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.ScheduleFilter{OwnerID: isms.ID(q.Get("ownerId")), LinkType: q.Get("linkType"), LinkID: isms.ID(q.Get("linkId")),
		Search: q.Get("q"), Sort: queryOneOf(r, p, "sort", scheduleSortKeys...)}
	if status := queryOneOf(r, p, "status", "active", "inactive"); status != "" {
		active := status == "active"
		f.Active = &active
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Schedule, int, error) {
		return s.app.FindSchedules(r.Context(), actor(r), f)
	})
}

func (s *Server) apiScheduleCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in scheduleCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	sc, _, err := s.app.CreateSchedule(r.Context(), actor(r), app.ScheduleInput{Title: in.Title, Description: in.Description,
		OwnerID: in.OwnerID, Rule: in.Rule, Start: in.Start, LeadDays: in.LeadDays, Link: in.Link})
	if err != nil {
		return nil, renameFields(err, taskFields)
	}
	return created(sc), nil
}

func (s *Server) apiScheduleGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindSchedule(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiScheduleUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in scheduleUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	sc, _, err := s.app.UpdateSchedule(r.Context(), actor(r), pathID(r), isms.ScheduleUpdate{Title: in.Title,
		Description: in.Description, OwnerID: in.OwnerID, Rule: in.Rule, Start: in.Start, LeadDays: in.LeadDays,
		Link: in.Link, Version: in.Version})
	if err != nil {
		return nil, renameFields(err, taskFields)
	}
	return sc, nil
}

func (s *Server) apiScheduleDeactivate(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.DeactivateSchedule(r.Context(), actor(r), pathID(r))
}
