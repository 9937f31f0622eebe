// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// Audit programmes (ISO/IEC 27001 9.2.2): the register, each programme's
// page with its audits by year and its coverage of the framework, and the
// form.

func init() {
	addPhrases(map[string]string{
		"audit_programme.create": "planned an audit programme", "audit_programme.update": "changed an audit programme",
		"audit_programme.delete": "deleted an audit programme",
	})
}

var programmeColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Title"}, {Label: "Framework"}, {Key: "start", Label: "Period"},
	{Label: "Audits", Numeric: true}, {Label: "Owner"},
}

// programmeSortKeys are the programme list's sort keys.
var programmeSortKeys = sortValues("ref", "title", "start", "end", "updated")

// programmePeriod writes a programme's period: "2026-01-01 – 2028-12-31".
func programmePeriod(p *isms.AuditProgramme) string {
	return p.Start.String() + " – " + p.End.String()
}

func programmeRecord(p *isms.AuditProgramme) []string {
	return []string{p.Ref, p.Title, p.FrameworkName, programmePeriod(p), strconv.Itoa(p.Audits), p.OwnerName}
}

type programmeListPage struct {
	basePage
	List    *listResult[*isms.AuditProgramme]
	Search  string
	CanEdit bool
}

func (s *Server) handleProgrammeIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	search := strings.TrimSpace(r.URL.Query().Get("q"))
	spec := listSpec[*isms.AuditProgramme]{
		Title: "Audit programmes", Columns: programmeColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.AuditProgramme, int, error) {
			return s.app.ListProgrammes(r.Context(), a, isms.ProgrammeFilter{Search: search, Sort: q.Sort, Limit: q.Limit, Offset: q.Offset})
		},
		Record:  programmeRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", search}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &programmeListPage{List: list, Search: search, CanEdit: a.Can(isms.ManageAudits)}
	p.Title = "Audit programmes"
	return s.render(w, r, http.StatusOK, "audit_programme_index", p)
}

// programmeYear is one programme year with the audits planned to start
// in it.
type programmeYear struct {
	N         int
	From, To  isms.Date
	Audits    []auditRow
	IsOutside bool // the audits planned outside the period
	Heading   string
}

// programmeYears groups audits by the programme year of their planned
// start; audits outside the period come last.
func programmeYears(p *isms.AuditProgramme, audits []*isms.InternalAudit) []programmeYear {
	years := make([]programmeYear, p.Years())
	for i := range years {
		from := p.Start.AddDate(i, 0, 0)
		to := p.Start.AddDate(i+1, 0, -1)
		if to.After(p.End) {
			to = p.End
		}
		years[i] = programmeYear{N: i + 1, From: from, To: to, Heading: "Year " + strconv.Itoa(i+1)}
	}
	outside := programmeYear{IsOutside: true, Heading: "Outside the programme's period"}
	for _, a := range audits {
		if y := p.YearOf(a.PlannedStart); y > 0 && y <= len(years) {
			years[y-1].Audits = append(years[y-1].Audits, newAuditRow(a))
		} else {
			outside.Audits = append(outside.Audits, newAuditRow(a))
		}
	}
	if len(outside.Audits) > 0 {
		years = append(years, outside)
	}
	return years
}

// coverageRowView is one requirement's row of the coverage matrix.
type coverageRowView struct {
	isms.CoverageRow
	Cells   []coverageCell
	GapText string
	GapChip string
}

// coverageCell is one programme year of a row: how many audits cover it.
type coverageCell struct {
	Count int
	Due   bool // weighted high, and not covered that year
}

// coverageGapLabel names a gap for people.
func coverageGapLabel(g isms.CoverageGap) string {
	switch g {
	case isms.GapUncovered:
		return "Not covered"
	case isms.GapBelowWeight:
		return "Below weight"
	}
	return ""
}

func newCoverageRowView(row isms.CoverageRow) coverageRowView {
	v := coverageRowView{CoverageRow: row, GapText: coverageGapLabel(row.Gap)}
	switch row.Gap {
	case isms.GapUncovered:
		v.GapChip = "chip-bad"
	case isms.GapBelowWeight:
		v.GapChip = "chip-warn"
	}
	for _, n := range row.PerYear {
		v.Cells = append(v.Cells, coverageCell{Count: n, Due: n == 0 && row.Weight == isms.WeightHigh})
	}
	return v
}

// coverageSummary is the coverage in one sentence: "112 of 126 covered,
// 14 not covered, 3 below weight".
func coverageSummary(c *isms.AuditCoverage) string {
	return strconv.Itoa(c.Covered) + " of " + strconv.Itoa(len(c.Rows)) + " covered, " +
		strconv.Itoa(c.Uncovered) + " not covered, " + strconv.Itoa(c.BelowWeight) + " below weight"
}

type programmeShowPage struct {
	basePage
	Programme *isms.AuditProgramme
	Years     []programmeYear
	Coverage  *isms.AuditCoverage
	Summary   string
	Rows      []coverageRowView
	YearNums  []int
	GapsOnly  bool
	History   []*isms.AuditEvent
	CanEdit   bool
	CanAudit  bool
}

func (s *Server) handleProgrammeShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindProgramme(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	pr := v.Programme
	p := &programmeShowPage{Programme: pr, Years: programmeYears(pr, v.Audits), Coverage: v.Coverage,
		GapsOnly: r.URL.Query().Get("gaps") != "", CanEdit: a.Can(isms.ManageAudits), CanAudit: a.Can(isms.ReadAuditTrail)}
	if c := v.Coverage; c != nil {
		p.Summary = coverageSummary(c)
		for i := 1; i <= c.Years; i++ {
			p.YearNums = append(p.YearNums, i)
		}
		for _, row := range c.Rows {
			if !p.GapsOnly || row.Gap != isms.GapNone {
				p.Rows = append(p.Rows, newCoverageRowView(row))
			}
		}
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "audit_programme", ObjectID: pr.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = pr.Ref + " " + pr.Title
	return s.render(w, r, http.StatusOK, "audit_programme_show", p)
}

// coverageTable is the coverage of v as a table for export.
func coverageTable(v *app.ProgrammeView) *report.Table {
	pr, c := v.Programme, v.Coverage
	t := &report.Table{Title: "Audit coverage " + pr.Ref, Columns: []string{"Ref", "Requirement", "Kind"}}
	for i := 1; i <= c.Years; i++ {
		t.Columns = append(t.Columns, "Year "+strconv.Itoa(i))
	}
	t.Columns = append(t.Columns, "Audits", "Weight", "Why", "Gap")
	for _, row := range c.Rows {
		cells := []string{row.Ref, row.Title, string(row.Kind)}
		for _, n := range row.PerYear {
			cells = append(cells, strconv.Itoa(n))
		}
		cells = append(cells, strings.Join(row.Audits, ", "), string(row.Weight), row.WeightReason, coverageGapLabel(row.Gap))
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// listMediaTypes are the media types of list exports.
var listMediaTypes = map[string]string{"csv": soaMediaTypes["csv"], "xlsx": soaMediaTypes["xlsx"]}

// handleProgrammeCoverage serves the coverage of the path's programme in
// format (csv or xlsx).
func (s *Server) handleProgrammeCoverage(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.writeProgrammeCoverage(w, r, format)
	}
}

// writeProgrammeCoverage sends the coverage of the path's programme as a
// download, with the export's facts.
func (s *Server) writeProgrammeCoverage(w http.ResponseWriter, r *http.Request, format string) error {
	v, err := s.app.FindProgramme(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	t := coverageTable(v)
	t.Meta = append(s.exportMeta(r, t.Title), [2]string{"Programme", v.Programme.Ref + " " + v.Programme.Title},
		[2]string{"Framework", v.Programme.FrameworkName}, [2]string{"Period", programmePeriod(v.Programme)},
		[2]string{"Coverage", coverageSummary(v.Coverage)})
	var buf bytes.Buffer
	if format == "csv" {
		err = report.WriteCSV(&buf, t)
	} else {
		err = report.WriteXLSX(&buf, t)
	}
	if err != nil {
		return err
	}
	return sendFile(w, listMediaTypes[format], "audit-coverage-"+isms.Slugify(v.Programme.Ref)+"."+format, &buf)
}

// programmeFormValues is what the programme form shows and sends.
type programmeFormValues struct {
	In         app.ProgrammeInput
	Start, End string // as typed
	ID         isms.ID
	Ref        string
	Version    int
}

// auditMemberOptions lists the active members who read the ISMS, for
// owners and auditors.
func (s *Server) auditMemberOptions(r *http.Request, empty string) ([][2]string, error) {
	members, _, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	opts := [][2]string{{"", empty}}
	for _, m := range members {
		if m.Role.Allows(isms.ReadISMS) {
			opts = append(opts, [2]string{string(m.User.ID), m.User.Name})
		}
	}
	return opts, nil
}

// programmeFrameworkOptions lists the organization's frameworks and
// returns the ID of ISO/IEC 27001:2022 among them ("" when absent).
func (s *Server) programmeFrameworkOptions(r *http.Request) ([][2]string, string, error) {
	fws, _, err := s.app.FindFrameworks(r.Context(), actor(r), isms.FrameworkFilter{Sort: "name", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, "", err
	}
	opts, iso := [][2]string{{"", "Choose a framework…"}}, ""
	for _, fw := range fws {
		opts = append(opts, [2]string{string(fw.ID), fw.Title()})
		if fw.Key == catalog.KeyISO2022 {
			iso = string(fw.ID)
		}
	}
	return opts, iso, nil
}

func (s *Server) renderProgrammeForm(w http.ResponseWriter, r *http.Request, status int, v programmeFormValues, err error) error {
	fws, _, ferr := s.programmeFrameworkOptions(r)
	if ferr != nil {
		return ferr
	}
	owners, ferr := s.auditMemberOptions(r, "Nobody yet")
	if ferr != nil {
		return ferr
	}
	p := &formPage{Lede: "Plan the internal audits of a certification cycle so that every clause and every applicable control is audited, the important ones more often (ISO/IEC 27001 9.2.2)."}
	f := formView{Action: "/audit-programmes", Submit: "Plan programme", Cancel: "/audit-programmes", Fields: []fieldView{
		text("title", "Title", v.In.Title).required().help("Such as: Internal audit programme 2026–2028."),
		text("description", "Objectives, methods, responsibilities and reporting", v.In.Description).kind("textarea").
			help("What the programme sets out to achieve, how audits are done, who plans, performs and reports them, and to whom."),
		selectField("framework", "Framework to cover", v.In.Framework, fws).required().help("Every clause and every applicable control of it is to be audited in the period."),
		text("start", "Start", v.Start).kind("date").required().help("The first day of the programme, YYYY-MM-DD."),
		text("end", "End", v.End).kind("date").required().help("The last day, typically three years later: a certification cycle."),
		selectField("ownerId", "Owner", string(v.In.OwnerID), owners).help("Who manages the programme."),
	}}
	p.Title = "New audit programme"
	if v.Version > 0 {
		base := "/audit-programmes/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save programme", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail. The framework cannot change once the programme holds audits."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleProgrammeNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageAudits, "You may not plan audit programmes."); err != nil {
		return err
	}
	_, iso, err := s.programmeFrameworkOptions(r)
	if err != nil {
		return err
	}
	today := isms.DateOf(s.app.Now())
	start := isms.NewDate(today.Time().Year(), 1, 1)
	v := programmeFormValues{In: app.ProgrammeInput{Framework: iso, OwnerID: a.UserID},
		Start: start.String(), End: start.AddDate(3, 0, -1).String()}
	return s.renderProgrammeForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) handleProgrammeEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageAudits, "You may not change audit programmes."); err != nil {
		return err
	}
	v, err := s.app.FindProgramme(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	pr := v.Programme
	fv := programmeFormValues{In: app.ProgrammeInput{Title: pr.Title, Description: pr.Description, Framework: string(pr.FrameworkID),
		OwnerID: pr.OwnerID}, Start: pr.Start.String(), End: pr.End.String(), ID: pr.ID, Ref: pr.Ref, Version: pr.Version}
	return s.renderProgrammeForm(w, r, http.StatusOK, fv, nil)
}

// readDates parses the named date fields of a form into the targets,
// recording each unreadable one in p.
func readDates(r *http.Request, p isms.Problems, fields map[string]*isms.Date) {
	for name, d := range fields {
		x, err := isms.ParseDate(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			p.Add(name, "Write the date as YYYY-MM-DD.")
		}
		*d = x
	}
}

// saveProgramme creates or updates the programme of the form.
func (s *Server) saveProgramme(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	v := programmeFormValues{In: app.ProgrammeInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Framework: strings.TrimSpace(r.PostFormValue("framework")), OwnerID: isms.ID(strings.TrimSpace(r.PostFormValue("ownerId")))},
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Version: formInt(r, "version")}
	p := isms.Problems{}
	readDates(r, p, map[string]*isms.Date{"start": &v.In.Start, "end": &v.In.End})
	return saveRecordForm(s, w, r, recordSave[*isms.AuditProgramme]{update: update, version: v.Version, what: "programme's",
		create: func() (*isms.AuditProgramme, error) {
			if err := p.Err(); err != nil {
				return nil, err
			}
			return s.app.CreateProgramme(r.Context(), actor(r), v.In)
		},
		change: func() (*isms.AuditProgramme, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			if err := p.Err(); err != nil {
				return nil, err
			}
			return s.app.UpdateProgramme(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderProgrammeForm(w, r, status, v, err) },
		saved: func(x *isms.AuditProgramme) (string, string) {
			return "Audit programme " + x.Ref + " saved.", "/audit-programmes/" + url.PathEscape(string(x.ID))
		}})
}

func (s *Server) handleProgrammeCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveProgramme(w, r, false)
}

func (s *Server) handleProgrammeUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveProgramme(w, r, true)
}

func (s *Server) handleProgrammeDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteProgramme(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) || isCode(err, isms.Invalid) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/audit-programmes/"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Audit programme deleted.")
	http.Redirect(w, r, "/audit-programmes", http.StatusSeeOther)
	return nil
}
