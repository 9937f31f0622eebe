// SPDX-License-Identifier: Apache-2.0

package isms

// TokenScope limits what a request authenticated by an API token may do.
type TokenScope string

// The token scopes.
const (
	ScopeRead      TokenScope = "read"       // only reads, whatever the role allows
	ScopeReadWrite TokenScope = "read-write" // everything the role allows
)

// Valid reports whether s is a known scope.
func (s TokenScope) Valid() bool { return s == ScopeRead || s == ScopeReadWrite }

// Actor is who performs a use case: a signed-in user acting in their current
// organization, possibly through an API token, or the system itself.
type Actor struct {
	UserID ID
	Name   string // the user's display name, recorded in audit events
	OrgID  ID     // the organization the actor acts in; empty for installation work
	Role   Role   // the actor's role in OrgID; empty when not a member
	Owner  bool   // an installation owner
	// Scope is set when the actor is authenticated by an API token.
	Scope TokenScope
	// FrameworkID, when set, is the one framework the actor may see
	// (Membership.FrameworkID).
	FrameworkID ID
	// Watched marks an actor whose every page and download is recorded in
	// the audit trail: an auditor.
	Watched bool
	// System marks work done by the product itself (CLI administration,
	// demo data, jobs); it passes every permission check.
	System bool
}

// SystemActor returns the actor for work done by the product itself on
// behalf of an operator at the command line.
func SystemActor(orgID ID) Actor {
	return Actor{Name: "system", OrgID: orgID, System: true}
}

// Can reports whether the actor holds permission p in their organization.
func (a Actor) Can(p Permission) bool {
	if a.System {
		return true
	}
	if p == ManageInstallation {
		return a.Owner && a.writable()
	}
	if a.UserID == "" || !a.Role.Allows(p) {
		return false
	}
	return a.writable() || readOnly[p]
}

// writable reports whether the actor may change anything at all.
func (a Actor) writable() bool { return a.Scope != ScopeRead }

// readOnly lists the permissions that change nothing, so a read-only token
// keeps them.
var readOnly = map[Permission]bool{
	ReadISMS: true, ReadAuditTrail: true, ReadMembers: true, ReadOwnWork: true,
}

// CanReadInstallation reports whether the actor may read installation-wide
// lists (organizations, accounts).
func (a Actor) CanReadInstallation() bool { return a.System || a.Owner }

// SeesFramework reports whether the actor may see framework id: always,
// unless their membership limits them to another one.
func (a Actor) SeesFramework(id ID) bool { return a.FrameworkID == "" || a.FrameworkID == id }
