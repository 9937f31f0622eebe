// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Management review in the API: reviews with their pack and outputs, the
// hold that freezes the pack, the minutes, the submission to the chair,
// the outputs and their tasks, and the PDFs.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ReviewStatus](): {doc: "Where a management review stands: planned (its pack compiled live), held (pack frozen, " +
			"minutes and outputs recorded, awaiting approval) or approved (the chair approved the minutes: immutable).",
			values: enumStrings(isms.ReviewStatuses...)},
		reflect.TypeFor[isms.OutputKind](): {doc: "What an output of a management review decides (ISO/IEC 27001 9.3.3): an improvement, " +
			"a change needed to the ISMS, or a resource need.", values: enumStrings(isms.OutputKinds...)},
	})
}

const reviewTag = "Management reviews"

func (s *Server) reviewAPIOperations() []apiOperation {
	return append(s.reviewRecordOperations(), s.reviewMeetingOperations()...)
}

// reviewRecordOperations are the operations on reviews as records: list,
// plan, read, change, delete.
func (s *Server) reviewRecordOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/management-reviews", Access: Member, Handler: s.apiReviewList,
		ID: "listManagementReviews", Tag: reviewTag, Summary: "List management reviews",
		Description: "The reviews without their packs; read a review for its pack and outputs.",
		Params: append([]apiParam{
			enumParam("status", "Only reviews with this status.", enumStrings(isms.ReviewStatuses...)...),
			stringParam("q", "Search in reference and title."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -plannedOn (latest first).", reviewSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ManagementReview]](),
	}, {
		Pattern: "POST /api/v1/management-reviews", Access: Member, Handler: s.apiReviewCreate,
		ID: "createManagementReview", Tag: reviewTag, Summary: "Plan a management review",
		Description: "Needs the right to manage reviews. The reference (MR-n) is assigned. With repeatMonths above zero, the chair " +
			"gets a recurring activity that creates a task to prepare the next review 30 days before each one.",
		Body: reflect.TypeFor[mgmtReviewRequest](), Result: reflect.TypeFor[mgmtReviewResponse](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/management-reviews/{id}", Access: Member, Handler: s.apiReviewGet,
		ID: "getManagementReview", Tag: reviewTag, Summary: "Read a management review with its pack and outputs",
		Description: "{id} is the review's ID or its reference (MR-2). While planned, the pack is compiled from the registers now (live); once held, it is the frozen pack.",
		Result:      reflect.TypeFor[mgmtReviewResponse](),
	}, {
		Pattern: "PUT /api/v1/management-reviews/{id}", Access: Member, Handler: s.apiReviewUpdate,
		ID: "updateManagementReview", Tag: reviewTag, Summary: "Change a planned management review",
		Description: "Replaces the title, planned date and chair of a planned review (409 once held); repeatMonths is ignored. " +
			"version must be the review's current version (409 otherwise).",
		Body: reflect.TypeFor[mgmtReviewUpdateRequest](), Result: reflect.TypeFor[mgmtReviewResponse](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/management-reviews/{id}", Access: Member, Handler: s.apiReviewDelete,
		ID: "deleteManagementReview", Tag: reviewTag, Summary: "Delete a planned management review",
		Description: "Only a planned review can be deleted (409 once held).", Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/management-reviews/{id}/pack", Access: Member, Handler: s.apiReviewPack,
		ID: "getManagementReviewPack", Tag: reviewTag, Summary: "Read the pack of a management review",
		Description: "One section per ISO/IEC 27001 9.3.2 input, each with its figures and the records it lists. Compiled now while " +
			"the review is planned (live); the frozen pack with its SHA-256 once held.",
		Result: reflect.TypeFor[mgmtReviewPackResponse](),
	}, {
		Pattern: "GET /api/v1/management-reviews/{id}/export", Access: Member, Handler: s.apiReviewExport,
		ID: "exportManagementReview", Tag: reviewTag, Summary: "Export the pack or the minutes of a management review as a PDF",
		Params: []apiParam{enumParam("what", "pack (the default) or minutes.", reviewExports...)},
		Download: map[string]any{
			"content": map[string]any{"application/pdf": map[string]any{"schema": binarySchema()}},
			"headers": map[string]any{"Content-Disposition": map[string]any{"description": `attachment; filename="management-review-mr-2-pack.pdf"`,
				"schema": schemaObj{"type": "string"}}},
		},
	}}
}

// reviewMeetingOperations are the operations of the meeting and after:
// hold, minutes, submission, outputs.
func (s *Server) reviewMeetingOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "POST /api/v1/management-reviews/{id}/hold", Access: Member, Handler: s.apiReviewHold,
		ID: "holdManagementReview", Tag: reviewTag, Summary: "Record that a management review was held",
		Description: "Records the date, attendees and minutes, and compiles and freezes the pack (hashed with SHA-256) in the same " +
			"transaction. Only a planned review can be held (409 otherwise); version must be its current version.",
		Body: reflect.TypeFor[mgmtReviewHoldRequest](), Result: reflect.TypeFor[mgmtReviewResponse](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "PUT /api/v1/management-reviews/{id}/minutes", Access: Member, Handler: s.apiReviewMinutes,
		ID: "updateManagementReviewMinutes", Tag: reviewTag, Summary: "Change the attendees and minutes of a held review",
		Description: "Until the minutes are submitted to the chair (409 while the submission is pending or once approved).",
		Body:        reflect.TypeFor[mgmtReviewMinutesRequest](), Result: reflect.TypeFor[mgmtReviewResponse](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/management-reviews/{id}/submit", Access: Member, Handler: s.apiReviewSubmit,
		ID: "submitManagementReview", Tag: reviewTag, Summary: "Submit the minutes of a held review to its chair",
		Description: "Needs the rights to manage reviews and to submit approvals. The submission (pack hash, attendees, minutes and " +
			"outputs) goes to the chair, who approves it on /api/v1/approvals/{id}/decide; approved, the review is immutable.",
		Body: reflect.TypeFor[mgmtReviewSubmitRequest](), Result: reflect.TypeFor[*isms.Approval](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/management-reviews/{id}/outputs", Access: Member, Handler: s.apiOutputCreate,
		ID: "createReviewOutput", Tag: reviewTag, Summary: "Record an output of a held review",
		Description: "A decision on improvement, a change to the ISMS or a resource need (9.3.3), while the review is held and its minutes not submitted (409 otherwise).",
		Body:        reflect.TypeFor[reviewOutputRequest](), Result: reflect.TypeFor[*isms.ReviewOutput](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "PUT /api/v1/management-reviews/{id}/outputs/{outputId}", Access: Member, Handler: s.apiOutputUpdate,
		ID: "updateReviewOutput", Tag: reviewTag, Summary: "Change an output of a held review",
		Description: "Every field is replaced. version must be the output's current version (409 otherwise).",
		Body:        reflect.TypeFor[reviewOutputUpdateRequest](), Result: reflect.TypeFor[*isms.ReviewOutput](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/management-reviews/{id}/outputs/{outputId}", Access: Member, Handler: s.apiOutputDelete,
		ID: "deleteReviewOutput", Tag: reviewTag, Summary: "Delete an output of a held review",
		Description: "While the review is held and its minutes not submitted (409 otherwise).", Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/management-reviews/{id}/outputs/{outputId}/track", Access: Member, Handler: s.apiOutputTrack,
		ID: "trackReviewOutput", Tag: reviewTag, Summary: "Track an output of a review as a task",
		Description: "Creates a task for the output's owner, due on its due date and linked to the review; on held and approved reviews. " +
			"An output already tracked is a conflict (409).",
		Result: reflect.TypeFor[*isms.Task](), Status: http.StatusCreated, Errors: []int{http.StatusConflict},
	}}
}

// mgmtReviewRequest plans a review.
type mgmtReviewRequest struct {
	Title        string    `json:"title"`
	PlannedOn    isms.Date `json:"plannedOn" doc:"The day of the meeting."`
	ChairID      isms.ID   `json:"chairId" doc:"User ID of the member of top management who chairs the review and approves its minutes."`
	RepeatMonths int       `json:"repeatMonths,omitempty" doc:"Above zero, remind the chair of the next review every so many months (12: yearly)."`
}

// mgmtReviewUpdateRequest changes a planned review.
type mgmtReviewUpdateRequest struct {
	Title     string    `json:"title"`
	PlannedOn isms.Date `json:"plannedOn"`
	ChairID   isms.ID   `json:"chairId"`
	Version   int       `json:"version" doc:"The review's version the change was made against."`
}

// mgmtReviewHoldRequest records a review as held.
type mgmtReviewHoldRequest struct {
	HeldOn    isms.Date `json:"heldOn"`
	Attendees []string  `json:"attendees" doc:"Who attended, one entry per person with their role: Dana Ortiz (CEO)."`
	Minutes   string    `json:"minutes,omitempty"`
	Version   int       `json:"version" doc:"The review's version the hold was recorded against."`
}

// mgmtReviewMinutesRequest changes a held review's minutes.
type mgmtReviewMinutesRequest struct {
	Attendees []string `json:"attendees"`
	Minutes   string   `json:"minutes"`
	Version   int      `json:"version" doc:"The review's version the change was made against."`
}

// mgmtReviewSubmitRequest submits the minutes to the chair.
type mgmtReviewSubmitRequest struct {
	Version int    `json:"version" doc:"The review's version the submission was reviewed at (409 when it changed since)."`
	Note    string `json:"note,omitempty" doc:"A note to the chair."`
}

// reviewOutputRequest is an output of a review.
type reviewOutputRequest struct {
	Kind        isms.OutputKind `json:"kind"`
	Description string          `json:"description" doc:"What was decided."`
	OwnerID     isms.ID         `json:"ownerId,omitempty" doc:"User ID of the member who carries it out."`
	Due         isms.Date       `json:"due,omitzero"`
}

func (in reviewOutputRequest) input() app.OutputInput {
	return app.OutputInput{Kind: in.Kind, Description: in.Description, OwnerID: in.OwnerID, Due: in.Due}
}

// reviewOutputUpdateRequest replaces an output.
type reviewOutputUpdateRequest struct {
	reviewOutputRequest
	Version int `json:"version" doc:"The output's version the change was made against."`
}

// mgmtReviewResponse is a review with its pack, outputs and submission.
type mgmtReviewResponse struct {
	Review  *isms.ManagementReview `json:"review" doc:"The review; its pack is given beside it."`
	Pack    *isms.ReviewPack       `json:"pack"`
	Live    bool                   `json:"live" doc:"The pack was compiled now: the review is planned."`
	Outputs []*isms.ReviewOutput   `json:"outputs" openapi:"nonnull"`
	// Approval is the latest submission of the minutes, or null.
	Approval *isms.Approval `json:"approval" doc:"The latest submission of the minutes to the chair; null when none."`
}

// mgmtReviewPackResponse is a review's pack.
type mgmtReviewPackResponse struct {
	Pack   *isms.ReviewPack `json:"pack"`
	Live   bool             `json:"live" doc:"Compiled now from the registers: the review is planned."`
	SHA256 string           `json:"sha256,omitempty" doc:"The frozen pack's SHA-256; absent while live."`
}

func newMgmtReviewResponse(v *app.ReviewView) mgmtReviewResponse {
	x := *v.Review
	x.Pack = nil
	out := mgmtReviewResponse{Review: &x, Pack: v.Pack, Live: v.Live, Outputs: v.Outputs, Approval: v.Approval}
	if out.Outputs == nil {
		out.Outputs = []*isms.ReviewOutput{}
	}
	return out
}

// reviewRead returns review id with its pack and outputs.
func (s *Server) reviewRead(r *http.Request, id string) (mgmtReviewResponse, error) {
	v, err := s.app.FindReview(r.Context(), actor(r), id)
	if err != nil {
		return mgmtReviewResponse{}, err
	}
	return newMgmtReviewResponse(v), nil
}

func (s *Server) apiReviewList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := isms.ReviewFilter{Status: isms.ReviewStatus(queryOneOf(r, p, "status", enumStrings(isms.ReviewStatuses...)...)),
		Search: strings.TrimSpace(r.URL.Query().Get("q")), Sort: queryOneOf(r, p, "sort", reviewSortKeys...)}
	if f.Sort == "" {
		f.Sort = "-plannedOn"
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.ManagementReview, int, error) {
		return s.app.ListReviews(r.Context(), actor(r), f)
	})
}

func (s *Server) apiReviewCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in mgmtReviewRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateReview(r.Context(), actor(r), app.ReviewInput{Title: in.Title, PlannedOn: in.PlannedOn, ChairID: in.ChairID,
		RepeatMonths: in.RepeatMonths})
	if err != nil {
		return nil, renameFields(err, map[string]string{"chair": "chairId"})
	}
	out, err := s.reviewRead(r, string(x.ID))
	if err != nil {
		return nil, err
	}
	return created(out), nil
}

func (s *Server) apiReviewGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.reviewRead(r, r.PathValue("id"))
}

func (s *Server) apiReviewUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in mgmtReviewUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.reviewPathID(r)
	if err != nil {
		return nil, err
	}
	x, err := s.app.UpdateReview(r.Context(), actor(r), id, in.Version, app.ReviewInput{Title: in.Title, PlannedOn: in.PlannedOn, ChairID: in.ChairID})
	if err != nil {
		return nil, renameFields(err, map[string]string{"chair": "chairId"})
	}
	return s.reviewRead(r, string(x.ID))
}

func (s *Server) apiReviewDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	id, err := s.reviewPathID(r)
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteReview(r.Context(), actor(r), id)
}

func (s *Server) apiReviewPack(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindReview(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := mgmtReviewPackResponse{Pack: v.Pack, Live: v.Live}
	if !v.Live {
		out.SHA256 = v.Review.PackSHA256
	}
	return out, nil
}

func (s *Server) apiReviewExport(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	what := queryOneOf(r, p, "what", reviewExports...)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if what == "" {
		what = "pack"
	}
	if err := s.sendReviewExport(w, r, what); err != nil {
		return nil, err
	}
	return written{}, nil
}

func (s *Server) apiReviewHold(w http.ResponseWriter, r *http.Request) (any, error) {
	var in mgmtReviewHoldRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.reviewPathID(r)
	if err != nil {
		return nil, err
	}
	x, err := s.app.HoldReview(r.Context(), actor(r), id, in.Version, app.HoldInput{HeldOn: in.HeldOn, Attendees: in.Attendees, Minutes: in.Minutes})
	if err != nil {
		return nil, err
	}
	return s.reviewRead(r, string(x.ID))
}

func (s *Server) apiReviewMinutes(w http.ResponseWriter, r *http.Request) (any, error) {
	var in mgmtReviewMinutesRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.reviewPathID(r)
	if err != nil {
		return nil, err
	}
	x, err := s.app.UpdateMinutes(r.Context(), actor(r), id, in.Version, app.HoldInput{Attendees: in.Attendees, Minutes: in.Minutes})
	if err != nil {
		return nil, err
	}
	return s.reviewRead(r, string(x.ID))
}

func (s *Server) apiReviewSubmit(w http.ResponseWriter, r *http.Request) (any, error) {
	var in mgmtReviewSubmitRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.reviewPathID(r)
	if err != nil {
		return nil, err
	}
	ap, err := s.app.SubmitReview(r.Context(), actor(r), id, in.Version, in.Note)
	if err != nil {
		return nil, err
	}
	return created(ap), nil
}

func (s *Server) apiOutputCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in reviewOutputRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.reviewPathID(r)
	if err != nil {
		return nil, err
	}
	o, err := s.app.AddReviewOutput(r.Context(), actor(r), id, in.input())
	if err != nil {
		return nil, renameFields(err, map[string]string{"owner": "ownerId"})
	}
	return created(o), nil
}

func (s *Server) apiOutputUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in reviewOutputUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	_, o, err := s.reviewOutput(r)
	if err != nil {
		return nil, err
	}
	o, err = s.app.UpdateReviewOutput(r.Context(), actor(r), o.ID, in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, map[string]string{"owner": "ownerId"})
	}
	return o, nil
}

func (s *Server) apiOutputDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	_, o, err := s.reviewOutput(r)
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteReviewOutput(r.Context(), actor(r), o.ID)
}

func (s *Server) apiOutputTrack(w http.ResponseWriter, r *http.Request) (any, error) {
	_, o, err := s.reviewOutput(r)
	if err != nil {
		return nil, err
	}
	t, err := s.app.TrackReviewOutput(r.Context(), actor(r), o.ID)
	if err != nil {
		return nil, err
	}
	return created(t), nil
}
