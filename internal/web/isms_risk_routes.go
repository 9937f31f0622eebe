// SPDX-License-Identifier: Apache-2.0

package web

// ismsRiskRoutes registers the pages of this register: ISMS risks and
// opportunities, and planned changes to the ISMS.
func (s *Server) ismsRiskRoutes() {
	s.handle("GET /isms-risks", Member, s.page(s.handleISMSRiskIndex))
	s.handle("GET /isms-risks/new", Member, s.page(s.handleISMSRiskNew))
	s.handle("POST /isms-risks", Member, s.page(s.handleISMSRiskCreate))
	s.handle("GET /isms-risks/{id}", Member, s.page(s.handleISMSRiskShow))
	s.handle("GET /isms-risks/{id}/edit", Member, s.page(s.handleISMSRiskEdit))
	s.handle("POST /isms-risks/{id}", Member, s.page(s.handleISMSRiskUpdate))
	s.handle("POST /isms-risks/{id}/delete", Member, s.page(s.handleISMSRiskDelete))

	s.handle("GET /isms-changes", Member, s.page(s.handleISMSChangeIndex))
	s.handle("GET /isms-changes/new", Member, s.page(s.handleISMSChangeNew))
	s.handle("POST /isms-changes", Member, s.page(s.handleISMSChangeCreate))
	s.handle("GET /isms-changes/{id}", Member, s.page(s.handleISMSChangeShow))
	s.handle("GET /isms-changes/{id}/edit", Member, s.page(s.handleISMSChangeEdit))
	s.handle("POST /isms-changes/{id}", Member, s.page(s.handleISMSChangeUpdate))
	s.handle("POST /isms-changes/{id}/delete", Member, s.page(s.handleISMSChangeDelete))
}

// ismsRiskOperations lists the API operations of this register.
func (s *Server) ismsRiskOperations() []apiOperation {
	return append(s.ismsRiskOps(), s.ismsChangeOps()...)
}
