// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Measurements can be imported from a CSV or XLSX table with the columns
// date, value and (optionally) comment: results kept in a spreadsheet
// before the metric was recorded here, or exported from the tool that
// measures. Every problem of every row is reported with its line, and
// nothing is stored unless every row is good.

// MeasurementColumns are the columns of an import, in order.
var MeasurementColumns = []string{"date", "value", "comment"}

// MaxMeasurementImport bounds the rows of one import.
const MaxMeasurementImport = 5000

// MeasurementImportResult says what an import stored: how many
// measurements, the first and last day, and the measure task it completed
// (nil when none).
type MeasurementImportResult struct {
	Imported    int
	First, Last isms.Date
	Completed   *isms.Task
}

// ImportMeasurements reads the file name (CSV or XLSX by its extension)
// into measurements of metric metricID, recorded as measured by actor. A
// row on a day that already has a measurement, or a day repeated in the
// file, is refused so that importing a file twice stores nothing twice.
// The import is one audit event on the metric, "measurement.import".
func (a *App) ImportMeasurements(ctx context.Context, actor isms.Actor, metricID isms.ID, name string, data []byte) (*MeasurementImportResult, error) {
	if err := forbid(actor.Can(isms.EditObjectives), "You may not import measurements."); err != nil {
		return nil, err
	}
	sheet, err := report.ReadTable(name, data, "")
	if err != nil {
		return nil, err
	}
	if err := checkMeasurementColumns(sheet); err != nil {
		return nil, err
	}
	res := &MeasurementImportResult{}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMetricByID(ctx, actor.OrgID, metricID)
		if err != nil {
			return err
		}
		list, err := a.readMeasurements(ctx, tx, actor, m, sheet)
		if err != nil {
			return err
		}
		return a.storeImport(ctx, tx, actor, m, sheet.Name, list, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkMeasurementColumns requires the date and value columns, refuses
// others and bounds the rows.
func checkMeasurementColumns(sheet *report.Sheet) error {
	p := isms.Problems{}
	head := report.SheetRow{Line: sheet.HeaderLine}
	for i, c := range sheet.Columns {
		if c != "" && !slices.Contains(MeasurementColumns, c) {
			p.Add(sheet.Where(head, i), fmt.Sprintf("Column %q is not one of date, value and comment; rename or remove it.", c))
		}
	}
	if sheet.Index("date") < 0 || sheet.Index("value") < 0 {
		p.Add(sheet.Where(head, -1), "The heading row needs the columns date and value (and may have comment).")
	}
	switch {
	case len(p) > 0:
		return &isms.Error{Code: isms.Invalid, Message: fmt.Sprintf("The columns of %s cannot be imported; nothing was imported.", sheet.Name), Fields: p}
	case len(sheet.Rows) == 0:
		return isms.Errorf(isms.Invalid, "%s has no rows below its heading; nothing was imported.", sheet.Name)
	case len(sheet.Rows) > MaxMeasurementImport:
		return isms.Errorf(isms.Invalid, "%s has %d rows; import at most %d at a time.", sheet.Name, len(sheet.Rows), MaxMeasurementImport)
	}
	return nil
}

// readMeasurements reads every row of sheet as a measurement of m. The
// problems of all rows come back together, keyed by where they are in
// the file ("results.csv:4: column value").
func (a *App) readMeasurements(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric, sheet *report.Sheet) ([]*isms.Measurement, error) {
	col := map[string]int{}
	for _, c := range MeasurementColumns {
		col[c] = sheet.Index(c)
	}
	// The problems newMeasurement names by field are moved to the column.
	fieldCol := map[string]string{"value": "value", "measuredOn": "date", "comment": "comment"}
	problems := isms.Problems{}
	seen := map[string]int{}
	var list []*isms.Measurement
	for _, row := range sheet.Rows {
		cell := func(c string) string { return strings.TrimSpace(sheet.Cell(row, col[c])) }
		p := isms.Problems{}
		if cell("date") == "" {
			p.Add("measuredOn", "Date is required, as YYYY-MM-DD.")
		}
		x, err := a.newMeasurement(ctx, tx, actor, m, MeasurementInput{Value: cell("value"), MeasuredOn: cell("date"),
			Comment: sheet.Cell(row, col["comment"])}, p)
		if err != nil && isms.ErrorCode(err) != isms.Invalid {
			return nil, err
		}
		if day := cell("date"); len(p) == 0 {
			if line, dup := seen[day]; dup {
				p.Add("measuredOn", fmt.Sprintf("%s is also on line %d; give each day one row.", day, line))
			}
			seen[day] = row.Line
		}
		for f, msg := range p {
			c, ok := fieldCol[f]
			where := sheet.Where(row, -1)
			if ok {
				where = sheet.Where(row, col[c])
			}
			problems.Add(where, msg)
		}
		if len(p) == 0 {
			list = append(list, x)
		}
	}
	if err := a.checkMeasuredDays(ctx, tx, m, sheet, list, seen, problems); err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &isms.Error{Code: isms.Invalid, Fields: problems,
			Message: fmt.Sprintf("%s has %d problems; nothing was imported. Correct them and import the file again.", sheet.Name, len(problems))}
	}
	return list, nil
}

// checkMeasuredDays records a problem for each row on a day that already
// has a measurement of m.
func (a *App) checkMeasuredDays(ctx context.Context, tx *sqldb.Tx, m *isms.Metric, sheet *report.Sheet, list []*isms.Measurement, lines map[string]int, problems isms.Problems) error {
	days := make([]isms.Date, len(list))
	for i, x := range list {
		days[i] = x.MeasuredOn
	}
	had, err := tx.MeasuredDays(ctx, m.OrgID, m.ID, days)
	if err != nil {
		return err
	}
	for _, x := range list {
		if day := x.MeasuredOn.String(); had[day] {
			row := report.SheetRow{Line: lines[day]}
			problems.Add(sheet.Where(row, sheet.Index("date")), fmt.Sprintf("%s already has a measurement of %s; delete it first or remove this row.", day, m.Ref))
		}
	}
	return nil
}

// storeImport stores list with one audit event on m and completes the
// measure task the latest measurement satisfies.
func (a *App) storeImport(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric, file string, list []*isms.Measurement, res *MeasurementImportResult) error {
	var latest *isms.Measurement
	for _, x := range list {
		if err := tx.InsertMeasurement(ctx, x); err != nil {
			return err
		}
		if latest == nil || !x.MeasuredOn.Before(latest.MeasuredOn) {
			latest = x
		}
		if res.First.IsZero() || x.MeasuredOn.Before(res.First) {
			res.First = x.MeasuredOn
		}
	}
	res.Imported, res.Last = len(list), latest.MeasuredOn
	err := audit(ctx, tx, orgChain(m.OrgID), actor, "measurement.import", objectMetric, m.ID, isms.Changes{
		"file": {After: file}, "imported": {After: res.Imported},
		"from": {After: res.First.String()}, "to": {After: res.Last.String()}})
	if err != nil {
		return err
	}
	res.Completed, err = completeMeasureTask(ctx, tx, actor, m, latest)
	return err
}
