// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// riskProcessClause is the clause a document describing the risk
// treatment process serves.
const riskProcessClause = "6.1.3"

// gatherRiskFacts reads the facts of the rules of clauses 6.1.2, 6.1.3,
// 8.2 and 8.3: the method in force, the register, the latest assessment,
// the documented treatment process and the Statement of Applicability.
func gatherRiskFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.RiskFacts) error {
	methods, current, err := riskMethodsOf(ctx, tx, org)
	if err != nil {
		return fmt.Errorf("readiness risk methods: %w", err)
	}
	scope := sqldb.ReadinessRiskScope{Org: org, Today: today, Untreated: map[isms.ID][]int{}}
	var draft *isms.RiskMethod
	for id, m := range methods {
		scope.Untreated[id] = levelsNotRetained(m)
		if m.Status == isms.MethodDraft && (draft == nil || m.Number > draft.Number) {
			draft = m
		}
	}
	if draft != nil {
		f.RiskMethodDraft = methodRecord(draft)
	}
	if current != nil {
		scope.Method = current.ID
		f.RiskMethod, f.RiskMethodLevels = methodRecord(current), current.Levels
		f.RiskMethodApprovedOn, f.RiskMethodReviewMonths = isms.DateOf(current.ApprovedAt), current.ReviewMonths
	}
	if err := tx.ReadinessRisks(ctx, scope, f); err != nil {
		return err
	}
	if err := gatherRiskAssessment(ctx, tx, org, f); err != nil {
		return err
	}
	docs, err := tx.ReadinessClauseDocuments(ctx, org, riskProcessClause)
	if err != nil {
		return err
	}
	if len(docs.Items) > 0 {
		f.RiskTreatmentDocument = docs.Items[0]
	}
	return gatherSoAFacts(ctx, tx, org, &f.SoAFacts)
}

// levelsNotRetained returns the level numbers of m a risk may not be
// retained at without treatment.
func levelsNotRetained(m *isms.RiskMethod) []int {
	var out []int
	for n := range m.Levels {
		if !m.MayRetain(n + 1) {
			out = append(out, n+1)
		}
	}
	return out
}

// methodRecord names method version m as a finding's record.
func methodRecord(m *isms.RiskMethod) isms.RecordRef {
	return isms.RecordRef{Type: "risk_method", ID: m.ID, Ref: m.VersionLabel(), Title: m.Name}
}

// gatherRiskAssessment sets the latest dated assessment of f.
func gatherRiskAssessment(ctx context.Context, tx *sqldb.Tx, org isms.ID, f *isms.RiskFacts) error {
	list, _, err := tx.FindRiskAssessments(ctx, org, 1, 0)
	if err != nil {
		return fmt.Errorf("readiness risk assessment: %w", err)
	}
	if len(list) > 0 {
		as := list[0]
		f.RiskAssessmentLast = isms.RecordRef{Type: objectRiskAssessment, ID: as.ID, Title: as.Title}
		f.RiskAssessmentLastOn = as.PerformedOn
	}
	return nil
}
