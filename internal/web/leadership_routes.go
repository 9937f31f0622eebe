// SPDX-License-Identifier: Apache-2.0

package web

// leadershipRoutes registers the pages of this register.
func (s *Server) leadershipRoutes() {}

// leadershipOperations lists the API operations of this register.
func (s *Server) leadershipOperations() []apiOperation { return nil }
