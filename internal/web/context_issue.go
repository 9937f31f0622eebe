// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Context issues (ISO/IEC 27001 4.1): the register with its filters and
// the note on climate change, an issue's page with the risks and
// opportunities that arise from it, and its form.

func init() {
	addPhrases(map[string]string{
		"context_issue.create": "recorded a context issue", "context_issue.update": "changed a context issue",
		"context_issue.delete": "deleted a context issue",
	})
}

var issueColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Issue"}, {Label: "Internal or external"}, {Key: "category", Label: "Category"},
	{Label: "Effect"}, {Label: "Climate change"}, {Label: "Owner"}, {Key: "reviewOn", Label: "Review on"},
}

// issueSortKeys are the issue list's sort keys.
var issueSortKeys = sortValues("ref", "title", "category", "reviewOn", "updated")

func issueRecord(c *isms.ContextIssue) []string {
	return []string{c.Ref, c.Title, c.Kind.Label(), c.Category.Label(), c.Effect.Label(), yesNo(c.Climate), c.OwnerName, c.ReviewOn.String()}
}

// labelled lists values with their labels for a select, after a first
// option with an empty value.
func labelled[T interface {
	~string
	Label() string
}](first string, values []T) [][2]string {
	out := [][2]string{{"", first}}
	for _, v := range values {
		out = append(out, [2]string{string(v), v.Label()})
	}
	return out
}

// checkChoice records a problem in p when the query parameter name holds
// something other than one of allowed.
func checkChoice(p isms.Problems, r *http.Request, name string, allowed []string) string {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v != "" && !contains(allowed, v) {
		p.Add(name, name+" must be one of: "+strings.Join(allowed, ", ")+".")
	}
	return v
}

// issueFilterOf reads the filters of the issue list (page or API) from
// the URL, naming every value that is not offered.
func (s *Server) issueFilterOf(r *http.Request) (isms.ContextIssueFilter, error) {
	p := isms.Problems{}
	f := isms.ContextIssueFilter{
		Kind:     isms.ContextKind(checkChoice(p, r, "kind", enumStrings(isms.ContextKinds...))),
		Category: isms.IssueCategory(checkChoice(p, r, "category", enumStrings(isms.IssueCategories...))),
		Effect:   isms.IssueEffect(checkChoice(p, r, "effect", enumStrings(isms.IssueEffects...))),
		Climate:  checkChoice(p, r, "climate", []string{"yes", "no"}),
		OwnerID:  isms.ID(strings.TrimSpace(r.URL.Query().Get("owner"))),
		Search:   strings.TrimSpace(r.URL.Query().Get("q")),
	}
	if checkChoice(p, r, "review", []string{"due"}) == "due" {
		f.ReviewBefore = isms.DateOf(s.app.Now())
	}
	return f, p.Err()
}

// issueRow is an issue as the list shows it.
type issueRow struct {
	*isms.ContextIssue
	Overdue bool
}

type issueListPage struct {
	basePage
	List       *listResult[*isms.ContextIssue]
	Rows       []issueRow
	Query      map[string]string // the filters as the URL has them
	Kinds      [][2]string
	Categories [][2]string
	Effects    [][2]string
	Owners     [][2]string
	Climate    int // how many issues concern climate change
	CanEdit    bool
}

func (s *Server) handleIssueIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.issueFilterOf(r)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.ContextIssue]{
		Title: "Context issues", Columns: issueColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.ContextIssue, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindContextIssues(r.Context(), a, f)
		},
		Record: issueRecord,
		Filters: func(q listQuery) [][2]string {
			return queryFilters(q, "kind", "category", "effect", "owner", "climate", "review", "q")
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &issueListPage{List: list, Query: queryMap(r, "kind", "category", "effect", "owner", "climate", "review", "q"),
		Kinds: labelled("Either", isms.ContextKinds), Categories: labelled("Any category", isms.IssueCategories),
		Effects: labelled("Any effect", isms.IssueEffects), CanEdit: a.Can(isms.EditContext)}
	if p.Owners, err = s.memberOptions(r, "Anyone"); err != nil {
		return err
	}
	if p.Climate, err = s.app.ClimateIssueCount(r.Context(), a); err != nil {
		return err
	}
	today := isms.DateOf(s.app.Now())
	for _, c := range list.Items {
		p.Rows = append(p.Rows, issueRow{ContextIssue: c, Overdue: c.ReviewDue(today)})
	}
	p.Title = "Context issues"
	return s.render(w, r, http.StatusOK, "context_issue_index", p)
}

// queryMap returns the named query parameters of r, trimmed.
func queryMap(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.TrimSpace(r.URL.Query().Get(n))
	}
	return out
}

// queryFilters describes the named filters of q for an export.
func queryFilters(q listQuery, names ...string) [][2]string {
	var out [][2]string
	for _, n := range names {
		if v := q.Values.Get(n); v != "" {
			out = append(out, [2]string{n, v})
		}
	}
	return out
}

type issueShowPage struct {
	basePage
	C        *isms.ContextIssue
	Overdue  bool
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
	CanAudit bool
}

func (s *Server) handleIssueShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	c, err := s.app.FindContextIssue(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	p := &issueShowPage{C: c, Overdue: c.ReviewDue(isms.DateOf(s.app.Now())), CanEdit: a.Can(isms.EditContext),
		CanAudit: a.Can(isms.ReadAuditTrail)}
	if p.Links, p.History, err = s.recordPanels(r, isms.Link{Type: "context_issue", ID: c.ID}); err != nil {
		return err
	}
	p.Title = c.Ref + " " + c.Title
	return s.render(w, r, http.StatusOK, "context_issue_show", p)
}

// recordPanels returns what a record's page shows below its fields: the
// records linked to it and, for those who read the audit trail, its
// latest events.
func (s *Server) recordPanels(r *http.Request, rec isms.Link) ([]app.RecordLink, []*isms.AuditEvent, error) {
	a := actor(r)
	links, err := s.app.RecordLinks(r.Context(), a, rec)
	if err != nil || !a.Can(isms.ReadAuditTrail) {
		return links, nil, err
	}
	history, _, err := s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: rec.Type, ObjectID: rec.ID, Desc: true, Limit: 20})
	return links, history, err
}

// issueFormValues is what the issue form shows and sends: the input, with
// its links as the text fields hold them.
type issueFormValues struct {
	In               app.ContextIssueInput
	Risks, ISMSRisks string
	ID               isms.ID
	Ref              string
	Version          int
}

type contextFormPage struct {
	basePage
	Lede   string
	Form   formView
	Back   string // the list or the record, for the breadcrumb
	Crumb  string
	Delete string // the delete action when editing
}

// renderIssueForm renders the form with v and the problems of err.
func (s *Server) renderIssueForm(w http.ResponseWriter, r *http.Request, status int, v issueFormValues, err error) error {
	owners, oerr := s.memberOptions(r, "No owner yet")
	if oerr != nil {
		return oerr
	}
	p := &contextFormPage{Lede: "An internal or external issue that bears on what your ISMS can achieve. Issues are conditions; the risks and opportunities that arise from them are linked here.",
		Back: "/context-issues", Crumb: "Context issues"}
	f := formView{Action: "/context-issues", Submit: "Record issue", Cancel: "/context-issues", Fields: []fieldView{
		text("title", "Issue", v.In.Title).required().help("Such as: New EU AI Act obligations; Hybrid work; Shortage of security staff."),
		selectField("kind", "Internal or external", v.In.Kind, labelled("Choose…", isms.ContextKinds)).required(),
		selectField("category", "Category", v.In.Category, labelled("Choose a category…", isms.IssueCategories)).required().
			help("Climate change belongs under Environmental: choose it and tick \u201cConcerns climate change\u201d below."),
		text("description", "Description", v.In.Description).kind("textarea").help("What the issue is and how it bears on information security."),
		selectField("effect", "Effect on the ISMS", v.In.Effect, labelled("Choose…", isms.IssueEffects)).required().
			help("Whether the issue helps the ISMS achieve its outcomes or hinders it."),
		checkbox("climate", "Concerns climate change", v.In.Climate).help("ISO/IEC 27001 Amd 1:2024 asks you to decide whether climate change is a relevant issue; mark the issues that record that decision."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners).help("Who keeps an eye on the issue."),
		text("reviewOn", "Review on", v.In.ReviewOn).kind("date").help("When to look at it again; at the latest at the next management review."),
		text("risks", "Risks arising from it", v.Risks).help("References of risks in the risk register, separated by commas: R-3, R-12."),
		text("ismsRisks", "ISMS risks and opportunities arising from it", v.ISMSRisks).help("References such as RO-2, separated by commas."),
	}}
	p.Title = "New context issue"
	if v.Version > 0 {
		base := "/context-issues/" + string(v.ID)
		f.Action, f.Submit, f.Cancel, p.Back, p.Crumb, p.Delete = base, "Save issue", base, base, v.Ref, base+"/delete"
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "context_form", p)
}

func (s *Server) handleIssueNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditContext, "You may not record context issues."); err != nil {
		return err
	}
	return s.renderIssueForm(w, r, http.StatusOK, issueFormValues{}, nil)
}

func (s *Server) handleIssueEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditContext, "You may not change context issues."); err != nil {
		return err
	}
	c, err := s.app.FindContextIssue(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	links, err := s.app.RecordLinks(r.Context(), a, isms.Link{Type: "context_issue", ID: c.ID})
	if err != nil {
		return err
	}
	in := app.ContextIssueInput{Title: c.Title, Kind: string(c.Kind), Category: string(c.Category), Description: c.Description,
		Effect: string(c.Effect), Climate: c.Climate, OwnerID: string(c.OwnerID), ReviewOn: c.ReviewOn.String()}
	return s.renderIssueForm(w, r, http.StatusOK, issueFormValues{In: in, Risks: app.LinkedRefs(links, "risk"),
		ISMSRisks: app.LinkedRefs(links, "isms_risk"), ID: c.ID, Ref: c.Ref, Version: c.Version}, nil)
}

// saveIssue creates or updates the issue of the form.
func (s *Server) saveIssue(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := issueFormValues{In: app.ContextIssueInput{Title: f("title"), Kind: f("kind"), Category: f("category"),
		Description: r.PostFormValue("description"), Effect: f("effect"), Climate: f("climate") != "", OwnerID: f("ownerId"),
		ReviewOn: f("reviewOn")}, Risks: f("risks"), ISMSRisks: f("ismsRisks"), Version: formInt(r, "version")}
	v.In.Risks, v.In.ISMSRisks = app.SplitRefs(v.Risks), app.SplitRefs(v.ISMSRisks)
	return saveRecordForm(s, w, r, recordSave[*isms.ContextIssue]{update: update, version: v.Version, what: "issue's",
		create: func() (*isms.ContextIssue, error) { return s.app.CreateContextIssue(r.Context(), actor(r), v.In) },
		change: func() (*isms.ContextIssue, error) {
			v.ID = pathID(r)
			c, err := s.app.FindContextIssue(r.Context(), actor(r), string(v.ID))
			if err != nil {
				return nil, err
			}
			v.Ref = c.Ref
			return s.app.UpdateContextIssue(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderIssueForm(w, r, status, v, err) },
		saved: func(c *isms.ContextIssue) (string, string) {
			return "Context issue " + c.Ref + " saved.", "/context-issues/" + string(c.ID)
		}})
}

func (s *Server) handleIssueCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveIssue(w, r, false)
}

func (s *Server) handleIssueUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveIssue(w, r, true)
}

func (s *Server) handleIssueDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteContextIssue(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Context issue deleted.")
	http.Redirect(w, r, "/context-issues", http.StatusSeeOther)
	return nil
}

// linkedRecords is the panel of a risk, control or document that lists
// the records linking to it: the context issues and requirements of
// interested parties behind it, and any other register's links.
type linkedRecords struct{ Links []app.RecordLink }

// linkedPanel returns the panel of the records linked to rec, or nil for
// those who do not read the ISMS (an employee reading a document).
func (s *Server) linkedPanel(r *http.Request, rec isms.Link) (*linkedRecords, error) {
	a := actor(r)
	if !a.Can(isms.ReadISMS) {
		return nil, nil
	}
	links, err := s.app.RecordLinks(r.Context(), a, rec)
	if err != nil {
		return nil, err
	}
	return &linkedRecords{Links: links}, nil
}
