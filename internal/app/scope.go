// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The ISMS scope (27001 4.3) is versioned: whoever holds
// isms.ManageLeadership writes a draft (the first one from nothing, later
// ones starting from the approved version), and submits it through the
// shared approval mechanism. Approving a draft makes it the scope in force
// and supersedes the version before it. There is one draft at a time.

// objectScope is the object type of scope versions in the audit trail,
// in links and in approvals.
const objectScope = "isms_scope"

func init() {
	approvables[objectScope] = approvable{
		label:    "ISMS scope",
		submit:   isms.ManageLeadership,
		load:     loadScopeForApproval,
		approved: scopeApproved,
	}
	linkables[objectScope] = linkable{
		label: "ISMS scope",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			s, err := findScopeByIDOrLabel(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return s.ID, "ISMS scope " + s.VersionLabel() + ": " + scopeSnippet(s.Statement, 80), nil
		},
	}
}

// scopeSnippet shortens s to at most n characters, on one line.
func scopeSnippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// findScopeByIDOrLabel returns a scope version by its ID or its version
// label ("v2").
func findScopeByIDOrLabel(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Scope, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(s), "v")); err == nil && strings.HasPrefix(strings.ToLower(s), "v") {
		return tx.FindScopeByNumber(ctx, org, n)
	}
	return tx.FindScopeByID(ctx, org, isms.ID(s))
}

// loadScopeForApproval locks a scope version and returns what its
// approval covers. Only drafts can be submitted and decided.
func loadScopeForApproval(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
	s, err := tx.FindScopeByIDForUpdate(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	if err := checkScopeDraft(s); err != nil {
		return "", 0, nil, err
	}
	return "ISMS scope " + s.VersionLabel(), s.Version, s.ApprovalContent(), nil
}

// checkScopeDraft returns a Conflict unless s is a draft: approved and
// superseded versions are the record of what the ISMS covered.
func checkScopeDraft(s *isms.Scope) error {
	if s.Status == isms.ScopeDraft {
		return nil
	}
	return isms.Errorf(isms.Conflict, "Scope %s is %s; edit the scope to start a new draft.", s.VersionLabel(), s.Status)
}

// scopeApproved makes an approved draft the scope in force and
// supersedes the version before it.
func scopeApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	s, err := tx.FindScopeByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	prev, err := scopeWithStatus(ctx, tx, ap.OrgID, isms.ScopeApproved)
	if err != nil {
		return err
	}
	changes := isms.Changes{"status": {Before: string(s.Status), After: string(isms.ScopeApproved)},
		"number": {After: s.Number}, "approval": {After: string(ap.ID)}, "contentSha256": {After: ap.ContentSHA256}}
	if prev != nil && prev.ID != s.ID {
		prev.Status = isms.ScopeSuperseded
		if err := tx.UpdateScope(ctx, prev, prev.Version); err != nil {
			return err
		}
		changes["supersedes"] = isms.Change{After: prev.Number}
	}
	s.Status, s.ApprovedAt, s.ApprovalID = isms.ScopeApproved, tx.Now(), ap.ID
	if err := tx.UpdateScope(ctx, s, s.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(ap.OrgID), actor, objectScope+".approve", objectScope, s.ID, changes)
}

// scopeWithStatus returns org's scope version with status, or nil when
// there is none.
func scopeWithStatus(ctx context.Context, tx *sqldb.Tx, org isms.ID, status isms.ScopeStatus) (*isms.Scope, error) {
	s, err := tx.FindScopeWithStatus(ctx, org, status)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	}
	return s, err
}

// ScopeInput is a scope version as a form or the API gives it. Lists hold
// one item each; empty items are dropped.
type ScopeInput struct {
	Statement                 string
	Units, Locations, InScope []string
	Interfaces                []isms.ScopeInterface
	Exclusions                []isms.ScopeExclusion
}

// apply sets the parts of s from in.
func (in ScopeInput) apply(s *isms.Scope) {
	s.Statement, s.Units, s.Locations, s.InScope = in.Statement, in.Units, in.Locations, in.InScope
	s.Interfaces = append([]isms.ScopeInterface{}, in.Interfaces...)
	s.Exclusions = append([]isms.ScopeExclusion{}, in.Exclusions...)
	s.Normalize()
}

// scopeChanges returns what changed between two states of a draft; lists
// are recorded whole when they change.
func scopeChanges(b, s *isms.Scope) isms.Changes {
	ch := isms.Changes{}
	for _, f := range []struct {
		name          string
		before, after any
	}{
		{"statement", b.Statement, s.Statement}, {"units", b.Units, s.Units}, {"locations", b.Locations, s.Locations},
		{"inScope", b.InScope, s.InScope}, {"interfaces", b.Interfaces, s.Interfaces}, {"exclusions", b.Exclusions, s.Exclusions},
	} {
		if !sameJSON(f.before, f.after) {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	return ch
}

// SaveScopeDraft saves the scope's draft: it creates it (version 0, from
// in alone) when there is none, and otherwise updates it, read at
// version. A draft awaiting approval cannot change.
func (a *App) SaveScopeDraft(ctx context.Context, actor isms.Actor, version int, in ScopeInput) (*isms.Scope, error) {
	if err := forbid(actor.Can(isms.ManageLeadership), "You may not change the ISMS scope."); err != nil {
		return nil, err
	}
	var s *isms.Scope
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		draft, err := scopeWithStatus(ctx, tx, actor.OrgID, isms.ScopeDraft)
		if err != nil {
			return err
		}
		if draft == nil {
			s, err = createScopeDraft(ctx, tx, actor, version, in)
			return err
		}
		s, err = updateScopeDraft(ctx, tx, actor, draft.ID, version, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func createScopeDraft(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, version int, in ScopeInput) (*isms.Scope, error) {
	if version != 0 {
		return nil, isms.Errorf(isms.Conflict, "The draft you were editing is no longer a draft: it was approved or discarded meanwhile. Reload the scope, then make your changes again.")
	}
	n, err := tx.MaxScopeNumber(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	s := &isms.Scope{ID: isms.NewID("scope"), OrgID: actor.OrgID, Number: n + 1, Status: isms.ScopeDraft, CreatedBy: actor.UserID}
	in.apply(s)
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := tx.InsertScope(ctx, s); err != nil {
		return nil, err
	}
	empty := &isms.Scope{}
	empty.Normalize()
	ch := scopeChanges(empty, s)
	ch["number"], ch["status"] = isms.Change{After: s.Number}, isms.Change{After: string(s.Status)}
	return s, audit(ctx, tx, orgChain(actor.OrgID), actor, objectScope+".create", objectScope, s.ID, ch)
}

func updateScopeDraft(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, id isms.ID, version int, in ScopeInput) (*isms.Scope, error) {
	s, err := tx.FindScopeByIDForUpdate(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		return nil, isms.Errorf(isms.Conflict, "Draft %s of the scope exists already; edit that draft rather than starting another.", s.VersionLabel())
	}
	if s.Version != version {
		return nil, staleConflict("scope draft", version, s.Version)
	}
	if err := checkNotPending(ctx, tx, actor.OrgID, objectScope, id); err != nil {
		return nil, err
	}
	before := *s
	in.apply(s)
	if err := s.Validate(); err != nil {
		return nil, err
	}
	ch := scopeChanges(&before, s)
	if len(ch) == 0 {
		return s, nil
	}
	if err := tx.UpdateScope(ctx, s, version); err != nil {
		return nil, err
	}
	return s, audit(ctx, tx, orgChain(actor.OrgID), actor, objectScope+".update", objectScope, s.ID, ch)
}

// DeleteScopeDraft discards the scope's draft id when it is not awaiting
// approval; the approved version stays in force.
func (a *App) DeleteScopeDraft(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageLeadership), "You may not change the ISMS scope."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := tx.FindScopeByIDForUpdate(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if s.Status != isms.ScopeDraft {
			return isms.Errorf(isms.Conflict, "Scope %s is %s; only a draft can be discarded, approved versions stay as the record of the scope.", s.VersionLabel(), s.Status)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectScope, id); err != nil {
			return err
		}
		if err := tx.DeleteScope(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if err := tx.DeleteRecordLinks(ctx, actor.OrgID, isms.Link{Type: objectScope, ID: id}); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, objectScope+".delete", objectScope, s.ID,
			isms.Changes{"number": {Before: s.Number}, "status": {Before: string(s.Status)}, "statement": {Before: s.Statement}})
	})
}

// scopeApprover sets s.ApprovedBy from its approval's approvers.
func scopeApprover(ctx context.Context, tx *sqldb.Tx, s *isms.Scope) error {
	if s == nil || s.ApprovalID == "" {
		return nil
	}
	ap, err := tx.FindApprovalByID(ctx, s.OrgID, s.ApprovalID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	s.ApprovedBy = approverNames(ap)
	return nil
}

// CurrentScope returns the approved scope in force and the draft; either
// may be nil.
func (a *App) CurrentScope(ctx context.Context, actor isms.Actor) (approved, draft *isms.Scope, err error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the ISMS scope."); err != nil {
		return nil, nil, err
	}
	err = a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		approved, draft, err = a.CurrentScopeTx(ctx, tx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("current scope: %w", err)
	}
	return approved, draft, nil
}

// CurrentScopeTx reads what CurrentScope returns for org, within tx and
// without its permission check, for a caller that has made it.
func (a *App) CurrentScopeTx(ctx context.Context, tx *sqldb.Tx, org isms.ID) (approved, draft *isms.Scope, err error) {
	if approved, err = scopeWithStatus(ctx, tx, org, isms.ScopeApproved); err != nil {
		return nil, nil, err
	}
	if draft, err = scopeWithStatus(ctx, tx, org, isms.ScopeDraft); err != nil {
		return nil, nil, err
	}
	return approved, draft, scopeApprover(ctx, tx, approved)
}

// ScopeVersions lists every version of the organization's scope, newest
// first.
func (a *App) ScopeVersions(ctx context.Context, actor isms.Actor) ([]*isms.Scope, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the ISMS scope."); err != nil {
		return nil, err
	}
	var list []*isms.Scope
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if list, err = tx.FindScopes(ctx, actor.OrgID); err != nil {
			return err
		}
		for _, s := range list {
			if err := scopeApprover(ctx, tx, s); err != nil {
				return err
			}
		}
		return nil
	})
	return list, err
}

// ScopeDetail is one scope version with its newest submission and newest
// approval (either may be nil).
type ScopeDetail struct {
	Scope            *isms.Scope
	Latest, Approved *isms.Approval
}

// FindScope returns a scope version, by ID or version label ("v2"), with
// its approvals.
func (a *App) FindScope(ctx context.Context, actor isms.Actor, id string) (*ScopeDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the ISMS scope."); err != nil {
		return nil, err
	}
	d := &ScopeDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Scope, err = findScopeByIDOrLabel(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if d.Latest, d.Approved, err = latestApprovals(ctx, tx, actor.OrgID, objectScope, d.Scope.ID); err != nil {
			return err
		}
		return scopeApprover(ctx, tx, d.Scope)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// CompareScopes compares two versions of the scope (IDs or labels) line
// by line, as their text renders them.
func (a *App) CompareScopes(ctx context.Context, actor isms.Actor, from, to string) ([]report.DiffLine, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the ISMS scope."); err != nil {
		return nil, err
	}
	var texts [2]string
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		for i, id := range []string{from, to} {
			s, err := findScopeByIDOrLabel(ctx, tx, actor.OrgID, id)
			if err != nil {
				return err
			}
			texts[i] = s.Text()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return report.LineDiff(texts[0], texts[1]), nil
}
