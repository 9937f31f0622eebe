// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// An audit's report (27001 9.2.2 e) is exported as PDF or XLSX from one
// document: the audit's facts, its summary, the findings most severe
// first and the checklist with the controls and evidence of each
// requirement, as derived on the day of the export.

// auditReportFormats are the export formats of an audit report.
var auditReportFormats = []string{"pdf", "xlsx"}

// ExportAuditReport writes the report of audit id (scope, criteria, team,
// summary, checklist, findings by grade) as "pdf" or "xlsx" and returns
// the file name to offer ("audit-report-ia-3.pdf").
func (a *App) ExportAuditReport(ctx context.Context, actor isms.Actor, id, format string, w io.Writer) (string, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(auditReportFormats, format) {
		msg := fmt.Sprintf("An audit report is exported as pdf or xlsx; %q is neither.", format)
		return "", &isms.Error{Code: isms.Invalid, Message: msg, Fields: map[string]string{"format": msg}}
	}
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see audits."); err != nil {
		return "", err
	}
	var doc *report.AuditReportDoc
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		doc, err = a.auditReportDoc(ctx, tx, actor.OrgID, id)
		return err
	})
	if err != nil {
		return "", err
	}
	write := report.AuditReportPDF
	if format == "xlsx" {
		write = report.AuditReportXLSX
	}
	if err := write(w, doc); err != nil {
		return "", fmt.Errorf("export audit report: %w", err)
	}
	return "audit-report-" + isms.Slugify(doc.Ref) + "." + format, nil
}

// auditReportDoc returns the report of audit id of org.
func (a *App) auditReportDoc(ctx context.Context, tx *sqldb.Tx, org isms.ID, id string) (*report.AuditReportDoc, error) {
	v, err := a.auditView(ctx, tx, org, id)
	if err != nil {
		return nil, err
	}
	o, err := tx.FindOrganizationByID(ctx, org)
	if err != nil {
		return nil, err
	}
	head, err := tx.FindChainHead(ctx, orgChain(org))
	if err != nil {
		return nil, err
	}
	au, prog := v.Audit, v.Programme
	d := &report.AuditReportDoc{Organization: o.Name, Ref: au.Ref, Title: au.Title, Programme: prog.Ref + " " + prog.Title,
		Framework: prog.FrameworkName, Criteria: au.Criteria, Units: au.Units, Scope: v.Scope, Lead: au.LeadName,
		Team: au.TeamNames, Planned: au.PlannedStart.String() + " to " + au.PlannedEnd.String(), Status: au.Status.Label(),
		ReportedOn: au.ReportedOn.String(), Summary: au.Summary, Independence: overrideTexts(au.Overrides), Generated: a.now()}
	if au.ReportedOn.IsZero() {
		d.ReportedOn = ""
	}
	if head.Hash != "" {
		d.AuditHead = head.String()
	}
	for _, it := range v.Items {
		d.Items = append(d.Items, auditReportItem(it))
	}
	d.Findings, err = auditReportFindings(ctx, tx, org, v.Findings)
	return d, err
}

// overrideTexts says each accepted conflict in words.
func overrideTexts(overrides []isms.IndependenceOverride) []string {
	out := make([]string, len(overrides))
	for i, o := range overrides {
		out[i] = fmt.Sprintf("%s audits %s %s, which they own; accepted by %s on %s: %s", o.UserName,
			LinkLabel(o.Record.Type), o.Label, o.ByName, isms.DateOf(o.At), o.Reason)
	}
	return out
}

// auditReportItem returns a checklist item as the report shows it.
func auditReportItem(it *AuditItemView) report.AuditReportItem {
	controls := make([]string, len(it.Sources.Controls))
	for i, c := range it.Sources.Controls {
		controls[i] = fmt.Sprintf("%s %s (%s)", c.Ref, c.Title, strings.ToLower(c.Status.Label()))
	}
	return report.AuditReportItem{Ref: it.Ref, Title: it.Title, Result: it.Result.Label(), Notes: it.Notes,
		Sampling: it.Sampling, Controls: strings.Join(controls, ", "), Evidence: soaEvidenceText(it.Sources)}
}

// auditReportFindings returns findings as the report shows them: the most
// severe grade first, then by reference, each with its evidence titles.
func auditReportFindings(ctx context.Context, tx *sqldb.Tx, org isms.ID, findings []*isms.AuditFinding) ([]report.AuditReportFinding, error) {
	list := slices.Clone(findings)
	sort.SliceStable(list, func(i, j int) bool {
		gi, gj := slices.Index(isms.FindingGrades, list[i].Grade), slices.Index(isms.FindingGrades, list[j].Grade)
		if gi != gj {
			return gi < gj
		}
		return naturalLess(list[i].Ref, list[j].Ref)
	})
	out := make([]report.AuditReportFinding, len(list))
	for i, f := range list {
		evidence, err := findingEvidenceTitles(ctx, tx, org, f)
		if err != nil {
			return nil, err
		}
		out[i] = report.AuditReportFinding{Ref: f.Ref, Grade: f.Grade.Label(), Title: f.Title, Description: f.Description,
			Requirements: requirementRefsText(f.Requirements), Evidence: evidence, RaisedBy: f.RaisedByName}
	}
	return out, nil
}

// findingEvidenceTitles returns the titles of the evidence f links,
// joined.
func findingEvidenceTitles(ctx context.Context, tx *sqldb.Tx, org isms.ID, f *isms.AuditFinding) (string, error) {
	ids, err := findingEvidence(ctx, tx, f)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	links := make([]isms.Link, len(ids))
	for i, id := range ids {
		links[i] = isms.Link{Type: findingEvidenceType, ID: id}
	}
	rl, err := describeLinks(ctx, tx, org, links)
	if err != nil {
		return "", err
	}
	titles := make([]string, len(rl))
	for i, l := range rl {
		_, t, ok := strings.Cut(l.Title, ": ")
		if !ok {
			t = l.Title
		}
		titles[i] = t
	}
	sort.Strings(titles)
	return strings.Join(titles, ", "), nil
}
