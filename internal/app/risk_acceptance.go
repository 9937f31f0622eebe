// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A residual risk is accepted (27001 6.1.3 f) by whoever the acceptance
// criteria of the current method name for its level: the risk owner, a
// manager, an administrator or one named person. The acceptance keeps the
// signer, the time, the method version, the residual score and level and
// a comment. It lapses at the risk's next review date, and ends when the
// residual score changes, the risk is re-scored or reopened, or it is
// accepted again.

// AcceptInput is a sign-off of a risk's residual level: the signer's
// comment and the version of the risk they looked at (0 for any).
type AcceptInput struct {
	Comment string
	Version int
}

// AcceptRisk records that the actor accepts the risk's residual level. The
// residual risk must be scored under the current method and the actor
// must have authority for its level; otherwise the refusal says who has.
// A standing acceptance is replaced. The acceptance expires at the risk's
// next review date.
func (a *App) AcceptRisk(ctx context.Context, actor isms.Actor, riskID isms.ID, in AcceptInput) (*isms.RiskAcceptance, error) {
	if err := forbid(writesOwnWork(actor), "You may not accept risks."); err != nil {
		return nil, err
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > isms.MaxTextLen {
		return nil, isms.Problems{"comment": "Comment must be at most 20,000 characters."}.Err()
	}
	var acc *isms.RiskAcceptance
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindRiskByIDForUpdate(ctx, actor.OrgID, riskID)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != r.Version {
			return isms.Errorf(isms.Conflict, "%s changed since you looked at it (version %d is now %d). Review it again, then accept it.", r.Ref, in.Version, r.Version)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectRiskTreatment, r.ID); err != nil {
			return err
		}
		current, err := currentRiskMethod(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		if err := acceptRefusal(r, current, actor); err != nil {
			return err
		}
		acc, err = a.acceptIn(ctx, tx, actor, r, current, comment)
		return err
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

// acceptRefusal returns why actor may not accept r's residual risk now
// under the current method, or nil when they may.
func acceptRefusal(r *isms.Risk, current *isms.RiskMethod, actor isms.Actor) error {
	switch {
	case !writesOwnWork(actor):
		return isms.Errorf(isms.Forbidden, "You may not accept risks.")
	case r.Status == isms.RiskClosed:
		return isms.Errorf(isms.Conflict, "%s is closed; reopen it before accepting it.", r.Ref)
	case r.Residual.Level == 0:
		return isms.Errorf(isms.Invalid, "Score the residual risk of %s before accepting it.", r.Ref)
	case current == nil:
		return isms.Errorf(isms.Conflict, "Approve a risk method before accepting risks.")
	case r.MethodID != current.ID:
		return isms.Errorf(isms.Conflict, "%s is scored under v%d; re-score it under %s before accepting it.", r.Ref, r.MethodNumber, current.VersionLabel())
	}
	return current.CanAccept(r.Residual.Level, actor.Role, actor.UserID, r.OwnerID)
}

// acceptIn stores the acceptance of r's residual level by actor under m,
// ending a standing one, and records it.
func (a *App) acceptIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk, m *isms.RiskMethod, comment string) (*isms.RiskAcceptance, error) {
	before := *r
	ch := isms.Changes{}
	if r.AcceptanceID != "" {
		if err := endAcceptance(ctx, tx, r, isms.AcceptanceReplaced, ch); err != nil {
			return nil, err
		}
	}
	today := a.today()
	expires := r.NextReview
	if expires.IsZero() || !expires.After(today) {
		expires = today.AddDate(0, m.ReviewMonths, 0)
	}
	acc := &isms.RiskAcceptance{ID: isms.NewID("racc"), OrgID: r.OrgID, RiskID: r.ID, AcceptedBy: actor.UserID,
		AcceptedByName: actor.Name, AcceptedAt: tx.Now(), MethodID: m.ID, MethodNumber: m.Number, Residual: r.Residual,
		LevelLabel: m.LevelLabel(r.Residual.Level), Comment: comment, ExpiresOn: expires}
	if err := tx.InsertRiskAcceptance(ctx, acc); err != nil {
		return nil, err
	}
	r.AcceptanceID, r.AcceptedUntil, r.Status, r.NextReview = acc.ID, expires, isms.RiskAccepted, expires
	if _, err := syncReviewTask(ctx, tx, actor, r); err != nil {
		return nil, err
	}
	if err := tx.UpdateRisk(ctx, r, before.Version); err != nil {
		return nil, err
	}
	riskChanges(&before, r, nil, ch)
	ch["accepted"] = isms.Change{After: map[string]any{"level": acc.LevelLabel, "methodVersion": m.Number,
		"residual": riskScoreRecord(m, acc.Residual), "expiresOn": expires.String(), "comment": comment}}
	return acc, audit(ctx, tx, orgChain(r.OrgID), actor, "risk.accept", objectRisk, r.ID, ch)
}

// settleAcceptance ends r's standing acceptance when the change from
// before takes it away: its residual score or method changed, or the risk
// was reopened.
func (s *riskSave) settleAcceptance(ctx context.Context, before, r *isms.Risk, ch isms.Changes) error {
	var reason string
	switch {
	case r.AcceptanceID == "":
		return nil
	case r.Residual != before.Residual || r.MethodID != before.MethodID:
		reason = isms.AcceptanceScoreChanged
	case r.Status != before.Status && r.Status != isms.RiskAccepted && r.Status != isms.RiskClosed:
		reason = isms.AcceptanceReopened
	default:
		return nil
	}
	return endAcceptance(ctx, s.tx, r, reason, ch)
}

// endAcceptance ends r's standing acceptance for reason, recording it in
// ch; an accepted risk goes back to the status its data gives.
func endAcceptance(ctx context.Context, tx *sqldb.Tx, r *isms.Risk, reason string, ch isms.Changes) error {
	if err := tx.EndRiskAcceptance(ctx, r.OrgID, r.AcceptanceID, tx.Now(), reason); err != nil {
		return err
	}
	ch["acceptanceEnded"] = isms.Change{Before: string(r.AcceptanceID), After: reason}
	r.AcceptanceID, r.AcceptedUntil = "", isms.Date{}
	if r.Status == isms.RiskAccepted {
		r.Status = isms.RiskIdentified
		r.AutoStatus()
	}
	return nil
}
