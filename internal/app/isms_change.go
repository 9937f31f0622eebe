// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Planned changes to the ISMS (27001 6.3): a change to the management
// system (its scope, processes, roles, method) carried out in a planned
// way, with its reason, the consequences considered, the resources and
// responsibilities it needs, and the risks, ISMS risks and documents it
// touches. Whoever holds isms.EditContext plans them; readers of the ISMS
// see them; the management review reads those implemented since the last
// one.

// objectISMSChange is the object type of planned changes in the audit
// trail and in links.
const objectISMSChange = "isms_change"

func init() {
	linkables[objectISMSChange] = linkable{
		label: "planned ISMS change",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			c, err := tx.FindISMSChange(ctx, org, ref)
			if err != nil {
				return "", "", err
			}
			return c.ID, "ISMS change " + c.Ref + ": " + c.Title, nil
		},
	}
}

// ismsChanges describes the register to the generic record use cases.
var ismsChanges = recordKind[*isms.ISMSChange]{
	object: objectISMSChange, label: "planned change", edit: isms.EditContext,
	id:     func(c *isms.ISMSChange) isms.ID { return c.ID },
	ver:    func(c *isms.ISMSChange) int { return c.Version },
	fields: ismsChangeFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ISMSChange, error) {
		return tx.FindISMSChange(ctx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, c *isms.ISMSChange) error { return tx.InsertISMSChange(ctx, c) },
	update: func(ctx context.Context, tx *sqldb.Tx, c *isms.ISMSChange, v int) error {
		return tx.UpdateISMSChange(ctx, c, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteISMSChange(ctx, org, id)
	},
}

// ChangeInput is a planned change as a form or the API gives it. Status
// is proposed (when empty), approved, in_progress, implemented or
// cancelled; dates YYYY-MM-DD or ""; OwnerID a member's user ID or "".
// Risks, ISMSRisks and Documents are IDs or references ("R-4", "RO-2",
// "DOC-1"); nil leaves the links as they are.
type ChangeInput struct {
	Title, Reason, Consequences, Resources, Responsibilities, OwnerID, PlannedOn, CompletedOn, Status string
	Risks, ISMSRisks, Documents                                                                       []string
}

// apply sets the fields of c from in, recording what cannot be read in p.
func (in ChangeInput) apply(c *isms.ISMSChange, p isms.Problems) {
	c.Title, c.Reason, c.Consequences = in.Title, in.Reason, in.Consequences
	c.Resources, c.Responsibilities = in.Resources, in.Responsibilities
	st := strings.ToLower(strings.TrimSpace(in.Status))
	if st == "in progress" {
		st = string(isms.ChangeInProgress)
	}
	c.Status = isms.ISMSChangeStatus(st)
	if c.Status == "" {
		c.Status = isms.ChangeProposed
	}
	c.PlannedOn = planningDate(in.PlannedOn, "plannedOn", "planned date", p)
	c.CompletedOn = planningDate(in.CompletedOn, "completedOn", "completion date", p)
}

// ismsChangeFields are the fields of c as the audit trail records them.
func ismsChangeFields(c *isms.ISMSChange) []fieldDiff {
	return []fieldDiff{{"ref", nil, c.Ref}, {"title", nil, c.Title}, {"reason", nil, c.Reason},
		{"consequences", nil, c.Consequences}, {"resources", nil, c.Resources},
		{"responsibilities", nil, c.Responsibilities}, {"owner", nil, c.OwnerName},
		{"plannedOn", nil, c.PlannedOn.String()}, {"completedOn", nil, c.CompletedOn.String()}, {"status", nil, string(c.Status)}}
}

// fillISMSChange returns the fill of the generic use cases for in.
func (a *App) fillISMSChange(ctx context.Context, actor isms.Actor, in ChangeInput) fillFunc[*isms.ISMSChange] {
	return func(tx *sqldb.Tx, c *isms.ISMSChange) (isms.Changes, error) {
		p := isms.Problems{}
		in.apply(c, p)
		if c.Ref == "" {
			ref, n, err := nextRecordRef(ctx, tx, actor.OrgID, "isms_changes", "CHG-")
			if err != nil {
				return nil, err
			}
			c.Ref, c.Number = ref, n
		}
		if err := planningOwner(ctx, tx, actor.OrgID, &c.OwnerID, &c.OwnerName, in.OwnerID, "ownerId", p); err != nil {
			return nil, err
		}
		if c.CompletedOn.After(a.today()) {
			p.Add("completedOn", "The completion date cannot be in the future.")
		}
		if err := addProblems(p, c.Validate()); err != nil {
			return nil, err
		}
		from := isms.Link{Type: objectISMSChange, ID: c.ID}
		return planningLinks(ctx, tx, actor.OrgID, from, p, []planningLink{
			{"risk", "risks", in.Risks}, {objectISMSRisk, "ismsRisks", in.ISMSRisks}, {"document", "documents", in.Documents}})
	}
}

// CreateChange records a planned change to the ISMS; it gets the next
// reference, "CHG-n".
func (a *App) CreateChange(ctx context.Context, actor isms.Actor, in ChangeInput) (*isms.ISMSChange, error) {
	c := &isms.ISMSChange{ID: isms.NewID("chg"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, ismsChanges, c, a.fillISMSChange(ctx, actor, in))
}

// UpdateChange changes planned change id (its ID or reference), which the
// person edited at version.
func (a *App) UpdateChange(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ChangeInput) (*isms.ISMSChange, error) {
	return updateRecord(ctx, a, actor, ismsChanges, id, version, a.fillISMSChange(ctx, actor, in))
}

// DeleteChange deletes planned change id and its links.
func (a *App) DeleteChange(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, ismsChanges, id, nil)
}

// FindChange returns planned change id (its ID or reference).
func (a *App) FindChange(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.ISMSChange, error) {
	return findRecord(ctx, a, actor, ismsChanges, id)
}

// FindChanges returns a page of the organization's planned changes that
// f selects, and the total.
func (a *App) FindChanges(ctx context.Context, actor isms.Actor, f isms.ISMSChangeFilter) ([]*isms.ISMSChange, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the planned changes of the ISMS."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.ISMSChange
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindISMSChanges(ctx, f)
		return err
	})
	return list, total, err
}

// ImplementedChanges returns the changes implemented on or after since
// (every implemented one when since is zero), in the order they were
// completed: an input of the management review (9.3.2).
func (a *App) ImplementedChanges(ctx context.Context, actor isms.Actor, since isms.Date) ([]*isms.ISMSChange, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the planned changes of the ISMS."); err != nil {
		return nil, err
	}
	var list []*isms.ISMSChange
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, err = tx.FindImplementedISMSChanges(ctx, actor.OrgID, since)
		return err
	})
	return list, err
}
