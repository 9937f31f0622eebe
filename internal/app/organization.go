// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// CreateOrganization adds an organization to the installation and makes
// adminID (an existing account) its administrator. Only installation
// owners may do it.
func (a *App) CreateOrganization(ctx context.Context, actor isms.Actor, org *isms.Organization, adminID isms.ID) error {
	if err := forbid(actor.Can(isms.ManageInstallation), "Only an installation owner may create organizations."); err != nil {
		return err
	}
	org.Normalize()
	if err := org.Validate(); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.FindUserByID(ctx, adminID); err != nil {
			return isms.Errorf(isms.Invalid, "The first administrator must be an existing account.")
		}
		return createOrganization(ctx, tx, actor, org, adminID)
	})
}

// createOrganization inserts org with adminID as its administrator and
// records both in the installation chain and the new organization's chain.
func createOrganization(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, org *isms.Organization, adminID isms.ID) error {
	org.ID = isms.NewID("org")
	if err := tx.InsertOrganization(ctx, org); err != nil {
		return err
	}
	created := isms.Created(map[string]any{"slug": org.Slug, "name": org.Name})
	if err := audit(ctx, tx, isms.InstallationChain, actor, "organization.create", "organization", org.ID, created); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(org.ID), actor, "organization.create", "organization", org.ID, created); err != nil {
		return err
	}
	m := &isms.Membership{OrgID: org.ID, UserID: adminID, Role: isms.RoleAdmin}
	if err := tx.InsertMembership(ctx, m); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(org.ID), actor, "membership.create", "user", adminID,
		isms.Created(map[string]any{"role": string(isms.RoleAdmin)}))
}

// FindOrganizations lists the installation's organizations; installation
// owners only.
func (a *App) FindOrganizations(ctx context.Context, actor isms.Actor, f isms.OrganizationFilter) ([]*isms.Organization, int, error) {
	if err := forbid(actor.CanReadInstallation(), "Only an installation owner may list every organization."); err != nil {
		return nil, 0, err
	}
	var list []*isms.Organization
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindOrganizations(ctx, f)
		return err
	})
	return list, total, err
}

// FindOrganizationBySlug returns an organization by slug, for operators at
// the command line.
func (a *App) FindOrganizationBySlug(ctx context.Context, actor isms.Actor, slug string) (*isms.Organization, error) {
	if err := forbid(actor.CanReadInstallation(), "Only an installation owner may look up organizations."); err != nil {
		return nil, err
	}
	var o *isms.Organization
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		o, err = tx.FindOrganizationBySlug(ctx, slug)
		return err
	})
	return o, err
}

// OrganizationProfile is the actor's organization with the state of its
// approval.
type OrganizationProfile struct {
	Org *isms.Organization `json:"organization"`
	// Latest is the newest submission of the profile, nil if never submitted.
	Latest *isms.Approval `json:"latestApproval,omitempty"`
	// Approved is the newest approved submission, nil if none.
	Approved *isms.Approval `json:"approvedVersion,omitempty"`
}

// FindOrganizationProfile returns the actor's organization and where its
// profile stands in approval.
func (a *App) FindOrganizationProfile(ctx context.Context, actor isms.Actor) (*OrganizationProfile, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the organization's profile."); err != nil {
		return nil, err
	}
	p := &OrganizationProfile{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if p.Org, err = tx.FindOrganizationByID(ctx, actor.OrgID); err != nil {
			return err
		}
		p.Latest, p.Approved, err = latestApprovals(ctx, tx, actor.OrgID, objectOrganization, actor.OrgID)
		return err
	})
	return p, err
}

// UpdateOrganization changes the actor's organization profile. A profile
// with a pending submission cannot change until it is decided or withdrawn.
func (a *App) UpdateOrganization(ctx context.Context, actor isms.Actor, upd isms.OrganizationUpdate) (*isms.Organization, error) {
	if err := forbid(actor.Can(isms.EditOrgProfile), "You may not edit the organization's profile."); err != nil {
		return nil, err
	}
	var org *isms.Organization
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if org, err = tx.FindOrganizationByIDForUpdate(ctx, actor.OrgID); err != nil {
			return err
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectOrganization, org.ID); err != nil {
			return err
		}
		if upd.Version != org.Version {
			return isms.Errorf(isms.Conflict, "Someone else changed the organization profile while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", upd.Version, org.Version)
		}
		changes := upd.Apply(org)
		if err := org.Validate(); err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateOrganization(ctx, org); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), actor, "organization.update", "organization", org.ID, changes)
	})
	return org, err
}
