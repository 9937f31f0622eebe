// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

type organizationPage struct {
	basePage
	Profile   *app.OrganizationProfile
	History   []*isms.AuditEvent
	CanEdit   bool
	Approvers []*isms.Member // who may be named as approvers
	Submit    formView
	Evidence  *evidencePanel
}

func (s *Server) handleOrganizationShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderOrganization(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderOrganization(w http.ResponseWriter, r *http.Request, status int, submitErr error, note string) error {
	a := actor(r)
	prof, err := s.app.FindOrganizationProfile(r.Context(), a)
	if err != nil {
		return err
	}
	p := &organizationPage{Profile: prof, CanEdit: a.Can(isms.EditOrgProfile)}
	p.Title = "Organization profile"
	if a.Can(isms.ReadAuditTrail) {
		p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "organization", ObjectID: a.OrgID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
	}
	if p.Evidence, err = s.evidenceFor(r, isms.Link{Type: "organization", ID: a.OrgID}); err != nil {
		return err
	}
	if p.CanEdit {
		if p.Submit, err = s.submitForm(r, "/organization/submit", prof.Org.Version, note); err != nil {
			return err
		}
		p.Submit.withErrors(submitErr)
	}
	return s.render(w, r, status, "organization_show", p)
}

// submitForm is the form that submits a record version for approval: a
// checkbox-like select of approvers and a note.
func (s *Server) submitForm(r *http.Request, action string, version int, note string) (formView, error) {
	a := actor(r)
	members, _, err := s.app.FindMembers(r.Context(), a, isms.MemberFilter{Status: "active", Limit: isms.MaxPageSize})
	if err != nil {
		return formView{}, err
	}
	opts := [][2]string{{"", "Choose an approver…"}}
	for _, m := range members {
		if m.User.ID != a.UserID && m.Role.Allows(isms.DecideApprovals) {
			opts = append(opts, [2]string{string(m.User.ID), m.User.Name + " (" + m.Role.Label() + ")"})
		}
	}
	return formView{Action: action, Submit: "Submit for approval",
		Hidden: map[string]string{"version": strconv.Itoa(version)},
		Fields: []fieldView{
			selectField("approvers", "Approver", "", opts).help("Administrators and ISMS managers other than you may approve."),
			selectField("approvers2", "Second approver (optional)", "", append([][2]string{{"", "None"}}, opts[1:]...)),
			text("note", "Note to approvers", note).kind("textarea"),
		}}, nil
}

func orgEditForm(o *isms.Organization) formView {
	return formView{Action: "/organization", Submit: "Save profile", Cancel: "/organization",
		Hidden: map[string]string{"version": strconv.Itoa(o.Version)},
		Fields: []fieldView{
			text("name", "Name", o.Name).required(),
			text("legalName", "Legal name", o.LegalName).help("As registered, if different from the name."),
			text("description", "Description", o.Description).kind("textarea").help("What the organization does and why its information matters; auditors read this first."),
		}}
}

func (s *Server) handleOrganizationEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditOrgProfile, "You may not edit the organization's profile."); err != nil {
		return err
	}
	prof, err := s.app.FindOrganizationProfile(r.Context(), a)
	if err != nil {
		return err
	}
	p := &formPage{Form: orgEditForm(prof.Org), Lede: "The profile is a record: once approved, its approved version is kept unchanged; editing makes a new version."}
	p.Title = "Edit organization profile"
	return s.render(w, r, http.StatusOK, "form", p)
}

func (s *Server) handleOrganizationUpdate(w http.ResponseWriter, r *http.Request) error {
	name, legal, desc := r.PostFormValue("name"), r.PostFormValue("legalName"), r.PostFormValue("description")
	upd := isms.OrganizationUpdate{Name: &name, LegalName: &legal, Description: &desc, Version: formInt(r, "version")}
	_, err := s.app.UpdateOrganization(r.Context(), actor(r), upd)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		o := &isms.Organization{Name: name, LegalName: legal, Description: desc, Version: upd.Version}
		p := &formPage{Form: orgEditForm(o)}
		p.Title = "Edit organization profile"
		p.Form.withErrors(err)
		return s.render(w, r, statusOf(isms.ErrorCode(err)), "form", p)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Profile saved.")
	http.Redirect(w, r, "/organization", http.StatusSeeOther)
	return nil
}

func (s *Server) handleOrganizationSubmit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	in := app.SubmitInput{ObjectType: "organization", ObjectID: a.OrgID, Version: formInt(r, "version"),
		ApproverIDs: []isms.ID{isms.ID(r.PostFormValue("approvers")), isms.ID(r.PostFormValue("approvers2"))},
		Note:        r.PostFormValue("note")}
	ap, err := s.app.SubmitForApproval(r.Context(), a, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderOrganization(w, r, statusOf(isms.ErrorCode(err)), err, in.Note)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Submitted for approval.")
	http.Redirect(w, r, "/approvals/"+string(ap.ID), http.StatusSeeOther)
	return nil
}
