// SPDX-License-Identifier: Apache-2.0

package isms

import "time"

// The certification cycle: which audits a certificate calls for and when.

// PlannedAudit is one audit the cycle calls for that is not yet planned.
type PlannedAudit struct {
	Kind     ExternalAuditKind `json:"kind"`
	Cycle    int               `json:"cycle"`
	Sequence int               `json:"sequence,omitempty"`
	StartOn  Date              `json:"startOn"`
	EndOn    Date              `json:"endOn"`
}

// PlanCycle returns the audits c's cycle calls for that existing does not
// hold yet (matched by kind, cycle and sequence, whatever their dates;
// cancelled audits do not count). For an issued certificate:
// surveillance 1 eleven months after the issue date, surveillance 2
// twenty-three months after it, and recertification three months before
// expiry. For a certificate being pursued: stage 1 on stage1 (when given)
// and stage 2 six weeks after stage 1 (stage1, or the stage 1 audit
// already planned). Each audit lasts two days; a date falling on a
// weekend moves to the Monday after. A withdrawn or expired certificate
// calls for none.
func PlanCycle(c *Certificate, existing []ExternalAudit, stage1 Date) []PlannedAudit {
	if c.Status == CertWithdrawn || c.Status == CertExpired {
		return nil
	}
	cycle := currentCycle(c, existing)
	var want []PlannedAudit
	if c.Status == CertPursuing || c.IssuedOn.IsZero() {
		if stage1.IsZero() {
			stage1 = plannedStart(existing, ExtStage1, cycle)
		}
		if !stage1.IsZero() {
			want = append(want, PlannedAudit{Kind: ExtStage1, Cycle: cycle, StartOn: stage1},
				PlannedAudit{Kind: ExtStage2, Cycle: cycle, StartOn: stage1.AddDays(42)})
		}
	} else {
		want = append(want,
			PlannedAudit{Kind: ExtSurveillance, Cycle: cycle, Sequence: 1, StartOn: c.IssuedOn.AddDate(0, 11, 0)},
			PlannedAudit{Kind: ExtSurveillance, Cycle: cycle, Sequence: 2, StartOn: c.IssuedOn.AddDate(0, 23, 0)})
		if !c.ExpiresOn.IsZero() {
			want = append(want, PlannedAudit{Kind: ExtRecertification, Cycle: cycle, StartOn: c.ExpiresOn.AddDate(0, -3, 0)})
		}
	}
	var out []PlannedAudit
	for _, w := range want {
		if !hasAudit(existing, w) {
			w.StartOn = weekday(w.StartOn)
			w.EndOn = weekday(w.StartOn.AddDays(1))
			out = append(out, w)
		}
	}
	return out
}

// currentCycle is the certification cycle c is in: the highest cycle of
// the audits not cancelled, or the next one once the certificate was
// issued again after that cycle's recertification audit.
func currentCycle(c *Certificate, existing []ExternalAudit) int {
	cycle := 1
	for _, e := range existing {
		if e.Cycle > cycle && e.Status != ExtCancelled {
			cycle = e.Cycle
		}
	}
	recert := plannedStart(existing, ExtRecertification, cycle)
	if !recert.IsZero() && !c.IssuedOn.IsZero() && recert.Before(c.IssuedOn) {
		return cycle + 1
	}
	return cycle
}

// plannedStart returns the start of the audit of kind in cycle that is
// not cancelled, the zero Date when there is none.
func plannedStart(existing []ExternalAudit, kind ExternalAuditKind, cycle int) Date {
	for _, e := range existing {
		if e.Kind == kind && e.Cycle == cycle && e.Status != ExtCancelled {
			return e.StartOn
		}
	}
	return Date{}
}

func hasAudit(existing []ExternalAudit, w PlannedAudit) bool {
	for _, e := range existing {
		if e.Kind == w.Kind && e.Cycle == w.Cycle && e.Sequence == w.Sequence && e.Status != ExtCancelled {
			return true
		}
	}
	return false
}

// weekday moves a Saturday or Sunday to the Monday after.
func weekday(d Date) Date {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDays(2)
	case time.Sunday:
		return d.AddDays(1)
	}
	return d
}
