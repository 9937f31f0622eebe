// SPDX-License-Identifier: Apache-2.0

package isms

// Role is what a member may do within one organization.
type Role string

// The roles, from most to least privileged within the ISMS.
const (
	RoleAdmin       Role = "admin"       // organization settings and memberships
	RoleManager     Role = "manager"     // the ISMS manager: everything in the ISMS
	RoleContributor Role = "contributor" // edits what they own or are assigned; creates records
	RoleAuditor     Role = "auditor"     // reads everything; writes only audit work
	RoleViewer      Role = "viewer"      // reads everything except restricted documents
	RoleEmployee    Role = "employee"    // own tasks, published documents, acknowledgements
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleManager, RoleContributor, RoleAuditor, RoleViewer, RoleEmployee}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Label returns the role's name for people.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrator"
	case RoleManager:
		return "ISMS manager"
	case RoleContributor:
		return "Contributor"
	case RoleAuditor:
		return "Auditor"
	case RoleViewer:
		return "Viewer"
	case RoleEmployee:
		return "Employee"
	}
	return string(r)
}

// Permission is one thing an actor may do within their current organization.
type Permission string

// The permissions. Modules add theirs here, with a row in rolePermissions.
const (
	ReadISMS            Permission = "isms.read"            // read the organization's ISMS records
	ReadAuditTrail      Permission = "audit.read"           // read the audit trail of the organization
	ReadMembers         Permission = "members.read"         // list the organization's members
	ManageMembers       Permission = "members.manage"       // add, change and remove memberships
	EditOrgProfile      Permission = "org.edit"             // edit the organization's profile
	SubmitApprovals     Permission = "approvals.submit"     // submit a record version for approval
	DecideApprovals     Permission = "approvals.decide"     // be named as an approver
	UseOwnAccount       Permission = "account.use"          // own password, sessions and API tokens
	ReadOwnWork         Permission = "work.read"            // one's own tasks and approvals
	ManageInstallation  Permission = "installation.manage"  // organizations and accounts across the installation
	AssignWork          Permission = "work.assign"          // create, assign and schedule tasks for anyone
	EditEvidence        Permission = "evidence.edit"        // add evidence, upload its files and link it
	EditControls        Permission = "controls.edit"        // create and change controls and link them to requirements
	ManageFrameworks    Permission = "frameworks.manage"    // import, update and delete frameworks and mapping sets
	EditRisks           Permission = "risks.edit"           // create and change assets, risks, treatment plans and assessments
	ManageRiskMethod    Permission = "riskmethod.manage"    // define risk method versions and re-score risks
	EditDocuments       Permission = "documents.edit"       // create documents and write their versions
	ManagePeople        Permission = "people.manage"        // people, competence requirements, training records, resources, communication plan
	ManageAwareness     Permission = "awareness.manage"     // awareness campaigns
	EditContext         Permission = "context.edit"         // context issues, interested parties and requirements, ISMS processes, ISMS risks and opportunities, planned changes
	ManageLeadership    Permission = "leadership.manage"    // the ISMS scope, records of management commitment, ISMS roles and the RACI
	EditObjectives      Permission = "objectives.edit"      // objectives, metrics and measurements
	EditSoA             Permission = "soa.edit"             // the Statement of Applicability: drafts, decisions, submission
	ManageAudits        Permission = "audits.manage"        // internal audit programmes and audits: plan, scope, team, status
	RecordAudits        Permission = "audits.record"        // checklist results and findings of the audits one is on the team of
	ManageReviews       Permission = "reviews.manage"       // management reviews: plan, hold, outputs, submission
	EditImprovement     Permission = "improvement.edit"     // nonconformities, corrective actions, effectiveness checks, the improvement register
	ManageCertification Permission = "certification.manage" // certificates, external audits, and external auditors' access
	RecordExternal      Permission = "external.record"      // external audit findings; an auditor only their own
	RequestEvidence     Permission = "requests.make"        // evidence requests: ask, accept, ask again, cancel
	BuildAuditPackage   Permission = "package.build"        // build the signed audit package
)

// rolePermissions is the one table of what each role may do.
var rolePermissions = map[Role][]Permission{
	RoleAdmin:       {ReadISMS, ReadAuditTrail, ReadMembers, ManageMembers, EditOrgProfile, SubmitApprovals, DecideApprovals, UseOwnAccount, ReadOwnWork, AssignWork, EditEvidence, EditControls, ManageFrameworks, EditRisks, ManageRiskMethod, EditDocuments, ManagePeople, ManageAwareness, EditContext, ManageLeadership, EditObjectives, EditSoA, ManageAudits, RecordAudits, ManageReviews, EditImprovement, ManageCertification, RecordExternal, RequestEvidence, BuildAuditPackage},
	RoleManager:     {ReadISMS, ReadAuditTrail, ReadMembers, EditOrgProfile, SubmitApprovals, DecideApprovals, UseOwnAccount, ReadOwnWork, AssignWork, EditEvidence, EditControls, ManageFrameworks, EditRisks, ManageRiskMethod, EditDocuments, ManagePeople, ManageAwareness, EditContext, ManageLeadership, EditObjectives, EditSoA, ManageAudits, RecordAudits, ManageReviews, EditImprovement, ManageCertification, RecordExternal, RequestEvidence, BuildAuditPackage},
	RoleContributor: {ReadISMS, ReadMembers, SubmitApprovals, UseOwnAccount, ReadOwnWork, AssignWork, EditEvidence, EditControls, EditRisks, EditDocuments, EditContext, EditObjectives, EditImprovement},
	RoleAuditor:     {ReadISMS, ReadAuditTrail, ReadMembers, UseOwnAccount, ReadOwnWork, RecordAudits, RecordExternal, RequestEvidence, BuildAuditPackage},
	RoleViewer:      {ReadISMS, ReadAuditTrail, ReadMembers, UseOwnAccount, ReadOwnWork},
	RoleEmployee:    {UseOwnAccount, ReadOwnWork},
}

// Allows reports whether role r carries permission p.
func (r Role) Allows(p Permission) bool {
	for _, x := range rolePermissions[r] {
		if x == p {
			return true
		}
	}
	return false
}
