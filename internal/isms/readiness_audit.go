// SPDX-License-Identifier: Apache-2.0

package isms

import "fmt"

// AuditFacts are the facts the rules of clause 9.2 read.
type AuditFacts struct {
	// AuditProgrammes counts the organization's audit programmes.
	AuditProgrammes int
	// AuditProgramme is the programme whose period holds today (one over
	// ISO/IEC 27001 first, then the one that started last); its ID is
	// empty when no programme covers today.
	AuditProgramme RecordRef
	// AuditUncoveredClauses and AuditUncoveredControls are the clauses
	// and the controls not excluded by the SoA that no audit of
	// AuditProgramme covers in its cycle (records of type "requirement").
	AuditUncoveredClauses  RecordSet
	AuditUncoveredControls RecordSet
	// AuditCycleControls counts the controls AuditProgramme must cover in
	// its cycle (those the SoA does not exclude); AuditCycleHeavy the
	// requirements of the cycle that weigh high. Both are zero when no
	// programme covers today.
	AuditCycleControls int
	AuditCycleHeavy    int
	// AuditBelowWeight are the requirements that weigh high (risks above
	// acceptance use their controls, or earlier audits found
	// nonconformities) but that some year of AuditProgramme leaves
	// unaudited.
	AuditBelowWeight RecordSet

	// Audits counts the organization's internal audits, whatever their
	// status; AuditsNotClosed those not yet closed.
	Audits          int
	AuditsNotClosed int
	// AuditsReported counts the internal audits reported or closed;
	// AuditLastReported is the latest of their report dates (zero when
	// none).
	AuditsReported    int
	AuditLastReported Date
	// AuditsOverdue are the audits still planned or in progress whose
	// planned end is before today.
	AuditsOverdue RecordSet
	// AuditLeadConflicts are the audits not yet closed whose lead auditor
	// owns a control linked to a requirement in scope, or an ISMS process
	// in scope, without that conflict accepted with a reason.
	AuditLeadConflicts RecordSet
}

// auditRules are the readiness rules of clause 9.2. audit.reported and
// audit.programme fire when nothing is recorded; the others are
// Inapplicable until there are audits, programmes or a current cycle to
// check.
var auditRules = []Rule{
	{ID: "audit.reported", Clause: "9.2.1", Severity: SeverityBlocker, Check: ruleAuditReported,
		Checks: "At least one internal audit has been carried out and reported."},
	{ID: "audit.recent", Clause: "9.2.1", Severity: SeverityWarning, Check: ruleAuditRecent,
		Checks: "An internal audit was reported in the last 12 months."},
	{ID: "audit.overdue", Clause: "9.2.1", Severity: SeverityWarning, Check: ruleAuditOverdue,
		Checks: "No internal audit is past its planned end without a report."},
	{ID: "audit.programme", Clause: "9.2.2", Severity: SeverityBlocker, Check: ruleAuditProgramme,
		Checks: "An internal audit programme is recorded."},
	{ID: "audit.programme_current", Clause: "9.2.2", Severity: SeverityWarning, Check: ruleAuditProgrammeCurrent,
		Checks: "An audit programme's period includes today."},
	// Clauses left out of the whole cycle are a blocker: the audits could
	// then never show that the ISMS meets every requirement of the
	// standard (9.2.1 a), and certification bodies expect all of clauses
	// 4–10 audited before certifying. Controls are a warning: the cycle
	// may sample Annex A, and a plan that still has years to run can add
	// them.
	{ID: "audit.coverage_clauses", Clause: "9.2.2", Severity: SeverityBlocker, Check: ruleAuditCoverageClauses,
		Checks: "The current audit programme audits every clause of the standard in its cycle."},
	{ID: "audit.coverage_controls", Clause: "9.2.2", Severity: SeverityWarning, Check: ruleAuditCoverageControls,
		Checks: "The current audit programme audits every control the SoA does not exclude in its cycle."},
	{ID: "audit.coverage_weight", Clause: "9.2.2", Severity: SeverityHint, Check: ruleAuditCoverageWeight,
		Checks: "Requirements with risks above acceptance or earlier nonconformities are audited every programme year."},
	{ID: "audit.independence", Clause: "9.2.2", Severity: SeverityWarning, Check: ruleAuditIndependence,
		Checks: "No lead auditor audits a control or ISMS process they own without a recorded reason."},
}

func ruleAuditReported(f *Facts) []Finding {
	return One(f.AuditsReported > 0, "No internal audit has been carried out and reported yet. The audit results "+
		"are records the standard requires, and a certification body expects at least one internal audit of the "+
		"ISMS before it certifies.", "/internal-audits")
}

func ruleAuditRecent(f *Facts) []Finding {
	last := f.AuditLastReported
	if f.AuditsReported == 0 || last.IsZero() {
		return Inapplicable()
	}
	return One(!last.Before(f.Today.AddDate(-1, 0, 0)), fmt.Sprintf("The last internal audit was reported on %s, more than a year ago. Audits run at "+
		"planned intervals, and each surveillance audit looks for one since the last visit.", last), "/internal-audits/new")
}

func ruleAuditOverdue(f *Facts) []Finding {
	if f.Audits == 0 {
		return Inapplicable()
	}
	n := f.AuditsOverdue.Total
	return Fire(f.AuditsOverdue, fmt.Sprintf("%s %s past %s planned end without a report. Report or replan %s: "+
		"results that never reach management leave the programme unfulfilled.", plural(n, "internal audit", "internal audits"),
		agree(n, "is", "are"), agree(n, "its", "their"), agree(n, "it", "them")), "/internal-audits")
}

func ruleAuditProgramme(f *Facts) []Finding {
	return One(f.AuditProgrammes > 0, "No internal audit programme is recorded. The standard asks for a planned "+
		"programme (frequency, methods, responsibilities, reporting) and for evidence that it is carried out.",
		"/audit-programmes/new")
}

func ruleAuditProgrammeCurrent(f *Facts) []Finding {
	if f.AuditProgrammes == 0 {
		return Inapplicable()
	}
	return One(f.AuditProgramme.ID != "", fmt.Sprintf("None of the %s covers today. "+
		"Plan the next cycle, so that audits stay planned ahead rather than held ad hoc.",
		plural(f.AuditProgrammes, "audit programme", "audit programmes")), "/audit-programmes/new")
}

func ruleAuditCoverageClauses(f *Facts) []Finding {
	if f.AuditProgramme.ID == "" {
		return Inapplicable()
	}
	n := f.AuditUncoveredClauses.Total
	return Fire(f.AuditUncoveredClauses, fmt.Sprintf("%s of the standard %s not planned in any audit of programme %s. Over "+
		"its cycle the programme must show that the whole ISMS conforms; plan audits that cover %s.",
		plural(n, "clause", "clauses"), agree(n, "is", "are"), f.AuditProgramme.Ref, agree(n, "it", "them")),
		f.AuditProgramme.Path())
}

func ruleAuditCoverageControls(f *Facts) []Finding {
	if f.AuditProgramme.ID == "" || f.AuditCycleControls == 0 {
		return Inapplicable()
	}
	n := f.AuditUncoveredControls.Total
	return Fire(f.AuditUncoveredControls, fmt.Sprintf("%s the SoA does not exclude %s not planned in any audit of "+
		"programme %s. Audit every applicable control at least once in the cycle, or the auditor will ask how they are known "+
		"to work.", plural(n, "control", "controls"), agree(n, "is", "are"), f.AuditProgramme.Ref),
		f.AuditProgramme.Path())
}

func ruleAuditCoverageWeight(f *Facts) []Finding {
	if f.AuditProgramme.ID == "" || f.AuditCycleHeavy == 0 {
		return Inapplicable()
	}
	n := f.AuditBelowWeight.Total
	return Fire(f.AuditBelowWeight, fmt.Sprintf("%s %s high (risks above acceptance or earlier nonconformities) "+
		"but %s not audited every year of programme %s. The programme should follow importance and past results.",
		plural(n, "requirement", "requirements"), agree(n, "weighs", "weigh"), agree(n, "is", "are"),
		f.AuditProgramme.Ref), f.AuditProgramme.Path())
}

func ruleAuditIndependence(f *Facts) []Finding {
	if f.AuditsNotClosed == 0 {
		return Inapplicable()
	}
	n := f.AuditLeadConflicts.Total
	return Fire(f.AuditLeadConflicts, fmt.Sprintf("In %s the lead auditor owns a control or ISMS process the audit "+
		"covers, with no reason recorded for accepting it. Auditors must be objective and impartial: choose "+
		"another lead, or record why the conflict is acceptable.", plural(n, "audit", "audits")), "/internal-audits")
}
