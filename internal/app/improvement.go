// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Continual improvement (27001 10.1): the improvement register. Whoever
// holds isms.EditImprovement proposes, edits, decides and carries out
// opportunities; readers of the ISMS see them. The record an opportunity
// comes from (an audit finding, a metric …) links to it; an opportunity
// links to the planned change that carries it out.

// objectImprovement is the object type of improvements in the audit
// trail and in links.
const objectImprovement = "improvement"

func init() {
	linkables[objectImprovement] = linkable{
		label: "improvement",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			im, err := findImprovementByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return im.ID, "Improvement " + im.Ref + ": " + im.Title, nil
		},
	}
}

// findImprovementByIDOrRef returns an improvement by its ID or reference.
func findImprovementByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Improvement, error) {
	return byIDOrRef(ctx, org, s, tx.FindImprovementByID, tx.FindImprovementByRef)
}

// improvementKind is the register of improvements for the generic use
// cases.
var improvementKind = recordKind[*isms.Improvement]{
	object: objectImprovement, label: "improvement", edit: isms.EditImprovement,
	id:     func(im *isms.Improvement) isms.ID { return im.ID },
	ver:    func(im *isms.Improvement) int { return im.Version },
	fields: improvementFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Improvement, error) {
		return findImprovementByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, im *isms.Improvement) error {
		return tx.InsertImprovement(ctx, im)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, im *isms.Improvement, v int) error {
		return tx.UpdateImprovement(ctx, im, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteImprovement(ctx, org, id)
	},
}

// improvementFields are the fields of im as the audit trail records them.
func improvementFields(im *isms.Improvement) []fieldDiff {
	return []fieldDiff{{"ref", nil, im.Ref}, {"title", nil, im.Title}, {"description", nil, im.Description},
		{"source", nil, string(im.Source)}, {"evaluation", nil, im.Evaluation}, {"owner", nil, im.OwnerName},
		{"due", nil, im.Due.String()}, {"status", nil, string(im.Status)}}
}

// ImprovementInput is what people enter for an improvement.
type ImprovementInput struct {
	Title        string
	Description  string
	Source       isms.ImprovementSource
	SourceRecord string // "type:id", or a bare reference ("F-3"); empty for none
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

// fillImprovement returns the fill of the generic use cases for in: an
// improvement that is done or rejected no longer changes; the owner must
// be an active member; the source record, when given, must be a record of
// the organization, and links to the improvement.
func (a *App) fillImprovement(ctx context.Context, actor isms.Actor, in ImprovementInput) fillFunc[*isms.Improvement] {
	return func(tx *sqldb.Tx, im *isms.Improvement) (isms.Changes, error) {
		if !im.Status.Open() {
			return nil, isms.Errorf(isms.Conflict, "%s is %s; it no longer changes.", im.Ref, strings.ToLower(im.Status.Label()))
		}
		if im.Ref == "" {
			ref, n, err := nextRecordRef(ctx, tx, im.OrgID, "improvements", "IMP-")
			if err != nil {
				return nil, err
			}
			im.Ref, im.Number = ref, n
		}
		p := isms.Problems{}
		im.Title, im.Description, im.Source, im.Evaluation, im.Due = in.Title, in.Description, in.Source, in.Evaluation, in.Due
		if in.OwnerID != im.OwnerID {
			name := ""
			if in.OwnerID != "" {
				var err error
				if name, err = activeMemberName(ctx, tx, im.OrgID, in.OwnerID, "ownerId", p); err != nil {
					return nil, err
				}
			}
			im.OwnerID, im.OwnerName = in.OwnerID, name
		}
		src, err := sourceRecordProblem(ctx, tx, im.OrgID, in.SourceRecord, p)
		if err != nil {
			return nil, err
		}
		if err := mergeProblems(p, im.Validate()); err != nil {
			return nil, err
		}
		return setImprovementSource(ctx, tx, im, src)
	}
}

// sourceRecordProblem resolves the source record s: "type:id", or a
// bare reference such as "F-3" ("" for none). One that names no record
// of org is a problem on "sourceRecord".
func sourceRecordProblem(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string, p isms.Problems) (isms.Link, error) {
	if s = strings.TrimSpace(s); s == "" {
		return isms.Link{}, nil
	}
	l, ok, err := resolveMixedRef(ctx, tx, org, s)
	if err == nil && !ok {
		p.Add("sourceRecord", "No record "+quote(s)+" in this organization; name it by reference (F-3, M-2) or as type:ID.")
	}
	return l, err
}

// setImprovementSource makes src the source record of im: the link from
// the old source to im is removed and one from src added. It returns the
// change for the audit trail, nil when none.
func setImprovementSource(ctx context.Context, tx *sqldb.Tx, im *isms.Improvement, src isms.Link) (isms.Changes, error) {
	old := im.SourceRecord
	if old == src {
		return nil, nil
	}
	to := isms.Link{Type: objectImprovement, ID: im.ID}
	if !old.IsZero() {
		if err := removeRecordLink(ctx, tx, im.OrgID, old, to); err != nil {
			return nil, err
		}
	}
	if !src.IsZero() {
		if err := addRecordLink(ctx, tx, im.OrgID, src, to); err != nil {
			return nil, err
		}
	}
	im.SourceRecord = src
	titles, err := describeLinks(ctx, tx, im.OrgID, []isms.Link{old, src})
	if err != nil {
		return nil, err
	}
	ch := isms.Change{}
	if !old.IsZero() {
		ch.Before = titles[0].Title
	}
	if !src.IsZero() {
		ch.After = titles[1].Title
	}
	return isms.Changes{"sourceRecord": ch}, nil
}

// ProposeImprovement adds an opportunity, status proposed
// (EditImprovement); the actor proposes it.
func (a *App) ProposeImprovement(ctx context.Context, actor isms.Actor, in ImprovementInput) (*isms.Improvement, error) {
	im := &isms.Improvement{ID: isms.NewID("imp"), OrgID: actor.OrgID, Status: isms.ImpProposed,
		ProposedBy: actor.UserID, ProposerName: actor.Name, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, improvementKind, im, a.fillImprovement(ctx, actor, in))
}

// UpdateImprovement changes improvement id, read at version.
func (a *App) UpdateImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ImprovementInput) (*isms.Improvement, error) {
	return updateRecord(ctx, a, actor, improvementKind, id, version, a.fillImprovement(ctx, actor, in))
}

// DeleteImprovement deletes a proposed improvement.
func (a *App) DeleteImprovement(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, improvementKind, id, func(tx *sqldb.Tx, im *isms.Improvement) error {
		if im.Status != isms.ImpProposed {
			return isms.Errorf(isms.Conflict, "%s is %s; only a proposed improvement can be deleted.", im.Ref, strings.ToLower(im.Status.Label()))
		}
		return nil
	})
}

// FindImprovement returns improvement id (its ID or reference "IMP-3").
func (a *App) FindImprovement(ctx context.Context, actor isms.Actor, id string) (*ImprovementView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see improvements."); err != nil {
		return nil, err
	}
	v := &ImprovementView{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v.Improvement, err = findImprovementByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		im := v.Improvement
		if v.Tasks, _, err = tx.FindTasks(ctx, isms.TaskFilter{OrgID: im.OrgID, LinkType: objectImprovement, LinkID: im.ID,
			Sort: "due", Limit: isms.MaxPageSize}); err != nil {
			return err
		}
		if im.ChangeID != "" {
			v.Change, err = tx.FindISMSChange(ctx, im.OrgID, string(im.ChangeID))
			if isms.ErrorCode(err) == isms.NotFound { // the change was deleted since
				v.Change, err = nil, nil
			}
			if err != nil {
				return err
			}
		}
		v.Links, err = recordLinksIn(ctx, tx, im.OrgID, isms.Link{Type: objectImprovement, ID: im.ID})
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ListImprovements returns a page of improvements and the total.
func (a *App) ListImprovements(ctx context.Context, actor isms.Actor, f isms.ImprovementFilter) ([]*isms.Improvement, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see improvements."); err != nil {
		return nil, 0, err
	}
	var list []*isms.Improvement
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindImprovements(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}
