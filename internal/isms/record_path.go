// SPDX-License-Identifier: Apache-2.0

package isms

import "net/url"

// recordPaths are the web pages of records, by record type: the page of
// a record is the prefix followed by its ID. Pages, exports and the
// management review pack link records through RecordPath.
var recordPaths = map[string]string{
	"evidence": "/evidence/", "approval": "/approvals/", "task": "/tasks/", "control": "/controls/",
	"requirement": "/requirements/", "framework": "/frameworks/", "asset": "/assets/",
	"risk": "/risks/", "risk_treatment": "/risks/", "risk_method": "/risk-methods/", "risk_assessment": "/risk-assessments/",
	"document": "/documents/", "document_version": "/document-versions/", "person": "/people/",
	"campaign": "/awareness/", "communication_item": "/communication/",
	"context_issue": "/context-issues/", "interested_party": "/interested-parties/", "party_requirement": "/party-requirements/",
	"isms_scope": "/scope/versions/", "isms_process": "/isms-processes/", "commitment": "/commitments/", "isms_role": "/isms-roles/",
	"isms_risk": "/isms-risks/", "metric": "/metrics/", "objective": "/objectives/", "isms_change": "/isms-changes/",
	"soa":             "/soa/",
	"audit_programme": "/audit-programmes/", "internal_audit": "/internal-audits/", "audit_finding": "/findings/",
	"management_review": "/management-reviews/", "nonconformity": "/nonconformities/", "improvement": "/improvements/",
	"certificate": "/certificates/", "external_audit": "/external-audits/", "external_finding": "/external-findings/",
	"evidence_request": "/evidence-requests/",
}

// RecordPath returns the web page of the linked record ("/risks/rsk_1"),
// or "" when its type has no page.
func RecordPath(l Link) string {
	if l.Type == "organization" {
		return "/organization"
	}
	base, ok := recordPaths[l.Type]
	if !ok || l.ID == "" {
		return ""
	}
	return base + url.PathEscape(string(l.ID))
}
