// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// demoEvidence is an evidence item of the small demo organization, with
// dates relative to the day the demo is loaded: collected days ago and
// valid until days from today (0: it does not expire). control is the
// title of the control it supports; "" for the organization as a whole.
type demoEvidence struct {
	title, description string
	kind               isms.EvidenceKind
	url, note, file    string // the link, the note, or the file's name
	content            string // the file's content
	control            string
	owner              int // index in demoPeople
	collected, valid   int
}

// demoOrgEvidence supports the organization profile: who works where, and
// the company it is.
var demoOrgEvidence = []demoEvidence{
	{title: "Organization chart", kind: isms.EvidenceKindFile, file: "organization-chart.csv", owner: 4, collected: -10,
		description: "Departments, headcount and offices, exported from the HR system.",
		content: "department,people,offices\nManagement,3,Leeds\nBoard (non-executive),1,\nEngineering,34,Leeds and Lisbon\n" +
			"Customer support,9,Leeds and Lisbon\nSales and marketing,12,Leeds\nProduct and data,8,Leeds and Lisbon\nSecurity,3,Leeds\n" +
			"IT,3,Leeds\nPeople,2,Leeds\nFinance,3,Leeds\nFacilities,2,Leeds and Lisbon\nTotal,80,\n"},
	{title: "Company registry extract", kind: isms.EvidenceKindLink, url: "https://registry.example/companies/northwind-analytics",
		description: "Legal name, registered office and directors, as the company registry lists them.", owner: 0, collected: -30},
}

// demoControlEvidence supports the controls: what their owners collected
// as the controls ran. One item has expired: the firewall review of last
// quarter, as this quarter's review is overdue.
var demoControlEvidence = []demoEvidence{
	{control: "Single sign-on with MFA for all staff", title: "MFA enrolment report from the identity provider", kind: isms.EvidenceKindLink,
		description: "Every active account has phishing-resistant MFA enrolled.", url: "https://idp.northwind.example/reports/mfa",
		owner: 3, collected: -55, valid: 35},
	{control: "Quarterly user access review", title: "Quarterly access review: reviewed account lists", kind: isms.EvidenceKindFile,
		description: "Exports of the production, CRM and finance share accounts, each line marked keep or remove by its owner.",
		file:        "access-review.csv", owner: 3, collected: -56, valid: 35,
		content: "system,account,owner,decision\nproduction,deploy-bot,IT lead,keep\ncrm,j.leaver,Sales lead,remove\n" +
			"crm,p.leaver,Sales lead,remove\nfinance-share,intern-summer,Finance lead,remove\n"},
	{control: "Nightly encrypted backups with quarterly restore tests", title: "Restore test of the CRM database", kind: isms.EvidenceKindNote,
		note: "CRM database restored to the test environment in 42 minutes; row counts matched.", owner: 3, collected: -50, valid: 45},
	{control: "Operating procedures in the engineering handbook", title: "Backup and restore runbook", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/it/backup-restore", description: "The procedure the quarterly restore test follows.",
		owner: 3, collected: -30, valid: 335},
	{control: "Firewall rule and network segmentation review", title: "Firewall rule review", kind: isms.EvidenceKindNote,
		note:  "Twelve rules removed, two narrowed; sign-off by the IT lead. Valid until the next quarterly review.",
		owner: 3, collected: -100, valid: -15},
	{control: "Independent penetration test every year", title: "Penetration test: summary of findings", kind: isms.EvidenceKindFile,
		description: "The external tester's summary: two medium findings, both fixed and retested.",
		file:        "pentest-summary.txt", owner: 1, collected: -150, valid: 215,
		content: "Scope: customer portal and public API.\nFindings: 2 medium (session fixation on logout; verbose error pages), both fixed and retested on day 14.\n"},
	{control: "Fire and flood protection for the comms room", title: "Fire alarm test log", kind: isms.EvidenceKindNote, owner: 5, collected: -20, valid: 10,
		note: "Monthly test: alarm heard on every floor; entry on page 31 of the facilities book."},
	{control: "Information security policy approved by the board", title: "Board minutes: information security policy approved", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/board/minutes-policy", owner: 1, collected: -200,
		description: "The board approved the first information security policy and asked for a review every year."},
	{control: "Security roles and the security steering group", title: "Steering group terms of reference and minutes", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/isms/steering-group", owner: 1, collected: -30,
		description: "Members, remit and the minutes of each monthly meeting since the ISMS project started."},
	{control: "Risk assessment and treatment plan", title: "Risk assessment report: first assessment of the register", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/isms/risk-assessment-1", owner: 2, collected: demoFirstAssessment + 2,
		description: "Method, participants, the risks scored and the treatment proposed, as presented to the steering group."},
	{control: "Asset inventory from the device management system", title: "Device inventory export", kind: isms.EvidenceKindFile,
		description: "Every managed device with its owner, as the device management service lists it.",
		file:        "device-inventory.csv", owner: 3, collected: -7, valid: 83,
		content: "type,count,encrypted,owner assigned\nlaptop,94,94,94\nphone,61,61,61\n"},
	{control: "Security awareness training and phishing drills", title: "Awareness training completion report", kind: isms.EvidenceKindFile,
		description: "Who has current awareness training, by department; new starters have a month to complete it.",
		file:        "awareness-completion.csv", owner: 4, collected: -3, valid: 27,
		content: "department,people,current\nEngineering,34,32\nCustomer support,9,8\nSales and marketing,12,12\nOther departments,25,24\nTotal,80,76\n"},
	{control: "Supplier security assessment", title: "Security questionnaires of the suppliers handling customer data", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/isms/supplier-questionnaires", owner: 2, collected: -120, valid: 245,
		description: "Answers and risk ratings of the six suppliers that handle customer data."},
	{control: "Cloud provider shared-responsibility register", title: "Shared-responsibility register", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/it/shared-responsibility", owner: 3, collected: -90, valid: 275,
		description: "Per cloud service in use: what the provider does and what we do."},
	{control: "Background checks for new starters", title: "Background checks of the last three starters", kind: isms.EvidenceKindNote, owner: 4, collected: -25,
		note: "Identity, right to work and two references for each; a criminal record check for the one with production access."},
	{control: "Endpoint protection on every laptop", title: "Endpoint protection coverage report", kind: isms.EvidenceKindLink,
		url: "https://edr.northwind.example/reports/coverage", owner: 3, collected: -10, valid: 80,
		description: "94 of 94 managed laptops report to the console; no agent older than a month."},
	{control: "Central logging with a year of retention", title: "Log retention settings", kind: isms.EvidenceKindNote, owner: 3, collected: -45, valid: 320,
		note: "Application, access and admin logs kept 365 days on the log platform; clocks synchronised to the cloud provider's time service."},
	{control: "Change management for production", title: "Production changes sampled at the internal audit", kind: isms.EvidenceKindNote, owner: 3, collected: -50,
		note: "Ten changes of the last quarter: each ticketed, reviewed and deployed by the pipeline; the one emergency change was reviewed the next day."},
	{control: "Encryption standard and key management", title: "Key rotation log of the cloud key service", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/it/key-rotation", owner: 3, collected: -80, valid: 285,
		description: "Every database, backup and TLS key with its last rotation."},
	{control: "Privileged access through a bastion with approvals", title: "Privileged access approvals of the last quarter", kind: isms.EvidenceKindLink,
		url: "https://bastion.northwind.example/reports/approvals", owner: 3, collected: -35, valid: 55,
		description: "Each session to production with its ticket, approver and expiry."},
	{control: "Privacy programme and records of processing", title: "Records of processing activities", kind: isms.EvidenceKindLink,
		url: "https://wiki.northwind.example/privacy/ropa", owner: 2, collected: -60, valid: 305,
		description: "The data protection officer's records, as processor for customers and as controller for staff."},
	{control: "Vulnerability scanning and patch deadlines", title: "Vulnerability scan: critical findings by age", kind: isms.EvidenceKindFile,
		description: "This month's scan summary; two critical findings are past the seven-day deadline.",
		file:        "scan-summary.txt", owner: 3, collected: -6, valid: 24,
		content: "Critical findings open: 5 (2 older than seven days)\nHigh findings open: 17\nHosts scanned: 212\n"},
}

// demoControlSchedules are the recurring activities that keep a few of
// the small demo's controls operating. One access review was missed (the
// internal audit found it) and this quarter's firewall review is overdue.
var demoControlSchedules = []demoSchedule{
	{title: "Quarterly user access review", link: "Quarterly user access review", rule: "every 3 months", owner: 3, lead: 14,
		description: "Review who has access to production, the CRM and the finance share; remove leavers and excess rights. Record the reviewed lists as evidence.",
		start:       func(d isms.Date) isms.Date { return d.AddDate(0, -8, 0) }, done: []int{0, 2},
		note: "Reviewed with the system owners; the marked-up lists are attached as evidence."},
	{title: "Quarterly restore test", link: "Nightly encrypted backups with quarterly restore tests", rule: "every 3 months", owner: 3, lead: 14,
		description: "Restore last night's backup of the CRM database to the test environment and check it; note how long it took.",
		start:       func(d isms.Date) isms.Date { return d.AddDate(0, -8, 5) }, done: []int{0, 1, 2},
		note: "Restored and checked in the test environment; the time taken is in the evidence."},
	{title: "Quarterly firewall rule review", link: "Firewall rule and network segmentation review", rule: "every 3 months", owner: 3, lead: 14,
		description: "Review every firewall rule with the network owner; remove unused rules and narrow broad ones.",
		start:       func(d isms.Date) isms.Date { return d.AddDate(0, -3, -15) }, done: []int{0},
		note: "Rules reviewed; twelve removed and two narrowed."},
}

// loadDemoEvidence gives the small organization the evidence supporting
// its profile. File items need a file store; without one (as in some
// tests) only the others are added.
func (a *App) loadDemoEvidence(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	manager := isms.Actor{UserID: users[2].ID, Name: users[2].Name, OrgID: org.ID, Role: people[2].role}
	for _, d := range demoOrgEvidence {
		if err := a.demoEvidenceItem(ctx, manager, users, d, isms.Link{Type: objectOrganization, ID: org.ID}); err != nil {
			return err
		}
	}
	return nil
}

// loadDemoControlWork gives the small organization's controls their
// evidence and recurring activities; controls holds their IDs by title.
func (a *App) loadDemoControlWork(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, controls map[string]isms.ID) error {
	as := func(i int) isms.Actor {
		return isms.Actor{UserID: users[i].ID, Name: users[i].Name, OrgID: org.ID, Role: people[i].role}
	}
	for _, d := range demoControlEvidence {
		id, ok := controls[d.control]
		if !ok {
			return fmt.Errorf("demo evidence %s: no control %q", d.title, d.control)
		}
		if err := a.demoEvidenceItem(ctx, as(2), users, d, isms.Link{Type: objectControl, ID: id}); err != nil {
			return err
		}
	}
	for _, d := range demoControlSchedules {
		id, ok := controls[d.link]
		if !ok {
			return fmt.Errorf("demo schedule %s: no control %q", d.title, d.link)
		}
		if err := a.demoSchedule(ctx, as, users, d, objectControl+":"+string(id)); err != nil {
			return err
		}
	}
	return nil
}

// demoEvidenceItem has actor add evidence item d supporting the record
// link; a file item is skipped when there is no file store.
func (a *App) demoEvidenceItem(ctx context.Context, actor isms.Actor, users []*isms.User, d demoEvidence, link isms.Link) error {
	var file *FileInput
	if d.kind == isms.EvidenceKindFile {
		if a.opts.Blobs == nil {
			return nil
		}
		file = &FileInput{Name: d.file, Reader: strings.NewReader(d.content)}
	}
	today := a.today()
	in := EvidenceInput{Title: d.title, Description: d.description, Kind: d.kind, URL: d.url, Note: d.note,
		OwnerID: users[d.owner].ID, CollectedOn: today.AddDays(d.collected), Source: isms.EvidenceSourceUpload, Links: []isms.Link{link}}
	if d.valid != 0 {
		in.ValidUntil = today.AddDays(d.valid)
	}
	if _, err := a.CreateEvidence(ctx, actor, in, file); err != nil {
		return fmt.Errorf("demo evidence %s: %w", d.title, err)
	}
	return nil
}
