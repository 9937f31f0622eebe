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

// Risks and opportunities for the ISMS (ISO/IEC 27001 6.1.1): the
// register with its filters, a record's page with its actions (tasks
// linked to it) and what it derives from, and its form.

func init() {
	addPhrases(map[string]string{
		"isms_risk.create": "recorded an ISMS risk or opportunity", "isms_risk.update": "changed an ISMS risk or opportunity",
		"isms_risk.delete": "deleted an ISMS risk or opportunity",
	})
}

var ismsRiskColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Risk or opportunity"}, {Key: "kind", Label: "Kind"},
	{Key: "rating", Label: "Rating"}, {Key: "status", Label: "Status"}, {Key: "owner", Label: "Owner"},
	{Label: "Actions"}, {Label: "Effective"}, {Key: "review", Label: "Review on"},
}

// ismsRiskSortKeys are the list's sort keys.
var ismsRiskSortKeys = sortValues("ref", "title", "kind", "rating", "status", "owner", "review", "updated")

// ismsRiskActionsText is a record's action counts in words.
func ismsRiskActionsText(x *isms.ISMSRisk) string {
	if x.OpenActions == 0 {
		return "none open"
	}
	s := strconv.Itoa(x.OpenActions) + " open"
	if x.OverdueActions > 0 {
		s += ", " + strconv.Itoa(x.OverdueActions) + " overdue"
	}
	return s
}

func ismsRiskRecord(x *isms.ISMSRisk) []string {
	return []string{x.Ref, x.Title, string(x.Kind), string(x.Rating()) + " (" + string(x.Likelihood) + " likelihood, " +
		string(x.Impact) + " impact)", string(x.Status), x.OwnerName, ismsRiskActionsText(x), x.Effective, x.ReviewOn.String()}
}

// ismsRiskRatingChip is the chip class of a record's rating: an
// opportunity's rating is not a warning.
func ismsRiskRatingChip(x *isms.ISMSRisk) string {
	if x.Kind == isms.ISMSKindOpportunity {
		return "chip-info"
	}
	switch x.Rating() {
	case isms.ISMSHigh:
		return "chip-bad"
	case isms.ISMSMedium:
		return "chip-warn"
	}
	return "chip-ok"
}

// ismsRiskStatusChip is the chip class of a record's status.
func ismsRiskStatusChip(x *isms.ISMSRisk) string {
	switch {
	case x.Status == isms.ISMSRiskClosed:
		return "chip-muted"
	case x.EvaluationDue():
		return "chip-warn"
	case x.Status == isms.ISMSRiskAddressed:
		return "chip-ok"
	}
	return "chip-info"
}

// ismsRiskRow is a record as the list and its page show it.
type ismsRiskRow struct {
	R                      *isms.ISMSRisk
	RatingChip, StatusChip string
}

func ismsRiskRowOf(x *isms.ISMSRisk) ismsRiskRow {
	return ismsRiskRow{R: x, RatingChip: ismsRiskRatingChip(x), StatusChip: ismsRiskStatusChip(x)}
}

// ismsRiskFilterOf reads the list's filters, the same on the page and in
// the API, recording a value it cannot use in p.
func ismsRiskFilterOf(q url.Values, p isms.Problems) isms.ISMSRiskFilter {
	f := isms.ISMSRiskFilter{Kind: isms.ISMSRiskKind(q.Get("kind")), Status: isms.ISMSRiskStatus(q.Get("status")),
		OwnerID: isms.ID(q.Get("owner")), Rating: isms.ISMSLevel(q.Get("rating"))}
	if f.Kind != "" && !contains(enumStrings(isms.ISMSRiskKinds...), string(f.Kind)) {
		p.Add("kind", "kind must be risk or opportunity.")
	}
	if f.Status != "" && !contains(enumStrings(isms.ISMSRiskStatuses...), string(f.Status)) {
		p.Add("status", "status must be open, planned, addressed or closed.")
	}
	if f.Rating != "" && !contains(enumStrings(isms.ISMSLevels...), string(f.Rating)) {
		p.Add("rating", "rating must be low, medium or high.")
	}
	f.NoActions = ismsFlag(q, "noActions", p)
	f.EvaluationDue = ismsFlag(q, "evaluationDue", p)
	return f
}

// ismsFlag reads a yes/no filter: "1" or "true" sets it, "" or "0" or
// "false" does not.
func ismsFlag(q url.Values, name string, p isms.Problems) bool {
	switch q.Get(name) {
	case "1", "true":
		return true
	case "", "0", "false":
		return false
	}
	p.Add(name, name+" must be true or false.")
	return false
}

// ismsLevelOptions lists low, medium and high for a select.
func ismsLevelOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, l := range isms.ISMSLevels {
		out = append(out, [2]string{string(l), capitalized(string(l))})
	}
	return out
}

// ismsRiskEnumOptions lists the values of an enum for a select, first
// being the empty option.
func ismsRiskEnumOptions[T ~string](first string, values []T) [][2]string {
	out := [][2]string{{"", first}}
	for _, v := range values {
		out = append(out, [2]string{string(v), capitalized(string(v))})
	}
	return out
}

type ismsRiskListPage struct {
	basePage
	List     *listResult[*isms.ISMSRisk]
	Rows     []ismsRiskRow
	Filter   isms.ISMSRiskFilter
	Kinds    [][2]string
	Statuses [][2]string
	Ratings  [][2]string
	Owners   [][2]string
	CanEdit  bool
}

func (s *Server) handleISMSRiskIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := isms.Problems{}
	f := ismsRiskFilterOf(r.URL.Query(), p)
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*isms.ISMSRisk]{
		Title: "ISMS risks and opportunities", Columns: ismsRiskColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.ISMSRisk, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindISMSRisks(r.Context(), a, f)
		},
		Record: ismsRiskRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Kind", string(f.Kind)}, {"Status", string(f.Status)}, {"Owner", string(f.OwnerID)},
				{"Rating", string(f.Rating)}, {"No actions", strconv.FormatBool(f.NoActions)},
				{"Evaluation due", strconv.FormatBool(f.EvaluationDue)}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &ismsRiskListPage{List: list, Filter: f, Kinds: ismsRiskEnumOptions("Risks and opportunities", isms.ISMSRiskKinds),
		Statuses: ismsRiskEnumOptions("Any status", isms.ISMSRiskStatuses), Ratings: ismsLevelOptions("Any rating"),
		CanEdit: a.Can(isms.EditContext)}
	if pg.Owners, err = s.memberOptions(r, "Anyone"); err != nil {
		return err
	}
	for _, x := range list.Items {
		pg.Rows = append(pg.Rows, ismsRiskRowOf(x))
	}
	pg.Title = "ISMS risks and opportunities"
	return s.render(w, r, http.StatusOK, "isms_risk_index", pg)
}

type ismsRiskShowPage struct {
	basePage
	ismsRiskRow
	Actions    []taskRow
	NewTaskURL string
	Links      []app.RecordLink
	History    []*isms.AuditEvent
	CanEdit    bool
	CanAssign  bool
	CanAudit   bool
}

func (s *Server) handleISMSRiskShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	x, err := s.app.FindISMSRisk(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := &ismsRiskShowPage{ismsRiskRow: ismsRiskRowOf(x), CanEdit: a.Can(isms.EditContext), CanAssign: a.Can(isms.AssignWork),
		CanAudit: a.Can(isms.ReadAuditTrail)}
	link := isms.Link{Type: "isms_risk", ID: x.ID}
	tasks, _, err := s.app.FindTasks(r.Context(), a, isms.TaskFilter{LinkType: link.Type, LinkID: link.ID, Sort: "due", Limit: 100})
	if err != nil {
		return err
	}
	p.Actions = taskRows(a, tasks, isms.DateOf(s.app.Now()))
	p.NewTaskURL = "/tasks/new?" + url.Values{"link": {link.String()}}.Encode()
	if p.Links, err = s.app.RecordLinks(r.Context(), a, link); err != nil {
		return err
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: link.Type, ObjectID: x.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = x.Ref + " " + x.Title
	return s.render(w, r, http.StatusOK, "isms_risk_show", p)
}

// ismsRiskFormValues is what the form shows and sends: the input, with
// its links as the text fields hold them.
type ismsRiskFormValues struct {
	In                   app.ISMSRiskInput
	Issues, Requirements string
	ID                   isms.ID
	Ref                  string
	Version              int
}

// renderISMSRiskForm renders the form with v and the problems of err.
func (s *Server) renderISMSRiskForm(w http.ResponseWriter, r *http.Request, status int, v ismsRiskFormValues, err error) error {
	owners, oerr := s.memberOptions(r, "No owner yet")
	if oerr != nil {
		return oerr
	}
	p := &formPage{Lede: "Something that could keep the ISMS from achieving what it is meant to, or a chance to make it work better. " +
		"It is not an information security risk: those go in the risk register."}
	f := formView{Action: "/isms-risks", Submit: "Record", Cancel: "/isms-risks", Fields: []fieldView{
		selectField("kind", "Kind", v.In.Kind, ismsRiskEnumOptions("Choose…", isms.ISMSRiskKinds)).required(),
		text("title", "Title", v.In.Title).required().help("Such as: The ISMS manager leaves; Budget for the ISMS is cut; Automating evidence collection."),
		text("description", "Description", v.In.Description).kind("textarea").help("What could happen, why, and what it would mean for the ISMS."),
		selectField("likelihood", "Likelihood", v.In.Likelihood, ismsLevelOptions("Choose…")).required(),
		selectField("impact", "Impact", v.In.Impact, ismsLevelOptions("Choose…")).required().
			help("The rating combines both: high with high, or medium with high, is high; low with low or medium is low; the rest medium."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners),
		selectField("status", "Status", v.In.Status, ismsRiskEnumOptions("Choose…", isms.ISMSRiskStatuses)[1:]).required().
			help("Open: identified. Planned: actions planned. Addressed: actions carried out. Closed: evaluated."),
		text("evaluationMethod", "How effectiveness will be evaluated", v.In.EvaluationMethod).kind("textarea").
			help("How you will know the actions worked; required from status planned on."),
		text("evaluation", "Evaluation", v.In.Evaluation).kind("textarea").help("What the evaluation found."),
		text("evaluatedOn", "Evaluated on", v.In.EvaluatedOn).kind("date"),
		selectField("effective", "Were the actions effective?", v.In.Effective, [][2]string{{"", "Not evaluated yet"}, {"yes", "Yes"}, {"no", "No"}}).
			help("Closing needs an evaluation: effective, or not effective with the reason for closing anyway."),
		text("reviewOn", "Review on", v.In.ReviewOn).kind("date"),
		text("issues", "Context issues it derives from", v.Issues).help("References of context issues, separated by commas: CI-2, CI-5."),
		text("requirements", "Requirements it derives from", v.Requirements).help("References of requirements of interested parties: RQ-1, RQ-4."),
	}}
	p.Title = "New ISMS risk or opportunity"
	if v.Version > 0 {
		base := "/isms-risks/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "isms_risk_form", p)
}

func (s *Server) handleISMSRiskNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditContext, "You may not record risks or opportunities for the ISMS."); err != nil {
		return err
	}
	in := app.ISMSRiskInput{Kind: r.URL.Query().Get("kind"), Status: string(isms.ISMSRiskOpen)}
	return s.renderISMSRiskForm(w, r, http.StatusOK, ismsRiskFormValues{In: in, Issues: r.URL.Query().Get("issues")}, nil)
}

func (s *Server) handleISMSRiskEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditContext, "You may not change risks or opportunities for the ISMS."); err != nil {
		return err
	}
	x, err := s.app.FindISMSRisk(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	links, err := s.app.RecordLinks(r.Context(), a, isms.Link{Type: "isms_risk", ID: x.ID})
	if err != nil {
		return err
	}
	in := app.ISMSRiskInput{Kind: string(x.Kind), Title: x.Title, Description: x.Description, Likelihood: string(x.Likelihood),
		Impact: string(x.Impact), OwnerID: string(x.OwnerID), Status: string(x.Status), EvaluationMethod: x.EvaluationMethod,
		Evaluation: x.Evaluation, EvaluatedOn: x.EvaluatedOn.String(), Effective: x.Effective, ReviewOn: x.ReviewOn.String()}
	return s.renderISMSRiskForm(w, r, http.StatusOK, ismsRiskFormValues{In: in, Issues: app.LinkedRefs(links, "context_issue"),
		Requirements: app.LinkedRefs(links, "party_requirement"), ID: x.ID, Ref: x.Ref, Version: x.Version}, nil)
}

// saveISMSRisk creates or updates the record of the form.
func (s *Server) saveISMSRisk(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := ismsRiskFormValues{Issues: f("issues"), Requirements: f("requirements"), Version: formInt(r, "version")}
	v.In = app.ISMSRiskInput{Kind: f("kind"), Title: f("title"), Description: r.PostFormValue("description"),
		Likelihood: f("likelihood"), Impact: f("impact"), OwnerID: f("ownerId"), Status: f("status"),
		EvaluationMethod: r.PostFormValue("evaluationMethod"), Evaluation: r.PostFormValue("evaluation"),
		EvaluatedOn: f("evaluatedOn"), Effective: f("effective"), ReviewOn: f("reviewOn"),
		Issues: app.SplitRefs(v.Issues), Requirements: app.SplitRefs(v.Requirements)}
	return saveRecordForm(s, w, r, recordSave[*isms.ISMSRisk]{update: update, version: v.Version, what: "record's",
		create: func() (*isms.ISMSRisk, error) { return s.app.CreateISMSRisk(r.Context(), actor(r), v.In) },
		change: func() (*isms.ISMSRisk, error) {
			v.ID = pathID(r)
			x, err := s.app.UpdateISMSRisk(r.Context(), actor(r), v.ID, v.Version, v.In)
			if err != nil {
				if cur, ferr := s.app.FindISMSRisk(r.Context(), actor(r), v.ID); ferr == nil {
					v.Ref = cur.Ref
				}
			}
			return x, err
		},
		render: func(status int, err error) error { return s.renderISMSRiskForm(w, r, status, v, err) },
		saved: func(x *isms.ISMSRisk) (string, string) {
			return x.Ref + " " + x.Title + " saved.", "/isms-risks/" + string(x.ID)
		}})
}

func (s *Server) handleISMSRiskCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveISMSRisk(w, r, false)
}

func (s *Server) handleISMSRiskUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveISMSRisk(w, r, true)
}

func (s *Server) handleISMSRiskDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteISMSRisk(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/isms-risks/"+url.PathEscape(string(pathID(r))), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Risk or opportunity deleted.")
	http.Redirect(w, r, "/isms-risks", http.StatusSeeOther)
	return nil
}
