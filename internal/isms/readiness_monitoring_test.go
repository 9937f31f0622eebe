// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// monitoringFacts returns facts with the monitoring part m.
func monitoringFacts(m isms.MonitoringFacts) isms.Facts { return isms.Facts{MonitoringFacts: m} }

func TestMonitoringRulesAreWellFormed(t *testing.T) {
	unmeasured := monitoringFacts(isms.MonitoringFacts{Metrics: 3, MetricsWithoutRoles: recs("metric", "met_1")})
	broken := monitoringFacts(isms.MonitoringFacts{Metrics: 5, MetricsMeasured: 3,
		MetricsNeverMeasured: recs("metric", "met_2"), MetricsOverdue: recs("metric", "met_3"),
		MetricsWithoutAnalysis: recs("metric", "met_4")})
	checkAreaRules(t, []string{"monitoring."}, isms.Facts{Today: factDay}, unmeasured, broken)
	checkEmptyEarnsNothing(t, "monitoring.")
}

func TestRuleMetricsDefined(t *testing.T) {
	checkRuleCases(t, "monitoring.metrics_defined", []factCase{
		{name: "no metric fires", fire: true, message: "No metric is defined"},
		{name: "a metric passes", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 1})},
	})
}

func TestRuleMonitoringResults(t *testing.T) {
	checkRuleCases(t, "monitoring.results", []factCase{
		{name: "nothing to check: no metric (metrics_defined fires)", na: true},
		{name: "metrics never measured fire", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 4}), fire: true,
			message: "No metric has a measurement yet (4 metrics defined)"},
		{name: "one measured metric passes", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 4, MetricsMeasured: 1})},
	})
}

func TestRuleMetricsNeverMeasured(t *testing.T) {
	checkRuleCases(t, "monitoring.never_measured", []factCase{
		{name: "nothing to check: no metric", na: true},
		{name: "nothing to check: nothing measured at all (monitoring.results fires)", facts: monitoringFacts(isms.MonitoringFacts{
			Metrics: 2, MetricsNeverMeasured: recs("metric", "met_1", "met_2")}), na: true},
		{name: "a metric never measured beside measured ones fires", facts: monitoringFacts(isms.MonitoringFacts{
			Metrics: 2, MetricsMeasured: 1, MetricsNeverMeasured: recs("metric", "met_2")}), fire: true,
			records: []isms.ID{"met_2"}, message: "1 metric has never been measured although a measurement was due"},
		{name: "every metric measured passes", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2, MetricsMeasured: 2})},
	})
}

func TestRuleMetricsOverdue(t *testing.T) {
	checkRuleCases(t, "monitoring.overdue", []factCase{
		{name: "nothing to check: no metric measured", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2}), na: true},
		{name: "metrics measured on time pass", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2, MetricsMeasured: 2})},
		{name: "late metrics fire", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2, MetricsMeasured: 2,
			MetricsOverdue: recs("metric", "met_1", "met_2")}), fire: true, records: []isms.ID{"met_1", "met_2"},
			message: "2 metrics have a latest measurement older than its frequency allows"},
	})
}

func TestRuleMetricsRoles(t *testing.T) {
	checkRuleCases(t, "monitoring.roles", []factCase{
		{name: "nothing to check: no metric (metrics_defined fires)", na: true},
		{name: "metrics with both roles pass", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2})},
		{name: "a metric nobody analyses fires", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2,
			MetricsWithoutRoles: recs("metric", "met_1")}), fire: true, records: []isms.ID{"met_1"},
			message: "1 metric does not name, among the members, who measures it or who analyses"},
	})
}

func TestRuleMetricsAnalysis(t *testing.T) {
	checkRuleCases(t, "monitoring.analysis", []factCase{
		{name: "nothing to check: no metric measured", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2}), na: true},
		{name: "analysed metrics pass", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2, MetricsMeasured: 2})},
		{name: "measured metrics without analysis fire", facts: monitoringFacts(isms.MonitoringFacts{Metrics: 2,
			MetricsMeasured: 2, MetricsWithoutAnalysis: recs("metric", "met_1", "met_2")}), fire: true,
			records: []isms.ID{"met_1", "met_2"}, message: "2 measured metrics have no analysis of the results recorded"},
	})
}
