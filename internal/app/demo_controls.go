// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoControl is a control of the small demo organization: what a software
// company of about eighty people does, who owns it, how far it is, and the
// ISO/IEC 27001:2022 requirements it meets (space-separated references).
type demoControl struct {
	title, description string
	owner              int // index in demoPeople
	status             isms.ControlStatus
	refs               string
}

const (
	demoDone    = isms.ControlImplemented
	demoDoing   = isms.ControlInProgress
	demoPlanned = isms.ControlPlanned
)

var demoControls = []demoControl{
	{"Information security policy approved by the board", "One policy, reviewed every year at the management review and published on the intranet.", 1, demoDone, "5.2 A.5.1"},
	{"Security roles and the security steering group", "The CISO chairs a monthly steering group with engineering, IT, HR and facilities leads.", 1, demoDone, "5.3 A.5.2"},
	{"Risk assessment and treatment plan", "Risks are scored against the methodology every year and whenever the platform changes significantly.", 2, demoDone, "6.1.2 8.2"},
	{"Yearly security objectives with quarterly tracking", "Objectives set at the management review; progress reported each quarter.", 2, demoDone, "6.2 9.1"},
	{"Internal audit programme", "A three-year programme covering every clause and theme; audits done by a trained colleague from another team. The first audit is reported.", 6, demoDone, "9.2.1"},
	{"Management review twice a year", "Inputs and decisions recorded in the review minutes; the first review is planned before the stage 1 audit.", 1, demoDoing, "9.3.1"},
	{"Nonconformity and corrective action log", "Every audit finding and incident lesson gets an owner and a due date in the action log.", 2, demoDone, "10.2"},
	{"Contact list for authorities and security groups", "Police, data protection authority, cloud provider support and two industry sharing groups.", 1, demoDone, "A.5.5"},
	{"Threat intelligence digest", "The security engineer summarises relevant advisories every week for engineering and IT.", 3, demoDoing, "A.5.7"},
	{"Security requirements in project kick-offs", "A security checklist is part of every project's kick-off template.", 2, demoDone, "A.5.8"},
	{"Asset inventory from the device management system", "Laptops, phones and cloud accounts are listed automatically with an owner for each.", 3, demoDone, "A.5.9 A.5.11"},
	{"Acceptable use policy with yearly acknowledgement", "Staff read and acknowledge the policy at joining and every year; version 3 covers AI tools.", 4, demoDone, "A.5.10"},
	{"Data classification scheme with document labels", "Public, internal, confidential, customer data; labels applied in the office suite.", 2, demoDoing, "A.5.12"},
	{"Encrypted file sharing rules", "Customer data leaves only through the managed file transfer service.", 3, demoDone, "A.5.14"},
	{"Single sign-on with MFA for all staff", "Every business application is behind the identity provider; phishing-resistant MFA is mandatory.", 3, demoDone, "A.5.15 A.5.16 A.5.17 A.8.5"},
	{"Joiner, mover and leaver process", "HR triggers account changes from the HR system; leavers lose access on their last day.", 4, demoDone, "A.5.16 A.5.18 A.6.5"},
	{"Quarterly user access review", "Owners confirm who has access to production, the CRM and the finance share.", 3, demoDone, "A.5.18 A.8.2"},
	{"Supplier security assessment", "New suppliers that handle customer data answer a questionnaire and are risk-rated.", 2, demoDone, "A.5.19 A.5.20"},
	{"Yearly review of key suppliers", "Certificates and audit reports of the ten most important suppliers are checked each year.", 2, demoDoing, "A.5.22"},
	{"Cloud provider shared-responsibility register", "What the cloud provider does and what we do, per service in use.", 3, demoDone, "A.5.23"},
	{"Incident response plan and on-call rota", "Severity levels, roles and a 24/7 rota; the written procedure is still a draft, and a tabletop exercise twice a year is planned.", 1, demoDoing, "A.5.24 A.5.25 A.5.26"},
	{"Post-incident reviews", "Every major incident gets a blameless review within ten working days.", 1, demoDone, "A.5.27"},
	{"Forensic evidence handling guideline", "How to preserve logs and disk images so they stand up later.", 1, demoPlanned, "A.5.28"},
	{"Business continuity plan for the platform", "Recovery objectives per service; failover to a second region tested yearly.", 3, demoDoing, "A.5.29"},
	{"Register of legal and contractual requirements", "Data protection law, customer contracts and export rules, reviewed by counsel each year.", 2, demoDone, "A.5.31"},
	{"Records retention schedule", "How long each kind of record is kept and how it is disposed of.", 2, demoDoing, "A.5.33"},
	{"Privacy programme and records of processing", "The data protection officer keeps the processing records and runs impact assessments.", 2, demoDone, "A.5.34"},
	{"Independent penetration test every year", "An external tester covers the customer portal and public API.", 1, demoDone, "A.5.35 A.8.8"},
	{"Operating procedures in the engineering handbook", "Runbooks for deployment, backup, restore and on-call live in the handbook.", 3, demoDone, "A.5.37"},
	{"Background checks for new starters", "Identity, right to work and references for everyone; criminal record checks for production access.", 4, demoDone, "A.6.1"},
	{"Confidentiality clauses in contracts and NDAs", "Employment contracts and contractor agreements include confidentiality terms.", 4, demoDone, "A.6.2"},
	{"Security awareness training and phishing drills", "Onboarding module, yearly refresher and a phishing simulation every quarter.", 4, demoDone, "A.6.3"},
	{"Disciplinary process covering security breaches", "Being added to the staff handbook, with HR and legal.", 4, demoDoing, "A.6.4"},
	{"Remote working standard", "Managed laptop, full-disk encryption, no work on shared computers.", 3, demoDone, "A.6.7"},
	{"Security event reporting button", "A report button in the chat tool opens a ticket for the security team.", 3, demoDone, "A.6.8"},
	{"Office access badges and visitor log", "Badges for staff, signed-in visitors with escorts, reception during office hours.", 5, demoDone, "A.7.1 A.7.2"},
	{"CCTV and intruder alarm at the Leeds office", "Monitored by the building's security company.", 5, demoDone, "A.7.4"},
	{"Fire and flood protection for the comms room", "Smoke detection, a gas suppression system and raised flooring.", 5, demoDone, "A.7.5"},
	{"Clear desk and clear screen rule", "Screens lock after five minutes; confidential paper goes in locked bins.", 5, demoDoing, "A.7.7"},
	{"Secure disposal of devices and paper", "A certified contractor shreds paper and wipes or destroys devices.", 5, demoDone, "A.7.10"},
	{"Equipment maintenance contracts", "Network equipment and the UPS are serviced under contract.", 5, demoPlanned, "A.7.13"},
	{"Managed laptops with disk encryption", "Device management enforces encryption, screen lock and updates.", 3, demoDone, "A.8.1"},
	{"Privileged access through a bastion with approvals", "Production admin access is requested per task and expires after eight hours.", 3, demoDone, "A.8.2 A.8.18"},
	{"Least privilege roles in the product", "Access to customer data inside the product follows documented roles.", 3, demoDone, "A.8.3"},
	{"Protected source code repositories", "Branch protection, required reviews and signed commits.", 3, demoDone, "A.8.4"},
	{"Capacity monitoring and alerting", "Dashboards and alerts for CPU, memory, storage and queue depth.", 3, demoDone, "A.8.6"},
	{"Endpoint protection on every laptop", "Anti-malware with central reporting.", 3, demoDone, "A.8.7"},
	{"Vulnerability scanning and patch deadlines", "Weekly scans; critical findings fixed within seven days.", 3, demoDoing, "A.8.8 A.8.19"},
	{"Infrastructure as code with reviewed changes", "All cloud configuration is in code and goes through review.", 3, demoDone, "A.8.9 A.8.32"},
	{"Customer data deletion on contract end", "Customer data is deleted within 30 days of contract end, with a certificate on request.", 3, demoDoing, "A.8.10"},
	{"Test data without personal data", "Test environments use generated or masked data only.", 3, demoPlanned, "A.8.11"},
	{"Data loss prevention for e-mail and file sharing", "Rules block customer exports to personal addresses.", 3, demoPlanned, "A.8.12"},
	{"Nightly encrypted backups with quarterly restore tests", "Backups kept in another region for 35 days.", 3, demoDone, "A.8.13"},
	{"Redundant production across two availability zones", "Load balancers and databases fail over automatically.", 3, demoDone, "A.8.14"},
	{"Central logging with a year of retention", "Application, access and admin logs go to the log platform; clocks synchronised.", 3, demoDone, "A.8.15"},
	{"Security monitoring and alert triage", "Alerts from the cloud provider and endpoint tools are triaged daily.", 3, demoDoing, "A.8.16"},
	{"Firewall rule and network segmentation review", "Network rules are reviewed every quarter; production is separated from the office.", 3, demoDone, "A.8.20 A.8.21"},
	{"Web filtering on company devices", "Known malicious and unwanted categories are to be blocked through the endpoint agent.", 3, demoPlanned, "A.8.23"},
	{"Encryption standard and key management", "TLS 1.2 or later everywhere; keys held in the cloud key service and rotated yearly.", 3, demoDone, "A.8.24"},
	{"Secure development life cycle", "Threat modelling for new features, security review before release, dependency scanning in CI.", 3, demoDone, "A.8.25 A.8.28"},
	{"Outsourced development clauses", "Contractors work in our repositories; the development standard is being added to their contracts as they renew.", 2, demoDoing, "A.8.30"},
	{"Separate development, test and production accounts", "Each environment has its own cloud account and credentials.", 3, demoDone, "A.8.31"},
	{"Change management for production", "Changes are ticketed, reviewed and deployed by the pipeline; emergency changes reviewed afterwards.", 3, demoDone, "A.8.32"},
	{"Audit access to production agreed in advance", "Auditors are to get read-only, time-limited access; agreed with the certification body before stage 2.", 6, demoPlanned, "A.8.34"},
}

// loadDemoControls gives the small organization ISO/IEC 27001:2022, its
// controls with their links to the standard, and the evidence and
// recurring activities of some of them, through the use cases.
func (a *App) loadDemoControls(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	manager := isms.Actor{UserID: users[2].ID, Name: users[2].Name, OrgID: org.ID, Role: people[2].role}
	fw, _, err := a.ImportBuiltinFramework(ctx, manager, catalog.KeyISO2022)
	if err != nil {
		return fmt.Errorf("demo framework: %w", err)
	}
	refs, err := a.requirementIDs(ctx, org.ID, fw.ID)
	if err != nil {
		return err
	}
	byTitle := map[string]isms.ID{}
	for _, d := range demoControls {
		c, err := a.CreateControl(ctx, manager, ControlInput{Title: d.title, Description: d.description,
			OwnerID: string(users[d.owner].ID), Status: string(d.status), ReviewMonths: "12"})
		if err != nil {
			return fmt.Errorf("demo control %s: %w", d.title, err)
		}
		byTitle[d.title] = c.ID
		var ids []isms.ID
		for _, ref := range strings.Fields(d.refs) {
			id, ok := refs[ref]
			if !ok {
				return fmt.Errorf("demo control %s: no requirement %s", d.title, ref)
			}
			ids = append(ids, id)
		}
		if _, err := a.LinkControl(ctx, manager, c.ID, ids); err != nil {
			return fmt.Errorf("demo control %s: %w", d.title, err)
		}
	}
	return a.loadDemoControlWork(ctx, org, users, people, byTitle)
}

// requirementIDs returns the IDs of a framework's requirements by
// reference.
func (a *App) requirementIDs(ctx context.Context, org, fw isms.ID) (map[string]isms.ID, error) {
	var refs map[string]isms.ID
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		refs, err = tx.RequirementRefs(ctx, org, fw)
		return err
	})
	return refs, err
}

// The large demo's frameworks and controls at full size (DESIGN §7;
// DemoOptions.Scale shrinks the generated ones): both ISO/IEC 27001
// editions, three generated frameworks of 48 groups of 11 requirements
// (about 2,000 requirements in all), 400 controls and about 1,500 links.
const (
	largeDemoControls   = 400
	largeCustomGroups   = 48
	largeCustomChildren = 11
	largeCustomMappings = 300
)

// largeCustom names the generated frameworks of the large demo.
var largeCustom = []struct{ key, prefix, name string }{
	{"large-customer-assurance", "CA", "Customer assurance requirements"},
	{"large-cloud-baseline", "CB", "Cloud platform security baseline"},
	{"large-privacy-standard", "PD", "Privacy and data handling standard"},
}

var largeTopics = []string{"Governance", "Access management", "Asset management", "Cryptography", "Logging and monitoring",
	"Network security", "Secure development", "Supplier management", "Incident management", "Business continuity",
	"People security", "Physical security"}

var (
	largePractices = []string{"Access review", "Backup", "Change approval", "Encryption at rest", "Log collection",
		"Vulnerability scanning", "Hardening baseline", "Incident runbook", "Supplier review", "Awareness briefing",
		"Key rotation", "Network segmentation", "Data retention", "Privileged access", "Capacity planning",
		"Restore test", "Code review", "Secrets management", "Monitoring alerts", "Disaster recovery drill"}
	largeSystems = []string{"the CRM", "the billing platform", "the data warehouse", "the customer portal", "the mobile app",
		"the HR system", "the warehouse scanners", "the payment gateway", "the public API", "the office network",
		"the Frankfurt data centre", "the route optimiser", "the analytics cluster", "the support desk", "the build pipeline",
		"the identity provider", "the e-mail service", "the document store", "the partner EDI links", "the fleet tablets"}
)

// loadLargeControls gives the large organization its frameworks, controls,
// links and mappings at size in one transaction, with bulk inserts; the
// content is the same for every load with the same seed and size.
func (a *App) loadLargeControls(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, size largeDemoSize, progress func(string)) error {
	progress(fmt.Sprintf("adding 5 frameworks, %d controls, their links and mappings", size.controls))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	rng := rand.New(rand.NewPCG(seed, 400))
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		var fws []*isms.Framework
		for _, key := range catalog.BuiltinKeys() {
			fw, _ := catalog.Builtin(key)
			f, _, err := importFramework(ctx, tx, admin, fw)
			if err != nil {
				return err
			}
			fws = append(fws, f)
		}
		if err := addBuiltinMappings(ctx, tx, admin); err != nil {
			return err
		}
		for i := range largeCustom {
			f, _, err := importFramework(ctx, tx, admin, largeCustomFramework(i, size.customGroups))
			if err != nil {
				return err
			}
			fws = append(fws, f)
		}
		assessable, err := assessableByFramework(ctx, tx, org.ID, fws)
		if err != nil {
			return err
		}
		if err := insertLargeControls(ctx, tx, rng, admin, users, fws, assessable, size.controls); err != nil {
			return err
		}
		custom1, custom2 := fws[len(fws)-3], fws[len(fws)-2]
		if _, err := importMappingSet(ctx, tx, admin, largeMapping(rng, custom1, custom2, assessable, size.mappings), custom1, custom2, setOptions{origin: isms.MappingImported}); err != nil {
			return err
		}
		ids := make([]isms.ID, len(fws))
		for i, f := range fws {
			ids[i] = f.ID
		}
		return proposeForFrameworks(ctx, tx, admin, ids...)
	})
}

// largeCustomFramework generates custom framework i of the large demo,
// with groups groups of requirements.
func largeCustomFramework(i, groups int) *catalog.Framework {
	c := largeCustom[i]
	fw := &catalog.Framework{Meta: isms.Framework{Key: c.key, Name: c.name, Edition: "2026", Publisher: "Large Demo Corporation",
		Description: "Generated for the large demo organization.", Source: isms.SourceYAML, SourceFile: c.key + ".yaml",
		SHA256: sha256Hex([]byte(c.key + " generated"))}}
	for g := 1; g <= groups; g++ {
		topic := largeTopics[(g+i)%len(largeTopics)]
		group := fmt.Sprintf("%s-%02d", c.prefix, g)
		fw.Requirements = append(fw.Requirements, isms.Requirement{Ref: group, Kind: isms.KindGroup,
			Title: fmt.Sprintf("%s, part %d", topic, (g-1)/len(largeTopics)+1)})
		for n := 1; n <= largeCustomChildren; n++ {
			fw.Requirements = append(fw.Requirements, isms.Requirement{Ref: fmt.Sprintf("%s.%02d", group, n), ParentRef: group,
				Kind: isms.KindControl, Assessable: true, Title: fmt.Sprintf("%s requirement %d.%d", topic, g, n),
				Description: fmt.Sprintf("Generated requirement %d of %s.", n, group),
				Attributes:  isms.Attributes{"priority": {[]string{"high", "medium", "low"}[(g*n+i)%3]}}})
		}
	}
	return fw
}

// assessableByFramework returns the assessable requirements of each
// framework, by framework ID.
func assessableByFramework(ctx context.Context, tx *sqldb.Tx, org isms.ID, fws []*isms.Framework) (map[isms.ID][]*isms.Requirement, error) {
	out := map[isms.ID][]*isms.Requirement{}
	for _, f := range fws {
		reqs, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: org, FrameworkID: f.ID})
		if err != nil {
			return nil, err
		}
		for _, r := range reqs {
			if r.Assessable {
				out[f.ID] = append(out[f.ID], r)
			}
		}
	}
	return out, nil
}

// insertLargeControls stores the large demo's count controls and their
// confirmed links, and records them in one audit event.
func insertLargeControls(ctx context.Context, tx *sqldb.Tx, rng *rand.Rand, admin isms.Actor, users []*isms.User, fws []*isms.Framework, assessable map[isms.ID][]*isms.Requirement, count int) error {
	statuses := []isms.ControlStatus{demoDone, demoDone, demoDone, demoDone, demoDone, demoDone, demoDone, demoDone, demoDone, demoDone, demoDone, demoDone,
		demoDoing, demoDoing, demoDoing, demoDoing, demoPlanned, demoPlanned, demoPlanned, isms.ControlNotApplicable}
	weights := []int{8, 3, 3, 3, 3} // ISO 2022, ISO 2013 and the three generated frameworks
	controls := make([]*isms.Control, count)
	var links []isms.ControlLink
	for i := range controls {
		c := &isms.Control{ID: isms.NewID("ctl"), OrgID: admin.OrgID, Ref: fmt.Sprintf("C-%d", i+1),
			Title:  largePractices[i%len(largePractices)] + " for " + largeSystems[i/len(largePractices)%len(largeSystems)],
			Status: statuses[rng.IntN(len(statuses))], OwnerID: users[rng.IntN(len(users))].ID, ReviewMonths: 12, CreatedBy: admin.UserID}
		controls[i] = c
		seen := map[isms.ID]bool{}
		for n := 2 + rng.IntN(4) + boolInt(i%4 == 0); n > 0; n-- {
			f := fws[weighted(rng, weights)]
			reqs := assessable[f.ID]
			r := reqs[rng.IntN(len(reqs))]
			if !seen[r.ID] {
				seen[r.ID] = true
				links = append(links, isms.ControlLink{ControlID: c.ID, RequirementID: r.ID})
			}
		}
	}
	if err := tx.InsertControls(ctx, controls); err != nil {
		return err
	}
	n, err := tx.InsertControlLinks(ctx, admin.OrgID, links)
	if err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(admin.OrgID), admin, "control.import", objectOrganization, admin.OrgID,
		isms.Changes{"controls": {After: len(controls)}, "links": {After: n}})
}

// largeMapping generates a mapping set of n entries from one generated
// framework to another.
func largeMapping(rng *rand.Rand, src, dst *isms.Framework, assessable map[isms.ID][]*isms.Requirement, n int) *catalog.MappingFile {
	m := &catalog.MappingFile{Name: src.Name + " → " + dst.Name, Description: "Generated for the large demo organization.",
		SourceKey: src.Key, TargetKey: dst.Key, Origin: isms.MappingImported}
	rels := []isms.Relationship{isms.RelEqual, isms.RelSubset, isms.RelSuperset, isms.RelIntersects, isms.RelIntersects}
	for i := range n {
		s, t := assessable[src.ID], assessable[dst.ID]
		m.Entries = append(m.Entries, catalog.MappingEntry{SourceRef: s[rng.IntN(len(s))].Ref, TargetRef: t[rng.IntN(len(t))].Ref,
			Relationship: rels[rng.IntN(len(rels))], Line: i + 2})
	}
	return m
}

// weighted returns an index of weights chosen with their probability.
func weighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
