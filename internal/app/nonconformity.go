// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Nonconformity and corrective action (27001 10.2): raise, correct,
// analyse the root cause, look for similar ones, act (tasks), schedule and
// record the effectiveness check; close only when effective.

// objectNonconformity is the object type of nonconformities in the audit
// trail and in links.
const objectNonconformity = "nonconformity"

// NCInput is what people enter to raise or edit a nonconformity.
type NCInput struct {
	Title       string
	Description string
	Source      isms.NCSource
	// SourceRecord is the record it comes from, as "type:id" or a
	// reference the type's linkable resolves ("audit_finding:F-3"); empty
	// for none.
	SourceRecord string
	Grade        isms.NCGrade
	// Framework and Requirements name the requirements not met: the
	// framework's ID or key (ISO/IEC 27001:2022 when empty) and its
	// references, comma-separated ("A.5.18, 9.2").
	Framework    string
	Requirements string
	DetectedOn   isms.Date
	DetectedBy   isms.ID // the actor when empty
	OwnerID      isms.ID
	Deadline     isms.Date
	// Records are the records concerned, by reference or type:id,
	// comma-separated ("C-3, R-12, document:doc_1").
	Records string
}

// NCView is a nonconformity as its page shows it.
type NCView struct {
	NC      *isms.Nonconformity
	Actions []*isms.NCAction // corrective actions and checks, oldest first
	Links   []RecordLink     // records concerned, similar nonconformities, the source
	// Next says what to do next in people's words ("Record the
	// correction.").
	Next string
}

// RaiseNonconformity records a new nonconformity (EditImprovement).
func (a *App) RaiseNonconformity(ctx context.Context, actor isms.Actor, in NCInput) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// openNonconformityIn raises, within tx, the nonconformity of an audit
// finding graded major or minor (once per finding: NotFound-checked with
// FindNonconformityBySource), linked both ways, as actor; it returns the
// nonconformity, or nil when the finding already has one.
func (a *App) openNonconformityIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, f *isms.AuditFinding) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// UpdateNonconformity changes the description fields of nonconformity id,
// read at version (EditImprovement); a closed one cannot change.
func (a *App) UpdateNonconformity(ctx context.Context, actor isms.Actor, id isms.ID, version int, in NCInput) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// DeleteNonconformity deletes an open nonconformity that has no actions
// (EditImprovement).
func (a *App) DeleteNonconformity(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindNonconformity returns nonconformity id (its ID or reference "NC-4")
// to anyone who reads the ISMS.
func (a *App) FindNonconformity(ctx context.Context, actor isms.Actor, id string) (*NCView, error) {
	panic("not implemented")
}

// ListNonconformities returns a page of nonconformities and the total.
func (a *App) ListNonconformities(ctx context.Context, actor isms.Actor, f isms.NCFilter) ([]*isms.Nonconformity, int, error) {
	panic("not implemented")
}

// StepInput is one step of a nonconformity's handling as people record it.
type StepInput struct {
	Text   string         // the correction, the root cause, or where similar ones were looked for
	Method isms.RCAMethod // root cause only
	// Similar are the similar nonconformities found, by reference ("NC-2");
	// similar step only.
	Similar string
}

// RecordCorrection records the correction of nonconformity id, read at
// version; it moves an open nonconformity to in_action.
func (a *App) RecordCorrection(ctx context.Context, actor isms.Actor, id isms.ID, version int, in StepInput) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// RecordRootCause records the root cause analysis (method and causes).
func (a *App) RecordRootCause(ctx context.Context, actor isms.Actor, id isms.ID, version int, in StepInput) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// RecordSimilar records where similar nonconformities were looked for and
// links those found.
func (a *App) RecordSimilar(ctx context.Context, actor isms.Actor, id isms.ID, version int, in StepInput) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// ActionInput is a corrective action as people enter it.
type ActionInput struct {
	Title   string
	OwnerID isms.ID
	Due     isms.Date
	// Changes are the controls, documents or risks the action changes, by
	// reference or type:id, comma-separated ("C-3, R-12").
	Changes string
}

// AddCorrectiveAction adds a corrective action (a task for its owner,
// linked to the nonconformity and to the records it changes) to a
// nonconformity that is not closed, read at version; it moves it to
// in_action (a verifying one back to in_action).
func (a *App) AddCorrectiveAction(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ActionInput) (*isms.NCAction, error) {
	panic("not implemented")
}

// ScheduleEffectivenessCheck schedules the effectiveness check of a
// verifying nonconformity (every action closed) on day: a task for its
// owner due that day.
func (a *App) ScheduleEffectivenessCheck(ctx context.Context, actor isms.Actor, id isms.ID, version int, day isms.Date) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// CheckInput is an effectiveness check's result.
type CheckInput struct {
	Effective bool
	Note      string
	// Action is the new corrective action an ineffective result requires.
	Action *ActionInput
}

// RecordEffectiveness records the scheduled check's result: effective
// closes the nonconformity; ineffective reopens it (in_action) with the
// new action. The check's task is completed with the note.
func (a *App) RecordEffectiveness(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CheckInput) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// NCOverview is the nonconformities page's header: open ones by age band
// and grade, overdue actions, checks due.
type NCOverview struct {
	// OpenByAge counts open nonconformities per age band ("0–30 days",
	// "31–90 days", "over 90 days") and grade.
	OpenByAge []NCAgeBand
	Overdue   []*isms.NCAction // overdue corrective actions, earliest first (at most 10)
	// OverdueTotal counts them all.
	OverdueTotal int
	ChecksDue    []*isms.Nonconformity // checks due by today + 14 days
}

// NCAgeBand is one age band's counts.
type NCAgeBand struct {
	Label string
	Major int
	Minor int
}

// NonconformityOverview returns the overview.
func (a *App) NonconformityOverview(ctx context.Context, actor isms.Actor) (*NCOverview, error) {
	panic("not implemented")
}

// NonconformityTrends counts the nonconformities detected in [since,
// until] by source and by clause (the top-level group of each requirement
// reference: "9", "A.5"), with the previous period of the same length.
func (a *App) NonconformityTrends(ctx context.Context, actor isms.Actor, since, until isms.Date) (bySource, byClause []isms.NCTrend, err error) {
	panic("not implemented")
}
