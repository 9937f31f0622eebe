// SPDX-License-Identifier: Apache-2.0

package web

// nonconformityRoutes registers the pages of nonconformity and corrective
// action (10.2).
func (s *Server) nonconformityRoutes() {
}

// nonconformityOperations lists the API operations of nonconformities.
func (s *Server) nonconformityOperations() []apiOperation {
	return nil
}
