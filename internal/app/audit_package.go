// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// The audit package: everything a certification auditor asks for in one
// zip, with a signed manifest, streamed so memory stays flat whatever
// its size.

// PackageInput chooses what a package holds. Framework is a framework's
// ID or reference; From and To (YYYY-MM-DD) the period of the audit
// reports, reviews, nonconformities and audit trail, by default the
// twelve months up to today.
type PackageInput struct {
	Framework, From, To string
}

// BuildAuditPackage writes the package to w and returns its manifest.
// Needs BuildAuditPackage; audited as audit_package.build.
func (a *App) BuildAuditPackage(ctx context.Context, actor isms.Actor, in PackageInput, w io.Writer) (*report.Manifest, error) {
	panic("not implemented")
}
