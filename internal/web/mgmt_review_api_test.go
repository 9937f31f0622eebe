// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/http"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiReview is a review as the API returns it.
type apiReview struct {
	Review   isms.ManagementReview `json:"review"`
	Pack     *isms.ReviewPack      `json:"pack"`
	Live     bool                  `json:"live"`
	Outputs  []isms.ReviewOutput   `json:"outputs"`
	Approval *isms.Approval        `json:"approval"`
}

// apiReviewPack is a review's pack as the API returns it.
type apiReviewPack struct {
	Pack   isms.ReviewPack `json:"pack"`
	Live   bool            `json:"live"`
	SHA256 string          `json:"sha256"`
}

func TestAPIManagementReview(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		e := apiCallErr(t, f.mgrC, "POST", "/api/v1/management-reviews", map[string]any{"title": "", "plannedOn": "", "chairId": ""},
			http.StatusUnprocessableEntity)
		if got := fieldNames(e); len(got) != 3 || got[0] != "chairId" || got[1] != "plannedOn" || got[2] != "title" {
			t.Errorf("an empty review's fields = %v, want chairId, plannedOn, title", got)
		}
		apiCallErr(t, f.viewC, "POST", "/api/v1/management-reviews", map[string]any{"title": "Review", "plannedOn": "2026-03-20",
			"chairId": f.admin.ID}, http.StatusForbidden)
		var r apiReview
		apiCall(t, f.mgrC, "POST", "/api/v1/management-reviews", map[string]any{"title": "Review 2026", "plannedOn": "2026-03-20",
			"chairId": f.admin.ID}, http.StatusCreated, &r)
		if r.Review.Ref != "MR-1" || !r.Live || r.Pack == nil || len(r.Pack.Sections) != len(isms.ReviewInputs) || r.Review.Pack != nil {
			t.Fatalf("created %+v (live %v, pack %v)", r.Review, r.Live, r.Pack)
		}
		if b := r.Pack.Section(isms.InputIssues); b == nil || len(b.Items) != 1 || b.Items[0].Path != "/context-issues/"+string(f.issue.ID) {
			t.Errorf("the live pack's issues = %+v", b)
		}
		var list apiPage[isms.ManagementReview]
		apiCall(t, f.viewC, "GET", "/api/v1/management-reviews?status=planned&q=2026", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].Ref != "MR-1" {
			t.Errorf("list = %+v", list)
		}
		apiCallErr(t, f.viewC, "GET", "/api/v1/management-reviews?sort=chair", nil, http.StatusUnprocessableEntity)
		apiCall(t, f.mgrC, "PUT", "/api/v1/management-reviews/MR-1", map[string]any{"title": "Management review 2026",
			"plannedOn": "2026-03-02", "chairId": f.admin.ID, "version": r.Review.Version}, http.StatusOK, &r)
		if r.Review.Title != "Management review 2026" || r.Review.PlannedOn.String() != "2026-03-02" {
			t.Errorf("updated %+v", r.Review)
		}
		apiHoldAndOutputs(t, f, r)
	})
}

// apiHoldAndOutputs holds review r through the API, records, tracks and
// deletes outputs, and submits the minutes to the chair.
func apiHoldAndOutputs(t *testing.T, f *reviewFixture, r apiReview) {
	t.Helper()
	base := "/api/v1/management-reviews/" + string(r.Review.ID)
	e := apiCallErr(t, f.mgrC, "POST", base+"/hold", map[string]any{"heldOn": "2026-03-02", "attendees": []string{}, "version": r.Review.Version},
		http.StatusUnprocessableEntity)
	if e.Error.Fields["attendees"] != "List who attended, one per line." {
		t.Errorf("a hold without attendees: %+v", e)
	}
	apiCall(t, f.mgrC, "POST", base+"/hold", map[string]any{"heldOn": "2026-03-02", "attendees": []string{"Dana Ortiz (CEO)"},
		"minutes": "Discussed.", "version": r.Review.Version}, http.StatusOK, &r)
	var pack apiReviewPack
	apiCall(t, f.viewC, "GET", base+"/pack", nil, http.StatusOK, &pack)
	if pack.Live || r.Live || len(pack.SHA256) != 64 || pack.SHA256 != r.Review.PackSHA256 {
		t.Errorf("frozen pack: live %v/%v, hash %q, review's %q", pack.Live, r.Live, pack.SHA256, r.Review.PackSHA256)
	}
	apiCall(t, f.mgrC, "PUT", base+"/minutes", map[string]any{"attendees": []string{"Dana Ortiz (CEO)", "mgr (ISMS manager)"},
		"minutes": "Discussed every input.", "version": r.Review.Version}, http.StatusOK, &r)
	if len(r.Review.Attendees) != 2 || r.Review.Minutes != "Discussed every input." {
		t.Errorf("minutes changed to %+v", r.Review)
	}
	var o, gone isms.ReviewOutput
	apiCall(t, f.mgrC, "POST", base+"/outputs", map[string]any{"kind": "change", "description": "Add the AI Act to the obligations.",
		"ownerId": f.mgr.ID, "due": "2026-05-31"}, http.StatusCreated, &o)
	apiCall(t, f.mgrC, "POST", base+"/outputs", map[string]any{"kind": "resource", "description": "A budget."}, http.StatusCreated, &gone)
	apiCall(t, f.mgrC, "PUT", base+"/outputs/"+string(o.ID), map[string]any{"kind": "change", "description": "Add the EU AI Act to the obligations.",
		"ownerId": f.mgr.ID, "due": "2026-05-31", "version": o.Version}, http.StatusOK, &o)
	apiCall(t, f.mgrC, "DELETE", base+"/outputs/"+string(gone.ID), nil, http.StatusNoContent, nil)
	var task isms.Task
	apiCall(t, f.mgrC, "POST", base+"/outputs/"+string(o.ID)+"/track", nil, http.StatusCreated, &task)
	if task.OwnerID != f.mgr.ID || task.Link.ID != r.Review.ID {
		t.Errorf("task = %+v", task)
	}
	apiCallErr(t, f.mgrC, "POST", base+"/outputs/"+string(o.ID)+"/track", nil, http.StatusConflict)
	apiCallErr(t, f.mgrC, "POST", "/api/v1/management-reviews/"+string(r.Review.ID)+"/outputs/"+string(gone.ID)+"/track", nil, http.StatusNotFound)
	apiCall(t, f.viewC, "GET", base, nil, http.StatusOK, &r)
	if len(r.Outputs) != 1 || r.Outputs[0].TaskID != task.ID {
		t.Errorf("outputs = %+v", r.Outputs)
	}
	var ap isms.Approval
	apiCall(t, f.mgrC, "POST", base+"/submit", map[string]any{"version": r.Review.Version, "note": "Please approve."}, http.StatusCreated, &ap)
	if len(ap.Approvers) != 1 || ap.Approvers[0].UserID != f.admin.ID || ap.Status != isms.ApprovalPending {
		t.Errorf("submission = %+v", ap)
	}
	apiCallErr(t, f.mgrC, "PUT", base+"/minutes", map[string]any{"attendees": []string{"x"}, "minutes": "", "version": r.Review.Version},
		http.StatusConflict)
}
