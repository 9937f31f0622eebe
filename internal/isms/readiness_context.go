// SPDX-License-Identifier: Apache-2.0

package isms

// ContextFacts are the facts the rules of clauses 4.1–4.4 read.
type ContextFacts struct {
	// IssuesInternal and IssuesExternal count the context issues of each
	// kind (4.1).
	IssuesInternal int
	IssuesExternal int
	// IssuesClimate counts the issues marked as being about climate change
	// (27001 Amd 1:2024).
	IssuesClimate int
	// IssuesReviewOverdue are the issues whose review date is before today.
	IssuesReviewOverdue RecordSet
	// IssuesUnlinked are the issues linked (either way) to no risk and no
	// ISMS risk or opportunity.
	IssuesUnlinked RecordSet

	// Parties counts the interested parties (4.2).
	Parties int
	// PartiesWithoutRequirements are the parties with no requirement
	// recorded.
	PartiesWithoutRequirements RecordSet
	// PartyRequirements counts the requirements of all parties.
	PartyRequirements int
	// PartyRequirementsCompliance counts the legal, regulatory and
	// contractual requirements.
	PartyRequirementsCompliance int
	// PartyRequirementsAddressed counts the requirements the ISMS
	// addresses.
	PartyRequirementsAddressed int
	// PartyRequirementsUndecided are the requirements neither addressed by
	// the ISMS nor explained (addressed false and no "how").
	PartyRequirementsUndecided RecordSet
	// PartyRequirementsUnlinked are the requirements the ISMS addresses
	// that no control, document or risk is linked from.
	PartyRequirementsUnlinked RecordSet

	// ScopeApproved is the scope version in force (4.3); its ID is empty
	// when no version was ever approved.
	ScopeApproved RecordRef
	// ScopeStatement reports whether the approved version has a scope
	// statement.
	ScopeStatement bool
	// ScopeBoundaries counts the organizational units, locations and items
	// in scope the approved version lists.
	ScopeBoundaries int
	// ScopeInterfaces counts the interfaces and dependencies the approved
	// version lists.
	ScopeInterfaces int
	// ScopeExclusions counts the exclusions the approved version lists.
	ScopeExclusions int
	// ScopeUnjustified are the exclusions of the approved version that have
	// no justification, by what is excluded.
	ScopeUnjustified []string
	// ScopeDraft is a draft version newer than the one in force (empty ID
	// when none); ScopeDraftSince is the day it was started.
	ScopeDraft      RecordRef
	ScopeDraftSince Date

	// ISMSProcesses counts the ISMS processes (4.4).
	ISMSProcesses int
	// ISMSProcessClauses are the clauses of ISMSClauses (the numbers of its
	// columns) that at least one process serves, in clause order.
	ISMSProcessClauses []string
	// ISMSProcessesWithoutOwner are the processes with no owner.
	ISMSProcessesWithoutOwner RecordSet
	// ISMSProcessesUndescribed are the processes that lack a purpose,
	// inputs or outputs.
	ISMSProcessesUndescribed RecordSet
}

// ScopeDraftAge is how many days a newer draft of the scope may wait
// before the check points at it.
const ScopeDraftAge = 90

// contextRules are the readiness rules of clauses 4.1–4.4.
var contextRules = []Rule{
	{ID: "context.issues", Clause: "4.1", Severity: SeverityBlocker, Check: ruleContextIssues,
		Checks: "Internal or external issues of the organization's context are recorded."},
	{ID: "context.issue_kinds", Clause: "4.1", Severity: SeverityWarning, Check: ruleContextIssueKinds,
		Checks: "Both internal and external issues are recorded."},
	{ID: "context.issue_review", Clause: "4.1", Severity: SeverityWarning, Check: ruleContextIssueReview,
		Checks: "No context issue is past its review date."},
	{ID: "context.issue_links", Clause: "4.1", Severity: SeverityHint, Check: ruleContextIssueLinks,
		Checks: "Every context issue is linked to the risks or ISMS risks and opportunities it gives rise to."},
	{ID: "context.climate", Clause: "4.1", Severity: SeverityHint, Check: ruleContextClimate,
		Checks: "An issue records whether climate change is relevant to the ISMS (Amd 1:2024)."},
	{ID: "context.parties", Clause: "4.2", Severity: SeverityBlocker, Check: ruleContextParties,
		Checks: "Interested parties relevant to the ISMS are recorded."},
	{ID: "context.party_requirements", Clause: "4.2", Severity: SeverityWarning, Check: ruleContextPartyRequirements,
		Checks: "Every interested party has its relevant requirements recorded."},
	{ID: "context.requirements_decided", Clause: "4.2", Severity: SeverityWarning, Check: ruleContextRequirementsDecided,
		Checks: "Every requirement says whether the ISMS addresses it, or why not."},
	{ID: "context.compliance_requirements", Clause: "4.2", Severity: SeverityWarning, Check: ruleContextComplianceRequirements,
		Checks: "Legal, regulatory or contractual requirements are recorded (4.2 and A.5.31)."},
	{ID: "context.requirements_linked", Clause: "4.2", Severity: SeverityHint, Check: ruleContextRequirementsLinked,
		Checks: "Every requirement the ISMS addresses is linked to the controls, documents or risks that address it."},
	{ID: "scope.approved", Clause: "4.3", Severity: SeverityBlocker, Check: ruleScopeApproved,
		Checks: "An approved scope of the ISMS exists."},
	{ID: "scope.exclusions_justified", Clause: "4.3", Severity: SeverityBlocker, Check: ruleScopeExclusionsJustified,
		Checks: "Every exclusion of the approved scope is justified."},
	{ID: "scope.statement", Clause: "4.3", Severity: SeverityWarning, Check: ruleScopeStatement,
		Checks: "The approved scope has a scope statement."},
	{ID: "scope.boundaries", Clause: "4.3", Severity: SeverityWarning, Check: ruleScopeBoundaries,
		Checks: "The approved scope names its units, locations or what is in scope."},
	{ID: "scope.interfaces", Clause: "4.3", Severity: SeverityWarning, Check: ruleScopeInterfaces,
		Checks: "The approved scope lists its interfaces and dependencies with what lies outside it."},
	{ID: "scope.pending_draft", Clause: "4.3", Severity: SeverityHint, Check: ruleScopePendingDraft,
		Checks: "No newer draft of the scope has waited more than 90 days for approval."},
	{ID: "process.defined", Clause: "4.4", Severity: SeverityWarning, Check: ruleProcessDefined,
		Checks: "The processes of the ISMS are defined."},
	{ID: "process.clauses", Clause: "4.4", Severity: SeverityHint, Check: ruleProcessClauses,
		Checks: "Every clause from 4.1 to 10.2 is served by an ISMS process."},
	{ID: "process.owner", Clause: "4.4", Severity: SeverityHint, Check: ruleProcessOwner,
		Checks: "Every ISMS process has an owner."},
	{ID: "process.described", Clause: "4.4", Severity: SeverityHint, Check: ruleProcessDescribed,
		Checks: "Every ISMS process states its purpose, inputs and outputs."},
}
