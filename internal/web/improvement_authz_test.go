// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for the
// improvement register. Readers of the ISMS (auditors and viewers too)
// read every improvement; administrators, ISMS managers and contributors
// propose, change, decide and carry them out; employees read nothing.
func init() {
	for pattern, row := range improvementAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzImprovements)
	for t, name := range map[authzTarget]string{targetImpProposed: "imp-proposed", targetImpAccepted: "imp-accepted",
		targetImpInProgress: "imp-progress"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets, all of A and owned by A's manager: IMP-1 proposed, IMP-2
// accepted, IMP-3 in progress through a planned change (no task open).
const (
	targetImpProposed authzTarget = 980 + iota
	targetImpAccepted
	targetImpInProgress
)

const (
	readImps = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readImp  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editImps = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editImp  = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var improvementAuthzRows = map[string]authzRow{
	"GET /improvements":                {cells: readImps},
	"GET /improvements/new":            {cells: editImps},
	"POST /improvements":               {cells: editImps, body: authzImpForm},
	"GET /improvements/{id}":           {cells: readImp, id: targetImpAccepted, note: "with the task and change panels for editors"},
	"GET /improvements/{id}/edit":      {cells: editImp, id: targetImpProposed},
	"POST /improvements/{id}":          {cells: editImp, id: targetImpProposed, body: authzImpUpdateForm},
	"POST /improvements/{id}/delete":   {cells: editImp, id: targetImpProposed},
	"POST /improvements/{id}/decision": {cells: editImp, id: targetImpProposed, body: authzImpDecisionForm},
	"POST /improvements/{id}/tasks":    {cells: editImp, id: targetImpAccepted, body: authzImpTaskForm},
	"POST /improvements/{id}/change":   {cells: editImp, id: targetImpAccepted, body: authzImpChangeForm},
	"POST /improvements/{id}/complete": {cells: editImp, id: targetImpInProgress, body: authzImpCompleteForm},

	"GET /api/v1/improvements":                {cells: readImps},
	"POST /api/v1/improvements":               {cells: editImps, body: authzImpJSON},
	"GET /api/v1/improvements/{id}":           {cells: readImp, id: targetImpInProgress},
	"PUT /api/v1/improvements/{id}":           {cells: editImp, id: targetImpProposed, body: authzImpUpdateJSON},
	"DELETE /api/v1/improvements/{id}":        {cells: editImp, id: targetImpProposed},
	"POST /api/v1/improvements/{id}/decision": {cells: editImp, id: targetImpProposed, body: authzImpDecisionJSON},
	"POST /api/v1/improvements/{id}/tasks":    {cells: editImp, id: targetImpAccepted, body: authzImpTaskJSON},
	"POST /api/v1/improvements/{id}/change":   {cells: editImp, id: targetImpAccepted, body: authzImpChangeJSON},
	"POST /api/v1/improvements/{id}/complete": {cells: editImp, id: targetImpInProgress, body: authzImpCompleteJSON},
}

// newAuthzImprovements gives A three improvements owned by its manager:
// proposed, accepted, and in progress through a planned change.
func newAuthzImprovements(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, mgr := context.Background(), w.actor(asMgr)
	propose := func(title string) *isms.Improvement {
		im, err := h.app.ProposeImprovement(ctx, mgr, app.ImprovementInput{Title: title, Source: isms.ImpSuggestion,
			OwnerID: w.users[asMgr].ID})
		if err != nil {
			h.t.Fatalf("ProposeImprovement: %v", err)
		}
		return im
	}
	accept := func(im *isms.Improvement) *isms.Improvement {
		im, err := h.app.DecideImprovement(ctx, mgr, im.ID, im.Version, isms.ImpAccepted, "Worth it.")
		if err != nil {
			h.t.Fatalf("DecideImprovement: %v", err)
		}
		return im
	}
	proposed, accepted, progress := propose("Automate access reviews"), accept(propose("Phishing drills")), accept(propose("One leaver list"))
	if _, err := h.app.PlanImprovementChange(ctx, mgr, progress.ID, progress.Version); err != nil {
		h.t.Fatalf("PlanImprovementChange: %v", err)
	}
	w.ids["imp-proposed"], w.ids["imp-accepted"], w.ids["imp-progress"] = proposed.ID, accepted.ID, progress.ID
}

// impVersionOf is the current version of A's improvement named name.
func (f *authzFixture) impVersionOf(name string) int {
	f.h.t.Helper()
	v, err := f.h.app.FindImprovement(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindImprovement(%s): %v", name, err)
	}
	return v.Improvement.Version
}

func authzImpForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Automate the joiners' checklist"}, "source": {"suggestion"}}
}

func authzImpUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Automate every access review"}, "source": {"suggestion"}, "ownerId": {string(f.users[asMgr].ID)},
		"version": {strconv.Itoa(f.impVersionOf("imp-proposed"))}}
}

func authzImpDecisionForm(f *authzFixture, x authzWho) any {
	return url.Values{"decision": {"accepted"}, "version": {strconv.Itoa(f.impVersionOf("imp-proposed"))}}
}

func authzImpTaskForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Plan the drills"}, "ownerId": {string(f.users[asMgr].ID)}, "due": {"2026-06-30"},
		"version": {strconv.Itoa(f.impVersionOf("imp-accepted"))}}
}

func authzImpChangeForm(f *authzFixture, x authzWho) any {
	return url.Values{"version": {strconv.Itoa(f.impVersionOf("imp-accepted"))}}
}

func authzImpCompleteForm(f *authzFixture, x authzWho) any {
	return url.Values{"note": {"One list now."}, "version": {strconv.Itoa(f.impVersionOf("imp-progress"))}}
}

func authzImpJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Automate the joiners' checklist", "source": "suggestion"}
}

func authzImpUpdateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Automate every access review", "source": "suggestion", "ownerId": f.users[asMgr].ID,
		"version": f.impVersionOf("imp-proposed")}
}

func authzImpDecisionJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"decision": "accepted", "version": f.impVersionOf("imp-proposed")}
}

func authzImpTaskJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Plan the drills", "ownerId": f.users[asMgr].ID, "due": "2026-06-30", "version": f.impVersionOf("imp-accepted")}
}

func authzImpChangeJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"version": f.impVersionOf("imp-accepted")}
}

func authzImpCompleteJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"note": "One list now.", "version": f.impVersionOf("imp-progress")}
}
