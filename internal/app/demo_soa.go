// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The demo organizations' Statement of Applicability. The small one has
// v1 in draft, proposed from its risks and obligations and completed by
// the ISMS manager as far as she could: most lines decided, two excluded,
// one implemented only in part, and three physical controls left open
// until the Lisbon office's floor is known. It is to be approved before
// the stage 1 audit. The large one has an approved v1.

// demoSoADecision is the ISMS manager's decision on a line of the small
// demo's v1 that the data did not make applicable: applicable for a
// business requirement or as good practice (with the reason), or excluded
// (with the justification); owner is an index in demoPeople. The lines of
// A.7.8, A.7.11 and A.7.13 await a decision, and three applicable lines
// still lack their reason.
type demoSoADecision struct {
	ref                string
	business, practice bool
	reason, exclusion  string
	owner              int
}

// demoSoANote is the note of the small demo's v1.
const demoSoANote = "First Statement of Applicability, prepared with the risk assessment. Three physical controls (A.7.8, A.7.11, " +
	"A.7.13) wait until the Lisbon office's new floor is known; to be approved before the stage 1 audit."

var demoSoAV1 = []demoSoADecision{
	{ref: "A.5.1", business: true, reason: "Customers' security questionnaires and our contracts ask for a policy approved by the board.", owner: 1},
	{ref: "A.5.2", practice: true, reason: "Clear security roles are the basis of the ISMS; the steering group assigns them.", owner: 1},
	{ref: "A.5.3", practice: true, reason: "No one approves their own access or deploys their own unreviewed change to production.", owner: 2},
	{ref: "A.5.4", business: true, reason: "Certification requires managers to make their teams apply the policy.", owner: 1},
	{ref: "A.5.5", business: true, reason: "Data protection law requires us to notify the authority of a personal data breach within 72 hours.", owner: 1},
	{ref: "A.5.6", owner: 1}, // reason still to write
	{ref: "A.5.7", practice: true, reason: "Weekly advisories help engineering patch before exploits spread.", owner: 3},
	{ref: "A.5.8", practice: true, reason: "Security is cheapest when it is designed in at a project's kick-off.", owner: 2},
	{ref: "A.5.9", practice: true, reason: "Every other control depends on knowing what we own and who owns it.", owner: 3},
	{ref: "A.5.11", practice: true, reason: "Leavers return laptops and phones; the device inventory shows what is still out.", owner: 4},
	{ref: "A.5.12", business: true, reason: "Customer contracts oblige us to treat customer data as confidential.", owner: 2},
	{ref: "A.5.13", owner: 2}, // reason still to write
	{ref: "A.5.14", business: true, reason: "Customer contracts restrict how customer data may leave our systems.", owner: 3},
	{ref: "A.5.21", business: true, reason: "Customers ask how we vet the open-source and cloud components the product is built on.", owner: 2},
	{ref: "A.5.27", practice: true, reason: "Blameless reviews keep the same incident from happening twice.", owner: 1},
	{ref: "A.5.28", practice: true, reason: "Evidence that must stand up in a dispute has to be preserved from the first hour.", owner: 1},
	{ref: "A.5.30", business: true, reason: "Customer contracts commit us to recovery times for the platform.", owner: 3},
	{ref: "A.5.32", business: true, reason: "We must comply with the licences of the software we use and protect our own code.", owner: 2},
	{ref: "A.5.36", practice: true, reason: "Policies only work when someone checks that they are followed.", owner: 2},
	{ref: "A.5.37", practice: true, reason: "Runbooks let the on-call engineer recover without relying on one person's memory.", owner: 3},
	{ref: "A.6.1", business: true, reason: "Customers require background checks for staff with access to their data.", owner: 4},
	{ref: "A.6.2", business: true, reason: "Employment law and customer contracts require confidentiality terms.", owner: 4},
	{ref: "A.6.4", practice: true, reason: "Staff should know the consequences of breaching the policy, applied fairly.", owner: 4},
	{ref: "A.6.6", business: true, reason: "Contractors and visitors sign a non-disclosure agreement before they see customer data.", owner: 4},
	{ref: "A.6.8", practice: true, reason: "Early reports from staff are the cheapest detection we have.", owner: 3},
	{ref: "A.7.3", owner: 5}, // reason still to write
	{ref: "A.7.4", practice: true, reason: "The Leeds office holds the comms room; CCTV deters and records intrusions.", owner: 5},
	{ref: "A.7.6", exclusion: "Northwind has no secure areas of its own: production runs in the cloud provider's data centres, covered by its certification and our shared-responsibility register (A.5.23). The Leeds comms room holds only office network equipment and is protected under A.7.1 to A.7.5."},
	{ref: "A.7.9", practice: true, reason: "Staff work from home and travel with laptops that hold company data.", owner: 3},
	{ref: "A.7.10", practice: true, reason: "Devices and paper with customer data must be disposed of securely.", owner: 5},
	{ref: "A.7.12", exclusion: "No cabling on our premises carries production or customer data: production runs in the cloud, and the office cabling belongs to the landlords and carries only encrypted traffic (A.8.20, A.8.24)."},
	{ref: "A.7.14", business: true, reason: "Contracts require that customer data on a device is destroyed before the device is re-used or disposed of.", owner: 5},
	{ref: "A.8.11", business: true, reason: "Data protection law: personal data is not used in test environments without a need.", owner: 3},
	{ref: "A.8.16", business: true, reason: "Two customer contracts require detection of security events within 24 hours, and alerts are only useful when someone triages them every day.", owner: 3},
	{ref: "A.8.17", practice: true, reason: "Logs from different systems can only be correlated with synchronised clocks.", owner: 3},
	{ref: "A.8.24", business: true, reason: "Customer contracts require customer data to be encrypted in transit and at rest.", owner: 3},
	{ref: "A.8.22", practice: true, reason: "Production is kept apart from the office network and from test.", owner: 3},
	{ref: "A.8.26", business: true, reason: "Customers' security requirements go into the product's requirements.", owner: 2},
	{ref: "A.8.27", practice: true, reason: "Least privilege and defence in depth guide the platform's architecture.", owner: 3},
	{ref: "A.8.29", practice: true, reason: "Security tests in the pipeline and before release catch flaws before customers do.", owner: 3},
	{ref: "A.8.30", business: true, reason: "Contractors write product code; their work must meet our development standard.", owner: 2},
	{ref: "A.8.33", business: true, reason: "Data protection law: test data is generated or masked.", owner: 3},
	{ref: "A.8.34", practice: true, reason: "Auditors need access to production that cannot harm it.", owner: 3},
}

// demoSoAPartial is the line of the small demo's v1 whose status the
// ISMS manager overrides, and why: its controls are implemented, but not
// for every system.
var demoSoAPartial = struct{ ref, reason string }{"A.8.13",
	"Backups run nightly, but the data warehouse has not been restored since its migration; its restore test is planned for next quarter."}

// loadDemoSoA gives the small demo its SoA through the use cases: the ISMS
// manager generates v1, decides the lines the data left open, except
// three, and overrides the status of one. v1 stays a draft.
func (a *App) loadDemoSoA(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	manager := isms.Actor{UserID: users[2].ID, Name: users[2].Name, OrgID: org.ID, Role: people[2].role}
	s, err := a.GenerateSoA(ctx, manager, "", demoSoANote)
	if err != nil {
		return fmt.Errorf("demo SoA: %w", err)
	}
	lines, err := a.demoSoALines(ctx, manager, s.ID)
	if err != nil {
		return fmt.Errorf("demo SoA: %w", err)
	}
	for _, x := range demoSoAV1 {
		in := SoALineInput{Applicable: isms.SoAApplicable, Business: x.business, Practice: x.practice, Reason: x.reason,
			OwnerID: users[x.owner].ID}
		if x.exclusion != "" {
			in = SoALineInput{Applicable: isms.SoAExcluded, Exclusion: x.exclusion, OwnerID: users[1].ID}
		}
		if err := a.demoSoAUpdate(ctx, manager, lines, x.ref, in); err != nil {
			return fmt.Errorf("demo SoA: %w", err)
		}
	}
	l, ok := lines[demoSoAPartial.ref]
	if !ok {
		return fmt.Errorf("demo SoA: no line %s", demoSoAPartial.ref)
	}
	in := SoALineInput{Applicable: l.Applicable, Business: l.Business, Practice: l.Practice, Reason: l.Reason,
		Exclusion: l.Exclusion, OwnerID: l.OwnerID, Override: isms.SoAPartial, OverrideReason: demoSoAPartial.reason}
	if err := a.demoSoAUpdate(ctx, manager, lines, l.Ref, in); err != nil {
		return fmt.Errorf("demo SoA: %w", err)
	}
	return nil
}

// demoSoALines returns the lines of version soa by reference.
func (a *App) demoSoALines(ctx context.Context, actor isms.Actor, soa isms.ID) (map[string]*isms.SoALine, error) {
	v, err := a.FindSoA(ctx, actor, "", string(soa))
	if err != nil {
		return nil, err
	}
	lines := make(map[string]*isms.SoALine, len(v.Lines))
	for _, l := range v.Lines {
		lines[l.Ref] = l
	}
	return lines, nil
}

// demoSoAUpdate records decision in on line ref of lines.
func (a *App) demoSoAUpdate(ctx context.Context, actor isms.Actor, lines map[string]*isms.SoALine, ref string, in SoALineInput) error {
	l, ok := lines[ref]
	if !ok {
		return fmt.Errorf("no line %s", ref)
	}
	if _, err := a.UpdateSoALine(ctx, actor, l.SoAID, l.RequirementID, l.Version, in); err != nil {
		return fmt.Errorf("line %s: %w", ref, err)
	}
	return nil
}

// loadLargeSoA gives the large organization an approved SoA: the
// administrator generates it, decides the lines the data left open in the
// same transaction (the physical controls without a control of the
// organization excluded, the others applicable as the group's baseline)
// and submits it to an ISMS manager, who approves it.
func (a *App) loadLargeSoA(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, progress func(string)) error {
	progress("adding an approved Statement of Applicability")
	as := func(i int) isms.Actor {
		return isms.Actor{UserID: users[i].ID, Name: users[i].Name, OrgID: org.ID, Role: people[i].role}
	}
	admin, approver := as(0), as(largeSoAApprover(people))
	var s *isms.SoA
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if s, err = a.generateSoA(ctx, tx, admin, "", "The group's Statement of Applicability for the recertification audit."); err != nil {
			return err
		}
		return largeSoADecisions(ctx, tx, admin, s)
	})
	if err != nil {
		return fmt.Errorf("large demo SoA: %w", err)
	}
	sub, err := a.SubmitSoA(ctx, admin, SubmitInput{ObjectID: s.ID, ApproverIDs: []isms.ID{approver.UserID},
		Note: "Every Annex A control decided for the recertification audit."})
	if err != nil {
		return fmt.Errorf("large demo SoA: %w", err)
	}
	_, err = a.DecideApproval(ctx, approver, sub.ID, isms.DecisionApprove, "Approved.")
	return err
}

// largeSoAApprover returns the index of the large demo's first ISMS
// manager.
func largeSoAApprover(people []demoPerson) int {
	for i, p := range people {
		if p.role == isms.RoleManager {
			return i
		}
	}
	return 0
}

// largeSoADecisions decides every line of draft s that awaits a decision.
func largeSoADecisions(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.SoA) error {
	lines, err := tx.FindSoALines(ctx, s.OrgID, s.ID)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.Applicable != isms.SoAUndecided {
			continue
		}
		in := SoALineInput{Applicable: isms.SoAApplicable, Practice: true,
			Reason: "Part of the group's security baseline, which every business unit applies."}
		if len(l.Sources.Controls) == 0 && strings.HasPrefix(l.Ref, "A.7.") {
			in = SoALineInput{Applicable: isms.SoAExcluded,
				Exclusion: "The group runs no premises of this kind: its systems are hosted by providers whose certifications cover it."}
		}
		if _, err := updateSoALine(ctx, tx, actor, s, l.RequirementID, l.Version, in); err != nil {
			return fmt.Errorf("line %s: %w", l.Ref, err)
		}
	}
	return nil
}
