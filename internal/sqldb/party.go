// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Interested parties and their requirements (27001 4.2). A party is read
// with its owner's name and how many requirements it has; a requirement
// with its party's reference and name, its owner's name and how many
// records address it.

const partyColumns = `p.id, p.organization_id, p.ref, p.number, p.name, p.kind, p.category, p.description, p.contact,
	COALESCE(p.owner_id, ''), COALESCE(u.name, ''),
	(SELECT COUNT(*) FROM party_requirements q WHERE q.organization_id = p.organization_id AND q.party_id = p.id),
	p.created_by, p.version, p.created_at, p.updated_at`

const partyFrom = ` FROM interested_parties p LEFT JOIN users u ON u.id = p.owner_id`

func scanParty(s interface{ Scan(...any) error }) (*isms.InterestedParty, error) {
	var p isms.InterestedParty
	err := s.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Number, &p.Name, &p.Kind, &p.Category, &p.Description, &p.Contact,
		&p.OwnerID, &p.OwnerName, &p.Requirements, &p.CreatedBy, &p.Version, (*timestamp)(&p.CreatedAt), (*timestamp)(&p.UpdatedAt))
	return &p, err
}

// InsertParty stores a new interested party at version 1 and sets its
// times. Its reference must be free.
func (tx *Tx) InsertParty(ctx context.Context, p *isms.InterestedParty) error {
	p.Version, p.CreatedAt, p.UpdatedAt, p.Number = 1, tx.now, tx.now, refNumber(p.Ref)
	_, err := tx.exec(ctx, `INSERT INTO interested_parties (id, organization_id, ref, number, name, kind, category,
		description, contact, owner_id, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.OrgID, p.Ref, p.Number, p.Name, p.Kind, p.Category, p.Description, p.Contact, nullID(p.OwnerID),
		string(p.CreatedBy), p.Version, tx.ts(p.CreatedAt), tx.ts(p.UpdatedAt))
	if refClash(err, "interested_parties") {
		return refTaken("interested party")
	}
	if err != nil {
		return fmt.Errorf("insert interested party: %w", err)
	}
	return nil
}

// UpdateParty stores the fields of p, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateParty(ctx context.Context, p *isms.InterestedParty, version int) error {
	res, err := tx.exec(ctx, `UPDATE interested_parties SET name = ?, kind = ?, category = ?, description = ?, contact = ?,
		owner_id = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		p.Name, p.Kind, p.Category, p.Description, p.Contact, nullID(p.OwnerID), tx.ts(tx.now), p.OrgID, p.ID, version)
	if err != nil {
		return fmt.Errorf("update interested party: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("interested party")
	}
	p.Version, p.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteParty deletes party id of org, which must have no requirements
// left (the database refuses otherwise).
func (tx *Tx) DeleteParty(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "interested_parties", org, id, "No such interested party in this organization.")
}

// FindPartyByID returns party id of org.
func (tx *Tx) FindPartyByID(ctx context.Context, org, id isms.ID) (*isms.InterestedParty, error) {
	p, err := scanParty(tx.queryRow(ctx, `SELECT `+partyColumns+partyFrom+` WHERE p.organization_id = ? AND p.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such interested party in this organization.")
	}
	return p, nil
}

// FindPartyByRef returns the party of org with reference ref.
func (tx *Tx) FindPartyByRef(ctx context.Context, org isms.ID, ref string) (*isms.InterestedParty, error) {
	p, err := scanParty(tx.queryRow(ctx, `SELECT `+partyColumns+partyFrom+` WHERE p.organization_id = ? AND p.ref = ?`, org, ref))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no interested party %q.", ref))
	}
	return p, nil
}

// partySorts are the party list's sort keys.
var partySorts = map[string]string{
	"ref":      "p.number, p.ref",
	"name":     "LOWER(p.name), p.number",
	"category": "p.category, p.number",
	"requirements": "(SELECT COUNT(*) FROM party_requirements q WHERE q.organization_id = p.organization_id AND q.party_id = p.id)" +
		", p.number",
	"updated": "p.updated_at, p.number",
}

// FindParties returns a page of the parties f selects, by reference by
// default, and the total matching.
func (tx *Tx) FindParties(ctx context.Context, f isms.PartyFilter) ([]*isms.InterestedParty, int, error) {
	where, args := "p.organization_id = ?", []any{f.OrgID}
	if f.Search != "" {
		s := like(f.Search)
		where += ` AND (LOWER(p.ref) LIKE ? ESCAPE '\' OR LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(p.description) LIKE ? ESCAPE '\'
			OR LOWER(p.contact) LIKE ? ESCAPE '\')`
		args = append(args, s, s, s, s)
	}
	if f.Kind != "" {
		where, args = where+" AND p.kind = ?", append(args, f.Kind)
	}
	if f.Category != "" {
		where, args = where+" AND p.category = ?", append(args, f.Category)
	}
	return findPage(ctx, tx, pageQuery{one: "interested party", many: "interested parties", columns: partyColumns,
		from: partyFrom, count: ` FROM interested_parties p`, where: where, args: args, orderBy: order(f.Sort, partySorts, "ref")},
		f.Limit, f.Offset, scanParty)
}

// preqLinks counts the records linked from requirement r.
const preqLinks = `(SELECT COUNT(*) FROM record_links l WHERE l.organization_id = r.organization_id
	AND l.from_type = 'party_requirement' AND l.from_id = r.id)`

const preqColumns = `r.id, r.organization_id, r.party_id, p.ref, p.name, r.ref, r.number, r.title, r.description,
	r.type, r.source, r.addressed, r.how, COALESCE(r.owner_id, ''), COALESCE(u.name, ''), ` + preqLinks + `,
	r.created_by, r.version, r.created_at, r.updated_at`

const preqFrom = ` FROM party_requirements r JOIN interested_parties p ON p.id = r.party_id
	LEFT JOIN users u ON u.id = r.owner_id`

func scanPartyRequirement(s interface{ Scan(...any) error }) (*isms.PartyRequirement, error) {
	var q isms.PartyRequirement
	err := s.Scan(&q.ID, &q.OrgID, &q.PartyID, &q.PartyRef, &q.PartyName, &q.Ref, &q.Number, &q.Title, &q.Description,
		&q.Type, &q.Source, &q.Addressed, &q.How, &q.OwnerID, &q.OwnerName, &q.Links,
		&q.CreatedBy, &q.Version, (*timestamp)(&q.CreatedAt), (*timestamp)(&q.UpdatedAt))
	return &q, err
}

// InsertPartyRequirement stores a new requirement at version 1 and sets
// its times. Its reference must be free.
func (tx *Tx) InsertPartyRequirement(ctx context.Context, q *isms.PartyRequirement) error {
	q.Version, q.CreatedAt, q.UpdatedAt, q.Number = 1, tx.now, tx.now, refNumber(q.Ref)
	_, err := tx.exec(ctx, `INSERT INTO party_requirements (id, organization_id, party_id, ref, number, title, description,
		type, source, addressed, how, owner_id, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.ID, q.OrgID, q.PartyID, q.Ref, q.Number, q.Title, q.Description, q.Type, q.Source, q.Addressed, q.How,
		nullID(q.OwnerID), string(q.CreatedBy), q.Version, tx.ts(q.CreatedAt), tx.ts(q.UpdatedAt))
	if refClash(err, "party_requirements") {
		return refTaken("requirement")
	}
	if err != nil {
		return fmt.Errorf("insert party requirement: %w", err)
	}
	return nil
}

// UpdatePartyRequirement stores the fields of q, which was read at
// version, and advances its version; a changed version is a Conflict.
func (tx *Tx) UpdatePartyRequirement(ctx context.Context, q *isms.PartyRequirement, version int) error {
	res, err := tx.exec(ctx, `UPDATE party_requirements SET party_id = ?, title = ?, description = ?, type = ?, source = ?,
		addressed = ?, how = ?, owner_id = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		q.PartyID, q.Title, q.Description, q.Type, q.Source, q.Addressed, q.How, nullID(q.OwnerID), tx.ts(tx.now),
		q.OrgID, q.ID, version)
	if err != nil {
		return fmt.Errorf("update party requirement: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("requirement")
	}
	q.Version, q.UpdatedAt = version+1, tx.now
	return nil
}

// DeletePartyRequirement deletes requirement id of org.
func (tx *Tx) DeletePartyRequirement(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "party_requirements", org, id, "No such requirement in this organization.")
}

// FindPartyRequirementByID returns requirement id of org.
func (tx *Tx) FindPartyRequirementByID(ctx context.Context, org, id isms.ID) (*isms.PartyRequirement, error) {
	q, err := scanPartyRequirement(tx.queryRow(ctx, `SELECT `+preqColumns+preqFrom+`
		WHERE r.organization_id = ? AND r.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such requirement in this organization.")
	}
	return q, nil
}

// FindPartyRequirementByRef returns the requirement of org with
// reference ref.
func (tx *Tx) FindPartyRequirementByRef(ctx context.Context, org isms.ID, ref string) (*isms.PartyRequirement, error) {
	q, err := scanPartyRequirement(tx.queryRow(ctx, `SELECT `+preqColumns+preqFrom+`
		WHERE r.organization_id = ? AND r.ref = ?`, org, ref))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no requirement %q.", ref))
	}
	return q, nil
}

// preqSorts are the requirement list's sort keys.
var preqSorts = map[string]string{
	"ref":       "r.number, r.ref",
	"title":     "LOWER(r.title), r.number",
	"party":     "p.number, r.number",
	"type":      "r.type, r.number",
	"addressed": "r.addressed, r.number",
	"updated":   "r.updated_at, r.number",
}

// preqWhere returns the conditions and arguments of f.
func preqWhere(f isms.PartyRequirementFilter) (string, []any) {
	where, args := "r.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(r.ref) LIKE ? ESCAPE '\' OR LOWER(r.title) LIKE ? ESCAPE '\' OR LOWER(r.description) LIKE ? ESCAPE '\'
			OR LOWER(r.source) LIKE ? ESCAPE '\')`, s, s, s, s)
	}
	if f.PartyID != "" {
		add("r.party_id = ?", f.PartyID)
	}
	if f.Type != "" {
		add("r.type = ?", f.Type)
	}
	switch f.Addressed {
	case "yes":
		add("r.addressed = ?", true)
	case "no":
		add("r.addressed = ?", false)
	}
	if f.Unlinked {
		add("r.addressed = ? AND "+preqLinks+" = 0", true)
	}
	if !f.LinkedTo.IsZero() {
		add(`EXISTS (SELECT 1 FROM record_links l WHERE l.organization_id = r.organization_id AND l.from_type = 'party_requirement'
			AND l.from_id = r.id AND l.to_type = ? AND l.to_id = ?)`, f.LinkedTo.Type, f.LinkedTo.ID)
	}
	return where, args
}

// FindPartyRequirements returns a page of the requirements f selects, by
// reference by default, and the total matching.
func (tx *Tx) FindPartyRequirements(ctx context.Context, f isms.PartyRequirementFilter) ([]*isms.PartyRequirement, int, error) {
	where, args := preqWhere(f)
	return findPage(ctx, tx, pageQuery{one: "party requirement", many: "party requirements", columns: preqColumns,
		from: preqFrom, count: ` FROM party_requirements r`, where: where, args: args, orderBy: order(f.Sort, preqSorts, "ref")},
		f.Limit, f.Offset, scanPartyRequirement)
}
