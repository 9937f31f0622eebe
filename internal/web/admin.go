// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/isms"
)

// The installation pages are for installation owners: every organization
// and every account. app refuses anyone else.

var adminOrgColumns = []column{{Key: "name", Label: "Name"}, {Key: "slug", Label: "Slug"}, {Key: "created", Label: "Created"}}

type adminOrgsPage struct {
	basePage
	List   *listResult[*isms.Organization]
	Search string
}

func (s *Server) handleAdminOrgIndex(w http.ResponseWriter, r *http.Request) error {
	search := r.URL.Query().Get("q")
	spec := listSpec[*isms.Organization]{
		Title: "Organizations", Columns: adminOrgColumns, DefaultSort: "name",
		Fetch: func(q listQuery) ([]*isms.Organization, int, error) {
			return s.app.FindOrganizations(r.Context(), actor(r), isms.OrganizationFilter{Search: search, Sort: q.Sort, Limit: q.Limit, Offset: q.Offset})
		},
		Record:  func(o *isms.Organization) []string { return []string{o.Name, o.Slug, fmtDate(o.CreatedAt)} },
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", search}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &adminOrgsPage{List: list, Search: search}
	p.Title = "Organizations"
	return s.render(w, r, http.StatusOK, "admin_orgs", p)
}

func orgNewForm(o *isms.Organization, admin string) formView {
	return formView{Action: "/admin/organizations", Submit: "Create organization", Cancel: "/admin/organizations",
		Fields: []fieldView{
			text("name", "Name", o.Name).required(),
			text("slug", "Short name (slug)", o.Slug).required().help("Lowercase letters, digits and hyphens; used as --org on the command line."),
			text("adminEmail", "First administrator's e-mail", admin).kind("email").required().help("An existing account; it becomes the organization's administrator."),
		}}
}

func (s *Server) handleAdminOrgNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageInstallation, "Only an installation owner may create organizations."); err != nil {
		return err
	}
	email := ""
	if st := sessionState(r); st != nil {
		email = st.User.Email
	}
	p := &formPage{Form: orgNewForm(&isms.Organization{}, email), Lede: "Each organization is a separate ISMS: its records, members and audit trail are never visible from another."}
	p.Title = "New organization"
	return s.render(w, r, http.StatusOK, "form", p)
}

func (s *Server) handleAdminOrgCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	o := &isms.Organization{Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug")}
	email := r.PostFormValue("adminEmail")
	err := isms.Problems{"adminEmail": "No account has this e-mail address."}.Err()
	admin, ferr := s.app.FindUserByEmail(r.Context(), a, email)
	if ferr == nil {
		err = s.app.CreateOrganization(r.Context(), a, o, admin.ID)
	} else if !isCode(ferr, isms.NotFound) {
		return ferr
	}
	if isms.ErrorFields(err) != nil {
		p := &formPage{Form: orgNewForm(o, email)}
		p.Title = "New organization"
		p.Form.withErrors(err)
		return s.render(w, r, statusOf(isms.ErrorCode(err)), "form", p)
	} else if err != nil {
		return err
	}
	if a.UserID == admin.ID {
		return s.landInNewOrganization(w, r, o)
	}
	s.flash(w, "ok", "Organization "+o.Name+" created. Switch to it with the selector at the top.")
	http.Redirect(w, r, "/admin/organizations", http.StatusSeeOther)
	return nil
}

// landInNewOrganization switches the session to o, which its user has just
// created as its administrator, and opens o's roadmap.
func (s *Server) landInNewOrganization(w http.ResponseWriter, r *http.Request, o *isms.Organization) error {
	st := state(r)
	fresh, err := s.app.Authenticate(r.Context(), st.sessionID) // the memberships now include o
	if err != nil {
		return err
	}
	if err := s.app.SwitchOrganization(r.Context(), st.sessionID, fresh, o.Slug); err != nil {
		return err
	}
	s.flash(w, "ok", "Organization "+o.Name+" created, and you are now working in it. The roadmap takes you through its ISMS step by step.")
	http.Redirect(w, r, "/roadmap", http.StatusSeeOther)
	return nil
}

var adminUserColumns = []column{{Key: "name", Label: "Name"}, {Key: "email", Label: "E-mail"}, {Label: "Status"}, {Key: "created", Label: "Created"}, {Label: "Actions", NoExport: true}}

type adminUsersPage struct {
	basePage
	List   *listResult[*isms.User]
	Search string
	Status string
}

func userStatus(u *isms.User) string {
	switch {
	case u.Disabled:
		return "disabled"
	case u.MustChangePassword:
		return "must change password"
	}
	return "active"
}

func (s *Server) handleAdminUserIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := isms.UserFilter{Search: q.Get("q")}
	status := q.Get("status")
	if status == "active" || status == "disabled" {
		d := status == "disabled"
		f.Disabled = &d
	}
	spec := listSpec[*isms.User]{
		Title: "Accounts", Columns: adminUserColumns, DefaultSort: "name",
		Fetch: func(lq listQuery) ([]*isms.User, int, error) {
			f.Sort, f.Limit, f.Offset = lq.Sort, lq.Limit, lq.Offset
			return s.app.FindUsers(r.Context(), actor(r), f)
		},
		Record:  func(u *isms.User) []string { return []string{u.Name, u.Email, userStatus(u), fmtDate(u.CreatedAt)} },
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", f.Search}, {"Status", status}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &adminUsersPage{List: list, Search: f.Search, Status: status}
	p.Title = "Accounts"
	return s.render(w, r, http.StatusOK, "admin_users", p)
}

func userNewForm(u *isms.User) formView {
	owner := ""
	if u.Owner {
		owner = "yes"
	}
	return formView{Action: "/admin/users", Submit: "Create account", Cancel: "/admin/users",
		Fields: []fieldView{
			text("email", "E-mail", u.Email).kind("email").required(),
			text("name", "Name", u.Name).required(),
			selectField("owner", "Installation owner", owner, [][2]string{{"", "No"}, {"yes", "Yes: manages every organization and account"}}),
		}}
}

func (s *Server) handleAdminUserNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageInstallation, "Only an installation owner may create accounts."); err != nil {
		return err
	}
	p := &formPage{Form: userNewForm(&isms.User{}), Lede: "The account gets a one-time password, shown once; add it to organizations from their Members page."}
	p.Title = "New account"
	return s.render(w, r, http.StatusOK, "form", p)
}

func (s *Server) handleAdminUserCreate(w http.ResponseWriter, r *http.Request) error {
	u := &isms.User{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Owner: r.PostFormValue("owner") == "yes"}
	pw, err := s.app.CreateUser(r.Context(), actor(r), u, "")
	if isms.ErrorFields(err) != nil {
		p := &formPage{Form: userNewForm(u)}
		p.Title = "New account"
		p.Form.withErrors(err)
		return s.render(w, r, statusOf(isms.ErrorCode(err)), "form", p)
	} else if err != nil {
		return err
	}
	return s.showSecret(w, r, "Account created", "Give this one-time password to "+u.Name+" ("+u.Email+") through a channel you trust; they choose their own at first sign-in.",
		"One-time password", pw, "/admin/users")
}

func (s *Server) handleAdminUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageInstallation, "Only an installation owner may manage accounts here."); err != nil {
		return err
	}
	pw, err := s.app.ResetPassword(r.Context(), actor(r), isms.ID(r.PathValue("id")))
	if err != nil {
		return err
	}
	return s.showSecret(w, r, "Password reset", "The account's sessions have ended. Give this one-time password to its owner through a channel you trust.",
		"One-time password", pw, "/admin/users")
}

func (s *Server) handleAdminUserDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabledAdmin(w, r, true)
}

func (s *Server) handleAdminUserEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabledAdmin(w, r, false)
}

func (s *Server) setDisabledAdmin(w http.ResponseWriter, r *http.Request, disabled bool) error {
	if err := s.app.Authorize(actor(r), isms.ManageInstallation, "Only an installation owner may manage accounts here."); err != nil {
		return err
	}
	return s.setDisabled(w, r, "/admin/users", disabled)
}
