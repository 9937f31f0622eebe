// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestExternalAuditAndFindingPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		f.issued(t)
		v, err := f.h.app.FindExternalAudit(context.Background(), f.asMgr, "EA-1")
		if err != nil {
			t.Fatal(err)
		}
		ea := "/external-audits/" + string(v.ExternalAudit.ID)
		html := scopeGet(t, f.mgrC, ea, http.StatusOK)
		scopeWant(t, "the planned audit's page", html, "Surveillance audit 1", "2026-05-04 – 2026-05-05", `href="/tasks/`+string(v.ReminderTaskID)+`"`,
			`href="/evidence-requests/new?audit=EA-1"`, `href="/evidence-requests/import?audit=EA-1"`, "Findings are recorded once the audit is in progress.")
		if strings.Contains(html, "Record a finding") {
			t.Error("a planned audit offers to record findings")
		}
		form := url.Values{"startOn": {"2026-05-04"}, "endOn": {"2026-05-05"}, "team": {"J. Smith (lead)"}, "status": {"in_progress"},
			"result": {""}, "summary": {""}, "version": {strconv.Itoa(v.Version)}, "certificateId": {string(v.CertificateID)}, "kind": {"surveillance"},
			"cycle": {"1"}, "sequence": {"1"}}
		postRedirect(t, f.mgrC, ea, form)
		scopeWant(t, "the audit in progress", scopeGet(t, f.danaC, ea, http.StatusOK), "J. Smith (lead)", `href="/external-findings/new?audit=EA-1"`)

		resp := f.danaC.post("/external-findings", url.Values{"auditId": {string(v.ExternalAudit.ID)}, "grade": {"minor"}, "title": {"Leavers keep access"}})
		wantStatus(t, "a minor nonconformity without requirement", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		for field, want := range map[string]string{
			"requirements": "Name the requirement the nonconformity does not meet.",
			"capDue":       "Give the certification body's deadline for the corrective action plan.",
		} {
			if got := fieldError(doc, field); got != want {
				t.Errorf("error beside %s = %q, want %q", field, got, want)
			}
		}
		loc := postRedirect(t, f.danaC, "/external-findings", url.Values{"auditId": {string(v.ExternalAudit.ID)}, "grade": {"minor"},
			"title": {"Leavers keep access"}, "description": {"Two leavers kept VPN access for a month."}, "requirements": {"A.5.18"}, "capDue": {"2026-06-04"}})
		doc = page(t, f.danaC.get(loc))
		if got := text(doc, ".flash"); got != "Finding XF-1 saved. Its nonconformity is NC-1." {
			t.Errorf("flash = %q", got)
		}
		scopeWant(t, "the finding's page", outerHTML(doc), "Minor nonconformity", "A.5.18", "2026-06-04", ">NC-1</a>", "Dana Auditor")
		scopeWant(t, "the audit's findings", scopeGet(t, f.mgrC, ea, http.StatusOK), "XF-1", "Leavers keep access", ">NC-1</a>")
		rec := csvRows(t, f.mgrC, "/external-findings?format=csv")
		if len(rec) != 2 || strings.Join(rec[1], "|") != "XF-1|Leavers keep access|Minor nonconformity|EA-1|A.5.18|2026-06-04|NC-1" {
			t.Errorf("finding export = %q", rec)
		}
		rec = csvRows(t, f.mgrC, "/external-audits?status=in_progress&format=csv")
		if len(rec) != 2 || strings.Join(rec[1], "|") != "EA-1|Surveillance audit 1|CERT-1|2026-05-04 – 2026-05-05|In progress||1" {
			t.Errorf("audit export = %q", rec)
		}
		scopeWant(t, "the filtered audit list", scopeGet(t, f.mgrC, "/external-audits?kind=recertification", http.StatusOK), "EA-3", "Recertification audit")
	})
}

func TestCertificationRecordPagesRenderForTheManager(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		ctx := context.Background()
		f.issued(t)
		v, err := f.h.app.FindExternalAudit(ctx, f.asMgr, "EA-1")
		if err != nil {
			t.Fatal(err)
		}
		in := app.ExternalAuditInput{Certificate: string(v.CertificateID), Kind: "surveillance", Cycle: "1", Sequence: "1",
			StartOn: v.StartOn.String(), EndOn: v.EndOn.String(), Status: "in_progress"}
		if _, err := f.h.app.UpdateExternalAudit(ctx, f.asMgr, v.ExternalAudit.ID, v.Version, in); err != nil {
			t.Fatal(err)
		}
		xf, err := f.h.app.CreateExternalFinding(ctx, f.asMgr, app.ExternalFindingInput{Audit: "EA-1", Grade: "observation", Title: "Visitor log incomplete"})
		if err != nil {
			t.Fatal(err)
		}
		er, err := f.h.app.CreateEvidenceRequest(ctx, f.asMgr, app.EvidenceRequestInput{Audit: "EA-1", Control: f.control.Ref,
			Title: "Door access logs", DueOn: "2026-03-16"})
		if err != nil {
			t.Fatal(err)
		}
		cert := "/certificates/" + string(v.CertificateID)
		for path, wants := range map[string][]string{
			cert + "/edit": {"Edit CERT-1", `value="IS 712345"`, "Save certificate"},
			"/external-audits/" + string(v.ExternalAudit.ID) + "/edit": {"Edit EA-1", `<option value="in_progress" selected>`, "Save audit"},
			"/external-findings/" + string(xf.ID):                      {"XF-1", "Visitor log incomplete", "an observation or opportunity for improvement opens no nonconformity"},
			"/external-findings/" + string(xf.ID) + "/edit":            {"Edit XF-1", `<option value="observation" selected>`},
			"/evidence-requests/" + string(er.ID):                      {"ER-1", "Door access logs", "Carol Owner", "Answer with this evidence", "Cancel the request"},
			"/evidence-requests/" + string(er.ID) + "/edit":            {"Edit ER-1", `value="2026-03-16"`, "Save request"},
			"/evidence-requests":                                       {"ER-1", f.control.Ref, "Door access logs"},
			"/external-findings":                                       {"XF-1", "Observation"},
			"/external-audits":                                         {"EA-1", "EA-2", "EA-3", "In progress"},
		} {
			scopeWant(t, path, scopeGet(t, f.mgrC, path, http.StatusOK), wants...)
		}
	})
}
