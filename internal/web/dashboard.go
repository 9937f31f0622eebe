// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/app"
)

type dashboardPage struct {
	basePage
	Dashboard *app.Dashboard
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.app.FindDashboard(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := &dashboardPage{Dashboard: d}
	p.Title = "Dashboard"
	return s.render(w, r, http.StatusOK, "dashboard", p)
}
