// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestGatherLeadershipFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		f, err := w.app.GatherLeadershipFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if f.Commitments != 0 || f.CommitmentLatest.ID != "" || len(f.CommitmentKindLatest) != 0 || f.Policy.ID != "" ||
			f.ISMSRoles != 0 || !f.ISMSRolesUnheld.Empty() || !f.RACIProcessesUnaccountable.Empty() {
			t.Errorf("facts of an empty organization = %+v", f)
		}
		otherOrgLeadership(w.world)
		leadershipFixture(w)
		f, err = w.app.GatherLeadershipFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if f.Commitments != 2 || f.CommitmentLatest.Ref != "MC-2" || f.CommitmentLatest.Type != "commitment" ||
			f.CommitmentLatestOn != isms.NewDate(2026, time.February, 1) {
			t.Errorf("commitments %d, latest %+v on %s; want 2, MC-2 on 2026-02-01", f.Commitments, f.CommitmentLatest, f.CommitmentLatestOn)
		}
		if len(f.CommitmentKindLatest) != 2 || f.CommitmentKindLatest[isms.CommitmentDecision] != isms.NewDate(2025, time.January, 10) ||
			f.CommitmentKindLatest[isms.CommitmentResource] != isms.NewDate(2026, time.February, 1) {
			t.Errorf("latest by kind = %v, want a decision on 2025-01-10 and resources on 2026-02-01", f.CommitmentKindLatest)
		}
		if f.ISMSRoles != 2 || f.ISMSRolesDefined != 1 || f.ISMSRolesReporting != 1 {
			t.Errorf("roles %d, defined %d, reporting %d; want 2, 1, 1", f.ISMSRoles, f.ISMSRolesDefined, f.ISMSRolesReporting)
		}
		wantRecordSet(t, "ISMSRolesIncomplete", f.ISMSRolesIncomplete, "Internal auditor")
		wantRecordSet(t, "ISMSRolesUnappointed", f.ISMSRolesUnappointed, "Internal auditor")
		wantRecordSet(t, "ISMSRolesUnheld", f.ISMSRolesUnheld, "Internal auditor")
		wantRecordSet(t, "RACIProcessesUnaccountable", f.RACIProcessesUnaccountable, "PRC-2")
		if f.Policy.Title != "Information security policy" || f.Policy.Type != "document" || f.PolicyApprovedVersion != 1 ||
			f.PolicyNextReview != w.today().AddDate(0, 12, 0) || f.PolicyObjectives != 1 {
			t.Errorf("policy %+v, approved v%d, next review %s, %d objectives; want the 5.2 policy approved in v1, "+
				"reviewed in 12 months, one objective", f.Policy, f.PolicyApprovedVersion, f.PolicyNextReview, f.PolicyObjectives)
		}
	})
}

// otherOrgLeadership fills Globex's leadership registers, which acme's
// facts must never count.
func otherOrgLeadership(w *world) {
	g := w.globexAdmin()
	_, err := w.app.CreateCommitment(w.ctx, g, app.CommitmentInput{MadeOn: "2026-03-01", Kind: "communication",
		Title: "Globex town hall", MadeBy: "Globex CEO"})
	w.must("CreateCommitment(globex)", err)
	_, err = w.app.CreateISMSRole(w.ctx, g, app.ISMSRoleInput{Name: "Globex officer", Responsibilities: "Report to the board.",
		Authorities: "All."})
	w.must("CreateISMSRole(globex)", err)
	_, err = w.app.CreateProcess(w.ctx, g, app.ProcessInput{Name: "Globex process", Clauses: []string{"4.4"}})
	w.must("CreateProcess(globex)", err)
}

// leadershipFixture fills acme's leadership registers: a decision and a
// later resource approval; a complete, appointed ISMS manager who reports
// to top management and is held by Ann, and an internal auditor without
// authorities or appointment whom only a former employee holds; a RACI
// where only the first of two processes has an accountable role; an
// approved policy that one live and one cancelled objective serve.
func leadershipFixture(w *docWorld) {
	m := w.asManager()
	for _, in := range []app.CommitmentInput{
		{MadeOn: "2025-01-10", Kind: "decision", Title: "ISMS project launched", MadeBy: "CEO"},
		{MadeOn: "2026-02-01", Kind: "resource", Title: "Budget for 2026", MadeBy: "CEO"},
	} {
		_, err := w.app.CreateCommitment(w.ctx, m, in)
		w.must("CreateCommitment("+in.Title+")", err)
	}
	manager, err := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "ISMS manager",
		Responsibilities: "Run the ISMS and report on its performance to top management.", Authorities: "Assign ISMS tasks.",
		AppointedBy: "CEO", AppointedOn: "2026-01-05"})
	w.must("CreateISMSRole(ISMS manager)", err)
	auditor, err := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "Internal auditor", Responsibilities: "Audit the ISMS and report findings."})
	w.must("CreateISMSRole(Internal auditor)", err)
	admin := w.asAdmin()
	_, err = w.app.CreatePerson(w.ctx, admin, app.PersonInput{Name: "Ann", Roles: []string{"isms MANAGER"}, Active: true})
	w.must("CreatePerson(Ann)", err)
	_, err = w.app.CreatePerson(w.ctx, admin, app.PersonInput{Name: "Old Olga", Roles: []string{"Internal auditor"}})
	w.must("CreatePerson(Olga)", err)

	p1, err := w.app.CreateProcess(w.ctx, m, app.ProcessInput{Name: "Risk management", Clauses: []string{"6.1.2"}})
	w.must("CreateProcess(PRC-1)", err)
	p2, err := w.app.CreateProcess(w.ctx, m, app.ProcessInput{Name: "Internal audit", Clauses: []string{"9.2"}})
	w.must("CreateProcess(PRC-2)", err)
	err = w.app.SetRACIRow(w.ctx, m, isms.Link{Type: isms.RACIProcess, ID: p1.ID}, map[isms.ID]string{manager.ID: "A", auditor.ID: "C"})
	w.must("SetRACIRow(PRC-1)", err)
	err = w.app.SetRACIRow(w.ctx, m, isms.Link{Type: isms.RACIProcess, ID: p2.ID}, map[isms.ID]string{auditor.ID: "R", manager.ID: "I"})
	w.must("SetRACIRow(PRC-2)", err)

	w.newDoc(app.DocumentInput{Title: "Access control policy", Type: "topic_policy", Clauses: []string{"5.2"}}, "# Access")
	pol, v1 := w.newDoc(app.DocumentInput{Title: "Information security policy", Clauses: []string{"5.2"}, ReviewMonths: "12"}, "# Policy")
	w.approveVersion(v1, w.manager2)
	for _, in := range []app.ObjectiveInput{
		{Statement: "Patch critical systems within 30 days", PolicyID: pol.Ref, DueOn: "2026-12-31", Status: "in_progress",
			Evaluation: "Monthly patch report."},
		{Statement: "Old objective", PolicyID: pol.Ref, Status: "cancelled", Evaluation: "None."},
		{Statement: "Train every employee", DueOn: "2026-12-31", Status: "planned", Evaluation: "Training records."},
	} {
		_, err := w.app.CreateObjective(w.ctx, m, in)
		w.must("CreateObjective("+in.Statement+")", err)
	}
}
