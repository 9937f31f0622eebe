// SPDX-License-Identifier: Apache-2.0

package web

// internalAuditRoutes registers the pages of internal audit (9.2): audit
// programmes, audits with their checklists, and findings.
func (s *Server) internalAuditRoutes() {
}

// internalAuditOperations lists the API operations of internal audit.
func (s *Server) internalAuditOperations() []apiOperation {
	return nil
}
