// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// createAsset posts the asset form as c and returns the new asset's path.
func createAsset(t *testing.T, c *client, form url.Values) string {
	t.Helper()
	resp := c.post("/assets", form)
	resp.Body.Close()
	wantStatus(t, "POST /assets "+form.Get("name"), resp, http.StatusSeeOther)
	return resp.Header.Get("Location")
}

func TestAssetFormValidatesAndTheDetailShowsItsNeighbours(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		c := f.mgrClient
		m := f.approve(f.draft(5).ID)
		doc := page(t, c.get("/assets/new"))
		if n := byID(doc, "f-c").Find("option").Length(); n != 6 {
			t.Errorf("the confidentiality select has %d options, want 6 (not valued and 5 levels)", n)
		}
		if goquery.NodeName(byID(doc, "f-parent")) != "select" || byID(doc, "f-dependencies").AttrOr("multiple", "no") == "no" {
			t.Error("a small register does not offer its assets in selects")
		}
		resp := c.post("/assets", url.Values{"name": {""}, "type": {"gadget"}, "c": {"9"}, "location": {"Frankfurt"}})
		doc = page(t, resp)
		wantStatus(t, "POST /assets with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"name", "type", "c"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := byID(doc, "f-location").AttrOr("value", ""); got != "Frankfurt" {
			t.Errorf("the typed location was lost: %q", got)
		}
		db1 := createAsset(t, c, url.Values{"name": {"Customer database"}, "type": {"information"}, "owner": {string(f.contrib.ID)},
			"classification": {"confidential"}, "c": {"5"}, "i": {"4"}, "a": {"3"}, "location": {"Frankfurt"}})
		createAsset(t, c, url.Values{"name": {"Database server"}, "type": {"hardware"}})
		backup := createAsset(t, c, url.Values{"name": {"Backup service"}, "type": {"service"}, "parent": {"AS-2"},
			"dependencies": {"AS-1"}})
		if _, err := f.h.app.CreateRisk(context.Background(), f.asMgr, app.RiskInput{Title: "Database leak", Kind: "asset",
			InherentLikelihood: "3", InherentImpact: "5", Assets: []string{"AS-1"}}); err != nil {
			t.Fatalf("CreateRisk: %v", err)
		}
		doc = page(t, c.get(db1))
		if got := text(doc, "h1"); got != "AS-1 Customer database" {
			t.Errorf("the asset's heading is %q", got)
		}
		if got := doc.Find("dt:contains('Confidentiality') + dd").Text(); got != fmt.Sprintf("%d %s", m.Impact[4].Value, m.Impact[4].Label) {
			t.Errorf("confidentiality is shown as %q, want the method's label", got)
		}
		if got := text(doc, "#deps-heading ~ h3 + ul li"); !strings.HasPrefix(got, "AS-3 Backup service") {
			t.Errorf("AS-1 is needed by %q, want AS-3", got)
		}
		risk := strings.Join(strings.Fields(doc.Find("#risks-heading ~ .table-wrap tbody tr").Text()), " ")
		if want := m.LevelLabel(m.LevelOf(3, 5)); !strings.Contains(risk, "R-1 Database leak") || !strings.Contains(risk, want) {
			t.Errorf("AS-1's risks: %q, want R-1 at %s", risk, want)
		}
		doc = page(t, c.get(backup))
		if got := doc.Find("dt:contains('Part of') + dd").Text(); !strings.Contains(got, "AS-2 Database server") {
			t.Errorf("AS-3 is part of %q", got)
		}
		parent := page(t, c.get("/assets/AS-2"))
		if got := text(parent, "#children-heading + ul li"); !strings.HasPrefix(got, "AS-3") {
			t.Errorf("AS-2's parts: %q", got)
		}
		assetDeleteAndRights(t, f, parent.Find(`form[action$="/delete"]`).AttrOr("action", ""), backup)
	})
}

// assetDeleteAndRights checks that an asset with parts is not deleted,
// that one without is, and that a viewer may not edit.
func assetDeleteAndRights(t *testing.T, f *rmFixture, parentDelete, child string) {
	t.Helper()
	c := f.mgrClient
	resp := c.post(parentDelete, nil)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(parentDelete, loc) || loc == "/assets" {
		t.Errorf("deleting an asset with parts went to %q", loc)
	}
	doc := page(t, c.get(resp.Header.Get("Location")))
	if got := text(doc, ".flash-error"); !strings.Contains(got, "below it") {
		t.Errorf("deleting an asset with parts says %q", got)
	}
	resp = f.viewClient.get("/assets/new")
	resp.Body.Close()
	wantStatus(t, "the viewer asks for the form", resp, http.StatusForbidden)
	doc = page(t, f.viewClient.get(child))
	if doc.Find(`a[href$="/edit"]`).Length() != 0 || doc.Find(`form[action$="/delete"]`).Length() != 0 {
		t.Error("the viewer's asset page offers editing")
	}
	resp = c.post(child+"/delete", nil)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/assets" {
		t.Errorf("deleting an asset without parts went to %q", loc)
	}
}

func TestAssetListFiltersSortsAndExports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		c := f.mgrClient
		doc := page(t, c.get("/assets"))
		if got := text(doc, ".empty h2"); got != "No assets yet" || doc.Find(`.empty a[href="/risk-method"]`).Length() != 1 {
			t.Errorf("the empty list says %q, without pointing to the risk method", got)
		}
		createAsset(t, c, url.Values{"name": {"Customer database"}, "type": {"information"}, "owner": {string(f.contrib.ID)}, "classification": {"confidential"}})
		createAsset(t, c, url.Values{"name": {"Database server"}, "type": {"hardware"}, "location": {"Frankfurt"}})
		createAsset(t, c, url.Values{"name": {"Backup service"}, "type": {"service"}, "parent": {"AS-2"}})
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"", []string{"AS-1", "AS-2", "AS-3"}},
			{"type=hardware", []string{"AS-2"}},
			{"classification=confidential", []string{"AS-1"}},
			{"owner=" + url.QueryEscape(f.contrib.Email), []string{"AS-1"}},
			{"q=frankfurt", []string{"AS-2"}},
			{"sort=-name", []string{"AS-2", "AS-1", "AS-3"}},
		} {
			if diff := cmp.Diff(tc.want, rowTitles(t, c.get("/assets?"+tc.query))); diff != "" {
				t.Errorf("GET /assets?%s (-want +got):\n%s", tc.query, diff)
			}
		}
		resp := c.get("/assets?type=gadget")
		resp.Body.Close()
		wantStatus(t, "an unknown type filter", resp, http.StatusUnprocessableEntity)
		csv := body(t, c.get("/assets?type=service&format=csv"))
		if !strings.Contains(csv, "AS-3,Backup service,Service,,Unclassified,,,,Database server,0,") || strings.Contains(csv, "Customer database") {
			t.Errorf("CSV of service assets:\n%s", csv)
		}
	})
}

func TestAssetFormTakesTypedReferencesInALargeRegister(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		var many []*isms.Asset
		for n := 1; n <= 201; n++ {
			many = append(many, &isms.Asset{ID: isms.NewID("ast"), OrgID: f.org.ID, Ref: fmt.Sprintf("AS-%d", n),
				Name: fmt.Sprintf("Laptop %d", n), Type: isms.AssetHardware})
		}
		if err := db.Update(context.Background(), func(tx *sqldb.Tx) error { return tx.InsertAssets(context.Background(), many) }); err != nil {
			t.Fatalf("InsertAssets: %v", err)
		}
		c := f.mgrClient
		doc := page(t, c.get("/assets/new"))
		if goquery.NodeName(byID(doc, "f-parent")) != "input" || goquery.NodeName(byID(doc, "f-dependencies")) != "input" {
			t.Fatal("a register of 201 assets still offers them in selects")
		}
		resp := c.post("/assets", url.Values{"name": {"Laptop fleet"}, "type": {"hardware"}, "parent": {"AS-404"}, "dependencies": {"AS-1, AS-999"}})
		doc = page(t, resp)
		wantStatus(t, "unknown references", resp, http.StatusUnprocessableEntity)
		if got := text(doc, "#f-dependencies ~ .error"); !strings.Contains(got, "AS-999") {
			t.Errorf("the unknown dependency problem = %q", got)
		}
		if got := byID(doc, "f-dependencies").AttrOr("value", ""); got != "AS-1, AS-999" {
			t.Errorf("the typed dependencies were lost: %q", got)
		}
		path := createAsset(t, c, url.Values{"name": {"Laptop fleet"}, "type": {"hardware"}, "parent": {"AS-7"}, "dependencies": {"AS-1, AS-2"}})
		doc = page(t, c.get(path+"/edit"))
		if got := byID(doc, "f-parent").AttrOr("value", ""); got != "AS-7" {
			t.Errorf("the edit form's parent = %q", got)
		}
		if got := byID(doc, "f-dependencies").AttrOr("value", ""); got != "AS-1, AS-2" {
			t.Errorf("the edit form's dependencies = %q", got)
		}
	})
}

// apiAsset is an asset as the API writes it.
type apiAsset struct {
	ID         isms.ID `json:"id"`
	Ref        string  `json:"ref"`
	Name       string  `json:"name"`
	C          int     `json:"c"`
	ParentName string  `json:"parentName"`
	Version    int     `json:"version"`
}

func TestAPIAssets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		f.approve(f.draft(4).ID)
		c := f.h.token(f.contrib, f.org, isms.ScopeReadWrite)
		var a1, a2 apiAsset
		apiCall(t, c, "POST", "/api/v1/assets", map[string]any{"name": "HR records", "type": "information", "c": 4}, http.StatusCreated, &a1)
		apiCall(t, c, "POST", "/api/v1/assets", map[string]any{"name": "HR system", "type": "software", "parent": "AS-1",
			"ownerId": f.contrib.ID}, http.StatusCreated, &a2)
		if a1.Ref != "AS-1" || a1.C != 4 || a2.ParentName != "HR records" {
			t.Errorf("created %+v and %+v", a1, a2)
		}
		e := apiCallErr(t, c, "POST", "/api/v1/assets", map[string]any{"name": "", "type": "gadget", "c": 7, "ownerId": "usr_nobody"}, http.StatusUnprocessableEntity)
		if diff := cmp.Diff([]string{"c", "name", "ownerId", "type"}, fieldNames(e)); diff != "" {
			t.Errorf("problem fields (-want +got):\n%s", diff)
		}
		var list apiPage[apiAsset]
		apiCall(t, c, "GET", "/api/v1/assets?type=software", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].Ref != "AS-2" {
			t.Errorf("software assets: %+v", list)
		}
		var d struct {
			Asset    apiAsset   `json:"asset"`
			Children []apiAsset `json:"children"`
		}
		apiCall(t, c, "GET", "/api/v1/assets/AS-1", nil, http.StatusOK, &d)
		if len(d.Children) != 1 || d.Children[0].Ref != "AS-2" {
			t.Errorf("AS-1's children: %+v", d.Children)
		}
		upd := map[string]any{"ref": "AS-1", "name": "HR records (all)", "type": "information", "version": a1.Version}
		apiCall(t, c, "PUT", "/api/v1/assets/"+string(a1.ID), upd, http.StatusOK, &a1)
		apiCallErr(t, c, "PUT", "/api/v1/assets/"+string(a1.ID), upd, http.StatusConflict)
		apiCallErr(t, c, "DELETE", "/api/v1/assets/"+string(a1.ID), nil, http.StatusConflict)
		apiCall(t, c, "DELETE", "/api/v1/assets/AS-2", nil, http.StatusNoContent, nil)
		apiCallErr(t, f.h.token(f.vwr, f.org, isms.ScopeReadWrite), "POST", "/api/v1/assets", map[string]any{"name": "X", "type": "site"}, http.StatusForbidden)
	})
}
