// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for controls, their
// requirement links and the posture. Readers of the ISMS see them; editors
// of controls (administrators, ISMS managers, contributors) change them;
// employees do neither.
func init() {
	for pattern, row := range controlAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzControl)
	authzTargetIDs[targetControl] = func(f *authzFixture, x authzWho) string { return string(f.ids["control"]) }
	authzTargetIDs[targetControlFramework] = func(f *authzFixture, x authzWho) string { return string(f.ids["control-framework"]) }
	authzPathVars["req"] = func(f *authzFixture, x authzWho) string { return string(f.ids["control-requirement"]) }
}

// The targets of these rows.
const (
	targetControl          authzTarget = 200 + iota // A's control C-1, linked to R1 of A's framework "authz-controls"
	targetControlFramework                          // that framework
)

const (
	readControls = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readControl  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editControls = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editControl  = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var controlAuthzRows = map[string]authzRow{
	"GET /controls":              {cells: readControls},
	"GET /controls/new":          {cells: editControls},
	"POST /controls":             {cells: editControls, body: authzControlForm},
	"GET /controls/{id}":         {cells: readControl, id: targetControl},
	"GET /controls/{id}/edit":    {cells: editControl, id: targetControl},
	"POST /controls/{id}":        {cells: editControl, id: targetControl, body: authzControlUpdateForm},
	"POST /controls/{id}/delete": {cells: editControl, id: targetControl},
	"POST /controls/{id}/links":  {cells: editControl, id: targetControl, body: authzControlLinkForm},
	"POST /controls/{id}/links/{req}/delete": {cells: editControl, id: targetControl,
		note: "{req} is R1, which the control is linked to"},
	"POST /controls/{id}/links/confirm": {cells: editControl, id: targetControl, note: "no inferred link to confirm: nothing changes"},
	"GET /posture":                      {cells: readControls, note: "other sees the posture of their own organization"},
	"GET /frameworks/{id}/posture":      {cells: readControl, id: targetControlFramework},

	"GET /api/v1/controls": {cells: readControls},
	"POST /api/v1/controls": {cells: editControls, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Visitor badges", "status": "planned"}
	}},
	"GET /api/v1/controls/{id}": {cells: readControl, id: targetControl},
	"PATCH /api/v1/controls/{id}": {cells: editControl, id: targetControl, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"status": "implemented", "version": f.controlVersion()}
	}},
	"DELETE /api/v1/controls/{id}": {cells: editControl, id: targetControl},
	"POST /api/v1/controls/{id}/links": {cells: editControl, id: targetControl, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"framework": "authz-controls", "refs": []string{"R2"}}
	}},
	"DELETE /api/v1/controls/{id}/links/{req}": {cells: editControl, id: targetControl},
	"POST /api/v1/controls/{id}/links/confirm": {cells: editControl, id: targetControl, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{}
	}},
	"GET /api/v1/posture":                 {cells: readControls},
	"GET /api/v1/frameworks/{id}/posture": {cells: readControl, id: targetControlFramework},
}

// newAuthzControl gives A a framework of two requirements and a control
// linked to the first.
func newAuthzControl(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, sysA := context.Background(), isms.SystemActor(w.a.ID)
	fw, _, err := h.app.ImportFramework(ctx, sysA, &catalog.Framework{
		Meta: isms.Framework{Key: "authz-controls", Name: "Authorization test framework", Source: isms.SourceYAML, SHA256: "authz"},
		Requirements: []isms.Requirement{
			{Ref: "R1", Title: "First", Kind: isms.KindControl, Assessable: true},
			{Ref: "R2", Title: "Second", Kind: isms.KindControl, Assessable: true},
		},
	})
	if err != nil {
		h.t.Fatalf("ImportFramework: %v", err)
	}
	c, err := h.app.CreateControl(ctx, sysA, app.ControlInput{Ref: "C-1", Title: "Door locks", Status: "planned"})
	if err != nil {
		h.t.Fatalf("CreateControl: %v", err)
	}
	req, err := h.app.ResolveRequirement(ctx, sysA, string(fw.ID), "R1")
	if err != nil {
		h.t.Fatalf("ResolveRequirement: %v", err)
	}
	if _, err := h.app.LinkControl(ctx, sysA, c.ID, []isms.ID{req.ID}); err != nil {
		h.t.Fatalf("LinkControl: %v", err)
	}
	w.ids["control"], w.ids["control-framework"], w.ids["control-requirement"] = c.ID, fw.ID, req.ID
}

// controlVersion is the current version of targetControl.
func (f *authzFixture) controlVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindControl(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["control"]))
	if err != nil {
		f.h.t.Fatalf("FindControl: %v", err)
	}
	return d.Control.Version
}

func authzControlForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Visitor badges"}, "status": {"planned"}}
}

func authzControlUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"ref": {"C-1"}, "title": {"Door locks, both sites"}, "status": {"in_progress"},
		"version": {strconv.Itoa(f.controlVersion())}}
}

func authzControlLinkForm(f *authzFixture, x authzWho) any {
	return url.Values{"framework": {"authz-controls"}, "refs": {"R2"}}
}
