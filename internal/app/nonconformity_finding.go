// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// An internal audit finding graded as a nonconformity opens one, and a
// finding graded as an opportunity for improvement opens an improvement,
// in the transaction that records the finding: the audit's results reach
// 10.2 and 10.1 without anyone copying them.

// openFindingRecords wraps the fill of a finding: once the finding is
// filled and valid, it opens the nonconformity or improvement its grade
// calls for, unless the finding has one already (a regraded finding).
func (a *App) openFindingRecords(ctx context.Context, actor isms.Actor, fill fillFunc[*isms.AuditFinding]) fillFunc[*isms.AuditFinding] {
	return func(tx *sqldb.Tx, f *isms.AuditFinding) (isms.Changes, error) {
		ch, err := fill(tx, f)
		if err != nil {
			return nil, err
		}
		switch {
		case f.Grade.Nonconformity():
			n, err := a.openNonconformityIn(ctx, tx, actor, f)
			if err != nil || n == nil {
				return ch, err
			}
			ch = withChange(ch, "nonconformity", n.Ref)
		case f.Grade == isms.FindingOFI:
			imp, err := a.openImprovementIn(ctx, tx, actor, f)
			if err != nil || imp == nil {
				return ch, err
			}
			ch = withChange(ch, "improvement", imp.Ref)
		}
		return ch, nil
	}
}

// withChange adds to ch (nil for none) that field became after.
func withChange(ch isms.Changes, field, after string) isms.Changes {
	if ch == nil {
		ch = isms.Changes{}
	}
	ch[field] = isms.Change{After: after}
	return ch
}
