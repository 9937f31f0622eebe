// SPDX-License-Identifier: Apache-2.0

package web

// contextRoutes registers the pages of this register.
func (s *Server) contextRoutes() {}

// contextOperations lists the API operations of this register.
func (s *Server) contextOperations() []apiOperation { return nil }
