// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// readinessTrendJSON is GET /api/v1/readiness/trend.
type readinessTrendJSON struct {
	Days int                 `json:"days"`
	Runs []isms.ReadinessRun `json:"runs"`
}

// roadmapJSON is GET /api/v1/roadmap.
type roadmapJSON struct {
	Score   int                `json:"score"`
	Size    isms.OrgSize       `json:"size"`
	Current int                `json:"current"`
	Steps   []isms.RoadmapStep `json:"steps"`
}

func TestReadinessAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		acme, _ := h.org("acme")
		viewer := h.token(h.member(acme, "vic", isms.RoleViewer), acme, isms.ScopeRead)
		employee := h.token(h.member(acme, "emma", isms.RoleEmployee), acme, isms.ScopeReadWrite)

		var raw json.RawMessage
		apiCall(t, viewer, "GET", "/api/v1/readiness", nil, http.StatusOK, &raw)
		all := sameAsReadiness(t, raw)
		if all.Rules != len(isms.ReadinessRules()) || len(all.Clauses) != len(isms.ScoreClauses()) || all.Size != isms.OrgSmall {
			t.Errorf("GET /readiness = %d rules, %d clauses, size %s; want every rule and clause of a small organization",
				all.Rules, len(all.Clauses), all.Size)
		}
		var blockers isms.Readiness
		apiCall(t, viewer, "GET", "/api/v1/readiness?severity=blocker&clause=6.1", nil, http.StatusOK, &blockers)
		for _, f := range blockers.Findings {
			if f.Severity != isms.SeverityBlocker || isms.ScoreClause(f.Clause) != "6.1" {
				t.Errorf("GET /readiness?severity=blocker&clause=6.1 lists %s %s %s", f.Severity, f.Clause, f.Rule)
			}
		}
		if blockers.Score != all.Score || !cmp.Equal(blockers.Clauses, all.Clauses) {
			t.Errorf("a filter changed the scores: %d, want %d", blockers.Score, all.Score)
		}
		for path, fields := range map[string][]string{
			"/api/v1/readiness?severity=critical":         {"severity"},
			"/api/v1/readiness?clause=11.1":               {"clause"},
			"/api/v1/readiness?severity=major&clause=A.8": {"clause", "severity"},
			"/api/v1/readiness/trend?days=0":              {"days"},
			"/api/v1/readiness/trend?days=731":            {"days"},
			"/api/v1/readiness/trend?days=a%20month":      {"days"},
		} {
			if e := apiCallErr(t, viewer, "GET", path, nil, http.StatusUnprocessableEntity); !slices.Equal(fieldNames(e), fields) {
				t.Errorf("GET %s: fields %v, want %v", path, fieldNames(e), fields)
			}
		}
		for _, path := range []string{"/api/v1/readiness", "/api/v1/readiness/trend", "/api/v1/roadmap"} {
			apiCallErr(t, employee, "GET", path, nil, http.StatusForbidden)
		}
		checkReadinessTrendAPI(t, h, viewer, acme)
		checkRoadmapAPI(t, viewer)
	})
}

// checkReadinessTrendAPI checks that the trend keeps one run per day and
// that another organization's runs never show.
func checkReadinessTrendAPI(t *testing.T, h *harness, viewer *client, acme *isms.Organization) {
	t.Helper()
	var trend readinessTrendJSON
	apiCall(t, viewer, "GET", "/api/v1/readiness/trend", nil, http.StatusOK, &trend)
	if trend.Days != 90 || len(trend.Runs) != 1 || trend.Runs[0].Day.String() != "2026-03-02" {
		t.Fatalf("GET /readiness/trend = %+v, want 90 days with today's run only", trend)
	}
	beta, betaAdmin := h.org("beta")
	other := h.token(betaAdmin, beta, isms.ScopeReadWrite)
	apiCall(t, other, "GET", "/api/v1/readiness/trend?days=730", nil, http.StatusOK, &trend)
	if len(trend.Runs) != 0 {
		t.Errorf("beta's trend before its first check = %+v, want none", trend.Runs)
	}
	h.clock.Advance(24 * time.Hour)
	apiCall(t, viewer, "GET", "/api/v1/readiness", nil, http.StatusOK, nil)
	apiCall(t, other, "GET", "/api/v1/readiness", nil, http.StatusOK, nil)
	apiCall(t, viewer, "GET", "/api/v1/readiness/trend?days=2", nil, http.StatusOK, &trend)
	if trend.Days != 2 || len(trend.Runs) != 2 || trend.Runs[0].Day.String() != "2026-03-02" || trend.Runs[1].Day.String() != "2026-03-03" {
		t.Errorf("acme's trend over two days = %+v, want one run a day, oldest first", trend)
	}
	apiCall(t, other, "GET", "/api/v1/readiness/trend", nil, http.StatusOK, &trend)
	if len(trend.Runs) != 1 || trend.Runs[0].Day.String() != "2026-03-03" {
		t.Errorf("beta's trend = %+v, want its own run only", trend.Runs)
	}
}

// checkRoadmapAPI checks the roadmap's steps.
func checkRoadmapAPI(t *testing.T, viewer *client) {
	t.Helper()
	var m roadmapJSON
	apiCall(t, viewer, "GET", "/api/v1/roadmap", nil, http.StatusOK, &m)
	if len(m.Steps) != 10 || m.Size != isms.OrgSmall || m.Steps[0].Key != "context" || m.Steps[9].Key != "improvement" {
		t.Fatalf("GET /roadmap = %d steps for a %s organization, want the ten steps", len(m.Steps), m.Size)
	}
	want := 0
	for _, st := range m.Steps {
		if st.Status != isms.StepDone {
			want = st.Number
			break
		}
	}
	if m.Current != want {
		t.Errorf("current step = %d, want %d (the first not done)", m.Current, want)
	}
	for _, st := range m.Steps {
		if st.Fix == "" || st.Action == "" || len(st.Guide) != len(st.Clauses) {
			t.Errorf("step %s = fix %q, action %q, %d guides for %d clauses", st.Key, st.Fix, st.Action, len(st.Guide), len(st.Clauses))
		}
	}
}

// sameAsReadiness decodes the API's readiness and checks that it is the
// JSON of isms.Readiness, which "isms check --format json" writes: encoding
// the decoded value again gives the same bytes.
func sameAsReadiness(t *testing.T, raw json.RawMessage) isms.Readiness {
	t.Helper()
	var r isms.Readiness
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&r); err != nil {
		t.Fatal(err)
	}
	if got := bytes.TrimSpace(b.Bytes()); !bytes.Equal(got, bytes.TrimSpace(raw)) {
		t.Errorf("the API's readiness is not the JSON of isms.Readiness:\nAPI:  %s\nisms: %s", raw, got)
	}
	return r
}
