// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"

	"github.com/ismsproject/isms/internal/isms"
)

// Internal audit (27001 9.2): programmes over a certification cycle with
// their coverage of a framework, audits with scope, criteria, team and an
// independence check, checklists generated from the scope, findings, and
// the audit report.

// The object types of internal audit records in the audit trail and in
// links.
const (
	objectProgramme = "audit_programme"
	objectAudit     = "internal_audit"
	objectFinding   = "audit_finding"
)

// ProgrammeInput is what people enter for a programme.
type ProgrammeInput struct {
	Title       string
	Description string
	Framework   string // the framework's ID or key ("iso27001-2022")
	Start, End  isms.Date
	OwnerID     isms.ID // empty for none
}

// ProgrammeView is a programme as its page shows it.
type ProgrammeView struct {
	Programme *isms.AuditProgramme
	Audits    []*isms.InternalAudit // by planned start
	Coverage  *isms.AuditCoverage
}

// CreateProgramme creates a programme (ManageAudits).
func (a *App) CreateProgramme(ctx context.Context, actor isms.Actor, in ProgrammeInput) (*isms.AuditProgramme, error) {
	panic("not implemented")
}

// UpdateProgramme changes programme id, read at version (ManageAudits).
// Its framework cannot change once it holds audits.
func (a *App) UpdateProgramme(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ProgrammeInput) (*isms.AuditProgramme, error) {
	panic("not implemented")
}

// DeleteProgramme deletes a programme that holds no audits (ManageAudits).
func (a *App) DeleteProgramme(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindProgramme returns programme id (its ID or reference "AP-1") with
// its audits and its coverage, to anyone who reads the ISMS.
func (a *App) FindProgramme(ctx context.Context, actor isms.Actor, id string) (*ProgrammeView, error) {
	panic("not implemented")
}

// ListProgrammes returns a page of programmes and the total.
func (a *App) ListProgrammes(ctx context.Context, actor isms.Actor, f isms.ProgrammeFilter) ([]*isms.AuditProgramme, int, error) {
	panic("not implemented")
}

// AuditInput is what people enter for an audit.
type AuditInput struct {
	Programme string // the programme's ID or reference; fixed once planned
	Title     string
	Criteria  string
	Units     string
	// Scope is the requirements in scope as people write them:
	// "4, 5.2, A.5.15-A.5.18" (isms.ExpandScope).
	Scope string
	// Processes are the ISMS processes in scope, by reference ("PR-1, PR-3").
	Processes    string
	LeadID       isms.ID
	TeamIDs      []isms.ID
	PlannedStart isms.Date
	PlannedEnd   isms.Date
	// Overrides accept independence conflicts on purpose: the conflict's
	// Key() → the reason. A conflict without an override refuses the save.
	Overrides map[string]string
}

// AuditView is an audit as its page shows it.
type AuditView struct {
	Audit     *isms.InternalAudit
	Programme *isms.AuditProgramme
	// Scope is the scope expression of the current items ("4.1, 4.2, A.5.1").
	Scope     string
	Processes []RecordLink // the ISMS processes in scope
	Items     []*AuditItemView
	Findings  []*isms.AuditFinding
	// Conflicts are the independence conflicts of the current team, the
	// accepted ones included (see Audit.Overrides).
	Conflicts []isms.IndependenceConflict
}

// CanRecord reports whether actor may record results and findings: with
// ManageAudits on any audit; with RecordAudits on the audits they are on
// the team of; never once the audit is closed.
func (v *AuditView) CanRecord(actor isms.Actor) bool {
	panic("not implemented")
}

// AuditItemView is a checklist item with the organization's controls and
// evidence for its requirement (derived live, as the SoA derives them).
type AuditItemView struct {
	*isms.AuditItem
	Sources isms.SoASources
}

// CheckIndependence returns the independence conflicts of in's team and
// scope, whether or not in.Overrides accepts them (ManageAudits).
func (a *App) CheckIndependence(ctx context.Context, actor isms.Actor, in AuditInput) ([]isms.IndependenceConflict, error) {
	panic("not implemented")
}

// PlanAudit creates an audit with one checklist item per requirement in
// scope (ManageAudits). A conflict of independence without an override in
// in.Overrides is an Invalid error on field "lead" or "team" naming it;
// accepted overrides are recorded with the audit and in the audit trail.
func (a *App) PlanAudit(ctx context.Context, actor isms.Actor, in AuditInput) (*isms.InternalAudit, error) {
	panic("not implemented")
}

// UpdateAudit changes audit id, read at version (ManageAudits): items are
// added and removed as the scope changes (an item with a result cannot be
// removed), and the independence check runs again. A closed audit cannot
// change.
func (a *App) UpdateAudit(ctx context.Context, actor isms.Actor, id isms.ID, version int, in AuditInput) (*isms.InternalAudit, error) {
	panic("not implemented")
}

// MoveAudit moves audit id, read at version, to status (ManageAudits, or
// the lead auditor with RecordAudits). Reporting needs every item to have
// a result and a summary (given here or already set); it sets ReportedOn.
func (a *App) MoveAudit(ctx context.Context, actor isms.Actor, id isms.ID, version int, to isms.AuditStatus, summary string) (*isms.InternalAudit, error) {
	panic("not implemented")
}

// DeleteAudit deletes a planned audit without findings (ManageAudits).
func (a *App) DeleteAudit(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindAudit returns audit id (its ID or reference "IA-3") to anyone who
// reads the ISMS.
func (a *App) FindAudit(ctx context.Context, actor isms.Actor, id string) (*AuditView, error) {
	panic("not implemented")
}

// ListAudits returns a page of audits and the total.
func (a *App) ListAudits(ctx context.Context, actor isms.Actor, f isms.InternalAuditFilter) ([]*isms.InternalAudit, int, error) {
	panic("not implemented")
}

// ItemInput is a checklist item's result as people record it.
type ItemInput struct {
	Result   isms.ItemResult
	Notes    string
	Sampling string
}

// RecordAuditItem records the result of audit's item for requirement,
// read at version (see AuditView.CanRecord); the audit must be in
// progress.
func (a *App) RecordAuditItem(ctx context.Context, actor isms.Actor, audit, requirement isms.ID, version int, in ItemInput) (*isms.AuditItem, error) {
	panic("not implemented")
}

// FindingInput is what people enter for a finding.
type FindingInput struct {
	Audit       string // the audit's ID or reference; fixed once raised
	Grade       isms.FindingGrade
	Title       string
	Description string
	// Requirements are requirement references of the audit's framework,
	// comma-separated ("A.5.18, 9.2").
	Requirements string
	// Evidence are evidence references, comma-separated ("EV-4, EV-9").
	Evidence string
}

// CreateFinding raises a finding on an audit in progress or reported (see
// AuditView.CanRecord).
func (a *App) CreateFinding(ctx context.Context, actor isms.Actor, in FindingInput) (*isms.AuditFinding, error) {
	panic("not implemented")
}

// UpdateFinding changes finding id, read at version, while its audit is
// not closed.
func (a *App) UpdateFinding(ctx context.Context, actor isms.Actor, id isms.ID, version int, in FindingInput) (*isms.AuditFinding, error) {
	panic("not implemented")
}

// DeleteFinding deletes finding id while its audit is not closed.
func (a *App) DeleteFinding(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindFinding returns finding id (its ID or reference "F-7") with its
// evidence, to anyone who reads the ISMS.
func (a *App) FindFinding(ctx context.Context, actor isms.Actor, id string) (*isms.AuditFinding, error) {
	panic("not implemented")
}

// ListFindings returns a page of findings and the total.
func (a *App) ListFindings(ctx context.Context, actor isms.Actor, f isms.FindingFilter) ([]*isms.AuditFinding, int, error) {
	panic("not implemented")
}

// ExportAuditReport writes the report of audit id (scope, criteria, team,
// summary, checklist, findings by grade) as "pdf" or "xlsx" and returns
// the file name to offer ("audit-report-ia-3.pdf").
func (a *App) ExportAuditReport(ctx context.Context, actor isms.Actor, id, format string, w io.Writer) (string, error) {
	panic("not implemented")
}
