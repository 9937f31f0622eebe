// SPDX-License-Identifier: Apache-2.0

package web

// auditorRoutes registers the pages of external auditors' access.
func (s *Server) auditorRoutes() {
	s.handle("GET /auditors", Member, s.page(s.handleAuditorIndex))
	s.handle("GET /auditors/new", Member, s.page(s.handleAuditorNew))
	s.handle("POST /auditors", Member, s.page(s.handleAuditorCreate))
	s.handle("GET /auditors/{id}/edit", Member, s.page(s.handleAuditorEdit))
	s.handle("POST /auditors/{id}", Member, s.page(s.handleAuditorUpdate))
	s.handle("POST /auditors/{id}/end", Member, s.page(s.handleAuditorEnd))
}
