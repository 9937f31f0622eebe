// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Controls are the organization's own measures. Whoever holds
// isms.EditControls creates, edits and deletes them and links them to
// requirements (control_link.go); whoever reads the ISMS sees them.

// objectControl is the object type of controls in the audit trail and in
// links.
const objectControl = "control"

func init() {
	linkables[objectControl] = linkable{
		label: "control",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			c, err := findControlByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return c.ID, "Control " + c.Ref + ": " + c.Title, nil
		},
	}
}

// findControlByIDOrRef returns a control by its ID or, failing that, its
// reference ("C-12").
func findControlByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Control, error) {
	return byIDOrRef(ctx, org, s, tx.FindControlByID, tx.FindControlByRef)
}

// ControlInput is a control as a form or the API gives it: every field as
// text. An empty Ref takes the next free "C-<n>"; an empty Status is
// planned; ReviewMonths "" is no review cycle; NextReview is YYYY-MM-DD
// or empty.
type ControlInput struct {
	Ref, Title, Description, OwnerID, Status, Notes, ReviewMonths, NextReview string
}

// apply sets the fields of c from in, recording what cannot be read in p.
func (in ControlInput) apply(c *isms.Control, p isms.Problems) {
	c.Ref, c.Title, c.Description, c.Notes = in.Ref, in.Title, in.Description, in.Notes
	c.OwnerID, c.Status = isms.ID(strings.TrimSpace(in.OwnerID)), isms.ControlStatus(strings.TrimSpace(in.Status))
	if c.Status == "" {
		c.Status = isms.ControlPlanned
	}
	c.ReviewMonths = 0
	if s := strings.TrimSpace(in.ReviewMonths); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			p.Add("reviewMonths", "Enter the review frequency as a whole number of months.")
		}
		c.ReviewMonths = n
	}
	c.NextReview = isms.Date{}
	if s := strings.TrimSpace(in.NextReview); s != "" {
		d, err := isms.ParseDate(s)
		if err != nil {
			p.Add("nextReview", "Enter the next review date as YYYY-MM-DD.")
		}
		c.NextReview = d
	}
	c.Normalize()
}

// checkControl checks c and its owner, adding to p, and returns every
// problem at once.
func checkControl(ctx context.Context, tx *sqldb.Tx, c *isms.Control, p isms.Problems) error {
	c.OwnerName = ""
	if c.OwnerID != "" {
		name, err := activeMemberName(ctx, tx, c.OrgID, c.OwnerID, "owner", p)
		if err != nil {
			return err
		}
		c.OwnerName = name
	}
	return mergeProblems(p, c.Validate())
}

// CreateControl adds a control to the actor's organization.
func (a *App) CreateControl(ctx context.Context, actor isms.Actor, in ControlInput) (*isms.Control, error) {
	if err := forbid(actor.Can(isms.EditControls), "You may not create controls."); err != nil {
		return nil, err
	}
	c := &isms.Control{ID: isms.NewID("ctl"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	p := isms.Problems{}
	in.apply(c, p)
	if c.ReviewMonths > 0 && c.NextReview.IsZero() && p["nextReview"] == "" {
		c.NextReview = a.today().AddDate(0, c.ReviewMonths, 0) // a cycle starts today
	}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if c.Ref == "" {
			if c.Ref, err = nextControlRef(ctx, tx, actor.OrgID); err != nil {
				return err
			}
		} else if err := refTaken(ctx, tx, actor.OrgID, c.Ref, "", p); err != nil {
			return err
		}
		if err := checkControl(ctx, tx, c, p); err != nil {
			return err
		}
		if err := tx.InsertControl(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "control.create", objectControl, c.ID, controlCreated(c))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// nextControlRef returns "C-<n>" with n one more than the largest number
// of the organization's "C-" references.
func nextControlRef(ctx context.Context, tx *sqldb.Tx, org isms.ID) (string, error) {
	n, err := tx.MaxControlNumber(ctx, org, "C-")
	if err != nil {
		return "", err
	}
	return "C-" + strconv.Itoa(n+1), nil
}

// refTaken records a problem when another control than self has ref.
func refTaken(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string, self isms.ID, p isms.Problems) error {
	return checkRefFree(ctx, org, ref, self, p, tx.FindControlByRef, func(c *isms.Control) (isms.ID, string) { return c.ID, c.Title })
}

// controlCreated is the audit record of a new control.
func controlCreated(c *isms.Control) isms.Changes {
	fields := map[string]any{"ref": c.Ref, "title": c.Title, "status": string(c.Status)}
	for k, v := range map[string]string{"description": c.Description, "owner": c.OwnerName, "notes": c.Notes,
		"nextReview": c.NextReview.String()} {
		if v != "" {
			fields[k] = v
		}
	}
	if c.ReviewMonths > 0 {
		fields["reviewMonths"] = c.ReviewMonths
	}
	return isms.Created(fields)
}

// UpdateControl changes a control's fields. version is the version the
// person edited; a newer stored one is a conflict.
func (a *App) UpdateControl(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ControlInput) (*isms.Control, error) {
	if err := forbid(actor.Can(isms.EditControls), "You may not edit controls."); err != nil {
		return nil, err
	}
	var c *isms.Control
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if c, err = tx.FindControlByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if c.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this control while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", version, c.Version)
		}
		before := *c
		p := isms.Problems{}
		if strings.TrimSpace(in.Ref) == "" {
			in.Ref = before.Ref
		}
		in.apply(c, p)
		if err := refTaken(ctx, tx, actor.OrgID, c.Ref, c.ID, p); err != nil {
			return err
		}
		if err := checkControl(ctx, tx, c, p); err != nil {
			return err
		}
		changes := controlChanges(&before, c)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateControl(ctx, c, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "control.update", objectControl, c.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// controlChanges returns what changed between two versions of a control.
func controlChanges(b, c *isms.Control) isms.Changes {
	ch := isms.Changes{}
	for _, f := range []struct {
		name          string
		before, after any
	}{
		{"ref", b.Ref, c.Ref}, {"title", b.Title, c.Title}, {"description", b.Description, c.Description},
		{"owner", b.OwnerName, c.OwnerName}, {"status", string(b.Status), string(c.Status)}, {"notes", b.Notes, c.Notes},
		{"reviewMonths", b.ReviewMonths, c.ReviewMonths}, {"nextReview", b.NextReview.String(), c.NextReview.String()},
	} {
		if f.before != f.after {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	if b.OwnerID != c.OwnerID && ch["owner"] == (isms.Change{}) {
		ch["owner"] = isms.Change{Before: string(b.OwnerID), After: string(c.OwnerID)}
	}
	return ch
}

// DeleteControl deletes a control and its requirement links.
func (a *App) DeleteControl(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.EditControls), "You may not delete controls."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := tx.FindControlByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteControl(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if err := tx.DeleteRecordLinks(ctx, actor.OrgID, isms.Link{Type: objectControl, ID: c.ID}); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "control.delete", objectControl, c.ID,
			isms.Changes{"ref": {Before: c.Ref}, "title": {Before: c.Title}, "status": {Before: string(c.Status)}})
	})
}

// FindControls lists the controls of the actor's organization.
func (a *App) FindControls(ctx context.Context, actor isms.Actor, f isms.ControlFilter) ([]*isms.Control, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read controls."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.Control
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindControls(ctx, f)
		return err
	})
	return list, total, err
}

// ControlDetail is a control with its requirement links, confirmed ones
// first.
type ControlDetail struct {
	Control *isms.Control
	Links   []isms.ControlLink
}

// FindControl returns a control, by ID or reference, with its links.
func (a *App) FindControl(ctx context.Context, actor isms.Actor, idOrRef string) (*ControlDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read controls."); err != nil {
		return nil, err
	}
	d := &ControlDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Control, err = findControlByIDOrRef(ctx, tx, actor.OrgID, idOrRef); err != nil {
			return err
		}
		d.Links, err = tx.ControlLinksOf(ctx, actor.OrgID, d.Control.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find control %s: %w", idOrRef, err)
	}
	sort.SliceStable(d.Links, func(i, j int) bool { return !d.Links[i].Inferred && d.Links[j].Inferred })
	return d, nil
}
