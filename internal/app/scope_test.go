// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// approveScope submits draft as the admin to the first manager, who
// approves it.
func approveScope(t *testing.T, w *world, draft *isms.Scope) {
	t.Helper()
	ap, err := w.app.SubmitForApproval(w.ctx, w.asAdmin(), app.SubmitInput{ObjectType: "isms_scope", ObjectID: draft.ID,
		Version: draft.Version, ApproverIDs: []isms.ID{w.manager.ID}})
	if err != nil {
		t.Fatalf("SubmitForApproval(scope %s): %v", draft.VersionLabel(), err)
	}
	if _, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "Agreed."); err != nil {
		t.Fatalf("DecideApproval(scope %s): %v", draft.VersionLabel(), err)
	}
}

func TestScopeDraftAndApproval(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		in := app.ScopeInput{Statement: "The ISMS of Acme covering its cloud platform.", Units: []string{"Engineering", " "},
			Exclusions: []isms.ScopeExclusion{{Item: "Canteen"}}}
		_, err := w.app.SaveScopeDraft(w.ctx, w.asContributor(), 0, in)
		wantCode(t, "SaveScopeDraft as contributor", err, isms.Forbidden)
		_, err = w.app.SaveScopeDraft(w.ctx, m, 0, app.ScopeInput{Exclusions: in.Exclusions})
		wantFields(t, "SaveScopeDraft(invalid)", err, isms.Invalid, "statement", "exclusions[0].justification")

		in.Exclusions[0].Justification = "No information is handled there."
		v1, err := w.app.SaveScopeDraft(w.ctx, m, 0, in)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Number != 1 || v1.Status != isms.ScopeDraft || len(v1.Units) != 1 {
			t.Errorf("v1 = %+v, want draft 1 with one unit", v1)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "isms_scope.create" || e.ObjectID != v1.ID {
			t.Errorf("last event = %s, want isms_scope.create", e.Action)
		}
		_, err = w.app.SaveScopeDraft(w.ctx, m, 0, in)
		wantCode(t, "SaveScopeDraft(second draft)", err, isms.Conflict)
		in.Locations = []string{"Lyon office"}
		v1, err = w.app.SaveScopeDraft(w.ctx, m, v1.Version, in)
		if err != nil || v1.Version != 2 {
			t.Fatalf("update = %+v, %v", v1, err)
		}
		if ch := changes(t, w.lastEvent(string(w.org.ID))); len(ch) != 1 || ch["locations"].After == nil {
			t.Errorf("update changes = %v, want locations only", ch)
		}
		_, err = w.app.SaveScopeDraft(w.ctx, m, 1, in)
		wantCode(t, "SaveScopeDraft(stale)", err, isms.Conflict)

		ap, err := w.app.SubmitForApproval(w.ctx, w.asAdmin(), app.SubmitInput{ObjectType: "isms_scope", ObjectID: v1.ID,
			Version: v1.Version, ApproverIDs: []isms.ID{w.manager.ID}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.app.SaveScopeDraft(w.ctx, m, v1.Version, in)
		wantCode(t, "SaveScopeDraft(pending)", err, isms.Conflict)
		wantCode(t, "DeleteScopeDraft(pending)", w.app.DeleteScopeDraft(w.ctx, m, v1.ID), isms.Conflict)
		if _, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "Agreed."); err != nil {
			t.Fatal(err)
		}
		approved, draft, err := w.app.CurrentScope(w.ctx, w.asViewer())
		if err != nil || draft != nil || approved == nil {
			t.Fatalf("CurrentScope = %v, %v, %v; want v1 approved, no draft", approved, draft, err)
		}
		if approved.Status != isms.ScopeApproved || approved.ApprovalID != ap.ID || approved.ApprovedBy != w.manager.Name ||
			approved.ApprovedAt.IsZero() {
			t.Errorf("approved = %+v", approved)
		}
		if got := strings.Join(actions(w.events(string(w.org.ID), 0)), " "); !strings.Contains(got, "isms_scope.approve") {
			t.Errorf("events = %s, want isms_scope.approve among them", got)
		}
		wantCode(t, "DeleteScopeDraft(approved)", w.app.DeleteScopeDraft(w.ctx, m, v1.ID), isms.Conflict)

		// The next version starts from the approved one and supersedes it.
		in.Statement, in.InScope = "The ISMS of Acme, all of it.", []string{"Cloud platform", "Support desk"}
		v2, err := w.app.SaveScopeDraft(w.ctx, m, 0, in)
		if err != nil || v2.Number != 2 {
			t.Fatalf("v2 = %+v, %v", v2, err)
		}
		approveScope(t, w, v2)
		list, err := w.app.ScopeVersions(w.ctx, w.asViewer())
		if err != nil || len(list) != 2 || list[0].Status != isms.ScopeApproved || list[1].Status != isms.ScopeSuperseded {
			t.Fatalf("versions = %v, %v; want v2 approved, v1 superseded", list, err)
		}
		d, err := w.app.FindScope(w.ctx, w.asViewer(), "V1")
		if err != nil || d.Scope.ID != v1.ID || d.Approved == nil || d.Approved.ID != ap.ID {
			t.Errorf("FindScope(V1) = %+v, %v", d, err)
		}
		lines, err := w.app.CompareScopes(w.ctx, w.asViewer(), "v1", "v2")
		if err != nil {
			t.Fatal(err)
		}
		var added, removed []string
		for _, l := range lines {
			switch l.Op {
			case '+':
				added = append(added, l.Text)
			case '-':
				removed = append(removed, l.Text)
			}
		}
		if !strings.Contains(strings.Join(added, "\n"), "- Support desk") || !strings.Contains(strings.Join(removed, "\n"), "cloud platform.") {
			t.Errorf("diff added %q, removed %q", added, removed)
		}

		// A third draft is discarded; the approved version stays.
		v3, err := w.app.SaveScopeDraft(w.ctx, m, 0, in)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.DeleteScopeDraft(w.ctx, m, v3.ID); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "isms_scope.delete" {
			t.Errorf("last event = %s, want isms_scope.delete", e.Action)
		}
		_, err = w.app.SaveScopeDraft(w.ctx, m, v3.Version, in)
		wantCode(t, "SaveScopeDraft(discarded draft)", err, isms.Conflict)
		if cur, _, _ := w.app.CurrentScope(w.ctx, m); cur == nil || cur.ID != v2.ID {
			t.Errorf("in force after discarding = %v, want v2", cur)
		}
	})
}

func TestScopeAccessAndLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		v1, err := w.app.SaveScopeDraft(w.ctx, w.asAdmin(), 0, app.ScopeInput{Statement: "Acme platform"})
		if err != nil {
			t.Fatal(err)
		}
		emp := w.newMember(w.org, "Frank Employee", isms.RoleEmployee)
		_, _, err = w.app.CurrentScope(w.ctx, w.as(emp, isms.RoleEmployee))
		wantCode(t, "CurrentScope as employee", err, isms.Forbidden)
		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err = w.app.FindScope(w.ctx, other, string(v1.ID))
		wantCode(t, "FindScope(acme's from globex)", err, isms.NotFound)
		wantCode(t, "DeleteScopeDraft(acme's from globex)", w.app.DeleteScopeDraft(w.ctx, other, v1.ID), isms.NotFound)
		if a, d, err := w.app.CurrentScope(w.ctx, other); a != nil || d != nil || err != nil {
			t.Errorf("globex's scope = %v, %v, %v; want none", a, d, err)
		}
		_, err = w.app.SubmitForApproval(w.ctx, other, app.SubmitInput{ObjectType: "isms_scope", ObjectID: v1.ID, ApproverIDs: []isms.ID{boss.ID}})
		wantCode(t, "SubmitForApproval(acme's scope from globex)", err, isms.NotFound)

		task, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "Have the scope approved", OwnerID: w.manager.ID,
			Due: "2026-04-01", Link: "isms_scope:v1"})
		if err != nil {
			t.Fatal(err)
		}
		if task.Link.ID != v1.ID {
			t.Errorf("task link = %v, want the ID of v1", task.Link)
		}
	})
}

func TestISMSProcesses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		_, err := w.app.CreateProcess(w.ctx, c, app.ProcessInput{Name: "", Clauses: []string{"6.1.2", "11.3"},
			OwnerID: "usr_nobody", InteractsWith: []string{"PRC-9"}})
		wantFields(t, "CreateProcess(everything wrong)", err, isms.Invalid, "name", "clauses", "ownerId", "interactsWith")
		_, err = w.app.CreateProcess(w.ctx, w.asViewer(), app.ProcessInput{Name: "Audit"})
		wantCode(t, "CreateProcess as viewer", err, isms.Forbidden)

		risk, err := w.app.CreateProcess(w.ctx, c, app.ProcessInput{Name: "Risk management", Clauses: []string{"8.2", "6.1.2", "8.2"},
			OwnerID: string(w.manager.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if risk.Ref != "PRC-1" || strings.Join(risk.Clauses, ",") != "6.1.2,8.2" || risk.OwnerName != w.manager.Name {
			t.Errorf("PRC-1 = %+v", risk)
		}
		audit, err := w.app.CreateProcess(w.ctx, c, app.ProcessInput{Name: "Internal audit", Clauses: []string{"9.2"},
			InteractsWith: []string{"prc-1"}})
		if err != nil {
			t.Fatal(err)
		}
		if ch := changes(t, w.lastEvent(string(w.org.ID))); audit.Ref != "PRC-2" || ch["interactsWith"].After != "PRC-1" {
			t.Errorf("PRC-2 = %s, changes %v", audit.Ref, ch)
		}
		links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "isms_process", ID: risk.ID})
		if err != nil || len(links) != 1 || links[0].Ref != "PRC-2" || links[0].Outgoing ||
			links[0].Title != "ISMS process PRC-2: Internal audit" {
			t.Errorf("links of PRC-1 = %+v, %v; want PRC-2 linking to it", links, err)
		}

		_, err = w.app.UpdateProcess(w.ctx, c, audit.ID, 1, app.ProcessInput{Name: "Internal audit", InteractsWith: []string{"PRC-2", "PRC-1"}})
		wantFields(t, "UpdateProcess(interacts with itself)", err, isms.Invalid, "interactsWith")
		audit, err = w.app.UpdateProcess(w.ctx, c, "PRC-2", 1, app.ProcessInput{Name: "Internal audit", Clauses: []string{"9.2.2"},
			Outputs: "Audit reports"})
		if err != nil {
			t.Fatal(err)
		}
		e := w.lastEvent(string(w.org.ID))
		ch := changes(t, e)
		if e.ObjectID != audit.ID {
			t.Errorf("update by reference recorded on %q, want the process's ID", e.ObjectID)
		}
		if audit.Version != 2 || len(ch) != 2 || ch["outputs"].After != "Audit reports" || ch["clauses"].Before != "9.2" {
			t.Errorf("update = v%d %v, want clauses and outputs changed, links kept", audit.Version, ch)
		}
		if refs := processLinks(t, w, audit.ID); refs != "PRC-1" {
			t.Errorf("links after an update without interactsWith = %q, want PRC-1 kept", refs)
		}
		_, err = w.app.UpdateProcess(w.ctx, c, audit.ID, 1, app.ProcessInput{Name: "X"})
		wantCode(t, "UpdateProcess(stale)", err, isms.Conflict)

		list, total, err := w.app.FindProcesses(w.ctx, w.asViewer(), app.ProcessFilter{Clause: "9.2"}, "", 50, 0)
		if err != nil || total != 1 || list[0].ID != audit.ID {
			t.Errorf("serving 9.2 = %v (%d), %v", list, total, err)
		}
		_, _, err = w.app.FindProcesses(w.ctx, w.asViewer(), app.ProcessFilter{Clause: "12"}, "", 50, 0)
		wantFields(t, "FindProcesses(clause 12)", err, isms.Invalid, "clause")

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		wantCode(t, "DeleteProcess(acme's from globex)", w.app.DeleteProcess(w.ctx, other, risk.ID), isms.NotFound)
		_, err = w.app.CreateProcess(w.ctx, other, app.ProcessInput{Name: "Audit", InteractsWith: []string{"PRC-1"}})
		wantFields(t, "CreateProcess(linking acme's process from globex)", err, isms.Invalid, "interactsWith")
		role, err := w.app.CreateISMSRole(w.ctx, w.asManager(), app.ISMSRoleInput{Name: "Risk owner"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.SetRACIRow(w.ctx, w.asManager(), isms.Link{Type: "isms_process", ID: risk.ID}, map[isms.ID]string{role.ID: "RA"}); err != nil {
			t.Fatal(err)
		}
		if err := w.app.DeleteProcess(w.ctx, c, "prc-1"); err != nil {
			t.Fatal(err)
		}
		w.view(func(tx *sqldb.Tx) error {
			if n, err := tx.CountRACICellsOfRole(w.ctx, w.org.ID, role.ID); n != 0 || err != nil {
				t.Errorf("RACI cells of the role after deleting its process = %d, %v; want 0", n, err)
			}
			return nil
		})
		if e := w.lastEvent(string(w.org.ID)); e.Action != "isms_process.delete" || e.ObjectID != risk.ID {
			t.Errorf("last event = %s %s", e.Action, e.ObjectID)
		}
		if refs := processLinks(t, w, audit.ID); refs != "" {
			t.Errorf("links after deleting PRC-1 = %q, want none", refs)
		}
	})
}

// processLinks returns the references of the processes p interacts with.
func processLinks(t *testing.T, w *world, p isms.ID) string {
	t.Helper()
	links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "isms_process", ID: p})
	if err != nil {
		t.Fatal(err)
	}
	return app.LinkedRefs(links, "isms_process")
}
