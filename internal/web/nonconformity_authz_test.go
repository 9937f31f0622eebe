// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for nonconformities.
// Readers of the ISMS (auditors and viewers too) read the register, its
// overview and every nonconformity; administrators, ISMS managers and
// contributors raise and change them and record every step of their
// workflow; employees read nothing.
func init() {
	for pattern, row := range ncAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzNonconformities)
	for t, name := range map[authzTarget]string{targetNCOpen: "nc-open", targetNCVerifying: "nc-verifying", targetNCScheduled: "nc-scheduled"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets, all of A and owned by A's manager: NC-1 just raised;
// NC-2 corrected, its root cause known and its one corrective action
// done, so verifying; NC-3 as NC-2 with its effectiveness check
// scheduled.
const (
	targetNCOpen      authzTarget = 960 + iota // NC-1
	targetNCVerifying                          // NC-2
	targetNCScheduled                          // NC-3
)

const (
	readNCs  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readNC   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editNCs  = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editNC   = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
	ncRaised = "raised in the actor's organization"
)

var ncAuthzRows = map[string]authzRow{
	"GET /nonconformities":                             {cells: readNCs},
	"GET /nonconformities/new":                         {cells: editNCs},
	"POST /nonconformities":                            {cells: editNCs, body: authzNCForm, note: ncRaised},
	"GET /nonconformities/{id}":                        {cells: readNC, id: targetNCScheduled, note: "with its actions and check"},
	"GET /nonconformities/{id}/edit":                   {cells: editNC, id: targetNCOpen},
	"POST /nonconformities/{id}":                       {cells: editNC, id: targetNCOpen, body: authzNCUpdateForm},
	"POST /nonconformities/{id}/delete":                {cells: editNC, id: targetNCOpen},
	"POST /nonconformities/{id}/correction":            {cells: editNC, id: targetNCOpen, body: authzNCStepForm("correction", "Access revoked.")},
	"POST /nonconformities/{id}/root-cause":            {cells: editNC, id: targetNCOpen, body: authzNCRootCauseForm},
	"POST /nonconformities/{id}/similar":               {cells: editNC, id: targetNCOpen, body: authzNCStepForm("similar", "Other units checked.")},
	"POST /nonconformities/{id}/actions":               {cells: editNC, id: targetNCOpen, body: authzNCActionForm},
	"POST /nonconformities/{id}/check-schedule":        {cells: editNC, id: targetNCVerifying, body: authzNCScheduleForm},
	"POST /nonconformities/{id}/check":                 {cells: editNC, id: targetNCScheduled, body: authzNCCheckForm},
	"GET /api/v1/nonconformities":                      {cells: readNCs},
	"POST /api/v1/nonconformities":                     {cells: editNCs, body: authzNCJSON, note: ncRaised},
	"GET /api/v1/nonconformities/overview":             {cells: readNCs},
	"GET /api/v1/nonconformities/{id}":                 {cells: readNC, id: targetNCScheduled},
	"PUT /api/v1/nonconformities/{id}":                 {cells: editNC, id: targetNCOpen, body: authzNCUpdateJSON},
	"DELETE /api/v1/nonconformities/{id}":              {cells: editNC, id: targetNCOpen},
	"POST /api/v1/nonconformities/{id}/correction":     {cells: editNC, id: targetNCOpen, body: authzNCStepJSON("correction", "Access revoked.")},
	"POST /api/v1/nonconformities/{id}/root-cause":     {cells: editNC, id: targetNCOpen, body: authzNCRootCauseJSON},
	"POST /api/v1/nonconformities/{id}/similar":        {cells: editNC, id: targetNCOpen, body: authzNCStepJSON("similar", "Other units checked.")},
	"POST /api/v1/nonconformities/{id}/actions":        {cells: editNC, id: targetNCOpen, body: authzNCActionJSON},
	"POST /api/v1/nonconformities/{id}/check-schedule": {cells: editNC, id: targetNCVerifying, body: authzNCScheduleJSON},
	"POST /api/v1/nonconformities/{id}/check":          {cells: editNC, id: targetNCScheduled, body: authzNCCheckJSON},
}

// newAuthzNonconformities gives A its three nonconformities (see the
// targets), raised and worked by A's manager.
func newAuthzNonconformities(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, mgr := context.Background(), w.actor(asMgr)
	today := isms.DateOf(h.clock.Now())
	for i, name := range []string{"nc-open", "nc-verifying", "nc-scheduled"} {
		n, err := h.app.RaiseNonconformity(ctx, mgr, app.NCInput{Title: "Leavers keep access " + strconv.Itoa(i+1),
			Description: "Two leavers kept VPN access for weeks.", Source: isms.NCIncident, Grade: isms.NCMinor,
			DetectedOn: today, OwnerID: w.users[asMgr].ID})
		if err != nil {
			h.t.Fatalf("RaiseNonconformity: %v", err)
		}
		w.ids[name] = n.ID
		if i == 0 {
			continue
		}
		n = authzWorkNC(h, mgr, n, w.users[asMgr].ID)
		if i == 2 {
			if _, err := h.app.ScheduleEffectivenessCheck(ctx, mgr, n.ID, n.Version, today.AddDays(30)); err != nil {
				h.t.Fatalf("ScheduleEffectivenessCheck: %v", err)
			}
		}
	}
}

// authzWorkNC records n's correction and root cause and adds and closes
// one corrective action, which makes it verifying.
func authzWorkNC(h *harness, actor isms.Actor, n *isms.Nonconformity, owner isms.ID) *isms.Nonconformity {
	h.t.Helper()
	ctx := context.Background()
	n, err := h.app.RecordCorrection(ctx, actor, n.ID, n.Version, app.StepInput{Text: "Access revoked."})
	if err != nil {
		h.t.Fatalf("RecordCorrection: %v", err)
	}
	if n, err = h.app.RecordRootCause(ctx, actor, n.ID, n.Version, app.StepInput{Method: isms.RCAFiveWhys, Text: "No leaver checklist."}); err != nil {
		h.t.Fatalf("RecordRootCause: %v", err)
	}
	x, err := h.app.AddCorrectiveAction(ctx, actor, n.ID, n.Version, app.ActionInput{Title: "Write a leaver checklist", OwnerID: owner,
		Due: isms.DateOf(h.clock.Now()).AddDays(14)})
	if err != nil {
		h.t.Fatalf("AddCorrectiveAction: %v", err)
	}
	if _, err := h.app.CompleteTask(ctx, actor, x.TaskID, "Checklist in use."); err != nil {
		h.t.Fatalf("CompleteTask: %v", err)
	}
	v, err := h.app.FindNonconformity(ctx, actor, string(n.ID))
	if err != nil {
		h.t.Fatalf("FindNonconformity: %v", err)
	}
	return v.NC
}

// ncVersion is the current version of A's nonconformity named name.
func (f *authzFixture) ncVersion(name string) int {
	f.h.t.Helper()
	v, err := f.h.app.FindNonconformity(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindNonconformity(%s): %v", name, err)
	}
	return v.NC.Version
}

func authzNCForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Visitor log not kept"}, "description": {"The visitor log of March is missing."}, "source": {"monitoring"},
		"grade": {"minor"}, "detectedOn": {"2026-03-01"}, "owner": {string(f.approverFor(x).ID)}}
}

func authzNCUpdateForm(f *authzFixture, x authzWho) any {
	v := authzNCForm(f, asAdmin).(url.Values)
	v.Set("owner", string(f.users[asMgr].ID))
	v.Set("version", strconv.Itoa(f.ncVersion("nc-open")))
	return v
}

func authzNCStepForm(field, text string) func(f *authzFixture, x authzWho) any {
	return func(f *authzFixture, x authzWho) any {
		return url.Values{field: {text}, "version": {strconv.Itoa(f.ncVersion("nc-open"))}}
	}
}

func authzNCRootCauseForm(f *authzFixture, x authzWho) any {
	return url.Values{"rcaMethod": {"five_whys"}, "rootCause": {"No leaver checklist."}, "version": {strconv.Itoa(f.ncVersion("nc-open"))}}
}

func authzNCActionForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Write a leaver checklist"}, "owner": {string(f.users[asMgr].ID)}, "due": {"2026-04-30"},
		"version": {strconv.Itoa(f.ncVersion("nc-open"))}}
}

func authzNCScheduleForm(f *authzFixture, x authzWho) any {
	return url.Values{"checkDue": {"2026-05-04"}, "version": {strconv.Itoa(f.ncVersion("nc-verifying"))}}
}

func authzNCCheckForm(f *authzFixture, x authzWho) any {
	return url.Values{"result": {"effective"}, "note": {"No leaver kept access since."}, "version": {strconv.Itoa(f.ncVersion("nc-scheduled"))}}
}

func authzNCJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Visitor log not kept", "description": "The visitor log of March is missing.", "source": "monitoring",
		"grade": "minor", "detectedOn": "2026-03-01", "ownerId": f.approverFor(x).ID}
}

func authzNCUpdateJSON(f *authzFixture, x authzWho) any {
	m := authzNCJSON(f, asAdmin).(map[string]any)
	m["ownerId"], m["version"] = f.users[asMgr].ID, f.ncVersion("nc-open")
	return m
}

func authzNCStepJSON(field, text string) func(f *authzFixture, x authzWho) any {
	return func(f *authzFixture, x authzWho) any {
		return map[string]any{field: text, "version": f.ncVersion("nc-open")}
	}
}

func authzNCRootCauseJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"method": "five_whys", "rootCause": "No leaver checklist.", "version": f.ncVersion("nc-open")}
}

func authzNCActionJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Write a leaver checklist", "ownerId": f.users[asMgr].ID, "due": "2026-04-30", "version": f.ncVersion("nc-open")}
}

func authzNCScheduleJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"on": "2026-05-04", "version": f.ncVersion("nc-verifying")}
}

func authzNCCheckJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"effective": true, "note": "No leaver kept access since.", "version": f.ncVersion("nc-scheduled")}
}
