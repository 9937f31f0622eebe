// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for certification.
// Readers of the ISMS read certificates, external audits and findings,
// evidence requests and the signing key; administrators and ISMS managers
// manage certificates and external audits; they and auditors record
// external findings (an auditor only their own), ask for evidence, review
// the answers and build the audit package; the owner of a request and
// anyone who may edit evidence answer it. Employees read nothing here.
func init() {
	for pattern, row := range certificationAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzCertification)
	for t, name := range map[authzTarget]string{targetCertificate: "cert", targetSpareCertificate: "cert-spare",
		targetExtAuditActive: "ea-active", targetExtAuditPlanned: "ea-planned", targetExtAuditSpare: "ea-spare",
		targetExtFinding: "xf", targetRequestOpen: "er-open", targetRequestAnswered: "er-answered"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets, all of A: CERT-1 issued, its cycle planned (EA-1 in
// progress, EA-2 and EA-3 planned); CERT-2 pursued, without audits;
// XF-1, an observation the auditor recorded on EA-1; ER-1 open and ER-2
// answered, both for A's control owned by its contributor.
const (
	targetCertificate      authzTarget = 1100 + iota // CERT-1
	targetSpareCertificate                           // CERT-2
	targetExtAuditActive                             // EA-1
	targetExtAuditPlanned                            // EA-2
	targetExtAuditSpare                              // EA-3
	targetExtFinding                                 // XF-1
	targetRequestOpen                                // ER-1
	targetRequestAnswered                            // ER-2
)

const (
	readCert     = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readCertObj  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manageCert   = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageObj    = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
	auditWork    = "anon:D owner:D admin:A mgr:A contrib:D aud:A view:D emp:D other:A"
	auditWorkObj = "anon:D owner:D admin:A mgr:A contrib:D aud:A view:D emp:D other:N"
	answerObj    = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var certificationAuthzRows = map[string]authzRow{
	"GET /certificates":                   {cells: readCert},
	"GET /certificates/new":               {cells: manageCert},
	"POST /certificates":                  {cells: manageCert, body: authzCertificateForm},
	"GET /certificates/{id}":              {cells: readCertObj, id: targetCertificate},
	"GET /certificates/{id}/edit":         {cells: manageObj, id: targetCertificate},
	"POST /certificates/{id}":             {cells: manageObj, id: targetCertificate, body: authzCertificateUpdateForm},
	"POST /certificates/{id}/delete":      {cells: manageObj, id: targetSpareCertificate, note: "CERT-2 has no audits"},
	"POST /certificates/{id}/plan":        {cells: manageObj, id: targetCertificate, note: "the cycle is planned: nothing to plan, and a redirect"},
	"GET /external-audits":                {cells: readCert},
	"GET /external-audits/new":            {cells: manageCert},
	"POST /external-audits":               {cells: manageCert, body: authzExtAuditForm, note: "CERT-1 of the actor's organization"},
	"GET /external-audits/{id}":           {cells: readCertObj, id: targetExtAuditActive},
	"GET /external-audits/{id}/edit":      {cells: manageObj, id: targetExtAuditPlanned},
	"POST /external-audits/{id}":          {cells: manageObj, id: targetExtAuditPlanned, body: authzExtAuditUpdateForm},
	"POST /external-audits/{id}/delete":   {cells: manageObj, id: targetExtAuditSpare},
	"GET /external-findings":              {cells: readCert},
	"GET /external-findings/new":          {cells: auditWork},
	"POST /external-findings":             {cells: auditWork, body: authzExtFindingForm, note: "on EA-1 of the actor's organization"},
	"GET /external-findings/{id}":         {cells: readCertObj, id: targetExtFinding},
	"GET /external-findings/{id}/edit":    {cells: auditWorkObj, id: targetExtFinding, note: "the auditor recorded XF-1"},
	"POST /external-findings/{id}":        {cells: auditWorkObj, id: targetExtFinding, body: authzExtFindingUpdateForm},
	"POST /external-findings/{id}/delete": {cells: auditWorkObj, id: targetExtFinding},

	"GET /evidence-requests":           {cells: readCert},
	"GET /evidence-requests/new":       {cells: auditWork},
	"POST /evidence-requests":          {cells: auditWork, body: authzRequestForm, note: "for the control of the actor's organization"},
	"GET /evidence-requests/import":    {cells: auditWork},
	"POST /evidence-requests/import":   {cells: auditWork, upload: authzRequestImport},
	"GET /evidence-requests/{id}":      {cells: readCertObj, id: targetRequestOpen},
	"GET /evidence-requests/{id}/edit": {cells: auditWorkObj, id: targetRequestOpen},
	"POST /evidence-requests/{id}":     {cells: auditWorkObj, id: targetRequestOpen, body: authzRequestUpdateForm},
	"POST /evidence-requests/{id}/answer": {cells: answerObj, id: targetRequestOpen, upload: authzRequestAnswer,
		note: "the contributor owns ER-1; the auditor asks but does not answer"},
	"POST /evidence-requests/{id}/accept":    {cells: auditWorkObj, id: targetRequestAnswered, body: authzRequestVersionForm("er-answered")},
	"POST /evidence-requests/{id}/ask-again": {cells: auditWorkObj, id: targetRequestAnswered, body: authzAskAgainForm},
	"POST /evidence-requests/{id}/cancel":    {cells: auditWorkObj, id: targetRequestOpen, body: authzRequestVersionForm("er-open")},

	"GET /audit-package":   {cells: auditWork},
	"POST /audit-package":  {cells: auditWork, body: func(*authzFixture, authzWho) any { return url.Values{"framework": {authzCertFramework}} }},
	"GET /signing-key":     {cells: readCert},
	"POST /signing-key":    {cells: auditWork, note: "the key exists already: the page follows"},
	"GET /signing-key.pem": {cells: readCert},

	"GET /api/v1/certificates":      {cells: readCert},
	"POST /api/v1/certificates":     {cells: manageCert, body: authzCertificateJSON},
	"GET /api/v1/certificates/{id}": {cells: readCertObj, id: targetCertificate},
	"PATCH /api/v1/certificates/{id}": {cells: manageObj, id: targetCertificate, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"scope": "Every site.", "version": f.certVersion("cert")}
	}},
	"DELETE /api/v1/certificates/{id}":    {cells: manageObj, id: targetSpareCertificate},
	"POST /api/v1/certificates/{id}/plan": {cells: manageObj, id: targetCertificate, body: func(*authzFixture, authzWho) any { return map[string]any{} }},
	"GET /api/v1/external-audits":         {cells: readCert},
	"POST /api/v1/external-audits": {cells: manageCert, body: func(*authzFixture, authzWho) any {
		return map[string]any{"certificateId": "CERT-1", "kind": "special", "startOn": "2026-06-01", "endOn": "2026-06-02"}
	}},
	"GET /api/v1/external-audits/{id}": {cells: readCertObj, id: targetExtAuditActive},
	"PATCH /api/v1/external-audits/{id}": {cells: manageObj, id: targetExtAuditPlanned, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"team": "J. Smith", "version": f.extAuditVersion("ea-planned")}
	}},
	"DELETE /api/v1/external-audits/{id}": {cells: manageObj, id: targetExtAuditSpare},
	"GET /api/v1/external-findings":       {cells: readCert},
	"POST /api/v1/external-findings": {cells: auditWork, body: func(*authzFixture, authzWho) any {
		return map[string]any{"auditId": "EA-1", "grade": "ofi", "title": "Label the keys"}
	}},
	"GET /api/v1/external-findings/{id}": {cells: readCertObj, id: targetExtFinding},
	"PATCH /api/v1/external-findings/{id}": {cells: auditWorkObj, id: targetExtFinding, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Visitor log often incomplete", "version": f.extFindingVersion()}
	}},
	"DELETE /api/v1/external-findings/{id}": {cells: auditWorkObj, id: targetExtFinding},

	"GET /api/v1/evidence-requests": {cells: readCert},
	"POST /api/v1/evidence-requests": {cells: auditWork, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"control": f.certControl(x), "title": "Door access logs", "dueOn": "2026-04-01"}
	}},
	"GET /api/v1/evidence-requests/export":  {cells: readCert},
	"POST /api/v1/evidence-requests/import": {cells: auditWork, upload: authzRequestImport},
	"GET /api/v1/evidence-requests/{id}":    {cells: readCertObj, id: targetRequestOpen},
	"PATCH /api/v1/evidence-requests/{id}": {cells: auditWorkObj, id: targetRequestOpen, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"detail": "Last quarter.", "version": f.requestVersion("er-open")}
	}},
	"POST /api/v1/evidence-requests/{id}/answer": {cells: answerObj, id: targetRequestOpen, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"evidence": []isms.ID{f.evidenceA.ID}, "version": f.requestVersion("er-open")}
	}},
	"POST /api/v1/evidence-requests/{id}/accept": {cells: auditWorkObj, id: targetRequestAnswered, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"version": f.requestVersion("er-answered")}
	}},
	"POST /api/v1/evidence-requests/{id}/ask-again": {cells: auditWorkObj, id: targetRequestAnswered, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"text": "Q1 too.", "dueOn": "2026-04-01", "version": f.requestVersion("er-answered")}
	}},
	"POST /api/v1/evidence-requests/{id}/cancel": {cells: auditWorkObj, id: targetRequestOpen, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"version": f.requestVersion("er-open")}
	}},
	"POST /api/v1/audit-package": {cells: auditWork, body: func(*authzFixture, authzWho) any { return map[string]any{"framework": authzCertFramework} }},
	"GET /api/v1/signing-key":    {cells: readCert},
}

func authzCertificateForm(f *authzFixture, x authzWho) any {
	return url.Values{"standard": {"ISO/IEC 27001:2022"}, "body": {"Another Body"}, "status": {"pursuing"}, "scope": {"The ISMS."},
		"ownerId": {f.certOwner(x)}}
}

func authzCertificateUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"standard": {"ISO/IEC 27001:2022"}, "frameworkId": {authzCertFramework}, "body": {"Example Certification Ltd"},
		"status": {"active"}, "certificateNumber": {"IS 1"}, "issuedOn": {"2025-06-02"}, "expiresOn": {"2028-06-01"},
		"scope": {"Every site."}, "ownerId": {string(f.users[asMgr].ID)}, "version": {strconv.Itoa(f.certVersion("cert"))}}
}

func authzCertificateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"standard": "ISO/IEC 27001:2022", "body": "Another Body", "status": "pursuing", "scope": "The ISMS.", "ownerId": f.certOwner(x)}
}

func authzExtAuditForm(f *authzFixture, x authzWho) any {
	return url.Values{"certificateId": {"CERT-1"}, "kind": {"special"}, "startOn": {"2026-06-01"}, "endOn": {"2026-06-02"}}
}

func authzExtAuditUpdateForm(f *authzFixture, x authzWho) any {
	v, err := f.h.app.FindExternalAudit(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["ea-planned"]))
	if err != nil {
		f.h.t.Fatalf("FindExternalAudit: %v", err)
	}
	return url.Values{"certificateId": {string(v.CertificateID)}, "kind": {string(v.Kind)}, "cycle": {"1"}, "sequence": {"2"},
		"startOn": {v.StartOn.String()}, "endOn": {v.EndOn.String()}, "team": {"J. Smith"}, "status": {"planned"}, "version": {strconv.Itoa(v.Version)}}
}

func authzExtFindingForm(f *authzFixture, x authzWho) any {
	return url.Values{"auditId": {"EA-1"}, "grade": {"ofi"}, "title": {"Label the keys"}}
}

func authzExtFindingUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"auditId": {"EA-1"}, "grade": {"observation"}, "title": {"Visitor log often incomplete"},
		"version": {strconv.Itoa(f.extFindingVersion())}}
}

func authzRequestForm(f *authzFixture, x authzWho) any {
	return url.Values{"control": {f.certControl(x)}, "title": {"Door access logs"}, "dueOn": {"2026-04-01"}}
}

func authzRequestUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"auditId": {string(f.ids["ea-active"])}, "control": {f.certControl(asAdmin)}, "title": {"Door access logs, Q1"},
		"dueOn": {"2026-04-01"}, "version": {strconv.Itoa(f.requestVersion("er-open"))}}
}

// authzRequestVersionForm is a step's form with the version of request name.
func authzRequestVersionForm(name string) func(f *authzFixture, x authzWho) any {
	return func(f *authzFixture, x authzWho) any {
		return url.Values{"version": {strconv.Itoa(f.requestVersion(name))}}
	}
}

func authzAskAgainForm(f *authzFixture, x authzWho) any {
	return url.Values{"text": {"Q1 too."}, "dueOn": {"2026-04-01"}, "version": {strconv.Itoa(f.requestVersion("er-answered"))}}
}

func authzRequestAnswer(f *authzFixture, x authzWho) (string, []byte) {
	return multipartBody(url.Values{"version": {strconv.Itoa(f.requestVersion("er-open"))}, "evidence": {string(f.evidenceA.ID)}}, "", "")
}

func authzRequestImport(f *authzFixture, x authzWho) (string, []byte) {
	return multipartBody(nil, "requests.csv", "control,title,due\n"+f.certControl(x)+",Door access logs,2026-04-01\n")
}
