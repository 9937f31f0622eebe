// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// auditFixture is an organization with ISO/IEC 27001:2022, an access
// control owned by the auditor Dana and linked to A.5.15, and a second
// auditor, Eve, who owns nothing.
type auditFixture struct {
	*supportFixture
	dana, eve   *isms.User
	danaC, eveC *client
	contribC    *client
	control     *isms.Control
}

func newAuditFixture(t *testing.T, db *sqldb.DB) *auditFixture {
	t.Helper()
	ctx := context.Background()
	f := &auditFixture{supportFixture: newSupportFixture(t, db)}
	if _, _, err := f.h.app.ImportBuiltinFramework(ctx, f.asAdmin, "iso27001-2022"); err != nil {
		t.Fatalf("ImportBuiltinFramework: %v", err)
	}
	f.dana = namedMember(f.h, f.org, "dana", "Dana Ortiz", isms.RoleAuditor)
	f.eve = namedMember(f.h, f.org, "eve", "Eve Auditor", isms.RoleAuditor)
	var err error
	f.control, err = f.h.app.CreateControl(ctx, f.asAdmin, app.ControlInput{Title: "Access control", Status: "implemented", OwnerID: string(f.dana.ID)})
	if err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	req, err := f.h.app.ResolveRequirement(ctx, f.asAdmin, "iso27001-2022", "A.5.15")
	if err != nil {
		t.Fatalf("ResolveRequirement: %v", err)
	}
	if _, err := f.h.app.LinkControl(ctx, f.asAdmin, f.control.ID, []isms.ID{req.ID}); err != nil {
		t.Fatalf("LinkControl: %v", err)
	}
	f.danaC, f.eveC = f.h.signIn(f.dana), f.h.signIn(f.eve)
	f.contribC = f.h.signIn(f.h.member(f.org, "contrib", isms.RoleContributor))
	return f
}

// namedMember adds a member with role to org, signing in as login.
func namedMember(h *harness, org *isms.Organization, login, name string, role isms.Role) *isms.User {
	h.t.Helper()
	u := &isms.User{Email: login + "@example.com", Name: name}
	if _, err := h.app.CreateUser(context.Background(), sys, u, testPassword); err != nil {
		h.t.Fatalf("CreateUser(%s): %v", name, err)
	}
	if err := h.app.AddMemberByID(context.Background(), sys, org.ID, u.ID, role); err != nil {
		h.t.Fatalf("AddMemberByID(%s): %v", name, err)
	}
	return u
}

// programme plans AP-1 over ISO/IEC 27001:2022 through the form and
// returns its page's address.
func (f *auditFixture) programme(t *testing.T) string {
	t.Helper()
	return postRedirect(t, f.mgrC, "/audit-programmes", url.Values{"title": {"Cycle 2026–2028"}, "framework": {"iso27001-2022"},
		"start": {"2026-01-01"}, "end": {"2028-12-31"}, "description": {"Every clause and control once per cycle."}})
}

// auditForm is the form planning an audit of A.5.15-A.5.18 led by lead.
func auditForm(lead isms.ID, kv ...string) url.Values {
	form := url.Values{"programme": {"AP-1"}, "title": {"Access control"}, "criteria": {"ISO/IEC 27001:2022"},
		"scope": {"A.5.15-A.5.18"}, "lead": {string(lead)}, "plannedStart": {"2026-04-01"}, "plannedEnd": {"2026-04-02"}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return form
}

// audit reads audit id as the manager.
func (f *auditFixture) audit(t *testing.T, id string) *app.AuditView {
	t.Helper()
	v, err := f.h.app.FindAudit(context.Background(), f.asMgr, id)
	if err != nil {
		t.Fatalf("FindAudit(%s): %v", id, err)
	}
	return v
}

func TestInternalAuditIndependenceOnTheForm(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		f.programme(t)
		html := scopeGet(t, f.mgrC, "/internal-audits/new?programme=AP-1", http.StatusOK)
		scopeWant(t, "the new audit form", html, "ISO/IEC 27001:2022 and the organization&#39;s ISMS policies", "4, 5.2, A.5.15-A.5.18",
			`<option value="AP-1" selected>`)

		resp := f.mgrC.post("/internal-audits", auditForm(f.dana.ID))
		wantStatus(t, "plan with Dana as lead", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		lead := strings.TrimSpace(doc.Find(".field-invalid:has(#f-lead) .error").Text())
		want := "Dana Ortiz owns control " + f.control.Ref + " Access control, which this audit covers (A.5.15)"
		if !strings.HasPrefix(lead, want) {
			t.Errorf("error beside the lead field = %q, want it to start %q", lead, want)
		}
		box := doc.Find(`.ia-conflict input[type=checkbox]`)
		name, _ := box.Attr("name")
		if box.Length() != 1 || !strings.HasPrefix(name, "accept.") || !strings.Contains(doc.Find(".ia-conflict label").Text(), "Accept this conflict") {
			t.Fatalf("conflicts on the form: %d boxes named %q", box.Length(), name)
		}
		key := strings.TrimPrefix(name, "accept.")

		form := auditForm(f.dana.ID, "accept."+key, "1", "override."+key, "Dana is the only auditor trained in access control.")
		loc := postRedirect(t, f.mgrC, "/internal-audits", form)
		html = scopeGet(t, f.mgrC, loc, http.StatusOK)
		scopeWant(t, "the audit's page", html, "IA-1", "These conflicts were accepted knowingly", "Dana is the only auditor trained in access control.",
			"A.5.15", "0 of 4 items have a result")
		v := f.audit(t, "IA-1")
		if len(v.Audit.Overrides) != 1 || v.Audit.Overrides[0].ByName != f.mgr.Name {
			t.Errorf("overrides = %+v, want one by %s", v.Audit.Overrides, f.mgr.Name)
		}
	})
}

// startedAudit plans IA-1 led by Eve with Dana's conflict accepted, and
// starts it; it returns the audit.
func (f *auditFixture) startedAudit(t *testing.T) *app.AuditView {
	t.Helper()
	f.programme(t)
	ctx := context.Background()
	in := app.AuditInput{Programme: "AP-1", Title: "Access control", Criteria: "ISO/IEC 27001:2022", Scope: "A.5.15-A.5.18",
		LeadID: f.eve.ID, PlannedStart: isms.NewDate(2026, 4, 1), PlannedEnd: isms.NewDate(2026, 4, 2)}
	au, err := f.h.app.PlanAudit(ctx, f.asMgr, in)
	if err != nil {
		t.Fatalf("PlanAudit: %v", err)
	}
	postRedirect(t, f.eveC, "/internal-audits/"+string(au.ID)+"/status", url.Values{"to": {"in_progress"}, "version": {strconv.Itoa(au.Version)}})
	return f.audit(t, string(au.ID))
}

func TestInternalAuditChecklistAndFindings(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		v := f.startedAudit(t)
		base := "/internal-audits/" + string(v.Audit.ID)
		it := v.Items[0]
		item := base + "/items/" + string(it.RequirementID)
		html := scopeGet(t, f.eveC, item, http.StatusOK)
		scopeWant(t, "the item page", html, "A.5.15", `name="result" value="nonconforming"`, f.control.Ref, "Record result")

		resp := f.eveC.post(item, url.Values{"result": {"nonconforming"}, "version": {strconv.Itoa(it.Version)}})
		wantStatus(t, "a nonconformity without notes", resp, http.StatusUnprocessableEntity)
		if got := text(page(t, resp), ".field-invalid:has(#f-notes) .error"); !strings.Contains(got, "Say what does not conform") {
			t.Errorf("error beside the notes = %q", got)
		}
		loc := postRedirect(t, f.eveC, item, url.Values{"result": {"conforming"}, "notes": {"Access rules reviewed with IT."},
			"sampling": {"5 of 40 accounts."}, "version": {strconv.Itoa(it.Version)}})
		if loc != base+"#checklist" {
			t.Errorf("after recording: redirect to %q, want %q", loc, base+"#checklist")
		}
		doc := page(t, f.viewC.get(base))
		if got := text(doc, "table.ia-checklist tbody tr:first-child td:nth-child(3)"); got != "Conforming" {
			t.Errorf("first item's result on the audit page = %q, want Conforming", got)
		}
		if doc.Find(`a[href$="/findings/new"]`).Length() != 0 || doc.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("the viewer is offered to raise a finding or edit the audit")
		}
		if f.contribC.get(item).StatusCode != http.StatusOK || status(t, f.contribC, base+"/findings/new") != http.StatusForbidden {
			t.Error("the contributor reads the item but may not raise a finding")
		}

		finding := url.Values{"audit": {string(v.Audit.ID)}, "grade": {"minor"}, "title": {"Leavers keep access"},
			"description": {"Two of five leavers kept access for three weeks."}, "requirements": {"A.5.18, A.9.99"}}
		resp = f.danaC.post("/findings", finding)
		wantStatus(t, "Dana, not on the team, raises a finding", resp, http.StatusForbidden)
		finding.Del("csrf") // Dana's token
		resp = f.eveC.post("/findings", finding)
		wantStatus(t, "a finding on an unknown requirement", resp, http.StatusUnprocessableEntity)
		if got := text(page(t, resp), ".field-invalid:has(#f-requirements) .error"); !strings.Contains(got, "A.9.99") {
			t.Errorf("error beside the requirements = %q, want it to name A.9.99", got)
		}
		finding.Set("requirements", "A.5.18")
		finding.Del("csrf")
		loc = postRedirect(t, f.eveC, "/findings", finding)
		scopeWant(t, "the finding's page", scopeGet(t, f.viewC, loc, http.StatusOK), "F-1", "Leavers keep access", "Minor nonconformity", "A.5.18")
		scopeWant(t, "the audit's findings", scopeGet(t, f.viewC, base, http.StatusOK), "F-1", "Leavers keep access")

		rows := csvRows(t, f.viewC, "/findings?grade=minor&format=csv")
		if len(rows) != 2 || rows[1][0] != "F-1" || rows[1][2] != "Minor nonconformity" || rows[1][3] != v.Audit.Ref || rows[1][4] != "A.5.18" {
			t.Errorf("findings CSV (minor) = %v", rows)
		}
		if rows := csvRows(t, f.viewC, "/findings?grade=major&format=csv"); len(rows) != 1 {
			t.Errorf("findings CSV (major) has %d rows, want the header only", len(rows))
		}
	})
}

func TestInternalAuditListsReportsAndCoverage(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		v := f.startedAudit(t)
		for _, c := range []struct{ query, want, not string }{
			{"?status=in_progress", "IA-1", "No audit matches"},
			{"?status=planned", "No audit matches these filters", "/internal-audits/" + string(v.Audit.ID) + `"`},
			{"?programme=AP-1&auditor=" + string(f.eve.ID), "IA-1", "No audit matches"},
		} {
			html := scopeGet(t, f.viewC, "/internal-audits"+c.query, http.StatusOK)
			if !strings.Contains(html, c.want) || strings.Contains(html, c.not) {
				t.Errorf("/internal-audits%s: want %q and not %q", c.query, c.want, c.not)
			}
		}
		rows := csvRows(t, f.viewC, "/internal-audits?format=csv")
		if len(rows) != 2 || rows[1][0] != "IA-1" || rows[1][3] != "In progress" || rows[1][4] != "Eve Auditor" || rows[1][5] != "4" {
			t.Errorf("audits CSV = %v", rows)
		}

		for format, media := range map[string]string{"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
			resp := f.viewC.get("/internal-audits/" + string(v.Audit.ID) + "/report." + format)
			b := body(t, resp)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != media || len(b) < 100 ||
				!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="audit-report-ia-1.`+format+`"`) {
				t.Errorf("report.%s = %d %s %q (%d bytes)", format, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), len(b))
			}
		}

		p := "/audit-programmes/" + string(v.Programme.ID)
		doc := page(t, f.viewC.get(p))
		summary := text(doc, ".ia-coverage-summary")
		c := v.Programme
		pv, err := f.h.app.FindProgramme(context.Background(), f.asMgr, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		want := strconv.Itoa(pv.Coverage.Covered) + " of " + strconv.Itoa(len(pv.Coverage.Rows)) + " covered, " + strconv.Itoa(pv.Coverage.Uncovered) + " not covered"
		if pv.Coverage.Covered != 4 || !strings.HasPrefix(summary, want) {
			t.Errorf("coverage summary = %q, want it to start %q with 4 covered", summary, want)
		}
		if got := doc.Find("table.ia-coverage thead th").Length(); got != 2+3+2 {
			t.Errorf("coverage matrix has %d header cells, want ref, requirement, 3 years, weight, gap", got)
		}
		gaps := page(t, f.viewC.get(p+"?gaps=1"))
		if n := gaps.Find("table.ia-coverage tbody tr").Length(); n != pv.Coverage.Uncovered+pv.Coverage.BelowWeight {
			t.Errorf("gaps only: %d rows, want %d", n, pv.Coverage.Uncovered+pv.Coverage.BelowWeight)
		}
		if strings.Contains(gaps.Find("table.ia-coverage tbody").Text(), "A.5.15") {
			t.Error("gaps only still lists A.5.15, which IA-1 covers")
		}
		rows = csvRows(t, f.viewC, p+"/coverage.csv")
		if len(rows) != len(pv.Coverage.Rows)+1 || rows[0][3] != "Year 1" || rows[0][len(rows[0])-1] != "Gap" {
			t.Errorf("coverage CSV: %d rows, header %v", len(rows), rows[0])
		}

		resp := f.mgrC.post(p+"/delete", nil)
		wantStatus(t, "deleting a programme with audits", resp, http.StatusSeeOther)
		if body(t, resp); resp.Header.Get("Location") != p {
			t.Errorf("refused delete redirects to %q, want the programme's page", resp.Header.Get("Location"))
		}
		scopeWant(t, "the programme after a refused delete", scopeGet(t, f.mgrC, p, http.StatusOK), "AP-1")
	})
}

func TestInternalAuditAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		var pr struct {
			ID  string `json:"id"`
			Ref string `json:"ref"`
		}
		apiCall(t, f.mgrC, "POST", "/api/v1/audit-programmes", map[string]any{"title": "Cycle", "start": "2026-01-01", "end": "2028-12-31"}, http.StatusCreated, &pr)
		in := map[string]any{"programme": pr.Ref, "title": "Access control", "criteria": "ISO/IEC 27001:2022", "scope": "A.5.15",
			"leadId": f.dana.ID, "plannedStart": "2026-04-01", "plannedEnd": "2026-04-01"}
		var conflicts []isms.IndependenceConflict
		apiCall(t, f.mgrC, "POST", "/api/v1/internal-audits/independence", in, http.StatusOK, &conflicts)
		if len(conflicts) != 1 || conflicts[0].UserID != f.dana.ID {
			t.Fatalf("independence = %+v, want Dana's conflict", conflicts)
		}
		e := apiCallErr(t, f.mgrC, "POST", "/api/v1/internal-audits", in, http.StatusUnprocessableEntity)
		if !strings.Contains(e.Error.Fields["leadId"], "Dana Ortiz owns control") {
			t.Errorf("plan with Dana: fields %v, want leadId naming her", e.Error.Fields)
		}
		in["overrides"] = map[string]string{conflicts[0].Key(): "The only trained auditor."}
		var au isms.InternalAudit
		apiCall(t, f.mgrC, "POST", "/api/v1/internal-audits", in, http.StatusCreated, &au)
		apiCall(t, f.danaC, "POST", "/api/v1/internal-audits/"+string(au.ID)+"/status", map[string]any{"status": "in_progress", "version": au.Version}, http.StatusOK, &au)
		if au.Status != isms.AuditInProgress {
			t.Errorf("status = %s, want in_progress", au.Status)
		}
		var item isms.AuditItem
		apiCall(t, f.danaC, "PUT", "/api/v1/internal-audits/"+au.Ref+"/items/A.5.15", map[string]any{"result": "observation", "notes": "Rules dated 2023.", "version": 1}, http.StatusOK, &item)
		if item.Result != isms.ItemObservation || item.AuditedBy != f.dana.ID {
			t.Errorf("item = %+v, want an observation by Dana", item)
		}
		var got struct {
			Audit isms.InternalAudit `json:"audit"`
			Items []struct {
				Ref     string          `json:"ref"`
				Sources isms.SoASources `json:"sources"`
			} `json:"items"`
		}
		apiCall(t, f.viewC, "GET", "/api/v1/internal-audits/"+au.Ref, nil, http.StatusOK, &got)
		if len(got.Items) != 1 || len(got.Items[0].Sources.Controls) != 1 || len(got.Audit.Overrides) != 1 {
			t.Errorf("audit = %+v", got)
		}
		e = apiCallErr(t, f.contribC, "POST", "/api/v1/findings", map[string]any{"audit": au.Ref, "grade": "ofi", "title": "Date the rules"}, http.StatusForbidden)
		if e.Error.Code != isms.Forbidden {
			t.Errorf("contributor's finding: %+v", e)
		}
		e = apiCallErr(t, f.danaC, "POST", "/api/v1/findings", map[string]any{"audit": au.Ref, "grade": "minor", "title": "Old rules",
			"description": "Not reviewed since 2023.", "requirements": []string{"Z.1"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(e.Error.Fields["requirements"], "Z.1") {
			t.Errorf("unknown requirement: fields %v", e.Error.Fields)
		}
		resp := f.viewC.do("GET", "/api/v1/internal-audits/"+au.Ref+"/report?format=xlsx", "", nil, false)
		body(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "audit-report-ia-1.xlsx") {
			t.Errorf("API report = %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
	})
}

func TestInternalAuditPagesRenderWithTheDemo(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		res, err := h.app.LoadDemo(context.Background(), app.DemoSmall, nil)
		if err != nil {
			t.Fatalf("LoadDemo: %v", err)
		}
		c := h.anonymous()
		c.get("/signin").Body.Close()
		resp := c.post("/signin", url.Values{"email": {res.AdminEmail}, "password": {app.DemoPassword}, "csrf": {c.cookie("isms_csrf")}})
		body(t, resp)
		st, err := h.app.Authenticate(context.Background(), c.cookie("isms_session"))
		if err != nil {
			t.Fatalf("sign in to the demo: %d, %v", resp.StatusCode, err)
		}
		c.csrf = st.Session.CSRFToken
		list := page(t, c.get("/internal-audits"))
		var links []string
		list.Find("table.list tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
		if len(links) == 0 {
			t.Fatal("the demo has no internal audit on /internal-audits")
		}
		paths := append([]string{"/audit-programmes", "/findings", "/internal-audits/new", "/audit-programmes/new"}, links...)
		for _, p := range paths {
			scopeGet(t, c, p, http.StatusOK)
		}
		prog := page(t, c.get("/audit-programmes")).Find("table.list tbody tr td:first-child a").AttrOr("href", "")
		scopeWant(t, "the demo programme", scopeGet(t, c, prog, http.StatusOK), "covered,", "Year 1")
		item := page(t, c.get(links[0])).Find("table.ia-checklist tbody th a").AttrOr("href", "")
		scopeGet(t, c, item, http.StatusOK)
		if f := page(t, c.get("/findings")).Find("table.list tbody tr td:first-child a").AttrOr("href", ""); f != "" {
			scopeGet(t, c, f, http.StatusOK)
			scopeGet(t, c, f+"/edit", http.StatusOK)
		}
	})
}

// evidenceFor creates a note evidence item linked to controls, as the
// administrator.
func (f *auditFixture) evidenceFor(t *testing.T, title string, validUntil isms.Date, controls ...*isms.Control) *isms.Evidence {
	t.Helper()
	in := app.EvidenceInput{Title: title, Kind: isms.EvidenceKindNote, Note: "Seen.", CollectedOn: isms.NewDate(2020, 1, 1),
		ValidUntil: validUntil, Source: isms.EvidenceSourceUpload}
	for _, c := range controls {
		in.Links = append(in.Links, isms.Link{Type: "control", ID: c.ID})
	}
	e, err := f.h.app.CreateEvidence(context.Background(), f.asAdmin, in, nil)
	if err != nil {
		t.Fatalf("CreateEvidence(%s): %v", title, err)
	}
	return e
}

// evidenceBox is the evidence checkbox of id on a finding form.
func evidenceBox(doc *goquery.Document, id isms.ID) *goquery.Selection {
	return doc.Find(`fieldset#f-evidence input[type=checkbox][name=evidence][value="` + string(id) + `"]`)
}

func TestInternalAuditFindingEvidence(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		v := f.startedAudit(t)
		newForm := "/internal-audits/" + string(v.Audit.ID) + "/findings/new"
		doc := page(t, f.eveC.get(newForm))
		if got := text(doc, "fieldset#f-evidence"); !strings.Contains(got, "No evidence is linked to the controls of this audit's scope") {
			t.Errorf("evidence on the form without any = %q, want the empty state", got)
		}

		review := f.evidenceFor(t, "Access review Q1", isms.Date{}, f.control)
		policy := f.evidenceFor(t, "Access policy 2020", isms.NewDate(2020, 12, 31), f.control)
		other := f.evidenceFor(t, "Backup log", isms.Date{})
		doc = page(t, f.eveC.get(newForm))
		if n := doc.Find("fieldset#f-evidence input[type=checkbox]").Length(); n != 2 || evidenceBox(doc, other.ID).Length() != 0 {
			t.Fatalf("evidence boxes on the new form = %d, want the 2 items of the audit's controls", n)
		}
		for _, c := range []struct {
			e    *isms.Evidence
			chip string
		}{{review, "valid"}, {policy, "expired"}} {
			box := evidenceBox(doc, c.e.ID)
			id, _ := box.Attr("id")
			label := doc.Find(`label[for="` + id + `"]`)
			if box.Length() != 1 || box.Is(":checked") || !strings.Contains(label.Text(), c.e.Title) ||
				!strings.Contains(label.Text(), "supports "+f.control.Ref) || strings.TrimSpace(label.Find(".chip").Text()) != c.chip {
				t.Errorf("box of %s: %d, label %q; want it unticked, labelled with its control and %q", c.e.Title, box.Length(), label.Text(), c.chip)
			}
			if box.Parent().Find(`a[href="/evidence/`+string(c.e.ID)+`"]`).Length() != 1 {
				t.Errorf("box of %s has no link to the evidence page", c.e.Title)
			}
		}

		finding := url.Values{"audit": {string(v.Audit.ID)}, "grade": {"observation"}, "title": {"Reviews held late"},
			"evidence": {string(review.ID)}}
		loc := postRedirect(t, f.eveC, "/findings", finding)
		show := page(t, f.viewC.get(loc))
		if show.Find(`.record-links a[href="/evidence/`+string(review.ID)+`"]`).Length() != 1 {
			t.Errorf("the finding's page does not link %s", review.Title)
		}
		fd, err := f.h.app.FindFinding(context.Background(), f.asMgr, "F-1")
		if err != nil {
			t.Fatalf("FindFinding(F-1): %v", err)
		}

		// Evidence the finding cites outside the audit's scope shows ticked.
		in := app.FindingInput{Audit: string(fd.AuditID), Grade: fd.Grade, Title: fd.Title, Evidence: string(review.ID) + ", " + string(other.ID)}
		if fd, err = f.h.app.UpdateFinding(context.Background(), f.asMgr, fd.ID, fd.Version, in); err != nil {
			t.Fatalf("UpdateFinding(F-1): %v", err)
		}
		doc = page(t, f.eveC.get(findingPath(fd.ID)+"/edit"))
		if !evidenceBox(doc, review.ID).Is(":checked") || evidenceBox(doc, policy.ID).Is(":checked") || !evidenceBox(doc, other.ID).Is(":checked") {
			t.Errorf("edit form ticks review %v, policy %v, other %v; want review and other", evidenceBox(doc, review.ID).Is(":checked"),
				evidenceBox(doc, policy.ID).Is(":checked"), evidenceBox(doc, other.ID).Is(":checked"))
		}
		if got := text(doc, "fieldset#f-evidence"); !strings.Contains(got, "Backup log") || !strings.Contains(got, "not linked to a control of this audit") {
			t.Errorf("evidence fieldset = %q, want Backup log marked outside the scope", got)
		}

		edit := url.Values{"audit": {string(fd.AuditID)}, "grade": {"observation"}, "title": {"Reviews held late"},
			"version": {strconv.Itoa(fd.Version)}, "ref": {fd.Ref}, "evidence": {string(policy.ID)}}
		postRedirect(t, f.eveC, findingPath(fd.ID), edit)
		show = page(t, f.viewC.get(loc))
		if show.Find(`.record-links a[href="/evidence/`+string(policy.ID)+`"]`).Length() != 1 ||
			show.Find(`.record-links a[href="/evidence/`+string(review.ID)+`"]`).Length() != 0 {
			t.Errorf("after ticking the policy and unticking the rest, the finding's page shows %q", text(show, ".record-links"))
		}
		fd, _ = f.h.app.FindFinding(context.Background(), f.asMgr, "F-1")
		edit.Set("version", strconv.Itoa(fd.Version))
		edit.Del("evidence")
		edit.Del("csrf")
		postRedirect(t, f.eveC, findingPath(fd.ID), edit)
		if fd, err = f.h.app.FindFinding(context.Background(), f.asMgr, "F-1"); err != nil || len(fd.Evidence) != 0 {
			t.Errorf("after unticking every box, F-1 cites %v (%v), want none", fd.Evidence, err)
		}
	})
}

// findingPath is the address of finding id's page.
func findingPath(id isms.ID) string { return "/findings/" + string(id) }
