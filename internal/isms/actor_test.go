// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// allPermissions lists every permission, so that the matrix below has to
// say something about each of them.
var allPermissions = []isms.Permission{
	isms.ReadISMS, isms.ReadAuditTrail, isms.ReadMembers, isms.ManageMembers, isms.EditOrgProfile,
	isms.SubmitApprovals, isms.DecideApprovals, isms.UseOwnAccount, isms.ReadOwnWork, isms.ManageInstallation,
}

// grants is the expected permission matrix, written out independently of
// the table in role.go so that a change there has to be made here as well,
// on purpose.
var grants = map[isms.Role][]isms.Permission{
	isms.RoleAdmin: {isms.ReadISMS, isms.ReadAuditTrail, isms.ReadMembers, isms.ManageMembers, isms.EditOrgProfile,
		isms.SubmitApprovals, isms.DecideApprovals, isms.UseOwnAccount, isms.ReadOwnWork},
	isms.RoleManager: {isms.ReadISMS, isms.ReadAuditTrail, isms.ReadMembers, isms.EditOrgProfile,
		isms.SubmitApprovals, isms.DecideApprovals, isms.UseOwnAccount, isms.ReadOwnWork},
	isms.RoleContributor: {isms.ReadISMS, isms.ReadMembers, isms.SubmitApprovals, isms.UseOwnAccount, isms.ReadOwnWork},
	isms.RoleAuditor:     {isms.ReadISMS, isms.ReadAuditTrail, isms.ReadMembers, isms.UseOwnAccount, isms.ReadOwnWork},
	isms.RoleViewer:      {isms.ReadISMS, isms.ReadAuditTrail, isms.ReadMembers, isms.UseOwnAccount, isms.ReadOwnWork},
	isms.RoleEmployee:    {isms.UseOwnAccount, isms.ReadOwnWork},
}

// readOnlyPermissions are the permissions a read-only token keeps.
var readOnlyPermissions = map[isms.Permission]bool{
	isms.ReadISMS: true, isms.ReadAuditTrail: true, isms.ReadMembers: true, isms.ReadOwnWork: true,
}

func TestActorCanFollowsTheRoleMatrix(t *testing.T) {
	for _, role := range isms.Roles {
		granted := map[isms.Permission]bool{}
		for _, p := range grants[role] {
			granted[p] = true
		}
		for _, p := range allPermissions {
			t.Run(string(role)+" "+string(p), func(t *testing.T) {
				a := isms.Actor{UserID: "user_1", OrgID: "org_1", Role: role}
				if got := a.Can(p); got != granted[p] {
					t.Errorf("Actor{Role: %s}.Can(%s) = %v, want %v", role, p, got, granted[p])
				}
				a.Scope = isms.ScopeReadWrite
				if got := a.Can(p); got != granted[p] {
					t.Errorf("Actor{Role: %s, Scope: read-write}.Can(%s) = %v, want %v", role, p, got, granted[p])
				}
				a.Scope = isms.ScopeRead
				want := granted[p] && readOnlyPermissions[p]
				if got := a.Can(p); got != want {
					t.Errorf("Actor{Role: %s, Scope: read}.Can(%s) = %v, want %v", role, p, got, want)
				}
			})
		}
	}
	if len(grants) != len(isms.Roles) {
		t.Errorf("the matrix covers %d roles, want all %d", len(grants), len(isms.Roles))
	}
}

func TestActorCanSpecialActors(t *testing.T) {
	tests := []struct {
		name  string
		actor isms.Actor
		perm  isms.Permission
		want  bool
	}{
		{"the system may manage the installation", isms.SystemActor("org_1"), isms.ManageInstallation, true},
		{"the system may manage members", isms.SystemActor("org_1"), isms.ManageMembers, true},
		{"the system without an organization may still do anything", isms.SystemActor(""), isms.EditOrgProfile, true},
		{"an owner may manage the installation", isms.Actor{UserID: "user_1", Owner: true}, isms.ManageInstallation, true},
		{"an owner with a read-only token may not manage the installation", isms.Actor{UserID: "user_1", Owner: true, Scope: isms.ScopeRead}, isms.ManageInstallation, false},
		{"an owner without a membership may not edit an organization's profile", isms.Actor{UserID: "user_1", Owner: true, OrgID: "org_1"}, isms.EditOrgProfile, false},
		{"an administrator who is not an owner may not manage the installation", isms.Actor{UserID: "user_1", OrgID: "org_1", Role: isms.RoleAdmin}, isms.ManageInstallation, false},
		{"an actor without a user may not read, whatever the role", isms.Actor{OrgID: "org_1", Role: isms.RoleAdmin}, isms.ReadISMS, false},
		{"an unknown role may do nothing", isms.Actor{UserID: "user_1", OrgID: "org_1", Role: "superuser"}, isms.ReadISMS, false},
		{"the zero actor may do nothing", isms.Actor{}, isms.ReadOwnWork, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.actor.Can(tt.perm); got != tt.want {
				t.Errorf("%+v.Can(%s) = %v, want %v", tt.actor, tt.perm, got, tt.want)
			}
		})
	}
}

func TestActorCanReadInstallation(t *testing.T) {
	tests := []struct {
		name  string
		actor isms.Actor
		want  bool
	}{
		{"the system may", isms.SystemActor(""), true},
		{"an owner may", isms.Actor{UserID: "user_1", Owner: true}, true},
		{"an owner with a read-only token may", isms.Actor{UserID: "user_1", Owner: true, Scope: isms.ScopeRead}, true},
		{"an administrator may not", isms.Actor{UserID: "user_1", OrgID: "org_1", Role: isms.RoleAdmin}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.actor.CanReadInstallation(); got != tt.want {
				t.Errorf("%+v.CanReadInstallation() = %v, want %v", tt.actor, got, tt.want)
			}
		})
	}
}

func TestSystemActor(t *testing.T) {
	a := isms.SystemActor("org_1")
	if !a.System || a.OrgID != "org_1" || a.UserID != "" || a.Name != "system" {
		t.Errorf("SystemActor(org_1) = %+v, want a system actor named system in org_1 without a user", a)
	}
}

func TestRoleValidAndLabel(t *testing.T) {
	labels := map[isms.Role]string{
		isms.RoleAdmin: "Administrator", isms.RoleManager: "ISMS manager", isms.RoleContributor: "Contributor",
		isms.RoleAuditor: "Auditor", isms.RoleViewer: "Viewer", isms.RoleEmployee: "Employee",
	}
	for _, r := range isms.Roles {
		if !r.Valid() {
			t.Errorf("Role(%q).Valid() = false, want true", r)
		}
		if got := r.Label(); got != labels[r] {
			t.Errorf("Role(%q).Label() = %q, want %q", r, got, labels[r])
		}
	}
	for _, r := range []isms.Role{"", "owner", "Admin"} {
		if r.Valid() {
			t.Errorf("Role(%q).Valid() = true, want false", r)
		}
	}
	if got := isms.Role("owner").Label(); got != "owner" {
		t.Errorf("Role(owner).Label() = %q, want %q", got, "owner")
	}
}

func TestTokenScopeValid(t *testing.T) {
	for s, want := range map[isms.TokenScope]bool{isms.ScopeRead: true, isms.ScopeReadWrite: true, "": false, "write": false} {
		if got := s.Valid(); got != want {
			t.Errorf("TokenScope(%q).Valid() = %v, want %v", s, got, want)
		}
	}
}
