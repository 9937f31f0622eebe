// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// recordSetRefs returns the references of a record set's records (their
// titles for records without one) and its total.
func recordSetRefs(s isms.RecordSet) ([]string, int) {
	out := []string{}
	for _, r := range s.Items {
		if r.Ref == "" {
			out = append(out, r.Title)
		} else {
			out = append(out, r.Ref)
		}
	}
	return out, s.Total
}

// wantRecordSet fails the test when s does not list exactly refs.
func wantRecordSet(t *testing.T, name string, s isms.RecordSet, refs ...string) {
	t.Helper()
	got, total := recordSetRefs(s)
	if refs == nil {
		refs = []string{}
	}
	if !slices.Equal(got, refs) || total != len(refs) {
		t.Errorf("%s = %v (total %d), want %v", name, got, total, refs)
	}
}

// today is the fixture clock's day.
func (w *world) today() isms.Date { return isms.DateOf(w.clock.Now()) }

func TestGatherContextFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		f, err := w.app.GatherContextFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(isms.ContextFacts{}, emptyContextSets(f), cmp.AllowUnexported(isms.Date{})); diff != "" {
			t.Errorf("facts of an empty organization (-want +got):\n%s", diff)
		}
		otherOrgContext(w)
		contextFixture(t, w)
		f, err = w.app.GatherContextFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if f.IssuesInternal != 1 || f.IssuesExternal != 1 || f.IssuesClimate != 1 {
			t.Errorf("issues internal %d, external %d, climate %d; want 1, 1, 1", f.IssuesInternal, f.IssuesExternal, f.IssuesClimate)
		}
		wantRecordSet(t, "IssuesReviewOverdue", f.IssuesReviewOverdue, "CI-1")
		wantRecordSet(t, "IssuesUnlinked", f.IssuesUnlinked, "CI-2")
		if f.Parties != 2 || f.PartyRequirements != 3 || f.PartyRequirementsCompliance != 2 || f.PartyRequirementsAddressed != 2 {
			t.Errorf("parties %d, requirements %d, compliance %d, addressed %d; want 2, 3, 2, 2", f.Parties,
				f.PartyRequirements, f.PartyRequirementsCompliance, f.PartyRequirementsAddressed)
		}
		wantRecordSet(t, "PartiesWithoutRequirements", f.PartiesWithoutRequirements, "IP-2")
		wantRecordSet(t, "PartyRequirementsUndecided", f.PartyRequirementsUndecided, "RQ-9")
		wantRecordSet(t, "PartyRequirementsUnlinked", f.PartyRequirementsUnlinked, "RQ-1")
		if f.ISMSProcesses != 2 || !slices.Equal(f.ISMSProcessClauses, []string{"4.1", "6.1", "9.2"}) {
			t.Errorf("processes %d serving %v; want 2 serving 4.1, 6.1, 9.2", f.ISMSProcesses, f.ISMSProcessClauses)
		}
		wantRecordSet(t, "ISMSProcessesWithoutOwner", f.ISMSProcessesWithoutOwner, "PRC-2")
		wantRecordSet(t, "ISMSProcessesUndescribed", f.ISMSProcessesUndescribed, "PRC-2")
		if f.ScopeApproved.Title != "ISMS scope v1" || f.ScopeApproved.Type != "isms_scope" || !f.ScopeStatement ||
			f.ScopeBoundaries != 2 || f.ScopeInterfaces != 0 || f.ScopeExclusions != 1 || len(f.ScopeUnjustified) != 0 {
			t.Errorf("approved scope facts = %+v, %v, %d boundaries, %d interfaces, %d exclusions, unjustified %v", f.ScopeApproved,
				f.ScopeStatement, f.ScopeBoundaries, f.ScopeInterfaces, f.ScopeExclusions, f.ScopeUnjustified)
		}
		if f.ScopeDraft.Title != "ISMS scope v2" || f.ScopeDraftSince != w.today() {
			t.Errorf("draft = %+v since %s, want v2 since today", f.ScopeDraft, f.ScopeDraftSince)
		}

		// An approved version stored by an import, with an exclusion a form
		// would refuse, is newer than the draft.
		err = w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
			return tx.InsertScope(w.ctx, &isms.Scope{ID: "scope_imported", OrgID: w.org.ID, Number: 3, Status: isms.ScopeApproved,
				ApprovedAt: w.clock.Now(), Interfaces: []isms.ScopeInterface{{Party: "Group IT", Description: "Runs the network."}},
				Exclusions: []isms.ScopeExclusion{{Item: "Lab"}, {Item: "Canteen", Justification: "No information there."}}})
		})
		w.must("InsertScope(v3)", err)
		f, err = w.app.GatherContextFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if f.ScopeApproved.ID != "scope_imported" || f.ScopeStatement || f.ScopeBoundaries != 0 || f.ScopeInterfaces != 1 ||
			f.ScopeExclusions != 2 || !slices.Equal(f.ScopeUnjustified, []string{"Lab"}) || f.ScopeDraft.ID != "" {
			t.Errorf("imported scope facts = %+v, statement %v, %d boundaries, %d interfaces, %d exclusions, unjustified %v, draft %+v",
				f.ScopeApproved, f.ScopeStatement, f.ScopeBoundaries, f.ScopeInterfaces, f.ScopeExclusions, f.ScopeUnjustified, f.ScopeDraft)
		}
	})
}

// emptyContextSets returns f with its empty record sets and lists made
// zero, so that facts of an empty organization compare with the zero
// value.
func emptyContextSets(f isms.ContextFacts) isms.ContextFacts {
	for _, s := range []*isms.RecordSet{&f.IssuesReviewOverdue, &f.IssuesUnlinked, &f.PartiesWithoutRequirements,
		&f.PartyRequirementsUndecided, &f.PartyRequirementsUnlinked, &f.ISMSProcessesWithoutOwner, &f.ISMSProcessesUndescribed} {
		if s.Total == 0 && len(s.Items) == 0 {
			*s = isms.RecordSet{}
		}
	}
	if len(f.ISMSProcessClauses) == 0 {
		f.ISMSProcessClauses = nil
	}
	return f
}

// otherOrgContext fills Globex's context registers, which acme's facts
// must never count.
func otherOrgContext(w *world) {
	g := w.globexAdmin()
	_, err := w.app.CreateContextIssue(w.ctx, g, app.ContextIssueInput{Title: "Globex reorganisation", Kind: "internal",
		Category: "organizational", Effect: "negative", ReviewOn: "2025-01-01"})
	w.must("CreateContextIssue(globex)", err)
	p, err := w.app.CreateParty(w.ctx, g, app.PartyInput{Name: "Globex customers", Kind: "external", Category: "customer"})
	w.must("CreateParty(globex)", err)
	_, err = w.app.CreatePartyRequirement(w.ctx, g, app.PartyRequirementInput{PartyID: string(p.ID), Title: "Globex SLA",
		Type: "contractual", Addressed: true, How: "Operations."})
	w.must("CreatePartyRequirement(globex)", err)
	_, err = w.app.CreateProcess(w.ctx, g, app.ProcessInput{Name: "Globex audits", Clauses: []string{"9.3"}})
	w.must("CreateProcess(globex)", err)
	_, err = w.app.SaveScopeDraft(w.ctx, g, 0, app.ScopeInput{Statement: "Globex's ISMS."})
	w.must("SaveScopeDraft(globex)", err)
}

// contextFixture fills acme's context registers: an internal issue past
// its review and linked to an ISMS risk, an external climate issue with
// no link; a customer with an addressed contractual requirement nothing
// is linked from, a legal requirement linked to a risk and one stored
// undecided; a regulator with no requirement; an approved scope v1 and a
// newer draft v2; two processes, the second without owner or inputs.
func contextFixture(t *testing.T, w *world) {
	m := w.asManager()
	ro, err := w.app.CreateISMSRisk(w.ctx, m, app.ISMSRiskInput{Kind: "risk", Title: "Key person leaves",
		Likelihood: "medium", Impact: "high", Status: "open"})
	w.must("CreateISMSRisk", err)
	_, err = w.app.CreateContextIssue(w.ctx, m, app.ContextIssueInput{Title: "Small security team", Kind: "internal",
		Category: "organizational", Effect: "negative", ReviewOn: "2026-01-15", ISMSRisks: []string{ro.Ref}})
	w.must("CreateContextIssue(CI-1)", err)
	_, err = w.app.CreateContextIssue(w.ctx, m, app.ContextIssueInput{Title: "Flooding of the data centre region",
		Kind: "external", Category: "environmental", Effect: "negative", Climate: true, ReviewOn: "2026-12-31"})
	w.must("CreateContextIssue(CI-2)", err)

	customer, err := w.app.CreateParty(w.ctx, m, app.PartyInput{Name: "Customers", Kind: "external", Category: "customer"})
	w.must("CreateParty(IP-1)", err)
	_, err = w.app.CreateParty(w.ctx, m, app.PartyInput{Name: "Regulator", Kind: "external", Category: "regulator"})
	w.must("CreateParty(IP-2)", err)
	_, err = w.app.CreatePartyRequirement(w.ctx, m, app.PartyRequirementInput{PartyID: string(customer.ID),
		Title: "Confidentiality clause", Type: "contractual", Addressed: true, How: "Access control and NDAs."})
	w.must("CreatePartyRequirement(RQ-1)", err)
	risk := w.newRisk(app.RiskInput{Title: "Personal data breach", OwnerID: string(w.contributor.ID)})
	_, err = w.app.CreatePartyRequirement(w.ctx, m, app.PartyRequirementInput{PartyID: string(customer.ID),
		Title: "Data protection law", Type: "legal", Addressed: true, How: "Privacy programme.", Risks: []string{risk.Ref}})
	w.must("CreatePartyRequirement(RQ-2)", err)
	// A requirement neither addressed nor explained cannot be entered in a
	// form; an import of older data can leave one.
	err = w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
		return tx.InsertPartyRequirement(w.ctx, &isms.PartyRequirement{ID: "preq_undecided", OrgID: w.org.ID,
			PartyID: customer.ID, Ref: "RQ-9", Number: 9, Title: "Uptime expectation", Type: isms.RequirementOther})
	})
	w.must("InsertPartyRequirement(RQ-9)", err)

	in := app.ScopeInput{Statement: "The ISMS of Acme covering its cloud platform.", Units: []string{"Engineering"},
		Locations: []string{"Lyon"}, Exclusions: []isms.ScopeExclusion{{Item: "Canteen", Justification: "No information there."}}}
	v1, err := w.app.SaveScopeDraft(w.ctx, m, 0, in)
	w.must("SaveScopeDraft(v1)", err)
	approveScope(t, w, v1)
	w.clock.Advance(24 * time.Hour)
	_, err = w.app.SaveScopeDraft(w.ctx, m, 0, in)
	w.must("SaveScopeDraft(v2)", err)

	_, err = w.app.CreateProcess(w.ctx, m, app.ProcessInput{Name: "Context and risk", Purpose: "Keep the context and risks current.",
		OwnerID: string(w.manager.ID), Inputs: "Issues", Outputs: "Risk register", Clauses: []string{"4.1", "6.1.2"}})
	w.must("CreateProcess(PRC-1)", err)
	_, err = w.app.CreateProcess(w.ctx, m, app.ProcessInput{Name: "Internal audit", Purpose: "Audit the ISMS.", Clauses: []string{"9.2"}})
	w.must("CreateProcess(PRC-2)", err)
}
