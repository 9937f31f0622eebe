// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// globexAdmin is the administrator of a second organization, Globex.
func (w *world) globexAdmin() isms.Actor {
	w.t.Helper()
	boss := w.newUser("Gina Globex", false)
	globex := w.newOrg("globex", "Globex", boss)
	return isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
}

// linkRefs returns the references of the links of typ, in order, marked
// "<" when the link comes from the other record.
func linkRefs(links []app.RecordLink, typ string) []string {
	out := []string{}
	for _, l := range links {
		if l.Type == typ {
			ref := l.Ref
			if !l.Outgoing {
				ref = "<" + ref
			}
			out = append(out, ref)
		}
	}
	return out
}

func TestContextIssues(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		w.newRisk(app.RiskInput{Title: "AI feature misuse"})
		w.newRisk(app.RiskInput{Title: "Cooling failure"})
		_, err := w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: " ", Kind: "inside", Category: "weather",
			Effect: "good", OwnerID: "usr_nobody", ReviewOn: "soon", Risks: []string{"R-1", "R-99"}})
		wantFields(t, "CreateContextIssue(everything wrong)", err, isms.Invalid,
			"title", "kind", "category", "effect", "ownerId", "reviewOn", "risks")

		ai, err := w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "EU AI Act", Kind: "External", Category: "legal",
			Effect: "negative", OwnerID: string(w.manager.ID), ReviewOn: "2026-02-01", Risks: []string{"R-1"}})
		if err != nil {
			t.Fatal(err)
		}
		if ai.Ref != "CI-1" || ai.Kind != isms.ContextExternal || ai.OwnerName != "Bob Manager" || ai.Version != 1 || ai.CreatedBy != w.contributor.ID {
			t.Errorf("created issue = %+v", ai)
		}
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "context_issue.create" || ch["ref"].After != "CI-1" || ch["risks"].After == "" {
			t.Errorf("create event = %s %v, want context_issue.create with its reference and risks", e.Action, ch)
		}
		heat, err := w.app.CreateContextIssue(w.ctx, w.asManager(), app.ContextIssueInput{Title: "Heat waves", Kind: "external",
			Category: "environmental", Effect: "negative", Climate: true})
		if err != nil || heat.Ref != "CI-2" {
			t.Fatalf("second issue = %+v, %v; want CI-2", heat, err)
		}
		if n, err := w.app.ClimateIssueCount(w.ctx, w.asViewer()); n != 1 || err != nil {
			t.Errorf("ClimateIssueCount = %d, %v; want 1", n, err)
		}

		// The issue's page and the risk's page both show the link.
		links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "context_issue", ID: ai.ID})
		if got := linkRefs(links, "risk"); !slices.Equal(got, []string{"R-1"}) || err != nil {
			t.Errorf("links of CI-1 = %v, %v; want R-1", got, err)
		}
		r1 := w.riskDetail("R-1").Risk
		links, _ = w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "risk", ID: r1.ID})
		if got := linkRefs(links, "context_issue"); !slices.Equal(got, []string{"<CI-1"}) {
			t.Errorf("links of R-1 = %v, want <CI-1", got)
		}

		// An update changes fields and links; nil links stay.
		up, err := w.app.UpdateContextIssue(w.ctx, c, ai.ID, 1, app.ContextIssueInput{Title: "EU AI Act", Kind: "external",
			Category: "legal", Effect: "negative", OwnerID: string(w.manager.ID), Climate: false, Risks: []string{"R-2", "R-1"}})
		if err != nil {
			t.Fatal(err)
		}
		ch := changes(t, w.lastEvent(string(w.org.ID)))
		if up.Version != 2 || up.Ref != "CI-1" || ch["reviewOn"].Before != "2026-02-01" || ch["risks"].After == nil || len(ch) != 2 {
			t.Errorf("update = v%d %s %v, want version 2 with the review date and the risks changed", up.Version, up.Ref, ch)
		}
		seq := w.head(string(w.org.ID)).Seq
		same, err := w.app.UpdateContextIssue(w.ctx, c, ai.ID, 2, app.ContextIssueInput{Title: "EU AI Act", Kind: "external",
			Category: "legal", Effect: "negative", OwnerID: string(w.manager.ID), Risks: nil})
		if err != nil {
			t.Fatal(err)
		}
		if after := w.head(string(w.org.ID)).Seq; after != seq || same.Version != 2 {
			t.Errorf("an update that changes nothing: event %d after %d, version %d", after, seq, same.Version)
		}
		links, _ = w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "context_issue", ID: ai.ID})
		if got := linkRefs(links, "risk"); len(got) != 2 {
			t.Errorf("links after an update without risks = %v, want R-1 and R-2 kept", got)
		}
		_, err = w.app.UpdateContextIssue(w.ctx, c, ai.ID, 1, app.ContextIssueInput{Title: "X", Kind: "internal", Category: "other", Effect: "positive"})
		wantCode(t, "UpdateContextIssue(stale)", err, isms.Conflict)
		_, err = w.app.UpdateContextIssue(w.ctx, c, isms.ID(ai.Ref), 2, app.ContextIssueInput{Title: "X", Kind: "internal", Category: "other", Effect: "positive"})
		wantCode(t, "UpdateContextIssue(by reference)", err, isms.NotFound)

		// Lists, finding by reference, and who may do what.
		list, total, err := w.app.FindContextIssues(w.ctx, w.asViewer(), isms.ContextIssueFilter{ReviewBefore: isms.NewDate(2026, 3, 2)})
		if err != nil || total != 0 || len(list) != 0 {
			t.Errorf("review due = %d, %v; want none (the review date was cleared)", total, err)
		}
		list, total, err = w.app.FindContextIssues(w.ctx, w.asViewer(), isms.ContextIssueFilter{Climate: "yes"})
		if err != nil || total != 1 || list[0].ID != heat.ID {
			t.Errorf("climate issues = %v (%d), %v; want CI-2", list, total, err)
		}
		if got, err := w.app.FindContextIssue(w.ctx, w.asViewer(), "CI-2"); err != nil || got.ID != heat.ID {
			t.Errorf("FindContextIssue(CI-2) = %v, %v", got, err)
		}
		_, err = w.app.CreateContextIssue(w.ctx, w.asViewer(), app.ContextIssueInput{Title: "X", Kind: "internal", Category: "other", Effect: "positive"})
		wantCode(t, "CreateContextIssue as viewer", err, isms.Forbidden)
		wantCode(t, "DeleteContextIssue as viewer", w.app.DeleteContextIssue(w.ctx, w.asViewer(), ai.ID), isms.Forbidden)
		emp := w.as(w.newMember(w.org, "Frank Employee", isms.RoleEmployee), isms.RoleEmployee)
		_, _, err = w.app.FindContextIssues(w.ctx, emp, isms.ContextIssueFilter{})
		wantCode(t, "FindContextIssues as employee", err, isms.Forbidden)
		other := w.globexAdmin()
		_, err = w.app.FindContextIssue(w.ctx, other, string(ai.ID))
		wantCode(t, "FindContextIssue(acme's from globex)", err, isms.NotFound)
		wantCode(t, "DeleteContextIssue(acme's from globex)", w.app.DeleteContextIssue(w.ctx, other, ai.ID), isms.NotFound)
		_, err = w.app.CreateContextIssue(w.ctx, other, app.ContextIssueInput{Title: "X", Kind: "internal", Category: "other",
			Effect: "positive", Risks: []string{"R-1"}})
		wantFields(t, "CreateContextIssue(globex linking acme's risk)", err, isms.Invalid, "risks")
		if n, _ := w.app.ClimateIssueCount(w.ctx, other); n != 0 {
			t.Errorf("globex counts %d climate issues, want 0", n)
		}

		// Deleting removes the issue's links; the next reference is never reused.
		if err := w.app.DeleteContextIssue(w.ctx, c, ai.ID); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "context_issue.delete" || e.ObjectID != ai.ID {
			t.Errorf("last event = %s %s, want context_issue.delete of CI-1", e.Action, e.ObjectID)
		}
		links, _ = w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "risk", ID: r1.ID})
		if got := linkRefs(links, "context_issue"); len(got) != 0 {
			t.Errorf("R-1 still shows %v after CI-1 was deleted", got)
		}
		third, err := w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "Tight budget", Kind: "internal",
			Category: "economic", Effect: "negative"})
		if err != nil || third.Ref != "CI-3" {
			t.Errorf("issue after a deletion = %v, %v; want CI-3", third, err)
		}
	})
}

func TestContextIssueLinksISMSRisks(t *testing.T) {
	if !slices.Contains(app.LinkTypes(), "isms_risk") {
		t.Skip("no register of ISMS risks and opportunities to link to")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ro, err := w.app.CreateISMSRisk(w.ctx, w.asManager(), app.ISMSRiskInput{Kind: "opportunity", Title: "Automate evidence collection",
			Likelihood: "medium", Impact: "medium", Status: "open"})
		if err != nil {
			t.Fatal(err)
		}
		ci, err := w.app.CreateContextIssue(w.ctx, w.asManager(), app.ContextIssueInput{Title: "Staff shortage", Kind: "internal",
			Category: "organizational", Effect: "negative", ISMSRisks: []string{ro.Ref}})
		if err != nil {
			t.Fatal(err)
		}
		links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "context_issue", ID: ci.ID})
		if got := linkRefs(links, "isms_risk"); !slices.Equal(got, []string{ro.Ref}) || err != nil {
			t.Errorf("ISMS risks of %s = %v, %v; want %s", ci.Ref, got, err, ro.Ref)
		}
	})
}

func TestPartiesAndRequirements(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.asContributor()
		ctl := w.control("Incident response", isms.ControlImplemented)
		doc, _ := w.approvedDocument("Incident procedure")
		_, err := w.app.CreateParty(w.ctx, c, app.PartyInput{Name: "", Kind: "", Category: "friend", OwnerID: "usr_nobody"})
		wantFields(t, "CreateParty(everything wrong)", err, isms.Invalid, "name", "kind", "category", "ownerId")
		dpa, err := w.app.CreateParty(w.ctx, c, app.PartyInput{Name: "Data protection authority", Kind: "external",
			Category: "regulator", Contact: "breach@dpa.example", OwnerID: string(w.contributor.ID)})
		if err != nil || dpa.Ref != "IP-1" || dpa.OwnerName != "Dave Contributor" {
			t.Fatalf("CreateParty = %+v, %v", dpa, err)
		}
		customers, err := w.app.CreateParty(w.ctx, c, app.PartyInput{Name: "Customers", Kind: "external", Category: "customer"})
		if err != nil || customers.Ref != "IP-2" {
			t.Fatalf("CreateParty(customers) = %+v, %v", customers, err)
		}

		_, err = w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: "IP-9", Title: "", Type: "moral",
			Controls: []string{"C-404"}, Documents: []string{"DOC-404"}})
		wantFields(t, "CreatePartyRequirement(everything wrong)", err, isms.Invalid, "partyId", "title", "type", "how", "controls", "documents")
		breach, err := w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: "IP-1", Title: "Report breaches within 72 hours",
			Type: "legal", Source: "GDPR Art. 33", Addressed: true, How: "Incident procedure, step 4.",
			Controls: []string{ctl.Ref}, Documents: []string{doc.Ref}})
		if err != nil {
			t.Fatal(err)
		}
		if breach.Ref != "RQ-1" || breach.PartyID != dpa.ID || breach.PartyRef != "IP-1" || breach.Links != 2 {
			t.Errorf("created requirement = %+v", breach)
		}
		cert, err := w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: string(customers.ID),
			Title: "ISO/IEC 27001 certificate", Type: "contractual", How: "Not before 2027; customers accept our SOC 2 report."})
		if err != nil || cert.Addressed || cert.Ref != "RQ-2" {
			t.Fatalf("requirement not addressed = %+v, %v", cert, err)
		}

		// The control's addressed requirements, for the Statement of Applicability.
		got, err := w.app.RequirementsAddressedByControl(w.ctx, w.asViewer(), ctl.ID)
		if err != nil || len(got) != 1 || got[0].ID != breach.ID {
			t.Errorf("RequirementsAddressedByControl = %v, %v; want RQ-1", got, err)
		}
		links, _ := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "document", ID: doc.ID})
		if got := linkRefs(links, "party_requirement"); !slices.Equal(got, []string{"<RQ-1"}) {
			t.Errorf("links of the document = %v, want <RQ-1", got)
		}
		unlinked, total, err := w.app.FindPartyRequirements(w.ctx, w.asViewer(), isms.PartyRequirementFilter{Unlinked: true})
		if err != nil || total != 0 {
			t.Errorf("addressed but unlinked = %v, %v; want none", unlinked, err)
		}

		// Moving the requirement, no longer addressing it, and its links.
		_, err = w.app.UpdatePartyRequirement(w.ctx, c, breach.ID, 1, app.PartyRequirementInput{PartyID: "IP-2", Title: breach.Title,
			Type: "legal", Source: breach.Source, Addressed: false, How: " ", Controls: []string{}})
		wantFields(t, "UpdatePartyRequirement(not addressed, no reason)", err, isms.Invalid, "how")
		up, err := w.app.UpdatePartyRequirement(w.ctx, c, breach.ID, 1, app.PartyRequirementInput{PartyID: "IP-2", Title: breach.Title,
			Type: "legal", Source: breach.Source, Addressed: true, How: breach.How, Controls: []string{}})
		if err != nil {
			t.Fatal(err)
		}
		ch := changes(t, w.lastEvent(string(w.org.ID)))
		if up.PartyRef != "IP-2" || up.Links != 1 || ch["partyId"].After != string(customers.ID) || ch["controls"].Before == nil || len(ch) != 2 {
			t.Errorf("moved requirement = %+v, changes %v", up, ch)
		}
		if got, _ := w.app.RequirementsAddressedByControl(w.ctx, w.asViewer(), ctl.ID); len(got) != 0 {
			t.Errorf("the control still addresses %v after the link was removed", got)
		}

		// A party with requirements cannot be deleted.
		err = w.app.DeleteParty(w.ctx, c, customers.ID)
		wantCode(t, "DeleteParty(with requirements)", err, isms.Conflict)
		if msg := isms.ErrorMessage(err); msg != "IP-2 Customers still has 2 requirements. Delete them, or move them to another party, before deleting the party." {
			t.Errorf("DeleteParty message = %q", msg)
		}
		if err := w.app.DeleteParty(w.ctx, c, dpa.ID); err != nil {
			t.Errorf("DeleteParty(without requirements) = %v", err)
		}
		for _, q := range []*isms.PartyRequirement{breach, cert} {
			if err := w.app.DeletePartyRequirement(w.ctx, c, q.ID); err != nil {
				t.Fatal(err)
			}
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "party_requirement.delete" {
			t.Errorf("last event = %s, want party_requirement.delete", e.Action)
		}
		links, _ = w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "document", ID: doc.ID})
		if got := linkRefs(links, "party_requirement"); len(got) != 0 {
			t.Errorf("the document still shows %v", got)
		}
		if err := w.app.DeleteParty(w.ctx, c, customers.ID); err != nil {
			t.Errorf("DeleteParty(after its requirements) = %v", err)
		}

		// Authorization and isolation.
		_, err = w.app.CreateParty(w.ctx, w.asViewer(), app.PartyInput{Name: "X", Kind: "internal", Category: "other"})
		wantCode(t, "CreateParty as viewer", err, isms.Forbidden)
		other := w.globexAdmin()
		_, err = w.app.CreatePartyRequirement(w.ctx, other, app.PartyRequirementInput{PartyID: string(customers.ID), Title: "X",
			Type: "other", Addressed: true})
		wantFields(t, "CreatePartyRequirement(acme's party from globex)", err, isms.Invalid, "partyId")
		if _, total, _ := w.app.FindParties(w.ctx, w.asViewer(), isms.PartyFilter{}); total != 0 {
			t.Errorf("parties left = %d, want 0", total)
		}
	})
}
