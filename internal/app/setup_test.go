// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// setupInput is a valid setup form for token.
func setupInput(token string) app.SetupInput {
	return app.SetupInput{Token: token, OrgName: "Acme", OrgSlug: "acme", Name: "Olivia Owner",
		Email: "Olivia@Example.com", Password: password}
}

func TestSetupCreatesTheOwnerAndTheFirstOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newClock()
		a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		if need, err := a.NeedsSetup(ctx); err != nil || !need {
			t.Fatalf("NeedsSetup() on an empty installation = %v, %v; want true, nil", need, err)
		}
		token, err := a.NewSetupToken(ctx)
		if err != nil || token == "" {
			t.Fatalf("NewSetupToken() = %q, %v; want a token, nil", token, err)
		}
		if err := a.CheckSetupToken(ctx, token); err != nil {
			t.Errorf("CheckSetupToken(token) = %v, want nil", err)
		}

		_, _, err = a.Setup(ctx, setupInput("wrong token"), clientAddr)
		wantCode(t, "Setup(wrong token)", err, isms.NotFound)

		id, s, err := a.Setup(ctx, setupInput(token), clientAddr)
		if err != nil {
			t.Fatalf("Setup(token) = %v, want nil", err)
		}
		st, err := a.Authenticate(ctx, id)
		if err != nil {
			t.Fatalf("Authenticate(setup session) = %v, want nil", err)
		}
		if s.UserID != st.User.ID || st.User.Email != "olivia@example.com" || !st.User.Owner || st.User.MustChangePassword {
			t.Errorf("Setup() user = %+v, want the owner olivia@example.com who chose her password", st.User)
		}
		if st.Org == nil || st.Org.Slug != "acme" || st.Org.Name != "Acme" || st.Actor.Role != isms.RoleAdmin || !st.Actor.Owner {
			t.Errorf("Setup() actor = %+v in %v, want the owner as admin of acme", st.Actor, st.Org)
		}
		if need, _ := a.NeedsSetup(ctx); need {
			t.Errorf("NeedsSetup() after Setup = true, want false")
		}

		// The owner signs in with the chosen password.
		if _, _, err := a.SignIn(ctx, "olivia@example.com", password, clientAddr); err != nil {
			t.Errorf("SignIn(owner) after Setup = %v, want nil", err)
		}

		// The token works once.
		checkSetupTokenUsed(t, ctx, a, token)

		// The installation chain and the organization's chain record it.
		checkSetupAudited(t, ctx, db, st.Org.ID)
	})
}

// checkSetupTokenUsed checks that token, used by a successful Setup, works
// no more, and that no new token can be made.
func checkSetupTokenUsed(t *testing.T, ctx context.Context, a *app.App, token string) {
	err := a.CheckSetupToken(ctx, token)
	wantCode(t, "CheckSetupToken(used token)", err, isms.NotFound)
	in := setupInput(token)
	in.OrgSlug, in.Email = "other", "other@example.com"
	_, _, err = a.Setup(ctx, in, clientAddr)
	if code := isms.ErrorCode(err); code != isms.NotFound && code != isms.Conflict {
		t.Errorf("Setup(used token) = %v, want not_found or conflict", err)
	}
	_, err = a.NewSetupToken(ctx)
	wantCode(t, "NewSetupToken() after Setup", err, isms.Conflict)
}

// checkSetupAudited checks the events that Setup recorded in the
// installation chain and in the chain of the organization orgID.
func checkSetupAudited(t *testing.T, ctx context.Context, db *sqldb.DB, orgID isms.ID) {
	var inst, org []*isms.AuditEvent
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		if err := tx.WalkAuditChain(ctx, isms.InstallationChain, func(e *isms.AuditEvent) bool { c := *e; inst = append(inst, &c); return true }); err != nil {
			return err
		}
		return tx.WalkAuditChain(ctx, string(orgID), func(e *isms.AuditEvent) bool { c := *e; org = append(org, &c); return true })
	})
	if err != nil {
		t.Fatalf("WalkAuditChain: %v", err)
	}
	if diff := cmp.Diff([]string{"installation.setup", "organization.create", "user.sign_in", "user.sign_in"}, actions(inst)); diff != "" {
		t.Errorf("installation chain after Setup mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"organization.create", "membership.create"}, actions(org)); diff != "" {
		t.Errorf("organization chain after Setup mismatch (-want +got):\n%s", diff)
	}
}

func TestSetupReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newClock()
		a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		token, err := a.NewSetupToken(ctx)
		if err != nil {
			t.Fatalf("NewSetupToken() = %v, want nil", err)
		}
		bad := app.SetupInput{Token: token, OrgName: " ", OrgSlug: "-Acme-", Name: "", Email: "olivia at example", Password: "short"}
		_, _, err = a.Setup(ctx, bad, clientAddr)
		wantFields(t, "Setup(everything wrong)", err, isms.Invalid, "orgName", "orgSlug", "name", "email", "password")
		// A refused setup keeps the token and creates nothing.
		if need, _ := a.NeedsSetup(ctx); !need {
			t.Errorf("NeedsSetup() after a refused Setup = false, want true")
		}
		if _, _, err := a.Setup(ctx, setupInput(token), clientAddr); err != nil {
			t.Errorf("Setup(token) after a refused Setup = %v, want nil", err)
		}
	})
}

func TestNewSetupTokenReplacesTheEarlierOne(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		old, err1 := a.NewSetupToken(ctx)
		current, err2 := a.NewSetupToken(ctx)
		if err1 != nil || err2 != nil || old == current {
			t.Fatalf("NewSetupToken() twice = %q, %v, %q, %v; want two different tokens", old, err1, current, err2)
		}
		_, _, err := a.Setup(ctx, setupInput(old), clientAddr)
		wantCode(t, "Setup(replaced token)", err, isms.NotFound)
		if _, _, err := a.Setup(ctx, setupInput(current), clientAddr); err != nil {
			t.Errorf("Setup(current token) = %v, want nil", err)
		}
	})
}

func TestTheSetupTokenWorksOnceEvenUnderConcurrency(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for round := range 5 {
			if round > 0 { // every round needs an installation that is not set up
				if db.Dialect() == sqldb.Postgres {
					db = sqldbtest.Open(t, sqldbtest.FreshSchema(t))
				} else {
					db = sqldbtest.Open(t, sqldbtest.SQLiteURL(t))
				}
			}
			a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
			token, err := a.NewSetupToken(ctx)
			if err != nil {
				t.Fatalf("NewSetupToken() = %v, want nil", err)
			}
			var errs [8]error
			var fns []func()
			for i := range errs {
				fns = append(fns, func() {
					in := setupInput(token)
					in.OrgSlug, in.Email = fmt.Sprintf("acme-%d", i), fmt.Sprintf("owner%d@example.com", i)
					_, _, errs[i] = a.Setup(ctx, in, clientAddr)
				})
			}
			race(fns...)
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: 8 concurrent Setup(token) calls: %d succeeded (%v), want exactly 1", round, ok, errs)
			}
		}
	})
}
