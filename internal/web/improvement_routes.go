// SPDX-License-Identifier: Apache-2.0

package web

// improvementRoutes registers the pages of the improvement register
// (10.1).
func (s *Server) improvementRoutes() {
}

// improvementOperations lists the API operations of the improvement
// register.
func (s *Server) improvementOperations() []apiOperation {
	return nil
}
