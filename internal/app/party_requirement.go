// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The requirements of interested parties (27001 4.2 b and c): laws,
// regulations, contract clauses and expectations relevant to information
// security, whether the ISMS addresses each and how (or why not), and
// the controls, documents and risks that address it. They are the legal
// and contractual sources a Statement of Applicability cites.

// objectPartyRequirement is the object type of requirements of
// interested parties in the audit trail and in links.
const objectPartyRequirement = "party_requirement"

func init() {
	linkables[objectPartyRequirement] = linkable{
		label: "party requirement",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			q, err := findPartyRequirementByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return q.ID, "Party requirement " + q.Ref + ": " + q.Title, nil
		},
	}
}

// findPartyRequirementByIDOrRef returns a requirement by its ID or,
// failing that, its reference ("RQ-7").
func findPartyRequirementByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.PartyRequirement, error) {
	return byIDOrRef(ctx, org, s, tx.FindPartyRequirementByID, tx.FindPartyRequirementByRef)
}

// partyRequirementKind describes the register to the generic use cases.
var partyRequirementKind = recordKind[*isms.PartyRequirement]{
	object: objectPartyRequirement, label: "requirement", edit: isms.EditContext,
	id:     func(q *isms.PartyRequirement) isms.ID { return q.ID },
	ver:    func(q *isms.PartyRequirement) int { return q.Version },
	fields: partyRequirementFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.PartyRequirement, error) {
		return tx.FindPartyRequirementByID(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, q *isms.PartyRequirement) (err error) {
		if q.Ref, q.Number, err = nextRecordRef(ctx, tx, q.OrgID, "party_requirements", "RQ-"); err != nil {
			return err
		}
		return tx.InsertPartyRequirement(ctx, q)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, q *isms.PartyRequirement, version int) error {
		return tx.UpdatePartyRequirement(ctx, q, version)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeletePartyRequirement(ctx, org, id)
	},
}

// partyRequirementFields are the fields of q as the audit trail records
// them.
func partyRequirementFields(q *isms.PartyRequirement) []fieldDiff {
	return []fieldDiff{{"ref", nil, q.Ref}, {"partyId", nil, string(q.PartyID)}, {"title", nil, q.Title},
		{"description", nil, q.Description}, {"type", nil, string(q.Type)}, {"source", nil, q.Source},
		{"addressed", nil, q.Addressed}, {"how", nil, q.How}, {"ownerId", nil, string(q.OwnerID)}}
}

// PartyRequirementInput is a requirement as a form or the API gives it:
// PartyID the ID or reference of the party ("IP-2"), Type legal,
// regulatory, contractual or other, OwnerID a member's user ID or empty.
// How says how the ISMS addresses it or, when it does not, why not.
// Controls, Documents and Risks are the references or IDs of the records
// that address it; nil leaves those links as they are.
type PartyRequirementInput struct {
	PartyID, Title, Description, Type, Source, How, OwnerID string
	Addressed                                               bool
	Controls, Documents, Risks                              []string
}

// fill applies in to q within tx: it validates every field, resolves the
// party, checks the owner and sets the links.
func (in PartyRequirementInput) fill(ctx context.Context, tx *sqldb.Tx, q *isms.PartyRequirement) (isms.Changes, error) {
	p := isms.Problems{}
	owner := q.OwnerID
	q.Title, q.Description, q.Source, q.How, q.Addressed = in.Title, in.Description, in.Source, in.How, in.Addressed
	q.Type = isms.RequirementType(contextEnum(in.Type))
	q.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	if err := addProblems(p, q.Validate()); err != nil {
		return nil, err
	}
	switch ref := strings.TrimSpace(in.PartyID); ref {
	case "":
		p.Add("partyId", "Choose the interested party whose requirement this is.")
	default:
		party, err := findPartyByIDOrRef(ctx, tx, q.OrgID, ref)
		if isms.ErrorCode(err) == isms.NotFound {
			p.Add("partyId", "No interested party "+ref+" in this organization.")
		} else if err != nil {
			return nil, err
		} else {
			q.PartyID, q.PartyRef, q.PartyName = party.ID, party.Ref, party.Name
		}
	}
	if err := checkContextOwner(ctx, tx, q.OrgID, owner, q.OwnerID, &q.OwnerName, p); err != nil {
		return nil, err
	}
	from := isms.Link{Type: objectPartyRequirement, ID: q.ID}
	ch, err := setContextLinks(ctx, tx, q.OrgID, from, p, []contextLinkField{
		{toType: objectControl, field: "controls", refs: in.Controls},
		{toType: objectDocument, field: "documents", refs: in.Documents},
		{toType: objectRisk, field: "risks", refs: in.Risks},
	})
	if err != nil {
		return nil, err
	}
	links, _, err := tx.FindRecordLinks(ctx, q.OrgID, from)
	q.Links = len(links)
	return ch, err
}

// CreatePartyRequirement records a requirement of an interested party
// under the next free reference ("RQ-<n>").
func (a *App) CreatePartyRequirement(ctx context.Context, actor isms.Actor, in PartyRequirementInput) (*isms.PartyRequirement, error) {
	q := &isms.PartyRequirement{ID: isms.NewID("preq"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, partyRequirementKind, q, func(tx *sqldb.Tx, q *isms.PartyRequirement) (isms.Changes, error) {
		return in.fill(ctx, tx, q)
	})
}

// UpdatePartyRequirement changes requirement id, which the person edited
// at version; a newer stored one is a conflict.
func (a *App) UpdatePartyRequirement(ctx context.Context, actor isms.Actor, id isms.ID, version int, in PartyRequirementInput) (*isms.PartyRequirement, error) {
	return updateRecord(ctx, a, actor, partyRequirementKind, id, version, func(tx *sqldb.Tx, q *isms.PartyRequirement) (isms.Changes, error) {
		return in.fill(ctx, tx, q)
	})
}

// DeletePartyRequirement deletes requirement id and its links.
func (a *App) DeletePartyRequirement(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, partyRequirementKind, id, nil)
}

// FindPartyRequirement returns a requirement of the actor's organization
// by its ID or reference.
func (a *App) FindPartyRequirement(ctx context.Context, actor isms.Actor, idOrRef string) (*isms.PartyRequirement, error) {
	k := partyRequirementKind
	k.find = func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.PartyRequirement, error) {
		return findPartyRequirementByIDOrRef(ctx, tx, org, string(id))
	}
	return findRecord(ctx, a, actor, k, isms.ID(idOrRef))
}

// FindPartyRequirements returns a page of the requirements of the
// actor's organization that f selects, and the total matching.
func (a *App) FindPartyRequirements(ctx context.Context, actor isms.Actor, f isms.PartyRequirementFilter) ([]*isms.PartyRequirement, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the requirements of interested parties."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.PartyRequirement
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindPartyRequirements(ctx, f)
		return err
	})
	return list, total, err
}

// RequirementsAddressedByControl returns the requirements of interested
// parties that the ISMS addresses and that are linked to control
// controlID: the legal, regulatory and contractual sources a Statement of
// Applicability cites for the control. At most isms.MaxPageSize, by
// reference.
func (a *App) RequirementsAddressedByControl(ctx context.Context, actor isms.Actor, controlID isms.ID) ([]*isms.PartyRequirement, error) {
	list, _, err := a.FindPartyRequirements(ctx, actor, isms.PartyRequirementFilter{Addressed: "yes",
		LinkedTo: isms.Link{Type: objectControl, ID: controlID}, Limit: isms.MaxPageSize})
	return list, err
}
