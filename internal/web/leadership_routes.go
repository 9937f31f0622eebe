// SPDX-License-Identifier: Apache-2.0

package web

// leadershipRoutes registers the pages of leadership: the policy and
// overview, commitment records, ISMS roles and the RACI grid.
func (s *Server) leadershipRoutes() {
	s.handle("GET /leadership", Member, s.page(s.handleLeadership))

	s.handle("GET /commitments", Member, s.page(s.handleCommitmentIndex))
	s.handle("GET /commitments/new", Member, s.page(s.handleCommitmentNew))
	s.handle("POST /commitments", Member, s.page(s.handleCommitmentCreate))
	s.handle("GET /commitments/{id}", Member, s.page(s.handleCommitmentShow))
	s.handle("GET /commitments/{id}/edit", Member, s.page(s.handleCommitmentEdit))
	s.handle("POST /commitments/{id}", Member, s.page(s.handleCommitmentUpdate))
	s.handle("POST /commitments/{id}/delete", Member, s.page(s.handleCommitmentDelete))

	s.handle("GET /isms-roles", Member, s.page(s.handleISMSRoleIndex))
	s.handle("GET /isms-roles/new", Member, s.page(s.handleISMSRoleNew))
	s.handle("POST /isms-roles", Member, s.page(s.handleISMSRoleCreate))
	s.handle("POST /isms-roles/usual", Member, s.page(s.handleISMSRoleUsual))
	s.handle("GET /isms-roles/{id}", Member, s.page(s.handleISMSRoleShow))
	s.handle("GET /isms-roles/{id}/edit", Member, s.page(s.handleISMSRoleEdit))
	s.handle("POST /isms-roles/{id}", Member, s.page(s.handleISMSRoleUpdate))
	s.handle("POST /isms-roles/{id}/delete", Member, s.page(s.handleISMSRoleDelete))

	s.handle("GET /raci", Member, s.page(s.handleRACI))
	s.handle("POST /raci/{subjectType}/{id}", Member, s.page(s.handleRACIRowSave))
}

// leadershipOperations lists the API operations of leadership.
func (s *Server) leadershipOperations() []apiOperation {
	return append(s.commitmentOperations(), s.ismsRoleOperations()...)
}
