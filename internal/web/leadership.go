// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The leadership page (ISO/IEC 27001 5): the information security policy
// and where it stands (5.2), the latest records of top management's
// commitment (5.1) and the ISMS roles with their holders (5.3).

// policyTemplateURL starts a new information security policy from the
// documents module's template.
const policyTemplateURL = "/documents/new?template=security-policy"

// policyView is the policy's status with the addresses of its pages.
type policyView struct {
	*app.PolicyStatus
	URL, PrintURL, PDFURL string // "" without a document, or without a version in force for print and PDF
	TemplateURL           string
}

// newPolicyView adds the policy's addresses to st.
func newPolicyView(st *app.PolicyStatus) *policyView {
	v := &policyView{PolicyStatus: st, TemplateURL: policyTemplateURL}
	if d := st.Document; d != nil {
		v.URL = "/documents/" + string(d.ID)
		if st.Approved() {
			v.PrintURL = v.URL + "/print"
			v.PDFURL = v.URL + "/versions/" + strconv.Itoa(st.ApprovedNumber) + ".pdf"
		}
	}
	return v
}

// policyCard returns the policy's status for the dashboard, nil for those
// who may not read the ISMS.
func (s *Server) policyCard(r *http.Request) (*policyView, error) {
	a := actor(r)
	if !a.Can(isms.ReadISMS) {
		return nil, nil
	}
	st, err := s.app.CurrentPolicy(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return newPolicyView(st), nil
}

type leadershipPage struct {
	basePage
	Policy      *policyView
	Recent      []*isms.Commitment
	Commitments int
	Roles       []*isms.ISMSRole
	RoleTotal   int
	Unheld      int // roles nobody holds
	CanEdit     bool
	CanEditDocs bool
}

// leadershipRecent is how many commitment records the page shows.
const leadershipRecent = 5

func (s *Server) handleLeadership(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	policy, err := s.policyCard(r)
	if err != nil {
		return err
	}
	if policy == nil {
		return isms.Errorf(isms.Forbidden, "You may not see the leadership of the ISMS.")
	}
	p := &leadershipPage{Policy: policy, CanEdit: a.Can(isms.ManageLeadership), CanEditDocs: a.Can(isms.EditDocuments)}
	if p.Recent, p.Commitments, err = s.app.FindCommitments(r.Context(), a, isms.CommitmentFilter{Limit: leadershipRecent}); err != nil {
		return err
	}
	if p.Roles, p.RoleTotal, err = s.app.FindISMSRoles(r.Context(), a, "", "position", isms.MaxPageSize, 0); err != nil {
		return err
	}
	for _, x := range p.Roles {
		if len(x.Holders) == 0 {
			p.Unheld++
		}
	}
	p.Title = "Leadership & policy"
	return s.render(w, r, http.StatusOK, "leadership", p)
}
