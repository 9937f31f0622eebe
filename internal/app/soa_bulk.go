// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// DecideSoALines records the same decision (applicability, business
// requirement, good practice, reason, exclusion, change reason) on the
// lines of requirements of a draft read at its version, in one
// transaction; each line keeps its status override and owner. A draft
// awaiting approval cannot change; one invalid line refuses them all,
// naming its reference. It returns how many lines changed, each audited
// as a line update.
func (a *App) DecideSoALines(ctx context.Context, actor isms.Actor, soa isms.ID, version int, requirements []isms.ID, in SoALineInput) (int, error) {
	if err := forbid(actor.Can(isms.EditSoA), "You may not change the Statement of Applicability."); err != nil {
		return 0, err
	}
	if len(requirements) == 0 {
		return 0, &isms.Error{Code: isms.Invalid, Message: "Select the lines to decide.",
			Fields: map[string]string{"requirements": "Select at least one line."}}
	}
	n := 0
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := editableSoA(ctx, tx, actor, soa)
		if err != nil {
			return err
		}
		if s.Version != version {
			return staleConflict("Statement of Applicability", version, s.Version)
		}
		seen := map[isms.ID]bool{}
		for _, req := range requirements {
			if seen[req] {
				continue
			}
			seen[req] = true
			changed, err := decideSoALine(ctx, tx, actor, s, req, in)
			if err != nil {
				return err
			}
			if changed {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// decideSoALine records decision in on the line of requirement of draft
// s, keeping the line's status override and owner.
func decideSoALine(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.SoA, requirement isms.ID, in SoALineInput) (bool, error) {
	l, err := tx.FindSoALineForUpdate(ctx, actor.OrgID, s.ID, requirement)
	if err != nil {
		return false, err
	}
	in.Override, in.OverrideReason, in.OwnerID = l.Override, l.OverrideReason, l.OwnerID
	changed, err := changeSoALine(ctx, tx, actor, s, l, in)
	if fields := isms.ErrorFields(err); fields != nil {
		return false, soaLineProblems(l.Ref, fields)
	}
	return changed, err
}

// soaLineProblems is an Invalid error whose message names line ref and
// its problems, field by field in a stable order.
func soaLineProblems(ref string, fields map[string]string) error {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = fields[k]
	}
	return &isms.Error{Code: isms.Invalid, Message: ref + ": " + strings.Join(msgs, " "), Fields: fields}
}
