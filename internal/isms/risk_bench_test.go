// SPDX-License-Identifier: Apache-2.0

package isms_test

// The benchmark of risk scoring at the size of the large demo's register:
// 5,000 risks under the ready-made 5×5 method.
//
//	go test ./internal/isms -run '^$' -bench RiskScoring -benchmem

import (
	"fmt"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// benchScoredRisks is the size of the register BenchmarkRiskScoring scores.
const benchScoredRisks = 5_000

// BenchmarkRiskScoring scores a register of 5,000 risks, inherent and
// residual, under the 5×5 preset method and counts each risk's residual
// cell, as a heatmap does: "plain" with likelihood and impact, "cia" with
// the impact taken as the highest of separate C, I and A impacts. ns/risk
// and risks/s are the figures to compare.
func BenchmarkRiskScoring(b *testing.B) {
	for _, cia := range []bool{false, true} {
		name := "plain"
		if cia {
			name = "cia"
		}
		b.Run(name, func(b *testing.B) {
			m, err := isms.RiskMethodPreset(5)
			if err != nil {
				b.Fatal(err)
			}
			m.CIA, m.ImpactRule = cia, isms.ImpactHighest
			risks := benchRegister(benchScoredRisks)
			b.ReportAllocs()
			for b.Loop() {
				var cells [5][5]int
				for _, r := range risks {
					r.Score(m)
					if r.Inherent.Level < 1 || r.Residual.Level < 1 {
						b.Fatalf("Score(%s) = inherent %+v, residual %+v; want both levels set", r.Ref, r.Inherent, r.Residual)
					}
					cells[r.Residual.Likelihood-1][r.Residual.Impact-1]++
				}
				if n := cellTotal(cells); n != len(risks) {
					b.Fatalf("the heatmap counts %d risks, want %d", n, len(risks))
				}
			}
			perRisk := b.Elapsed().Seconds() / float64(b.N*len(risks))
			b.ReportMetric(perRisk*1e9, "ns/risk")
			b.ReportMetric(1/perRisk, "risks/s")
		})
	}
}

// benchRegister returns n risks with every likelihood and impact of a 5×5
// method, and C, I and A impacts, inherent and residual; none is scored.
func benchRegister(n int) []*isms.Risk {
	out := make([]*isms.Risk, n)
	for i := range out {
		inh := isms.RiskScore{Likelihood: 1 + i%5, Impact: 1 + (i/5)%5, C: 1 + i%5, I: 1 + (i/3)%5, A: 1 + (i/7)%5}
		res := isms.RiskScore{Likelihood: max(1, inh.Likelihood-1), Impact: max(1, inh.Impact-i%2),
			C: max(1, inh.C-1), I: max(1, inh.I-1), A: inh.A}
		out[i] = &isms.Risk{Ref: fmt.Sprintf("R-%d", i+1), Title: "Risk", Kind: isms.RiskScenario,
			Inherent: inh, Residual: res}
	}
	return out
}

// cellTotal is the number of risks a heatmap counts.
func cellTotal(cells [5][5]int) int {
	n := 0
	for _, row := range cells {
		for _, c := range row {
			n += c
		}
	}
	return n
}
