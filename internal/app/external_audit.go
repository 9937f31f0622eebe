// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// ExternalAuditInput is the external audit form as typed. Certificate is
// a certificate's ID or reference.
type ExternalAuditInput struct {
	Certificate, Kind, Cycle, Sequence, StartOn, EndOn, Team, Status, Result, Summary string
}

// ExternalAuditView is an external audit with its certificate, findings
// and evidence requests.
type ExternalAuditView struct {
	*isms.ExternalAudit
	Certificate *isms.Certificate
	Findings    []*isms.ExternalFinding
	Requests    []*isms.EvidenceRequest
}

// CreateExternalAudit plans an external audit with its preparation task.
func (a *App) CreateExternalAudit(ctx context.Context, actor isms.Actor, in ExternalAuditInput) (*isms.ExternalAudit, error) {
	panic("not implemented")
}

// UpdateExternalAudit changes an external audit; a new start date moves
// its preparation task.
func (a *App) UpdateExternalAudit(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ExternalAuditInput) (*isms.ExternalAudit, error) {
	panic("not implemented")
}

// DeleteExternalAudit removes an external audit without findings, and
// cancels its preparation task.
func (a *App) DeleteExternalAudit(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindExternalAudit returns an external audit by ID or reference.
func (a *App) FindExternalAudit(ctx context.Context, actor isms.Actor, id string) (*ExternalAuditView, error) {
	panic("not implemented")
}

// ListExternalAudits returns a page of external audits and the total.
func (a *App) ListExternalAudits(ctx context.Context, actor isms.Actor, f isms.ExternalAuditFilter) ([]*isms.ExternalAudit, int, error) {
	panic("not implemented")
}
