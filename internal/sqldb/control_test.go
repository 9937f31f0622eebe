// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// newControl returns an unsaved control of org.
func newControl(org *isms.Organization, ref string, status isms.ControlStatus) *isms.Control {
	return &isms.Control{ID: isms.NewID("ctl"), OrgID: org.ID, Ref: ref, Title: "Control " + ref, Status: status}
}

func findControls(t *testing.T, db *sqldb.DB, f isms.ControlFilter) ([]string, int) {
	t.Helper()
	var list []*isms.Control
	var total int
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindControls(context.Background(), f)
		return err
	})
	refs := []string{}
	for _, c := range list {
		refs = append(refs, c.Ref)
	}
	return refs, total
}

func TestControlStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		owner := insertUser(t, db, "ann@example.com", "Ann")
		c := newControl(org, "C-1", isms.ControlPlanned)
		c.Description, c.Notes, c.OwnerID, c.ReviewMonths, c.NextReview = "Backups", "Nightly", owner.ID, 12, isms.NewDate(2025, 9, 1)
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertControl(ctx, c) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindControlByRef(ctx, org.ID, "C-1")
			if err != nil {
				return err
			}
			want := *c
			want.OwnerName = "Ann"
			if d := cmp.Diff(&want, got, equateDates); d != "" {
				t.Errorf("FindControlByRef (-want +got):\n%s", d)
			}
			_, err = tx.FindControlByID(ctx, other.ID, c.ID)
			wantCode(t, "FindControlByID(another organization)", err, isms.NotFound)
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertControl(ctx, newControl(org, "C-1", isms.ControlPlanned)) })
		wantCode(t, "InsertControl(duplicate ref)", err, isms.Conflict)

		c.Status, c.NextReview, c.OwnerID = isms.ControlImplemented, isms.Date{}, ""
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateControl(ctx, c, 1) })
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateControl(ctx, c, 1) })
		wantCode(t, "UpdateControl(stale version)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindControlByID(ctx, org.ID, c.ID)
			if err != nil || got.Version != 2 || got.Status != isms.ControlImplemented || !got.NextReview.IsZero() || got.OwnerID != "" {
				t.Errorf("after UpdateControl: %+v, %v", got, err)
			}
			return nil
		})

		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteControl(ctx, other.ID, c.ID) })
		wantCode(t, "DeleteControl(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteControl(ctx, org.ID, c.ID) })
		if refs, total := findControls(t, db, isms.ControlFilter{OrgID: org.ID}); total != 0 {
			t.Errorf("controls after delete: %v", refs)
		}
	})
}

func TestFindControlsFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		owner := insertUser(t, db, "ann@example.com", "Ann")
		f, rs := newFramework(t, db, org, "a")
		statuses := []isms.ControlStatus{isms.ControlPlanned, isms.ControlInProgress, isms.ControlImplemented, isms.ControlNotApplicable}
		var cs []*isms.Control
		for i := 1; i <= 12; i++ {
			c := newControl(org, fmt.Sprintf("C-%d", i), statuses[i%4])
			if i%3 == 0 {
				c.OwnerID = owner.ID
			}
			cs = append(cs, c)
		}
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertControls(ctx, cs); err != nil {
				return err
			}
			_, err := tx.InsertControlLinks(ctx, org.ID, []isms.ControlLink{
				{ControlID: cs[0].ID, RequirementID: rs[1].ID},
				{ControlID: cs[1].ID, RequirementID: rs[1].ID, Inferred: true, Basis: "X equal to G1.1 (set)"},
				{ControlID: cs[1].ID, RequirementID: rs[2].ID},
			})
			return err
		})
		for _, c := range []struct {
			name  string
			f     isms.ControlFilter
			want  []string
			total int
		}{
			{"by reference", isms.ControlFilter{Limit: 4}, []string{"C-1", "C-2", "C-3", "C-4"}, 12},
			{"by reference descending", isms.ControlFilter{Sort: "-ref", Limit: 3}, []string{"C-12", "C-11", "C-10"}, 12},
			{"search", isms.ControlFilter{Search: "c-1"}, []string{"C-1", "C-10", "C-11", "C-12"}, 4},
			{"status", isms.ControlFilter{Status: isms.ControlImplemented}, []string{"C-2", "C-6", "C-10"}, 3},
			{"owner", isms.ControlFilter{OwnerID: owner.ID}, []string{"C-3", "C-6", "C-9", "C-12"}, 4},
			{"requirement", isms.ControlFilter{RequirementID: rs[1].ID}, []string{"C-1", "C-2"}, 2},
			{"framework", isms.ControlFilter{FrameworkID: f.ID}, []string{"C-1", "C-2"}, 2},
			{"unlinked", isms.ControlFilter{Unlinked: true, Limit: 2}, []string{"C-3", "C-4"}, 10},
			{"page past the end", isms.ControlFilter{Offset: 12}, []string{}, 12},
		} {
			c.f.OrgID = org.ID
			got, total := findControls(t, db, c.f)
			if d := cmp.Diff(c.want, got); d != "" || total != c.total {
				t.Errorf("%s: total %d, want %d; refs (-want +got):\n%s", c.name, total, c.total, d)
			}
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindControlByID(ctx, org.ID, cs[1].ID)
			if err != nil || got.Requirements != 1 {
				t.Errorf("C-2 confirmed links = %d, %v; want 1 (the inferred one does not count)", got.Requirements, err)
			}
			return nil
		})
	})
}

func TestControlLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		f, rs := newFramework(t, db, org, "a")
		c := newControl(org, "C-1", isms.ControlImplemented)
		d := newControl(org, "C-2", isms.ControlPlanned)
		var added int
		update(t, db, func(tx *sqldb.Tx) (err error) {
			if err := tx.InsertControls(ctx, []*isms.Control{c, d}); err != nil {
				return err
			}
			added, err = tx.InsertControlLinks(ctx, org.ID, []isms.ControlLink{
				{ControlID: c.ID, RequirementID: rs[1].ID},
				{ControlID: c.ID, RequirementID: rs[4].ID, Inferred: true, Basis: "X.1 equal to G2.1 (set)"},
				{ControlID: c.ID, RequirementID: rs[5].ID, Inferred: true, Basis: "X.2 subset of G2.2 (set)"},
				{ControlID: d.ID, RequirementID: rs[1].ID, Inferred: true},
			})
			return err
		})
		if added != 4 {
			t.Errorf("InsertControlLinks added %d, want 4", added)
		}
		update(t, db, func(tx *sqldb.Tx) (err error) {
			added, err = tx.InsertControlLinks(ctx, org.ID, []isms.ControlLink{
				{ControlID: c.ID, RequirementID: rs[1].ID, Inferred: true}, // exists: kept as it is
				{ControlID: c.ID, RequirementID: rs[2].ID},
				{ControlID: c.ID, RequirementID: rs[2].ID},
			})
			return err
		})
		if added != 1 {
			t.Errorf("InsertControlLinks of existing links added %d, want 1", added)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			links, err := tx.ControlLinksOf(ctx, org.ID, c.ID)
			if err != nil || len(links) != 4 {
				return fmt.Errorf("ControlLinksOf = %+v, %v; want 4", links, err)
			}
			if l := links[0]; l.RequirementRef != "G1.1" || l.Inferred || l.FrameworkID != f.ID || l.FrameworkName != "Framework a (2025)" || l.RequirementText != "Control 1 of group 1" {
				t.Errorf("first link of C-1 = %+v, want the confirmed one to G1.1", l)
			}
			if l := links[2]; l.RequirementRef != "G2.1" || !l.Inferred || l.Basis != "X.1 equal to G2.1 (set)" {
				t.Errorf("third link of C-1 = %+v, want the inferred one to G2.1", l)
			}
			to, err := tx.ControlLinksTo(ctx, org.ID, rs[1].ID)
			if err != nil || len(to) != 2 || to[0].ControlRef != "C-1" || to[1].ControlStatus != isms.ControlPlanned || !to[1].Inferred {
				t.Errorf("ControlLinksTo(G1.1) = %+v, %v", to, err)
			}
			in, err := tx.ControlLinksInFramework(ctx, org.ID, f.ID)
			if err != nil || len(in) != 5 {
				t.Errorf("ControlLinksInFramework = %d links, %v; want 5", len(in), err)
			}
			n, err := tx.CountControlLinksTo(ctx, org.ID, []isms.ID{rs[1].ID, rs[2].ID, rs[3].ID})
			if err != nil || n != 3 {
				t.Errorf("CountControlLinksTo = %d, %v; want 3", n, err)
			}
			if in, _ := tx.ControlLinksInFramework(ctx, other.ID, f.ID); len(in) != 0 {
				t.Errorf("another organization sees %d links", len(in))
			}
			return nil
		})
		confirmAndUnlink(t, db, org, other, c, rs)
	})
}

// confirmAndUnlink confirms c's inferred links to rs[4] and rs[5] (of the
// fixture of TestControlLinks), then deletes its link to rs[1].
func confirmAndUnlink(t *testing.T, db *sqldb.DB, org, other *isms.Organization, c *isms.Control, rs []*isms.Requirement) {
	t.Helper()
	ctx := context.Background()
	var confirmed int
	update(t, db, func(tx *sqldb.Tx) (err error) {
		confirmed, err = tx.ConfirmControlLinks(ctx, org.ID, c.ID, []isms.ID{rs[4].ID, rs[1].ID})
		return err
	})
	if confirmed != 1 {
		t.Errorf("ConfirmControlLinks(G2.1, G1.1) = %d, want 1", confirmed)
	}
	update(t, db, func(tx *sqldb.Tx) (err error) {
		confirmed, err = tx.ConfirmControlLinks(ctx, org.ID, c.ID, nil)
		return err
	})
	if confirmed != 1 {
		t.Errorf("ConfirmControlLinks(all) = %d, want 1", confirmed)
	}
	view(t, db, func(tx *sqldb.Tx) error {
		links, _ := tx.ControlLinksOf(ctx, org.ID, c.ID)
		for _, l := range links {
			if l.Inferred {
				t.Errorf("link to %s still inferred after confirming all", l.RequirementRef)
			}
		}
		if links[3].Basis != "X.2 subset of G2.2 (set)" {
			t.Errorf("confirmed link lost its basis: %+v", links[3])
		}
		return nil
	})
	err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteControlLink(ctx, other.ID, c.ID, rs[1].ID) })
	wantCode(t, "DeleteControlLink(another organization)", err, isms.NotFound)
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteControlLink(ctx, org.ID, c.ID, rs[1].ID) })
	err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteControlLink(ctx, org.ID, c.ID, rs[1].ID) })
	wantCode(t, "DeleteControlLink(deleted)", err, isms.NotFound)
}

// linkEvidence stores an item of org valid until until (zero: no expiry)
// and links it to control c.
func linkEvidence(t *testing.T, db *sqldb.DB, org *isms.Organization, c *isms.Control, until isms.Date) {
	t.Helper()
	e := newEvidence(org, "Evidence for "+c.Ref, isms.EvidenceKindNote, nil)
	e.ValidUntil = until
	insertEvidence(t, db, e)
	update(t, db, func(tx *sqldb.Tx) error {
		_, err := tx.InsertEvidenceLink(context.Background(), org.ID, e.ID, isms.Link{Type: "control", ID: c.ID})
		return err
	})
}

// postureFixture links controls to rs and gs (two frameworks of
// newFramework) and evidence to the controls, for TestPosture.
func postureFixture(t *testing.T, db *sqldb.DB, org *isms.Organization, rs, gs []*isms.Requirement, today isms.Date) {
	t.Helper()
	ctx := context.Background()
	// C-1 implemented, no evidence; C-2 implemented, one of two items
	// fresh; C-3 implemented, every item expired; C-4 planned; C-5
	// implemented with evidence that does not expire.
	cs := []*isms.Control{newControl(org, "C-1", isms.ControlImplemented), newControl(org, "C-2", isms.ControlImplemented),
		newControl(org, "C-3", isms.ControlImplemented), newControl(org, "C-4", isms.ControlPlanned),
		newControl(org, "C-5", isms.ControlImplemented)}
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertControls(ctx, cs); err != nil {
			return err
		}
		_, err := tx.InsertControlLinks(ctx, org.ID, []isms.ControlLink{
			{ControlID: cs[0].ID, RequirementID: rs[1].ID},
			{ControlID: cs[1].ID, RequirementID: rs[2].ID},
			{ControlID: cs[2].ID, RequirementID: rs[4].ID},
			{ControlID: cs[3].ID, RequirementID: rs[5].ID},
			{ControlID: cs[4].ID, RequirementID: rs[5].ID, Inferred: true},
			{ControlID: cs[2].ID, RequirementID: gs[1].ID},
		})
		return err
	})
	linkEvidence(t, db, org, cs[1], today.AddDays(-1))
	linkEvidence(t, db, org, cs[1], today) // valid through today
	linkEvidence(t, db, org, cs[2], today.AddDays(-1))
	linkEvidence(t, db, org, cs[2], today.AddDays(-30))
	linkEvidence(t, db, org, cs[4], isms.Date{})
}

func TestPosture(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		f, rs := newFramework(t, db, org, "a")
		g, gs := newFramework(t, db, org, "b")
		today := isms.NewDate(2025, 3, 3)
		postureFixture(t, db, org, rs, gs, today)

		var links []isms.PostureLink
		var reqs []isms.PostureRequirement
		view(t, db, func(tx *sqldb.Tx) (err error) {
			if reqs, err = tx.PostureRequirements(ctx, org.ID, f.ID); err != nil {
				return err
			}
			links, err = tx.PostureLinks(ctx, org.ID, f.ID, today)
			return err
		})
		want := map[isms.ID][]isms.PostureLink{
			rs[1].ID: {{RequirementID: rs[1].ID, Effective: true}},
			rs[2].ID: {{RequirementID: rs[2].ID, Effective: true}},
			rs[4].ID: {{RequirementID: rs[4].ID, Effective: false}},
			rs[5].ID: {{RequirementID: rs[5].ID, Effective: false}, {RequirementID: rs[5].ID, Inferred: true, Effective: true}},
		}
		got := map[isms.ID][]isms.PostureLink{}
		for _, l := range links {
			got[l.RequirementID] = append(got[l.RequirementID], l)
		}
		for _, ls := range got { // two links to one requirement: confirmed first
			if len(ls) == 2 && ls[0].Inferred {
				ls[0], ls[1] = ls[1], ls[0]
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("PostureLinks (-want +got):\n%s", d)
		}
		if len(reqs) != 6 || reqs[0].FrameworkID != f.ID || reqs[1].GroupRef != "G1" || reqs[0].Assessable || !reqs[1].Assessable {
			t.Errorf("PostureRequirements = %+v", reqs)
		}
		total, _ := isms.Posture(reqs, links)
		if total.Assessable != 4 || total.Covered != 2 || total.Partly != 2 || total.InferredCovered != 1 {
			t.Errorf("posture = %+v, want 4 assessable, 2 covered, 2 partly, 1 inferred covered", total)
		}
		view(t, db, func(tx *sqldb.Tx) (err error) {
			if reqs, err = tx.PostureRequirements(ctx, org.ID, ""); err != nil {
				return err
			}
			links, err = tx.PostureLinks(ctx, org.ID, "", today)
			return err
		})
		frameworks := map[isms.ID]int{}
		for _, r := range reqs {
			frameworks[r.FrameworkID]++
		}
		if len(reqs) != 12 || frameworks[g.ID] != 6 || len(links) != 6 {
			t.Errorf("posture of every framework: %d requirements (%v), %d links; want 12, 6 a framework, 6 links", len(reqs), frameworks, len(links))
		}
	})
}
