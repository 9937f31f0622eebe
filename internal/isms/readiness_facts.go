// SPDX-License-Identifier: Apache-2.0

package isms

// Facts is what the readiness rules read: figures and short record lists
// drawn from every register of one organization on one day. Each area
// of the standard has its own part, filled by the application from the
// store and read by that area's rules. Fields of different parts have
// different names, so that each reads unqualified.
type Facts struct {
	Today Date
	// People counts the people recorded as active (or the members, when
	// no person is recorded); it sets the size class.
	People int

	ContextFacts     // 4.1–4.4 (readiness_context.go)
	LeadershipFacts  // 5.1–5.3 (readiness_leadership.go)
	PlanningFacts    // 6.1.1, 6.2, 6.3 (readiness_planning.go)
	RiskFacts        // 6.1.2, 6.1.3, 8.2, 8.3 (readiness_risk.go)
	SupportFacts     // 7.1–7.5 (readiness_support.go)
	OperationFacts   // 8.1 (readiness_operation.go)
	MonitoringFacts  // 9.1 (readiness_monitoring.go)
	AuditFacts       // 9.2 (readiness_audit.go)
	ReviewFacts      // 9.3 (readiness_review.go)
	ImprovementFacts // 10.1, 10.2 (readiness_improvement.go)
	AnnexFacts       // Annex A (readiness_annex.go)
}

// Size is the organization's size class.
func (f *Facts) Size() OrgSize { return SizeOf(f.People) }

// ReadinessRules is the one list of readiness rules, in clause order. A
// module adds its rules to its area's list.
func ReadinessRules() []Rule {
	var all []Rule
	for _, area := range [][]Rule{contextRules, leadershipRules, planningRules, riskRules, supportRules,
		operationRules, monitoringRules, auditRules, reviewRules, improvementRules, annexRules} {
		all = append(all, area...)
	}
	return all
}
