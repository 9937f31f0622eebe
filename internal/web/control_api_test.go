// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiControl is a control as the API writes it.
type apiControl struct {
	ID           isms.ID            `json:"id"`
	Ref          string             `json:"ref"`
	Title        string             `json:"title"`
	OwnerID      isms.ID            `json:"ownerId"`
	OwnerName    string             `json:"ownerName"`
	Status       isms.ControlStatus `json:"status"`
	ReviewMonths int                `json:"reviewMonths"`
	NextReview   string             `json:"nextReview"`
	Requirements int                `json:"requirements"`
	Version      int                `json:"version"`
}

// apiControlDetail is a control with its links as the API writes it.
type apiControlDetail struct {
	Control apiControl `json:"control"`
	Links   []struct {
		RequirementID  isms.ID `json:"requirementId"`
		RequirementRef string  `json:"requirementRef"`
		Inferred       bool    `json:"inferred"`
		Basis          string  `json:"basis"`
	} `json:"links"`
}

// apiPosture is one framework's posture as the API writes it.
type apiPosture struct {
	Framework struct {
		ID  isms.ID `json:"id"`
		Key string  `json:"key"`
	} `json:"framework"`
	Counts  isms.PostureCounts `json:"counts"`
	Percent int                `json:"percent"`
	Groups  []struct {
		Ref     string             `json:"ref"`
		Counts  isms.PostureCounts `json:"counts"`
		Percent int                `json:"percent"`
	} `json:"groups"`
}

func TestAPIControls(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newControlFixture(t, db)
		contrib := f.h.token(f.contrib, f.org, isms.ScopeReadWrite)
		viewer := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)

		var c apiControl
		apiCall(t, contrib, "POST", "/api/v1/controls", map[string]any{"title": "Encrypted backups", "ownerId": f.contrib.ID,
			"reviewMonths": 12, "nextReview": "2026-09-01"}, 201, &c)
		if c.Ref != "C-1" || c.Status != isms.ControlPlanned || c.OwnerName != f.contrib.Name || c.NextReview != "2026-09-01" || c.Version != 1 {
			t.Errorf("POST /api/v1/controls = %+v", c)
		}
		e := apiCallErr(t, contrib, "POST", "/api/v1/controls", map[string]any{"ref": "C-1", "title": "", "status": "done", "ownerId": "user_nobody"}, 422)
		if diff := cmp.Diff([]string{"ownerId", "ref", "status", "title"}, fieldNames(e)); diff != "" {
			t.Errorf("POST /api/v1/controls with problems: fields (-want +got):\n%s", diff)
		}
		apiCallErr(t, viewer, "POST", "/api/v1/controls", map[string]any{"title": "x"}, 403)

		path := "/api/v1/controls/" + string(c.ID)
		apiCall(t, contrib, "PATCH", path, map[string]any{"status": "implemented", "version": 1}, 200, &c)
		if c.Status != isms.ControlImplemented || c.Title != "Encrypted backups" || c.ReviewMonths != 12 || c.Version != 2 {
			t.Errorf("PATCH status = %+v", c)
		}
		apiCallErr(t, contrib, "PATCH", path, map[string]any{"title": "Stale", "version": 1}, 409)

		var n struct {
			Count int `json:"count"`
		}
		e = apiCallErr(t, contrib, "POST", path+"/links", map[string]any{"framework": "alpha", "refs": []string{"G2.1", "Z9"}}, 422)
		if !strings.Contains(e.Error.Fields["refs"], "Z9") {
			t.Errorf("linking an unknown reference: %+v", e)
		}
		apiCall(t, contrib, "POST", path+"/links", map[string]any{"framework": "alpha", "refs": []string{"G2.1", "G2.2"}}, 200, &n)
		if n.Count != 2 {
			t.Errorf("linking two references added %d", n.Count)
		}
		if _, err := f.h.app.ProposeInferredLinks(context.Background(), f.asMgr, f.beta.ID); err != nil {
			t.Fatal(err)
		}
		var d apiControlDetail
		apiCall(t, viewer, "GET", "/api/v1/controls/C-1", nil, 200, &d)
		var got []string
		for _, l := range d.Links {
			got = append(got, l.RequirementRef+map[bool]string{true: " inferred", false: ""}[l.Inferred])
		}
		if diff := cmp.Diff([]string{"G2.1", "G2.2", "B1.1 inferred", "B1.2 inferred"}, got); diff != "" {
			t.Errorf("GET /api/v1/controls/C-1 links (-want +got):\n%s", diff)
		}
		apiCall(t, contrib, "POST", path+"/links/confirm", map[string]any{"requirementIds": []isms.ID{f.reqs["beta:B1.1"]}}, 200, &n)
		if n.Count != 1 {
			t.Errorf("confirming one link confirmed %d", n.Count)
		}
		apiCall(t, contrib, "DELETE", path+"/links/"+string(f.reqs["beta:B1.2"]), nil, 204, nil)

		var p apiPosture
		apiCall(t, viewer, "GET", "/api/v1/frameworks/"+string(f.beta.ID)+"/posture", nil, 200, &p)
		if p.Counts.Covered != 1 || p.Counts.NotCovered != 1 || p.Percent != 50 || len(p.Groups) != 1 || p.Groups[0].Ref != "B1" {
			t.Errorf("Beta's posture = %+v", p)
		}
		var all struct {
			Items []apiPosture `json:"items"`
		}
		apiCall(t, viewer, "GET", "/api/v1/posture", nil, 200, &all)
		if len(all.Items) != 2 || all.Items[0].Framework.Key != "alpha" || all.Items[0].Counts.Covered != 2 {
			t.Errorf("GET /api/v1/posture = %+v", all)
		}

		var list apiPage[apiControl]
		apiCall(t, viewer, "GET", "/api/v1/controls?frameworkId="+string(f.beta.ID)+"&status=implemented&sort=-ref", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Requirements != 3 {
			t.Errorf("GET /api/v1/controls filtered = %+v", list)
		}
		apiCallErr(t, viewer, "GET", "/api/v1/controls?sort=colour", nil, 422)
		apiCall(t, contrib, "DELETE", path, nil, 204, nil)
		apiCallErr(t, viewer, "GET", path, nil, 404)
	})
}
