// SPDX-License-Identifier: Apache-2.0

package web

// objectiveRoutes registers the pages of this register.
func (s *Server) objectiveRoutes() {}

// objectiveOperations lists the API operations of this register.
func (s *Server) objectiveOperations() []apiOperation { return nil }
