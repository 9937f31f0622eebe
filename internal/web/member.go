// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

var memberColumns = []column{
	{Key: "name", Label: "Name"}, {Key: "email", Label: "E-mail"}, {Key: "role", Label: "Role"},
	{Label: "Status"}, {Key: "joined", Label: "Member since"},
}

type memberListPage struct {
	basePage
	List      *listResult[*isms.Member]
	Filter    isms.MemberFilter
	Roles     [][2]string
	CanManage bool
}

func memberStatus(m *isms.Member) string {
	switch {
	case m.User.Disabled:
		return "disabled"
	case m.User.MustChangePassword:
		return "must change password"
	}
	return "active"
}

func (s *Server) memberSpec(r *http.Request, f isms.MemberFilter) listSpec[*isms.Member] {
	return listSpec[*isms.Member]{
		Title: "Members", Columns: memberColumns, DefaultSort: "name",
		Fetch: func(q listQuery) ([]*isms.Member, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindMembers(r.Context(), actor(r), f)
		},
		Record: func(m *isms.Member) []string {
			return []string{m.User.Name, m.User.Email, m.Role.Label(), memberStatus(m), fmtDate(m.JoinedAt)}
		},
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Search", f.Search}, {"Role", string(f.Role)}, {"Status", f.Status}}
		},
	}
}

func (s *Server) handleMemberIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := isms.MemberFilter{Search: q.Get("q"), Role: isms.Role(q.Get("role")), Status: q.Get("status")}
	list, exported, err := runList(s, w, r, s.memberSpec(r, f))
	if err != nil || exported {
		return err
	}
	roles := append([][2]string{{"", "Any role"}}, roleOptions()[1:]...)
	p := &memberListPage{List: list, Filter: f, Roles: roles, CanManage: actor(r).Can(isms.ManageMembers)}
	p.Title = "Members"
	return s.render(w, r, http.StatusOK, "member_index", p)
}

func memberNewForm(in app.AddMemberInput) formView {
	return formView{Action: "/members", Submit: "Add member", Cancel: "/members",
		Fields: []fieldView{
			text("email", "E-mail", in.Email).kind("email").required().help("If this person already has an account (in another organization), they are added with it."),
			text("name", "Name", in.Name).help("Needed only for a new account."),
			selectField("role", "Role", string(in.Role), roleOptions()).required(),
		}}
}

func (s *Server) handleMemberNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageMembers, "Only administrators may add members."); err != nil {
		return err
	}
	p := &formPage{Form: memberNewForm(app.AddMemberInput{}), Lede: "A new account gets a one-time password, shown once on the next page; the person chooses their own at first sign-in."}
	p.Title = "Add a member"
	return s.render(w, r, http.StatusOK, "form", p)
}

// secretPage shows a secret once (a one-time password, an API token).
type secretPage struct {
	basePage
	Lede   string
	Label  string
	Secret string
	Next   string
}

func (s *Server) handleMemberCreate(w http.ResponseWriter, r *http.Request) error {
	in := app.AddMemberInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: isms.Role(r.PostFormValue("role"))}
	res, err := s.app.AddMember(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil {
		p := &formPage{Form: memberNewForm(in)}
		p.Title = "Add a member"
		p.Form.withErrors(err)
		return s.render(w, r, statusOf(isms.ErrorCode(err)), "form", p)
	} else if err != nil {
		return err
	}
	if res.Password == "" {
		s.flash(w, "ok", res.User.Name+" is now a member.")
		http.Redirect(w, r, "/members/"+string(res.User.ID), http.StatusSeeOther)
		return nil
	}
	return s.showSecret(w, r, "Account created", "Give this one-time password to "+res.User.Name+" ("+res.User.Email+") through a channel you trust. It is shown only now; they must choose their own password at first sign-in.",
		"One-time password", res.Password, "/members/"+string(res.User.ID))
}

func (s *Server) showSecret(w http.ResponseWriter, r *http.Request, title, lede, label, secret, next string) error {
	p := &secretPage{Lede: lede, Label: label, Secret: secret, Next: next}
	p.Title = title
	return s.render(w, r, http.StatusOK, "secret", p)
}

type memberShowPage struct {
	basePage
	Member    *isms.Member
	History   []*isms.AuditEvent
	CanManage bool
	RoleForm  formView
}

func (s *Server) handleMemberShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderMember(w, r, http.StatusOK, nil)
}

func (s *Server) renderMember(w http.ResponseWriter, r *http.Request, status int, roleErr error) error {
	a := actor(r)
	m, err := s.app.FindMember(r.Context(), a, isms.ID(r.PathValue("id")))
	if err != nil {
		return err
	}
	p := &memberShowPage{Member: m, CanManage: a.Can(isms.ManageMembers)}
	p.Title = m.User.Name
	if a.Can(isms.ReadAuditTrail) {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectID: m.User.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.RoleForm = formView{Action: "/members/" + string(m.User.ID) + "/role", Submit: "Change role",
		Hidden: map[string]string{"version": strconv.Itoa(m.Version)},
		Fields: []fieldView{selectField("role", "Role", string(m.Role), roleOptions()[1:])}}
	p.RoleForm.withErrors(roleErr)
	return s.render(w, r, status, "member_show", p)
}

func (s *Server) handleMemberRole(w http.ResponseWriter, r *http.Request) error {
	id := isms.ID(r.PathValue("id"))
	err := s.app.UpdateMemberRole(r.Context(), actor(r), id, isms.Role(r.PostFormValue("role")), formInt(r, "version"))
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderMember(w, r, statusOf(isms.ErrorCode(err)), err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Role changed.")
	http.Redirect(w, r, "/members/"+string(id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleMemberRemove(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RemoveMember(r.Context(), actor(r), isms.ID(r.PathValue("id"))); err != nil {
		return err
	}
	s.flash(w, "ok", "Membership removed. The account itself remains.")
	http.Redirect(w, r, "/members", http.StatusSeeOther)
	return nil
}

func (s *Server) handleMemberResetPassword(w http.ResponseWriter, r *http.Request) error {
	id := isms.ID(r.PathValue("id"))
	pw, err := s.app.ResetPassword(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return s.showSecret(w, r, "Password reset", "The account's sessions have ended. Give this one-time password to its owner through a channel you trust; they must choose their own at the next sign-in.",
		"One-time password", pw, "/members/"+string(id))
}

func (s *Server) handleMemberDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, "/members/"+r.PathValue("id"), true)
}

func (s *Server) handleMemberEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, "/members/"+r.PathValue("id"), false)
}

// setDisabled disables or enables the account {id} and returns to next.
func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, next string, disabled bool) error {
	if err := s.app.SetUserDisabled(r.Context(), actor(r), isms.ID(r.PathValue("id")), disabled); err != nil {
		return err
	}
	msg := "Account enabled."
	if disabled {
		msg = "Account disabled: its sessions have ended and its API tokens are revoked."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
