// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Awareness campaigns (27001 7.3) ask a group of members to read and
// acknowledge approved document versions by a date. Whoever holds
// isms.ManageAwareness runs them; whoever reads the ISMS follows their
// progress; every member sees and acknowledges what they are asked to
// (acknowledgement.go). Each member of the audience gets a task "Read and
// acknowledge: <title>" linked to the campaign, completed when they have
// acknowledged every document.

// objectCampaign is the object type of campaigns in the audit trail and
// in links.
const objectCampaign = "campaign"

// maxCampaignNotices is the largest audience whose tasks are announced by
// e-mail one by one; a bigger campaign is announced by whoever runs it,
// not by a flood of mail from the product.
const maxCampaignNotices = 50

func init() {
	linkables[objectCampaign] = linkable{
		label: "awareness campaign",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			c, err := tx.FindCampaignByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return c.ID, "Awareness campaign: " + c.Title, nil
		},
	}
}

// CampaignInput is a campaign as a form or the API gives it: Due as
// YYYY-MM-DD; Documents by ID or reference, each with an approved version;
// AudienceRoles role names; AudiencePeople members by account ID or
// e-mail address.
type CampaignInput struct {
	Title, Description, Due       string
	Documents                     []string
	AudienceEveryone              bool
	AudienceRoles, AudiencePeople []string
	FollowNewVersions             bool
}

// apply sets the plain fields of c from in, recording what cannot be read
// in p.
func (in CampaignInput) apply(c *isms.Campaign, p isms.Problems) {
	c.Title, c.Description, c.FollowNewVersions = in.Title, in.Description, in.FollowNewVersions
	d, err := isms.ParseDate(strings.TrimSpace(in.Due))
	if err != nil {
		p.Add("due", "Enter the due date as YYYY-MM-DD.")
	}
	c.Due = d
	c.Normalize()
}

// campaignPlan is what a campaign's input resolves to.
type campaignPlan struct {
	docs     []*isms.Document
	versions []*isms.DocumentVersion
	members  []*isms.Member // the active members of its audience
}

// prepare resolves the audience and documents of in into c (documents
// already in c keep the version they ask for) and checks the result,
// reporting every problem at once.
func (in CampaignInput) prepare(ctx context.Context, tx *sqldb.Tx, c *isms.Campaign, p isms.Problems) (*campaignPlan, error) {
	aud, err := resolveAudience(ctx, tx, c.OrgID, in.AudienceEveryone, in.AudienceRoles, in.AudiencePeople, p)
	if err != nil {
		return nil, err
	}
	c.Audience = aud
	plan := &campaignPlan{}
	if err := plan.resolveDocuments(ctx, tx, c, in.Documents, p); err != nil {
		return nil, err
	}
	if err := mergeProblems(p, c.Validate()); err != nil {
		return nil, err
	}
	all, err := activeMembers(ctx, tx, c.OrgID)
	if err != nil {
		return nil, err
	}
	plan.members = audienceMembers(all, c.Audience)
	if len(plan.members) == 0 {
		return nil, isms.Problems{"audience": "No active member of the organization is in this audience; choose everyone, other roles or named people."}.Err()
	}
	return plan, nil
}

// resolveDocuments finds the documents refs name, each with the version
// to acknowledge, and sets c.Documents and c.Versions.
func (plan *campaignPlan) resolveDocuments(ctx context.Context, tx *sqldb.Tx, c *isms.Campaign, refs []string, p isms.Problems) error {
	asked := map[isms.ID]isms.ID{}
	for i, d := range c.Documents {
		if i < len(c.Versions) {
			asked[d] = c.Versions[i]
		}
	}
	c.Documents, c.Versions = nil, nil
	var unknown, unapproved []string
	for _, ref := range refs {
		if ref = strings.TrimSpace(ref); ref == "" {
			continue
		}
		d, err := byIDOrRef(ctx, c.OrgID, ref, tx.FindDocumentByID, tx.FindDocumentByRef)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			unknown = append(unknown, quote(ref))
			continue
		case err != nil:
			return err
		case containsID(c.Documents, d.ID):
			continue
		}
		v, err := askedVersion(ctx, tx, d, asked[d.ID])
		if err != nil {
			return err
		}
		if v == nil {
			unapproved = append(unapproved, d.Ref)
			continue
		}
		plan.docs, plan.versions = append(plan.docs, d), append(plan.versions, v)
		c.Documents, c.Versions = append(c.Documents, d.ID), append(c.Versions, v.ID)
	}
	if len(unknown) > 0 {
		p.Add("documents", "There is no document "+strings.Join(unknown, ", ")+" in this organization; name documents by their references.")
	} else if len(unapproved) > 0 {
		p.Add("documents", strings.Join(unapproved, ", ")+" has no approved version yet; only approved versions can be acknowledged, so approve it first or leave it out.")
	}
	return nil
}

// askedVersion returns the version of d a campaign asks for: the one it
// asked for already, or else the approved one; nil when d has none.
func askedVersion(ctx context.Context, tx *sqldb.Tx, d *isms.Document, asked isms.ID) (*isms.DocumentVersion, error) {
	if asked != "" {
		return tx.FindDocumentVersionByID(ctx, d.OrgID, asked)
	}
	if d.ApprovedNumber == 0 || d.Retired {
		return nil, nil
	}
	return tx.FindDocumentVersion(ctx, d.OrgID, d.ID, d.ApprovedNumber)
}

// CreateCampaign starts a campaign and gives each member of its audience
// a task to read and acknowledge its documents by its due date.
func (a *App) CreateCampaign(ctx context.Context, actor isms.Actor, in CampaignInput) (*isms.Campaign, error) {
	if err := forbid(actor.Can(isms.ManageAwareness), "You may not start awareness campaigns."); err != nil {
		return nil, err
	}
	c := &isms.Campaign{ID: isms.NewID("cmp"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	p := isms.Problems{}
	in.apply(c, p)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		plan, err := in.prepare(ctx, tx, c, p)
		if err != nil {
			return err
		}
		if err := tx.InsertCampaign(ctx, c); err != nil {
			return err
		}
		ch := createdSupport(campaignFields(c, plan))
		if err := audit(ctx, tx, orgChain(c.OrgID), actor, "campaign.create", objectCampaign, c.ID, ch); err != nil {
			return err
		}
		tasks, err := syncCampaignTasks(ctx, tx, actor, c, plan.members)
		if err != nil {
			return err
		}
		return a.notifyCampaignTasks(ctx, tx, actor, tasks)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// campaignFields are the fields of c as the audit trail records them.
func campaignFields(c *isms.Campaign, plan *campaignPlan) []fieldDiff {
	docs := make([]string, len(plan.docs))
	for i, d := range plan.docs {
		docs[i] = d.Ref + " v" + strconv.Itoa(plan.versions[i].Number)
	}
	return []fieldDiff{{"title", nil, c.Title}, {"description", nil, c.Description}, {"due", nil, c.Due.String()},
		{"documents", nil, strings.Join(docs, "; ")}, {"audience", nil, audienceText(c.Audience, plan.members)},
		{"members", nil, len(plan.members)}, {"followNewVersions", nil, c.FollowNewVersions}}
}

// audienceText describes an audience for the audit trail, naming people
// by name.
func audienceText(aud isms.Audience, members []*isms.Member) string {
	if aud.Everyone {
		return "everyone"
	}
	var parts []string
	for _, r := range aud.Roles {
		parts = append(parts, "role "+string(r))
	}
	names := map[isms.ID]string{}
	for _, m := range members {
		names[m.User.ID] = m.User.Name
	}
	for _, id := range aud.People {
		if n := names[id]; n != "" {
			parts = append(parts, n)
		} else {
			parts = append(parts, string(id))
		}
	}
	return strings.Join(parts, "; ")
}

// UpdateCampaign changes an open campaign. Documents it keeps ask for the
// same version; members who join its audience get a task, and those who
// leave it have theirs cancelled. version is the version the person
// edited; a newer stored one is a conflict.
func (a *App) UpdateCampaign(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CampaignInput) (*isms.Campaign, error) {
	if err := forbid(actor.Can(isms.ManageAwareness), "You may not change awareness campaigns."); err != nil {
		return nil, err
	}
	var c *isms.Campaign
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if c, err = openCampaign(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if c.Version != version {
			return staleConflict("campaign", version, c.Version)
		}
		b, err := campaignPlanOf(ctx, tx, c)
		if err != nil {
			return err
		}
		before := campaignFields(c, b)
		p := isms.Problems{}
		in.apply(c, p)
		plan, err := in.prepare(ctx, tx, c, p)
		if err != nil {
			return err
		}
		f := campaignFields(c, plan)
		for i := range f {
			f[i].before = before[i].after
		}
		changes := diffSupport(f...)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateCampaign(ctx, c, version); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(c.OrgID), actor, "campaign.update", objectCampaign, c.ID, changes); err != nil {
			return err
		}
		tasks, err := syncCampaignTasks(ctx, tx, actor, c, plan.members)
		if err != nil {
			return err
		}
		return a.notifyCampaignTasks(ctx, tx, actor, tasks)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// openCampaign returns a campaign that is not closed.
func openCampaign(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Campaign, error) {
	c, err := tx.FindCampaignByID(ctx, org, id)
	if err != nil {
		return nil, err
	}
	if c.Closed {
		return nil, isms.Errorf(isms.Conflict, "The campaign %s is closed; start a new campaign instead.", quote(c.Title))
	}
	return c, nil
}

// campaignPlanOf reads the documents, versions and audience members of a
// stored campaign.
func campaignPlanOf(ctx context.Context, tx *sqldb.Tx, c *isms.Campaign) (*campaignPlan, error) {
	plan := &campaignPlan{}
	for i, id := range c.Documents {
		d, err := tx.FindDocumentByID(ctx, c.OrgID, id)
		if err != nil {
			return nil, err
		}
		v, err := tx.FindDocumentVersionByID(ctx, c.OrgID, c.Versions[i])
		if err != nil {
			return nil, err
		}
		plan.docs, plan.versions = append(plan.docs, d), append(plan.versions, v)
	}
	all, err := activeMembers(ctx, tx, c.OrgID)
	if err != nil {
		return nil, err
	}
	plan.members = audienceMembers(all, c.Audience)
	return plan, nil
}

// CloseCampaign ends a campaign: the open tasks of its members are
// cancelled; what was acknowledged stays on record.
func (a *App) CloseCampaign(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageAwareness), "You may not close awareness campaigns."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := openCampaign(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		c.Closed = true
		if err := tx.UpdateCampaign(ctx, c, c.Version); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(c.OrgID), actor, "campaign.close", objectCampaign, c.ID,
			isms.Changes{"closed": {Before: false, After: true}}); err != nil {
			return err
		}
		_, err = syncCampaignTasks(ctx, tx, actor, c, nil)
		return err
	})
}

// FindCampaigns lists the organization's campaigns in due order, open
// ones only unless includeClosed, with how many acknowledgements each
// asks of its current audience and how many it has.
func (a *App) FindCampaigns(ctx context.Context, actor isms.Actor, includeClosed bool, limit, offset int) ([]*isms.Campaign, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see awareness campaigns."); err != nil {
		return nil, 0, err
	}
	var list []*isms.Campaign
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if list, total, err = tx.FindCampaigns(ctx, actor.OrgID, includeClosed, limit, offset); err != nil || len(list) == 0 {
			return err
		}
		all, err := activeMembers(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		for _, c := range list {
			acks, err := tx.Acknowledgements(ctx, c.OrgID, c.ID)
			if err != nil {
				return err
			}
			countCampaign(c, audienceMembers(all, c.Audience), acks)
		}
		return nil
	})
	return list, total, err
}

// countCampaign sets c's Expected and Acknowledged for its audience
// members.
func countCampaign(c *isms.Campaign, members []*isms.Member, acks []*isms.Acknowledgement) {
	done := acknowledged(c, acks)
	c.Expected, c.Acknowledged = len(members)*len(c.Versions), 0
	for _, m := range members {
		c.Acknowledged += done[m.User.ID].count
	}
}

// CampaignDetail is a campaign with its documents, the versions it asks
// for (in the same order) and how far each member of its audience got.
type CampaignDetail struct {
	Campaign  *isms.Campaign
	Documents []*isms.Document
	Versions  []*isms.DocumentVersion
	Members   []isms.CampaignMember
}

// FindCampaign returns a campaign with its documents and members.
func (a *App) FindCampaign(ctx context.Context, actor isms.Actor, id isms.ID) (*CampaignDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see awareness campaigns."); err != nil {
		return nil, err
	}
	d := &CampaignDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Campaign, err = tx.FindCampaignByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		plan, err := campaignPlanOf(ctx, tx, d.Campaign)
		if err != nil {
			return err
		}
		d.Documents, d.Versions = plan.docs, plan.versions
		acks, err := tx.Acknowledgements(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		d.Members = campaignMembers(d.Campaign, plan.members, acks, a.today())
		countCampaign(d.Campaign, plan.members, acks)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find campaign %s: %w", id, err)
	}
	return d, nil
}
