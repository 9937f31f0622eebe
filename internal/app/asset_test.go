// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// newAsset creates an asset as the contributor.
func (w *world) newAsset(in app.AssetInput) *isms.Asset {
	w.t.Helper()
	as, err := w.app.CreateAsset(w.ctx, w.asContributor(), in)
	if err != nil {
		w.t.Fatalf("CreateAsset(%s) = %v", in.Name, err)
	}
	return as
}

// assetDetail reads an asset by ID or reference as the viewer.
func (w *world) assetDetail(idOrRef string) *app.AssetDetail {
	w.t.Helper()
	d, err := w.app.FindAsset(w.ctx, w.asViewer(), idOrRef)
	if err != nil {
		w.t.Fatalf("FindAsset(%s) = %v", idOrRef, err)
	}
	return d
}

func TestAssetLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		_, err := w.app.CreateAsset(w.ctx, ed, app.AssetInput{Name: "Customer database", Type: "information", C: "3"})
		wantFields(t, "CreateAsset(valued without a method)", err, isms.Invalid, "c")
		w.approvedMethod(5)

		db1 := w.newAsset(app.AssetInput{Name: " Customer database ", Type: "Information", OwnerID: string(w.contributor.ID),
			Classification: "confidential", C: "5", I: "4", A: "3", Location: "Frankfurt"})
		if db1.Ref != "AS-1" || !strings.HasPrefix(string(db1.ID), "ast_") || db1.Name != "Customer database" || db1.Type != isms.AssetInformation ||
			db1.C != 5 || db1.I != 4 || db1.A != 3 || db1.OwnerName != w.contributor.Name || db1.Version != 1 {
			t.Errorf("first asset = %+v, want AS-1 valued 5/4/3 owned by the contributor", db1)
		}
		e := w.lastEvent(string(w.org.ID))
		if c := changes(t, e); e.Action != "asset.create" || c["ref"].After != "AS-1" || c["c"].After != float64(5) || c["owner"].After != w.contributor.Name {
			t.Errorf("%s changes = %v", e.Action, c)
		}
		srv := w.newAsset(app.AssetInput{Ref: "AS-10", Name: "Database server", Type: "hardware"})
		app1 := w.newAsset(app.AssetInput{Name: "CRM", Type: "software", Parent: "AS-10", Dependencies: []string{"AS-1", string(srv.ID), " AS-1 "}})
		if app1.Ref != "AS-11" || app1.ParentID != srv.ID || len(app1.Dependencies) != 2 {
			t.Errorf("CRM = %s below %s depending on %v; want AS-11 below AS-10 depending on AS-1 and AS-10", app1.Ref, app1.ParentID, app1.Dependencies)
		}

		_, err = w.app.CreateAsset(w.ctx, ed, app.AssetInput{Ref: "AS-1", Name: "", Type: "", OwnerID: "user_nobody",
			Classification: "secret", C: "x", I: "9", Parent: "AS-99", Dependencies: []string{"AS-98", "AS-1"}})
		wantFields(t, "CreateAsset(bad)", err, isms.Invalid, "ref", "name", "type", "owner", "classification", "c", "i", "parent", "dependencies")
		if f := isms.ErrorFields(err); !strings.Contains(f["parent"], "AS-99") || !strings.Contains(f["dependencies"], "AS-98") {
			t.Errorf("unknown assets not named: %v", f)
		}

		d := w.assetDetail("AS-10")
		if d.Asset.ID != srv.ID || len(d.Children) != 1 || d.Children[0].ID != app1.ID || len(d.Dependents) != 1 || d.Method == nil || d.Parent != nil {
			t.Errorf("AS-10 detail: %d children, %d dependents, method %v", len(d.Children), len(d.Dependents), d.Method)
		}
		d = w.assetDetail(string(app1.ID))
		if d.Parent == nil || d.Parent.ID != srv.ID || len(d.Dependencies) != 2 {
			t.Errorf("CRM detail: parent %v, %d dependencies", d.Parent, len(d.Dependencies))
		}

		head := w.head(string(w.org.ID))
		in := app.AssetInput{Name: "Customer database", Type: "information", OwnerID: string(w.contributor.ID),
			Classification: "restricted", C: "5", I: "4", A: "3", Location: "Frankfurt", Parent: "AS-11"}
		got, err := w.app.UpdateAsset(w.ctx, ed, db1.ID, db1.Version, in)
		if err != nil || got.Ref != "AS-1" || got.Classification != isms.ClassRestricted || got.ParentID != app1.ID || got.Version != 2 {
			t.Fatalf("UpdateAsset() = %+v, %v", got, err)
		}
		es := w.events(string(w.org.ID), head.Seq)
		if c := changes(t, es[0]); len(es) != 1 || c["classification"].After != "restricted" || c["parent"] != (isms.Change{Before: "", After: "AS-11"}) || len(c) != 2 {
			t.Errorf("update events = %v, changes %v; want classification and parent", actions(es), c)
		}
		_, err = w.app.UpdateAsset(w.ctx, ed, db1.ID, db1.Version, in)
		wantCode(t, "UpdateAsset(stale)", err, isms.Conflict)
		if _, err := w.app.UpdateAsset(w.ctx, ed, db1.ID, got.Version, in); err != nil || w.head(string(w.org.ID)).Seq != es[0].Seq {
			t.Errorf("unchanged update: %v; want no new event", err)
		}

		// AS-1 is below AS-11, which is below AS-10: AS-10 cannot go below AS-1.
		_, err = w.app.UpdateAsset(w.ctx, ed, srv.ID, srv.Version, app.AssetInput{Name: srv.Name, Type: "hardware", Parent: "AS-1"})
		wantFields(t, "UpdateAsset(cycle)", err, isms.Invalid, "parent")
		if f := isms.ErrorFields(err); f["parent"] != "AS-1 is already below AS-10; an asset cannot be its own ancestor." {
			t.Errorf("cycle message = %q", f["parent"])
		}
		_, err = w.app.UpdateAsset(w.ctx, ed, srv.ID, srv.Version, app.AssetInput{Name: srv.Name, Type: "hardware", Parent: "AS-10", Dependencies: []string{"AS-10"}})
		wantFields(t, "UpdateAsset(own parent and dependency)", err, isms.Invalid, "parent", "dependencies")

		err = w.app.DeleteAsset(w.ctx, ed, srv.ID)
		wantCode(t, "DeleteAsset(with a child)", err, isms.Conflict)
		if err := w.app.DeleteAsset(w.ctx, ed, db1.ID); err != nil {
			t.Fatalf("DeleteAsset(AS-1) = %v", err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "asset.delete" || e.ObjectID != db1.ID {
			t.Errorf("last event %s %s, want asset.delete", e.Action, e.ObjectID)
		}
		_, err = w.app.FindAsset(w.ctx, w.asViewer(), "AS-1")
		wantCode(t, "FindAsset(deleted)", err, isms.NotFound)
		if d := w.assetDetail("AS-11"); len(d.Dependencies) != 1 || d.Dependencies[0].ID != srv.ID {
			t.Errorf("CRM depends on %d assets after AS-1 is deleted, want AS-10 only", len(d.Dependencies))
		}
		list, total, err := w.app.FindAssets(w.ctx, w.asViewer(), isms.AssetFilter{Limit: 10})
		if err != nil || total != 2 || len(list) != 2 {
			t.Errorf("FindAssets() = %d of %d, %v; want 2", len(list), total, err)
		}
	})
}

func TestAssetsBelongToOneOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		as := w.newAsset(app.AssetInput{Name: "Payroll data", Type: "information"})
		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}

		_, err := w.app.FindAsset(w.ctx, other, string(as.ID))
		wantCode(t, "FindAsset(acme's asset from globex)", err, isms.NotFound)
		_, err = w.app.FindAsset(w.ctx, other, "AS-1")
		wantCode(t, "FindAsset(AS-1 from globex)", err, isms.NotFound)
		if _, total, err := w.app.FindAssets(w.ctx, other, isms.AssetFilter{}); err != nil || total != 0 {
			t.Errorf("globex lists %d assets, %v; want none", total, err)
		}
		_, err = w.app.UpdateAsset(w.ctx, other, as.ID, as.Version, app.AssetInput{Name: "Mine", Type: "information"})
		wantCode(t, "UpdateAsset(acme's asset from globex)", err, isms.NotFound)
		err = w.app.DeleteAsset(w.ctx, other, as.ID)
		wantCode(t, "DeleteAsset(acme's asset from globex)", err, isms.NotFound)
		_, err = w.app.CreateAsset(w.ctx, other, app.AssetInput{Name: "Globex payroll", Type: "information", Parent: string(as.ID),
			OwnerID: string(w.contributor.ID)})
		wantFields(t, "CreateAsset(below acme's asset, owned by acme's member)", err, isms.Invalid, "parent", "owner")
		g1, err := w.app.CreateAsset(w.ctx, other, app.AssetInput{Name: "Globex payroll", Type: "information"})
		if err != nil || g1.Ref != "AS-1" {
			t.Errorf("globex's first asset = %v, %v; want its own AS-1", g1, err)
		}
	})
}

func TestAssetPermissions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		as := w.newAsset(app.AssetInput{Name: "Laptop fleet", Type: "hardware"})
		_, err := w.app.CreateAsset(w.ctx, w.asViewer(), app.AssetInput{Name: "X", Type: "other"})
		wantCode(t, "CreateAsset as a viewer", err, isms.Forbidden)
		_, err = w.app.UpdateAsset(w.ctx, w.asViewer(), as.ID, as.Version, app.AssetInput{Name: "X", Type: "other"})
		wantCode(t, "UpdateAsset as a viewer", err, isms.Forbidden)
		err = w.app.DeleteAsset(w.ctx, w.asViewer(), as.ID)
		wantCode(t, "DeleteAsset as a viewer", err, isms.Forbidden)
		if d := w.assetDetail(string(as.ID)); d.Method != nil || d.Asset.Ref != "AS-1" {
			t.Errorf("detail without a method: method %v, ref %s", d.Method, d.Asset.Ref)
		}
	})
}
