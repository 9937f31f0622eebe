// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/http"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiNC is a nonconformity as the API returns it with its actions.
type apiNC struct {
	Nonconformity isms.Nonconformity `json:"nonconformity"`
	Actions       []isms.NCAction    `json:"actions"`
	Links         []struct {
		Type  string  `json:"type"`
		ID    isms.ID `json:"id"`
		Title string  `json:"title"`
	} `json:"links"`
	Next string `json:"next"`
}

// apiNCOverview is the register's overview as the API returns it.
type apiNCOverview struct {
	OpenByAge []struct {
		Label        string
		Major, Minor int
	} `json:"openByAge"`
	Overdue      []isms.NCAction      `json:"overdue"`
	OverdueTotal int                  `json:"overdueTotal"`
	ChecksDue    []isms.Nonconformity `json:"checksDue"`
	BySource     []isms.NCTrend       `json:"bySource"`
}

func TestNCAPIFlow(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		e := apiCallErr(t, f.mgrC, "POST", "/api/v1/nonconformities", map[string]any{"title": "", "description": "", "source": "rumour",
			"grade": "minor", "detectedOn": "2026-03-01", "ownerId": "usr_nobody"}, http.StatusUnprocessableEntity)
		if got := fieldNames(e); len(got) != 4 || got[0] != "description" || got[1] != "ownerId" || got[2] != "source" || got[3] != "title" {
			t.Errorf("an invalid nonconformity's fields = %v", got)
		}
		body := map[string]any{"title": "Leavers keep access", "description": "Two leavers kept VPN access.", "source": "incident",
			"grade": "major", "detectedOn": "2026-02-20", "ownerId": f.mgr.ID}
		apiCallErr(t, f.viewC, "POST", "/api/v1/nonconformities", body, http.StatusForbidden)
		var n isms.Nonconformity
		apiCall(t, f.mgrC, "POST", "/api/v1/nonconformities", body, http.StatusCreated, &n)
		if n.Ref != "NC-1" || n.Status != isms.NCOpen || n.OwnerName == "" {
			t.Fatalf("raised %+v", n)
		}
		body["title"], body["version"] = "Leavers keep VPN access", n.Version
		apiCall(t, f.mgrC, "PUT", "/api/v1/nonconformities/NC-1", body, http.StatusOK, &n)
		apiCallErr(t, f.mgrC, "PUT", "/api/v1/nonconformities/NC-1", body, http.StatusConflict)
		var list apiPage[isms.Nonconformity]
		apiCall(t, f.viewC, "GET", "/api/v1/nonconformities?open=true&grade=major&source=incident", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].Title != "Leavers keep VPN access" {
			t.Errorf("list = %+v", list)
		}
		apiCallErr(t, f.viewC, "GET", "/api/v1/nonconformities?status=lost", nil, http.StatusUnprocessableEntity)

		base := "/api/v1/nonconformities/" + string(n.ID)
		var x isms.NCAction
		apiCall(t, f.mgrC, "POST", base+"/actions", map[string]any{"title": "Write a leaver checklist", "ownerId": f.mgr.ID,
			"due": "2026-03-01", "version": n.Version}, http.StatusCreated, &x)
		var o apiNCOverview
		apiCall(t, f.viewC, "GET", "/api/v1/nonconformities/overview", nil, http.StatusOK, &o)
		if len(o.OpenByAge) != 3 || o.OpenByAge[0].Major != 1 || len(o.BySource) == 0 {
			t.Errorf("overview = %+v", o)
		}
		if o.OverdueTotal != 1 || len(o.Overdue) != 1 || o.Overdue[0].TaskID != x.TaskID {
			t.Errorf("the action due yesterday is not overdue: %+v", o)
		}
		apiNCSteps(t, f, base, x)
	})
}

// apiNCSteps records the steps of the nonconformity at base through the
// API, closing action x, until it is closed.
func apiNCSteps(t *testing.T, f *supportFixture, base string, x isms.NCAction) {
	t.Helper()
	var v apiNC
	apiCall(t, f.viewC, "GET", base, nil, http.StatusOK, &v)
	if len(v.Actions) != 1 || v.Actions[0].Kind != isms.NCActionCorrective || v.Next != "Record the correction." {
		t.Fatalf("the nonconformity: %+v", v)
	}
	n := v.Nonconformity
	apiCallErr(t, f.mgrC, "DELETE", base, nil, http.StatusConflict)
	apiCall(t, f.mgrC, "POST", base+"/correction", map[string]any{"correction": "Accounts disabled.", "version": n.Version}, http.StatusOK, &n)
	e := apiCallErr(t, f.mgrC, "POST", base+"/root-cause", map[string]any{"method": "guess", "rootCause": "x", "version": n.Version},
		http.StatusUnprocessableEntity)
	if len(e.Error.Fields) == 0 {
		t.Errorf("an unknown method: %+v", e)
	}
	apiCall(t, f.mgrC, "POST", base+"/root-cause", map[string]any{"method": "five_whys", "rootCause": "No checklist.", "version": n.Version},
		http.StatusOK, &n)
	apiCall(t, f.mgrC, "POST", base+"/similar", map[string]any{"similar": "Contractors checked.", "version": n.Version}, http.StatusOK, &n)
	apiCallErr(t, f.mgrC, "POST", base+"/check-schedule", map[string]any{"on": "2026-05-01", "version": n.Version}, http.StatusConflict)
	apiCall(t, f.mgrC, "POST", "/api/v1/tasks/"+string(x.TaskID)+"/complete", map[string]any{"note": "Checklist in use."}, http.StatusOK, nil)
	apiCall(t, f.viewC, "GET", base, nil, http.StatusOK, &v)
	n = v.Nonconformity
	if n.Status != isms.NCVerifying {
		t.Fatalf("after the last action: %s", n.Status)
	}
	apiCall(t, f.mgrC, "POST", base+"/check-schedule", map[string]any{"on": "2026-05-01", "version": n.Version}, http.StatusOK, &n)
	e = apiCallErr(t, f.mgrC, "POST", base+"/check", map[string]any{"effective": false, "note": "Still one.", "action": map[string]any{
		"title": "Automate it", "due": "2026-06-01"}, "version": n.Version}, http.StatusUnprocessableEntity)
	if _, ok := e.Error.Fields["action.ownerId"]; !ok {
		t.Errorf("a new action without owner: %+v", e)
	}
	apiCall(t, f.mgrC, "POST", base+"/check", map[string]any{"effective": true, "note": "None since.", "version": n.Version}, http.StatusOK, &n)
	if n.Status != isms.NCClosed || len(n.Checks) != 1 || !n.Checks[0].Effective || n.ClosedOn.IsZero() {
		t.Errorf("after an effective check: %+v", n)
	}
	apiCallErr(t, f.mgrC, "POST", base+"/correction", map[string]any{"correction": "Again.", "version": n.Version}, http.StatusConflict)
}
