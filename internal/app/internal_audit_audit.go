// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The use cases of one audit: planning and changing it (scope, team,
// independence), moving it through its statuses, deleting it, reading it
// with its checklist, findings and conflicts.

// CanRecord reports whether actor may record results and findings: with
// ManageAudits on any audit; with RecordAudits on the audits they are on
// the team of; never once the audit is closed.
func (v *AuditView) CanRecord(actor isms.Actor) bool { return canRecord(actor, v.Audit) }

// canRecord reports whether actor may record results and findings of au.
func canRecord(actor isms.Actor, au *isms.InternalAudit) bool {
	return au.Status != isms.AuditClosed &&
		(actor.Can(isms.ManageAudits) || actor.Can(isms.RecordAudits) && au.OnTeam(actor.UserID))
}

// PlanAudit creates an audit with one checklist item per requirement in
// scope (ManageAudits). A conflict of independence without an override in
// in.Overrides is an Invalid error on field "lead" or "team" naming it;
// accepted overrides are recorded with the audit and in the audit trail.
func (a *App) PlanAudit(ctx context.Context, actor isms.Actor, in AuditInput) (*isms.InternalAudit, error) {
	if err := forbid(actor.Can(isms.ManageAudits), "You may not plan audits."); err != nil {
		return nil, err
	}
	au := &isms.InternalAudit{ID: isms.NewID("ia"), OrgID: actor.OrgID, Status: isms.AuditPlanned, CreatedBy: actor.UserID,
		Overrides: []isms.IndependenceOverride{}}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		ref, n, err := nextRecordRef(ctx, tx, actor.OrgID, "internal_audits", "IA-")
		if err != nil {
			return err
		}
		au.Ref, au.Number = ref, n
		p := isms.Problems{}
		plan, err := readAuditPlan(ctx, tx, au, in, p)
		if err != nil {
			return err
		}
		accepted := acceptConflicts(au, plan.conflicts, in.Overrides, actor, a.now(), p)
		if err := addProblems(p, au.Validate()); err != nil {
			return err
		}
		links, err := setRecordLinks(ctx, tx, au.OrgID, isms.Link{Type: objectAudit, ID: au.ID}, objectProcess, SplitRefs(in.Processes), "processes", p)
		if err != nil {
			return err
		}
		items := scopeItems(au, plan.scope, nil)
		if err := tx.InsertInternalAudit(ctx, au); err != nil {
			return err
		}
		if err := tx.InsertAuditItems(ctx, items); err != nil {
			return err
		}
		au.Items = len(items)
		ch := createdSupport(auditFields(au))
		ch["scope"] = isms.Change{After: scopeExpression(items)}
		for f, c := range links {
			ch[f] = c
		}
		if err := audit(ctx, tx, orgChain(actor.OrgID), actor, objectAudit+".create", objectAudit, au.ID, ch); err != nil {
			return err
		}
		return auditOverrides(ctx, tx, actor, au, accepted)
	})
	if err != nil {
		return nil, err
	}
	return au, nil
}

// UpdateAudit changes audit id, read at version (ManageAudits): items are
// added and removed as the scope changes (an item with a result cannot be
// removed), and the independence check runs again. A closed audit cannot
// change.
func (a *App) UpdateAudit(ctx context.Context, actor isms.Actor, id isms.ID, version int, in AuditInput) (*isms.InternalAudit, error) {
	if err := forbid(actor.Can(isms.ManageAudits), "You may not change audits."); err != nil {
		return nil, err
	}
	var au *isms.InternalAudit
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if au, err = auditForChange(ctx, tx, actor.OrgID, id, version); err != nil {
			return err
		}
		return a.updateAudit(ctx, tx, actor, au, version, in)
	})
	if err != nil {
		return nil, err
	}
	return au, nil
}

func (a *App) updateAudit(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, au *isms.InternalAudit, version int, in AuditInput) error {
	items, err := tx.FindAuditItems(ctx, au.OrgID, au.ID)
	if err != nil {
		return err
	}
	before, scopeBefore := auditFields(au), scopeExpression(items)
	p := isms.Problems{}
	plan, err := readAuditPlan(ctx, tx, au, in, p)
	if err != nil {
		return err
	}
	accepted := acceptConflicts(au, plan.conflicts, in.Overrides, actor, a.now(), p)
	removed := removedItems(items, plan.scope, p)
	if err := addProblems(p, au.Validate()); err != nil {
		return err
	}
	ch, err := setRecordLinks(ctx, tx, au.OrgID, isms.Link{Type: objectAudit, ID: au.ID}, objectProcess, SplitRefs(in.Processes), "processes", p)
	if err != nil {
		return err
	}
	has := map[isms.ID]*isms.AuditItem{}
	for _, it := range items {
		has[it.RequirementID] = it
	}
	added := scopeItems(au, plan.scope, has)
	if err := saveAuditScope(ctx, tx, au, version, removed, added); err != nil {
		return err
	}
	after := auditFields(au)
	for i := range after {
		after[i].before = before[i].after
	}
	changes := diffSupport(append(after, fieldDiff{"scope", scopeBefore, scopeExpression(orderedItems(plan.scope))})...)
	for f, c := range ch {
		changes[f] = c
	}
	if len(changes) > 0 || len(accepted) > 0 {
		if err := audit(ctx, tx, orgChain(actor.OrgID), actor, objectAudit+".update", objectAudit, au.ID, changes); err != nil {
			return err
		}
	}
	return auditOverrides(ctx, tx, actor, au, accepted)
}

// orderedItems returns reqs as items, for their references.
func orderedItems(reqs []*isms.Requirement) []*isms.AuditItem {
	out := make([]*isms.AuditItem, len(reqs))
	for i, r := range reqs {
		out[i] = &isms.AuditItem{RequirementID: r.ID, Ref: r.Ref}
	}
	return out
}

// saveAuditScope stores au, read at version, with the items of its scope
// removed and added.
func saveAuditScope(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit, version int, removed []isms.ID, added []*isms.AuditItem) error {
	if err := tx.UpdateInternalAudit(ctx, au, version); err != nil {
		return err
	}
	if len(removed) > 0 {
		if err := tx.DeleteAuditItems(ctx, au.OrgID, au.ID, removed); err != nil {
			return err
		}
	}
	if len(added) > 0 {
		if err := tx.InsertAuditItems(ctx, added); err != nil {
			return err
		}
	}
	au.Items += len(added) - len(removed)
	return nil
}

// auditForChange returns audit id (its ID or reference), locked, when it
// may still change and was read at version.
func auditForChange(ctx context.Context, tx *sqldb.Tx, org, id isms.ID, version int) (*isms.InternalAudit, error) {
	au, err := findAuditByIDOrRef(ctx, tx, org, string(id))
	if err != nil {
		return nil, err
	}
	if au, err = tx.FindInternalAuditByIDForUpdate(ctx, org, au.ID); err != nil {
		return nil, err
	}
	if err := auditOpen(au); err != nil {
		return nil, err
	}
	if au.Version != version {
		return nil, staleConflict("audit", version, au.Version)
	}
	return au, nil
}

// auditOpen returns a Conflict when au is closed.
func auditOpen(au *isms.InternalAudit) error {
	if au.Status == isms.AuditClosed {
		return isms.Errorf(isms.Conflict, "%s is closed; it can no longer change.", au.Ref)
	}
	return nil
}

// MoveAudit moves audit id, read at version, to status (ManageAudits, or
// the lead auditor with RecordAudits). Reporting needs every item to have
// a result and a summary (given here or already set); it sets ReportedOn.
func (a *App) MoveAudit(ctx context.Context, actor isms.Actor, id isms.ID, version int, to isms.AuditStatus, summary string) (*isms.InternalAudit, error) {
	if err := forbid(actor.Can(isms.ManageAudits) || actor.Can(isms.RecordAudits), "You may not move audits."); err != nil {
		return nil, err
	}
	var au *isms.InternalAudit
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if au, err = auditForChange(ctx, tx, actor.OrgID, id, version); err != nil {
			return err
		}
		if !actor.Can(isms.ManageAudits) && au.LeadID != actor.UserID {
			return isms.Errorf(isms.Forbidden, "Only the lead auditor of %s or an audit manager may move it.", au.Ref)
		}
		return a.moveAudit(ctx, tx, actor, au, version, to, summary)
	})
	if err != nil {
		return nil, err
	}
	return au, nil
}

func (a *App) moveAudit(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, au *isms.InternalAudit, version int, to isms.AuditStatus, summary string) error {
	if !au.Status.CanMove(to) {
		return isms.Errorf(isms.Conflict, "%s is %s; it cannot move to %s.", au.Ref, strings.ToLower(au.Status.Label()), strings.ToLower(to.Label()))
	}
	from, sumBefore, repBefore := au.Status, au.Summary, au.ReportedOn
	if s := strings.TrimSpace(summary); s != "" {
		au.Summary = s
	}
	au.Status = to
	switch {
	case to == isms.AuditReported:
		if err := readyToReport(ctx, tx, au); err != nil {
			return err
		}
		au.ReportedOn = a.today()
	case from == isms.AuditReported && to != isms.AuditClosed:
		// Reopened: the report is to be written again. A closed audit
		// keeps the day it was reported.
		au.ReportedOn = isms.Date{}
	}
	if err := au.Validate(); err != nil {
		return err
	}
	if err := tx.UpdateInternalAudit(ctx, au, version); err != nil {
		return err
	}
	ch := diffSupport(fieldDiff{"status", string(from), string(to)}, fieldDiff{"summary", sumBefore, au.Summary},
		fieldDiff{"reportedOn", repBefore.String(), au.ReportedOn.String()})
	return audit(ctx, tx, orgChain(actor.OrgID), actor, objectAudit+".status", objectAudit, au.ID, ch)
}

// readyToReport returns why au cannot be reported yet: no summary, or
// checklist items without a result.
func readyToReport(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit) error {
	if strings.TrimSpace(au.Summary) == "" {
		return isms.Problems{"summary": "Write the summary before reporting: the audit's conclusion on the conformity and effectiveness of what it covered."}.Err()
	}
	items, err := tx.FindAuditItems(ctx, au.OrgID, au.ID)
	if err != nil {
		return err
	}
	var open []string
	for _, it := range items {
		if it.Result == isms.ItemOpen {
			open = append(open, it.Ref)
		}
	}
	if len(open) == 0 {
		return nil
	}
	first := strings.Join(open[:min(len(open), 5)], ", ")
	if len(open) > 5 {
		first += " …"
	}
	return isms.Errorf(isms.Conflict, "%s of %s %s no result yet (%s): record a result for each, or mark it not audited, before reporting.",
		plural(len(open), "checklist item", "checklist items"), au.Ref, map[bool]string{true: "has", false: "have"}[len(open) == 1], first)
}

// DeleteAudit deletes a planned audit without findings (ManageAudits).
func (a *App) DeleteAudit(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageAudits), "You may not delete audits."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		au, err := findAuditByIDOrRef(ctx, tx, actor.OrgID, string(id))
		if err != nil {
			return err
		}
		switch {
		case au.Status != isms.AuditPlanned:
			return isms.Errorf(isms.Conflict, "%s is %s; only a planned audit can be deleted.", au.Ref, strings.ToLower(au.Status.Label()))
		case au.Findings > 0:
			return isms.Errorf(isms.Conflict, "%s has %s; delete them first.", au.Ref, plural(au.Findings, "finding", "findings"))
		}
		if err := tx.DeleteInternalAudit(ctx, actor.OrgID, au.ID); err != nil {
			return err
		}
		if err := tx.DeleteRecordLinks(ctx, actor.OrgID, isms.Link{Type: objectAudit, ID: au.ID}); err != nil {
			return err
		}
		ch := isms.Changes{"ref": {Before: au.Ref}, "title": {Before: au.Title}, "programme": {Before: au.ProgrammeRef}}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, objectAudit+".delete", objectAudit, au.ID, ch)
	})
}

// ListAudits returns a page of audits and the total.
func (a *App) ListAudits(ctx context.Context, actor isms.Actor, f isms.InternalAuditFilter) ([]*isms.InternalAudit, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see audits."); err != nil {
		return nil, 0, err
	}
	var list []*isms.InternalAudit
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindInternalAudits(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

// FindAudit returns audit id (its ID or reference "IA-3") to anyone who
// reads the ISMS.
func (a *App) FindAudit(ctx context.Context, actor isms.Actor, id string) (*AuditView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see audits."); err != nil {
		return nil, err
	}
	var v *AuditView
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		v, err = a.auditView(ctx, tx, actor.OrgID, id)
		return err
	})
	return v, err
}

// auditView reads audit id of org with its programme, checklist (sources
// derived today), findings, processes and conflicts.
func (a *App) auditView(ctx context.Context, tx *sqldb.Tx, org isms.ID, id string) (*AuditView, error) {
	au, err := findAuditByIDOrRef(ctx, tx, org, id)
	if err != nil {
		return nil, err
	}
	v := &AuditView{Audit: au}
	if v.Programme, err = tx.FindProgrammeByID(ctx, org, au.ProgrammeID); err != nil {
		return nil, err
	}
	if v.Items, err = a.auditItemViews(ctx, tx, au); err != nil {
		return nil, err
	}
	if v.Findings, _, err = tx.FindFindings(ctx, org, isms.FindingFilter{AuditID: au.ID, Sort: "ref", Limit: isms.MaxPageSize}); err != nil {
		return nil, err
	}
	if v.Processes, err = auditProcessLinks(ctx, tx, au); err != nil {
		return nil, err
	}
	reqs := make([]isms.RequirementRef, len(v.Items))
	items := make([]*isms.AuditItem, len(v.Items))
	for i, it := range v.Items {
		reqs[i], items[i] = isms.RequirementRef{ID: it.RequirementID, Ref: it.Ref}, it.AuditItem
	}
	v.Scope = scopeExpression(items)
	procs, err := auditProcesses(ctx, tx, org, linkIDs(v.Processes))
	if err != nil {
		return nil, err
	}
	v.Conflicts, err = auditConflicts(ctx, tx, au, reqs, procs)
	return v, err
}

// auditItemViews returns the checklist of au with each requirement's
// sources derived today.
func (a *App) auditItemViews(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit) ([]*AuditItemView, error) {
	items, err := tx.FindAuditItems(ctx, au.OrgID, au.ID)
	if err != nil {
		return nil, err
	}
	today := a.today()
	derived, err := deriveSoASources(ctx, tx, au.OrgID, au.FrameworkID, today)
	if err != nil {
		return nil, err
	}
	out := make([]*AuditItemView, len(items))
	for i, it := range items {
		out[i] = &AuditItemView{AuditItem: it, Sources: soaSourcesOf(derived, it.RequirementID)}
		out[i].Sources.ReadOn = today
	}
	return out, nil
}

// auditProcessLinks returns the ISMS processes au covers, as links.
func auditProcessLinks(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit) ([]RecordLink, error) {
	all, err := recordLinksIn(ctx, tx, au.OrgID, isms.Link{Type: objectAudit, ID: au.ID})
	if err != nil {
		return nil, err
	}
	out := []RecordLink{}
	for _, l := range all {
		if l.Outgoing && l.Type == objectProcess {
			out = append(out, l)
		}
	}
	return out, nil
}

// linkIDs returns the IDs of links that still name a record.
func linkIDs(links []RecordLink) []string {
	var out []string
	for _, l := range links {
		if !l.Missing {
			out = append(out, string(l.ID))
		}
	}
	return out
}

// RecordAuditItem records the result of audit's item for requirement,
// read at version (see AuditView.CanRecord); the audit must be in
// progress.
func (a *App) RecordAuditItem(ctx context.Context, actor isms.Actor, audit, requirement isms.ID, version int, in ItemInput) (*isms.AuditItem, error) {
	if err := forbid(actor.Can(isms.ManageAudits) || actor.Can(isms.RecordAudits), "You may not record audit results."); err != nil {
		return nil, err
	}
	var it *isms.AuditItem
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		au, err := findAuditByIDOrRef(ctx, tx, actor.OrgID, string(audit))
		if err != nil {
			return err
		}
		if err := checkRecording(actor, au); err != nil {
			return err
		}
		if au.Status != isms.AuditInProgress {
			return isms.Errorf(isms.Conflict, "%s is %s: start the audit before recording results.", au.Ref, strings.ToLower(au.Status.Label()))
		}
		if it, err = tx.FindAuditItemForUpdate(ctx, actor.OrgID, au.ID, requirement); err != nil {
			return err
		}
		return recordItem(ctx, tx, actor, au, it, version, in)
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// checkRecording returns an error unless actor may record results and
// findings of au.
func checkRecording(actor isms.Actor, au *isms.InternalAudit) error {
	if err := auditOpen(au); err != nil {
		return err
	}
	return forbid(canRecord(actor, au), fmt.Sprintf("You may not record the work of %s: audit managers and its audit team may.", au.Ref))
}

// recordItem stores in as the result of item it of au, read at version.
func recordItem(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, au *isms.InternalAudit, it *isms.AuditItem, version int, in ItemInput) error {
	if it.Version != version {
		return staleConflict("checklist item", version, it.Version)
	}
	before := *it
	it.Result, it.Notes, it.Sampling = in.Result, in.Notes, in.Sampling
	if err := it.Validate(); err != nil {
		return err
	}
	it.AuditedBy, it.AuditedByName = actor.UserID, actor.Name
	ch := diffSupport(fieldDiff{"result", string(before.Result), string(it.Result)}, fieldDiff{"notes", before.Notes, it.Notes},
		fieldDiff{"sampling", before.Sampling, it.Sampling})
	if len(ch) == 0 {
		return nil
	}
	if err := tx.UpdateAuditItem(ctx, it, version); err != nil {
		return err
	}
	ch["ref"] = isms.Change{After: it.Ref}
	return audit(ctx, tx, orgChain(actor.OrgID), actor, objectAudit+".item", objectAudit, au.ID, ch)
}
