// SPDX-License-Identifier: Apache-2.0

package app

import "github.com/ismsproject/isms/internal/isms"

// The small demo's nonconformities and improvements, in the words of its
// people. Indexes are in demoPeople: 1 the CISO, 2 the ISMS manager, 3 the
// IT lead, 4 the HR lead, 5 facilities.

// The audit's nonconformity (A.5.18): its correction, root cause and
// corrective actions.
const (
	demoAccessCorrection = "The IT lead ran the missed second-quarter review the week after the audit: the two leavers' CRM accounts were already removed, no other stale access was found, and the CRM's audit log shows no sign-in to either account after the leaving dates."
	demoAccessRootCause  = `Why was the review not performed? The reminder task went to the IT lead, who was on leave that month.
Why was it not picked up? Nobody else was told, and the task was not reassigned.
Why not? The review procedure names one person and no deputy, and the reminders are personal tasks that nobody else sees.
Why did the leavers' accounts stay active? The leaver process relies on the quarterly review to catch accounts the HR feed misses (the CRM is not connected to the identity provider).
Root cause: the review depends on one person without a deputy, and the CRM is outside the automated leaver process.`
	demoAccessControl = "Quarterly user access review"
)

// demoAccessActions are the audit nonconformity's corrective actions:
// owner in demoPeople, due in days from today, done by its owner.
var demoAccessActions = []struct {
	title   string
	owner   int
	due     int
	done    bool
	note    string
	control string
}{
	{"Name a deputy for the quarterly access review and make the reminder a team task", 3, -20, true,
		"The procedure names the infrastructure engineer as deputy; the reminder goes to both and shows on the team's board.", demoAccessControl},
	{"Connect the CRM to the identity provider so that leavers lose access on their last day", 3, 45, false,
		"", "Joiner, mover and leaver process"},
}

// The incident's nonconformity, detected demoIncidentDetected days from
// today and closed after an effective check.
const (
	demoIncidentDetected    = -210
	demoIncidentTitle       = "Leaver's laptop not returned and still enrolled"
	demoIncidentDescription = "A.5.11 and the leaver procedure require equipment to be returned on the last day. A support engineer's laptop was returned five weeks after they left; it stayed enrolled in device management and signed in to the support tools until then (incident INC-3)."
	demoIncidentCorrection  = "The laptop was collected by courier, wiped and re-imaged; its sessions were revoked and the support tool's audit log shows no use after the leaving date."
	demoIncidentRootCause   = `People: line managers did not know that collecting the laptop was theirs to do.
Method: the leaver checklist had no step for equipment; facilities learnt of leavers from the monthly payroll report.
Tools: the HR system's leaver event did not reach facilities.
Root cause: no owner and no trigger for the return of equipment in the leaver process.`
	demoIncidentSimilar = "Checked the other equipment in the asset register (phones, hardware keys, badges) for the leavers of the last twelve months: two hardware keys were not returned; they are revoked and added to this nonconformity's actions."
	demoIncidentAction  = "Add equipment return to the leaver checklist, triggered by the HR leaver event, with facilities as owner"
	demoIncidentCheck   = "Sampled the 6 leavers of the three months after the change: every laptop and key came back on the last day or earlier, each recorded in the checklist. Effective."
)

// The monitoring nonconformity, detected demoMonitoringDetected days from
// today and open.
const (
	demoMonitoringDetected    = -37
	demoMonitoringTitle       = "Failed warehouse restore not followed up"
	demoMonitoringDescription = "The backup and restore procedure (A.8.13) requires a failed restore to be repeated within two weeks with the cause recorded. The backup monitoring shows the data warehouse's restore job failing three nights in a row after the warehouse migration; it was neither repeated nor analysed. The analysis waits for the warehouse vendor's support case."
)

// demoImprovement is an improvement of the small demo: proposed by, owned
// by, due in days from today; decided (status and reason) by the CISO and
// carried out as a task or a planned change.
type demoImprovement struct {
	title, description, evaluation string
	source                         isms.ImprovementSource
	sourceRecord                   string // "type:ref"
	proposer, owner, due           int
	decision                       isms.ImprovementStatus // "" when not decided
	reason                         string
	task                           string // the task carrying it out
	change                         bool
}

var demoImprovements = []demoImprovement{
	{title: "Rotate shared service account passwords through the vault",
		description: "IA-1 observed that four shared service accounts have kept their passwords since they were created. Have the vault rotate them every 90 days and whenever someone who knew them leaves.",
		evaluation:  "Removes a standing risk from leavers for a day of set-up; the vault supports it for three of the four accounts, the fourth needs a script.",
		source:      isms.ImpAudit, sourceRecord: "audit_finding:F-2", proposer: 2, owner: 3, due: 40,
		decision: isms.ImpAccepted, reason: "Accepted: cheap and closes the observation before the next audit.",
		task: "Configure password rotation for the four shared service accounts"},
	{title: "Weekly patch window for the platform's base images",
		description: "The share of critical vulnerabilities fixed within seven days has fallen for five months. Rebuild the platform's base images every week in a fixed window, so that fixes no longer wait for someone to find the time.",
		evaluation:  "Changes how operations schedule their work and who approves the window; the vulnerability standard and the on-call rota change with it.",
		source:      isms.ImpMeasurement, sourceRecord: "metric:M-2", proposer: 3, owner: 3, due: 60,
		decision: isms.ImpAccepted, reason: "Accepted: plan it as a change to the ISMS, with the second security engineer's start.",
		change: true},
	{title: "Self-service access requests in the identity provider",
		description: "Let staff request access to applications in the identity provider, approved by the application owner, instead of tickets to IT. The access review would then start from the approvals.",
		source:      isms.ImpSuggestion, proposer: 3, owner: 3},
	{title: "Replace the awareness e-learning with monthly lunch talks",
		description: "Staff find the yearly e-learning dull; monthly half-hour lunch talks on one topic each might hold attention better.",
		evaluation:  "Attendance cannot be required or evidenced as the e-learning's completion can; the phishing drill results are already improving with the current programme.",
		source:      isms.ImpSuggestion, proposer: 4, owner: 4,
		decision: isms.ImpRejected, reason: "Rejected: we need completion records for every member of staff (7.3); lunch talks may be added beside the e-learning, not instead of it."},
}
