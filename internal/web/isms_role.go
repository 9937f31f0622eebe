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

// ISMS roles (ISO/IEC 27001 5.3): the register with each role's holders
// from the people register, a role's page, its form, the usual roles in
// one click, and deleting a role that is in use only once confirmed.

func init() {
	addPhrases(map[string]string{
		"isms_role.create": "added an ISMS role", "isms_role.update": "changed an ISMS role", "isms_role.delete": "deleted an ISMS role",
		"raci.update": "changed the RACI",
	})
}

var ismsRoleColumns = []column{
	{Key: "name", Label: "Role"}, {Label: "Held by"}, {Label: "Responsibilities"}, {Label: "Authorities"},
	{Label: "Appointed by"}, {Key: "appointedOn", Label: "Appointed on"},
}

// ismsRoleSortKeys are the register's sort keys.
var ismsRoleSortKeys = sortValues("position", "name", "appointedOn", "updated")

// holderNames joins the names of the holders of r.
func holderNames(r *isms.ISMSRole) string {
	names := make([]string, len(r.Holders))
	for i, h := range r.Holders {
		names[i] = h.Name
	}
	return strings.Join(names, ", ")
}

func ismsRoleRecord(r *isms.ISMSRole) []string {
	return []string{r.Name, holderNames(r), r.Responsibilities, r.Authorities, r.AppointedBy, r.AppointedOn.String()}
}

type ismsRoleListPage struct {
	basePage
	List    *listResult[*isms.ISMSRole]
	Search  string
	Usual   []isms.UsualISMSRole
	CanEdit bool
}

func (s *Server) handleISMSRoleIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	search := strings.TrimSpace(r.URL.Query().Get("q"))
	spec := listSpec[*isms.ISMSRole]{
		Title: "ISMS roles", Columns: ismsRoleColumns, DefaultSort: "position",
		Fetch: func(q listQuery) ([]*isms.ISMSRole, int, error) {
			return s.app.FindISMSRoles(r.Context(), a, search, q.Sort, q.Limit, q.Offset)
		},
		Record:  ismsRoleRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", search}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &ismsRoleListPage{List: list, Search: search, Usual: isms.UsualISMSRoles, CanEdit: a.Can(isms.ManageLeadership)}
	p.Title = "ISMS roles"
	return s.render(w, r, http.StatusOK, "isms_role_index", p)
}

type ismsRoleShowPage struct {
	basePage
	D         *app.ISMSRoleDetail
	PeopleURL string // the people register filtered to the role
	Links     []app.RecordLink
	History   []*isms.AuditEvent
	CanEdit   bool
}

func (s *Server) handleISMSRoleShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	d, err := s.app.FindISMSRole(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := &ismsRoleShowPage{D: d, CanEdit: a.Can(isms.ManageLeadership),
		PeopleURL: "/people?" + url.Values{"role": {d.Role.Name}}.Encode()}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, isms.Link{Type: "isms_role", ID: d.Role.ID}); err != nil {
		return err
	}
	if a.Can(isms.ReadAuditTrail) {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "isms_role", ObjectID: d.Role.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = d.Role.Name
	return s.render(w, r, http.StatusOK, "isms_role_show", p)
}

// ismsRoleFormValues is what the role form shows and sends.
type ismsRoleFormValues struct {
	In      app.ISMSRoleInput
	ID      isms.ID
	Version int
}

type ismsRoleFormPage struct {
	basePage
	Lede   string
	Form   formView
	Delete string // the delete action when editing
}

// renderISMSRoleForm renders the role form with v and the problems of err.
func (s *Server) renderISMSRoleForm(w http.ResponseWriter, r *http.Request, status int, v ismsRoleFormValues, err error) error {
	p := &ismsRoleFormPage{Lede: "A role of the ISMS: what its holder is responsible for and may decide. People hold it when the people register lists it among their roles."}
	f := formView{Action: "/isms-roles", Submit: "Add role", Cancel: "/isms-roles", Fields: []fieldView{
		text("name", "Name", v.In.Name).required().help("As people are given it in the people register, such as ISMS manager or Internal auditor."),
		text("responsibilities", "Responsibilities", v.In.Responsibilities).kind("textarea").help("What the holder must do for the ISMS."),
		text("authorities", "Authorities", v.In.Authorities).kind("textarea").help("What the holder may decide or approve."),
		text("appointedBy", "Appointed by", v.In.AppointedBy).help("Who in top management assigned the role, such as the CEO."),
		text("appointedOn", "Appointed on", v.In.AppointedOn).kind("date"),
	}}
	p.Title = "New ISMS role"
	if v.Version > 0 {
		base := "/isms-roles/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save role", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Delete = "Edit role", base+"/delete"
		p.Lede = "Renaming the role renames it for the people who hold it. Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "isms_role_form", p)
}

func (s *Server) handleISMSRoleNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageLeadership, "You may not add ISMS roles."); err != nil {
		return err
	}
	return s.renderISMSRoleForm(w, r, http.StatusOK, ismsRoleFormValues{}, nil)
}

func (s *Server) handleISMSRoleEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageLeadership, "You may not change ISMS roles."); err != nil {
		return err
	}
	d, err := s.app.FindISMSRole(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	x := d.Role
	in := app.ISMSRoleInput{Name: x.Name, Responsibilities: x.Responsibilities, Authorities: x.Authorities,
		AppointedBy: x.AppointedBy, AppointedOn: x.AppointedOn.String()}
	return s.renderISMSRoleForm(w, r, http.StatusOK, ismsRoleFormValues{In: in, ID: x.ID, Version: x.Version}, nil)
}

// saveISMSRole creates or updates the role of the form.
func (s *Server) saveISMSRole(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := ismsRoleFormValues{In: app.ISMSRoleInput{Name: f("name"), Responsibilities: r.PostFormValue("responsibilities"),
		Authorities: r.PostFormValue("authorities"), AppointedBy: f("appointedBy"), AppointedOn: f("appointedOn")},
		Version: formInt(r, "version")}
	return saveRecordForm(s, w, r, recordSave[*isms.ISMSRole]{update: update, version: v.Version, what: "role's",
		create: func() (*isms.ISMSRole, error) { return s.app.CreateISMSRole(r.Context(), actor(r), v.In) },
		change: func() (*isms.ISMSRole, error) {
			v.ID = pathID(r)
			return s.app.UpdateISMSRole(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderISMSRoleForm(w, r, status, v, err) },
		saved: func(x *isms.ISMSRole) (string, string) {
			return "Role " + x.Name + " saved.", "/isms-roles/" + string(x.ID)
		}})
}

func (s *Server) handleISMSRoleCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveISMSRole(w, r, false)
}

func (s *Server) handleISMSRoleUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveISMSRole(w, r, true)
}

type ismsRoleDeletePage struct {
	basePage
	D       *app.ISMSRoleDetail
	Message string
}

// handleISMSRoleDelete deletes the role; a role in use is deleted only
// with confirm=1, and without it the page asks for confirmation.
func (s *Server) handleISMSRoleDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	err := s.app.DeleteISMSRole(r.Context(), a, pathID(r), r.PostFormValue("confirm") == "1")
	if isCode(err, isms.Conflict) {
		d, ferr := s.app.FindISMSRole(r.Context(), a, pathID(r))
		if ferr != nil {
			return ferr
		}
		p := &ismsRoleDeletePage{D: d, Message: isms.ErrorMessage(err)}
		p.Title = "Delete " + d.Role.Name + "?"
		return s.render(w, r, http.StatusOK, "isms_role_delete", p)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Role deleted.")
	http.Redirect(w, r, "/isms-roles", http.StatusSeeOther)
	return nil
}

func (s *Server) handleISMSRoleUsual(w http.ResponseWriter, r *http.Request) error {
	added, err := s.app.AddUsualISMSRoles(r.Context(), actor(r))
	if err != nil {
		return err
	}
	msg := "Every usual role is already in the register."
	if len(added) > 0 {
		msg = "Added " + strconv.Itoa(len(added)) + " roles. Give each its holders in the people register, and adapt their responsibilities to your organization."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/isms-roles", http.StatusSeeOther)
	return nil
}
