// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"

	"github.com/ismsproject/isms/internal/isms"
)

// Evidence requests (RequestEvidence to ask, accept, ask again or
// cancel; the owner, or anyone with EditEvidence, answers). Asking
// creates a task for the owner linked to the request, due on its due
// date; answering completes it; asking again opens a new one.

// EvidenceRequestInput is the request form as typed. Audit is an external
// audit's ID or reference (or blank); Framework a framework's ID or
// reference, with Requirement one of its references; Control a control's
// ID or reference; Owner a member's ID or e-mail, blank for the default
// (the control's owner, else the owner of the first control linked to the
// requirement, else the certificate's owner).
type EvidenceRequestInput struct {
	Audit, Framework, Requirement, Control, Title, Detail, DueOn, Owner string
}

// EvidenceRequestView is a request with the evidence attached to it.
type EvidenceRequestView struct {
	*isms.EvidenceRequest
	EvidenceItems []*isms.Evidence
	// CanAnswer, CanReview say what the reading actor may do now.
	CanAnswer, CanReview bool
}

// CreateEvidenceRequest asks for evidence.
func (a *App) CreateEvidenceRequest(ctx context.Context, actor isms.Actor, in EvidenceRequestInput) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// UpdateEvidenceRequest changes an open request's wording, target, due date or owner.
func (a *App) UpdateEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, in EvidenceRequestInput) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// AnswerEvidenceRequest attaches evidence items to an open request with
// a note; at least one item is required. It completes the owner's task.
func (a *App) AnswerEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, text string, evidence []isms.ID) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// AcceptEvidenceRequest records the auditor's acceptance of an answer.
func (a *App) AcceptEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, text string) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// AskAgain reopens an answered request with what is still missing
// (required) and a new due date; the owner gets a new task.
func (a *App) AskAgain(ctx context.Context, actor isms.Actor, id isms.ID, version int, text, due string) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// CancelEvidenceRequest withdraws a request that is not accepted, and
// cancels its task.
func (a *App) CancelEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, text string) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// FindEvidenceRequest returns a request by ID or reference.
func (a *App) FindEvidenceRequest(ctx context.Context, actor isms.Actor, id string) (*EvidenceRequestView, error) {
	panic("not implemented")
}

// ListEvidenceRequests returns a page of requests and the total. An actor
// limited to one framework sees only its requests.
func (a *App) ListEvidenceRequests(ctx context.Context, actor isms.Actor, f isms.EvidenceRequestFilter) ([]*isms.EvidenceRequest, int, error) {
	panic("not implemented")
}

// RequestImport is the result of importing a request list.
type RequestImport struct {
	Created []*isms.EvidenceRequest
}

// ImportEvidenceRequests reads a request list (CSV or XLSX, by name) with
// the columns requirement, control, title, detail, due, owner and creates
// every row, or none: any problem is reported with its line and column.
// audit and framework apply to every row.
func (a *App) ImportEvidenceRequests(ctx context.Context, actor isms.Actor, audit, framework, name string, r io.Reader) (*RequestImport, error) {
	panic("not implemented")
}

// ExportEvidenceRequests writes the requests f selects, with their status,
// as "csv" or "xlsx", and returns the file name.
func (a *App) ExportEvidenceRequests(ctx context.Context, actor isms.Actor, f isms.EvidenceRequestFilter, format string, w io.Writer) (string, error) {
	panic("not implemented")
}
