// SPDX-License-Identifier: Apache-2.0

package isms

// guideText is the guidance of one clause or sub-clause, written in our
// own words from the project's domain reference (never the standard's
// text). An entry of a sub-clause may leave fields empty: GuideFor takes
// them from its clause.
type guideText struct {
	title string
	what  string // what the clause asks the organization to do and keep
	why   string // why a certification auditor looks at it
	// small, medium and large say how much is enough for each size class.
	small, medium, large string
}

// guideTexts are the guides by clause number; "A" covers Annex A and
// every control in it.
var guideTexts = map[string]guideText{
	"4.1": {
		what: "Work out which internal and external issues shape what the ISMS must achieve: strategy and services, markets, " +
			"law and regulation, technology, suppliers, culture and, since 2024, whether climate change matters. Note whether " +
			"each issue helps or hinders, and keep the list current.",
		why: "The auditor starts here: the issues explain why the scope, the risks and the controls are what they are. A list " +
			"nobody reviews or links to the risks suggests the ISMS came from a template rather than from the organization.",
		small: "One page with about a dozen issues, each with a line on its effect, is enough; look at it again at the yearly " +
			"management review.",
		medium: "Keep an issue register grouped by category (for example PESTLE outside, structure and capabilities inside), " +
			"give each issue an owner and review the register at every management review.",
		large: "Gather issues from each business unit and from strategy, legal and risk functions into one register with " +
			"owners and sources, link the issues to risks, and review it at least yearly and after major strategic change.",
	},
	"4.2": {
		what: "Name the parties whose needs bear on information security (customers, staff, owners, regulators, suppliers …), " +
			"record what each of them requires, whether legal, regulatory, contractual or other, and decide which of those " +
			"requirements the ISMS will meet.",
		why: "Auditors test that the obligations the organization really has, such as data protection law, customer contracts " +
			"and sector rules, are known and carried into the scope, the risk criteria and the controls. A requirement missing " +
			"here usually comes back as an unmanaged obligation.",
		small: "A short table of the main parties and their key requirements, with a yes or no on whether the ISMS addresses " +
			"each, is enough.",
		medium: "Keep a register of parties and requirements, link each legal or contractual requirement to the controls that " +
			"meet it, and have the owner of each contract or regulation check it every year.",
		large: "Maintain the register with the legal and procurement functions: obligations per jurisdiction, contract clauses " +
			"by customer segment and an owner for each party; review it for every new market, regulation or major contract.",
	},
	"4.3": {
		what: "Decide and write down what the ISMS covers (organizational units, locations, services and systems), its " +
			"interfaces with activities others carry out, and anything excluded with the reason; top management approves it.",
		why: "The scope is mandatory documented information and draws the boundary of everything the auditor samples. A scope " +
			"that is unapproved, vague, or inconsistent with the SoA, the risks or the certificate wording is a classic stage 1 " +
			"finding.",
		small: "Often the whole organization is in scope: a half-page statement naming the services, the sites and the main " +
			"cloud providers, approved by the director, is enough.",
		medium: "Describe the boundaries in organizational, physical and technical terms, list the interfaces with shared " +
			"services and suppliers, justify every exclusion, and approve the scope again whenever services or sites change.",
		large: "Define the scope per business unit, site and service with clear interfaces to group functions outside it, keep " +
			"it in line with the certificate and the SoA, and change it only through a controlled, versioned approval.",
	},
	"4.4": {
		what: "Set up, run, maintain and improve the ISMS as a set of processes (risk, documents, competence, operations, " +
			"incidents, monitoring, audit, review, improvement), each with an owner, inputs, outputs and its links to the others.",
		why: "Auditors look for a management system that works as a whole and is part of the business, not a folder of " +
			"documents. Knowing who owns each process and how they hand over shows the ISMS is actually operated.",
		small: "One short process overview, or a single combined process document, naming who owns each ISMS activity is " +
			"enough; one person may own several.",
		medium: "Describe each ISMS process with its owner, inputs, outputs and the clauses it serves, and show how they connect " +
			"in a simple process map.",
		large: "Build the ISMS processes into existing corporate processes (change, procurement, HR, enterprise risk), give each " +
			"an owner and measures, and keep a process-to-clause matrix to show that every clause is covered.",
	},
	"5.1": {
		what: "Top management leads the ISMS visibly: it aligns policy and objectives with strategy, builds security into " +
			"business processes, provides resources, explains why the ISMS matters, supports the people doing the work and " +
			"drives improvement.",
		why: "The auditor interviews top management. Commitment has to show in records (approvals, budget decisions, review " +
			"minutes, messages to staff), not in assertions; an ISMS left to one person without management backing is a " +
			"nonconformity.",
		small: "The owner or managing director approving the policy, taking part in the management review and deciding the " +
			"budget, with each of those acts recorded, is enough.",
		medium: "Record management's decisions on the ISMS (approvals, resources, communications), and consider a small steering " +
			"meeting a few times a year.",
		large: "Set up a steering committee of senior representatives with terms of reference, minute its decisions, and show how " +
			"security is part of strategic planning and of each business unit's objectives.",
	},
	"5.2": {
		what: "Top management issues an information security policy that fits the organization's purpose, sets objectives or a " +
			"way to set them, and commits to meeting the applicable requirements and to continual improvement. It is documented, " +
			"communicated inside the organization and available to interested parties as appropriate.",
		why: "The policy is mandatory and is the first document an auditor reads. It must be approved by top management, current, " +
			"known to staff and contain both commitments; a policy nobody has seen, or one without them, is a finding.",
		small: "A policy of one or two pages approved by the director, shared with everyone and acknowledged, with the main " +
			"topic rules folded into it, is enough.",
		medium: "A short top-level policy plus a handful of topic-specific policies (access, acceptable use, suppliers, " +
			"incidents), each with an owner, approved and reviewed every year.",
		large: "A layered policy framework (top-level policy, topic-specific policies, standards and procedures) with one " +
			"structure, formal approval, tracked acknowledgement and a review cycle for every level.",
	},
	"5.3": {
		what: "Top management assigns the information security roles with their responsibilities and authority and makes them " +
			"known, at least who makes sure the ISMS meets the standard and who reports its performance to top management.",
		why: "The auditor checks that someone is accountable for each part of the ISMS, that authority matches responsibility, " +
			"and that conflicts such as auditing one's own work are avoided. Unassigned roles usually explain gaps elsewhere.",
		small: "One person can hold several roles: a short list naming the ISMS manager, the risk owners and who reports to " +
			"management, made known to staff, is enough.",
		medium: "Describe each role in a RACI or in role descriptions, appoint named holders, and keep internal audit " +
			"independent of the work it audits.",
		large: "Define the roles across functions (CISO, ISMS manager, risk, asset and control owners, auditors, incident leads), " +
			"appoint them formally with deputies, and keep the assignments current as people move.",
	},
	"6.1": {
		what: "Plan how the ISMS deals with risk: the risks and opportunities for the ISMS itself (6.1.1), a repeatable " +
			"information security risk assessment (6.1.2), and a risk treatment process that ends in the Statement of " +
			"Applicability and a treatment plan (6.1.3).",
		why: "Risk is the core of ISO/IEC 27001: the auditor follows the chain from context to risks, to treatment, to the " +
			"controls in the SoA. A break anywhere in that chain is usually a nonconformity.",
		small: "One simple method and register covering both the ISMS risks and the information security risks, with a short " +
			"treatment plan, is enough.",
		medium: "Keep ISMS-level risks apart from information security risks, assess both with one documented method, and " +
			"track treatment to completion.",
		large: "Align the risk framework with enterprise risk management, assess per business unit and consolidate centrally, " +
			"and run treatment as a programme.",
	},
	"6.1.1": {
		title: "Risks and opportunities: general",
		what: "When planning the ISMS, take the issues (4.1) and the requirements (4.2) into account, find the risks and " +
			"opportunities that affect whether the ISMS reaches its outcomes (too little budget, key people leaving, a chance to " +
			"automate), plan actions on them and how to check those actions worked.",
		why: "Auditors expect risks and opportunities for the ISMS to be considered apart from information security risks and " +
			"to lead to actions: it shows management anticipates what could make the ISMS fail.",
		small: "A short list of five to ten ISMS risks and opportunities, each with an action, looked at during the management " +
			"review, is enough.",
		medium: "Keep a register of ISMS risks and opportunities scored on the risk method's scales, with owners, actions and a " +
			"check of their effect.",
		large: "Collect ISMS-level risks from every unit and from the programme itself, evaluate them with the enterprise method, " +
			"and turn the actions into objectives or projects followed up by the steering committee.",
	},
	"6.1.2": {
		title: "Information security risk assessment",
		what: "Define a risk assessment method (criteria for accepting risk and for running assessments, scales of consequence " +
			"and likelihood, how they combine into a level) that gives comparable results when repeated. Use it to identify " +
			"risks to the confidentiality, integrity and availability of information in scope, name an owner for each, analyse " +
			"and evaluate them, and rank them for treatment.",
		why: "The documented method is mandatory, and auditors test that it is applied consistently: every risk has an owner, a " +
			"score on the method's scales and a decision against the acceptance criteria. A register scored outside the approved " +
			"method, or without owners, is a common nonconformity.",
		small: "A simple three- or five-point matrix with one acceptance threshold, approved by the director, and a register of " +
			"the main scenarios (often 20 to 40 risks) is enough.",
		medium: "A documented method with described scales, acceptance levels with who may accept each, and triggers for " +
			"reassessment; risks identified per service or asset group, each with a named owner.",
		large: "A versioned method aligned with enterprise risk management, several consequence dimensions, trained assessors, " +
			"assessments per unit consolidated centrally, and calibration so that results stay comparable.",
	},
	"6.1.3": {
		title: "Information security risk treatment",
		what: "Choose how to treat each risk (modify, retain, avoid or share), determine the controls that takes, compare them " +
			"with Annex A so nothing necessary is missed, produce the Statement of Applicability with justifications and " +
			"implementation status, write a risk treatment plan, and have the risk owners approve it and accept the residual risk.",
		why: "The SoA is the auditor's map of the controls and must agree with the risks. A treatment plan without owners or " +
			"dates, an Annex A control excluded without a reason, or residual risk its owner never accepted are typical findings.",
		small: "A treatment decision for each risk above the threshold, an SoA of the 93 Annex A controls with one-line " +
			"justifications, and a short plan with owners and dates signed by the director are enough.",
		medium: "Track treatment actions as tasks linked to risks and controls, justify every SoA line from risks or " +
			"requirements, and record each owner's acceptance of the residual risk.",
		large: "Run treatment as a programme with budgets and milestones, approve each version of the SoA, link every control to " +
			"its risks, requirements and evidence, and record acceptance at the level the criteria demand.",
	},
	"6.2": {
		what: "Set information security objectives at the relevant functions and levels, consistent with the policy and " +
			"measurable where practical. Plan for each what will be done, by whom, with what resources, by when and how the " +
			"result is judged; monitor, communicate and update them.",
		why: "Objectives are mandatory documented information. Auditors check that they exist, are measurable, are tracked and " +
			"are reviewed by management, which shows the ISMS aims at results rather than paperwork.",
		small: "Three to five objectives, each with a target, an owner, a deadline and a measure, reviewed at the management " +
			"review, are enough.",
		medium: "Objectives for each main function, each linked to a metric and to a plan with resources, with progress reported " +
			"every quarter.",
		large: "Cascade objectives from strategy to units and teams, tie each to metrics and budgets, report progress to the " +
			"steering committee and adjust them every year.",
	},
	"6.3": {
		what: "When the ISMS needs to change (scope, organization, risk method, major services), plan the change: its purpose " +
			"and consequences, its effect on the ISMS as a whole, the resources and who is responsible; then carry it out and " +
			"update what it affects.",
		why: "Clause 6.3 is new in 2022, and auditors look for changes made deliberately: a reorganization or a scope change " +
			"made without updating the risks, the SoA and the roles breaks the system.",
		small: "A short note for each significant change, saying what changes, why, what it affects and who approved it, is " +
			"enough.",
		medium: "Keep a log of ISMS changes with their impact, approval, planned date and completion, opened whenever the scope " +
			"or the risk method changes.",
		large: "Run ISMS changes through a formal change process tied to programme governance, with impact on scope, SoA, risks " +
			"and roles assessed, approval by the steering committee and a check after the change.",
	},
	"7.1": {
		what: "Determine and provide the people, time, budget, tools and outside expertise needed to set up, run and improve " +
			"the ISMS.",
		why: "Auditors check that the ISMS is resourced realistically, so that the treatment plan and the objectives can be " +
			"carried out, and that management reviews whether the resources are adequate.",
		small: "A note of who spends how much time on the ISMS, the tools in use and any outside help, agreed with the director, " +
			"is enough.",
		medium: "A yearly resource and budget plan for the ISMS, tied to the treatment plan and the objectives, looked at in the " +
			"management review.",
		large: "An ISMS budget inside the corporate planning cycle, staffing plans for the security functions, and resource " +
			"adequacy reported to the steering committee.",
	},
	"7.2": {
		what: "Determine the competence that people whose work affects information security need, make sure they have it through " +
			"education, training or experience, act on gaps and check those actions worked; keep evidence of it.",
		why: "Evidence of competence is mandatory. Auditors sample people in key roles (ISMS manager, administrators, internal " +
			"auditors) and ask for their qualifications or training records.",
		small: "Competence requirements for the few key roles and a record of each holder's training or experience are enough.",
		medium: "A competence matrix per role with the skills required, training records and certificates with their expiry, " +
			"and a gap report acted on every year.",
		large: "Role-based competence frameworks fed from the HR systems, training plans per function, periodic evaluation of " +
			"whether training worked, and tracked renewal of certifications.",
	},
	"7.3": {
		what: "Make sure everyone working for the organization knows the security policy, how they contribute to the ISMS and " +
			"what follows if they do not keep to it.",
		why: "Auditors talk to staff at random; people who cannot say where the policy is or how to report an incident show " +
			"that awareness does not work.",
		small: "An induction briefing plus a short yearly session or e-learning, with acknowledgement of the policy, is enough.",
		medium: "A yearly awareness plan with campaigns on current topics, tracked completion, and onboarding material for new " +
			"staff and contractors.",
		large: "A continuous programme by audience, with phishing simulations, completion and effectiveness measures, and " +
			"material refreshed after incidents and policy changes.",
	},
	"7.4": {
		what: "Decide what the ISMS needs to communicate inside and outside the organization: on what, when, with whom and how.",
		why: "Auditors check that the key messages (policy, roles, incidents, changes, reports to management) reach the right " +
			"people, and that communication with customers, suppliers and authorities is planned.",
		small: "A short list of the regular communications, who tells whom what and how, is enough.",
		medium: "A communication plan with topic, audience, frequency, channel and owner, including incident and supplier " +
			"communication.",
		large: "A communication matrix agreed with corporate communications, legal and the incident team, including regulator " +
			"and media contacts, with records of what was sent.",
	},
	"7.5": {
		what: "Keep the documented information the standard requires and whatever else the organization decides it needs: " +
			"identify it, review and approve it, and control it (access, distribution, storage, versions, retention, disposal, " +
			"and documents from outside).",
		why: "Every other clause is shown through documents and records. Auditors check that the versions in use are approved " +
			"and current, that records are kept, and that an obsolete version cannot be taken for the current one.",
		small: "A few combined documents in one controlled place, each with its version, owner and approval, are enough; write " +
			"no more than the ISMS needs.",
		medium: "A document register with owners, an approval workflow, review dates, classification and retention periods.",
		large: "A formal document control process across units, with templates, access by classification, retention schedules, " +
			"controlled external documents and a history of every change.",
	},
	"7.5.1": {title: "Documented information: general"},
	"7.5.2": {
		title: "Creating and updating documented information",
		what: "When documents and records are created or updated, give them an identity (title, date, author, reference), a " +
			"suitable format and medium, and have them reviewed and approved.",
		why:    "Auditors pick documents and check that each is identified, shows who approved it and when, and is up to date.",
		small:  "A version, a date and an approver on each document are enough.",
		medium: "Templates with the same identifying details and an approval workflow for every controlled document.",
		large: "Standard templates, mandatory metadata, an approval workflow with named approvers per type of document, and " +
			"scheduled reviews.",
	},
	"7.5.3": {
		title: "Control of documented information",
		what: "Keep documented information available where it is needed and protected against disclosure, misuse and loss of " +
			"integrity: control its distribution, access, storage, changes, retention and disposal, and the documents that come " +
			"from outside.",
		why: "Auditors check that people work from current versions, that access matches classification, that records are kept " +
			"for their retention period and that changes can be traced.",
		small: "One shared repository with access restricted as needed and old versions kept apart is enough.",
		medium: "A version history, access rights by classification, retention rules per type of record and a list of " +
			"controlled external documents.",
		large: "Records management with retention schedules per jurisdiction, legal holds, a tamper-evident history and periodic " +
			"checks of access rights.",
	},
	"8.1": {
		what: "Plan, run and control the processes that meet the ISMS requirements and carry out the planned actions: set " +
			"criteria for them, keep records showing they ran as planned, control planned changes, review unintended ones, and " +
			"control what outside parties provide.",
		why: "Stage 2 is mostly about operation: auditors sample records (tickets, reviews, supplier checks, change records) to " +
			"see that the controls really run and that outsourced services are under control.",
		small: "Records of the key recurring activities (backups, access reviews, supplier checks) kept in the tools already in " +
			"use are enough.",
		medium: "Procedures or checklists for the key processes, a schedule of recurring controls with owners, and reviews of " +
			"the relevant suppliers.",
		large: "Operational processes with documented criteria and measures, integrated change management, a tiered supplier " +
			"security programme, and records kept in the systems of record.",
	},
	"8.2": {
		what: "Carry out risk assessments at planned intervals and when significant changes are proposed or happen, with the " +
			"criteria of 6.1.2, and keep the results.",
		why: "Auditors look for dated results and check that reassessment happened on schedule and after significant changes " +
			"such as new services, incidents or reorganizations.",
		small:  "A dated yearly review of the risk register, plus a reassessment after any major change, is enough.",
		medium: "A full assessment every year plus triggered reassessments, with snapshots kept so the results can be compared.",
		large: "A rolling programme of assessments per unit and service, triggers tied to change management, and consolidated " +
			"results reported to management.",
	},
	"8.3": {
		what: "Carry out the risk treatment plan and keep the results.",
		why: "Auditors check that treatment actions happen as planned, that overdue actions are known and handled, and that " +
			"residual risk is evaluated again once the controls are in place.",
		small: "Updating the status of each treatment action, and scoring the risk again when it is done, is enough.",
		medium: "Track treatment actions as tasks with due dates, report the overdue ones, and evaluate residual risk again as " +
			"actions close.",
		large: "Track treatment as a programme with milestones and budgets, report progress to the steering committee, and " +
			"update the SoA's implementation status from it.",
	},
	"9.1": {
		what: "Decide what to monitor and measure, including processes and controls, the methods that give valid results, when " +
			"and by whom it is done, and when the results are analysed and evaluated; judge both security performance and the " +
			"ISMS's effectiveness, and keep the results.",
		why: "Results are mandatory evidence: auditors want to see that the organization knows whether its controls and its " +
			"ISMS work, and that the figures feed decisions in the management review.",
		small: "Three to five simple measures (such as patching delay, training completion, incidents) collected every quarter " +
			"are enough.",
		medium: "A defined set of metrics, each with formula, source, frequency, target and owner, analysed for trends before " +
			"each management review.",
		large: "A measurement programme with control-level and ISMS-level metrics per unit, automated collection where possible, " +
			"dashboards, and thresholds that trigger action.",
	},
	"9.2": {
		what: "Audit the ISMS at planned intervals to learn whether it meets the organization's own requirements and those of " +
			"the standard, and whether it is effectively implemented and maintained.",
		why: "An internal audit of the whole ISMS must have taken place before certification. Auditors check the programme, the " +
			"impartiality of the auditors, the reports and the follow-up of findings.",
		small: "One internal audit a year covering every clause and the applicable controls, by a competent person who does not " +
			"audit their own work (an outside auditor will do), is enough.",
		medium: "A yearly programme of several audits that together cover every clause and control over the cycle, carried out " +
			"by trained internal auditors.",
		large: "A risk-based programme spread over several audits a year across units and sites, with an independent audit " +
			"function and full coverage of clauses and controls in every certification cycle.",
	},
	"9.2.1": {title: "Internal audit: general"},
	"9.2.2": {
		title: "Internal audit programme",
		what: "Plan, set up, run and maintain the audit programme (frequency, methods, responsibilities, planning and reporting) " +
			"according to how important the processes are and what earlier audits found; for each audit, define criteria and " +
			"scope, choose objective auditors and report the results to the managers concerned.",
		why: "The programme and its results are mandatory evidence. Auditors check that the programme covers the whole ISMS over " +
			"time, that audits follow it and that reports reach the right managers.",
		small: "A one-page programme for the year with dates, scope and auditor, and a report of each audit, is enough.",
		medium: "A programme with a coverage matrix of clauses and controls by year, an audit plan and a report per audit, and " +
			"tracked findings.",
		large: "A multi-year risk-based programme covering units and sites, a plan per audit, independence checks, and findings " +
			"reported to the steering committee.",
	},
	"9.3": {
		what: "Top management reviews the ISMS at planned intervals to make sure it stays suitable, adequate and effective.",
		why: "A management review must have taken place before certification. Auditors check that top management took part, " +
			"that every required input was covered and that decisions were made.",
		small: "One management review a year, a short meeting with the director that covers every input and records the " +
			"decisions, is enough.",
		medium: "A yearly management review, perhaps with a check at mid-year, an input pack drawn from the registers, and " +
			"tracked actions.",
		large: "Reviews spread over the regular steering meetings so that every input is covered during the year, with packs " +
			"consolidated from the units and formal minutes.",
	},
	"9.3.1": {title: "Management review: general"},
	"9.3.2": {
		title: "Management review inputs",
		what: "The review looks at the actions of earlier reviews, changes in the issues and in what interested parties need, " +
			"feedback on performance (nonconformities, measurements, audit results, objectives), feedback from interested " +
			"parties, risk assessment results and the state of treatment, and chances to improve.",
		why:    "Auditors hold the minutes against the list of required inputs; a review that skipped one is a frequent finding.",
		small:  "A one-page agenda with every input and a line on each is enough.",
		medium: "An input pack drawn from the registers, one section per input, sent before the meeting.",
		large: "Input packs consolidated from every unit with trends and key measures, prepared by the ISMS manager and read by " +
			"the steering committee.",
	},
	"9.3.3": {
		title: "Management review results",
		what: "Record the decisions on improvement and on any changes the ISMS needs, and keep the results as documented " +
			"information.",
		why: "The results are mandatory evidence. Auditors look for concrete decisions and actions with owners, and for their " +
			"follow-up at the next review.",
		small: "Minutes listing the decisions and the actions with owners and dates are enough.",
		medium: "Minutes with tracked actions, decisions on resources, objectives and risk acceptance, and links to the ISMS " +
			"changes they start.",
		large: "Formal minutes approved by top management, actions tracked to closure in the improvement register, and decisions " +
			"carried into plans and budgets.",
	},
	"10.1": {
		what: "Keep making the ISMS more suitable, adequate and effective.",
		why: "Auditors look for signs that the ISMS gets better over time: improvements drawn from audits, measures, incidents " +
			"and reviews, carried out and checked.",
		small: "A short log of the improvements decided and made is enough.",
		medium: "An improvement register fed from audits, incidents, measures and reviews, with priorities, owners and a check " +
			"of the effect.",
		large: "Improvement built into the organization's own continuous improvement approach, with prioritised portfolios and " +
			"reported benefits.",
	},
	"10.2": {
		what: "When something does not conform, react and deal with the consequences, find the cause, decide whether action is " +
			"needed so it does not happen again or elsewhere, take it, check it worked and change the ISMS if needed; keep " +
			"records of the nonconformity, the actions and their results.",
		why: "The records are mandatory. Auditors follow nonconformities from audits and incidents to their cause, corrective " +
			"action and effectiveness check, and expect them closed on time.",
		small: "A simple log with each nonconformity, its cause, the action, its owner and a later check is enough.",
		medium: "Nonconformity records with root-cause analysis, corrective actions with due dates, and effectiveness checks " +
			"after a set interval.",
		large: "A corrective action process shared with the quality and risk functions, structured root-cause methods, trend " +
			"analysis across units, and escalation of overdue actions.",
	},
	AnnexAClause: {
		title: "Annex A controls",
		what: "Annex A lists 93 controls to compare with those the risk treatment needs. Every control that applies is " +
			"implemented, operated and evidenced, and every exclusion is justified in the Statement of Applicability.",
		why: "Auditors sample controls from the SoA and ask for evidence that each works as described; a control included " +
			"without evidence, or marked implemented when it is not, is a finding.",
		small: "Many controls are met by simple measures: a short description and one current piece of evidence for each " +
			"applicable control are enough.",
		medium: "An owner for each applicable control, a description of how it is implemented, and evidence collected on a " +
			"schedule.",
		large: "Controls owned per unit or platform and tested periodically, evidence collected automatically where possible, " +
			"and control effectiveness reported.",
	},
}
