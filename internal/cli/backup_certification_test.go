// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// backupCertification fills the tables of certification: an external
// auditor with time-bound, framework-limited access, a certificate, an
// external audit in progress with a minor nonconformity, an evidence
// request answered with evidence, and the organization's signing key
// (stored directly: its private part is opaque to a backup).
func backupCertification(t *testing.T, ctx context.Context, db *sqldb.DB, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v %v", what, err, isms.ErrorFields(err))
		}
	}
	today := isms.DateOf(time.Now())
	_, err := a.InviteAuditor(ctx, admin, app.AuditorInput{Email: "eve.examiner@example.com", Name: "Eve Examiner",
		AccessUntil: today.AddDays(90).String(), Framework: "iso27001-2022"})
	check("InviteAuditor", err)
	c, err := a.CreateCertificate(ctx, admin, app.CertificateInput{Body: "BSI", CertNumber: "IS 123456",
		Standard: "ISO/IEC 27001:2022", Framework: "iso27001-2022", Scope: "Cloud hosting operated from Berlin.",
		IssuedOn: today.AddDays(-30).String(), ExpiresOn: today.AddDate(3, 0, -31).String(), Status: "active",
		Owner: string(manager.UserID)})
	check("CreateCertificate", err)
	au, err := a.CreateExternalAudit(ctx, admin, app.ExternalAuditInput{Certificate: c.Ref, Kind: "special", Cycle: "1",
		StartOn: today.AddDays(-1).String(), EndOn: today.AddDays(1).String(), Team: "Eva Lead", Status: "in_progress"})
	check("CreateExternalAudit", err)
	_, err = a.CreateExternalFinding(ctx, admin, app.ExternalFindingInput{Audit: au.Ref, Grade: "minor",
		Title: "Access reviews late", Description: "Two quarterly access reviews were missed.", Requirements: "A.5.18",
		CAPDue: today.AddDays(30).String()})
	check("CreateExternalFinding", err)
	r, err := a.CreateEvidenceRequest(ctx, admin, app.EvidenceRequestInput{Audit: au.Ref, Framework: "iso27001-2022",
		Requirement: "A.5.18", Title: "Access review records", Detail: "The last two reviews.",
		DueOn: today.AddDays(7).String(), Owner: string(manager.UserID)})
	check("CreateEvidenceRequest", err)
	ev, err := a.CreateEvidence(ctx, manager, app.EvidenceInput{Title: "Access review Q1", Kind: isms.EvidenceKindNote,
		Note: "Reviewed every account.", Source: isms.EvidenceSourceUpload}, nil)
	check("CreateEvidence", err)
	_, err = a.AnswerEvidenceRequest(ctx, manager, r.ID, r.Version, "Attached.", []isms.ID{ev.ID})
	check("AnswerEvidenceRequest", err)
	check("InsertSigningKey", db.Update(ctx, func(tx *sqldb.Tx) error {
		return tx.InsertSigningKey(ctx, &sqldb.SigningKeyRow{OrgID: admin.OrgID, PublicKey: make([]byte, 32),
			PrivateSealed: []byte("sealed private key"), Fingerprint: "SHA256:backup", CreatedBy: admin.UserID})
	}))
}
