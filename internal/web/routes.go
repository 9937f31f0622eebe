// SPDX-License-Identifier: Apache-2.0

package web

import "net/http"

// registerRoutes lists every URL the server answers, in one place. Each
// route's access level says who may reach its handler; app decides the rest.
// The authorization test enumerates these routes, so a new route must also
// get a row there.
func (s *Server) registerRoutes() {
	s.handle("GET /static/", Public, s.assets)
	s.handle("GET /healthz", Public, http.HandlerFunc(s.handleHealthz))
	s.handle("GET /readyz", Public, http.HandlerFunc(s.handleReadyz))
	s.handle("GET /metrics", Public, http.HandlerFunc(s.handleMetrics))

	s.handle("GET /signin", Public, s.page(s.handleSignInPage))
	s.handle("POST /signin", Public, s.page(s.handleSignIn))
	s.handle("GET /setup", Public, s.page(s.handleSetupPage))
	s.handle("POST /setup", Public, s.page(s.handleSetup))
	s.handle("POST /signout", SignedIn, s.page(s.handleSignOut))
	s.handle("POST /switch-org", SignedIn, s.page(s.handleSwitchOrg))

	s.handle("GET /account", SignedIn, s.page(s.handleAccount))
	s.handle("GET /account/password", SignedIn, s.page(s.handlePasswordPage))
	s.handle("POST /account/password", SignedIn, s.page(s.handlePasswordChange))
	s.handle("POST /account/tokens", Member, s.page(s.handleTokenCreate))
	s.handle("POST /account/tokens/{id}/revoke", SignedIn, s.page(s.handleTokenRevoke))
	s.handle("GET /account/notifications", SignedIn, s.page(s.handleNotificationsPage))
	s.handle("POST /account/notifications", SignedIn, s.page(s.handleNotificationsUpdate))
	s.handle("POST /account/calendar", SignedIn, s.page(s.handleCalendarCreate))
	s.handle("POST /account/calendar/revoke", SignedIn, s.page(s.handleCalendarRevoke))
	s.handle("GET /calendar/{token}", Public, s.page(s.handleCalendarFeed))
	s.handle("GET /unsubscribe/{token}", Public, s.page(s.handleUnsubscribePage))
	s.handleTokenCredential("POST /unsubscribe/{token}", s.page(s.handleUnsubscribe))

	s.handle("GET /{$}", Member, s.page(s.handleDashboard))

	s.handle("GET /organization", Member, s.page(s.handleOrganizationShow))
	s.handle("GET /organization/edit", Member, s.page(s.handleOrganizationEdit))
	s.handle("POST /organization", Member, s.page(s.handleOrganizationUpdate))
	s.handle("POST /organization/submit", Member, s.page(s.handleOrganizationSubmit))

	s.handle("GET /members", Member, s.page(s.handleMemberIndex))
	s.handle("GET /members/new", Member, s.page(s.handleMemberNew))
	s.handle("POST /members", Member, s.page(s.handleMemberCreate))
	s.handle("GET /members/{id}", Member, s.page(s.handleMemberShow))
	s.handle("POST /members/{id}/role", Member, s.page(s.handleMemberRole))
	s.handle("POST /members/{id}/remove", Member, s.page(s.handleMemberRemove))
	s.handle("POST /members/{id}/reset-password", Member, s.page(s.handleMemberResetPassword))
	s.handle("POST /members/{id}/disable", Member, s.page(s.handleMemberDisable))
	s.handle("POST /members/{id}/enable", Member, s.page(s.handleMemberEnable))

	s.handle("GET /approvals", Member, s.page(s.handleApprovalIndex))
	s.handle("GET /approvals/{id}", Member, s.page(s.handleApprovalShow))
	s.handle("POST /approvals/{id}/decide", Member, s.page(s.handleApprovalDecide))
	s.handle("POST /approvals/{id}/withdraw", Member, s.page(s.handleApprovalWithdraw))

	s.handle("GET /evidence", Member, s.page(s.handleEvidenceIndex))
	s.handle("GET /evidence/new", Member, s.page(s.handleEvidenceNew))
	s.handle("POST /evidence", Member, s.page(s.handleEvidenceCreate))
	s.handle("GET /evidence/{id}", Member, s.page(s.handleEvidenceShow))
	s.handle("GET /evidence/{id}/edit", Member, s.page(s.handleEvidenceEdit))
	s.handle("POST /evidence/{id}", Member, s.page(s.handleEvidenceUpdate))
	s.handle("POST /evidence/{id}/versions", Member, s.page(s.handleEvidenceVersion))
	s.handle("GET /evidence/{id}/versions/{n}/download", Member, s.page(s.handleEvidenceDownload))
	s.handle("POST /evidence/{id}/links", Member, s.page(s.handleEvidenceLink))
	s.handle("POST /evidence/{id}/links/remove", Member, s.page(s.handleEvidenceUnlink))

	s.handle("GET /frameworks", Member, s.page(s.handleFrameworkIndex))
	s.handle("POST /frameworks/builtin", Member, s.page(s.handleFrameworkBuiltin))
	s.handle("GET /frameworks/import", Member, s.page(s.handleFrameworkImportPage))
	s.handle("POST /frameworks/import", Member, s.page(s.handleFrameworkImport))
	s.handle("POST /frameworks/import/apply", Member, s.page(s.handleFrameworkImportApply))
	s.handle("GET /frameworks/{id}", Member, s.page(s.handleFrameworkShow))
	s.handle("GET /frameworks/{id}/export", Member, s.page(s.handleFrameworkExport))
	s.handle("POST /frameworks/{id}/delete", Member, s.page(s.handleFrameworkDelete))
	s.handle("GET /requirements/{id}", Member, s.page(s.handleRequirementShow))
	s.handle("POST /requirements/{id}/controls", Member, s.page(s.handleRequirementLink))
	s.handle("GET /mappings", Member, s.page(s.handleMappingIndex))
	s.handle("POST /mappings/import", Member, s.page(s.handleMappingImport))
	s.handle("GET /mappings/{id}", Member, s.page(s.handleMappingShow))
	s.handle("POST /mappings/{id}/delete", Member, s.page(s.handleMappingDelete))

	s.handle("GET /work", Member, s.page(s.handleWorkIndex))
	s.handle("GET /tasks", Member, s.page(s.handleTaskIndex))
	s.handle("GET /tasks/new", Member, s.page(s.handleTaskNew))
	s.handle("POST /tasks", Member, s.page(s.handleTaskCreate))
	s.handle("GET /tasks/{id}", Member, s.page(s.handleTaskShow))
	s.handle("GET /tasks/{id}/edit", Member, s.page(s.handleTaskEdit))
	s.handle("POST /tasks/{id}", Member, s.page(s.handleTaskUpdate))
	s.handle("POST /tasks/{id}/complete", Member, s.page(s.handleTaskComplete))
	s.handle("POST /tasks/{id}/cancel", Member, s.page(s.handleTaskCancel))
	s.handle("POST /tasks/{id}/reopen", Member, s.page(s.handleTaskReopen))

	s.handle("GET /schedules", Member, s.page(s.handleScheduleIndex))
	s.handle("GET /schedules/new", Member, s.page(s.handleScheduleNew))
	s.handle("POST /schedules", Member, s.page(s.handleScheduleCreate))
	s.handle("GET /schedules/{id}", Member, s.page(s.handleScheduleShow))
	s.handle("GET /schedules/{id}/edit", Member, s.page(s.handleScheduleEdit))
	s.handle("POST /schedules/{id}", Member, s.page(s.handleScheduleUpdate))
	s.handle("POST /schedules/{id}/deactivate", Member, s.page(s.handleScheduleDeactivate))

	s.handle("GET /controls", Member, s.page(s.handleControlIndex))
	s.handle("GET /controls/new", Member, s.page(s.handleControlNew))
	s.handle("POST /controls", Member, s.page(s.handleControlCreate))
	s.handle("GET /controls/{id}", Member, s.page(s.handleControlShow))
	s.handle("GET /controls/{id}/edit", Member, s.page(s.handleControlEdit))
	s.handle("POST /controls/{id}", Member, s.page(s.handleControlUpdate))
	s.handle("POST /controls/{id}/delete", Member, s.page(s.handleControlDelete))
	s.handle("POST /controls/{id}/links", Member, s.page(s.handleControlLink))
	s.handle("POST /controls/{id}/links/{req}/delete", Member, s.page(s.handleControlUnlink))
	s.handle("POST /controls/{id}/links/confirm", Member, s.page(s.handleControlConfirm))
	s.handle("GET /posture", Member, s.page(s.handlePosture))
	s.handle("GET /frameworks/{id}/posture", Member, s.page(s.handleFrameworkPosture))

	s.handle("GET /audit", Member, s.page(s.handleAuditIndex))
	s.handle("GET /audit/verify", Member, s.page(s.handleAuditVerify))

	s.handle("GET /admin/organizations", SignedIn, s.page(s.handleAdminOrgIndex))
	s.handle("GET /admin/organizations/new", SignedIn, s.page(s.handleAdminOrgNew))
	s.handle("POST /admin/organizations", SignedIn, s.page(s.handleAdminOrgCreate))
	s.handle("GET /admin/users", SignedIn, s.page(s.handleAdminUserIndex))
	s.handle("GET /admin/users/new", SignedIn, s.page(s.handleAdminUserNew))
	s.handle("POST /admin/users", SignedIn, s.page(s.handleAdminUserCreate))
	s.handle("POST /admin/users/{id}/reset-password", SignedIn, s.page(s.handleAdminUserResetPassword))
	s.handle("POST /admin/users/{id}/disable", SignedIn, s.page(s.handleAdminUserDisable))
	s.handle("POST /admin/users/{id}/enable", SignedIn, s.page(s.handleAdminUserEnable))
	s.handle("GET /admin/jobs", SignedIn, s.page(s.handleAdminJobs))
	s.handle("POST /admin/jobs/{kind}/run", SignedIn, s.page(s.handleAdminJobRun))
	s.handle("GET /admin/mail", SignedIn, s.page(s.handleAdminMail))
	s.handle("POST /admin/mail", SignedIn, s.page(s.handleAdminMailUpdate))
	s.handle("POST /admin/mail/test", SignedIn, s.page(s.handleAdminMailTest))

	s.apiRoutes()

	s.mux.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request) error {
		return notFoundPage
	}))
}
