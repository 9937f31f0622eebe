// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"slices"
)

// The rules over the Annex A controls the SoA decides applicable: the
// controls of the organization that carry each out need evidence, some
// of it still valid, and A.5.9 needs an asset inventory whose assets
// have owners. That some control carries each out is checked by
// soa.applicable_controlled (6.1.3), and that legal, regulatory and
// contractual requirements are recorded (A.5.31) by
// context.compliance_requirements (4.2). Findings name the Annex A
// control as their clause. Without an SoA, or without what a rule
// checks, the rules are Inapplicable.

// annexRules are the readiness rules over Annex A controls.
var annexRules = []Rule{
	{ID: "annex.asset_inventory", Clause: AnnexAClause, Severity: SeverityBlocker, Check: ruleAnnexAssetInventory,
		Checks: "When A.5.9 is applicable, the asset inventory is not empty."},
	{ID: "annex.evidence", Clause: AnnexAClause, Severity: SeverityWarning, Check: ruleAnnexEvidence,
		Checks: "Every applicable Annex A control has evidence linked to one of its controls."},
	{ID: "annex.evidence_current", Clause: AnnexAClause, Severity: SeverityWarning, Check: ruleAnnexEvidenceCurrent,
		Checks: "The evidence of every applicable Annex A control includes an item still valid."},
	{ID: "annex.asset_owners", Clause: AnnexAClause, Severity: SeverityWarning, Check: ruleAnnexAssetOwners,
		Checks: "When A.5.9 is applicable, every asset has an owner."},
}

// annexAssetInventory is the Annex A control with rules of its own.
const annexAssetInventory = "A.5.9"

func ruleAnnexEvidence(f *Facts) []Finding {
	if !slices.ContainsFunc(f.AnnexControls, func(c AnnexControl) bool { return c.Controls.Total > 0 }) {
		return Inapplicable()
	}
	return perAnnexControl(f.AnnexControls, AnnexControl.Unevidenced,
		func(c AnnexControl) Finding {
			return annexControlsFinding(c, fmt.Sprintf("None of the controls carrying out %s has evidence linked. "+
				"Auditors sample applicable controls and ask to see them operating.", c.Ref), "/evidence/new")
		},
		"%d more applicable Annex A %s %s no evidence on any of the controls carrying %s out.")
}

func ruleAnnexEvidenceCurrent(f *Facts) []Finding {
	if !slices.ContainsFunc(f.AnnexControls, func(c AnnexControl) bool { return c.Evidenced > 0 }) {
		return Inapplicable()
	}
	return perAnnexControl(f.AnnexControls, AnnexControl.Expired,
		func(c AnnexControl) Finding {
			return annexControlsFinding(c, fmt.Sprintf("The evidence of the controls carrying out %s has all "+
				"expired or lost its file. Renew it, so that it shows the control operating now.", c.Ref),
				"/evidence?freshness=expired")
		},
		"%d more applicable Annex A %s %s only expired evidence on the controls carrying %s out.")
}

func ruleAnnexAssetInventory(f *Facts) []Finding {
	if !f.AnnexApplicable(annexAssetInventory) {
		return Inapplicable()
	}
	return inClause(annexAssetInventory, One(f.Assets > 0, "A.5.9 is applicable, but the asset inventory is empty. "+
		"Record the information and other assets in scope with their owners: the risk assessment and many controls "+
		"rest on the inventory.", "/assets/new"))
}

func ruleAnnexAssetOwners(f *Facts) []Finding {
	if !f.AnnexApplicable(annexAssetInventory) || f.Assets == 0 {
		return Inapplicable()
	}
	n := f.AssetsWithoutOwner.Total
	return inClause(annexAssetInventory, Fire(f.AssetsWithoutOwner, fmt.Sprintf("%s in the inventory %s no owner. "+
		"A.5.9 asks for an owner for each asset, who answers for its protection.", plural(n, "asset", "assets"),
		agree(n, "has", "have")), "/assets"))
}

// annexControlsFinding is the finding of an Annex A control that lists
// its controls; its fix is the first control's page, or fix when none is
// listed.
func annexControlsFinding(c AnnexControl, message, fix string) Finding {
	x := Fire(c.Controls, message, fix)
	if len(x) == 0 {
		x = One(false, message, fix)
	}
	if len(c.Controls.Items) > 0 {
		x[0].Fix = c.Controls.Items[0].Path()
	}
	return x[0]
}

// perAnnexControl returns the findings of a rule over the controls of cs
// that pick selects: one made by one for each of the first
// MaxAnnexFindings, with the control as its clause, then one that lists
// the others (their requirements) with the message rest, a format given
// their count and the words that agree with it ("control", "has", "it").
func perAnnexControl(cs []AnnexControl, pick func(AnnexControl) bool, one func(AnnexControl) Finding, rest string) []Finding {
	listed, others := annexSplit(cs, pick)
	var out []Finding
	for _, c := range listed {
		x := one(c)
		x.Clause = c.Ref
		out = append(out, x)
	}
	if len(others) == 0 {
		return out
	}
	set := RecordSet{Total: len(others)}
	for _, c := range others[:min(len(others), MaxFindingRecords)] {
		set.Items = append(set.Items, c.Record())
	}
	n := len(others)
	return append(out, Fire(set, fmt.Sprintf(rest, n, agree(n, "control", "controls"), agree(n, "has", "have"),
		agree(n, "it", "them")), "/soa")...)
}

// annexSplit splits the controls of cs that pick selects into the first
// MaxAnnexFindings and the others.
func annexSplit(cs []AnnexControl, pick func(AnnexControl) bool) (listed, others []AnnexControl) {
	for _, c := range cs {
		switch {
		case !pick(c):
		case len(listed) < MaxAnnexFindings:
			listed = append(listed, c)
		default:
			others = append(others, c)
		}
	}
	return listed, others
}

// inClause sets the clause of findings to clause.
func inClause(clause string, findings []Finding) []Finding {
	for i := range findings {
		findings[i].Clause = clause
	}
	return findings
}
