// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestInsertOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		o := &isms.Organization{ID: isms.NewID("org"), Slug: "acme", Name: "Acme", LegalName: "Acme Ltd", Description: "Makes anvils."}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertOrganization(ctx, o) })
		want := isms.Organization{ID: o.ID, Slug: "acme", Name: "Acme", LegalName: "Acme Ltd", Description: "Makes anvils.",
			Version: 1, CreatedAt: t0, UpdatedAt: t0}
		if diff := cmp.Diff(want, *o); diff != "" {
			t.Errorf("InsertOrganization() left the organization as (-want +got):\n%s", diff)
		}

		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindOrganizationBySlug(ctx, "acme")
			if err != nil {
				t.Fatalf("FindOrganizationBySlug(acme) = %v", err)
			}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindOrganizationBySlug(acme) mismatch (-want +got):\n%s", diff)
			}
			got, err = tx.FindOrganizationByID(ctx, o.ID)
			if err != nil {
				t.Fatalf("FindOrganizationByID(%s) = %v", o.ID, err)
			}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindOrganizationByID(%s) mismatch (-want +got):\n%s", o.ID, diff)
			}
			_, err = tx.FindOrganizationBySlug(ctx, "nope")
			wantCode(t, "FindOrganizationBySlug(nope)", err, isms.NotFound)
			_, err = tx.FindOrganizationByID(ctx, "org_nope")
			wantCode(t, "FindOrganizationByID(org_nope)", err, isms.NotFound)
			return nil
		})

		dup := &isms.Organization{ID: isms.NewID("org"), Slug: "acme", Name: "Another Acme"}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertOrganization(ctx, dup) })
		wantCode(t, "InsertOrganization(slug acme again)", err, isms.Conflict)
		var e *isms.Error
		if !errors.As(err, &e) || e.Fields["slug"] == "" {
			t.Errorf("InsertOrganization(slug acme again) = %#v, want a problem for field slug", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			if n, err := tx.CountOrganizations(ctx); n != 1 || err != nil {
				t.Errorf("CountOrganizations() = %d, %v, want 1, nil", n, err)
			}
			return nil
		})
	})
}

func TestUpdateOrganizationRefusesAStaleVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		o := insertOrg(t, db, "acme", "Acme")
		t1 := clk.Advance(time.Hour)

		mine, theirs := *o, *o // both read at version 1
		mine.Name, mine.Description = "Acme Group", "Anvils and more."
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateOrganization(ctx, &mine) })
		if mine.Version != 2 || !mine.UpdatedAt.Equal(t1) {
			t.Errorf("UpdateOrganization() left version %d, updated %v, want 2, %v", mine.Version, mine.UpdatedAt, t1)
		}

		clk.Advance(time.Hour)
		theirs.Name = "Acme Anvils"
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateOrganization(ctx, &theirs) })
		wantCode(t, "UpdateOrganization(stale version 1)", err, isms.Conflict)
		if theirs.Version != 1 {
			t.Errorf("UpdateOrganization(stale version 1) changed the version to %d, want 1", theirs.Version)
		}

		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindOrganizationByID(ctx, o.ID)
			if err != nil {
				t.Fatalf("FindOrganizationByID() = %v", err)
			}
			want := isms.Organization{ID: o.ID, Slug: "acme", Name: "Acme Group", Description: "Anvils and more.",
				Version: 2, CreatedAt: t0, UpdatedAt: t1}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindOrganizationByID() after a refused stale update (-want +got):\n%s", diff)
			}
			return nil
		})
	})
}

func TestFindOrganizations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		// Created in this order, which is neither name nor slug order.
		for _, o := range []struct{ slug, name string }{
			{"delta", "Delta 1000 Inc"},
			{"acme", "Acme Corp"},
			{"gamma", "Gamma 100% Ltd"},
			{"beta", "Beta GmbH"},
			{"zeta-epsilon", "Epsilon Ltd"},
		} {
			insertOrg(t, db, o.slug, o.name)
			clk.Advance(time.Minute)
		}
		byName := []string{"acme", "beta", "delta", "zeta-epsilon", "gamma"}
		tests := []struct {
			name      string
			f         isms.OrganizationFilter
			want      []string // slugs
			wantTotal int
		}{
			{"no filter lists every organization by name", isms.OrganizationFilter{}, byName, 5},
			{"-name sorts by name descending", isms.OrganizationFilter{Sort: "-name"}, []string{"gamma", "zeta-epsilon", "delta", "beta", "acme"}, 5},
			{"slug sorts by slug", isms.OrganizationFilter{Sort: "slug"}, []string{"acme", "beta", "delta", "gamma", "zeta-epsilon"}, 5},
			{"created sorts oldest first", isms.OrganizationFilter{Sort: "created"}, []string{"delta", "acme", "gamma", "beta", "zeta-epsilon"}, 5},
			{"-created sorts newest first", isms.OrganizationFilter{Sort: "-created"}, []string{"zeta-epsilon", "beta", "gamma", "acme", "delta"}, 5},
			{"an unknown sort falls back to name", isms.OrganizationFilter{Sort: "hashed_password"}, byName, 5},
			{"search ignores case in the name", isms.OrganizationFilter{Search: "ACME"}, []string{"acme"}, 1},
			{"search matches the slug", isms.OrganizationFilter{Search: "zeta"}, []string{"zeta-epsilon"}, 1},
			{"search finds a plain substring", isms.OrganizationFilter{Search: "100"}, []string{"delta", "gamma"}, 2},
			{"search takes % literally", isms.OrganizationFilter{Search: "100%"}, []string{"gamma"}, 1},
			{"search takes _ literally", isms.OrganizationFilter{Search: "_"}, nil, 0},
			{"a page has Limit rows from Offset and the full total", isms.OrganizationFilter{Limit: 2, Offset: 1}, []string{"beta", "delta"}, 5},
			{"a page past the end is empty but keeps the total", isms.OrganizationFilter{Offset: 10}, nil, 5},
			{"the total of a search counts every match, not the page", isms.OrganizationFilter{Search: "ltd", Limit: 1}, []string{"zeta-epsilon"}, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				view(t, db, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindOrganizations(ctx, tt.f)
					if err != nil {
						t.Fatalf("FindOrganizations(%+v) = %v", tt.f, err)
					}
					var got []string
					for _, o := range list {
						got = append(got, o.Slug)
					}
					if diff := cmp.Diff(tt.want, got); diff != "" || total != tt.wantTotal {
						t.Errorf("FindOrganizations(%+v) = %v, total %d, want %v, total %d", tt.f, got, total, tt.want, tt.wantTotal)
					}
					return nil
				})
			})
		}
	})
}
