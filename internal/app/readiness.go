// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The readiness check reads every register of the organization in one
// read transaction, runs the rules of isms.ReadinessRules over the facts
// and keeps the day's result (readiness_runs) for the trend. A run is
// derived data, recomputed from the registers at any time and changing
// none of them, so keeping it writes no audit event. The result is kept
// in memory until the registers or the day change (readiness_cache.go).

// Trend lengths, in days.
const (
	DefaultTrendDays = 90
	MaxTrendDays     = 730
)

// ReadinessFilter narrows the findings a check returns; the score and
// clause scores always cover every rule.
type ReadinessFilter struct {
	Severity isms.Severity // "" for all
	Clause   string        // a score clause ("6.1", "A") or a finding's clause ("6.1.2"); "" for all
}

// Validate reports a severity or a clause that cannot match any finding,
// naming the field and the values allowed.
func (f ReadinessFilter) Validate() error {
	p := isms.Problems{}
	if f.Severity != "" && !f.Severity.Valid() {
		names := make([]string, len(isms.Severities))
		for i, s := range isms.Severities {
			names[i] = string(s)
		}
		p.Add("severity", "severity must be one of: "+strings.Join(names, ", ")+".")
	}
	if f.Clause != "" && !validFilterClause(f.Clause) {
		p.Add("clause", "clause must be a clause from 4.1 to 10.2 (such as 6.1 or 6.1.2), A for Annex A, "+
			"or an Annex A control such as A.8.15.")
	}
	return p.Err()
}

// validFilterClause reports whether c is a clause or sub-clause with
// requirements, Annex A, or an Annex A control ("A.8.15").
func validFilterClause(c string) bool {
	if c == isms.AnnexAClause || isms.ClauseColumn(c) != "" {
		return true
	}
	rest, ok := strings.CutPrefix(c, isms.AnnexAClause+".")
	theme, control, two := strings.Cut(rest, ".")
	return ok && two && positive(theme) && positive(control)
}

// positive reports whether s is a whole number above zero, without sign
// or leading zero.
func positive(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0 && strconv.Itoa(n) == s
}

// Matches reports whether finding x passes the filter: of its severity,
// and of its clause or of a clause it counts toward ("6.1" holds
// "6.1.2"; "A" holds "A.8.15").
func (f ReadinessFilter) Matches(x isms.Finding) bool {
	if f.Severity != "" && x.Severity != f.Severity {
		return false
	}
	return f.Clause == "" || x.Clause == f.Clause || isms.ScoreClause(x.Clause) == f.Clause
}

// Apply returns r with only the findings that pass f; scores and counts
// stay those of the whole check.
func (f ReadinessFilter) Apply(r *isms.Readiness) *isms.Readiness {
	if f == (ReadinessFilter{}) {
		return r
	}
	out := *r
	out.Findings = slices.DeleteFunc(slices.Clone(r.Findings), func(x isms.Finding) bool { return !f.Matches(x) })
	return &out
}

// Check runs the readiness check on the actor's organization, keeps the
// day's result for the trend, and returns it with its findings narrowed
// by f. While nothing the check reads has changed, it returns the result
// computed before, with the time of that computation, and keeps nothing
// (readiness_cache.go).
func (a *App) Check(ctx context.Context, actor isms.Actor, f ReadinessFilter) (*isms.Readiness, error) {
	if err := forbid(actor.Can(isms.ReadISMS) && actor.OrgID != "", "You may not run the readiness check."); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	r, err := a.cachedReadiness(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	return copyReadiness(r, f), nil
}

// CheckTx runs the readiness check on org's registers as of now, within tx,
// as Check does but without its permission check, keeping no run and
// narrowing no findings.
func (a *App) CheckTx(ctx context.Context, tx *sqldb.Tx, org isms.ID, now time.Time) (*isms.Readiness, error) {
	facts, err := readinessFacts(ctx, tx, org, isms.DateOf(now))
	if err != nil {
		return nil, fmt.Errorf("readiness facts: %w", err)
	}
	return isms.Evaluate(facts, isms.ReadinessRules(), now), nil
}

// ReadinessTrend returns the kept results of the last days days, oldest
// first.
func (a *App) ReadinessTrend(ctx context.Context, actor isms.Actor, days int) ([]isms.ReadinessRun, error) {
	if err := forbid(actor.Can(isms.ReadISMS) && actor.OrgID != "", "You may not read the readiness trend."); err != nil {
		return nil, err
	}
	if days < 1 || days > MaxTrendDays {
		p := isms.Problems{}
		p.Add("days", fmt.Sprintf("days must be a whole number from 1 to %d.", MaxTrendDays))
		return nil, p.Err()
	}
	since := a.today().AddDays(1 - days)
	var runs []isms.ReadinessRun
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		runs, err = tx.FindReadinessRuns(ctx, actor.OrgID, since)
		return err
	})
	return runs, err
}
