// SPDX-License-Identifier: Apache-2.0

package isms

import "fmt"

// The rules of the Statement of Applicability (6.1.3 c, d). A rule about
// the SoA's lines is not applicable while there is no SoA: the rules
// about the framework and the SoA's existence fire instead.

func ruleSoAFramework(f *Facts) []Finding {
	return One(f.SoAFrameworkLoaded, "ISO/IEC 27001:2022 is not among the organization's frameworks, so there are no Annex A "+
		"controls to compare the treatment with (6.1.3 c) nor to build the Statement of Applicability from (6.1.3 d).", "/frameworks")
}

func ruleSoAExists(f *Facts) []Finding {
	if !f.SoAFrameworkLoaded {
		return Inapplicable()
	}
	return One(f.SoAApproved.ID != "" || f.SoADraft.ID != "", "There is no Statement of Applicability. Clause 6.1.3 d) "+
		"requires one: every Annex A control, whether it applies and why, and whether it is implemented.", "/soa")
}

func ruleSoAApproved(f *Facts) []Finding {
	if !f.SoAFrameworkLoaded || f.SoAApproved.ID == "" && f.SoADraft.ID == "" {
		return Inapplicable()
	}
	return One(f.SoAApproved.ID != "", fmt.Sprintf("The Statement of Applicability has no approved version: draft %s is not "+
		"approved yet. Only an approved version is the statement the organization stands by and an auditor reviews.",
		f.SoADraft.Ref), "/soa", f.SoADraft)
}

func ruleSoADecided(f *Facts) []Finding {
	return soaFire(f, f.SoAUndecided, fmt.Sprintf("In SoA %s, %s a decision, applicable or not. The statement must cover every "+
		"Annex A control (6.1.3 d).%s", f.SoAChecked.Ref, plural(f.SoAUndecided.Total, "control awaits", "controls await"),
		soaVersionNote(f)), "/soa?applicable=undecided")
}

func ruleSoAExclusionsJustified(f *Facts) []Finding {
	return soaFire(f, f.SoAExclusionsUnjustified, fmt.Sprintf("In SoA %s, %s excluded without a justification. Clause 6.1.3 d) "+
		"requires the reason for every exclusion.%s", f.SoAChecked.Ref,
		plural(f.SoAExclusionsUnjustified.Total, "control is", "controls are"), soaVersionNote(f)), "/soa?applicable=no")
}

func ruleSoAExcludedTreated(f *Facts) []Finding {
	n := f.SoAExcludedButTreated.Total
	return soaFire(f, f.SoAExcludedButTreated, fmt.Sprintf("In SoA %s, %s excluded although the treatment plan of an open risk "+
		"relies on a control linked to %s. The statement contradicts the risk treatment (6.1.3 b–d): include %s, or change "+
		"those plans.%s", f.SoAChecked.Ref, plural(n, "control is", "controls are"), numberForm(n, "it", "them"),
		numberForm(n, "it", "them"), soaVersionNote(f)), "/soa?applicable=no")
}

func ruleSoAInclusionsJustified(f *Facts) []Finding {
	n := f.SoAInclusionsWithoutSource.Total
	return soaFire(f, f.SoAInclusionsWithoutSource, fmt.Sprintf("In SoA %s, %s applicable without a justification today: no open "+
		"risk's treatment or addressed obligation uses %s, and no business requirement or good practice is given. "+
		"Clause 6.1.3 d) asks why each control is included.%s", f.SoAChecked.Ref, plural(n, "control is", "controls are"),
		numberForm(n, "it", "them"), soaVersionNote(f)), "/soa?applicable=yes")
}

func ruleSoAApplicableControlled(f *Facts) []Finding {
	n := f.SoAApplicableWithoutControl.Total
	return soaFire(f, f.SoAApplicableWithoutControl, fmt.Sprintf("In SoA %s, %s applicable but no control of the organization "+
		"carries %s out, so neither the implementation nor its evidence can be shown.%s", f.SoAChecked.Ref,
		plural(n, "control is", "controls are"), numberForm(n, "it", "them"), soaVersionNote(f)), "/soa?applicable=yes")
}

func ruleSoAImplementedClaims(f *Facts) []Finding {
	n := f.SoAImplementedWithoutControl.Total
	return soaFire(f, f.SoAImplementedWithoutControl, fmt.Sprintf("In SoA %s, %s marked implemented while none of %s linked "+
		"controls is: the statement claims more than the controls register shows (6.1.3 d).%s", f.SoAChecked.Ref,
		plural(n, "control is", "controls are"), numberForm(n, "its", "their"), soaVersionNote(f)), "/soa?status=implemented")
}

func ruleSoADraftPending(f *Facts) []Finding {
	if f.SoAApproved.ID == "" {
		return Inapplicable()
	}
	return Fire(f.SoADraftEdited, fmt.Sprintf("Draft %s changes %s of the Statement of Applicability since %s was approved; "+
		"%s stays the statement in force until the draft is approved. Submit it for approval once the changes are complete.",
		f.SoADraft.Ref, plural(f.SoADraftEdited.Total, "line", "lines"), f.SoAApproved.Ref, f.SoAApproved.Ref), "/soa/versions")
}

// soaVersionNote is what a finding about the SoA's lines adds when they
// are those of the approved version, which cannot change.
func soaVersionNote(f *Facts) string {
	if f.SoAChecked.ID == "" || f.SoAChecked.ID != f.SoAApproved.ID {
		return ""
	}
	return " " + f.SoAChecked.Ref + " is approved and cannot change: correct it in a new version."
}

// soaFire is Fire over a record set of the SoA's lines: not applicable
// while there is no SoA to check.
func soaFire(f *Facts, s RecordSet, message, fix string) []Finding {
	if f.SoAChecked.ID == "" {
		return Inapplicable()
	}
	return Fire(s, message, fix)
}
