// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestCommitmentRecords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		_, err := w.app.CreateCommitment(w.ctx, m, app.CommitmentInput{MadeOn: "2026-03-03", Kind: "promise"})
		wantFields(t, "CreateCommitment(everything wrong)", err, isms.Invalid, "madeOn", "kind", "title", "madeBy")
		_, err = w.app.CreateCommitment(w.ctx, m, app.CommitmentInput{MadeOn: "3 March"})
		wantFields(t, "CreateCommitment(unreadable date)", err, isms.Invalid, "madeOn", "kind", "title", "madeBy")
		budget, err := w.app.CreateCommitment(w.ctx, m, app.CommitmentInput{MadeOn: "2026-01-15", Kind: "Resource",
			Title: "ISMS budget for 2026 approved", MadeBy: "Management board"})
		if err != nil {
			t.Fatal(err)
		}
		talk, err := w.app.CreateCommitment(w.ctx, m, app.CommitmentInput{MadeOn: "2026-03-02", Kind: "communication",
			Title: "CEO message on phishing", MadeBy: "CEO", Description: "Sent to all staff."})
		if err != nil {
			t.Fatal(err)
		}
		if budget.Ref != "MC-1" || talk.Ref != "MC-2" || budget.Kind != isms.CommitmentResource {
			t.Errorf("refs = %s, %s (kind %s); want MC-1, MC-2 and a resource", budget.Ref, talk.Ref, budget.Kind)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "commitment.create" || changes(t, e)["ref"].After != "MC-2" {
			t.Errorf("last event = %s %v", e.Action, e.Changes)
		}
		got, err := w.app.FindCommitment(w.ctx, w.asViewer(), "mc-1")
		if err != nil || got.ID != budget.ID {
			t.Errorf("FindCommitment(mc-1) = %v, %v", got, err)
		}
		upd, err := w.app.UpdateCommitment(w.ctx, m, "MC-1", 1, app.CommitmentInput{MadeOn: "2026-01-15", Kind: "resource",
			Title: "ISMS budget for 2026 approved", MadeBy: "Management board", Description: "Minutes item 4."})
		if err != nil {
			t.Fatal(err)
		}
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); upd.Version != 2 || e.ObjectID != budget.ID || len(ch) != 1 || ch["description"].After != "Minutes item 4." {
			t.Errorf("update: v%d, event on %s with %v", upd.Version, e.ObjectID, ch)
		}
		_, err = w.app.UpdateCommitment(w.ctx, m, budget.ID, 1, app.CommitmentInput{MadeOn: "2026-01-15", Kind: "other", Title: "X", MadeBy: "Y"})
		wantCode(t, "UpdateCommitment(stale)", err, isms.Conflict)
		_, err = w.app.CreateCommitment(w.ctx, w.asContributor(), app.CommitmentInput{MadeOn: "2026-01-15", Kind: "other", Title: "X", MadeBy: "Y"})
		wantCode(t, "CreateCommitment as contributor", err, isms.Forbidden)

		list, total, err := w.app.FindCommitments(w.ctx, w.asViewer(), isms.CommitmentFilter{Year: 2026, Kind: isms.CommitmentCommunication})
		if err != nil || total != 1 || list[0].ID != talk.ID {
			t.Errorf("communications of 2026 = %v (%d), %v", list, total, err)
		}
		if years, err := w.app.CommitmentYears(w.ctx, w.asViewer()); err != nil || len(years) != 1 || years[0] != 2026 {
			t.Errorf("years = %v, %v", years, err)
		}
		ev, err := w.app.CreateEvidence(w.ctx, m, app.EvidenceInput{Title: "Board minutes", Kind: isms.EvidenceKindNote, Note: "Item 4: budget approved.", Source: isms.EvidenceSourceAPI,
			Links: []isms.Link{{Type: "commitment", ID: "MC-1"}}}, nil)
		if err != nil {
			t.Fatalf("CreateEvidence linked to MC-1: %v %v", err, isms.ErrorFields(err))
		}
		items, err := w.app.EvidenceFor(w.ctx, w.asViewer(), isms.Link{Type: "commitment", ID: budget.ID})
		if err != nil || len(items) != 1 || items[0].ID != ev.ID {
			t.Errorf("evidence for MC-1 = %v, %v", items, err)
		}

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		wantCode(t, "DeleteCommitment(acme's from globex)", w.app.DeleteCommitment(w.ctx, other, budget.ID), isms.NotFound)
		wantCode(t, "DeleteCommitment(MC-2 from globex)", w.app.DeleteCommitment(w.ctx, other, "MC-2"), isms.NotFound)
		if err := w.app.DeleteCommitment(w.ctx, m, "MC-2"); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "commitment.delete" || e.ObjectID != talk.ID {
			t.Errorf("last event = %s %s, want commitment.delete of %s", e.Action, e.ObjectID, talk.ID)
		}
		again, err := w.app.CreateCommitment(w.ctx, m, app.CommitmentInput{MadeOn: "2026-02-01", Kind: "review", Title: "Review", MadeBy: "Board"})
		if err != nil || again.Ref != "MC-2" {
			t.Errorf("the next record = %v, %v; want MC-2 (the highest number in use was 1)", again, err)
		}
	})
}

func TestISMSRolesHoldersRenameAndDelete(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		_, err := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "", AppointedOn: "soon"})
		wantFields(t, "CreateISMSRole(no name, bad date)", err, isms.Invalid, "name", "appointedOn")
		r, err := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "ISMS manager", Responsibilities: "Runs the ISMS.",
			AppointedBy: "CEO", AppointedOn: "2026-01-05"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "isms Manager"})
		wantFields(t, "CreateISMSRole(the same name)", err, isms.Invalid, "name")
		_, err = w.app.CreateISMSRole(w.ctx, w.asContributor(), app.ISMSRoleInput{Name: "Auditor"})
		wantCode(t, "CreateISMSRole as contributor", err, isms.Forbidden)

		admin := w.asAdmin()
		ann, err := w.app.CreatePerson(w.ctx, admin, app.PersonInput{Name: "Ann", Roles: []string{"isms manager", "Internal auditor"}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.CreatePerson(w.ctx, admin, app.PersonInput{Name: "Old Olga", Roles: []string{"ISMS manager"}}); err != nil {
			t.Fatal(err)
		}
		d, err := w.app.FindISMSRole(w.ctx, w.asViewer(), r.ID)
		if err != nil || len(d.Role.Holders) != 1 || d.Role.Holders[0].PersonID != ann.ID || d.Cells != 0 {
			t.Errorf("the role's holders = %+v, %v; want Ann only (Olga has left)", d, err)
		}

		renamed, err := w.app.UpdateISMSRole(w.ctx, m, r.ID, 1, app.ISMSRoleInput{Name: "Information security manager",
			Responsibilities: "Runs the ISMS.", AppointedBy: "CEO", AppointedOn: "2026-01-05"})
		if err != nil {
			t.Fatal(err)
		}
		if len(renamed.Holders) != 1 || renamed.Holders[0].Name != "Ann" {
			t.Errorf("after the rename the holders are %v", renamed.Holders)
		}
		p, err := w.app.FindPerson(w.ctx, admin, ann.ID)
		if err != nil || strings.Join(p.Person.Roles, ";") != "Information security manager;Internal auditor" {
			t.Errorf("Ann's roles = %v, %v", p.Person.Roles, err)
		}
		evs := w.events(string(w.org.ID), 0)
		var acts []string
		for _, e := range evs[len(evs)-3:] {
			acts = append(acts, e.Action)
		}
		if strings.Join(acts, " ") != "person.update person.update isms_role.update" {
			t.Errorf("the rename's events = %v; want both people's roles renamed, then the role", acts)
		}

		ctl, err := w.app.CreateControl(w.ctx, m, app.ControlInput{Ref: "C-1", Title: "Backups", Status: "planned"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.SetRACIRow(w.ctx, m, isms.Link{Type: isms.RACIControl, ID: ctl.ID}, map[isms.ID]string{r.ID: "RA"}); err != nil {
			t.Fatal(err)
		}
		err = w.app.DeleteISMSRole(w.ctx, m, r.ID, false)
		wantCode(t, "DeleteISMSRole(held, not confirmed)", err, isms.Conflict)
		if msg := isms.ErrorMessage(err); !strings.Contains(msg, "1 person") || !strings.Contains(msg, "1 RACI cell") {
			t.Errorf("the refusal says %q; want how many hold it and how many cells name it", msg)
		}
		if err := w.app.DeleteISMSRole(w.ctx, w.asContributor(), r.ID, true); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("DeleteISMSRole as contributor = %v", err)
		}
		if err := w.app.DeleteISMSRole(w.ctx, m, r.ID, true); err != nil {
			t.Fatal(err)
		}
		evs = w.events(string(w.org.ID), 0)
		raci, del := evs[len(evs)-2], evs[len(evs)-1]
		if raci.Action != "raci.update" || raci.ObjectID != ctl.ID || changes(t, raci)["Information security manager"].Before != "RA" ||
			del.Action != "isms_role.delete" {
			t.Errorf("the deletion's events = %s %v, %s", raci.Action, raci.Changes, del.Action)
		}
		row, err := w.app.FindRACIRow(w.ctx, m, isms.Link{Type: isms.RACIControl, ID: "C-1"})
		if err != nil || len(row.Letters) != 0 {
			t.Errorf("the control's row after the deletion = %+v, %v", row, err)
		}
		if p, _ := w.app.FindPerson(w.ctx, admin, ann.ID); len(p.Person.Roles) != 2 {
			t.Errorf("Ann's roles after the deletion = %v; people keep the name", p.Person.Roles)
		}
	})
}

func TestUsualISMSRoles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		if _, err := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "internal auditor"}); err != nil {
			t.Fatal(err)
		}
		added, err := w.app.AddUsualISMSRoles(w.ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != len(isms.UsualISMSRoles)-1 || added[0].Name != "Top management" || added[0].Responsibilities == "" {
			t.Errorf("added %d roles, first %+v; want every usual role but the internal auditor", len(added), added[0])
		}
		if again, err := w.app.AddUsualISMSRoles(w.ctx, m); err != nil || len(again) != 0 {
			t.Errorf("adding them again added %d, %v", len(again), err)
		}
		_, err = w.app.AddUsualISMSRoles(w.ctx, w.asViewer())
		wantCode(t, "AddUsualISMSRoles as viewer", err, isms.Forbidden)
		list, total, err := w.app.FindISMSRoles(w.ctx, w.asViewer(), "", "", 50, 0)
		if err != nil || total != len(isms.UsualISMSRoles) || list[0].Name != "internal auditor" || list[1].Name != "Top management" {
			t.Errorf("roles = %d, first %v, %v", total, list[0].Name, err)
		}
		for _, r := range list {
			if r.Holders == nil {
				t.Errorf("role %s has nil holders; want an empty list", r.Name)
			}
		}
	})
}

func TestRACIRows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		mgr, _ := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "ISMS manager"})
		top, _ := w.app.CreateISMSRole(w.ctx, m, app.ISMSRoleInput{Name: "Top management"})
		proc, err := w.app.CreateProcess(w.ctx, m, app.ProcessInput{Name: "Risk assessment"})
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range []string{"C-2", "C-10"} {
			if _, err := w.app.CreateControl(w.ctx, m, app.ControlInput{Ref: ref, Title: "Control " + ref, Status: "planned"}); err != nil {
				t.Fatal(err)
			}
		}
		subject := isms.Link{Type: isms.RACIProcess, ID: proc.ID}
		err = w.app.SetRACIRow(w.ctx, m, subject, map[isms.ID]string{mgr.ID: "x", "Nobody": "R"})
		wantFields(t, "SetRACIRow(bad letters, unknown role)", err, isms.Invalid, "letters."+string(mgr.ID), "letters.Nobody")
		err = w.app.SetRACIRow(w.ctx, w.asContributor(), subject, map[isms.ID]string{mgr.ID: "R"})
		wantCode(t, "SetRACIRow as contributor", err, isms.Forbidden)
		err = w.app.SetRACIRow(w.ctx, m, isms.Link{Type: isms.RACIProcess, ID: "PRC-99"}, map[isms.ID]string{mgr.ID: "R"})
		wantCode(t, "SetRACIRow(no such process)", err, isms.NotFound)
		before := len(w.events(string(w.org.ID), 0))
		if err := w.app.SetRACIRow(w.ctx, m, isms.Link{Type: isms.RACIProcess, ID: isms.ID(proc.Ref)},
			map[isms.ID]string{mgr.ID: "a+r", "top management": "I"}); err != nil {
			t.Fatal(err)
		}
		e := w.lastEvent(string(w.org.ID))
		ch := changes(t, e)
		if e.Action != "raci.update" || e.ObjectType != isms.RACIProcess || e.ObjectID != proc.ID ||
			ch["ISMS manager"].After != "RA" || ch["Top management"].After != "I" {
			t.Errorf("event = %s %s %s %v", e.Action, e.ObjectType, e.ObjectID, ch)
		}
		if err := w.app.SetRACIRow(w.ctx, m, subject, map[isms.ID]string{mgr.ID: "RA"}); err != nil {
			t.Fatal(err)
		}
		if n := len(w.events(string(w.org.ID), 0)); n != before+1 {
			t.Errorf("%d events after saving an unchanged row; want none added", n-before-1)
		}
		if err := w.app.SetRACIRow(w.ctx, m, subject, map[isms.ID]string{top.ID: "A"}); err != nil {
			t.Fatal(err)
		}
		g, err := w.app.FindRACIGrid(w.ctx, w.asViewer(), app.RACIFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Roles) != 2 || len(g.Processes) != 1 || g.ControlTotal != 2 || len(g.Controls) != 1 || g.Controls[0].Ref != "C-2" {
			t.Fatalf("grid = %d roles, %d processes, controls %v of %d", len(g.Roles), len(g.Processes), g.Controls, g.ControlTotal)
		}
		if row := g.Processes[0]; row.Letters[mgr.ID] != "RA" || row.Letters[top.ID] != "A" ||
			row.AccountableProblem() != "More than one role is accountable" {
			t.Errorf("the process row = %+v", row)
		}
		if g.Controls[0].AccountableProblem() != "No role is accountable" {
			t.Errorf("an empty control row is not flagged")
		}
		if rows, total, err := w.app.FindRACIRows(w.ctx, w.asViewer(), isms.RACIControl, "c-10", 50, 0); err != nil || total != 1 || rows[0].Ref != "C-10" {
			t.Errorf("controls matching c-10 = %v (%d), %v", rows, total, err)
		}
	})
}

func TestCurrentPolicy(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		st, err := w.app.CurrentPolicy(w.ctx, w.asViewer())
		if err != nil || st.Document != nil || st.Approved() {
			t.Fatalf("without documents: %+v, %v", st, err)
		}
		_, err = w.app.CurrentPolicy(w.ctx, w.asEmployee())
		wantCode(t, "CurrentPolicy as employee", err, isms.Forbidden)
		// A topic-specific policy is never the information security policy.
		w.newDoc(app.DocumentInput{Title: "Access control policy", Type: "topic_policy", Clauses: []string{"5.2"}}, "# Access")
		other, _ := w.newDoc(app.DocumentInput{Title: "Acceptable use", Clauses: []string{"A.5.10"}}, "# Use")
		st, _ = w.app.CurrentPolicy(w.ctx, w.asViewer())
		if st.Document == nil || st.Document.ID != other.ID || st.Approved() || st.PendingStatus != isms.VersionDraft || st.PendingNumber != 1 {
			t.Errorf("with one policy document and no 5.2 policy: %+v; want the first policy, a draft", st)
		}
		pol, v1 := w.newDoc(app.DocumentInput{Title: "Information security policy", Clauses: []string{"5.2", "A.5.1"}, ReviewMonths: "12"}, "# Policy")
		w.approveVersion(v1, w.manager2)
		st, err = w.app.CurrentPolicy(w.ctx, w.asViewer())
		if err != nil || st.Document == nil || st.Document.ID != pol.ID || st.ApprovedNumber != 1 || st.PendingNumber != 0 {
			t.Fatalf("after approval: %+v, %v; want the 5.2 policy approved in version 1", st, err)
		}
		if st.ApprovedOn() != isms.DateOf(w.clock.Now()) || st.NextReview.IsZero() || st.ReviewOverdue {
			t.Errorf("approved on %s, next review %s (overdue %v)", st.ApprovedOn(), st.NextReview, st.ReviewOverdue)
		}
		if _, err := w.app.NewDocumentVersion(w.ctx, w.asManager(), pol.ID, "Yearly update"); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(400 * 24 * time.Hour)
		st, _ = w.app.CurrentPolicy(w.ctx, w.asViewer())
		if st.ApprovedNumber != 1 || st.PendingNumber != 2 || st.PendingStatus != isms.VersionDraft || !st.ReviewOverdue {
			t.Errorf("with a draft, a year on: %+v; want v1 in force, v2 in draft, review overdue", st)
		}
		if err := w.app.RetireDocument(w.ctx, w.asManager(), pol.ID, "Replaced."); err != nil {
			t.Fatal(err)
		}
		st, _ = w.app.CurrentPolicy(w.ctx, w.asViewer())
		if st.Document == nil || st.Document.ID != other.ID {
			t.Errorf("after retiring the 5.2 policy: %+v; want the other policy", st.Document)
		}
	})
}
