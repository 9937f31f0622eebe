// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

const resourceColumns = `id, organization_id, title, kind, amount, status, approved_by, approved_on, notes,
	version, created_at, updated_at`

func scanResource(s interface{ Scan(...any) error }) (*isms.Resource, error) {
	var r isms.Resource
	err := s.Scan(&r.ID, &r.OrgID, &r.Title, &r.Kind, &r.Amount, &r.Status, &r.ApprovedBy, &r.ApprovedOn,
		&r.Notes, &r.Version, (*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt))
	return &r, err
}

// InsertResource stores a new resource at version 1 and sets its times.
func (tx *Tx) InsertResource(ctx context.Context, r *isms.Resource) error {
	r.Version, r.CreatedAt, r.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO resources (`+resourceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.Title, r.Kind, r.Amount, r.Status, r.ApprovedBy, r.ApprovedOn, r.Notes, r.Version,
		tx.ts(r.CreatedAt), tx.ts(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert resource: %w", err)
	}
	return nil
}

// UpdateResource stores the fields of r, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateResource(ctx context.Context, r *isms.Resource, version int) error {
	res, err := tx.exec(ctx, `UPDATE resources SET title = ?, kind = ?, amount = ?, status = ?, approved_by = ?,
		approved_on = ?, notes = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		r.Title, r.Kind, r.Amount, r.Status, r.ApprovedBy, r.ApprovedOn, r.Notes, tx.ts(tx.now), r.OrgID, r.ID, version)
	if err != nil {
		return fmt.Errorf("update resource: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("resource")
	}
	r.Version, r.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteResource deletes resource id of org.
func (tx *Tx) DeleteResource(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "resources", org, id, "No such resource in this organization.")
}

// deleteOne deletes row id of org from table, a NotFound with msg when
// there is none.
func (tx *Tx) deleteOne(ctx context.Context, table string, org, id isms.ID, msg string) error {
	res, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete from %s: %w", table, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "%s", msg)
	}
	return nil
}

// FindResourceByID returns resource id of org.
func (tx *Tx) FindResourceByID(ctx context.Context, org, id isms.ID) (*isms.Resource, error) {
	r, err := scanResource(tx.queryRow(ctx, `SELECT `+resourceColumns+` FROM resources
		WHERE organization_id = ? AND id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such resource in this organization.")
	}
	return r, nil
}

// resourceStatusOrder ranks the statuses in display order, for sorting.
const resourceStatusOrder = `CASE status WHEN 'requested' THEN 1 WHEN 'approved' THEN 2 WHEN 'provided' THEN 3 ELSE 4 END`

// resourceSorts are the list's sort keys.
var resourceSorts = map[string]string{
	"title":      "LOWER(title), id",
	"kind":       "kind, LOWER(title), id",
	"status":     resourceStatusOrder + ", LOWER(title), id",
	"approvedOn": "approved_on IS NULL, approved_on, id",
	"updated":    "updated_at, id",
}

// FindResources returns a page of the resources of org, those with status
// when it is set, by title by default, and the total matching.
func (tx *Tx) FindResources(ctx context.Context, org isms.ID, status isms.ResourceStatus, sort string, limit, offset int) ([]*isms.Resource, int, error) {
	where, args := "organization_id = ?", []any{org}
	if status != "" {
		where, args = where+" AND status = ?", append(args, status)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM resources WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count resources: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+resourceColumns+` FROM resources WHERE `+where+
		order(sort, resourceSorts, "title")+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(limit), offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select resources: %w", err)
	}
	defer rows.Close()
	var out []*isms.Resource
	for rows.Next() {
		r, err := scanResource(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan resource: %w", err)
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// commColumns are the columns a communication item is read from: joined
// to the responsible member's account, with the day it was last held.
const commColumns = `c.id, c.organization_id, c.topic, c.audience, c.frequency, c.channel,
	COALESCE(c.responsible_id, ''), COALESCE(u.name, ''), c.notes,
	(SELECT MAX(r.held_on) FROM communication_records r WHERE r.organization_id = c.organization_id AND r.item_id = c.id),
	c.version, c.created_at, c.updated_at`

const commFrom = ` FROM communication_items c LEFT JOIN users u ON u.id = c.responsible_id`

func scanCommunicationItem(s interface{ Scan(...any) error }) (*isms.CommunicationItem, error) {
	var c isms.CommunicationItem
	err := s.Scan(&c.ID, &c.OrgID, &c.Topic, &c.Audience, &c.Frequency, &c.Channel, &c.ResponsibleID,
		&c.ResponsibleName, &c.Notes, &c.LastHeld, &c.Version, (*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt))
	return &c, err
}

// InsertCommunicationItem stores a new line of the communication plan at
// version 1 and sets its times.
func (tx *Tx) InsertCommunicationItem(ctx context.Context, c *isms.CommunicationItem) error {
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO communication_items (id, organization_id, topic, audience, frequency,
		channel, responsible_id, notes, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.Topic, c.Audience, c.Frequency, c.Channel, nullID(c.ResponsibleID), c.Notes, c.Version,
		tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert communication item: %w", err)
	}
	return nil
}

// UpdateCommunicationItem stores the fields of c, which was read at
// version, and advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateCommunicationItem(ctx context.Context, c *isms.CommunicationItem, version int) error {
	res, err := tx.exec(ctx, `UPDATE communication_items SET topic = ?, audience = ?, frequency = ?, channel = ?,
		responsible_id = ?, notes = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		c.Topic, c.Audience, c.Frequency, c.Channel, nullID(c.ResponsibleID), c.Notes, tx.ts(tx.now),
		c.OrgID, c.ID, version)
	if err != nil {
		return fmt.Errorf("update communication item: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("communication plan entry")
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteCommunicationItem deletes item id of org with its records.
func (tx *Tx) DeleteCommunicationItem(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM communication_records WHERE organization_id = ? AND item_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete communication records: %w", err)
	}
	return tx.deleteOne(ctx, "communication_items", org, id, "No such entry in the communication plan.")
}

// FindCommunicationItemByID returns item id of org.
func (tx *Tx) FindCommunicationItemByID(ctx context.Context, org, id isms.ID) (*isms.CommunicationItem, error) {
	c, err := scanCommunicationItem(tx.queryRow(ctx, `SELECT `+commColumns+commFrom+`
		WHERE c.organization_id = ? AND c.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such entry in the communication plan.")
	}
	return c, nil
}

// commSorts are the plan's sort keys. Items never held, and items without
// someone responsible, come first.
var commSorts = map[string]string{
	"topic":       "LOWER(c.topic), c.id",
	"audience":    "LOWER(c.audience), LOWER(c.topic), c.id",
	"frequency":   "LOWER(c.frequency), LOWER(c.topic), c.id",
	"channel":     "LOWER(c.channel), LOWER(c.topic), c.id",
	"responsible": "u.name IS NOT NULL, u.name, LOWER(c.topic), c.id",
	"lastHeld":    "COALESCE((SELECT MAX(r.held_on) FROM communication_records r WHERE r.organization_id = c.organization_id AND r.item_id = c.id), ''), c.id",
	"updated":     "c.updated_at, c.id",
}

// FindCommunicationItems returns a page of org's communication plan,
// those matching search (topic, audience, channel, frequency) when set,
// by topic by default, and the total matching.
func (tx *Tx) FindCommunicationItems(ctx context.Context, org isms.ID, search, sort string, limit, offset int) ([]*isms.CommunicationItem, int, error) {
	where, args := "c.organization_id = ?", []any{org}
	if search != "" {
		s := like(search)
		where += ` AND (LOWER(c.topic) LIKE ? ESCAPE '\' OR LOWER(c.audience) LIKE ? ESCAPE '\'
			OR LOWER(c.channel) LIKE ? ESCAPE '\' OR LOWER(c.frequency) LIKE ? ESCAPE '\')`
		args = append(args, s, s, s, s)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM communication_items c WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count communication items: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+commColumns+commFrom+` WHERE `+where+
		order(sort, commSorts, "topic")+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(limit), offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select communication items: %w", err)
	}
	defer rows.Close()
	var out []*isms.CommunicationItem
	for rows.Next() {
		c, err := scanCommunicationItem(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan communication item: %w", err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// InsertCommunicationRecord records that a planned communication took
// place.
func (tx *Tx) InsertCommunicationRecord(ctx context.Context, r *isms.CommunicationRecord) error {
	r.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO communication_records (id, organization_id, item_id, held_on, summary,
		evidence_id, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.ItemID, r.HeldOn, r.Summary, nullID(r.EvidenceID), r.RecordedBy, tx.ts(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert communication record: %w", err)
	}
	return nil
}

// maxCommunicationRecords caps the records read for one item.
const maxCommunicationRecords = 10000

// CommunicationRecords returns the records of item itemID of org, the
// latest held first.
func (tx *Tx) CommunicationRecords(ctx context.Context, org, itemID isms.ID) ([]*isms.CommunicationRecord, error) {
	rows, err := tx.query(ctx, `SELECT id, organization_id, item_id, held_on, summary, COALESCE(evidence_id, ''),
		recorded_by, created_at FROM communication_records WHERE organization_id = ? AND item_id = ?
		ORDER BY held_on DESC, created_at DESC, id DESC LIMIT ?`, org, itemID, maxCommunicationRecords)
	if err != nil {
		return nil, fmt.Errorf("select communication records: %w", err)
	}
	defer rows.Close()
	var out []*isms.CommunicationRecord
	for rows.Next() {
		var r isms.CommunicationRecord
		if err := rows.Scan(&r.ID, &r.OrgID, &r.ItemID, &r.HeldOn, &r.Summary, &r.EvidenceID, &r.RecordedBy,
			(*timestamp)(&r.CreatedAt)); err != nil {
			return nil, fmt.Errorf("scan communication record: %w", err)
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}
