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

// Planned changes to the ISMS (ISO/IEC 27001 6.3): the register, a
// change's page with the records it touches, and its form.

func init() {
	addPhrases(map[string]string{
		"isms_change.create": "planned a change to the ISMS", "isms_change.update": "changed a planned change to the ISMS",
		"isms_change.delete": "deleted a planned change to the ISMS",
	})
}

var ismsChangeColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Change"}, {Key: "status", Label: "Status"}, {Key: "owner", Label: "Owner"},
	{Key: "planned", Label: "Planned on"}, {Key: "completed", Label: "Completed on"}, {Label: "Reason"},
}

// ismsChangeSortKeys are the list's sort keys.
var ismsChangeSortKeys = sortValues("ref", "title", "status", "owner", "planned", "completed", "updated")

func ismsChangeRecord(x *isms.ISMSChange) []string {
	return []string{x.Ref, x.Title, x.Status.Label(), x.OwnerName, x.PlannedOn.String(), x.CompletedOn.String(), x.Reason}
}

// ismsChangeChip is the chip class of a change's status.
func ismsChangeChip(st isms.ISMSChangeStatus) string {
	switch st {
	case isms.ChangeImplemented:
		return "chip-ok"
	case isms.ChangeCancelled:
		return "chip-muted"
	case isms.ChangeInProgress:
		return "chip-warn"
	}
	return "chip-info"
}

// ismsChangeStatusOptions lists the statuses for a select.
func ismsChangeStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.ISMSChangeStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// ismsChangeFilterOf reads the list's filters, the same on the page and
// in the API, recording a value it cannot use in p.
func ismsChangeFilterOf(q url.Values, p isms.Problems) isms.ISMSChangeFilter {
	f := isms.ISMSChangeFilter{Status: isms.ISMSChangeStatus(q.Get("status")), OwnerID: isms.ID(q.Get("owner"))}
	if f.Status != "" && !contains(enumStrings(isms.ISMSChangeStatuses...), string(f.Status)) {
		p.Add("status", "status must be proposed, approved, in_progress, implemented or cancelled.")
	}
	for name, d := range map[string]*isms.Date{"plannedFrom": &f.PlannedFrom, "plannedTo": &f.PlannedTo} {
		v, err := isms.ParseDate(strings.TrimSpace(q.Get(name)))
		if err != nil {
			p.Add(name, name+" must be a date written YYYY-MM-DD.")
		}
		*d = v
	}
	if !f.PlannedFrom.IsZero() && f.PlannedTo.Before(f.PlannedFrom) && !f.PlannedTo.IsZero() {
		p.Add("plannedTo", "plannedTo must not be before plannedFrom.")
	}
	return f
}

// ismsChangeRow is a change as the list and its page show it.
type ismsChangeRow struct {
	C    *isms.ISMSChange
	Chip string
}

type ismsChangeListPage struct {
	basePage
	List        *listResult[*isms.ISMSChange]
	Rows        []ismsChangeRow
	Filter      isms.ISMSChangeFilter
	PlannedFrom string
	PlannedTo   string
	Statuses    [][2]string
	Owners      [][2]string
	CanEdit     bool
}

func (s *Server) handleISMSChangeIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := isms.Problems{}
	f := ismsChangeFilterOf(r.URL.Query(), p)
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*isms.ISMSChange]{
		Title: "Planned changes to the ISMS", Columns: ismsChangeColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.ISMSChange, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindChanges(r.Context(), a, f)
		},
		Record: ismsChangeRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Status", string(f.Status)}, {"Owner", string(f.OwnerID)},
				{"Planned from", f.PlannedFrom.String()}, {"Planned to", f.PlannedTo.String()}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &ismsChangeListPage{List: list, Filter: f, PlannedFrom: f.PlannedFrom.String(), PlannedTo: f.PlannedTo.String(),
		Statuses: ismsChangeStatusOptions("Any status"), CanEdit: a.Can(isms.EditContext)}
	if pg.Owners, err = s.memberOptions(r, "Anyone"); err != nil {
		return err
	}
	for _, x := range list.Items {
		pg.Rows = append(pg.Rows, ismsChangeRow{C: x, Chip: ismsChangeChip(x.Status)})
	}
	pg.Title = "Planned changes to the ISMS"
	return s.render(w, r, http.StatusOK, "isms_change_index", pg)
}

type ismsChangeShowPage struct {
	basePage
	ismsChangeRow
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
	CanAudit bool
}

func (s *Server) handleISMSChangeShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	x, err := s.app.FindChange(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := &ismsChangeShowPage{ismsChangeRow: ismsChangeRow{C: x, Chip: ismsChangeChip(x.Status)}, CanEdit: a.Can(isms.EditContext),
		CanAudit: a.Can(isms.ReadAuditTrail)}
	link := isms.Link{Type: "isms_change", ID: x.ID}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, link); err != nil {
		return err
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: link.Type, ObjectID: x.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = x.Ref + " " + x.Title
	return s.render(w, r, http.StatusOK, "isms_change_show", p)
}

// ismsChangeFormValues is what the form shows and sends: the input, with
// its links as the text fields hold them.
type ismsChangeFormValues struct {
	In                          app.ChangeInput
	Risks, ISMSRisks, Documents string
	ID                          isms.ID
	Ref                         string
	Version                     int
}

// renderISMSChangeForm renders the form with v and the problems of err.
func (s *Server) renderISMSChangeForm(w http.ResponseWriter, r *http.Request, status int, v ismsChangeFormValues, err error) error {
	owners, oerr := s.memberOptions(r, "No owner yet")
	if oerr != nil {
		return oerr
	}
	p := &formPage{Lede: "A change to the ISMS itself (its scope, processes, roles, methods or tools), planned before it is made: why, " +
		"what it affects, what it needs and who does what."}
	f := formView{Action: "/isms-changes", Submit: "Plan change", Cancel: "/isms-changes", Fields: []fieldView{
		text("title", "Change", v.In.Title).required().help("Such as: Add the Lyon site to the scope; Adopt a new risk method."),
		text("reason", "Reason", v.In.Reason).kind("textarea").required().help("Why the ISMS needs this change: what triggered it."),
		text("consequences", "Consequences considered", v.In.Consequences).kind("textarea").
			help("What it affects: scope, risks, the Statement of Applicability, documents, roles. Required once approved."),
		text("resources", "Resources", v.In.Resources).kind("textarea").help("People's time, budget, tools it needs."),
		text("responsibilities", "Responsibilities", v.In.Responsibilities).kind("textarea").help("Who does what, and any role that changes hands."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners),
		selectField("status", "Status", v.In.Status, ismsChangeStatusOptions("Choose…")[1:]).required(),
		text("plannedOn", "Planned on", v.In.PlannedOn).kind("date"),
		text("completedOn", "Completed on", v.In.CompletedOn).kind("date").help("Required once implemented."),
		text("risks", "Risks", v.Risks).help("References of information security risks it touches: R-3, R-12."),
		text("ismsRisks", "ISMS risks and opportunities", v.ISMSRisks).help("References such as RO-2."),
		text("documents", "Documents", v.Documents).help("Documents to update: DOC-1, DOC-4."),
	}}
	p.Title = "New planned change"
	if v.Version > 0 {
		base := "/isms-changes/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save change", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "isms_change_form", p)
}

func (s *Server) handleISMSChangeNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditContext, "You may not plan changes to the ISMS."); err != nil {
		return err
	}
	return s.renderISMSChangeForm(w, r, http.StatusOK, ismsChangeFormValues{In: app.ChangeInput{Status: string(isms.ChangeProposed)},
		ISMSRisks: r.URL.Query().Get("ismsRisks")}, nil)
}

func (s *Server) handleISMSChangeEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditContext, "You may not change planned changes to the ISMS."); err != nil {
		return err
	}
	x, err := s.app.FindChange(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	links, err := s.app.RecordLinks(r.Context(), a, isms.Link{Type: "isms_change", ID: x.ID})
	if err != nil {
		return err
	}
	in := app.ChangeInput{Title: x.Title, Reason: x.Reason, Consequences: x.Consequences, Resources: x.Resources,
		Responsibilities: x.Responsibilities, OwnerID: string(x.OwnerID), PlannedOn: x.PlannedOn.String(),
		CompletedOn: x.CompletedOn.String(), Status: string(x.Status)}
	return s.renderISMSChangeForm(w, r, http.StatusOK, ismsChangeFormValues{In: in, Risks: app.LinkedRefs(links, "risk"),
		ISMSRisks: app.LinkedRefs(links, "isms_risk"), Documents: app.LinkedRefs(links, "document"),
		ID: x.ID, Ref: x.Ref, Version: x.Version}, nil)
}

// saveISMSChange creates or updates the change of the form.
func (s *Server) saveISMSChange(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := ismsChangeFormValues{Risks: f("risks"), ISMSRisks: f("ismsRisks"), Documents: f("documents"), Version: formInt(r, "version")}
	v.In = app.ChangeInput{Title: f("title"), Reason: r.PostFormValue("reason"), Consequences: r.PostFormValue("consequences"),
		Resources: r.PostFormValue("resources"), Responsibilities: r.PostFormValue("responsibilities"), OwnerID: f("ownerId"),
		PlannedOn: f("plannedOn"), CompletedOn: f("completedOn"), Status: f("status"),
		Risks: app.SplitRefs(v.Risks), ISMSRisks: app.SplitRefs(v.ISMSRisks), Documents: app.SplitRefs(v.Documents)}
	return saveRecordForm(s, w, r, recordSave[*isms.ISMSChange]{update: update, version: v.Version, what: "change's",
		create: func() (*isms.ISMSChange, error) { return s.app.CreateChange(r.Context(), actor(r), v.In) },
		change: func() (*isms.ISMSChange, error) {
			v.ID = pathID(r)
			x, err := s.app.UpdateChange(r.Context(), actor(r), v.ID, v.Version, v.In)
			if err != nil {
				if cur, ferr := s.app.FindChange(r.Context(), actor(r), v.ID); ferr == nil {
					v.Ref = cur.Ref
				}
			}
			return x, err
		},
		render: func(status int, err error) error { return s.renderISMSChangeForm(w, r, status, v, err) },
		saved: func(x *isms.ISMSChange) (string, string) {
			return x.Ref + " " + x.Title + " saved.", "/isms-changes/" + string(x.ID)
		}})
}

func (s *Server) handleISMSChangeCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveISMSChange(w, r, false)
}

func (s *Server) handleISMSChangeUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveISMSChange(w, r, true)
}

func (s *Server) handleISMSChangeDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteChange(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Planned change deleted.")
	http.Redirect(w, r, "/isms-changes", http.StatusSeeOther)
	return nil
}
