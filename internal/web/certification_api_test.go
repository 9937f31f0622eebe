// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiBytes sends a JSON request whose success is a download, checks the
// answer against the OpenAPI document and returns its headers and bytes.
func apiBytes(t *testing.T, c *client, method, path string, in any, want int) (http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	resp := c.do(method, path, "application/json", r, true)
	b := []byte(body(t, resp))
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d\n%s", method, path, resp.StatusCode, want, b)
	}
	if err := spec(t, c.h).validate(method, path, resp.StatusCode, resp.Header.Get("Content-Type"), b); err != nil {
		t.Errorf("response does not match the OpenAPI document: %v", err)
	}
	return resp.Header, b
}

// certificateJSON is certificateForm as the API takes it.
func certificateJSON(owner isms.ID) map[string]any {
	return map[string]any{"standard": "ISO/IEC 27001:2022", "frameworkId": "iso27001-2022", "body": "Example Certification Ltd",
		"status": "active", "certificateNumber": "IS 712345", "issuedOn": "2025-06-02", "expiresOn": "2028-06-01",
		"scope": "The ISMS of the head office.", "ownerId": owner}
}

// certificateAPI is GET /api/v1/certificates/{id}.
type certificateAPI struct {
	Certificate isms.Certificate     `json:"certificate"`
	Audits      []isms.ExternalAudit `json:"audits"`
	Next        []isms.PlannedAudit  `json:"next"`
}

func TestCertificationAPIRoundTrip(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		c, aud := f.h.token(f.mgr, f.org, isms.ScopeReadWrite), f.h.token(f.dana, f.org, isms.ScopeReadWrite)
		bad := certificateJSON(f.mgr.ID)
		bad["issuedOn"] = "2025-13-01"
		e := apiCallErr(t, c, "POST", "/api/v1/certificates", bad, http.StatusUnprocessableEntity)
		if slices.Index(fieldNames(e), "issuedOn") < 0 {
			t.Errorf("a bad issue date: fields %v", fieldNames(e))
		}
		var cert isms.Certificate
		apiCall(t, c, "POST", "/api/v1/certificates", certificateJSON(f.mgr.ID), http.StatusCreated, &cert)
		var got certificateAPI
		apiCall(t, aud, "GET", "/api/v1/certificates/CERT-1", nil, http.StatusOK, &got)
		if got.Certificate.ID != cert.ID || len(got.Audits) != 0 || len(got.Next) != 3 || got.Next[0].StartOn.String() != "2026-05-04" {
			t.Errorf("GET CERT-1 = %+v", got)
		}
		apiCallErr(t, c, "PATCH", "/api/v1/certificates/CERT-1", map[string]any{"scope": "Everything.", "version": cert.Version + 1}, http.StatusConflict)
		apiCall(t, c, "PATCH", "/api/v1/certificates/CERT-1", map[string]any{"scope": "The ISMS of every site.", "version": cert.Version}, http.StatusOK, &cert)
		if cert.Scope != "The ISMS of every site." || cert.Body != "Example Certification Ltd" {
			t.Errorf("after PATCH: scope %q, body %q", cert.Scope, cert.Body)
		}
		var plan struct{ Planned []isms.ExternalAudit }
		apiCall(t, c, "POST", "/api/v1/certificates/CERT-1/plan", map[string]any{}, http.StatusOK, &plan)
		if len(plan.Planned) != 3 || plan.Planned[2].Ref != "EA-3" || plan.Planned[2].Kind != isms.ExtRecertification {
			t.Errorf("planned = %+v", plan.Planned)
		}
		apiCallErr(t, c, "DELETE", "/api/v1/certificates/CERT-1", nil, http.StatusConflict)
		apiCallErr(t, aud, "POST", "/api/v1/certificates/CERT-1/plan", map[string]any{}, http.StatusForbidden)

		var audits apiPage[isms.ExternalAudit]
		apiCall(t, aud, "GET", "/api/v1/external-audits?certificate=CERT-1&kind=surveillance&sort=start", nil, http.StatusOK, &audits)
		if audits.Total != 2 || audits.Items[0].Ref != "EA-1" {
			t.Errorf("surveillance audits = %+v", audits)
		}
		ea := audits.Items[0]
		apiCall(t, c, "PATCH", "/api/v1/external-audits/EA-1", map[string]any{"status": "in_progress", "team": "J. Smith", "version": ea.Version}, http.StatusOK, &ea)
		if ea.Status != isms.ExtInProgress || ea.Team != "J. Smith" || ea.StartOn.String() != "2026-05-04" {
			t.Errorf("after PATCH: %+v", ea)
		}
		var xf isms.ExternalFinding
		apiCall(t, aud, "POST", "/api/v1/external-findings", map[string]any{"auditId": "EA-1", "grade": "minor", "title": "Leavers keep access",
			"description": "Two leavers kept VPN access.", "requirements": []string{"A.5.18"}, "capDue": "2026-06-04"}, http.StatusCreated, &xf)
		if xf.Ref != "XF-1" || xf.NonconformityRef != "NC-1" || len(xf.Requirements) != 1 || xf.Requirements[0].Ref != "A.5.18" {
			t.Errorf("finding = %+v", xf)
		}
		apiCall(t, aud, "PATCH", "/api/v1/external-findings/XF-1", map[string]any{"capDue": "2026-06-11", "version": xf.Version}, http.StatusOK, &xf)
		if xf.CAPDue.String() != "2026-06-11" || xf.Title != "Leavers keep access" {
			t.Errorf("after PATCH: %+v", xf)
		}
		apiCallErr(t, aud, "DELETE", "/api/v1/external-findings/XF-1", nil, http.StatusConflict)
		var obs isms.ExternalFinding
		apiCall(t, c, "POST", "/api/v1/external-findings", map[string]any{"auditId": "EA-1", "grade": "observation", "title": "Visitor log"}, http.StatusCreated, &obs)
		apiCallErr(t, aud, "DELETE", "/api/v1/external-findings/"+obs.Ref, nil, http.StatusForbidden)
		apiCall(t, c, "DELETE", "/api/v1/external-findings/"+obs.Ref, nil, http.StatusNoContent, nil)
		var view struct {
			Audit    isms.ExternalAudit
			Findings []isms.ExternalFinding
			Requests []isms.EvidenceRequest
		}
		apiCall(t, aud, "GET", "/api/v1/external-audits/EA-1", nil, http.StatusOK, &view)
		if view.Audit.Ref != "EA-1" || len(view.Findings) != 1 || len(view.Requests) != 0 {
			t.Errorf("GET EA-1 = %+v", view)
		}
		var findings apiPage[isms.ExternalFinding]
		apiCall(t, aud, "GET", "/api/v1/external-findings?audit=EA-1&grade=minor", nil, http.StatusOK, &findings)
		if findings.Total != 1 {
			t.Errorf("minor findings of EA-1: %d", findings.Total)
		}
	})
}

// requestAPI is GET /api/v1/evidence-requests/{id}.
type requestAPI struct {
	Request   isms.EvidenceRequest `json:"request"`
	Evidence  []isms.Evidence      `json:"evidence"`
	CanAnswer bool                 `json:"canAnswer"`
	CanReview bool                 `json:"canReview"`
}

func TestEvidenceRequestAPIRoundTrip(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		f.issued(t)
		aud, owner := f.h.token(f.dana, f.org, isms.ScopeReadWrite), f.h.token(f.carol, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, aud, "POST", "/api/v1/evidence-requests", map[string]any{"auditId": "EA-9", "requirement": "A.5.15", "title": "Access reviews",
			"dueOn": "2026-03-16"}, http.StatusUnprocessableEntity)
		if got := e.Error.Fields["auditId"]; got != "No external audit “EA-9” in this organization." {
			t.Errorf("problem with the audit = %q (fields %v)", got, e.Error.Fields)
		}
		var x isms.EvidenceRequest
		apiCall(t, aud, "POST", "/api/v1/evidence-requests", map[string]any{"auditId": "EA-1", "requirement": "A.5.15", "control": f.control.Ref,
			"title": "Access reviews", "dueOn": "2026-03-16"}, http.StatusCreated, &x)
		if x.Ref != "ER-1" || x.OwnerID != f.carol.ID || x.Status != isms.RequestOpen {
			t.Fatalf("created %+v", x)
		}
		apiCall(t, aud, "PATCH", "/api/v1/evidence-requests/ER-1", map[string]any{"detail": "Q4 and Q1.", "version": x.Version}, http.StatusOK, &x)
		ev, err := f.h.app.CreateEvidence(context.Background(), f.asAdmin, app.EvidenceInput{Title: "Access review Q4", Kind: isms.EvidenceKindNote,
			Note: "Reviewed.", Source: isms.EvidenceSourceAPI}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got requestAPI
		apiCall(t, owner, "GET", "/api/v1/evidence-requests/ER-1", nil, http.StatusOK, &got)
		if !got.CanAnswer || got.CanReview || got.Request.Detail != "Q4 and Q1." {
			t.Errorf("the owner reads %+v", got)
		}
		apiCallErr(t, aud, "POST", "/api/v1/evidence-requests/ER-1/answer", map[string]any{"evidence": []isms.ID{ev.ID}, "version": x.Version}, http.StatusForbidden)
		apiCall(t, owner, "POST", "/api/v1/evidence-requests/ER-1/answer", map[string]any{"text": "Attached.", "evidence": []isms.ID{ev.ID},
			"version": x.Version}, http.StatusOK, &x)
		apiCallErr(t, aud, "POST", "/api/v1/evidence-requests/ER-1/ask-again", map[string]any{"text": "", "dueOn": "2026-03-20", "version": x.Version},
			http.StatusUnprocessableEntity)
		apiCall(t, aud, "POST", "/api/v1/evidence-requests/ER-1/ask-again", map[string]any{"text": "Q1 too.", "dueOn": "2026-03-20", "version": x.Version},
			http.StatusOK, &x)
		apiCall(t, owner, "POST", "/api/v1/evidence-requests/ER-1/answer", map[string]any{"evidence": []isms.ID{ev.ID}, "version": x.Version}, http.StatusOK, &x)
		apiCallErr(t, aud, "POST", "/api/v1/evidence-requests/ER-1/accept", map[string]any{"version": x.Version - 1}, http.StatusConflict)
		apiCall(t, aud, "POST", "/api/v1/evidence-requests/ER-1/accept", map[string]any{"text": "Thanks.", "version": x.Version}, http.StatusOK, &x)
		var steps []string
		for _, m := range x.Thread {
			steps = append(steps, string(m.Step))
		}
		if x.Status != isms.RequestAccepted || x.Round != 2 || strings.Join(steps, ",") != "asked,answered,asked_again,answered,accepted" {
			t.Errorf("accepted request: %s round %d, thread %v", x.Status, x.Round, steps)
		}

		ct, b := multipartBody(map[string][]string{"audit": {"EA-1"}}, "requests.csv", "requirement,title,due\nA.5.16,Identity records,2026-04-02\n")
		var imported struct{ Created []isms.EvidenceRequest }
		apiUpload(t, aud, "POST", "/api/v1/evidence-requests/import", ct, b, http.StatusCreated, &imported)
		if len(imported.Created) != 1 || imported.Created[0].Ref != "ER-2" || imported.Created[0].AuditRef != "EA-1" {
			t.Errorf("imported %+v", imported.Created)
		}
		var open apiPage[isms.EvidenceRequest]
		apiCall(t, aud, "GET", "/api/v1/evidence-requests?audit=EA-1&status=open", nil, http.StatusOK, &open)
		if open.Total != 1 || open.Items[0].Ref != "ER-2" {
			t.Errorf("open requests = %+v", open)
		}
		apiCall(t, aud, "POST", "/api/v1/evidence-requests/ER-2/cancel", map[string]any{"text": "Not needed.", "version": open.Items[0].Version}, http.StatusOK, &x)
		h, csv := apiBytes(t, aud, "GET", "/api/v1/evidence-requests/export?sort=ref", nil, http.StatusOK)
		lines := strings.Split(string(csv), "\n")
		if !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.HasPrefix(lines[1], "ER-1,EA-1,") || !strings.Contains(lines[2], ",Cancelled,") {
			t.Errorf("export (%s):\n%s", h.Get("Content-Type"), csv)
		}
		apiCallErr(t, aud, "GET", "/api/v1/evidence-requests/export?format=pdf", nil, http.StatusUnprocessableEntity)
	})
}

func TestAuditPackageAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		aud := f.h.token(f.dana, f.org, isms.ScopeReadWrite)
		apiCallErr(t, aud, "GET", "/api/v1/signing-key", nil, http.StatusNotFound)
		e := apiCallErr(t, aud, "POST", "/api/v1/audit-package", map[string]any{"framework": "no-such-framework"}, http.StatusNotFound)
		if e.Error.Code != isms.NotFound {
			t.Errorf("an unknown framework: %+v", e)
		}
		h, zip := apiBytes(t, aud, "POST", "/api/v1/audit-package", map[string]any{"framework": "iso27001-2022"}, http.StatusOK)
		if got := h.Get("Content-Disposition"); !strings.HasPrefix(got, `attachment; filename="audit-package-acme-iso27001-2022-2026-03-02.zip"`) {
			t.Errorf("Content-Disposition = %q", got)
		}
		var key struct {
			Fingerprint string `json:"fingerprint"`
			PublicKey   string `json:"publicKey"`
		}
		apiCall(t, aud, "GET", "/api/v1/signing-key", nil, http.StatusOK, &key)
		pub, err := f.h.app.OrganizationPublicKey(context.Background(), isms.SystemActor(""), "acme")
		if err != nil {
			t.Fatal(err)
		}
		v, err := report.VerifyPackage(bytes.NewReader(zip), int64(len(zip)), pub)
		if err != nil || !v.OK() || v.Manifest.KeyID != key.Fingerprint || !strings.HasPrefix(key.PublicKey, "-----BEGIN PUBLIC KEY-----") {
			t.Errorf("VerifyPackage = %+v, %v; key %+v", v, err, key)
		}
		read := f.h.token(f.mgr, f.org, isms.ScopeRead)
		apiCallErr(t, read, "POST", "/api/v1/audit-package", map[string]any{"framework": "iso27001-2022"}, http.StatusForbidden)
	})
}
