// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiRiskRow is a register row as the API answers it.
type apiRiskRow struct {
	isms.Risk
	InherentLevel *struct{ Key, Label, Color string } `json:"inherentLevel"`
	ResidualLevel *struct{ Key, Label, Color string } `json:"residualLevel"`
	Flags         []isms.RiskFlag                     `json:"flags"`
}

// apiRiskDetail is a risk with its chain as the API answers it.
type apiRiskDetail struct {
	apiRiskRow
	LinkedAssets []struct{ ID, Ref, Title string } `json:"linkedAssets"`
	Actions      []isms.TreatmentAction            `json:"actions"`
	Acceptances  []isms.RiskAcceptance             `json:"acceptances"`
	CanAccept    bool                              `json:"canAccept"`
	AcceptNote   string                            `json:"acceptNote"`
}

func TestRiskAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		m := f.approve(t)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		contrib := f.h.token(f.contrib, f.org, isms.ScopeReadWrite)

		e := apiCallErr(t, mgr, "POST", "/api/v1/risks", map[string]any{"title": "", "inherent": map[string]int{"likelihood": 9}}, 422)
		if diff := cmp.Diff([]string{"inherent.likelihood", "title"}, fieldNames(e)); diff != "" {
			t.Errorf("problems of a bad risk (-want +got):\n%s", diff)
		}
		var r isms.Risk
		apiCall(t, mgr, "POST", "/api/v1/risks", map[string]any{"title": "Ransomware", "ownerId": f.mgr.ID,
			"inherent": map[string]int{"likelihood": 4, "impact": 4}, "residual": map[string]int{"likelihood": 2, "impact": 3},
			"treatment": "modify", "assets": []string{"AS-1"}}, 201, &r)
		if r.Ref != "R-1" || r.Inherent.Level != m.LevelOf(4, 4) || r.MethodNumber != 1 {
			t.Errorf("created risk = %+v", r)
		}
		apiCall(t, mgr, "POST", "/api/v1/risks", map[string]any{"title": "Phishing"}, 201, nil)

		var list struct {
			Items []apiRiskRow `json:"items"`
			Total int          `json:"total"`
		}
		high := f.level(4, 4)
		apiCall(t, mgr, "GET", "/api/v1/risks?basis=inherent&level="+high.Key, nil, 200, &list)
		if list.Total != 1 || list.Items[0].Ref != "R-1" || list.Items[0].InherentLevel.Label != high.Label || list.Items[0].ResidualLevel == nil {
			t.Errorf("risks at inherent level %s = %+v", high.Key, list)
		}
		apiCall(t, mgr, "GET", "/api/v1/risks?treatment=none&sort=-ref", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Ref != "R-2" || list.Items[0].InherentLevel != nil {
			t.Errorf("untreated risks = %+v", list)
		}
		e = apiCallErr(t, mgr, "GET", "/api/v1/risks?status=x&limit=0&l=1&overdue=perhaps", nil, 422)
		if diff := cmp.Diff([]string{"i", "limit", "overdue", "status"}, fieldNames(e)); diff != "" {
			t.Errorf("problems of a bad query (-want +got):\n%s", diff)
		}

		var d apiRiskDetail
		apiCall(t, mgr, "GET", "/api/v1/risks/R-1", nil, 200, &d)
		if d.ID != r.ID || len(d.LinkedAssets) != 1 || d.LinkedAssets[0].Ref != "AS-1" || !d.CanAccept {
			t.Errorf("R-1 = %+v", d)
		}
		e = apiCallErr(t, mgr, "PUT", "/api/v1/risks/R-1", map[string]any{"title": "Stale", "version": 7}, 409)
		if !strings.Contains(e.Error.Message, "Someone else changed this risk") {
			t.Errorf("a stale update says %q", e.Error.Message)
		}
		apiCall(t, mgr, "PUT", "/api/v1/risks/"+string(r.ID), map[string]any{"title": "Ransomware on the file servers", "ownerId": f.mgr.ID,
			"inherent": map[string]int{"likelihood": 4, "impact": 4}, "residual": map[string]int{"likelihood": 2, "impact": 3},
			"treatment": "modify", "version": 1}, 200, &r)
		if r.Title != "Ransomware on the file servers" || r.Version != 2 {
			t.Errorf("updated risk = %+v", r)
		}

		var act isms.TreatmentAction
		apiCall(t, mgr, "POST", "/api/v1/risks/R-1/actions", map[string]any{"title": "Offline backups", "ownerId": f.contrib.ID,
			"due": "2026-05-01", "control": "C-1"}, 201, &act)
		if act.TaskID == "" || act.ControlRef != "C-1" || act.OwnerName != "contrib" {
			t.Errorf("the action = %+v", act)
		}

		apiCall(t, contrib, "GET", "/api/v1/risks/R-1", nil, 200, &d)
		if d.CanAccept || !strings.Contains(d.AcceptNote, "ISMS manager") {
			t.Errorf("the contributor may accept %v: %q", d.CanAccept, d.AcceptNote)
		}
		e = apiCallErr(t, contrib, "POST", "/api/v1/risks/R-1/acceptances", map[string]any{"comment": "Fine.", "version": r.Version}, 403)
		if !strings.Contains(e.Error.Message, "ISMS manager") {
			t.Errorf("the contributor's refusal says %q", e.Error.Message)
		}
		var acc isms.RiskAcceptance
		apiCall(t, mgr, "POST", "/api/v1/risks/R-1/acceptances", map[string]any{"comment": "Acceptable.", "version": r.Version}, 201, &acc)
		if acc.AcceptedBy != f.mgr.ID || acc.MethodNumber != 1 || acc.LevelLabel != f.level(2, 3).Label {
			t.Errorf("the acceptance = %+v", acc)
		}
		apiCall(t, mgr, "POST", "/api/v1/risks/R-1/review", map[string]any{"note": "Still accurate."}, 200, &r)
		if r.LastReviewed.String() != "2026-03-02" {
			t.Errorf("after the review, last reviewed = %s", r.LastReviewed)
		}

		var hm struct {
			MethodVersion int     `json:"methodVersion"`
			Inherent      [][]int `json:"inherent"`
			Residual      [][]int `json:"residual"`
			Unscored      int     `json:"unscored"`
		}
		apiCall(t, mgr, "GET", "/api/v1/risks/heatmap", nil, 200, &hm)
		if hm.MethodVersion != 1 || hm.Inherent[3][3] != 1 || hm.Residual[1][2] != 1 || hm.Unscored != 1 {
			t.Errorf("the heatmap = %+v", hm)
		}

		export := body(t, f.mgrClient.get("/risks/export.csv"))
		var imp struct {
			DryRun                      bool
			Created, Updated, Unchanged int
			Refs                        []string
		}
		apiUpload(t, mgr, "POST", "/api/v1/risks/import?dryRun=true", "text/csv", []byte(export), 200, &imp)
		if !imp.DryRun || imp.Created != 0 || imp.Updated != 0 || imp.Unchanged != 2 {
			t.Errorf("re-importing the export = %+v", imp)
		}
		row := "\n,Stolen laptop" + strings.Repeat(",", len(app.RiskColumns)-2) + "\n"
		apiUpload(t, mgr, "POST", "/api/v1/risks/import?name=more.csv", "application/octet-stream", []byte(strings.Join(app.RiskColumns, ",")+row), 200, &imp)
		if imp.DryRun || imp.Created != 1 || !slices.Contains(imp.Refs, "R-3") {
			t.Errorf("importing a new row = %+v", imp)
		}
		e = apiCallErrUpload(t, mgr, "/api/v1/risks/import", "application/octet-stream", "x", 422)
		if e.Error.Fields["name"] == "" {
			t.Errorf("an import without a name: %+v", e)
		}

		apiCall(t, mgr, "DELETE", "/api/v1/risks/R-3", nil, http.StatusNoContent, nil)
		apiCallErr(t, mgr, "DELETE", "/api/v1/risks/R-1", nil, http.StatusConflict)
		apiCallErr(t, mgr, "GET", "/api/v1/risks/R-3", nil, http.StatusNotFound)
	})
}
