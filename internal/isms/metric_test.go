// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func metricPtr(f float64) *float64 { return &f }

func metricRule(t *testing.T, s string) isms.Recurrence {
	t.Helper()
	r, err := isms.ParseRecurrence(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// metricAt is a metric created on 1 March 2026, measured monthly, where
// higher is better: 95 is the target and below 90 is off target.
func metricAt(t *testing.T) *isms.Metric {
	return &isms.Metric{Name: "Patched within 30 days", Method: "Share of critical patches applied within 30 days, from the patch tool's report.",
		Unit: "%", Direction: isms.HigherIsBetter, Target: 95, Warning: metricPtr(90), Frequency: metricRule(t, "every month"),
		CreatedAt: time.Date(2026, time.March, 1, 10, 0, 0, 0, time.UTC)}
}

func TestMetricState(t *testing.T) {
	day := func(m time.Month, d int) isms.Date { return isms.NewDate(2026, m, d) }
	at := func(v float64, on isms.Date) *isms.Measurement { return &isms.Measurement{Value: v, MeasuredOn: on} }
	tests := []struct {
		name   string
		edit   func(m *isms.Metric)
		latest *isms.Measurement
		today  isms.Date
		want   isms.MetricState
	}{
		{"no measurement within the first period", nil, nil, day(time.March, 20), isms.MetricNoData},
		{"no measurement on the day the first one falls due", nil, nil, day(time.April, 1), isms.MetricNoData},
		{"no measurement one period after creation", nil, nil, day(time.April, 2), isms.MetricOverdue},
		{"above the target", nil, at(97, day(time.March, 31)), day(time.April, 10), isms.MetricOnTarget},
		{"exactly the target", nil, at(95, day(time.March, 31)), day(time.April, 10), isms.MetricOnTarget},
		{"between warning and target", nil, at(92.5, day(time.March, 31)), day(time.April, 10), isms.MetricWarning},
		{"exactly the warning threshold", nil, at(90, day(time.March, 31)), day(time.April, 10), isms.MetricWarning},
		{"below the warning threshold", nil, at(89.9, day(time.March, 31)), day(time.April, 10), isms.MetricOffTarget},
		{"below the target without a warning threshold", func(m *isms.Metric) { m.Warning = nil },
			at(94, day(time.March, 31)), day(time.April, 10), isms.MetricOffTarget},
		{"due today is not overdue yet", nil, at(97, day(time.March, 31)), day(time.April, 30), isms.MetricOnTarget},
		{"next measurement was due yesterday", nil, at(97, day(time.March, 31)), day(time.May, 1), isms.MetricOverdue},
		{"lower is better, below the target", func(m *isms.Metric) {
			m.Direction, m.Target, m.Warning = isms.LowerIsBetter, 5, metricPtr(8)
		}, at(3, day(time.March, 31)), day(time.April, 10), isms.MetricOnTarget},
		{"lower is better, between target and warning", func(m *isms.Metric) {
			m.Direction, m.Target, m.Warning = isms.LowerIsBetter, 5, metricPtr(8)
		}, at(7, day(time.March, 31)), day(time.April, 10), isms.MetricWarning},
		{"lower is better, above the warning threshold", func(m *isms.Metric) {
			m.Direction, m.Target, m.Warning = isms.LowerIsBetter, 5, metricPtr(8)
		}, at(8.5, day(time.March, 31)), day(time.April, 10), isms.MetricOffTarget},
		{"quarterly metric measured two months ago", func(m *isms.Metric) { m.Frequency = metricRule(t, "quarterly") },
			at(97, day(time.March, 31)), day(time.May, 31), isms.MetricOnTarget},
		{"quarterly metric measured four months ago", func(m *isms.Metric) { m.Frequency = metricRule(t, "quarterly") },
			at(97, day(time.March, 31)), day(time.August, 1), isms.MetricOverdue},
		{"calendar rule: due at its next occurrence", func(m *isms.Metric) { m.Frequency = metricRule(t, "first monday of each month") },
			at(97, day(time.March, 10)), day(time.April, 7), isms.MetricOverdue},
		{"calendar rule: not yet due", func(m *isms.Metric) { m.Frequency = metricRule(t, "first monday of each month") },
			at(97, day(time.March, 10)), day(time.April, 6), isms.MetricOnTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metricAt(t)
			if tt.edit != nil {
				tt.edit(m)
			}
			if got := m.State(tt.latest, tt.today); got != tt.want {
				t.Errorf("State = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestMetricValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *isms.Metric)
		want map[string]string
	}{
		{"a complete metric is valid", nil, nil},
		{"no warning threshold is valid", func(m *isms.Metric) { m.Warning = nil }, nil},
		{"name and method are required", func(m *isms.Metric) { m.Name, m.Method = " ", "" }, map[string]string{
			"name":   "Name is required.",
			"method": "Method is required: say how the value is measured, so that results are comparable and can be reproduced.",
		}},
		{"direction must be known", func(m *isms.Metric) { m.Direction = "up" },
			map[string]string{"direction": "Direction must be higher or lower (which way is better)."}},
		{"warning above the target when higher is better", func(m *isms.Metric) { m.Warning = metricPtr(96) },
			map[string]string{"warning": "Warning threshold must be below the target, since higher values are better."}},
		{"warning equal to the target", func(m *isms.Metric) { m.Warning = metricPtr(95) },
			map[string]string{"warning": "Warning threshold must be below the target, since higher values are better."}},
		{"warning below the target when lower is better", func(m *isms.Metric) { m.Direction, m.Target, m.Warning = isms.LowerIsBetter, 5, metricPtr(4) },
			map[string]string{"warning": "Warning threshold must be above the target, since lower values are better."}},
		{"a target that is not a number", func(m *isms.Metric) { m.Target = math.NaN() },
			map[string]string{"target": "Target must be a number."}},
		{"no frequency", func(m *isms.Metric) { m.Frequency = isms.Recurrence{} },
			map[string]string{"frequency": `Say how often it is measured, such as "every month" or "quarterly".`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metricAt(t)
			if tt.edit != nil {
				tt.edit(m)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(m.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMeasurementValidate(t *testing.T) {
	today := isms.NewDate(2026, time.April, 10)
	tests := []struct {
		name string
		x    isms.Measurement
		want map[string]string
	}{
		{"a measurement today", isms.Measurement{Value: 97, MeasuredOn: today}, nil},
		{"no date", isms.Measurement{Value: 97}, map[string]string{"measuredOn": "Date measured is required."}},
		{"a date in the future", isms.Measurement{Value: 97, MeasuredOn: today.AddDays(1)},
			map[string]string{"measuredOn": "Date measured cannot be in the future."}},
		{"an infinite value", isms.Measurement{Value: math.Inf(1), MeasuredOn: today},
			map[string]string{"value": "Value must be a number."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, isms.ErrorFields(tt.x.Validate(today))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
