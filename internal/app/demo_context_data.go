// SPDX-License-Identifier: Apache-2.0

package app

// The small demo's context, leadership, planning and measurement records
// (27001 4.1–4.4, 5.1–5.3, 6.1.1, 6.2, 6.3, 9.1). People are indexes in
// demoPeople; controls, documents and information security risks are named
// by their titles in the other demo data; days are relative to the day the
// demo is loaded.

// demoIssue is an internal or external issue (4.1) and the information
// security risks it gives rise to.
type demoIssue struct {
	title, kind, category, effect, description string
	climate                                    bool
	owner, review                              int
	risks                                      string // titles of demo risks, "|"-separated
}

var demoIssues = []demoIssue{
	{title: "Retail customers ask for ISO/IEC 27001 certification in tenders", kind: "external", category: "economic", effect: "positive",
		description: "Three of the last five tenders scored certification; being certified would shorten security questionnaires as well.",
		owner:       1, review: 120},
	{title: "Data protection law and guidance for analytics keep changing", kind: "external", category: "legal", effect: "negative",
		description: "UK and EU regulators publish guidance on profiling and retail analytics every year; our processing records must follow.",
		owner:       2, review: 90, risks: "Personal data kept longer than allowed|New regulation missed"},
	{title: "Large retail customers pass NIS2 duties down to their suppliers", kind: "external", category: "legal", effect: "negative",
		description: "Customers in scope of NIS2 add incident reporting and audit clauses to their contracts with us.",
		owner:       2, review: 60, risks: "New regulation missed"},
	{title: "Ransomware crews target retail supply chains", kind: "external", category: "technological", effect: "negative",
		description: "Industry sharing groups report attacks on software suppliers as a way into retailers.",
		owner:       1, review: -10, risks: "Ransomware encrypts production and its backups|Build pipeline compromised"},
	{title: "Production depends on one public cloud provider", kind: "external", category: "technological", effect: "negative",
		description: "Every customer-facing service runs with one provider; moving would take more than a year.",
		owner:       3, review: 150, risks: "Primary cloud region down for more than a day"},
	{title: "Climate change: heat and flooding", kind: "external", category: "environmental", effect: "negative", climate: true,
		description: "Judged relevant. The Leeds office lies near a river with a history of flooding, and heatwaves have already stopped the comms room " +
			"cooling once. The cloud regions we use publish their own climate resilience plans, so the effect on production is low.",
		owner: 5, review: 300, risks: "Leeds office unusable for weeks|Fire in the Leeds comms room"},
	{title: "Staff use generative AI tools in their daily work", kind: "internal", category: "technological", effect: "negative",
		description: "Engineers and support agents find the tools useful; the acceptable use policy now says which ones are allowed and with what data.",
		owner:       3, review: 75, risks: "Confidential data pasted into a public AI assistant"},
	{title: "Headcount grew from 45 to 80 in two years", kind: "internal", category: "social", effect: "negative",
		description: "Onboarding, access requests and awareness training all have to keep pace with new starters.",
		owner:       4, review: 180, risks: "Leaver keeps access to SaaS tools"},
	{title: "The Lisbon team moves into its own office this year", kind: "internal", category: "organizational", effect: "negative",
		description: "The 25 engineers and support agents in Lisbon leave their serviced office for a floor of their own, with its own network, badges and local suppliers.",
		owner:       5, review: 40, risks: "Lisbon office move disrupts work"},
	{title: "Engineering culture of code review and automation", kind: "internal", category: "organizational", effect: "positive",
		description: "Every change is reviewed and deployed by the pipeline; controls that can be automated usually are.",
		owner:       3, review: 200},
	{title: "The security team is three people", kind: "internal", category: "organizational", effect: "negative",
		description: "The CISO, the ISMS manager and one security engineer carry the ISMS, incident response and customer questionnaires.",
		owner:       1, review: 100, risks: "Only one engineer knows the billing integration"},
	{title: "The board backs the certification project", kind: "internal", category: "organizational", effect: "positive",
		description: "The board approved the budget and asks for the ISMS performance report twice a year.",
		owner:       0, review: 240},
}

// demoParty is an interested party (4.2) with its requirements.
type demoParty struct {
	name, kind, category, description, contact string
	owner                                      int
	reqs                                       []demoPartyReq
}

// demoPartyReq is a requirement of an interested party, what addresses
// it and how.
type demoPartyReq struct {
	title, typ, source, description, how string
	addressed                            bool
	owner                                int
	controls, documents, risks           string // titles, "|"-separated
}

var demoParties = []demoParty{
	{name: "Retail customers", kind: "external", category: "customer", owner: 1, contact: "Account managers; security contacts in each contract",
		description: "Mid-sized retailers whose sales data we process under contract.",
		reqs: []demoPartyReq{
			{title: "Data processing agreement and its security schedule", typ: "contractual", source: "Master services agreement, schedule 3",
				addressed: true, owner: 2, how: "Processing records, deletion at contract end and the controls the schedule lists.",
				controls: "Privacy programme and records of processing|Customer data deletion on contract end", risks: "Personal data kept longer than allowed"},
			{title: "Notify security incidents within 24 hours", typ: "contractual", source: "Master services agreement, clause 11.4",
				addressed: true, owner: 1, how: "The incident response procedure has a customer notification step and a template.",
				controls: "Incident response plan and on-call rota", documents: "Incident response procedure"},
			{title: "Monthly availability of 99.9 %", typ: "contractual", source: "Service level agreement",
				addressed: true, owner: 3, how: "Redundant production in two zones and a warm standby region.",
				controls: "Redundant production across two availability zones|Business continuity plan for the platform",
				risks:    "Primary cloud region down for more than a day"},
			{title: "A yearly security audit by the customer", typ: "contractual", source: "The two contracts renewed this year, clause 14",
				description: "The customer or its auditor may audit our security controls once a year, at 30 days' notice.", owner: 1,
				how: "Not addressed yet: counsel is checking what the clause allows before the ISMS takes it on; the certificate may replace the audit."},
		}},
	{name: "Data protection authorities", kind: "external", category: "regulator", owner: 2, contact: "Through the data protection officer",
		description: "The UK Information Commissioner and the Portuguese supervisory authority.",
		reqs: []demoPartyReq{
			{title: "Comply with the UK GDPR and the EU GDPR", typ: "legal", source: "UK GDPR; Regulation (EU) 2016/679",
				addressed: true, owner: 2, how: "The privacy programme, the register of legal requirements and yearly review by counsel.",
				controls: "Privacy programme and records of processing|Register of legal and contractual requirements"},
			{title: "Report personal data breaches within 72 hours", typ: "legal", source: "GDPR article 33",
				addressed: true, owner: 1, how: "The incident response procedure decides on notification within the first day.",
				documents: "Incident response procedure"},
		}},
	{name: "Cyber insurer", kind: "external", category: "partner", owner: 1, contact: "Broker: policy renewal each March",
		description: "Underwrites our cyber insurance; the policy sets minimum controls.",
		reqs: []demoPartyReq{
			{title: "MFA on e-mail and every remote access", typ: "contractual", source: "Policy conditions, section 4",
				addressed: true, owner: 3, how: "Single sign-on with phishing-resistant MFA for every business application.",
				controls: "Single sign-on with MFA for all staff"},
			{title: "Backups kept offline or immutable, and restores tested", typ: "contractual", source: "Policy conditions, section 6",
				addressed: true, owner: 3, how: "Nightly encrypted backups in another region with quarterly restore tests.",
				controls: "Nightly encrypted backups with quarterly restore tests", documents: "Backup and restore procedure",
				risks: "Ransomware encrypts production and its backups"},
		}},
	{name: "Staff", kind: "internal", category: "employee", owner: 4, contact: "Staff forum; HR lead",
		description: "Everyone who works for us, in Leeds, in Lisbon and at home.",
		reqs: []demoPartyReq{
			{title: "Clear rules for remote work and AI tools", typ: "other", source: "Staff survey",
				addressed: true, owner: 4, how: "The acceptable use policy and the remote working standard.",
				controls: "Remote working standard", documents: "Acceptable use policy"},
		}},
	{name: "Board and investors", kind: "internal", category: "shareholder", owner: 0, contact: "Board meetings; the CISO reports",
		description: "Expect the certification and a regular view of security performance.",
		reqs: []demoPartyReq{
			{title: "Twice-yearly report on security performance", typ: "other", source: "Board resolution",
				addressed: true, owner: 1, how: "The ISMS performance report at the board meeting after each management review.",
				controls: "Management review twice a year"},
		}},
	{name: "Cloud provider", kind: "external", category: "supplier", owner: 3, contact: "Enterprise support portal",
		description: "Hosts production, backups and the identity provider's logs.",
		reqs: []demoPartyReq{
			{title: "Customers secure what the shared-responsibility model leaves to them", typ: "contractual", source: "Customer agreement",
				addressed: true, owner: 3, how: "A register of what the provider does and what we do, per service.",
				controls: "Cloud provider shared-responsibility register"},
		}},
	{name: "Security information sharing groups", kind: "external", category: "partner", owner: 1, contact: "The CISO attends both groups' monthly calls",
		description: "Two groups of retail and software companies that share threat intelligence; what they expect of members is still to be recorded."},
	{name: "Payroll provider", kind: "external", category: "supplier", owner: 4, contact: "Account manager",
		description: "Runs the payroll outside the ISMS scope, with data we send each month.",
		reqs: []demoPartyReq{
			{title: "Send the payroll file through the secure upload portal", typ: "contractual", source: "Payroll services agreement",
				addressed: false, owner: 4, how: "Not yet: the file still goes by encrypted e-mail; moving to the portal is planned.",
				controls: "Encrypted file sharing rules", risks: "Breach at the payroll provider"},
		}},
}

// demoScopeV1 is the approved scope; v2, the draft, adds the Lisbon office.
var demoScopeV1 = ScopeInput{
	Statement: "The ISMS of Northwind Analytics covers the development, operation and support of its retail analytics platform, " +
		"the people who do that work and the systems they use.",
	Units:     []string{"Engineering", "Operations", "Customer support", "Security", "IT"},
	Locations: []string{"Leeds office", "Production on the public cloud (two regions)", "Remote workers in the UK"},
	InScope: []string{"Retail analytics platform and its public API", "Customer support desk and CRM",
		"Staff laptops, phones and business applications", "Source code repositories and the build pipeline"},
}

// demoScopeV2Locations are the locations of the scope's second version.
var demoScopeV2Locations = []string{"Leeds office", "Lisbon office", "Production on the public cloud (two regions)", "Remote workers in the UK and Portugal"}

// demoRole is an ISMS role (5.3), named as in the people register.
type demoRole struct {
	name, responsibilities, authorities string
	appointedBy                         int
	appointed                           int // days
}

var demoISMSRoles = []demoRole{
	{"ISMS manager", "Runs the ISMS day to day: the risk process, documents, objectives, metrics and the internal audit programme; reports on the performance of the ISMS to the CISO, who reports to the board.",
		"May require any team to provide evidence; may stop a change that skips the security review.", 0, -265},
	{"System administrator", "Runs the cloud platform, identity provider and laptops to the hardening baselines.",
		"Holds privileged access through the bastion.", 1, -250},
	{"Incident handler", "Takes a turn on the on-call rota; leads incidents from detection to the post-incident review.",
		"May isolate systems and revoke access during an incident.", 1, -245},
	{"Internal auditor", "Plans and carries out internal audits outside their own area and reports findings.",
		"Read access to every record the audit needs.", 1, -150},
	{"Developer", "Writes and reviews code to the secure development standard.", "Merges reviewed changes; never deploys by hand.", 1, -240},
	{"All staff", "Follow the policies, complete the awareness training, report anything suspicious.", "", 0, -265},
}

// demoProcess is an ISMS process (4.4) and its row of the RACI.
type demoProcess struct {
	name, purpose, clauses, inputs, outputs, interactions string
	owner                                                 int
	with                                                  []int             // indexes of earlier processes it interacts with
	raci                                                  map[string]string // role name → letters
}

var demoProcesses = []demoProcess{
	{name: "Context and scope", purpose: "Know the issues and interested parties that matter and keep the scope right.", clauses: "4.1 4.2 4.3",
		inputs: "Market news, contracts, law, staff feedback", outputs: "Issues, parties and their requirements, the scope statement", owner: 2,
		raci: map[string]string{"ISMS manager": "RA", "Incident handler": "C", "All staff": "I"}},
	{name: "Leadership and governance", purpose: "The board and the steering group direct the ISMS and give it resources.", clauses: "5.1 5.2 5.3",
		inputs: "Performance reports, budget requests", outputs: "Policy, roles, commitments", owner: 1, with: []int{0},
		raci: map[string]string{"ISMS manager": "RA", "All staff": "I"}},
	{name: "Risk assessment and treatment", purpose: "Identify, score and treat information security risks.", clauses: "6.1.2 6.1.3 8.2 8.3",
		inputs: "Issues, requirements, assets, incidents", outputs: "Risk register, treatment plans, statement of applicability", owner: 2, with: []int{0},
		raci: map[string]string{"ISMS manager": "RA", "System administrator": "C", "Developer": "C", "Incident handler": "C"}},
	{name: "Objectives and measurement", purpose: "Set objectives and measure how the ISMS performs.", clauses: "6.2 9.1",
		inputs: "Policy, risks, previous results", outputs: "Objectives, metrics, measurements and their analysis", owner: 2, with: []int{1, 2},
		raci: map[string]string{"ISMS manager": "RA", "System administrator": "R", "Internal auditor": "I"}},
	{name: "Document control", purpose: "Write, approve, publish and retire documented information.", clauses: "7.5",
		inputs: "Requests for new or changed documents", outputs: "Approved documents, retention", owner: 2,
		raci: map[string]string{"ISMS manager": "A", "Developer": "R", "System administrator": "R", "All staff": "I"}},
	{name: "Competence and awareness", purpose: "Make sure people can do their ISMS roles and know the policies.", clauses: "7.2 7.3 7.4",
		inputs: "Roles, new starters, incidents", outputs: "Training records, campaigns, communications", owner: 4, with: []int{4},
		raci: map[string]string{"ISMS manager": "A", "Incident handler": "C", "All staff": "R"}},
	{name: "Operations and change", purpose: "Run the controls and plan changes to the ISMS in a controlled way.", clauses: "6.3 8.1",
		inputs: "Treatment plans, change requests", outputs: "Operated controls, planned changes", owner: 3, with: []int{2},
		raci: map[string]string{"System administrator": "RA", "Developer": "R", "ISMS manager": "C", "Incident handler": "I"}},
	{name: "Internal audit", purpose: "Check that the ISMS meets the standard and our own rules.", clauses: "9.2",
		inputs: "Audit programme, records", outputs: "Audit reports, findings", owner: 6, with: []int{3},
		raci: map[string]string{"Internal auditor": "RA", "ISMS manager": "C", "All staff": "I"}},
	{name: "Management review", purpose: "Top management reviews the ISMS and decides on changes.", clauses: "9.3",
		inputs: "Audit results, metrics, risks, changes", outputs: "Decisions, actions, updated objectives", owner: 1, with: []int{3, 7},
		raci: map[string]string{"ISMS manager": "RA", "Internal auditor": "C", "All staff": "I"}},
	{name: "Improvement", purpose: "Correct nonconformities and keep improving.", clauses: "10.1 10.2",
		inputs: "Findings, incidents, suggestions", outputs: "Corrective actions and their review", owner: 2, with: []int{7, 8},
		raci: map[string]string{"ISMS manager": "A", "Incident handler": "R", "Developer": "R", "Internal auditor": "C"}},
}

// demoCommitment is a record of top management's commitment (5.1), with
// evidence supporting it when evidence is set.
type demoCommitment struct {
	kind, title, description, madeBy string
	days                             int
	evidence, url                    string
}

var demoCommitments = []demoCommitment{
	{kind: "resource", title: "Budget for the ISMS project approved", madeBy: "Board of directors", days: -270,
		description: "The decision to seek ISO/IEC 27001 certification, with GBP 48,000 a year for security tooling, the ISMS manager's post and the certification audit.",
		evidence:    "Board minutes: security budget", url: "https://wiki.northwind.example/board/minutes-budget"},
	{kind: "decision", title: "Information security policy approved", madeBy: "Board of directors", days: -200,
		description: "The board approved the first policy and asked for a review each year."},
	{kind: "communication", title: "ISMS kick-off message to all staff", madeBy: "Chief executive", days: -255,
		description: "Why certification matters to our customers and what will change for each team.",
		evidence:    "Kick-off message on the intranet", url: "https://intranet.northwind.example/news/isms-kick-off"},
	{kind: "decision", title: "First security objectives agreed", madeBy: "Chief executive and the CISO, at the steering group", days: -60,
		description: "Four objectives agreed, with owners and metrics; the AI tools rule added to the policy. The first management review is to judge them."},
}

// demoISMSRisk is a risk or opportunity for the ISMS itself (6.1.1) with
// its actions.
type demoISMSRisk struct {
	kind, title, description, likelihood, impact, status string
	owner, review                                        int
	issues, requirements                                 string // titles, "|"-separated
	method, evaluation, effective                        string
	evaluated                                            int
	actions                                              []demoISMSAction
}

// demoISMSAction is a task that carries out an ISMS risk's action.
type demoISMSAction struct {
	title       string
	owner, due  int
	done        bool
	description string
}

var demoISMSRisks = []demoISMSRisk{
	{kind: "risk", title: "Certification slips because the security team is stretched", likelihood: "medium", impact: "high", status: "planned",
		description: "Questionnaires and incidents take the time the ISMS work needs.", owner: 1, review: 90,
		method: "Compare the milestones of the certification plan with the dates reached, each month at the steering group.",
		issues: "The security team is three people", actions: []demoISMSAction{
			{title: "Hire a second security engineer", owner: 1, due: 75, description: "Role approved in the budget; agency briefed."},
			{title: "Answer standard questionnaires from a shared library", owner: 2, due: 30}}},
	{kind: "opportunity", title: "Certification wins enterprise retail tenders", likelihood: "high", impact: "high", status: "planned",
		description: "Certified, we can bid for tenders that require it and answer questionnaires with the certificate.", owner: 1, review: 120,
		method: "Count the tenders that require certification we bid for and win in the year after certification.",
		issues: "Retail customers ask for ISO/IEC 27001 certification in tenders", actions: []demoISMSAction{
			{title: "Tell the sales team which tenders to target after certification", owner: 1, due: 120}}},
	{kind: "risk", title: "Controls at the Lisbon office lag behind Leeds", likelihood: "medium", impact: "medium", status: "planned",
		description: "Badges, network separation and local suppliers may not be ready on moving day.", owner: 5, review: 40,
		method: "A walk-through against the physical security checklist a week after the move.",
		issues: "The Lisbon team moves into its own office this year", actions: []demoISMSAction{
			{title: "Walk through the Lisbon office against the physical security checklist", owner: 5, due: 20}}},
	{kind: "risk", title: "New legal or contractual duties are missed", likelihood: "medium", impact: "high", status: "addressed",
		description: "NIS2 clauses and new guidance could reach us without anyone owning them.", owner: 2, review: 180,
		issues:       "Data protection law and guidance for analytics keep changing|Large retail customers pass NIS2 duties down to their suppliers",
		requirements: "Comply with the UK GDPR and the EU GDPR|Notify security incidents within 24 hours",
		method:       "Compare the register of requirements with new contracts signed in the quarter.",
		evaluation:   "Every contract signed last quarter had its clauses in the register within two weeks.", effective: "yes", evaluated: -20,
		actions: []demoISMSAction{{title: "Counsel reviews new customer contracts for security clauses", owner: 2, due: -40, done: true}}},
	{kind: "risk", title: "Staff see the ISMS as paperwork", likelihood: "medium", impact: "medium", status: "addressed",
		description: "Eighty people, most of them new to formal security rules, may follow the policies on paper only.", owner: 4, review: 90,
		issues:  "Headcount grew from 45 to 80 in two years",
		method:  "Compare the policy acknowledgements and the phishing click rate before and after the briefings, at the management review.",
		actions: []demoISMSAction{{title: "Give a ten-minute ISMS briefing at every team meeting", owner: 4, due: -30, done: true}}},
	{kind: "opportunity", title: "Collect evidence from the cloud platform automatically", likelihood: "high", impact: "medium", status: "addressed",
		description: "Configuration exports can replace screenshots as evidence for many controls.", owner: 3, review: 200,
		issues:     "Engineering culture of code review and automation",
		method:     "Count the controls whose evidence is collected by a job rather than by hand.",
		evaluation: "Four controls now get their evidence from nightly exports, and more follow as their owners ask.", effective: "yes", evaluated: -15,
		actions: []demoISMSAction{{title: "Export the cloud configuration every night to the evidence store", owner: 3, due: -30, done: true}}},
}

// demoMetric is a metric (9.1) with its measurements since the ISMS
// project started measuring: values, oldest first, one every step months,
// the last one lastDays ago.
type demoMetric struct {
	name, description, method, unit, direction, target, warning, frequency, analysis string
	measuredBy, analysedBy                                                           int
	controls, processes                                                              string // titles and process names, "|"-separated
	step, lastDays                                                                   int
	values                                                                           []float64
}

var demoMetrics = []demoMetric{
	{name: "Staff with current awareness training", unit: "%", direction: "higher", target: "95", warning: "90", frequency: "every month",
		description: "Share of active staff whose yearly awareness training has not expired.",
		method:      "Training records of active people on the first working day of the month.", measuredBy: 4, analysedBy: 2,
		controls: "Security awareness training and phishing drills", processes: "Competence and awareness", step: 1, lastDays: 3,
		values:   []float64{62, 71, 79, 84, 88, 91, 93, 95},
		analysis: "Steady rise since the e-learning became part of onboarding; the target is met. Those without it are the newest starters and two expired records."},
	{name: "Critical vulnerabilities fixed within seven days", unit: "%", direction: "higher", target: "95", warning: "85", frequency: "every month",
		description: "Share of critical findings from the scanner closed within the deadline.",
		method:      "Scanner export of critical findings closed in the month, by days open.", measuredBy: 3, analysedBy: 1,
		controls: "Vulnerability scanning and patch deadlines", processes: "Operations and change", step: 1, lastDays: 5,
		values:   []float64{96, 97, 94, 92, 90, 87, 82, 78},
		analysis: "Falling since the team lost an engineer; a second security engineer is being hired."},
	{name: "Phishing simulation click rate", unit: "%", direction: "lower", target: "5", warning: "8", frequency: "quarterly",
		description: "Share of staff who clicked the link in the quarter's simulation.",
		method:      "Report of the simulation tool.", measuredBy: 1, analysedBy: 1,
		controls: "Security awareness training and phishing drills", processes: "Competence and awareness", step: 3, lastDays: 12,
		values:   []float64{9, 6, 4},
		analysis: "Down from 9 % to 4 % in six months; keep the quarterly drills."},
	{name: "Key supplier reviews done on time", unit: "%", direction: "higher", target: "100", warning: "90", frequency: "quarterly",
		description: "Share of the ten key suppliers reviewed within twelve months.",
		method:      "Supplier register: date of the last review of each key supplier.", measuredBy: 2, analysedBy: 2,
		controls: "Yearly review of key suppliers", processes: "Operations and change", step: 3, lastDays: 110,
		values:   []float64{70, 80},
		analysis: "Last quarter was not measured while the supplier register moved into the ISMS tool."},
	{name: "Hours to remove a leaver's access", unit: "hours", direction: "lower", target: "24", warning: "48", frequency: "every month",
		description: "Longest time in the month between a leaver's last day and the removal of their last account.",
		method:      "Joiner-mover-leaver tickets against the identity provider's audit log.", measuredBy: 3, analysedBy: 4,
		controls: "Joiner, mover and leaver process", processes: "Competence and awareness", step: 1, lastDays: 4,
		values:   []float64{72, 48, 40, 30, 24, 26, 28, 30},
		analysis: "Four SaaS tools outside single sign-on keep it above target."},
}

// demoObjective is an information security objective (6.2) and the
// metrics (by name) that measure it.
type demoObjective struct {
	statement, target, resources, evaluation, status, metrics string
	owner, due                                                int
}

var demoObjectives = []demoObjective{
	{statement: "Everyone completes the yearly security awareness training", target: "95 % of staff with current training; click rate under 5 %",
		resources: "E-learning licence; an hour per person per year", status: "achieved", owner: 4, due: 30,
		evaluation: "Met in the last two months; keep measuring monthly.",
		metrics:    "Staff with current awareness training|Phishing simulation click rate"},
	{statement: "Fix critical vulnerabilities within seven days", target: "95 % of critical findings fixed within seven days",
		resources: "Scanner licence; a rota for patching", status: "in_progress", owner: 3, due: 180,
		metrics: "Critical vulnerabilities fixed within seven days"},
	{statement: "Review every key supplier once a year", target: "All ten key suppliers reviewed within twelve months",
		resources: "ISMS manager's time; supplier questionnaires", status: "in_progress", owner: 2, due: 120,
		metrics: "Key supplier reviews done on time"},
	{statement: "Remove leavers' access on their last day", target: "Access removed within 24 hours in every month",
		resources: "Single sign-on for the remaining SaaS tools", status: "in_progress", owner: 4, due: 210,
		metrics: "Hours to remove a leaver's access"},
}

// demoChange is a planned change to the ISMS (6.3).
type demoChange struct {
	title, reason, consequences, resources, responsibilities, status string
	owner, planned, completed                                        int // completed 0: not yet
	risks, ismsRisks, documents                                      string
}

var demoChanges = []demoChange{
	{title: "Warm standby for production in a second region", status: "implemented", owner: 3, planned: -40, completed: -12,
		reason:           "A day-long outage of the primary region would break the availability we promise customers.",
		consequences:     "New failover runbook; backups and monitoring cover the second region; the risk assessment is repeated.",
		resources:        "Cloud costs up by about 15 %; two engineers for six weeks",
		responsibilities: "IT lead runs the project; the CISO approves the failover test.",
		risks:            "Primary cloud region down for more than a day", documents: "Backup and restore procedure"},
	{title: "Bring the Lisbon office into the ISMS scope", status: "approved", owner: 2, planned: 45,
		reason:           "Support and engineering teams move to Lisbon this year.",
		consequences:     "Scope version 2, physical controls for the new office, local suppliers reviewed.",
		resources:        "Facilities budget for badges and CCTV; the ISMS manager's time",
		responsibilities: "Facilities manager for the building; ISMS manager for the scope and the risks.",
		risks:            "Lisbon office move disrupts work", ismsRisks: "Controls at the Lisbon office lag behind Leeds"},
}
