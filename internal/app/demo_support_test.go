// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSmallDemoHasSupport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		today := isms.DateOf(newClock().Now())
		checkDemoDocuments(t, a, sys, today)
		checkDemoPolicy(t, a, sys, today)

		gaps, err := a.CompetenceGaps(ctx, sys)
		expired := 0
		for _, g := range gaps {
			if g.Expired {
				expired++
			}
		}
		if err != nil || len(gaps) != 12 || expired != 4 {
			t.Errorf("the demo has %d competence gaps (%d expired), %v; want 12, 4 of them expired records", len(gaps), expired, err)
		}
		checkDemoPeople(t, a, sys)
		campaigns, _, err := a.FindCampaigns(ctx, sys, true, 10, 0)
		if err != nil || len(campaigns) != 1 || campaigns[0].Expected != 20 || campaigns[0].Acknowledged != 10 || campaigns[0].Percent() != 50 ||
			campaigns[0].Due != today.AddDays(-10) {
			t.Fatalf("the demo's campaigns = %+v, %v; want one due ten days ago, half acknowledged (10 of 20)", campaigns, err)
		}
		_, resources, err := a.FindResources(ctx, sys, "", "", 10, 0)
		if err != nil || resources != 3 {
			t.Errorf("the demo has %d resources, %v; want 3", resources, err)
		}
		items, total, err := a.FindCommunicationItems(ctx, sys, "", "", 10, 0)
		held := 0
		for _, c := range items {
			if !c.LastHeld.IsZero() {
				held++
			}
		}
		if err != nil || total != 5 || held != 4 {
			t.Errorf("the demo has %d communication items, %d held, %v; want 5, 4 held", total, held, err)
		}
		verify, err := a.VerifyAuditChain(ctx, sys, string(sys.OrgID))
		if err != nil || !verify.OK() {
			t.Errorf("the demo's audit chain does not verify: %+v, %v", verify.Break, err)
		}
	})
}

// checkDemoPeople checks the people register: the 80 staff of the
// organization chart, ten of them with accounts, and two who left.
func checkDemoPeople(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	_, active, err := a.FindPeople(ctx, sys, isms.PersonFilter{Limit: 1})
	if err != nil || active != 80 {
		t.Errorf("the demo has %d active people, %v; want 80", active, err)
	}
	all, total, err := a.FindPeople(ctx, sys, isms.PersonFilter{Inactive: true, Limit: 100})
	if err != nil || total != 82 {
		t.Fatalf("the demo has %d people with those who left, %v; want 82", total, err)
	}
	depts, accounts := map[string]int{}, 0
	for _, p := range all {
		if p.Active {
			depts[p.Department]++
		}
		if p.UserID != "" {
			accounts++
		}
	}
	want := "map[Board:1 Customer support:9 Engineering:34 Facilities:2 Finance:3 IT:3 Management:3 People:2 Product and data:8 Sales and marketing:12 Security:3]"
	if fmt.Sprint(depts) != want || accounts != 10 {
		t.Errorf("the demo's active people by department are %v, %d with accounts; want %s, 10 with accounts", depts, accounts, want)
	}
}

// checkDemoDocuments checks the demo's documents: their stages, the one
// overdue for review, the external one, and the submission pending.
func checkDemoDocuments(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	ctx := context.Background()
	docs, total, err := a.FindDocuments(ctx, sys, isms.DocumentFilter{Retired: true, Sort: "ref", Limit: 50})
	if err != nil || total != 12 {
		t.Fatalf("the demo has %d documents, %v; want 12", total, err)
	}
	statuses, overdue, external, retired := map[isms.VersionStatus]int{}, 0, 0, 0
	for _, d := range docs {
		statuses[d.Status]++
		if d.ReviewOverdue(today) {
			overdue++
		}
		if d.External {
			external++
		}
		if d.Retired {
			retired++
		}
	}
	if statuses[isms.VersionDraft] != 3 || statuses[isms.VersionInReview] != 1 || statuses[isms.VersionApproved] != 7 ||
		overdue != 1 || external != 1 || retired != 1 {
		t.Errorf("the demo documents: statuses %v, %d overdue, %d external, %d retired; want 3 drafts, 1 in review, 7 approved, one of each", statuses, overdue, external, retired)
	}
	pending, _, err := a.FindApprovals(ctx, sys, isms.ApprovalFilter{ObjectType: "document_version", Status: isms.ApprovalPending})
	if err != nil || len(pending) != 1 {
		t.Errorf("pending document approvals = %d, %v; want 1 (the access control policy)", len(pending), err)
	}
	rules, err := a.RetentionRules(ctx, sys)
	months := map[isms.DocumentType]int{}
	for _, r := range rules {
		months[r.Type] = r.Months
	}
	if err != nil || months[isms.DocPolicy] != 72 || months[isms.DocProcedure] != 36 || months[isms.DocPlan] != isms.DefaultRetentionMonths {
		t.Errorf("the demo's retention rules = %v, %v", months, err)
	}
}

// checkDemoPolicy checks the information security policy: v2 in force,
// approved by two people, v1 superseded and kept for the policy
// retention.
func checkDemoPolicy(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	d, err := a.FindDocument(context.Background(), sys, "DOC-1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Document.Title != "Information security policy" || len(d.Versions) != 2 || d.InForce == nil || d.InForce.Number != 2 {
		t.Fatalf("DOC-1 = %q with %d versions, in force %+v; want the policy in v2", d.Document.Title, len(d.Versions), d.InForce)
	}
	v2, v1 := d.Versions[0], d.Versions[1]
	if v2.Status != isms.VersionApproved || len(v2.Approvers) != 2 || v2.ApprovalID == "" || v2.ChangeSummary == "" {
		t.Errorf("DOC-1 v2 = %s, approvers %v, approval %q, change %q; want approved by two with a change summary",
			v2.Status, v2.Approvers, v2.ApprovalID, v2.ChangeSummary)
	}
	if v1.Status != isms.VersionSuperseded || v1.RetainUntil != today.AddDate(0, 72, 0) {
		t.Errorf("DOC-1 v1 = %s, kept until %s; want superseded, kept 72 months", v1.Status, v1.RetainUntil)
	}
	if len(d.Links) == 0 || d.Document.NextReview != today.AddDate(0, 12, 0) {
		t.Errorf("DOC-1 has %d links and its next review on %s; want a control linked and a review in 12 months", len(d.Links), d.Document.NextReview)
	}
}

func checkLargeDemoSupport(t *testing.T, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	_, docs, err := a.FindDocuments(ctx, sys, isms.DocumentFilter{Retired: true, Limit: 1})
	if err != nil || docs != 300 {
		t.Errorf("the large demo has %d documents, %v; want 300", docs, err)
	}
	_, people, err := a.FindPeople(ctx, sys, isms.PersonFilter{Limit: 1})
	if err != nil || people != largeDemoPeople {
		t.Errorf("the large demo has %d people, %v; want one per member, %d", people, err, largeDemoPeople)
	}
	campaigns, total, err := a.FindCampaigns(ctx, sys, true, 20, 0)
	if err != nil || total != 10 {
		t.Fatalf("the large demo has %d campaigns, %v; want 10", total, err)
	}
	acknowledged := 0
	for _, c := range campaigns {
		acknowledged += c.Acknowledged
	}
	if acknowledged == 0 {
		t.Errorf("no acknowledgements in the large demo's campaigns: %+v", campaigns)
	}
	gaps, err := a.CompetenceGaps(ctx, sys)
	if err != nil || len(gaps) == 0 {
		t.Errorf("the large demo has %d competence gaps, %v; want some", len(gaps), err)
	}
	verify, err := a.VerifyAuditChain(ctx, sys, string(sys.OrgID))
	if err != nil || !verify.OK() {
		t.Errorf("the large demo's audit chain does not verify: %+v, %v", verify.Break, err)
	}
}
