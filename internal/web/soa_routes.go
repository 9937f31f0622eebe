// SPDX-License-Identifier: Apache-2.0

package web

// soaRoutes registers the pages of the Statement of Applicability.
func (s *Server) soaRoutes() {
	s.handle("GET /soa", Member, s.page(s.handleSoA))
	s.handle("POST /soa", Member, s.page(s.handleSoACreate))
	s.handle("GET /soa/versions", Member, s.page(s.handleSoAVersions))
	s.handle("GET /soa/compare", Member, s.page(s.handleSoACompare))
	s.handle("GET /soa/{id}", Member, s.page(s.handleSoAShow))
	s.handle("GET /soa/{id}/lines/{req}", Member, s.page(s.handleSoALine))
	s.handle("POST /soa/{id}/lines/{req}", Member, s.page(s.handleSoALineSave))
	s.handle("POST /soa/{id}/lines", Member, s.page(s.handleSoALinesDecide))
	s.handle("POST /soa/{id}/note", Member, s.page(s.handleSoANote))
	s.handle("POST /soa/{id}/submit", Member, s.page(s.handleSoASubmit))
	s.handle("POST /soa/{id}/delete", Member, s.page(s.handleSoADelete))
	for _, format := range soaExportFormats {
		s.handle("GET /soa/export."+format, Member, s.page(s.handleSoAExport(format, false)))
		s.handle("GET /soa/{id}/export."+format, Member, s.page(s.handleSoAExport(format, true)))
	}
}

// soaOperations lists the API operations of the Statement of
// Applicability.
func (s *Server) soaOperations() []apiOperation {
	return s.soaAPIOperations()
}
