// SPDX-License-Identifier: Apache-2.0

package web

// certificationRoutes registers the pages of certification: certificates,
// external audits and their findings, evidence requests, the audit
// package and the signing key.
func (s *Server) certificationRoutes() {
	s.handle("GET /certificates", Member, s.page(s.handleCertificateIndex))
	s.handle("GET /certificates/new", Member, s.page(s.handleCertificateNew))
	s.handle("POST /certificates", Member, s.page(s.handleCertificateCreate))
	s.handle("GET /certificates/{id}", Member, s.page(s.handleCertificateShow))
	s.handle("GET /certificates/{id}/edit", Member, s.page(s.handleCertificateEdit))
	s.handle("POST /certificates/{id}", Member, s.page(s.handleCertificateUpdate))
	s.handle("POST /certificates/{id}/delete", Member, s.page(s.handleCertificateDelete))
	s.handle("POST /certificates/{id}/plan", Member, s.page(s.handleCertificatePlan))

	s.handle("GET /external-audits", Member, s.page(s.handleExtAuditIndex))
	s.handle("GET /external-audits/new", Member, s.page(s.handleExtAuditNew))
	s.handle("POST /external-audits", Member, s.page(s.handleExtAuditCreate))
	s.handle("GET /external-audits/{id}", Member, s.page(s.handleExtAuditShow))
	s.handle("GET /external-audits/{id}/edit", Member, s.page(s.handleExtAuditEdit))
	s.handle("POST /external-audits/{id}", Member, s.page(s.handleExtAuditUpdate))
	s.handle("POST /external-audits/{id}/delete", Member, s.page(s.handleExtAuditDelete))

	s.handle("GET /external-findings", Member, s.page(s.handleExtFindingIndex))
	s.handle("GET /external-findings/new", Member, s.page(s.handleExtFindingNew))
	s.handle("POST /external-findings", Member, s.page(s.handleExtFindingCreate))
	s.handle("GET /external-findings/{id}", Member, s.page(s.handleExtFindingShow))
	s.handle("GET /external-findings/{id}/edit", Member, s.page(s.handleExtFindingEdit))
	s.handle("POST /external-findings/{id}", Member, s.page(s.handleExtFindingUpdate))
	s.handle("POST /external-findings/{id}/delete", Member, s.page(s.handleExtFindingDelete))

	s.handle("GET /evidence-requests", Member, s.page(s.handleRequestIndex))
	s.handle("GET /evidence-requests/new", Member, s.page(s.handleRequestNew))
	s.handle("POST /evidence-requests", Member, s.page(s.handleRequestCreate))
	s.handle("GET /evidence-requests/import", Member, s.page(s.handleRequestImportPage))
	s.handle("POST /evidence-requests/import", Member, s.page(s.handleRequestImport))
	s.handle("GET /evidence-requests/{id}", Member, s.page(s.handleRequestShow))
	s.handle("GET /evidence-requests/{id}/edit", Member, s.page(s.handleRequestEdit))
	s.handle("POST /evidence-requests/{id}", Member, s.page(s.handleRequestUpdate))
	s.handle("POST /evidence-requests/{id}/answer", Member, s.page(s.handleRequestAnswer))
	for _, st := range requestSteps {
		s.handle("POST /evidence-requests/{id}/"+st.path, Member, s.page(s.handleRequestStep(st)))
	}

	s.handle("GET /audit-package", Member, s.page(s.handlePackagePage))
	s.handle("POST /audit-package", Member, s.page(s.handlePackageBuild))
	s.handle("GET /signing-key", Member, s.page(s.handleSigningKey))
	s.handle("POST /signing-key", Member, s.page(s.handleSigningKeyCreate))
	s.handle("GET /signing-key.pem", Member, s.page(s.handleSigningKeyPEM))
}

// certificationOperations lists the API operations of certification.
func (s *Server) certificationOperations() []apiOperation {
	ops := s.certificateAPIOperations()
	ops = append(ops, s.extAuditAPIOperations()...)
	ops = append(ops, s.extFindingAPIOperations()...)
	ops = append(ops, s.requestAPIOperations()...)
	return append(ops, s.packageAPIOperations()...)
}
