// SPDX-License-Identifier: Apache-2.0

package app

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// planApproval records the submission of r's treatment plan by admin to
// r's owner: pending while the treatment is planned, else approved a few
// days later. It holds the plan exactly as the approval use cases read it
// from the store (controls and actions as r's links and action give
// them), so that the pending ones can be decided.
func (g *largeRiskGen) planApproval(r *isms.Risk, admin isms.Actor, controls []*isms.Control, actions []isms.TreatmentAction) error {
	slices.SortFunc(controls, func(a, b *isms.Control) int {
		return cmp.Or(cmp.Compare(len(a.Ref), len(b.Ref)), cmp.Compare(a.Ref, b.Ref))
	})
	title, content, err := treatmentPlanApproval(r, actions, controls, g.data.method)
	if err != nil {
		return err
	}
	ap := &isms.Approval{ID: isms.NewID("appr"), OrgID: r.OrgID, ObjectType: objectRiskTreatment, ObjectID: r.ID,
		ObjectVersion: r.Version, Title: title, Content: string(content), ContentSHA256: isms.ContentHash(content),
		Note: "Treatment plan agreed with the action owners.", Status: isms.ApprovalPending,
		SubmittedBy: admin.UserID, SubmitterName: admin.Name, AllowSelf: true,
		Approvers: []isms.Approver{{UserID: r.OwnerID, Name: r.OwnerName}}}
	g.data.approvals = append(g.data.approvals, ap)
	if r.Status == isms.RiskTreatmentPlanned {
		ap.SubmittedAt = latest(r.CreatedAt, g.now.Add(-demoHours(g.rng, 30*24)))
		return nil
	}
	ap.SubmittedAt = r.CreatedAt.Add(demoHours(g.rng, 14*24))
	decided := ap.SubmittedAt.Add(demoHours(g.rng, 7*24))
	if decided.After(g.now) {
		ap.SubmittedAt, decided = g.now.Add(-2*time.Hour), g.now.Add(-time.Hour)
	}
	return ap.Decide(r.OwnerID, isms.DecisionApprove, "Approved; the actions and their owners are agreed.", decided)
}

// demoHours returns between one and n hours, at random.
func demoHours(rng *rand.Rand, n int) time.Duration {
	return time.Duration(1+rng.IntN(n)) * time.Hour
}

// latest returns the later of two times.
func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
