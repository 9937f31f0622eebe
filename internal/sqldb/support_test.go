// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// resourceTitles returns the titles of rs, in order.
func resourceTitles(rs []*isms.Resource) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

func TestResourceStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		res := func(o *isms.Organization, title string, kind isms.ResourceKind, status isms.ResourceStatus, approvedOn string) *isms.Resource {
			r := &isms.Resource{ID: isms.NewID("res"), OrgID: o.ID, Title: title, Kind: kind, Status: status}
			if approvedOn != "" {
				r.ApprovedBy, r.ApprovedOn = "Board", day(t, approvedOn)
			}
			return r
		}
		manager := res(org, "ISMS manager", isms.ResourcePeople, isms.ResourceProvided, "2025-01-10")
		manager.Amount, manager.Notes = "0.5 FTE", "Half of Ann's time"
		siem := res(org, "SIEM", isms.ResourceTool, isms.ResourceRequested, "")
		budget := res(org, "audit budget", isms.ResourceBudget, isms.ResourceApproved, "2024-12-01")
		update(t, db, func(tx *sqldb.Tx) error {
			for _, r := range []*isms.Resource{manager, siem, budget, res(other, "Elsewhere", isms.ResourceTool, isms.ResourceRequested, "")} {
				if err := tx.InsertResource(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindResourceByID(ctx, org.ID, manager.ID)
			if d := cmp.Diff(manager, got, equateDates); d != "" || err != nil {
				t.Errorf("FindResourceByID (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindResourceByID(ctx, other.ID, manager.ID)
			wantCode(t, "FindResourceByID(another organization)", err, isms.NotFound)
			for _, c := range []struct {
				status isms.ResourceStatus
				sort   string
				want   []string
			}{
				{"", "", []string{"audit budget", "ISMS manager", "SIEM"}},
				{"", "-title", []string{"SIEM", "ISMS manager", "audit budget"}},
				{"", "kind", []string{"audit budget", "ISMS manager", "SIEM"}},
				{"", "status", []string{"SIEM", "audit budget", "ISMS manager"}},
				{"", "approvedOn", []string{"audit budget", "ISMS manager", "SIEM"}},
				{isms.ResourceRequested, "", []string{"SIEM"}},
				{isms.ResourceRejected, "", []string{}},
			} {
				got, total, err := tx.FindResources(ctx, org.ID, c.status, c.sort, 0, 0)
				if d := cmp.Diff(c.want, resourceTitles(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindResources(%q, %q) (-want +got):\n%s total %d, %v", c.status, c.sort, d, total, err)
				}
			}
			got2, total, err := tx.FindResources(ctx, org.ID, "", "", 1, 1)
			if d := cmp.Diff([]string{"ISMS manager"}, resourceTitles(got2)); d != "" || total != 3 || err != nil {
				t.Errorf("FindResources page 2 (-want +got):\n%s total %d, %v", d, total, err)
			}
			return nil
		})

		siem.Title, siem.Kind, siem.Amount, siem.Status = "SIEM service", isms.ResourceExternal, "EUR 20,000 a year", isms.ResourceApproved
		siem.ApprovedBy, siem.ApprovedOn, siem.Notes = "CFO", day(t, "2025-03-01"), "Managed service"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateResource(ctx, siem, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateResource(ctx, siem, 1) })
		wantCode(t, "UpdateResource(stale version)", err, isms.Conflict)
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteResource(ctx, other.ID, budget.ID) })
		wantCode(t, "DeleteResource(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteResource(ctx, org.ID, budget.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindResourceByID(ctx, org.ID, siem.ID)
			if d := cmp.Diff(siem, got, equateDates); d != "" || err != nil {
				t.Errorf("after UpdateResource (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindResourceByID(ctx, org.ID, budget.ID)
			wantCode(t, "FindResourceByID(deleted)", err, isms.NotFound)
			return nil
		})
	})
}

// topics returns the topics of cs, in order.
func topics(cs []*isms.CommunicationItem) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Topic)
	}
	return out
}

func TestCommunicationStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		item := func(o *isms.Organization, topic, audience, channel string) *isms.CommunicationItem {
			return &isms.CommunicationItem{ID: isms.NewID("comm"), OrgID: o.ID, Topic: topic, Audience: audience,
				Frequency: "Quarterly", Channel: channel}
		}
		policy := item(org, "Policy changes", "All staff", "E-mail")
		policy.ResponsibleID, policy.ResponsibleName, policy.Notes = ann.ID, "Ann", "After each approval"
		incidents := item(org, "Major incidents", "Customers", "Status page")
		board := item(org, "ISMS performance", "Board", "Management review")
		record := func(c *isms.CommunicationItem, held, summary string) *isms.CommunicationRecord {
			return &isms.CommunicationRecord{ID: isms.NewID("crec"), OrgID: c.OrgID, ItemID: c.ID, HeldOn: day(t, held),
				Summary: summary, RecordedBy: "Ann"}
		}
		r1, r2 := record(policy, "2025-01-15", "New access policy"), record(policy, "2025-02-20", "New backup procedure")
		r2.EvidenceID = "evd_1"
		r3 := record(board, "2024-12-10", "Q4 review")
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.CommunicationItem{policy, incidents, board, item(other, "Elsewhere", "All", "Mail")} {
				if err := tx.InsertCommunicationItem(ctx, c); err != nil {
					return err
				}
			}
			for _, r := range []*isms.CommunicationRecord{r1, r2, r3} {
				if err := tx.InsertCommunicationRecord(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindCommunicationItemByID(ctx, org.ID, policy.ID)
			want := *policy
			want.LastHeld = day(t, "2025-02-20")
			if d := cmp.Diff(&want, got, equateDates); d != "" || err != nil {
				t.Errorf("FindCommunicationItemByID (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindCommunicationItemByID(ctx, other.ID, policy.ID)
			wantCode(t, "FindCommunicationItemByID(another organization)", err, isms.NotFound)
			recs, err := tx.CommunicationRecords(ctx, org.ID, policy.ID)
			if d := cmp.Diff([]*isms.CommunicationRecord{r2, r1}, recs, equateDates); d != "" || err != nil {
				t.Errorf("CommunicationRecords (-want +got):\n%s%v", d, err)
			}
			if recs, err := tx.CommunicationRecords(ctx, other.ID, policy.ID); len(recs) != 0 || err != nil {
				t.Errorf("CommunicationRecords(another organization) = %v, %v; want none", recs, err)
			}
			for _, c := range []struct {
				search, sort string
				want         []string
			}{
				{"", "", []string{"ISMS performance", "Major incidents", "Policy changes"}},
				{"", "-topic", []string{"Policy changes", "Major incidents", "ISMS performance"}},
				{"", "audience", []string{"Policy changes", "ISMS performance", "Major incidents"}},
				{"", "channel", []string{"Policy changes", "ISMS performance", "Major incidents"}},
				{"", "responsible", []string{"ISMS performance", "Major incidents", "Policy changes"}},
				{"", "lastHeld", []string{"Major incidents", "ISMS performance", "Policy changes"}},
				{"", "-lastHeld", []string{"Policy changes", "ISMS performance", "Major incidents"}},
				{"STATUS", "", []string{"Major incidents"}},
				{"staff", "", []string{"Policy changes"}},
				{"quarter", "", []string{"ISMS performance", "Major incidents", "Policy changes"}},
				{"_", "", []string{}},
			} {
				got, total, err := tx.FindCommunicationItems(ctx, org.ID, c.search, c.sort, 0, 0)
				if d := cmp.Diff(c.want, topics(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindCommunicationItems(%q, %q) (-want +got):\n%s total %d, %v", c.search, c.sort, d, total, err)
				}
			}
			page, total, err := tx.FindCommunicationItems(ctx, org.ID, "", "", 2, 2)
			if d := cmp.Diff([]string{"Policy changes"}, topics(page)); d != "" || total != 3 || err != nil {
				t.Errorf("FindCommunicationItems page 2 (-want +got):\n%s total %d, %v", d, total, err)
			}
			return nil
		})

		incidents.Topic, incidents.Audience, incidents.Frequency = "Security incidents", "Customers and regulator", "Within 72 hours"
		incidents.Channel, incidents.ResponsibleID, incidents.ResponsibleName = "E-mail", ann.ID, "Ann"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateCommunicationItem(ctx, incidents, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateCommunicationItem(ctx, incidents, 1) })
		wantCode(t, "UpdateCommunicationItem(stale version)", err, isms.Conflict)
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteCommunicationItem(ctx, other.ID, policy.ID) })
		wantCode(t, "DeleteCommunicationItem(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteCommunicationItem(ctx, org.ID, policy.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindCommunicationItemByID(ctx, org.ID, incidents.ID)
			if d := cmp.Diff(incidents, got, equateDates); d != "" || err != nil {
				t.Errorf("after UpdateCommunicationItem (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindCommunicationItemByID(ctx, org.ID, policy.ID)
			wantCode(t, "FindCommunicationItemByID(deleted)", err, isms.NotFound)
			if recs, err := tx.CommunicationRecords(ctx, org.ID, policy.ID); len(recs) != 0 || err != nil {
				t.Errorf("records of a deleted item = %v, %v; want none", recs, err)
			}
			return nil
		})
	})
}
