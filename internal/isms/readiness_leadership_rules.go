// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strings"
)

// The rules of clauses 5.1–5.3: records of top management commitment,
// the information security policy, and the ISMS roles.

// commitmentCutoff is the first day a commitment record still counts as
// current evidence on f.Today.
func commitmentCutoff(f *Facts) Date { return f.Today.AddDate(0, -CommitmentWindow, 0) }

func ruleLeadershipCommitment(f *Facts) []Finding {
	if f.CommitmentLatest.ID == "" {
		return One(false, "No record of top management commitment exists. Clause 5.1 asks top management to "+
			"demonstrate leadership (decisions, resources, communication); auditors look for dated evidence of it.",
			"/commitments")
	}
	return One(!f.CommitmentLatestOn.Before(commitmentCutoff(f)), fmt.Sprintf("The latest record of top "+
		"management commitment dates from %s, more than %d months ago. An auditor will ask how top management "+
		"has shown its leadership of the ISMS since.", f.CommitmentLatestOn, CommitmentWindow),
		"/commitments", f.CommitmentLatest)
}

// commitmentKindsExpected are the kinds of commitment an auditor expects
// to see every year: resources for the ISMS (5.1 c) and communication of
// its importance (5.1 d).
var commitmentKindsExpected = []CommitmentKind{CommitmentResource, CommitmentCommunication}

func ruleLeadershipCommitmentKinds(f *Facts) []Finding {
	cutoff := commitmentCutoff(f)
	if f.CommitmentLatest.ID == "" || f.CommitmentLatestOn.Before(cutoff) {
		return Inapplicable() // no record within the window: leadership.commitment fires
	}
	var missing []string
	for _, k := range commitmentKindsExpected {
		if d := f.CommitmentKindLatest[k]; d.IsZero() || d.Before(cutoff) {
			missing = append(missing, strings.ToLower(k.Label()))
		}
	}
	return One(len(missing) == 0, fmt.Sprintf("No %s by top management is recorded in the last %d months. "+
		"Clause 5.1 expects top management to provide the ISMS with resources and to communicate its importance; "+
		"a record of each makes that visible.", strings.Join(missing, " or "), CommitmentWindow), "/commitments")
}

func ruleLeadershipPolicy(f *Facts) []Finding {
	if f.Policy.ID == "" {
		return One(false, "There is no information security policy. The policy is mandatory documented "+
			"information (5.2) and must be set by top management; create it from the template.", "/leadership")
	}
	return One(f.PolicyApprovedVersion > 0, fmt.Sprintf("The information security policy %s has no approved "+
		"version. A policy only counts once top management has approved it (5.2).", f.Policy.Label()),
		f.Policy.Path(), f.Policy)
}

func ruleLeadershipPolicyReview(f *Facts) []Finding {
	switch {
	case f.Policy.ID == "" || f.PolicyApprovedVersion == 0:
		return Inapplicable() // leadership.policy fires
	case f.PolicyNextReview.IsZero():
		return One(false, fmt.Sprintf("The information security policy %s has no review date. The policy is to be "+
			"reviewed at planned intervals (A.5.1); set a review interval.", f.Policy.Label()), f.Policy.Path(), f.Policy)
	}
	return One(!f.PolicyNextReview.Before(f.Today), fmt.Sprintf("The information security policy %s was due for "+
		"review on %s. An overdue review suggests the policy may no longer fit the organization.",
		f.Policy.Label(), f.PolicyNextReview), f.Policy.Path(), f.Policy)
}

func ruleLeadershipPolicyObjectives(f *Facts) []Finding {
	if f.Policy.ID == "" || f.Objectives == 0 {
		return Inapplicable() // leadership.policy or planning.objectives fires
	}
	return One(f.PolicyObjectives > 0, fmt.Sprintf("No objective is linked to the information security policy %s. "+
		"Clause 5.2 b asks the policy to include objectives or a framework for setting them; linking the objectives "+
		"to it shows that they derive from it.", f.Policy.Label()), "/objectives", f.Policy)
}

func ruleLeadershipRoles(f *Facts) []Finding {
	if f.ISMSRolesDefined > 0 {
		return nil
	}
	const why = " Clause 5.3 asks top management to assign the responsibilities and authorities of the ISMS roles."
	if f.ISMSRoles == 0 {
		return One(false, "No ISMS role is defined."+why, "/isms-roles")
	}
	return Fire(f.ISMSRolesIncomplete, fmt.Sprintf("None of the %s states both its responsibilities and its "+
		"authorities.%s", plural(f.ISMSRoles, "ISMS role", "ISMS roles"), why), "/isms-roles")
}

func ruleLeadershipRolesComplete(f *Facts) []Finding {
	if f.ISMSRolesDefined == 0 {
		return Inapplicable() // leadership.roles fires, listing the same roles
	}
	n := f.ISMSRolesIncomplete.Total
	return Fire(f.ISMSRolesIncomplete, fmt.Sprintf("%s %s not state both responsibilities and authorities. "+
		"Without authorities a role holder cannot act on their responsibilities (5.3).",
		plural(n, "ISMS role", "ISMS roles"), agree(n, "does", "do")), "/isms-roles")
}

func ruleLeadershipRolesAppointed(f *Facts) []Finding {
	if f.ISMSRoles == 0 {
		return Inapplicable()
	}
	n := f.ISMSRolesUnappointed.Total
	return Fire(f.ISMSRolesUnappointed, fmt.Sprintf("%s %s not record who appointed %s or when. An auditor "+
		"looks for evidence that top management assigned the roles (5.3).",
		plural(n, "ISMS role", "ISMS roles"), agree(n, "does", "do"), agree(n, "it", "them")), "/isms-roles")
}

func ruleLeadershipRolesHeld(f *Facts) []Finding {
	if f.ISMSRoles == 0 {
		return Inapplicable()
	}
	n := f.ISMSRolesUnheld.Total
	return Fire(f.ISMSRolesUnheld, fmt.Sprintf("%s %s held by no active person. A role nobody holds is not "+
		"assigned; add it to the person's roles in the people register.",
		plural(n, "ISMS role", "ISMS roles"), agree(n, "is", "are")), "/isms-roles")
}

func ruleLeadershipRoleReporting(f *Facts) []Finding {
	if f.ISMSRoles == 0 {
		return Inapplicable() // leadership.roles fires
	}
	return One(f.ISMSRolesReporting > 0, "No ISMS role's responsibilities mention reporting to "+
		"top management. Clause 5.3 b requires someone to be responsible for reporting the performance of the ISMS "+
		"to top management; say so in that role's responsibilities.", "/isms-roles")
}

func ruleLeadershipRACIAccountable(f *Facts) []Finding {
	if f.ISMSRoles == 0 || f.ISMSProcesses == 0 {
		return Inapplicable() // no role to assign, or no process to assign it to
	}
	n := f.RACIProcessesUnaccountable.Total
	return Fire(f.RACIProcessesUnaccountable, fmt.Sprintf("No role is accountable for %s in the RACI. One "+
		"accountable role per process makes the assignment of 5.3 unambiguous.",
		plural(n, "ISMS process", "ISMS processes")), "/raci")
}
