// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// External auditors: accounts with the auditor role whose membership
// ends on a date and may be limited to one framework. An expired
// membership gives no access at once: Authenticate and
// AuthenticateToken leave its organization out. Auditors are watched:
// every page they open and file they download is an audit event.

// AuditorInput is the auditor invitation form as typed. Framework is a
// framework's ID or reference, or blank for all.
type AuditorInput struct {
	Email, Name, AccessUntil, Framework string
}

// InviteAuditor gives an account (created when the e-mail address is
// new) the auditor role until AccessUntil, optionally limited to one
// framework. Needs ManageCertification.
func (a *App) InviteAuditor(ctx context.Context, actor isms.Actor, in AuditorInput) (*AddMemberResult, error) {
	panic("not implemented")
}

// UpdateAuditorAccess changes an auditor's end date or framework.
func (a *App) UpdateAuditorAccess(ctx context.Context, actor isms.Actor, user isms.ID, version int, in AuditorInput) error {
	panic("not implemented")
}

// ListAuditors returns the organization's auditors with their limits,
// those whose access ended included.
func (a *App) ListAuditors(ctx context.Context, actor isms.Actor) ([]*isms.Member, error) {
	panic("not implemented")
}

// RecordAccess writes an audit event for a watched actor's request:
// "auditor.view" for a page or "auditor.download" for a file (name is
// the downloaded file's name), with the method, path and status.
func (a *App) RecordAccess(ctx context.Context, actor isms.Actor, method, path string, status int, name string) error {
	panic("not implemented")
}
