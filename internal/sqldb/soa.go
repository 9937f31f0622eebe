// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// The Statement of Applicability's versions (soas) and lines (soa_lines),
// and the queries that derive each line's sources for one framework.

// InsertSoA inserts a new SoA version. A second version with the same
// number for the same framework is a Conflict.
func (tx *Tx) InsertSoA(ctx context.Context, s *isms.SoA) error { panic("soa store") }

// UpdateSoA writes s's status, note, frozen flag, approval time and
// approval, read at version; it bumps s.Version and s.UpdatedAt. A stale
// version is a Conflict.
func (tx *Tx) UpdateSoA(ctx context.Context, s *isms.SoA, version int) error { panic("soa store") }

// FindSoAByID returns one SoA version of org.
func (tx *Tx) FindSoAByID(ctx context.Context, org, id isms.ID) (*isms.SoA, error) { panic("soa store") }

// FindSoAByIDForUpdate is FindSoAByID, locking the row until the
// transaction ends.
func (tx *Tx) FindSoAByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.SoA, error) {
	panic("soa store")
}

// FindSoAByNumber returns version number of framework's SoA.
func (tx *Tx) FindSoAByNumber(ctx context.Context, org, framework isms.ID, number int) (*isms.SoA, error) {
	panic("soa store")
}

// FindSoAs lists the SoA versions of framework in org (every framework's
// for ""), by framework name then newest first.
func (tx *Tx) FindSoAs(ctx context.Context, org, framework isms.ID) ([]*isms.SoA, error) {
	panic("soa store")
}

// FindSoAWithStatus returns framework's SoA version with status; NotFound
// when there is none.
func (tx *Tx) FindSoAWithStatus(ctx context.Context, org, framework isms.ID, status isms.SoAStatus) (*isms.SoA, error) {
	panic("soa store")
}

// MaxSoANumber returns the highest version number of framework's SoA, 0
// when there is none.
func (tx *Tx) MaxSoANumber(ctx context.Context, org, framework isms.ID) (int, error) {
	panic("soa store")
}

// DeleteSoA deletes an SoA version and its lines.
func (tx *Tx) DeleteSoA(ctx context.Context, org, id isms.ID) error { panic("soa store") }

// InsertSoALines inserts the lines of a version, in batches.
func (tx *Tx) InsertSoALines(ctx context.Context, lines []*isms.SoALine) error { panic("soa store") }

// FindSoALines returns the lines of a version in position order, with
// their owners' names.
func (tx *Tx) FindSoALines(ctx context.Context, org, soa isms.ID) ([]*isms.SoALine, error) {
	panic("soa store")
}

// FindSoALineForUpdate returns one line of a version, locking it until the
// transaction ends; a requirement that is not a line of the version is
// NotFound.
func (tx *Tx) FindSoALineForUpdate(ctx context.Context, org, soa, requirement isms.ID) (*isms.SoALine, error) {
	panic("soa store")
}

// UpdateSoALine writes a line's decision fields, owner, change reason and
// updated_by, read at version; it bumps l.Version and l.UpdatedAt. A stale
// version is a Conflict.
func (tx *Tx) UpdateSoALine(ctx context.Context, l *isms.SoALine, version int) error {
	panic("soa store")
}

// SetSoASources records the sources of the lines of version soa, keyed by
// requirement ID (submission freezes them).
func (tx *Tx) SetSoASources(ctx context.Context, org, soa isms.ID, sources map[isms.ID]isms.SoASources) error {
	panic("soa store")
}

// SoARequirement is a requirement as a new SoA line takes it.
type SoARequirement struct {
	ID         isms.ID
	Ref, Title string
	Position   int
}

// SoARequirements returns the requirements that make the lines of
// framework's SoA: those of kind "control" when the framework has any (the
// Annex A controls of ISO/IEC 27001), otherwise every assessable one; in
// tree order.
func (tx *Tx) SoARequirements(ctx context.Context, org, framework isms.ID) ([]SoARequirement, error) {
	panic("soa store")
}

// SoAControlLink is an organization control linked (confirmed, not
// inferred) to a requirement of the framework.
type SoAControlLink struct {
	RequirementID isms.ID
	Control       isms.SoAControl
}

// SoAControlLinks returns the confirmed control links of framework's
// requirements, by requirement then control reference (natural order).
func (tx *Tx) SoAControlLinks(ctx context.Context, org, framework isms.ID) ([]SoAControlLink, error) {
	panic("soa store")
}

// SoAControlRef ties a record (a risk, an obligation) to one of the
// controls linked to framework's requirements.
type SoAControlRef struct {
	ControlID isms.ID
	Record    isms.SoARef
}

// SoARiskUses returns, for each control linked (confirmed) to framework's
// requirements, the risks not closed whose treatment plans use it
// (risk_controls), by risk reference.
func (tx *Tx) SoARiskUses(ctx context.Context, org, framework isms.ID) ([]SoAControlRef, error) {
	panic("soa store")
}

// SoAObligations returns, for each control linked (confirmed) to
// framework's requirements, the addressed interested-party requirements
// linked to it by a record link in either direction, by reference.
func (tx *Tx) SoAObligations(ctx context.Context, org, framework isms.ID) ([]SoAControlRef, error) {
	panic("soa store")
}

// SoAControlEvidence is the evidence of one control as an SoA line sees
// it.
type SoAControlEvidence struct {
	ControlID isms.ID
	Count     int       // evidence items linked to the control
	Fresh     int       // of which valid on the day asked (no validity date, or valid until that day or later)
	Newest    isms.Date // the newest item's collection date
}

// SoAEvidence returns the evidence of each control linked (confirmed) to
// framework's requirements, on day today.
func (tx *Tx) SoAEvidence(ctx context.Context, org, framework isms.ID, today isms.Date) ([]SoAControlEvidence, error) {
	panic("soa store")
}
