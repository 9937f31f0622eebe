// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The measurements of one metric as a list of their own: every result,
// paginated, exported as CSV or XLSX for analysis elsewhere. The metric's
// page shows only the latest ones.

var measurementColumns = []column{
	{Label: "Measured on"}, {Label: "Value", Numeric: true}, {Label: "Unit"}, {Label: "Measured by"},
	{Label: "Comment"}, {Label: "Evidence"},
}

type measurementListPage struct {
	basePage
	Metric *isms.Metric
	List   *listResult[*isms.Measurement]
	Rows   []measurementRow
}

func (s *Server) handleMeasurementIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	m, err := s.app.FindMetric(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	spec := listSpec[*isms.Measurement]{
		Title: "Measurements of " + m.Ref, Columns: measurementColumns,
		Fetch: func(q listQuery) ([]*isms.Measurement, int, error) {
			return s.app.FindMeasurements(r.Context(), a, m.ID, q.Limit, q.Offset)
		},
		Record: func(x *isms.Measurement) []string {
			return []string{x.MeasuredOn.String(), strconv.FormatFloat(x.Value, 'f', -1, 64), m.Unit, x.MeasuredByName,
				x.Comment, string(x.EvidenceID)}
		},
		Filters: func(listQuery) [][2]string { return [][2]string{{"Metric", m.Ref + " " + m.Name}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &measurementListPage{Metric: m, List: list}
	for _, x := range list.Items {
		p.Rows = append(p.Rows, measurementRow{Measurement: x, Value: valueText(x.Value, m.Unit)})
	}
	p.Title = "Measurements of " + m.Ref
	return s.render(w, r, http.StatusOK, "measurement_index", p)
}
