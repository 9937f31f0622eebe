// SPDX-License-Identifier: Apache-2.0

package web

// reviewRoutes registers the pages of management review (9.3).
func (s *Server) reviewRoutes() {
	s.handle("GET /management-reviews", Member, s.page(s.handleReviewIndex))
	s.handle("GET /management-reviews/new", Member, s.page(s.handleReviewNew))
	s.handle("POST /management-reviews", Member, s.page(s.handleReviewCreate))
	s.handle("GET /management-reviews/{id}", Member, s.page(s.handleReviewShow))
	s.handle("GET /management-reviews/{id}/edit", Member, s.page(s.handleReviewEdit))
	s.handle("POST /management-reviews/{id}", Member, s.page(s.handleReviewUpdate))
	s.handle("POST /management-reviews/{id}/delete", Member, s.page(s.handleReviewDelete))
	s.handle("POST /management-reviews/{id}/hold", Member, s.page(s.handleReviewHold))
	s.handle("POST /management-reviews/{id}/minutes", Member, s.page(s.handleReviewMinutes))
	s.handle("POST /management-reviews/{id}/submit", Member, s.page(s.handleReviewSubmit))
	for _, what := range reviewExports {
		s.handle("GET /management-reviews/{id}/"+what+".pdf", Member, s.page(s.handleReviewExport(what)))
	}
	s.handle("POST /management-reviews/{id}/outputs", Member, s.page(s.handleOutputCreate))
	s.handle("GET /management-reviews/{id}/outputs/{outputId}/edit", Member, s.page(s.handleOutputEdit))
	s.handle("POST /management-reviews/{id}/outputs/{outputId}", Member, s.page(s.handleOutputUpdate))
	s.handle("POST /management-reviews/{id}/outputs/{outputId}/delete", Member, s.page(s.handleOutputDelete))
	s.handle("POST /management-reviews/{id}/outputs/{outputId}/track", Member, s.page(s.handleOutputTrack))
}

// reviewOperations lists the API operations of management review.
func (s *Server) reviewOperations() []apiOperation {
	return s.reviewAPIOperations()
}
