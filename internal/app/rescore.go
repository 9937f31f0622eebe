// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Risks keep the method version they were scored under. Once a newer
// version is approved, a guided re-score maps each old likelihood and
// impact level to a level of the new version (a proposal at the same
// relative height, which the person may change) and moves every risk of
// the old version to the new one, recording who re-scored what.

// RescoreRow is one risk of a re-score with its scores under the new
// version.
type RescoreRow struct {
	Risk               *isms.Risk
	Inherent, Residual isms.RiskScore
}

// RescorePlan is what re-scoring the risks of From under To with Map does.
type RescorePlan struct {
	From, To *isms.RiskMethod
	Map      isms.RescoreMap
	Rows     []RescoreRow
}

// RescorePreview returns what re-scoring the risks of method version
// fromID under the current version would do, without changing anything.
// rm nil proposes the default mapping.
func (a *App) RescorePreview(ctx context.Context, actor isms.Actor, fromID isms.ID, rm *isms.RescoreMap) (*RescorePlan, error) {
	if err := forbid(actor.Can(isms.ManageRiskMethod), "You may not re-score risks."); err != nil {
		return nil, err
	}
	var plan *RescorePlan
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		plan, err = rescorePlan(ctx, tx, actor.OrgID, fromID, rm)
		return err
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// rescorePlan works out a re-score of the risks of fromID under the
// current version.
func rescorePlan(ctx context.Context, tx *sqldb.Tx, org, fromID isms.ID, rm *isms.RescoreMap) (*RescorePlan, error) {
	from, err := tx.FindRiskMethodByID(ctx, org, fromID)
	if err != nil {
		return nil, err
	}
	to, err := currentRiskMethod(ctx, tx, org)
	switch {
	case err != nil:
		return nil, err
	case to == nil:
		return nil, isms.Errorf(isms.Conflict, "No risk method version is approved yet; approve one before re-scoring risks.")
	case to.ID == from.ID:
		return nil, isms.Errorf(isms.Conflict, "%s is the current method; its risks need no re-scoring.", from.VersionLabel())
	case from.Status == isms.MethodDraft:
		return nil, isms.Errorf(isms.Conflict, "%s is a draft; no risks are scored under it.", from.VersionLabel())
	}
	plan := &RescorePlan{From: from, To: to, Map: isms.DefaultRescoreMap(from, to)}
	if rm != nil {
		plan.Map = *rm
	}
	if err := plan.Map.Validate(from, to); err != nil {
		return nil, err
	}
	risks, err := tx.FindRisksByMethod(ctx, org, from.ID)
	if err != nil {
		return nil, err
	}
	plan.Rows = make([]RescoreRow, len(risks))
	for i, r := range risks {
		plan.Rows[i] = RescoreRow{Risk: r, Inherent: plan.Map.Apply(r.Inherent, to), Residual: plan.Map.Apply(r.Residual, to)}
	}
	return plan, nil
}

// Rescore moves every risk scored under method version fromID to the
// current version, mapping its scores with rm. A standing acceptance ends,
// since it accepted a level of the old version, and an accepted risk goes
// back to the status its data gives. Each risk gets a "risk.rescore"
// event, the old version one "risk_method.rescore" summary. It returns how
// many risks were re-scored.
func (a *App) Rescore(ctx context.Context, actor isms.Actor, fromID isms.ID, rm isms.RescoreMap) (int, error) {
	if err := forbid(actor.Can(isms.ManageRiskMethod), "You may not re-score risks."); err != nil {
		return 0, err
	}
	var n int
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		plan, err := rescorePlan(ctx, tx, actor.OrgID, fromID, &rm)
		if err != nil {
			return err
		}
		events := make([]*isms.AuditEvent, 0, len(plan.Rows)+1)
		for _, row := range plan.Rows {
			changes, err := rescoreRisk(ctx, tx, plan, row)
			if err != nil {
				return err
			}
			e := isms.NewAuditEvent(actor, "risk.rescore", objectRisk, row.Risk.ID, changes)
			events = append(events, &e)
		}
		n = len(plan.Rows)
		e := isms.NewAuditEvent(actor, "risk_method.rescore", objectRiskMethod, plan.From.ID, isms.Changes{
			"risks": {After: n}, "methodVersion": {Before: plan.From.Number, After: plan.To.Number},
			"likelihoodMap": {After: plan.Map.Likelihood}, "impactMap": {After: plan.Map.Impact}})
		events = append(events, &e)
		return tx.InsertAuditEvents(ctx, orgChain(actor.OrgID), events)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// rescoreRisk stores one row of plan and returns the changes to record.
func rescoreRisk(ctx context.Context, tx *sqldb.Tx, plan *RescorePlan, row RescoreRow) (isms.Changes, error) {
	r := row.Risk
	ch := isms.Changes{
		"methodVersion": {Before: plan.From.Number, After: plan.To.Number},
		"inherent":      {Before: scoreRecord(plan.From, r.Inherent), After: scoreRecord(plan.To, row.Inherent)},
		"residual":      {Before: scoreRecord(plan.From, r.Residual), After: scoreRecord(plan.To, row.Residual)},
	}
	r.MethodID, r.MethodNumber, r.Inherent, r.Residual = plan.To.ID, plan.To.Number, row.Inherent, row.Residual
	if r.AcceptanceID != "" {
		if err := tx.EndRiskAcceptance(ctx, r.OrgID, r.AcceptanceID, tx.Now(), isms.AcceptanceMethodChange); err != nil {
			return nil, err
		}
		ch["acceptance"] = isms.Change{Before: string(r.AcceptanceID), After: nil}
		r.AcceptanceID, r.AcceptedUntil = "", isms.Date{}
	}
	if r.Status == isms.RiskAccepted {
		r.Status = isms.RiskAssessed
		r.AutoStatus()
		ch["status"] = isms.Change{Before: string(isms.RiskAccepted), After: string(r.Status)}
	}
	if err := tx.UpdateRisk(ctx, r, r.Version); err != nil {
		return nil, err
	}
	return ch, nil
}

// scoreRecord is how the audit trail records a score under m: nil when
// unscored.
func scoreRecord(m *isms.RiskMethod, s isms.RiskScore) any {
	if s.IsZero() {
		return nil
	}
	out := map[string]any{"likelihood": s.Likelihood, "impact": s.Impact, "level": m.LevelLabel(s.Level)}
	if s.C > 0 || s.I > 0 || s.A > 0 {
		out["c"], out["i"], out["a"] = s.C, s.I, s.A
	}
	return out
}
