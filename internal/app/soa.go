// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"

	"github.com/ismsproject/isms/internal/isms"
)

// The Statement of Applicability (27001 6.1.3 d): versions per framework
// (ISO/IEC 27001:2022 by default), one line per control, each line's
// sources derived from the risk treatment plans, the addressed
// obligations, the linked controls and their evidence.

// objectSoA is the object type of SoA versions in the audit trail and in
// approvals.
const objectSoA = "soa"

// SoACounts sums up the lines of a version.
type SoACounts struct {
	Lines, Applicable, Excluded, Undecided int
	ByStatus                               map[isms.SoAImplStatus]int // applicable lines by implementation status
	Errors, Warnings                       int                        // consistency issues by severity
}

// SoAView is one SoA version with its lines (sources live for a draft that
// is not frozen, as recorded otherwise), its consistency issues, counts and
// approvals.
type SoAView struct {
	SoA              *isms.SoA
	Lines            []*isms.SoALine
	Issues           []isms.SoAIssue
	Counts           SoACounts
	Latest, Approved *isms.Approval // newest submission and newest approval of the version; either may be nil
	Pending          bool           // a submission awaits decision: the draft cannot change
}

// SoALineInput is a line's decision as a form or the API gives it.
type SoALineInput struct {
	Applicable     isms.Applicability
	Business       bool
	Practice       bool
	Reason         string
	Exclusion      string
	Override       isms.SoAImplStatus
	OverrideReason string
	OwnerID        isms.ID
	ChangeReason   string
}

// SoAComparison is how a newer version differs from an older one, line by
// line.
type SoAComparison struct {
	From, To *isms.SoA
	Lines    []isms.SoALineDiff
}

// GenerateSoA starts a draft of framework's SoA (an ID or key; "" is
// ISO/IEC 27001:2022). The first version is proposed from the data: lines
// whose requirement has a control used by a risk treatment plan or meeting
// an addressed obligation are applicable, every other line awaits a
// decision. A later version starts from the approved version's decisions
// (change reasons cleared), with lines for requirements it lacked proposed
// from the data. There is one draft per framework at a time (Conflict).
func (a *App) GenerateSoA(ctx context.Context, actor isms.Actor, framework, note string) (*isms.SoA, error) {
	panic("soa app")
}

// SoAVersions lists framework's SoA versions (every framework's for ""),
// newest first, with who approved each.
func (a *App) SoAVersions(ctx context.Context, actor isms.Actor, framework string) ([]*isms.SoA, error) {
	panic("soa app")
}

// FindSoA returns one version of framework's SoA with its lines: by ID, by
// label ("v2", of framework, "" being ISO/IEC 27001:2022), or for id ""
// the current approved version, or the draft when none is approved.
func (a *App) FindSoA(ctx context.Context, actor isms.Actor, framework, id string) (*SoAView, error) {
	panic("soa app")
}

// UpdateSoANote changes the note of a draft, read at version.
func (a *App) UpdateSoANote(ctx context.Context, actor isms.Actor, id isms.ID, version int, note string) (*isms.SoA, error) {
	panic("soa app")
}

// UpdateSoALine records the decision on one line of a draft, read at the
// line's version. A draft awaiting approval cannot change; the change
// unfreezes the draft and is audited with the line's reference.
func (a *App) UpdateSoALine(ctx context.Context, actor isms.Actor, soa, requirement isms.ID, version int, in SoALineInput) (*isms.SoALine, error) {
	panic("soa app")
}

// DeleteSoADraft discards a draft that is not awaiting approval.
func (a *App) DeleteSoADraft(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("soa app")
}

// SubmitSoA submits a draft (in.ObjectID, read at in.Version) for
// approval: it derives every line's sources, refuses while the
// consistency check finds errors (naming the lines), records the sources
// with the draft (frozen) and submits it, in one transaction.
func (a *App) SubmitSoA(ctx context.Context, actor isms.Actor, in SubmitInput) (*isms.Approval, error) {
	panic("soa app")
}

// CompareSoAs compares two versions of the same framework's SoA, from the
// older to the newer.
func (a *App) CompareSoAs(ctx context.Context, actor isms.Actor, from, to isms.ID) (*SoAComparison, error) {
	panic("soa app")
}

// ExportSoA writes a version (as FindSoA finds it) as csv, xlsx or pdf and
// returns the file name to offer ("soa-iso27001-2022-v3.pdf").
func (a *App) ExportSoA(ctx context.Context, actor isms.Actor, framework, id, format string, w io.Writer) (string, error) {
	panic("soa app")
}
