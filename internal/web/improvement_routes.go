// SPDX-License-Identifier: Apache-2.0

package web

// improvementRoutes registers the pages of the improvement register
// (10.1).
func (s *Server) improvementRoutes() {
	s.handle("GET /improvements", Member, s.page(s.handleImprovementIndex))
	s.handle("GET /improvements/new", Member, s.page(s.handleImprovementNew))
	s.handle("POST /improvements", Member, s.page(s.handleImprovementCreate))
	s.handle("GET /improvements/{id}", Member, s.page(s.handleImprovementShow))
	s.handle("GET /improvements/{id}/edit", Member, s.page(s.handleImprovementEdit))
	s.handle("POST /improvements/{id}", Member, s.page(s.handleImprovementUpdate))
	s.handle("POST /improvements/{id}/delete", Member, s.page(s.handleImprovementDelete))
	s.handle("POST /improvements/{id}/decision", Member, s.page(s.handleImprovementDecision))
	s.handle("POST /improvements/{id}/tasks", Member, s.page(s.handleImprovementTask))
	s.handle("POST /improvements/{id}/change", Member, s.page(s.handleImprovementChange))
	s.handle("POST /improvements/{id}/complete", Member, s.page(s.handleImprovementComplete))
}

// improvementOperations lists the API operations of the improvement
// register.
func (s *Server) improvementOperations() []apiOperation {
	return s.improvementAPIOperations()
}
