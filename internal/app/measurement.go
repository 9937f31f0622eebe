// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Measurements are the results of a metric, entered by hand, through the
// API or imported from a table (measurement_import.go). Their audit
// events ("measurement.create", "measurement.delete", "measurement.import")
// are recorded on the metric, so that the metric's history tells every
// result recorded or withdrawn.

// MeasurementInput is a measurement as a form or the API gives it: Value
// a number as text; MeasuredOn YYYY-MM-DD, today when empty; MeasuredBy a
// user ID, the person recording it when empty; EvidenceID an evidence
// item's ID or "".
type MeasurementInput struct{ Value, MeasuredOn, MeasuredBy, Comment, EvidenceID string }

func init() {
	linkables[objectMeasurement] = linkable{
		label: "measurement",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			x, err := tx.FindMeasurementByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			m, err := tx.FindMetricByID(ctx, org, x.MetricID)
			if err != nil {
				return "", "", err
			}
			return x.ID, "Measurement of " + m.Ref + " (" + measuredText(m, x) + ")", nil
		},
	}
}

// measuredText says what was measured when: "97.5 % on 2026-03-31".
func measuredText(m *isms.Metric, x *isms.Measurement) string {
	return strings.TrimSpace(formatNumber(x.Value)+" "+m.Unit) + " on " + x.MeasuredOn.String()
}

// newMeasurement reads in as a measurement of m recorded by actor. Every
// problem is collected in p and returned as an Invalid error.
func (a *App) newMeasurement(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric, in MeasurementInput, p isms.Problems) (*isms.Measurement, error) {
	x := &isms.Measurement{ID: isms.NewID("msr"), OrgID: m.OrgID, MetricID: m.ID, Comment: in.Comment,
		MeasuredBy: isms.ID(strings.TrimSpace(in.MeasuredBy)), EvidenceID: isms.ID(strings.TrimSpace(in.EvidenceID)),
		CreatedBy: actor.UserID}
	if strings.TrimSpace(in.Value) == "" {
		p.Add("value", "Value is required.")
	} else if v, ok := ParseNumber(in.Value); ok {
		x.Value = v
	} else {
		p.Add("value", "Value must be a number, such as 97.5.")
	}
	x.MeasuredOn = a.today()
	if s := strings.TrimSpace(in.MeasuredOn); s != "" {
		d, err := isms.ParseDate(s)
		if err != nil {
			p.Add("measuredOn", "Enter the date measured as YYYY-MM-DD.")
		}
		x.MeasuredOn = d
	}
	if x.MeasuredBy == "" {
		x.MeasuredBy = actor.UserID
	}
	if x.MeasuredBy != "" {
		name, err := activeMemberName(ctx, tx, m.OrgID, x.MeasuredBy, "measuredBy", p)
		if err != nil {
			return nil, err
		}
		x.MeasuredByName = name
	}
	if x.EvidenceID != "" {
		e, err := tx.FindEvidenceByID(ctx, m.OrgID, x.EvidenceID)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			p.Add("evidenceId", "No evidence item "+quote(string(x.EvidenceID))+" in this organization; give the ID shown on its page, or leave it empty.")
		case err != nil:
			return nil, err
		default:
			x.EvidenceID = e.ID
		}
	}
	if err := mergeProblems(p, x.Validate(a.today())); err != nil {
		return nil, err
	}
	return x, nil
}

// measurementCreated returns the audit changes of a new measurement.
func measurementCreated(x *isms.Measurement) isms.Changes {
	c := isms.Changes{"measurement": {After: string(x.ID)}, "value": {After: formatNumber(x.Value)},
		"measuredOn": {After: x.MeasuredOn.String()}}
	if x.MeasuredByName != "" {
		c["measuredBy"] = isms.Change{After: x.MeasuredByName}
	}
	if x.Comment != "" {
		c["comment"] = isms.Change{After: x.Comment}
	}
	if x.EvidenceID != "" {
		c["evidence"] = isms.Change{After: string(x.EvidenceID)}
	}
	return c
}

// RecordMeasurement records a result of metric metricID (an ID or
// reference). In the same transaction it completes the open measure task
// the result satisfies, if any (completeMeasureTask).
func (a *App) RecordMeasurement(ctx context.Context, actor isms.Actor, metricID isms.ID, in MeasurementInput) (*isms.Measurement, error) {
	if err := forbid(actor.Can(isms.EditObjectives), "You may not record measurements."); err != nil {
		return nil, err
	}
	var x *isms.Measurement
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMetricByID(ctx, actor.OrgID, metricID)
		if err != nil {
			return err
		}
		p := isms.Problems{}
		if x, err = a.newMeasurement(ctx, tx, actor, m, in, p); err != nil {
			return err
		}
		if err := tx.InsertMeasurement(ctx, x); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(m.OrgID), actor, "measurement.create", objectMetric, m.ID, measurementCreated(x)); err != nil {
			return err
		}
		_, err = completeMeasureTask(ctx, tx, actor, m, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// DeleteMeasurement withdraws measurement id, a result recorded in error.
func (a *App) DeleteMeasurement(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.EditObjectives), "You may not delete measurements."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		x, err := tx.FindMeasurementByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteMeasurement(ctx, actor.OrgID, id); err != nil {
			return err
		}
		c := isms.Changes{}
		for f, ch := range measurementCreated(x) {
			c[f] = isms.Change{Before: ch.After}
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "measurement.delete", objectMetric, x.MetricID, c)
	})
}

// FindMeasurement returns measurement id to anyone who reads the ISMS.
func (a *App) FindMeasurement(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Measurement, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see measurements."); err != nil {
		return nil, err
	}
	var x *isms.Measurement
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		x, err = tx.FindMeasurementByID(ctx, actor.OrgID, id)
		return err
	})
	return x, err
}

// MetricDetail is a metric with its latest measurements, oldest first,
// where it stands and when the next measurement is due.
type MetricDetail struct {
	MetricSummary
	Measurements []*isms.Measurement
	Total        int // measurements in all; Measurements holds the latest of them
	NextDue      isms.Date
}

// FindMetricDetail returns metric id (an ID or reference) with its latest
// limit measurements (at most isms.MaxPageSize).
func (a *App) FindMetricDetail(ctx context.Context, actor isms.Actor, id isms.ID, limit int) (*MetricDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see metrics."); err != nil {
		return nil, err
	}
	d := &MetricDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMetricByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if d.Measurements, d.Total, err = tx.FindMeasurements(ctx, actor.OrgID, m.ID, limit, 0); err != nil {
			return err
		}
		slices.Reverse(d.Measurements)
		sums, err := a.summarize(ctx, tx, actor.OrgID, []*isms.Metric{m})
		if err != nil {
			return err
		}
		d.MetricSummary, d.NextDue = sums[0], m.NextDue(sums[0].Latest)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FindMeasurements returns a page of the measurements of metric metricID
// (an ID or reference), the latest first, and how many it has in all.
func (a *App) FindMeasurements(ctx context.Context, actor isms.Actor, metricID isms.ID, limit, offset int) ([]*isms.Measurement, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see measurements."); err != nil {
		return nil, 0, err
	}
	var out []*isms.Measurement
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.FindMetricByID(ctx, actor.OrgID, metricID)
		if err != nil {
			return err
		}
		out, total, err = tx.FindMeasurements(ctx, actor.OrgID, m.ID, limit, offset)
		return err
	})
	return out, total, err
}
