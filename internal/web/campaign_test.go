// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// hostilePolicy is a policy body that tries to smuggle script into the
// pages that show it.
const hostilePolicy = "# Acceptable use\n\nUse systems for work.\n\n<script>alert(1)</script>\n\n" +
	"[click](javascript:alert(2)) <img src=x onerror=alert(3)>\n"

// approvedPolicy has author write a policy with body, approver approve
// version 1, and returns the document and that version.
func approvedPolicy(t *testing.T, h *harness, author, approver isms.Actor, title, body string) (*isms.Document, *isms.DocumentVersion) {
	t.Helper()
	ctx := context.Background()
	d, v, err := h.app.CreateDocument(ctx, author, app.DocumentInput{Title: title, Type: "policy", OwnerID: string(author.UserID),
		Classification: "internal", AudienceEveryone: true}, app.DocumentBodyInput{Markdown: body})
	if err != nil {
		t.Fatalf("CreateDocument: %v", err)
	}
	ap, err := h.app.SubmitDocumentVersion(ctx, author, v.ID, []isms.ID{approver.UserID}, "")
	if err != nil {
		t.Fatalf("SubmitDocumentVersion: %v", err)
	}
	if _, err := h.app.DecideApproval(ctx, approver, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		t.Fatalf("DecideApproval: %v", err)
	}
	return d, v
}

func TestAnEmployeeAcknowledgesACampaignAndItCompletes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		doc, v := approvedPolicy(t, f.h, f.asAdmin, f.asMgr, "Acceptable use policy", hostilePolicy)
		page(t, c.get("/awareness/new"))
		resp := c.post("/awareness", url.Values{"title": {"Policy week"}, "due": {"2026-03-20"}})
		form := page(t, resp)
		wantStatus(t, "a campaign without documents or audience", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"documents", "audience"} {
			if byID(form, "f-"+field).Closest(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if byID(form, "f-documents").Find("option").Length() != 1 {
			t.Error("the documents select does not offer the approved policy")
		}
		camp := postRedirect(t, c, "/awareness", url.Values{"title": {"Policy week"}, "due": {"2026-03-20"},
			"documents": {string(doc.ID)}, "roles": {"employee", "viewer"}})
		show := page(t, c.get(camp))
		if got := text(show, ".page-header .meta"); !strings.Contains(got, "0 of 2") {
			t.Errorf("the new campaign's progress: %q", got)
		}
		if got := text(show, "#progress-heading ~ svg.chart-bar > title"); got != "Policy week: Acknowledged 0 (0%), Pending 2 (100%)" {
			t.Errorf("the campaign's progress bar says %q", got)
		}
		acknowledgeAsEmployee(t, f, camp, v.ID)
		campaignProgress(t, f, camp)
	})
}

// acknowledgeAsEmployee has the employee find the campaign in their work,
// read the policy and acknowledge it.
func acknowledgeAsEmployee(t *testing.T, f *supportFixture, camp string, version isms.ID) {
	t.Helper()
	e := f.empC
	work := page(t, e.get("/work"))
	link := work.Find(`a[href="/acknowledgements"]`)
	if link.Length() == 0 || !strings.Contains(text(work, ".acknowledge-block"), "1") {
		t.Errorf("My work does not link to 1 document to acknowledge: %q", text(work, ".acknowledge-block"))
	}
	list := page(t, e.get("/acknowledgements"))
	open := list.Find(`a[href^="/acknowledgements/"]`).AttrOr("href", "")
	if open != "/acknowledgements/"+strings.TrimPrefix(camp, "/awareness/") {
		t.Fatalf("the employee's list opens %q", open)
	}
	read := page(t, e.get(open))
	if got := text(read, ".prose h1"); got != "Acceptable use" {
		t.Errorf("the policy's heading is rendered as %q", got)
	}
	html, _ := read.Find(".prose").Html()
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("the rendered policy contains %q: %s", bad, html)
		}
	}
	if got := text(read, ".ack-document .classification"); !strings.Contains(got, "internal") {
		t.Errorf("the classification shown is %q", got)
	}
	if got := status(t, e, camp); got != http.StatusForbidden {
		t.Errorf("the employee opens the campaign page: %d", got)
	}
	resp := e.post(open, url.Values{"version": {"dver_other"}})
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Errorf("acknowledging a version the campaign does not ask for: %d", resp.StatusCode)
	}
	if loc := postRedirect(t, e, open, url.Values{"version": {string(version)}}); loc != "/acknowledgements" {
		t.Errorf("the last acknowledgement went to %q", loc)
	}
	list = page(t, e.get("/acknowledgements"))
	if got := text(list, ".empty h2"); got != "Nothing to acknowledge" {
		t.Errorf("after acknowledging, the list says %q", got)
	}
	if got := status(t, e, open); got != http.StatusNotFound {
		t.Errorf("the acknowledged campaign's page for the employee: %d", got)
	}
}

// campaignProgress checks the campaign after the employee acknowledged:
// half done, the viewer overdue once the due date passed, the export.
func campaignProgress(t *testing.T, f *supportFixture, camp string) {
	t.Helper()
	c := f.mgrC
	doc := page(t, c.get(camp))
	if got := text(doc, ".page-header .meta"); !strings.Contains(got, "1 of 2") || !strings.Contains(got, "50%") {
		t.Errorf("the progress after one acknowledgement: %q", got)
	}
	list := page(t, c.get("/awareness"))
	if got := text(list, "table.list tbody tr:first-child"); !strings.Contains(got, "Policy week") || !strings.Contains(got, "50%") {
		t.Errorf("the campaigns: %q", got)
	}
	f.h.clock.Advance(30 * 24 * time.Hour)
	c = f.h.signIn(f.mgr) // the session has expired meanwhile
	doc = page(t, c.get(camp+"?overdue=1"))
	if got := text(doc, "#members-heading ~ .table-wrap tbody"); !strings.Contains(got, f.viewer.Name) || strings.Contains(got, f.emp.Name) {
		t.Errorf("the overdue members: %q", got)
	}
	rows := csvRows(t, c, camp+"?format=csv")
	if !csvHas(rows, f.emp.Name, "done") || !csvHas(rows, f.viewer.Name, "overdue") {
		t.Errorf("the members' export: %v", rows)
	}
	edit := page(t, c.get(camp+"/edit"))
	version := edit.Find(`input[name=version]`).AttrOr("value", "")
	if byID(edit, "f-roles").Find("option[selected]").Length() != 2 {
		t.Error("the edit form lost the campaign's roles")
	}
	postRedirect(t, c, camp+"/close", nil)
	resp := c.post(camp, url.Values{"title": {"Policy week"}, "due": {"2026-05-01"}, "roles": {"employee"}, "version": {version}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict && resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("changing a closed campaign: %d", resp.StatusCode)
	}
	if doc := page(t, c.get("/awareness")); doc.Find("table.list").Length() != 0 {
		t.Error("the closed campaign is listed among the open ones")
	}
	if doc := page(t, c.get("/awareness?closed=1")); !strings.Contains(text(doc, "table.list tbody"), "closed") {
		t.Error("the closed campaign is not listed with closed=1")
	}
}

func TestCampaignAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		doc, v := approvedPolicy(t, f.h, f.asAdmin, f.asMgr, "Information security policy", "# Policy\n\nBe careful.")
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		emp := f.h.token(f.emp, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, mgr, "POST", "/api/v1/campaigns", map[string]any{"title": "Read", "due": "2026-04-01",
			"documents": []string{"DOC-99"}, "audience": map[string]any{"roles": []string{"emperor"}}}, 422)
		for _, field := range []string{"documents", "audience"} {
			if _, ok := e.Error.Fields[field]; !ok {
				t.Errorf("no problem on %s: %v", field, e.Error.Fields)
			}
		}
		var camp isms.Campaign
		apiCall(t, mgr, "POST", "/api/v1/campaigns", map[string]any{"title": "Read the policy", "due": "2026-04-01",
			"documents": []string{doc.Ref}, "audience": map[string]any{"people": []string{f.emp.Email, string(f.viewer.ID)}},
			"followNewVersions": true}, 201, &camp)
		var pending apiPage[isms.PendingAcknowledgement]
		apiCall(t, emp, "GET", "/api/v1/me/acknowledgements", nil, 200, &pending)
		if pending.Total != 1 || pending.Items[0].VersionID != v.ID || pending.Items[0].CampaignID != camp.ID {
			t.Fatalf("the employee's pending acknowledgements: %+v", pending)
		}
		var ack isms.Acknowledgement
		apiCall(t, emp, "POST", "/api/v1/campaigns/"+string(camp.ID)+"/acknowledgements", map[string]any{"versionId": v.ID}, 201, &ack)
		if ack.UserID != f.emp.ID || ack.VersionID != v.ID {
			t.Errorf("the acknowledgement: %+v", ack)
		}
		apiCallErr(t, emp, "POST", "/api/v1/campaigns/"+string(camp.ID)+"/acknowledgements", map[string]any{"versionId": v.ID}, 409)
		apiCallErr(t, emp, "POST", "/api/v1/campaigns/"+string(camp.ID)+"/acknowledgements", map[string]any{}, 422)
		mgrOwn := apiCallErr(t, mgr, "POST", "/api/v1/campaigns/"+string(camp.ID)+"/acknowledgements", map[string]any{"versionId": v.ID}, 403)
		_ = mgrOwn
		var detail struct {
			Campaign isms.Campaign          `json:"campaign"`
			Versions []isms.DocumentVersion `json:"versions"`
			Members  []isms.CampaignMember  `json:"members"`
		}
		apiCall(t, mgr, "GET", "/api/v1/campaigns/"+string(camp.ID), nil, 200, &detail)
		if detail.Campaign.Acknowledged != 1 || detail.Campaign.Expected != 2 || len(detail.Members) != 2 || detail.Versions[0].Body != "" {
			t.Errorf("the campaign: %+v", detail)
		}
		var list apiPage[isms.Campaign]
		apiCall(t, mgr, "GET", "/api/v1/campaigns", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Percent() != 50 {
			t.Errorf("the campaigns: %+v", list)
		}
		apiCallErr(t, emp, "GET", "/api/v1/campaigns", nil, 403)
		apiCallErr(t, mgr, "PUT", "/api/v1/campaigns/"+string(camp.ID), map[string]any{"title": "Read it", "due": "2026-04-01",
			"documents": []string{doc.Ref}, "audience": map[string]any{"everyone": true}, "version": camp.Version + 1}, 409)
		apiCall(t, mgr, "PUT", "/api/v1/campaigns/"+string(camp.ID), map[string]any{"title": "Read it", "due": "2026-04-01",
			"documents": []string{doc.Ref}, "audience": map[string]any{"everyone": true}, "version": camp.Version}, 200, &camp)
		apiCall(t, mgr, "POST", "/api/v1/campaigns/"+string(camp.ID)+"/close", nil, 204, nil)
		apiCall(t, emp, "GET", "/api/v1/me/acknowledgements", nil, 200, &pending)
		if pending.Total != 0 {
			t.Errorf("a closed campaign still asks: %+v", pending)
		}
	})
}
