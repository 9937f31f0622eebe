// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Records of management commitment (27001 5.1): what top management did
// to lead the ISMS, each with its evidence (minutes, the signed budget,
// the message sent). Whoever holds isms.ManageLeadership records them;
// whoever reads the ISMS sees them.

// objectCommitment is the object type of commitment records in the audit
// trail, in links and in evidence links.
const objectCommitment = "commitment"

func init() {
	linkables[objectCommitment] = linkable{
		label: "commitment record",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			c, err := findCommitmentByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return c.ID, "Commitment record " + c.Ref + ": " + c.Title, nil
		},
	}
}

// findCommitmentByIDOrRef returns the commitment record of org with ID or
// reference s.
func findCommitmentByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Commitment, error) {
	c, err := tx.FindCommitmentByID(ctx, org, isms.ID(s))
	if isms.ErrorCode(err) == isms.NotFound {
		return tx.FindCommitmentByRef(ctx, org, s)
	}
	return c, err
}

// commitments is the register of commitment records for the generic use
// cases of record.go.
var commitments = recordKind[*isms.Commitment]{
	object: objectCommitment, label: "commitment record", edit: isms.ManageLeadership,
	id:     func(c *isms.Commitment) isms.ID { return c.ID },
	ver:    func(c *isms.Commitment) int { return c.Version },
	fields: commitmentFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Commitment, error) {
		return findCommitmentByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, c *isms.Commitment) error { return tx.InsertCommitment(ctx, c) },
	update: func(ctx context.Context, tx *sqldb.Tx, c *isms.Commitment, v int) error {
		return tx.UpdateCommitment(ctx, c, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteCommitment(ctx, org, id)
	},
}

// commitmentFields are the fields of c as the audit trail records them.
func commitmentFields(c *isms.Commitment) []fieldDiff {
	return []fieldDiff{{"ref", nil, c.Ref}, {"madeOn", nil, c.MadeOn.String()}, {"kind", nil, string(c.Kind)},
		{"title", nil, c.Title}, {"description", nil, c.Description}, {"madeBy", nil, c.MadeBy}}
}

// CommitmentInput is a commitment record as a form or the API gives it:
// MadeOn as YYYY-MM-DD; Kind decision, resource, communication, review or
// other; MadeBy who in top management, as people name them.
type CommitmentInput struct{ MadeOn, Kind, Title, Description, MadeBy string }

// fill returns the fill func that sets c from in and validates it.
func (in CommitmentInput) fill(today isms.Date) fillFunc[*isms.Commitment] {
	return func(tx *sqldb.Tx, c *isms.Commitment) (isms.Changes, error) {
		p := isms.Problems{}
		c.Title, c.Description, c.MadeBy = in.Title, in.Description, in.MadeBy
		c.Kind = isms.CommitmentKind(strings.ToLower(strings.TrimSpace(in.Kind)))
		d, err := isms.ParseDate(strings.TrimSpace(in.MadeOn))
		if err != nil {
			p.Add("madeOn", "Enter the date as YYYY-MM-DD.")
		}
		c.MadeOn = d
		return nil, mergeProblems(p, c.Validate(today))
	}
}

// CreateCommitment records an act of top management's commitment, with
// the next free reference ("MC-4").
func (a *App) CreateCommitment(ctx context.Context, actor isms.Actor, in CommitmentInput) (*isms.Commitment, error) {
	c := &isms.Commitment{ID: isms.NewID("cmt"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	fill := in.fill(a.today())
	return createRecord(ctx, a, actor, commitments, c, func(tx *sqldb.Tx, c *isms.Commitment) (isms.Changes, error) {
		ch, err := fill(tx, c)
		if err != nil {
			return nil, err
		}
		c.Ref, _, err = nextRecordRef(ctx, tx, actor.OrgID, "commitments", "MC-")
		return ch, err
	})
}

// commitmentID returns the ID of the commitment record whose ID or
// reference is id, so that the audit trail names the record by its ID.
func (a *App) commitmentID(ctx context.Context, actor isms.Actor, id isms.ID) (isms.ID, error) {
	if strings.HasPrefix(string(id), "cmt_") {
		return id, nil
	}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindCommitmentByRef(ctx, actor.OrgID, string(id))
		if err == nil {
			id = c.ID
		}
		return err
	})
	return id, err
}

// UpdateCommitment changes commitment record id (an ID or reference),
// which the person edited at version; a newer stored one is a conflict.
func (a *App) UpdateCommitment(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CommitmentInput) (*isms.Commitment, error) {
	id, err := a.commitmentID(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return updateRecord(ctx, a, actor, commitments, id, version, in.fill(a.today()))
}

// DeleteCommitment deletes commitment record id (an ID or reference).
// Evidence linked to it stays in the evidence register.
func (a *App) DeleteCommitment(ctx context.Context, actor isms.Actor, id isms.ID) error {
	id, err := a.commitmentID(ctx, actor, id)
	if err != nil {
		return err
	}
	return deleteRecord(ctx, a, actor, commitments, id, nil)
}

// FindCommitment returns commitment record id (an ID or reference).
func (a *App) FindCommitment(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Commitment, error) {
	return findRecord(ctx, a, actor, commitments, id)
}

// FindCommitments lists the organization's commitment records matching
// f, newest first by default.
func (a *App) FindCommitments(ctx context.Context, actor isms.Actor, f isms.CommitmentFilter) ([]*isms.Commitment, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see commitment records."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.Commitment
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindCommitments(ctx, f)
		return err
	})
	return list, total, err
}

// CommitmentYears returns the years in which the organization recorded
// commitments, newest first.
func (a *App) CommitmentYears(ctx context.Context, actor isms.Actor) ([]int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see commitment records."); err != nil {
		return nil, err
	}
	var years []int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		years, err = tx.CommitmentYears(ctx, actor.OrgID)
		return err
	})
	return years, err
}
