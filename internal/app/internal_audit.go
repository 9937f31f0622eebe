// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Internal audit (27001 9.2): programmes over a certification cycle with
// their coverage of a framework, audits with scope, criteria, team and an
// independence check, checklists generated from the scope, findings, and
// the audit report.

// The object types of internal audit records in the audit trail and in
// links.
const (
	objectProgramme = "audit_programme"
	objectAudit     = "internal_audit"
	objectFinding   = "audit_finding"
)

// ProgrammeInput is what people enter for a programme.
type ProgrammeInput struct {
	Title       string
	Description string
	Framework   string // the framework's ID or key ("iso27001-2022")
	Start, End  isms.Date
	OwnerID     isms.ID // empty for none
}

// ProgrammeView is a programme as its page shows it.
type ProgrammeView struct {
	Programme *isms.AuditProgramme
	Audits    []*isms.InternalAudit // by planned start
	Coverage  *isms.AuditCoverage
}

func init() {
	linkables[objectProgramme] = linkable{
		label: "audit programme",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			p, err := findProgrammeByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return p.ID, "Audit programme " + p.Ref + ": " + p.Title, nil
		},
	}
	linkables[objectAudit] = linkable{
		label: "internal audit",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			a, err := findAuditByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return a.ID, "Internal audit " + a.Ref + ": " + a.Title, nil
		},
	}
	linkables[objectFinding] = linkable{
		label: "audit finding",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			f, err := findFindingByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return f.ID, "Finding " + f.Ref + ": " + f.Title, nil
		},
	}
}

// findProgrammeByIDOrRef returns a programme by its ID or, failing that,
// its reference ("AP-1", in any case).
func findProgrammeByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.AuditProgramme, error) {
	return byIDOrRef(ctx, org, s, tx.FindProgrammeByID, tx.FindProgrammeByRef)
}

// findAuditByIDOrRef returns an audit by its ID or, failing that, its
// reference ("IA-3", in any case).
func findAuditByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.InternalAudit, error) {
	return byIDOrRef(ctx, org, s, tx.FindInternalAuditByID, tx.FindInternalAuditByRef)
}

// findFindingByIDOrRef returns a finding by its ID or, failing that, its
// reference ("F-7", in any case).
func findFindingByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.AuditFinding, error) {
	return byIDOrRef(ctx, org, s, tx.FindFindingByID, tx.FindFindingByRef)
}

// programmeKind is the register of audit programmes for the generic use
// cases.
var programmeKind = recordKind[*isms.AuditProgramme]{
	object: objectProgramme, label: "audit programme", edit: isms.ManageAudits,
	id:     func(p *isms.AuditProgramme) isms.ID { return p.ID },
	ver:    func(p *isms.AuditProgramme) int { return p.Version },
	fields: programmeFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.AuditProgramme, error) {
		return findProgrammeByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, p *isms.AuditProgramme) error {
		return tx.InsertProgramme(ctx, p)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, p *isms.AuditProgramme, v int) error {
		return tx.UpdateProgramme(ctx, p, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteProgramme(ctx, org, id)
	},
}

// programmeFields are the fields of p as the audit trail records them.
func programmeFields(p *isms.AuditProgramme) []fieldDiff {
	return []fieldDiff{{"title", nil, p.Title}, {"description", nil, p.Description}, {"framework", nil, p.FrameworkName},
		{"start", nil, p.Start.String()}, {"end", nil, p.End.String()}, {"owner", nil, p.OwnerName}}
}

// fillProgramme returns the fill function of the generic use cases: it
// applies in to the programme, resolves its framework and owner and
// validates it.
func fillProgramme(ctx context.Context, in ProgrammeInput, creating bool) fillFunc[*isms.AuditProgramme] {
	return func(tx *sqldb.Tx, p *isms.AuditProgramme) (isms.Changes, error) {
		if creating {
			ref, n, err := nextRecordRef(ctx, tx, p.OrgID, "audit_programmes", "AP-")
			if err != nil {
				return nil, err
			}
			p.Ref, p.Number = ref, n
		}
		pr := isms.Problems{}
		p.Title, p.Description, p.Start, p.End = in.Title, in.Description, in.Start, in.End
		if err := programmeFramework(ctx, tx, p, in.Framework, pr); err != nil {
			return nil, err
		}
		p.OwnerID, p.OwnerName = in.OwnerID, ""
		if p.OwnerID != "" {
			name, err := activeMemberName(ctx, tx, p.OrgID, p.OwnerID, "ownerId", pr)
			if err != nil {
				return nil, err
			}
			p.OwnerName = name
		}
		return nil, mergeProblems(pr, p.Validate())
	}
}

// programmeFramework sets the framework of p from s (an ID or key;
// ISO/IEC 27001:2022 for ""), recording a problem on "framework" when it
// names none or would change the framework of a programme that holds
// audits.
func programmeFramework(ctx context.Context, tx *sqldb.Tx, p *isms.AuditProgramme, s string, pr isms.Problems) error {
	f, err := soaFramework(ctx, tx, p.OrgID, s)
	switch {
	case isms.ErrorCode(err) == isms.NotFound && strings.TrimSpace(s) == "":
		pr.Add("framework", "ISO/IEC 27001:2022 is not among the organization's frameworks; add it under Frameworks or choose another framework.")
		return nil
	case isms.ErrorCode(err) == isms.NotFound:
		pr.Add("framework", "No framework "+quote(strings.TrimSpace(s))+" in this organization.")
		return nil
	case err != nil:
		return err
	}
	if p.FrameworkID != "" && p.FrameworkID != f.ID && p.Audits > 0 {
		pr.Add("framework", fmt.Sprintf("%s holds audits of %s; its framework can no longer change.", p.Ref, p.FrameworkName))
		return nil
	}
	p.FrameworkID, p.FrameworkName = f.ID, f.Title()
	return nil
}

// CreateProgramme creates a programme (ManageAudits).
func (a *App) CreateProgramme(ctx context.Context, actor isms.Actor, in ProgrammeInput) (*isms.AuditProgramme, error) {
	p := &isms.AuditProgramme{ID: isms.NewID("prog"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, programmeKind, p, fillProgramme(ctx, in, true))
}

// UpdateProgramme changes programme id, read at version (ManageAudits).
// Its framework cannot change once it holds audits.
func (a *App) UpdateProgramme(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ProgrammeInput) (*isms.AuditProgramme, error) {
	return updateRecord(ctx, a, actor, programmeKind, id, version, fillProgramme(ctx, in, false))
}

// DeleteProgramme deletes a programme that holds no audits (ManageAudits).
func (a *App) DeleteProgramme(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, programmeKind, id, func(tx *sqldb.Tx, p *isms.AuditProgramme) error {
		if p.Audits > 0 {
			return isms.Errorf(isms.Conflict, "%s holds %s; delete them or keep the programme.", p.Ref, plural(p.Audits, "audit", "audits"))
		}
		return nil
	})
}

// FindProgramme returns programme id (its ID or reference "AP-1") with
// its audits and its coverage, to anyone who reads the ISMS.
func (a *App) FindProgramme(ctx context.Context, actor isms.Actor, id string) (*ProgrammeView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see audit programmes."); err != nil {
		return nil, err
	}
	v := &ProgrammeView{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v.Programme, err = findProgrammeByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if v.Audits, _, err = tx.FindInternalAudits(ctx, actor.OrgID, isms.InternalAuditFilter{ProgrammeID: v.Programme.ID,
			Sort: "plannedStart", Limit: isms.MaxPageSize}); err != nil {
			return err
		}
		v.Coverage, err = programmeCoverage(ctx, tx, v.Programme, v.Audits)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ListProgrammes returns a page of programmes and the total.
func (a *App) ListProgrammes(ctx context.Context, actor isms.Actor, f isms.ProgrammeFilter) ([]*isms.AuditProgramme, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see audit programmes."); err != nil {
		return nil, 0, err
	}
	var list []*isms.AuditProgramme
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindProgrammes(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

// AuditInput is what people enter for an audit.
type AuditInput struct {
	Programme string // the programme's ID or reference; fixed once planned
	Title     string
	Criteria  string
	Units     string
	// Scope is the requirements in scope as people write them:
	// "4, 5.2, A.5.15-A.5.18" (isms.ExpandScope).
	Scope string
	// Processes are the ISMS processes in scope, by reference ("PR-1, PR-3").
	Processes    string
	LeadID       isms.ID
	TeamIDs      []isms.ID
	PlannedStart isms.Date
	PlannedEnd   isms.Date
	// Overrides accept independence conflicts on purpose: the conflict's
	// Key() → the reason. A conflict without an override refuses the save.
	Overrides map[string]string
}

// AuditView is an audit as its page shows it.
type AuditView struct {
	Audit     *isms.InternalAudit
	Programme *isms.AuditProgramme
	// Scope is the scope expression of the current items ("4.1, 4.2, A.5.1").
	Scope     string
	Processes []RecordLink // the ISMS processes in scope
	Items     []*AuditItemView
	Findings  []*isms.AuditFinding
	// Conflicts are the independence conflicts of the current team, the
	// accepted ones included (see Audit.Overrides).
	Conflicts []isms.IndependenceConflict
}

// AuditItemView is a checklist item with the organization's controls and
// evidence for its requirement (derived live, as the SoA derives them).
type AuditItemView struct {
	*isms.AuditItem
	Sources isms.SoASources
}

// ItemInput is a checklist item's result as people record it.
type ItemInput struct {
	Result   isms.ItemResult
	Notes    string
	Sampling string
}

// FindingInput is what people enter for a finding.
type FindingInput struct {
	Audit       string // the audit's ID or reference; fixed once raised
	Grade       isms.FindingGrade
	Title       string
	Description string
	// Requirements are requirement references of the audit's framework,
	// comma-separated ("A.5.18, 9.2").
	Requirements string
	// Evidence are the IDs of the evidence items that support it,
	// comma-separated (see AuditEvidence for those an audit may cite).
	Evidence string
}
