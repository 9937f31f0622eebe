// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Records of management commitment (ISO/IEC 27001 5.1): the register,
// a record's page with its evidence, and its form.

func init() {
	addPhrases(map[string]string{
		"commitment.create": "recorded a management commitment", "commitment.update": "changed a commitment record",
		"commitment.delete": "deleted a commitment record",
	})
}

var commitmentColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "madeOn", Label: "Date"}, {Key: "kind", Label: "Kind"}, {Key: "title", Label: "Commitment"},
	{Key: "madeBy", Label: "Made by"}, {Label: "Description"},
}

// commitmentSortKeys are the register's sort keys.
var commitmentSortKeys = sortValues("madeOn", "ref", "kind", "title", "madeBy")

func commitmentRecord(c *isms.Commitment) []string {
	return []string{c.Ref, c.MadeOn.String(), c.Kind.Label(), c.Title, c.MadeBy, c.Description}
}

// commitmentKindOptions lists the kinds for a select, after first.
func commitmentKindOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, k := range isms.CommitmentKinds {
		out = append(out, [2]string{string(k), k.Label()})
	}
	return out
}

// commitmentFilterView is the register's filters as the URL gives them.
type commitmentFilterView struct{ Kind, Year, Search string }

type commitmentListPage struct {
	basePage
	List    *listResult[*isms.Commitment]
	Filter  commitmentFilterView
	Kinds   [][2]string
	Years   []string
	CanEdit bool
}

// commitmentFilter reads the register's filters from the URL.
func commitmentFilter(r *http.Request) (isms.CommitmentFilter, commitmentFilterView, error) {
	q := r.URL.Query()
	v := commitmentFilterView{Kind: q.Get("kind"), Year: strings.TrimSpace(q.Get("year")), Search: strings.TrimSpace(q.Get("q"))}
	f := isms.CommitmentFilter{Kind: isms.CommitmentKind(v.Kind), Search: v.Search}
	p := isms.Problems{}
	if v.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "Kind must be decision, resource, communication, review or other.")
	}
	if v.Year != "" {
		y, err := strconv.Atoi(v.Year)
		if err != nil || y < 2000 || y > 2199 {
			p.Add("year", "Year must be a year such as 2026.")
		}
		f.Year = y
	}
	return f, v, p.Err()
}

func (s *Server) handleCommitmentIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv, err := commitmentFilter(r)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.Commitment]{
		Title: "Commitment records", Columns: commitmentColumns, DefaultSort: "-madeOn",
		Fetch: func(q listQuery) ([]*isms.Commitment, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindCommitments(r.Context(), a, f)
		},
		Record: commitmentRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Kind", fv.Kind}, {"Year", fv.Year}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &commitmentListPage{List: list, Filter: fv, Kinds: commitmentKindOptions("Any kind"), CanEdit: a.Can(isms.ManageLeadership)}
	years, err := s.app.CommitmentYears(r.Context(), a)
	if err != nil {
		return err
	}
	for _, y := range years {
		p.Years = append(p.Years, strconv.Itoa(y))
	}
	p.Title = "Commitment records"
	return s.render(w, r, http.StatusOK, "commitment_index", p)
}

type commitmentShowPage struct {
	basePage
	C        *isms.Commitment
	Evidence *evidencePanel
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
}

func (s *Server) handleCommitmentShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	c, err := s.app.FindCommitment(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := &commitmentShowPage{C: c, CanEdit: a.Can(isms.ManageLeadership)}
	link := isms.Link{Type: "commitment", ID: c.ID}
	if p.Evidence, err = s.evidenceFor(r, link); err != nil {
		return err
	}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, link); err != nil {
		return err
	}
	if a.Can(isms.ReadAuditTrail) {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "commitment", ObjectID: c.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = c.Ref + " " + c.Title
	return s.render(w, r, http.StatusOK, "commitment_show", p)
}

// commitmentFormValues is what the commitment form shows and sends.
type commitmentFormValues struct {
	In      app.CommitmentInput
	ID      isms.ID
	Ref     string
	Version int
}

type commitmentFormPage struct {
	basePage
	Lede   string
	Form   formView
	Delete string // the delete action when editing
}

// renderCommitmentForm renders the commitment form with v and the
// problems of err.
func (s *Server) renderCommitmentForm(w http.ResponseWriter, r *http.Request, status int, v commitmentFormValues, err error) error {
	p := &commitmentFormPage{
		Lede: "Something top management did to lead the ISMS: a decision, resources approved, a message to staff, a review of results. Add the evidence (minutes, the signed budget, the message) on the record's page."}
	f := formView{Action: "/commitments", Submit: "Record commitment", Cancel: "/commitments", Fields: []fieldView{
		text("madeOn", "Date", v.In.MadeOn).kind("date").required().help("The day it was decided, approved or said."),
		selectField("kind", "Kind", v.In.Kind, commitmentKindOptions("Choose a kind…")).required(),
		text("title", "Commitment", v.In.Title).required().help("Such as: Board approved the ISMS budget for 2026; CEO announced the security policy to all staff."),
		text("madeBy", "Made by", v.In.MadeBy).required().help("Who in top management: the board, the CEO, the managing directors."),
		text("description", "Description", v.In.Description).kind("textarea").help("What was decided or said, and where it is recorded."),
	}}
	p.Title = "New commitment record"
	if v.Version > 0 {
		base := "/commitments/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save commitment", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede, p.Delete = "Edit "+v.Ref, "Changes are recorded in the audit trail.", base+"/delete"
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "commitment_form", p)
}

func (s *Server) handleCommitmentNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageLeadership, "You may not record commitments."); err != nil {
		return err
	}
	in := app.CommitmentInput{MadeOn: isms.DateOf(s.app.Now()).String(), Kind: r.URL.Query().Get("kind")}
	return s.renderCommitmentForm(w, r, http.StatusOK, commitmentFormValues{In: in}, nil)
}

func (s *Server) handleCommitmentEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageLeadership, "You may not change commitment records."); err != nil {
		return err
	}
	c, err := s.app.FindCommitment(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	in := app.CommitmentInput{MadeOn: c.MadeOn.String(), Kind: string(c.Kind), Title: c.Title, Description: c.Description, MadeBy: c.MadeBy}
	return s.renderCommitmentForm(w, r, http.StatusOK, commitmentFormValues{In: in, ID: c.ID, Ref: c.Ref, Version: c.Version}, nil)
}

// saveCommitment creates or updates the commitment record of the form.
func (s *Server) saveCommitment(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := commitmentFormValues{In: app.CommitmentInput{MadeOn: f("madeOn"), Kind: f("kind"), Title: f("title"),
		Description: r.PostFormValue("description"), MadeBy: f("madeBy")}, Version: formInt(r, "version")}
	return saveRecordForm(s, w, r, recordSave[*isms.Commitment]{update: update, version: v.Version, what: "record's",
		create: func() (*isms.Commitment, error) { return s.app.CreateCommitment(r.Context(), actor(r), v.In) },
		change: func() (*isms.Commitment, error) {
			v.ID = pathID(r)
			return s.app.UpdateCommitment(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error {
			if update {
				if old, ferr := s.app.FindCommitment(r.Context(), actor(r), v.ID); ferr == nil {
					v.Ref = old.Ref
				}
			}
			return s.renderCommitmentForm(w, r, status, v, err)
		},
		saved: func(c *isms.Commitment) (string, string) {
			return "Commitment record " + c.Ref + " saved.", "/commitments/" + string(c.ID)
		}})
}

func (s *Server) handleCommitmentCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCommitment(w, r, false)
}

func (s *Server) handleCommitmentUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCommitment(w, r, true)
}

func (s *Server) handleCommitmentDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteCommitment(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Commitment record deleted.")
	http.Redirect(w, r, "/commitments", http.StatusSeeOther)
	return nil
}
