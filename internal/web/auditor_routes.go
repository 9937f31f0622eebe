// SPDX-License-Identifier: Apache-2.0

package web

// auditorRoutes registers the pages of external auditors' access.
func (s *Server) auditorRoutes() {
}
