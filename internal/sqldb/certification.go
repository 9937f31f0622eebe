// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// Certificates, external audits and their findings (27001 certification).
// Every query is scoped to its organization. External audits are in
// certification_audit.go, their findings in certification_finding.go.

// certColumns are the columns a certificate is read from, with its
// owner's name and its external audit count (cancelled ones included).
var certColumns = `c.id, c.organization_id, c.ref, c.number, c.cert_number, c.body, c.standard, c.framework_id,
	c.scope, c.issued_on, c.expires_on, c.status, c.owner_id, ` + userName("c.owner_id") + `,
	(SELECT COUNT(*) FROM external_audits e WHERE e.organization_id = c.organization_id AND e.certificate_id = c.id),
	c.created_by, c.version, c.created_at, c.updated_at`

const certFrom = ` FROM certificates c`

// certNotFound is the message of a certificate that is not the
// organization's.
const certNotFound = "No such certificate in this organization."

func scanCertificate(s rowScanner) (*isms.Certificate, error) {
	var c isms.Certificate
	err := s.Scan(&c.ID, &c.OrgID, &c.Ref, &c.Number, &c.CertNumber, &c.Body, &c.Standard, &c.FrameworkID,
		&c.Scope, &c.IssuedOn, &c.ExpiresOn, &c.Status, &c.OwnerID, &c.OwnerName, &c.Audits,
		&c.CreatedBy, &c.Version, (*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// numberRef returns the number of *ref, first setting a blank *ref to
// prefix followed by the next number of table in org.
func (tx *Tx) numberRef(ctx context.Context, table string, org isms.ID, prefix string, ref *string) (int, error) {
	if *ref != "" {
		return refNumber(*ref), nil
	}
	n, err := tx.MaxRefNumber(ctx, table, org)
	if err != nil {
		return 0, err
	}
	*ref = prefix + strconv.Itoa(n+1)
	return n + 1, nil
}

// InsertCertificate stores a new certificate, numbering its reference
// "CERT-n" within the organization.
func (tx *Tx) InsertCertificate(ctx context.Context, c *isms.Certificate) error {
	n, err := tx.numberRef(ctx, "certificates", c.OrgID, "CERT-", &c.Ref)
	if err != nil {
		return err
	}
	c.Version, c.CreatedAt, c.UpdatedAt, c.Number = 1, tx.now, tx.now, n
	_, err = tx.exec(ctx, `INSERT INTO certificates (id, organization_id, ref, number, cert_number, body, standard,
		framework_id, scope, issued_on, expires_on, status, owner_id, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.Ref, c.Number, c.CertNumber, c.Body, c.Standard, c.FrameworkID, c.Scope, c.IssuedOn,
		c.ExpiresOn, c.Status, c.OwnerID, c.CreatedBy, c.Version, tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt))
	return inserted(err, "certificates", "certificate")
}

// UpdateCertificate writes c when its stored version is version;
// Conflict otherwise, NotFound when it does not exist. It sets c.Version
// and c.UpdatedAt; the reference never changes.
func (tx *Tx) UpdateCertificate(ctx context.Context, c *isms.Certificate, version int) error {
	res, err := tx.exec(ctx, `UPDATE certificates SET cert_number = ?, body = ?, standard = ?, framework_id = ?,
		scope = ?, issued_on = ?, expires_on = ?, status = ?, owner_id = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		c.CertNumber, c.Body, c.Standard, c.FrameworkID, c.Scope, c.IssuedOn, c.ExpiresOn, c.Status, c.OwnerID,
		tx.ts(tx.now), c.OrgID, c.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"certificates", c.OrgID, c.ID}, "certificate", certNotFound); err != nil {
		return err
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteCertificate removes a certificate that has no external audits;
// Conflict when it has some.
func (tx *Tx) DeleteCertificate(ctx context.Context, org, id isms.ID) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM external_audits WHERE organization_id = ? AND certificate_id = ?`,
		org, id).Scan(&n); err != nil {
		return fmt.Errorf("count certificate audits: %w", err)
	}
	if n > 0 {
		return isms.Errorf(isms.Conflict, "The certificate has external audits: delete them first.")
	}
	return tx.deleteOne(ctx, "certificates", org, id, certNotFound)
}

// FindCertificateByID returns a certificate with its owner's name and
// audit count.
func (tx *Tx) FindCertificateByID(ctx context.Context, org, id isms.ID) (*isms.Certificate, error) {
	return tx.findCertificate(ctx, "c.id = ?", org, id, certNotFound)
}

// FindCertificateByRef returns a certificate by its reference, case-insensitively.
func (tx *Tx) FindCertificateByRef(ctx context.Context, org isms.ID, ref string) (*isms.Certificate, error) {
	return tx.findCertificate(ctx, "LOWER(c.ref) = LOWER(?)", org, ref,
		fmt.Sprintf("The organization has no certificate %q.", ref))
}

func (tx *Tx) findCertificate(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.Certificate, error) {
	c, err := scanCertificate(tx.queryRow(ctx, `SELECT `+certColumns+certFrom+`
		WHERE c.organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return c, nil
}

// certSorts are the certificate list's sort keys. A missing expiry date
// sorts after every date on both databases.
var certSorts = map[string]string{
	"ref":     "c.number, c.ref",
	"body":    "LOWER(c.body), c.number",
	"expires": "COALESCE(c.expires_on, '9999-12-31'), c.number",
	"status":  rankOf("c.status", isms.CertificateStatuses) + ", c.number",
}

// FindCertificates returns a page of certificates and the total.
func (tx *Tx) FindCertificates(ctx context.Context, org isms.ID, f isms.CertificateFilter) ([]*isms.Certificate, int, error) {
	where, args := "c.organization_id = ?", []any{org}
	if f.Status != "" {
		where, args = where+" AND c.status = ?", append(args, f.Status)
	}
	where, args = searchIn(where, args, f.Search, "c.ref", "c.body", "c.cert_number", "c.standard", "c.scope")
	return findPage(ctx, tx, pageQuery{one: "certificate", many: "certificates", columns: certColumns,
		from: certFrom, where: where, args: args, orderBy: order(f.Sort, certSorts, "ref")},
		f.Limit, f.Offset, scanCertificate)
}
