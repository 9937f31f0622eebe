// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// DemoSize selects how much demo data to generate.
type DemoSize string

// The demo sizes: a believable small company, and a large organization for
// benchmarks (docs/performance.md).
const (
	DemoSmall DemoSize = "small"
	DemoLarge DemoSize = "large"
)

// DemoPassword is the password of every demo account. Demo installations
// are for trying the product, never for real records.
const DemoPassword = "demo-password-2026"

// DemoResult tells what LoadDemo did and how to sign in.
type DemoResult struct {
	Loaded     bool // false when the organization already existed
	OrgName    string
	OrgSlug    string
	AdminEmail string
	Users      int
	Events     int
}

// demoPerson is one demo member.
type demoPerson struct {
	name, email string
	role        isms.Role
}

var demoPeople = []demoPerson{
	{"Dana Whitfield", "admin@demo.example", isms.RoleAdmin},
	{"Marco Reyes", "ciso@demo.example", isms.RoleManager},
	{"Priya Natarajan", "isms.manager@demo.example", isms.RoleManager},
	{"Tomás Lindqvist", "it.lead@demo.example", isms.RoleContributor},
	{"Hannah Okafor", "hr.lead@demo.example", isms.RoleContributor},
	{"Jules Bernard", "facilities@demo.example", isms.RoleContributor},
	{"Aiko Tanaka", "internal.auditor@demo.example", isms.RoleAuditor},
	{"Sam Kowalski", "board@demo.example", isms.RoleViewer},
	{"Lena Fischer", "developer@demo.example", isms.RoleEmployee},
	{"Omar Haddad", "support@demo.example", isms.RoleEmployee},
}

// LoadDemo fills the installation with the demo organization "Northwind
// Analytics" of the given size, unless an organization with its slug
// exists. progress, if not nil, receives one line per step.
func (a *App) LoadDemo(ctx context.Context, size DemoSize, progress func(string)) (*DemoResult, error) {
	if progress == nil {
		progress = func(string) {}
	}
	if size != DemoSmall && size != DemoLarge {
		return nil, isms.Errorf(isms.Invalid, "Demo size must be small or large.")
	}
	res := &DemoResult{OrgName: "Northwind Analytics", OrgSlug: "northwind", AdminEmail: demoPeople[0].email}
	if size == DemoLarge {
		res.OrgName, res.OrgSlug, res.AdminEmail = "Large Demo Corporation", "large", "admin@large.example"
	}
	var exists bool
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.FindOrganizationBySlug(ctx, res.OrgSlug)
		exists = err == nil
		if isms.ErrorCode(err) == isms.NotFound {
			return nil
		}
		return err
	})
	if err != nil || exists {
		return res, err
	}
	progress(fmt.Sprintf("loading the %s demo organization %q", size, res.OrgName))
	hashed := hashPassword(DemoPassword, a.opts.PasswordCost)
	people := demoPeople
	if size == DemoLarge {
		people = largePeople()
	}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return a.loadDemoPeople(ctx, tx, res, people, hashed, progress)
	})
	if err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	res.Loaded = true
	return res, nil
}

// loadDemoPeople creates the organization, its accounts and memberships.
func (a *App) loadDemoPeople(ctx context.Context, tx *sqldb.Tx, res *DemoResult, people []demoPerson, hashed string, progress func(string)) error {
	sys := isms.Actor{Name: "demo loader", System: true}
	users := make([]*isms.User, len(people))
	for i, p := range people {
		u := &isms.User{ID: isms.NewID("user"), Email: p.email, Name: p.name, Owner: i == 0}
		existing, _, err := tx.FindUserByEmail(ctx, u.Email)
		if err == nil {
			u = existing
		} else if isms.ErrorCode(err) != isms.NotFound {
			return err
		} else if err := tx.InsertUser(ctx, u, hashed); err != nil {
			return err
		}
		users[i] = u
	}
	org := &isms.Organization{Slug: res.OrgSlug, Name: res.OrgName, LegalName: res.OrgName + " Ltd",
		Description: "Builds analytics software for mid-sized retailers; 180 staff in two offices, production hosted on a public cloud. The ISMS covers product development, operations and customer support."}
	if err := createOrganization(ctx, tx, sys, org, users[0].ID); err != nil {
		return err
	}
	for i, u := range users[1:] {
		m := &isms.Membership{OrgID: org.ID, UserID: u.ID, Role: people[i+1].role}
		if err := tx.InsertMembership(ctx, m); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(org.ID), sys, "membership.create", "user", u.ID,
			isms.Created(map[string]any{"role": string(m.Role), "email": u.Email})); err != nil {
			return err
		}
		if (i+1)%1000 == 0 {
			progress(fmt.Sprintf("  %d of %d members", i+1, len(users)))
		}
	}
	res.Users = len(users)
	return nil
}

// largePeople returns the members of the large demo organization: 2,000
// people across every role.
func largePeople() []demoPerson {
	out := []demoPerson{{"Large Admin", "admin@large.example", isms.RoleAdmin}}
	roles := []isms.Role{isms.RoleManager, isms.RoleContributor, isms.RoleContributor, isms.RoleAuditor, isms.RoleViewer,
		isms.RoleEmployee, isms.RoleEmployee, isms.RoleEmployee, isms.RoleEmployee, isms.RoleEmployee}
	for i := 1; i < 2000; i++ {
		out = append(out, demoPerson{fmt.Sprintf("Person %04d", i), fmt.Sprintf("person%04d@large.example", i), roles[i%len(roles)]})
	}
	return out
}
