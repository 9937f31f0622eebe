// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"slices"
	"strings"
)

// The rules of clauses 4.1–4.4: the context issues, the interested
// parties and their requirements, the scope and the ISMS processes.

// agree returns one when n is 1 and many otherwise: the verb or noun that
// agrees with a count ("is"/"are", "has"/"have").
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// contextIssues counts the context issues of both kinds.
func contextIssues(f *Facts) int { return f.IssuesInternal + f.IssuesExternal }

func ruleContextIssues(f *Facts) []Finding {
	return One(contextIssues(f) > 0,
		"No internal or external issue is recorded. Clause 4.1 asks the organization to determine the issues that "+
			"affect what its ISMS can achieve; they feed the scope and the risks, and an auditor starts with them.",
		"/context-issues")
}

func ruleContextIssueKinds(f *Facts) []Finding {
	if contextIssues(f) == 0 {
		return Inapplicable() // context.issues fires
	}
	if f.IssuesInternal > 0 && f.IssuesExternal > 0 {
		return nil
	}
	have, missing := "internal", "external"
	if f.IssuesInternal == 0 {
		have, missing = "external", "internal"
	}
	return One(false, fmt.Sprintf("Only %s issues are recorded, no %s one. Clause 4.1 covers both: an auditor "+
		"expects, say, %s as well.", have, missing, kindExamples[missing]), "/context-issues")
}

// kindExamples names typical issues of each kind for the messages.
var kindExamples = map[string]string{
	"internal": "the organization's structure, capabilities, systems or culture",
	"external": "laws, the market, technology trends or the threat landscape",
}

func ruleContextIssueReview(f *Facts) []Finding {
	if contextIssues(f) == 0 {
		return Inapplicable()
	}
	n := f.IssuesReviewOverdue.Total
	return Fire(f.IssuesReviewOverdue, fmt.Sprintf("%s %s past %s review date. Issues change, and the management "+
		"review must consider those changes (9.3.2 b); an out-of-date context weakens the scope and the risk assessment.",
		plural(n, "context issue", "context issues"), agree(n, "is", "are"), agree(n, "its", "their")),
		"/context-issues?review=due")
}

func ruleContextIssueLinks(f *Facts) []Finding {
	if contextIssues(f) == 0 {
		return Inapplicable()
	}
	n := f.IssuesUnlinked.Total
	return Fire(f.IssuesUnlinked, fmt.Sprintf("%s %s not linked to any risk or ISMS risk or opportunity. Linking "+
		"each issue to what it gives rise to shows the auditor that the context was considered in planning (6.1.1).",
		plural(n, "context issue", "context issues"), agree(n, "is", "are")), "/context-issues")
}

func ruleContextClimate(f *Facts) []Finding {
	if contextIssues(f) == 0 {
		return Inapplicable() // context.issues fires
	}
	return One(f.IssuesClimate > 0, "No context issue is marked as being about climate change. Since Amendment 1 "+
		"(2024) the organization must decide whether climate change is relevant; record that decision, even when "+
		"the answer is no, as an issue marked climate.", "/context-issues")
}

func ruleContextParties(f *Facts) []Finding {
	return One(f.Parties > 0, "No interested party is recorded. Clause 4.2 asks which parties are relevant to the "+
		"ISMS (customers, regulators, staff, suppliers …) and what they require; without them the scope and the "+
		"legal obligations cannot be justified.", "/interested-parties")
}

func ruleContextPartyRequirements(f *Facts) []Finding {
	if f.Parties == 0 {
		return Inapplicable()
	}
	n := f.PartiesWithoutRequirements.Total
	return Fire(f.PartiesWithoutRequirements, fmt.Sprintf("%s %s no requirement recorded. Clause 4.2 asks for the "+
		"relevant requirements of each party; a party with none recorded looks unexamined.",
		plural(n, "interested party", "interested parties"), agree(n, "has", "have")), "/party-requirements")
}

func ruleContextRequirementsDecided(f *Facts) []Finding {
	if f.PartyRequirements == 0 {
		return Inapplicable()
	}
	n := f.PartyRequirementsUndecided.Total
	return Fire(f.PartyRequirementsUndecided, fmt.Sprintf("%s %s neither addressed by the ISMS nor explained. "+
		"Since 2022 clause 4.2 c asks the organization to decide which requirements its ISMS addresses; say how, or why not.",
		plural(n, "requirement", "requirements"), agree(n, "is", "are")), "/party-requirements?addressed=no")
}

func ruleContextComplianceRequirements(f *Facts) []Finding {
	if f.Parties == 0 {
		return Inapplicable() // context.parties fires
	}
	return One(f.PartyRequirementsCompliance > 0, "No legal, regulatory or contractual requirement is recorded. "+
		"Almost every organization has some (data protection law, customer contracts); they belong in 4.2 and "+
		"are the register control A.5.31 expects.", "/party-requirements")
}

func ruleContextRequirementsLinked(f *Facts) []Finding {
	if f.PartyRequirementsAddressed == 0 {
		return Inapplicable()
	}
	n := f.PartyRequirementsUnlinked.Total
	return Fire(f.PartyRequirementsUnlinked, fmt.Sprintf("%s the ISMS addresses %s no control, document or risk "+
		"linked. The links show an auditor where each requirement is met.",
		plural(n, "requirement", "requirements"), agree(n, "has", "have")), "/party-requirements?unlinked=yes")
}

func ruleScopeApproved(f *Facts) []Finding {
	if f.ScopeApproved.ID != "" {
		return nil
	}
	msg := "No scope of the ISMS has been approved. The scope is mandatory documented information (4.3) and the " +
		"first thing a certification body reads; without it there is nothing to certify."
	if f.ScopeDraft.ID != "" {
		return One(false, msg+" Submit the draft for approval.", "/scope", f.ScopeDraft)
	}
	return One(false, msg, "/scope/edit")
}

func ruleScopeExclusionsJustified(f *Facts) []Finding {
	if f.ScopeApproved.ID == "" || f.ScopeExclusions == 0 {
		return Inapplicable() // no scope, or a scope that excludes nothing
	}
	n := len(f.ScopeUnjustified)
	return One(n == 0, fmt.Sprintf("The approved scope excludes %s without a justification: %s. Clause 4.3 requires "+
		"every exclusion to be justified; an auditor will not accept one without a reason.",
		plural(n, "item", "items"), strings.Join(f.ScopeUnjustified, "; ")), "/scope/edit", f.ScopeApproved)
}

func ruleScopeStatement(f *Facts) []Finding {
	if f.ScopeApproved.ID == "" {
		return Inapplicable() // scope.approved fires
	}
	return One(f.ScopeStatement, "The approved scope has no scope statement. The "+
		"statement is what the certificate will carry; write what the ISMS covers in a sentence or two.",
		"/scope/edit", f.ScopeApproved)
}

func ruleScopeBoundaries(f *Facts) []Finding {
	if f.ScopeApproved.ID == "" {
		return Inapplicable()
	}
	return One(f.ScopeBoundaries > 0, "The approved scope names no organizational unit, "+
		"location or activity in scope. Clause 4.3 asks for the boundaries of the ISMS; without them an auditor "+
		"cannot tell what to sample.", "/scope/edit", f.ScopeApproved)
}

func ruleScopeInterfaces(f *Facts) []Finding {
	if f.ScopeApproved.ID == "" {
		return Inapplicable()
	}
	return One(f.ScopeInterfaces > 0, "The approved scope lists no interface or "+
		"dependency with what lies outside it (group functions, cloud providers, outsourced services). Clause 4.3 c "+
		"requires them to be considered, and auditors ask how they are controlled.", "/scope/edit", f.ScopeApproved)
}

func ruleScopePendingDraft(f *Facts) []Finding {
	if f.ScopeApproved.ID == "" || f.ScopeDraft.ID == "" || f.ScopeDraftSince.IsZero() {
		return Inapplicable() // no newer draft (a first draft: scope.approved fires)
	}
	days := f.ScopeDraftSince.DaysUntil(f.Today)
	return One(days <= ScopeDraftAge, fmt.Sprintf("A newer draft of the scope was started %d days ago and is still "+
		"not approved. Either the scope in force is out of date or the draft is abandoned; approve it or discard it.",
		days), "/scope", f.ScopeDraft)
}

func ruleProcessDefined(f *Facts) []Finding {
	return One(f.ISMSProcesses > 0, "No ISMS process is defined. Clause 4.4 asks for the processes the ISMS needs "+
		"and how they interact; a process map is the usual evidence.", "/isms-processes")
}

func ruleProcessClauses(f *Facts) []Finding {
	if f.ISMSProcesses == 0 {
		return Inapplicable() // process.defined fires
	}
	var missing []string
	for _, c := range ISMSClauses {
		if !slices.Contains(f.ISMSProcessClauses, c.Number) {
			missing = append(missing, c.Number)
		}
	}
	return One(len(missing) == 0, fmt.Sprintf("No ISMS process serves %s %s. Each requirement of the standard "+
		"should be carried by a process with an owner, or it tends to be forgotten.",
		agree(len(missing), "clause", "clauses"), strings.Join(missing, ", ")), "/isms-processes")
}

func ruleProcessOwner(f *Facts) []Finding {
	if f.ISMSProcesses == 0 {
		return Inapplicable()
	}
	n := f.ISMSProcessesWithoutOwner.Total
	return Fire(f.ISMSProcessesWithoutOwner, fmt.Sprintf("%s %s no owner. An owner keeps a process running and "+
		"answers for it at audit.", plural(n, "ISMS process", "ISMS processes"), agree(n, "has", "have")), "/isms-processes")
}

func ruleProcessDescribed(f *Facts) []Finding {
	if f.ISMSProcesses == 0 {
		return Inapplicable()
	}
	n := f.ISMSProcessesUndescribed.Total
	return Fire(f.ISMSProcessesUndescribed, fmt.Sprintf("%s %s purpose, inputs and outputs. ISO/IEC 27003 "+
		"recommends describing them so that the interactions between processes can be seen.",
		plural(n, "ISMS process", "ISMS processes"), agree(n, "does not state its", "do not state their")), "/isms-processes")
}
