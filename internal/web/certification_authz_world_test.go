// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// The objects of certification in the authorization tests' world
// (certification_authz_test.go), and the versions the rows' bodies carry.

// authzCertFramework is the framework of A and B that packages are built for.
const authzCertFramework = "authz-cert"

// newAuthzCertification gives A and B the framework authzCertFramework,
// a control, a signing key and an issued CERT-1 with an audit in
// progress (B's special EA-1, A's planned cycle), and A the other
// targets.
func newAuthzCertification(h *harness, w *authzWorld) {
	h.t.Helper()
	for _, x := range []authzWho{asAdmin, asOther} {
		newAuthzCertOrg(h, w, x)
	}
	ctx, admin := context.Background(), w.actor(asAdmin)
	must := func(what string, err error) {
		if err != nil {
			h.t.Fatalf("%s: %v", what, err)
		}
	}
	planned, err := h.app.PlanCertificationCycle(ctx, admin, w.ids["cert"], "")
	must("PlanCertificationCycle", err)
	w.ids["ea-planned"], w.ids["ea-spare"] = planned[1].ID, planned[2].ID
	spare, err := h.app.CreateCertificate(ctx, admin, app.CertificateInput{Body: "Other Body", Standard: "ISO/IEC 27001:2022",
		Scope: "Everything.", Status: "pursuing", Owner: string(w.users[asMgr].ID)})
	must("CreateCertificate(spare)", err)
	w.ids["cert-spare"] = spare.ID
	active := startAuthzAudit(h, admin, string(planned[0].ID))
	w.ids["ea-active"] = active.ID
	xf, err := h.app.CreateExternalFinding(ctx, w.actor(asAud), app.ExternalFindingInput{Audit: "EA-1", Grade: "observation", Title: "Visitor log incomplete"})
	must("CreateExternalFinding", err)
	w.ids["xf"] = xf.ID
	for _, name := range []string{"er-open", "er-answered"} {
		r, err := h.app.CreateEvidenceRequest(ctx, w.actor(asAud), app.EvidenceRequestInput{Audit: "EA-1", Control: string(w.ids["control-a"]),
			Title: "Door access logs", DueOn: "2026-04-01"})
		must("CreateEvidenceRequest", err)
		w.ids[name] = r.ID
		if name == "er-answered" {
			_, err = h.app.AnswerEvidenceRequest(ctx, w.actor(asContrib), r.ID, r.Version, "Attached.", []isms.ID{w.evidenceA.ID})
			must("AnswerEvidenceRequest", err)
		}
	}
}

// newAuthzCertOrg gives the organization of x (A's admin or B's) the
// framework, a control, a key and CERT-1, issued, with EA-1 in progress
// in B.
func newAuthzCertOrg(h *harness, w *authzWorld, x authzWho) {
	h.t.Helper()
	ctx, a, org := context.Background(), w.actor(x), w.orgOf(x)
	if _, _, err := h.app.ImportFramework(ctx, isms.SystemActor(org.ID), &catalog.Framework{
		Meta:         isms.Framework{Key: authzCertFramework, Name: "Certification test framework", Source: isms.SourceYAML, SHA256: "authz-cert"},
		Requirements: []isms.Requirement{{Ref: "R1", Title: "First", Kind: isms.KindControl, Assessable: true}},
	}); err != nil {
		h.t.Fatalf("ImportFramework(%s): %v", org.Slug, err)
	}
	owner := w.users[asContrib]
	if x == asOther {
		owner = w.users[asOther]
	}
	c, err := h.app.CreateControl(ctx, a, app.ControlInput{Ref: "C-1100", Title: "Door access", Status: "implemented", OwnerID: string(owner.ID)})
	if err != nil {
		h.t.Fatalf("CreateControl(%s): %v", org.Slug, err)
	}
	if _, err := h.app.EnsureSigningKey(ctx, a); err != nil {
		h.t.Fatalf("EnsureSigningKey(%s): %v", org.Slug, err)
	}
	in := app.CertificateInput{Body: "Example Certification Ltd", CertNumber: "IS 1", Standard: "ISO/IEC 27001:2022", Framework: authzCertFramework,
		Scope: "The ISMS.", IssuedOn: "2025-06-02", ExpiresOn: "2028-06-01", Status: "active", Owner: string(w.users[asMgr].ID)}
	if x == asOther {
		in.Owner = string(w.users[asOther].ID)
	}
	cert, err := h.app.CreateCertificate(ctx, a, in)
	if err != nil {
		h.t.Fatalf("CreateCertificate(%s): %v", org.Slug, err)
	}
	if x == asAdmin {
		w.ids["cert"], w.ids["control-a"] = cert.ID, c.ID
		return
	}
	w.ids["control-b"] = c.ID
	special, err := h.app.CreateExternalAudit(ctx, a, app.ExternalAuditInput{Certificate: "CERT-1", Kind: "special", StartOn: "2026-03-02",
		EndOn: "2026-03-02", Status: "planned"})
	if err != nil {
		h.t.Fatalf("CreateExternalAudit(B): %v", err)
	}
	startAuthzAudit(h, a, string(special.ID))
}

// startAuthzAudit moves external audit id to in progress.
func startAuthzAudit(h *harness, a isms.Actor, id string) *isms.ExternalAudit {
	h.t.Helper()
	ctx := context.Background()
	v, err := h.app.FindExternalAudit(ctx, a, id)
	if err != nil {
		h.t.Fatalf("FindExternalAudit: %v", err)
	}
	in := app.ExternalAuditInput{Certificate: string(v.CertificateID), Kind: string(v.Kind), Cycle: strconv.Itoa(v.Cycle),
		Sequence: strconv.Itoa(v.Sequence), StartOn: v.StartOn.String(), EndOn: v.EndOn.String(), Status: "in_progress"}
	x, err := h.app.UpdateExternalAudit(ctx, a, v.ExternalAudit.ID, v.Version, in)
	if err != nil {
		h.t.Fatalf("UpdateExternalAudit: %v", err)
	}
	return x
}

// certControl is the control of x's organization that requests name.
func (f *authzFixture) certControl(x authzWho) string {
	if x == asOther {
		return string(f.ids["control-b"])
	}
	return string(f.ids["control-a"])
}

// certOwner is who owns the certificates x records.
func (f *authzFixture) certOwner(x authzWho) string {
	if x == asOther {
		return string(f.users[asOther].ID)
	}
	return string(f.users[asMgr].ID)
}

func (f *authzFixture) certVersion(name string) int {
	f.h.t.Helper()
	v, err := f.h.app.FindCertificate(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindCertificate(%s): %v", name, err)
	}
	return v.Version
}

func (f *authzFixture) extAuditVersion(name string) int {
	f.h.t.Helper()
	v, err := f.h.app.FindExternalAudit(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindExternalAudit(%s): %v", name, err)
	}
	return v.Version
}

func (f *authzFixture) extFindingVersion() int {
	f.h.t.Helper()
	x, err := f.h.app.FindExternalFinding(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["xf"]))
	if err != nil {
		f.h.t.Fatalf("FindExternalFinding: %v", err)
	}
	return x.Version
}

func (f *authzFixture) requestVersion(name string) int {
	f.h.t.Helper()
	v, err := f.h.app.FindEvidenceRequest(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindEvidenceRequest(%s): %v", name, err)
	}
	return v.Version
}
