// SPDX-License-Identifier: Apache-2.0

package web

// soaRoutes registers the pages of the Statement of Applicability.
func (s *Server) soaRoutes() {
}

// soaOperations lists the API operations of the Statement of
// Applicability.
func (s *Server) soaOperations() []apiOperation {
	return nil
}
