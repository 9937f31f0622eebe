// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Resources (27001 7.1) are what the ISMS needs: people's time, budget,
// tools, infrastructure and outside help, with who approved them and
// where each stands. Whoever holds isms.ManagePeople records them;
// whoever reads the ISMS sees them.

// objectResource is the object type of resources in the audit trail.
const objectResource = "resource"

// ResourceInput is a resource as a form or the API gives it: ApprovedOn
// as YYYY-MM-DD or empty; an empty Status is requested.
type ResourceInput struct {
	Title, Kind, Amount, Status, ApprovedBy, ApprovedOn, Notes string
}

// apply sets the fields of r from in, recording what cannot be read in p.
func (in ResourceInput) apply(r *isms.Resource, p isms.Problems) {
	r.Title, r.Amount, r.ApprovedBy, r.Notes = in.Title, in.Amount, in.ApprovedBy, in.Notes
	r.Kind = isms.ResourceKind(strings.ToLower(strings.TrimSpace(in.Kind)))
	r.Status = isms.ResourceStatus(strings.ToLower(strings.TrimSpace(in.Status)))
	if r.Status == "" {
		r.Status = isms.ResourceRequested
	}
	d, err := isms.ParseDate(strings.TrimSpace(in.ApprovedOn))
	if err != nil {
		p.Add("approvedOn", "Enter the approval date as YYYY-MM-DD, or leave it empty.")
	}
	r.ApprovedOn = d
}

// resourceFields are the fields of r as the audit trail records them.
func resourceFields(r *isms.Resource) []fieldDiff {
	return []fieldDiff{{"title", nil, r.Title}, {"kind", nil, string(r.Kind)}, {"amount", nil, r.Amount},
		{"status", nil, string(r.Status)}, {"approvedBy", nil, r.ApprovedBy},
		{"approvedOn", nil, r.ApprovedOn.String()}, {"notes", nil, r.Notes}}
}

// CreateResource records a resource the ISMS needs.
func (a *App) CreateResource(ctx context.Context, actor isms.Actor, in ResourceInput) (*isms.Resource, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not record resources."); err != nil {
		return nil, err
	}
	r := &isms.Resource{ID: isms.NewID("res"), OrgID: actor.OrgID}
	p := isms.Problems{}
	in.apply(r, p)
	if err := mergeProblems(p, r.Validate()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertResource(ctx, r); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "resource.create", objectResource, r.ID, createdSupport(resourceFields(r)))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateResource changes a resource. version is the version the person
// edited; a newer stored one is a conflict.
func (a *App) UpdateResource(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ResourceInput) (*isms.Resource, error) {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not edit resources."); err != nil {
		return nil, err
	}
	var r *isms.Resource
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if r, err = tx.FindResourceByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if r.Version != version {
			return staleConflict("resource", version, r.Version)
		}
		b := resourceFields(r)
		p := isms.Problems{}
		in.apply(r, p)
		if err := mergeProblems(p, r.Validate()); err != nil {
			return err
		}
		f := resourceFields(r)
		for i := range f {
			f[i].before = b[i].after
		}
		changes := diffSupport(f...)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateResource(ctx, r, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "resource.update", objectResource, r.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DeleteResource deletes a resource.
func (a *App) DeleteResource(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManagePeople), "You may not delete resources."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindResourceByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteResource(ctx, actor.OrgID, r.ID); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "resource.delete", objectResource, r.ID,
			isms.Changes{"title": {Before: r.Title}, "status": {Before: string(r.Status)}})
	})
}

// FindResources lists the organization's resources, all or those with
// status, sorted by sort ("title", "kind", "status", "approvedOn"; "-"
// for descending).
func (a *App) FindResources(ctx context.Context, actor isms.Actor, status isms.ResourceStatus, sort string, limit, offset int) ([]*isms.Resource, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see resources."); err != nil {
		return nil, 0, err
	}
	var list []*isms.Resource
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindResources(ctx, actor.OrgID, status, sort, limit, offset)
		return err
	})
	return list, total, err
}

// FindResource returns one resource of the actor's organization.
func (a *App) FindResource(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Resource, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see resources."); err != nil {
		return nil, err
	}
	var r *isms.Resource
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		r, err = tx.FindResourceByID(ctx, actor.OrgID, id)
		return err
	})
	return r, err
}
