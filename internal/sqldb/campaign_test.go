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

// newCampaign returns an unsaved campaign of f's organization asking
// everyone for the versions of docs ("DOC-1 v2") by due.
func newCampaign(t *testing.T, f *docFixture, title, due string, docs ...string) *isms.Campaign {
	c := &isms.Campaign{ID: isms.NewID("cmp"), OrgID: f.org.ID, Title: title, Audience: isms.Audience{Everyone: true},
		Due: day(t, due), CreatedBy: f.ann.ID}
	for _, k := range docs {
		v := f.versions[k]
		c.Documents, c.Versions = append(c.Documents, v.DocumentID), append(c.Versions, v.ID)
	}
	return c
}

// campaignTitles returns the titles of cs, in order.
func campaignTitles(cs []*isms.Campaign) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Title)
	}
	return out
}

func TestCampaignStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		clk := setClock(db)
		c1 := newCampaign(t, f, "Policies 2025", "2025-03-31", "DOC-1 v2", "DOC-10 v1")
		c1.Description, c1.FollowNewVersions = "Read the policies", true
		c2 := newCampaign(t, f, "Policy 2024", "2025-03-10", "DOC-1 v2")
		c2.Closed = true
		c3 := newCampaign(t, f, "Backups", "2025-04-30", "DOC-10 v1")
		c3.Audience = isms.Audience{Roles: []isms.Role{isms.RoleEmployee}, People: []isms.ID{f.bob.ID}}
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.Campaign{c1, c2, c3} {
				if err := tx.InsertCampaign(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.Campaign{c1, c3} {
				got, err := tx.FindCampaignByID(ctx, f.org.ID, c.ID)
				if d := cmp.Diff(c, got, equateDates); d != "" || err != nil {
					t.Errorf("FindCampaignByID(%s) (-want +got):\n%s%v", c.Title, d, err)
				}
			}
			_, err := tx.FindCampaignByID(ctx, f.other.ID, c1.ID)
			wantCode(t, "FindCampaignByID(another organization)", err, isms.NotFound)
			return nil
		})

		// Ann acknowledges both documents, Eve the policy.
		ack := func(user *isms.User, c *isms.Campaign, version string) error {
			v := f.versions[version]
			a := &isms.Acknowledgement{ID: isms.NewID("ack"), OrgID: f.org.ID, CampaignID: c.ID, UserID: user.ID,
				DocumentID: v.DocumentID, VersionID: v.ID}
			clk.Advance(time.Minute)
			return db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertAcknowledgement(ctx, a) })
		}
		for _, a := range []struct {
			user    *isms.User
			version string
		}{{f.ann, "DOC-1 v2"}, {f.eve, "DOC-1 v2"}, {f.ann, "DOC-10 v1"}} {
			if err := ack(a.user, c1, a.version); err != nil {
				t.Fatalf("InsertAcknowledgement: %v", err)
			}
		}
		wantCode(t, "InsertAcknowledgement(again)", ack(f.eve, c1, "DOC-1 v2"), isms.Conflict)
		if err := ack(f.eve, c2, "DOC-1 v2"); err != nil {
			t.Errorf("acknowledging the same version for another campaign: %v", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			acks, err := tx.Acknowledgements(ctx, f.org.ID, c1.ID)
			var got []string
			for _, a := range acks {
				got = append(got, a.UserName+" "+versionNumbers(f.docs, []*isms.DocumentVersion{{DocumentID: a.DocumentID, Number: a.VersionNumber}})[0])
			}
			if d := cmp.Diff([]string{"Ann DOC-1 v2", "Eve DOC-1 v2", "Ann DOC-10 v1"}, got); d != "" || err != nil {
				t.Errorf("Acknowledgements (-want +got):\n%s%v", d, err)
			} else if !acks[0].At.Equal(t0.Add(time.Minute)) || acks[0].OrgID != f.org.ID || acks[0].CampaignID != c1.ID {
				t.Errorf("first acknowledgement = %+v", acks[0])
			}
			mine, err := tx.UserAcknowledgements(ctx, f.org.ID, f.eve.ID)
			if err != nil || len(mine) != 2 || mine[0].CampaignID != c2.ID || mine[1].CampaignID != c1.ID {
				t.Errorf("UserAcknowledgements(eve) = %v, %v; want the 2024 campaign's, then 2025's", mine, err)
			}
			got1, err := tx.FindCampaignByID(ctx, f.org.ID, c1.ID)
			if err != nil || got1.Acknowledged != 3 {
				t.Errorf("FindCampaignByID(c1) = %+v, %v; want 3 acknowledged", got1, err)
			}
			for _, q := range []func() ([]*isms.Acknowledgement, error){
				func() ([]*isms.Acknowledgement, error) { return tx.Acknowledgements(ctx, f.other.ID, c1.ID) },
				func() ([]*isms.Acknowledgement, error) { return tx.UserAcknowledgements(ctx, f.other.ID, f.eve.ID) },
			} {
				if list, err := q(); len(list) != 0 || err != nil {
					t.Errorf("acknowledgements read from another organization = %v, %v; want none", list, err)
				}
			}
			return nil
		})

		// A third version of DOC-1 is approved: the campaign asks for it,
		// and only Ann's acknowledgement of DOC-10 v1 still counts.
		v3 := newVersion(f.docs["DOC-1"], 3, isms.VersionApproved, f.ann)
		f.versions["DOC-1 v3"] = v3
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertDocumentVersion(ctx, v3) })
		c1.Versions[0] = v3.ID
		c1.Title, c1.Due, c1.Audience = "Policies 2025 (v3)", day(t, "2025-04-15"), isms.Audience{Roles: []isms.Role{isms.RoleViewer}}
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateCampaign(ctx, c1, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateCampaign(ctx, c1, 1) })
		wantCode(t, "UpdateCampaign(stale version)", err, isms.Conflict)
		c1.Acknowledged = 1
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindCampaignByID(ctx, f.org.ID, c1.ID)
			if d := cmp.Diff(c1, got, equateDates); d != "" || err != nil {
				t.Errorf("after UpdateCampaign (-want +got):\n%s%v", d, err)
			}
			acks, err := tx.Acknowledgements(ctx, f.org.ID, c1.ID)
			if len(acks) != 3 || err != nil {
				t.Errorf("acknowledgements after a new version = %d, %v; want the 3 kept", len(acks), err)
			}
			return nil
		})

		bad := newCampaign(t, f, "Twice", "2025-05-01", "DOC-1 v2", "DOC-1 v3")
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertCampaign(ctx, bad) })
		wantCode(t, "InsertCampaign(a document twice)", err, isms.Conflict)
		bad = newCampaign(t, f, "Mismatched", "2025-05-01", "DOC-1 v2")
		bad.Versions = nil
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertCampaign(ctx, bad) }); err == nil {
			t.Error("InsertCampaign(documents without versions) succeeded")
		}
	})
}

func TestFindCampaigns(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newDocFixture(t, db)
		c1 := newCampaign(t, f, "Policies", "2025-03-31", "DOC-10 v1", "DOC-1 v2")
		c2 := newCampaign(t, f, "Old", "2025-03-10", "DOC-1 v2")
		c2.Closed = true
		c3 := newCampaign(t, f, "Backups", "2025-04-30", "DOC-10 v1")
		c4 := newCampaign(t, f, "Also backups", "2025-04-30", "DOC-10 v1")
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.Campaign{c1, c2, c3, c4} {
				if err := tx.InsertCampaign(ctx, c); err != nil {
					return err
				}
			}
			v := f.versions["DOC-10 v1"]
			return tx.InsertAcknowledgement(ctx, &isms.Acknowledgement{ID: isms.NewID("ack"), OrgID: f.org.ID,
				CampaignID: c3.ID, UserID: f.eve.ID, DocumentID: v.DocumentID, VersionID: v.ID})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			open, total, err := tx.FindCampaigns(ctx, f.org.ID, false, 0, 0)
			if d := cmp.Diff([]string{"Policies", "Also backups", "Backups"}, campaignTitles(open)); d != "" || total != 3 || err != nil {
				t.Errorf("FindCampaigns(open) (-want +got):\n%s total %d, %v", d, total, err)
			} else {
				want := []isms.ID{f.docs["DOC-1"].ID, f.docs["DOC-10"].ID}
				if d := cmp.Diff(want, open[0].Documents); d != "" || open[0].Versions[1] != f.versions["DOC-10 v1"].ID {
					t.Errorf("documents of a listed campaign, by reference (-want +got):\n%s", d)
				}
				if open[1].Acknowledged != 0 || open[2].Acknowledged != 1 {
					t.Errorf("acknowledged = %d, %d; want 0, 1", open[1].Acknowledged, open[2].Acknowledged)
				}
			}
			all, total, err := tx.FindCampaigns(ctx, f.org.ID, true, 2, 1)
			if d := cmp.Diff([]string{"Policies", "Also backups"}, campaignTitles(all)); d != "" || total != 4 || err != nil {
				t.Errorf("FindCampaigns(all, page 2) (-want +got):\n%s total %d, %v", d, total, err)
			}
			all, total, err = tx.FindCampaigns(ctx, f.org.ID, true, 2, 4)
			if len(all) != 0 || total != 4 || err != nil {
				t.Errorf("FindCampaigns past the end = %v, %d, %v", all, total, err)
			}
			running, err := tx.OpenCampaigns(ctx, f.org.ID)
			if d := cmp.Diff([]string{"Policies", "Also backups", "Backups"}, campaignTitles(running)); d != "" || err != nil {
				t.Errorf("OpenCampaigns (-want +got):\n%s%v", d, err)
			} else if len(running[0].Documents) != 2 || len(running[2].Versions) != 1 {
				t.Errorf("OpenCampaigns without their documents: %+v", running)
			}
			for _, q := range []func() (int, error){
				func() (int, error) { l, _, err := tx.FindCampaigns(ctx, f.other.ID, true, 0, 0); return len(l), err },
				func() (int, error) { l, err := tx.OpenCampaigns(ctx, f.other.ID); return len(l), err },
			} {
				if n, err := q(); n != 0 || err != nil {
					t.Errorf("campaigns of another organization = %d, %v; want none", n, err)
				}
			}
			return nil
		})
	})
}
