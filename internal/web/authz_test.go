// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
	"github.com/ismsproject/isms/internal/web"
)

// The authorization table states, for every registered route (pages and
// API), what each actor gets: allow or deny. It is written out by hand from
// the product rules (isms/role.go's table is the intended policy) and not
// computed from isms.Role.Allows, so that it is an independent statement.
// TestAuthzTableCoversEveryRoute fails when a route has no row, or a row no
// route; ownership rules (whose submission, whose token) are tested per
// module, and appear here only where a route's one allowed actor is an owner.
//
// Columns, all acting on organization A's objects:
//
//	anon     nobody signed in
//	owner    an installation owner who is a member of no organization
//	admin … emp   a member of A with that role
//	other    B's administrator: IDs of A's objects are not found for them;
//	         routes without an object act on their own organization B
//
// Cells: A allow (2xx, or a redirect not to /signin), D deny (401, 403, 404
// or the redirect to /signin), N deny by 404 (the object is in another
// organization, so it does not exist for the actor).
//
// TestAuthzRoutes sends every cell's request, on SQLite, each from a fresh
// database; TestAuthzOnEachDatabase sends the cells that change nothing on
// SQLite and PostgreSQL.
var authzTable = map[string]authzRow{
	// Infrastructure: no authorization at all.
	"GET /static/":             {cells: authzPublic},
	"GET /healthz":             {cells: authzPublic},
	"GET /readyz":              {cells: authzPublic},
	"GET /api/v1/openapi.json": {cells: authzPublic},
	"/api/":                    {cells: authzPublic, note: "the API's 404 in its JSON error shape"},

	// Sign-in and setup.
	"GET /signin":   {cells: "anon:A owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"POST /signin":  {cells: "anon:A owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A", preSignIn: true, body: authzSignInForm},
	"GET /setup":    {cells: "anon:N owner:N admin:N mgr:N contrib:N aud:N view:N emp:N other:N", note: "the installation is set up: no setup token is valid, for anyone"},
	"POST /setup":   {cells: "anon:N owner:N admin:N mgr:N contrib:N aud:N view:N emp:N other:N", preSignIn: true, body: authzSetupForm, note: "as GET /setup"},
	"POST /signout": {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A", signsOut: true},
	"POST /switch-org": {cells: "anon:D owner:N admin:A mgr:A contrib:A aud:A view:A emp:A other:N", body: authzSwitchOrgForm,
		note: "switching to A: only A's members may"},

	// One's own account: every signed-in user.
	"GET /account":           {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"GET /account/password":  {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"POST /account/password": {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A", body: authzPasswordForm},
	"POST /account/tokens": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A", body: authzTokenForm,
		note: "a token acts in an organization, so the owner (member of none) has none"},
	"POST /account/tokens/{id}/revoke": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:N", id: targetOwnToken,
		note: "members revoke their own token; owner and other target A's admin's token"},

	// The organization.
	"GET /{$}":               {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"GET /organization":      {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"GET /organization/edit": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"},
	"POST /organization": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A", body: authzOrgUpdateForm, prep: authzWithdraw,
		note: "pending submissions withdrawn first: a submitted profile cannot change"},
	"POST /organization/submit": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A", body: authzOrgSubmitForm, prep: authzWithdraw,
		note: "submitting the profile needs the right to edit it as well"},

	// Members.
	"GET /members":                      {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"GET /members/new":                  {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:A"},
	"POST /members":                     {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:A", body: authzMemberNewForm},
	"GET /members/{id}":                 {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetMember},
	"POST /members/{id}/role":           {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember, body: authzMemberRoleForm},
	"POST /members/{id}/remove":         {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember},
	"POST /members/{id}/reset-password": {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember},
	"POST /members/{id}/disable":        {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember},
	"POST /members/{id}/enable":         {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember},

	// Approvals. A's submission is by A's admin, naming A's manager.
	"GET /approvals":      {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"GET /approvals/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetApproval},
	"POST /approvals/{id}/decide": {cells: "anon:D owner:D admin:D mgr:A contrib:D aud:D view:D emp:D other:N", id: targetApproval, body: authzDecideForm,
		note: "ownership: only a named approver decides; the admin is the author (403)"},
	"POST /approvals/{id}/withdraw": {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetApproval,
		note: "ownership: only the author withdraws; manager and contributor may submit, but get 403 here"},

	// Tasks and schedules. A's task is its employee's; A's other task is its
	// contributor's. Creating, editing and cancelling needs the right to
	// assign work; the owner completes their own task.
	"GET /work":            {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"GET /tasks":           {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A", note: "employees get a list of their own tasks"},
	"GET /tasks/new":       {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"},
	"POST /tasks":          {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A", body: authzTaskForm},
	"GET /tasks/{id}":      {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:N", id: targetTask, note: "the employee's own task"},
	"GET /tasks/{id}/edit": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetTask},
	"POST /tasks/{id}":     {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetTask, body: authzTaskUpdateForm},
	"POST /tasks/{id}/complete": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:A other:N", id: targetTask, body: authzCompleteForm,
		note: "ownership: the employee completes their own task; auditor and viewer, who own it not, get 403"},
	"POST /tasks/{id}/cancel": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetTask, body: authzCancelForm},
	"POST /tasks/{id}/reopen": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:A other:N", id: targetTask, prep: authzCompleteTask,
		note: "ownership: the employee reopens the task they completed"},
	"GET /schedules":                  {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"GET /schedules/new":              {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"},
	"POST /schedules":                 {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A", body: authzScheduleForm},
	"GET /schedules/{id}":             {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetSchedule},
	"GET /schedules/{id}/edit":        {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetSchedule},
	"POST /schedules/{id}":            {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetSchedule, body: authzScheduleUpdateForm},
	"POST /schedules/{id}/deactivate": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetSchedule},

	// The audit trail.
	"GET /audit":        {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:A view:A emp:D other:A"},
	"GET /audit/verify": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:A view:A emp:D other:A"},

	// The installation: owners only, whatever role one has in an organization.
	"GET /admin/organizations":     {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D"},
	"GET /admin/organizations/new": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D"},
	"POST /admin/organizations":    {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D", body: authzAdminOrgForm},
	"GET /admin/users":             {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D"},
	"GET /admin/users/new":         {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D"},
	"POST /admin/users":            {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D", body: authzAdminUserForm},
	"POST /admin/users/{id}/reset-password": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D", id: targetMember,
		note: "A's admin resets A's members on /members/{id}/reset-password, not on the installation pages"},
	"POST /admin/users/{id}/disable": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D", id: targetMember},
	"POST /admin/users/{id}/enable":  {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D", id: targetMember},
	"GET /admin/jobs":                {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D"},
	"POST /admin/jobs/{kind}/run": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D",
		note: "{kind} is session.cleanup, the periodic job of every installation"},
	"GET /api/v1/admin/jobs": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D",
		note: "the owner of the fixture belongs to no organization, so has no token; members' tokens are refused"},

	// The API, through the session cookie and X-CSRF-Token, and (for members)
	// through a read-write API token of the actor.
	"GET /api/v1/me":           {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"GET /api/v1/organization": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"PATCH /api/v1/organization": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A", body: authzOrgUpdateJSON, prep: authzWithdraw,
		note: "as POST /organization"},
	"GET /api/v1/members":         {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"POST /api/v1/members":        {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:A", body: authzMemberNewJSON},
	"GET /api/v1/members/{id}":    {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetMember},
	"PATCH /api/v1/members/{id}":  {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember, body: authzMemberRoleJSON},
	"DELETE /api/v1/members/{id}": {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetMember},
	"GET /api/v1/audit-events":    {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:A view:A emp:D other:A"},
	"GET /api/v1/audit-events/head": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A",
		note: "the chain head goes into every export, so readers of the ISMS see it (app.ChainHead)"},
	"GET /api/v1/audit-events/verify": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:A view:A emp:D other:A"},
	"GET /api/v1/approvals":           {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"POST /api/v1/approvals": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A", body: authzSubmitJSON, prep: authzWithdraw,
		note: "the actor's own organization's profile; another organization's is TestAuthzBodyNamesAnotherOrganization"},
	"GET /api/v1/approvals/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetApproval},
	"POST /api/v1/approvals/{id}/decision": {cells: "anon:D owner:D admin:D mgr:A contrib:D aud:D view:D emp:D other:N", id: targetApproval, body: authzDecideJSON,
		note: "as POST /approvals/{id}/decide"},
	"POST /api/v1/approvals/{id}/withdraw": {cells: "anon:D owner:D admin:A mgr:D contrib:D aud:D view:D emp:D other:N", id: targetApproval,
		note: "as POST /approvals/{id}/withdraw"},
	"GET /api/v1/tasks":  {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A", note: "as GET /tasks"},
	"POST /api/v1/tasks": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A", body: authzTaskJSON},
	"GET /api/v1/tasks/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:N other:N", id: targetOtherTask,
		note: "another member's task does not exist for the employee"},
	"PATCH /api/v1/tasks/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetTask, body: authzTaskUpdateJSON},
	"POST /api/v1/tasks/{id}/complete": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:A other:N", id: targetTask, body: authzCompleteJSON,
		note: "as POST /tasks/{id}/complete"},
	"POST /api/v1/tasks/{id}/cancel": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetTask, body: authzCancelJSON},
	"POST /api/v1/tasks/{id}/reopen": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:A other:N", id: targetTask, prep: authzCompleteTask,
		note: "as POST /tasks/{id}/reopen"},
	"GET /api/v1/me/work":                    {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"GET /api/v1/schedules":                  {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"POST /api/v1/schedules":                 {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A", body: authzScheduleJSON},
	"GET /api/v1/schedules/{id}":             {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetSchedule},
	"PATCH /api/v1/schedules/{id}":           {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetSchedule, body: authzScheduleUpdateJSON},
	"POST /api/v1/schedules/{id}/deactivate": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetSchedule},
	"GET /api/v1/tokens":                     {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"DELETE /api/v1/tokens/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:N", id: targetOwnToken,
		note: "as POST /account/tokens/{id}/revoke"},
}

// authzPublic marks an infrastructure route that needs no authorization; it is
// checked to be registered as web.Public and not sent per actor.
const authzPublic = "public"

// authzRow is one route's row: who gets what, and how to build a request
// that succeeds when allowed.
type authzRow struct {
	cells string      // "anon:D owner:D admin:A …", or public
	id    authzTarget // what {id} stands for
	// body returns the form (url.Values, pages) or JSON value (API) that x sends.
	body func(f *authzFixture, x authzWho) any
	// prep changes the fixture before the request, so that an allowed
	// request can succeed.
	prep func(f *authzFixture)
	// preSignIn forms carry the double-submit CSRF cookie, not a session's token.
	preSignIn bool
	// signsOut rows succeed with a redirect to /signin.
	signsOut bool
	// upload, when set, returns a body that is not a form or JSON (a
	// multipart upload, raw bytes) and its Content-Type; body is unused.
	upload func(f *authzFixture, x authzWho) (contentType string, body []byte)
	note   string
}

// The request bodies. Each is valid, so that an allowed request succeeds
// rather than failing validation.

func authzSignInForm(f *authzFixture, x authzWho) any {
	return url.Values{"email": {f.target.Email}, "password": {testPassword}}
}

func authzSetupForm(f *authzFixture, x authzWho) any {
	return url.Values{"token": {"not-a-setup-token"}, "orgName": {"Initech"}, "orgSlug": {"initech"},
		"name": {"Setter"}, "email": {f.newEmail()}, "password": {testPassword}}
}

func authzSwitchOrgForm(f *authzFixture, x authzWho) any {
	return url.Values{"org": {f.a.Slug}, "next": {"/members"}}
}

func authzPasswordForm(f *authzFixture, x authzWho) any {
	return url.Values{"currentPassword": {testPassword}, "newPassword": {"another horse battery staple"}}
}

func authzTokenForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"ci export"}, "scope": {"read"}, "expiresAt": {authzExpiry}}
}

func authzWithdraw(f *authzFixture) { f.withdrawSubmissions() }

func authzOrgUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Renamed Ltd"}, "legalName": {"Renamed Limited"}, "description": {"Makes things."},
		"version": {strconv.Itoa(f.orgVersion(x))}}
}

func authzOrgSubmitForm(f *authzFixture, x authzWho) any {
	return url.Values{"approvers": {string(f.approverFor(x).ID)}, "version": {strconv.Itoa(f.orgVersion(x))}, "note": {"Please review."}}
}

func authzMemberNewForm(f *authzFixture, x authzWho) any {
	return url.Values{"email": {f.newEmail()}, "name": {"New Person"}, "role": {"viewer"}}
}

func authzMemberRoleForm(f *authzFixture, x authzWho) any {
	return url.Values{"role": {"viewer"}, "version": {strconv.Itoa(f.memberVersion())}}
}

func authzDecideForm(f *authzFixture, x authzWho) any {
	return url.Values{"decision": {"approve"}, "comment": {"Looks right."}}
}

func authzAdminOrgForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Initech"}, "slug": {"initech"}, "adminEmail": {f.users[asOwner].Email}}
}

func authzAdminUserForm(f *authzFixture, x authzWho) any {
	return url.Values{"email": {f.newEmail()}, "name": {"New Account"}}
}

func authzOrgUpdateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"name": "Renamed Ltd", "version": f.orgVersion(x)}
}

func authzMemberNewJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"email": f.newEmail(), "name": "New Person", "role": "viewer"}
}

func authzMemberRoleJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"role": "viewer", "version": f.memberVersion()}
}

func authzSubmitJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"objectType": "organization", "objectId": f.orgOf(x).ID, "version": f.orgVersion(x),
		"approverIds": []isms.ID{f.approverFor(x).ID}, "note": ""}
}

func authzDecideJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"decision": "approve", "comment": "Looks right."}
}

// assignee is whom x gives a new task or schedule: themselves, or A's
// manager for actors without an account in an organization.
func (f *authzFixture) assignee(x authzWho) isms.ID {
	if authzRoles[x] == "" {
		return f.users[asMgr].ID
	}
	return f.users[x].ID
}

func authzTaskForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Check the door locks"}, "owner": {string(f.assignee(x))}, "due": {"2026-04-01"}}
}

func authzTaskUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Check every door lock"}, "owner": {string(f.users[asEmp].ID)}, "due": {"2026-04-02"},
		"link": {""}, "version": {strconv.Itoa(f.taskVersion())}}
}

func authzCompleteForm(f *authzFixture, x authzWho) any { return url.Values{"note": {"Done."}} }

func authzCancelForm(f *authzFixture, x authzWho) any {
	return url.Values{"reason": {"No longer needed."}}
}

func authzCompleteTask(f *authzFixture) { f.completeTask() }

func authzScheduleForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Fire drill"}, "owner": {string(f.assignee(x))}, "rule": {"every 6 months"},
		"start": {"2026-09-01"}, "leadDays": {"30"}}
}

func authzScheduleUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Quarterly access review"}, "owner": {string(f.assignee(x))}, "rule": {"every 3 months"},
		"start": {"2026-06-01"}, "leadDays": {"14"}, "version": {strconv.Itoa(f.scheduleVersion())}}
}

func authzTaskJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Check the door locks", "ownerId": f.assignee(x), "due": "2026-04-01"}
}

func authzTaskUpdateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"due": "2026-04-02", "version": f.taskVersion()}
}

func authzCompleteJSON(f *authzFixture, x authzWho) any { return map[string]any{"note": "Done."} }

func authzCancelJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"reason": "No longer needed."}
}

func authzScheduleJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"title": "Fire drill", "ownerId": f.assignee(x), "rule": "every 6 months", "start": "2026-09-01"}
}

func authzScheduleUpdateJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"leadDays": 14, "version": f.scheduleVersion()}
}

// authzRegisteredRoutes returns the routes of a server over a throwaway database.
func authzRegisteredRoutes(t *testing.T) []web.Route {
	t.Helper()
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	return h.srv.Routes()
}

func authzIsAPI(pattern string) bool {
	_, path := authzSplit(pattern)
	return strings.HasPrefix(path, "/api/")
}

func authzIsRead(pattern string) bool {
	method, _ := authzSplit(pattern)
	return method == http.MethodGet
}

func TestAuthzTableCoversEveryRoute(t *testing.T) {
	t.Parallel()
	registered := map[string]bool{}
	for _, r := range authzRegisteredRoutes(t) {
		registered[r.Pattern] = true
		row, ok := authzTable[r.Pattern]
		if !ok {
			t.Errorf("route %s has no row in the authorization table: add one", r.Pattern)
			continue
		}
		if row.cells == authzPublic {
			if r.Access != web.Public {
				t.Errorf("route %s: the table says public, but it is registered with access level %d", r.Pattern, r.Access)
			}
			continue
		}
		cells, err := parseAuthzCells(row.cells)
		if err != nil {
			t.Errorf("row %s: %v", r.Pattern, err)
			continue
		}
		if r.Access != web.Public && cells[asAnon] == verdictAllow {
			t.Errorf("route %s needs a signed-in user, but the table lets anonymous in", r.Pattern)
		}
		if strings.Contains(r.Pattern, "{id}") && row.id == targetNone {
			t.Errorf("row %s: the route has an {id} but the row names no target", r.Pattern)
		}
	}
	var stale []string
	for p := range authzTable {
		if !registered[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	for _, p := range stale {
		t.Errorf("the authorization table has a row for %s, which is not a registered route: remove the row, or register the route", p)
	}
}

// authzCase is one actor sending one route's request, through its session
// or its API token.
type authzCase struct {
	x   authzWho
	via string
}

func (c authzCase) String() string { return string(c.x) + "/" + c.via }

// authzCases lists the cases of a route: every actor through the session,
// and for API routes every member (of A, or B for other) through a
// read-write API token as well, with the same expected verdict.
func authzCases(pattern string) []authzCase {
	var cases []authzCase
	for _, x := range authzActors {
		cases = append(cases, authzCase{x, authzViaSession})
	}
	if authzIsAPI(pattern) {
		for _, x := range authzActors {
			if authzRoles[x] != "" {
				cases = append(cases, authzCase{x, authzViaToken})
			}
		}
	}
	return cases
}

// authzMatrixRows returns the registered routes that have a row to send, with
// their parsed cells; TestAuthzTableCoversEveryRoute reports the others.
func authzMatrixRows(routes []web.Route) (patterns []string, cells map[string]map[authzWho]authzVerdict) {
	cells = map[string]map[authzWho]authzVerdict{}
	for _, r := range routes {
		row, ok := authzTable[r.Pattern]
		if !ok || row.cells == authzPublic {
			continue
		}
		c, err := parseAuthzCells(row.cells)
		if err != nil {
			continue
		}
		patterns, cells[r.Pattern] = append(patterns, r.Pattern), c
	}
	return patterns, cells
}

// authzCheck sends one case and compares its verdict with want.
func authzCheck(t *testing.T, f *authzFixture, pattern string, c authzCase, want authzVerdict) {
	t.Helper()
	row := authzTable[pattern]
	got, desc := f.send(f.client(c.x, c.via), pattern, row, c.x)
	if !want.satisfies(got) {
		note := ""
		if row.note != "" {
			note = " (" + row.note + ")"
		}
		t.Errorf("%s via %s: %s, want %s%s\ngot: %s", c.x, c.via, got, want, note, desc)
	}
}

// authzTemplate is a SQLite database holding a world, copied for every
// case: a fresh database per case for the cost of a file copy.
type authzTemplate struct {
	path   string
	world  *authzWorld
	routes []web.Route
}

func newAuthzTemplate(t *testing.T) *authzTemplate {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.db")
	db := sqldbtest.Open(t, "sqlite:"+path)
	h := newHarness(t, db)
	tpl := &authzTemplate{path: path, world: newAuthzWorld(h), routes: h.srv.Routes()}
	h.ts.Close()
	// Closing the last connection checkpoints the WAL into the file.
	if err := db.Close(); err != nil {
		t.Fatalf("close the template database: %v", err)
	}
	return tpl
}

// fixture returns the world in a fresh copy of the template database.
func (tpl *authzTemplate) fixture(t *testing.T) *authzFixture {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "test.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(tpl.path + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f := &authzFixture{authzWorld: tpl.world, h: newHarness(t, sqldbtest.Open(t, "sqlite:"+dst))}
	f.restoreEvidenceFiles()
	return f
}

// TestAuthzRoutes sends every registered route's request as every actor
// and compares the verdict with the table. Every allowed write starts from
// a fresh database; the cases of a GET route share one, since reads change
// nothing, and so do the denied cases of each other route.
//
// It runs on SQLite only: a fresh PostgreSQL schema per case (some 350
// of them) takes minutes. TestAuthzOnEachDatabase runs every case that
// changes nothing (every read, every expected denial) on PostgreSQL as
// well; app decides authorization the same way on both.
func TestAuthzRoutes(t *testing.T) {
	t.Parallel()
	tpl := newAuthzTemplate(t)
	patterns, cells := authzMatrixRows(tpl.routes)
	// The routes run in a few parallel shards, each route one after the
	// other within its shard. A parallel subtest stays referenced, with
	// the cleanups that hold its fixture's server and database, until the
	// whole test ends; with one parallel subtest per route, every fixture
	// of several hundred routes stayed in memory at once.
	shards := runtime.GOMAXPROCS(0)
	for s := range shards {
		t.Run("shard"+strconv.Itoa(s), func(t *testing.T) {
			t.Parallel()
			for i := s; i < len(patterns); i += shards {
				t.Run(patterns[i], func(t *testing.T) { authzRoute(t, tpl, patterns[i], cells) })
			}
		})
	}
}

// authzRoute checks every case of one route. A denial changes nothing when
// app is right (and fails the case when it does not): the cases of a GET
// route and the denials of any other share one prepared database; each
// allowed write gets its own.
func authzRoute(t *testing.T, tpl *authzTemplate, pattern string, cells map[string]map[authzWho]authzVerdict) {
	row := authzTable[pattern]
	if authzIsRead(pattern) {
		f := tpl.fixture(t)
		for _, c := range authzCases(pattern) {
			authzCheck(t, f, pattern, c, cells[pattern][c.x])
		}
		return
	}
	denials := tpl.fixture(t)
	if row.prep != nil {
		row.prep(denials)
	}
	for _, c := range authzCases(pattern) {
		want := cells[pattern][c.x]
		if want != verdictAllow {
			authzCheck(t, denials, pattern, c, want)
			continue
		}
		t.Run(c.String(), func(t *testing.T) {
			f := tpl.fixture(t)
			if row.prep != nil {
				row.prep(f)
			}
			authzCheck(t, f, pattern, c, want)
		})
	}
}

// TestAuthzOnEachDatabase runs, on SQLite and PostgreSQL, every case of the
// table that changes nothing when app is right: every case of the GET
// routes, then every expected denial of the other routes, all in one
// database and without the rows' prep (app refuses before it looks at the
// state prep sets up). The allowed writes run in TestAuthzRoutes (SQLite),
// each in a fresh database.
func TestAuthzOnEachDatabase(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthzFixture(newHarness(t, db))
		patterns, cells := authzMatrixRows(f.h.srv.Routes())
		reads := slices.DeleteFunc(slices.Clone(patterns), func(p string) bool { return !authzIsRead(p) })
		writes := slices.DeleteFunc(slices.Clone(patterns), authzIsRead)
		n := 0
		for _, pattern := range append(reads, writes...) {
			t.Run(pattern, func(t *testing.T) {
				for _, c := range authzCases(pattern) {
					want := cells[pattern][c.x]
					if !authzIsRead(pattern) && want == verdictAllow {
						continue
					}
					authzCheck(t, f, pattern, c, want)
					n++
				}
			})
		}
		t.Logf("%d cases", n)
	})
}

// TestAuthzReadOnlyToken checks that a read-only API token of A's
// administrator reads what the administrator may read and changes nothing:
// every unsafe API route denies it before anything happens, so one
// database serves every request.
func TestAuthzReadOnlyToken(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthzFixture(newHarness(t, db))
		c := f.h.token(f.users[asAdmin], f.a, isms.ScopeRead)
		n := 0
		for _, r := range f.h.srv.Routes() {
			row, ok := authzTable[r.Pattern]
			if !ok || row.cells == authzPublic || !authzIsAPI(r.Pattern) {
				continue
			}
			cells, err := parseAuthzCells(row.cells)
			if err != nil {
				continue
			}
			want := verdictDeny
			if authzIsRead(r.Pattern) {
				want = cells[asAdmin]
			}
			got, desc := f.send(c, r.Pattern, row, asAdmin)
			if !want.satisfies(got) {
				t.Errorf("read-only token of A's admin: %s, want %s\ngot: %s", got, want, desc)
			}
			n++
		}
		if n == 0 {
			t.Error("no API route was checked")
		}
	})
}

// TestAuthzTokensDoNotOpenPages checks that an API token authenticates
// nothing but the API: every page that needs a signed-in user refuses it.
func TestAuthzTokensDoNotOpenPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthzFixture(newHarness(t, db))
		c := f.client(asAdmin, authzViaToken)
		for _, r := range f.h.srv.Routes() {
			row, ok := authzTable[r.Pattern]
			if !ok || r.Access == web.Public || authzIsAPI(r.Pattern) {
				continue
			}
			got, desc := f.send(c, r.Pattern, row, asAdmin)
			if !verdictDeny.satisfies(got) {
				t.Errorf("A's admin's API token on a page: %s, want deny\ngot: %s", got, desc)
			}
		}
	})
}

// TestAuthzBodyNamesAnotherOrganization checks that an object of A named in
// a request body, rather than in the path, is not found for B's
// administrator either.
func TestAuthzBodyNamesAnotherOrganization(t *testing.T) {
	t.Parallel()
	const pattern = "POST /api/v1/approvals"
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthzFixture(newHarness(t, db))
		if !slices.ContainsFunc(f.h.srv.Routes(), func(r web.Route) bool { return r.Pattern == pattern }) {
			t.Fatalf("route %s is not registered", pattern)
		}
		f.withdrawSubmissions()
		row := authzRow{body: func(f *authzFixture, x authzWho) any {
			return map[string]any{"objectType": "organization", "objectId": f.a.ID, "version": f.orgVersion(asAdmin),
				"approverIds": []isms.ID{f.bManager.ID}, "note": ""}
		}}
		for _, via := range []string{authzViaSession, authzViaToken} {
			got, desc := f.send(f.client(asOther, via), pattern, row, asOther)
			if !verdictNotFound.satisfies(got) {
				t.Errorf("B's admin via %s submits A's profile: %s, want %s\ngot: %s", via, got, verdictNotFound, desc)
			}
		}
		list, _, err := f.h.app.FindApprovals(context.Background(), isms.SystemActor(f.a.ID), isms.ApprovalFilter{Status: isms.ApprovalPending})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Errorf("A has %d pending submissions after B's attempts, want 0", len(list))
		}
	})
}
