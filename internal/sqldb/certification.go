// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Certificates, external audits and their findings (27001 certification).

// InsertCertificate stores a new certificate, numbering its reference
// "CERT-n" within the organization.
func (tx *Tx) InsertCertificate(ctx context.Context, c *isms.Certificate) error {
	panic("not implemented")
}

// UpdateCertificate writes c when its stored version is version;
// Conflict otherwise, NotFound when it does not exist.
func (tx *Tx) UpdateCertificate(ctx context.Context, c *isms.Certificate, version int) error {
	panic("not implemented")
}

// DeleteCertificate removes a certificate that has no external audits;
// Conflict when it has some.
func (tx *Tx) DeleteCertificate(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindCertificateByID returns a certificate with its owner's name and
// audit count.
func (tx *Tx) FindCertificateByID(ctx context.Context, org, id isms.ID) (*isms.Certificate, error) {
	panic("not implemented")
}

// FindCertificateByRef returns a certificate by its reference, case-insensitively.
func (tx *Tx) FindCertificateByRef(ctx context.Context, org isms.ID, ref string) (*isms.Certificate, error) {
	panic("not implemented")
}

// FindCertificates returns a page of certificates and the total.
func (tx *Tx) FindCertificates(ctx context.Context, org isms.ID, f isms.CertificateFilter) ([]*isms.Certificate, int, error) {
	panic("not implemented")
}

// InsertExternalAudit stores a new external audit, numbering its
// reference "EA-n" within the organization.
func (tx *Tx) InsertExternalAudit(ctx context.Context, e *isms.ExternalAudit) error {
	panic("not implemented")
}

// UpdateExternalAudit writes e when its stored version is version.
func (tx *Tx) UpdateExternalAudit(ctx context.Context, e *isms.ExternalAudit, version int) error {
	panic("not implemented")
}

// DeleteExternalAudit removes an external audit that has no findings;
// Conflict when it has some.
func (tx *Tx) DeleteExternalAudit(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindExternalAuditByID returns an external audit with its certificate's
// reference and its finding count.
func (tx *Tx) FindExternalAuditByID(ctx context.Context, org, id isms.ID) (*isms.ExternalAudit, error) {
	panic("not implemented")
}

// FindExternalAuditByRef returns an external audit by its reference.
func (tx *Tx) FindExternalAuditByRef(ctx context.Context, org isms.ID, ref string) (*isms.ExternalAudit, error) {
	panic("not implemented")
}

// FindExternalAudits returns a page of external audits and the total.
func (tx *Tx) FindExternalAudits(ctx context.Context, org isms.ID, f isms.ExternalAuditFilter) ([]*isms.ExternalAudit, int, error) {
	panic("not implemented")
}

// InsertExternalFinding stores a new external finding, numbering its
// reference "XF-n" within the organization.
func (tx *Tx) InsertExternalFinding(ctx context.Context, f *isms.ExternalFinding) error {
	panic("not implemented")
}

// UpdateExternalFinding writes f when its stored version is version.
func (tx *Tx) UpdateExternalFinding(ctx context.Context, f *isms.ExternalFinding, version int) error {
	panic("not implemented")
}

// DeleteExternalFinding removes an external finding.
func (tx *Tx) DeleteExternalFinding(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindExternalFindingByID returns a finding with its audit's reference,
// its nonconformity's reference and the name of who raised it.
func (tx *Tx) FindExternalFindingByID(ctx context.Context, org, id isms.ID) (*isms.ExternalFinding, error) {
	panic("not implemented")
}

// FindExternalFindingByRef returns a finding by its reference.
func (tx *Tx) FindExternalFindingByRef(ctx context.Context, org isms.ID, ref string) (*isms.ExternalFinding, error) {
	panic("not implemented")
}

// FindExternalFindings returns a page of findings and the total.
func (tx *Tx) FindExternalFindings(ctx context.Context, org isms.ID, f isms.ExternalFindingFilter) ([]*isms.ExternalFinding, int, error) {
	panic("not implemented")
}
