// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Internal audit (27001 9.2): programmes (audit_programmes), audits
// (internal_audits), their checklist items (audit_items, one per
// requirement in scope) and findings (audit_findings). Every query is
// scoped to its organization.

// InsertProgramme stores a new programme.
func (tx *Tx) InsertProgramme(ctx context.Context, p *isms.AuditProgramme) error {
	panic("not implemented")
}

// UpdateProgramme stores p, read at version; a newer stored one is a
// Conflict. It sets p.Version and p.UpdatedAt.
func (tx *Tx) UpdateProgramme(ctx context.Context, p *isms.AuditProgramme, version int) error {
	panic("not implemented")
}

// DeleteProgramme deletes programme id; it must hold no audits.
func (tx *Tx) DeleteProgramme(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindProgrammeByID returns programme id with its framework's name, owner
// name and audit count; NotFound when there is none.
func (tx *Tx) FindProgrammeByID(ctx context.Context, org, id isms.ID) (*isms.AuditProgramme, error) {
	panic("not implemented")
}

// FindProgrammeByRef returns the programme with reference ref ("AP-1",
// case-insensitive).
func (tx *Tx) FindProgrammeByRef(ctx context.Context, org isms.ID, ref string) (*isms.AuditProgramme, error) {
	panic("not implemented")
}

// FindProgrammes returns a page of programmes and the total matching f.
func (tx *Tx) FindProgrammes(ctx context.Context, org isms.ID, f isms.ProgrammeFilter) ([]*isms.AuditProgramme, int, error) {
	panic("not implemented")
}

// InsertInternalAudit stores a new audit (its items separately).
func (tx *Tx) InsertInternalAudit(ctx context.Context, a *isms.InternalAudit) error {
	panic("not implemented")
}

// UpdateInternalAudit stores a, read at version; a newer stored one is a
// Conflict. It sets a.Version and a.UpdatedAt.
func (tx *Tx) UpdateInternalAudit(ctx context.Context, a *isms.InternalAudit, version int) error {
	panic("not implemented")
}

// DeleteInternalAudit deletes audit id with its items and findings.
func (tx *Tx) DeleteInternalAudit(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindInternalAuditByID returns audit id with its programme's reference
// and framework, the lead's and team's names, and its item and finding
// counts; NotFound when there is none.
func (tx *Tx) FindInternalAuditByID(ctx context.Context, org, id isms.ID) (*isms.InternalAudit, error) {
	panic("not implemented")
}

// FindInternalAuditByIDForUpdate is FindInternalAuditByID, locking the
// row on PostgreSQL.
func (tx *Tx) FindInternalAuditByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.InternalAudit, error) {
	panic("not implemented")
}

// FindInternalAuditByRef returns the audit with reference ref ("IA-3",
// case-insensitive).
func (tx *Tx) FindInternalAuditByRef(ctx context.Context, org isms.ID, ref string) (*isms.InternalAudit, error) {
	panic("not implemented")
}

// FindInternalAudits returns a page of audits and the total matching f.
func (tx *Tx) FindInternalAudits(ctx context.Context, org isms.ID, f isms.InternalAuditFilter) ([]*isms.InternalAudit, int, error) {
	panic("not implemented")
}

// ProgrammeAudits returns every audit of programme with the requirements
// in its scope, for coverage, ordered by planned start.
func (tx *Tx) ProgrammeAudits(ctx context.Context, org, programme isms.ID) ([]isms.CoverageAudit, error) {
	panic("not implemented")
}

// InsertAuditItems stores checklist items (a new audit's, or those its
// scope gained).
func (tx *Tx) InsertAuditItems(ctx context.Context, items []*isms.AuditItem) error {
	panic("not implemented")
}

// DeleteAuditItems deletes the items of audit for requirements.
func (tx *Tx) DeleteAuditItems(ctx context.Context, org, audit isms.ID, requirements []isms.ID) error {
	panic("not implemented")
}

// FindAuditItems returns the checklist of audit in position order, with
// the names of who audited each item.
func (tx *Tx) FindAuditItems(ctx context.Context, org, audit isms.ID) ([]*isms.AuditItem, error) {
	panic("not implemented")
}

// FindAuditItemForUpdate returns one item; NotFound when the audit has
// no item for requirement.
func (tx *Tx) FindAuditItemForUpdate(ctx context.Context, org, audit, requirement isms.ID) (*isms.AuditItem, error) {
	panic("not implemented")
}

// UpdateAuditItem stores item's result, notes, sampling and auditor,
// read at version; a newer stored one is a Conflict. It sets Version and
// UpdatedAt.
func (tx *Tx) UpdateAuditItem(ctx context.Context, item *isms.AuditItem, version int) error {
	panic("not implemented")
}

// InsertFinding stores a new finding.
func (tx *Tx) InsertFinding(ctx context.Context, f *isms.AuditFinding) error {
	panic("not implemented")
}

// UpdateFinding stores f, read at version; a newer stored one is a
// Conflict. It sets f.Version and f.UpdatedAt.
func (tx *Tx) UpdateFinding(ctx context.Context, f *isms.AuditFinding, version int) error {
	panic("not implemented")
}

// DeleteFinding deletes finding id.
func (tx *Tx) DeleteFinding(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindFindingByID returns finding id with its audit's reference and the
// raiser's name; Evidence is not read (record links).
func (tx *Tx) FindFindingByID(ctx context.Context, org, id isms.ID) (*isms.AuditFinding, error) {
	panic("not implemented")
}

// FindFindingByRef returns the finding with reference ref ("F-7",
// case-insensitive).
func (tx *Tx) FindFindingByRef(ctx context.Context, org isms.ID, ref string) (*isms.AuditFinding, error) {
	panic("not implemented")
}

// FindFindings returns a page of findings and the total matching f.
func (tx *Tx) FindFindings(ctx context.Context, org isms.ID, f isms.FindingFilter) ([]*isms.AuditFinding, int, error) {
	panic("not implemented")
}

// FindingCountsByRequirement counts, per requirement, the nonconformity
// findings (major and minor) of every audit of the organization; it
// weighs the coverage of the next programme.
func (tx *Tx) FindingCountsByRequirement(ctx context.Context, org isms.ID) (map[isms.ID]int, error) {
	panic("not implemented")
}
