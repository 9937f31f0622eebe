// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// ismsRiskLinkRefs returns the references of the records linked to rec,
// sorted.
func (w *world) ismsRiskLinkRefs(rec isms.Link) []string {
	w.t.Helper()
	links, err := w.app.RecordLinks(w.ctx, w.asViewer(), rec)
	if err != nil {
		w.t.Fatalf("RecordLinks(%s) = %v", rec, err)
	}
	var refs []string
	for _, l := range links {
		refs = append(refs, l.Ref)
	}
	slices.Sort(refs)
	return refs
}

func TestISMSRisks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		issue, err := w.app.CreateContextIssue(w.ctx, w.asManager(), app.ContextIssueInput{Title: "Tight budgets in the sector",
			Kind: "external", Category: "economic", Effect: "negative"})
		if err != nil {
			t.Fatalf("CreateContextIssue = %v", err)
		}
		if _, err := w.app.CreateParty(w.ctx, ed, app.PartyInput{Name: "Customers", Kind: "external", Category: "customer"}); err != nil {
			t.Fatalf("CreateParty = %v", err)
		}
		req, err := w.app.CreatePartyRequirement(w.ctx, ed, app.PartyRequirementInput{PartyID: "IP-1", Title: "Keep the certificate",
			Type: "contractual", How: "Surveillance audits every year."})
		if err != nil {
			t.Fatalf("CreatePartyRequirement = %v", err)
		}
		_, err = w.app.CreateISMSRisk(w.ctx, ed, app.ISMSRiskInput{Kind: "threat", Likelihood: "huge", Status: "planned",
			OwnerID: "usr_nope", EvaluatedOn: "yesterday", Issues: []string{"CI-99"}})
		wantFields(t, "CreateISMSRisk(everything wrong)", err, isms.Invalid,
			"evaluatedOn", "evaluationMethod", "impact", "issues", "kind", "likelihood", "ownerId", "title")

		r, err := w.app.CreateISMSRisk(w.ctx, ed, app.ISMSRiskInput{Kind: "Risk", Title: "ISMS budget is cut",
			Likelihood: "medium", Impact: "High", OwnerID: string(w.manager.ID), ReviewOn: "2026-09-30", Issues: []string{"CI-1"}, Requirements: []string{string(req.ID)}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Ref != "RO-1" || r.Status != isms.ISMSRiskOpen || r.Rating() != isms.ISMSHigh || r.OwnerName != "Bob Manager" || r.Version != 1 {
			t.Errorf("created = %+v, want RO-1, open, rated high, owned by Bob Manager", r)
		}
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "isms_risk.create" || ch["issues"].After != "CI-1" || ch["owner"].After != "Bob Manager" {
			t.Errorf("create event = %s %v", e.Action, ch)
		}
		if got := w.ismsRiskLinkRefs(isms.Link{Type: "isms_risk", ID: r.ID}); !slices.Equal(got, []string{"CI-1", "RQ-1"}) {
			t.Errorf("links of RO-1 = %v, want CI-1 and RQ-1", got)
		}
		if got := w.ismsRiskLinkRefs(isms.Link{Type: "context_issue", ID: issue.ID}); !slices.Equal(got, []string{"RO-1"}) {
			t.Errorf("links of CI-1 = %v, want RO-1 (read from the title)", got)
		}
		if got := w.ismsRiskLinkRefs(isms.Link{Type: "party_requirement", ID: req.ID}); !slices.Equal(got, []string{"RO-1"}) {
			t.Errorf("links of RQ-1 = %v, want RO-1", got)
		}
		w.ismsRiskLifecycle(r)
		w.ismsRiskActions(r)
	})
}

// ismsRiskLifecycle takes RO-1 from open to closed, refusing each step
// that lacks what it needs.
func (w *world) ismsRiskLifecycle(r *isms.ISMSRisk) {
	t := w.t
	ed := w.asContributor()
	in := app.ISMSRiskInput{Kind: "risk", Title: "ISMS budget is cut", Likelihood: "medium", Impact: "high",
		OwnerID: string(w.manager.ID), Status: "planned", ReviewOn: "2026-09-30"}
	_, err := w.app.UpdateISMSRisk(w.ctx, ed, "RO-1", 1, in)
	wantFields(t, "UpdateISMSRisk(planned without a way to evaluate)", err, isms.Invalid, "evaluationMethod")
	in.EvaluationMethod = "The budget of next year covers the audit and the tool."
	r2, err := w.app.UpdateISMSRisk(w.ctx, ed, "RO-1", 1, in)
	if err != nil {
		t.Fatal(err)
	}
	ch := changes(t, w.lastEvent(string(w.org.ID)))
	if r2.Version != 2 || ch["status"].Before != "open" || ch["status"].After != "planned" || len(ch) != 2 {
		t.Errorf("update = v%d %v; want version 2 with status and evaluation method changed, links untouched", r2.Version, ch)
	}
	_, err = w.app.UpdateISMSRisk(w.ctx, ed, r.ID, 1, in)
	wantCode(t, "UpdateISMSRisk(stale)", err, isms.Conflict)

	in.Status, in.Effective, in.EvaluatedOn = "closed", "no", "2026-03-03"
	_, err = w.app.UpdateISMSRisk(w.ctx, ed, r.ID, 2, in)
	wantFields(t, "UpdateISMSRisk(closed, not effective, unexplained, evaluated tomorrow)", err, isms.Invalid, "evaluatedOn", "evaluation")
	in.Effective, in.EvaluatedOn, in.Evaluation, in.Issues = "yes", "2026-03-01", "The budget was kept.", []string{}
	r3, err := w.app.UpdateISMSRisk(w.ctx, ed, r.ID, 2, in)
	if err != nil {
		t.Fatal(err)
	}
	if ch := changes(t, w.lastEvent(string(w.org.ID))); r3.Status != isms.ISMSRiskClosed || ch["issues"].After != "" || ch["effective"].After != "yes" {
		t.Errorf("closed = %+v, changes %v; want closed, effective, the issue unlinked", r3, ch)
	}
	_, err = w.app.UpdateISMSRisk(w.ctx, w.asViewer(), r.ID, 3, in)
	wantCode(t, "UpdateISMSRisk as viewer", err, isms.Forbidden)
}

// ismsRiskActions plans an action for RO-1 as a task, counts it open and
// overdue, filters by actions, and deletes once none is open.
func (w *world) ismsRiskActions(r *isms.ISMSRisk) {
	t := w.t
	o, err := w.app.CreateISMSRisk(w.ctx, w.asManager(), app.ISMSRiskInput{Kind: "opportunity", Title: "Automate evidence",
		Likelihood: "low", Impact: "low"})
	if err != nil || o.Ref != "RO-2" || o.Rating() != isms.ISMSLow {
		t.Fatalf("second record = %+v, %v; want RO-2 rated low", o, err)
	}
	task, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "Ask for next year's budget", OwnerID: w.manager.ID,
		Due: "2026-03-10", Link: "isms_risk:RO-1"})
	if err != nil || task.Link != (isms.Link{Type: "isms_risk", ID: r.ID}) {
		t.Fatalf("CreateTask(linked by reference) = %+v, %v", task, err)
	}
	w.clock.Advance(10 * 24 * time.Hour) // 2026-03-12: the action is overdue
	got, err := w.app.FindISMSRisk(w.ctx, w.asViewer(), "RO-1")
	if err != nil || got.OpenActions != 1 || got.OverdueActions != 1 {
		t.Errorf("RO-1 = %+v, %v; want one open action, overdue", got, err)
	}
	list, total, err := w.app.FindISMSRisks(w.ctx, w.asViewer(), isms.ISMSRiskFilter{NoActions: true})
	if err != nil || total != 1 || list[0].Ref != "RO-2" {
		t.Errorf("records without actions = %v (%d), %v; want RO-2", list, total, err)
	}
	list, total, _ = w.app.FindISMSRisks(w.ctx, w.asViewer(), isms.ISMSRiskFilter{Rating: isms.ISMSHigh, Sort: "-ref"})
	if total != 1 || list[0].Ref != "RO-1" {
		t.Errorf("high records = %v (%d), want RO-1", list, total)
	}
	err = w.app.DeleteISMSRisk(w.ctx, w.asManager(), r.ID)
	wantCode(t, "DeleteISMSRisk(with an open action)", err, isms.Conflict)

	boss := w.newUser("Gina Globex", false)
	globex := w.newOrg("globex", "Globex", boss)
	other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
	_, err = w.app.FindISMSRisk(w.ctx, other, "RO-1")
	wantCode(t, "FindISMSRisk(acme's from globex)", err, isms.NotFound)
	if _, total, _ := w.app.FindISMSRisks(w.ctx, other, isms.ISMSRiskFilter{}); total != 0 {
		t.Errorf("globex sees %d records, want none", total)
	}
	_, err = w.app.CreateISMSRisk(w.ctx, isms.Actor{UserID: w.viewer.ID, OrgID: w.org.ID, Role: isms.RoleEmployee}, app.ISMSRiskInput{})
	wantCode(t, "CreateISMSRisk as employee", err, isms.Forbidden)

	if _, err := w.app.CancelTask(w.ctx, w.asManager(), task.ID, "Budget approved without it."); err != nil {
		t.Fatal(err)
	}
	if err := w.app.DeleteISMSRisk(w.ctx, w.asManager(), "RO-1"); err != nil {
		t.Fatal(err)
	}
	if e := w.lastEvent(string(w.org.ID)); e.Action != "isms_risk.delete" || e.ObjectID != r.ID {
		t.Errorf("last event = %s %s, want isms_risk.delete", e.Action, e.ObjectID)
	}
	if got := w.ismsRiskLinkRefs(isms.Link{Type: "isms_risk", ID: r.ID}); len(got) != 0 {
		t.Errorf("links of the deleted record = %v", got)
	}
}

func TestISMSChanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		risk := w.newRisk(app.RiskInput{Title: "Ransomware"})
		doc, _ := w.approvedDocument("Scope statement")
		ro, err := w.app.CreateISMSRisk(w.ctx, ed, app.ISMSRiskInput{Kind: "risk", Title: "Scope outgrows the team",
			Likelihood: "medium", Impact: "medium"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.app.CreateChange(w.ctx, ed, app.ChangeInput{Status: "implemented", PlannedOn: "soon", OwnerID: "usr_nope",
			Risks: []string{"R-99"}, Documents: []string{"DOC-99"}})
		wantFields(t, "CreateChange(everything wrong)", err, isms.Invalid,
			"completedOn", "consequences", "documents", "ownerId", "plannedOn", "reason", "risks", "title")
		in := app.ChangeInput{Title: "Add the Lyon site to the scope", Reason: "The Lyon office opens in May.",
			OwnerID: string(w.contributor.ID), PlannedOn: "2026-05-01", Risks: []string{risk.Ref}, ISMSRisks: []string{"ro-1"},
			Documents: []string{doc.Ref}}
		c, err := w.app.CreateChange(w.ctx, ed, in)
		if err != nil {
			t.Fatal(err)
		}
		if c.Ref != "CHG-1" || c.Status != isms.ChangeProposed || c.OwnerName != "Dave Contributor" {
			t.Errorf("created = %+v, want CHG-1, proposed, owned by Dave Contributor", c)
		}
		if got := w.ismsRiskLinkRefs(isms.Link{Type: "isms_change", ID: c.ID}); !slices.Equal(got, []string{doc.Ref, risk.Ref, "RO-1"}) {
			t.Errorf("links of CHG-1 = %v", got)
		}
		if got := w.ismsRiskLinkRefs(isms.Link{Type: "isms_risk", ID: ro.ID}); !slices.Equal(got, []string{"CHG-1"}) {
			t.Errorf("links of RO-1 = %v, want CHG-1", got)
		}
		in.Status, in.Consequences, in.CompletedOn = "in progress", "Lyon joins the risk register and the SoA.", ""
		if c, err = w.app.UpdateChange(w.ctx, ed, "CHG-1", 1, in); err != nil || c.Status != isms.ChangeInProgress {
			t.Fatalf("UpdateChange(in progress) = %+v, %v", c, err)
		}
		in.Status, in.CompletedOn = "implemented", "2026-03-05"
		_, err = w.app.UpdateChange(w.ctx, ed, c.ID, 2, in)
		wantFields(t, "UpdateChange(completed in the future)", err, isms.Invalid, "completedOn")
		in.CompletedOn = "2026-02-27"
		if c, err = w.app.UpdateChange(w.ctx, ed, c.ID, 2, in); err != nil {
			t.Fatal(err)
		}
		w.ismsChangesImplemented(c)
	})
}

// ismsChangesImplemented checks what the management review reads, the
// list's filters and who may do what.
func (w *world) ismsChangesImplemented(c *isms.ISMSChange) {
	t := w.t
	ed := w.asContributor()
	old, err := w.app.CreateChange(w.ctx, ed, app.ChangeInput{Title: "New risk method", Reason: "Simpler scales.",
		Consequences: "Every risk is scored again.", Status: "implemented", PlannedOn: "2025-09-01", CompletedOn: "2025-10-15"})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		since string
		want  []string
	}{{"2026-01-01", []string{"CHG-1"}}, {"2025-10-15", []string{"CHG-2", "CHG-1"}}, {"", []string{"CHG-2", "CHG-1"}}, {"2026-03-01", nil}} {
		since, _ := isms.ParseDate(x.since)
		got, err := w.app.ImplementedChanges(w.ctx, w.asViewer(), since)
		var refs []string
		for _, c := range got {
			refs = append(refs, c.Ref)
		}
		if err != nil || !slices.Equal(refs, x.want) {
			t.Errorf("ImplementedChanges(%q) = %v, %v; want %v", x.since, refs, err, x.want)
		}
	}
	from, _ := isms.ParseDate("2026-01-01")
	list, total, err := w.app.FindChanges(w.ctx, w.asViewer(), isms.ISMSChangeFilter{PlannedFrom: from})
	if err != nil || total != 1 || list[0].ID != c.ID {
		t.Errorf("changes planned from 2026 = %v (%d), %v; want CHG-1", list, total, err)
	}
	_, err = w.app.ImplementedChanges(w.ctx, isms.Actor{UserID: w.viewer.ID, OrgID: w.org.ID, Role: isms.RoleEmployee}, isms.Date{})
	wantCode(t, "ImplementedChanges as employee", err, isms.Forbidden)
	_, err = w.app.CreateChange(w.ctx, w.asViewer(), app.ChangeInput{Title: "X", Reason: "Y"})
	wantCode(t, "CreateChange as viewer", err, isms.Forbidden)
	if err := w.app.DeleteChange(w.ctx, w.asManager(), isms.ID(old.Ref)); err != nil {
		t.Fatal(err)
	}
	if e := w.lastEvent(string(w.org.ID)); e.Action != "isms_change.delete" || e.ObjectID != old.ID {
		t.Errorf("last event = %s %s, want isms_change.delete", e.Action, e.ObjectID)
	}
	_, err = w.app.FindChange(w.ctx, w.asViewer(), old.ID)
	wantCode(t, "FindChange(deleted)", err, isms.NotFound)
}
