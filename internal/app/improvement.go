// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Continual improvement (27001 10.1): the improvement register.

// objectImprovement is the object type of improvements in the audit
// trail and in links.
const objectImprovement = "improvement"

// ImprovementInput is what people enter for an improvement.
type ImprovementInput struct {
	Title        string
	Description  string
	Source       isms.ImprovementSource
	SourceRecord string // "type:id" or a reference its linkable resolves; empty for none
	Evaluation   string
	OwnerID      isms.ID
	Due          isms.Date
}

// ImprovementView is an improvement as its page shows it.
type ImprovementView struct {
	Improvement *isms.Improvement
	Tasks       []*isms.Task // tasks linked to it
	Change      *isms.ISMSChange
	Links       []RecordLink
}

// ProposeImprovement adds an opportunity, status proposed
// (EditImprovement).
func (a *App) ProposeImprovement(ctx context.Context, actor isms.Actor, in ImprovementInput) (*isms.Improvement, error) {
	panic("not implemented")
}

// openImprovementIn adds, within tx, the improvement of an audit finding
// graded ofi (once per finding), linked both ways, as actor; nil when the
// finding already has one.
func (a *App) openImprovementIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, f *isms.AuditFinding) (*isms.Improvement, error) {
	panic("not implemented")
}

// UpdateImprovement changes improvement id, read at version.
func (a *App) UpdateImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ImprovementInput) (*isms.Improvement, error) {
	panic("not implemented")
}

// DeleteImprovement deletes a proposed improvement.
func (a *App) DeleteImprovement(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindImprovement returns improvement id (its ID or reference "IMP-3").
func (a *App) FindImprovement(ctx context.Context, actor isms.Actor, id string) (*ImprovementView, error) {
	panic("not implemented")
}

// ListImprovements returns a page of improvements and the total.
func (a *App) ListImprovements(ctx context.Context, actor isms.Actor, f isms.ImprovementFilter) ([]*isms.Improvement, int, error) {
	panic("not implemented")
}

// DecideImprovement accepts, rejects or defers improvement id, read at
// version, with a reason (required to reject or defer).
func (a *App) DecideImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, to isms.ImprovementStatus, reason string) (*isms.Improvement, error) {
	panic("not implemented")
}

// AddImprovementTask adds a task carrying out an accepted improvement
// (owner, due date, linked to it); the improvement moves to in_progress.
func (a *App) AddImprovementTask(ctx context.Context, actor isms.Actor, id isms.ID, version int, in TaskInput) (*isms.Task, error) {
	panic("not implemented")
}

// PlanImprovementChange carries out an accepted improvement as a planned
// change to the ISMS (6.3): it creates the change, proposed, with the
// improvement's title and description, links both ways, and moves the
// improvement to in_progress.
func (a *App) PlanImprovementChange(ctx context.Context, actor isms.Actor, id isms.ID, version int) (*isms.ISMSChange, error) {
	panic("not implemented")
}

// CompleteImprovement marks an improvement in progress done.
func (a *App) CompleteImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, note string) (*isms.Improvement, error) {
	panic("not implemented")
}
