// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// External findings are recorded by the certification body's auditor
// (RecordExternal; an auditor changes only the findings they raised) or
// by a certification manager transcribing the audit report. A major or
// minor nonconformity opens a nonconformity record (source
// external_audit, deadline the corrective action plan's due date).

// ExternalFindingInput is the finding form as typed. Audit is an external
// audit's ID or reference; Requirements are references of the
// certificate's framework (or of ISO/IEC 27001:2022 when it has none),
// separated by commas or new lines.
type ExternalFindingInput struct {
	Audit, Grade, Title, Description, Requirements, CAPDue string
}

// CreateExternalFinding records a finding; a nonconformity opens its
// nonconformity record in the same transaction.
func (a *App) CreateExternalFinding(ctx context.Context, actor isms.Actor, in ExternalFindingInput) (*isms.ExternalFinding, error) {
	panic("not implemented")
}

// UpdateExternalFinding changes a finding; regrading it to a
// nonconformity opens the nonconformity record it lacked.
func (a *App) UpdateExternalFinding(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ExternalFindingInput) (*isms.ExternalFinding, error) {
	panic("not implemented")
}

// DeleteExternalFinding removes a finding that has not opened a nonconformity.
func (a *App) DeleteExternalFinding(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindExternalFinding returns a finding by ID or reference.
func (a *App) FindExternalFinding(ctx context.Context, actor isms.Actor, id string) (*isms.ExternalFinding, error) {
	panic("not implemented")
}

// ListExternalFindings returns a page of findings and the total.
func (a *App) ListExternalFindings(ctx context.Context, actor isms.Actor, f isms.ExternalFindingFilter) ([]*isms.ExternalFinding, int, error) {
	panic("not implemented")
}
