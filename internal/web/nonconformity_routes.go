// SPDX-License-Identifier: Apache-2.0

package web

// nonconformityRoutes registers the pages of nonconformity and corrective
// action (10.2).
func (s *Server) nonconformityRoutes() {
	s.handle("GET /nonconformities", Member, s.page(s.handleNCIndex))
	s.handle("GET /nonconformities/new", Member, s.page(s.handleNCNew))
	s.handle("POST /nonconformities", Member, s.page(s.handleNCCreate))
	s.handle("GET /nonconformities/{id}", Member, s.page(s.handleNCShow))
	s.handle("GET /nonconformities/{id}/edit", Member, s.page(s.handleNCEdit))
	s.handle("POST /nonconformities/{id}", Member, s.page(s.handleNCUpdate))
	s.handle("POST /nonconformities/{id}/delete", Member, s.page(s.handleNCDelete))
	for _, st := range ncSteps {
		s.handle("POST /nonconformities/{id}/"+st.path, Member, s.page(s.handleNCStep(st)))
	}
}

// nonconformityOperations lists the API operations of nonconformities.
func (s *Server) nonconformityOperations() []apiOperation {
	return s.ncAPIOperations()
}
