// SPDX-License-Identifier: Apache-2.0

package app

import "github.com/ismsproject/isms/internal/isms"

// The small demo's internal audit and management review, in the words of
// its people. Indexes are in demoPeople: 1 the CISO, 2 the ISMS manager,
// 3 the IT lead, 4 the HR lead, 5 facilities, 6 the internal auditor.

const demoProgrammeDescription = `Objectives: give top management independent assurance, before the certification audit and each surveillance audit after it, that the ISMS meets ISO/IEC 27001:2022 and our own policies and that the controls work as intended. Every clause 4 to 10 and every applicable Annex A control is audited at least once in the three years of the programme; access control, supplier security and operations every year, because most of our risks above acceptance rest on them. Before the stage 1 audit: the clauses and access control (IA-1), then suppliers, backups and monitoring (IA-2).

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

// demoAudits are IA-1, carried out seven weeks ago and reported ten days
// later, and IA-2, planned in six weeks with another lead.
var demoAudits = []demoAuditPlan{
	{title: "Clauses 4–10 and access control",
		criteria:  "ISO/IEC 27001:2022 clauses 4 to 10 and controls A.5.15 to A.5.18; the information security policy; the quarterly access review and the joiner, mover and leaver process as the controls register describes them.",
		units:     "ISMS management and the steering group (Leeds); IT operations; HR.",
		scope:     "4-10, A.5.15-A.5.18",
		processes: "PRC-3, PRC-7",
		lead:      6, team: []int{5},
		start: demoIA1Start, days: demoIA1Days},
	{title: "Suppliers, backups and monitoring",
		criteria:  "ISO/IEC 27001:2022 controls A.5.19 to A.5.23 and A.8.13 to A.8.16; the supplier security standard; the backup and restore runbook; the logging and monitoring standard.",
		units:     "Procurement; IT operations; the cloud platform team.",
		scope:     "A.5.19-A.5.23, A.8.13-A.8.16",
		processes: "PRC-7",
		lead:      1, team: []int{6},
		start: func(d isms.Date) isms.Date { return demoMonday(d.AddDays(45)) }, days: 2},
}

// IA-1 started on the Monday demoIA1Start(today), ended demoIA1Days days
// later and was reported demoIA1Reported(today).
const demoIA1Days = 3

func demoIA1Start(today isms.Date) isms.Date    { return demoMonday(today.AddDays(-52)) }
func demoIA1Reported(today isms.Date) isms.Date { return demoIA1Start(today).AddDays(demoIA1Days + 8) }

// demoReviewTitle is MR-1, the first management review, held on
// demoReviewOn(today): after IA-1's report and before the stage 1 audit.
const demoReviewTitle = "First management review of the ISMS"

func demoReviewOn(today isms.Date) isms.Date { return demoMonday(today.AddDays(25)).AddDays(2) }

// demoOverrideReason accepts that the internal auditor, who owns the
// control of the audit programme, audits clause 9.2 in IA-1.
const demoOverrideReason = "Aiko is our only trained internal auditor. For clause 9.2 she checks the records only (programme approved, audits reported); Marco Reyes reviews her results on 9.2 before the report is issued, as agreed at the steering group."

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
	"4.1": {isms.ItemConforming, "The context issues register is current: every issue has an owner and a review date; the growth in headcount and the Lisbon office move are recorded with their effect on the ISMS.",
		"All issues in the register; interview with the ISMS manager."},
	"4.2": {isms.ItemConforming, "Interested parties and their requirements are recorded and linked to controls; the two customer contracts renewed this year are reflected.",
		"5 of 11 party requirements traced to their controls."},
	"4.3": {isms.ItemConforming, "The scope statement was approved by the CISO and names the exclusion of payroll with its reason; it matches the organization profile.",
		"Scope statement and its approval record."},
	"5.1": {isms.ItemConforming, "Steering group minutes show the CISO chairing monthly meetings since the project started, the budget approved by the board and the kick-off message of the chief executive.",
		"Minutes of 3 of the 7 steering group meetings."},
	"5.2": {isms.ItemConforming, "The information security policy was approved by the board and published on the intranet; staff acknowledged it.",
		"Policy, its approval record and 10 acknowledgements picked at random."},
	"6.1.2": {isms.ItemConforming, "The risk method is approved and was applied in the first assessment; scores are reproducible from the scales. Three risks scored under the first method are still to be re-scored.",
		"8 of 38 risks re-scored with the risk owner."},
	"6.1.3": {isms.ItemObservation, "Treatment options are chosen for most risks, and the plans agreed so far are approved by their owners. The Statement of Applicability is still a draft and several high risks have no treatment yet: both must be complete before the stage 1 audit.",
		"The draft SoA and 6 treatment plans."},
	"6.2": {isms.ItemConforming, "Objectives are measurable and tracked monthly at the steering group; two are behind target, with the reason recorded.",
		"All 4 objectives and their last two measurements."},
	"6.3": {isms.ItemNotAudited, "No change to the ISMS was planned or carried out in the period, so there was nothing to sample. To be audited once the office move is planned.",
		""},
	"7.2": {isms.ItemConforming, "Competence requirements are defined per ISMS role; training records exist for the role holders sampled.",
		"4 of 9 ISMS role holders."},
	"7.3": {isms.ItemConforming, "Awareness training and phishing drills ran as planned; completion is 93 % and the remaining staff were chased by HR.",
		"Completion report and 10 new starters' records."},
	"7.5.3": {isms.ItemObservation, "Procedures written by IT before the ISMS project (backup and restore among them) were registered with the review dates they already had; one falls due next month and nobody has planned its review.",
		"All 11 controlled documents."},
	"8.1": {isms.ItemConforming, "Operational controls run as planned: change tickets, deployment pipeline and on-call rota are in place and used.",
		"10 production changes of the last quarter."},
	"9.1": {isms.ItemConforming, "Metrics have an owner, method, frequency and target; measurements are recorded and analysed before each steering group.",
		"3 of 5 metrics and their measurements."},
	"9.2.1": {isms.ItemConforming, "Records only, as agreed: the programme is approved and this is its first audit, carried out as planned. Results reviewed by the CISO.",
		"Programme and this audit's plan."},
	"9.3.1": {isms.ItemNotAudited, "No management review has been held yet: the first is planned after this audit's report and before the stage 1 audit.", ""},
	"9.3.2": {isms.ItemNotAudited, "No management review has been held yet, so there is no pack to examine.", ""},
	"9.3.3": {isms.ItemNotAudited, "No management review has been held yet, so there are no results to examine.", ""},
	"10.2": {isms.ItemConforming, "The one nonconformity so far, from an incident, went through every step with an owner and due dates; its corrective action was checked for effectiveness before it was closed.",
		"The only log entry."},
	"A.5.15": {isms.ItemConforming, "Access is granted by the system owner through the service desk, and every business application is behind single sign-on. The access control policy that writes this down is in review.",
		"Policy and the identity provider's application list."},
	"A.5.16": {isms.ItemConforming, "Accounts are created and removed from the HR system's joiner and leaver events; no orphan accounts found.",
		"10 joiners and 10 leavers of the last six months."},
	"A.5.17": {isms.ItemObservation, "Staff authenticate with phishing-resistant MFA. The passwords of four shared service accounts are kept in the team vault but have not been changed since they were created, and two former engineers knew them.",
		"MFA enrolment report; the 12 service accounts in the vault."},
	"A.5.18": {isms.ItemNonconforming, "The controls register and its recurring activity call for a quarterly review of access to production, the CRM and the finance share. The reviews of the first and third quarters are recorded; no review was performed in the second quarter, and two leavers' CRM accounts stayed active for seven weeks until the third-quarter review removed them.",
		"The review records of the last four quarters; CRM accounts of 10 leavers."},
}

// demoAuditSummary is IA-1's conclusion.
const demoAuditSummary = "The ISMS is being implemented as planned: management is visibly engaged, the scope and policy are approved and the risk process is well run. One minor nonconformity on access reviews (A.5.18) and three observations (risk treatment and the SoA to complete, service account passwords, procedures written before the ISMS). Clauses 6.3 and 9.3 were not audited: no change was planned in the period and no management review has been held yet."

// demoFinding is a finding of IA-1; evidence is the title of an evidence
// item of the demo to link when it exists.
type demoFinding struct {
	grade                              isms.FindingGrade
	title, description, reqs, evidence string
}

var demoFindings = []demoFinding{
	{isms.FindingMinor, "Access review of the second quarter not performed",
		"A.5.18 and the quarterly access review of the controls register require the owners of production, the CRM and the finance share to review access rights every quarter. The reviews of the project's first and third quarters are recorded; no review was performed in the second. As a result two leavers' CRM accounts stayed active for seven weeks. Isolated lapse: the reminder task was not reassigned when the IT lead was on leave.",
		"A.5.18", "Quarterly access review: reviewed account lists"},
	{isms.FindingObservation, "Shared service account passwords never rotated",
		"Four shared service accounts have kept the same password since they were created, and two former engineers knew them. No misuse was found, but A.5.17 expects authentication information to change when people who know it leave.",
		"A.5.17", "MFA enrolment report from the identity provider"},
	{isms.FindingObservation, "Procedures written before the ISMS keep their old review dates",
		"IT's procedures written before the ISMS project were registered as they were, with the review dates they already had; the backup and restore procedure falls due next month and nobody has planned its review. Review each one as it is brought under document control.",
		"7.5.3", ""},
	{isms.FindingObservation, "Risk treatment and the Statement of Applicability not yet complete",
		"Treatment options are chosen for most risks, but several risks above the acceptance criteria have none yet, and the Statement of Applicability is a draft. Not a nonconformity while the ISMS is being implemented; both must be complete, and the SoA approved, before the stage 1 audit.",
		"6.1.3", ""},
}
