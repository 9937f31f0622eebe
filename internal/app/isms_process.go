// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The processes of the ISMS (27001 4.4): what each is for, the clauses it
// serves, its owner, inputs and outputs, and the processes it interacts
// with (record links from it). Whoever holds isms.EditContext keeps them;
// whoever reads the ISMS sees them.

// objectProcess is the object type of ISMS processes in the audit trail
// and in links.
const objectProcess = "isms_process"

func init() {
	linkables[objectProcess] = linkable{
		label: "ISMS process",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			p, err := tx.FindISMSProcessByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return p.ID, "ISMS process " + p.Ref + ": " + p.Name, nil
		},
	}
}

// processKind is the register of ISMS processes for the generic use cases.
var processKind = recordKind[*isms.ISMSProcess]{
	object: objectProcess, label: "ISMS process", edit: isms.EditContext,
	id:     func(p *isms.ISMSProcess) isms.ID { return p.ID },
	ver:    func(p *isms.ISMSProcess) int { return p.Version },
	fields: processFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ISMSProcess, error) {
		return tx.FindISMSProcessByID(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, p *isms.ISMSProcess) error {
		return tx.InsertISMSProcess(ctx, p)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, p *isms.ISMSProcess, v int) error {
		return tx.UpdateISMSProcess(ctx, p, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteISMSProcess(ctx, org, id)
	},
}

// processFields are the fields of p as the audit trail records them.
func processFields(p *isms.ISMSProcess) []fieldDiff {
	return []fieldDiff{{"ref", nil, p.Ref}, {"name", nil, p.Name}, {"purpose", nil, p.Purpose},
		{"clauses", nil, strings.Join(p.Clauses, ", ")}, {"ownerId", nil, string(p.OwnerID)},
		{"inputs", nil, p.Inputs}, {"outputs", nil, p.Outputs}, {"interactions", nil, p.Interactions}}
}

// ProcessInput is an ISMS process as a form or the API gives it: OwnerID
// a member's user ID or ""; Clauses clause numbers ("6.1.2", "9.2");
// InteractsWith the processes it interacts with, by ID or reference
// ("PRC-2"), nil to leave those links as they are.
type ProcessInput struct {
	Name, Purpose, OwnerID, Inputs, Outputs, Interactions string
	Clauses                                               []string
	InteractsWith                                         []string
}

// fill returns the fill function of the generic use cases for in.
func (in ProcessInput) fill(ctx context.Context, org isms.ID) fillFunc[*isms.ISMSProcess] {
	return func(tx *sqldb.Tx, p *isms.ISMSProcess) (isms.Changes, error) {
		pr := isms.Problems{}
		p.Name, p.Purpose, p.Inputs, p.Outputs, p.Interactions = in.Name, in.Purpose, in.Inputs, in.Outputs, in.Interactions
		p.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
		clauses, bad := isms.ParseClauses(in.Clauses)
		if len(bad) > 0 {
			pr.Add("clauses", "Not a clause of ISO/IEC 27001 with requirements: "+strings.Join(bad, ", ")+". Use clause numbers from 4.1 to 10.2, such as 6.1.2 or 9.2.")
		}
		p.Clauses = clauses
		if p.OwnerID != "" {
			name, err := activeMemberName(ctx, tx, org, p.OwnerID, "ownerId", pr)
			if err != nil {
				return nil, err
			}
			p.OwnerName = name
		} else {
			p.OwnerName = ""
		}
		if err := addProblems(pr, p.Validate()); err != nil {
			return nil, err
		}
		if in.InteractsWith == nil {
			return nil, pr.Err()
		}
		for _, ref := range in.InteractsWith {
			if isms.ID(ref) == p.ID || (p.Ref != "" && strings.EqualFold(strings.TrimSpace(ref), p.Ref)) {
				pr.Add("interactsWith", "A process does not interact with itself; name the other processes.")
			}
		}
		return setRecordLinks(ctx, tx, org, isms.Link{Type: objectProcess, ID: p.ID}, objectProcess, in.InteractsWith, "interactsWith", pr)
	}
}

// CreateProcess records a process of the ISMS; its reference (PRC-n) is
// assigned.
func (a *App) CreateProcess(ctx context.Context, actor isms.Actor, in ProcessInput) (*isms.ISMSProcess, error) {
	p := &isms.ISMSProcess{ID: isms.NewID("proc"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	fill := in.fill(ctx, actor.OrgID)
	return createRecord(ctx, a, actor, processKind, p, func(tx *sqldb.Tx, p *isms.ISMSProcess) (isms.Changes, error) {
		ref, n, err := nextRecordRef(ctx, tx, actor.OrgID, "isms_processes", "PRC-")
		if err != nil {
			return nil, err
		}
		p.Ref, p.Number = ref, n
		return fill(tx, p)
	})
}

// UpdateProcess changes process id (ID or reference), which the person
// edited at version.
func (a *App) UpdateProcess(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ProcessInput) (*isms.ISMSProcess, error) {
	return updateRecord(ctx, a, actor, processKind, id, version, in.fill(ctx, actor.OrgID))
}

// DeleteProcess deletes process id (ID or reference), its links and its
// row of the RACI grid.
func (a *App) DeleteProcess(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, processKind, id, nil)
}

// FindProcess returns process id (ID or reference).
func (a *App) FindProcess(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.ISMSProcess, error) {
	return findRecord(ctx, a, actor, processKind, id)
}

// ProcessFilter selects processes for FindProcesses: Text in the
// reference, name or purpose; the owner's user ID; a clause they serve
// ("6.1" finds those serving 6.1 or any of its sub-clauses).
type ProcessFilter struct {
	Text, OwnerID, Clause string
}

// FindProcesses lists the organization's processes matching f, sorted by
// sort ("ref", "name", "owner", "updated"; "-" for descending).
func (a *App) FindProcesses(ctx context.Context, actor isms.Actor, f ProcessFilter, sort string, limit, offset int) ([]*isms.ISMSProcess, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the ISMS processes."); err != nil {
		return nil, 0, err
	}
	if c := strings.TrimSpace(f.Clause); c != "" && isms.ClauseColumn(c) == "" {
		return nil, 0, isms.Problems{"clause": "Clause must be a clause number from 4.1 to 10.2, such as 6.1 or 9.2."}.Err()
	}
	var list []*isms.ISMSProcess
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindISMSProcesses(ctx, actor.OrgID, sqldb.ProcessFilter{Text: f.Text,
			OwnerID: isms.ID(f.OwnerID), Clause: strings.TrimSpace(f.Clause)}, sort, limit, offset)
		return err
	})
	return list, total, err
}
