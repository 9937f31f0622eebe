// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// ISMS processes (ISO/IEC 27001 4.4): the register, a process's page with
// the processes it interacts with, its form, and the process map of
// processes against the clauses they serve.

func init() {
	addPhrases(map[string]string{
		"isms_process.create": "recorded an ISMS process", "isms_process.update": "changed an ISMS process",
		"isms_process.delete": "deleted an ISMS process",
	})
}

var processColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "name", Label: "Process"}, {Label: "Clauses"}, {Key: "owner", Label: "Owner"},
	{Label: "Purpose"}, {Key: "updated", Label: "Updated"},
}

// processSortKeys are the process list's sort keys.
var processSortKeys = sortValues("ref", "name", "owner", "updated")

func processRecord(x *isms.ISMSProcess) []string {
	return []string{x.Ref, x.Name, strings.Join(x.Clauses, ", "), x.OwnerName, x.Purpose, x.UpdatedAt.UTC().Format("2006-01-02 15:04")}
}

// clauseOptions lists the clauses for a filter's select.
func clauseOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, c := range isms.ISMSClauses {
		out = append(out, [2]string{c.Number, c.Number + " " + c.Title})
	}
	return out
}

type processListPage struct {
	basePage
	List    *listResult[*isms.ISMSProcess]
	Filter  app.ProcessFilter
	Owners  [][2]string
	Clauses [][2]string
	CanEdit bool
}

// processFilterOf reads the list's filters from the URL.
func processFilterOf(r *http.Request) app.ProcessFilter {
	q := r.URL.Query()
	return app.ProcessFilter{Text: strings.TrimSpace(q.Get("q")), OwnerID: q.Get("owner"), Clause: strings.TrimSpace(q.Get("clause"))}
}

func (s *Server) handleProcessIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f := processFilterOf(r)
	spec := listSpec[*isms.ISMSProcess]{
		Title: "ISMS processes", Columns: processColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.ISMSProcess, int, error) {
			return s.app.FindProcesses(r.Context(), a, f, q.Sort, q.Limit, q.Offset)
		},
		Record: processRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Text", f.Text}, {"Owner", f.OwnerID}, {"Clause", f.Clause}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &processListPage{List: list, Filter: f, Clauses: clauseOptions("Any clause"), CanEdit: a.Can(isms.EditContext)}
	if p.Owners, err = s.memberOptions(r, "Anyone"); err != nil {
		return err
	}
	p.Title = "ISMS processes"
	return s.render(w, r, http.StatusOK, "isms_process_index", p)
}

type processShowPage struct {
	basePage
	P        *isms.ISMSProcess
	Clauses  []isms.ISMSClause // the clauses it serves, with titles
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
	CanAudit bool
}

// clausesOf returns clause numbers with the titles of the clauses they
// belong to.
func clausesOf(numbers []string) []isms.ISMSClause {
	titles := map[string]string{}
	for _, c := range isms.ISMSClauses {
		titles[c.Number] = c.Title
	}
	out := make([]isms.ISMSClause, 0, len(numbers))
	for _, n := range numbers {
		out = append(out, isms.ISMSClause{Number: n, Title: titles[isms.ClauseColumn(n)]})
	}
	return out
}

func (s *Server) handleProcessShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	proc, err := s.app.FindProcess(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := &processShowPage{P: proc, Clauses: clausesOf(proc.Clauses), CanEdit: a.Can(isms.EditContext), CanAudit: a.Can(isms.ReadAuditTrail)}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, isms.Link{Type: "isms_process", ID: proc.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "isms_process", ObjectID: proc.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = proc.Ref + " " + proc.Name
	return s.render(w, r, http.StatusOK, "isms_process_show", p)
}

// processFormValues is what the process form shows and sends: the input,
// with its lists as the text fields hold them.
type processFormValues struct {
	In            app.ProcessInput
	Clauses       string
	InteractsWith string
	ID            isms.ID
	Ref           string
	Version       int
}

type processFormPage struct {
	basePage
	Lede   string
	Form   formView
	Cancel string
}

// renderProcessForm renders the form with v and the problems of err.
func (s *Server) renderProcessForm(w http.ResponseWriter, r *http.Request, status int, v processFormValues, err error) error {
	owners, oerr := s.memberOptions(r, "No owner yet")
	if oerr != nil {
		return oerr
	}
	p := &processFormPage{Lede: "A process the ISMS needs: what it is for, which clauses of ISO/IEC 27001 it serves, who owns it, what goes in and comes out.", Cancel: "/isms-processes"}
	f := formView{Action: "/isms-processes", Submit: "Record process", Cancel: "/isms-processes", Fields: []fieldView{
		text("name", "Name", v.In.Name).required().help("Such as: Risk management; Internal audit; Document control."),
		text("purpose", "Purpose", v.In.Purpose).kind("textarea").help("What the process achieves for the ISMS."),
		text("clauses", "Clauses it serves", v.Clauses).help("Clause numbers of ISO/IEC 27001, separated by commas: 6.1.2, 8.2. From 4.1 to 10.2."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners),
		text("inputs", "Inputs", v.In.Inputs).kind("textarea").help("What the process needs: information, records, results of other processes."),
		text("outputs", "Outputs", v.In.Outputs).kind("textarea").help("What it produces: records, decisions, reports."),
		text("interactions", "Interactions", v.In.Interactions).kind("textarea").help("How it works with other processes, in words."),
		text("interactsWith", "Processes it interacts with", v.InteractsWith).help("References of other processes, separated by commas: PRC-2, PRC-5."),
	}}
	p.Title = "New ISMS process"
	if v.Version > 0 {
		base := "/isms-processes/" + string(v.ID)
		f.Action, f.Submit, f.Cancel, p.Cancel = base, "Save process", base, base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "isms_process_form", p)
}

func (s *Server) handleProcessNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditContext, "You may not record ISMS processes."); err != nil {
		return err
	}
	return s.renderProcessForm(w, r, http.StatusOK, processFormValues{}, nil)
}

func (s *Server) handleProcessEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditContext, "You may not change ISMS processes."); err != nil {
		return err
	}
	x, err := s.app.FindProcess(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	links, err := s.app.RecordLinks(r.Context(), a, isms.Link{Type: "isms_process", ID: x.ID})
	if err != nil {
		return err
	}
	in := app.ProcessInput{Name: x.Name, Purpose: x.Purpose, OwnerID: string(x.OwnerID), Inputs: x.Inputs, Outputs: x.Outputs,
		Interactions: x.Interactions}
	return s.renderProcessForm(w, r, http.StatusOK, processFormValues{In: in, Clauses: strings.Join(x.Clauses, ", "),
		InteractsWith: app.LinkedRefs(links, "isms_process"), ID: x.ID, Ref: x.Ref, Version: x.Version}, nil)
}

// saveProcess creates or updates the process of the form.
func (s *Server) saveProcess(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := processFormValues{Clauses: f("clauses"), InteractsWith: f("interactsWith"), Version: formInt(r, "version")}
	v.In = app.ProcessInput{Name: f("name"), Purpose: r.PostFormValue("purpose"), OwnerID: f("ownerId"),
		Inputs: r.PostFormValue("inputs"), Outputs: r.PostFormValue("outputs"), Interactions: r.PostFormValue("interactions"),
		Clauses: app.SplitRefs(v.Clauses), InteractsWith: app.SplitRefs(v.InteractsWith)}
	return saveRecordForm(s, w, r, recordSave[*isms.ISMSProcess]{update: update, version: v.Version, what: "process's",
		create: func() (*isms.ISMSProcess, error) { return s.app.CreateProcess(r.Context(), actor(r), v.In) },
		change: func() (*isms.ISMSProcess, error) {
			v.ID = pathID(r)
			x, err := s.app.UpdateProcess(r.Context(), actor(r), v.ID, v.Version, v.In)
			if err != nil {
				if cur, ferr := s.app.FindProcess(r.Context(), actor(r), v.ID); ferr == nil {
					v.Ref = cur.Ref
				}
			}
			return x, err
		},
		render: func(status int, err error) error { return s.renderProcessForm(w, r, status, v, err) },
		saved: func(x *isms.ISMSProcess) (string, string) {
			return "Process " + x.Ref + " " + x.Name + " saved.", "/isms-processes/" + string(x.ID)
		}})
}

func (s *Server) handleProcessCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveProcess(w, r, false)
}

func (s *Server) handleProcessUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveProcess(w, r, true)
}

func (s *Server) handleProcessDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteProcess(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Process deleted.")
	http.Redirect(w, r, "/isms-processes", http.StatusSeeOther)
	return nil
}

// matrixGroup is a main clause (4 to 10) over the columns of its clauses.
type matrixGroup struct {
	Number string
	Span   int
}

// processMatrixRow is a process and, per clause column, whether it serves it.
type processMatrixRow struct {
	P     *isms.ISMSProcess
	Cells []bool
}

type processMatrixPage struct {
	basePage
	Groups    []matrixGroup
	Columns   []isms.ISMSClause
	Rows      []processMatrixRow
	Unserved  []bool // per column: no process serves the clause
	Gaps      []isms.ISMSClause
	Truncated bool // more processes than the map shows
	CanEdit   bool
}

// handleProcessMatrix shows the process map: every process against the
// clauses 4.1 to 10.2, and the clauses no process serves.
func (s *Server) handleProcessMatrix(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	list, total, err := s.app.FindProcesses(r.Context(), a, app.ProcessFilter{}, "ref", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	p := &processMatrixPage{Columns: isms.ISMSClauses, Truncated: total > len(list), CanEdit: a.Can(isms.EditContext)}
	p.Title = "ISMS process map"
	served := make([]bool, len(isms.ISMSClauses))
	for _, proc := range list {
		row := processMatrixRow{P: proc, Cells: make([]bool, len(isms.ISMSClauses))}
		for i, c := range isms.ISMSClauses {
			row.Cells[i] = proc.Serves(c.Number)
			served[i] = served[i] || row.Cells[i]
		}
		p.Rows = append(p.Rows, row)
	}
	for i, c := range isms.ISMSClauses {
		main, _, _ := strings.Cut(c.Number, ".")
		if n := len(p.Groups); n > 0 && p.Groups[n-1].Number == main {
			p.Groups[n-1].Span++
		} else {
			p.Groups = append(p.Groups, matrixGroup{Number: main, Span: 1})
		}
		p.Unserved = append(p.Unserved, !served[i])
		if !served[i] {
			p.Gaps = append(p.Gaps, c)
		}
	}
	return s.render(w, r, http.StatusOK, "isms_process_matrix", p)
}
