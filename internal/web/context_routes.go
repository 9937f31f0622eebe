// SPDX-License-Identifier: Apache-2.0

package web

// contextRoutes registers the pages of context issues, interested parties
// and their requirements.
func (s *Server) contextRoutes() {
	s.handle("GET /context-issues", Member, s.page(s.handleIssueIndex))
	s.handle("GET /context-issues/new", Member, s.page(s.handleIssueNew))
	s.handle("POST /context-issues", Member, s.page(s.handleIssueCreate))
	s.handle("GET /context-issues/{id}", Member, s.page(s.handleIssueShow))
	s.handle("GET /context-issues/{id}/edit", Member, s.page(s.handleIssueEdit))
	s.handle("POST /context-issues/{id}", Member, s.page(s.handleIssueUpdate))
	s.handle("POST /context-issues/{id}/delete", Member, s.page(s.handleIssueDelete))

	s.handle("GET /interested-parties", Member, s.page(s.handlePartyIndex))
	s.handle("GET /interested-parties/new", Member, s.page(s.handlePartyNew))
	s.handle("POST /interested-parties", Member, s.page(s.handlePartyCreate))
	s.handle("GET /interested-parties/{id}", Member, s.page(s.handlePartyShow))
	s.handle("GET /interested-parties/{id}/edit", Member, s.page(s.handlePartyEdit))
	s.handle("POST /interested-parties/{id}", Member, s.page(s.handlePartyUpdate))
	s.handle("POST /interested-parties/{id}/delete", Member, s.page(s.handlePartyDelete))

	s.handle("GET /party-requirements", Member, s.page(s.handlePreqIndex))
	s.handle("GET /party-requirements/new", Member, s.page(s.handlePreqNew))
	s.handle("POST /party-requirements", Member, s.page(s.handlePreqCreate))
	s.handle("GET /party-requirements/{id}", Member, s.page(s.handlePreqShow))
	s.handle("GET /party-requirements/{id}/edit", Member, s.page(s.handlePreqEdit))
	s.handle("POST /party-requirements/{id}", Member, s.page(s.handlePreqUpdate))
	s.handle("POST /party-requirements/{id}/delete", Member, s.page(s.handlePreqDelete))
}

// contextOperations lists the API operations of context issues,
// interested parties and their requirements.
func (s *Server) contextOperations() []apiOperation {
	ops := s.issueOperations()
	ops = append(ops, s.partyOperations()...)
	return append(ops, s.preqOperations()...)
}
