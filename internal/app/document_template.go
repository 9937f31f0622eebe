// SPDX-License-Identifier: Apache-2.0

package app

import (
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// DocumentTemplate is a starter skeleton for a new document: headings and
// short guidance prompts (in italics) that the author replaces with the
// organization's own text.
type DocumentTemplate struct {
	Key     string            `json:"key"`
	Title   string            `json:"title"`
	Type    isms.DocumentType `json:"type"`
	Clauses []string          `json:"clauses"`
	Body    string            `json:"body"`
}

// templateSpec is the part of a template that differs between documents;
// templateBody adds the sections every controlled document has.
type templateSpec struct {
	key, title string
	typ        isms.DocumentType
	clauses    []string
	purpose    string
	scope      string
	// sections are the document's own headings, each with its prompt.
	sections [][2]string
	roles    string
}

// templateSpecs are the skeletons of the documents an ISMS usually needs,
// in the order of the clauses they serve. The wording is ours: headings
// and questions to answer, never text to adopt unread.
var templateSpecs = []templateSpec{
	{key: "security-policy", title: "Information security policy", typ: isms.DocPolicy, clauses: []string{"5.2", "A.5.1"},
		purpose: "Say in two or three sentences why the organization protects information and what top management commits to.",
		scope:   "Say which parts of the organization, locations, people and information this policy covers; refer to the ISMS scope.",
		sections: [][2]string{
			{"Our commitment", "State the commitment to meet the security requirements that apply (legal, contractual, of customers) and to keep improving the ISMS."},
			{"Information security objectives", "Say how objectives are set and where they are recorded; give the current ones or refer to the objectives plan."},
			{"Principles", "List the few rules everyone follows, such as least privilege, protecting data by its classification and reporting incidents at once."},
			{"Topic-specific policies", "List the topic policies that develop this one (access control, acceptable use, backup, suppliers …)."},
			{"Exceptions", "Say who may approve an exception, how it is requested and recorded, and for how long it may last."},
			{"Consequences of breaches", "Say how breaches of this policy are handled, in line with the disciplinary process."},
		},
		roles: "Name who approves this policy (top management), who maintains it, and what every employee and contractor must do."},
	{key: "isms-scope", title: "ISMS scope", typ: isms.DocOther, clauses: []string{"4.1", "4.2", "4.3"},
		purpose: "Say that this document sets the boundaries of the information security management system.",
		scope:   "Say which organization or part of it this statement is about.",
		sections: [][2]string{
			{"Internal and external issues", "Summarize the issues that affect what the ISMS must achieve: market, technology, regulation, culture, resources."},
			{"Interested parties and their requirements", "List customers, regulators, staff, suppliers and others, and what each requires of information security."},
			{"What is in scope", "Describe the services, processes, sites, systems and teams inside the ISMS."},
			{"What is out of scope and why", "List each exclusion with the reason, and how its interfaces with the scope are protected."},
			{"Interfaces and dependencies", "Describe where the scope meets activities of others (outsourced services, group companies, cloud providers)."},
		},
		roles: "Name who approves the scope and who proposes changes to it."},
	{key: "risk-process", title: "Information security risk assessment and treatment process", typ: isms.DocProcedure,
		clauses: []string{"6.1.2", "6.1.3", "8.2", "8.3"},
		purpose: "Say that this procedure makes risk assessments consistent, comparable and repeatable.",
		scope:   "Say which assets, processes and changes are assessed, and when (planned intervals, significant changes).",
		sections: [][2]string{
			{"Risk criteria", "Describe the likelihood and impact scales, how a risk level is derived and the level up to which risks may be accepted."},
			{"Identifying risks", "Say how risks to confidentiality, integrity and availability are found, and how each gets an owner."},
			{"Analysing and evaluating risks", "Say how likelihood and impact are judged, and how risks are ranked for treatment."},
			{"Treating risks", "Describe the options (modify, retain, avoid, share), how controls are chosen and compared with Annex A, and how the plan is recorded."},
			{"Accepting residual risk", "Say who may accept which residual risk levels and how the acceptance is recorded."},
			{"Records", "List the records kept: the risk register, treatment plan, acceptances and the date of each assessment."},
		},
		roles: "Name the roles of risk owners, the ISMS manager and top management in the process."},
	{key: "soa-procedure", title: "Statement of Applicability procedure", typ: isms.DocProcedure, clauses: []string{"6.1.3"},
		purpose: "Say that this procedure keeps the Statement of Applicability complete and current.",
		scope:   "Say which control sets the statement covers (Annex A and any others the organization uses).",
		sections: [][2]string{
			{"Deciding applicability", "Say how each control is marked applicable or not, and how the reason is written (risk, law, contract, good practice)."},
			{"Recording implementation", "Say how the implementation status of each applicable control is recorded and kept up to date."},
			{"Justifying exclusions", "Say who reviews each exclusion and what evidence supports it."},
			{"Approval and versions", "Say who approves the statement, when it is reissued, and how earlier versions are kept."},
		},
		roles: "Name who maintains the statement and who approves it."},
	{key: "objectives", title: "Information security objectives and plan", typ: isms.DocPlan, clauses: []string{"6.2"},
		purpose: "Say that this plan records what the ISMS aims to achieve this period and how.",
		scope:   "Say which period and which parts of the organization the objectives cover.",
		sections: [][2]string{
			{"Objectives", "List each objective so that it can be measured, and say how it follows from the policy and the risk assessment."},
			{"Plan to achieve them", "For each objective, say what will be done, with which resources, who is responsible and by when."},
			{"Measuring progress", "Say how and how often progress is measured, and how results are evaluated and reported."},
			{"Communication", "Say how the objectives are made known to the people who contribute to them."},
		},
		roles: "Name the owner of each objective and who approves the plan."},
	{key: "competence-awareness", title: "Competence and awareness procedure", typ: isms.DocProcedure,
		clauses: []string{"7.2", "7.3", "A.6.3"},
		purpose: "Say that this procedure makes sure people are competent for their security roles and aware of their part in the ISMS.",
		scope:   "Say which employees, contractors and roles it covers.",
		sections: [][2]string{
			{"Competence requirements", "Say how the competence each ISMS role needs is defined and where it is recorded."},
			{"Closing gaps", "Say how gaps are found and closed: training, mentoring, hiring or contracting, and how effectiveness is checked."},
			{"Awareness programme", "Describe what everyone learns on joining and periodically: the policy, their contribution, the consequences of not conforming."},
			{"Acknowledging policies", "Say which documents people must read and acknowledge, and by when."},
			{"Records", "List the evidence kept: training records, certificates, acknowledgements."},
		},
		roles: "Name the roles of managers, the ISMS manager and human resources."},
	{key: "document-control", title: "Control of documented information", typ: isms.DocProcedure, clauses: []string{"7.5"},
		purpose: "Say that this procedure keeps the ISMS documents accurate, approved, available to those who need them and protected.",
		scope:   "Say which documents and records it covers, including documents of external origin.",
		sections: [][2]string{
			{"Identification and format", "Say how documents are titled, numbered, versioned, classified and formatted."},
			{"Review and approval", "Say who reviews and approves each type of document before release, and how often documents are reviewed."},
			{"Distribution and access", "Say how documents reach their readers and who may read or change each one."},
			{"Changes", "Say how changes are proposed, recorded with a summary and compared with the previous version."},
			{"Retention and disposal", "Give the retention period of each document type and say how expired versions are disposed of and the disposal recorded."},
			{"External documents", "Say how laws, standards and supplier documents are registered with their source and version, and kept current."},
		},
		roles: "Name the roles of document owners, approvers and the ISMS manager."},
	{key: "operational-planning", title: "Operational planning and control", typ: isms.DocPlan, clauses: []string{"8.1"},
		purpose: "Say that this plan describes how the ISMS processes are run and kept under control day to day.",
		scope:   "Say which processes, including outsourced ones, it covers.",
		sections: [][2]string{
			{"Processes and criteria", "List the security processes and the criteria each must meet."},
			{"Planned changes", "Say how changes are planned, and how the consequences of unintended changes are reviewed and limited."},
			{"Outsourced processes", "Say which processes are outsourced and how they are controlled."},
			{"Evidence", "Say which records show the processes were carried out as planned."},
		},
		roles: "Name the owner of each process."},
	{key: "monitoring", title: "Monitoring, measurement, analysis and evaluation", typ: isms.DocProcedure, clauses: []string{"9.1"},
		purpose: "Say that this procedure shows whether the ISMS and its controls work.",
		scope:   "Say which processes, controls and objectives are measured.",
		sections: [][2]string{
			{"What is measured", "List each measure with its definition, target and source of data."},
			{"When and by whom", "Say how often each measure is collected and who collects it."},
			{"Analysis and evaluation", "Say how results are analysed, when and by whom, and what happens when a target is missed."},
			{"Reporting", "Say to whom results are reported and how they feed the management review."},
		},
		roles: "Name the owners of the measures and who evaluates the results."},
	{key: "internal-audit", title: "Internal audit procedure", typ: isms.DocProcedure, clauses: []string{"9.2"},
		purpose: "Say that internal audits check whether the ISMS meets the organization's own requirements and the standard, and is effectively run.",
		scope:   "Say which parts of the ISMS are audited and over what cycle.",
		sections: [][2]string{
			{"Audit programme", "Say how the programme is planned: frequency, methods, priorities by importance and earlier results."},
			{"Auditors", "Say how auditors are chosen so that they are objective and impartial and never audit their own work."},
			{"Conducting an audit", "Describe the steps: scope and criteria, evidence gathering, findings, closing meeting."},
			{"Reporting and follow-up", "Say to whom results are reported and how findings lead to corrective action."},
			{"Records", "List the records kept: programme, plans, reports, evidence."},
		},
		roles: "Name the roles of the audit programme owner, auditors and auditees."},
	{key: "management-review", title: "Management review procedure", typ: isms.DocProcedure, clauses: []string{"9.3"},
		purpose: "Say that top management reviews the ISMS at planned intervals to make sure it stays suitable, adequate and effective.",
		scope:   "Say how often reviews take place and who attends.",
		sections: [][2]string{
			{"Inputs", "List what the review considers: earlier actions, changes in issues and requirements, performance, audit results, risks, opportunities."},
			{"Conduct", "Say how the review is prepared, held and minuted."},
			{"Outputs", "Say how decisions on improvements and changes to the ISMS are recorded and followed up."},
		},
		roles: "Name who chairs the review, who prepares the inputs and who tracks the actions."},
	{key: "corrective-action", title: "Nonconformity and corrective action procedure", typ: isms.DocProcedure,
		clauses: []string{"10.1", "10.2"},
		purpose: "Say that this procedure deals with nonconformities and stops them from happening again.",
		scope:   "Say where nonconformities come from: audits, incidents, reviews, complaints, monitoring.",
		sections: [][2]string{
			{"Reacting", "Say how a nonconformity is recorded, contained and its consequences dealt with."},
			{"Finding the cause", "Say how causes are analysed and how similar nonconformities elsewhere are looked for."},
			{"Corrective action", "Say how actions are chosen, assigned, tracked and closed."},
			{"Checking effectiveness", "Say how and when the effect of each action is checked."},
			{"Records", "List the records kept of each nonconformity and action."},
		},
		roles: "Name who records, who owns and who verifies corrective actions."},
	{key: "acceptable-use", title: "Acceptable use policy", typ: isms.DocTopicPolicy, clauses: []string{"A.5.10"},
		purpose: "Say that this policy sets out how people may use the organization's information and equipment.",
		scope:   "Say who it applies to (employees, contractors, visitors) and which assets (devices, accounts, networks, data).",
		sections: [][2]string{
			{"Permitted use", "Describe what is allowed, including any reasonable personal use."},
			{"Prohibited use", "List what is never allowed, such as sharing credentials or installing unapproved software."},
			{"Handling information", "Say how information is handled according to its classification: storing, sending, printing, discussing."},
			{"Devices and remote work", "Say what applies to laptops, phones and working away from the office."},
			{"Monitoring", "Say what use is monitored, why, and how privacy is respected."},
			{"Returning assets", "Say what happens to devices and information when someone leaves or changes role."},
		},
		roles: "Name who owns this policy and what managers and users must do."},
	{key: "access-control", title: "Access control policy", typ: isms.DocTopicPolicy, clauses: []string{"A.5.15", "A.5.18", "A.8.2"},
		purpose: "Say that this policy makes sure people and systems can reach only the information they need.",
		scope:   "Say which systems, applications, data and physical areas it covers.",
		sections: [][2]string{
			{"Principles", "State the rules that guide every decision: need to know, least privilege, segregation of duties."},
			{"Granting and removing access", "Say how access is requested, approved, provisioned, changed and removed (joiners, movers, leavers)."},
			{"Privileged access", "Say how administrator rights are granted, limited, used and watched."},
			{"Authentication", "Say which authentication is required where, such as multi-factor authentication for remote and administrative access."},
			{"Access reviews", "Say how often access rights are reviewed, by whom, and how findings are handled."},
		},
		roles: "Name the roles of system owners, managers who approve access and administrators."},
	{key: "incident-response", title: "Information security incident management procedure", typ: isms.DocProcedure,
		clauses: []string{"A.5.24", "A.5.25", "A.5.26", "A.5.27", "A.6.8"},
		purpose: "Say that this procedure makes the response to security events and incidents quick, consistent and effective.",
		scope:   "Say which events and incidents it covers and which teams take part.",
		sections: [][2]string{
			{"Reporting events", "Say how anyone reports a suspected event, and that they should report without delay."},
			{"Assessing and classifying", "Say how an event is judged to be an incident and how severity is set."},
			{"Responding", "Describe containment, eradication and recovery, and who decides each step."},
			{"Communication", "Say who informs management, customers, authorities and the public, and within which deadlines."},
			{"Evidence", "Say how evidence is collected and preserved."},
			{"Learning", "Say how each incident is reviewed and how lessons lead to improvements."},
		},
		roles: "Name the incident manager, the response team and their deputies, with contact details kept elsewhere."},
	{key: "supplier-security", title: "Supplier security policy", typ: isms.DocTopicPolicy,
		clauses: []string{"A.5.19", "A.5.20", "A.5.21", "A.5.22"},
		purpose: "Say that this policy manages the information security risks that come with suppliers and their products and services.",
		scope:   "Say which suppliers it covers, for example those that handle the organization's information or support critical services.",
		sections: [][2]string{
			{"Assessing suppliers", "Say how suppliers are assessed and ranked by risk before they are chosen."},
			{"Security in agreements", "List the security requirements agreements must contain, by supplier risk."},
			{"Supply chain", "Say how requirements are passed on to the supplier's own suppliers."},
			{"Monitoring and review", "Say how supplier performance and changes to their services are monitored and reviewed."},
			{"Ending a relationship", "Say how access is removed and information returned or destroyed at the end."},
		},
		roles: "Name the roles of supplier owners, purchasing and the ISMS manager."},
	{key: "backup", title: "Backup policy", typ: isms.DocTopicPolicy, clauses: []string{"A.8.13"},
		purpose: "Say that this policy makes sure information, software and systems can be recovered after loss.",
		scope:   "Say which systems and data are backed up.",
		sections: [][2]string{
			{"What is backed up and how often", "For each system, give the frequency, method and how much data may be lost at most."},
			{"Retention", "Say how long backups are kept, by type."},
			{"Protection", "Say how backups are protected: encryption, separate location, access limited to few people."},
			{"Restore tests", "Say how often restores are tested, how, and how results are recorded."},
		},
		roles: "Name who runs the backups, who checks them and who owns each system's recovery."},
}

// DocumentTemplates returns the starter skeletons of the documents an
// ISMS usually needs, newly built on every call.
func DocumentTemplates() []DocumentTemplate {
	out := make([]DocumentTemplate, len(templateSpecs))
	for i, s := range templateSpecs {
		out[i] = DocumentTemplate{Key: s.key, Title: s.title, Type: s.typ, Clauses: append([]string(nil), s.clauses...), Body: templateBody(s)}
	}
	return out
}

// templateBody writes the Markdown skeleton of s: the title, the clauses
// it serves, purpose, scope, its own sections, roles, related documents
// and review.
func templateBody(s templateSpec) string {
	var b strings.Builder
	prompt := func(heading, text string) {
		b.WriteString("## " + heading + "\n\n_" + text + "_\n\n")
	}
	b.WriteString("# " + s.title + "\n\n")
	b.WriteString("_Replace each prompt in italics with your own text, and delete the prompts before submitting for approval._\n\n")
	b.WriteString("**Serves ISO/IEC 27001:** " + strings.Join(s.clauses, ", ") + "\n\n")
	prompt("Purpose", s.purpose)
	prompt("Scope", s.scope)
	for _, sec := range s.sections {
		prompt(sec[0], sec[1])
	}
	prompt("Roles and responsibilities", s.roles)
	prompt("Related documents", "List the policies, procedures and records this document relies on or refers to.")
	prompt("Review", "Say who reviews this document, how often (at least yearly and after significant changes) and how changes are approved and made known.")
	return strings.TrimSuffix(b.String(), "\n")
}
