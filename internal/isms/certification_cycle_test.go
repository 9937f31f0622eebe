// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// planned is an audit PlanCycle returns.
func planned(kind isms.ExternalAuditKind, cycle, sequence int, start, end isms.Date) isms.PlannedAudit {
	return isms.PlannedAudit{Kind: kind, Cycle: cycle, Sequence: sequence, StartOn: start, EndOn: end}
}

// held is an existing audit of the cycle.
func held(kind isms.ExternalAuditKind, cycle, sequence int, start isms.Date, status isms.ExternalAuditStatus) isms.ExternalAudit {
	return isms.ExternalAudit{Kind: kind, Cycle: cycle, Sequence: sequence, StartOn: start, EndOn: start.AddDays(1), Status: status}
}

func TestPlanCycle(t *testing.T) {
	surv1 := planned(isms.ExtSurveillance, 1, 1, day(2026, 5, 18), day(2026, 5, 19)) // 16 May 2026 is a Saturday
	surv2 := planned(isms.ExtSurveillance, 1, 2, day(2027, 5, 17), day(2027, 5, 18)) // 16 May 2027 is a Sunday
	recert := planned(isms.ExtRecertification, 1, 0, day(2028, 3, 15), day(2028, 3, 16))
	pursuing := func(c *isms.Certificate) {
		c.Status, c.CertNumber, c.IssuedOn, c.ExpiresOn = isms.CertPursuing, "", isms.Date{}, isms.Date{}
	}
	tests := []struct {
		name     string
		edit     func(c *isms.Certificate)
		existing []isms.ExternalAudit
		stage1   isms.Date
		want     []isms.PlannedAudit
	}{
		{"an issued certificate calls for two surveillance audits and a recertification, weekends moved to Monday",
			nil, nil, isms.Date{}, []isms.PlannedAudit{surv1, surv2, recert}},
		{"an audit ending on a Saturday ends on the Monday after", func(c *isms.Certificate) {
			c.IssuedOn, c.ExpiresOn = day(2026, 3, 2), day(2029, 3, 1)
		}, nil, isms.Date{}, []isms.PlannedAudit{
			planned(isms.ExtSurveillance, 1, 1, day(2027, 2, 2), day(2027, 2, 3)),
			planned(isms.ExtSurveillance, 1, 2, day(2028, 2, 2), day(2028, 2, 3)),
			planned(isms.ExtRecertification, 1, 0, day(2028, 12, 1), day(2028, 12, 4))}},
		{"audits held already are matched whatever their dates", nil, []isms.ExternalAudit{
			held(isms.ExtSurveillance, 1, 1, day(2026, 4, 1), isms.ExtCompleted),
			held(isms.ExtRecertification, 1, 0, day(2028, 2, 1), isms.ExtPlanned)}, isms.Date{},
			[]isms.PlannedAudit{surv2}},
		{"nothing missing plans nothing", nil, []isms.ExternalAudit{
			held(isms.ExtSurveillance, 1, 1, day(2026, 5, 18), isms.ExtPlanned),
			held(isms.ExtSurveillance, 1, 2, day(2027, 5, 17), isms.ExtPlanned),
			held(isms.ExtRecertification, 1, 0, day(2028, 3, 15), isms.ExtPlanned)}, day(2026, 1, 5), nil},
		{"a cancelled audit is planned again", nil, []isms.ExternalAudit{
			held(isms.ExtSurveillance, 1, 1, day(2026, 5, 18), isms.ExtCancelled),
			held(isms.ExtSurveillance, 1, 2, day(2027, 5, 17), isms.ExtPlanned),
			held(isms.ExtRecertification, 1, 0, day(2028, 3, 15), isms.ExtPlanned)}, isms.Date{},
			[]isms.PlannedAudit{surv1}},
		{"a certificate without an expiry date calls for no recertification", func(c *isms.Certificate) { c.ExpiresOn = isms.Date{} },
			nil, isms.Date{}, []isms.PlannedAudit{surv1, surv2}},
		{"a certificate issued again after its recertification starts the next cycle", func(c *isms.Certificate) {
			c.IssuedOn, c.ExpiresOn = day(2028, 6, 16), day(2031, 6, 15)
		}, []isms.ExternalAudit{
			held(isms.ExtSurveillance, 1, 1, day(2026, 5, 18), isms.ExtCompleted),
			held(isms.ExtSurveillance, 1, 2, day(2027, 5, 17), isms.ExtCompleted),
			held(isms.ExtRecertification, 1, 0, day(2028, 3, 15), isms.ExtCompleted)}, isms.Date{}, []isms.PlannedAudit{
			planned(isms.ExtSurveillance, 2, 1, day(2029, 5, 16), day(2029, 5, 17)),
			planned(isms.ExtSurveillance, 2, 2, day(2030, 5, 16), day(2030, 5, 17)),
			planned(isms.ExtRecertification, 2, 0, day(2031, 3, 17), day(2031, 3, 18))}},
		{"a pursued certificate calls for stage 1 and stage 2 six weeks later", pursuing, nil, day(2026, 4, 6), []isms.PlannedAudit{
			planned(isms.ExtStage1, 1, 0, day(2026, 4, 6), day(2026, 4, 7)),
			planned(isms.ExtStage2, 1, 0, day(2026, 5, 18), day(2026, 5, 19))}},
		{"a stage 1 on a Sunday moves to Monday", pursuing, nil, day(2026, 4, 5), []isms.PlannedAudit{
			planned(isms.ExtStage1, 1, 0, day(2026, 4, 6), day(2026, 4, 7)),
			planned(isms.ExtStage2, 1, 0, day(2026, 5, 18), day(2026, 5, 19))}},
		{"a pursued certificate without a stage 1 date calls for nothing", pursuing, nil, isms.Date{}, nil},
		{"stage 2 follows the stage 1 audit already planned", pursuing, []isms.ExternalAudit{
			held(isms.ExtStage1, 1, 0, day(2026, 4, 13), isms.ExtCompleted)}, isms.Date{}, []isms.PlannedAudit{
			planned(isms.ExtStage2, 1, 0, day(2026, 5, 25), day(2026, 5, 26))}},
		{"a withdrawn certificate calls for nothing", func(c *isms.Certificate) { c.Status = isms.CertWithdrawn }, nil, isms.Date{}, nil},
		{"an expired certificate calls for nothing", func(c *isms.Certificate) { c.Status = isms.CertExpired }, nil, isms.Date{}, nil},
		{"a suspended certificate still calls for its audits", func(c *isms.Certificate) { c.Status = isms.CertSuspended },
			nil, isms.Date{}, []isms.PlannedAudit{surv1, surv2, recert}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := activeCert()
			if tt.edit != nil {
				tt.edit(c)
			}
			if diff := cmp.Diff(tt.want, isms.PlanCycle(c, tt.existing, tt.stage1), cmp.Comparer(func(a, b isms.Date) bool { return a == b })); diff != "" {
				t.Errorf("PlanCycle() (-want +got):\n%s", diff)
			}
		})
	}
}
