// SPDX-License-Identifier: Apache-2.0

package isms

// MonitoringFacts are the facts the rules of clause 9.1 read.
type MonitoringFacts struct {
	// Metrics counts the metrics; MetricsMeasured those with at least
	// one measurement.
	Metrics         int
	MetricsMeasured int
	// MetricsNeverMeasured are the metrics without a measurement whose
	// first one was due before today; MetricsOverdue the measured ones
	// whose next measurement was due before today (Metric.State).
	MetricsNeverMeasured RecordSet
	MetricsOverdue       RecordSet
	// MetricsWithoutRoles are the metrics that do not name, among the
	// enabled members, who measures them or who analyses the results.
	MetricsWithoutRoles RecordSet
	// MetricsWithoutAnalysis are the measured metrics with no analysis
	// of their results recorded.
	MetricsWithoutAnalysis RecordSet
}

// monitoringRules are the readiness rules of clause 9.1.
var monitoringRules = []Rule{
	{ID: "monitoring.metrics_defined", Clause: "9.1", Severity: SeverityBlocker,
		Checks: "Metrics say what is monitored and measured.", Check: ruleMetricsDefined},
	{ID: "monitoring.results", Clause: "9.1", Severity: SeverityBlocker,
		Checks: "Monitoring and measurement results are recorded.", Check: ruleMonitoringResults},
	{ID: "monitoring.never_measured", Clause: "9.1", Severity: SeverityWarning,
		Checks: "Every metric is measured once its first measurement is due.", Check: ruleMetricsNeverMeasured},
	{ID: "monitoring.overdue", Clause: "9.1", Severity: SeverityWarning,
		Checks: "Metrics are measured as often as their frequency says.", Check: ruleMetricsOverdue},
	{ID: "monitoring.roles", Clause: "9.1", Severity: SeverityWarning,
		Checks: "Every metric names who measures it and who analyses the results.", Check: ruleMetricsRoles},
	{ID: "monitoring.analysis", Clause: "9.1", Severity: SeverityHint,
		Checks: "The results of every measured metric are analysed.", Check: ruleMetricsAnalysis},
}

func ruleMetricsDefined(f *Facts) []Finding {
	return One(f.Metrics > 0, "No metric is defined. The organization must decide what it monitors and measures "+
		"to evaluate information security performance and the effectiveness of the ISMS.", "/metrics/new")
}

func ruleMonitoringResults(f *Facts) []Finding {
	if f.Metrics == 0 {
		return Inapplicable() // monitoring.metrics_defined fires
	}
	return One(f.MetricsMeasured > 0, "No metric has a measurement yet ("+
		plural(f.Metrics, "metric", "metrics")+" defined). Monitoring and measurement results are documented "+
		"information the standard requires.", "/metrics")
}

func ruleMetricsNeverMeasured(f *Facts) []Finding {
	if f.MetricsMeasured == 0 {
		return Inapplicable() // no metric, or none measured: monitoring.results fires
	}
	s := f.MetricsNeverMeasured
	return Fire(s, countedSubject(s.Total, "metric", "metrics", "has", "have")+
		" never been measured although a measurement was due; record the results or retire the metric.",
		"/metrics?state=overdue")
}

func ruleMetricsOverdue(f *Facts) []Finding {
	if f.MetricsMeasured == 0 {
		return Inapplicable()
	}
	s := f.MetricsOverdue
	return Fire(s, countedSubject(s.Total, "metric", "metrics", "has", "have")+
		" a latest measurement older than its frequency allows, so results are missing for the periods since.",
		"/metrics?state=overdue")
}

func ruleMetricsRoles(f *Facts) []Finding {
	if f.Metrics == 0 {
		return Inapplicable() // monitoring.metrics_defined fires
	}
	s := f.MetricsWithoutRoles
	return Fire(s, countedSubject(s.Total, "metric", "metrics", "does", "do")+
		" not name, among the members, who measures it or who analyses and evaluates the results.", "/metrics")
}

func ruleMetricsAnalysis(f *Facts) []Finding {
	if f.MetricsMeasured == 0 {
		return Inapplicable()
	}
	s := f.MetricsWithoutAnalysis
	return Fire(s, countedSubject(s.Total, "measured metric", "measured metrics", "has", "have")+
		" no analysis of the results recorded: measuring is not enough, results must be analysed and evaluated.",
		"/metrics")
}
