// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
)

// maxUnzipped bounds how much a workbook may unpack to, so a small file
// cannot expand into gigabytes.
const maxUnzipped = 200 << 20

// readCustomXLSX reads a framework in the custom format from a workbook:
// the sheet named "requirements" (or else the first sheet other than
// "framework") holds the rows as in CSV; the sheet "framework" holds the
// metadata as key/value rows (or the requirements sheet has "# key: value"
// rows above its header).
func readCustomXLSX(name string, data []byte, key string) (fw *Framework, err error) {
	defer func() {
		if r := recover(); r != nil {
			fw, err = nil, errorf(name, position{}, "", "the workbook cannot be read: %v", r)
		}
	}()
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, errorf(name, position{}, "", "is not a readable .xlsx workbook: %v", err)
	}
	defer wb.Close()
	d := newDraft(name)
	reqSheet, metaSheet := pickSheets(wb.GetSheetList())
	if reqSheet == "" {
		return nil, errorf(name, position{}, "", "has no sheet of requirements (name it \"requirements\")")
	}
	t, err := readSheet(name, wb, reqSheet)
	if err != nil {
		return nil, err
	}
	if metaSheet != "" {
		if err := readMetaSheet(name, wb, metaSheet, t); err != nil {
			return nil, err
		}
	}
	tableToDraft(d, t)
	d.at = place{prefix: "sheet " + metaSheetName(metaSheet) + ": "}
	if fw, err = d.build(key); err != nil {
		return nil, err
	}
	fw.Meta.Source = isms.SourceXLSX
	return fw, nil
}

// metaSheetName names the sheet that holds (or should hold) the metadata.
func metaSheetName(s string) string {
	if s == "" {
		return "framework"
	}
	return s
}

// pickSheets chooses the requirements sheet and the metadata sheet.
func pickSheets(sheets []string) (req, meta string) {
	for _, s := range sheets {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "requirements":
			req = s
		case "framework":
			meta = s
		}
	}
	if req == "" {
		for _, s := range sheets {
			if s != meta {
				return s, meta
			}
		}
	}
	return req, meta
}

// readSheet reads a requirements sheet into a table.
func readSheet(name string, wb *excelize.File, sheet string) (*table, error) {
	t := &table{
		cell: func(row, col int) place {
			if col < 0 {
				return place{prefix: fmt.Sprintf("sheet %s row %d: ", sheet, row)}
			}
			c, _ := excelize.CoordinatesToCellName(col+1, row)
			return place{prefix: fmt.Sprintf("sheet %s cell %s: ", sheet, c)}
		},
		row: func(row int) place {
			if row <= 0 {
				return place{prefix: fmt.Sprintf("sheet %s: ", sheet)}
			}
			return place{prefix: fmt.Sprintf("sheet %s row %d: ", sheet, row)}
		},
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, errorf(name, position{}, "", "sheet %s cannot be read: %v", sheet, err)
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		rec, err := rows.Columns()
		if err != nil {
			return nil, errorf(name, position{}, "", "sheet %s row %d cannot be read: %v", sheet, n, err)
		}
		if err := t.addSheetRow(name, sheet, rec, n); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errorf(name, position{}, "", "sheet %s cannot be read: %v", sheet, err)
	}
	return t, nil
}

// addSheetRow files one worksheet row as metadata, header or data.
func (t *table) addSheetRow(name, sheet string, rec []string, n int) error {
	switch {
	case blankRow(rec):
	case strings.HasPrefix(strings.TrimSpace(rec[0]), "#"):
		if t.header == nil {
			t.addMeta(strings.Join(trimBlankTail(rec), " "), n)
		}
	case t.header == nil:
		t.header, t.headerLine = rec, n
	case len(t.rows) >= maxCustomRows:
		return errorf(name, position{}, "", "sheet %s has more than %d rows", sheet, maxCustomRows)
	default:
		t.rows = append(t.rows, tableRow{cells: rec, line: n})
	}
	return nil
}

// readMetaSheet reads the key/value rows of the framework sheet into the
// table's metadata. A first row "key | value" is a header.
func readMetaSheet(name string, wb *excelize.File, sheet string, t *table) error {
	rows, err := wb.GetRows(sheet)
	if err != nil {
		return errorf(name, position{}, "", "sheet %s cannot be read: %v", sheet, err)
	}
	if len(rows) > 1000 {
		return errorf(name, position{}, "", "sheet %s has more than 1,000 rows; it holds only the framework's fields", sheet)
	}
	for i, rec := range rows {
		if blankRow(rec) {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(rec[0]))
		if i == 0 && k == "key" && len(rec) > 1 && strings.EqualFold(strings.TrimSpace(rec[1]), "value") {
			continue
		}
		v := ""
		if len(rec) > 1 {
			v = strings.TrimSpace(rec[1])
		}
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		t.meta = append(t.meta, metaRow{key: k, value: v, at: place{prefix: fmt.Sprintf("sheet %s cell %s: ", sheet, c)}})
	}
	return nil
}
