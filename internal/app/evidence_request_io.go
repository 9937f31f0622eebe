// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// An auditor's request list arrives as a spreadsheet: it is imported from
// CSV or XLSX, every row checked before anything is stored, and the list
// goes back out with where each request stands.

// RequestColumns are the columns of a request list import, in any order
// and case: title and due are required, and requirement or control.
var RequestColumns = []string{"requirement", "control", "title", "detail", "due", "owner"}

// RequestExportColumns are the columns of the exported request list.
var RequestExportColumns = []string{"ref", "audit", "framework", "requirement", "control", "title", "detail", "due",
	"owner", "status", "round", "evidence", "requested_by", "last_activity"}

// MaxRequestImport bounds the rows of one import.
const MaxRequestImport = 1000

// maxRequestFile bounds the bytes read of an imported file; the table
// reader refuses files larger than 10 MB.
const maxRequestFile = 10<<20 + 1

// requestFieldColumns maps the fields the problems of a request name to
// the columns their values come from.
var requestFieldColumns = map[string]string{"requirement": "requirement", "framework": "requirement",
	"control": "control", "title": "title", "detail": "detail", "dueOn": "due", "ownerId": "owner"}

// requestFormats are the export formats of the request list.
var requestFormats = []string{"csv", "xlsx"}

// RequestImport is the result of importing a request list.
type RequestImport struct {
	Created []*isms.EvidenceRequest
}

// ImportEvidenceRequests reads a request list (CSV or XLSX, by name) with
// the columns requirement, control, title, detail, due, owner and creates
// every row, or none: any problem is reported with its line and column.
// auditID and framework apply to every row.
func (a *App) ImportEvidenceRequests(ctx context.Context, actor isms.Actor, auditID, framework, name string, r io.Reader) (*RequestImport, error) {
	if err := forbid(actor.Can(isms.RequestEvidence), "You may not ask for evidence."); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, maxRequestFile))
	if err != nil {
		return nil, fmt.Errorf("read request list: %w", err)
	}
	sheet, err := report.ReadTable(name, data, "")
	if err != nil {
		return nil, err
	}
	if err := checkRequestColumns(sheet); err != nil {
		return nil, err
	}
	res := &RequestImport{Created: []*isms.EvidenceRequest{}}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := checkImportTarget(ctx, tx, actor, auditID, framework); err != nil {
			return err
		}
		if err := a.importRequestRows(ctx, tx, actor, sheet, auditID, framework, res); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "evidence_request.import", objectOrganization, actor.OrgID,
			isms.Changes{"file": {After: sheet.Name}, "imported": {After: len(res.Created)},
				"audit": {After: strings.TrimSpace(auditID)}, "framework": {After: strings.TrimSpace(framework)}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkRequestColumns requires the title and due columns and one of
// requirement and control, refuses others and bounds the rows.
func checkRequestColumns(sheet *report.Sheet) error {
	p := isms.Problems{}
	head := report.SheetRow{Line: sheet.HeaderLine}
	for i, c := range sheet.Columns {
		if c != "" && !slices.Contains(RequestColumns, c) {
			p.Add(sheet.Where(head, i), fmt.Sprintf("Column %q is not one of %s; rename or remove it.", c, strings.Join(RequestColumns, ", ")))
		}
	}
	if sheet.Index("title") < 0 || sheet.Index("due") < 0 || (sheet.Index("requirement") < 0 && sheet.Index("control") < 0) {
		p.Add(sheet.Where(head, -1), "The heading row needs the columns title and due, and requirement or control (and may have detail and owner).")
	}
	switch {
	case len(p) > 0:
		return &isms.Error{Code: isms.Invalid, Message: fmt.Sprintf("The columns of %s cannot be imported; nothing was imported.", sheet.Name), Fields: p}
	case len(sheet.Rows) == 0:
		return isms.Errorf(isms.Invalid, "%s has no rows below its heading; nothing was imported.", sheet.Name)
	case len(sheet.Rows) > MaxRequestImport:
		return isms.Errorf(isms.Invalid, "%s has %d rows; import at most %d at a time.", sheet.Name, len(sheet.Rows), MaxRequestImport)
	}
	return nil
}

// checkImportTarget checks the audit and the framework that every row of
// an import shares, before any row.
func checkImportTarget(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, auditID, framework string) error {
	p := isms.Problems{}
	if _, err := requestAudit(ctx, tx, &isms.EvidenceRequest{OrgID: actor.OrgID}, auditID, p); err != nil {
		return err
	}
	if _, err := requestFramework(ctx, tx, actor, nil, framework, false, p); err != nil {
		return err
	}
	return p.Err()
}

// importRequestRows creates the request of every row of sheet. The
// problems of all rows come back together, keyed by where they are in the
// file ("requests.csv:4: column due").
func (a *App) importRequestRows(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, sheet *report.Sheet, auditID, framework string, res *RequestImport) error {
	sp := newSheetProblems(sheet)
	for _, row := range sheet.Rows {
		cell := func(c string) string { return sheet.Cell(row, sheet.Index(c)) }
		in := EvidenceRequestInput{Audit: auditID, Framework: framework, Requirement: cell("requirement"), Control: cell("control"),
			Title: cell("title"), Detail: cell("detail"), DueOn: cell("due"), Owner: cell("owner")}
		r := newRequest(actor)
		err := a.insertRequest(ctx, tx, actor, r, in)
		if err == nil {
			res.Created = append(res.Created, r)
		} else if !sp.addFields(row, err, requestFieldColumns) {
			return err
		}
	}
	return sp.err()
}

// ExportEvidenceRequests writes the requests f selects, with their status,
// as "csv" or "xlsx", and returns the file name.
func (a *App) ExportEvidenceRequests(ctx context.Context, actor isms.Actor, f isms.EvidenceRequestFilter, format string, w io.Writer) (string, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !slices.Contains(requestFormats, format) {
		msg := fmt.Sprintf("Evidence requests are exported as csv or xlsx; %q is neither.", format)
		return "", &isms.Error{Code: isms.Invalid, Message: msg, Fields: map[string]string{"format": msg}}
	}
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence requests."); err != nil {
		return "", err
	}
	t := &report.Table{Title: "Evidence requests", Columns: RequestExportColumns, Wrap: true,
		Meta: [][2]string{{"Exported at", a.now().UTC().Format(time.RFC3339)}, {"Exported by", actor.Name}}}
	f = requestFilter(actor, f)
	f.Limit, f.Offset = isms.MaxPageSize, 0
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		frameworks := map[isms.ID]string{}
		for {
			list, total, err := tx.FindEvidenceRequests(ctx, actor.OrgID, f)
			if err != nil {
				return err
			}
			for _, r := range list {
				row, err := requestExportRow(ctx, tx, r, frameworks)
				if err != nil {
					return err
				}
				t.Rows = append(t.Rows, row)
			}
			f.Offset += len(list)
			if len(list) == 0 || f.Offset >= total {
				return nil
			}
		}
	})
	if err != nil {
		return "", err
	}
	write := report.WriteCSV
	if format == "xlsx" {
		write = report.WriteXLSX
	}
	if err := write(w, t); err != nil {
		return "", fmt.Errorf("export evidence requests: %w", err)
	}
	return "evidence-requests." + format, nil
}

// requestExportRow is r as a row of RequestExportColumns; frameworks
// caches the frameworks' titles.
func requestExportRow(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest, frameworks map[isms.ID]string) ([]string, error) {
	fw, ok := frameworks[r.FrameworkID]
	if !ok && r.FrameworkID != "" {
		f, err := tx.FindFrameworkByID(ctx, r.OrgID, r.FrameworkID)
		if err != nil && isms.ErrorCode(err) != isms.NotFound {
			return nil, err
		}
		if f != nil {
			fw = f.Title()
		}
		frameworks[r.FrameworkID] = fw
	}
	evidence, err := requestEvidenceText(ctx, tx, r)
	if err != nil {
		return nil, err
	}
	return []string{r.Ref, r.AuditRef, fw, r.Requirement.Ref, r.ControlRef, r.Title, r.Detail, r.DueOn.String(),
		r.OwnerName, r.Status.Label(), strconv.Itoa(r.Round), evidence, r.RequestedByName, lastActivity(r)}, nil
}

// requestEvidenceText is the count and the titles, sorted, of the
// evidence attached to r: "2: Access policy; Access review Q1".
func requestEvidenceText(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest) (string, error) {
	titles := []string{}
	for _, id := range r.Evidence {
		e, err := tx.FindEvidenceByID(ctx, r.OrgID, id)
		if isms.ErrorCode(err) == isms.NotFound {
			continue
		} else if err != nil {
			return "", err
		}
		titles = append(titles, e.Title)
	}
	if len(titles) == 0 {
		return "0", nil
	}
	slices.Sort(titles)
	return strconv.Itoa(len(titles)) + ": " + strings.Join(titles, "; "), nil
}

// requestStepLabels name the steps of a thread for people.
var requestStepLabels = map[isms.RequestStep]string{isms.StepAsked: "asked", isms.StepAnswered: "answered",
	isms.StepAccepted: "accepted", isms.StepAskedAgain: "asked again", isms.StepCancelled: "cancelled"}

// lastActivity says the last step of r's thread: "2026-03-02: answered by
// Dave Contributor".
func lastActivity(r *isms.EvidenceRequest) string {
	if len(r.Thread) == 0 {
		return ""
	}
	m := r.Thread[len(r.Thread)-1]
	return isms.DateOf(m.At).String() + ": " + requestStepLabels[m.Step] + " by " + m.ByName
}
