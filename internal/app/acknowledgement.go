// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Acknowledgements: every member sees the document versions the open
// campaigns ask them to read, and acknowledges each one. An
// acknowledgement records who, which version and when; it is never
// changed or deleted.

// PendingAcknowledgements returns the document versions the actor still
// has to acknowledge, in due order. Any member may ask.
func (a *App) PendingAcknowledgements(ctx context.Context, actor isms.Actor) ([]isms.PendingAcknowledgement, error) {
	if err := forbid(actor.OrgID != "" && actor.Can(isms.ReadOwnWork), "You may not see acknowledgements."); err != nil {
		return nil, err
	}
	var out []isms.PendingAcknowledgement
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		campaigns, err := tx.OpenCampaigns(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		mine, err := tx.UserAcknowledgements(ctx, actor.OrgID, actor.UserID)
		if err != nil {
			return err
		}
		done := map[[2]isms.ID]bool{}
		for _, k := range mine {
			done[[2]isms.ID{k.CampaignID, k.VersionID}] = true
		}
		r := pendingReader{tx: tx, org: actor.OrgID, docs: map[isms.ID]*isms.Document{}}
		for _, c := range campaigns {
			if !c.Audience.Includes(actor.Role, actor.UserID) {
				continue
			}
			for i, docID := range c.Documents {
				if i >= len(c.Versions) || done[[2]isms.ID{c.ID, c.Versions[i]}] {
					continue
				}
				pa, err := r.pending(ctx, c, docID, c.Versions[i])
				if err != nil {
					return err
				}
				out = append(out, pa)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Due != out[j].Due {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].CampaignTitle < out[j].CampaignTitle
	})
	return out, err
}

// pendingReader reads the documents of pending acknowledgements once each.
type pendingReader struct {
	tx   *sqldb.Tx
	org  isms.ID
	docs map[isms.ID]*isms.Document
}

// pending describes one version c asks for.
func (r pendingReader) pending(ctx context.Context, c *isms.Campaign, docID, versionID isms.ID) (isms.PendingAcknowledgement, error) {
	d := r.docs[docID]
	if d == nil {
		var err error
		if d, err = r.tx.FindDocumentByID(ctx, r.org, docID); err != nil {
			return isms.PendingAcknowledgement{}, err
		}
		r.docs[docID] = d
	}
	v, err := r.tx.FindDocumentVersionByID(ctx, r.org, versionID)
	if err != nil {
		return isms.PendingAcknowledgement{}, err
	}
	return isms.PendingAcknowledgement{CampaignID: c.ID, CampaignTitle: c.Title, DocumentID: d.ID, DocumentRef: d.Ref,
		DocumentTitle: d.Title, VersionID: v.ID, VersionNumber: v.Number, Due: c.Due}, nil
}

// Acknowledge records that the actor read and understood the document
// version versionID that campaign campaignID asks them to acknowledge.
// With that, when every document of the campaign is acknowledged, the
// actor's task for the campaign is done.
func (a *App) Acknowledge(ctx context.Context, actor isms.Actor, campaignID, versionID isms.ID) (*isms.Acknowledgement, error) {
	if err := forbid(actor.OrgID != "" && writesOwnWork(actor), "You may not acknowledge documents."); err != nil {
		return nil, err
	}
	var ack *isms.Acknowledgement
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindCampaignByID(ctx, actor.OrgID, campaignID)
		if err != nil {
			return err
		}
		if c.Closed {
			return isms.Errorf(isms.Conflict, "The campaign %s is closed; there is nothing left to acknowledge for it.", quote(c.Title))
		}
		if !c.Audience.Includes(actor.Role, actor.UserID) {
			return isms.Errorf(isms.Forbidden, "The campaign %s does not ask you to acknowledge anything.", quote(c.Title))
		}
		d, v, err := askedDocument(ctx, tx, c, versionID)
		if err != nil {
			return err
		}
		ack = &isms.Acknowledgement{ID: isms.NewID("ack"), OrgID: actor.OrgID, CampaignID: c.ID, UserID: actor.UserID,
			UserName: actor.Name, DocumentID: d.ID, VersionID: v.ID, VersionNumber: v.Number, At: tx.Now()}
		err = tx.InsertAcknowledgement(ctx, ack)
		if isms.ErrorCode(err) == isms.Conflict {
			return isms.Errorf(isms.Conflict, "You already acknowledged %s version %d for this campaign; there is nothing more to do for it.", d.Ref, v.Number)
		} else if err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(c.OrgID), actor, "campaign.acknowledge", objectCampaign, c.ID,
			isms.Changes{"document": {After: d.Ref}, "version": {After: v.Number}, "member": {After: actor.Name}}); err != nil {
			return err
		}
		return completeCampaignTask(ctx, tx, actor, c)
	})
	if err != nil {
		return nil, err
	}
	return ack, nil
}

// askedDocument returns the document of c whose asked version is
// versionID, and that version.
func askedDocument(ctx context.Context, tx *sqldb.Tx, c *isms.Campaign, versionID isms.ID) (*isms.Document, *isms.DocumentVersion, error) {
	v, err := tx.FindDocumentVersionByID(ctx, c.OrgID, versionID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil, isms.Errorf(isms.NotFound, "No such document version.")
	} else if err != nil {
		return nil, nil, err
	}
	for i, docID := range c.Documents {
		if docID != v.DocumentID || i >= len(c.Versions) {
			continue
		}
		d, err := tx.FindDocumentByID(ctx, c.OrgID, docID)
		if err != nil {
			return nil, nil, err
		}
		if c.Versions[i] != v.ID {
			asked, err := tx.FindDocumentVersionByID(ctx, c.OrgID, c.Versions[i])
			if err != nil {
				return nil, nil, err
			}
			return nil, nil, isms.Errorf(isms.Conflict, "The campaign asks you to acknowledge %s version %d, not version %d; open that version and acknowledge it.", d.Ref, asked.Number, v.Number)
		}
		return d, v, nil
	}
	return nil, nil, isms.Errorf(isms.Invalid, "The campaign %s does not include this document; acknowledge only the documents it lists.", quote(c.Title))
}

// completeCampaignTask marks the actor's open task for c done once they
// have acknowledged every version c asks for.
func completeCampaignTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, c *isms.Campaign) error {
	acks, err := tx.Acknowledgements(ctx, c.OrgID, c.ID)
	if err != nil {
		return err
	}
	if acknowledged(c, acks)[actor.UserID].count < len(c.Versions) {
		return nil
	}
	tasks, err := campaignTasks(ctx, tx, c)
	if err != nil {
		return err
	}
	if t := tasks[actor.UserID]; t != nil && t.Status == isms.TaskOpen {
		return closeTaskIn(ctx, tx, actor, t, isms.TaskDone, "Acknowledged every document of the campaign.", "task.complete")
	}
	return nil
}

// ackState is how far one member got with a campaign: how many of the
// versions it asks for now they acknowledged, and when they last
// acknowledged anything for it.
type ackState struct {
	count int
	last  time.Time
}

// acknowledged returns the state of each member who acknowledged
// anything for c.
func acknowledged(c *isms.Campaign, acks []*isms.Acknowledgement) map[isms.ID]ackState {
	asked := map[isms.ID]bool{}
	for _, v := range c.Versions {
		asked[v] = true
	}
	out := map[isms.ID]ackState{}
	seen := map[[2]isms.ID]bool{}
	for _, k := range acks {
		s := out[k.UserID]
		key := [2]isms.ID{k.UserID, k.VersionID}
		if asked[k.VersionID] && !seen[key] {
			seen[key] = true
			s.count++
		}
		if k.At.After(s.last) {
			s.last = k.At
		}
		out[k.UserID] = s
	}
	return out
}

// campaignMembers reports how far each member of c's audience got.
func campaignMembers(c *isms.Campaign, members []*isms.Member, acks []*isms.Acknowledgement, today isms.Date) []isms.CampaignMember {
	done := acknowledged(c, acks)
	out := make([]isms.CampaignMember, 0, len(members))
	for _, m := range members {
		s := done[m.User.ID]
		out = append(out, isms.CampaignMember{UserID: m.User.ID, Name: m.User.Name, Email: m.User.Email,
			Acknowledged: s.count, Expected: len(c.Versions), LastAt: s.last,
			Overdue: !c.Closed && s.count < len(c.Versions) && c.Due.Before(today)})
	}
	return out
}

// resolveAudience reads an audience: roles by name, people by account ID
// or e-mail address, each a member of org.
func resolveAudience(ctx context.Context, tx *sqldb.Tx, org isms.ID, everyone bool, roles, people []string, p isms.Problems) (isms.Audience, error) {
	aud := isms.Audience{Everyone: everyone}
	for _, s := range roles {
		r := isms.Role(strings.ToLower(strings.TrimSpace(s)))
		switch {
		case r == "":
		case !r.Valid():
			p.Add("audience", quote(s)+" is not a role; choose among administrator, manager, contributor, auditor, viewer and employee.")
		case !containsRole(aud.Roles, r):
			aud.Roles = append(aud.Roles, r)
		}
	}
	var unknown []string
	for _, s := range people {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := memberByIDOrEmail(ctx, tx, org, s)
		if err != nil {
			return aud, err
		}
		if id == "" {
			unknown = append(unknown, quote(s))
		} else if !containsID(aud.People, id) {
			aud.People = append(aud.People, id)
		}
	}
	if len(unknown) > 0 {
		p.Add("audience", strings.Join(unknown, ", ")+" is not a member of this organization; name people by their e-mail address.")
	}
	return aud, nil
}

// activeMembers returns every member of org whose account is enabled, by
// name.
func activeMembers(ctx context.Context, tx *sqldb.Tx, org isms.ID) ([]*isms.Member, error) {
	var out []*isms.Member
	for {
		page, total, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: org, Status: "active", Sort: "name",
			Limit: isms.MaxPageSize, Offset: len(out)})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// audienceMembers returns the members in aud. "Everyone" means the
// organization's own people: a member whose access ends on a date (an
// external auditor) is in an audience only by role or by name.
func audienceMembers(all []*isms.Member, aud isms.Audience) []*isms.Member {
	var out []*isms.Member
	guestsBy := isms.Audience{Roles: aud.Roles, People: aud.People}
	for _, m := range all {
		in := aud.Includes(m.Role, m.User.ID)
		if !m.AccessUntil.IsZero() {
			in = guestsBy.Includes(m.Role, m.User.ID)
		}
		if in {
			out = append(out, m)
		}
	}
	return out
}

func containsID(list []isms.ID, id isms.ID) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

func containsRole(list []isms.Role, r isms.Role) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}
