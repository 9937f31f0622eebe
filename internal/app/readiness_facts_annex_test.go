// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// annexFacts reads acme's Annex A facts on the clock's day.
func (w *soaWorld) annexFacts() isms.AnnexFacts {
	w.t.Helper()
	f, err := w.app.GatherAnnexFactsForTest(w.ctx, w.org.ID, w.today())
	w.must("GatherAnnexFactsForTest", err)
	return f
}

// otherOrgAnnex gives globex an asset without owner, which acme's facts
// must not count.
func otherOrgAnnex(w *soaWorld) {
	_, err := w.app.CreateAsset(w.ctx, w.globexAdmin(), app.AssetInput{Name: "Globex laptops", Type: "hardware"})
	w.must("CreateAsset(globex)", err)
}

// annexFixture starts acme's SoA with A.5.1 and A.5.9 (no control),
// A.5.15 (evidenced), A.5.31 (a control without evidence) and A.8.15 (a
// control whose only evidence expired) applicable, and records two assets,
// one without owner.
func annexFixture(w *soaWorld) {
	s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "First version.")
	w.must("GenerateSoA", err)
	v := w.findSoA(string(s.ID))
	for _, ref := range []string{"A.5.1", "A.5.9", "A.8.15"} {
		w.setLine(s, soaLine(w.t, v, ref), app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true, Reason: "Good practice."})
	}
	_, err = w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Log review 2025", Kind: isms.EvidenceKindNote,
		Note: "Reviewed.", CollectedOn: isms.NewDate(2025, 1, 10), ValidUntil: isms.NewDate(2025, 12, 31), Source: isms.EvidenceSourceUpload,
		Links: []isms.Link{{Type: "control", ID: isms.ID(w.logging.Ref)}}}, nil)
	w.must("CreateEvidence(expired)", err)
	w.newAsset(app.AssetInput{Name: "Customer database", Type: "information", OwnerID: string(w.manager.ID)})
	w.newAsset(app.AssetInput{Name: "Laptops", Type: "hardware"})
}

func TestGatherAnnexFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		f := w.annexFacts()
		if len(f.AnnexControls) != 0 || f.Assets != 0 {
			t.Errorf("facts without an SoA = %d controls, %d assets; want 0, 0", len(f.AnnexControls), f.Assets)
		}
		wantRecordSet(t, "AssetsWithoutOwner", f.AssetsWithoutOwner)

		otherOrgAnnex(w)
		annexFixture(w)
		f = w.annexFacts()
		if f.Assets != 2 {
			t.Errorf("assets %d, want 2", f.Assets)
		}
		wantRecordSet(t, "AssetsWithoutOwner", f.AssetsWithoutOwner, "AS-2")
		type line struct {
			Ref                          string
			Controls, Evidenced, Current int
			Listed                       []string
		}
		var got []line
		for _, c := range f.AnnexControls {
			listed, _ := recordSetRefs(c.Controls)
			got = append(got, line{c.Ref, c.Controls.Total, c.Evidenced, c.Current, listed})
			if c.RequirementID != w.requirement(w.iso.ID, c.Ref).ID {
				t.Errorf("%s has requirement %s", c.Ref, c.RequirementID)
			}
		}
		want := []line{
			{"A.5.1", 0, 0, 0, []string{}},
			{"A.5.9", 0, 0, 0, []string{}},
			{"A.5.15", 1, 1, 1, []string{}},
			{"A.5.31", 1, 0, 0, []string{w.legal.Ref}},
			{"A.8.15", 1, 1, 0, []string{w.logging.Ref}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("AnnexControls (-want +got):\n%s", diff)
		}
	})
}
