// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A control meets requirements through links. People make confirmed
// links; mappings between frameworks propose inferred ones (a control
// linked to ISO 27001 A.8.15 is proposed for NIST AU-2 when a mapping
// relates them), which count as coverage only once someone confirms them.

// LinkControl links a control to requirements, confirming links that were
// inferred. It returns how many links were added or confirmed.
func (a *App) LinkControl(ctx context.Context, actor isms.Actor, controlID isms.ID, requirementIDs []isms.ID) (int, error) {
	if err := forbid(actor.Can(isms.EditControls), "You may not link controls."); err != nil {
		return 0, err
	}
	if len(requirementIDs) == 0 {
		return 0, isms.Problems{"requirements": "Choose at least one requirement."}.Err()
	}
	var n int
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindControlByID(ctx, actor.OrgID, controlID)
		if err != nil {
			return err
		}
		labels, err := requirementLabels(ctx, tx, actor.OrgID, requirementIDs)
		if err != nil {
			return err
		}
		links := make([]isms.ControlLink, len(requirementIDs))
		for i, id := range requirementIDs {
			links[i] = isms.ControlLink{ControlID: c.ID, RequirementID: id}
		}
		added, err := tx.InsertControlLinks(ctx, actor.OrgID, links)
		if err != nil {
			return err
		}
		confirmed, err := tx.ConfirmControlLinks(ctx, actor.OrgID, c.ID, requirementIDs)
		if err != nil {
			return err
		}
		if n = added + confirmed; n == 0 {
			return nil
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "control.link", objectControl, c.ID,
			isms.Changes{"requirements": {After: strings.Join(labels, "; ")}, "added": {After: added}, "confirmed": {After: confirmed}})
	})
	return n, err
}

// requirementLabels returns "ref (framework)" for each requirement, or an
// Invalid error naming those the organization does not have.
func requirementLabels(ctx context.Context, tx *sqldb.Tx, org isms.ID, ids []isms.ID) ([]string, error) {
	labels := make([]string, 0, len(ids))
	var missing []string
	names := map[isms.ID]string{}
	for _, id := range ids {
		r, err := tx.FindRequirementByID(ctx, org, id)
		if isms.ErrorCode(err) == isms.NotFound {
			missing = append(missing, quote(string(id)))
			continue
		} else if err != nil {
			return nil, err
		}
		if _, ok := names[r.FrameworkID]; !ok {
			f, err := tx.FindFrameworkByID(ctx, org, r.FrameworkID)
			if err != nil {
				return nil, err
			}
			names[r.FrameworkID] = f.Title()
		}
		labels = append(labels, r.Ref+" ("+names[r.FrameworkID]+")")
	}
	if len(missing) > 0 {
		return nil, isms.Problems{"requirements": "No requirement " + strings.Join(missing, ", ") + " in this organization."}.Err()
	}
	return labels, nil
}

// UnlinkControl removes a control's link to a requirement, confirmed or
// inferred.
func (a *App) UnlinkControl(ctx context.Context, actor isms.Actor, controlID, requirementID isms.ID) error {
	if err := forbid(actor.Can(isms.EditControls), "You may not unlink controls."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindControlByID(ctx, actor.OrgID, controlID)
		if err != nil {
			return err
		}
		labels, err := requirementLabels(ctx, tx, actor.OrgID, []isms.ID{requirementID})
		if err != nil {
			return err
		}
		if err := tx.DeleteControlLink(ctx, actor.OrgID, c.ID, requirementID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "control.unlink", objectControl, c.ID,
			isms.Changes{"requirement": {Before: labels[0]}})
	})
}

// ConfirmInferredLinks confirms a control's inferred links to the given
// requirements, or all of them when requirementIDs is nil. It returns how
// many were confirmed.
func (a *App) ConfirmInferredLinks(ctx context.Context, actor isms.Actor, controlID isms.ID, requirementIDs []isms.ID) (int, error) {
	if err := forbid(actor.Can(isms.EditControls), "You may not confirm control links."); err != nil {
		return 0, err
	}
	var n int
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindControlByID(ctx, actor.OrgID, controlID)
		if err != nil {
			return err
		}
		ids := requirementIDs
		if ids == nil {
			links, err := tx.ControlLinksOf(ctx, actor.OrgID, c.ID)
			if err != nil {
				return err
			}
			for _, l := range links {
				if l.Inferred {
					ids = append(ids, l.RequirementID)
				}
			}
		}
		if len(ids) == 0 {
			return nil
		}
		if n, err = tx.ConfirmControlLinks(ctx, actor.OrgID, c.ID, ids); err != nil || n == 0 {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "control.confirm_links", objectControl, c.ID,
			isms.Changes{"confirmed": {After: n}})
	})
	return n, err
}

// ProposeInferredLinks proposes inferred links for the requirements of a
// framework from the mappings that relate them to other frameworks. It
// returns how many links it added.
func (a *App) ProposeInferredLinks(ctx context.Context, actor isms.Actor, frameworkID isms.ID) (int, error) {
	if err := forbid(actor.Can(isms.EditControls) || actor.Can(isms.ManageFrameworks), "You may not propose control links."); err != nil {
		return 0, err
	}
	var n int
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if _, err := tx.FindFrameworkByID(ctx, actor.OrgID, frameworkID); err != nil {
			return err
		}
		n, err = proposeInferredLinks(ctx, tx, actor, frameworkID)
		return err
	})
	return n, err
}

// proposeForFrameworks proposes inferred links for each of the frameworks.
func proposeForFrameworks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, frameworks ...isms.ID) error {
	for _, f := range frameworks {
		if _, err := proposeInferredLinks(ctx, tx, actor, f); err != nil {
			return err
		}
	}
	return nil
}

// proposeInferredLinks gives every control with a confirmed link to a
// requirement S of another framework an inferred link to each requirement
// R of framework fw that a related mapping ties to S, unless the control
// is linked to R already. It records one audit event when it adds any.
func proposeInferredLinks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, fw isms.ID) (int, error) {
	sets, err := tx.FindMappingSets(ctx, actor.OrgID)
	if err != nil {
		return 0, err
	}
	setNames, others := map[isms.ID]string{}, map[isms.ID]bool{}
	for _, s := range sets {
		setNames[s.ID] = s.Name
		if s.SourceFrameworkID == fw && s.TargetFrameworkID != fw {
			others[s.TargetFrameworkID] = true
		} else if s.TargetFrameworkID == fw && s.SourceFrameworkID != fw {
			others[s.SourceFrameworkID] = true
		}
	}
	if len(others) == 0 {
		return 0, nil
	}
	linked, err := linkedPairs(ctx, tx, actor.OrgID, fw)
	if err != nil {
		return 0, err
	}
	var proposed []isms.ControlLink
	for other := range others {
		p, err := proposeFrom(ctx, tx, actor.OrgID, fw, other, setNames, linked)
		if err != nil {
			return 0, err
		}
		proposed = append(proposed, p...)
	}
	if len(proposed) == 0 {
		return 0, nil
	}
	n, err := tx.InsertControlLinks(ctx, actor.OrgID, proposed)
	if err != nil || n == 0 {
		return n, err
	}
	return n, audit(ctx, tx, orgChain(actor.OrgID), actor, "control.infer_links", objectFramework, fw,
		isms.Changes{"inferredLinks": {After: n}})
}

// linkPair is a control and a requirement it is linked to.
type linkPair struct{ control, requirement isms.ID }

// linkedPairs returns the links, confirmed or inferred, to framework fw.
func linkedPairs(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID) (map[linkPair]bool, error) {
	links, err := tx.ControlLinksInFramework(ctx, org, fw)
	if err != nil {
		return nil, err
	}
	out := make(map[linkPair]bool, len(links))
	for _, l := range links {
		out[linkPair{l.ControlID, l.RequirementID}] = true
	}
	return out, nil
}

// proposeFrom returns the inferred links to framework fw that the
// confirmed links to framework other allow through their mappings, adding
// them to linked.
func proposeFrom(ctx context.Context, tx *sqldb.Tx, org, fw, other isms.ID, setNames map[isms.ID]string, linked map[linkPair]bool) ([]isms.ControlLink, error) {
	links, err := tx.ControlLinksInFramework(ctx, org, other)
	if err != nil {
		return nil, err
	}
	controls := map[isms.ID][]isms.ID{} // requirement of other → controls confirmed for it
	for _, l := range links {
		if !l.Inferred {
			controls[l.RequirementID] = append(controls[l.RequirementID], l.ControlID)
		}
	}
	if len(controls) == 0 {
		return nil, nil
	}
	mappings, err := tx.MappingsBetween(ctx, org, fw, other)
	if err != nil {
		return nil, err
	}
	ours, err := tx.RequirementRefs(ctx, org, fw)
	if err != nil {
		return nil, err
	}
	inFw := make(map[isms.ID]bool, len(ours))
	for _, id := range ours {
		inFw[id] = true
	}
	var out []isms.ControlLink
	for _, m := range mappings {
		if !m.Relationship.Related() {
			continue
		}
		r, s, basis := inferredBasis(m, inFw, setNames[m.SetID])
		for _, c := range controls[s] {
			if linked[linkPair{c, r}] {
				continue
			}
			linked[linkPair{c, r}] = true
			out = append(out, isms.ControlLink{ControlID: c, RequirementID: r, Inferred: true, Basis: basis})
		}
	}
	return out, nil
}

// inferredBasis returns, for a mapping between a requirement R of the
// framework whose requirement IDs are inFw and a requirement S of another,
// R, S and the reason written from S's side: "A.9.2.1 subset of A.5.18
// (set name)".
func inferredBasis(m isms.Mapping, inFw map[isms.ID]bool, set string) (r, s isms.ID, basis string) {
	if inFw[m.TargetID] {
		return m.TargetID, m.SourceID, m.SourceRef + " " + m.Relationship.Label() + " " + m.TargetRef + " (" + set + ")"
	}
	rel := m.Relationship
	switch rel {
	case isms.RelSubset:
		rel = isms.RelSuperset
	case isms.RelSuperset:
		rel = isms.RelSubset
	}
	return m.SourceID, m.TargetID, m.TargetRef + " " + rel.Label() + " " + m.SourceRef + " (" + set + ")"
}
