// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// propose proposes an improvement as the contributor, owned by the
// manager.
func (w *world) propose(title string) *isms.Improvement {
	w.t.Helper()
	im, err := w.app.ProposeImprovement(w.ctx, w.asContributor(), app.ImprovementInput{Title: title,
		Source: isms.ImpSuggestion, OwnerID: w.manager.ID})
	w.must("ProposeImprovement("+title+")", err)
	return im
}

// improvement returns improvement id as the viewer sees it.
func (w *world) improvement(id string) *app.ImprovementView {
	w.t.Helper()
	v, err := w.app.FindImprovement(w.ctx, w.asViewer(), id)
	w.must("FindImprovement("+id+")", err)
	return v
}

// wantError fails the test unless err has code and message (any message
// when empty) and the field problems fields.
func wantError(t *testing.T, call string, err error, code isms.Code, message string, fields map[string]string) {
	t.Helper()
	if isms.ErrorCode(err) != code || (message != "" && isms.ErrorMessage(err) != message) {
		t.Errorf("%s = %v; want %s %q", call, err, code, message)
	}
	if diff := cmp.Diff(fields, isms.ErrorFields(err)); diff != "" {
		t.Errorf("%s fields (-want +got):\n%s", call, diff)
	}
}

func TestImprovementProposeAndEdit(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		_, err := w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "EU AI Act", Kind: "external", Category: "legal", Effect: "negative"})
		w.must("CreateContextIssue", err)
		outsider := w.newUser("Oscar Outsider", false)

		_, err = w.app.ProposeImprovement(w.ctx, c, app.ImprovementInput{Title: " ", Source: "rumour", SourceRecord: "CI-9", OwnerID: outsider.ID})
		wantError(t, "ProposeImprovement(bad)", err, isms.Invalid, "", map[string]string{
			"title":        "Title is required.",
			"source":       "Source must be audit, management_review, measurement, nonconformity or suggestion.",
			"sourceRecord": "No record \u201cCI-9\u201d in this organization; name it by reference (F-3, M-2) or as type:ID.",
			"ownerId":      "Choose a member of this organization."})

		im, err := w.app.ProposeImprovement(w.ctx, c, app.ImprovementInput{Title: " Assess AI tools ", Description: "Staff use chatbots.",
			Source: isms.ImpMeasurement, SourceRecord: "CI-1", Evaluation: "Cheap, useful.", OwnerID: w.manager.ID, Due: mustDate("2026-06-30")})
		w.must("ProposeImprovement", err)
		if im.Ref != "IMP-1" || im.Title != "Assess AI tools" || im.Status != isms.ImpProposed || im.ProposedBy != w.contributor.ID ||
			im.OwnerName != "Bob Manager" || im.SourceRecord.Type != "context_issue" {
			t.Errorf("ProposeImprovement() = %+v; want IMP-1, proposed by the contributor, owned by the manager, from CI-1", im)
		}
		e := w.lastEvent(string(w.org.ID))
		if e.Action != "improvement.create" || e.ObjectID != im.ID || !strings.Contains(e.Changes, "Context issue CI-1") {
			t.Errorf("last event = %s %s %s; want improvement.create with the source record", e.Action, e.ObjectID, e.Changes)
		}
		v := w.improvement("imp-1")
		if got := linkRefs(v.Links, "context_issue"); !cmp.Equal(got, []string{"<CI-1"}) {
			t.Errorf("links to context issues = %v; want CI-1 linking to the improvement", got)
		}

		// The source record moves; a stale version is refused.
		in := app.ImprovementInput{Title: "Assess AI tools", Source: isms.ImpSuggestion, OwnerID: w.manager2.ID}
		_, err = w.app.UpdateImprovement(w.ctx, c, im.ID, im.Version+1, in)
		wantError(t, "UpdateImprovement(stale)", err, isms.Conflict,
			"Someone else changed this improvement while you were editing it (version 2 is now 1). Reload to see their changes, then make yours again.", nil)
		up, err := w.app.UpdateImprovement(w.ctx, c, "IMP-1", im.Version, in)
		w.must("UpdateImprovement", err)
		if up.Version != 2 || up.OwnerName != "Carol Manager" || !up.SourceRecord.IsZero() || up.Source != isms.ImpSuggestion {
			t.Errorf("UpdateImprovement() = %+v; want version 2, Carol, no source record", up)
		}
		if v := w.improvement(string(im.ID)); len(v.Links) != 0 {
			t.Errorf("links after the source was removed = %+v; want none", v.Links)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "improvement.update" || !strings.Contains(e.Changes, `"sourceRecord"`) {
			t.Errorf("last event = %s %s; want improvement.update with the source record", e.Action, e.Changes)
		}

		list, total, err := w.app.ListImprovements(w.ctx, w.asViewer(), isms.ImprovementFilter{Open: true})
		if err != nil || total != 1 || list[0].Ref != "IMP-1" {
			t.Errorf("ListImprovements(open) = %d, %v; want IMP-1", total, err)
		}
	})
}

func TestImprovementDecide(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		im := w.propose("Single sign-on")
		_, err := w.app.DecideImprovement(w.ctx, m, im.ID, im.Version, isms.ImpRejected, " ")
		wantError(t, "DecideImprovement(reject, no reason)", err, isms.Invalid, "", map[string]string{"decisionReason": "Say why it is rejected."})
		_, err = w.app.DecideImprovement(w.ctx, m, im.ID, im.Version, isms.ImpDone, "")
		wantError(t, "DecideImprovement(done)", err, isms.Invalid, "", map[string]string{"status": "Decide to accept, reject or defer."})

		w.day("2026-03-10")
		im, err = w.app.DecideImprovement(w.ctx, m, im.ID, im.Version, isms.ImpDeferred, "After the migration.")
		w.must("DecideImprovement(defer)", err)
		if im.Status != isms.ImpDeferred || im.DecisionReason != "After the migration." ||
			im.DecisionStep != (isms.Step{On: mustDate("2026-03-10"), By: w.manager.ID, ByName: "Bob Manager"}) {
			t.Errorf("deferred = %s %q %+v; want deferred with the reason, dated and attributed", im.Status, im.DecisionReason, im.DecisionStep)
		}
		im, err = w.app.DecideImprovement(w.ctx, w.asContributor(), im.ID, im.Version, isms.ImpAccepted, "")
		w.must("DecideImprovement(accept)", err)
		if im.Status != isms.ImpAccepted || im.DecisionStep.By != w.contributor.ID || im.DecisionReason != "" {
			t.Errorf("accepted = %s by %s %q; want accepted by the contributor", im.Status, im.DecisionStep.By, im.DecisionReason)
		}
		_, err = w.app.DecideImprovement(w.ctx, m, im.ID, im.Version, isms.ImpRejected, "No.")
		wantError(t, "DecideImprovement(accepted)", err, isms.Conflict, "IMP-1 is accepted; only a proposed or deferred improvement is decided.", nil)
		if e := w.lastEvent(string(w.org.ID)); e.Action != "improvement.decide" || !strings.Contains(e.Changes, `"after":"accepted"`) {
			t.Errorf("last event = %s %s; want improvement.decide to accepted", e.Action, e.Changes)
		}
		err = w.app.DeleteImprovement(w.ctx, m, im.ID)
		wantError(t, "DeleteImprovement(accepted)", err, isms.Conflict, "IMP-1 is accepted; only a proposed improvement can be deleted.", nil)

		other := w.propose("Password manager")
		w.must("DeleteImprovement", w.app.DeleteImprovement(w.ctx, m, "IMP-2"))
		if _, err := w.app.FindImprovement(w.ctx, m, string(other.ID)); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindImprovement(deleted) = %v; want NotFound", err)
		}
	})
}

func TestImprovementCarriedOut(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		im := w.propose("Automate access reviews")
		task := app.TaskInput{Title: "Script the export", OwnerID: w.contributor.ID, Due: "2026-04-30"}
		_, err := w.app.AddImprovementTask(w.ctx, c, im.ID, im.Version, task)
		wantError(t, "AddImprovementTask(proposed)", err, isms.Conflict, "IMP-1 is proposed; only an accepted improvement is carried out.", nil)
		_, err = w.app.PlanImprovementChange(w.ctx, c, im.ID, im.Version)
		wantError(t, "PlanImprovementChange(proposed)", err, isms.Conflict, "IMP-1 is proposed; only an accepted improvement is carried out.", nil)

		im, err = w.app.DecideImprovement(w.ctx, c, im.ID, im.Version, isms.ImpAccepted, "Saves two days a quarter.")
		w.must("DecideImprovement", err)
		_, err = w.app.AddImprovementTask(w.ctx, c, im.ID, im.Version, app.TaskInput{Title: "Script the export", Due: "soon"})
		wantError(t, "AddImprovementTask(no owner)", err, isms.Invalid, "", map[string]string{
			"owner": "Choose who owns the task.", "due": "Enter the due date as YYYY-MM-DD."})
		tk, err := w.app.AddImprovementTask(w.ctx, c, im.ID, im.Version, task)
		w.must("AddImprovementTask", err)
		if tk.Link != (isms.Link{Type: "improvement", ID: im.ID}) || tk.OwnerID != w.contributor.ID {
			t.Errorf("task = %+v; want it linked to the improvement", tk)
		}
		v := w.improvement("IMP-1")
		if v.Improvement.Status != isms.ImpInProgress || v.Improvement.TasksOpen != 1 || len(v.Tasks) != 1 || v.Tasks[0].ID != tk.ID {
			t.Errorf("after the task: %s, %d open, tasks %v; want in progress with the task", v.Improvement.Status, v.Improvement.TasksOpen, v.Tasks)
		}

		im = v.Improvement
		chg, err := w.app.PlanImprovementChange(w.ctx, c, im.ID, im.Version)
		w.must("PlanImprovementChange", err)
		if chg.Ref != "CHG-1" || chg.Title != "Automate access reviews" || chg.Status != isms.ChangeProposed || chg.OwnerID != w.manager.ID {
			t.Errorf("change = %+v; want CHG-1, proposed, with the improvement's title and owner", chg)
		}
		v = w.improvement("IMP-1")
		if v.Change == nil || v.Change.ID != chg.ID || v.Improvement.ChangeID != chg.ID || !cmp.Equal(linkRefs(v.Links, "isms_change"), []string{"CHG-1"}) {
			t.Errorf("view = change %+v, links %+v; want CHG-1 linked from the improvement", v.Change, v.Links)
		}
		_, err = w.app.PlanImprovementChange(w.ctx, c, im.ID, v.Improvement.Version)
		wantError(t, "PlanImprovementChange(twice)", err, isms.Conflict, "IMP-1 is already carried out by a planned change.", nil)

		im = v.Improvement
		_, err = w.app.CompleteImprovement(w.ctx, c, im.ID, im.Version, "Done.")
		wantError(t, "CompleteImprovement(open task)", err, isms.Conflict, "IMP-1 has 1 open task; complete or cancel them first.", nil)
		_, err = w.app.CompleteTask(w.ctx, c, tk.ID, "Exported.")
		w.must("CompleteTask", err)
		im, err = w.app.CompleteImprovement(w.ctx, c, im.ID, im.Version, " Reviews take an hour now. ")
		w.must("CompleteImprovement", err)
		if im.Status != isms.ImpDone {
			t.Errorf("completed = %s; want done", im.Status)
		}
		_, err = w.app.CompleteImprovement(w.ctx, c, im.ID, im.Version, "")
		wantError(t, "CompleteImprovement(done)", err, isms.Conflict, "IMP-1 is done; only an improvement in progress can be completed.", nil)
		_, err = w.app.UpdateImprovement(w.ctx, c, im.ID, im.Version, app.ImprovementInput{Title: "X", Source: isms.ImpSuggestion})
		wantError(t, "UpdateImprovement(done)", err, isms.Conflict, "IMP-1 is done; it no longer changes.", nil)

		var got []string
		for _, e := range w.events(string(w.org.ID), 0) {
			if e.ObjectType == "improvement" || e.ObjectType == "isms_change" {
				got = append(got, e.Action)
			}
		}
		want := []string{"improvement.create", "improvement.decide", "improvement.task", "isms_change.create",
			"improvement.change", "improvement.complete"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
		if e := w.lastEvent(string(w.org.ID)); !strings.Contains(e.Changes, "Reviews take an hour now.") {
			t.Errorf("improvement.complete changes = %s; want the note", e.Changes)
		}
	})
}

func TestImprovementFromAuditFinding(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.importBuiltin("iso27001-2022")
		m := w.asManager()
		_, err := w.app.CreateProgramme(w.ctx, m, app.ProgrammeInput{Title: "Cycle", Framework: "iso27001-2022",
			Start: mustDate("2026-01-01"), End: mustDate("2028-12-31")})
		w.must("CreateProgramme", err)
		ia, err := w.app.PlanAudit(w.ctx, m, app.AuditInput{Programme: "AP-1", Title: "Audit", Criteria: "ISO/IEC 27001:2022",
			Scope: "9.2", LeadID: w.manager2.ID, PlannedStart: mustDate("2026-04-01"), PlannedEnd: mustDate("2026-04-03")})
		w.must("PlanAudit", err)
		_, err = w.app.MoveAudit(w.ctx, m, ia.ID, ia.Version, isms.AuditInProgress, "")
		w.must("MoveAudit", err)
		f, err := w.app.CreateFinding(w.ctx, m, app.FindingInput{Audit: ia.Ref, Grade: isms.FindingOFI, Title: "Use a checklist template",
			Description: "Checklists differ between auditors."})
		w.must("CreateFinding", err)

		list, total, err := w.app.ListImprovements(w.ctx, w.asViewer(), isms.ImprovementFilter{})
		if err != nil || total != 1 {
			t.Fatalf("ListImprovements() = %d, %v; want the finding's improvement", total, err)
		}
		im := list[0]
		if im.Title != "Use a checklist template" || im.Description != "Checklists differ between auditors." || im.Source != isms.ImpAudit ||
			im.SourceRecord != (isms.Link{Type: "audit_finding", ID: f.ID}) || im.ProposedBy != w.manager.ID || im.Status != isms.ImpProposed {
			t.Errorf("improvement = %+v; want the finding's, source audit, proposed by its raiser", im)
		}
		if got := linkRefs(w.improvement(im.Ref).Links, "audit_finding"); !cmp.Equal(got, []string{"<" + f.Ref}) {
			t.Errorf("links to findings = %v; want the finding linking to it", got)
		}
		// Editing the finding opens no second one.
		_, err = w.app.UpdateFinding(w.ctx, m, f.ID, f.Version, app.FindingInput{Grade: isms.FindingOFI, Title: "Use one checklist template"})
		w.must("UpdateFinding", err)
		if _, total, _ := w.app.ListImprovements(w.ctx, m, isms.ImprovementFilter{}); total != 1 {
			t.Errorf("improvements after editing the finding = %d; want 1", total)
		}
	})
}

func TestImprovementAuthorization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		im := w.propose("Single sign-on")
		auditor := w.as(w.newMember(w.org, "Ann Auditor", isms.RoleAuditor), isms.RoleAuditor)
		employee := w.as(w.newMember(w.org, "Eve Employee", isms.RoleEmployee), isms.RoleEmployee)
		in := app.ImprovementInput{Title: "X", Source: isms.ImpSuggestion}
		for _, actor := range []isms.Actor{auditor, w.asViewer(), employee} {
			calls := map[string]error{}
			_, calls["ProposeImprovement"] = w.app.ProposeImprovement(w.ctx, actor, in)
			_, calls["UpdateImprovement"] = w.app.UpdateImprovement(w.ctx, actor, im.ID, im.Version, in)
			calls["DeleteImprovement"] = w.app.DeleteImprovement(w.ctx, actor, im.ID)
			_, calls["DecideImprovement"] = w.app.DecideImprovement(w.ctx, actor, im.ID, im.Version, isms.ImpAccepted, "")
			_, calls["AddImprovementTask"] = w.app.AddImprovementTask(w.ctx, actor, im.ID, im.Version, app.TaskInput{})
			_, calls["PlanImprovementChange"] = w.app.PlanImprovementChange(w.ctx, actor, im.ID, im.Version)
			_, calls["CompleteImprovement"] = w.app.CompleteImprovement(w.ctx, actor, im.ID, im.Version, "")
			for call, err := range calls {
				if isms.ErrorCode(err) != isms.Forbidden {
					t.Errorf("%s as %s = %v; want Forbidden", call, actor.Role, err)
				}
			}
			_, err := w.app.FindImprovement(w.ctx, actor, "IMP-1")
			_, _, lerr := w.app.ListImprovements(w.ctx, actor, isms.ImprovementFilter{})
			wantRead := actor.Role != isms.RoleEmployee
			if (err == nil) != wantRead || (lerr == nil) != wantRead {
				t.Errorf("FindImprovement, ListImprovements as %s = %v, %v; want read %v", actor.Role, err, lerr, wantRead)
			}
			if !wantRead && (isms.ErrorCode(err) != isms.Forbidden || isms.ErrorMessage(err) != "You may not see improvements.") {
				t.Errorf("FindImprovement as employee = %v; want Forbidden", err)
			}
		}

		// Another organization sees none of acme's improvements.
		g := w.globexAdmin()
		if _, err := w.app.FindImprovement(w.ctx, g, string(im.ID)); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindImprovement from globex = %v; want NotFound", err)
		}
		if _, err := w.app.DecideImprovement(w.ctx, g, im.ID, im.Version, isms.ImpAccepted, ""); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("DecideImprovement from globex = %v; want NotFound", err)
		}
		if err := w.app.DeleteImprovement(w.ctx, g, "IMP-1"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("DeleteImprovement from globex = %v; want NotFound", err)
		}
		if _, total, err := w.app.ListImprovements(w.ctx, g, isms.ImprovementFilter{}); err != nil || total != 0 {
			t.Errorf("ListImprovements from globex = %d, %v; want none", total, err)
		}
		_, err := w.app.ProposeImprovement(w.ctx, g, app.ImprovementInput{Title: "Theirs", Source: isms.ImpSuggestion, SourceRecord: "improvement:IMP-1"})
		wantError(t, "ProposeImprovement(globex, acme's source)", err, isms.Invalid, "", map[string]string{
			"sourceRecord": "No record \u201cimprovement:IMP-1\u201d in this organization; name it by reference (F-3, M-2) or as type:ID."})
	})
}

func TestImprovementReviewPack(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		w.propose("Single sign-on")
		acc := w.propose("Password manager")
		acc, err := w.app.DecideImprovement(w.ctx, c, acc.ID, acc.Version, isms.ImpAccepted, "")
		w.must("DecideImprovement", err)
		done := w.propose("Automate access reviews")
		done, err = w.app.DecideImprovement(w.ctx, c, done.ID, done.Version, isms.ImpAccepted, "")
		w.must("DecideImprovement", err)
		_, err = w.app.PlanImprovementChange(w.ctx, c, done.ID, done.Version)
		w.must("PlanImprovementChange", err)
		_, err = w.app.CompleteImprovement(w.ctx, c, done.ID, done.Version+1, "")
		w.must("CompleteImprovement", err)
		rej := w.propose("Paper records")
		_, err = w.app.DecideImprovement(w.ctx, c, rej.ID, rej.Version, isms.ImpRejected, "Not worth it.")
		w.must("DecideImprovement", err)

		mr := w.planReview("Review 2026", "2026-03-20")
		pack, err := w.app.CompileReviewPack(w.ctx, w.asViewer(), mr.ID)
		w.must("CompileReviewPack", err)
		var g *isms.PackSection
		for i := range pack.Sections {
			if pack.Sections[i].Key == isms.InputImprovement {
				g = &pack.Sections[i]
			}
		}
		if g == nil {
			t.Fatal("the pack has no improvement section")
		}
		figures := map[string]string{}
		for _, f := range g.Figures {
			figures[f.Label] = f.Value
		}
		want := map[string]string{"Improvements proposed": "1", "Improvements accepted or in progress": "1", "Improvements done in the period": "1"}
		for label, v := range want {
			if figures[label] != v {
				t.Errorf("figure %q = %q; want %s", label, figures[label], v)
			}
		}
		var items []string
		for _, it := range g.Items {
			if it.Record.Type == "improvement" {
				items = append(items, it.Ref+" "+it.Status+" "+it.Path)
			}
		}
		wantItems := []string{"IMP-1 Proposed /improvements/" + string(w.improvement("IMP-1").Improvement.ID),
			"IMP-2 Accepted /improvements/" + string(acc.ID)}
		if diff := cmp.Diff(wantItems, items); diff != "" {
			t.Errorf("improvement items (-want +got):\n%s", diff)
		}
		if !strings.Contains(g.Summary, "The improvement register holds 2 open improvements; 1 was done since 2025-") {
			t.Errorf("summary = %q; want the register's open and done improvements", g.Summary)
		}
	})
}
