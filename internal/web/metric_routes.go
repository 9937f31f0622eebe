// SPDX-License-Identifier: Apache-2.0

package web

// metricRoutes registers the pages of this register.
func (s *Server) metricRoutes() {}

// metricOperations lists the API operations of this register.
func (s *Server) metricOperations() []apiOperation { return nil }
