// SPDX-License-Identifier: Apache-2.0

package web

// reviewRoutes registers the pages of management review (9.3).
func (s *Server) reviewRoutes() {
}

// reviewOperations lists the API operations of management review.
func (s *Server) reviewOperations() []apiOperation {
	return nil
}
