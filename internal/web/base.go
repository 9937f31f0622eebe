// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// basePage is embedded in every page's data: what the layout needs.
type basePage struct {
	Title      string
	Path       string
	CSRF       string
	User       *isms.User
	Actor      isms.Actor
	Org        *isms.Organization
	Orgs       []isms.OrgMembership
	Nav        []navGroup
	FlashKind  string
	FlashText  string
	ChainHead  isms.ChainHead
	Version    string
	AuthLayout bool // a page without navigation (sign-in, setup)
}

func (b *basePage) base() *basePage { return b }

// pageData is implemented by every page struct through basePage.
type pageData interface{ base() *basePage }

// navGroup is one heading of the navigation and its links.
type navGroup struct {
	Heading string
	Items   []navItem
}

type navItem struct {
	Label   string
	Href    string
	Current bool
}

// navItemDef is a link of the navigation and who sees it.
type navItemDef struct {
	label, href string
	visible     func(a isms.Actor) bool
}

func can(p isms.Permission) func(isms.Actor) bool {
	return func(a isms.Actor) bool { return a.OrgID != "" && a.Can(p) }
}

// navigation follows the clauses of ISO/IEC 27001, then the cross-cutting
// registers and settings. A module adds its pages here when it lands;
// groups without a visible link are not shown, so there are no dead links.
var navigation = []struct {
	heading string
	items   []navItemDef
}{
	{"Overview", []navItemDef{
		{"Dashboard", "/", func(a isms.Actor) bool { return a.OrgID != "" }},
		{"Roadmap", "/roadmap", can(isms.ReadISMS)},
		{"Readiness check", "/readiness", can(isms.ReadISMS)},
		{"My work", "/work", can(isms.ReadOwnWork)},
		{"Tasks", "/tasks", can(isms.ReadISMS)},
		{"Approvals", "/approvals", can(isms.ReadISMS)},
	}},
	{"4 Context", []navItemDef{ // 4.1 issues, 4.2 interested parties, 4.3 scope, 4.4 processes
		{"Context issues", "/context-issues", can(isms.ReadISMS)},
		{"Interested parties", "/interested-parties", can(isms.ReadISMS)},
		{"Requirements", "/party-requirements", can(isms.ReadISMS)},
		{"Scope", "/scope", can(isms.ReadISMS)},
		{"ISMS processes", "/isms-processes", can(isms.ReadISMS)},
	}},
	{"5 Leadership", []navItemDef{ // 5.1 commitment, 5.2 policy, 5.3 roles
		{"Leadership & policy", "/leadership", can(isms.ReadISMS)},
		{"Roles & RACI", "/isms-roles", can(isms.ReadISMS)},
	}},
	{"6 Planning", []navItemDef{ // 6.1.1 ISMS risks, risk management 6.1.2, 6.1.3, 8.2, 8.3; 6.2 objectives; 6.3 changes
		{"ISMS risks & opportunities", "/isms-risks", can(isms.ReadISMS)},
		{"Objectives", "/objectives", can(isms.ReadISMS)},
		{"Planned changes", "/isms-changes", can(isms.ReadISMS)},
		{"Risk register", "/risks", can(isms.ReadISMS)},
		{"Risk heatmap", "/risks/heatmap", can(isms.ReadISMS)},
		{"Assets", "/assets", can(isms.ReadISMS)},
		{"Risk method", "/risk-method", can(isms.ReadISMS)},
		{"Statement of Applicability", "/soa", can(isms.ReadISMS)},
		{"Risk assessments", "/risk-assessments", can(isms.ReadISMS)},
	}},
	{"7 Support", []navItemDef{ // documented information 7.5, awareness 7.3, competence 7.2, resources 7.1, communication 7.4
		{"Documents", "/documents", can(isms.ReadOwnWork)}, // employees read the documents meant for them
		{"Awareness", "/awareness", can(isms.ReadISMS)},
		{"People & competence", "/people", can(isms.ReadISMS)},
		{"Resources", "/resources", can(isms.ReadISMS)},
		{"Communication", "/communication", can(isms.ReadISMS)},
	}},
	{"8 Operation", []navItemDef{
		{"Schedules", "/schedules", can(isms.ReadISMS)},
	}},
	{"9 Performance evaluation", []navItemDef{ // 9.1 metrics, 9.2 internal audit, 9.3 management review
		{"Metrics", "/metrics", can(isms.ReadISMS)},
		{"Audit programmes", "/audit-programmes", can(isms.ReadISMS)},
		{"Internal audits", "/internal-audits", can(isms.ReadISMS)},
		{"Audit findings", "/findings", can(isms.ReadISMS)},
		{"Management reviews", "/management-reviews", can(isms.ReadISMS)},
		{"Audit trail", "/audit", can(isms.ReadAuditTrail)},
	}},
	{"10 Improvement", []navItemDef{ // 10.2 nonconformity and corrective action, 10.1 continual improvement
		{"Nonconformities", "/nonconformities", can(isms.ReadISMS)},
		{"Improvements", "/improvements", can(isms.ReadISMS)},
	}},
	{"Certification", []navItemDef{ // certificates, external audits, auditors' requests, the audit package
		{"Certificates", "/certificates", can(isms.ReadISMS)},
		{"External audits", "/external-audits", can(isms.ReadISMS)},
		{"Evidence requests", "/evidence-requests", can(isms.ReadISMS)},
		{"Auditors", "/auditors", can(isms.ReadISMS)},
		{"Audit package", "/audit-package", can(isms.BuildAuditPackage)},
	}},
	{"Compliance", []navItemDef{ // frameworks, controls, evidence
		{"Frameworks", "/frameworks", can(isms.ReadISMS)},
		{"Controls", "/controls", can(isms.ReadISMS)},
		{"Posture", "/posture", can(isms.ReadISMS)},
		{"Evidence", "/evidence", can(isms.ReadISMS)},
		{"Mappings", "/mappings", can(isms.ReadISMS)},
	}},
	{"Settings", []navItemDef{
		{"Organization", "/organization", can(isms.ReadISMS)},
		{"Members", "/members", can(isms.ReadMembers)},
		{"Signing key", "/signing-key", can(isms.ReadISMS)},
		{"My account", "/account", func(a isms.Actor) bool { return a.UserID != "" }},
	}},
	{"Installation", []navItemDef{
		{"Organizations", "/admin/organizations", func(a isms.Actor) bool { return a.Owner }},
		{"Accounts", "/admin/users", func(a isms.Actor) bool { return a.Owner }},
		{"Background jobs", "/admin/jobs", func(a isms.Actor) bool { return a.Owner }},
		{"Mail settings", "/admin/mail", func(a isms.Actor) bool { return a.Owner }},
	}},
}

func buildNav(a isms.Actor, path string) []navGroup {
	// The current link is the one whose address matches most of the path:
	// on /risks/heatmap, Risk heatmap rather than Risk register.
	best := ""
	for _, g := range navigation {
		for _, it := range g.items {
			if (path == it.href || (it.href != "/" && strings.HasPrefix(path, it.href+"/"))) && len(it.href) > len(best) {
				best = it.href
			}
		}
	}
	var out []navGroup
	for _, g := range navigation {
		var items []navItem
		for _, it := range g.items {
			if it.visible(a) {
				items = append(items, navItem{Label: it.label, Href: it.href, Current: it.href == best})
			}
		}
		if len(items) > 0 {
			out = append(out, navGroup{Heading: g.heading, Items: items})
		}
	}
	return out
}

// fillBase sets what the layout shows for this request.
func (s *Server) fillBase(w http.ResponseWriter, r *http.Request, b *basePage) {
	st := state(r)
	b.Path, b.Version = r.URL.Path, s.opts.Version
	b.CSRF = s.csrfToken(w, r)
	b.FlashKind, b.FlashText = s.takeFlash(w, r)
	if st.sess == nil {
		b.AuthLayout = true
		return
	}
	b.User, b.Actor, b.Org, b.Orgs = st.sess.User, st.actor, st.sess.Org, st.sess.Orgs
	b.Nav = buildNav(st.actor, r.URL.Path)
	if b.Org != nil {
		if h, err := s.app.ChainHead(r.Context(), st.actor); err == nil {
			b.ChainHead = h
		}
	}
}
