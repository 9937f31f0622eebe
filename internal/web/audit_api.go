// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func (s *Server) auditOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/audit-events", Access: Member, Handler: s.apiAuditList,
		ID: "listAuditEvents", Tag: "Audit trail", Summary: "List the organization's audit events",
		Description: "Events of the organization's hash-chained audit trail, with the chain's head at the time of the request.",
		Params: append([]apiParam{
			stringParam("objectType", "Only events on records of this type, such as organization or user."),
			stringParam("objectId", "Only events on this record."),
			stringParam("actorId", "Only events by this user."),
			stringParam("action", "Only events with this action, such as organization.update."),
			stringParam("from", "Only events at or after this time: RFC 3339, or a date (YYYY-MM-DD, UTC) meaning its start."),
			stringParam("to", "Only events before this time: RFC 3339, or a date (YYYY-MM-DD, UTC) that is included whole."),
			enumParam("order", "By sequence number: desc (newest first, the default) or asc.", "asc", "desc"),
		}, pagingParams...),
		Result: reflect.TypeFor[auditEventPage](),
	}, {
		Pattern: "GET /api/v1/audit-events/head", Access: Member, Handler: s.apiAuditHead,
		ID: "getAuditHead", Tag: "Audit trail", Summary: "Read the head of the audit chain",
		Description: "The sequence number and hash of the newest event of the organization's chain; exports record it.",
		Result:      reflect.TypeFor[isms.ChainHead](),
	}, {
		Pattern: "GET /api/v1/audit-events/verify", Access: Member, Handler: s.apiAuditVerify,
		ID: "verifyAuditChain", Tag: "Audit trail", Summary: "Verify the audit chain",
		Description: "Recomputes every event's hash and link up to the current head and reports the first break, if any.",
		Result:      reflect.TypeFor[auditVerification](),
	}}
}

// auditEventPage is a page of audit events and the chain's head.
type auditEventPage struct {
	page[*isms.AuditEvent]
	Head isms.ChainHead `json:"head" doc:"The head of the organization's chain when the page was read."`
}

func (auditEventPage) schemaName() string { return "AuditEventPage" }

// auditVerification is the result of verifying the organization's chain.
type auditVerification struct {
	OK bool `json:"ok" doc:"Whether every event up to the head verified."`
	app.ChainReport
}

func (auditVerification) schemaName() string { return "AuditChainVerification" }

func (s *Server) apiAuditList(w http.ResponseWriter, r *http.Request) (any, error) {
	f, err := apiAuditFilter(r)
	if err != nil {
		return nil, err
	}
	a := actor(r)
	list, total, err := s.app.FindAuditEvents(r.Context(), a, f)
	if err != nil {
		return nil, err
	}
	head, err := s.app.ChainHead(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return auditEventPage{page: newPage(list, total, f.Limit, f.Offset), Head: head}, nil
}

// apiAuditFilter reads the audit list's query parameters.
func apiAuditFilter(r *http.Request) (isms.AuditFilter, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.AuditFilter{ObjectType: q.Get("objectType"), ObjectID: isms.ID(q.Get("objectId")),
		ActorID: isms.ID(q.Get("actorId")), Action: q.Get("action"),
		Desc: queryOneOf(r, p, "order", "asc", "desc") != "asc"}
	f.From = apiTime(p, "from", q.Get("from"), false)
	f.To = apiTime(p, "to", q.Get("to"), true)
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		p.Add("to", "to must be after from.")
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return f, p.Err()
}

// apiTime parses query parameter name's value v: an RFC 3339 time, or a
// UTC date that means its start, or for the end of a range its end.
func apiTime(p isms.Problems, name, v string, end bool) time.Time {
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			return d.AddDate(0, 0, 1)
		}
		return d
	}
	p.Add(name, name+" must be an RFC 3339 time such as 2026-03-02T09:00:00Z, or a date such as 2026-03-02.")
	return time.Time{}
}

func (s *Server) apiAuditHead(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.ChainHead(r.Context(), actor(r))
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	rep, err := s.app.VerifyAuditChain(r.Context(), a, string(a.OrgID))
	if err != nil {
		return nil, err
	}
	return auditVerification{OK: rep.OK(), ChainReport: rep}, nil
}
