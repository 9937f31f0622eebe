// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The steps of a nonconformity's handling before and besides its
// corrective actions: the correction, the root cause analysis and the
// look for similar nonconformities. Each is dated and attributed, and may
// be recorded again while the nonconformity is not closed.

// StepInput is one step of a nonconformity's handling as people record it.
type StepInput struct {
	Text   string         // the correction, the root cause, or where similar ones were looked for
	Method isms.RCAMethod // root cause only
	// Similar are the similar nonconformities found, by reference ("NC-2");
	// similar step only.
	Similar string
}

// ncChangeFunc changes the locked nonconformity n within tx and returns
// the changes for the audit trail, or an error that undoes them.
type ncChangeFunc func(tx *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error)

// changeNC authorizes actor, locks nonconformity id (its ID or
// reference), read at version and not closed, applies change, validates
// and stores the result with its audit event action, in one transaction.
func (a *App) changeNC(ctx context.Context, actor isms.Actor, id isms.ID, version int, action string, change ncChangeFunc) (*isms.Nonconformity, error) {
	if err := forbid(actor.Can(isms.EditImprovement), "You may not handle nonconformities."); err != nil {
		return nil, err
	}
	var n *isms.Nonconformity
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if n, err = lockNC(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if n.Version != version {
			return staleConflict("nonconformity", version, n.Version)
		}
		if n.Status == isms.NCClosed {
			return isms.Errorf(isms.Conflict, "%s is closed; it can no longer change.", n.Ref)
		}
		ch, err := change(tx, n)
		if err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		// n.Version, not version: change may have stored n already.
		if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(n.OrgID), actor, action, objectNonconformity, n.ID, ch)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// lockNC returns nonconformity id (its ID or reference), locked.
func lockNC(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Nonconformity, error) {
	return byIDOrRef(ctx, org, string(id), tx.FindNonconformityByIDForUpdate, tx.FindNonconformityByRef)
}

// stepBy returns the step that actor records today.
func (a *App) stepBy(actor isms.Actor) isms.Step {
	return isms.Step{On: a.today(), By: actor.UserID, ByName: actor.Name}
}

// RecordCorrection records the correction of nonconformity id, read at
// version; it moves an open nonconformity to in_action.
func (a *App) RecordCorrection(ctx context.Context, actor isms.Actor, id isms.ID, version int, in StepInput) (*isms.Nonconformity, error) {
	return a.changeNC(ctx, actor, id, version, "nonconformity.correction", func(_ *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		text := strings.TrimSpace(in.Text)
		if text == "" {
			return nil, isms.Problems{"correction": "Describe the correction: what was done at once to control and correct the nonconformity."}.Err()
		}
		ch := isms.Changes{"correction": {Before: n.Correction, After: text}}
		n.Correction, n.CorrectionStep = text, a.stepBy(actor)
		if n.Status == isms.NCOpen {
			n.Status = isms.NCInAction
			ch["status"] = isms.Change{Before: string(isms.NCOpen), After: string(isms.NCInAction)}
		}
		return ch, nil
	})
}

// RecordRootCause records the root cause analysis (method and causes).
func (a *App) RecordRootCause(ctx context.Context, actor isms.Actor, id isms.ID, version int, in StepInput) (*isms.Nonconformity, error) {
	return a.changeNC(ctx, actor, id, version, "nonconformity.root_cause", func(_ *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		p := isms.Problems{}
		text := strings.TrimSpace(in.Text)
		if !in.Method.Valid() {
			p.Add("rcaMethod", "Choose how the root cause was analysed: five_whys, cause_effect or other.")
		}
		if text == "" {
			p.Add("rootCause", "Record the root causes found.")
		}
		if len(p) > 0 {
			return nil, p.Err()
		}
		ch := diffSupport(fieldDiff{"rcaMethod", string(n.RCAMethod), string(in.Method)}, fieldDiff{"rootCause", n.RootCause, text})
		n.RCAMethod, n.RootCause, n.RCAStep = in.Method, text, a.stepBy(actor)
		return ch, nil
	})
}

// RecordSimilar records where similar nonconformities were looked for and
// links those found.
func (a *App) RecordSimilar(ctx context.Context, actor isms.Actor, id isms.ID, version int, in StepInput) (*isms.Nonconformity, error) {
	return a.changeNC(ctx, actor, id, version, "nonconformity.similar", func(tx *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		p := isms.Problems{}
		text := strings.TrimSpace(in.Text)
		if text == "" {
			p.Add("similar", "Say where similar nonconformities were looked for, and what was found.")
		}
		refs := SplitRefs(in.Similar)
		for _, ref := range refs {
			rl, err := resolveLink(ctx, tx, n.OrgID, isms.Link{Type: objectNonconformity, ID: isms.ID(ref)}, "similarRefs")
			if err == nil && rl.ID == n.ID {
				p.Add("similarRefs", n.Ref+" cannot be similar to itself.")
			} else if err != nil && isms.ErrorCode(err) != isms.Invalid {
				return nil, err
			}
		}
		from := isms.Link{Type: objectNonconformity, ID: n.ID}
		ch, err := setRecordLinks(ctx, tx, n.OrgID, from, objectNonconformity, refs, "similarRefs", p)
		if err != nil {
			return nil, err
		}
		if ch == nil {
			ch = isms.Changes{}
		}
		if text != n.Similar {
			ch["similar"] = isms.Change{Before: n.Similar, After: text}
		}
		n.Similar, n.SimilarStep = text, a.stepBy(actor)
		return ch, nil
	})
}
