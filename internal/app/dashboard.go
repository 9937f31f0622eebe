// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Dashboard is the organization at a glance for the actor.
type Dashboard struct {
	Org *isms.Organization `json:"organization"`
	// Members counts the organization's members; 0 for roles that may not see them.
	Members int `json:"members"`
	// AwaitingMe counts pending submissions that await the actor's decision.
	AwaitingMe int `json:"awaitingMe"`
	// Pending counts the organization's pending submissions.
	Pending int `json:"pending"`
	// Profile is the newest submission of the organization's profile, if any.
	Profile *isms.Approval `json:"profileApproval,omitempty"`
	// Evidence counts expiring, expired and missing evidence and files that
	// failed their integrity check, for roles that may read the ISMS.
	Evidence *EvidenceSummary `json:"evidence,omitempty"`
	// MyOpen counts the actor's open tasks, MyOverdue those overdue.
	MyOpen    int `json:"myOpenTasks"`
	MyOverdue int `json:"myOverdueTasks"`
	// Overdue counts the organization's overdue tasks per module, for
	// roles that may read the ISMS.
	Overdue []ModuleOverdue `json:"overdueByModule,omitempty"`
	// Recent are the newest audit events, for roles that may read the trail.
	Recent []*isms.AuditEvent `json:"recent,omitempty"`
	Head   isms.ChainHead     `json:"head"`
}

// FindDashboard returns the actor's dashboard; every role has one, showing
// what that role may see.
func (a *App) FindDashboard(ctx context.Context, actor isms.Actor) (*Dashboard, error) {
	if err := forbid(actor.OrgID != "" && actor.Can(isms.ReadOwnWork), "You are not a member of this organization."); err != nil {
		return nil, err
	}
	var d *Dashboard
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		d, err = a.FindDashboardTx(ctx, tx, actor)
		return err
	})
	return d, err
}

// FindDashboardTx reads the actor's dashboard as FindDashboard does, within
// tx and without its permission check, for a caller that has made it.
func (a *App) FindDashboardTx(ctx context.Context, tx *sqldb.Tx, actor isms.Actor) (d *Dashboard, err error) {
	d = &Dashboard{}
	if d.Org, err = tx.FindOrganizationByID(ctx, actor.OrgID); err != nil {
		return nil, err
	}
	if d.AwaitingMe, err = tx.CountPendingApprovalsFor(ctx, actor.OrgID, actor.UserID); err != nil {
		return nil, err
	}
	if d.MyOpen, d.MyOverdue, err = tx.CountOpenTasks(ctx, actor.OrgID, actor.UserID, a.today()); err != nil {
		return nil, err
	}
	if actor.Can(isms.ReadMembers) {
		if _, d.Members, err = tx.FindMembers(ctx, isms.MemberFilter{OrgID: actor.OrgID, Limit: 1}); err != nil {
			return nil, err
		}
	}
	if actor.Can(isms.ReadISMS) {
		if _, d.Pending, err = tx.FindApprovals(ctx, isms.ApprovalFilter{OrgID: actor.OrgID, Status: isms.ApprovalPending, Limit: 1}); err != nil {
			return nil, err
		}
		if d.Profile, _, err = latestApprovals(ctx, tx, actor.OrgID, objectOrganization, actor.OrgID); err != nil {
			return nil, err
		}
		if d.Overdue, err = overdueByModule(ctx, tx, actor.OrgID, a.today()); err != nil {
			return nil, err
		}
		if d.Evidence, err = a.evidenceSummary(ctx, tx, actor.OrgID); err != nil {
			return nil, err
		}
	}
	if actor.Can(isms.ReadAuditTrail) {
		chain := orgChain(actor.OrgID)
		if d.Recent, _, err = tx.FindAuditEvents(ctx, isms.AuditFilter{Chain: chain, Desc: true, Limit: 8}); err != nil {
			return nil, err
		}
		d.Head, err = tx.FindChainHead(ctx, chain)
	}
	return d, err
}
