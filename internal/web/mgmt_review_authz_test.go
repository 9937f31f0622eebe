// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for management
// review. Readers of the ISMS (contributors, auditors and viewers too)
// read every review, its pack and its PDFs; administrators and ISMS
// managers plan, hold, minute, submit and record outputs; employees read
// nothing.
func init() {
	for pattern, row := range reviewAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzReviews)
	authzTargetIDs[targetReviewPlanned] = func(f *authzFixture, x authzWho) string { return string(f.ids["review-planned"]) }
	authzTargetIDs[targetReviewHeld] = func(f *authzFixture, x authzWho) string { return string(f.ids["review-held"]) }
	// The held review's output, in the pages' and the API's routes.
	authzPathVars["outputId"] = func(f *authzFixture, x authzWho) string { return string(f.ids["review-output"]) }
}

// The targets: A's planned review and A's held review, both chaired by
// A's manager; the held review has one untracked output, owned by the
// manager with a due date.
const (
	targetReviewPlanned authzTarget = 940 + iota
	targetReviewHeld
)

const (
	readReview     = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readReviewID   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manageReview   = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageReviewID = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
)

var reviewAuthzRows = map[string]authzRow{
	"GET /management-reviews":                                       {cells: readReview},
	"GET /management-reviews/new":                                   {cells: manageReview},
	"POST /management-reviews":                                      {cells: manageReview, body: authzReviewForm},
	"GET /management-reviews/{id}":                                  {cells: readReviewID, id: targetReviewPlanned, note: "the pack compiled live"},
	"GET /management-reviews/{id}/edit":                             {cells: manageReviewID, id: targetReviewPlanned},
	"POST /management-reviews/{id}":                                 {cells: manageReviewID, id: targetReviewPlanned, body: authzReviewUpdateForm},
	"POST /management-reviews/{id}/delete":                          {cells: manageReviewID, id: targetReviewPlanned},
	"POST /management-reviews/{id}/hold":                            {cells: manageReviewID, id: targetReviewPlanned, body: authzReviewHoldForm},
	"POST /management-reviews/{id}/minutes":                         {cells: manageReviewID, id: targetReviewHeld, body: authzReviewMinutesForm},
	"POST /management-reviews/{id}/submit":                          {cells: manageReviewID, id: targetReviewHeld, body: authzReviewSubmitForm, note: "to the chair, A's manager"},
	"GET /management-reviews/{id}/pack.pdf":                         {cells: readReviewID, id: targetReviewPlanned},
	"GET /management-reviews/{id}/minutes.pdf":                      {cells: readReviewID, id: targetReviewHeld},
	"POST /management-reviews/{id}/outputs":                         {cells: manageReviewID, id: targetReviewHeld, body: authzOutputForm},
	"GET /management-reviews/{id}/outputs/{outputId}/edit":          {cells: manageReviewID, id: targetReviewHeld},
	"POST /management-reviews/{id}/outputs/{outputId}":              {cells: manageReviewID, id: targetReviewHeld, body: authzOutputUpdateForm},
	"POST /management-reviews/{id}/outputs/{outputId}/delete":       {cells: manageReviewID, id: targetReviewHeld},
	"POST /management-reviews/{id}/outputs/{outputId}/track":        {cells: manageReviewID, id: targetReviewHeld},
	"GET /api/v1/management-reviews":                                {cells: readReview},
	"POST /api/v1/management-reviews":                               {cells: manageReview, body: authzReviewJSON},
	"GET /api/v1/management-reviews/{id}":                           {cells: readReviewID, id: targetReviewPlanned},
	"PUT /api/v1/management-reviews/{id}":                           {cells: manageReviewID, id: targetReviewPlanned, body: authzReviewUpdateJSON},
	"DELETE /api/v1/management-reviews/{id}":                        {cells: manageReviewID, id: targetReviewPlanned},
	"GET /api/v1/management-reviews/{id}/pack":                      {cells: readReviewID, id: targetReviewHeld, note: "the frozen pack"},
	"GET /api/v1/management-reviews/{id}/export":                    {cells: readReviewID, id: targetReviewHeld, note: "the pack PDF by default"},
	"POST /api/v1/management-reviews/{id}/hold":                     {cells: manageReviewID, id: targetReviewPlanned, body: authzReviewHoldJSON},
	"PUT /api/v1/management-reviews/{id}/minutes":                   {cells: manageReviewID, id: targetReviewHeld, body: authzReviewMinutesJSON},
	"POST /api/v1/management-reviews/{id}/submit":                   {cells: manageReviewID, id: targetReviewHeld, body: authzReviewSubmitJSON},
	"POST /api/v1/management-reviews/{id}/outputs":                  {cells: manageReviewID, id: targetReviewHeld, body: authzOutputJSON},
	"PUT /api/v1/management-reviews/{id}/outputs/{outputId}":        {cells: manageReviewID, id: targetReviewHeld, body: authzOutputUpdateJSON},
	"DELETE /api/v1/management-reviews/{id}/outputs/{outputId}":     {cells: manageReviewID, id: targetReviewHeld},
	"POST /api/v1/management-reviews/{id}/outputs/{outputId}/track": {cells: manageReviewID, id: targetReviewHeld},
}

// newAuthzReviews gives A a planned review and a held one with an output,
// both chaired by A's manager.
func newAuthzReviews(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, mgr := context.Background(), w.actor(asMgr)
	in := app.ReviewInput{Title: "Management review", PlannedOn: isms.NewDate(2026, 3, 20), ChairID: w.users[asMgr].ID}
	planned, err := h.app.CreateReview(ctx, mgr, in)
	if err != nil {
		h.t.Fatalf("CreateReview: %v", err)
	}
	held, err := h.app.CreateReview(ctx, mgr, in)
	if err != nil {
		h.t.Fatalf("CreateReview: %v", err)
	}
	held, err = h.app.HoldReview(ctx, mgr, held.ID, held.Version, app.HoldInput{HeldOn: isms.DateOf(h.clock.Now()),
		Attendees: []string{"Dana Ortiz (CEO)"}, Minutes: "Every input was discussed."})
	if err != nil {
		h.t.Fatalf("HoldReview: %v", err)
	}
	o, err := h.app.AddReviewOutput(ctx, mgr, held.ID, app.OutputInput{Kind: isms.OutputImprovement, Description: "Extend MFA.",
		OwnerID: w.users[asMgr].ID, Due: isms.NewDate(2026, 6, 30)})
	if err != nil {
		h.t.Fatalf("AddReviewOutput: %v", err)
	}
	w.ids["review-planned"], w.ids["review-held"], w.ids["review-output"] = planned.ID, held.ID, o.ID
}

// reviewVersion is the current version of A's review named name.
func (f *authzFixture) reviewVersion(name string) int {
	f.h.t.Helper()
	v, err := f.h.app.FindReview(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindReview(%s): %v", name, err)
	}
	return v.Review.Version
}

// outputVersion is the current version of the held review's output.
func (f *authzFixture) outputVersion() int {
	f.h.t.Helper()
	v, err := f.h.app.FindReview(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["review-held"]))
	if err != nil {
		f.h.t.Fatalf("FindReview(held): %v", err)
	}
	for _, o := range v.Outputs {
		if o.ID == f.ids["review-output"] {
			return o.Version
		}
	}
	f.h.t.Fatalf("the held review has no output %s", f.ids["review-output"])
	return 0
}

func authzReviewForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Next review"}, "plannedOn": {"2026-09-01"}, "chair": {string(f.approverFor(x).ID)}, "repeatMonths": {"0"}}
}

func authzReviewUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Renamed review"}, "plannedOn": {"2026-03-20"}, "chair": {string(f.users[asMgr].ID)},
		"version": {strconv.Itoa(f.reviewVersion("review-planned"))}}
}

func authzReviewHoldForm(f *authzFixture, x authzWho) any {
	return url.Values{"heldOn": {"2026-03-02"}, "attendees": {"Dana Ortiz (CEO)"}, "minutes": {"Discussed."},
		"version": {strconv.Itoa(f.reviewVersion("review-planned"))}}
}

func authzReviewMinutesForm(f *authzFixture, x authzWho) any {
	return url.Values{"attendees": {"Dana Ortiz (CEO)\nAlex Kim (CTO)"}, "minutes": {"Discussed again."},
		"version": {strconv.Itoa(f.reviewVersion("review-held"))}}
}

func authzReviewSubmitForm(f *authzFixture, x authzWho) any {
	return url.Values{"note": {"For approval."}, "version": {strconv.Itoa(f.reviewVersion("review-held"))}}
}

func authzOutputForm(f *authzFixture, x authzWho) any {
	return url.Values{"kind": {"resource"}, "description": {"A budget for training."}, "ownerId": {string(f.users[asMgr].ID)}, "due": {"2026-09-30"}}
}

func authzOutputUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"kind": {"improvement"}, "description": {"Extend MFA to everyone."}, "ownerId": {string(f.users[asMgr].ID)},
		"due": {"2026-06-30"}, "version": {strconv.Itoa(f.outputVersion())}}
}

func authzReviewJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Next review", "plannedOn": "2026-09-01", "chairId": f.approverFor(x).ID}
}

func authzReviewUpdateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Renamed review", "plannedOn": "2026-03-20", "chairId": f.users[asMgr].ID,
		"version": f.reviewVersion("review-planned")}
}

func authzReviewHoldJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"heldOn": "2026-03-02", "attendees": []string{"Dana Ortiz (CEO)"}, "version": f.reviewVersion("review-planned")}
}

func authzReviewMinutesJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"attendees": []string{"Dana Ortiz (CEO)"}, "minutes": "Discussed again.", "version": f.reviewVersion("review-held")}
}

func authzReviewSubmitJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"version": f.reviewVersion("review-held")}
}

func authzOutputJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"kind": "resource", "description": "A budget for training."}
}

func authzOutputUpdateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"kind": "improvement", "description": "Extend MFA to everyone.", "ownerId": f.users[asMgr].ID,
		"due": "2026-06-30", "version": f.outputVersion()}
}
