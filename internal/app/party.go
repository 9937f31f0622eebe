// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Interested parties (27001 4.2) are those who can affect or are affected
// by the ISMS: customers, regulators, staff, suppliers. Their
// requirements are in party_requirement.go. Whoever holds
// isms.EditContext records them; whoever reads the ISMS sees them.

// objectParty is the object type of interested parties in the audit
// trail and in links.
const objectParty = "interested_party"

func init() {
	linkables[objectParty] = linkable{
		label: "interested party",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			p, err := findPartyByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return p.ID, "Interested party " + p.Ref + ": " + p.Name, nil
		},
	}
}

// findPartyByIDOrRef returns a party by its ID or, failing that, its
// reference ("IP-2").
func findPartyByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.InterestedParty, error) {
	return byIDOrRef(ctx, org, s, tx.FindPartyByID, tx.FindPartyByRef)
}

// partyKind describes the register to the generic use cases.
var partyKind = recordKind[*isms.InterestedParty]{
	object: objectParty, label: "interested party", edit: isms.EditContext,
	id:     func(p *isms.InterestedParty) isms.ID { return p.ID },
	ver:    func(p *isms.InterestedParty) int { return p.Version },
	fields: partyFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.InterestedParty, error) {
		return tx.FindPartyByID(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, p *isms.InterestedParty) (err error) {
		if p.Ref, p.Number, err = nextRecordRef(ctx, tx, p.OrgID, "interested_parties", "IP-"); err != nil {
			return err
		}
		return tx.InsertParty(ctx, p)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, p *isms.InterestedParty, version int) error {
		return tx.UpdateParty(ctx, p, version)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error { return tx.DeleteParty(ctx, org, id) },
}

// partyFields are the fields of p as the audit trail records them.
func partyFields(p *isms.InterestedParty) []fieldDiff {
	return []fieldDiff{{"ref", nil, p.Ref}, {"name", nil, p.Name}, {"kind", nil, string(p.Kind)},
		{"category", nil, string(p.Category)}, {"description", nil, p.Description}, {"contact", nil, p.Contact},
		{"ownerId", nil, string(p.OwnerID)}}
}

// PartyInput is an interested party as a form or the API gives it: Kind
// internal or external, OwnerID a member's user ID or empty.
type PartyInput struct{ Name, Kind, Category, Description, Contact, OwnerID string }

// fill applies in to p within tx, validating every field and the owner.
func (in PartyInput) fill(ctx context.Context, tx *sqldb.Tx, p *isms.InterestedParty) (isms.Changes, error) {
	problems := isms.Problems{}
	owner := p.OwnerID
	p.Name, p.Description, p.Contact = in.Name, in.Description, in.Contact
	p.Kind = isms.ContextKind(contextEnum(in.Kind))
	p.Category = isms.PartyCategory(contextEnum(in.Category))
	p.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	if err := addProblems(problems, p.Validate()); err != nil {
		return nil, err
	}
	if err := checkContextOwner(ctx, tx, p.OrgID, owner, p.OwnerID, &p.OwnerName, problems); err != nil {
		return nil, err
	}
	return nil, problems.Err()
}

// CreateParty records an interested party under the next free reference
// ("IP-<n>").
func (a *App) CreateParty(ctx context.Context, actor isms.Actor, in PartyInput) (*isms.InterestedParty, error) {
	p := &isms.InterestedParty{ID: isms.NewID("ip"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, partyKind, p, func(tx *sqldb.Tx, p *isms.InterestedParty) (isms.Changes, error) {
		return in.fill(ctx, tx, p)
	})
}

// UpdateParty changes party id, which the person edited at version; a
// newer stored one is a conflict.
func (a *App) UpdateParty(ctx context.Context, actor isms.Actor, id isms.ID, version int, in PartyInput) (*isms.InterestedParty, error) {
	return updateRecord(ctx, a, actor, partyKind, id, version, func(tx *sqldb.Tx, p *isms.InterestedParty) (isms.Changes, error) {
		return in.fill(ctx, tx, p)
	})
}

// DeleteParty deletes party id. It refuses while the party has
// requirements: they are deleted or moved to another party first.
func (a *App) DeleteParty(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, partyKind, id, func(tx *sqldb.Tx, p *isms.InterestedParty) error {
		if p.Requirements > 0 {
			return isms.Errorf(isms.Conflict, "%s %s still has %s. Delete them, or move them to another party, before deleting the party.",
				p.Ref, p.Name, requirementCount(p.Requirements))
		}
		return nil
	})
}

// requirementCount says how many requirements there are: "1
// requirement", "3 requirements".
func requirementCount(n int) string {
	if n == 1 {
		return "1 requirement"
	}
	return fmt.Sprintf("%d requirements", n)
}

// FindParty returns a party of the actor's organization by its ID or
// reference.
func (a *App) FindParty(ctx context.Context, actor isms.Actor, idOrRef string) (*isms.InterestedParty, error) {
	k := partyKind
	k.find = func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.InterestedParty, error) {
		return findPartyByIDOrRef(ctx, tx, org, string(id))
	}
	return findRecord(ctx, a, actor, k, isms.ID(idOrRef))
}

// FindParties returns a page of the parties of the actor's organization
// that f selects, and the total matching.
func (a *App) FindParties(ctx context.Context, actor isms.Actor, f isms.PartyFilter) ([]*isms.InterestedParty, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the interested parties."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.InterestedParty
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindParties(ctx, f)
		return err
	})
	return list, total, err
}
