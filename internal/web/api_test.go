// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestAPIOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		c := h.signIn(admin)

		var me struct {
			UserID isms.ID   `json:"userId"`
			OrgID  isms.ID   `json:"organizationId"`
			Role   isms.Role `json:"role"`
		}
		apiCall(t, c, "GET", "/api/v1/me", nil, 200, &me)
		if me.UserID != admin.ID || me.OrgID != org.ID || me.Role != isms.RoleAdmin {
			t.Errorf("GET /api/v1/me = %+v, want the administrator of acme", me)
		}
		var prof app.OrganizationProfile
		apiCall(t, c, "GET", "/api/v1/organization", nil, 200, &prof)
		if prof.Org.Name != "Acme Ltd" || prof.Latest != nil {
			t.Errorf("GET /api/v1/organization = %+v, want Acme Ltd never submitted", prof.Org)
		}
		v := prof.Org.Version
		var got isms.Organization
		apiCall(t, c, "PATCH", "/api/v1/organization", map[string]any{"legalName": "Acme Group plc", "version": v}, 200, &got)
		if got.LegalName != "Acme Group plc" || got.Name != "Acme Ltd" || got.Version != v+1 {
			t.Errorf("PATCH /api/v1/organization = %+v, want the legal name changed, the name kept, version %d", got, v+1)
		}

		e := apiCallErr(t, c, "PATCH", "/api/v1/organization", map[string]any{"name": "Stale", "version": v}, 409)
		if e.Error.Code != isms.Conflict || !strings.Contains(e.Error.Message, "changed") {
			t.Errorf("PATCH with a stale version: %+v, want a conflict saying the profile changed", e.Error)
		}
		e = apiCallErr(t, c, "PATCH", "/api/v1/organization", map[string]any{"name": " ", "version": v + 1}, 422)
		if diff := cmp.Diff([]string{"name"}, fieldNames(e)); diff != "" {
			t.Errorf("PATCH with an empty name: fields (-want +got):\n%s", diff)
		}
	})
}

func TestAPIMemberListAndCreate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		viewer := h.member(org, "viewer", isms.RoleViewer)
		_, outsider := h.org("globex")
		c := h.token(admin, org, isms.ScopeReadWrite)

		var list apiPage[isms.Member]
		apiCall(t, c, "GET", "/api/v1/members?sort=-name&limit=1", nil, 200, &list)
		if list.Total != 2 || list.Limit != 1 || len(list.Items) != 1 || list.Items[0].User.ID != viewer.ID {
			t.Errorf("GET /api/v1/members?sort=-name&limit=1 = %+v, want viewer first of 2", list)
		}
		apiCall(t, c, "GET", "/api/v1/members?role=admin&status=active&q=ACME", nil, 200, &list)
		if list.Total != 1 || list.Items[0].User.ID != admin.ID {
			t.Errorf("GET /api/v1/members?role=admin = %+v, want the administrator", list)
		}

		var added struct {
			Member   isms.Member `json:"member"`
			Password string      `json:"password"`
		}
		apiCall(t, c, "POST", "/api/v1/members", map[string]any{"email": "New@Example.com", "name": "New Person", "role": "contributor"}, 201, &added)
		if added.Member.User.Email != "new@example.com" || added.Member.Role != isms.RoleContributor || len(added.Password) < isms.MinPasswordLen {
			t.Errorf("POST /api/v1/members (new account) = %+v, want a contributor with a one-time password", added)
		}
		added.Password = ""
		apiCall(t, c, "POST", "/api/v1/members", map[string]any{"email": outsider.Email, "role": "auditor"}, 201, &added)
		if added.Member.User.ID != outsider.ID || added.Password != "" || added.Member.OrgCount != 2 {
			t.Errorf("POST /api/v1/members (existing account) = %+v, want globex's admin, no password, 2 organizations", added)
		}
		e := apiCallErr(t, c, "POST", "/api/v1/members", map[string]any{"email": outsider.Email, "role": "auditor"}, 409)
		if !strings.Contains(e.Error.Message, "already a member") {
			t.Errorf("adding a member twice: %+v, want a conflict saying so", e.Error)
		}
	})
}

func TestAPIMemberUpdateAndDelete(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		u := h.member(org, "contrib", isms.RoleContributor)
		c, path := h.signIn(admin), "/api/v1/members/"+string(u.ID)

		var m isms.Member
		apiCall(t, c, "GET", path, nil, 200, &m)
		if m.User.ID != u.ID || m.Role != isms.RoleContributor {
			t.Errorf("GET /api/v1/members/{id} = %+v, want the contributor", m)
		}
		v := m.Version
		apiCall(t, c, "PATCH", path, map[string]any{"role": "manager", "version": v}, 200, &m)
		if m.Role != isms.RoleManager || m.Version != v+1 {
			t.Errorf("PATCH /api/v1/members/{id} = role %s version %d, want manager, %d", m.Role, m.Version, v+1)
		}
		e := apiCallErr(t, c, "PATCH", path, map[string]any{"role": "viewer", "version": v}, 409)
		if e.Error.Code != isms.Conflict || !strings.Contains(e.Error.Message, "changed") {
			t.Errorf("PATCH with a stale version: %+v, want a conflict saying it changed", e.Error)
		}
		apiCallErr(t, c, "PATCH", "/api/v1/members/"+string(admin.ID), map[string]any{"role": "viewer", "version": 1}, 409)
		apiCallErr(t, c, "DELETE", "/api/v1/members/"+string(admin.ID), nil, 409)

		apiCall(t, c, "DELETE", path, nil, 204, nil)
		apiCallErr(t, c, "GET", path, nil, 404)
		apiCallErr(t, c, "DELETE", path, nil, 404)
	})
}

func TestAPIAuditTrail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		c := h.token(h.member(org, "viewer", isms.RoleViewer), org, isms.ScopeRead)
		apiCall(t, h.signIn(admin), "PATCH", "/api/v1/organization", map[string]any{"description": "Widgets.", "version": 1}, 200, nil)

		var head isms.ChainHead
		apiCall(t, c, "GET", "/api/v1/audit-events/head", nil, 200, &head)
		if head.Chain != string(org.ID) || head.Seq < 4 || len(head.Hash) != 64 {
			t.Errorf("GET /api/v1/audit-events/head = %+v, want acme's chain with at least 4 events", head)
		}
		var events struct {
			apiPage[isms.AuditEvent]
			Head isms.ChainHead `json:"head"`
		}
		apiCall(t, c, "GET", "/api/v1/audit-events", nil, 200, &events)
		if events.Total != int(head.Seq) || events.Head != head || events.Items[0].Seq != head.Seq {
			t.Errorf("GET /api/v1/audit-events: total %d, head %+v, first %d; want %d events, newest first, and the head",
				events.Total, events.Head, events.Items[0].Seq, head.Seq)
		}
		apiCall(t, c, "GET", "/api/v1/audit-events?order=asc&limit=2&offset=1", nil, 200, &events)
		if len(events.Items) != 2 || events.Items[0].Seq != 2 || events.Offset != 1 {
			t.Errorf("GET ?order=asc&limit=2&offset=1: %d items from %d, want 2 from event 2", len(events.Items), events.Items[0].Seq)
		}
		for q, want := range map[string]int{
			"action=organization.update&objectType=organization&objectId=" + string(org.ID): 1,
			"actorId=" + string(admin.ID):                              1,
			"from=2026-03-02&to=2026-03-02":                            int(head.Seq),
			"from=2026-03-02T09:00:00Z&to=2026-03-02T09:00:00.000001Z": int(head.Seq),
			"from=2026-03-03":                                          0,
			"to=2026-03-01":                                            0,
		} {
			apiCall(t, c, "GET", "/api/v1/audit-events?"+q, nil, 200, &events)
			if events.Total != want || len(events.Items) != want {
				t.Errorf("GET /api/v1/audit-events?%s: total %d, %d items, want %d", q, events.Total, len(events.Items), want)
			}
		}
	})
}

func TestAPIAuditVerifyAndFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		c := h.token(admin, org, isms.ScopeRead)
		var rep struct {
			OK      bool             `json:"ok"`
			Chain   string           `json:"chain"`
			Checked int64            `json:"checked"`
			Head    isms.ChainHead   `json:"head"`
			Break   *isms.ChainBreak `json:"break"`
		}
		apiCall(t, c, "GET", "/api/v1/audit-events/verify", nil, 200, &rep)
		if !rep.OK || rep.Break != nil || rep.Chain != string(org.ID) || rep.Checked != rep.Head.Seq || rep.Checked < 3 {
			t.Errorf("GET /api/v1/audit-events/verify = %+v, want ok, every event checked", rep)
		}
		for q, field := range map[string]string{"from=yesterday": "from", "to=2026-13-01": "to", "order=up": "order",
			"from=2026-03-03&to=2026-03-01": "to", "limit=501": "limit", "offset=-1": "offset"} {
			e := apiCallErr(t, c, "GET", "/api/v1/audit-events?"+q, nil, 422)
			if diff := cmp.Diff([]string{field}, fieldNames(e)); diff != "" {
				t.Errorf("GET /api/v1/audit-events?%s: fields (-want +got):\n%s", q, diff)
			}
		}
		contrib := h.token(h.member(org, "contrib", isms.RoleContributor), org, isms.ScopeRead)
		apiCallErr(t, contrib, "GET", "/api/v1/audit-events", nil, 403)
		apiCallErr(t, contrib, "GET", "/api/v1/audit-events/verify", nil, 403)
		apiCall(t, contrib, "GET", "/api/v1/audit-events/head", nil, 200, nil)
	})
}

// approvalFlow is an organization whose profile one manager submits to
// another for approval.
type approvalFlow struct {
	org              *isms.Organization
	author, approver *client // a session and a token
	authorID         isms.ID
	approverID       isms.ID
}

func newApprovalFlow(t *testing.T, db *sqldb.DB) *approvalFlow {
	h := newHarness(t, db)
	org, _ := h.org("acme")
	author, approver := h.member(org, "author", isms.RoleManager), h.member(org, "approver", isms.RoleManager)
	return &approvalFlow{org: org, author: h.signIn(author), approver: h.token(approver, org, isms.ScopeReadWrite),
		authorID: author.ID, approverID: approver.ID}
}

func (f *approvalFlow) submission(approvers ...isms.ID) map[string]any {
	return map[string]any{"objectType": "organization", "objectId": f.org.ID, "version": 1,
		"approverIds": approvers, "note": "Please approve."}
}

func TestAPIApprovalFlow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newApprovalFlow(t, db)
		ap := f.submit(t)
		f.list(t)
		f.decide(t, string(ap.ID))
		f.withdraw(t)
		apiCall(t, f.author, "PATCH", "/api/v1/organization", map[string]any{"name": "Acme Group", "version": 1}, 200, nil)
		var rep struct {
			OK bool `json:"ok"`
		}
		apiCall(t, f.approver, "GET", "/api/v1/audit-events/verify", nil, 200, &rep)
		if !rep.OK {
			t.Error("the chain does not verify after the approval flow")
		}
	})
}

// submit submits the profile: naming oneself is refused, and while the
// submission is pending the profile cannot change nor the author decide.
func (f *approvalFlow) submit(t *testing.T) isms.Approval {
	e := apiCallErr(t, f.author, "POST", "/api/v1/approvals", f.submission(f.authorID), 422)
	if diff := cmp.Diff([]string{"approverIds"}, fieldNames(e)); diff != "" {
		t.Errorf("naming yourself as approver: fields (-want +got):\n%s", diff)
	}
	var ap isms.Approval
	apiCall(t, f.author, "POST", "/api/v1/approvals", f.submission(f.approverID), 201, &ap)
	if ap.Status != isms.ApprovalPending || ap.ObjectVersion != 1 || len(ap.Approvers) != 1 || ap.Approvers[0].UserID != f.approverID {
		t.Fatalf("POST /api/v1/approvals = %+v, want version 1 pending with the approver", ap)
	}
	apiCallErr(t, f.author, "POST", "/api/v1/approvals", f.submission(f.approverID), 409)
	e = apiCallErr(t, f.author, "PATCH", "/api/v1/organization", map[string]any{"name": "Changed", "version": 1}, 409)
	if !strings.Contains(e.Error.Message, "awaits approval") {
		t.Errorf("PATCH while pending: %q, want a message that it awaits approval", e.Error.Message)
	}
	apiCallErr(t, f.author, "POST", "/api/v1/approvals/"+string(ap.ID)+"/decision", map[string]any{"decision": "approve"}, 403)
	return ap
}

func (f *approvalFlow) list(t *testing.T) {
	var list apiPage[isms.Approval]
	for _, tc := range []struct {
		c     *client
		query string
		want  int
	}{{f.approver, "awaiting=me", 1}, {f.author, "awaiting=me", 0}, {f.author, "status=approved", 0},
		{f.author, "status=pending&objectType=organization&objectId=" + string(f.org.ID), 1}, {f.author, "sort=-title", 1}} {
		apiCall(t, tc.c, "GET", "/api/v1/approvals?"+tc.query, nil, 200, &list)
		if list.Total != tc.want || len(list.Items) != tc.want {
			t.Errorf("GET /api/v1/approvals?%s: total %d, want %d", tc.query, list.Total, tc.want)
		}
	}
}

// decide refuses bad decisions, approves, and refuses a second decision.
func (f *approvalFlow) decide(t *testing.T, id string) {
	path := "/api/v1/approvals/" + id + "/decision"
	for _, tc := range []struct {
		body any
		want []string
	}{
		{map[string]any{"decision": "reject"}, []string{"comment"}},
		{map[string]any{"decision": "maybe"}, []string{"decision"}},
		{map[string]any{"decision": "approve", "vote": "yes"}, []string{"vote"}},
	} {
		e := apiCallErr(t, f.approver, "POST", path, tc.body, 422)
		if diff := cmp.Diff(tc.want, fieldNames(e)); diff != "" {
			t.Errorf("POST decision %v: fields (-want +got):\n%s", tc.body, diff)
		}
	}
	var ap isms.Approval
	apiCall(t, f.approver, "POST", path, map[string]any{"decision": "approve", "comment": "Fine."}, 200, &ap)
	if ap.Status != isms.ApprovalApproved || ap.Approvers[0].Decision != isms.DecisionApprove {
		t.Errorf("POST decision = %+v, want approved", ap)
	}
	apiCallErr(t, f.approver, "POST", path, map[string]any{"decision": "approve"}, 409)
	var prof app.OrganizationProfile
	apiCall(t, f.author, "GET", "/api/v1/organization", nil, 200, &prof)
	if prof.Approved == nil || string(prof.Approved.ID) != id {
		t.Errorf("GET /api/v1/organization: approved version %+v, want %s", prof.Approved, id)
	}
	apiCall(t, f.author, "GET", "/api/v1/approvals/"+id, nil, 200, &ap)
	if ap.Status != isms.ApprovalApproved {
		t.Errorf("GET /api/v1/approvals/{id}: status %s, want approved", ap.Status)
	}
}

// withdraw submits again and withdraws: only the author, only once.
func (f *approvalFlow) withdraw(t *testing.T) {
	in := f.submission(f.approverID)
	delete(in, "version")
	var ap isms.Approval
	apiCall(t, f.author, "POST", "/api/v1/approvals", in, 201, &ap)
	path := "/api/v1/approvals/" + string(ap.ID) + "/withdraw"
	apiCallErr(t, f.approver, "POST", path, nil, 403)
	apiCall(t, f.author, "POST", path, nil, 200, &ap)
	if ap.Status != isms.ApprovalWithdrawn || ap.ClosedAt.IsZero() {
		t.Errorf("POST withdraw: status %s closed at %v, want withdrawn now", ap.Status, ap.ClosedAt)
	}
	apiCallErr(t, f.author, "POST", path, nil, 409)
}

func TestAPIApprovalValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		c := h.token(admin, org, isms.ScopeReadWrite)
		for _, tc := range []struct {
			name string
			body any
			want []string
		}{
			{"an empty body", map[string]any{}, []string{"objectId", "objectType"}},
			{"a type that cannot be approved", map[string]any{"objectType": "risk", "objectId": "risk_x", "approverIds": []string{}}, []string{"objectType"}},
			{"no approver", map[string]any{"objectType": "organization", "objectId": org.ID, "approverIds": []string{}}, []string{"approverIds"}},
			{"a stranger as approver", map[string]any{"objectType": "organization", "objectId": org.ID, "approverIds": []string{"user_nobody"}}, []string{"approverIds"}},
			{"approverIds of the wrong type", rawBody(`{"objectType":"organization","approverIds":"me"}`), []string{"approverIds"}},
		} {
			e := apiCallErr(t, c, "POST", "/api/v1/approvals", tc.body, 422)
			if diff := cmp.Diff(tc.want, fieldNames(e)); diff != "" {
				t.Errorf("POST /api/v1/approvals with %s: fields (-want +got):\n%s", tc.name, diff)
			}
		}
		for q, field := range map[string]string{"status=open": "status", "awaiting=you": "awaiting",
			"awaiting=me&status=approved": "status", "sort=author": "sort", "limit=0": "limit"} {
			e := apiCallErr(t, c, "GET", "/api/v1/approvals?"+q, nil, 422)
			if diff := cmp.Diff([]string{field}, fieldNames(e)); diff != "" {
				t.Errorf("GET /api/v1/approvals?%s: fields (-want +got):\n%s", q, diff)
			}
		}
		apiCallErr(t, c, "POST", "/api/v1/approvals", map[string]any{"objectType": "organization", "objectId": "org_other", "approverIds": []string{}}, 404)
		apiCallErr(t, c, "GET", "/api/v1/approvals/appr_nothing", nil, 404)
		apiCallErr(t, c, "POST", "/api/v1/approvals/appr_nothing/decision", map[string]any{"decision": "approve"}, 404)
		apiCallErr(t, c, "POST", "/api/v1/approvals/appr_nothing/withdraw", nil, 404)
	})
}

func TestAPITokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		other := h.member(org, "other", isms.RoleViewer)
		rw, ro := h.token(admin, org, isms.ScopeReadWrite), h.token(admin, org, isms.ScopeRead)
		othersToken := tokenID(t, h.token(other, org, isms.ScopeRead))

		var list apiPage[isms.APIToken]
		apiCall(t, h.signIn(admin), "GET", "/api/v1/tokens", nil, 200, &list)
		if list.Total != 2 || len(list.Items) != 2 || list.Limit != isms.DefaultPageSize {
			t.Errorf("GET /api/v1/tokens = %+v, want the administrator's 2 tokens", list)
		}
		apiCall(t, ro, "GET", "/api/v1/tokens?limit=1&offset=1", nil, 200, &list)
		if list.Total != 2 || len(list.Items) != 1 {
			t.Errorf("GET /api/v1/tokens?limit=1&offset=1 = %+v, want 1 of 2", list)
		}
		apiCall(t, ro, "GET", "/api/v1/tokens?offset=5", nil, 200, &list)
		if list.Total != 2 || len(list.Items) != 0 {
			t.Errorf("GET /api/v1/tokens?offset=5 = %+v, want none of 2", list)
		}
		apiCallErr(t, ro, "DELETE", "/api/v1/tokens/"+tokenID(t, ro), nil, 403)
		apiCallErr(t, rw, "DELETE", "/api/v1/tokens/"+othersToken, nil, 404)

		id := tokenID(t, rw)
		apiCall(t, rw, "DELETE", "/api/v1/tokens/"+id, nil, 204, nil)
		hdr := apiCall(t, rw, "GET", "/api/v1/me", nil, 401, nil)
		if !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("WWW-Authenticate = %q, want Bearer", hdr.Get("WWW-Authenticate"))
		}
		apiCall(t, ro, "GET", "/api/v1/tokens", nil, 200, &list)
		for _, tok := range list.Items {
			if string(tok.ID) == id && tok.RevokedAt.IsZero() {
				t.Errorf("token %s is listed as not revoked", id)
			}
		}
	})
}

// tokenID returns the ID of c's API token, found by its prefix.
func tokenID(t *testing.T, c *client) string {
	t.Helper()
	var list apiPage[isms.APIToken]
	apiCall(t, c, "GET", "/api/v1/tokens?limit=500", nil, 200, &list)
	for _, tok := range list.Items {
		if strings.HasPrefix(c.bearer, tok.Prefix) {
			return string(tok.ID)
		}
	}
	t.Fatalf("no token with the prefix of %s…", c.bearer[:10])
	return ""
}

func TestAPIAuthentication(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		anon := h.anonymous()
		for _, path := range []string{"/api/v1/me", "/api/v1/members", "/api/v1/tokens", "/api/v1/audit-events/verify"} {
			hdr := apiCall(t, anon, "GET", path, nil, 401, nil)
			if hdr.Get("WWW-Authenticate") != `Bearer realm="isms"` {
				t.Errorf("GET %s: WWW-Authenticate = %q", path, hdr.Get("WWW-Authenticate"))
			}
		}
		apiCallErr(t, anon, "DELETE", "/api/v1/members/"+string(admin.ID), nil, 401)
		bogus := h.anonymous()
		bogus.bearer = "isms_notatoken"
		if e := apiCallErr(t, bogus, "GET", "/api/v1/organization", nil, 401); e.Error.Code != isms.Unauthorized {
			t.Errorf("an unknown token: code %s, want unauthorized", e.Error.Code)
		}
		apiCall(t, anon, "GET", "/api/v1/openapi.json", nil, 200, nil)
		apiCallErr(t, anon, "GET", "/api/v1/nothing-here", nil, 404)

		// A session must send its CSRF token on every unsafe method.
		c := h.signIn(admin)
		noCSRF := *c
		noCSRF.csrf = ""
		apiCallErr(t, &noCSRF, "PATCH", "/api/v1/organization", map[string]any{"name": "X", "version": 1}, 403)
		apiCallErr(t, &noCSRF, "DELETE", "/api/v1/members/"+string(admin.ID), nil, 403)

		// A read-only token reads but never writes.
		ro := h.token(admin, org, isms.ScopeRead)
		apiCall(t, ro, "GET", "/api/v1/organization", nil, 200, nil)
		apiCallErr(t, ro, "PATCH", "/api/v1/organization", map[string]any{"name": "X", "version": 1}, 403)
		apiCallErr(t, ro, "POST", "/api/v1/members", map[string]any{"email": "x@example.com", "name": "X", "role": "viewer"}, 403)
		apiCallErr(t, ro, "POST", "/api/v1/approvals", map[string]any{"objectType": "organization", "objectId": org.ID, "approverIds": []string{}}, 403)

		// An employee reaches the API but not the organization's records.
		emp := h.member(org, "emp", isms.RoleEmployee)
		apiCallErr(t, h.token(emp, org, isms.ScopeReadWrite), "GET", "/api/v1/organization", nil, 403)
	})
}

func TestAPIRequestBodyErrors(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		c := h.token(admin, org, isms.ScopeReadWrite)
		for _, tc := range []struct {
			name, method, path string
			body               any
			fields             []string
			message            string
		}{
			{"malformed JSON", "PATCH", "/api/v1/organization", rawBody(`{"name": `), nil, "not valid JSON"},
			{"a syntax error", "PATCH", "/api/v1/organization", rawBody(`{"name" "x"}`), nil, "syntax error at byte"},
			{"an empty body", "PATCH", "/api/v1/organization", nil, nil, "empty"},
			{"an unknown field", "PATCH", "/api/v1/organization", rawBody(`{"nmae": "x", "version": 1}`), []string{"nmae"}, `unknown field "nmae"`},
			{"a field of the wrong type", "PATCH", "/api/v1/organization", rawBody(`{"version": "one"}`), []string{"version"}, "whole number"},
			{"two JSON values", "PATCH", "/api/v1/organization", rawBody(`{"version": 1} {}`), nil, "more than one"},
			{"an array", "POST", "/api/v1/members", rawBody(`[]`), nil, "JSON object"},
			{"a new member with nothing right", "POST", "/api/v1/members", map[string]any{"email": "not-an-email", "role": "boss"}, []string{"email", "name", "role"}, "highlighted"},
			{"a role that does not exist", "PATCH", "/api/v1/members/" + string(admin.ID), map[string]any{"role": "boss", "version": 1}, []string{"role"}, "highlighted"},
		} {
			e := apiCallErr(t, c, tc.method, tc.path, tc.body, 422)
			if e.Error.Code != isms.Invalid || !strings.Contains(e.Error.Message, tc.message) {
				t.Errorf("%s: %+v, want invalid, saying %q", tc.name, e.Error, tc.message)
			}
			if diff := cmp.Diff(tc.fields, fieldNames(e)); diff != "" {
				t.Errorf("%s: fields (-want +got):\n%s", tc.name, diff)
			}
		}
		for q, field := range map[string]string{"limit=501": "limit", "limit=ten": "limit", "offset=-1": "offset",
			"role=boss": "role", "status=gone": "status", "sort=age": "sort"} {
			e := apiCallErr(t, c, "GET", "/api/v1/members?"+q, nil, 422)
			if diff := cmp.Diff([]string{field}, fieldNames(e)); diff != "" {
				t.Errorf("GET /api/v1/members?%s: fields (-want +got):\n%s", q, diff)
			}
		}
		var list apiPage[isms.Member]
		apiCall(t, c, "GET", "/api/v1/members?limit="+strconv.Itoa(isms.MaxPageSize), nil, 200, &list)
		if list.Limit != isms.MaxPageSize {
			t.Errorf("limit=500: limit %d, want 500", list.Limit)
		}
	})
}

func TestAPIAnotherOrganizationsRecordsAreNotFound(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		acme, acmeAdmin := h.org("acme")
		globex, globexAdmin := h.org("globex")
		globexMgr := h.member(globex, "globex-mgr", isms.RoleManager)
		var ap isms.Approval
		apiCall(t, h.token(globexAdmin, globex, isms.ScopeReadWrite), "POST", "/api/v1/approvals",
			map[string]any{"objectType": "organization", "objectId": globex.ID, "approverIds": []isms.ID{globexMgr.ID}}, 201, &ap)

		c := h.token(acmeAdmin, acme, isms.ScopeReadWrite)
		for _, tc := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/v1/members/" + string(globexMgr.ID), nil},
			{"PATCH", "/api/v1/members/" + string(globexMgr.ID), map[string]any{"role": "viewer", "version": 1}},
			{"DELETE", "/api/v1/members/" + string(globexMgr.ID), nil},
			{"GET", "/api/v1/approvals/" + string(ap.ID), nil},
			{"POST", "/api/v1/approvals/" + string(ap.ID) + "/decision", map[string]any{"decision": "approve"}},
			{"POST", "/api/v1/approvals/" + string(ap.ID) + "/withdraw", nil},
			{"POST", "/api/v1/approvals", map[string]any{"objectType": "organization", "objectId": globex.ID, "approverIds": []isms.ID{}}},
		} {
			apiCallErr(t, c, tc.method, tc.path, tc.body, 404)
		}
		var list apiPage[isms.Approval]
		apiCall(t, c, "GET", "/api/v1/approvals?objectId="+string(globex.ID), nil, 200, &list)
		if list.Total != 0 {
			t.Errorf("acme lists %d of globex's submissions, want 0", list.Total)
		}
	})
}
