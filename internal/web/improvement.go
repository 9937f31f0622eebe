// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The improvement register (ISO/IEC 27001 10.1): the list of
// opportunities and each one's page, with its evaluation, the decision
// panel, and once accepted its tasks and planned change. The form is in
// improvement_form.go, the decision and what follows it in
// improvement_action.go, the API in improvement_api.go.

func init() {
	addPhrases(map[string]string{
		"improvement.create": "proposed an improvement", "improvement.update": "changed an improvement",
		"improvement.delete": "deleted an improvement", "improvement.decide": "decided on an improvement",
		"improvement.task": "added a task to carry out an improvement", "improvement.change": "planned an improvement as a change to the ISMS",
		"improvement.complete": "marked an improvement done", "improvement.import": "loaded nonconformities and improvements",
	})
}

var improvementColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Title"}, {Key: "source", Label: "Source"}, {Key: "status", Label: "Status"},
	{Label: "Owner"}, {Key: "due", Label: "Due"}, {Label: "Tasks open", Numeric: true}, {Label: "Tasks done", Numeric: true}, {Label: "Change"},
}

// improvementSortKeys are the list's sort keys.
var improvementSortKeys = sortValues("ref", "title", "source", "status", "due", "updated")

// improvementRecord is an improvement's cells in an export; the change is
// its ID, as the list has no reference of it.
func improvementRecord(x *isms.Improvement) []string {
	return []string{x.Ref, x.Title, x.Source.Label(), x.Status.Label(), x.OwnerName, x.Due.String(),
		strconv.Itoa(x.TasksOpen), strconv.Itoa(x.TasksDone), string(x.ChangeID)}
}

// improvementChip is the chip class of an improvement's status.
func improvementChip(st isms.ImprovementStatus) string {
	switch st {
	case isms.ImpAccepted:
		return "chip-info"
	case isms.ImpInProgress, isms.ImpDeferred:
		return "chip-warn"
	case isms.ImpDone:
		return "chip-ok"
	case isms.ImpRejected:
		return "chip-muted"
	}
	return "chip-info"
}

// improvementStatusOptions and improvementSourceOptions list the
// statuses and sources for a select.
func improvementStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.ImprovementStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

func improvementSourceOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, src := range isms.ImprovementSources {
		out = append(out, [2]string{string(src), src.Label()})
	}
	return out
}

// improvementDecisionOf names what was decided on im and the chip class
// of it: accepted for whatever followed an acceptance.
func improvementDecisionOf(im *isms.Improvement) (string, string) {
	switch {
	case !im.DecisionStep.Done():
		return "", ""
	case im.Status == isms.ImpRejected:
		return "Rejected", "chip-muted"
	case im.Status == isms.ImpDeferred:
		return "Deferred", "chip-warn"
	}
	return "Accepted", "chip-ok"
}

// improvementURL is the page of improvement id.
func improvementURL(id isms.ID) string { return "/improvements/" + url.PathEscape(string(id)) }

// improvementRow is an improvement as the list shows it.
type improvementRow struct {
	I    *isms.Improvement
	Chip string
}

// improvementFilterValues are the list's filters as the URL gives them.
type improvementFilterValues struct {
	Status, Source, Owner, Search string
	Open                          bool
}

// readImprovementFilter reads the list's filters, the same on the page
// and in the API (where the owner is ownerId), recording what it cannot
// use in p.
func (s *Server) readImprovementFilter(r *http.Request, ownerParam string, p isms.Problems) (improvementFilterValues, isms.ImprovementFilter, error) {
	q := r.URL.Query()
	v := improvementFilterValues{Status: q.Get("status"), Source: q.Get("source"), Owner: strings.TrimSpace(q.Get(ownerParam)),
		Search: strings.TrimSpace(q.Get("q"))}
	switch q.Get("open") {
	case "", "0", "false":
	case "1", "true":
		v.Open = true
	default:
		p.Add("open", "open must be true or false.")
	}
	f := isms.ImprovementFilter{Status: isms.ImprovementStatus(v.Status), Source: isms.ImprovementSource(v.Source), Open: v.Open, Search: v.Search}
	if v.Status != "" && !f.Status.Valid() {
		p.Add("status", "status must be proposed, accepted, in_progress, done, rejected or deferred.")
	}
	if v.Source != "" && !f.Source.Valid() {
		p.Add("source", "source must be audit, management_review, measurement, nonconformity or suggestion.")
	}
	var owner isms.ID
	if err := s.ownerFilter(r, v.Owner, &owner, p); err != nil {
		return v, f, err
	}
	if problem, ok := p["owner"]; ok && ownerParam != "owner" {
		delete(p, "owner")
		p.Add(ownerParam, problem)
	}
	f.OwnerID = owner
	return v, f, nil
}

type improvementListPage struct {
	basePage
	List     *listResult[*isms.Improvement]
	Rows     []improvementRow
	Filter   improvementFilterValues
	Statuses [][2]string
	Sources  [][2]string
	Owners   [][2]string
	CanEdit  bool
}

func (s *Server) handleImprovementIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := isms.Problems{}
	fv, f, err := s.readImprovementFilter(r, "owner", p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*isms.Improvement]{
		Title: "Improvements", Columns: improvementColumns, DefaultSort: "-ref",
		Fetch: func(q listQuery) ([]*isms.Improvement, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListImprovements(r.Context(), a, f)
		},
		Record: improvementRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Status", fv.Status}, {"Source", fv.Source}, {"Owner", fv.Owner}, {"Open only", strconv.FormatBool(fv.Open)},
				{"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &improvementListPage{List: list, Filter: fv, Statuses: improvementStatusOptions("Any status"),
		Sources: improvementSourceOptions("Any source"), CanEdit: a.Can(isms.EditImprovement)}
	owners, err := s.reviewMemberOptions(r, "Anyone", isms.ReadISMS)
	if err != nil {
		return err
	}
	pg.Owners = append([][2]string{owners[0], {"me", "Me"}}, owners[1:]...)
	for _, x := range list.Items {
		pg.Rows = append(pg.Rows, improvementRow{I: x, Chip: improvementChip(x.Status)})
	}
	pg.Title = "Improvements"
	return s.render(w, r, http.StatusOK, "improvement_index", pg)
}

// improvementShowPage is an improvement's page. Its panels are forms
// that may come back with the problems of a refused action.
type improvementShowPage struct {
	basePage
	View       *app.ImprovementView
	Chip       string
	Decision   string          // what was decided, "" when nothing was
	DecChip    string          // its chip class
	Source     *app.RecordLink // the source record among the links, when it resolves
	Tasks      []taskRow
	DecideForm *formView // accept, reject or defer; nil when not offered
	TaskForm   *formView // add a task; nil when not offered
	Complete   *formView // mark done; nil when not offered
	CanChange  bool      // may plan it as a change to the ISMS
	CanEdit    bool
	CanDelete  bool
	CanAudit   bool
	History    []*isms.AuditEvent
	// refusal is the refused action whose form shows again, if any.
	refusal *improvementRefusal
}

// improvementRefusal is an action of the page that was refused with err,
// and what its form held.
type improvementRefusal struct {
	form   string // "decision", "task" or "complete"
	values url.Values
	err    error
}

func (s *Server) handleImprovementShow(w http.ResponseWriter, r *http.Request) error {
	return s.showImprovement(w, r, http.StatusOK, nil)
}

// showImprovement renders the page of the path's improvement with status,
// showing the form of rf with its problems when an action was refused.
func (s *Server) showImprovement(w http.ResponseWriter, r *http.Request, status int, rf *improvementRefusal) error {
	a := actor(r)
	v, err := s.app.FindImprovement(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	im := v.Improvement
	p := &improvementShowPage{View: v, Chip: improvementChip(im.Status), refusal: rf, CanAudit: a.Can(isms.ReadAuditTrail),
		Tasks: taskRows(a, v.Tasks, isms.DateOf(s.app.Now()))}
	p.Decision, p.DecChip = improvementDecisionOf(im)
	for i, l := range v.Links {
		if l.Link == im.SourceRecord && !im.SourceRecord.IsZero() {
			p.Source = &v.Links[i]
		}
	}
	if a.Can(isms.EditImprovement) {
		if err := s.improvementPanels(r, p); err != nil {
			return err
		}
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "improvement", ObjectID: im.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = im.Ref + " " + im.Title
	return s.render(w, r, status, "improvement_show", p)
}
