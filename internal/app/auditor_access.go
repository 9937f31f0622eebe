// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// External auditors: accounts with the auditor role whose membership
// ends on a date and may be limited to one framework. An expired
// membership gives no access at once: Authenticate and
// AuthenticateToken leave its organization out. Auditors are watched:
// every page they open and file they download is an audit event.

// MaxAuditorDays is how far ahead an auditor's access may end when
// invited or extended: a certification cycle's audits, not a standing
// account.
const MaxAuditorDays = 400

// AuditorInput is the auditor invitation form as typed. Framework is a
// framework's ID or reference, or blank for all.
type AuditorInput struct {
	Email, Name, AccessUntil, Framework string
}

// watched reports whether members with role are watched (isms.Actor.Watched).
func watched(role isms.Role) bool { return role == isms.RoleAuditor }

// splitEnded separates the memberships that give access on today from
// those whose access ended before it.
func splitEnded(orgs []isms.OrgMembership, today isms.Date) (live, ended []isms.OrgMembership) {
	for _, om := range orgs {
		m := isms.Membership{AccessUntil: om.AccessUntil}
		if m.Expired(today) {
			ended = append(ended, om)
		} else {
			live = append(live, om)
		}
	}
	return live, ended
}

// InviteAuditor gives an account (created when the e-mail address is
// new) the auditor role until AccessUntil, optionally limited to one
// framework. Needs ManageCertification.
func (a *App) InviteAuditor(ctx context.Context, actor isms.Actor, in AuditorInput) (*AddMemberResult, error) {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not invite auditors."); err != nil {
		return nil, err
	}
	p := isms.Problems{}
	m := &isms.Membership{Role: isms.RoleAuditor, AccessUntil: a.accessUntil(in.AccessUntil, false, p)}
	var res *AddMemberResult
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		fw, err := auditorFramework(ctx, tx, actor.OrgID, in.Framework, p)
		if err != nil {
			return err
		}
		m.FrameworkID = fw.ID
		record := map[string]any{"accessUntil": m.AccessUntil.String(), "framework": fw.Title()}
		res, err = a.addMember(ctx, tx, actor, AddMemberInput{Email: in.Email, Name: in.Name, Role: isms.RoleAuditor}, m, p, record)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// accessUntil reads the last day of an auditor's access, required, at
// most MaxAuditorDays ahead and, unless past is allowed (to end access
// now), after today; problems go on "accessUntil".
func (a *App) accessUntil(s string, past bool, p isms.Problems) isms.Date {
	today := a.today()
	d, err := isms.ParseDate(strings.TrimSpace(s))
	switch latest := today.AddDays(MaxAuditorDays); {
	case err != nil || d.IsZero():
		p.Add("accessUntil", "Enter the last day of access as YYYY-MM-DD.")
	case !past && !d.After(today):
		p.Add("accessUntil", "The last day of access must be after today.")
	case d.After(latest):
		p.Add("accessUntil", fmt.Sprintf("Access may last at most %d days: choose %s or earlier.", MaxAuditorDays, latest))
	}
	return d
}

// auditorFramework resolves the framework an auditor is limited to, by ID
// or reference; blank is every framework (a zero Framework). An unknown
// one is a problem on "framework".
func auditorFramework(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string, p isms.Problems) (*isms.Framework, error) {
	if strings.TrimSpace(s) == "" {
		return &isms.Framework{}, nil
	}
	f, err := findFrameworkByIDOrKey(ctx, tx, org, s)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("framework", "Choose one of the organization's frameworks, or none for all of them.")
		return &isms.Framework{}, nil
	}
	return f, err
}

// UpdateAuditorAccess changes an auditor's end date or framework.
// Needs ManageCertification. The end date may be in the past: "end
// access now" sets it to yesterday, which ends the auditor's sessions'
// and tokens' access at once.
func (a *App) UpdateAuditorAccess(ctx context.Context, actor isms.Actor, user isms.ID, version int, in AuditorInput) error {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not change auditors' access."); err != nil {
		return err
	}
	p := isms.Problems{}
	until := a.accessUntil(in.AccessUntil, true, p)
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMembership(ctx, actor.OrgID, user)
		if err != nil {
			return err
		}
		if m.Role != isms.RoleAuditor {
			return isms.Errorf(isms.Conflict, "Only an auditor's access has an end date and a framework; this member's role is %s.", m.Role.Label())
		}
		fw, err := auditorFramework(ctx, tx, actor.OrgID, in.Framework, p)
		if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		if m.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this auditor's access while you were editing it. Reload to see the current access, then change it again.")
		}
		ch, err := auditorChanges(ctx, tx, m, until, fw)
		if err != nil || len(ch) == 0 {
			return err
		}
		m.AccessUntil, m.FrameworkID = until, fw.ID
		if err := tx.UpdateMembership(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "membership.update", "user", user, ch)
	})
}

// auditorChanges returns what setting m's end date to until and its
// framework to fw changes, frameworks by title.
func auditorChanges(ctx context.Context, tx *sqldb.Tx, m *isms.Membership, until isms.Date, fw *isms.Framework) (isms.Changes, error) {
	ch := isms.Changes{}
	if until.String() != m.AccessUntil.String() {
		ch["accessUntil"] = isms.Change{Before: m.AccessUntil.String(), After: until.String()}
	}
	if fw.ID != m.FrameworkID {
		before, err := frameworkTitle(ctx, tx, m.OrgID, m.FrameworkID)
		if err != nil {
			return nil, err
		}
		ch["framework"] = isms.Change{Before: before, After: fw.Title()}
	}
	return ch, nil
}

// frameworkTitle returns the title of framework id of org: "" for none,
// the ID itself when the framework was deleted since.
func frameworkTitle(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, error) {
	if id == "" {
		return "", nil
	}
	f, err := tx.FindFrameworkByID(ctx, org, id)
	switch {
	case isms.ErrorCode(err) == isms.NotFound:
		return string(id), nil
	case err != nil:
		return "", err
	}
	return f.Title(), nil
}

// ListAuditors returns the organization's auditors with their limits,
// those whose access ended included, by name.
func (a *App) ListAuditors(ctx context.Context, actor isms.Actor) ([]*isms.Member, error) {
	list, _, err := a.FindMembers(ctx, actor, isms.MemberFilter{Role: isms.RoleAuditor, Sort: "name", Limit: isms.MaxPageSize})
	return list, err
}

// RecordAccess writes an audit event for a watched actor's request:
// "auditor.view" for a page or "auditor.download" for a file (name is
// the downloaded file's name), with the method, path and status. For an
// actor who is not watched, or acts in no organization, it does nothing.
func (a *App) RecordAccess(ctx context.Context, actor isms.Actor, method, path string, status int, name string) error {
	if !actor.Watched || actor.OrgID == "" {
		return nil
	}
	action, fields := "auditor.view", map[string]any{"method": method, "path": path, "status": status}
	if name != "" {
		action, fields["file"] = "auditor.download", name
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return audit(ctx, tx, orgChain(actor.OrgID), actor, action, "page", isms.ID(path), isms.Created(fields))
	})
}
