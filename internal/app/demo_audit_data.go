// SPDX-License-Identifier: Apache-2.0

package app

import "github.com/ismsproject/isms/internal/isms"

// The small demo's internal audit and management review, in the words of
// its people. Indexes are in demoPeople: 1 the CISO, 2 the ISMS manager,
// 3 the IT lead, 4 the HR lead, 5 facilities, 6 the internal auditor.

const demoProgrammeDescription = `Objectives: give top management independent assurance, before each surveillance audit, that the ISMS meets ISO/IEC 27001:2022 and our own policies and that the controls work as intended. Every clause 4 to 10 and every applicable Annex A control is audited at least once in the three years of the certification cycle; access control, supplier security and operations every year, because most of our risks above acceptance rest on them.

Methods: document review, interviews with control owners, sampling of records (ten items or a tenth of the population, whichever is smaller) and observation of the control in use. Remote where the records are online; on site in Leeds and Lisbon for the physical controls.

Responsibilities: the ISMS manager owns the programme and plans each audit with the CISO. Audits are led by the trained internal auditor, or by a colleague from another team where the auditor owns the area audited: nobody audits their own work.

Reporting: the lead auditor reports each audit within ten working days to the CISO and to the owners of the areas audited. Nonconformities go to the corrective action log; the programme's coverage and the audit results are an input to every management review.`

// demoAuditPlan is an audit of the small demo's programme.
type demoAuditPlan struct {
	title, criteria, units, scope, processes string
	lead                                     int
	team                                     []int
	start                                    func(today isms.Date) isms.Date
	days                                     int // from the planned start to the planned end
}

// demoAudits are IA-1, reported about nine months ago, and IA-2, planned
// for next quarter with another lead.
var demoAudits = []demoAuditPlan{
	{title: "Clauses 4–10 and access control",
		criteria:  "ISO/IEC 27001:2022 clauses 4 to 10 and controls A.5.15 to A.5.18; the information security policy; the access control policy and the joiner, mover and leaver procedure.",
		units:     "ISMS management and the steering group (Leeds); IT operations; HR.",
		scope:     "4-10, A.5.15-A.5.18",
		processes: "PRC-3, PRC-7",
		lead:      6, team: []int{5},
		start: func(d isms.Date) isms.Date { return d.AddDate(0, -10, 0) }, days: 3},
	{title: "Suppliers, backups and monitoring",
		criteria:  "ISO/IEC 27001:2022 controls A.5.19 to A.5.23 and A.8.13 to A.8.16; the supplier security standard; the backup and restore runbook; the logging and monitoring standard.",
		units:     "Procurement; IT operations; the cloud platform team.",
		scope:     "A.5.19-A.5.23, A.8.13-A.8.16",
		processes: "PRC-7",
		lead:      1, team: []int{6},
		start: nextQuarter, days: 2},
}

// demoOverrideReason accepts that the internal auditor, who owns the
// control of the audit programme, audits clause 9.2 in IA-1.
const demoOverrideReason = "Aiko is our only trained internal auditor. For clause 9.2 she checks the records only (programme approved, audits reported); Marco Reyes reviews her results on 9.2 before the report is issued, as agreed at the steering group."

// nextQuarter returns the tenth day of the next quarter.
func nextQuarter(today isms.Date) isms.Date {
	return quarterAfterNext(today).AddDate(0, -3, 9)
}

// demoItem is the internal auditor's result on an item of IA-1.
type demoItem struct {
	result          isms.ItemResult
	notes, sampling string
}

// demoItemDefault is the result of the items demoItems does not list.
var demoItemDefault = demoItem{isms.ItemConforming,
	"Examined the documented information and the records for the period and discussed them with the owner; they match what the requirement and our procedure ask. Nothing to report.",
	"Records of the last twelve months; interview with the owner."}

var demoItems = map[string]demoItem{
	"4.1": {isms.ItemConforming, "The context issues register is current: every issue has an owner and was reviewed within the year; the cloud region move and the Lisbon office move are recorded with their effect on the ISMS.",
		"All issues in the register; interview with the ISMS manager."},
	"4.2": {isms.ItemConforming, "Interested parties and their requirements are recorded and linked to controls; the two customer contracts renewed this year are reflected.",
		"5 of 14 party requirements traced to their controls."},
	"4.3": {isms.ItemConforming, "The scope statement was approved by the CISO and names the exclusion of payroll with its reason; it matches the organization profile.",
		"Scope statement and its approval record."},
	"5.1": {isms.ItemConforming, "Steering group minutes show the CISO chairing monthly meetings, the security budget approved and the policy communicated by the board.",
		"Minutes of 4 of the last 12 steering group meetings."},
	"5.2": {isms.ItemConforming, "The information security policy was approved by the board and published on the intranet; staff acknowledged it.",
		"Policy, its approval record and 10 acknowledgements picked at random."},
	"6.1.2": {isms.ItemConforming, "The risk method is approved and was applied to every risk; scores are reproducible from the scales. Two risks were reassessed after the cloud region incident.",
		"8 of 41 risks re-scored with the risk owner."},
	"6.1.3": {isms.ItemConforming, "Treatment plans are approved by their risk owners and the Statement of Applicability matches them; residual risks above acceptance were accepted by the CISO.",
		"The SoA and 6 treatment plans."},
	"6.2": {isms.ItemConforming, "Objectives are measurable and tracked quarterly; two are behind target, with the reason recorded.",
		"All 5 objectives and their last two measurements."},
	"6.3": {isms.ItemNotAudited, "No change to the ISMS was planned or carried out in the period, so there was nothing to sample. To be audited once the office move is planned.",
		""},
	"7.2": {isms.ItemConforming, "Competence requirements are defined per ISMS role; training records exist for the role holders sampled.",
		"4 of 9 ISMS role holders."},
	"7.3": {isms.ItemConforming, "Awareness training and phishing drills ran as planned; completion is 94 % and the remaining staff were chased by HR.",
		"Completion report and 10 new starters' records."},
	"7.5.3": {isms.ItemObservation, "Two procedures (remote working, clear desk) passed their review date three months ago without review. They are still accurate, but the review reminders went to a leaver's mailbox.",
		"12 of 48 controlled documents."},
	"8.1": {isms.ItemConforming, "Operational controls run as planned: change tickets, deployment pipeline and on-call rota are in place and used.",
		"10 production changes of the last quarter."},
	"9.1": {isms.ItemConforming, "Metrics have an owner, method, frequency and target; measurements are recorded and analysed before each quarterly report.",
		"4 of 6 metrics and their measurements."},
	"9.2.1": {isms.ItemConforming, "Records only, as agreed: the programme is approved and this is its first audit, carried out as planned. Results reviewed by the CISO.",
		"Programme and this audit's plan."},
	"9.3.2": {isms.ItemConforming, "The last management review's pack covered every 9.3.2 input, each with its figures and records.",
		"The pack of the last review."},
	"10.2": {isms.ItemConforming, "Nonconformities from incidents are in the action log with owners and due dates; corrective actions were reviewed for effectiveness.",
		"5 of 11 log entries."},
	"A.5.15": {isms.ItemConforming, "The access control policy is approved and current; every business application is behind single sign-on.",
		"Policy and the identity provider's application list."},
	"A.5.16": {isms.ItemConforming, "Accounts are created and removed from the HR system's joiner and leaver events; no orphan accounts found.",
		"10 joiners and 10 leavers of the last six months."},
	"A.5.17": {isms.ItemObservation, "Staff authenticate with phishing-resistant MFA. The passwords of four shared service accounts are kept in the team vault but have not been changed since they were created, and two former engineers knew them.",
		"MFA enrolment report; the 12 service accounts in the vault."},
	"A.5.18": {isms.ItemNonconforming, "The access control policy asks for a quarterly review of access to production, the CRM and the finance share. The reviews of the first and third quarters are recorded; no review was performed in the second quarter, and two leavers' CRM accounts stayed active for seven weeks until the third-quarter review removed them.",
		"The review records of the last four quarters; CRM accounts of 10 leavers."},
}

// demoAuditSummary is IA-1's conclusion.
const demoAuditSummary = "The ISMS conforms to clauses 4 to 10 and is effectively implemented; management is visibly engaged and the risk process is well run. One minor nonconformity on access reviews (A.5.18) and two observations (service account passwords, overdue document reviews). Clause 6.3 was not audited: no change was planned in the period."

// demoFinding is a finding of IA-1; evidence is the title of an evidence
// item of the demo to link when it exists.
type demoFinding struct {
	grade                              isms.FindingGrade
	title, description, reqs, evidence string
}

var demoFindings = []demoFinding{
	{isms.FindingMinor, "Access review of the second quarter not performed",
		"A.5.18 and the access control policy (section 4) require the owners of production, the CRM and the finance share to review access rights every quarter. The first- and third-quarter reviews are recorded; no review was performed in the second quarter. As a result two leavers' CRM accounts stayed active for seven weeks. Isolated lapse: the reminder task was not reassigned when the IT lead was on leave.",
		"A.5.18", "Access review, third quarter: reviewed account lists"},
	{isms.FindingObservation, "Shared service account passwords never rotated",
		"Four shared service accounts have kept the same password since they were created, and two former engineers knew them. No misuse was found, but A.5.17 expects authentication information to change when people who know it leave.",
		"A.5.17", "MFA enrolment report from the identity provider"},
	{isms.FindingObservation, "Document reviews overdue after reminders went to a leaver",
		"Two procedures passed their review date by three months because their review reminders went to a former employee's mailbox. Reassign the documents owned by leavers as part of the leaver process.",
		"7.5.3", ""},
}

// demoReviewMinutes are the minutes of MR-1.
const demoReviewMinutes = `The ISMS manager presented the pack; every 9.3.2 input was discussed.

a) Actions of the previous review: the policy update and the phishing drills are done; the supplier review is in progress.
b, c) Issues and interested parties: the cloud region move and two renewed customer contracts change our obligations on detection times; the register is updated.
d) Performance: no nonconformities open; metrics on track except patch latency, which is behind target after the region move. The internal audit programme starts this year; the first audit covers the clauses and access control.
e) Feedback: customers' security questionnaires were answered on time; no complaints.
f) Risks: two risks remain above acceptance; their treatment is on schedule.
g) Improvement: automate the access review reminders; bring in an external auditor for the technical controls.

Decisions: see the outputs. The chair confirmed that the ISMS remains suitable, adequate and effective.`

// demoReviewAttendees attended MR-1.
var demoReviewAttendees = []string{"Marco Reyes (CISO, chair)", "Priya Natarajan (ISMS manager)", "Dana Whitfield (administrator)",
	"Sam Kowalski (board representative)", "Tomás Lindqvist (IT lead)"}

// demoOutput is an output of MR-1: owner in demoPeople, due in days from
// the review (held) or from today, tracked as a task, done by its owner.
type demoOutput struct {
	kind          isms.OutputKind
	description   string
	owner         int
	dueFromHeld   int
	dueFromToday  int
	tracked, done bool
	doneNote      string
}

var demoOutputs = []demoOutput{
	{kind: isms.OutputImprovement, owner: 3, dueFromHeld: 60, tracked: true, done: true,
		description: "Automate the reminders of the quarterly access review and collect its evidence automatically, so that a missed quarter shows on the dashboard.",
		doneNote:    "The review is a recurring activity with a 30-day lead; the exports are attached as evidence each quarter."},
	{kind: isms.OutputResource, owner: 1, dueFromToday: 60, tracked: true,
		description: "Fund an external auditor for the technical Annex A controls in the second year of the audit programme."},
	{kind: isms.OutputChange, owner: 2, dueFromToday: 120,
		description: "Add the Lisbon office to the scope of the physical controls once the move is complete, and update the scope statement."},
}
