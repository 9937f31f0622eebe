// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The communication plan (27001 7.4) says what the ISMS communicates,
// when, with whom, who communicates and how; records show that each
// communication took place. Whoever holds isms.ManagePeople keeps the
// plan and its records; whoever reads the ISMS sees them.

// objectCommunicationItem is the object type of communication plan items
// in the audit trail.
const objectCommunicationItem = "communication_item"

// CommunicationInput is a plan item as a form or the API gives it:
// ResponsibleID is a member's account or empty.
type CommunicationInput struct {
	Topic, Audience, Frequency, Channel, ResponsibleID, Notes string
}

// apply sets the fields of c from in.
func (in CommunicationInput) apply(c *isms.CommunicationItem) {
	c.Topic, c.Audience, c.Frequency, c.Channel, c.Notes = in.Topic, in.Audience, in.Frequency, in.Channel, in.Notes
	c.ResponsibleID = isms.ID(strings.TrimSpace(in.ResponsibleID))
}

// checkCommunication checks c and its responsible member, and returns
// every problem at once.
func checkCommunication(ctx context.Context, tx *sqldb.Tx, c *isms.CommunicationItem) error {
	p := isms.Problems{}
	c.ResponsibleName = ""
	if c.ResponsibleID != "" {
		name, err := activeMemberName(ctx, tx, c.OrgID, c.ResponsibleID, "responsibleId", p)
		if err != nil {
			return err
		}
		c.ResponsibleName = name
	}
	return mergeProblems(p, c.Validate())
}

// communicationFields are the fields of c as the audit trail records them.
func communicationFields(c *isms.CommunicationItem) []fieldDiff {
	return []fieldDiff{{"topic", nil, c.Topic}, {"audience", nil, c.Audience}, {"frequency", nil, c.Frequency},
		{"channel", nil, c.Channel}, {"responsible", nil, c.ResponsibleName}, {"notes", nil, c.Notes}}
}

// CreateCommunicationItem adds a line to the communication plan.
func (a *App) CreateCommunicationItem(ctx context.Context, actor isms.Actor, in CommunicationInput) (*isms.CommunicationItem, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not change the communication plan."); err != nil {
		return nil, err
	}
	c := &isms.CommunicationItem{ID: isms.NewID("comm"), OrgID: actor.OrgID}
	in.apply(c)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := checkCommunication(ctx, tx, c); err != nil {
			return err
		}
		if err := tx.InsertCommunicationItem(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "communication_item.create", objectCommunicationItem, c.ID,
			createdSupport(communicationFields(c)))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCommunicationItem changes a line of the plan. version is the
// version the person edited; a newer stored one is a conflict.
func (a *App) UpdateCommunicationItem(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CommunicationInput) (*isms.CommunicationItem, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not change the communication plan."); err != nil {
		return nil, err
	}
	var c *isms.CommunicationItem
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if c, err = tx.FindCommunicationItemByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if c.Version != version {
			return staleConflict("communication", version, c.Version)
		}
		b := communicationFields(c)
		in.apply(c)
		if err := checkCommunication(ctx, tx, c); err != nil {
			return err
		}
		f := communicationFields(c)
		for i := range f {
			f[i].before = b[i].after
		}
		changes := diffSupport(f...)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateCommunicationItem(ctx, c, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "communication_item.update", objectCommunicationItem, c.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCommunicationItem deletes a line of the plan that was never held;
// one with records is kept, so that the records stay.
func (a *App) DeleteCommunicationItem(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not change the communication plan."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindCommunicationItemByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		records, err := tx.CommunicationRecords(ctx, actor.OrgID, c.ID)
		if err != nil {
			return err
		}
		if len(records) > 0 {
			return isms.Errorf(isms.Conflict, "%s has %d records of communications held, which must be kept; edit the line instead of deleting it.", quote(c.Topic), len(records))
		}
		if err := tx.DeleteCommunicationItem(ctx, actor.OrgID, c.ID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "communication_item.delete", objectCommunicationItem, c.ID,
			isms.Changes{"topic": {Before: c.Topic}, "audience": {Before: c.Audience}})
	})
}

// FindCommunicationItems lists the plan, searched in its topic, audience,
// channel and frequency, and sorted by sort ("topic", "audience",
// "frequency", "channel", "responsible", "lastHeld"; "-" for descending).
func (a *App) FindCommunicationItems(ctx context.Context, actor isms.Actor, search, sort string, limit, offset int) ([]*isms.CommunicationItem, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the communication plan."); err != nil {
		return nil, 0, err
	}
	var list []*isms.CommunicationItem
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindCommunicationItems(ctx, actor.OrgID, search, sort, limit, offset)
		return err
	})
	return list, total, err
}

// CommunicationDetail is a line of the plan with the records of the
// communications held, newest first.
type CommunicationDetail struct {
	Item    *isms.CommunicationItem
	Records []*isms.CommunicationRecord
}

// FindCommunicationItem returns a line of the plan with its records.
func (a *App) FindCommunicationItem(ctx context.Context, actor isms.Actor, id isms.ID) (*CommunicationDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the communication plan."); err != nil {
		return nil, err
	}
	d := &CommunicationDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Item, err = tx.FindCommunicationItemByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		d.Records, err = tx.CommunicationRecords(ctx, actor.OrgID, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find communication item %s: %w", id, err)
	}
	return d, nil
}

// CommunicationRecordInput records a communication held: HeldOn as
// YYYY-MM-DD (empty: today), EvidenceID an evidence item or empty.
type CommunicationRecordInput struct {
	HeldOn, Summary, EvidenceID string
}

// RecordCommunication records that a planned communication took place.
func (a *App) RecordCommunication(ctx context.Context, actor isms.Actor, itemID isms.ID, in CommunicationRecordInput) (*isms.CommunicationRecord, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not record communications."); err != nil {
		return nil, err
	}
	r, p := a.communicationRecord(actor, itemID, in)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindCommunicationItemByID(ctx, actor.OrgID, itemID)
		if err != nil {
			return err
		}
		if r.EvidenceID != "" {
			_, err := tx.FindEvidenceByID(ctx, actor.OrgID, r.EvidenceID)
			if isms.ErrorCode(err) == isms.NotFound {
				p.Add("evidenceId", "There is no such evidence in this organization; add it as evidence first.")
			} else if err != nil {
				return err
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		if err := tx.InsertCommunicationRecord(ctx, r); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "communication_item.record", objectCommunicationItem, c.ID,
			createdSupport([]fieldDiff{{"heldOn", nil, r.HeldOn.String()}, {"summary", nil, r.Summary},
				{"evidence", nil, string(r.EvidenceID)}}))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// communicationRecord reads in as a record of item, with its problems.
func (a *App) communicationRecord(actor isms.Actor, itemID isms.ID, in CommunicationRecordInput) (*isms.CommunicationRecord, isms.Problems) {
	p := isms.Problems{}
	r := &isms.CommunicationRecord{ID: isms.NewID("crec"), OrgID: actor.OrgID, ItemID: itemID,
		Summary: strings.TrimSpace(in.Summary), EvidenceID: isms.ID(strings.TrimSpace(in.EvidenceID)), RecordedBy: actor.Name}
	d, err := isms.ParseDate(strings.TrimSpace(in.HeldOn))
	switch {
	case err != nil:
		p.Add("heldOn", "Enter the date it was held as YYYY-MM-DD.")
	case d.IsZero():
		d = a.today()
	case d.After(a.today()):
		p.Add("heldOn", "The date it was held cannot be in the future; record it once it has taken place.")
	case d.Time().Year() < 2000:
		p.Add("heldOn", "The date it was held must be in 2000 or later.")
	}
	r.HeldOn = d
	if len([]rune(r.Summary)) > isms.MaxTextLen {
		p.Add("summary", "Summary must be at most 20,000 characters.")
	}
	return r, p
}
