// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Resources (ISO/IEC 27001 7.1): what the ISMS needs (people's time,
// budget, tools, infrastructure, outside help), who approved it and where
// it stands.

func init() {
	addPhrases(map[string]string{
		"resource.create": "recorded a resource", "resource.update": "changed a resource", "resource.delete": "deleted a resource",
	})
}

var resourceColumns = []column{
	{Key: "title", Label: "Resource"}, {Key: "kind", Label: "Kind"}, {Label: "Amount"}, {Key: "status", Label: "Status"},
	{Label: "Approved by"}, {Key: "approvedOn", Label: "Approved on"}, {Label: "Notes"}, {Key: "updated", Label: "Updated"},
}

// resourceSortKeys are the resource list's sort keys.
var resourceSortKeys = sortValues("title", "kind", "status", "approvedOn", "updated")

// capitalized returns s with its first letter in upper case.
func capitalized(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func resourceRecord(x *isms.Resource) []string {
	return []string{x.Title, capitalized(string(x.Kind)), x.Amount, string(x.Status), x.ApprovedBy, x.ApprovedOn.String(),
		x.Notes, x.UpdatedAt.UTC().Format("2006-01-02 15:04")}
}

// resourceChip is the chip class of a resource status.
func resourceChip(st isms.ResourceStatus) string {
	switch st {
	case isms.ResourceApproved, isms.ResourceProvided:
		return "chip-ok"
	case isms.ResourceRejected:
		return "chip-bad"
	}
	return "chip-warn"
}

// resourceRow is a resource as the list shows it.
type resourceRow struct {
	R    *isms.Resource
	Kind string
	Chip string
}

type resourceListPage struct {
	basePage
	List     *listResult[*isms.Resource]
	Rows     []resourceRow
	Status   string
	Statuses [][2]string
	CanEdit  bool
}

// resourceStatusOptions lists the statuses for a select.
func resourceStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.ResourceStatuses {
		out = append(out, [2]string{string(st), capitalized(string(st))})
	}
	return out
}

func (s *Server) handleResourceIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	status := r.URL.Query().Get("status")
	if status != "" && !contains(enumStrings(isms.ResourceStatuses...), status) {
		return isms.Problems{"status": "Status must be requested, approved, provided or rejected."}.Err()
	}
	spec := listSpec[*isms.Resource]{
		Title: "Resources", Columns: resourceColumns, DefaultSort: "title",
		Fetch: func(q listQuery) ([]*isms.Resource, int, error) {
			return s.app.FindResources(r.Context(), a, isms.ResourceStatus(status), q.Sort, q.Limit, q.Offset)
		},
		Record:  resourceRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Status", status}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &resourceListPage{List: list, Status: status, Statuses: resourceStatusOptions("Any status"), CanEdit: a.Can(isms.ManagePeople)}
	for _, x := range list.Items {
		p.Rows = append(p.Rows, resourceRow{R: x, Kind: capitalized(string(x.Kind)), Chip: resourceChip(x.Status)})
	}
	p.Title = "Resources"
	return s.render(w, r, http.StatusOK, "resource_index", p)
}

// resourceFormValues is what the resource form shows and sends.
type resourceFormValues struct {
	In      app.ResourceInput
	ID      isms.ID
	Version int
}

type resourceFormPage struct {
	basePage
	Lede    string
	Form    formView
	Delete  string // the delete action when editing
	CanEdit bool
}

// renderResourceForm renders the resource form page with v and the
// problems of err.
func (s *Server) renderResourceForm(w http.ResponseWriter, r *http.Request, status int, v resourceFormValues, err error) error {
	kinds := [][2]string{{"", "Choose a kind…"}}
	for _, k := range isms.ResourceKinds {
		kinds = append(kinds, [2]string{string(k), capitalized(string(k))})
	}
	p := &resourceFormPage{Lede: "Something the ISMS needs to be established, kept up and improved: people's time, budget, tools, infrastructure or outside help."}
	f := formView{Action: "/resources", Submit: "Record resource", Cancel: "/resources", Fields: []fieldView{
		text("title", "Resource", v.In.Title).required().help("Such as: ISMS manager, half of their time; Vulnerability scanner licence."),
		selectField("kind", "Kind", v.In.Kind, kinds).required(),
		text("amount", "Amount", v.In.Amount).help("How much: 0.5 FTE, EUR 12,000 a year, 10 days of consulting."),
		selectField("status", "Status", v.In.Status, resourceStatusOptions("Choose a status…")[1:]).required(),
		text("approvedBy", "Approved by", v.In.ApprovedBy).help("Who approved it, such as the management board; required once approved."),
		text("approvedOn", "Approved on", v.In.ApprovedOn).kind("date"),
		text("notes", "Notes", v.In.Notes).kind("textarea"),
	}}
	p.Title = "New resource"
	if v.Version > 0 {
		base := "/resources/" + string(v.ID)
		f.Action, f.Submit = base, "Save resource"
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede, p.Delete = "Edit resource", "Changes are recorded in the audit trail.", base+"/delete"
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "resource_form", p)
}

func (s *Server) handleResourceNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManagePeople, "You may not record resources."); err != nil {
		return err
	}
	return s.renderResourceForm(w, r, http.StatusOK, resourceFormValues{In: app.ResourceInput{Status: string(isms.ResourceRequested)}}, nil)
}

func (s *Server) handleResourceEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManagePeople, "You may not change resources."); err != nil {
		return err
	}
	x, err := s.app.FindResource(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	in := app.ResourceInput{Title: x.Title, Kind: string(x.Kind), Amount: x.Amount, Status: string(x.Status),
		ApprovedBy: x.ApprovedBy, ApprovedOn: x.ApprovedOn.String(), Notes: x.Notes}
	return s.renderResourceForm(w, r, http.StatusOK, resourceFormValues{In: in, ID: x.ID, Version: x.Version}, nil)
}

// saveResource creates or updates the resource of the form.
func (s *Server) saveResource(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := resourceFormValues{In: app.ResourceInput{Title: f("title"), Kind: f("kind"), Amount: f("amount"), Status: f("status"),
		ApprovedBy: f("approvedBy"), ApprovedOn: f("approvedOn"), Notes: r.PostFormValue("notes")}, Version: formInt(r, "version")}
	if update != (v.Version > 0) {
		return isms.Errorf(isms.Invalid, "The form lacks the resource's version, or has one it should not; open the form again.")
	}
	var err error
	if update {
		v.ID = pathID(r)
		_, err = s.app.UpdateResource(r.Context(), actor(r), v.ID, v.Version, v.In)
	} else {
		_, err = s.app.CreateResource(r.Context(), actor(r), v.In)
	}
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderResourceForm(w, r, statusOf(isms.ErrorCode(err)), v, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Resource "+v.In.Title+" saved.")
	http.Redirect(w, r, "/resources", http.StatusSeeOther)
	return nil
}

func (s *Server) handleResourceCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveResource(w, r, false)
}

func (s *Server) handleResourceUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveResource(w, r, true)
}

func (s *Server) handleResourceDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteResource(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Resource deleted.")
	http.Redirect(w, r, "/resources", http.StatusSeeOther)
	return nil
}
