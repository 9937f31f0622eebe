// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

type dashboardPage struct {
	basePage
	Dashboard *app.Dashboard
	Posture   []postureView // nil for those who may not read the ISMS
	// RiskFlags are the conditions of open risks that need someone, with
	// how many risks have each; nil for those who may not read the ISMS.
	RiskFlags []riskFlagCount
	// Scope is the ISMS scope card; nil for those who may not read the ISMS.
	Scope *scopeCard
	// Policy is the information security policy card; nil for those who
	// may not read the ISMS.
	Policy *policyView
	// Readiness is the readiness check's result (its blockers only); nil
	// for those who may not read the ISMS.
	Readiness *isms.Readiness
}

// riskFlagCount is one line of the dashboard's risk card.
type riskFlagCount struct {
	Label string
	Count int
	URL   string // the register filtered to them, "" when no filter fits
}

// riskFlagURLs are the register filters that show the risks of a flag.
var riskFlagURLs = map[isms.RiskFlag]string{
	isms.FlagUntreated:     "/risks?treatment=none",
	isms.FlagActionOverdue: "/risks?overdue=1",
	isms.FlagReviewOverdue: "/risks?overdue=1",
	isms.FlagRescore:       "/risk-method",
}

// dashboardRiskFlags lists the flags that hold for at least one risk.
func (s *Server) dashboardRiskFlags(r *http.Request) ([]riskFlagCount, error) {
	if !actor(r).Can(isms.ReadISMS) {
		return nil, nil
	}
	counts, err := s.app.RiskFlagCounts(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := []riskFlagCount{}
	for _, f := range isms.RiskFlags {
		if n := counts[f]; n > 0 {
			out = append(out, riskFlagCount{Label: f.Label(), Count: n, URL: riskFlagURLs[f]})
		}
	}
	return out, nil
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.app.FindDashboard(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := &dashboardPage{Dashboard: d}
	if p.Posture, err = s.dashboardPosture(r); err != nil {
		return err
	}
	if p.RiskFlags, err = s.dashboardRiskFlags(r); err != nil {
		return err
	}
	if p.Scope, err = s.dashboardScope(r); err != nil {
		return err
	}
	if p.Policy, err = s.policyCard(r); err != nil {
		return err
	}
	if p.Readiness, err = s.dashboardReadiness(r); err != nil {
		return err
	}
	p.Title = "Dashboard"
	return s.render(w, r, http.StatusOK, "dashboard", p)
}
