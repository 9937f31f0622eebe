// SPDX-License-Identifier: Apache-2.0

package web

// readinessRoutes registers the pages of the readiness check and the
// implementation roadmap.
func (s *Server) readinessRoutes() {
}
