// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"sort"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The nonconformities page's header and the trends the management review
// reads: open ones by age and grade, overdue actions, checks due, and
// counts by source and by clause.

// NCOverview is the nonconformities page's header: open ones by age band
// and grade, overdue actions, checks due.
type NCOverview struct {
	// OpenByAge counts open nonconformities per age band ("0–30 days",
	// "31–90 days", "over 90 days") and grade.
	OpenByAge []NCAgeBand
	Overdue   []*isms.NCAction // overdue corrective actions, earliest first (at most 10)
	// OverdueTotal counts them all.
	OverdueTotal int
	ChecksDue    []*isms.Nonconformity // checks due by today + 14 days
}

// NCAgeBand is one age band's counts.
type NCAgeBand struct {
	Label string
	Major int
	Minor int
}

// ncAgeBands are the age bands: up to max days old (0 for no limit).
var ncAgeBands = []struct {
	label string
	max   int
}{{"0–30 days", 30}, {"31–90 days", 90}, {"over 90 days", 0}}

// ncOverviewLimits: the overdue actions listed and how far ahead checks
// count as due.
const (
	ncOverdueShown   = 10
	ncChecksDueAhead = 14
)

// NonconformityOverview returns the overview.
func (a *App) NonconformityOverview(ctx context.Context, actor isms.Actor) (*NCOverview, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see nonconformities."); err != nil {
		return nil, err
	}
	today := a.today()
	v := &NCOverview{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		open, err := allNonconformities(ctx, tx, actor.OrgID, isms.NCFilter{Open: true})
		if err != nil {
			return err
		}
		v.OpenByAge = ncAgeCounts(open, today)
		if v.Overdue, v.OverdueTotal, err = tx.OverdueNCActions(ctx, actor.OrgID, today, ncOverdueShown); err != nil {
			return err
		}
		v.ChecksDue, err = allNonconformities(ctx, tx, actor.OrgID,
			isms.NCFilter{CheckDueBy: today.AddDays(ncChecksDueAhead), Sort: "checkDue"})
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ncAgeCounts counts list by age band on today and grade.
func ncAgeCounts(list []*isms.Nonconformity, today isms.Date) []NCAgeBand {
	out := make([]NCAgeBand, len(ncAgeBands))
	for i, b := range ncAgeBands {
		out[i].Label = b.label
	}
	for _, n := range list {
		age, i := n.AgeDays(today), 0
		for ncAgeBands[i].max != 0 && age > ncAgeBands[i].max {
			i++
		}
		switch n.Grade {
		case isms.NCMajor:
			out[i].Major++
		case isms.NCMinor:
			out[i].Minor++
		}
	}
	return out
}

// allNonconformities returns every nonconformity f selects, page by page.
func allNonconformities(ctx context.Context, tx *sqldb.Tx, org isms.ID, f isms.NCFilter) ([]*isms.Nonconformity, error) {
	var out []*isms.Nonconformity
	f.Limit, f.Offset = isms.MaxPageSize, 0
	for {
		page, total, err := tx.FindNonconformities(ctx, org, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
		f.Offset += len(page)
	}
}

// NonconformityTrends counts the nonconformities detected in [since,
// until] by source and by clause (the top-level group of each requirement
// reference: "9", "A.5"), with the previous period of the same length.
// A nonconformity that names several requirements of one clause counts
// once per requirement.
func (a *App) NonconformityTrends(ctx context.Context, actor isms.Actor, since, until isms.Date) (bySource, byClause []isms.NCTrend, err error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see nonconformities."); err != nil {
		return nil, nil, err
	}
	if until.Before(since) {
		return nil, nil, isms.Problems{"until": "The period must end on or after its start."}.Err()
	}
	err = a.db.View(ctx, func(tx *sqldb.Tx) error {
		bySource, byClause, err = ncTrends(ctx, tx, actor.OrgID, since, until)
		return err
	})
	return bySource, byClause, err
}

// ncTrends counts the nonconformities of org detected in [since, until]
// and in the period of the same length before, by source (every source,
// in display order) and by clause (those with a count, in reference
// order).
func ncTrends(ctx context.Context, tx *sqldb.Tx, org isms.ID, since, until isms.Date) (bySource, byClause []isms.NCTrend, err error) {
	days := since.DaysUntil(until) + 1
	srcNow, refNow, err := tx.NCCounts(ctx, org, since, until)
	if err != nil {
		return nil, nil, err
	}
	srcBefore, refBefore, err := tx.NCCounts(ctx, org, since.AddDays(-days), since.AddDays(-1))
	if err != nil {
		return nil, nil, err
	}
	bySource = make([]isms.NCTrend, 0, len(isms.NCSources))
	for _, s := range isms.NCSources {
		bySource = append(bySource, isms.NCTrend{Key: string(s), Label: s.Label(), Count: srcNow[string(s)], Previous: srcBefore[string(s)]})
	}
	groups := newClauseGroups(ctx, tx, org)
	clauses := map[string]*isms.NCTrend{}
	for i, counts := range []map[string]int{refNow, refBefore} {
		for ref, n := range counts {
			key, label, err := groups.of(ref)
			if err != nil {
				return nil, nil, err
			}
			c := clauses[key]
			if c == nil {
				c = &isms.NCTrend{Key: key, Label: label}
				clauses[key] = c
			}
			if i == 0 {
				c.Count += n
			} else {
				c.Previous += n
			}
		}
	}
	byClause = make([]isms.NCTrend, 0, len(clauses))
	for _, c := range clauses {
		byClause = append(byClause, *c)
	}
	sort.Slice(byClause, func(i, j int) bool { return clauseLess(byClause[i].Key, byClause[j].Key) })
	return bySource, byClause, nil
}

// clauseLess orders clauses as the standard does: the numbered clauses
// before Annex A, each by its numbers ("9" before "10", "A.5" before
// "A.8").
func clauseLess(a, b string) bool {
	if ea, eb := strings.HasPrefix(a, "A"), strings.HasPrefix(b, "A"); ea != eb {
		return eb
	}
	return naturalLess(strings.ReplaceAll(a, ".", "-"), strings.ReplaceAll(b, ".", "-"))
}

// clauseGroups finds the clause of requirement references in the
// organization's ISO/IEC 27001:2022 requirements, remembering each.
type clauseGroups struct {
	ctx  context.Context
	tx   *sqldb.Tx
	org  isms.ID
	fw   *isms.Framework // nil when the organization has not imported it
	seen map[string][2]string
}

func newClauseGroups(ctx context.Context, tx *sqldb.Tx, org isms.ID) *clauseGroups {
	g := &clauseGroups{ctx: ctx, tx: tx, org: org, seen: map[string][2]string{}}
	if fw, err := findFrameworkByIDOrKey(ctx, tx, org, ncFramework); err == nil {
		g.fw = fw
	}
	return g
}

// of returns the clause of ref and its label: the top-level group of the
// requirement when it exists ("A.5.18" → "A.5 Organizational controls"),
// else the part of ref before its first dot, or the first two parts of an
// Annex A reference.
func (g *clauseGroups) of(ref string) (string, string, error) {
	if x, ok := g.seen[ref]; ok {
		return x[0], x[1], nil
	}
	key := fallbackClause(ref)
	label := key
	if g.fw != nil {
		r, err := g.tx.FindRequirementByRef(g.ctx, g.org, g.fw.ID, ref)
		switch {
		case err == nil && r.GroupRef != "":
			key, label = r.GroupRef, r.GroupRef
			if top, err := g.tx.FindRequirementByRef(g.ctx, g.org, g.fw.ID, r.GroupRef); err == nil {
				label = top.Label()
			}
		case err != nil && isms.ErrorCode(err) != isms.NotFound:
			return "", "", err
		}
	}
	g.seen[ref] = [2]string{key, label}
	return key, label, nil
}

// fallbackClause is the clause of a reference no longer in the framework:
// "9.2" → "9", "A.5.18" → "A.5".
func fallbackClause(ref string) string {
	parts := strings.Split(ref, ".")
	if len(parts) > 1 && parts[0] == "A" {
		return "A." + parts[1]
	}
	return parts[0]
}

// ncNext says what to do next with n, whose tasks are actions.
func ncNext(n *isms.Nonconformity, actions []*isms.NCAction) string {
	open := 0
	for _, x := range actions {
		if x.Kind == isms.NCActionCorrective && x.Status == isms.TaskOpen {
			open++
		}
	}
	switch {
	case n.Status == isms.NCClosed:
		return "Nothing: the corrective actions were found effective on " + n.ClosedOn.String() + "."
	case !n.CorrectionStep.Done():
		return "Record the correction."
	case !n.RCAStep.Done():
		return "Analyse and record the root cause."
	case n.Status == isms.NCVerifying && n.CheckTaskID == "":
		return "Schedule the effectiveness check."
	case n.Status == isms.NCVerifying:
		return "Record the effectiveness check, due " + n.CheckDue.String() + "."
	case open > 0:
		return "Complete the corrective actions."
	}
	return "Add the corrective actions that remove the root cause."
}
