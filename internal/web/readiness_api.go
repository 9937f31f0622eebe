// SPDX-License-Identifier: Apache-2.0

package web

// readinessOperations are the API operations of the readiness check, the
// trend of its results and the roadmap.
func (s *Server) readinessOperations() []apiOperation {
	return nil
}
