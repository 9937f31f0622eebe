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

// newFramework stores a framework of org with key and a small tree: two
// groups "G1" and "G2" with two assessable controls each ("G1.1" …).
func newFramework(t *testing.T, db *sqldb.DB, org *isms.Organization, key string) (*isms.Framework, []*isms.Requirement) {
	t.Helper()
	f := &isms.Framework{ID: isms.NewID("fwk"), OrgID: org.ID, Key: key, Name: "Framework " + key, Edition: "2025",
		Source: isms.SourceYAML, SourceFile: key + ".yaml", SHA256: "sha-" + key}
	var rs []*isms.Requirement
	for g := 1; g <= 2; g++ {
		group := &isms.Requirement{ID: isms.NewID("req"), OrgID: org.ID, FrameworkID: f.ID, Ref: fmt.Sprintf("G%d", g),
			Title: fmt.Sprintf("Group %d", g), Kind: isms.KindGroup, Position: len(rs), GroupRef: fmt.Sprintf("G%d", g)}
		rs = append(rs, group)
		for c := 1; c <= 2; c++ {
			rs = append(rs, &isms.Requirement{ID: isms.NewID("req"), OrgID: org.ID, FrameworkID: f.ID, ParentID: group.ID,
				Ref: fmt.Sprintf("G%d.%d", g, c), Title: fmt.Sprintf("Control %d of group %d", c, g),
				Description: "Keep the thing safe.", Kind: isms.KindControl, Assessable: true,
				Attributes: isms.Attributes{"type": {fmt.Sprintf("Type%d", c)}}, Position: len(rs), Depth: 1, GroupRef: group.Ref})
		}
	}
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertFramework(context.Background(), f); err != nil {
			return err
		}
		return tx.InsertRequirements(context.Background(), rs)
	})
	return f, rs
}

func findRequirements(t *testing.T, db *sqldb.DB, f isms.RequirementFilter) ([]string, int) {
	t.Helper()
	var list []*isms.Requirement
	var total int
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindRequirements(context.Background(), f)
		return err
	})
	refs := []string{}
	for _, r := range list {
		refs = append(refs, r.Ref)
	}
	return refs, total
}

// checkFrameworkReads checks what the framework reads return for the
// fixture of TestFrameworkStore.
func checkFrameworkReads(t *testing.T, db *sqldb.DB, org *isms.Organization, f, fo *isms.Framework) {
	t.Helper()
	ctx := context.Background()
	view(t, db, func(tx *sqldb.Tx) error {
		got, err := tx.FindFrameworkByKey(ctx, org.ID, "custom-a")
		if err != nil {
			return err
		}
		if got.ID != f.ID || got.Requirements != 6 || got.Assessable != 4 || got.Version != 1 || !got.CreatedAt.Equal(t0) {
			t.Errorf("FindFrameworkByKey = %+v, want %s with 6 requirements, 4 assessable, version 1", got, f.ID)
		}
		_, err = tx.FindFrameworkByID(ctx, org.ID, fo.ID)
		wantCode(t, "FindFrameworkByID(other organization's)", err, isms.NotFound)
		_, err = tx.FindFrameworkByKey(ctx, org.ID, "missing")
		wantCode(t, "FindFrameworkByKey(missing)", err, isms.NotFound)
		list, total, err := tx.FindFrameworks(ctx, isms.FrameworkFilter{OrgID: org.ID, Search: "B", Sort: "-key"})
		if err != nil || total != 1 || len(list) != 1 || list[0].Key != "custom-b" {
			t.Errorf("FindFrameworks(search B) = %v, %d, %v; want custom-b", list, total, err)
		}
		list, total, err = tx.FindFrameworks(ctx, isms.FrameworkFilter{OrgID: org.ID, Sort: "-key"})
		if err != nil || total != 2 || list[0].Key != "custom-b" || list[1].Key != "custom-a" {
			t.Errorf("FindFrameworks(-key) = %v, %d, %v; want custom-b, custom-a", list, total, err)
		}
		return nil
	})
}

func TestFrameworkStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		f, rs := newFramework(t, db, org, "custom-a")
		newFramework(t, db, org, "custom-b")
		fo, _ := newFramework(t, db, other, "custom-a") // the same key in another organization

		checkFrameworkReads(t, db, org, f, fo)
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertFramework(ctx, &isms.Framework{ID: isms.NewID("fwk"), OrgID: org.ID, Key: "custom-a", Name: "Again", Source: isms.SourceYAML})
		})
		wantCode(t, "InsertFramework(duplicate key)", err, isms.Conflict)

		f.Name, f.SHA256 = "Renamed", "sha-2"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateFramework(ctx, f, 1) })
		if f.Version != 2 || f.Requirements != 6 {
			t.Errorf("after UpdateFramework: version %d, %d requirements; want 2, 6", f.Version, f.Requirements)
		}
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateFramework(ctx, f, 1) })
		wantCode(t, "UpdateFramework(stale version)", err, isms.Conflict)

		// A requirement changes: it is no longer assessable, and moves.
		r := rs[1]
		r.Title, r.Assessable, r.Attributes, r.Position = "New title", false, isms.Attributes{"type": {"Detective"}}, 10
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateRequirement(ctx, r) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindRequirementByRef(ctx, org.ID, f.ID, "G1.1")
			if err != nil {
				return err
			}
			want := *r
			want.ParentRef = "G1"
			if d := cmp.Diff(&want, got); d != "" {
				t.Errorf("FindRequirementByRef after update (-want +got):\n%s", d)
			}
			fw, err := tx.FindFrameworkByID(ctx, org.ID, f.ID)
			if err != nil || fw.Assessable != 3 {
				t.Errorf("assessable after update = %d, %v; want 3", fw.Assessable, err)
			}
			_, err = tx.FindRequirementByID(ctx, other.ID, r.ID)
			wantCode(t, "FindRequirementByID(another organization)", err, isms.NotFound)
			_, err = tx.FindRequirementByRef(ctx, org.ID, f.ID, "G9")
			wantCode(t, "FindRequirementByRef(missing)", err, isms.NotFound)
			refs, err := tx.RequirementRefs(ctx, org.ID, f.ID)
			if err != nil || len(refs) != 6 || refs["G2.2"] != rs[5].ID {
				t.Errorf("RequirementRefs = %v, %v; want 6 with G2.2 = %s", refs, err, rs[5].ID)
			}
			return nil
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.UpdateRequirement(ctx, &isms.Requirement{ID: r.ID, OrgID: other.ID, Kind: isms.KindControl})
		})
		wantCode(t, "UpdateRequirement(another organization)", err, isms.NotFound)
	})
}

func TestFindRequirementsFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		org := insertOrg(t, db, "acme", "Acme")
		f, _ := newFramework(t, db, org, "custom-a")
		yes, no := true, false
		for _, c := range []struct {
			name  string
			f     isms.RequirementFilter
			want  []string
			total int
		}{
			{"whole tree", isms.RequirementFilter{}, []string{"G1", "G1.1", "G1.2", "G2", "G2.1", "G2.2"}, 6},
			{"search in title", isms.RequirementFilter{Search: "GROUP 2"}, []string{"G2", "G2.1", "G2.2"}, 3},
			{"search in ref", isms.RequirementFilter{Search: "g1."}, []string{"G1.1", "G1.2"}, 2},
			{"search in description", isms.RequirementFilter{Search: "safe"}, []string{"G1.1", "G1.2", "G2.1", "G2.2"}, 4},
			{"search with wildcard", isms.RequirementFilter{Search: "%"}, []string{}, 0},
			{"kind", isms.RequirementFilter{Kind: isms.KindGroup}, []string{"G1", "G2"}, 2},
			{"assessable", isms.RequirementFilter{Assessable: &yes, GroupRef: "G2"}, []string{"G2.1", "G2.2"}, 2},
			{"not assessable", isms.RequirementFilter{Assessable: &no}, []string{"G1", "G2"}, 2},
			{"attribute", isms.RequirementFilter{AttrName: "type", AttrValue: "type2"}, []string{"G1.2", "G2.2"}, 2},
			{"attribute of another name", isms.RequirementFilter{AttrName: "other", AttrValue: "Type2"}, []string{}, 0},
			{"page", isms.RequirementFilter{Limit: 2, Offset: 1}, []string{"G1.1", "G1.2"}, 6},
			{"page past the end", isms.RequirementFilter{Limit: 2, Offset: 6}, []string{}, 6},
		} {
			c.f.OrgID, c.f.FrameworkID = org.ID, f.ID
			got, total := findRequirements(t, db, c.f)
			if d := cmp.Diff(c.want, got); d != "" || total != c.total {
				t.Errorf("%s: total %d, want %d; refs (-want +got):\n%s", c.name, total, c.total, d)
			}
		}
		other := insertOrg(t, db, "other", "Other")
		if got, total := findRequirements(t, db, isms.RequirementFilter{OrgID: other.ID, FrameworkID: f.ID}); total != 0 {
			t.Errorf("another organization's view of the framework = %v", got)
		}
	})
}

// TestInsertRequirementsInBatches stores a framework larger than one
// INSERT statement carries.
func TestInsertRequirementsInBatches(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		f := &isms.Framework{ID: isms.NewID("fwk"), OrgID: org.ID, Key: "big", Name: "Big", Source: isms.SourceCSV}
		var rs []*isms.Requirement
		for i := range 2500 {
			rs = append(rs, &isms.Requirement{ID: isms.NewID("req"), OrgID: org.ID, FrameworkID: f.ID, Ref: fmt.Sprintf("R-%d", i),
				Kind: isms.KindControl, Assessable: i%2 == 0, Position: i, GroupRef: fmt.Sprintf("R-%d", i)})
		}
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertFramework(ctx, f); err != nil {
				return err
			}
			return tx.InsertRequirements(ctx, rs)
		})
		refs, total := findRequirements(t, db, isms.RequirementFilter{OrgID: org.ID, FrameworkID: f.ID})
		if total != 2500 || len(refs) != 2500 || refs[2499] != "R-2499" {
			t.Errorf("FindRequirements = %d of %d, want 2,500 in order", len(refs), total)
		}
		ids := make([]isms.ID, 0, 1200)
		for _, r := range rs[:1200] {
			ids = append(ids, r.ID)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteRequirements(ctx, org.ID, ids) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindFrameworkByID(ctx, org.ID, f.ID)
			if err != nil || got.Requirements != 1300 || got.Assessable != 650 {
				t.Errorf("after deleting 1,200: %d requirements, %d assessable, %v; want 1,300, 650", got.Requirements, got.Assessable, err)
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertRequirements(ctx, []*isms.Requirement{{ID: isms.NewID("req"), OrgID: org.ID, FrameworkID: f.ID,
				Ref: "R-2000", Kind: isms.KindControl, GroupRef: "R-2000"}})
		})
		wantCode(t, "InsertRequirements(duplicate ref)", err, isms.Conflict)
	})
}

// mappingRefs renders mappings as "source relationship target".
func mappingRefs(ms []isms.Mapping) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.SourceRef+" "+string(m.Relationship)+" "+m.TargetRef)
	}
	return out
}

// checkMappingReads checks what the mapping reads return for the fixture
// of TestMappingStore.
func checkMappingReads(t *testing.T, db *sqldb.DB, org, other *isms.Organization, a, b *isms.Framework, s *isms.MappingSet, ra, rb []*isms.Requirement) {
	t.Helper()
	ctx := context.Background()
	view(t, db, func(tx *sqldb.Tx) error {
		sets, err := tx.FindMappingSets(ctx, org.ID)
		if err != nil || len(sets) != 1 || sets[0].Mappings != 3 || sets[0].SourceName != "Framework a (2025)" || !sets[0].CreatedAt.Equal(t0) {
			t.Errorf("FindMappingSets = %+v, %v; want one set of 3 mappings from Framework a (2025)", sets, err)
		}
		if _, err := tx.FindMappingSetByName(ctx, org.ID, "A → B"); err != nil {
			t.Errorf("FindMappingSetByName: %v", err)
		}
		_, err = tx.FindMappingSetByID(ctx, other.ID, s.ID)
		wantCode(t, "FindMappingSetByID(another organization)", err, isms.NotFound)
		page, total, err := tx.FindMappings(ctx, org.ID, s.ID, 2, 1)
		if d := cmp.Diff([]string{"G1.1 intersects G1.2", "G2.1 subset G2.1"}, mappingRefs(page)); d != "" || total != 3 || err != nil {
			t.Errorf("FindMappings(page 2 of 2) total %d, %v (-want +got):\n%s", total, err, d)
		}
		if page[1].Via != "X.1 (Old)" || !page[1].Composed || page[0].Rationale != "Partly." || page[0].TargetTitle != "Control 2 of group 1" {
			t.Errorf("FindMappings fields = %+v", page)
		}
		of, err := tx.MappingsOf(ctx, org.ID, rb[1].ID)
		if d := cmp.Diff([]string{"G1.1 equal G1.1"}, mappingRefs(of)); d != "" || err != nil {
			t.Errorf("MappingsOf(target) %v (-want +got):\n%s", err, d)
		}
		of, err = tx.MappingsOf(ctx, org.ID, ra[1].ID)
		if len(of) != 2 || err != nil {
			t.Errorf("MappingsOf(source) = %v, %v; want 2", mappingRefs(of), err)
		}
		between, err := tx.MappingsBetween(ctx, org.ID, b.ID, a.ID)
		if len(between) != 3 || err != nil {
			t.Errorf("MappingsBetween(b, a) = %v, %v; want 3", mappingRefs(between), err)
		}
		between, _ = tx.MappingsBetween(ctx, other.ID, a.ID, b.ID)
		if len(between) != 0 {
			t.Errorf("MappingsBetween(another organization) = %v", mappingRefs(between))
		}
		return nil
	})
}

func TestMappingStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		a, ra := newFramework(t, db, org, "a")
		b, rb := newFramework(t, db, org, "b")
		s := &isms.MappingSet{ID: isms.NewID("map"), OrgID: org.ID, Name: "A → B", SourceFrameworkID: a.ID,
			TargetFrameworkID: b.ID, Origin: isms.MappingImported, SourceFile: "a-b.csv"}
		ms := []isms.Mapping{
			{SetID: s.ID, SourceID: ra[1].ID, TargetID: rb[1].ID, Relationship: isms.RelEqual, Strength: 9},
			{SetID: s.ID, SourceID: ra[1].ID, TargetID: rb[2].ID, Relationship: isms.RelIntersects, Rationale: "Partly."},
			{SetID: s.ID, SourceID: ra[4].ID, TargetID: rb[4].ID, Relationship: isms.RelSubset, Composed: true, Via: "X.1 (Old)"},
		}
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertMappingSet(ctx, s); err != nil {
				return err
			}
			return tx.InsertMappings(ctx, org.ID, ms)
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertMappingSet(ctx, &isms.MappingSet{ID: isms.NewID("map"), OrgID: org.ID, Name: "A → B",
				SourceFrameworkID: b.ID, TargetFrameworkID: a.ID, Origin: isms.MappingImported})
		})
		wantCode(t, "InsertMappingSet(duplicate name)", err, isms.Conflict)

		checkMappingReads(t, db, org, other, a, b, s, ra, rb)

		// Deleting a requirement deletes its mappings and recounts the set.
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteRequirements(ctx, org.ID, []isms.ID{rb[2].ID}) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindMappingSetByID(ctx, org.ID, s.ID)
			if err != nil || got.Mappings != 2 {
				t.Errorf("set after deleting a requirement: %+v, %v; want 2 mappings", got, err)
			}
			return nil
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteMappingSet(ctx, other.ID, s.ID) })
		wantCode(t, "DeleteMappingSet(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteMappingSet(ctx, org.ID, s.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindMappingSetByID(ctx, org.ID, s.ID)
			wantCode(t, "FindMappingSetByID(deleted)", err, isms.NotFound)
			of, _ := tx.MappingsOf(ctx, org.ID, ra[1].ID)
			if len(of) != 0 {
				t.Errorf("mappings left after deleting their set: %v", mappingRefs(of))
			}
			return nil
		})
	})
}

func TestDeleteFramework(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		a, ra := newFramework(t, db, org, "a")
		b, rb := newFramework(t, db, org, "b")
		s := &isms.MappingSet{ID: isms.NewID("map"), OrgID: org.ID, Name: "B → A", SourceFrameworkID: b.ID,
			TargetFrameworkID: a.ID, Origin: isms.MappingImported}
		c := newControl(org, "C-1", isms.ControlImplemented)
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertMappingSet(ctx, s); err != nil {
				return err
			}
			if err := tx.InsertMappings(ctx, org.ID, []isms.Mapping{{SetID: s.ID, SourceID: rb[1].ID, TargetID: ra[1].ID, Relationship: isms.RelEqual}}); err != nil {
				return err
			}
			if err := tx.InsertControl(ctx, c); err != nil {
				return err
			}
			_, err := tx.InsertControlLinks(ctx, org.ID, []isms.ControlLink{{ControlID: c.ID, RequirementID: ra[1].ID}, {ControlID: c.ID, RequirementID: rb[1].ID}})
			return err
		})
		other := insertOrg(t, db, "other", "Other")
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteFramework(ctx, other.ID, a.ID) })
		wantCode(t, "DeleteFramework(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteFramework(ctx, org.ID, a.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindFrameworkByID(ctx, org.ID, a.ID)
			wantCode(t, "FindFrameworkByID(deleted)", err, isms.NotFound)
			_, err = tx.FindRequirementByID(ctx, org.ID, ra[1].ID)
			wantCode(t, "FindRequirementByID(of the deleted framework)", err, isms.NotFound)
			sets, _ := tx.FindMappingSets(ctx, org.ID)
			links, _ := tx.ControlLinksOf(ctx, org.ID, c.ID)
			if len(sets) != 0 || len(links) != 1 || links[0].RequirementID != rb[1].ID {
				t.Errorf("after DeleteFramework: %d sets, links %+v; want none, and the link to b's G1.1", len(sets), links)
			}
			return nil
		})
	})
}
