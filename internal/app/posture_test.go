// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// groupCounts returns the counts of the group with ref, zero when absent.
func groupCounts(p *app.FrameworkPosture, ref string) isms.PostureCounts {
	for _, g := range p.Groups {
		if g.Ref == ref {
			return g.Counts
		}
	}
	return isms.PostureCounts{}
}

func TestPostureFollowsControlStatusAndEvidence(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		posture := func() *app.FrameworkPosture {
			t.Helper()
			p, err := w.app.FrameworkPosture(w.ctx, w.asViewer(), iso.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		p := posture()
		if p.Counts.Assessable != iso.Assessable || p.Counts.NotCovered != iso.Assessable || p.Counts.Percent() != 0 {
			t.Errorf("empty posture = %+v, want every one of %d assessable requirements not covered", p.Counts, iso.Assessable)
		}
		var refs []string
		for _, g := range p.Groups {
			refs = append(refs, g.Ref)
		}
		if diff := cmp.Diff([]string{"4", "5", "6", "7", "8", "9", "10", "A.5", "A.6", "A.7", "A.8"}, refs); diff != "" {
			t.Errorf("groups (-want +got):\n%s", diff)
		}
		if p.Groups[7].Title == "" || p.Groups[7].Counts.Assessable != 37 {
			t.Errorf("group A.5 = %+v, want a title and 37 controls", p.Groups[7])
		}

		c := w.control("Access control policy", isms.ControlPlanned)
		w.link(c, w.requirement(iso.ID, "A.5.15").ID)
		if g := groupCounts(posture(), "A.5"); g.Partly != 1 || g.Covered != 0 {
			t.Errorf("planned control: A.5 = %+v, want 1 partly covered", g)
		}

		c, err := w.app.UpdateControl(w.ctx, w.asContributor(), c.ID, c.Version, app.ControlInput{Title: c.Title, Status: "implemented"})
		if err != nil {
			t.Fatal(err)
		}
		if g := groupCounts(posture(), "A.5"); g.Covered != 1 || g.Partly != 0 {
			t.Errorf("implemented control: A.5 = %+v, want 1 covered", g)
		}

		today := isms.DateOf(w.clock.Now())
		_, err = w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Policy sign-off", Kind: isms.EvidenceKindNote,
			Note: "Signed by the board.", CollectedOn: today, ValidUntil: today.AddDays(10), Source: isms.EvidenceSourceUpload,
			Links: []isms.Link{{Type: "control", ID: isms.ID(c.Ref)}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if g := groupCounts(posture(), "A.5"); g.Covered != 1 {
			t.Errorf("with current evidence: A.5 = %+v, want 1 covered", g)
		}
		w.clock.Advance(11 * 24 * time.Hour)
		if g := groupCounts(posture(), "A.5"); g.Covered != 0 || g.Partly != 1 {
			t.Errorf("with expired evidence: A.5 = %+v, want 1 partly covered", g)
		}
		all, err := w.app.Posture(w.ctx, w.asViewer())
		if err != nil || len(all) != 1 || all[0].Counts != posture().Counts {
			t.Errorf("Posture = %+v, %v; want the one framework's", all, err)
		}
		rows, _, err := w.app.FindRequirements(w.ctx, w.asViewer(), isms.RequirementFilter{FrameworkID: iso.ID, Search: "A.5.15"})
		if err != nil || len(rows) != 1 || rows[0].Coverage != isms.PartlyCovered || rows[0].Controls != 1 {
			t.Errorf("FindRequirements(A.5.15) = %+v, %v; want partly covered by 1 control", rows, err)
		}
		if _, err := w.app.Posture(w.ctx, w.as(w.newMember(w.org, "Fay Employee", isms.RoleEmployee), isms.RoleEmployee)); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("an employee reads the posture: %v, want forbidden", err)
		}
	})
}
