// SPDX-License-Identifier: Apache-2.0

package web

// readinessRoutes registers the pages of the readiness check and the
// implementation roadmap. Every member who may read the ISMS sees them;
// app decides.
func (s *Server) readinessRoutes() {
	s.handle("GET /readiness", Member, s.page(s.handleReadiness))
	s.handle("GET /readiness/export.csv", Member, s.page(s.handleReadinessExportCSV))
	s.handle("GET /readiness/export.json", Member, s.page(s.handleReadinessExportJSON))
	s.handle("GET /roadmap", Member, s.page(s.handleRoadmap))
}
