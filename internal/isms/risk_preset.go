// SPDX-License-Identifier: Apache-2.0

package isms

// RiskMethodPresetSizes lists the ready-made methods: 3×3, 4×4 and 5×5.
var RiskMethodPresetSizes = []int{3, 4, 5}

// RiskMethodPreset returns a ready-made draft method with size likelihood
// levels, size impact levels, its levels, matrix and acceptance criteria.
func RiskMethodPreset(size int) (*RiskMethod, error) {
	panic("filled in next")
}

// ThreatScenario is one entry of the library of common risk scenarios.
type ThreatScenario struct {
	Key           string   `json:"key"`
	Title         string   `json:"title"`
	Category      string   `json:"category"`
	Kind          RiskKind `json:"kind"`
	ThreatSource  string   `json:"threatSource,omitempty"`
	Event         string   `json:"event,omitempty"`
	Consequence   string   `json:"consequence,omitempty"`
	Threat        string   `json:"threat,omitempty"`
	Vulnerability string   `json:"vulnerability,omitempty"`
	// Controls are ISO/IEC 27001:2022 Annex A references that commonly treat it.
	Controls []string `json:"controls"`
}

// ThreatLibrary is the library of common scenarios.
var ThreatLibrary []ThreatScenario

// ThreatScenarioByKey returns the library scenario with key k.
func ThreatScenarioByKey(k string) (ThreatScenario, bool) {
	panic("filled in next")
}

// CompareAssessments returns what changed from before to after.
func CompareAssessments(before, after []AssessmentEntry) AssessmentDiff {
	panic("filled in next")
}
