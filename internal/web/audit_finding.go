// SPDX-License-Identifier: Apache-2.0

package web

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Audit findings: the register across audits, each finding's page with
// its evidence, and the form that raises and changes them.

func init() {
	addPhrases(map[string]string{
		"audit_finding.create": "raised an audit finding", "audit_finding.update": "changed an audit finding",
		"audit_finding.delete": "deleted an audit finding",
	})
}

var findingColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Finding"}, {Key: "grade", Label: "Grade"}, {Label: "Audit"},
	{Label: "Requirements"}, {Label: "Raised by"}, {Key: "created", Label: "Raised"},
}

// findingSortKeys are the finding list's sort keys.
var findingSortKeys = sortValues("ref", "grade", "title", "created")

// findingRefs joins the references of a finding's requirements.
func findingRefs(f *isms.AuditFinding) string { return requirementRefs(f.Requirements) }

func findingRecord(f *isms.AuditFinding) []string {
	return []string{f.Ref, f.Title, f.Grade.Label(), f.AuditRef, findingRefs(f), f.RaisedByName, isms.DateOf(f.CreatedAt).String()}
}

// findingURL is the address of finding id's page.
func findingURL(id isms.ID) string { return "/findings/" + url.PathEscape(string(id)) }

// gradeOptions lists the grades for a select.
func gradeOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, g := range isms.FindingGrades {
		out = append(out, [2]string{string(g), g.Label()})
	}
	return out
}

type findingListPage struct {
	basePage
	List   *listResult[*isms.AuditFinding]
	Filter struct{ Audit, Grade, Search string }
	Grades [][2]string
}

func (s *Server) handleFindingIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	pg := &findingListPage{Grades: gradeOptions("Any grade")}
	pg.Filter.Audit, pg.Filter.Grade, pg.Filter.Search = strings.TrimSpace(q.Get("audit")), q.Get("grade"), strings.TrimSpace(q.Get("q"))
	f := isms.FindingFilter{Grade: isms.FindingGrade(pg.Filter.Grade), Search: pg.Filter.Search}
	p := isms.Problems{}
	if f.Grade != "" && !f.Grade.Valid() {
		p.Add("grade", "Grade must be major, minor, observation or ofi.")
	}
	if pg.Filter.Audit != "" {
		v, err := s.app.FindAudit(r.Context(), a, pg.Filter.Audit)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("audit", "There is no audit "+pg.Filter.Audit+".")
		case err != nil:
			return err
		default:
			f.AuditID = v.Audit.ID
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*isms.AuditFinding]{
		Title: "Audit findings", Columns: findingColumns, DefaultSort: "-created",
		Fetch: func(q listQuery) ([]*isms.AuditFinding, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListFindings(r.Context(), a, f)
		},
		Record: findingRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Audit", pg.Filter.Audit}, {"Grade", pg.Filter.Grade}, {"Search", pg.Filter.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg.List, pg.Title = list, "Audit findings"
	return s.render(w, r, http.StatusOK, "audit_finding_index", pg)
}

type findingShowPage struct {
	basePage
	Finding  *isms.AuditFinding
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
	CanAudit bool
}

func (s *Server) handleFindingShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.app.FindFinding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.app.FindAudit(r.Context(), a, string(f.AuditID))
	if err != nil {
		return err
	}
	p := &findingShowPage{Finding: f, CanAudit: a.Can(isms.ReadAuditTrail),
		CanEdit: v.CanRecord(a) && v.Audit.Status != isms.AuditClosed}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, isms.Link{Type: "audit_finding", ID: f.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "audit_finding", ObjectID: f.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = f.Ref + " " + f.Title
	return s.render(w, r, http.StatusOK, "audit_finding_show", p)
}

// findingFormValues is what the finding form shows and sends.
type findingFormValues struct {
	In       app.FindingInput
	AuditRef string
	ID       isms.ID
	Ref      string
	Version  int
}

// findingFormPage is the finding form with its evidence boxes.
type findingFormPage struct {
	basePage
	Lede          string
	Form          formView
	Evidence      []evidenceOption
	EvidenceError string
}

// evidenceOption is an evidence item a finding may cite, as a box of the
// form. InScope is false for an item the finding cites that is not linked
// to a control of the audit's scope: it shows ticked, without the
// controls and validity AuditEvidence gives.
type evidenceOption struct {
	app.EvidenceChoice
	Checked bool
	InScope bool
}

func (s *Server) renderFindingForm(w http.ResponseWriter, r *http.Request, status int, v findingFormValues, err error) error {
	p := &findingFormPage{Lede: "A finding states what was found against a requirement, with the evidence seen. A nonconformity names the requirement it does not meet."}
	f := formView{Action: "/findings", Submit: "Raise finding", Cancel: auditURL(isms.ID(v.In.Audit)), Hidden: map[string]string{"audit": v.In.Audit},
		Fields: []fieldView{
			selectField("grade", "Grade", string(v.In.Grade), gradeOptions("Choose a grade…")).required().
				help("Major: a requirement is not met at all, or the ISMS fails to achieve its results. Minor: a single lapse. Observation: not yet a nonconformity. Opportunity for improvement: a suggestion."),
			text("title", "Title", v.In.Title).required().help("The finding in a few words, such as: leavers keep access for weeks."),
			text("description", "Description", v.In.Description).kind("textarea").help("What was required, what was found, the evidence seen. Required for a nonconformity."),
			text("requirements", "Requirements", v.In.Requirements).help("References of the audit's framework, separated by commas, such as A.5.18, 9.2. Required for a nonconformity."),
		}}
	p.Title = "Raise a finding on " + v.AuditRef
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = findingURL(v.ID), "Save finding", findingURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref, "audit": v.In.Audit}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form, p.EvidenceError = f, f.Errors["evidence"]
	opts, oerr := s.evidenceOptions(r, v)
	if oerr != nil {
		return oerr
	}
	p.Evidence = opts
	return s.render(w, r, status, "audit_finding_form", p)
}

// evidenceOptions lists the evidence the finding of v may cite, those it
// cites ticked: the items of the audit's scope, then any other item it
// cites.
func (s *Server) evidenceOptions(r *http.Request, v findingFormValues) ([]evidenceOption, error) {
	choices, err := s.app.AuditEvidence(r.Context(), actor(r), v.In.Audit)
	if err != nil {
		return nil, err
	}
	ticked := map[isms.ID]bool{}
	for _, id := range app.SplitRefs(v.In.Evidence) {
		ticked[isms.ID(id)] = true
	}
	out := make([]evidenceOption, len(choices))
	for i, c := range choices {
		out[i] = evidenceOption{EvidenceChoice: c, Checked: ticked[c.ID], InScope: true}
		delete(ticked, c.ID)
	}
	if len(ticked) == 0 {
		return out, nil
	}
	titles := map[isms.ID]string{}
	if v.ID != "" {
		links, err := s.app.RecordLinks(r.Context(), actor(r), isms.Link{Type: "audit_finding", ID: v.ID})
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			if l.Type == "evidence" && !l.Missing {
				titles[l.ID] = strings.TrimPrefix(l.Title, "Evidence: ")
			}
		}
	}
	for _, id := range app.SplitRefs(v.In.Evidence) {
		if ticked[isms.ID(id)] {
			out = append(out, evidenceOption{EvidenceChoice: app.EvidenceChoice{ID: isms.ID(id), Title: cmp.Or(titles[isms.ID(id)], id)}, Checked: true})
		}
	}
	return out, nil
}

func (s *Server) handleFindingNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.CanRecord(a) {
		return isms.Errorf(isms.Forbidden, "You may not raise findings on %s.", v.Audit.Ref)
	}
	fv := findingFormValues{In: app.FindingInput{Audit: string(v.Audit.ID), Grade: isms.FindingGrade(r.URL.Query().Get("grade")),
		Requirements: r.URL.Query().Get("requirements")}, AuditRef: v.Audit.Ref}
	return s.renderFindingForm(w, r, http.StatusOK, fv, nil)
}

func (s *Server) handleFindingEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.app.FindFinding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.app.FindAudit(r.Context(), a, string(f.AuditID))
	if err != nil {
		return err
	}
	if !v.CanRecord(a) {
		return isms.Errorf(isms.Forbidden, "You may not change the findings of %s.", v.Audit.Ref)
	}
	ev := make([]string, len(f.Evidence))
	for i, id := range f.Evidence {
		ev[i] = string(id)
	}
	fv := findingFormValues{In: app.FindingInput{Audit: string(f.AuditID), Grade: f.Grade, Title: f.Title, Description: f.Description,
		Requirements: findingRefs(f), Evidence: strings.Join(ev, ", ")}, AuditRef: f.AuditRef, ID: f.ID, Ref: f.Ref, Version: f.Version}
	return s.renderFindingForm(w, r, http.StatusOK, fv, nil)
}

// saveFinding raises or updates the finding of the form.
func (s *Server) saveFinding(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	v := findingFormValues{In: app.FindingInput{Audit: strings.TrimSpace(r.PostFormValue("audit")), Grade: isms.FindingGrade(r.PostFormValue("grade")),
		Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Requirements: r.PostFormValue("requirements"),
		Evidence: strings.Join(r.PostForm["evidence"], ", ")}, Version: formInt(r, "version")}
	au, err := s.app.FindAudit(r.Context(), actor(r), v.In.Audit)
	if err != nil {
		return err // the form names its audit: one not found is no form to show again
	}
	v.AuditRef = au.Audit.Ref
	return saveRecordForm(s, w, r, recordSave[*isms.AuditFinding]{update: update, version: v.Version, what: "finding's",
		create: func() (*isms.AuditFinding, error) { return s.app.CreateFinding(r.Context(), actor(r), v.In) },
		change: func() (*isms.AuditFinding, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateFinding(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderFindingForm(w, r, status, v, err) },
		saved: func(x *isms.AuditFinding) (string, string) {
			return "Finding " + x.Ref + " saved.", findingURL(x.ID)
		}})
}

func (s *Server) handleFindingCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveFinding(w, r, false)
}

func (s *Server) handleFindingUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveFinding(w, r, true)
}

func (s *Server) handleFindingDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.app.FindFinding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.app.DeleteFinding(r.Context(), a, f.ID); err != nil {
		return err
	}
	s.flash(w, "ok", "Finding "+f.Ref+" deleted.")
	http.Redirect(w, r, auditURL(f.AuditID)+"#findings", http.StatusSeeOther)
	return nil
}
