// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Reading the risk register: the register page, one risk with its whole
// chain, the heatmap and the flag counts the rest of the product shows.

// RiskRow is one risk of the register with its levels (nil when unscored)
// and the flags that hold for it today.
type RiskRow struct {
	Risk               *isms.Risk
	Inherent, Residual *isms.RiskLevel
	Flags              []isms.RiskFlag
}

// RiskPage is a page of the register, with the method versions its rows
// are scored under and the current one (nil when none is approved).
type RiskPage struct {
	Rows    []RiskRow
	Total   int
	Current *isms.RiskMethod
	Methods map[isms.ID]*isms.RiskMethod
}

// FindRisks lists the risks of the actor's organization. A filter by level
// or heatmap cell without a method version means the current one; overdue
// counts from today.
func (a *App) FindRisks(ctx context.Context, actor isms.Actor, f isms.RiskFilter) (*RiskPage, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risks."); err != nil {
		return nil, err
	}
	var page *RiskPage
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		page, err = a.FindRisksTx(ctx, tx, actor.OrgID, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// FindRisksTx reads what FindRisks returns for the risks of org, within tx
// and without its permission check, for a caller that has made it.
func (a *App) FindRisksTx(ctx context.Context, tx *sqldb.Tx, org isms.ID, f isms.RiskFilter) (page *RiskPage, err error) {
	f.OrgID, f.Today = org, a.today()
	page = &RiskPage{}
	if page.Methods, page.Current, err = riskMethodsOf(ctx, tx, org); err != nil {
		return nil, err
	}
	if f.MethodID == "" && page.Current != nil {
		f.MethodID = page.Current.ID
	}
	list, total, err := tx.FindRisks(ctx, f)
	if err != nil {
		return nil, err
	}
	page.Total = total
	for _, r := range list {
		page.Rows = append(page.Rows, riskRow(r, page.Methods, page.Current, f.Today))
	}
	return page, nil
}

// riskRow is r as the register shows it.
func riskRow(r *isms.Risk, methods map[isms.ID]*isms.RiskMethod, current *isms.RiskMethod, today isms.Date) RiskRow {
	row := RiskRow{Risk: r}
	m := methods[r.MethodID]
	if m != nil {
		row.Inherent, row.Residual = m.Level(r.Inherent.Level), m.Level(r.Residual.Level)
	}
	row.Flags = r.Flags(m, current, today)
	return row
}

// RiskDetail is a risk with its whole chain: the method it is scored
// under and the current one, its assets and controls, its treatment
// actions, its acceptances (newest first) and the latest submission of its
// treatment plan. CanAccept is nil when the reader may accept its residual
// risk now, else why not.
type RiskDetail struct {
	Risk            *isms.Risk
	Method, Current *isms.RiskMethod
	Assets          []*isms.Asset
	Controls        []*isms.Control
	Actions         []isms.TreatmentAction
	Acceptances     []*isms.RiskAcceptance
	PlanApproval    *isms.Approval
	Flags           []isms.RiskFlag
	CanAccept       error
}

// FindRisk returns a risk, by ID or reference, with its chain.
func (a *App) FindRisk(ctx context.Context, actor isms.Actor, idOrRef string) (*RiskDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risks."); err != nil {
		return nil, err
	}
	d := &RiskDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Risk, err = findRiskByIDOrRef(ctx, tx, actor.OrgID, idOrRef); err != nil {
			return err
		}
		return a.riskChain(ctx, tx, actor, d)
	})
	if err != nil {
		return nil, fmt.Errorf("find risk %s: %w", idOrRef, err)
	}
	return d, nil
}

// riskChain reads what d.Risk is linked to.
func (a *App) riskChain(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *RiskDetail) (err error) {
	r, org := d.Risk, actor.OrgID
	methods, current, err := riskMethodsOf(ctx, tx, org)
	if err != nil {
		return err
	}
	d.Method, d.Current = methods[r.MethodID], current
	if d.Assets, err = tx.RiskAssets(ctx, org, r.ID); err != nil {
		return err
	}
	if d.Controls, err = tx.RiskControls(ctx, org, r.ID); err != nil {
		return err
	}
	if d.Actions, err = tx.RiskActions(ctx, org, r.ID); err != nil {
		return err
	}
	if d.Acceptances, err = tx.RiskAcceptances(ctx, org, r.ID); err != nil {
		return err
	}
	d.PlanApproval, err = tx.FindLatestApproval(ctx, org, objectRiskTreatment, r.ID)
	if isms.ErrorCode(err) == isms.NotFound {
		d.PlanApproval, err = nil, nil
	}
	d.Flags = r.Flags(d.Method, current, a.today())
	d.CanAccept = acceptRefusal(r, current, actor)
	if d.CanAccept == nil && d.PlanApproval != nil && d.PlanApproval.Status == isms.ApprovalPending {
		d.CanAccept = isms.Errorf(isms.Conflict, "The treatment plan of %s awaits approval; accept the risk once it is decided.", r.Ref)
	}
	return err
}

// Heatmap counts risks per cell of the current method's matrix, on the
// inherent and the residual basis: Inherent[l-1][i-1] is the number of
// risks at likelihood position l and impact position i. Other counts the
// risks scored under other method versions, Unscored those without an
// inherent score. Method is nil when no method is approved.
type Heatmap struct {
	Method             *isms.RiskMethod
	Inherent, Residual [][]int
	Other, Unscored    int
}

// RiskHeatmap counts the risks f selects (its owner, status, treatment,
// asset and other filters; not its level or cell) on the heatmap.
func (a *App) RiskHeatmap(ctx context.Context, actor isms.Actor, f isms.RiskFilter) (*Heatmap, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risks."); err != nil {
		return nil, err
	}
	f.OrgID, f.Today = actor.OrgID, a.today()
	f.Level, f.Likelihood, f.Impact, f.MethodID, f.Sort, f.Offset = 0, 0, 0, "", "", 0
	h := &Heatmap{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		methods, current, err := riskMethodsOf(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		count := f
		count.Limit = 1
		_, total, err := tx.FindRisks(ctx, count)
		if err != nil {
			return err
		}
		scored, err := a.fillHeatmap(ctx, tx, h, f, methods, current)
		h.Unscored = total - scored
		return err
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// fillHeatmap counts the cells of h under current and the risks scored
// under other versions, and returns how many risks have an inherent score.
func (a *App) fillHeatmap(ctx context.Context, tx *sqldb.Tx, h *Heatmap, f isms.RiskFilter, methods map[isms.ID]*isms.RiskMethod, current *isms.RiskMethod) (int, error) {
	used, err := tx.CountRisksByMethod(ctx, f.OrgID)
	if err != nil {
		return 0, err
	}
	scored := 0
	for id, m := range methods {
		if used[id] == 0 && m != current {
			continue
		}
		f.MethodID = id
		cells, err := tx.RiskHeatmap(ctx, f, "inherent")
		if err != nil {
			return 0, err
		}
		n := 0
		for _, c := range cells {
			n += c.Count
		}
		scored += n
		if m != current {
			h.Other += n
			continue
		}
		h.Method = m
		h.Inherent = heatGrid(m, cells)
		if cells, err = tx.RiskHeatmap(ctx, f, "residual"); err != nil {
			return 0, err
		}
		h.Residual = heatGrid(m, cells)
	}
	return scored, nil
}

// heatGrid lays cells out as m's matrix.
func heatGrid(m *isms.RiskMethod, cells []isms.HeatCell) [][]int {
	g := make([][]int, len(m.Likelihood))
	for l := range g {
		g[l] = make([]int, len(m.Impact))
	}
	for _, c := range cells {
		if c.Likelihood >= 1 && c.Likelihood <= len(g) && c.Impact >= 1 && c.Impact <= len(g[0]) {
			g[c.Likelihood-1][c.Impact-1] = c.Count
		}
	}
	return g
}

// RiskFlagCounts counts the open risks of the actor's organization per
// flag, as of today.
func (a *App) RiskFlagCounts(ctx context.Context, actor isms.Actor) (map[isms.RiskFlag]int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risks."); err != nil {
		return nil, err
	}
	var out map[isms.RiskFlag]int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = a.RiskFlagCountsTx(ctx, tx, actor.OrgID)
		return err
	})
	return out, err
}

// RiskFlagCountsTx reads what RiskFlagCounts returns for org, within tx and
// without its permission check, for a caller that has made it.
func (a *App) RiskFlagCountsTx(ctx context.Context, tx *sqldb.Tx, org isms.ID) (map[isms.RiskFlag]int, error) {
	current, err := currentRiskMethod(ctx, tx, org)
	if err != nil {
		return nil, err
	}
	var id isms.ID
	var untreated []int
	if current != nil {
		id = current.ID
		for n := range current.Levels {
			if !current.MayRetain(n + 1) {
				untreated = append(untreated, n+1)
			}
		}
	}
	return tx.RiskFlagCounts(ctx, org, id, untreated, a.today())
}
