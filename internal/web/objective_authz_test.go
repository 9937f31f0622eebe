// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for information
// security objectives. Readers of the ISMS see them; administrators,
// ISMS managers and contributors change them; employees see nothing.
func init() {
	for pattern, row := range objectiveAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzObjectives)
	authzTargetIDs[targetObjective] = func(f *authzFixture, x authzWho) string { return string(f.ids["objective"]) }
}

// targetObjective is A's objective OBJ-1, evaluated without a metric.
const targetObjective authzTarget = 800

const (
	editObjectives   = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editObjectivesID = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var objectiveAuthzRows = map[string]authzRow{
	"GET /objectives":              {cells: readSupport},
	"GET /objectives/new":          {cells: editObjectives},
	"POST /objectives":             {cells: editObjectives, body: authzObjectiveForm},
	"GET /objectives/{id}":         {cells: readSupportID, id: targetObjective},
	"GET /objectives/{id}/edit":    {cells: editObjectivesID, id: targetObjective},
	"POST /objectives/{id}":        {cells: editObjectivesID, id: targetObjective, body: authzObjectiveUpdateForm},
	"POST /objectives/{id}/delete": {cells: editObjectivesID, id: targetObjective},

	"GET /api/v1/objectives": {cells: readSupport},
	"POST /api/v1/objectives": {cells: editObjectives, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"statement": "Train every new joiner", "evaluation": "HR report", "dueOn": "2026-12-31"}
	}},
	"GET /api/v1/objectives/{id}": {cells: readSupportID, id: targetObjective, note: "also by its reference"},
	"PUT /api/v1/objectives/{id}": {cells: editObjectivesID, id: targetObjective, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"statement": "Keep the certificate", "evaluation": "Audit report", "dueOn": "2027-01-31",
			"status": "in_progress", "version": f.objectiveVersion()}
	}},
	"DELETE /api/v1/objectives/{id}": {cells: editObjectivesID, id: targetObjective},
}

// newAuthzObjectives gives A its objective.
func newAuthzObjectives(h *harness, w *authzWorld) {
	h.t.Helper()
	o, err := h.app.CreateObjective(context.Background(), w.actor(asAdmin), app.ObjectiveInput{Statement: "Keep the certificate",
		Evaluation: "Certification audit report", DueOn: "2026-12-31", OwnerID: string(w.users[asMgr].ID)})
	if err != nil {
		h.t.Fatalf("CreateObjective: %v", err)
	}
	w.ids["objective"] = o.ID
}

func (f *authzFixture) objectiveVersion() int {
	f.h.t.Helper()
	v, err := f.h.app.FindObjective(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["objective"]))
	if err != nil {
		f.h.t.Fatalf("FindObjective: %v", err)
	}
	return v.Objective.Version
}

func authzObjectiveForm(f *authzFixture, x authzWho) any {
	return url.Values{"statement": {"Train every new joiner"}, "evaluation": {"HR report"}, "dueOn": {"2026-12-31"}, "status": {"planned"}}
}

func authzObjectiveUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"statement": {"Keep the certificate"}, "evaluation": {"Audit report"}, "dueOn": {"2027-01-31"},
		"status": {"in_progress"}, "version": {strconv.Itoa(f.objectiveVersion())}}
}
