// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/app"
)

type dashboardPage struct {
	basePage
	Dashboard *app.Dashboard
	Posture   []postureView // nil for those who may not read the ISMS
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
	p.Title = "Dashboard"
	return s.render(w, r, http.StatusOK, "dashboard", p)
}
