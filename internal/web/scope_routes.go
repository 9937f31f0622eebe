// SPDX-License-Identifier: Apache-2.0

package web

// scopeRoutes registers the pages of this register.
func (s *Server) scopeRoutes() {}

// scopeOperations lists the API operations of this register.
func (s *Server) scopeOperations() []apiOperation { return nil }
