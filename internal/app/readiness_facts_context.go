// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherContextFacts reads the facts of the context rules: the store's
// figures of issues, parties, requirements and processes, and the scope
// versions in force and in draft.
func gatherContextFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.ContextFacts) error {
	var err error
	if *f, err = tx.ReadinessContext(ctx, org, today); err != nil {
		return fmt.Errorf("readiness context: %w", err)
	}
	approved, err := scopeWithStatus(ctx, tx, org, isms.ScopeApproved)
	if err != nil {
		return fmt.Errorf("readiness scope: %w", err)
	}
	draft, err := scopeWithStatus(ctx, tx, org, isms.ScopeDraft)
	if err != nil {
		return fmt.Errorf("readiness scope draft: %w", err)
	}
	scopeFacts(approved, draft, f)
	return nil
}

// scopeFacts fills the scope facts from the version in force and the
// draft (either may be nil).
func scopeFacts(approved, draft *isms.Scope, f *isms.ContextFacts) {
	if approved != nil {
		f.ScopeApproved = scopeRecord(approved)
		f.ScopeStatement = approved.Statement != ""
		f.ScopeBoundaries = len(approved.Units) + len(approved.Locations) + len(approved.InScope)
		for _, x := range approved.Interfaces {
			if x.Party != "" || x.Description != "" {
				f.ScopeInterfaces++
			}
		}
		for _, x := range approved.Exclusions {
			if x.Item == "" {
				continue
			}
			f.ScopeExclusions++
			if x.Justification == "" {
				f.ScopeUnjustified = append(f.ScopeUnjustified, x.Item)
			}
		}
	}
	if draft != nil && (approved == nil || draft.Number > approved.Number) {
		f.ScopeDraft, f.ScopeDraftSince = scopeRecord(draft), isms.DateOf(draft.CreatedAt)
	}
}

// scopeRecord names a scope version in a finding.
func scopeRecord(s *isms.Scope) isms.RecordRef {
	return isms.RecordRef{Type: objectScope, ID: s.ID, Title: "ISMS scope " + s.VersionLabel()}
}
