// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// control creates a control as the contributor.
func (w *world) control(title string, status isms.ControlStatus) *isms.Control {
	w.t.Helper()
	c, err := w.app.CreateControl(w.ctx, w.asContributor(), app.ControlInput{Title: title, Status: string(status)})
	if err != nil {
		w.t.Fatalf("CreateControl(%s) = %v", title, err)
	}
	return c
}

// link links control c to requirements as the contributor.
func (w *world) link(c *isms.Control, reqs ...isms.ID) {
	w.t.Helper()
	if _, err := w.app.LinkControl(w.ctx, w.asContributor(), c.ID, reqs); err != nil {
		w.t.Fatalf("LinkControl(%s) = %v", c.Ref, err)
	}
}

// controlDetail reads a control with its links.
func (w *world) controlDetail(c *isms.Control) *app.ControlDetail {
	w.t.Helper()
	d, err := w.app.FindControl(w.ctx, w.asViewer(), string(c.ID))
	if err != nil {
		w.t.Fatalf("FindControl(%s) = %v", c.Ref, err)
	}
	return d
}

func TestControlLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		c1 := w.control("Single sign-on with MFA", isms.ControlImplemented)
		if c1.Ref != "C-1" || !strings.HasPrefix(string(c1.ID), "ctl_") || c1.Version != 1 {
			t.Errorf("first control = %s %s v%d, want C-1 with a ctl_ ID, version 1", c1.Ref, c1.ID, c1.Version)
		}
		c10, err := w.app.CreateControl(w.ctx, ed, app.ControlInput{Ref: "C-10", Title: "Backups", ReviewMonths: "6"})
		if err != nil {
			t.Fatal(err)
		}
		if want := isms.DateOf(w.clock.Now()).AddDate(0, 6, 0); c10.NextReview != want {
			t.Errorf("a new control with a 6-month cycle: next review %s, want %s", c10.NextReview, want)
		}
		c11 := w.control("Logging", "")
		if c11.Ref != "C-11" || c11.Status != isms.ControlPlanned {
			t.Errorf("next control = %s %s, want C-11, planned", c11.Ref, c11.Status)
		}
		_, err = w.app.CreateControl(w.ctx, ed, app.ControlInput{Ref: "C-10", Title: "", Status: "done",
			ReviewMonths: "often", NextReview: "soon", OwnerID: "user_nobody"})
		fields := isms.ErrorFields(err)
		for _, f := range []string{"ref", "title", "status", "reviewMonths", "nextReview", "owner"} {
			if fields[f] == "" {
				t.Errorf("bad control: no problem for %s in %v", f, fields)
			}
		}

		before := w.seq()
		in := app.ControlInput{Title: "Single sign-on with MFA for all staff", Status: "implemented", OwnerID: string(w.contributor.ID),
			ReviewMonths: "12", NextReview: "2026-09-01"}
		c, err := w.app.UpdateControl(w.ctx, ed, c1.ID, c1.Version, in)
		if err != nil || c.Version != 2 || c.Ref != "C-1" || c.OwnerName != w.contributor.Name || c.NextReview.String() != "2026-09-01" {
			t.Fatalf("UpdateControl = %+v, %v; want version 2 owned by the contributor", c, err)
		}
		if _, err := w.app.UpdateControl(w.ctx, ed, c1.ID, c1.Version, in); isms.ErrorCode(err) != isms.Conflict {
			t.Errorf("stale update: %v, want conflict", err)
		}
		if _, err := w.app.UpdateControl(w.ctx, ed, c1.ID, c.Version, in); err != nil || w.seq()-before != 1 {
			t.Errorf("unchanged update: %v, %d events; want no new event", err, w.seq()-before)
		}
		if d, err := w.app.FindControl(w.ctx, w.asViewer(), "C-1"); err != nil || d.Control.ID != c1.ID {
			t.Errorf("FindControl(C-1) = %v, want the control by its reference", err)
		}
		list, total, err := w.app.FindControls(w.ctx, w.asViewer(), isms.ControlFilter{Search: "mfa", Limit: 10})
		if err != nil || total != 1 || list[0].ID != c1.ID {
			t.Errorf("FindControls(mfa) = %d, %v; want C-1", total, err)
		}
		if err := w.app.DeleteControl(w.ctx, ed, c1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.FindControl(w.ctx, w.asViewer(), "C-1"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("after delete: %v, want not found", err)
		}
	})
}

func TestControlPermissions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		c := w.control("Backups", isms.ControlPlanned)
		if _, err := w.app.CreateControl(w.ctx, w.asViewer(), app.ControlInput{Title: "X"}); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("viewer creates a control: %v, want forbidden", err)
		}
		if _, err := w.app.UpdateControl(w.ctx, w.asViewer(), c.ID, c.Version, app.ControlInput{Title: "X"}); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("viewer edits a control: %v, want forbidden", err)
		}
		if _, err := w.app.LinkControl(w.ctx, w.asViewer(), c.ID, []isms.ID{"req_x"}); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("viewer links a control: %v, want forbidden", err)
		}
		if err := w.app.DeleteControl(w.ctx, w.asViewer(), c.ID); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("viewer deletes a control: %v, want forbidden", err)
		}
		if _, err := w.app.ProposeInferredLinks(w.ctx, w.asViewer(), "fw_x"); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("viewer proposes links: %v, want forbidden", err)
		}
	})
}

func TestInferredLinksAreProposedThenConfirmed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso22 := w.importBuiltin("iso27001-2022")
		c := w.control("Access control policy", isms.ControlImplemented)
		w.link(c, w.requirement(iso22.ID, "A.5.15").ID)

		iso13 := w.importBuiltin("iso27001-2013")
		d := w.controlDetail(c)
		var inferred []isms.ControlLink
		for _, l := range d.Links {
			if l.Inferred {
				inferred = append(inferred, l)
			}
		}
		if len(inferred) == 0 || d.Links[0].Inferred {
			t.Fatalf("links after adding 2013 = %+v, want the confirmed one first, then inferred ones", d.Links)
		}
		for _, l := range inferred {
			if l.FrameworkID != iso13.ID || !strings.Contains(l.Basis, "A.5.15") || !strings.HasSuffix(l.Basis, "(ISO/IEC 27001:2013 → 2022)") {
				t.Errorf("inferred link %s: framework %s, basis %q; want a 2013 requirement with a basis naming A.5.15 and the set", l.RequirementRef, l.FrameworkID, l.Basis)
			}
		}
		p, err := w.app.FrameworkPosture(w.ctx, w.asViewer(), iso13.ID)
		if err != nil || p.Counts.Covered != 0 || p.Counts.InferredCovered != len(inferred) {
			t.Errorf("2013 posture = %+v, %v; want nothing covered, %d covered by inferred links", p.Counts, err, len(inferred))
		}

		n, err := w.app.ConfirmInferredLinks(w.ctx, w.asContributor(), c.ID, nil)
		if err != nil || n != len(inferred) {
			t.Errorf("ConfirmInferredLinks = %d, %v; want %d", n, err, len(inferred))
		}
		for _, l := range w.controlDetail(c).Links {
			if l.Inferred {
				t.Errorf("link to %s still inferred after confirming all", l.RequirementRef)
			}
		}
		if p, _ := w.app.FrameworkPosture(w.ctx, w.asViewer(), iso13.ID); p.Counts.Covered != len(inferred) {
			t.Errorf("2013 posture after confirming = %+v, want %d covered", p.Counts, len(inferred))
		}
		if n, err := w.app.ProposeInferredLinks(w.ctx, w.asManager(), iso22.ID); err != nil || n != 0 {
			t.Errorf("proposing again = %d, %v; want nothing new", n, err)
		}
		r := w.requirement(iso13.ID, inferred[0].RequirementRef)
		if err := w.app.UnlinkControl(w.ctx, w.asContributor(), c.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		if got := len(w.controlDetail(c).Links); got != len(inferred) {
			t.Errorf("after unlinking one: %d links, want %d", got, len(inferred))
		}
	})
}

// supplierMapped is a custom framework carrying a mapping to ISO/IEC
// 27001:2022.
const supplierMapped = `framework:
  key: acme-mapped
  name: Acme mapped requirements
requirements:
  - ref: M1
    title: Access rules
mappings:
  - target: iso27001-2022
    name: Acme to ISO
    entries:
      - source: M1
        target: A.5.15
        relationship: subset
`

func TestAFrameworkFileBringsItsMappingsAndInferredLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		c := w.control("Access control policy", isms.ControlImplemented)
		w.link(c, w.requirement(iso.ID, "A.5.15").ID)
		f, _, err := w.app.ImportFramework(w.ctx, w.asManager(), w.readFramework("mapped.yaml", supplierMapped))
		if err != nil {
			t.Fatal(err)
		}
		sets, err := w.app.FindMappingSets(w.ctx, w.asViewer())
		if err != nil || len(sets) != 1 || sets[0].Name != "Acme to ISO" || sets[0].SourceFrameworkID != f.ID || sets[0].Mappings != 1 {
			t.Fatalf("mapping sets = %+v, %v; want the file's one set", sets, err)
		}
		var got []string
		for _, l := range w.controlDetail(c).Links {
			if l.Inferred {
				got = append(got, l.RequirementRef+": "+l.Basis)
			}
		}
		if want := "M1: A.5.15 superset of M1 (Acme to ISO)"; len(got) != 1 || got[0] != want {
			t.Errorf("inferred links = %q, want [%s]", got, want)
		}
		d, err := w.app.FindRequirement(w.ctx, w.asViewer(), w.requirement(f.ID, "M1").ID)
		if err != nil || len(d.Mappings) != 1 || d.Coverage != isms.NotCovered || d.Inferred != isms.Covered || len(d.Links) != 1 {
			t.Errorf("FindRequirement(M1) = %+v, %v; want one mapping, covered by an inferred link only", d, err)
		}
	})
}
