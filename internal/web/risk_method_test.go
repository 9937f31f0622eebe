// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// rmFixture is an organization with an administrator (who approves), an
// ISMS manager (who drafts methods), a contributor and a viewer.
type rmFixture struct {
	h                        *harness
	org                      *isms.Organization
	admin, mgr, contrib, vwr *isms.User
	asAdmin, asMgr           isms.Actor
	mgrClient, viewClient    *client
}

func newRMFixture(t *testing.T, db *sqldb.DB) *rmFixture {
	h := newHarness(t, db)
	f := &rmFixture{h: h}
	f.org, f.admin = h.org("acme")
	f.mgr = h.member(f.org, "mgr", isms.RoleManager)
	f.contrib = h.member(f.org, "contrib", isms.RoleContributor)
	f.vwr = h.member(f.org, "viewer", isms.RoleViewer)
	f.asAdmin = isms.Actor{UserID: f.admin.ID, Name: f.admin.Name, OrgID: f.org.ID, Role: isms.RoleAdmin}
	f.asMgr = isms.Actor{UserID: f.mgr.ID, Name: f.mgr.Name, OrgID: f.org.ID, Role: isms.RoleManager}
	f.mgrClient, f.viewClient = h.signIn(f.mgr), h.signIn(f.vwr)
	return f
}

// draft starts a draft from preset size as the manager.
func (f *rmFixture) draft(size int) *isms.RiskMethod {
	f.h.t.Helper()
	m, err := f.h.app.CreateRiskMethodDraft(context.Background(), f.asMgr, app.RiskMethodDraftInput{Preset: size})
	if err != nil {
		f.h.t.Fatalf("CreateRiskMethodDraft(%d): %v", size, err)
	}
	return m
}

// approve submits method id as the manager and approves it as the admin.
func (f *rmFixture) approve(id isms.ID) *isms.RiskMethod {
	f.h.t.Helper()
	ctx := context.Background()
	ap, err := f.h.app.SubmitForApproval(ctx, f.asMgr, app.SubmitInput{ObjectType: "risk_method", ObjectID: id, ApproverIDs: []isms.ID{f.admin.ID}})
	if err != nil {
		f.h.t.Fatalf("SubmitForApproval: %v", err)
	}
	if _, err := f.h.app.DecideApproval(ctx, f.asAdmin, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		f.h.t.Fatalf("DecideApproval: %v", err)
	}
	return f.method(id)
}

func (f *rmFixture) method(id isms.ID) *isms.RiskMethod {
	f.h.t.Helper()
	d, err := f.h.app.FindRiskMethod(context.Background(), f.asMgr, id)
	if err != nil {
		f.h.t.Fatalf("FindRiskMethod: %v", err)
	}
	return d.Method
}

// rmFormValues returns what a browser would send for form: its inputs,
// checked boxes, selected options and text areas.
func rmFormValues(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input[name], select[name], textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch goquery.NodeName(s) {
		case "input":
			if typ := s.AttrOr("type", "text"); (typ == "checkbox" || typ == "radio") && !s.Is("[checked]") {
				return
			}
			v.Add(name, s.AttrOr("value", ""))
		case "select":
			opts := s.Find("option[selected]")
			if opts.Length() == 0 && !s.Is("[multiple]") {
				opts = s.Find("option").First()
			}
			opts.Each(func(_ int, o *goquery.Selection) { v.Add(name, o.AttrOr("value", "")) })
		case "textarea":
			v.Add(name, s.Text())
		}
	})
	return v
}

// byID finds the element with id, whatever characters the id holds.
func byID(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[id="` + id + `"]`)
}

var hexFill = regexp.MustCompile(`^#[0-9a-f]{6}$`)

func TestRiskMethodStartsFromAPresetAndShowsItsMatrix(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		c := f.mgrClient
		doc := page(t, c.get("/risk-method"))
		if got := text(doc, ".empty h2"); got != "No approved risk method yet" {
			t.Errorf("the empty method page says %q", got)
		}
		var presets []string
		doc.Find(`.empty form[action="/risk-methods"] input[name=preset]`).Each(func(_ int, s *goquery.Selection) {
			presets = append(presets, s.AttrOr("value", ""))
		})
		if strings.Join(presets, " ") != "3 4 5" {
			t.Errorf("the empty state offers presets %v, want 3 4 5", presets)
		}
		resp := f.viewClient.post("/risk-methods", url.Values{"preset": {"4"}})
		resp.Body.Close()
		wantStatus(t, "the viewer starts a draft", resp, http.StatusForbidden)

		resp = c.post("/risk-methods", url.Values{"preset": {"4"}})
		resp.Body.Close()
		wantStatus(t, "starting a 4×4 draft", resp, http.StatusSeeOther)
		edit := resp.Header.Get("Location")
		if !strings.HasPrefix(edit, "/risk-methods/rmt_") || !strings.HasSuffix(edit, "/edit") {
			t.Fatalf("the new draft redirects to %q, want its edit form", edit)
		}
		resp = c.post("/risk-methods", url.Values{"preset": {"3"}})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/risk-method" {
			t.Errorf("a second draft: %d to %q, want 303 to /risk-method", resp.StatusCode, loc)
		}
		doc = page(t, c.get("/risk-method"))
		if got := text(doc, ".flash-error"); !strings.Contains(got, "Draft v1 exists") {
			t.Errorf("a second draft is refused with %q", got)
		}
		doc = page(t, c.get(edit))
		if n := doc.Find(`input[name^="likelihood["][name$=".label"]`).Length(); n != 4 {
			t.Errorf("the 4×4 form has %d likelihood rows", n)
		}
		if n := doc.Find(`select[name^="matrix["]`).Length(); n != 16 {
			t.Errorf("the 4×4 form has %d matrix cells", n)
		}
		id := isms.ID(strings.TrimSuffix(strings.TrimPrefix(edit, "/risk-methods/"), "/edit"))
		m := f.approve(id)
		checkMethodPage(t, page(t, c.get("/risk-method")), m)
		doc = page(t, f.viewClient.get("/risk-method"))
		if doc.Find(`form[action="/risk-methods"]`).Length() != 0 || doc.Find("table.risk-matrix").Length() != 1 {
			t.Error("the viewer is offered a new version, or does not see the matrix")
		}
	})
}

// checkMethodPage checks that doc shows approved method m: its matrix
// with the highest likelihood first, each cell coloured and labelled, and
// its acceptance criteria.
func checkMethodPage(t *testing.T, doc *goquery.Document, m *isms.RiskMethod) {
	t.Helper()
	if got := text(doc, "h1"); !strings.Contains(got, "v1") || !strings.Contains(got, "approved") {
		t.Errorf("the method page's heading is %q", got)
	}
	rows := doc.Find("table.risk-matrix tbody tr")
	if rows.Length() != len(m.Likelihood) {
		t.Fatalf("the matrix has %d rows, want %d", rows.Length(), len(m.Likelihood))
	}
	top := m.Likelihood[len(m.Likelihood)-1].Label
	if got := strings.TrimSpace(rows.First().Find("th").Text()); !strings.HasSuffix(got, top) {
		t.Errorf("the first row is %q, want the highest likelihood %q", got, top)
	}
	rows.Each(func(r int, row *goquery.Selection) {
		row.Find("td.matrix-cell").Each(func(i int, cell *goquery.Selection) {
			want := m.Level(m.LevelOf(len(m.Likelihood)-r, i+1))
			fill := cell.Find("svg rect").AttrOr("fill", "")
			if got := strings.TrimSpace(cell.Text()); got != want.Label || fill != want.Color || !hexFill.MatchString(fill) {
				t.Errorf("cell (%d, %d) shows %q on %q, want %q on %q", r, i, got, fill, want.Label, want.Color)
			}
			if !cell.HasClass("ink-dark") && !cell.HasClass("ink-light") {
				t.Errorf("cell (%d, %d) has no ink class", r, i)
			}
		})
	})
	if n := doc.Find("#ac-heading ~ .table-wrap tbody tr").Length(); n != len(m.Levels) {
		t.Errorf("the acceptance criteria list %d levels, want %d", n, len(m.Levels))
	}
	if doc.Find("[style]").Length() != 0 {
		t.Error("the method page uses an inline style, which the CSP forbids")
	}
}

func TestRiskMethodFormShowsProblemsAtTheFieldAndResizes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		c := f.mgrClient
		m := f.draft(3)
		edit := "/risk-methods/" + string(m.ID) + "/edit"
		v := rmFormValues(page(t, c.get(edit)).Find("form.form-wide"))
		if v.Get("csrf") == "" || v.Get("version") != "1" || v.Get("likelihoodCount") != "3" {
			t.Fatalf("the form sends csrf %q, version %q, likelihoodCount %q", v.Get("csrf"), v.Get("version"), v.Get("likelihoodCount"))
		}
		v.Set("name", "Our method")
		v.Set("likelihood[1].label", "")
		v.Set("levels[0].color", "red")
		v.Set("reviewMonths", "often")
		resp := c.post(edit, v)
		doc := page(t, resp)
		wantStatus(t, "a draft with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"likelihood[1].label", "levels[0].color", "reviewMonths"} {
			in := byID(doc, "f-"+field)
			if in.AttrOr("aria-invalid", "") != "true" || strings.TrimSpace(in.NextAllFiltered("p.error").Text()) == "" {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if n := doc.Find(".error-summary li").Length(); n != 3 {
			t.Errorf("the error summary lists %d problems, want 3", n)
		}
		if got := byID(doc, "f-name").AttrOr("value", ""); got != "Our method" {
			t.Errorf("the typed name was lost: %q", got)
		}

		doc = page(t, c.get(edit+"?likelihood=5&impact=4&levels=3"))
		for _, want := range []struct {
			sel string
			n   int
		}{{`input[name^="likelihood["][name$=".label"]`, 5}, {`input[name^="impact["][name$=".label"]`, 4},
			{`input[name^="levels["][name$=".key"]`, 3}, {`select[name^="matrix["]`, 20}, {`select[name^="matrix["] option[selected][value="0"]`, 0}} {
			if n := doc.Find(want.sel).Length(); n != want.n {
				t.Errorf("the resized form has %d of %s, want %d", n, want.sel, want.n)
			}
		}
		resp = c.get(edit + "?likelihood=12&impact=4&levels=3")
		if doc := page(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("details .error").Text(), "2 to 10") {
			t.Errorf("a resize to 12 levels: status %d, message %q", resp.StatusCode, doc.Find("details .error").Text())
		}
		v = rmFormValues(doc.Find("form.form-wide"))
		v.Set("name", "Our 5 × 4 method")
		resp = c.post(edit, v)
		resp.Body.Close()
		wantStatus(t, "saving the resized draft", resp, http.StatusSeeOther)
		saved := f.method(m.ID)
		if saved.Name != "Our 5 × 4 method" || len(saved.Likelihood) != 5 || len(saved.Impact) != 4 || len(saved.Levels) != 3 || saved.Version != 2 {
			t.Errorf("saved %q with %d×%d and %d levels, version %d", saved.Name, len(saved.Likelihood), len(saved.Impact), len(saved.Levels), saved.Version)
		}
		resp = c.post(edit, v)
		doc = page(t, resp)
		wantStatus(t, "a stale save", resp, http.StatusConflict)
		if got := text(doc, ".flash-error"); !strings.Contains(got, "Someone else changed this draft") {
			t.Errorf("a stale save says %q", got)
		}
	})
}

func TestRiskMethodRescoreMovesOldRisksToTheNewVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		ctx, c := context.Background(), f.mgrClient
		v1 := f.approve(f.draft(5).ID)
		rk, err := f.h.app.CreateRisk(ctx, f.asMgr, app.RiskInput{Title: "Ransomware on the file server", InherentLikelihood: "5", InherentImpact: "5",
			ResidualLikelihood: "2", ResidualImpact: "2", Treatment: "modify"})
		if err != nil {
			t.Fatalf("CreateRisk: %v", err)
		}
		v2 := f.approve(f.draft(3).ID)
		doc := page(t, c.get("/risk-method"))
		rescore := "/risk-methods/" + string(v1.ID) + "/rescore"
		if got := text(doc, ".flash-info"); !strings.Contains(got, "Scored under v1: 1 risk") || doc.Find(`.flash-info a[href="`+rescore+`"]`).Length() != 1 {
			t.Errorf("the method page does not offer to re-score v1's risk: %q", got)
		}
		resp := f.viewClient.get(rescore)
		resp.Body.Close()
		wantStatus(t, "the viewer previews a re-score", resp, http.StatusForbidden)
		doc = page(t, c.get(rescore))
		if got := byID(doc, "f-likelihood[4]").Find("option[selected]").AttrOr("value", ""); got != "3" {
			t.Errorf("old likelihood 5 maps to %q by default, want 3", got)
		}
		row := strings.Join(strings.Fields(doc.Find("#preview-heading ~ .table-wrap tbody tr").First().Text()), " ")
		wantAfter := v2.LevelLabel(v2.LevelOf(3, 3))
		if !strings.Contains(row, rk.Ref) || !strings.Contains(row, "→ "+wantAfter) {
			t.Errorf("the preview row is %q, want %s moving to %s", row, rk.Ref, wantAfter)
		}
		apply := rmFormValues(doc.Find(`form[method=post][action="` + rescore + `"]`))
		apply.Set("likelihood[4]", "2")
		resp = c.post(rescore, apply)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/risk-method" {
			t.Fatalf("applying the re-score: %d to %q", resp.StatusCode, loc)
		}
		d, err := f.h.app.FindRisk(ctx, f.asMgr, string(rk.ID))
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Risk; got.MethodID != v2.ID || got.Inherent.Likelihood != 2 || got.Inherent.Level != v2.LevelOf(2, 3) {
			t.Errorf("after re-scoring, the risk is under %s with inherent %+v", got.MethodID, got.Inherent)
		}
		doc = page(t, c.get(rescore))
		if got := text(doc, "#preview-heading ~ p.muted"); !strings.Contains(got, "nothing to re-score") {
			t.Errorf("after re-scoring, v1's preview says %q", got)
		}
		if doc.Find(`form[method=post][action="`+rescore+`"]`).Length() != 0 {
			t.Error("v1 still offers to apply a re-score of no risks")
		}
	})
}

// apiMethod is a risk method version as the API writes it.
type apiMethod struct {
	ID         isms.ID          `json:"id"`
	Number     int              `json:"number"`
	Name       string           `json:"name"`
	Status     string           `json:"status"`
	Version    int              `json:"version"`
	Likelihood []map[string]any `json:"likelihood"`
	Impact     []map[string]any `json:"impact"`
	Levels     []map[string]any `json:"levels"`
	Matrix     [][]int          `json:"matrix"`
	Extra      map[string]any   `json:"-"`
}

func TestAPIRiskMethods(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		c := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		apiCallErr(t, f.h.token(f.contrib, f.org, isms.ScopeReadWrite), "POST", "/api/v1/risk-methods", map[string]any{"preset": 4}, http.StatusForbidden)
		var m apiMethod
		apiCall(t, c, "POST", "/api/v1/risk-methods", map[string]any{"preset": 4}, http.StatusCreated, &m)
		apiCallErr(t, c, "POST", "/api/v1/risk-methods", map[string]any{"preset": 0}, http.StatusConflict)
		if m.Number != 1 || m.Status != "draft" || len(m.Matrix) != 4 {
			t.Fatalf("the new draft: %+v", m)
		}
		put := map[string]any{"name": "Our 4 × 4", "likelihood": m.Likelihood, "impact": m.Impact, "levels": m.Levels,
			"matrix": m.Matrix, "reviewMonths": 6, "version": m.Version}
		m.Likelihood[1]["label"] = ""
		e := apiCallErr(t, c, "PUT", "/api/v1/risk-methods/"+string(m.ID), put, http.StatusUnprocessableEntity)
		if _, ok := e.Error.Fields["likelihood[1].label"]; !ok {
			t.Errorf("an empty label is reported on %v, want likelihood[1].label", fieldNames(e))
		}
		m.Likelihood[1]["label"] = "Unlikely enough"
		var saved apiMethod
		apiCall(t, c, "PUT", "/api/v1/risk-methods/"+string(m.ID), put, http.StatusOK, &saved)
		if saved.Name != "Our 4 × 4" || saved.Version != m.Version+1 {
			t.Errorf("saved %q at version %d", saved.Name, saved.Version)
		}
		apiCallErr(t, c, "PUT", "/api/v1/risk-methods/"+string(m.ID), put, http.StatusConflict)
		apiCallErr(t, c, "GET", "/api/v1/risk-methods/current", nil, http.StatusNotFound)
		v1 := f.approve(m.ID)
		var d struct {
			Method    apiMethod `json:"method"`
			CurrentID isms.ID   `json:"currentId"`
			Approved  struct {
				ContentSHA256 string `json:"contentSha256"`
			} `json:"approvedApproval"`
		}
		apiCall(t, c, "GET", "/api/v1/risk-methods/current", nil, http.StatusOK, &d)
		if d.Method.ID != v1.ID || d.CurrentID != v1.ID || d.Approved.ContentSHA256 == "" {
			t.Errorf("the current method: %+v", d)
		}
		rk := f.risk("Ransomware", "4", "4")
		f.approve(f.draft(3).ID)
		var list apiPage[apiMethod]
		apiCall(t, c, "GET", "/api/v1/risk-methods", nil, http.StatusOK, &list)
		if len(list.Items) != 2 || list.Items[0].Number != 2 || list.Items[1].Status != "superseded" {
			t.Errorf("the versions: %+v", list.Items)
		}
		rescoreThroughTheAPI(t, c, f, v1.ID, rk)
	})
}

// rescoreThroughTheAPI previews and applies the re-score of v1's risk rk.
func rescoreThroughTheAPI(t *testing.T, c *client, f *rmFixture, v1 isms.ID, rk *isms.Risk) {
	t.Helper()
	var out struct {
		DryRun bool `json:"dryRun"`
		From   int  `json:"fromVersion"`
		To     int  `json:"toVersion"`
		Count  int  `json:"count"`
		Risks  []struct {
			Ref          string    `json:"ref"`
			LevelsBefore [2]string `json:"levelsBefore"`
		} `json:"risks"`
	}
	path := "/api/v1/risk-methods/" + string(v1) + "/rescore"
	apiCall(t, c, "POST", "/api/v1/risk-methods/v1/rescore?dryRun=true", map[string]any{}, http.StatusOK, &out)
	if !out.DryRun || out.From != 1 || out.To != 2 || out.Count != 1 || len(out.Risks) != 1 || out.Risks[0].Ref != rk.Ref || out.Risks[0].LevelsBefore[0] == "" {
		t.Errorf("the dry run: %+v", out)
	}
	e := apiCallErr(t, c, "POST", path, map[string]any{"likelihood": []int{1, 2, 3, 9}}, http.StatusUnprocessableEntity)
	if got := strings.Join(fieldNames(e), " "); got != "impact likelihood[3]" {
		t.Errorf("a bad mapping is reported on %q, want impact and likelihood[3]", got)
	}
	apiCall(t, c, "POST", path, map[string]any{"likelihood": []int{1, 2, 3, 3}, "impact": []int{1, 1, 2, 3}}, http.StatusOK, &out)
	if out.DryRun || out.Count != 1 || len(out.Risks) != 0 {
		t.Errorf("the re-score: %+v", out)
	}
	apiCall(t, c, "POST", path, map[string]any{}, http.StatusOK, &out)
	if out.Count != 0 {
		t.Errorf("re-scoring again re-scored %d risks", out.Count)
	}
}
