// SPDX-License-Identifier: Apache-2.0

package web

// scopeRoutes registers the pages of this register.
func (s *Server) scopeRoutes() {
	s.handle("GET /scope", Member, s.page(s.handleScope))
	s.handle("GET /scope/edit", Member, s.page(s.handleScopeEdit))
	s.handle("POST /scope/edit", Member, s.page(s.handleScopeSave))
	s.handle("POST /scope/submit", Member, s.page(s.handleScopeSubmit))
	s.handle("POST /scope/draft/delete", Member, s.page(s.handleScopeDiscard))
	s.handle("GET /scope/versions", Member, s.page(s.handleScopeVersions))
	s.handle("GET /scope/versions/{id}", Member, s.page(s.handleScopeVersion))
	s.handle("GET /scope/compare", Member, s.page(s.handleScopeCompare))

	s.handle("GET /isms-processes", Member, s.page(s.handleProcessIndex))
	s.handle("GET /isms-processes/new", Member, s.page(s.handleProcessNew))
	s.handle("POST /isms-processes", Member, s.page(s.handleProcessCreate))
	s.handle("GET /isms-processes/matrix", Member, s.page(s.handleProcessMatrix))
	s.handle("GET /isms-processes/{id}", Member, s.page(s.handleProcessShow))
	s.handle("GET /isms-processes/{id}/edit", Member, s.page(s.handleProcessEdit))
	s.handle("POST /isms-processes/{id}", Member, s.page(s.handleProcessUpdate))
	s.handle("POST /isms-processes/{id}/delete", Member, s.page(s.handleProcessDelete))
}

// scopeOperations lists the API operations of this register.
func (s *Server) scopeOperations() []apiOperation {
	return append(s.scopeAPIOperations(), s.processAPIOperations()...)
}
