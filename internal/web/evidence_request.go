// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Evidence requests: the auditors' request list, filtered by status,
// owner, audit and lateness, and exported with its status. The request's
// page and its steps are in evidence_request_show.go, the form in
// evidence_request_form.go, the import in evidence_request_import.go.

func init() {
	addPhrases(map[string]string{
		"evidence_request.create": "asked for evidence", "evidence_request.update": "changed an evidence request",
		"evidence_request.answer": "answered an evidence request", "evidence_request.accept": "accepted the answer to an evidence request",
		"evidence_request.ask_again": "asked again for evidence", "evidence_request.cancel": "cancelled an evidence request",
		"evidence_request.import": "imported a request list",
	})
}

var requestColumns = []column{
	{Key: "ref", Label: "Ref"}, {Label: "Requirement or control"}, {Key: "title", Label: "Request"}, {Key: "owner", Label: "Owner"},
	{Key: "due", Label: "Due"}, {Key: "status", Label: "Status"}, {Label: "Round", Numeric: true}, {Label: "Evidence", Numeric: true},
}

// requestSortKeys are the request list's sort keys.
var requestSortKeys = sortValues("ref", "due", "status", "owner", "title")

// requestURL is the address of request id's page.
func requestURL(id isms.ID) string { return "/evidence-requests/" + url.PathEscape(string(id)) }

// requestTarget names what a request asks evidence for: its requirement,
// its control, or both.
func requestTarget(x *isms.EvidenceRequest) string {
	var parts []string
	if x.Requirement.Ref != "" {
		parts = append(parts, x.Requirement.Ref)
	}
	if x.ControlRef != "" {
		parts = append(parts, x.ControlRef)
	}
	return strings.Join(parts, " · ")
}

// requestStatusOptions lists the request statuses for a select.
func requestStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.RequestStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// requestRow is a request as the list shows it.
type requestRow struct {
	*isms.EvidenceRequest
	Target  string
	Overdue bool
}

// newRequestRows are the rows of list, seen from today.
func newRequestRows(list []*isms.EvidenceRequest, today isms.Date) []requestRow {
	out := make([]requestRow, len(list))
	for i, x := range list {
		out[i] = requestRow{EvidenceRequest: x, Target: requestTarget(x), Overdue: x.Overdue(today)}
	}
	return out
}

// requestFilterValues are the list's filters as the URL gives them.
type requestFilterValues struct {
	Status, Owner, Audit, Search string
	Overdue                      bool
}

type requestListPage struct {
	basePage
	List       *listResult[*isms.EvidenceRequest]
	Rows       []requestRow
	Filter     requestFilterValues
	Statuses   [][2]string
	Owners     [][2]string
	Audits     [][2]string
	CanRequest bool
}

// readRequestFilter reads the list's filters, recording what it cannot
// read in p.
func (s *Server) readRequestFilter(r *http.Request, p isms.Problems) (requestFilterValues, isms.EvidenceRequestFilter, error) {
	q := r.URL.Query()
	v := requestFilterValues{Status: q.Get("status"), Owner: strings.TrimSpace(q.Get("owner")), Audit: strings.TrimSpace(q.Get("audit")),
		Search: strings.TrimSpace(q.Get("q")), Overdue: truthy(q.Get("overdue"))}
	f := isms.EvidenceRequestFilter{Status: isms.RequestStatus(v.Status), Search: v.Search}
	if f.Status != "" && !f.Status.Valid() {
		p.Add("status", "Status must be open, answered, accepted or cancelled.")
	}
	if v.Overdue {
		f.OverdueOn = isms.DateOf(s.app.Now())
	}
	if v.Audit != "" {
		x, err := s.app.FindExternalAudit(r.Context(), actor(r), v.Audit)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("audit", "There is no external audit "+v.Audit+".")
		case err != nil:
			return v, f, err
		default:
			f.AuditID = x.ExternalAudit.ID
		}
	}
	return v, f, s.ownerFilter(r, v.Owner, &f.OwnerID, p)
}

func (s *Server) handleRequestIndex(w http.ResponseWriter, r *http.Request) error {
	a, p := actor(r), isms.Problems{}
	fv, f, err := s.readRequestFilter(r, p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		f.Sort = r.URL.Query().Get("sort")
		return s.exportRequests(w, r, f, format)
	}
	spec := listSpec[*isms.EvidenceRequest]{
		Title: "Evidence requests", Columns: requestColumns, DefaultSort: "due",
		Fetch: func(q listQuery) ([]*isms.EvidenceRequest, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListEvidenceRequests(r.Context(), a, f)
		},
	}
	list, _, err := runList(s, w, r, spec)
	if err != nil {
		return err
	}
	pg := &requestListPage{List: list, Filter: fv, Statuses: requestStatusOptions("Any status"), CanRequest: a.Can(isms.RequestEvidence)}
	pg.Rows = newRequestRows(list.Items, isms.DateOf(s.app.Now()))
	owners, err := s.reviewMemberOptions(r, "Anyone", isms.EditEvidence)
	if err != nil {
		return err
	}
	pg.Owners = append([][2]string{owners[0], {"me", "Me"}}, owners[1:]...)
	if pg.Audits, err = s.extAuditOptions(r, "Any audit", true); err != nil {
		return err
	}
	pg.Title = "Evidence requests"
	return s.render(w, r, http.StatusOK, "evidence_request_index", pg)
}

// exportRequests sends the requests f selects, with their status, as a
// csv or xlsx download.
func (s *Server) exportRequests(w http.ResponseWriter, r *http.Request, f isms.EvidenceRequestFilter, format string) error {
	media, ok := listMediaTypes[format]
	if !ok {
		return isms.Errorf(isms.Invalid, "Export format %q is not offered; use csv or xlsx.", format)
	}
	var buf bytes.Buffer
	name, err := s.app.ExportEvidenceRequests(r.Context(), actor(r), f, format, &buf)
	if err != nil {
		return err
	}
	return sendFile(w, media, name, &buf)
}

// requestCounts says how many requests a set holds by status, for an
// audit's page: "3 open, 1 answered".
func requestCounts(list []*isms.EvidenceRequest) string {
	counts := map[isms.RequestStatus]int{}
	for _, x := range list {
		counts[x.Status]++
	}
	var parts []string
	for _, st := range isms.RequestStatuses {
		if n := counts[st]; n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+strings.ToLower(st.Label()))
		}
	}
	return strings.Join(parts, ", ")
}
