// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// testMethod returns a valid method with nl likelihood levels, ni impact
// levels and nLevels risk levels; its matrix rises evenly from level 1 in
// the lowest cell to nLevels in the highest.
func testMethod(nl, ni, nLevels int) *isms.RiskMethod {
	m := &isms.RiskMethod{ID: "rmt_1", Number: 1, Name: "Test method", ReviewMonths: 12, Status: isms.MethodApproved}
	m.Likelihood, m.Impact = testScale("L", nl), testScale("I", ni)
	for k := 1; k <= nLevels; k++ {
		m.Levels = append(m.Levels, isms.RiskLevel{Key: fmt.Sprintf("lvl%d", k), Label: fmt.Sprintf("Level %d", k),
			Color: "#336699", AcceptBy: isms.AcceptByManager})
	}
	span := max(nl+ni-2, 1)
	for l := range nl {
		row := make([]int, ni)
		for i := range row {
			row[i] = 1 + (l+i)*(nLevels-1)/span
		}
		m.Matrix = append(m.Matrix, row)
	}
	return m
}

func testScale(prefix string, n int) []isms.RiskScaleLevel {
	s := make([]isms.RiskScaleLevel, n)
	for k := range s {
		s[k] = isms.RiskScaleLevel{Value: k + 1, Label: fmt.Sprintf("%s%d", prefix, k+1), Criteria: "When it applies."}
	}
	return s
}

func TestRiskMethodValidate(t *testing.T) {
	long := strings.Repeat("x", 201)
	tests := []struct {
		name   string
		method func() *isms.RiskMethod
		edit   func(m *isms.RiskMethod)
		want   map[string]string
	}{
		{"a 2×2 method is valid", func() *isms.RiskMethod { return testMethod(2, 2, 2) }, nil, nil},
		{"a 10×10 method is valid", func() *isms.RiskMethod { return testMethod(10, 10, 10) }, nil, nil},
		{"scales of different sizes are valid", func() *isms.RiskMethod { return testMethod(3, 7, 4) }, nil, nil},
		{"a CIA method combining by the mean is valid", nil, func(m *isms.RiskMethod) { m.CIA, m.ImpactRule = true, isms.ImpactMean }, nil},
		{"a one-level likelihood scale is refused", func() *isms.RiskMethod { return testMethod(1, 5, 3) }, nil,
			map[string]string{"likelihood": "Likelihood scale must have 2 to 10 levels; it has 1."}},
		{"an eleven-level impact scale is refused", func() *isms.RiskMethod { return testMethod(5, 11, 3) }, nil,
			map[string]string{"impact": "Impact scale must have 2 to 10 levels; it has 11."}},
		{"one risk level is refused", func() *isms.RiskMethod { return testMethod(5, 5, 1) }, nil,
			map[string]string{"levels": "Define 2 to 10 risk levels; there are 1."}},
		{"eleven risk levels are refused", func() *isms.RiskMethod { return testMethod(5, 5, 11) }, nil,
			map[string]string{"levels": "Define 2 to 10 risk levels; there are 11."}},
		{"name and labels are required", nil, func(m *isms.RiskMethod) {
			m.Name, m.Likelihood[1].Label, m.Levels[0].Label = " ", "", ""
		}, map[string]string{
			"name":                "Name is required.",
			"likelihood[1].label": "Likelihood level 2 label is required.",
			"levels[0].label":     "Level 1 label is required.",
		}},
		{"names longer than 200 characters are refused", nil, func(m *isms.RiskMethod) { m.Name, m.Impact[0].Label = long, long },
			map[string]string{"name": "Name must be at most 200 characters.", "impact[0].label": "Impact level 1 label must be at most 200 characters."}},
		{"long description and criteria are refused", nil, func(m *isms.RiskMethod) {
			m.Description, m.Impact[2].Criteria = strings.Repeat("x", 20001), strings.Repeat("x", 20001)
		}, map[string]string{"description": "Description must be at most 20,000 characters.", "impact[2].criteria": "Criteria must be at most 20,000 characters."}},
		{"a scale label used twice is refused, whatever its case", nil, func(m *isms.RiskMethod) { m.Impact[3].Label = "i2" },
			map[string]string{"impact[3].label": `Impact level label "i2" is used twice.`}},
		{"scale values must rise", nil, func(m *isms.RiskMethod) { m.Likelihood[2].Value = 2 },
			map[string]string{"likelihood[2].value": "Likelihood level 3 value must be greater than level 2's (2)."}},
		{"a CIA method needs a known rule", nil, func(m *isms.RiskMethod) { m.CIA, m.ImpactRule = true, "sum" },
			map[string]string{"impactRule": "Choose how the C, I and A impacts combine: the highest or the mean."}},
		{"a level key must be a slug", nil, func(m *isms.RiskMethod) { m.Levels[1].Key = "Very High" },
			map[string]string{"levels[1].key": "Level 2 key must be 1 to 40 lower-case letters, digits, - or _."}},
		{"an empty level key is refused", nil, func(m *isms.RiskMethod) { m.Levels[0].Key = "" },
			map[string]string{"levels[0].key": "Level 1 key must be 1 to 40 lower-case letters, digits, - or _."}},
		{"a duplicate level key is refused", nil, func(m *isms.RiskMethod) { m.Levels[2].Key = "lvl1" },
			map[string]string{"levels[2].key": `Level key "lvl1" is used twice.`}},
		{"colour names and short hex colours are refused", nil, func(m *isms.RiskMethod) { m.Levels[0].Color, m.Levels[1].Color = "red", "#fff" },
			map[string]string{"levels[0].color": "Level 1 colour must be written #rrggbb.", "levels[1].color": "Level 2 colour must be written #rrggbb."}},
		{"upper-case hex is refused until normalized", nil, func(m *isms.RiskMethod) { m.Levels[0].Color = "#AABBCC" },
			map[string]string{"levels[0].color": "Level 1 colour must be written #rrggbb."}},
		{"an unknown acceptor is refused", nil, func(m *isms.RiskMethod) { m.Levels[0].AcceptBy = "board" },
			map[string]string{"levels[0].acceptBy": "Level 1: say who may accept it (owner, manager, admin, person or nobody)."}},
		{"person acceptance needs the person", nil, func(m *isms.RiskMethod) { m.Levels[2].AcceptBy = isms.AcceptByPerson },
			map[string]string{"levels[2].acceptUserId": "Level 3: choose the person who may accept it."}},
		{"person acceptance with the person is valid", nil, func(m *isms.RiskMethod) {
			m.Levels[2].AcceptBy, m.Levels[2].AcceptUserID = isms.AcceptByPerson, "user_ciso"
		}, nil},
		{"a level nobody may accept cannot be retained", nil, func(m *isms.RiskMethod) {
			m.Levels[3].AcceptBy, m.Levels[3].Retain = isms.AcceptByNobody, true
		}, map[string]string{"levels[3].retain": "Level 4 cannot be retained without treatment when nobody may accept it."}},
		{"the matrix needs a row per likelihood level", nil, func(m *isms.RiskMethod) { m.Matrix = m.Matrix[:4] },
			map[string]string{"matrix": "The matrix must have one row per likelihood level (5); it has 4."}},
		{"each row needs a cell per impact level", nil, func(m *isms.RiskMethod) { m.Matrix[1] = append(m.Matrix[1], 1) },
			map[string]string{"matrix[1]": "Matrix row 2 must have one cell per impact level (5); it has 6."}},
		{"cells must name a level", nil, func(m *isms.RiskMethod) { m.Matrix[0][0], m.Matrix[4][4] = 0, 5 },
			map[string]string{
				"matrix[0][0]": "Matrix cell (likelihood 1, impact 1) must name a risk level from 1 to 4.",
				"matrix[4][4]": "Matrix cell (likelihood 5, impact 5) must name a risk level from 1 to 4.",
			}},
		{"a zero reassessment interval is refused", nil, func(m *isms.RiskMethod) { m.ReviewMonths = 0 },
			map[string]string{"reviewMonths": "Reassessment interval must be 1 to 60 months."}},
		{"more than five years between reassessments is refused", nil, func(m *isms.RiskMethod) { m.ReviewMonths = 61 },
			map[string]string{"reviewMonths": "Reassessment interval must be 1 to 60 months."}},
		{"sixty months are allowed", nil, func(m *isms.RiskMethod) { m.ReviewMonths = 60 }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testMethod(5, 5, 4)
			if tt.method != nil {
				m = tt.method()
			}
			if tt.edit != nil {
				tt.edit(m)
			}
			err := m.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v %v, want nil", err, isms.ErrorFields(err))
				}
				return
			}
			if isms.ErrorCode(err) != isms.Invalid {
				t.Fatalf("Validate() = %v, want an Invalid error", err)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRiskMethodNormalize(t *testing.T) {
	m := testMethod(2, 2, 2)
	m.Name, m.Likelihood[0].Label = "  Spaced  ", " L1 "
	m.Levels[0].Key, m.Levels[0].Color, m.Levels[0].AcceptUserID = " LOW ", " #AABBCC ", "user_x"
	m.Levels[1].AcceptBy, m.Levels[1].AcceptUserID = isms.AcceptByPerson, "user_y"
	m.CIA = true
	m.Normalize()
	if m.Name != "Spaced" || m.Likelihood[0].Label != "L1" || m.Levels[0].Key != "low" || m.Levels[0].Color != "#aabbcc" {
		t.Errorf("text not trimmed or lower-cased: %q %q %q %q", m.Name, m.Likelihood[0].Label, m.Levels[0].Key, m.Levels[0].Color)
	}
	if m.Levels[0].AcceptUserID != "" || m.Levels[1].AcceptUserID != "user_y" {
		t.Errorf("AcceptUserID kept only for person acceptance: got %q and %q", m.Levels[0].AcceptUserID, m.Levels[1].AcceptUserID)
	}
	if m.ImpactRule != isms.ImpactHighest {
		t.Errorf("a CIA method without a rule got %q, want highest", m.ImpactRule)
	}
	m.CIA = false
	m.Normalize()
	if m.ImpactRule != "" {
		t.Errorf("a method without CIA kept rule %q", m.ImpactRule)
	}
}

func TestRiskMethodLevelOf(t *testing.T) {
	five, err := isms.RiskMethodPreset(5)
	if err != nil {
		t.Fatal(err)
	}
	two, ten := testMethod(2, 2, 2), testMethod(10, 10, 10)
	tests := []struct {
		name string
		m    *isms.RiskMethod
		l, i int
		want int
	}{
		{"2×2 lowest cell", two, 1, 1, 1},
		{"2×2 mixed cell", two, 1, 2, 1},
		{"2×2 mixed cell the other way", two, 2, 1, 1},
		{"2×2 highest cell", two, 2, 2, 2},
		{"5×5 rare and negligible", five, 1, 1, 1},
		{"5×5 rare and severe", five, 1, 5, 3},
		{"5×5 almost certain and negligible", five, 5, 1, 3},
		{"5×5 possible and moderate", five, 3, 3, 3},
		{"5×5 likely and major", five, 4, 4, 4},
		{"5×5 almost certain and severe", five, 5, 5, 5},
		{"10×10 lowest cell", ten, 1, 1, 1},
		{"10×10 middle cell", ten, 5, 6, 5},
		{"10×10 highest cell", ten, 10, 10, 10},
		{"10×10 top likelihood, lowest impact", ten, 10, 1, 5},
		{"unset likelihood", five, 0, 3, 0},
		{"unset impact", five, 3, 0, 0},
		{"negative position", five, -1, 3, 0},
		{"likelihood past the scale", five, 6, 1, 0},
		{"impact past the scale", ten, 1, 11, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.LevelOf(tt.l, tt.i); got != tt.want {
				t.Errorf("LevelOf(%d, %d) = %d, want %d", tt.l, tt.i, got, tt.want)
			}
		})
	}
}

func TestRiskMethodLevels(t *testing.T) {
	m := testMethod(3, 3, 3)
	if got := m.LevelLabel(2); got != "Level 2" {
		t.Errorf("LevelLabel(2) = %q", got)
	}
	for _, n := range []int{0, -1, 4} {
		if m.Level(n) != nil || m.LevelLabel(n) != "" {
			t.Errorf("level %d should not exist", n)
		}
	}
	if got := m.LevelByKey("lvl3"); got != 3 {
		t.Errorf("LevelByKey(lvl3) = %d, want 3", got)
	}
	if got := m.LevelByKey("nope"); got != 0 {
		t.Errorf("LevelByKey(nope) = %d, want 0", got)
	}
	m.Levels[0].Retain = true
	if !m.MayRetain(1) || m.MayRetain(2) || m.MayRetain(0) || m.MayRetain(9) {
		t.Error("MayRetain should hold for level 1 only")
	}
	if m.VersionLabel() != "v1" {
		t.Errorf("VersionLabel() = %q", m.VersionLabel())
	}
}

func TestCombineImpact(t *testing.T) {
	tests := []struct {
		name    string
		rule    isms.ImpactRule
		c, i, a int
		want    int
	}{
		{"highest of three", isms.ImpactHighest, 2, 5, 3, 5},
		{"highest ignores zeros", isms.ImpactHighest, 0, 2, 0, 2},
		{"highest of all zeros is unset", isms.ImpactHighest, 0, 0, 0, 0},
		{"negative values count as unset", isms.ImpactHighest, -3, 0, 1, 1},
		{"an empty rule means highest", "", 1, 4, 2, 4},
		{"mean that divides evenly", isms.ImpactMean, 1, 2, 3, 2},
		{"mean rounds up", isms.ImpactMean, 1, 1, 2, 2},
		{"mean of two rounds up", isms.ImpactMean, 4, 0, 5, 5},
		{"mean ignores zeros", isms.ImpactMean, 0, 0, 3, 3},
		{"mean of all zeros is unset", isms.ImpactMean, 0, 0, 0, 0},
		{"mean of equal values", isms.ImpactMean, 10, 10, 10, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &isms.RiskMethod{CIA: true, ImpactRule: tt.rule}
			if got := m.CombineImpact(tt.c, tt.i, tt.a); got != tt.want {
				t.Errorf("CombineImpact(%d, %d, %d) = %d, want %d", tt.c, tt.i, tt.a, got, tt.want)
			}
		})
	}
}

func TestRiskScoreScore(t *testing.T) {
	plain := testMethod(5, 5, 5)
	highest := testMethod(5, 5, 5)
	highest.CIA, highest.ImpactRule = true, isms.ImpactHighest
	mean := testMethod(5, 5, 5)
	mean.CIA, mean.ImpactRule = true, isms.ImpactMean
	tests := []struct {
		name string
		m    *isms.RiskMethod
		in   isms.RiskScore
		want isms.RiskScore
	}{
		{"plain score looks up the level", plain, isms.RiskScore{Likelihood: 5, Impact: 5}, isms.RiskScore{Likelihood: 5, Impact: 5, Level: 5}},
		{"a method without CIA clears C, I and A", plain, isms.RiskScore{Likelihood: 1, Impact: 1, C: 5, I: 5, A: 5},
			isms.RiskScore{Likelihood: 1, Impact: 1, Level: 1}},
		{"highest takes the worst of C, I and A", highest, isms.RiskScore{Likelihood: 3, Impact: 1, C: 2, I: 5, A: 1},
			isms.RiskScore{Likelihood: 3, Impact: 5, C: 2, I: 5, A: 1, Level: 4}},
		{"mean rounds up", mean, isms.RiskScore{Likelihood: 3, C: 2, I: 5, A: 1},
			isms.RiskScore{Likelihood: 3, Impact: 3, C: 2, I: 5, A: 1, Level: 3}},
		{"one of C, I and A is enough", mean, isms.RiskScore{Likelihood: 1, A: 4},
			isms.RiskScore{Likelihood: 1, Impact: 4, A: 4, Level: 2}},
		{"without C, I and A the impact stays", highest, isms.RiskScore{Likelihood: 2, Impact: 2},
			isms.RiskScore{Likelihood: 2, Impact: 2, Level: 2}},
		{"no likelihood gives no level", highest, isms.RiskScore{C: 3}, isms.RiskScore{Impact: 3, C: 3}},
		{"a stale level is recomputed", plain, isms.RiskScore{Likelihood: 1, Impact: 1, Level: 5}, isms.RiskScore{Likelihood: 1, Impact: 1, Level: 1}},
		{"nothing scored stays unscored", plain, isms.RiskScore{}, isms.RiskScore{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.in
			s.Score(tt.m)
			if s != tt.want {
				t.Errorf("Score = %+v, want %+v", s, tt.want)
			}
		})
	}
}

func TestCanAccept(t *testing.T) {
	m := testMethod(5, 5, 5)
	m.Number = 2
	for k, by := range []isms.AcceptBy{isms.AcceptByOwner, isms.AcceptByManager, isms.AcceptByAdmin, isms.AcceptByPerson, isms.AcceptByNobody} {
		m.Levels[k].AcceptBy = by
	}
	m.Levels[3].AcceptUserID = "user_ciso"
	const owner, other, ciso = isms.ID("user_owner"), isms.ID("user_other"), isms.ID("user_ciso")
	ok := ""
	tests := []struct {
		name  string
		level int
		role  isms.Role
		user  isms.ID
		owner isms.ID
		want  string
	}{
		{"the owner accepts an owner level", 1, isms.RoleContributor, owner, owner, ok},
		{"even a viewer who owns the risk may accept", 1, isms.RoleViewer, owner, owner, ok},
		{"an admin who is not the owner may not", 1, isms.RoleAdmin, other, owner,
			"You may not accept a Level 1 residual risk: under method v2 only the risk owner may."},
		{"nobody accepts for a risk without owner", 1, isms.RoleAdmin, other, "",
			"You may not accept a Level 1 residual risk: under method v2 only the risk owner may."},
		{"a manager accepts a manager level", 2, isms.RoleManager, other, owner, ok},
		{"an admin accepts a manager level", 2, isms.RoleAdmin, other, owner, ok},
		{"a contributing owner may not accept a manager level", 2, isms.RoleContributor, owner, owner,
			"You may not accept a Level 2 residual risk: under method v2 only an ISMS manager or administrator may."},
		{"an admin accepts an admin level", 3, isms.RoleAdmin, other, owner, ok},
		{"a manager may not accept an admin level", 3, isms.RoleManager, owner, owner,
			"You may not accept a Level 3 residual risk: under method v2 only an administrator (top management) may."},
		{"the named person accepts a person level", 4, isms.RoleViewer, ciso, owner, ok},
		{"an admin is not the named person", 4, isms.RoleAdmin, other, owner,
			"You may not accept a Level 4 residual risk: under method v2 only a named person may."},
		{"nobody accepts a nobody level, not even an admin owner", 5, isms.RoleAdmin, owner, owner,
			"A Level 5 residual risk cannot be accepted under method v2: treat it further."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := m.CanAccept(tt.level, tt.role, tt.user, tt.owner)
			if tt.want == ok {
				if err != nil {
					t.Fatalf("CanAccept = %v, want nil", err)
				}
				return
			}
			if isms.ErrorCode(err) != isms.Forbidden || isms.ErrorMessage(err) != tt.want {
				t.Errorf("CanAccept = %v, want forbidden: %s", err, tt.want)
			}
		})
	}
	for _, n := range []int{0, 6} {
		err := m.CanAccept(n, isms.RoleAdmin, owner, owner)
		if isms.ErrorCode(err) != isms.Invalid || isms.ErrorMessage(err) != "Score the residual risk before accepting it." {
			t.Errorf("CanAccept(level %d) = %v, want the message to score first", n, err)
		}
	}
}

func TestRiskMethodNextDraft(t *testing.T) {
	m := testMethod(3, 3, 3)
	m.ApprovalID, m.Version = "appr_1", 4
	d := m.NextDraft(2)
	if d.Number != 2 || d.Status != isms.MethodDraft || d.ID != "" || d.ApprovalID != "" || d.Version != 0 {
		t.Errorf("draft header = %+v", d)
	}
	if diff := cmp.Diff(m.Matrix, d.Matrix); diff != "" {
		t.Errorf("matrix differs:\n%s", diff)
	}
	d.Matrix[0][0], d.Likelihood[0].Label, d.Levels[0].Label = 3, "changed", "changed"
	if m.Matrix[0][0] != 1 || m.Likelihood[0].Label != "L1" || m.Levels[0].Label != "Level 1" {
		t.Error("editing the draft changed the approved version")
	}
	if string(m.ApprovalContent()) == string(d.ApprovalContent()) {
		t.Error("different content gives the same approval content")
	}
	m2 := testMethod(3, 3, 3)
	m2.ID, m2.Version = "rmt_other", 9
	if string(m.ApprovalContent()) != string(m2.ApprovalContent()) {
		t.Error("approval content depends on ID or edit revision")
	}
}

func TestDefaultRescoreMap(t *testing.T) {
	tests := []struct {
		from, to int
		want     []int
	}{
		{3, 5, []int{1, 3, 5}},
		{5, 3, []int{1, 2, 2, 3, 3}},
		{4, 4, []int{1, 2, 3, 4}},
		{5, 5, []int{1, 2, 3, 4, 5}},
		{2, 10, []int{1, 10}},
		{10, 2, []int{1, 1, 1, 1, 1, 2, 2, 2, 2, 2}},
		{4, 5, []int{1, 2, 4, 5}},
		{2, 2, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d to %d", tt.from, tt.to), func(t *testing.T) {
			old, next := testMethod(tt.from, tt.to, 3), testMethod(tt.to, tt.from, 3)
			rm := isms.DefaultRescoreMap(old, next)
			if diff := cmp.Diff(tt.want, rm.Likelihood); diff != "" {
				t.Errorf("likelihood (-want +got):\n%s", diff)
			}
			// The impact scales run the other way: to → from.
			if rm.Impact[0] != 1 || rm.Impact[len(rm.Impact)-1] != tt.from || len(rm.Impact) != tt.to {
				t.Errorf("impact map %v does not run 1 → %d", rm.Impact, tt.from)
			}
			if err := rm.Validate(old, next); err != nil {
				t.Errorf("the default map is invalid: %v %v", err, isms.ErrorFields(err))
			}
			for k := 1; k < len(rm.Likelihood); k++ {
				if rm.Likelihood[k] < rm.Likelihood[k-1] {
					t.Errorf("map %v goes down", rm.Likelihood)
				}
			}
		})
	}
}

func TestRescoreMapValidate(t *testing.T) {
	old, next := testMethod(3, 4, 3), testMethod(5, 2, 3)
	tests := []struct {
		name string
		rm   isms.RescoreMap
		want map[string]string
	}{
		{"a full map is valid", isms.RescoreMap{Likelihood: []int{1, 3, 5}, Impact: []int{1, 1, 2, 2}}, nil},
		{"a map may merge and keep order freely", isms.RescoreMap{Likelihood: []int{5, 5, 5}, Impact: []int{2, 1, 2, 1}}, nil},
		{"missing levels are refused", isms.RescoreMap{Likelihood: []int{1, 3}, Impact: nil}, map[string]string{
			"likelihood": "Map each of the 3 old likelihood levels; 2 are mapped.",
			"impact":     "Map each of the 4 old impact levels; 0 are mapped.",
		}},
		{"positions outside the new scale are refused", isms.RescoreMap{Likelihood: []int{0, 3, 6}, Impact: []int{1, 2, 3, 2}}, map[string]string{
			"likelihood[0]": "Old likelihood level 1 must map to a new level from 1 to 5.",
			"likelihood[2]": "Old likelihood level 3 must map to a new level from 1 to 5.",
			"impact[2]":     "Old impact level 3 must map to a new level from 1 to 2.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rm.Validate(old, next)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err == nil) != (tt.want == nil) {
				t.Errorf("Validate = %v", err)
			}
		})
	}
}

func TestRescoreMapApply(t *testing.T) {
	five := testMethod(5, 5, 5)
	cia := testMethod(5, 5, 5)
	cia.CIA, cia.ImpactRule = true, isms.ImpactHighest
	rm := isms.RescoreMap{Likelihood: []int{1, 3, 5}, Impact: []int{1, 3, 5}}
	tests := []struct {
		name string
		next *isms.RiskMethod
		in   isms.RiskScore
		want isms.RiskScore
	}{
		{"positions are mapped and the level looked up", five, isms.RiskScore{Likelihood: 2, Impact: 3, Level: 3},
			isms.RiskScore{Likelihood: 3, Impact: 5, Level: 4}},
		{"lowest stays lowest", five, isms.RiskScore{Likelihood: 1, Impact: 1, Level: 1}, isms.RiskScore{Likelihood: 1, Impact: 1, Level: 1}},
		{"unset stays unset", five, isms.RiskScore{}, isms.RiskScore{}},
		{"C, I and A are dropped when the new method has none", five, isms.RiskScore{Likelihood: 1, Impact: 3, C: 3, I: 1, A: 1},
			isms.RiskScore{Likelihood: 1, Impact: 5, Level: 3}},
		{"C, I and A are mapped and recombined", cia, isms.RiskScore{Likelihood: 3, Impact: 2, C: 1, I: 2, A: 1},
			isms.RiskScore{Likelihood: 5, Impact: 3, C: 1, I: 3, A: 1, Level: 4}},
		{"positions beyond the old scale become unset", five, isms.RiskScore{Likelihood: 4, Impact: 2},
			isms.RiskScore{Impact: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rm.Apply(tt.in, tt.next); got != tt.want {
				t.Errorf("Apply(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestAcceptByLabels(t *testing.T) {
	for _, a := range isms.AcceptByValues {
		if !a.Valid() || a.Label() == string(a) {
			t.Errorf("%q: valid %v, label %q", a, a.Valid(), a.Label())
		}
	}
	if isms.AcceptBy("board").Valid() {
		t.Error("an unknown acceptor is valid")
	}
}
