// SPDX-License-Identifier: Apache-2.0

package bench_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/bench"
	"github.com/ismsproject/isms/internal/bench/ceiling"
)

var testEndpoints = []ceiling.Endpoint{
	{Name: "risks.api", Title: "risks (API)", Path: "/api/v1/risks?limit=50", Ceiling: "/risks?limit=50"},
	{Name: "posture.page", Title: "posture", Path: "/frameworks/{iso}/posture", Ceiling: "/posture?framework={iso}", Page: true},
	{Name: "work.api", Title: "my work", Path: "/api/v1/me/work", Ceiling: "/work?userId={admin}&q={q}"},
}

func TestSelectEndpoints(t *testing.T) {
	all, err := bench.SelectEndpoints(testEndpoints, nil)
	if err != nil || len(all) != 3 {
		t.Fatalf("SelectEndpoints(all, nil) = %d endpoints, %v, want all 3", len(all), err)
	}
	got, err := bench.SelectEndpoints(testEndpoints, []string{"work.api", "risks.api"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, e.Name)
	}
	if diff := cmp.Diff([]string{"risks.api", "work.api"}, names); diff != "" {
		t.Errorf("SelectEndpoints kept the wrong endpoints, or not in report order (-want +got):\n%s", diff)
	}
	_, err = bench.SelectEndpoints(testEndpoints, []string{"risks.api", "nope"})
	if err == nil || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), "posture.page") {
		t.Errorf("SelectEndpoints with an unknown name: error = %v, want one naming it and listing the endpoints", err)
	}
}

func TestResolve(t *testing.T) {
	got, err := bench.Resolve(testEndpoints, map[string]string{"iso": "fw_abc", "admin": "user_x", "q": "a b/c"})
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Path != "/frameworks/fw_abc/posture" || got[1].Ceiling != "/posture?framework=fw_abc" {
		t.Errorf("Resolve filled %q and %q, want fw_abc in both", got[1].Path, got[1].Ceiling)
	}
	if got[2].Ceiling != "/work?userId=user_x&q=a%20b%2Fc" {
		t.Errorf("Resolve filled %q, want the value path-escaped", got[2].Ceiling)
	}
	if testEndpoints[1].Path != "/frameworks/{iso}/posture" {
		t.Error("Resolve changed the endpoints it was given")
	}
	_, err = bench.Resolve(testEndpoints, map[string]string{"iso": "fw_abc"})
	if err == nil || !strings.Contains(err.Error(), "work.api") || !strings.Contains(err.Error(), "{admin}") {
		t.Errorf("Resolve without a value: error = %v, want one naming the endpoint and the placeholder", err)
	}
}
