// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// campaignColumns are the columns a campaign is read from, with the
// acknowledgements of the versions it asks for now counted (those of
// versions it asked for before stay as records but count no more).
const campaignColumns = `c.id, c.organization_id, c.title, c.description, c.audience, c.due,
	c.follow_new_versions, c.closed, c.created_by, c.version, c.created_at, c.updated_at,
	(SELECT COUNT(*) FROM acknowledgements a JOIN campaign_documents cd
		ON cd.campaign_id = a.campaign_id AND cd.version_id = a.version_id WHERE a.campaign_id = c.id)`

func scanCampaign(s interface{ Scan(...any) error }) (*isms.Campaign, error) {
	var c isms.Campaign
	var audience string
	err := s.Scan(&c.ID, &c.OrgID, &c.Title, &c.Description, &audience, &c.Due, &c.FollowNewVersions,
		&c.Closed, &c.CreatedBy, &c.Version, (*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt), &c.Acknowledged)
	if err != nil {
		return nil, err
	}
	if err := readJSON(audience, "{}", &c.Audience); err != nil {
		return nil, fmt.Errorf("campaign %s audience: %w", c.ID, err)
	}
	return &c, nil
}

// InsertCampaign stores a new campaign at version 1 with its documents:
// c.Versions holds the version asked for of each of c.Documents.
func (tx *Tx) InsertCampaign(ctx context.Context, c *isms.Campaign) error {
	audience, err := jsonText(c.Audience)
	if err != nil {
		return fmt.Errorf("campaign audience: %w", err)
	}
	if len(c.Versions) != len(c.Documents) {
		return fmt.Errorf("insert campaign: %d documents but %d versions", len(c.Documents), len(c.Versions))
	}
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	_, err = tx.exec(ctx, `INSERT INTO campaigns (id, organization_id, title, description, audience, due,
		follow_new_versions, closed, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.Title, c.Description, audience, c.Due, c.FollowNewVersions, c.Closed, c.CreatedBy,
		c.Version, tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert campaign: %w", err)
	}
	return tx.insertCampaignDocuments(ctx, c)
}

// insertCampaignDocuments stores the (document, version) pairs of c.
func (tx *Tx) insertCampaignDocuments(ctx context.Context, c *isms.Campaign) error {
	const perInsert = 2000 // 4 arguments a row
	for start := 0; start < len(c.Documents); start += perInsert {
		end := min(start+perInsert, len(c.Documents))
		args := make([]any, 0, 4*(end-start))
		for i := start; i < end; i++ {
			args = append(args, c.OrgID, c.ID, c.Documents[i], c.Versions[i])
		}
		if _, err := tx.exec(ctx, `INSERT INTO campaign_documents (organization_id, campaign_id, document_id, version_id)
			VALUES `+repeatList("(?, ?, ?, ?)", end-start), args...); err != nil {
			if isUniqueIndex(err, "campaign_documents_pkey", "campaign_documents.campaign_id, campaign_documents.document_id") {
				return isms.Errorf(isms.Conflict, "A campaign can ask for each document once; remove the repeated document.")
			}
			return fmt.Errorf("insert campaign documents: %w", err)
		}
	}
	return nil
}

// UpdateCampaign stores the fields of c, which was read at version, and
// the versions it asks for, and advances its version; a changed version
// is a Conflict.
func (tx *Tx) UpdateCampaign(ctx context.Context, c *isms.Campaign, version int) error {
	audience, err := jsonText(c.Audience)
	if err != nil {
		return fmt.Errorf("campaign audience: %w", err)
	}
	if len(c.Versions) != len(c.Documents) {
		return fmt.Errorf("update campaign: %d documents but %d versions", len(c.Documents), len(c.Versions))
	}
	res, err := tx.exec(ctx, `UPDATE campaigns SET title = ?, description = ?, audience = ?, due = ?,
		follow_new_versions = ?, closed = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		c.Title, c.Description, audience, c.Due, c.FollowNewVersions, c.Closed, tx.ts(tx.now), c.OrgID, c.ID, version)
	if err != nil {
		return fmt.Errorf("update campaign: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("campaign")
	}
	if _, err := tx.exec(ctx, `DELETE FROM campaign_documents WHERE organization_id = ? AND campaign_id = ?`,
		c.OrgID, c.ID); err != nil {
		return fmt.Errorf("delete campaign documents: %w", err)
	}
	if err := tx.insertCampaignDocuments(ctx, c); err != nil {
		return err
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// FindCampaignByID returns campaign id of org with its documents and
// versions.
func (tx *Tx) FindCampaignByID(ctx context.Context, org, id isms.ID) (*isms.Campaign, error) {
	c, err := scanCampaign(tx.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns c
		WHERE c.organization_id = ? AND c.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such awareness campaign in this organization.")
	}
	if err := tx.loadCampaignDocuments(ctx, []*isms.Campaign{c}); err != nil {
		return nil, err
	}
	return c, nil
}

// FindCampaigns returns a page of the campaigns of org, open ones only
// unless includeClosed, by due date, with their documents and versions,
// and the total.
func (tx *Tx) FindCampaigns(ctx context.Context, org isms.ID, includeClosed bool, limit, offset int) ([]*isms.Campaign, int, error) {
	where, args := "c.organization_id = ?", []any{org}
	if !includeClosed {
		where, args = where+" AND c.closed = ?", append(args, false)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM campaigns c WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count campaigns: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	list, err := tx.campaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns c WHERE `+where+`
		ORDER BY c.due, LOWER(c.title), c.id LIMIT ? OFFSET ?`, append(args, isms.ClampPage(limit), offset)...)
	return list, total, err
}

// OpenCampaigns returns every campaign of org that is not closed, by due
// date, with its documents and versions, without a page limit: a few run
// at a time.
func (tx *Tx) OpenCampaigns(ctx context.Context, org isms.ID) ([]*isms.Campaign, error) {
	return tx.campaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns c
		WHERE c.organization_id = ? AND c.closed = ? ORDER BY c.due, LOWER(c.title), c.id`, org, false)
}

func (tx *Tx) campaigns(ctx context.Context, q string, args ...any) ([]*isms.Campaign, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select campaigns: %w", err)
	}
	var out []*isms.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan campaign: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select campaigns: %w", err)
	}
	return out, tx.loadCampaignDocuments(ctx, out)
}

// loadCampaignDocuments sets the Documents and Versions of the campaigns
// of list, in the order of the documents' references.
func (tx *Tx) loadCampaignDocuments(ctx context.Context, list []*isms.Campaign) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[isms.ID]*isms.Campaign, len(list))
	ids := make([]isms.ID, len(list))
	for i, c := range list {
		byID[c.ID], ids[i] = c, c.ID
	}
	return chunkIDs(ids, func(idArgs []any) error {
		rows, err := tx.query(ctx, `SELECT cd.campaign_id, cd.document_id, cd.version_id
			FROM campaign_documents cd JOIN documents d ON d.id = cd.document_id
			WHERE cd.organization_id = ? AND cd.campaign_id IN (`+placeholders(len(idArgs))+`)
			ORDER BY cd.campaign_id, d.number, d.ref`, append([]any{list[0].OrgID}, idArgs...)...)
		if err != nil {
			return fmt.Errorf("select campaign documents: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var campaign, doc, version isms.ID
			if err := rows.Scan(&campaign, &doc, &version); err != nil {
				return fmt.Errorf("scan campaign document: %w", err)
			}
			c := byID[campaign]
			c.Documents, c.Versions = append(c.Documents, doc), append(c.Versions, version)
		}
		return rows.Err()
	})
}

// ackColumns are the columns an acknowledgement is read from: joined to
// the member's account and the version acknowledged.
const ackColumns = `a.id, a.organization_id, a.campaign_id, a.user_id, COALESCE(u.name, ''), a.document_id,
	a.version_id, COALESCE(v.number, 0), a.at`

const ackFrom = ` FROM acknowledgements a LEFT JOIN users u ON u.id = a.user_id
	LEFT JOIN document_versions v ON v.id = a.version_id`

// InsertAcknowledgement records that a member acknowledged a version for
// a campaign, at the transaction's time. Acknowledging the same version
// for the same campaign twice is a Conflict.
func (tx *Tx) InsertAcknowledgement(ctx context.Context, a *isms.Acknowledgement) error {
	a.At = tx.now
	_, err := tx.exec(ctx, `INSERT INTO acknowledgements (id, organization_id, campaign_id, user_id, document_id,
		version_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrgID, a.CampaignID, a.UserID, a.DocumentID, a.VersionID, tx.ts(a.At))
	if isUniqueIndex(err, "acknowledgements_key",
		"acknowledgements.campaign_id, acknowledgements.user_id, acknowledgements.version_id") {
		return isms.Errorf(isms.Conflict, "You have acknowledged this version for this campaign already; nothing more to do.")
	}
	if err != nil {
		return fmt.Errorf("insert acknowledgement: %w", err)
	}
	return nil
}

// Acknowledgements returns the acknowledgements of campaign campaignID of
// org, oldest first, without a page limit: progress is counted from them.
func (tx *Tx) Acknowledgements(ctx context.Context, org, campaignID isms.ID) ([]*isms.Acknowledgement, error) {
	return tx.acknowledgements(ctx, `SELECT `+ackColumns+ackFrom+`
		WHERE a.organization_id = ? AND a.campaign_id = ? ORDER BY a.at, a.id`, org, campaignID)
}

// UserAcknowledgements returns the acknowledgements member userID of org
// made, newest first.
func (tx *Tx) UserAcknowledgements(ctx context.Context, org, userID isms.ID) ([]*isms.Acknowledgement, error) {
	return tx.acknowledgements(ctx, `SELECT `+ackColumns+ackFrom+`
		WHERE a.organization_id = ? AND a.user_id = ? ORDER BY a.at DESC, a.id DESC`, org, userID)
}

func (tx *Tx) acknowledgements(ctx context.Context, q string, args ...any) ([]*isms.Acknowledgement, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select acknowledgements: %w", err)
	}
	defer rows.Close()
	var out []*isms.Acknowledgement
	for rows.Next() {
		var a isms.Acknowledgement
		if err := rows.Scan(&a.ID, &a.OrgID, &a.CampaignID, &a.UserID, &a.UserName, &a.DocumentID,
			&a.VersionID, &a.VersionNumber, (*timestamp)(&a.At)); err != nil {
			return nil, fmt.Errorf("scan acknowledgement: %w", err)
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}
