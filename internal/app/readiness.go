// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// ReadinessFilter narrows the findings a check returns; the score and
// clause scores always cover every rule.
type ReadinessFilter struct {
	Severity isms.Severity // "" for all
	Clause   string        // a score clause ("6.1", "A") or a finding's clause ("6.1.2"); "" for all
}

// Check runs the readiness check on the actor's organization, keeps the
// day's result for the trend, and returns it with its findings narrowed
// by f.
func (a *App) Check(ctx context.Context, actor isms.Actor, f ReadinessFilter) (*isms.Readiness, error) {
	panic("not yet")
}

// ReadinessTrend returns the kept results of the last days days, oldest
// first.
func (a *App) ReadinessTrend(ctx context.Context, actor isms.Actor, days int) ([]isms.ReadinessRun, error) {
	panic("not yet")
}
