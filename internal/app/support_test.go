// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestResources(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		_, err := w.app.CreateResource(w.ctx, m, app.ResourceInput{Title: "", Kind: "gold", Status: "approved", ApprovedOn: "yesterday"})
		wantFields(t, "CreateResource(everything wrong)", err, isms.Invalid, "title", "kind", "approvedBy", "approvedOn")
		r, err := w.app.CreateResource(w.ctx, m, app.ResourceInput{Title: "ISMS manager time", Kind: "People", Amount: "0.5 FTE"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != isms.ResourceRequested || r.Kind != isms.ResourcePeople || r.Version != 1 {
			t.Errorf("resource = %+v, want a requested people resource at version 1", r)
		}
		r2, err := w.app.UpdateResource(w.ctx, m, r.ID, 1, app.ResourceInput{Title: "ISMS manager time", Kind: "people",
			Amount: "0.5 FTE", Status: "approved", ApprovedBy: "Board", ApprovedOn: "2026-02-15"})
		if err != nil {
			t.Fatal(err)
		}
		ch := changes(t, w.lastEvent(string(w.org.ID)))
		if r2.Version != 2 || ch["status"].Before != "requested" || ch["approvedBy"].After != "Board" || len(ch) != 3 {
			t.Errorf("update = v%d %v, want version 2 with status, approver and date changed", r2.Version, ch)
		}
		_, err = w.app.UpdateResource(w.ctx, m, r.ID, 1, app.ResourceInput{Title: "X", Kind: "tool"})
		wantCode(t, "UpdateResource(stale)", err, isms.Conflict)
		w.app.CreateResource(w.ctx, m, app.ResourceInput{Title: "GRC tool licence", Kind: "tool"})
		list, total, err := w.app.FindResources(w.ctx, w.asViewer(), isms.ResourceApproved, "", 50, 0)
		if err != nil || total != 1 || list[0].ID != r.ID {
			t.Errorf("approved resources = %v (%d), %v; want the ISMS manager's time", list, total, err)
		}

		_, err = w.app.CreateResource(w.ctx, w.asContributor(), app.ResourceInput{Title: "X", Kind: "tool"})
		wantCode(t, "CreateResource as contributor", err, isms.Forbidden)
		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		wantCode(t, "DeleteResource(acme's from globex)", w.app.DeleteResource(w.ctx, other, r.ID), isms.NotFound)
		if _, total, _ := w.app.FindResources(w.ctx, other, "", "", 50, 0); total != 0 {
			t.Errorf("globex sees %d resources, want none", total)
		}
		if err := w.app.DeleteResource(w.ctx, m, r.ID); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "resource.delete" || e.ObjectID != r.ID {
			t.Errorf("last event = %s %s, want resource.delete", e.Action, e.ObjectID)
		}
	})
}

func TestCommunicationPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.asManager()
		_, err := w.app.CreateCommunicationItem(w.ctx, m, app.CommunicationInput{Topic: "Policy changes", ResponsibleID: "usr_nope"})
		wantFields(t, "CreateCommunicationItem(missing fields, unknown responsible)", err, isms.Invalid,
			"audience", "frequency", "channel", "responsibleId")
		c, err := w.app.CreateCommunicationItem(w.ctx, m, app.CommunicationInput{Topic: "Policy changes", Audience: "All staff",
			Frequency: "On every approved policy", Channel: "Intranet and e-mail", ResponsibleID: string(w.manager.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if c.ResponsibleName != "Bob Manager" {
			t.Errorf("responsible = %q, want Bob Manager", c.ResponsibleName)
		}
		_, err = w.app.RecordCommunication(w.ctx, m, c.ID, app.CommunicationRecordInput{HeldOn: "2026-04-01"})
		wantFields(t, "RecordCommunication(in the future)", err, isms.Invalid, "heldOn")
		_, err = w.app.RecordCommunication(w.ctx, m, c.ID, app.CommunicationRecordInput{HeldOn: "2026-02-27", EvidenceID: "evd_nope"})
		wantFields(t, "RecordCommunication(unknown evidence)", err, isms.Invalid, "evidenceId")
		rec, err := w.app.RecordCommunication(w.ctx, m, c.ID, app.CommunicationRecordInput{HeldOn: "2026-02-27", Summary: "Announced policy v2."})
		if err != nil {
			t.Fatal(err)
		}
		if rec.RecordedBy != "Bob Manager" {
			t.Errorf("record = %+v, want recorded by Bob Manager", rec)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "communication_item.record" || changes(t, e)["heldOn"].After != "2026-02-27" {
			t.Errorf("last event = %s %s, want the record", e.Action, e.Changes)
		}
		d, err := w.app.FindCommunicationItem(w.ctx, w.asViewer(), c.ID)
		if err != nil || len(d.Records) != 1 || d.Item.LastHeld.String() != "2026-02-27" {
			t.Errorf("item = %+v, %v; want one record, last held 2026-02-27", d, err)
		}
		c2, err := w.app.UpdateCommunicationItem(w.ctx, m, c.ID, 1, app.CommunicationInput{Topic: "Policy changes", Audience: "All staff",
			Frequency: "Quarterly", Channel: "Intranet and e-mail"})
		if err != nil || c2.Version != 2 || c2.ResponsibleName != "" {
			t.Errorf("UpdateCommunicationItem = %+v, %v; want version 2 without a responsible", c2, err)
		}
		wantCode(t, "DeleteCommunicationItem(with records)", w.app.DeleteCommunicationItem(w.ctx, m, c.ID), isms.Conflict)
		list, total, err := w.app.FindCommunicationItems(w.ctx, w.asViewer(), "quarter", "", 50, 0)
		if err != nil || total != 1 || list[0].ID != c.ID {
			t.Errorf("search = %v (%d), %v; want the policy changes", list, total, err)
		}
		_, err = w.app.RecordCommunication(w.ctx, w.asViewer(), c.ID, app.CommunicationRecordInput{})
		wantCode(t, "RecordCommunication as viewer", err, isms.Forbidden)

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err = w.app.FindCommunicationItem(w.ctx, other, c.ID)
		wantCode(t, "FindCommunicationItem(acme's from globex)", err, isms.NotFound)
		_, err = w.app.RecordCommunication(w.ctx, other, c.ID, app.CommunicationRecordInput{})
		wantCode(t, "RecordCommunication(acme's from globex)", err, isms.NotFound)
	})
}
