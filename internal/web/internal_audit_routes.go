// SPDX-License-Identifier: Apache-2.0

package web

// internalAuditRoutes registers the pages of internal audit (9.2): audit
// programmes, audits with their checklists, and findings.
func (s *Server) internalAuditRoutes() {
	s.handle("GET /audit-programmes", Member, s.page(s.handleProgrammeIndex))
	s.handle("GET /audit-programmes/new", Member, s.page(s.handleProgrammeNew))
	s.handle("POST /audit-programmes", Member, s.page(s.handleProgrammeCreate))
	s.handle("GET /audit-programmes/{id}", Member, s.page(s.handleProgrammeShow))
	for format := range listMediaTypes {
		s.handle("GET /audit-programmes/{id}/coverage."+format, Member, s.page(s.handleProgrammeCoverage(format)))
	}
	s.handle("GET /audit-programmes/{id}/edit", Member, s.page(s.handleProgrammeEdit))
	s.handle("POST /audit-programmes/{id}", Member, s.page(s.handleProgrammeUpdate))
	s.handle("POST /audit-programmes/{id}/delete", Member, s.page(s.handleProgrammeDelete))

	s.handle("GET /internal-audits", Member, s.page(s.handleInternalAuditIndex))
	s.handle("GET /internal-audits/new", Member, s.page(s.handleAuditNew))
	s.handle("POST /internal-audits", Member, s.page(s.handleAuditCreate))
	s.handle("GET /internal-audits/{id}", Member, s.page(s.handleAuditShow))
	s.handle("GET /internal-audits/{id}/edit", Member, s.page(s.handleAuditEdit))
	s.handle("POST /internal-audits/{id}", Member, s.page(s.handleAuditUpdate))
	s.handle("POST /internal-audits/{id}/status", Member, s.page(s.handleAuditStatus))
	s.handle("POST /internal-audits/{id}/delete", Member, s.page(s.handleAuditDelete))
	s.handle("GET /internal-audits/{id}/items/{req}", Member, s.page(s.handleAuditItem))
	s.handle("POST /internal-audits/{id}/items/{req}", Member, s.page(s.handleAuditItemSave))
	s.handle("GET /internal-audits/{id}/findings/new", Member, s.page(s.handleFindingNew))
	for format := range auditReportMedia {
		s.handle("GET /internal-audits/{id}/report."+format, Member, s.page(s.handleAuditReport(format)))
	}

	s.handle("GET /findings", Member, s.page(s.handleFindingIndex))
	s.handle("POST /findings", Member, s.page(s.handleFindingCreate))
	s.handle("GET /findings/{id}", Member, s.page(s.handleFindingShow))
	s.handle("GET /findings/{id}/edit", Member, s.page(s.handleFindingEdit))
	s.handle("POST /findings/{id}", Member, s.page(s.handleFindingUpdate))
	s.handle("POST /findings/{id}/delete", Member, s.page(s.handleFindingDelete))
}

// internalAuditOperations lists the API operations of internal audit.
func (s *Server) internalAuditOperations() []apiOperation {
	return s.internalAuditAPIOperations()
}
