// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherAuditFacts reads the facts of the audit rules: the store's counts
// and lists, the coverage of the programme that covers today (computed as
// the programme's page computes it) and the independence conflicts of
// the leads that no override accepts.
func gatherAuditFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.AuditFacts) error {
	var err error
	if *f, err = tx.ReadinessAudit(ctx, org, today, catalog.KeyISO2022); err != nil {
		return fmt.Errorf("readiness audit: %w", err)
	}
	if err := gatherAuditCoverage(ctx, tx, org, f); err != nil {
		return fmt.Errorf("readiness audit coverage: %w", err)
	}
	conflicts, err := tx.ReadinessLeadConflicts(ctx, org)
	if err != nil {
		return fmt.Errorf("readiness audit independence: %w", err)
	}
	f.AuditLeadConflicts = unresolvedLeadAudits(conflicts)
	return nil
}

// gatherAuditCoverage fills the coverage facts of f.AuditProgramme, when
// a programme covers today: the clauses and controls no audit covers, the
// requirements weighing high that some year leaves out, and the counts of
// the controls and heavy requirements of the cycle.
func gatherAuditCoverage(ctx context.Context, tx *sqldb.Tx, org isms.ID, f *isms.AuditFacts) error {
	if f.AuditProgramme.ID == "" {
		return nil
	}
	p, err := tx.FindProgrammeByID(ctx, org, f.AuditProgramme.ID)
	if err != nil {
		return err
	}
	audits, _, err := tx.FindInternalAudits(ctx, org, isms.InternalAuditFilter{ProgrammeID: p.ID, Sort: "plannedStart",
		Limit: isms.MaxPageSize})
	if err != nil {
		return err
	}
	cov, err := programmeCoverage(ctx, tx, p, audits)
	if err != nil {
		return err
	}
	var clauses, controls, weight []isms.RecordRef
	for _, row := range cov.Rows {
		if row.Kind == isms.KindControl {
			f.AuditCycleControls++
		}
		if row.Weight == isms.WeightHigh {
			f.AuditCycleHeavy++
		}
		ref := isms.RecordRef{Type: objectRequirement, ID: row.ID, Ref: row.Ref, Title: row.Title}
		switch {
		case row.Gap == isms.GapUncovered && row.Kind == isms.KindClause:
			clauses = append(clauses, ref)
		case row.Gap == isms.GapUncovered:
			controls = append(controls, ref)
		case row.Gap == isms.GapBelowWeight:
			weight = append(weight, ref)
		}
	}
	f.AuditUncoveredClauses, f.AuditUncoveredControls, f.AuditBelowWeight =
		readinessRecords(clauses), readinessRecords(controls), readinessRecords(weight)
	return nil
}

// unresolvedLeadAudits returns the audits of conflicts, each once in
// order, that hold a conflict none of their overrides accepts.
func unresolvedLeadAudits(conflicts []sqldb.ReadinessLeadConflict) isms.RecordSet {
	var audits []isms.RecordRef
	seen := map[isms.ID]bool{}
	for _, c := range conflicts {
		if seen[c.Audit.ID] || len(isms.Unresolved([]isms.IndependenceConflict{c.Conflict}, c.Overrides)) == 0 {
			continue
		}
		seen[c.Audit.ID] = true
		audits = append(audits, c.Audit)
	}
	return readinessRecords(audits)
}
