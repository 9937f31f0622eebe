// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// riskFixture is an organization with a manager, a contributor and a
// viewer, an asset AS-1 and a control C-1; its risk method is approved by
// approve.
type riskFixture struct {
	h                                 *harness
	org                               *isms.Organization
	admin, mgr, contrib, viewer       *isms.User
	asAdmin, asMgr                    isms.Actor
	method                            *isms.RiskMethod
	asset                             *isms.Asset
	control                           *isms.Control
	mgrClient, contribClient, viewCli *client
}

func newRiskFixture(t *testing.T, db *sqldb.DB) *riskFixture {
	h := newHarness(t, db)
	f := &riskFixture{h: h}
	f.org, f.admin = h.org("acme")
	f.mgr = h.member(f.org, "mgr", isms.RoleManager)
	f.contrib = h.member(f.org, "contrib", isms.RoleContributor)
	f.viewer = h.member(f.org, "viewer", isms.RoleViewer)
	f.asAdmin = isms.Actor{UserID: f.admin.ID, Name: f.admin.Name, OrgID: f.org.ID, Role: isms.RoleAdmin}
	f.asMgr = isms.Actor{UserID: f.mgr.ID, Name: f.mgr.Name, OrgID: f.org.ID, Role: isms.RoleManager}
	ctx := context.Background()
	var err error
	if f.asset, err = h.app.CreateAsset(ctx, f.asMgr, app.AssetInput{Ref: "AS-1", Name: "File server", Type: "hardware"}); err != nil {
		t.Fatalf("CreateAsset: %v", err)
	}
	if f.control, err = h.app.CreateControl(ctx, f.asMgr, app.ControlInput{Ref: "C-1", Title: "Offline backups", Status: "planned"}); err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	f.mgrClient, f.contribClient, f.viewCli = h.signIn(f.mgr), h.signIn(f.contrib), h.signIn(f.viewer)
	return f
}

// approveRiskMethod has author draft a method (a preset, or a copy of the
// current version for 0) and approver approve it, and returns it.
func approveRiskMethod(t *testing.T, h *harness, author, approver isms.Actor, preset int) *isms.RiskMethod {
	t.Helper()
	ctx := context.Background()
	d, err := h.app.CreateRiskMethodDraft(ctx, author, app.RiskMethodDraftInput{Preset: preset})
	if err != nil {
		t.Fatalf("CreateRiskMethodDraft: %v", err)
	}
	ap, err := h.app.SubmitForApproval(ctx, author, app.SubmitInput{ObjectType: "risk_method", ObjectID: d.ID, Version: d.Version,
		ApproverIDs: []isms.ID{approver.UserID}})
	if err != nil {
		t.Fatalf("SubmitForApproval(risk_method): %v", err)
	}
	if _, err := h.app.DecideApproval(ctx, approver, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		t.Fatalf("DecideApproval(risk_method): %v", err)
	}
	m, err := h.app.CurrentRiskMethod(ctx, author)
	if err != nil || m.ID != d.ID {
		t.Fatalf("CurrentRiskMethod after approval = %v, %v; want %s", m, err, d.ID)
	}
	return m
}

// approve approves the 5×5 preset, drafted by the admin, approved by the manager.
func (f *riskFixture) approve(t *testing.T) *isms.RiskMethod {
	f.method = approveRiskMethod(t, f.h, f.asAdmin, f.asMgr, 5)
	return f.method
}

// risk creates a risk as the manager.
func (f *riskFixture) risk(t *testing.T, in app.RiskInput) *isms.Risk {
	t.Helper()
	r, err := f.h.app.CreateRisk(context.Background(), f.asMgr, in)
	if err != nil {
		t.Fatalf("CreateRisk(%s): %v", in.Title, err)
	}
	return r
}

// level is the label of the level of cell (l, i) of the fixture's method.
func (f *riskFixture) level(l, i int) *isms.RiskLevel {
	return f.method.Level(f.method.LevelOf(l, i))
}

func TestRiskPagesWithoutAnApprovedMethod(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		c := f.mgrClient
		doc := page(t, c.get("/risks"))
		if got := text(doc, ".empty h2"); got != "No risks yet" {
			t.Errorf("the empty register says %q", got)
		}
		for _, href := range []string{"/risks/new", "/risks/library", "/risk-method"} {
			if doc.Find(`main a[href="`+href+`"]`).Length() == 0 {
				t.Errorf("the empty register has no link to %s", href)
			}
		}
		doc = page(t, c.get("/risks/new"))
		if doc.Find("#f-inherentLikelihood").Length() != 0 || doc.Find(`form a[href="/risk-method"]`).Length() != 1 {
			t.Error("without a method the form offers scores, or no link to define the method")
		}
		resp := c.post("/risks", url.Values{"title": {"Laptop theft"}, "kind": {"asset"}, "threat": {"Theft"}})
		resp.Body.Close()
		wantStatus(t, "an unscored risk", resp, http.StatusSeeOther)
		doc = page(t, c.get(resp.Header.Get("Location")))
		if got := text(doc, "#score-heading ~ .risk-scores"); !strings.Contains(got, "Not scored yet") {
			t.Errorf("the unscored risk's assessment reads %q", got)
		}
		resp = c.post("/risks", url.Values{"title": {"Flood"}, "inherentLikelihood": {"3"}, "inherentImpact": {"2"}})
		doc = page(t, resp)
		wantStatus(t, "scores without a method", resp, http.StatusUnprocessableEntity)
		if got := text(doc, ".error-summary"); !strings.Contains(got, "Approve a risk method") {
			t.Errorf("scoring without a method says %q", got)
		}
		doc = page(t, c.get("/risks/heatmap"))
		if got := text(doc, ".empty h2"); got != "No risk method approved yet" || doc.Find(`.empty a[href="/risk-method"]`).Length() != 1 {
			t.Errorf("the heatmap without a method says %q", got)
		}
	})
}

func TestRiskFormValidatesCreatesAndEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		f.approve(t)
		c := f.mgrClient
		doc := page(t, c.get("/risks/new"))
		if got := text(doc, `#f-inherentLikelihood option[value="4"]`); got != "Likely (4)" {
			t.Errorf("likelihood 4 is offered as %q, want the scale's label", got)
		}
		if doc.Find("fieldset#g-scenario").Length() != 1 || doc.Find("fieldset#g-asset-based").Length() != 1 {
			t.Error("the form does not show both kinds' fieldsets")
		}
		resp := c.post("/risks", url.Values{"title": {""}, "inherentLikelihood": {"4"}, "nextReview": {"2026-13-01"},
			"assets": {"AS-9"}, "event": {"kept event"}})
		doc = page(t, resp)
		wantStatus(t, "POST /risks with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"title", "inherentLikelihood", "nextReview", "assets"} {
			if doc.Find("#f-"+field).ParentFiltered(".field-invalid").Length() != 1 || text(doc, "#f-"+field+" ~ .error") == "" {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := text(doc, "#f-event"); got != "kept event" {
			t.Errorf("the event typed was lost: %q", got)
		}
		if v := doc.Find("#f-assets").AttrOr("value", ""); v != "AS-9" {
			t.Errorf("the assets typed were lost: %q", v)
		}

		resp = c.post("/risks", url.Values{"title": {"Ransomware on the file servers"}, "kind": {"scenario"},
			"threatSource": {"Criminal group"}, "owner": {string(f.contrib.ID)}, "assets": {"AS-1"}, "controls": {"C-1"},
			"inherentLikelihood": {"4"}, "inherentImpact": {"5"}})
		resp.Body.Close()
		wantStatus(t, "POST /risks", resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		doc = page(t, c.get(loc))
		if got := text(doc, "h1"); !strings.HasPrefix(got, "R-1 Ransomware on the file servers") {
			t.Errorf("the risk's heading is %q", got)
		}
		want := f.level(4, 5)
		chip := doc.Find("#score-heading ~ .risk-scores .risk-level").First()
		if got := strings.TrimSpace(chip.Text()); got != want.Label {
			t.Errorf("the inherent level reads %q, want %q", got, want.Label)
		}
		if fill := chip.Find("rect").AttrOr("fill", ""); fill != want.Color {
			t.Errorf("the inherent level's swatch is %q, want %q", fill, want.Color)
		}
		if doc.Find(`a[href="/assets/`+string(f.asset.ID)+`"]`).Length() != 1 || doc.Find(`a[href="/controls/`+string(f.control.ID)+`"]`).Length() != 1 {
			t.Error("the risk page does not link its asset and control")
		}

		doc = page(t, c.get(loc+"/edit"))
		if v := doc.Find(`input[name=version]`).AttrOr("value", ""); v != "1" {
			t.Errorf("the edit form's version = %q, want 1", v)
		}
		if v := doc.Find("#f-assets").AttrOr("value", ""); v != "AS-1" {
			t.Errorf("the edit form's assets = %q, want AS-1", v)
		}
		edit := url.Values{"ref": {"R-1"}, "title": {"Ransomware"}, "kind": {"scenario"}, "owner": {string(f.contrib.ID)},
			"assets": {""}, "controls": {"C-1"}, "inherentLikelihood": {"4"}, "inherentImpact": {"5"},
			"residualLikelihood": {"2"}, "residualImpact": {"2"}, "treatment": {"modify"}, "version": {"1"}}
		resp = c.post(loc, edit)
		resp.Body.Close()
		wantStatus(t, "the first edit", resp, http.StatusSeeOther)
		doc = page(t, c.get(loc))
		if doc.Find(`a[href="/assets/`+string(f.asset.ID)+`"]`).Length() != 0 {
			t.Error("emptying the assets field left the asset linked")
		}
		if got := text(doc, "#plan .props"); !strings.Contains(got, "Modify (reduce)") {
			t.Errorf("the treatment reads %q", got)
		}
		edit.Set("title", "Stale title")
		resp = c.post(loc, edit)
		doc = page(t, resp)
		wantStatus(t, "a stale edit", resp, http.StatusConflict)
		if got := text(doc, ".flash-error"); !strings.Contains(got, "Someone else changed this risk") {
			t.Errorf("stale edit message = %q", got)
		}
		if v := doc.Find("#f-title").AttrOr("value", ""); v != "Stale title" {
			t.Errorf("the stale edit lost the typed title: %q", v)
		}

		resp = f.viewCli.get("/risks/new")
		resp.Body.Close()
		wantStatus(t, "the viewer asks for the form", resp, http.StatusForbidden)
		doc = page(t, f.viewCli.get(loc))
		if doc.Find(`a[href$="/edit"]`).Length() != 0 || doc.Find(`form[action$="/actions"]`).Length() != 0 {
			t.Error("the viewer's risk page offers editing or actions")
		}
	})
}

// registerCSV reads a CSV export: its heading and the first cell of each
// row up to the blank row before the export's facts.
func registerCSV(t *testing.T, s string) (head, refs []string) {
	t.Helper()
	s, _, _ = strings.Cut(s, "\n\n") // the export's facts follow a blank row
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v\n%s", err, s)
	}
	refs = []string{}
	for i, row := range rows {
		if i == 0 {
			head = row
			continue
		}
		refs = append(refs, row[0])
	}
	return head, refs
}

func TestRiskRegisterFiltersSortsAndExports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		f.approve(t)
		c := f.mgrClient
		f.risk(t, app.RiskInput{Title: "Ransomware", OwnerID: string(f.contrib.ID), InherentLikelihood: "5", InherentImpact: "5",
			Assets: []string{"AS-1"}})
		f.risk(t, app.RiskInput{Title: "Coffee on a laptop", OwnerID: string(f.mgr.ID), InherentLikelihood: "1", InherentImpact: "1",
			Treatment: "retain"})
		f.risk(t, app.RiskInput{Title: "Supplier loses data", Kind: "asset", Threat: "Breach at a supplier"})
		critical := f.level(5, 5)
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"", []string{"R-1", "R-2", "R-3"}},
			{"owner=contrib@example.com", []string{"R-1"}},
			{"owner=me", []string{"R-2"}},
			{"treatment=none", []string{"R-1", "R-3"}},
			{"treatment=retain", []string{"R-2"}},
			{"level=" + critical.Key + "&basis=inherent", []string{"R-1"}},
			{"level=" + critical.Key, []string{}},
			{"asset=AS-1", []string{"R-1"}},
			{"kind=asset", []string{"R-3"}},
			{"q=ransom", []string{"R-1"}},
			{"basis=inherent&l=5&i=5", []string{"R-1"}},
			{"sort=-ref", []string{"R-3", "R-2", "R-1"}},
		} {
			if diff := cmp.Diff(tc.want, rowTitles(t, c.get("/risks?"+tc.query))); diff != "" {
				t.Errorf("GET /risks?%s (-want +got):\n%s", tc.query, diff)
			}
		}
		for _, q := range []string{"level=nope", "asset=AS-99", "basis=inherent&l=9&i=1", "treatment=sometimes", "owner=nobody@example.com"} {
			resp := c.get("/risks?" + q)
			resp.Body.Close()
			wantStatus(t, "GET /risks?"+q, resp, http.StatusUnprocessableEntity)
		}
		doc := page(t, c.get("/risks"))
		row := doc.Find("table.list tbody tr").First()
		if got := strings.TrimSpace(row.Find(".risk-level").First().Text()); got != critical.Label {
			t.Errorf("R-1's inherent level reads %q, want %q", got, critical.Label)
		}
		if got := row.Find(".risk-flags .chip").First().Text(); got != "untreated" {
			t.Errorf("R-1's first flag reads %q, want untreated", got)
		}
		doc = page(t, c.get("/risks?basis=inherent&l=5&i=5"))
		if got := text(doc, ".filter-note"); !strings.Contains(got, "Almost certain") {
			t.Errorf("the heatmap cell filter reads %q", got)
		}

		if got := body(t, c.get("/risks?treatment=none&format=csv")); !strings.Contains(got, "R-1,Ransomware") || strings.Contains(got, "Coffee") {
			t.Errorf("the list's CSV of untreated risks:\n%s", got)
		}
		href := doc.Find(`.risk-io a[href^="/risks/export.csv"]`).AttrOr("href", "")
		if href != "/risks/export.csv?basis=inherent&i=5&l=5" {
			t.Errorf("the full export link is %q", href)
		}
		head, refs := registerCSV(t, body(t, c.get("/risks/export.csv?treatment=none")))
		if diff := cmp.Diff(app.RiskColumns, head); diff != "" {
			t.Errorf("the export's columns (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"R-1", "R-3"}, refs); diff != "" {
			t.Errorf("the export's rows (-want +got):\n%s", diff)
		}
		resp := c.get("/risks/export.xlsx")
		b := []byte(body(t, resp))
		wantStatus(t, "the XLSX export", resp, http.StatusOK)
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("open the XLSX export: %v", err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0])
		if err != nil || len(rows) != 4 || rows[0][0] != "ref" || rows[3][0] != "R-3" {
			t.Errorf("the XLSX export's rows: %q, %v", rows, err)
		}
		head, refs = registerCSV(t, body(t, c.get("/risks/export.csv?template=1")))
		if len(head) != len(app.RiskColumns) || len(refs) != 0 {
			t.Errorf("the template has heading %q and rows %q", head, refs)
		}
	})
}

func TestRiskTreatmentAcceptanceAndReview(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRiskFixture(t, db)
		f.approve(t)
		c := f.mgrClient
		r := f.risk(t, app.RiskInput{Title: "Ransomware", OwnerID: string(f.mgr.ID), InherentLikelihood: "4", InherentImpact: "4",
			ResidualLikelihood: "2", ResidualImpact: "3", Treatment: "modify"})
		path := "/risks/" + string(r.ID)

		resp := c.post(path+"/actions", url.Values{"title": {""}, "owner": {string(f.contrib.ID)}, "due": {"2026-04-01"}})
		doc := page(t, resp)
		wantStatus(t, "an action without a title", resp, http.StatusUnprocessableEntity)
		if text(doc, "details.add-action #f-title ~ .error") == "" || doc.Find("details.add-action[open]").Length() != 1 {
			t.Error("the refused action's problem is not shown beside its title, in the open form")
		}
		resp = c.post(path+"/actions", url.Values{"title": {"Offline backups"}, "owner": {string(f.contrib.ID)}, "due": {"2026-04-01"},
			"control": {"C-1"}})
		resp.Body.Close()
		wantStatus(t, "adding an action", resp, http.StatusSeeOther)
		f.h.clock.Advance(45 * 24 * time.Hour) // the action is overdue; sessions have expired
		c, f.contribClient = f.h.signIn(f.mgr), f.h.signIn(f.contrib)
		doc = page(t, c.get(path))
		cells := linkTexts(doc, "#plan table.list tbody tr td")
		if len(cells) < 5 || cells[0] != "Offline backups" || cells[1] != "contrib" || cells[3] != "overdue" || cells[4] != "C-1" {
			t.Errorf("the action's row reads %q", cells)
		}
		if !strings.Contains(text(doc, ".page-header + .risk-flags"), "action overdue") {
			t.Errorf("the flags read %q, want an overdue action", text(doc, ".page-header + .risk-flags"))
		}
		removeURL := doc.Find(`#plan form[action$="/remove"]`).AttrOr("action", "")
		resp = c.post(removeURL, nil)
		resp.Body.Close()
		wantStatus(t, "removing the action", resp, http.StatusSeeOther)
		doc = page(t, c.get(path))
		if got := text(doc, "#plan"); !strings.Contains(got, "No action planned yet") {
			t.Errorf("after removing its only action, the plan reads %q", got)
		}

		resp = c.post(path+"/submit-plan", url.Values{"version": {doc.Find(`form.submit-plan input[name=version]`).AttrOr("value", "")}})
		resp.Body.Close()
		wantStatus(t, "submitting the plan", resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/approvals/") {
			t.Fatalf("submitting the plan leads to %q", loc)
		}
		resp = c.post(path+"/submit-plan", url.Values{"version": {"0"}})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != path+"#plan" {
			t.Errorf("submitting the plan again = %d → %q, want back to the plan", resp.StatusCode, loc)
		}
		doc = page(t, c.get(path))
		if got := text(doc, ".flash-error"); got == "" {
			t.Error("submitting a pending plan again says nothing")
		}
		if !strings.Contains(text(doc, "#plan"), "awaits the owner's approval") {
			t.Error("the risk page does not say the plan awaits approval")
		}
		d, err := f.h.app.FindRisk(context.Background(), f.asMgr, string(r.ID))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.h.app.DecideApproval(context.Background(), f.asMgr, d.PlanApproval.ID, isms.DecisionApprove, "Fine."); err != nil {
			t.Fatalf("approve the plan: %v", err)
		}

		doc = page(t, f.contribClient.get(path+"/accept"))
		if got := text(doc, ".flash-error"); !strings.Contains(got, "may not accept") || doc.Find(`form[action$="/accept"]`).Length() != 0 {
			t.Errorf("the contributor's accept page says %q", got)
		}
		resp = f.contribClient.post(path+"/accept", url.Values{"comment": {"Fine by me."}})
		doc = page(t, resp)
		wantStatus(t, "the contributor accepts", resp, http.StatusForbidden)
		if got := text(doc, ".flash-error"); !strings.Contains(got, "ISMS manager") {
			t.Errorf("the refusal says %q, want who may accept", got)
		}
		doc = page(t, c.get(path+"/accept"))
		if got := text(doc, "dl.props"); !strings.Contains(got, f.level(2, 3).Label) || !strings.Contains(got, "v1") {
			t.Errorf("the confirmation page reads %q, want the residual level and the method version", got)
		}
		version := doc.Find(`form[action$="/accept"] input[name=version]`).AttrOr("value", "")
		resp = c.post(path+"/accept", url.Values{"comment": {"Acceptable with offline backups."}, "version": {version}})
		resp.Body.Close()
		wantStatus(t, "the manager accepts", resp, http.StatusSeeOther)
		doc = page(t, c.get(path))
		row := linkTexts(doc, "#acceptance table.list tbody tr td")
		if len(row) != 7 || row[0] != "mgr" || row[2] != "v1" || row[3] != f.level(2, 3).Label || row[4] != "Acceptable with offline backups." || row[6] != "standing" {
			t.Errorf("the acceptance reads %q", row)
		}

		resp = c.post(path+"/delete", nil)
		doc = page(t, resp)
		wantStatus(t, "deleting an accepted risk", resp, http.StatusConflict)
		if got := text(doc, "main"); !strings.Contains(got, "close it instead") {
			t.Errorf("deleting an accepted risk says %q", got)
		}

		resp = c.post(path+"/review", url.Values{"note": {"Still accurate."}})
		resp.Body.Close()
		wantStatus(t, "recording a review", resp, http.StatusSeeOther)
		doc = page(t, c.get(path))
		today := isms.DateOf(f.h.clock.Now()).String()
		if got := text(doc, "#review dd"); got != today {
			t.Errorf("last reviewed reads %q, want %s", got, today)
		}
		if got := text(doc, "#history-heading ~ .timeline"); !strings.Contains(got, "accepted a residual risk") || !strings.Contains(got, "reviewed a risk") {
			t.Errorf("the risk's history reads %q", got)
		}
	})
}
