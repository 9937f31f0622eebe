// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// issueRefs returns the references of cs, in order.
func issueRefs(cs []*isms.ContextIssue) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Ref)
	}
	return out
}

func TestContextIssueStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		addMember(t, db, org.ID, ann.ID, isms.RoleManager)
		issue := func(o *isms.Organization, ref, title string, cat isms.IssueCategory, eff isms.IssueEffect) *isms.ContextIssue {
			return &isms.ContextIssue{ID: isms.NewID("ci"), OrgID: o.ID, Ref: ref, Title: title, Kind: isms.ContextExternal,
				Category: cat, Effect: eff}
		}
		ai := issue(org, "CI-2", "EU AI Act", isms.IssueLegal, isms.EffectNegative)
		ai.OwnerID, ai.ReviewOn, ai.Description, ai.CreatedBy = ann.ID, day(t, "2025-03-01"), "Duties for AI features", ann.ID
		heat := issue(org, "CI-10", "Heat waves in the data centre region", isms.IssueEnvironmental, isms.EffectNegative)
		heat.Climate, heat.ReviewOn = true, day(t, "2025-06-30")
		hybrid := issue(org, "CI-3", "hybrid work", isms.IssueOrganizational, isms.EffectPositive)
		hybrid.Kind = isms.ContextInternal
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.ContextIssue{ai, heat, hybrid, issue(other, "CI-1", "Elsewhere", isms.IssueOther, isms.EffectPositive)} {
				if err := tx.InsertContextIssue(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertContextIssue(ctx, issue(org, "CI-3", "Twin", isms.IssueOther, isms.EffectPositive))
		}); isms.ErrorCode(err) != isms.Conflict {
			t.Errorf("InsertContextIssue(taken reference) = %v, want a conflict", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindContextIssueByID(ctx, org.ID, ai.ID)
			want := *ai
			want.OwnerName, want.Number = "Ann", 2
			if d := cmp.Diff(&want, got, equateDates); d != "" || err != nil {
				t.Errorf("FindContextIssueByID (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindContextIssueByRef(ctx, org.ID, "CI-10"); err != nil || got.ID != heat.ID || !got.Climate {
				t.Errorf("FindContextIssueByRef(CI-10) = %+v, %v", got, err)
			}
			_, err = tx.FindContextIssueByID(ctx, other.ID, ai.ID)
			wantCode(t, "FindContextIssueByID(another organization)", err, isms.NotFound)
			_, err = tx.FindContextIssueByRef(ctx, other.ID, "CI-2")
			wantCode(t, "FindContextIssueByRef(another organization)", err, isms.NotFound)
			for _, c := range []struct {
				name string
				f    isms.ContextIssueFilter
				want []string
			}{
				{"all by reference", isms.ContextIssueFilter{}, []string{"CI-2", "CI-3", "CI-10"}},
				{"by reference descending", isms.ContextIssueFilter{Sort: "-ref"}, []string{"CI-10", "CI-3", "CI-2"}},
				{"by title", isms.ContextIssueFilter{Sort: "title"}, []string{"CI-2", "CI-10", "CI-3"}},
				{"by category", isms.ContextIssueFilter{Sort: "category"}, []string{"CI-10", "CI-2", "CI-3"}},
				{"by review date, none last", isms.ContextIssueFilter{Sort: "reviewOn"}, []string{"CI-2", "CI-10", "CI-3"}},
				{"internal", isms.ContextIssueFilter{Kind: isms.ContextInternal}, []string{"CI-3"}},
				{"legal", isms.ContextIssueFilter{Category: isms.IssueLegal}, []string{"CI-2"}},
				{"positive", isms.ContextIssueFilter{Effect: isms.EffectPositive}, []string{"CI-3"}},
				{"Ann's", isms.ContextIssueFilter{OwnerID: ann.ID}, []string{"CI-2"}},
				{"climate", isms.ContextIssueFilter{Climate: "yes"}, []string{"CI-10"}},
				{"not climate", isms.ContextIssueFilter{Climate: "no"}, []string{"CI-2", "CI-3"}},
				{"review due", isms.ContextIssueFilter{ReviewBefore: day(t, "2025-03-03")}, []string{"CI-2"}},
				{"search in description", isms.ContextIssueFilter{Search: "ai feat"}, []string{"CI-2"}},
				{"search by reference", isms.ContextIssueFilter{Search: "ci-1"}, []string{"CI-10"}},
				{"search with a wildcard", isms.ContextIssueFilter{Search: "%"}, []string{}},
			} {
				c.f.OrgID = org.ID
				got, total, err := tx.FindContextIssues(ctx, c.f)
				if d := cmp.Diff(c.want, issueRefs(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindContextIssues(%s) (-want +got):\n%s total %d, %v", c.name, d, total, err)
				}
			}
			got2, total, err := tx.FindContextIssues(ctx, isms.ContextIssueFilter{OrgID: org.ID, Limit: 1, Offset: 1})
			if d := cmp.Diff([]string{"CI-3"}, issueRefs(got2)); d != "" || total != 3 || err != nil {
				t.Errorf("FindContextIssues page 2 (-want +got):\n%s total %d, %v", d, total, err)
			}
			if n, err := tx.CountClimateIssues(ctx, org.ID); n != 1 || err != nil {
				t.Errorf("CountClimateIssues = %d, %v; want 1", n, err)
			}
			if n, err := tx.CountClimateIssues(ctx, other.ID); n != 0 || err != nil {
				t.Errorf("CountClimateIssues(other) = %d, %v; want 0", n, err)
			}
			return nil
		})

		later := clk.Advance(time.Hour)
		update(t, db, func(tx *sqldb.Tx) error {
			hybrid.Title, hybrid.Climate, hybrid.OwnerID = "Hybrid work", true, ann.ID
			return tx.UpdateContextIssue(ctx, hybrid, 1)
		})
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateContextIssue(ctx, hybrid, 1) }); isms.ErrorCode(err) != isms.Conflict {
			t.Errorf("UpdateContextIssue(stale) = %v, want a conflict", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindContextIssueByID(ctx, org.ID, hybrid.ID)
			if err != nil || got.Version != 2 || got.Title != "Hybrid work" || !got.Climate || got.OwnerName != "Ann" ||
				got.Ref != "CI-3" || !got.UpdatedAt.Equal(later) {
				t.Errorf("after update = %+v, %v", got, err)
			}
			return nil
		})
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteContextIssue(ctx, other.ID, ai.ID) }); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("DeleteContextIssue(another organization's) = %v, want not found", err)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteContextIssue(ctx, org.ID, ai.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			n, err := tx.MaxRefNumber(ctx, "context_issues", org.ID)
			if n != 10 || err != nil {
				t.Errorf("MaxRefNumber = %d, %v; want 10", n, err)
			}
			return nil
		})
	})
}

// requirementRefs returns the references of qs, in order.
func requirementRefs(qs []*isms.PartyRequirement) []string {
	out := []string{}
	for _, q := range qs {
		out = append(out, q.Ref)
	}
	return out
}

func TestPartyStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		addMember(t, db, org.ID, ann.ID, isms.RoleManager)
		party := func(o *isms.Organization, ref, name string, kind isms.ContextKind, cat isms.PartyCategory) *isms.InterestedParty {
			return &isms.InterestedParty{ID: isms.NewID("ip"), OrgID: o.ID, Ref: ref, Name: name, Kind: kind, Category: cat}
		}
		customers := party(org, "IP-1", "Customers", isms.ContextExternal, isms.PartyCustomer)
		customers.Contact, customers.OwnerID = "Key account team", ann.ID
		dpa := party(org, "IP-2", "Data protection authority", isms.ContextExternal, isms.PartyRegulator)
		staff := party(org, "IP-3", "Staff", isms.ContextInternal, isms.PartyEmployee)
		theirs := party(other, "IP-1", "Their customers", isms.ContextExternal, isms.PartyCustomer)
		req := func(p *isms.InterestedParty, ref, title string, typ isms.RequirementType, addressed bool) *isms.PartyRequirement {
			return &isms.PartyRequirement{ID: isms.NewID("preq"), OrgID: p.OrgID, PartyID: p.ID, Ref: ref, Title: title, Type: typ,
				Addressed: addressed, How: "Explained."}
		}
		breach := req(dpa, "RQ-1", "Report breaches within 72 hours", isms.RequirementLegal, true)
		breach.Source, breach.OwnerID = "GDPR Art. 33", ann.ID
		sla := req(customers, "RQ-2", "Availability of 99.9%", isms.RequirementContractual, true)
		iso := req(customers, "RQ-3", "ISO/IEC 27001 certificate", isms.RequirementContractual, false)
		update(t, db, func(tx *sqldb.Tx) error {
			for _, p := range []*isms.InterestedParty{customers, dpa, staff, theirs} {
				if err := tx.InsertParty(ctx, p); err != nil {
					return err
				}
			}
			for _, q := range []*isms.PartyRequirement{breach, sla, iso, req(theirs, "RQ-1", "Theirs", isms.RequirementOther, true)} {
				if err := tx.InsertPartyRequirement(ctx, q); err != nil {
					return err
				}
			}
			_, err := tx.SetRecordLinks(ctx, org.ID, isms.Link{Type: "party_requirement", ID: breach.ID}, "control", []isms.ID{"ctl_1", "ctl_2"})
			return err
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindPartyByID(ctx, org.ID, customers.ID)
			want := *customers
			want.OwnerName, want.Requirements, want.Number = "Ann", 2, 1
			if d := cmp.Diff(&want, got); d != "" || err != nil {
				t.Errorf("FindPartyByID (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindPartyByRef(ctx, org.ID, "IP-2"); err != nil || got.ID != dpa.ID {
				t.Errorf("FindPartyByRef(IP-2) = %+v, %v", got, err)
			}
			_, err = tx.FindPartyByID(ctx, other.ID, customers.ID)
			wantCode(t, "FindPartyByID(another organization)", err, isms.NotFound)
			for _, c := range []struct {
				f    isms.PartyFilter
				want []string
			}{
				{isms.PartyFilter{}, []string{"IP-1", "IP-2", "IP-3"}},
				{isms.PartyFilter{Sort: "-requirements"}, []string{"IP-1", "IP-2", "IP-3"}},
				{isms.PartyFilter{Sort: "name"}, []string{"IP-1", "IP-2", "IP-3"}},
				{isms.PartyFilter{Sort: "-category"}, []string{"IP-2", "IP-3", "IP-1"}},
				{isms.PartyFilter{Kind: isms.ContextInternal}, []string{"IP-3"}},
				{isms.PartyFilter{Category: isms.PartyRegulator}, []string{"IP-2"}},
				{isms.PartyFilter{Search: "account"}, []string{"IP-1"}},
			} {
				c.f.OrgID = org.ID
				got, total, err := tx.FindParties(ctx, c.f)
				var refs []string
				for _, p := range got {
					refs = append(refs, p.Ref)
				}
				if d := cmp.Diff(c.want, refs); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindParties(%+v) (-want +got):\n%s total %d, %v", c.f, d, total, err)
				}
			}

			got2, err := tx.FindPartyRequirementByID(ctx, org.ID, breach.ID)
			wantQ := *breach
			wantQ.PartyRef, wantQ.PartyName, wantQ.OwnerName, wantQ.Links, wantQ.Number = "IP-2", "Data protection authority", "Ann", 2, 1
			if d := cmp.Diff(&wantQ, got2); d != "" || err != nil {
				t.Errorf("FindPartyRequirementByID (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindPartyRequirementByRef(ctx, org.ID, "RQ-3"); err != nil || got.ID != iso.ID || got.Addressed {
				t.Errorf("FindPartyRequirementByRef(RQ-3) = %+v, %v", got, err)
			}
			_, err = tx.FindPartyRequirementByRef(ctx, other.ID, "RQ-3")
			wantCode(t, "FindPartyRequirementByRef(another organization)", err, isms.NotFound)
			for _, c := range []struct {
				name string
				f    isms.PartyRequirementFilter
				want []string
			}{
				{"all", isms.PartyRequirementFilter{}, []string{"RQ-1", "RQ-2", "RQ-3"}},
				{"by party", isms.PartyRequirementFilter{Sort: "party"}, []string{"RQ-2", "RQ-3", "RQ-1"}},
				{"not addressed first", isms.PartyRequirementFilter{Sort: "addressed"}, []string{"RQ-3", "RQ-1", "RQ-2"}},
				{"of the customers", isms.PartyRequirementFilter{PartyID: customers.ID}, []string{"RQ-2", "RQ-3"}},
				{"contractual", isms.PartyRequirementFilter{Type: isms.RequirementContractual}, []string{"RQ-2", "RQ-3"}},
				{"addressed", isms.PartyRequirementFilter{Addressed: "yes"}, []string{"RQ-1", "RQ-2"}},
				{"not addressed", isms.PartyRequirementFilter{Addressed: "no"}, []string{"RQ-3"}},
				{"addressed, nothing linked", isms.PartyRequirementFilter{Unlinked: true}, []string{"RQ-2"}},
				{"linked to control 2", isms.PartyRequirementFilter{LinkedTo: isms.Link{Type: "control", ID: "ctl_2"}}, []string{"RQ-1"}},
				{"linked to a document", isms.PartyRequirementFilter{LinkedTo: isms.Link{Type: "document", ID: "ctl_2"}}, []string{}},
				{"search in source", isms.PartyRequirementFilter{Search: "gdpr"}, []string{"RQ-1"}},
			} {
				c.f.OrgID = org.ID
				got, total, err := tx.FindPartyRequirements(ctx, c.f)
				if d := cmp.Diff(c.want, requirementRefs(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindPartyRequirements(%s) (-want +got):\n%s total %d, %v", c.name, d, total, err)
				}
			}
			return nil
		})

		update(t, db, func(tx *sqldb.Tx) error {
			iso.PartyID, iso.Addressed, iso.How = dpa.ID, true, "Certified since 2024."
			if err := tx.UpdatePartyRequirement(ctx, iso, 1); err != nil {
				return err
			}
			customers.Name = "Enterprise customers"
			return tx.UpdateParty(ctx, customers, 1)
		})
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateParty(ctx, customers, 1) }); isms.ErrorCode(err) != isms.Conflict {
			t.Errorf("UpdateParty(stale) = %v, want a conflict", err)
		}
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdatePartyRequirement(ctx, iso, 1) }); isms.ErrorCode(err) != isms.Conflict {
			t.Errorf("UpdatePartyRequirement(stale) = %v, want a conflict", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			q, err := tx.FindPartyRequirementByID(ctx, org.ID, iso.ID)
			if err != nil || q.PartyRef != "IP-2" || !q.Addressed || q.Version != 2 {
				t.Errorf("moved requirement = %+v, %v", q, err)
			}
			p, err := tx.FindPartyByID(ctx, org.ID, customers.ID)
			if err != nil || p.Name != "Enterprise customers" || p.Requirements != 1 || p.Version != 2 {
				t.Errorf("renamed party = %+v, %v", p, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.DeletePartyRequirement(ctx, org.ID, sla.ID); err != nil {
				return err
			}
			return tx.DeleteParty(ctx, org.ID, customers.ID)
		})
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeletePartyRequirement(ctx, org.ID, sla.ID) }); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("DeletePartyRequirement(again) = %v, want not found", err)
		}
	})
}
