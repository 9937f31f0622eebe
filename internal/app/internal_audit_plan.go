// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Planning an audit reads what people entered into the audit and the
// requirements and processes it covers, checks its team's independence,
// and keeps one checklist item per requirement in scope.

// auditPlan is what an audit's input resolves to.
type auditPlan struct {
	prog      *isms.AuditProgramme
	scope     []*isms.Requirement // the requirements in scope, in document order
	processes []*isms.ISMSProcess // the ISMS processes in scope
	conflicts []isms.IndependenceConflict
}

// readAuditPlan applies in to au and resolves its programme (fixed once
// au has one), lead and team, scope and processes, and computes the
// team's independence conflicts. What cannot be read is recorded in p.
func readAuditPlan(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit, in AuditInput, p isms.Problems) (*auditPlan, error) {
	plan := &auditPlan{}
	var err error
	if plan.prog, err = auditProgramme(ctx, tx, au, in.Programme, p); err != nil {
		return nil, err
	}
	au.Title, au.Criteria, au.Units = in.Title, in.Criteria, in.Units
	au.PlannedStart, au.PlannedEnd = in.PlannedStart, in.PlannedEnd
	if err := auditTeam(ctx, tx, au, in.LeadID, in.TeamIDs, p); err != nil {
		return nil, err
	}
	if plan.processes, err = auditProcesses(ctx, tx, au.OrgID, SplitRefs(in.Processes)); err != nil {
		return nil, err
	}
	if plan.prog == nil {
		return plan, nil
	}
	if plan.scope, err = auditScope(ctx, tx, au.OrgID, plan.prog.FrameworkID, in.Scope, p); err != nil {
		return nil, err
	}
	plan.conflicts, err = auditConflicts(ctx, tx, au, scopeRefsOf(plan.scope), plan.processes)
	return plan, err
}

// auditProgramme returns the programme of au: the one s names (an ID or
// reference) for a new audit, its own otherwise (s must then name it or
// be empty). It sets au's programme fields; problems go to p.
func auditProgramme(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit, s string, p isms.Problems) (*isms.AuditProgramme, error) {
	s = strings.TrimSpace(s)
	if au.ProgrammeID != "" {
		prog, err := tx.FindProgrammeByID(ctx, au.OrgID, au.ProgrammeID)
		if err == nil && s != "" && s != string(prog.ID) && !strings.EqualFold(s, prog.Ref) {
			p.Add("programme", "An audit stays in the programme it was planned in ("+prog.Ref+"); plan a new audit in the other programme.")
		}
		return prog, err
	}
	if s == "" {
		p.Add("programme", "Choose the programme the audit belongs to.")
		return nil, nil
	}
	prog, err := findProgrammeByIDOrRef(ctx, tx, au.OrgID, s)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("programme", "No audit programme "+quote(s)+" in this organization.")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	au.ProgrammeID, au.ProgrammeRef, au.FrameworkID = prog.ID, prog.Ref, prog.FrameworkID
	return prog, nil
}

// auditTeam sets the lead and team of au (the lead left out of the team,
// each member once) with their names; each must be an active member of
// the organization (problems on "lead" and "team").
func auditTeam(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit, lead isms.ID, team []isms.ID, p isms.Problems) error {
	au.LeadID, au.LeadName, au.TeamIDs, au.TeamNames = lead, "", []isms.ID{}, []string{}
	if lead != "" {
		name, err := activeMemberName(ctx, tx, au.OrgID, lead, "lead", p)
		if err != nil {
			return err
		}
		au.LeadName = name
	}
	seen := map[isms.ID]bool{lead: true, "": true}
	for _, id := range team {
		if seen[id] {
			continue
		}
		seen[id] = true
		name, err := activeMemberName(ctx, tx, au.OrgID, id, "team", p)
		if err != nil {
			return err
		}
		au.TeamIDs, au.TeamNames = append(au.TeamIDs, id), append(au.TeamNames, name)
	}
	return nil
}

// auditScope returns the requirements expr names among framework's
// (isms.ExpandScope); problems go to p under "scope".
func auditScope(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID, expr string, p isms.Problems) ([]*isms.Requirement, error) {
	if strings.TrimSpace(expr) == "" {
		p.Add("scope", "Name the requirements the audit covers, such as 4, 5.2, A.5.15-A.5.18.")
		return nil, nil
	}
	all, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: org, FrameworkID: framework})
	if err != nil {
		return nil, err
	}
	reqs, err := isms.ExpandScope(expr, all)
	switch {
	case isms.ErrorCode(err) == isms.Invalid:
		p.Add("scope", isms.ErrorMessage(err))
	case err != nil:
		return nil, err
	case len(reqs) == 0:
		p.Add("scope", "The scope names no clause or control to audit.")
	}
	return reqs, nil
}

// auditProcesses returns the ISMS processes refs name (IDs or
// references); those it does not find are left for setRecordLinks to
// report.
func auditProcesses(ctx context.Context, tx *sqldb.Tx, org isms.ID, refs []string) ([]*isms.ISMSProcess, error) {
	var out []*isms.ISMSProcess
	for _, ref := range refs {
		pr, err := tx.FindISMSProcessByID(ctx, org, isms.ID(ref))
		if isms.ErrorCode(err) == isms.NotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, nil
}

// scopeItems returns the checklist items of au for reqs that have holds
// none, in document order.
func scopeItems(au *isms.InternalAudit, reqs []*isms.Requirement, has map[isms.ID]*isms.AuditItem) []*isms.AuditItem {
	var out []*isms.AuditItem
	for _, r := range reqs {
		if has[r.ID] == nil {
			out = append(out, &isms.AuditItem{AuditID: au.ID, OrgID: au.OrgID, RequirementID: r.ID, Ref: r.Ref, Title: r.Title,
				Position: r.Position, Version: 1})
		}
	}
	return out
}

// removedItems returns the requirements of items that reqs no longer
// holds; an item with a result cannot go (a problem on "scope").
func removedItems(items []*isms.AuditItem, reqs []*isms.Requirement, p isms.Problems) []isms.ID {
	keep := map[isms.ID]bool{}
	for _, r := range reqs {
		keep[r.ID] = true
	}
	var out []isms.ID
	var recorded []string
	for _, it := range items {
		switch {
		case keep[it.RequirementID]:
		case it.Result != isms.ItemOpen:
			recorded = append(recorded, it.Ref)
		default:
			out = append(out, it.RequirementID)
		}
	}
	if len(recorded) > 0 {
		p.Add("scope", "The checklist holds results for "+strings.Join(recorded, ", ")+
			": keep them in scope, or clear their results before removing them.")
	}
	return out
}

// scopeExpression returns the references of items, joined.
func scopeExpression(items []*isms.AuditItem) string {
	refs := make([]string, len(items))
	for i, it := range items {
		refs[i] = it.Ref
	}
	return strings.Join(refs, ", ")
}

// scopeRefsOf returns the requirements of reqs as references.
func scopeRefsOf(reqs []*isms.Requirement) []isms.RequirementRef {
	out := make([]isms.RequirementRef, len(reqs))
	for i, r := range reqs {
		out[i] = isms.RequirementRef{ID: r.ID, Ref: r.Ref}
	}
	return out
}

// auditFields are the fields of au as the audit trail records them.
func auditFields(au *isms.InternalAudit) []fieldDiff {
	return []fieldDiff{{"title", nil, au.Title}, {"programme", nil, au.ProgrammeRef}, {"criteria", nil, au.Criteria},
		{"units", nil, au.Units}, {"lead", nil, au.LeadName}, {"team", nil, strings.Join(au.TeamNames, ", ")},
		{"plannedStart", nil, au.PlannedStart.String()}, {"plannedEnd", nil, au.PlannedEnd.String()},
		{"status", nil, string(au.Status)}, {"summary", nil, au.Summary}}
}
