// SPDX-License-Identifier: Apache-2.0

package ceiling_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/bench/ceiling"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The ceiling must read the same data as the product: for every endpoint,
// the product's answer (the API's JSON, or the page's HTML and the API
// reading the same records) and the ceiling's JSON hold the same records
// in the same order and the same totals. The small demo has records in
// every module; the tests compare, and count nothing themselves.

// extra are the ceiling's paths outside the benchmark's endpoints, served
// for the load generator, with the product paths they mirror.
var extra = []ceiling.Endpoint{
	{Name: "members.api", Path: "/api/v1/members?limit=50", Ceiling: "/api/v1/members?limit=50"},
	{Name: "work.api", Path: "/api/v1/me/work?limit=50", Ceiling: "/api/v1/me/work?userId={admin}&limit=50"},
}

func TestCeiling(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newFixture(t, db)
		t.Run("the administrator is the one the benchmark signs in as", func(t *testing.T) {
			if got := fx.params["admin"]; got != string(fx.adminID) {
				t.Errorf(`Params()["admin"] = %q, want %q, the demo's administrator`, got, fx.adminID)
			}
		})
		t.Run("every path answers 200", func(t *testing.T) {
			for _, e := range append(ceiling.Endpoints(), extra...) {
				fx.t = t
				if status, b := fx.productGet(e.Path); status != http.StatusOK {
					t.Errorf("%s: product GET %s = %d, want 200: %.200s", e.Name, e.Path, status, b)
				}
				if status, b := fx.ceilingGet(e.Ceiling); status != http.StatusOK {
					t.Errorf("%s: ceiling GET %s = %d, want 200: %.200s", e.Name, e.Ceiling, status, b)
				}
			}
		})
		t.Run("every path answers as many concurrent requests as the benchmark's clients", func(t *testing.T) {
			for _, e := range ceiling.Endpoints() {
				if failed := fx.concurrentCeilingGets(e.Ceiling, 32); failed != "" {
					t.Errorf("%s: 32 concurrent ceiling GETs of %s: %s", e.Name, e.Ceiling, failed)
				}
			}
		})
		for _, e := range append(ceiling.Endpoints(), extra...) {
			t.Run("same data: "+e.Name, func(t *testing.T) {
				check, ok := sameData[e.Name]
				if !ok {
					t.Fatalf("no comparison for endpoint %s", e.Name)
				}
				fx.t = t
				check(fx, e)
			})
		}
		t.Run("bad input is refused, naming the parameter", func(t *testing.T) {
			fx.t = t
			for path, want := range map[string]string{
				"/api/v1/risks?colour=red":      "colour",
				"/api/v1/risks?level=nope":      "level",
				"/api/v1/evidence?limit=0":      "limit",
				"/page/audit?actor=x@y.example": "actor",
				"/api/v1/me/work":               "userId",
			} {
				status, b := fx.ceilingGet(path)
				if status != http.StatusBadRequest || !strings.Contains(string(b), want) {
					t.Errorf("ceiling GET %s = %d %q, want 400 naming %s", path, status, b, want)
				}
			}
			if _, err := ceiling.New(context.Background(), db, "no-such-org"); err == nil || !strings.Contains(err.Error(), "no-such-org") {
				t.Errorf("New(no-such-org) = %v, want an error naming the organization", err)
			}
			if _, err := ceiling.Params(context.Background(), db, "no-such-org"); err == nil || !strings.Contains(err.Error(), "no-such-org") {
				t.Errorf("Params(no-such-org) = %v, want an error naming the organization", err)
			}
		})
	})
}

func TestEndpointsAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range ceiling.Endpoints() {
		if e.Name == "" || e.Title == "" || e.Path == "" || e.Ceiling == "" || seen[e.Name] {
			t.Errorf("endpoint %+v: want a unique name, a title and both paths", e)
		}
		seen[e.Name] = true
		if e.Page == strings.HasPrefix(e.Path, "/api/") {
			t.Errorf("endpoint %s: Page = %v, but its path is %s", e.Name, e.Page, e.Path)
		}
	}
	if n := len(seen); n > 16 {
		t.Errorf("Endpoints() has %d endpoints, want at most 16", n)
	}
}

// sameData compares each endpoint's product and ceiling answers.
var sameData = map[string]func(fx *fixture, e ceiling.Endpoint){
	"dashboard.page":      checkDashboard,
	"posture.api":         checkPosture,
	"risks.api":           checkRisks,
	"risks.filtered.api":  checkRisks,
	"risks.filtered.page": checkRiskPage,
	"controls.api":        checkIDs,
	"controls.page":       listPage("/api/v1/controls?sort=ref&limit=50", "/controls/"),
	"soa.page":            checkSoAPage,
	"soa.api":             checkSoA,
	"framework.page":      checkFrameworkPage,
	"requirements.api":    checkRequirements,
	"evidence.api":        checkEvidence,
	"evidence.page":       listPage("/api/v1/evidence?sort=title&limit=50", "/evidence/"),
	"audit.api":           checkAudit,
	"audit.filtered.api":  checkAudit,
	"audit.page":          checkAuditPage,
	"members.api": func(fx *fixture, e ceiling.Endpoint) {
		sameList(fx, fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling), []string{"user", "id"}, []string{"user", "id"})
	},
	"work.api": func(fx *fixture, e ceiling.Endpoint) {
		p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
		sameList(fx, p, c, []string{"id"}, []string{"id"})
		same(fx.t, "overdue and today", []any{at(p, "overdue"), at(p, "today")}, []any{at(c, "overdue"), at(c, "today")})
	},
}

// same reports a difference between what the product and the ceiling say.
func same(t *testing.T, what string, product, ceil any) {
	t.Helper()
	if diff := cmp.Diff(product, ceil); diff != "" {
		t.Errorf("%s differ, product (-) and ceiling (+):\n%s", what, diff)
	}
}

// sameList compares two pages of a list: their totals and the identity of
// each item, in order.
func sameList(fx *fixture, p, c any, pID, cID []string) {
	fx.t.Helper()
	same(fx.t, "totals", at(p, "total"), at(c, "total"))
	same(fx.t, "items", each(p, []string{"items"}, pID...), each(c, []string{"items"}, cID...))
}

// noneAsEmpty writes a list encoded as null as an empty one, as the API
// sends it.
func noneAsEmpty(vs []string) []string {
	for i, v := range vs {
		if v == "<nil>" {
			vs[i] = "[]"
		}
	}
	return vs
}

// checkIDs compares API lists of records with an "id".
func checkIDs(fx *fixture, e ceiling.Endpoint) {
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	sameList(fx, p, c, []string{"id"}, []string{"id"})
	if len(each(c, []string{"items"}, "id")) == 0 {
		fx.t.Errorf("%s: no items to compare; the small demo has records in every module", e.Name)
	}
}

func checkEvidence(fx *fixture, e ceiling.Endpoint) {
	checkIDs(fx, e)
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	same(fx.t, "freshness", each(p, []string{"items"}, "freshness"), each(c, []string{"items"}, "freshness"))
}

func checkRisks(fx *fixture, e ceiling.Endpoint) {
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	sameList(fx, p, c, []string{"id"}, []string{"Risk", "id"})
	same(fx.t, "inherent levels", each(p, []string{"items"}, "inherentLevel", "key"), each(c, []string{"items"}, "Inherent", "key"))
	same(fx.t, "residual levels", each(p, []string{"items"}, "residualLevel", "key"), each(c, []string{"items"}, "Residual", "key"))
	same(fx.t, "flags", each(p, []string{"items"}, "flags"), noneAsEmpty(each(c, []string{"items"}, "Flags")))
}

func checkPosture(fx *fixture, e ceiling.Endpoint) {
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	samePosture(fx.t, p, c, []string{"items"})
}

// samePosture compares the product's posture list with the ceiling's
// posture at items.
func samePosture(t *testing.T, p, c any, items []string) {
	t.Helper()
	same(t, "frameworks", each(p, []string{"items"}, "framework", "id"), each(c, items, "Framework", "id"))
	same(t, "counts", each(p, []string{"items"}, "counts"), each(c, items, "Counts"))
	if len(each(c, items, "Framework", "id")) == 0 {
		t.Errorf("no framework posture to compare")
	}
}

func checkDashboard(fx *fixture, e ceiling.Endpoint) {
	fx.page(e)
	c := fx.ceilingJSON(e.Ceiling)
	samePosture(fx.t, fx.productJSON("/api/v1/posture"), c, []string{"posture"})
	r := fx.productJSON("/api/v1/readiness?severity=blocker")
	same(fx.t, "readiness scores", []any{at(r, "score"), at(r, "blockers")}, []any{at(c, "readiness", "score"), at(c, "readiness", "blockers")})
	same(fx.t, "blockers", each(r, []string{"findings"}, "rule"), each(c, []string{"readiness", "findings"}, "rule"))
	same(fx.t, "members", at(fx.productJSON("/api/v1/members?limit=1"), "total"), at(c, "dashboard", "members"))
	same(fx.t, "evidence", at(fx.productJSON("/api/v1/evidence?limit=1"), "total"), at(c, "dashboard", "evidence", "total"))
	same(fx.t, "recent events", each(fx.productJSON("/api/v1/audit-events?limit=8"), []string{"items"}, "seq"),
		each(c, []string{"dashboard", "recent"}, "seq"))
}

func checkRiskPage(fx *fixture, e ceiling.Endpoint) {
	doc := fx.page(e)
	c := fx.ceilingJSON(e.Ceiling)
	_, query, _ := strings.Cut(e.Path, "?")
	sameList(fx, fx.productJSON("/api/v1/risks?"+query+"&sort=ref&limit=50"), c, []string{"id"}, []string{"Risk", "id"})
	same(fx.t, "rows of the page", rowLinks(doc, "/risks/"), each(c, []string{"items"}, "Risk", "id"))
}

// listPage compares a list page with its ceiling and with the API list
// that reads the same records: api, whose items link to prefix+ID.
func listPage(api, prefix string) func(fx *fixture, e ceiling.Endpoint) {
	return func(fx *fixture, e ceiling.Endpoint) {
		doc := fx.page(e)
		c := fx.ceilingJSON(e.Ceiling)
		sameList(fx, fx.productJSON(api), c, []string{"id"}, []string{"id"})
		same(fx.t, "rows of the page", rowLinks(doc, prefix), each(c, []string{"items"}, "id"))
		if len(each(c, []string{"items"}, "id")) == 0 {
			fx.t.Errorf("%s: no items to compare; the small demo has records in every module", e.Name)
		}
	}
}

func checkSoA(fx *fixture, e ceiling.Endpoint) {
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	same(fx.t, "versions", at(p, "soa", "id"), at(c, "SoA", "id"))
	same(fx.t, "lines", each(p, []string{"lines"}, "requirementId"), each(c, []string{"Lines"}, "requirementId"))
	same(fx.t, "issues", each(p, []string{"issues"}, "rule"), each(c, []string{"Issues"}, "rule"))
	if len(each(c, []string{"Lines"}, "requirementId")) == 0 {
		fx.t.Errorf("no SoA lines to compare")
	}
}

func checkSoAPage(fx *fixture, e ceiling.Endpoint) {
	doc := fx.page(e)
	c := fx.ceilingJSON(e.Ceiling)
	same(fx.t, "version shown", fx.params["soa"], at(c, "view", "SoA", "id"))
	p := fx.productJSON("/api/v1/soa/{soa}")
	same(fx.t, "lines", each(p, []string{"lines"}, "requirementId"), each(c, []string{"view", "Lines"}, "requirementId"))
	var rows []string
	doc.Find(`tbody tr[id^="line-"]`).Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		rows = append(rows, strings.TrimPrefix(id, "line-"))
	})
	lines := each(c, []string{"view", "Lines"}, "requirementId")
	slices.Sort(rows)
	slices.Sort(lines)
	same(fx.t, "lines of the page", rows, lines)
}

func checkRequirements(fx *fixture, e ceiling.Endpoint) {
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	sameList(fx, p, c, []string{"id"}, []string{"id"})
	same(fx.t, "coverage", each(p, []string{"items"}, "coverage"), each(c, []string{"items"}, "Coverage"))
}

func checkFrameworkPage(fx *fixture, e ceiling.Endpoint) {
	doc := fx.page(e)
	c := fx.ceilingJSON(e.Ceiling)
	p := fx.productJSON("/api/v1/frameworks/{iso}/requirements?limit=500")
	tree := each(c, []string{"requirements"}, "id")
	if total := at(p, "total"); total != float64(len(tree)) {
		fx.t.Errorf("the ceiling's tree has %d requirements, the API's total is %v", len(tree), total)
	}
	same(fx.t, "requirements", each(p, []string{"items"}, "id"), tree)
	same(fx.t, "coverage", each(p, []string{"items"}, "coverage"), each(c, []string{"requirements"}, "Coverage"))
	same(fx.t, "rows of the page", rowLinks(doc, "/requirements/"), tree)
	same(fx.t, "posture", at(fx.productJSON("/api/v1/frameworks/{iso}/posture"), "counts"), at(c, "posture", "Counts"))
}

func checkAudit(fx *fixture, e ceiling.Endpoint) {
	p, c := fx.productJSON(e.Path), fx.ceilingJSON(e.Ceiling)
	sameList(fx, p, c, []string{"seq"}, []string{"seq"})
	same(fx.t, "heads", at(p, "head"), at(c, "head"))
	if len(each(c, []string{"items"}, "seq")) == 0 {
		fx.t.Errorf("%s: no events to compare", e.Name)
	}
}

func checkAuditPage(fx *fixture, e ceiling.Endpoint) {
	doc := fx.page(e)
	c := fx.ceilingJSON(e.Ceiling)
	p := fx.productJSON("/api/v1/audit-events?limit=50")
	sameList(fx, p, c, []string{"seq"}, []string{"seq"})
	var hashes []string
	doc.Find(`tbody tr code[title]`).Each(func(_ int, s *goquery.Selection) {
		h, _ := s.Attr("title")
		hashes = append(hashes, h)
	})
	same(fx.t, "rows of the page", hashes, each(c, []string{"items"}, "hash"))
}

// page requests an endpoint's page from the product and parses it.
func (fx *fixture) page(e ceiling.Endpoint) *goquery.Document {
	fx.t.Helper()
	status, b := fx.productGet(e.Path)
	if status != http.StatusOK {
		fx.t.Fatalf("product GET %s = %d, want 200", e.Path, status)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		fx.t.Fatalf("parse %s: %v", e.Path, err)
	}
	return doc
}

// rowLinks returns, for each row of the page's tables that links to a
// record at prefix+ID, that ID, in order.
func rowLinks(doc *goquery.Document, prefix string) []string {
	out := []string{}
	doc.Find("tbody tr").Each(func(_ int, row *goquery.Selection) {
		if href, ok := row.Find(`a[href^="` + prefix + `"]`).First().Attr("href"); ok {
			out = append(out, strings.TrimPrefix(href, prefix))
		}
	})
	return out
}
