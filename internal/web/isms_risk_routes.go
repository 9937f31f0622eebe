// SPDX-License-Identifier: Apache-2.0

package web

// ismsRiskRoutes registers the pages of this register.
func (s *Server) ismsRiskRoutes() {}

// ismsRiskOperations lists the API operations of this register.
func (s *Server) ismsRiskOperations() []apiOperation { return nil }
