// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"github.com/ismsproject/isms/internal/isms"
)

// The roadmap: the ten steps of a first implementation, each with its
// status from the readiness check, what is still missing, the page that
// does the work and the guide of its clauses. The first step not done is
// the current one. A new organization lands here.

// roadmapMissing is how many findings a step lists; the rest are counted
// and linked to the check filtered to their clauses.
const roadmapMissing = 5

type roadmapPage struct {
	basePage
	Readiness *isms.Readiness
	ScoreBar  template.HTML
	Steps     []roadmapStepView
	Done      int              // steps done
	Current   *roadmapStepView // the first step not done; nil when all are
}

// roadmapStepView is one step as the page shows it.
type roadmapStepView struct {
	isms.RoadmapStep
	Current     bool
	StatusLabel string
	StatusClass string
	Missing     []findingView // at most roadmapMissing, blockers first
	More        int           // findings not listed
	MoreIn      []clauseLink  // the clauses of those not listed
	ClauseLinks []clauseLink  // the step's clauses in the check
}

// clauseLink is a clause and the check filtered to it.
type clauseLink struct {
	Clause, URL string
}

// readinessClauseURL is the check's page filtered to clause's findings.
func readinessClauseURL(clause string) string {
	return "/readiness?" + url.Values{"clause": {clause}}.Encode() + "#findings"
}

// stepStatus is the label and chip class of a step's status.
func stepStatus(s isms.StepStatus) (label, class string) {
	switch s {
	case isms.StepDone:
		return "done", "chip-ok"
	case isms.StepInProgress:
		return "in progress", "chip-warn"
	}
	return "not started", "chip-muted"
}

func (s *Server) handleRoadmap(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.FindRoadmap(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := &roadmapPage{Readiness: m.Readiness, ScoreBar: scoreBar("Readiness", m.Readiness.Score)}
	p.Steps = make([]roadmapStepView, len(m.Steps))
	for i, st := range m.Steps {
		p.Steps[i] = newRoadmapStepView(st)
		if st.Status == isms.StepDone {
			p.Done++
		} else if p.Current == nil {
			p.Steps[i].Current = true
			p.Current = &p.Steps[i]
		}
	}
	p.Title = "Roadmap"
	return s.render(w, r, http.StatusOK, "roadmap", p)
}

// newRoadmapStepView lists a step's first findings, blockers first, and
// where to find the others.
func newRoadmapStepView(st isms.RoadmapStep) roadmapStepView {
	v := roadmapStepView{RoadmapStep: st}
	v.StatusLabel, v.StatusClass = stepStatus(st.Status)
	for _, c := range st.Clauses {
		v.ClauseLinks = append(v.ClauseLinks, clauseLink{Clause: c, URL: readinessClauseURL(c)})
	}
	fs := slices.Clone(st.Findings)
	slices.SortStableFunc(fs, func(a, b isms.Finding) int {
		return slices.Index(isms.Severities, a.Severity) - slices.Index(isms.Severities, b.Severity)
	})
	for i, f := range fs {
		if i < roadmapMissing {
			v.Missing = append(v.Missing, findingView{Finding: f, Class: severityClass(f.Severity)})
			continue
		}
		v.More++
		c := isms.ScoreClause(f.Clause)
		if !slices.ContainsFunc(v.MoreIn, func(l clauseLink) bool { return l.Clause == c }) {
			v.MoreIn = append(v.MoreIn, clauseLink{Clause: c, URL: readinessClauseURL(c)})
		}
	}
	return v
}
