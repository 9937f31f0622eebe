// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A campaign's tasks follow the campaign: each member of its audience who
// has not acknowledged everything has an open task "Read and acknowledge:
// <title>", due on the campaign's due date. When a newer version of one
// of its documents is approved, a campaign that follows new versions asks
// for that version instead, and the members' tasks open again; their
// earlier acknowledgements stay on record.

func init() {
	versionApprovedHooks = append(versionApprovedHooks, followNewVersion)
}

// campaignTasks returns the task of each member for c: their open one,
// or else their latest.
func campaignTasks(ctx context.Context, tx *sqldb.Tx, c *isms.Campaign) (map[isms.ID]*isms.Task, error) {
	out := map[isms.ID]*isms.Task{}
	for offset := 0; ; offset += isms.MaxPageSize {
		page, total, err := tx.FindTasks(ctx, isms.TaskFilter{OrgID: c.OrgID, LinkType: objectCampaign, LinkID: c.ID,
			Sort: "created", Limit: isms.MaxPageSize, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, t := range page {
			if prev := out[t.OwnerID]; prev == nil || prev.Status != isms.TaskOpen {
				out[t.OwnerID] = t
			}
		}
		if len(page) == 0 || offset+len(page) >= total {
			return out, nil
		}
	}
}

// syncCampaignTasks brings the tasks of c in line with its audience
// members and what they acknowledged: a task for each member who still
// has something to acknowledge (created, or reopened, due on c's due
// date), done for those who have acknowledged everything, cancelled for
// those no longer in the audience or when c is closed. It returns the
// tasks created or reopened, which the caller may announce
// (notifyCampaignTasks).
func syncCampaignTasks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, c *isms.Campaign, members []*isms.Member) ([]*isms.Task, error) {
	acks, err := tx.Acknowledgements(ctx, c.OrgID, c.ID)
	if err != nil {
		return nil, err
	}
	tasks, err := campaignTasks(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	done, inAudience := acknowledged(c, acks), map[isms.ID]bool{}
	var created, opened []*isms.Task
	for _, m := range members {
		inAudience[m.User.ID] = true
		t, complete := tasks[m.User.ID], done[m.User.ID].count >= len(c.Versions)
		switch {
		case t == nil && !complete:
			created = append(created, newCampaignTask(actor, c, m))
		case t == nil:
		case t.Status == isms.TaskOpen && complete:
			err = closeTaskIn(ctx, tx, actor, t, isms.TaskDone, "Acknowledged every document of the campaign.", "task.complete")
		case t.Status != isms.TaskOpen && !complete:
			opened = append(opened, t)
			err = reopenCampaignTask(ctx, tx, actor, c, t)
		case t.Status == isms.TaskOpen && t.Due != c.Due:
			err = moveTaskDue(ctx, tx, actor, t, c.Due)
		}
		if err != nil {
			return nil, err
		}
	}
	for owner, t := range tasks {
		if !inAudience[owner] && t.Status == isms.TaskOpen {
			if err := closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, cancelReason(c), "task.cancel"); err != nil {
				return nil, err
			}
		}
	}
	return append(created, opened...), insertCampaignTasks(ctx, tx, actor, created)
}

// notifyCampaignTasks queues the usual notice of each task given to a
// member, unless there are more than maxCampaignNotices: a campaign for a
// large audience is announced by whoever runs it, not by a flood of mail.
func (a *App) notifyCampaignTasks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, tasks []*isms.Task) error {
	if len(tasks) > maxCampaignNotices {
		return nil
	}
	return a.enqueueAssigned(ctx, tx, actor, tasks...)
}

// cancelReason says why a member's campaign task is cancelled.
func cancelReason(c *isms.Campaign) string {
	if c.Closed {
		return "The campaign was closed."
	}
	return "No longer in the audience of the campaign."
}

// newCampaignTask is the task asking member m to acknowledge c.
func newCampaignTask(actor isms.Actor, c *isms.Campaign, m *isms.Member) *isms.Task {
	return &isms.Task{ID: isms.NewID("tsk"), OrgID: c.OrgID, Title: "Read and acknowledge: " + c.Title,
		Description: "Read each document of the awareness campaign and confirm that you have read and understood it, under Acknowledgements.",
		OwnerID:     m.User.ID, OwnerName: m.User.Name, Due: c.Due, Status: isms.TaskOpen,
		Link: isms.Link{Type: objectCampaign, ID: c.ID}, CreatedBy: actor.UserID}
}

// insertCampaignTasks stores new campaign tasks and their "task.create"
// events in bulk: an audience may be the whole organization.
func insertCampaignTasks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, tasks []*isms.Task) error {
	if len(tasks) == 0 {
		return nil
	}
	for _, t := range tasks {
		if err := t.Validate(); err != nil {
			return err
		}
	}
	if err := tx.InsertTasks(ctx, tasks); err != nil {
		return err
	}
	events := make([]*isms.AuditEvent, len(tasks))
	for i, t := range tasks {
		e := isms.NewAuditEvent(actor, "task.create", objectTask, t.ID, taskCreated(t))
		events[i] = &e
	}
	return tx.InsertAuditEvents(ctx, orgChain(actor.OrgID), events)
}

// reopenCampaignTask opens a member's closed task for c again, due on c's
// due date.
func reopenCampaignTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, c *isms.Campaign, t *isms.Task) error {
	if err := reopenTaskIn(ctx, tx, actor, t); err != nil {
		return err
	}
	if t.Due == c.Due {
		return nil
	}
	return moveTaskDue(ctx, tx, actor, t, c.Due)
}

// moveTaskDue changes the due date of an open task.
func moveTaskDue(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task, due isms.Date) error {
	before := t.Due
	t.Due = due
	if err := tx.UpdateTask(ctx, t); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(t.OrgID), actor, "task.update", objectTask, t.ID,
		isms.Changes{"due": {Before: before.String(), After: due.String()}})
}

// followNewVersion makes every open campaign that follows new versions
// and includes d ask for v, newly approved, and opens its members' tasks
// again. It runs in the transaction of the approval; the reopened tasks
// show in each member's work without a mail.
func followNewVersion(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, v *isms.DocumentVersion) error {
	campaigns, err := tx.OpenCampaigns(ctx, d.OrgID)
	if err != nil {
		return err
	}
	var all []*isms.Member
	for _, c := range campaigns {
		i := indexID(c.Documents, d.ID)
		if !c.FollowNewVersions || i < 0 || i >= len(c.Versions) || c.Versions[i] == v.ID {
			continue
		}
		before, err := tx.FindDocumentVersionByID(ctx, c.OrgID, c.Versions[i])
		if err != nil {
			return err
		}
		c.Versions[i] = v.ID
		if err := tx.UpdateCampaign(ctx, c, c.Version); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(c.OrgID), actor, "campaign.update", objectCampaign, c.ID, isms.Changes{
			"document": {After: d.Ref}, "version": {Before: before.Number, After: v.Number}}); err != nil {
			return err
		}
		if all == nil {
			if all, err = activeMembers(ctx, tx, c.OrgID); err != nil {
				return err
			}
		}
		if _, err := syncCampaignTasks(ctx, tx, actor, c, audienceMembers(all, c.Audience)); err != nil {
			return err
		}
	}
	return nil
}

// indexID returns the position of id in list, -1 when absent.
func indexID(list []isms.ID, id isms.ID) int {
	for i, x := range list {
		if x == id {
			return i
		}
	}
	return -1
}
