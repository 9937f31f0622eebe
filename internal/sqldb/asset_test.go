// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// newAsset returns an unsaved information asset of org.
func newAsset(org *isms.Organization, ref string) *isms.Asset {
	return &isms.Asset{ID: isms.NewID("ast"), OrgID: org.ID, Ref: ref, Name: "Asset " + ref, Type: isms.AssetInformation}
}

func findAssets(t *testing.T, db *sqldb.DB, f isms.AssetFilter) ([]string, int) {
	t.Helper()
	var list []*isms.Asset
	var total int
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindAssets(context.Background(), f)
		return err
	})
	return assetRefs(list), total
}

// assetRefs returns the references of as, in order.
func assetRefs(as []*isms.Asset) []string {
	refs := []string{}
	for _, a := range as {
		refs = append(refs, a.Ref)
	}
	return refs
}

func TestAssetStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		site, srv, db1 := newAsset(org, "AS-1"), newAsset(org, "AS-2"), newAsset(org, "AS-3")
		site.Name, site.Type = "Head office", isms.AssetSite
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAssets(ctx, []*isms.Asset{site, srv}) })
		db1.Name, db1.Description, db1.OwnerID, db1.Classification = "Customer database", "All customers", ann.ID, isms.ClassConfidential
		db1.C, db1.I, db1.A, db1.Location, db1.ParentID, db1.CreatedBy = 5, 4, 3, "Rack 2", site.ID, ann.ID
		db1.Dependencies = []isms.ID{srv.ID, site.ID, srv.ID}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAsset(ctx, db1) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindAssetByRef(ctx, org.ID, "AS-3")
			if err != nil {
				return err
			}
			want := *db1
			want.OwnerName, want.ParentName, want.Dependencies = "Ann", "Head office", []isms.ID{site.ID, srv.ID}
			if d := cmp.Diff(&want, got); d != "" {
				t.Errorf("FindAssetByRef (-want +got):\n%s", d)
			}
			_, err = tx.FindAssetByID(ctx, other.ID, db1.ID)
			wantCode(t, "FindAssetByID(another organization)", err, isms.NotFound)
			_, err = tx.FindAssetByRef(ctx, other.ID, "AS-3")
			wantCode(t, "FindAssetByRef(another organization)", err, isms.NotFound)
			deps, err := tx.AssetDependents(ctx, org.ID, srv.ID)
			if d := cmp.Diff([]string{"AS-3"}, assetRefs(deps)); d != "" || err != nil {
				t.Errorf("AssetDependents(AS-2) (-want +got):\n%s%v", d, err)
			}
			if n, err := tx.CountAssetChildren(ctx, org.ID, site.ID); n != 1 || err != nil {
				t.Errorf("CountAssetChildren(AS-1) = %d, %v; want 1", n, err)
			}
			if n, err := tx.MaxAssetNumber(ctx, org.ID); n != 3 || err != nil {
				t.Errorf("MaxAssetNumber = %d, %v; want 3", n, err)
			}
			byIDs, err := tx.FindAssetsByIDs(ctx, org.ID, []isms.ID{db1.ID, site.ID, "ast_unknown"})
			if d := cmp.Diff([]string{"AS-1", "AS-3"}, assetRefs(byIDs)); d != "" || err != nil {
				t.Errorf("FindAssetsByIDs (-want +got):\n%s%v", d, err)
			}
			byIDs, err = tx.FindAssetsByIDs(ctx, other.ID, []isms.ID{db1.ID})
			if len(byIDs) != 0 || err != nil {
				t.Errorf("FindAssetsByIDs(another organization) = %v, %v; want none", assetRefs(byIDs), err)
			}
			return nil
		})
		for _, dup := range []func(tx *sqldb.Tx) error{
			func(tx *sqldb.Tx) error { return tx.InsertAsset(ctx, newAsset(org, "AS-1")) },
			func(tx *sqldb.Tx) error { return tx.InsertAssets(ctx, []*isms.Asset{newAsset(org, "AS-2")}) },
		} {
			wantCode(t, "insert of a taken reference", db.Update(ctx, dup), isms.Conflict)
		}

		db1.Ref, db1.Dependencies, db1.ParentID, db1.OwnerID = "AS-30", []isms.ID{site.ID}, "", ""
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateAsset(ctx, db1, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateAsset(ctx, db1, 1) })
		wantCode(t, "UpdateAsset(stale version)", err, isms.Conflict)
		srv.Ref = "AS-1"
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateAsset(ctx, srv, 1) })
		wantCode(t, "UpdateAsset(taken reference)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindAssetByID(ctx, org.ID, db1.ID)
			if err != nil || got.Version != 2 || got.ParentID != "" || got.OwnerID != "" || !cmp.Equal(got.Dependencies, []isms.ID{site.ID}) {
				t.Errorf("after UpdateAsset: %+v, %v", got, err)
			}
			if n, _ := tx.MaxAssetNumber(ctx, org.ID); n != 30 {
				t.Errorf("MaxAssetNumber after renumbering = %d, want 30", n)
			}
			return nil
		})

		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteAsset(ctx, other.ID, site.ID) })
		wantCode(t, "DeleteAsset(another organization)", err, isms.NotFound)
		r := newRisk(org, "R-1")
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertRisk(ctx, r); err != nil {
				return err
			}
			return tx.SetRiskAssets(ctx, org.ID, r.ID, []isms.ID{site.ID, db1.ID})
		})
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteAsset(ctx, org.ID, site.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindAssetByID(ctx, org.ID, db1.ID)
			if err != nil || len(got.Dependencies) != 0 || got.Risks != 1 {
				t.Errorf("AS-30 after deleting AS-1: %+v, %v; want no dependencies and one risk", got, err)
			}
			return nil
		})
	})
}

func TestFindAssetsFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		bob := insertUser(t, db, "bob@example.com", "Bob")
		types := []isms.AssetType{isms.AssetInformation, isms.AssetSoftware, isms.AssetHardware}
		var as []*isms.Asset
		for i := 1; i <= 12; i++ {
			a := newAsset(org, fmt.Sprintf("AS-%d", i))
			a.Name, a.Type = fmt.Sprintf("%c asset", 'm'-i), types[i%3]
			switch {
			case i%4 == 0:
				a.OwnerID, a.Classification = ann.ID, isms.ClassRestricted
			case i%4 == 1:
				a.OwnerID = bob.ID
			}
			if i > 1 && i <= 4 {
				a.ParentID = as[0].ID
			}
			as = append(as, a)
		}
		as[10].Location = "Data centre 100%"
		r := newRisk(org, "R-1")
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertAssets(ctx, append(as, newAsset(other, "AS-1"))); err != nil {
				return err
			}
			if err := tx.InsertRisk(ctx, r); err != nil {
				return err
			}
			return tx.InsertRiskLinks(ctx, org.ID, [][2]isms.ID{{r.ID, as[4].ID}, {r.ID, as[1].ID}}, nil)
		})
		for _, c := range []struct {
			name  string
			f     isms.AssetFilter
			want  []string
			total int
		}{
			{"by reference", isms.AssetFilter{Limit: 3}, []string{"AS-1", "AS-2", "AS-3"}, 12},
			{"second page", isms.AssetFilter{Limit: 3, Offset: 9}, []string{"AS-10", "AS-11", "AS-12"}, 12},
			{"by reference descending", isms.AssetFilter{Sort: "-ref", Limit: 2}, []string{"AS-12", "AS-11"}, 12},
			{"by name", isms.AssetFilter{Sort: "name", Limit: 2}, []string{"AS-12", "AS-11"}, 12},
			{"by type", isms.AssetFilter{Sort: "type", Limit: 4}, []string{"AS-2", "AS-5", "AS-8", "AS-11"}, 12},
			{"by owner", isms.AssetFilter{Sort: "-owner", Limit: 3}, []string{"AS-9", "AS-5", "AS-1"}, 12},
			{"by classification", isms.AssetFilter{Sort: "-classification", Limit: 3}, []string{"AS-12", "AS-8", "AS-4"}, 12},
			{"unknown sort", isms.AssetFilter{Sort: "size; DROP TABLE assets", Limit: 1}, []string{"AS-1"}, 12},
			{"search", isms.AssetFilter{Search: "as-1"}, []string{"AS-1", "AS-10", "AS-11", "AS-12"}, 4},
			{"search escapes wildcards", isms.AssetFilter{Search: "100%"}, []string{"AS-11"}, 1},
			{"type", isms.AssetFilter{Type: isms.AssetSoftware}, []string{"AS-1", "AS-4", "AS-7", "AS-10"}, 4},
			{"owner", isms.AssetFilter{OwnerID: ann.ID}, []string{"AS-4", "AS-8", "AS-12"}, 3},
			{"classification", isms.AssetFilter{Classification: isms.ClassRestricted}, []string{"AS-4", "AS-8", "AS-12"}, 3},
			{"parent", isms.AssetFilter{ParentID: as[0].ID}, []string{"AS-2", "AS-3", "AS-4"}, 3},
			{"risk", isms.AssetFilter{RiskID: r.ID}, []string{"AS-2", "AS-5"}, 2},
			{"page past the end", isms.AssetFilter{Offset: 12}, []string{}, 12},
		} {
			c.f.OrgID = org.ID
			got, total := findAssets(t, db, c.f)
			if d := cmp.Diff(c.want, got); d != "" || total != c.total {
				t.Errorf("%s: total %d, want %d; refs (-want +got):\n%s", c.name, total, c.total, d)
			}
		}
		view(t, db, func(tx *sqldb.Tx) error {
			list, _, err := tx.FindAssets(ctx, isms.AssetFilter{OrgID: org.ID, Limit: 2})
			if err != nil || list[0].Risks != 0 || list[1].Risks != 1 || list[1].ParentName != "l asset" || list[0].OwnerName != "Bob" {
				t.Errorf("FindAssets counts and names: %+v, %+v, %v", list[0], list[1], err)
			}
			return nil
		})
	})
}
