// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// approvalSortKeys are the approval list's sort keys.
var approvalSortKeys = sortValues("submitted", "status", "title")

// approvalStatuses are the values of the approval list's status filter.
var approvalStatuses = enumStrings(isms.ApprovalPending, isms.ApprovalApproved, isms.ApprovalRejected, isms.ApprovalWithdrawn)

func (s *Server) approvalOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/approvals", Access: Member, Handler: s.apiApprovalList,
		ID: "listApprovals", Tag: "Approvals", Summary: "List submissions for approval",
		Params: append([]apiParam{
			enumParam("status", "Only submissions with this status.", approvalStatuses...),
			stringParam("objectType", "Only submissions of records of this type, such as organization."),
			stringParam("objectId", "Only submissions of this record."),
			enumParam("awaiting", "me: only pending submissions that name the caller as an approver.", "me"),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -submitted.", approvalSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Approval]](),
	}, {
		Pattern: "POST /api/v1/approvals", Access: Member, Handler: s.apiApprovalCreate,
		ID: "createApproval", Tag: "Approvals", Summary: "Submit a record for approval",
		Description: "Submits the record's current version to the named approvers; the submission keeps its exact content and SHA-256. " +
			"While it is pending the record cannot change (409). You cannot name yourself.",
		Body: reflect.TypeFor[approvalCreateRequest](), Result: reflect.TypeFor[*isms.Approval](),
		Status: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusNotFound},
	}, {
		Pattern: "GET /api/v1/approvals/{id}", Access: Member, Handler: s.apiApprovalGet,
		ID: "getApproval", Tag: "Approvals", Summary: "Read a submission",
		Result: reflect.TypeFor[*isms.Approval](),
	}, {
		Pattern: "POST /api/v1/approvals/{id}/decision", Access: Member, Handler: s.apiApprovalDecide,
		ID: "decideApproval", Tag: "Approvals", Summary: "Approve or reject a submission",
		Description: "Records the caller's decision as a named approver. Rejecting needs a comment. " +
			"The author cannot decide on their own submission (403); a decided submission, or a record changed since, is a 409.",
		Body: reflect.TypeFor[approvalDecisionRequest](), Result: reflect.TypeFor[*isms.Approval](),
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/approvals/{id}/withdraw", Access: Member, Handler: s.apiApprovalWithdraw,
		ID: "withdrawApproval", Tag: "Approvals", Summary: "Withdraw a pending submission",
		Description: "Only the author may withdraw, and only while the submission is pending (409 otherwise).",
		Result:      reflect.TypeFor[*isms.Approval](), Errors: []int{http.StatusConflict},
	}}
}

// approvalCreateRequest names the record version to submit and its approvers.
type approvalCreateRequest struct {
	ObjectType  string    `json:"objectType" doc:"The kind of record, such as organization."`
	ObjectID    isms.ID   `json:"objectId"`
	Version     int       `json:"version,omitempty" doc:"The version the author reviewed; if the record has moved on, the submission is refused (409). 0 submits the current version."`
	ApproverIDs []isms.ID `json:"approverIds" doc:"User IDs of the approvers: active administrators or ISMS managers other than the author."`
	Note        string    `json:"note,omitempty" doc:"The author's note to the approvers."`
}

// approvalDecisionRequest is an approver's decision.
type approvalDecisionRequest struct {
	Decision isms.Decision `json:"decision" doc:"approve or reject."`
	Comment  string        `json:"comment,omitempty" doc:"Required when rejecting: what must change."`
}

func (s *Server) apiApprovalList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.ApprovalFilter{Status: isms.ApprovalStatus(queryOneOf(r, p, "status", approvalStatuses...)),
		ObjectType: q.Get("objectType"), ObjectID: isms.ID(q.Get("objectId")),
		Sort: queryOneOf(r, p, "sort", approvalSortKeys...)}
	if queryOneOf(r, p, "awaiting", "me") == "me" {
		if f.Status != "" && f.Status != isms.ApprovalPending {
			p.Add("status", "Submissions awaiting a decision are pending; leave status out or make it pending.")
		}
		f.AwaitingID, f.Status = actor(r).UserID, isms.ApprovalPending
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Approval, int, error) {
		return s.app.FindApprovals(r.Context(), actor(r), f)
	})
}

func (s *Server) apiApprovalCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in approvalCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	p := isms.Problems{}
	if in.ObjectType == "" {
		p.Add("objectType", "Name the kind of record to submit, such as organization.")
	}
	if in.ObjectID == "" {
		p.Add("objectId", "Name the record to submit.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	ap, err := s.app.SubmitForApproval(r.Context(), actor(r), app.SubmitInput{ObjectType: in.ObjectType,
		ObjectID: in.ObjectID, Version: in.Version, ApproverIDs: in.ApproverIDs, Note: in.Note})
	if isms.ErrorCode(err) == isms.Invalid && isms.ErrorFields(err) == nil {
		// The only such error is an object type that cannot be submitted.
		err = &isms.Error{Code: isms.Invalid, Message: isms.ErrorMessage(err), Fields: map[string]string{"objectType": isms.ErrorMessage(err)}}
	}
	if err != nil {
		return nil, renameFields(err, map[string]string{"approvers": "approverIds"})
	}
	return created(ap), nil
}

func (s *Server) apiApprovalGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindApproval(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiApprovalDecide(w http.ResponseWriter, r *http.Request) (any, error) {
	var in approvalDecisionRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.DecideApproval(r.Context(), actor(r), pathID(r), in.Decision, in.Comment)
}

func (s *Server) apiApprovalWithdraw(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.WithdrawApproval(r.Context(), actor(r), pathID(r))
}
