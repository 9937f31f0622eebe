// SPDX-License-Identifier: Apache-2.0

package app

import "github.com/ismsproject/isms/internal/isms"

// demoAsset is an asset of the small demo organization. Its parent and
// dependencies name assets listed before it.
type demoAsset struct {
	name        string
	typ         isms.AssetType
	class       isms.Classification
	c, i, a     int // on the 5-level impact scale
	owner       int // index in demoPeople
	location    string
	parent      string
	deps        string // names separated by "; "
	description string
}

const (
	aPublic       = isms.ClassPublic
	aInternal     = isms.ClassInternal
	aConfidential = isms.ClassConfidential
	aRestricted   = isms.ClassRestricted
)

var demoAssets = []demoAsset{
	{"Leeds office", isms.AssetSite, aInternal, 2, 2, 3, 5, "Leeds, Wellington Place, 4th floor", "", "", "Head office: 55 staff, the comms room and the support desk."},
	{"Lisbon office", isms.AssetSite, aInternal, 2, 2, 3, 5, "Lisbon, Avenida da Liberdade", "", "", "Engineering and support office of 25 staff, in a serviced office until the move to its own floor this year."},
	{"Leeds comms room", isms.AssetSite, aConfidential, 3, 3, 4, 5, "Leeds office, room 4.12", "Leeds office", "", "Office network core, firewalls and the UPS."},
	{"Cloud provider", isms.AssetSupplier, aConfidential, 4, 4, 5, 3, "", "", "", "Hosts the whole production platform under the shared-responsibility model."},
	{"Primary cloud region", isms.AssetService, aRestricted, 5, 5, 5, 3, "Dublin", "Cloud provider", "", "Production runs here across two availability zones."},
	{"Secondary cloud region", isms.AssetService, aRestricted, 5, 5, 4, 3, "Frankfurt", "Cloud provider", "", "Backups and the failover copy of production."},
	{"Identity provider", isms.AssetService, aConfidential, 4, 5, 5, 3, "", "", "", "Single sign-on and MFA for every business application."},
	{"E-mail and office suite", isms.AssetService, aConfidential, 4, 3, 4, 3, "", "", "Identity provider", "Mail, calendars, documents and the intranet."},
	{"Chat tool", isms.AssetService, aInternal, 3, 2, 3, 3, "", "", "Identity provider", "Team chat, including the security report button."},
	{"Payroll provider", isms.AssetSupplier, aRestricted, 5, 4, 3, 4, "", "", "", "Runs the monthly payroll for both countries."},
	{"Managed file transfer service", isms.AssetService, aConfidential, 4, 4, 3, 3, "", "", "Identity provider", "The only approved way to send customer data files."},
	{"Payment processor", isms.AssetSupplier, aConfidential, 4, 4, 3, 0, "", "", "", "Collects customer subscription payments."},
	{"Penetration testing firm", isms.AssetSupplier, aConfidential, 3, 2, 1, 1, "", "", "", "Tests the customer portal and public API every year."},
	{"Device management service", isms.AssetService, aInternal, 3, 4, 3, 3, "", "", "Identity provider", "Enforces encryption, screen lock and updates on laptops and phones."},
	{"Log platform", isms.AssetService, aConfidential, 3, 5, 4, 3, "", "", "Primary cloud region", "Central application, access and admin logs, kept for a year."},
	{"Backup storage", isms.AssetService, aRestricted, 5, 5, 4, 3, "Frankfurt", "Secondary cloud region", "", "Encrypted nightly backups, kept for 35 days."},
	{"Analytics platform", isms.AssetSoftware, aConfidential, 4, 5, 5, 3, "", "", "Primary cloud region", "The product: analytics for mid-sized retailers."},
	{"Customer portal", isms.AssetSoftware, aConfidential, 4, 4, 5, 3, "", "Analytics platform", "Identity provider; Primary cloud region", "Where customers sign in, read reports and manage users."},
	{"Public API", isms.AssetSoftware, aConfidential, 4, 4, 4, 3, "", "Analytics platform", "Primary cloud region", "Used by customers' point-of-sale and ERP integrations."},
	{"Data ingestion pipeline", isms.AssetSoftware, aConfidential, 4, 5, 4, 3, "", "Analytics platform", "Primary cloud region", "Loads customers' sales files every night."},
	{"Reporting engine", isms.AssetSoftware, aConfidential, 4, 5, 4, 8, "", "Analytics platform", "Data warehouse", "Builds the customer reports and dashboards."},
	{"Production database cluster", isms.AssetSoftware, aRestricted, 5, 5, 5, 3, "Dublin", "Analytics platform", "Primary cloud region", "Customer accounts, configuration and recent data."},
	{"Data warehouse", isms.AssetSoftware, aRestricted, 5, 4, 4, 3, "Dublin", "Analytics platform", "Primary cloud region", "Three years of customers' sales history."},
	{"CI/CD pipeline", isms.AssetSoftware, aConfidential, 3, 5, 3, 3, "", "", "Source code repositories", "Builds, tests and deploys every change."},
	{"Production bastion", isms.AssetSoftware, aConfidential, 4, 5, 4, 3, "Dublin", "", "Identity provider", "The only way into production; access per task, for eight hours."},
	{"CRM", isms.AssetService, aConfidential, 4, 3, 3, 1, "", "", "Identity provider", "Customer contacts, deals and renewals."},
	{"Support desk", isms.AssetService, aConfidential, 4, 3, 4, 9, "", "", "Identity provider", "Customer tickets, some with report extracts attached."},
	{"Finance system", isms.AssetSoftware, aConfidential, 4, 4, 3, 0, "", "", "Identity provider", "Ledger, invoices and supplier payments."},
	{"HR system", isms.AssetSoftware, aRestricted, 5, 4, 3, 4, "", "", "Identity provider", "Employee records; drives joiners, movers and leavers."},
	{"Staff laptops", isms.AssetHardware, aConfidential, 4, 3, 3, 3, "Both offices and home", "", "Device management service", "94 managed laptops: one for each member of staff and for the contractors, and a few spares."},
	{"Mobile phones", isms.AssetHardware, aInternal, 3, 2, 2, 3, "Both offices and home", "", "Device management service", "Company phones with mail and chat."},
	{"Office network", isms.AssetHardware, aInternal, 2, 3, 4, 3, "Leeds office", "Leeds office", "Firewalls", "Wired and wireless network of the Leeds office."},
	{"Lisbon office network", isms.AssetHardware, aInternal, 2, 3, 4, 3, "Lisbon office", "Lisbon office", "", "Wired and wireless network of the Lisbon office."},
	{"Firewalls", isms.AssetHardware, aConfidential, 3, 5, 4, 3, "Leeds comms room", "Leeds comms room", "UPS and power", "A high-availability pair at the office edge."},
	{"UPS and power", isms.AssetHardware, aInternal, 1, 1, 4, 5, "Leeds comms room", "Leeds comms room", "", "Keeps the comms room running for 40 minutes."},
	{"Printers", isms.AssetHardware, aInternal, 3, 1, 1, 5, "Both offices", "", "Office network", "Six multi-function printers."},
	{"Encryption keys", isms.AssetInformation, aRestricted, 5, 5, 4, 3, "Cloud key service", "", "Primary cloud region", "Keys of the databases, backups and TLS certificates."},
	{"Source code repositories", isms.AssetInformation, aConfidential, 4, 5, 3, 3, "", "", "Identity provider", "Code of the product and the infrastructure."},
	{"Customer sales data", isms.AssetInformation, aRestricted, 5, 4, 4, 1, "", "", "Production database cluster; Data warehouse", "Customers' sales, stock and pricing data."},
	{"Customer personal data", isms.AssetInformation, aRestricted, 5, 4, 3, 2, "", "", "Production database cluster; CRM", "Names and contacts of customers' staff, and loyalty-card data in some sales files."},
	{"Customer contracts", isms.AssetInformation, aConfidential, 4, 3, 2, 0, "", "", "E-mail and office suite", "Signed contracts, SLAs and data processing agreements."},
	{"Employee records", isms.AssetInformation, aRestricted, 5, 4, 2, 4, "", "", "HR system", "Contracts, reviews and sickness records."},
	{"Payroll data", isms.AssetInformation, aRestricted, 5, 4, 3, 4, "", "", "Payroll provider; HR system", "Salaries and bank details."},
	{"Financial records", isms.AssetInformation, aConfidential, 4, 5, 3, 0, "", "", "Finance system", "Accounts, invoices and tax filings."},
	{"ISMS documentation", isms.AssetInformation, aInternal, 2, 3, 2, 2, "", "", "E-mail and office suite", "Policies, procedures, the risk method and records."},
	{"Product roadmap", isms.AssetInformation, aConfidential, 4, 2, 1, 0, "", "", "E-mail and office suite", "Plans for the next four quarters."},
	{"Audit logs", isms.AssetInformation, aConfidential, 3, 5, 4, 3, "", "", "Log platform", "Who did what in production and in the business applications."},
	{"Backups", isms.AssetInformation, aRestricted, 5, 5, 5, 3, "Frankfurt", "", "Backup storage; Encryption keys", "Nightly copies of the production databases and the warehouse."},
	{"Marketing website content", isms.AssetInformation, aPublic, 1, 3, 3, 0, "", "", "", "The public website and blog."},
	{"Engineering team", isms.AssetPeople, aInternal, 3, 3, 4, 3, "Both offices", "", "", "Thirty-four engineers across product and platform."},
	{"On-call engineers", isms.AssetPeople, aInternal, 3, 3, 5, 3, "", "Engineering team", "", "The 24/7 rota of eight platform engineers."},
	{"Support team", isms.AssetPeople, aInternal, 4, 3, 4, 9, "Leeds office", "", "Support desk", "Nine agents who see customer reports."},
	{"Security and ISMS team", isms.AssetPeople, aInternal, 4, 4, 4, 1, "Leeds office", "", "", "The CISO, the ISMS manager and a security engineer."},
	{"Contractors", isms.AssetPeople, aInternal, 3, 3, 2, 2, "", "", "", "About ten contract developers and consultants, not on the payroll."},
	{"Customer onboarding", isms.AssetProcess, aInternal, 3, 3, 3, 1, "", "", "Customer portal; Managed file transfer service", "From signed contract to the first report."},
	{"Software release", isms.AssetProcess, aInternal, 2, 5, 3, 3, "", "", "CI/CD pipeline; Source code repositories", "Reviewed changes deployed by the pipeline, several times a day."},
	{"Incident response", isms.AssetProcess, aInternal, 3, 3, 4, 1, "", "", "On-call engineers; Chat tool", "Severity levels, roles, the rota and post-incident reviews."},
	{"Joiner, mover and leaver", isms.AssetProcess, aInternal, 3, 4, 3, 4, "", "", "HR system; Identity provider", "Accounts follow the HR system."},
	{"Payroll run", isms.AssetProcess, aConfidential, 4, 4, 4, 4, "", "", "Payroll provider; Payroll data", "Monthly, with the provider."},
	{"Backup and restore", isms.AssetProcess, aInternal, 3, 5, 4, 3, "", "", "Backups; Backup storage", "Nightly backups and the quarterly restore test."},
	{"Company brand and reputation", isms.AssetOther, aPublic, 1, 3, 2, 0, "", "", "", "How customers and the market see us."},
}

// demoAction is a treatment action of a demo risk: its owner (index in
// demoPeople), due date in days from today, the control it carries out
// (by title; may be empty) and whether it is done.
type demoAction struct {
	title   string
	owner   int
	due     int
	control string
	done    bool
}

// demoRisk is a risk of the small demo organization and the state it
// reaches. Scores are (likelihood, impact) positions; {0, 0} is unscored.
type demoRisk struct {
	title    string
	kind     isms.RiskKind
	who      string // threat source (scenario) or threat (asset-based)
	what     string // event (scenario) or vulnerability (asset-based)
	then     string // consequence (scenario)
	category string
	owner    int
	assets   string // names separated by "; "
	controls string // titles separated by "|"
	in, res  [2]int
	treat    isms.TreatmentOption
	plan     string
	status   isms.RiskStatus // what the demo brings it to
	actions  []demoAction
	review   int // next review in days from today; 0 for the method's interval
}

const (
	rScenario = isms.RiskScenario
	rAsset    = isms.RiskAsset
	tModify   = isms.TreatmentModify
	tRetain   = isms.TreatmentRetain
	tAvoid    = isms.TreatmentAvoid
	tShare    = isms.TreatmentShare
)

// demoRisksV1 are scored under the first method (3×3) and not yet
// re-scored under the current one.
var demoRisksV1 = []demoRisk{
	{title: "Leeds office unusable for weeks", kind: rScenario, who: "Fire, flood or a long power cut", what: "The Leeds office cannot be used for several weeks",
		then: "Staff work from home; comms room equipment lost", category: "Physical", owner: 5, controls: "Fire and flood protection for the comms room",
		in: [2]int{1, 3}, res: [2]int{1, 2}, treat: tModify, plan: "Remote working for every role; comms room services move to the cloud."},
	{title: "Customers leave after a publicised breach", kind: rScenario, who: "Any attacker", what: "A breach of customer data becomes public",
		then: "Customers end their contracts", category: "Cyber attack", owner: 1, in: [2]int{2, 3}},
	{title: "Single sign-on outage stops work", kind: rScenario, who: "Identity provider failure", what: "Nobody can sign in to the business applications",
		then: "Work stops for hours", category: "Supplier", owner: 3, controls: "Single sign-on with MFA for all staff",
		in: [2]int{1, 2}, res: [2]int{1, 2}, treat: tRetain, plan: "The provider's SLA is enough; break-glass accounts exist."},
}

// demoRisksBefore are in the register at the first assessment; the demo
// moves them on afterwards (plans approved, actions done, acceptances).
var demoRisksBefore = []demoRisk{
	{title: "Ransomware encrypts production and its backups", kind: rScenario, who: "Organised criminal group",
		what: "Ransomware deployed through a phished engineer's account encrypts the production databases and every backup it can reach",
		then: "Platform down for days, customer data possibly leaked, contractual penalties", category: "Cyber attack", owner: 1,
		assets: "Production database cluster; Backups; Analytics platform", controls: "Nightly encrypted backups with quarterly restore tests|Single sign-on with MFA for all staff|Endpoint protection on every laptop",
		in: [2]int{4, 5}, res: [2]int{2, 4}, treat: tModify, plan: "Immutable backups in the second region, phishing-resistant MFA for all production access, restore drills.",
		status: isms.RiskInTreatment, actions: []demoAction{
			{"Turn on object lock for the backup bucket", 3, -20, "Nightly encrypted backups with quarterly restore tests", false},
			{"Run a restore drill from the immutable backups", 3, 30, "", false},
			{"Phishing simulation for the engineering team", 4, -60, "Security awareness training and phishing drills", true}}},
	{title: "Customer data exposed by a misconfigured storage bucket", kind: rAsset, who: "Accidental public exposure",
		what: "Storage permissions are still managed by hand in two legacy accounts", category: "Cyber attack", owner: 3,
		assets: "Data warehouse; Customer sales data", controls: "Infrastructure as code with reviewed changes",
		in: [2]int{3, 5}, res: [2]int{1, 5}, treat: tModify, plan: "Bring the legacy accounts under infrastructure as code and block public access everywhere.",
		status: isms.RiskInTreatment, actions: []demoAction{
			{"Move the legacy buckets into infrastructure as code", 3, -5, "Infrastructure as code with reviewed changes", false},
			{"Turn on the public-access block in every cloud account", 3, -40, "", true}}},
	{title: "Staff account taken over", kind: rScenario, who: "External attacker", what: "Credential stuffing or MFA fatigue against staff accounts",
		then: "Access to e-mail, the CRM and internal documents", category: "Cyber attack", owner: 3,
		assets: "Identity provider; E-mail and office suite", controls: "Single sign-on with MFA for all staff",
		in: [2]int{3, 4}, res: [2]int{1, 4}, treat: tModify, plan: "Phishing-resistant MFA for everyone.", status: isms.RiskAccepted,
		actions: []demoAction{{"Enforce phishing-resistant MFA for all staff", 3, -90, "Single sign-on with MFA for all staff", true}}},
	{title: "Primary cloud region down for more than a day", kind: rScenario, who: "Cloud provider failure", what: "The primary region is unavailable for more than a day",
		then: "Customers cannot use the platform; SLA credits", category: "Supplier", owner: 3,
		assets: "Primary cloud region; Analytics platform", controls: "Redundant production across two availability zones|Business continuity plan for the platform",
		in: [2]int{2, 5}, res: [2]int{2, 3}, treat: tModify, plan: "Warm standby in the secondary region with a tested failover.", status: isms.RiskInTreatment,
		actions: []demoAction{{"Fail over to the secondary region in a test", 3, 45, "Business continuity plan for the platform", false},
			{"Write the regional failover runbook", 3, -10, "", false}}},
	{title: "Departing employee exports customer data", kind: rScenario, who: "Departing employee", what: "Downloads customer reports to a personal account",
		then: "Breach of customer contracts and data protection law", category: "People", owner: 4,
		assets: "Customer sales data; Staff laptops", controls: "Data loss prevention for e-mail and file sharing|Joiner, mover and leaver process",
		in: [2]int{2, 4}, res: [2]int{2, 2}, treat: tModify, plan: "Data loss prevention rules for customer exports.",
		actions: []demoAction{{"Turn on the data loss prevention rules for customer exports", 3, 60, "Data loss prevention for e-mail and file sharing", false}}},
	{title: "Breach at the payroll provider", kind: rScenario, who: "Attacker at a supplier", what: "The payroll provider is breached",
		then: "Employees' bank and salary data exposed", category: "Supplier", owner: 4, assets: "Payroll provider; Payroll data",
		controls: "Supplier security assessment|Yearly review of key suppliers", in: [2]int{2, 4}, res: [2]int{2, 3}, treat: tShare,
		plan: "Contract with breach notification and liability; yearly review of the provider's ISO/IEC 27001 certificate.", status: isms.RiskAccepted},
	{title: "Known vulnerability in an open-source dependency", kind: rAsset, who: "Exploitation of a published vulnerability",
		what: "Dependencies of the reporting engine are updated irregularly", category: "Cyber attack", owner: 3,
		assets: "Reporting engine; Public API", controls: "Vulnerability scanning and patch deadlines|Secure development life cycle",
		in: [2]int{4, 4}, res: [2]int{2, 3}, treat: tModify, plan: "Automated dependency updates and the patch deadlines of the vulnerability standard.",
		status: isms.RiskInTreatment, actions: []demoAction{
			{"Turn on automated dependency updates", 8, -30, "Secure development life cycle", true},
			{"Fix the scanner findings older than 30 days", 8, -3, "Vulnerability scanning and patch deadlines", false}}},
	{title: "Laptop lost or stolen", kind: rAsset, who: "Theft or loss", what: "Laptops travel between offices, homes and customers",
		category: "Physical", owner: 3, assets: "Staff laptops", controls: "Managed laptops with disk encryption",
		in: [2]int{4, 2}, res: [2]int{4, 1}, treat: tRetain, plan: "Disk encryption and remote wipe make a lost laptop an inconvenience.", status: isms.RiskAccepted},
	{title: "Fire in the Leeds comms room", kind: rScenario, who: "Electrical fault", what: "Fire in the comms room",
		then: "Office network down, equipment lost", category: "Physical", owner: 5, assets: "Leeds comms room; Firewalls; Office network",
		controls: "Fire and flood protection for the comms room", in: [2]int{1, 3}, res: [2]int{1, 2}, treat: tRetain,
		plan: "Gas suppression is in place; staff can work from home.", status: isms.RiskAccepted},
	{title: "Payment to a fraudster after a fake invoice", kind: rScenario, who: "Fraudster", what: "A fake supplier invoice, or a request to change a supplier's bank details",
		then: "Money paid to a fraudster", category: "People", owner: 0, assets: "Finance system; Financial records",
		controls: "Security awareness training and phishing drills", in: [2]int{3, 3}, res: [2]int{2, 2}, treat: tModify,
		plan: "Call-back check on every change of supplier bank details.", status: isms.RiskAccepted,
		actions: []demoAction{{"Add call-back checks to the payment procedure", 0, -45, "", true}}},
	{title: "Former contractor keeps production access", kind: rAsset, who: "Misuse of leftover access",
		what: "Contractor accounts are managed outside the HR system", category: "People", owner: 2, assets: "Contractors; Production bastion",
		controls: "Quarterly user access review|Privileged access through a bastion with approvals", in: [2]int{3, 4}, res: [2]int{1, 4}, treat: tModify,
		plan: "Contractors become a worker type in the HR system, so leaving ends their access.", status: isms.RiskInTreatment,
		actions: []demoAction{{"Add contractors to the HR system as a worker type", 4, 20, "Joiner, mover and leaver process", false},
			{"Review the bastion access of every contractor", 3, -8, "Quarterly user access review", false}}},
	{title: "Personal data kept longer than allowed", kind: rScenario, who: "Our own processes", what: "Customer personal data is kept after the contract ends",
		then: "Breach of data protection law and fines", category: "Privacy", owner: 2, assets: "Customer personal data; Data warehouse",
		controls: "Customer data deletion on contract end|Records retention schedule", in: [2]int{3, 3}, res: [2]int{2, 2}, treat: tModify,
		plan: "Automatic deletion 30 days after contract end.", actions: []demoAction{{"Automate deletion at contract end", 8, 40, "Customer data deletion on contract end", false}}},
	{title: "Denial of service on the public API", kind: rScenario, who: "Hacktivists or extortionists", what: "A denial-of-service attack on the public API",
		then: "Customers' integrations fail for hours", category: "Cyber attack", owner: 3, assets: "Public API; Customer portal",
		controls: "Capacity monitoring and alerting", in: [2]int{3, 3}, res: [2]int{2, 3}, treat: tShare,
		plan: "The cloud provider's DDoS protection service, with its response team on call."},
	{title: "Source code leaked", kind: rAsset, who: "Disclosure", what: "Personal access tokens without expiry", category: "Cyber attack", owner: 3,
		assets: "Source code repositories", controls: "Protected source code repositories", in: [2]int{2, 4}},
	{title: "Only one engineer knows the billing integration", kind: rScenario, who: "Illness or departure", what: "The engineer is unavailable for weeks",
		then: "Billing fixes are delayed", category: "People", owner: 3, assets: "Engineering team", in: [2]int{3, 2}},
	{title: "Backups fail without anyone noticing", kind: rAsset, who: "Backup failure", what: "No alert when a nightly backup job does not run",
		category: "Operational", owner: 3, assets: "Backups; Backup and restore", controls: "Nightly encrypted backups with quarterly restore tests",
		in: [2]int{2, 5}, res: [2]int{1, 5}, treat: tModify, plan: "Alert on every missed or failed backup job.", status: isms.RiskClosed,
		actions: []demoAction{{"Alert on missed backup jobs", 3, -70, "Nightly encrypted backups with quarterly restore tests", true}}},
	{title: "Legacy FTP endpoint brute-forced", kind: rAsset, who: "Brute force", what: "A legacy FTP endpoint kept for one customer",
		category: "Cyber attack", owner: 3, assets: "Managed file transfer service", in: [2]int{3, 4}, res: [2]int{1, 1}, treat: tAvoid,
		plan: "Switch the endpoint off; the customer moves to managed file transfer.", status: isms.RiskClosed},
	{title: "Tailgating into the Leeds office", kind: rAsset, who: "Unauthorised entry", what: "The side door is propped open at breaks",
		category: "Physical", owner: 5, assets: "Leeds office", controls: "Office access badges and visitor log",
		in: [2]int{3, 2}, res: [2]int{2, 2}, treat: tRetain, plan: "Door alarm after 30 seconds open; reminders at induction.", status: isms.RiskAccepted},
	{title: "Firewall change opens production to the office network", kind: rAsset, who: "Exploitation of an opened port",
		what: "Emergency changes to firewall rules are not always reviewed", category: "Operational", owner: 3, assets: "Firewalls; Office network",
		controls: "Firewall rule and network segmentation review|Change management for production", in: [2]int{2, 4}, res: [2]int{1, 4}, treat: tModify,
		plan:    "Every emergency change reviewed the next working day.",
		actions: []demoAction{{"Review emergency firewall changes the next working day", 3, 14, "Change management for production", false}}},
	{title: "New regulation missed", kind: rScenario, who: "Regulators", what: "New data protection or security obligations go unnoticed",
		then: "Non-compliance found by a customer audit", category: "Legal and compliance", owner: 2, assets: "ISMS documentation",
		controls: "Register of legal and contractual requirements", in: [2]int{2, 3}, res: [2]int{1, 3}, treat: tRetain,
		plan: "Counsel's yearly review of the register is enough.", status: isms.RiskAccepted},
	{title: "Support agents see more customer data than they need", kind: rAsset, who: "Misuse of privileges",
		what: "The support role sees every customer report", category: "Privacy", owner: 1, assets: "Support desk; Customer sales data",
		controls: "Least privilege roles in the product", in: [2]int{3, 3}},
	{title: "Logs lost before an investigation", kind: rAsset, who: "Loss of evidence", what: "Some services still log locally only",
		category: "Operational", owner: 3, assets: "Audit logs; Log platform", controls: "Central logging with a year of retention",
		in: [2]int{2, 3}, res: [2]int{1, 3}, treat: tModify, plan: "Every service ships its logs to the log platform.",
		actions: []demoAction{{"Ship the remaining local logs to the log platform", 3, 25, "Central logging with a year of retention", false}}},
}

// demoRisksAfter are added between the two assessments.
var demoRisksAfter = []demoRisk{
	{title: "Confidential data pasted into a public AI assistant", kind: rScenario, who: "Staff using public AI tools",
		what: "Customer data pasted into a public AI assistant", then: "Disclosure of customer data", category: "Privacy", owner: 2,
		assets: "Customer sales data", controls: "Acceptable use policy with yearly acknowledgement", in: [2]int{3, 4}, res: [2]int{2, 3},
		treat: tModify, plan: "An approved AI assistant with data protection terms; the acceptable use policy names the others.", status: isms.RiskInTreatment,
		actions: []demoAction{{"Roll out the approved AI assistant", 3, 15, "", false}}},
	{title: "Build pipeline compromised", kind: rAsset, who: "Supply-chain attack", what: "Build runners hold long-lived cloud credentials",
		category: "Cyber attack", owner: 3, assets: "CI/CD pipeline; Software release",
		controls: "Secure development life cycle|Separate development, test and production accounts", in: [2]int{2, 5}, res: [2]int{1, 4},
		treat: tModify, plan: "Short-lived workload identity instead of stored credentials.",
		actions: []demoAction{{"Replace the runners' credentials with workload identity", 8, 35, "", false}}},
	{title: "Lisbon office move disrupts work", kind: rScenario, who: "Planned office move", what: "Network and door access are not ready on moving day",
		then: "Lisbon staff cannot work in the office for some days", category: "Operational", owner: 5, assets: "Lisbon office; Lisbon office network",
		in: [2]int{2, 2}, res: [2]int{2, 2}, treat: tRetain, plan: "Staff work from home until the office is ready.", status: isms.RiskAccepted},
	{title: "Support SLA missed for key customers", kind: rScenario, who: "Our own operations", what: "Support response times miss the contractual SLA",
		then: "Service credits and unhappy customers", category: "Operational", owner: 1, assets: "Support desk; Customer contracts",
		in: [2]int{2, 2}, res: [2]int{2, 2}, treat: tRetain, plan: "Credits are capped; the support team grows next quarter.", status: isms.RiskAccepted, review: -14},
	{title: "Wrong figures in customer reports", kind: rAsset, who: "Integrity error", what: "The ingestion pipeline does not validate source files",
		category: "Operational", owner: 3, assets: "Data ingestion pipeline; Reporting engine", in: [2]int{3, 4}},
	{title: "Encryption keys deleted by mistake", kind: rAsset, who: "Accidental deletion", what: "Keys have no deletion protection",
		category: "Operational", owner: 3, assets: "Encryption keys", in: [2]int{1, 5}, res: [2]int{1, 3}, treat: tModify,
		plan: "Deletion protection and a 30-day waiting period on every key; the actions are still to be written."},
	{title: "Power cut at the Leeds office", kind: rScenario, who: "Grid failure", what: "Power is out for a working day",
		then: "Office staff move to home working", category: "Physical", owner: 5, assets: "UPS and power; Leeds office",
		in: [2]int{3, 1}, res: [2]int{3, 1}, treat: tRetain, plan: "The UPS covers a clean shutdown; staff work from home.", status: isms.RiskAccepted},
	{title: "Confidential prints left on printers", kind: rAsset, who: "Disclosure", what: "Printing without pull printing",
		category: "Physical", owner: 5, assets: "Printers", controls: "Clear desk and clear screen rule", in: [2]int{3, 2}, res: [2]int{2, 1},
		treat: tModify, plan: "Pull printing with the badge.", status: isms.RiskInTreatment,
		actions: []demoAction{{"Turn on pull printing", 5, -2, "Clear desk and clear screen rule", false}}},
	{title: "HR system outage during the payroll run", kind: rScenario, who: "Supplier outage", what: "The HR system is down on payroll day",
		then: "Salaries paid late", category: "Supplier", owner: 4, assets: "HR system; Payroll run", in: [2]int{2, 3}},
	{title: "Leaver keeps access to SaaS tools", kind: rAsset, who: "Misuse of leftover access", what: "Four SaaS tools are outside single sign-on",
		category: "People", owner: 4, assets: "Joiner, mover and leaver", controls: "Joiner, mover and leaver process|Single sign-on with MFA for all staff",
		in: [2]int{3, 3}, res: [2]int{1, 3}, treat: tModify, plan: "Every tool behind single sign-on.", status: isms.RiskInTreatment,
		actions: []demoAction{{"Move the last four SaaS tools behind single sign-on", 3, 10, "Single sign-on with MFA for all staff", false}}},
	{title: "Product roadmap disclosed", kind: rAsset, who: "Leak to a competitor", what: "The roadmap is shared widely",
		category: "People", owner: 0, assets: "Product roadmap", in: [2]int{2, 2}, res: [2]int{2, 2}, treat: tRetain,
		plan: "The roadmap changes often; a leak does limited harm.", status: isms.RiskAccepted},
	{title: "Incident made public before customers hear of it", kind: rScenario, who: "Press and social media",
		what: "A security incident is reported publicly before we tell customers", then: "Lost trust and sales", category: "Cyber attack", owner: 0,
		assets: "Company brand and reputation", controls: "Incident response plan and on-call rota", in: [2]int{2, 4}, res: [2]int{2, 3}, treat: tModify,
		plan:    "Prepared statements and a customer notification procedure.",
		actions: []demoAction{{"Prepare customer and press statements per incident type", 1, 50, "Incident response plan and on-call rota", false}}},
	{title: "Company phone with mail lost", kind: rAsset, who: "Loss", what: "Phones were enrolled in device management only optionally",
		category: "Physical", owner: 3, assets: "Mobile phones", controls: "Remote working standard", in: [2]int{3, 2}, res: [2]int{2, 1},
		treat: tModify, plan: "Device management made mandatory; old phones retired.", status: isms.RiskClosed},
	{title: "Unpatched office network equipment", kind: rAsset, who: "Exploitation", what: "Switch firmware is two years old",
		category: "Cyber attack", owner: 3, assets: "Office network"},
	{title: "Contractor laptops outside device management", kind: rAsset, who: "Malware brought in", what: "Contractors use their own laptops",
		category: "People", owner: 2, assets: "Contractors"},
}
