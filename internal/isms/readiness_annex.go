// SPDX-License-Identifier: Apache-2.0

package isms

// AnnexFacts are the facts the rules over Annex A controls read.
type AnnexFacts struct {
	// AnnexControls are the Annex A controls of ISO/IEC 27001:2022 that
	// the current SoA (the approved version, else the draft) decides
	// applicable, in its order; none without an SoA.
	AnnexControls []AnnexControl
	// Assets counts the assets in the inventory (A.5.9); AssetsWithoutOwner
	// are those with no owner.
	Assets             int
	AssetsWithoutOwner RecordSet
}

// AnnexControl is one applicable Annex A control with the organization's
// controls linked (confirmed) to it and their evidence.
type AnnexControl struct {
	RequirementID ID
	Ref           string // "A.8.15"
	Title         string
	// Controls are the organization's controls linked to it: Total counts
	// them all; Items are filled only for the Annex A controls that
	// AnnexControlsToList names, whose findings list them.
	Controls RecordSet
	// Evidenced counts its controls with at least one evidence item linked;
	// Current those with one valid today (no validity date or one not yet
	// passed, and not a file item missing its file).
	Evidenced int
	Current   int
}

// Unevidenced reports whether the control is carried out by controls of
// which none has any evidence.
func (c AnnexControl) Unevidenced() bool { return c.Controls.Total > 0 && c.Evidenced == 0 }

// Expired reports whether the control's controls have evidence, but none
// of it is valid any more.
func (c AnnexControl) Expired() bool { return c.Evidenced > 0 && c.Current == 0 }

// Record is the control as a finding lists it: its requirement.
func (c AnnexControl) Record() RecordRef {
	return RecordRef{Type: "requirement", ID: c.RequirementID, Ref: c.Ref, Title: c.Title}
}

// MaxAnnexFindings bounds the findings of one rule over Annex A controls:
// past it, one more finding counts and lists the other controls, so that
// an organization with hundreds of gaps gets a readable list.
const MaxAnnexFindings = 10

// AnnexApplicable reports whether the SoA decides the Annex A control
// with ref applicable.
func (f *AnnexFacts) AnnexApplicable(ref string) bool {
	for _, c := range f.AnnexControls {
		if c.Ref == ref {
			return true
		}
	}
	return false
}

// AnnexControlsToList returns the requirements whose controls the
// findings of the evidence rules list: the first MaxAnnexFindings
// controls that are Unevidenced and the first MaxAnnexFindings that are
// Expired. The application reads those controls' records, and only those.
func AnnexControlsToList(cs []AnnexControl) []ID {
	var out []ID
	for _, pick := range []func(AnnexControl) bool{AnnexControl.Unevidenced, AnnexControl.Expired} {
		listed, _ := annexSplit(cs, pick)
		for _, c := range listed {
			out = append(out, c.RequirementID)
		}
	}
	return out
}
