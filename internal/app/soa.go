// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
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

// apply sets the decision fields of l from in.
func (in SoALineInput) apply(l *isms.SoALine) {
	l.Applicable, l.Business, l.Practice, l.Reason, l.Exclusion = in.Applicable, in.Business, in.Practice, in.Reason, in.Exclusion
	l.Override, l.OverrideReason, l.OwnerID, l.ChangeReason = in.Override, in.OverrideReason, in.OwnerID, in.ChangeReason
	l.Normalize()
}

// soaLineChanges returns the decision fields that differ between two
// states of a line, keyed as the API names them.
func soaLineChanges(b, l *isms.SoALine) isms.Changes {
	return diffSupport(
		fieldDiff{"applicable", string(b.Applicable), string(l.Applicable)},
		fieldDiff{"businessRequirement", b.Business, l.Business}, fieldDiff{"goodPractice", b.Practice, l.Practice},
		fieldDiff{"reason", b.Reason, l.Reason}, fieldDiff{"exclusion", b.Exclusion, l.Exclusion},
		fieldDiff{"statusOverride", string(b.Override), string(l.Override)},
		fieldDiff{"overrideReason", b.OverrideReason, l.OverrideReason},
		fieldDiff{"ownerId", string(b.OwnerID), string(l.OwnerID)}, fieldDiff{"changeReason", b.ChangeReason, l.ChangeReason})
}

// soaFramework returns the framework named by its ID or key;
// ISO/IEC 27001:2022 for "".
func soaFramework(ctx context.Context, tx *sqldb.Tx, org isms.ID, framework string) (*isms.Framework, error) {
	if strings.TrimSpace(framework) != "" {
		return findFrameworkByIDOrKey(ctx, tx, org, framework)
	}
	f, err := tx.FindFrameworkByKey(ctx, org, catalog.KeyISO2022)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, isms.Errorf(isms.NotFound, "ISO/IEC 27001:2022 is not among the organization's frameworks; add it under Frameworks to start its Statement of Applicability.")
	}
	return f, err
}

// findSoA returns a version of framework's SoA: by ID, by label ("v2"),
// the approved version for "current", and for "" the approved version or
// else the draft.
func findSoA(ctx context.Context, tx *sqldb.Tx, org isms.ID, framework, id string) (*isms.SoA, error) {
	id = strings.TrimSpace(id)
	current := strings.EqualFold(id, "current")
	n, label := soaLabelNumber(id)
	if id != "" && !current && !label {
		return tx.FindSoAByID(ctx, org, isms.ID(id))
	}
	f, err := soaFramework(ctx, tx, org, framework)
	if err != nil {
		return nil, err
	}
	if label {
		return tx.FindSoAByNumber(ctx, org, f.ID, n)
	}
	s, err := soaWithStatus(ctx, tx, org, f.ID, isms.SoAApproved)
	if s != nil || err != nil {
		return s, err
	}
	if current {
		return nil, isms.Errorf(isms.NotFound, "No Statement of Applicability of %s has been approved yet.", f.Title())
	}
	if s, err = soaWithStatus(ctx, tx, org, f.ID, isms.SoADraft); s != nil || err != nil {
		return s, err
	}
	return nil, isms.Errorf(isms.NotFound, "There is no Statement of Applicability of %s yet.", f.Title())
}

// soaLabelNumber reads a version label ("v2", "V2") as its number.
func soaLabelNumber(s string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(s), "v")
	n, err := strconv.Atoi(rest)
	return n, ok && err == nil && n > 0
}

// GenerateSoA starts a draft of framework's SoA (an ID or key; "" is
// ISO/IEC 27001:2022). The first version is proposed from the data: lines
// whose requirement has a control used by a risk treatment plan or meeting
// an addressed obligation are applicable, every other line awaits a
// decision. A later version starts from the approved version's decisions
// (change reasons cleared), with lines for requirements it lacked proposed
// from the data. There is one draft per framework at a time (Conflict).
func (a *App) GenerateSoA(ctx context.Context, actor isms.Actor, framework, note string) (*isms.SoA, error) {
	if err := forbid(actor.Can(isms.EditSoA), "You may not change the Statement of Applicability."); err != nil {
		return nil, err
	}
	var s *isms.SoA
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		s, err = a.generateSoA(ctx, tx, actor, framework, note)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (a *App) generateSoA(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, framework, note string) (*isms.SoA, error) {
	f, err := soaFramework(ctx, tx, actor.OrgID, framework)
	if err != nil {
		return nil, err
	}
	if draft, err := soaWithStatus(ctx, tx, actor.OrgID, f.ID, isms.SoADraft); err != nil {
		return nil, err
	} else if draft != nil {
		return nil, isms.Errorf(isms.Conflict, "Draft %s of the Statement of Applicability of %s exists already; edit or discard it rather than starting another.", draft.VersionLabel(), f.Title())
	}
	prev, err := soaWithStatus(ctx, tx, actor.OrgID, f.ID, isms.SoAApproved)
	if err != nil {
		return nil, err
	}
	n, err := tx.MaxSoANumber(ctx, actor.OrgID, f.ID)
	if err != nil {
		return nil, err
	}
	s := &isms.SoA{ID: isms.NewID("soa"), OrgID: actor.OrgID, FrameworkID: f.ID, FrameworkName: f.Title(), Number: n + 1,
		Status: isms.SoADraft, Note: strings.TrimSpace(note), CreatedBy: actor.UserID}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	lines, err := a.proposeSoALines(ctx, tx, actor, s, prev)
	if err != nil {
		return nil, err
	}
	if err := tx.InsertSoA(ctx, s); err != nil {
		return nil, err
	}
	if err := tx.InsertSoALines(ctx, lines); err != nil {
		return nil, err
	}
	ch := isms.Changes{"framework": {After: s.FrameworkName}, "number": {After: s.Number}, "status": {After: string(s.Status)},
		"lines": {After: len(lines)}, "applicable": {After: soaCounts(lines, nil).Applicable}}
	if s.Note != "" {
		ch["note"] = isms.Change{After: s.Note}
	}
	if prev != nil {
		ch["from"] = isms.Change{After: prev.VersionLabel()}
	}
	return s, audit(ctx, tx, orgChain(actor.OrgID), actor, objectSoA+".create", objectSoA, s.ID, ch)
}

// proposeSoALines returns the lines of a new version s: one per
// requirement of its framework, with the decisions of the approved
// version prev (nil for the first version) or proposed from the data.
func (a *App) proposeSoALines(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s, prev *isms.SoA) ([]*isms.SoALine, error) {
	reqs, err := tx.SoARequirements(ctx, s.OrgID, s.FrameworkID)
	if err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		return nil, isms.Errorf(isms.Invalid, "%s has no controls or assessable requirements to decide on.", s.FrameworkName)
	}
	decided := map[isms.ID]*isms.SoALine{}
	if prev != nil {
		old, err := tx.FindSoALines(ctx, s.OrgID, prev.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range old {
			decided[l.RequirementID] = l
		}
	}
	today := a.today()
	derived, err := deriveSoASources(ctx, tx, s.OrgID, s.FrameworkID, today)
	if err != nil {
		return nil, err
	}
	// A draft's sources are derived whenever it is read and recorded when
	// it is submitted; until then the lines hold none.
	lines := make([]*isms.SoALine, len(reqs))
	for i, r := range reqs {
		l := &isms.SoALine{SoAID: s.ID, OrgID: s.OrgID, RequirementID: r.ID, Ref: r.Ref, Title: r.Title, Position: r.Position,
			Sources: soaSourcesOf(nil, ""), UpdatedBy: actor.UserID, Version: 1}
		l.Sources.ReadOn = today
		src := soaSourcesOf(derived, r.ID)
		if p := decided[r.ID]; p != nil {
			l.Applicable, l.Business, l.Practice, l.Reason, l.Exclusion = p.Applicable, p.Business, p.Practice, p.Reason, p.Exclusion
			l.Override, l.OverrideReason, l.OwnerID = p.Override, p.OverrideReason, p.OwnerID
		} else if len(src.Risks) > 0 || len(src.Obligations) > 0 {
			l.Applicable = isms.SoAApplicable
		}
		lines[i] = l
	}
	return lines, nil
}

// SoAVersions lists framework's SoA versions (every framework's for ""),
// newest first, with who approved each.
func (a *App) SoAVersions(ctx context.Context, actor isms.Actor, framework string) ([]*isms.SoA, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the Statement of Applicability."); err != nil {
		return nil, err
	}
	var list []*isms.SoA
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, err = a.SoAVersionsTx(ctx, tx, actor, framework)
		return err
	})
	return list, err
}

// SoAVersionsTx reads what SoAVersions returns, within tx and without its
// permission check, for a caller that has made it.
func (a *App) SoAVersionsTx(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, framework string) ([]*isms.SoA, error) {
	fw := actor.FrameworkID
	if strings.TrimSpace(framework) != "" {
		f, err := visibleFramework(ctx, tx, actor, framework)
		if err != nil {
			return nil, err
		}
		fw = f.ID
	}
	list, err := tx.FindSoAs(ctx, actor.OrgID, fw)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		if err := soaApprover(ctx, tx, s); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// FindSoA returns one version of framework's SoA with its lines: by ID, by
// label ("v2", of framework, "" being ISO/IEC 27001:2022), or for id ""
// the current approved version, or the draft when none is approved.
// "current" names the current approved version alone.
func (a *App) FindSoA(ctx context.Context, actor isms.Actor, framework, id string) (*SoAView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the Statement of Applicability."); err != nil {
		return nil, err
	}
	var v *SoAView
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		v, err = a.FindSoATx(ctx, tx, actor, framework, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// FindSoATx reads a version as FindSoA finds it, with its lines, issues,
// counts and approvals, within tx and without FindSoA's permission check,
// for a caller that has made it. For an actor limited to one framework, ""
// is that framework rather than ISO/IEC 27001:2022.
func (a *App) FindSoATx(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, framework, id string) (*SoAView, error) {
	org := actor.OrgID
	switch {
	case strings.TrimSpace(framework) == "":
		framework = string(actor.FrameworkID)
	case actor.FrameworkID != "":
		if _, err := visibleFramework(ctx, tx, actor, framework); err != nil {
			return nil, err
		}
	}
	s, err := findSoA(ctx, tx, org, framework, id)
	if err != nil {
		return nil, err
	}
	if err := seeFramework(actor, s.FrameworkID); err != nil {
		return nil, err
	}
	v := &SoAView{SoA: s}
	if v.Lines, err = liveSoALines(ctx, tx, s, a.today()); err != nil {
		return nil, err
	}
	if v.Latest, v.Approved, err = latestApprovals(ctx, tx, org, objectSoA, s.ID); err != nil {
		return nil, err
	}
	v.Pending = v.Latest != nil && v.Latest.Status == isms.ApprovalPending
	v.Issues = isms.CheckSoA(v.Lines)
	v.Counts = soaCounts(v.Lines, v.Issues)
	return v, soaApprover(ctx, tx, s)
}

// soaCounts sums up lines and their issues.
func soaCounts(lines []*isms.SoALine, issues []isms.SoAIssue) SoACounts {
	c := SoACounts{Lines: len(lines), ByStatus: map[isms.SoAImplStatus]int{}}
	for _, l := range lines {
		switch l.Applicable {
		case isms.SoAApplicable:
			c.Applicable++
			c.ByStatus[l.Status()]++
		case isms.SoAExcluded:
			c.Excluded++
		default:
			c.Undecided++
		}
	}
	c.Errors = isms.SoAErrors(issues)
	c.Warnings = len(issues) - c.Errors
	return c
}

// editableSoA locks draft id for a change by actor: it must be a draft
// with no submission pending.
func editableSoA(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, id isms.ID) (*isms.SoA, error) {
	s, err := tx.FindSoAByIDForUpdate(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if err := checkSoADraft(s); err != nil {
		return nil, err
	}
	return s, checkNotPending(ctx, tx, actor.OrgID, objectSoA, id)
}

// UpdateSoANote changes the note of a draft, read at version.
func (a *App) UpdateSoANote(ctx context.Context, actor isms.Actor, id isms.ID, version int, note string) (*isms.SoA, error) {
	if err := forbid(actor.Can(isms.EditSoA), "You may not change the Statement of Applicability."); err != nil {
		return nil, err
	}
	var s *isms.SoA
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if s, err = editableSoA(ctx, tx, actor, id); err != nil {
			return err
		}
		if s.Version != version {
			return staleConflict("Statement of Applicability", version, s.Version)
		}
		before := s.Note
		if s.Note = strings.TrimSpace(note); s.Note == before {
			return nil
		}
		if err := s.Validate(); err != nil {
			return err
		}
		s.Frozen = false
		if err := tx.UpdateSoA(ctx, s, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, objectSoA+".update", objectSoA, s.ID,
			isms.Changes{"note": {Before: before, After: s.Note}})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// UpdateSoALine records the decision on one line of a draft, read at the
// line's version. A draft awaiting approval cannot change; the change
// unfreezes the draft and is audited with the line's reference. The line
// comes back with its sources derived now.
func (a *App) UpdateSoALine(ctx context.Context, actor isms.Actor, soa, requirement isms.ID, version int, in SoALineInput) (*isms.SoALine, error) {
	if err := forbid(actor.Can(isms.EditSoA), "You may not change the Statement of Applicability."); err != nil {
		return nil, err
	}
	var l *isms.SoALine
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		s, err := editableSoA(ctx, tx, actor, soa)
		if err != nil {
			return err
		}
		if l, err = updateSoALine(ctx, tx, actor, s, requirement, version, in); err != nil {
			return err
		}
		today := a.today()
		derived, err := deriveSoASources(ctx, tx, s.OrgID, s.FrameworkID, today)
		applySoASources([]*isms.SoALine{l}, derived, today)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func updateSoALine(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.SoA, requirement isms.ID, version int, in SoALineInput) (*isms.SoALine, error) {
	l, err := tx.FindSoALineForUpdate(ctx, actor.OrgID, s.ID, requirement)
	if err != nil {
		return nil, err
	}
	if l.Version != version {
		return nil, staleConflict("line of the Statement of Applicability", version, l.Version)
	}
	_, err = changeSoALine(ctx, tx, actor, s, l, in)
	return l, err
}

// changeSoALine records decision in on line l of draft s, both locked for
// update: it validates the line, stores it, unfreezes and bumps the draft
// and audits the change. It reports whether anything changed.
func changeSoALine(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.SoA, l *isms.SoALine, in SoALineInput) (bool, error) {
	before := *l
	in.apply(l)
	p := isms.Problems{}
	if l.OwnerID != before.OwnerID {
		l.OwnerName = ""
		if l.OwnerID != "" {
			var err error
			if l.OwnerName, err = activeMemberName(ctx, tx, actor.OrgID, l.OwnerID, "ownerId", p); err != nil {
				return false, err
			}
		}
	}
	if err := mergeProblems(p, l.Validate()); err != nil {
		return false, err
	}
	ch := soaLineChanges(&before, l)
	if len(ch) == 0 {
		return false, nil
	}
	l.UpdatedBy = actor.UserID
	if err := tx.UpdateSoALine(ctx, l, before.Version); err != nil {
		return false, err
	}
	s.Frozen = false
	if err := tx.UpdateSoA(ctx, s, s.Version); err != nil {
		return false, err
	}
	ch["ref"] = isms.Change{After: l.Ref}
	return true, audit(ctx, tx, orgChain(actor.OrgID), actor, objectSoA+".line.update", objectSoA, s.ID, ch)
}

// DeleteSoADraft discards a draft that is not awaiting approval.
func (a *App) DeleteSoADraft(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.EditSoA), "You may not change the Statement of Applicability."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := editableSoA(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteSoA(ctx, actor.OrgID, id); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, objectSoA+".delete", objectSoA, s.ID, isms.Changes{
			"framework": {Before: s.FrameworkName}, "number": {Before: s.Number}, "status": {Before: string(s.Status)}, "note": {Before: s.Note}})
	})
}

// CompareSoAs compares two versions of the same framework's SoA, from the
// older to the newer; either may be given by ID or, for ISO/IEC
// 27001:2022, by label ("v2").
func (a *App) CompareSoAs(ctx context.Context, actor isms.Actor, from, to isms.ID) (*SoAComparison, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the Statement of Applicability."); err != nil {
		return nil, err
	}
	out := &SoAComparison{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		var vers [2]*isms.SoA
		var lines [2][]*isms.SoALine
		for i, id := range []isms.ID{from, to} {
			if vers[i], err = findSoA(ctx, tx, actor.OrgID, string(actor.FrameworkID), string(id)); err != nil {
				return err
			}
			if err := seeFramework(actor, vers[i].FrameworkID); err != nil {
				return err
			}
			if lines[i], err = liveSoALines(ctx, tx, vers[i], a.today()); err != nil {
				return err
			}
			if err := soaApprover(ctx, tx, vers[i]); err != nil {
				return err
			}
		}
		if vers[0].FrameworkID != vers[1].FrameworkID {
			return isms.Errorf(isms.Invalid, "Compare two versions of the same framework's SoA: %s is of %s, %s of %s.",
				vers[0].VersionLabel(), vers[0].FrameworkName, vers[1].VersionLabel(), vers[1].FrameworkName)
		}
		if vers[0].Number > vers[1].Number {
			vers[0], vers[1], lines[0], lines[1] = vers[1], vers[0], lines[1], lines[0]
		}
		out.From, out.To = vers[0], vers[1]
		out.Lines = isms.CompareSoALines(lines[0], lines[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
