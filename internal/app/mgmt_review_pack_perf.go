// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The sections of 9.3.2 d: feedback on the information security
// performance, with trends, in nonconformities, measurement, audits and
// objectives.

// previous returns the period of the same length just before p, for
// trends.
func (p packPeriod) previous() packPeriod {
	days := p.since.DaysUntil(p.until) + 1
	q := p
	q.since, q.until = p.since.AddDays(-days), p.since.AddDays(-1)
	return q
}

// packNonconformities reports the nonconformities and corrective actions
// (9.3.2 d): those detected in the period by grade and by source against
// the period before, those open by status, the overdue corrective
// actions and the effectiveness checks recorded in the period. Its items
// are the open nonconformities and those detected in the period.
func packNonconformities(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	all, err := allNonconformities(ctx, tx, p.org, isms.NCFilter{Sort: "ref"})
	if err != nil {
		return err
	}
	_, overdue, err := tx.OverdueNCActions(ctx, p.org, p.until, 1)
	if err != nil {
		return err
	}
	q := p.previous()
	var c ncPackCounts
	items := make([]isms.PackItem, 0, len(all))
	for _, n := range all {
		detected := p.has(n.DetectedOn)
		c.add(n, p, q)
		if detected || n.Status != isms.NCClosed {
			items = append(items, ncPackItem(n))
		}
	}
	for _, g := range isms.NCGrades {
		s.Figures = append(s.Figures, isms.PackFigure{Label: g.Label() + " nonconformities detected",
			Value: fmt.Sprint(c.grade[g]), Trend: trend(c.grade[g], c.gradeBefore[g])})
	}
	for _, src := range isms.NCSources {
		if c.source[src]+c.sourceBefore[src] > 0 {
			s.Figures = append(s.Figures, isms.PackFigure{Label: "From " + strings.ToLower(src.Label()),
				Value: fmt.Sprint(c.source[src]), Trend: trend(c.source[src], c.sourceBefore[src])})
		}
	}
	figure(s, "Open nonconformities", c.open)
	for _, st := range isms.NCStatuses[:3] {
		figure(s, ncOpenLabels[st], c.status[st])
	}
	figure(s, "Overdue corrective actions", overdue)
	figure(s, "Effectiveness checks: effective", c.effective)
	figure(s, "Effectiveness checks: ineffective", c.ineffective)
	listItems(s, items)
	s.Summary = c.summary(p, overdue)
	return nil
}

// ncOpenLabels name the open nonconformities of each status.
var ncOpenLabels = map[isms.NCStatus]string{
	isms.NCOpen:      "Open, awaiting correction",
	isms.NCInAction:  "Open, in corrective action",
	isms.NCVerifying: "Open, awaiting the effectiveness check",
}

// ncPackCounts are the counts of the nonconformities section.
type ncPackCounts struct {
	now, before            int
	grade, gradeBefore     map[isms.NCGrade]int
	source, sourceBefore   map[isms.NCSource]int
	open                   int
	status                 map[isms.NCStatus]int
	effective, ineffective int
}

// add counts n in period p and in q, the period before.
func (c *ncPackCounts) add(n *isms.Nonconformity, p, q packPeriod) {
	if c.grade == nil {
		c.grade, c.gradeBefore = map[isms.NCGrade]int{}, map[isms.NCGrade]int{}
		c.source, c.sourceBefore = map[isms.NCSource]int{}, map[isms.NCSource]int{}
		c.status = map[isms.NCStatus]int{}
	}
	switch {
	case p.has(n.DetectedOn):
		c.now++
		c.grade[n.Grade]++
		c.source[n.Source]++
	case q.has(n.DetectedOn):
		c.before++
		c.gradeBefore[n.Grade]++
		c.sourceBefore[n.Source]++
	}
	if n.Status != isms.NCClosed {
		c.open++
		c.status[n.Status]++
	}
	for _, ch := range n.Checks {
		switch {
		case !p.has(ch.On):
		case ch.Effective:
			c.effective++
		default:
			c.ineffective++
		}
	}
}

// summary writes the section's summary.
func (c *ncPackCounts) summary(p packPeriod, overdue int) string {
	rest := fmt.Sprintf("%s, %s overdue and %s recorded (%d effective).",
		plural(c.open, "remains open", "remain open"), plural(overdue, "corrective action is", "corrective actions are"),
		plural(c.effective+c.ineffective, "effectiveness check was", "effectiveness checks were"), c.effective)
	if c.now == 0 {
		return fmt.Sprintf("No nonconformity was detected %s (%d in the period before); %s", p.sinceText(), c.before, rest)
	}
	return fmt.Sprintf("%s detected %s (%d major, %d minor), against %d in the period before; %s",
		plural(c.now, "nonconformity was", "nonconformities were"), p.sinceText(), c.grade[isms.NCMajor], c.grade[isms.NCMinor],
		c.before, rest)
}

// ncPackItem is the item of nonconformity n.
func ncPackItem(n *isms.Nonconformity) isms.PackItem {
	detail := []string{strings.ToLower(n.Grade.Label()), strings.ToLower(n.Source.Label()), "detected " + n.DetectedOn.String()}
	if total := n.ActionsOpen + n.ActionsClosed; total > 0 {
		detail = append(detail, fmt.Sprintf("%d of %s closed", n.ActionsClosed, plural(total, "action", "actions")))
	}
	if !n.CheckDue.IsZero() {
		detail = append(detail, "check due "+n.CheckDue.String())
	}
	if !n.ClosedOn.IsZero() {
		detail = append(detail, "closed "+n.ClosedOn.String())
	}
	return packItem(objectNonconformity, n.ID, n.Ref, n.Title, n.Status.Label(), joinDetail(detail...))
}

// gradePlural names the findings of grade g: "Major nonconformities".
func gradePlural(g isms.FindingGrade) string {
	switch g {
	case isms.FindingMajor:
		return "Major nonconformities"
	case isms.FindingMinor:
		return "Minor nonconformities"
	case isms.FindingObservation:
		return "Observations"
	case isms.FindingOFI:
		return "Opportunities for improvement"
	}
	return string(g)
}

// countGrades counts findings by grade.
func countGrades(list []*isms.AuditFinding) map[isms.FindingGrade]int {
	out := map[isms.FindingGrade]int{}
	for _, f := range list {
		out[f.Grade]++
	}
	return out
}

// findingItems returns the items of findings.
func findingItems(list []*isms.AuditFinding) []isms.PackItem {
	items := make([]isms.PackItem, 0, len(list))
	for _, f := range list {
		items = append(items, packItem(objectFinding, f.ID, f.Ref, f.Title, f.Grade.Label(),
			"audit "+f.AuditRef+", raised "+isms.DateOf(f.CreatedAt).String()))
	}
	return items
}

// The results of a metric in the period.
const (
	metricMet    = "Target met"
	metricMissed = "Target missed"
	metricNoData = "No data"
)

// packMeasurement evaluates every metric's latest measurement in the
// period against its target (9.3.2 d).
func packMeasurement(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	metrics, _, err := tx.FindMetrics(ctx, p.org, sqldb.MetricFilter{}, "ref", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	latest, err := tx.MeasurementsIn(ctx, p.org, p.since, p.until)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	items := make([]isms.PackItem, 0, len(metrics))
	for _, m := range metrics {
		result, detail := metricResult(m, latest[m.ID])
		counts[result]++
		items = append(items, packItem(objectMetric, m.ID, m.Ref, m.Name, result, detail))
	}
	figure(s, "Metrics", len(metrics))
	for _, r := range []string{metricMet, metricMissed, metricNoData} {
		figure(s, r, counts[r])
	}
	listItems(s, items)
	switch {
	case len(metrics) == 0:
		s.Summary = "No metric is defined, so there are no monitoring and measurement results (9.1). Define metrics for the controls and the ISMS, and measure them before the next review."
	case counts[metricNoData] == len(metrics):
		s.Summary = fmt.Sprintf("None of the %s was measured %s; record measurements (9.1) before the meeting.", plural(len(metrics), "metric", "metrics"), p.sinceText())
	default:
		s.Summary = fmt.Sprintf("Of %s, %d met the target by the latest measurement %s, %d missed it and %s.",
			plural(len(metrics), "metric", "metrics"), counts[metricMet], p.sinceText(), counts[metricMissed],
			plural(counts[metricNoData], "was not measured", "were not measured"))
	}
	return nil
}

// metricResult evaluates m's latest measurement in the period (nil when
// none) and describes it.
func metricResult(m *isms.Metric, x *isms.Measurement) (string, string) {
	target := "target " + targetText(m)
	if x == nil {
		return metricNoData, target
	}
	result := metricMissed
	if m.Evaluate(x.Value) == isms.MetricOnTarget {
		result = metricMet
	}
	return result, joinDetail(fmt.Sprintf("latest %s on %s", withUnit(x.Value, m.Unit), x.MeasuredOn), target)
}

// targetText writes m's target with the side that is better: "≥ 95 %".
func targetText(m *isms.Metric) string {
	side := "≥ "
	if m.Direction == isms.LowerIsBetter {
		side = "≤ "
	}
	return side + withUnit(m.Target, m.Unit)
}

func withUnit(v float64, unit string) string {
	return strings.TrimSpace(formatNumber(v) + " " + unit)
}

// packAudits lists the audits reported in the period with their findings
// by grade, and the audits planned next (9.3.2 d).
func packAudits(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	reported, err := tx.AuditsReported(ctx, p.org, p.since, p.until)
	if err != nil {
		return err
	}
	planned, err := tx.AuditsPlannedAfter(ctx, p.org, p.until)
	if err != nil {
		return err
	}
	byGrade := map[isms.FindingGrade]int{}
	items := make([]isms.PackItem, 0, len(reported)+len(planned))
	for _, a := range reported {
		for g, n := range a.Findings {
			byGrade[g] += n
		}
		items = append(items, packItem(objectAudit, a.ID, a.Ref, a.Title, a.Status.Label(),
			joinDetail("reported "+a.ReportedOn.String(), gradeCounts(a.Findings))))
	}
	for _, a := range planned {
		items = append(items, packItem(objectAudit, a.ID, a.Ref, a.Title, a.Status.Label(),
			fmt.Sprintf("planned %s to %s", a.PlannedStart, a.PlannedEnd)))
	}
	figure(s, "Audits reported", len(reported))
	for _, g := range isms.FindingGrades {
		figure(s, gradePlural(g), byGrade[g])
	}
	figure(s, "Audits planned", len(planned))
	listItems(s, items)
	if len(reported) == 0 {
		s.Summary = fmt.Sprintf("No internal audit was reported %s; %d planned. Audit the ISMS at planned intervals (9.2) and report before the review.",
			p.sinceText(), len(planned))
		return nil
	}
	s.Summary = fmt.Sprintf("%s reported %s with %s; %d planned next.",
		plural(len(reported), "audit was", "audits were"), p.sinceText(), gradeCounts(byGrade), len(planned))
	return nil
}

// gradeCounts writes finding counts by grade: "1 major, 2 minor, 0
// observations, 1 OFI"; "no findings" when all are zero.
func gradeCounts(by map[isms.FindingGrade]int) string {
	total := 0
	for _, n := range by {
		total += n
	}
	if total == 0 {
		return "no findings"
	}
	return fmt.Sprintf("%d major, %d minor, %s, %s", by[isms.FindingMajor], by[isms.FindingMinor],
		plural(by[isms.FindingObservation], "observation", "observations"), plural(by[isms.FindingOFI], "OFI", "OFIs"))
}

// packObjectives lists the objectives by status with their progress, as
// the objectives page computes it from their metrics (9.3.2 d).
func packObjectives(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	list, _, err := tx.FindObjectives(ctx, p.org, isms.ObjectiveFilter{Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return err
	}
	progress, err := objectiveProgress(ctx, tx, p, list)
	if err != nil {
		return err
	}
	byStatus, byProgress, overdue := map[isms.ObjectiveStatus]int{}, map[isms.ObjectiveProgress]int{}, 0
	items := make([]isms.PackItem, 0, len(list))
	for _, o := range list {
		byStatus[o.Status]++
		detail := []string{dueText(o.DueOn)}
		if o.Status.Open() {
			byProgress[progress[o.ID]]++
			detail = append([]string{strings.ToLower(progress[o.ID].Label())}, detail...)
		}
		if o.Overdue(p.until) {
			overdue++
			detail = append(detail, "overdue")
		}
		items = append(items, packItem(objectObjective, o.ID, o.Ref, clipRunes(o.Statement, 200), o.Status.Label(), joinDetail(detail...)))
	}
	for _, st := range isms.ObjectiveStatuses {
		figure(s, st.Label(), byStatus[st])
	}
	for _, pr := range isms.ObjectiveProgresses {
		figure(s, "Open, "+strings.ToLower(pr.Label()), byProgress[pr])
	}
	figure(s, "Overdue", overdue)
	listItems(s, items)
	open := byStatus[isms.ObjectivePlanned] + byStatus[isms.ObjectiveInProgress]
	if len(list) == 0 {
		s.Summary = "No information security objective is set. Set objectives (6.2) consistent with the policy and review them at the next meeting."
		return nil
	}
	s.Summary = fmt.Sprintf("%s: %d achieved, %d not achieved, %d open (%d on track, %d at risk) and %d overdue.",
		plural(len(list), "objective", "objectives"), byStatus[isms.ObjectiveAchieved], byStatus[isms.ObjectiveNotAchieved],
		open, byProgress[isms.ProgressOnTrack], byProgress[isms.ProgressAtRisk], overdue)
	return nil
}

// firstDay is the earliest day a measurement can be taken on.
var firstDay = isms.NewDate(2000, 1, 1)

// objectiveProgress returns the progress of each objective of list as of
// the end of the period, from the states of its metrics.
func objectiveProgress(ctx context.Context, tx *sqldb.Tx, p packPeriod, list []*isms.Objective) (map[isms.ID]isms.ObjectiveProgress, error) {
	ids := make([]isms.ID, len(list))
	for i, o := range list {
		ids[i] = o.ID
	}
	links, err := tx.ObjectiveMetrics(ctx, p.org, ids)
	if err != nil {
		return nil, err
	}
	var metricIDs []isms.ID
	for _, ms := range links {
		metricIDs = append(metricIDs, ms...)
	}
	metrics, err := tx.FindMetricsByIDs(ctx, p.org, uniqueIDs(metricIDs))
	if err != nil {
		return nil, err
	}
	latest, err := tx.MeasurementsIn(ctx, p.org, firstDay, p.until)
	if err != nil {
		return nil, err
	}
	states := map[isms.ID]isms.MetricState{}
	for _, m := range metrics {
		states[m.ID] = m.State(latest[m.ID], p.until)
	}
	out := make(map[isms.ID]isms.ObjectiveProgress, len(list))
	for _, o := range list {
		var st []isms.MetricState
		for _, id := range links[o.ID] {
			if x, ok := states[id]; ok {
				st = append(st, x)
			}
		}
		out[o.ID] = isms.ProgressOf(st)
	}
	return out, nil
}
