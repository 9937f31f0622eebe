// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Roadmap is the organization's way to a first certification: the steps
// of ISO/IEC 27003's order, each with its status, what is still missing
// and its clauses explained for the organization's size.
type Roadmap struct {
	Readiness *isms.Readiness // the check the steps are drawn from, every finding included
	Steps     []isms.RoadmapStep
	Size      isms.OrgSize
}

// Current returns the first step not done, or nil when every step is.
func (m *Roadmap) Current() *isms.RoadmapStep {
	for i := range m.Steps {
		if m.Steps[i].Status != isms.StepDone {
			return &m.Steps[i]
		}
	}
	return nil
}

// FindRoadmap runs the readiness check on the actor's organization (it
// keeps the day's result, as Check does) and returns the roadmap drawn
// from it.
func (a *App) FindRoadmap(ctx context.Context, actor isms.Actor) (*Roadmap, error) {
	r, err := a.Check(ctx, actor, ReadinessFilter{})
	if err != nil {
		return nil, err
	}
	return &Roadmap{Readiness: r, Steps: isms.Roadmap(r, isms.ReadinessRules()), Size: r.Size}, nil
}
