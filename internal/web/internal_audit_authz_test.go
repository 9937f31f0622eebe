// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for internal audit.
// Readers of the ISMS (auditors and viewers too) read programmes, audits,
// checklists, findings and reports; administrators and ISMS managers plan
// and change programmes and audits; results and findings are recorded by
// them and by auditors on the audit's team; the lead auditor moves the
// audit's status. Contributors change nothing here, employees read
// nothing.
func init() {
	for pattern, row := range internalAuditAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzInternalAudit)
	for t, name := range map[authzTarget]string{targetProgramme: "ap", targetEmptyProgramme: "ap-empty",
		targetAuditInProgress: "ia-progress", targetAuditPlanned: "ia-planned", targetFinding: "finding"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets, all of A: its programme AP-1 over the framework
// "authz-controls" with two audits of R1, and AP-2 without audits; IA-1 in
// progress, led by the manager with the auditor on its team, with a
// finding; IA-2 planned, led by the auditor.
const (
	targetProgramme       authzTarget = 900 + iota // AP-1
	targetEmptyProgramme                           // AP-2
	targetAuditInProgress                          // IA-1
	targetAuditPlanned                             // IA-2
	targetFinding                                  // F-1, on IA-1
)

const (
	readAudits    = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readAudit     = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manageAudits  = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageAudit   = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
	recordAudit   = "anon:D owner:D admin:A mgr:A contrib:D aud:A view:D emp:D other:N"
	checkAuditors = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
)

var internalAuditAuthzRows = map[string]authzRow{
	"GET /audit-programmes":                    {cells: readAudits},
	"GET /audit-programmes/new":                {cells: manageAudits},
	"POST /audit-programmes":                   {cells: manageAudits, body: authzProgrammeForm},
	"GET /audit-programmes/{id}":               {cells: readAudit, id: targetProgramme},
	"GET /audit-programmes/{id}/coverage.csv":  {cells: readAudit, id: targetProgramme},
	"GET /audit-programmes/{id}/coverage.xlsx": {cells: readAudit, id: targetProgramme},
	"GET /audit-programmes/{id}/edit":          {cells: manageAudit, id: targetProgramme},
	"POST /audit-programmes/{id}":              {cells: manageAudit, id: targetProgramme, body: authzProgrammeUpdateForm},
	"POST /audit-programmes/{id}/delete":       {cells: manageAudit, id: targetEmptyProgramme},

	"GET /internal-audits":           {cells: readAudits},
	"GET /internal-audits/new":       {cells: manageAudits},
	"POST /internal-audits":          {cells: manageAudits, body: authzAuditForm, note: "AP-1 of the actor's organization, scope R1"},
	"GET /internal-audits/{id}":      {cells: readAudit, id: targetAuditInProgress},
	"GET /internal-audits/{id}/edit": {cells: manageAudit, id: targetAuditPlanned},
	"POST /internal-audits/{id}":     {cells: manageAudit, id: targetAuditPlanned, body: authzAuditUpdateForm},
	"POST /internal-audits/{id}/status": {cells: recordAudit, id: targetAuditPlanned, body: authzAuditStartForm,
		note: "the auditor leads IA-2: the lead may move the status"},
	"POST /internal-audits/{id}/delete":      {cells: manageAudit, id: targetAuditPlanned},
	"GET /internal-audits/{id}/items/{req}":  {cells: readAudit, id: targetAuditInProgress, note: "{req} is R1"},
	"POST /internal-audits/{id}/items/{req}": {cells: recordAudit, id: targetAuditInProgress, body: authzItemForm, note: "the auditor is on IA-1's team"},
	"GET /internal-audits/{id}/findings/new": {cells: recordAudit, id: targetAuditInProgress},
	"GET /internal-audits/{id}/report.pdf":   {cells: readAudit, id: targetAuditInProgress},
	"GET /internal-audits/{id}/report.xlsx":  {cells: readAudit, id: targetAuditInProgress},

	"GET /findings":              {cells: readAudits},
	"POST /findings":             {cells: recordAudit, body: authzFindingForm, note: "on A's IA-1: not found for other"},
	"GET /findings/{id}":         {cells: readAudit, id: targetFinding},
	"GET /findings/{id}/edit":    {cells: recordAudit, id: targetFinding},
	"POST /findings/{id}":        {cells: recordAudit, id: targetFinding, body: authzFindingUpdateForm},
	"POST /findings/{id}/delete": {cells: recordAudit, id: targetFinding},

	"GET /api/v1/audit-programmes": {cells: readAudits},
	"POST /api/v1/audit-programmes": {cells: manageAudits, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Next cycle", "framework": f.auditFramework(x), "start": "2029-01-01", "end": "2031-12-31"}
	}},
	"GET /api/v1/audit-programmes/{id}": {cells: readAudit, id: targetProgramme},
	"PUT /api/v1/audit-programmes/{id}": {cells: manageAudit, id: targetProgramme, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Cycle 2026–2028", "framework": "authz-controls", "start": "2026-01-01", "end": "2028-12-31",
			"version": f.programmeVersion()}
	}},
	"DELETE /api/v1/audit-programmes/{id}": {cells: manageAudit, id: targetEmptyProgramme},

	"GET /api/v1/internal-audits":  {cells: readAudits},
	"POST /api/v1/internal-audits": {cells: manageAudits, body: authzAuditJSON},
	"POST /api/v1/internal-audits/independence": {cells: checkAuditors, body: authzAuditJSON,
		note: "checking a team is planning work: it needs the right to manage audits"},
	"GET /api/v1/internal-audits/{id}": {cells: readAudit, id: targetAuditInProgress},
	"PUT /api/v1/internal-audits/{id}": {cells: manageAudit, id: targetAuditPlanned, body: func(f *authzFixture, x authzWho) any {
		m := authzAuditJSON(f, asAdmin).(map[string]any)
		m["leadId"], m["version"] = f.users[asAud].ID, f.auditVersion("ia-planned")
		return m
	}},
	"DELETE /api/v1/internal-audits/{id}": {cells: manageAudit, id: targetAuditPlanned},
	"POST /api/v1/internal-audits/{id}/status": {cells: recordAudit, id: targetAuditPlanned, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"status": "in_progress", "version": f.auditVersion("ia-planned")}
	}},
	"PUT /api/v1/internal-audits/{id}/items/{requirementId}": {cells: recordAudit, id: targetAuditInProgress, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"result": "conforming", "notes": "Locks checked.", "version": f.itemVersion()}
	}},
	"GET /api/v1/internal-audits/{id}/report": {cells: readAudit, id: targetAuditInProgress, note: "PDF by default"},

	"GET /api/v1/findings": {cells: readAudits},
	"POST /api/v1/findings": {cells: recordAudit, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"audit": f.ids["ia-progress"], "grade": "ofi", "title": "Label the keys"}
	}, note: "on A's IA-1: not found for other"},
	"GET /api/v1/findings/{id}": {cells: readAudit, id: targetFinding},
	"PUT /api/v1/findings/{id}": {cells: recordAudit, id: targetFinding, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"audit": f.ids["ia-progress"], "grade": "minor", "title": "Spare key unaccounted for",
			"description": "One spare key of the server room was not in the key box.", "requirements": []string{"R1"}, "version": f.findingVersion()}
	}},
	"DELETE /api/v1/findings/{id}": {cells: recordAudit, id: targetFinding},
}

// newAuthzInternalAudit gives A its programmes, audits and finding (see
// the targets), and B a framework "authz-audit" with R1 and a programme
// AP-1 over it, so that B's administrator plans audits in B.
func newAuthzInternalAudit(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	period := func(title, fw string) app.ProgrammeInput {
		return app.ProgrammeInput{Title: title, Framework: fw, Start: isms.NewDate(2026, 1, 1), End: isms.NewDate(2028, 12, 31)}
	}
	for i, title := range []string{"Cycle 2026–2028", "Spare programme"} {
		p, err := h.app.CreateProgramme(ctx, admin, period(title, "authz-controls"))
		if err != nil {
			h.t.Fatalf("CreateProgramme(%s): %v", title, err)
		}
		w.ids[[]string{"ap", "ap-empty"}[i]] = p.ID
	}
	in := app.AuditInput{Programme: "AP-1", Title: "Physical security", Criteria: "ISO/IEC 27001:2022", Scope: "R1",
		LeadID: w.users[asMgr].ID, TeamIDs: []isms.ID{w.users[asAud].ID}, PlannedStart: isms.NewDate(2026, 3, 1), PlannedEnd: isms.NewDate(2026, 3, 2)}
	progress, err := h.app.PlanAudit(ctx, admin, in)
	if err != nil {
		h.t.Fatalf("PlanAudit(in progress): %v", err)
	}
	if progress, err = h.app.MoveAudit(ctx, admin, progress.ID, progress.Version, isms.AuditInProgress, ""); err != nil {
		h.t.Fatalf("MoveAudit: %v", err)
	}
	in.Title, in.LeadID, in.TeamIDs = "Physical security, second site", w.users[asAud].ID, nil
	planned, err := h.app.PlanAudit(ctx, admin, in)
	if err != nil {
		h.t.Fatalf("PlanAudit(planned): %v", err)
	}
	f, err := h.app.CreateFinding(ctx, admin, app.FindingInput{Audit: string(progress.ID), Grade: isms.FindingObservation, Title: "Visitor log incomplete"})
	if err != nil {
		h.t.Fatalf("CreateFinding: %v", err)
	}
	w.ids["ia-progress"], w.ids["ia-planned"], w.ids["finding"] = progress.ID, planned.ID, f.ID
	newAuthzAuditB(h, w)
}

// newAuthzAuditB gives B the framework "authz-audit" and AP-1 over it.
func newAuthzAuditB(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, other := context.Background(), w.actor(asOther)
	if _, _, err := h.app.ImportFramework(ctx, isms.SystemActor(w.b.ID), &catalog.Framework{
		Meta:         isms.Framework{Key: "authz-audit", Name: "B's audit framework", Source: isms.SourceYAML, SHA256: "authz-audit"},
		Requirements: []isms.Requirement{{Ref: "R1", Title: "First", Kind: isms.KindControl, Assessable: true}},
	}); err != nil {
		h.t.Fatalf("ImportFramework(B): %v", err)
	}
	if _, err := h.app.CreateProgramme(ctx, other, app.ProgrammeInput{Title: "B's cycle", Framework: "authz-audit",
		Start: isms.NewDate(2026, 1, 1), End: isms.NewDate(2028, 12, 31)}); err != nil {
		h.t.Fatalf("CreateProgramme(B): %v", err)
	}
}

// auditFramework is the framework of x's organization that its AP-1
// covers.
func (f *authzFixture) auditFramework(x authzWho) string {
	if x == asOther {
		return "authz-audit"
	}
	return "authz-controls"
}

// auditLead is who leads an audit x plans: A's auditor, or B's
// administrator.
func (f *authzFixture) auditLead(x authzWho) isms.ID {
	if x == asOther {
		return f.users[asOther].ID
	}
	return f.users[asAud].ID
}

func (f *authzFixture) programmeVersion() int {
	f.h.t.Helper()
	v, err := f.h.app.FindProgramme(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["ap"]))
	if err != nil {
		f.h.t.Fatalf("FindProgramme: %v", err)
	}
	return v.Programme.Version
}

func (f *authzFixture) auditView(name string) *app.AuditView {
	f.h.t.Helper()
	v, err := f.h.app.FindAudit(context.Background(), isms.SystemActor(f.a.ID), string(f.ids[name]))
	if err != nil {
		f.h.t.Fatalf("FindAudit(%s): %v", name, err)
	}
	return v
}

func (f *authzFixture) auditVersion(name string) int { return f.auditView(name).Audit.Version }

// itemVersion is the version of R1's item of IA-1.
func (f *authzFixture) itemVersion() int { return f.auditView("ia-progress").Items[0].Version }

func (f *authzFixture) findingVersion() int {
	f.h.t.Helper()
	x, err := f.h.app.FindFinding(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["finding"]))
	if err != nil {
		f.h.t.Fatalf("FindFinding: %v", err)
	}
	return x.Version
}

func authzProgrammeForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Next cycle"}, "framework": {f.auditFramework(x)}, "start": {"2029-01-01"}, "end": {"2031-12-31"}}
}

func authzProgrammeUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Cycle 2026–2028, revised"}, "framework": {"authz-controls"}, "start": {"2026-01-01"}, "end": {"2028-12-31"},
		"version": {strconv.Itoa(f.programmeVersion())}}
}

func authzAuditForm(f *authzFixture, x authzWho) any {
	return url.Values{"programme": {"AP-1"}, "title": {"Door locks"}, "criteria": {"ISO/IEC 27001:2022"}, "scope": {"R1"},
		"lead": {string(f.auditLead(x))}, "plannedStart": {"2026-06-01"}, "plannedEnd": {"2026-06-01"}}
}

func authzAuditUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Door locks, both sites"}, "criteria": {"ISO/IEC 27001:2022"}, "scope": {"R1"},
		"lead": {string(f.users[asAud].ID)}, "plannedStart": {"2026-06-01"}, "plannedEnd": {"2026-06-02"},
		"version": {strconv.Itoa(f.auditVersion("ia-planned"))}}
}

func authzAuditStartForm(f *authzFixture, x authzWho) any {
	return url.Values{"to": {"in_progress"}, "version": {strconv.Itoa(f.auditVersion("ia-planned"))}}
}

func authzAuditJSON(f *authzFixture, x authzWho) any {
	return map[string]any{"programme": "AP-1", "title": "Door locks", "criteria": "ISO/IEC 27001:2022", "scope": "R1",
		"leadId": f.auditLead(x), "plannedStart": "2026-06-01", "plannedEnd": "2026-06-01"}
}

func authzItemForm(f *authzFixture, x authzWho) any {
	return url.Values{"result": {"conforming"}, "notes": {"Locks checked."}, "version": {strconv.Itoa(f.itemVersion())}}
}

func authzFindingForm(f *authzFixture, x authzWho) any {
	return url.Values{"audit": {string(f.ids["ia-progress"])}, "grade": {"ofi"}, "title": {"Label the keys"}}
}

func authzFindingUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"audit": {string(f.ids["ia-progress"])}, "grade": {"observation"}, "title": {"Visitor log often incomplete"},
		"version": {strconv.Itoa(f.findingVersion())}}
}
