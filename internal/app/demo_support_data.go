// SPDX-License-Identifier: Apache-2.0

package app

import "github.com/ismsproject/isms/internal/isms"

// demoDocStage is how far a demo document gets.
type demoDocStage int

// The stages of the demo documents: a draft; a version in review; an
// approved version; an approved version whose review date has passed; an
// approved document later retired.
const (
	docDraft demoDocStage = iota
	docInReview
	docApproved
	docOverdue
	docRetired
)

// demoDoc is a controlled document of the small demo organization.
type demoDoc struct {
	title, description string
	typ                isms.DocumentType
	class              isms.Classification
	owner, author      int    // indexes in demoPeople
	approvers          []int  // who approves its versions
	clauses            string // space-separated
	controls           string // titles of demo controls, "|"-separated
	roles              []isms.Role
	reviewMonths       int
	stage              demoDocStage
	template           string // a starter template's clause, when written from it
	source, extVersion string // external documents
	file               string // the file an external document is uploaded as, when files can be stored
	body               string
}

// The information security policy has two versions: v1 is superseded by
// v2, which is in force.
const (
	demoPolicyV1 = `# Information security policy

## Purpose

Northwind Analytics builds and runs analytics software that our customers trust with their sales data. This policy sets out how we protect that information, our own information and the systems that process it.

## Scope

The policy applies to everyone who works for or with Northwind Analytics: employees, contractors and suppliers with access to our systems. It covers product development, operations and customer support, including the production environment hosted on our public cloud provider.

## Commitments

- We protect the **confidentiality**, **integrity** and **availability** of information in proportion to its value and the risks it faces.
- We meet the legal, regulatory and contractual requirements that apply to us, including data protection law.
- We set information security objectives every year at the management review and track them each quarter.
- We continually improve the information security management system.

## Responsibilities

| Role | Responsibility |
|---|---|
| Board | Approves this policy and provides the resources the ISMS needs |
| CISO | Owns this policy; chairs the security steering group |
| ISMS manager | Runs the ISMS day to day: risks, controls, audits, documents |
| Managers | Make sure their teams know and follow the policies |
| Everyone | Follows this policy and the topic-specific policies; reports incidents at once |

## Topic-specific policies

This policy is supported by topic-specific policies, among them the acceptable use policy, the access control policy and the supplier security policy.

## Review

The CISO reviews this policy at least once a year and after significant changes.
`
	demoPolicyV2 = `# Information security policy

## Purpose

Northwind Analytics builds and runs analytics software that our customers trust with their sales data. This policy sets out how we protect that information, our own information and the systems that process it.

## Scope

The policy applies to everyone who works for or with Northwind Analytics: employees, contractors and suppliers with access to our systems, in the Leeds and Lisbon offices and when working remotely. It covers product development, operations and customer support, including the production environment hosted on our public cloud provider.

## Commitments

- We protect the **confidentiality**, **integrity** and **availability** of information in proportion to its value and the risks it faces.
- We meet the legal, regulatory and contractual requirements that apply to us, including data protection law.
- We set information security objectives every year at the management review and track them each quarter.
- We use generative AI tools only as the acceptable use policy allows: never with customer data.
- We continually improve the information security management system.

## Responsibilities

| Role | Responsibility |
|---|---|
| Board | Approves this policy and provides the resources the ISMS needs |
| CISO | Owns this policy; chairs the security steering group |
| ISMS manager | Runs the ISMS day to day: risks, controls, audits, documents |
| Managers | Make sure their teams know and follow the policies |
| Everyone | Follows this policy and the topic-specific policies; reports incidents at once |

## Topic-specific policies

This policy is supported by topic-specific policies, among them the acceptable use policy, the access control policy and the supplier security policy.

## Review

The CISO reviews this policy at least once a year and after significant changes, such as a new office or a new hosting region.
`
)

var demoDocs = []demoDoc{
	{title: "Acceptable use policy", typ: isms.DocTopicPolicy, class: isms.ClassInternal, owner: 4, author: 3, approvers: []int{1},
		description: "What staff may and may not do with company devices, accounts, data and AI tools.",
		clauses:     "A.5.10 A.6.2", controls: "Acceptable use policy with yearly acknowledgement", reviewMonths: 12, stage: docApproved,
		body: `# Acceptable use policy

## Devices and accounts

1. Use only company-managed laptops and phones for company work.
2. Never share your password or your MFA device; lock your screen when you step away.

## Information

- Keep customer data in the production systems and the CRM; do not copy it to personal storage.
- Label documents with their classification: *public*, *internal*, *confidential* or *restricted*.

## AI tools

Use only the approved AI assistant, and **never** paste customer data or source code that is not open source into any AI tool.

## Reporting

Report a lost device, a suspicious e-mail or anything that looks wrong to security@northwind.example straight away.
`},
	{title: "Access control policy", typ: isms.DocTopicPolicy, class: isms.ClassInternal, owner: 3, author: 3, approvers: []int{1},
		description: "How access to systems and data is requested, granted, reviewed and removed.",
		clauses:     "A.5.15 A.5.18 A.8.2", controls: "Single sign-on with MFA for all staff|Quarterly user access review", reviewMonths: 12, stage: docInReview,
		body: `# Access control policy

## Principles

- **Least privilege**: people get the access their role needs, no more.
- **Need to know**: customer data is visible only to those who serve that customer.
- Every business application sits behind single sign-on with phishing-resistant MFA.

## Granting access

Access is requested in the service desk and approved by the system owner. Privileged access to production also needs the CISO's approval and expires after 90 days.

## Reviews

System owners review who has access every quarter; the IT lead keeps the reviewed lists as evidence.

## Leavers

HR starts the leaver process; accounts are disabled on the last working day.
`},
	{title: "Supplier security policy", typ: isms.DocTopicPolicy, class: isms.ClassInternal, owner: 2, author: 2, approvers: []int{1},
		description: "Security requirements for suppliers that handle our or our customers' information.",
		clauses:     "A.5.19 A.5.20 A.5.22", controls: "Supplier security assessment|Yearly review of key suppliers", reviewMonths: 12, stage: docApproved,
		body: `# Supplier security policy

## Before we sign

Suppliers that will handle customer data answer our security questionnaire and are rated low, medium or high risk. High-risk suppliers need the CISO's agreement.

## In the contract

- Confidentiality and data protection clauses
- Notification of security incidents within 24 hours
- Our right to audit, or an independent certification such as ISO/IEC 27001

## Every year

The ISMS manager checks the certificates and audit reports of the ten most important suppliers.
`},
	{title: "Incident response procedure", typ: isms.DocProcedure, class: isms.ClassConfidential, owner: 1, author: 3,
		description: "Steps from detecting an incident to closing it, with severity levels and roles.",
		clauses:     "A.5.24 A.5.25 A.5.26", controls: "Incident response plan and on-call rota", reviewMonths: 12, stage: docDraft,
		roles: []isms.Role{isms.RoleAdmin, isms.RoleManager, isms.RoleContributor},
		body: `# Incident response procedure

## Severity levels

| Level | Example | First response |
|---|---|---|
| SEV1 | Customer data exposed; production down | 15 minutes, around the clock |
| SEV2 | One customer affected; a laptop stolen | 1 hour in working hours |
| SEV3 | Phishing e-mail reported, nothing clicked | Next working day |

## Steps

1. **Detect and report**: anyone reports to security@northwind.example or the on-call phone.
2. **Triage**: the on-call engineer sets the severity and opens an incident record.
3. **Contain**: isolate affected systems; preserve logs before changing anything.
4. **Recover**: restore service from known-good state.
5. **Review**: a blameless review within ten working days, with actions in the corrective action log.

> Draft: the notification section for the data protection authority is still to be written.
`},
	{title: "Backup and restore procedure", typ: isms.DocProcedure, class: isms.ClassInternal, owner: 3, author: 3, approvers: []int{2},
		description: "What is backed up, how often, where it is kept and how restores are tested. Written by IT before the ISMS project and brought under document control with its review date.",
		clauses:     "A.8.13", controls: "Nightly encrypted backups with quarterly restore tests", reviewMonths: 12, stage: docOverdue,
		roles: []isms.Role{isms.RoleAdmin, isms.RoleManager, isms.RoleContributor, isms.RoleAuditor},
		body: `# Backup and restore procedure

## What is backed up

| System | How often | Kept for |
|---|---|---|
| Production databases | Every night, plus point-in-time recovery | 35 days |
| CRM | Every night | 90 days |
| Finance share | Every night | 1 year |

Backups are encrypted and copied to a second region under a separate account.

## Restore tests

On the first Monday of each quarter the IT lead restores last night's CRM backup to the test environment, checks it and records how long it took.
`},
	{title: "Control of documented information", typ: isms.DocProcedure, class: isms.ClassInternal, owner: 2, author: 2, approvers: []int{1},
		description: "How ISMS documents are written, approved, published, reviewed, retained and disposed of.",
		clauses:     "7.5.1 7.5.2 7.5.3", reviewMonths: 24, stage: docApproved,
		body: `# Control of documented information

## Writing and approving

Documents are written in the ISMS tool. A new version starts from the last one; its author states what changed. The owner names the approvers; **all** of them must approve before the version comes into force. An approved version cannot change.

## Publishing

Each document says who may read it: everyone, some roles or named people. Its classification is shown on every page and export.

## Review

Every document has a review interval. At the review the owner either records that nothing needs to change or starts a new version.

## Retention

Versions that are no longer in force are kept for the period set for their document type, then disposed of; the disposal is recorded.
`},
	{title: "Internal audit procedure", typ: isms.DocProcedure, class: isms.ClassInternal, owner: 6, author: 2, approvers: []int{1},
		description: "How the internal audit programme is planned and audits are performed and reported.",
		clauses:     "9.2.1 9.2.2", controls: "Internal audit programme", reviewMonths: 12, stage: docApproved,
		body: `# Internal audit procedure

## Programme

A three-year programme covers every clause of ISO/IEC 27001 and every theme of Annex A. Areas with more risk or recent findings are audited more often.

## Independence

Auditors never audit their own work. The internal auditor reports to the CISO for audit matters.

## Each audit

1. Agree scope, criteria and dates with the auditee.
2. Collect evidence by interview, observation and sampling.
3. Report findings as nonconformities, observations or opportunities for improvement.
4. Enter every nonconformity in the corrective action log with an owner and a due date.
`},
	{title: "General Data Protection Regulation", typ: isms.DocStandard, class: isms.ClassPublic, owner: 2, author: 2, approvers: []int{1},
		description: "The EU regulation on the protection of personal data, as it applies to the data we process for customers.",
		clauses:     "A.5.31 A.5.34", controls: "Register of legal and contractual requirements|Privacy programme and records of processing",
		reviewMonths: 12, stage: docApproved, source: "Regulation (EU) 2016/679, Official Journal of the European Union L 119",
		extVersion: "Consolidated text of 4 May 2016", file: "gdpr-obligations.txt",
		body: `# General Data Protection Regulation: what it asks of us

We act as a **processor** for our customers' sales data and as a **controller** for our staff's data.

- Process customer data only on the customer's documented instructions.
- Keep records of processing (Article 30).
- Notify customers of a personal data breach without undue delay.
- Assess the impact of new processing that is likely to be high risk.
`},
	{title: "Clean desk policy", typ: isms.DocTopicPolicy, class: isms.ClassInternal, owner: 5, author: 5, approvers: []int{2},
		description: "Paper and screens in the offices. Merged into the acceptable use policy.",
		clauses:     "A.7.7", reviewMonths: 12, stage: docRetired,
		body: `# Clean desk policy

Clear your desk of papers with internal or confidential information at the end of each day and lock your screen whenever you leave it.
`},
	{title: "Management review procedure", typ: isms.DocProcedure, class: isms.ClassInternal, owner: 1, author: 2,
		description: "How the management review is prepared, held and recorded; started from the starter template.",
		clauses:     "9.3", controls: "Management review twice a year", reviewMonths: 12, stage: docDraft, template: "9.3"},
	{title: "Risk assessment and treatment procedure", typ: isms.DocProcedure, class: isms.ClassInternal, owner: 2, author: 2,
		description: "How risks are assessed against the method, treatments chosen and compared with Annex A, and residual risks accepted; started from the starter template, to be approved with the Statement of Applicability.",
		clauses:     "6.1.2 6.1.3 8.2 8.3", controls: "Risk assessment and treatment plan", reviewMonths: 12, stage: docDraft, template: "6.1.3"},
}

// demoRetention is how long the demo keeps versions no longer in force,
// by type.
var demoRetention = []isms.RetentionRule{
	{Type: isms.DocPolicy, Months: 72}, {Type: isms.DocTopicPolicy, Months: 60},
	{Type: isms.DocProcedure, Months: 36}, {Type: isms.DocRecord, Months: 84},
}

// demoSupportPerson is someone the demo's competence records are about:
// a demo member (user >= 0) or someone without an account.
type demoSupportPerson struct {
	user              int // index in demoPeople, or -1
	name, email, dept string
	roles             string // ISMS roles, ";"-separated
	started           int    // months ago
}

var demoSupportPeople = []demoSupportPerson{
	{0, "", "", "Management", "All staff", 60},
	{1, "", "", "Security", "All staff;ISMS manager;Incident handler", 48},
	{2, "", "", "Security", "All staff;ISMS manager", 30},
	{3, "", "", "IT", "All staff;System administrator;Incident handler", 40},
	{4, "", "", "People", "All staff", 26},
	{5, "", "", "Facilities", "All staff", 70},
	{6, "", "", "Finance", "All staff;Internal auditor", 22},
	{7, "", "", "Board", "All staff", 80},
	{8, "", "", "Engineering", "All staff;Developer", 14},
	{9, "", "", "Customer support", "All staff", 9},
	{-1, "Rui Carvalho", "rui.carvalho@demo.example", "Engineering", "All staff;Developer", 5},
	{-1, "Mei Chen", "mei.chen@demo.example", "Engineering", "All staff;Developer;Incident handler", 20},
	{-1, "Kofi Mensah", "kofi.mensah@demo.example", "IT", "All staff;System administrator", 2},
	{-1, "Sofia Almeida", "sofia.almeida@demo.example", "Customer support", "All staff", 1},
	{-1, "Erik Johansson", "", "Engineering", "All staff;Developer", 11},
}

// demoRequirement is a competence an ISMS role requires.
type demoRequirement struct{ role, skill, description string }

var demoRequirements = []demoRequirement{
	{"All staff", "Security awareness training", "The yearly e-learning module and quiz; new starters complete it in their first month."},
	{"ISMS manager", "ISO/IEC 27001 lead implementer", "A certified lead implementer course, or equivalent experience agreed by the CISO."},
	{"Internal auditor", "ISO/IEC 27001 internal auditor course", "A two-day internal auditor course with an exam."},
	{"Developer", "Secure coding training", "The secure coding course for our stack, refreshed every two years."},
	{"System administrator", "Privileged access and hardening training", "Hardening baselines, break-glass accounts and logging, refreshed every two years."},
	{"Incident handler", "Incident response exercise", "Took part in a tabletop exercise in the last year."},
}

// demoTraining is a training record: person and requirement by index,
// completed months ago, valid for months (0: does not expire).
type demoTraining struct {
	person, req       int
	course            string
	monthsAgo, months int
}

var demoTrainings = []demoTraining{
	{0, 0, "Security awareness e-learning", 3, 12}, {1, 0, "Security awareness e-learning", 4, 12},
	{2, 0, "Security awareness e-learning", 4, 12}, {3, 0, "Security awareness e-learning", 5, 12},
	{4, 0, "Security awareness e-learning", 2, 12}, {5, 0, "Security awareness e-learning", 14, 12}, // expired
	{6, 0, "Security awareness e-learning", 6, 12}, {7, 0, "Security awareness e-learning", 7, 12},
	{8, 0, "Security awareness e-learning", 1, 12}, {9, 0, "Security awareness e-learning", 1, 12},
	{10, 0, "Security awareness e-learning", 4, 12},
	{11, 0, "Security awareness e-learning", 8, 12}, {12, 0, "Security awareness e-learning", 1, 12},
	{14, 0, "Security awareness e-learning", 13, 12}, // expired
	{1, 1, "ISO/IEC 27001 Lead Implementer (certified)", 40, 0}, {2, 1, "ISO/IEC 27001 Lead Implementer (certified)", 20, 0},
	{6, 2, "ISO/IEC 27001 Internal Auditor, two-day course", 6, 0},
	{8, 3, "Secure coding for Go and TypeScript", 10, 24}, {11, 3, "Secure coding for Go and TypeScript", 27, 24}, // expired
	{14, 3, "Secure coding for Go and TypeScript", 6, 24},
	{3, 4, "Linux and cloud hardening workshop", 15, 24},
	{1, 5, "Ransomware tabletop exercise", 5, 12}, {3, 5, "Ransomware tabletop exercise", 5, 12},
	{11, 5, "Ransomware tabletop exercise", 17, 12}, // expired
}

// demoResources are what the demo's ISMS needs.
var demoResources = []ResourceInput{
	{Title: "ISMS manager, full time", Kind: string(isms.ResourcePeople), Amount: "1 FTE", Status: string(isms.ResourceProvided),
		ApprovedBy: "Board", Notes: "Priya Natarajan since the start of the ISMS project."},
	{Title: "Security tooling budget", Kind: string(isms.ResourceBudget), Amount: "GBP 48,000 a year", Status: string(isms.ResourceApproved),
		ApprovedBy: "Board", Notes: "Endpoint protection, the vulnerability scanner and the penetration test."},
	{Title: "Certification audit by an accredited body", Kind: string(isms.ResourceExternal), Amount: "GBP 14,500", Status: string(isms.ResourceApproved),
		ApprovedBy: "Board", Notes: "Thornbury Vale Certification chosen from two quotes: the stage 1 and stage 2 audits, then the yearly surveillance audits."},
}

// demoResourceApproved are the days, from today, the demoResources were
// approved: the ISMS manager's post and the tooling budget when the board
// started the ISMS project, the certification audit once a body was chosen.
var demoResourceApproved = []int{-265, -270, -75}

// demoComm is a line of the demo's communication plan with the
// communications held (days ago).
type demoComm struct {
	topic, audience, frequency, channel, notes string
	responsible                                int
	held                                       []int
	summary                                    string
}

var demoComms = []demoComm{
	{"Security update at the all-hands meeting", "All staff", "Monthly", "All-hands meeting", "Five minutes: incidents, phishing trends, reminders.", 1,
		[]int{-75, -45, -15}, "Phishing trends, the new AI tools rule and the access review results."},
	{"Phishing simulation results", "All staff", "Quarterly", "E-mail from the CISO", "Results by team, never by person.", 1,
		[]int{-100, -10}, "Click rate down from 9 % to 4 %; two teams below 2 %."},
	{"ISMS performance report", "Board", "Every six months", "Board meeting", "Objectives, risks above appetite, audit findings, incidents.", 2,
		[]int{-170}, "ISMS project status: scope approved, the first risk assessment under way, certification bodies asked for quotes."},
	{"Security incident notification", "Affected customers", "Within 24 hours of a confirmed incident", "E-mail and account manager call", "Template in the incident response procedure.", 1,
		nil, ""},
	{"New starter security induction", "New starters", "In the first week", "Induction session", "Acceptable use, reporting incidents, MFA set-up.", 4,
		[]int{-60, -20, -3}, "Induction for the new starters of the month; all enrolled MFA on day one."},
}
