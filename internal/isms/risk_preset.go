// SPDX-License-Identifier: Apache-2.0

package isms

import "fmt"

// RiskMethodPresetSizes lists the ready-made methods: 3×3, 4×4 and 5×5.
var RiskMethodPresetSizes = []int{3, 4, 5}

// preset is the data of one ready-made method.
type preset struct {
	description string
	likelihood  []RiskScaleLevel
	impact      []RiskScaleLevel
	levels      []RiskLevel
	matrix      [][]int
}

// RiskMethodPreset returns a ready-made draft method with size likelihood
// levels, size impact levels, its levels, matrix and acceptance criteria.
// The result is a fresh copy the caller may change.
func RiskMethodPreset(size int) (*RiskMethod, error) {
	p, ok := presets[size]
	if !ok {
		return nil, Errorf(Invalid, "There is no ready-made %d×%d method; choose 3×3, 4×4 or 5×5.", size, size)
	}
	m := &RiskMethod{
		Name:         fmt.Sprintf("%d×%d method", size, size),
		Description:  p.description,
		Likelihood:   append([]RiskScaleLevel(nil), p.likelihood...),
		Impact:       append([]RiskScaleLevel(nil), p.impact...),
		Levels:       append([]RiskLevel(nil), p.levels...),
		ReviewMonths: 12,
		Status:       MethodDraft,
	}
	for _, row := range p.matrix {
		m.Matrix = append(m.Matrix, append([]int(nil), row...))
	}
	return m, nil
}

// Level colours: each reads well with white or with black text.
const (
	colorDarkGreen  = "#1b5e20"
	colorGreen      = "#2e7d32"
	colorLightGreen = "#7cb342"
	colorAmber      = "#f9a825"
	colorYellow     = "#fdd835"
	colorOrange     = "#ef6c00"
	colorRed        = "#b71c1c"
)

// The acceptance ladder shared by the presets: low risks may be retained
// and accepted by their owner, medium ones need an ISMS manager, high ones
// top management, and critical ones must be treated further.
var (
	levelVeryLow  = RiskLevel{Key: "very_low", Label: "Very low", Color: colorDarkGreen, Retain: true, AcceptBy: AcceptByOwner}
	levelLow      = RiskLevel{Key: "low", Label: "Low", Color: colorGreen, Retain: true, AcceptBy: AcceptByOwner}
	levelMedium   = RiskLevel{Key: "medium", Label: "Medium", Color: colorAmber, AcceptBy: AcceptByManager}
	levelHigh     = RiskLevel{Key: "high", Label: "High", Color: colorRed, AcceptBy: AcceptByAdmin}
	levelHighOr   = RiskLevel{Key: "high", Label: "High", Color: colorOrange, AcceptBy: AcceptByAdmin}
	levelCritical = RiskLevel{Key: "critical", Label: "Critical", Color: colorRed, AcceptBy: AcceptByNobody}
)

// withColor returns l in colour c.
func withColor(l RiskLevel, c string) RiskLevel {
	l.Color = c
	return l
}

var presets = map[int]preset{
	3: {
		description: "A simple method for a small organization: three likelihood levels, three impact levels " +
			"and three risk levels. Low risks may be retained by their owner; medium risks need an ISMS " +
			"manager's acceptance; high risks need top management's.",
		likelihood: []RiskScaleLevel{
			{1, "Unlikely", "Less than once in five years. It has not happened here and rarely happens to organizations like ours."},
			{2, "Possible", "Once in one to five years. It has happened here before or happens regularly to organizations like ours."},
			{3, "Likely", "Once a year or more often. It happens here or is expected to happen soon."},
		},
		impact: []RiskScaleLevel{
			{1, "Minor", "Financial: loss below 0.5% of annual revenue. Legal: no breach of law or contract. " +
				"Operational: work slowed for up to one working day. Reputation: noticed by a few customers at most."},
			{2, "Moderate", "Financial: loss of 0.5% to 5% of annual revenue. Legal: a breach that must be reported to a " +
				"regulator or customer, or a contractual penalty. Operational: key services down for one to five " +
				"working days. Reputation: complaints from several customers or attention in trade media."},
			{3, "Severe", "Financial: loss above 5% of annual revenue. Legal: fines, lawsuits or loss of a licence or " +
				"certification. Operational: key services down for more than a week. Reputation: national press " +
				"coverage or loss of major customers."},
		},
		levels: []RiskLevel{levelLow, levelMedium, levelHigh},
		matrix: [][]int{
			{1, 1, 2},
			{1, 2, 3},
			{2, 3, 3},
		},
	},
	4: {
		description: "A method with four likelihood and four impact levels, so that no risk can sit on a middle " +
			"value. Low risks may be retained by their owner; medium risks need an ISMS manager's acceptance; " +
			"high risks need top management's; critical risks must be treated further.",
		likelihood: []RiskScaleLevel{
			{1, "Rare", "Less than once in ten years. Not known to have happened here; it would take unusual circumstances."},
			{2, "Unlikely", "Once in three to ten years. It has happened to organizations like ours."},
			{3, "Likely", "Once in one to three years. It has happened here before."},
			{4, "Frequent", "Several times a year. It happens here regularly or is expected within months."},
		},
		impact: []RiskScaleLevel{
			{1, "Minor", "Financial: loss below 0.1% of annual revenue. Legal: no breach of law or contract. " +
				"Operational: work slowed for a few hours. Reputation: not noticed outside the organization."},
			{2, "Moderate", "Financial: loss of 0.1% to 1% of annual revenue. Legal: a minor contract breach or a " +
				"complaint to a regulator. Operational: key services disrupted for up to two working days. " +
				"Reputation: complaints from a few customers."},
			{3, "Major", "Financial: loss of 1% to 5% of annual revenue. Legal: a breach that must be reported, or a " +
				"contractual penalty. Operational: key services down for up to two weeks. Reputation: attention in " +
				"trade or local media; customers reconsider the relationship."},
			{4, "Severe", "Financial: loss above 5% of annual revenue. Legal: fines, lawsuits, or loss of a licence or " +
				"certification. Operational: key services down for more than two weeks. Reputation: national press " +
				"coverage or loss of major customers."},
		},
		levels: []RiskLevel{levelLow, levelMedium, levelHighOr, levelCritical},
		matrix: [][]int{
			{1, 1, 2, 2},
			{1, 2, 3, 3},
			{2, 3, 3, 4},
			{2, 3, 4, 4},
		},
	},
	5: {
		description: "The most common layout: five likelihood and five impact levels and five risk levels. Very low " +
			"and low risks may be retained by their owner; medium risks need an ISMS manager's acceptance; high " +
			"risks need top management's; critical risks must be treated further.",
		likelihood: []RiskScaleLevel{
			{1, "Rare", "Less than once in ten years. Not known to have happened here or to organizations like ours."},
			{2, "Unlikely", "Once in three to ten years. It has happened to organizations like ours."},
			{3, "Possible", "Once in one to three years. It has happened here before."},
			{4, "Likely", "Once or a few times a year. It happens here regularly."},
			{5, "Almost certain", "Monthly or more often. It is happening now or is expected within weeks."},
		},
		impact: []RiskScaleLevel{
			{1, "Negligible", "Financial: loss below 0.1% of annual revenue. Legal: no breach of law or contract. " +
				"Operational: work slowed for a few hours. Reputation: not noticed outside the organization."},
			{2, "Minor", "Financial: loss of 0.1% to 0.5% of annual revenue. Legal: a minor contract breach that need " +
				"not be reported. Operational: key services disrupted for up to one working day. Reputation: a few " +
				"customers complain."},
			{3, "Moderate", "Financial: loss of 0.5% to 2% of annual revenue. Legal: a breach that must be reported to a " +
				"regulator or customers, without a fine. Operational: key services down for one to three working " +
				"days. Reputation: attention in trade or local media."},
			{4, "Major", "Financial: loss of 2% to 10% of annual revenue. Legal: a fine, a lawsuit or a contractual " +
				"penalty. Operational: key services down for up to two weeks. Reputation: national press coverage; " +
				"important customers leave."},
			{5, "Severe", "Financial: loss above 10% of annual revenue. Legal: heavy fines, personal liability of " +
				"directors, or loss of a licence or certification. Operational: key services down for more than two " +
				"weeks; the organization's survival is at stake. Reputation: lasting loss of trust across the market."},
		},
		levels: []RiskLevel{levelVeryLow, withColor(levelLow, colorLightGreen), withColor(levelMedium, colorYellow),
			levelHighOr, levelCritical},
		matrix: [][]int{
			{1, 1, 2, 2, 3},
			{1, 2, 3, 3, 4},
			{2, 3, 3, 4, 4},
			{2, 3, 4, 4, 5},
			{3, 4, 4, 5, 5},
		},
	},
}

// ThreatScenarioByKey returns the library scenario with key k.
func ThreatScenarioByKey(k string) (ThreatScenario, bool) {
	for _, s := range ThreatLibrary {
		if s.Key == k {
			return s, true
		}
	}
	return ThreatScenario{}, false
}
