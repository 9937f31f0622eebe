// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// FindAuditEvents lists events of the actor's organization chain.
func (a *App) FindAuditEvents(ctx context.Context, actor isms.Actor, f isms.AuditFilter) ([]*isms.AuditEvent, int, error) {
	if err := forbid(actor.Can(isms.ReadAuditTrail), "You may not read the audit trail."); err != nil {
		return nil, 0, err
	}
	f.Chain = orgChain(actor.OrgID)
	var list []*isms.AuditEvent
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindAuditEvents(ctx, f)
		return err
	})
	return list, total, err
}

// ChainHead returns the head of the actor's organization chain, which is
// shown in the UI and goes into every export.
func (a *App) ChainHead(ctx context.Context, actor isms.Actor) (isms.ChainHead, error) {
	if err := forbid(actor.Can(isms.ReadISMS) || actor.Can(isms.ReadAuditTrail), "You may not read the audit trail."); err != nil {
		return isms.ChainHead{}, err
	}
	var h isms.ChainHead
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		h, err = tx.FindChainHead(ctx, orgChain(actor.OrgID))
		return err
	})
	return h, err
}

// ChainReport is the result of verifying one audit chain.
type ChainReport struct {
	Chain   string           `json:"chain"`
	Head    isms.ChainHead   `json:"head"`
	Checked int64            `json:"checked"`
	Break   *isms.ChainBreak `json:"break,omitempty"` // nil when the chain verifies
}

// OK reports whether the chain verified.
func (r ChainReport) OK() bool { return r.Break == nil }

// VerifyAuditChain walks one chain in constant memory and reports the first
// broken link, if any. Readers of the organization's audit trail may verify
// its chain; the installation chain is the owners'.
func (a *App) VerifyAuditChain(ctx context.Context, actor isms.Actor, chain string) (ChainReport, error) {
	allowed := actor.System || (chain == isms.InstallationChain && actor.Owner) ||
		(chain == orgChain(actor.OrgID) && actor.Can(isms.ReadAuditTrail))
	if err := forbid(allowed, "You may not verify this audit chain."); err != nil {
		return ChainReport{}, err
	}
	r := ChainReport{Chain: chain}
	v := isms.NewChainVerifier(chain)
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if r.Head, err = tx.FindChainHead(ctx, chain); err != nil {
			return err
		}
		// Events appended after the head was read are not part of this check.
		next := func(e *isms.AuditEvent) bool { return e.Seq <= r.Head.Seq && v.Next(e) }
		if err := tx.WalkAuditChain(ctx, chain, next); err != nil {
			return err
		}
		v.Finish(r.Head)
		return nil
	})
	r.Checked, r.Break = v.Checked, v.Break
	return r, err
}

// AuditChains returns the names of every audit chain; operators only.
func (a *App) AuditChains(ctx context.Context, actor isms.Actor) ([]string, error) {
	if err := forbid(actor.System || actor.Owner, "Only an installation owner may list audit chains."); err != nil {
		return nil, err
	}
	var names []string
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		names, err = tx.FindChainNames(ctx)
		return err
	})
	return names, err
}
