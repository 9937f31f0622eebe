// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestRiskMethodPresets(t *testing.T) {
	wantKeys := map[int][]string{
		3: {"low", "medium", "high"},
		4: {"low", "medium", "high", "critical"},
		5: {"very_low", "low", "medium", "high", "critical"},
	}
	for _, size := range isms.RiskMethodPresetSizes {
		t.Run(fmt.Sprintf("%d×%d", size, size), func(t *testing.T) {
			m, err := isms.RiskMethodPreset(size)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Validate(); err != nil {
				t.Fatalf("preset invalid: %v %v", err, isms.ErrorFields(err))
			}
			if m.Name != fmt.Sprintf("%d×%d method", size, size) || m.Description == "" || m.Status != isms.MethodDraft ||
				m.ReviewMonths != 12 || m.CIA || len(m.Likelihood) != size || len(m.Impact) != size {
				t.Errorf("preset header = %q %v %d CIA=%v scales %d×%d", m.Name, m.Status, m.ReviewMonths, m.CIA, len(m.Likelihood), len(m.Impact))
			}
			var keys []string
			for _, l := range m.Levels {
				keys = append(keys, l.Key)
			}
			if diff := cmp.Diff(wantKeys[size], keys); diff != "" {
				t.Errorf("level keys (-want +got):\n%s", diff)
			}
			n := m.NextDraft(m.Number)
			n.Normalize()
			if diff := cmp.Diff(m, n); diff != "" {
				t.Errorf("a preset is not in normal form (-preset +normalized):\n%s", diff)
			}
			checkCriteria(t, m)
			checkAcceptanceLadder(t, m)
			checkColors(t, m)
			checkMatrixShape(t, m)
		})
	}
}

func checkCriteria(t *testing.T, m *isms.RiskMethod) {
	t.Helper()
	for _, s := range [][]isms.RiskScaleLevel{m.Likelihood, m.Impact} {
		for k, l := range s {
			if l.Value != k+1 || l.Criteria == "" {
				t.Errorf("scale level %d = %+v: want value %d and criteria", k+1, l, k+1)
			}
		}
	}
	for _, l := range m.Impact {
		for _, word := range []string{"Financial:", "Legal:", "Operational:", "Reputation:"} {
			if !strings.Contains(l.Criteria, word) {
				t.Errorf("impact %q does not describe %s", l.Label, word)
			}
		}
	}
}

// checkAcceptanceLadder: low levels are retained by their owner, medium
// need a manager, high an administrator, and critical are never accepted.
func checkAcceptanceLadder(t *testing.T, m *isms.RiskMethod) {
	t.Helper()
	want := map[string]struct {
		retain bool
		by     isms.AcceptBy
	}{
		"very_low": {true, isms.AcceptByOwner},
		"low":      {true, isms.AcceptByOwner},
		"medium":   {false, isms.AcceptByManager},
		"high":     {false, isms.AcceptByAdmin},
		"critical": {false, isms.AcceptByNobody},
	}
	for _, l := range m.Levels {
		if w := want[l.Key]; l.Retain != w.retain || l.AcceptBy != w.by {
			t.Errorf("level %s: retain %v, accepted by %s; want %v, %s", l.Key, l.Retain, l.AcceptBy, w.retain, w.by)
		}
	}
}

// checkColors: each level colour reads well (WCAG contrast 4.5) with white
// or with black text.
func checkColors(t *testing.T, m *isms.RiskMethod) {
	t.Helper()
	seen := map[string]bool{}
	for _, l := range m.Levels {
		lum := luminance(t, l.Color)
		white, black := 1.05/(lum+0.05), (lum+0.05)/0.05
		if max(white, black) < 4.5 {
			t.Errorf("level %s colour %s: contrast %.1f with white and %.1f with black, want 4.5 with either", l.Key, l.Color, white, black)
		}
		if seen[l.Color] {
			t.Errorf("colour %s is used by two levels", l.Color)
		}
		seen[l.Color] = true
	}
}

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, color string) float64 {
	var lin [3]float64
	for k := range lin {
		v, err := strconv.ParseUint(color[1+2*k:3+2*k], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", color, err)
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			lin[k] = c / 12.92
		} else {
			lin[k] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

// checkMatrixShape: the matrix is monotonic (never lower when likelihood
// or impact rises), symmetric, runs from the lowest level to the highest
// and uses every level.
func checkMatrixShape(t *testing.T, m *isms.RiskMethod) {
	t.Helper()
	n := len(m.Matrix)
	used := map[int]bool{}
	for l := range n {
		for i := range n {
			v := m.Matrix[l][i]
			used[v] = true
			if l > 0 && v < m.Matrix[l-1][i] {
				t.Errorf("cell (%d, %d) = %d is lower than the cell of lower likelihood", l+1, i+1, v)
			}
			if i > 0 && v < m.Matrix[l][i-1] {
				t.Errorf("cell (%d, %d) = %d is lower than the cell of lower impact", l+1, i+1, v)
			}
			if v != m.Matrix[i][l] {
				t.Errorf("cell (%d, %d) = %d but (%d, %d) = %d", l+1, i+1, v, i+1, l+1, m.Matrix[i][l])
			}
		}
	}
	if m.Matrix[0][0] != 1 || m.Matrix[n-1][n-1] != len(m.Levels) {
		t.Errorf("the matrix runs from %d to %d, want 1 to %d", m.Matrix[0][0], m.Matrix[n-1][n-1], len(m.Levels))
	}
	if len(used) != len(m.Levels) {
		t.Errorf("the matrix uses %d of %d levels", len(used), len(m.Levels))
	}
}

func TestRiskMethodPresetIsACopy(t *testing.T) {
	a, _ := isms.RiskMethodPreset(4)
	a.Matrix[0][0], a.Levels[0].Label, a.Likelihood[0].Label = 4, "changed", "changed"
	b, _ := isms.RiskMethodPreset(4)
	if b.Matrix[0][0] != 1 || b.Levels[0].Label != "Low" || b.Likelihood[0].Label != "Rare" {
		t.Error("changing one preset changed the next")
	}
}

func TestRiskMethodPresetUnknownSize(t *testing.T) {
	for _, size := range []int{0, 2, 6, 10, -3} {
		m, err := isms.RiskMethodPreset(size)
		if m != nil || isms.ErrorCode(err) != isms.Invalid {
			t.Errorf("RiskMethodPreset(%d) = %v, %v; want an Invalid error", size, m, err)
			continue
		}
		want := fmt.Sprintf("There is no ready-made %d×%d method; choose 3×3, 4×4 or 5×5.", size, size)
		if isms.ErrorMessage(err) != want {
			t.Errorf("message = %q, want %q", isms.ErrorMessage(err), want)
		}
	}
}

// annexA lists the 93 control references of ISO/IEC 27001:2022 Annex A:
// A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 and A.8.1–A.8.34.
func annexA() map[string]bool {
	refs := map[string]bool{}
	for theme, n := range map[int]int{5: 37, 6: 8, 7: 14, 8: 34} {
		for k := 1; k <= n; k++ {
			refs[fmt.Sprintf("A.%d.%d", theme, k)] = true
		}
	}
	return refs
}

func TestThreatLibrary(t *testing.T) {
	refs := annexA()
	if len(refs) != 93 {
		t.Fatalf("annex A has %d controls, want 93", len(refs))
	}
	if len(isms.ThreatLibrary) < 20 {
		t.Errorf("the library has %d scenarios, want at least 20", len(isms.ThreatLibrary))
	}
	slug := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	keys, titles, kinds := map[string]bool{}, map[string]bool{}, map[isms.RiskKind]int{}
	for _, s := range isms.ThreatLibrary {
		if !slug.MatchString(s.Key) || keys[s.Key] {
			t.Errorf("key %q is not a unique lower-case slug", s.Key)
		}
		keys[s.Key] = true
		if titles[s.Title] {
			t.Errorf("%s: title %q is used twice", s.Key, s.Title)
		}
		titles[s.Title] = true
		kinds[s.Kind]++
		checkScenarioFields(t, s)
		if len(s.Controls) < 2 || len(s.Controls) > 4 {
			t.Errorf("%s has %d controls, want 2 to 4", s.Key, len(s.Controls))
		}
		seen := map[string]bool{}
		for _, c := range s.Controls {
			if !refs[c] || seen[c] {
				t.Errorf("%s: control %q is not an Annex A 2022 reference or is listed twice", s.Key, c)
			}
			seen[c] = true
		}
		r := &isms.Risk{Ref: "R-1", Title: s.Title, Kind: s.Kind, Category: s.Category, ThreatSource: s.ThreatSource,
			Event: s.Event, Consequence: s.Consequence, Threat: s.Threat, Vulnerability: s.Vulnerability, Status: isms.RiskIdentified}
		if err := r.Validate(nil); err != nil {
			t.Errorf("%s does not make a valid risk: %v %v", s.Key, err, isms.ErrorFields(err))
		}
		got, ok := isms.ThreatScenarioByKey(s.Key)
		if !ok || got.Key != s.Key || got.Title != s.Title {
			t.Errorf("ThreatScenarioByKey(%q) = %v, %v", s.Key, got.Key, ok)
		}
	}
	if kinds[isms.RiskScenario] < 8 || kinds[isms.RiskAsset] < 8 {
		t.Errorf("kinds = %v, want a mix of both", kinds)
	}
	if _, ok := isms.ThreatScenarioByKey("no-such-scenario"); ok {
		t.Error("an unknown key was found")
	}
}

// checkScenarioFields: a scenario has source, event and consequence; an
// asset-based risk has threat and vulnerability; never both.
func checkScenarioFields(t *testing.T, s isms.ThreatScenario) {
	t.Helper()
	scen := s.ThreatSource != "" && s.Event != "" && s.Consequence != ""
	asset := s.Threat != "" && s.Vulnerability != ""
	none := func(v ...string) bool {
		for _, x := range v {
			if x != "" {
				return false
			}
		}
		return true
	}
	switch {
	case s.Title == "" || s.Category == "":
		t.Errorf("%s has no title or category", s.Key)
	case s.Kind == isms.RiskScenario && !(scen && none(s.Threat, s.Vulnerability)):
		t.Errorf("%s: a scenario needs source, event and consequence only", s.Key)
	case s.Kind == isms.RiskAsset && !(asset && none(s.ThreatSource, s.Event, s.Consequence)):
		t.Errorf("%s: an asset-based risk needs threat and vulnerability only", s.Key)
	case !s.Kind.Valid():
		t.Errorf("%s: kind %q", s.Key, s.Kind)
	}
}
