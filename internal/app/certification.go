// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Certification: certificates and the cycle of external audits planned
// from them. Managing them needs ManageCertification; everyone who reads
// the ISMS reads them.

// CertificateInput is the certificate form as typed. Framework is a
// framework's ID or reference, or blank; Owner a member's ID or e-mail.
type CertificateInput struct {
	Body, CertNumber, Standard, Framework, Scope, IssuedOn, ExpiresOn, Status, Owner string
}

// CertificateView is a certificate with its external audits (by start
// date) and the audits its cycle still calls for.
type CertificateView struct {
	*isms.Certificate
	Audits []*isms.ExternalAudit
	Next   []isms.PlannedAudit
}

// CreateCertificate records a certificate (or one being pursued).
func (a *App) CreateCertificate(ctx context.Context, actor isms.Actor, in CertificateInput) (*isms.Certificate, error) {
	panic("not implemented")
}

// UpdateCertificate changes a certificate against the version the form was made from.
func (a *App) UpdateCertificate(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CertificateInput) (*isms.Certificate, error) {
	panic("not implemented")
}

// DeleteCertificate removes a certificate without external audits.
func (a *App) DeleteCertificate(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindCertificate returns a certificate by ID or reference, with its audits.
func (a *App) FindCertificate(ctx context.Context, actor isms.Actor, id string) (*CertificateView, error) {
	panic("not implemented")
}

// ListCertificates returns a page of certificates and the total.
func (a *App) ListCertificates(ctx context.Context, actor isms.Actor, f isms.CertificateFilter) ([]*isms.Certificate, int, error) {
	panic("not implemented")
}

// PlanCertificationCycle creates the external audits the certificate's
// cycle calls for and does not hold yet (isms.PlanCycle), each with its
// preparation task for the certificate's owner due isms.ReminderDays
// before it starts. stage1 (YYYY-MM-DD) is the stage 1 date of a
// certificate being pursued; it is ignored for an issued one.
func (a *App) PlanCertificationCycle(ctx context.Context, actor isms.Actor, id isms.ID, stage1 string) ([]*isms.ExternalAudit, error) {
	panic("not implemented")
}
