// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// sheetProblems collects the problems of an import's rows, keyed by where
// they are in the file ("risks.csv:4: column owner"), so that every
// problem of every row is reported at once and nothing is imported.
type sheetProblems struct {
	sheet    *report.Sheet
	problems isms.Problems
	rows     map[int]bool // the lines with problems
}

func newSheetProblems(sheet *report.Sheet) *sheetProblems {
	return &sheetProblems{sheet: sheet, problems: isms.Problems{}, rows: map[int]bool{}}
}

// add records msg at column of row; "" or a column the file lacks names
// the row.
func (sp *sheetProblems) add(row report.SheetRow, column, msg string) {
	col := -1
	if column != "" {
		col = sp.sheet.Index(column)
	}
	sp.problems.Add(sp.sheet.Where(row, col), msg)
	sp.rows[row.Line] = true
}

// addFields records the field problems of err at row, each in the column
// columns gives its field, and reports whether err had any.
func (sp *sheetProblems) addFields(row report.SheetRow, err error, columns map[string]string) bool {
	fields := isms.ErrorFields(err)
	for f, msg := range fields {
		sp.add(row, columns[f], msg)
	}
	return fields != nil
}

// err returns every problem found, nil when there are none.
func (sp *sheetProblems) err() error {
	if len(sp.problems) == 0 {
		return nil
	}
	return &isms.Error{Code: isms.Invalid, Fields: sp.problems, Message: fmt.Sprintf(
		"%s has %s in %s; nothing was imported. Correct them and import the file again.",
		sp.sheet.Name, nounCount(len(sp.problems), "problem"), nounCount(len(sp.rows), "row"))}
}
