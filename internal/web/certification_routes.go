// SPDX-License-Identifier: Apache-2.0

package web

// certificationRoutes registers the pages of certification: certificates,
// external audits and their findings, evidence requests, the audit
// package and the signing key.
func (s *Server) certificationRoutes() {
}
