// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for leadership:
// the leadership page, commitment records, ISMS roles and the RACI grid.
// Readers of the ISMS see them; administrators and ISMS managers change
// them; employees see none of it.
func init() {
	for pattern, row := range leadershipAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzLeadership)
	for t, name := range map[authzTarget]string{targetCommitment: "commitment", targetISMSRole: "isms-role", targetRACIControl: "raci-control"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
	authzPathVars["subjectType"] = func(f *authzFixture, x authzWho) string { return "control" }
	authzPathVars["subjectId"] = func(f *authzFixture, x authzWho) string { return string(f.ids["raci-control"]) }
}

// The targets: A's commitment record MC-1; A's role "Risk owner", which
// nobody holds and no RACI cell names (so it is deleted without asking);
// and A's control C-740, a row of the RACI grid.
const (
	targetCommitment authzTarget = 740 + iota
	targetISMSRole
	targetRACIControl
)

const (
	readLeadership     = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readLeadershipID   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manageLeadership   = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageLeadershipID = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
)

var leadershipAuthzRows = map[string]authzRow{
	"GET /leadership":                 {cells: readLeadership},
	"GET /commitments":                {cells: readLeadership},
	"GET /commitments/new":            {cells: manageLeadership},
	"POST /commitments":               {cells: manageLeadership, body: authzCommitmentForm},
	"GET /commitments/{id}":           {cells: readLeadershipID, id: targetCommitment},
	"GET /commitments/{id}/edit":      {cells: manageLeadershipID, id: targetCommitment},
	"POST /commitments/{id}":          {cells: manageLeadershipID, id: targetCommitment, body: authzCommitmentUpdateForm},
	"POST /commitments/{id}/delete":   {cells: manageLeadershipID, id: targetCommitment},
	"GET /isms-roles":                 {cells: readLeadership},
	"GET /isms-roles/new":             {cells: manageLeadership},
	"POST /isms-roles":                {cells: manageLeadership, body: authzISMSRoleForm},
	"POST /isms-roles/usual":          {cells: manageLeadership},
	"GET /isms-roles/{id}":            {cells: readLeadershipID, id: targetISMSRole},
	"GET /isms-roles/{id}/edit":       {cells: manageLeadershipID, id: targetISMSRole},
	"POST /isms-roles/{id}":           {cells: manageLeadershipID, id: targetISMSRole, body: authzISMSRoleUpdateForm},
	"POST /isms-roles/{id}/delete":    {cells: manageLeadershipID, id: targetISMSRole},
	"GET /raci":                       {cells: readLeadership},
	"POST /raci/{subjectType}/{id}":   {cells: manageLeadershipID, id: targetRACIControl, body: authzRACIRowForm, note: "{subjectType} is control"},
	"GET /api/v1/commitments":         {cells: readLeadership},
	"GET /api/v1/commitments/{id}":    {cells: readLeadershipID, id: targetCommitment},
	"DELETE /api/v1/commitments/{id}": {cells: manageLeadershipID, id: targetCommitment},
	"POST /api/v1/commitments": {cells: manageLeadership, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"madeOn": "2026-02-01", "kind": "decision", "title": "Risk acceptance criteria approved", "madeBy": "Board"}
	}},
	"PUT /api/v1/commitments/{id}": {cells: manageLeadershipID, id: targetCommitment, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"madeOn": "2026-01-20", "kind": "resource", "title": "ISMS budget approved", "madeBy": "Board",
			"version": f.commitmentVersion()}
	}},
	"GET /api/v1/isms-roles":         {cells: readLeadership},
	"GET /api/v1/isms-roles/{id}":    {cells: readLeadershipID, id: targetISMSRole},
	"DELETE /api/v1/isms-roles/{id}": {cells: manageLeadershipID, id: targetISMSRole},
	"POST /api/v1/isms-roles": {cells: manageLeadership, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Data protection contact", "responsibilities": "Advises on personal data."}
	}},
	"PUT /api/v1/isms-roles/{id}": {cells: manageLeadershipID, id: targetISMSRole, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Risk owner", "authorities": "Accepts residual risks.", "version": f.ismsRoleVersion()}
	}},
	"GET /api/v1/raci": {cells: readLeadership},
	"PUT /api/v1/raci/{subjectType}/{subjectId}": {cells: manageLeadershipID, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"letters": map[string]string{string(f.ids["isms-role"]): "A"}}
	}, note: "A's control C-740: not found for other"},
}

// newAuthzLeadership gives A a commitment record, a role and a control.
func newAuthzLeadership(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	c, err := h.app.CreateCommitment(ctx, admin, app.CommitmentInput{MadeOn: "2026-01-20", Kind: "resource",
		Title: "ISMS budget approved", MadeBy: "Board"})
	if err != nil {
		h.t.Fatalf("CreateCommitment: %v", err)
	}
	r, err := h.app.CreateISMSRole(ctx, admin, app.ISMSRoleInput{Name: "Risk owner"})
	if err != nil {
		h.t.Fatalf("CreateISMSRole: %v", err)
	}
	ctl, err := h.app.CreateControl(ctx, admin, app.ControlInput{Ref: "C-740", Title: "Backups", Status: "planned"})
	if err != nil {
		h.t.Fatalf("CreateControl: %v", err)
	}
	w.ids["commitment"], w.ids["isms-role"], w.ids["raci-control"] = c.ID, r.ID, ctl.ID
}

func (f *authzFixture) commitmentVersion() int {
	f.h.t.Helper()
	c, err := f.h.app.FindCommitment(context.Background(), isms.SystemActor(f.a.ID), f.ids["commitment"])
	if err != nil {
		f.h.t.Fatalf("FindCommitment: %v", err)
	}
	return c.Version
}

func (f *authzFixture) ismsRoleVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindISMSRole(context.Background(), isms.SystemActor(f.a.ID), f.ids["isms-role"])
	if err != nil {
		f.h.t.Fatalf("FindISMSRole: %v", err)
	}
	return d.Role.Version
}

func authzCommitmentForm(f *authzFixture, x authzWho) any {
	return url.Values{"madeOn": {"2026-02-01"}, "kind": {"decision"}, "title": {"Risk acceptance criteria approved"}, "madeBy": {"Board"}}
}

func authzCommitmentUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"madeOn": {"2026-01-20"}, "kind": {"resource"}, "title": {"ISMS budget approved"}, "madeBy": {"Board"},
		"description": {"Minutes item 4."}, "version": {strconv.Itoa(f.commitmentVersion())}}
}

func authzISMSRoleForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Data protection contact"}, "responsibilities": {"Advises on personal data."}}
}

func authzISMSRoleUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Risk owner"}, "authorities": {"Accepts residual risks."}, "version": {strconv.Itoa(f.ismsRoleVersion())}}
}

func authzRACIRowForm(f *authzFixture, x authzWho) any {
	return url.Values{"letters." + string(f.ids["isms-role"]): {"A"}}
}
