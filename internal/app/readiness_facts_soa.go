// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherSoAFacts reads the facts of the SoA rules: whether ISO/IEC
// 27001:2022 is loaded, its SoA versions and, for the version in force
// (else the draft), the lines isms.CheckSoA finds inconsistent with the
// controls and risk treatment plans as they stand today.
func gatherSoAFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, f *isms.SoAFacts) error {
	fw, err := soaFramework(ctx, tx, org, "")
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return fmt.Errorf("readiness soa framework: %w", err)
	}
	f.SoAFrameworkLoaded = true
	approved, err := soaWithStatus(ctx, tx, org, fw.ID, isms.SoAApproved)
	if err != nil {
		return fmt.Errorf("readiness soa: %w", err)
	}
	draft, err := soaWithStatus(ctx, tx, org, fw.ID, isms.SoADraft)
	if err != nil {
		return fmt.Errorf("readiness soa draft: %w", err)
	}
	checked := approved
	if approved != nil {
		f.SoAApproved, f.SoAApprovedOn = soaRecord(approved), isms.DateOf(approved.ApprovedAt)
	}
	if draft != nil {
		f.SoADraft = soaRecord(draft)
		if checked == nil {
			checked = draft
		}
	}
	if approved != nil && draft != nil {
		if f.SoADraftEdited, err = tx.ReadinessSoAEditedLines(ctx, org, draft.ID); err != nil {
			return err
		}
	}
	if checked == nil {
		return nil
	}
	f.SoAChecked = soaRecord(checked)
	return gatherSoALineFacts(ctx, tx, org, checked, f)
}

// soaRecord names SoA version s as a finding's record.
func soaRecord(s *isms.SoA) isms.RecordRef {
	return isms.RecordRef{Type: objectSoA, ID: s.ID, Ref: s.VersionLabel(), Title: soaTitle(s)}
}

// gatherSoALineFacts sets the line sets of f from the consistency issues
// of version s's lines, their sources read as they stand.
func gatherSoALineFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, s *isms.SoA, f *isms.SoAFacts) error {
	lines, err := tx.ReadinessSoALines(ctx, org, s.ID)
	if err != nil {
		return err
	}
	f.SoALines = len(lines)
	if err := readinessSoASources(ctx, tx, org, s.FrameworkID, lines); err != nil {
		return err
	}
	sets := map[string]*isms.RecordSet{
		isms.SoARuleUndecided: &f.SoAUndecided, isms.SoARuleExclusionUnjustified: &f.SoAExclusionsUnjustified,
		isms.SoARuleInclusionNoSource: &f.SoAInclusionsWithoutSource, isms.SoARuleExcludedButTreated: &f.SoAExcludedButTreated,
		isms.SoARuleApplicableNoControl: &f.SoAApplicableWithoutControl, isms.SoARuleImplementedNoControl: &f.SoAImplementedWithoutControl,
	}
	for _, set := range sets {
		*set = isms.RecordSet{Items: []isms.RecordRef{}}
	}
	titles := make(map[isms.ID]string, len(lines))
	for _, l := range lines {
		titles[l.RequirementID] = l.Title
	}
	for _, is := range isms.CheckSoA(lines) {
		set := sets[is.Rule]
		if set == nil {
			continue
		}
		set.Total++
		if len(set.Items) < isms.MaxFindingRecords {
			set.Items = append(set.Items, isms.RecordRef{Type: "requirement", ID: is.RequirementID, Ref: is.Ref, Title: titles[is.RequirementID]})
		}
	}
	return nil
}

// readinessSoASources sets what isms.CheckSoA reads of each line's
// sources, as they stand: the statuses of the linked controls (and the
// status derived from them), and whether an open risk's treatment plan
// or an addressed obligation uses one of them. The store counts these
// rather than list them, so the sources stand for the records with
// placeholders: one empty reference for "some risk" or "some
// obligation", and a control of each counted status. The line's full
// sources are the SoA page's to derive.
func readinessSoASources(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID, lines []*isms.SoALine) error {
	counted, err := tx.ReadinessSoASources(ctx, org, framework)
	if err != nil {
		return err
	}
	byReq := make(map[isms.ID]sqldb.ReadinessSoASource, len(counted))
	for _, c := range counted {
		byReq[c.RequirementID] = c
	}
	for _, l := range lines {
		c := byReq[l.RequirementID]
		s := soaSourcesOf(nil, "")
		for _, n := range []struct {
			status isms.ControlStatus
			count  int
		}{{isms.ControlImplemented, c.Implemented}, {isms.ControlInProgress, c.InProgress},
			{isms.ControlNotApplicable, c.NotApplicable},
			{isms.ControlPlanned, c.Controls - c.Implemented - c.InProgress - c.NotApplicable}} {
			for range n.count {
				s.Controls = append(s.Controls, isms.SoAControl{Status: n.status})
			}
		}
		if c.Treated {
			s.Risks = []isms.SoARef{{}}
		}
		if c.Obliged {
			s.Obligations = []isms.SoARef{{}}
		}
		statuses := make([]isms.ControlStatus, len(s.Controls))
		for i, x := range s.Controls {
			statuses[i] = x.Status
		}
		s.Derived = isms.DeriveSoAStatus(statuses)
		l.Sources = s
	}
	return nil
}
