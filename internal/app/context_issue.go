// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Context issues (27001 4.1) are the internal and external conditions
// that bear on what the ISMS can achieve; the risks and opportunities
// that arise from them are linked to them. Whoever holds
// isms.EditContext records them; whoever reads the ISMS sees them.

// objectContextIssue is the object type of context issues in the audit
// trail and in links.
const objectContextIssue = "context_issue"

func init() {
	linkables[objectContextIssue] = linkable{
		label: "context issue",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			c, err := findContextIssueByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return c.ID, "Context issue " + c.Ref + ": " + c.Title, nil
		},
	}
}

// findContextIssueByIDOrRef returns an issue by its ID or, failing that,
// its reference ("CI-3").
func findContextIssueByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.ContextIssue, error) {
	return byIDOrRef(ctx, org, s, tx.FindContextIssueByID, tx.FindContextIssueByRef)
}

// contextIssueKind describes the register to the generic use cases.
var contextIssueKind = recordKind[*isms.ContextIssue]{
	object: objectContextIssue, label: "context issue", edit: isms.EditContext,
	id:     func(c *isms.ContextIssue) isms.ID { return c.ID },
	ver:    func(c *isms.ContextIssue) int { return c.Version },
	fields: contextIssueFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ContextIssue, error) {
		return tx.FindContextIssueByID(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, c *isms.ContextIssue) (err error) {
		if c.Ref, c.Number, err = nextRecordRef(ctx, tx, c.OrgID, "context_issues", "CI-"); err != nil {
			return err
		}
		return tx.InsertContextIssue(ctx, c)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, c *isms.ContextIssue, version int) error {
		return tx.UpdateContextIssue(ctx, c, version)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteContextIssue(ctx, org, id)
	},
}

// contextIssueFields are the fields of c as the audit trail records them.
func contextIssueFields(c *isms.ContextIssue) []fieldDiff {
	return []fieldDiff{{"ref", nil, c.Ref}, {"title", nil, c.Title}, {"kind", nil, string(c.Kind)},
		{"category", nil, string(c.Category)}, {"description", nil, c.Description}, {"effect", nil, string(c.Effect)},
		{"climate", nil, c.Climate}, {"ownerId", nil, string(c.OwnerID)}, {"reviewOn", nil, c.ReviewOn.String()}}
}

// ContextIssueInput is a context issue as a form or the API gives it:
// Kind internal or external, Effect positive or negative, ReviewOn as
// YYYY-MM-DD or empty, OwnerID a member's user ID or empty. Risks and
// ISMSRisks are the references or IDs of the risks and of the ISMS risks
// and opportunities that arise from the issue; nil leaves those links as
// they are, an empty list removes them.
type ContextIssueInput struct {
	Title, Kind, Category, Description, Effect, OwnerID, ReviewOn string
	Climate                                                       bool
	Risks, ISMSRisks                                              []string
}

// fill applies in to c within tx: it validates every field, checks the
// owner and sets the links, returning the links' changes for the audit
// trail or every problem at once.
func (in ContextIssueInput) fill(ctx context.Context, tx *sqldb.Tx, c *isms.ContextIssue) (isms.Changes, error) {
	p := isms.Problems{}
	owner := c.OwnerID
	c.Title, c.Description, c.Climate = in.Title, in.Description, in.Climate
	c.Kind = isms.ContextKind(contextEnum(in.Kind))
	c.Category = isms.IssueCategory(contextEnum(in.Category))
	c.Effect = isms.IssueEffect(contextEnum(in.Effect))
	c.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	d, err := isms.ParseDate(strings.TrimSpace(in.ReviewOn))
	if err != nil {
		p.Add("reviewOn", "Enter the review date as YYYY-MM-DD, or leave it empty.")
	}
	c.ReviewOn = d
	if err := addProblems(p, c.Validate()); err != nil {
		return nil, err
	}
	if err := checkContextOwner(ctx, tx, c.OrgID, owner, c.OwnerID, &c.OwnerName, p); err != nil {
		return nil, err
	}
	from := isms.Link{Type: objectContextIssue, ID: c.ID}
	return setContextLinks(ctx, tx, c.OrgID, from, p, []contextLinkField{
		{toType: objectRisk, field: "risks", refs: in.Risks},
		{toType: "isms_risk", field: "ismsRisks", refs: in.ISMSRisks},
	})
}

// contextEnum reads a choice as forms and the API send it.
func contextEnum(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkContextOwner checks the owner of a context record, now owner and
// before had: a new owner must be an active member; the owner it already
// had may stay even if their account was disabled since. It sets *name.
func checkContextOwner(ctx context.Context, tx *sqldb.Tx, org, before, owner isms.ID, name *string, p isms.Problems) (err error) {
	*name = ""
	switch {
	case owner == "":
		return nil
	case owner == before:
		u, err := tx.FindUserByID(ctx, owner)
		if err == nil {
			*name = u.Name
		}
		return err
	}
	*name, err = activeMemberName(ctx, tx, org, owner, "ownerId", p)
	return err
}

// contextLinkField is one link field of a form: the references typed for
// records of one type.
type contextLinkField struct {
	toType, field string
	refs          []string // nil leaves the links as they are
}

// setContextLinks sets the links from record from for each field whose
// refs are not nil, collecting every unknown reference in p, and returns
// their changes; with any problem in p it stores nothing and returns p.
func setContextLinks(ctx context.Context, tx *sqldb.Tx, org isms.ID, from isms.Link, p isms.Problems, fields []contextLinkField) (isms.Changes, error) {
	ch := isms.Changes{}
	for _, f := range fields {
		if f.refs == nil {
			continue
		}
		c, err := setRecordLinks(ctx, tx, org, from, f.toType, f.refs, f.field, p)
		if err != nil && isms.ErrorCode(err) != isms.Invalid {
			return nil, err
		}
		for k, v := range c {
			ch[k] = v
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return ch, nil
}

// CreateContextIssue records a context issue under the next free
// reference ("CI-<n>").
func (a *App) CreateContextIssue(ctx context.Context, actor isms.Actor, in ContextIssueInput) (*isms.ContextIssue, error) {
	c := &isms.ContextIssue{ID: isms.NewID("ci"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, contextIssueKind, c, func(tx *sqldb.Tx, c *isms.ContextIssue) (isms.Changes, error) {
		return in.fill(ctx, tx, c)
	})
}

// UpdateContextIssue changes issue id, which the person edited at
// version; a newer stored one is a conflict.
func (a *App) UpdateContextIssue(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ContextIssueInput) (*isms.ContextIssue, error) {
	return updateRecord(ctx, a, actor, contextIssueKind, id, version, func(tx *sqldb.Tx, c *isms.ContextIssue) (isms.Changes, error) {
		return in.fill(ctx, tx, c)
	})
}

// DeleteContextIssue deletes issue id and its links.
func (a *App) DeleteContextIssue(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, contextIssueKind, id, nil)
}

// FindContextIssue returns an issue of the actor's organization by its
// ID or reference.
func (a *App) FindContextIssue(ctx context.Context, actor isms.Actor, idOrRef string) (*isms.ContextIssue, error) {
	k := contextIssueKind
	k.find = func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ContextIssue, error) {
		return findContextIssueByIDOrRef(ctx, tx, org, string(id))
	}
	return findRecord(ctx, a, actor, k, isms.ID(idOrRef))
}

// FindContextIssues returns a page of the issues of the actor's
// organization that f selects, and the total matching.
func (a *App) FindContextIssues(ctx context.Context, actor isms.Actor, f isms.ContextIssueFilter) ([]*isms.ContextIssue, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the context issues."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.ContextIssue
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindContextIssues(ctx, f)
		return err
	})
	return list, total, err
}

// ClimateIssueCount returns how many issues of the actor's organization
// concern climate change: 27001 Amd 1:2024 asks the organization to
// decide whether climate change is a relevant issue.
func (a *App) ClimateIssueCount(ctx context.Context, actor isms.Actor) (int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the context issues."); err != nil {
		return 0, err
	}
	var n int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		n, err = tx.CountClimateIssues(ctx, actor.OrgID)
		return err
	})
	return n, err
}
