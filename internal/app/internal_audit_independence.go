// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Auditors must not audit their own work (27001 9.2.2 c): an auditor who
// owns a control linked to a requirement in scope, or an ISMS process in
// scope, has a conflict. Each conflict refuses the audit's save unless it
// is accepted on purpose with a reason, which is kept with the audit and
// in the audit trail.

// auditConflicts returns the independence conflicts of au's lead and
// team over the requirements reqs (of au's framework) and the ISMS
// processes procs: lead first, each auditor's controls then processes.
func auditConflicts(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit, reqs []isms.RequirementRef, procs []*isms.ISMSProcess) ([]isms.IndependenceConflict, error) {
	auditors := au.Auditors()
	links, err := tx.OwnedControlLinks(ctx, au.OrgID, au.FrameworkID, auditors)
	if err != nil {
		return nil, err
	}
	inScope := map[isms.ID]string{}
	for _, r := range reqs {
		inScope[r.ID] = r.Ref
	}
	names := auditorNames(au)
	var out []isms.IndependenceConflict
	for _, user := range auditors {
		out = append(out, controlConflicts(user, names[user], links, inScope)...)
		for _, pr := range procs {
			if pr.OwnerID == user {
				label := pr.Ref + " " + pr.Name
				out = append(out, isms.IndependenceConflict{UserID: user, UserName: names[user],
					Record: isms.Link{Type: objectProcess, ID: pr.ID}, Label: label,
					Message: fmt.Sprintf("%s owns ISMS process %s, which this audit covers.", names[user], label)})
			}
		}
	}
	return out, nil
}

// controlConflicts returns the conflicts of user over the controls of
// links they own that are linked to requirements in scope, one per
// control naming every such requirement.
func controlConflicts(user isms.ID, name string, links []sqldb.OwnedControlLink, inScope map[isms.ID]string) []isms.IndependenceConflict {
	var order []isms.ID
	label, refs := map[isms.ID]string{}, map[isms.ID][]string{}
	for _, l := range links {
		ref, ok := inScope[l.RequirementID]
		if l.OwnerID != user || !ok {
			continue
		}
		if _, seen := label[l.ControlID]; !seen {
			order = append(order, l.ControlID)
			label[l.ControlID] = l.Ref + " " + l.Title
		}
		refs[l.ControlID] = append(refs[l.ControlID], ref)
	}
	out := make([]isms.IndependenceConflict, len(order))
	for i, c := range order {
		out[i] = isms.IndependenceConflict{UserID: user, UserName: name, Record: isms.Link{Type: objectControl, ID: c},
			Label: label[c], Message: fmt.Sprintf("%s owns control %s, which this audit covers (%s).", name, label[c],
				strings.Join(refs[c], ", "))}
	}
	return out
}

// auditorNames returns the names of au's lead and team by user.
func auditorNames(au *isms.InternalAudit) map[isms.ID]string {
	names := map[isms.ID]string{au.LeadID: au.LeadName}
	for i, id := range au.TeamIDs {
		if i < len(au.TeamNames) {
			names[id] = au.TeamNames[i]
		}
	}
	return names
}

// acceptConflicts decides each conflict of au: accepted by a reason in
// given (keyed by IndependenceConflict.Key) or by an override au already
// holds, refused otherwise (a problem on "lead" or "team"). It keeps in
// au.Overrides the overrides of current conflicts only and returns those
// accepted now, which the audit trail records.
func acceptConflicts(au *isms.InternalAudit, conflicts []isms.IndependenceConflict, given map[string]string, actor isms.Actor, at time.Time, p isms.Problems) []isms.IndependenceOverride {
	held := map[string]isms.IndependenceOverride{}
	for _, o := range au.Overrides {
		held[o.Key()] = o
	}
	kept, accepted := []isms.IndependenceOverride{}, []isms.IndependenceOverride(nil)
	refused := map[string][]string{}
	for _, c := range conflicts {
		reason, named := given[c.Key()]
		reason = strings.TrimSpace(reason)
		old, has := held[c.Key()]
		switch {
		case reason != "" && (!has || old.Reason != reason):
			o := isms.IndependenceOverride{UserID: c.UserID, UserName: c.UserName, Record: c.Record, Label: c.Label,
				Reason: reason, By: actor.UserID, ByName: actor.Name, At: at}
			kept, accepted = append(kept, o), append(accepted, o)
		case has:
			kept = append(kept, old)
		case named:
			refused[conflictField(au, c)] = append(refused[conflictField(au, c)], strings.TrimSuffix(c.Message, ".")+
				": give the reason for accepting the conflict, or choose another auditor.")
		default:
			refused[conflictField(au, c)] = append(refused[conflictField(au, c)], strings.TrimSuffix(c.Message, ".")+
				": choose another auditor, or accept the conflict with a reason.")
		}
	}
	for field, msgs := range refused {
		p.Add(field, strings.Join(msgs, " "))
	}
	au.Overrides = kept
	return accepted
}

// conflictField is the form field a conflict of au is shown on.
func conflictField(au *isms.InternalAudit, c isms.IndependenceConflict) string {
	if c.UserID == au.LeadID {
		return "lead"
	}
	return "team"
}

// auditOverrides records each override accepted now as an
// "internal_audit.override" event of audit au.
func auditOverrides(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, au *isms.InternalAudit, accepted []isms.IndependenceOverride) error {
	for _, o := range accepted {
		ch := isms.Changes{"auditor": {After: o.UserName}, "record": {After: o.Label}, "reason": {After: o.Reason}}
		if err := audit(ctx, tx, orgChain(actor.OrgID), actor, objectAudit+".override", objectAudit, au.ID, ch); err != nil {
			return err
		}
	}
	return nil
}

// CheckIndependence returns the independence conflicts of in's team and
// scope, whether or not in.Overrides accepts them (ManageAudits).
func (a *App) CheckIndependence(ctx context.Context, actor isms.Actor, in AuditInput) ([]isms.IndependenceConflict, error) {
	if err := forbid(actor.Can(isms.ManageAudits), "You may not plan audits."); err != nil {
		return nil, err
	}
	var out []isms.IndependenceConflict
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		p := isms.Problems{}
		au := &isms.InternalAudit{OrgID: actor.OrgID}
		plan, err := readAuditPlan(ctx, tx, au, in, p)
		if err != nil {
			return err
		}
		if plan.prog == nil {
			return p.Err()
		}
		out = plan.conflicts
		return nil
	})
	return out, err
}
