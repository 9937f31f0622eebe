// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// posture returns the posture actor sees through the use case.
func (w *world) posture(actor isms.Actor) []app.FrameworkPosture {
	w.t.Helper()
	all, err := w.app.Posture(w.ctx, actor)
	w.must("Posture", err)
	return all
}

// freshPosture computes the posture actor sees without the kept result
// (PostureTx): what a result of Posture must equal.
func (w *world) freshPosture(actor isms.Actor) []app.FrameworkPosture {
	w.t.Helper()
	var all []app.FrameworkPosture
	w.view(func(tx *sqldb.Tx) (err error) {
		all, err = w.app.PostureTx(w.ctx, tx, actor)
		return err
	})
	return all
}

// frameworkPosture returns the posture of framework fw as actor sees it
// through the use case.
func (w *world) frameworkPosture(actor isms.Actor, fw isms.ID) *app.FrameworkPosture {
	w.t.Helper()
	p, err := w.app.FrameworkPosture(w.ctx, actor, fw)
	w.must("FrameworkPosture", err)
	return p
}

// freshFrameworkPosture computes the posture of framework fw of org
// without the kept result (FrameworkPostureTx).
func (w *world) freshFrameworkPosture(org, fw isms.ID) *app.FrameworkPosture {
	w.t.Helper()
	var p *app.FrameworkPosture
	w.view(func(tx *sqldb.Tx) (err error) {
		p, err = w.app.FrameworkPostureTx(w.ctx, tx, org, fw)
		return err
	})
	return p
}

// setStatusUnrecorded sets the status of control c straight in the
// database, without the audit event every use case records: a change the
// posture's key does not see, so that a result that does not show it was
// served from memory. It returns the control as stored.
func (w *world) setStatusUnrecorded(c *isms.Control, status isms.ControlStatus) *isms.Control {
	w.t.Helper()
	head := w.head(string(c.OrgID))
	changed := *c
	changed.Status = status
	w.must("UpdateControl(unrecorded)", w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
		return tx.UpdateControl(w.ctx, &changed, c.Version)
	}))
	if got := w.head(string(c.OrgID)); got != head {
		w.t.Fatalf("the unrecorded change moved the chain from %d to %d", head.Seq, got.Seq)
	}
	return &changed // at its new version
}

// entryOf returns the posture of framework fw in all; fails the test
// when fw is not there.
func entryOf(t *testing.T, all []app.FrameworkPosture, fw isms.ID) *app.FrameworkPosture {
	t.Helper()
	for i := range all {
		if all[i].Framework.ID == fw {
			return &all[i]
		}
	}
	t.Fatalf("no posture of framework %s among %d", fw, len(all))
	return nil
}

// countsOf returns the counts of framework fw in all.
func countsOf(t *testing.T, all []app.FrameworkPosture, fw isms.ID) isms.PostureCounts {
	t.Helper()
	return entryOf(t, all, fw).Counts
}

// wantFreshPosture fails the test unless got, returned by Posture, is the
// posture computed afresh.
func wantFreshPosture(t *testing.T, name string, got, fresh []app.FrameworkPosture) {
	t.Helper()
	if len(fresh) == 0 {
		t.Fatalf("%s: no framework to compare", name)
	}
	if diff := cmp.Diff(fresh, got); diff != "" {
		t.Errorf("%s: Posture differs from a fresh posture (-fresh +got):\n%s", name, diff)
	}
}

// wantFreshFramework fails the test unless p, returned by
// FrameworkPosture for framework fw of org, is the one computed afresh.
func wantFreshFramework(t *testing.T, w *world, name string, p *app.FrameworkPosture, org, fw isms.ID) {
	t.Helper()
	if diff := cmp.Diff(w.freshFrameworkPosture(org, fw), p); diff != "" {
		t.Errorf("%s: FrameworkPosture differs from a fresh one (-fresh +got):\n%s", name, diff)
	}
}

func TestPostureAgainWithoutChangeIsKept(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		w.importSmall("soc-lite", "SOC lite")
		c := w.control("Access control policy", isms.ControlPlanned)
		w.link(c, w.requirement(iso.ID, "A.5.15").ID)
		first := w.posture(w.asViewer())
		wantFreshPosture(t, "first posture", first, w.freshPosture(w.asViewer()))
		if got := countsOf(t, first, iso.ID); got.Partly != 1 || got.Covered != 0 || len(first) != 2 {
			t.Fatalf("first posture: %d frameworks, ISO = %+v; want 2, and 1 partly covered", len(first), got)
		}

		// Unseen by the key, the change shows only in a fresh posture.
		c = w.setStatusUnrecorded(c, isms.ControlImplemented)
		fresh := w.freshPosture(w.asViewer())
		if got := countsOf(t, fresh, iso.ID); got.Covered != 1 {
			t.Fatalf("fresh posture after the unrecorded change: ISO = %+v, want 1 covered", got)
		}
		again := w.posture(w.asManager())
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("a second posture without recorded change is not the kept one (-first +again):\n%s", diff)
		}
		if diff := cmp.Diff(entryOf(t, first, iso.ID), w.frameworkPosture(w.asViewer(), iso.ID)); diff != "" {
			t.Errorf("FrameworkPosture(ISO) without recorded change is not the kept one (-kept +got):\n%s", diff)
		}

		// A recorded change (here, of the title alone) moves the key.
		_, err := w.app.UpdateControl(w.ctx, w.asContributor(), c.ID, c.Version,
			app.ControlInput{Title: "Access control", Status: string(isms.ControlImplemented)})
		w.must("UpdateControl", err)
		after := w.posture(w.asViewer())
		wantFreshPosture(t, "after a recorded change", after, w.freshPosture(w.asViewer()))
		if got := countsOf(t, after, iso.ID); got.Covered != 1 {
			t.Errorf("after a recorded change: ISO = %+v, want 1 covered", got)
		}

		// What a caller does to its result is its own.
		for i := range after {
			after[i].Framework.Name = "changed"
			after[i].Counts.Covered = -1
			for j := range after[i].Groups {
				after[i].Groups[j].Title = "changed"
				after[i].Groups[j].Counts.Partly = -1
			}
		}
		one := w.frameworkPosture(w.asViewer(), iso.ID)
		one.Framework.Key = "changed"
		one.Groups[0].Counts.NotCovered = -1
		wantFreshPosture(t, "after callers changed their results", w.posture(w.asViewer()), w.freshPosture(w.asViewer()))
		wantFreshFramework(t, w, "after callers changed their results", w.frameworkPosture(w.asViewer(), iso.ID), w.org.ID, iso.ID)
	})
}

func TestPostureAfterChangeComputesAgain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		c := w.control("Access control policy", isms.ControlPlanned)
		today := w.today()
		steps := []struct {
			name   string
			change func()
			want   func(isms.PostureCounts) bool
		}{
			{"no link", func() {}, func(c isms.PostureCounts) bool { return c.Covered+c.Partly == 0 }},
			{"a control linked", func() { w.link(c, w.requirement(iso.ID, "A.5.15").ID) },
				func(c isms.PostureCounts) bool { return c.Partly == 1 && c.Covered == 0 }},
			{"the control implemented", func() {
				var err error
				c, err = w.app.UpdateControl(w.ctx, w.asContributor(), c.ID, c.Version,
					app.ControlInput{Title: c.Title, Status: string(isms.ControlImplemented)})
				w.must("UpdateControl", err)
			}, func(c isms.PostureCounts) bool { return c.Covered == 1 && c.Partly == 0 }},
			{"expired evidence added", func() {
				_, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Policy sign-off",
					Kind: isms.EvidenceKindNote, Note: "Signed by the board.", CollectedOn: today.AddDays(-30),
					ValidUntil: today.AddDays(-1), Source: isms.EvidenceSourceUpload,
					Links: []isms.Link{{Type: "control", ID: c.ID}}}, nil)
				w.must("CreateEvidence", err)
			}, func(c isms.PostureCounts) bool { return c.Covered == 0 && c.Partly == 1 }},
			{"the control unlinked", func() {
				w.must("UnlinkControl", w.app.UnlinkControl(w.ctx, w.asContributor(), c.ID, w.requirement(iso.ID, "A.5.15").ID))
			}, func(c isms.PostureCounts) bool { return c.Covered+c.Partly == 0 }},
		}
		var before []app.FrameworkPosture
		for _, s := range steps {
			s.change()
			got := w.posture(w.asViewer())
			wantFreshPosture(t, s.name, got, w.freshPosture(w.asViewer()))
			if counts := countsOf(t, got, iso.ID); !s.want(counts) {
				t.Errorf("%s: ISO = %+v", s.name, counts)
			}
			if before != nil && cmp.Equal(before, got) {
				t.Errorf("%s: the posture is the one before the change", s.name)
			}
			wantFreshFramework(t, w, s.name, w.frameworkPosture(w.asViewer(), iso.ID), w.org.ID, iso.ID)
			before = got
		}
	})
}

func TestPostureNextDayComputesAgain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		fw, req := w.importSmall("iso-lite", "ISO lite")
		c, err := w.app.CreateControl(w.ctx, w.asContributor(), app.ControlInput{Title: "Backups", Status: string(isms.ControlImplemented)})
		w.must("CreateControl", err)
		w.link(c, req.ID)
		_, err = w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Restore test", Kind: isms.EvidenceKindNote,
			Note: "Restored the file server.", CollectedOn: w.today(), ValidUntil: w.today(), Source: isms.EvidenceSourceUpload,
			Links: []isms.Link{{Type: "control", ID: c.ID}}}, nil)
		w.must("CreateEvidence", err)
		if got := countsOf(t, w.posture(w.asViewer()), fw.ID); got.Covered != 1 {
			t.Fatalf("with evidence valid today: %+v, want 1 covered", got)
		}
		head := w.head(string(w.org.ID))
		w.clock.Advance(24 * time.Hour)
		tomorrow := w.posture(w.asViewer())
		if got := countsOf(t, tomorrow, fw.ID); got.Covered != 0 || got.Partly != 1 {
			t.Errorf("the next day, with the evidence expired: %+v, want 1 partly covered", got)
		}
		if got := w.head(string(w.org.ID)); got != head {
			t.Fatalf("the chain moved overnight from %d to %d; the test needs it still", head.Seq, got.Seq)
		}
		wantFreshPosture(t, "the next day", tomorrow, w.freshPosture(w.asViewer()))
		wantFreshFramework(t, w, "the next day", w.frameworkPosture(w.asViewer(), fw.ID), w.org.ID, fw.ID)
	})
}

func TestPostureKeepsOrganizationsApart(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		g := w.globexAdmin()
		acmeFw, _ := w.importSmall("iso-lite", "ISO lite")
		globexFw, _, err := w.app.ImportFramework(w.ctx, g, &catalog.Framework{
			Meta:         isms.Framework{Key: "globex-lite", Name: "Globex lite", Source: isms.SourceYAML, SHA256: "globex-lite"},
			Requirements: []isms.Requirement{{Ref: "G1", Title: "First", Kind: isms.KindControl, Assessable: true}},
		})
		w.must("ImportFramework(globex)", err)
		acme := w.posture(w.asViewer())
		globex := w.posture(g)
		if len(acme) != 1 || acme[0].Framework.ID != acmeFw.ID || len(globex) != 1 || globex[0].Framework.ID != globexFw.ID {
			t.Fatalf("Acme sees %d frameworks, Globex %d; want each its own alone", len(acme), len(globex))
		}

		c, err := w.app.CreateControl(w.ctx, g, app.ControlInput{Title: "Globex backups", Status: string(isms.ControlImplemented)})
		w.must("CreateControl(globex)", err)
		r, err := w.app.ResolveRequirement(w.ctx, g, "globex-lite", "G1")
		w.must("ResolveRequirement(globex)", err)
		_, err = w.app.LinkControl(w.ctx, g, c.ID, []isms.ID{r.ID})
		w.must("LinkControl(globex)", err)

		if again := w.posture(w.asViewer()); !cmp.Equal(acme, again) {
			t.Errorf("Globex's change changed Acme's posture:\n%s", cmp.Diff(acme, again))
		}
		wantFreshPosture(t, "Acme after Globex's change", w.posture(w.asViewer()), w.freshPosture(w.asViewer()))
		changed := w.posture(g)
		if got := countsOf(t, changed, globexFw.ID); got.Covered != 1 {
			t.Errorf("Globex after its change: %+v, want 1 covered", got)
		}
		wantFreshPosture(t, "Globex after its change", changed, w.freshPosture(g))
		if _, err := w.app.FrameworkPosture(w.ctx, w.asViewer(), globexFw.ID); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FrameworkPosture(Acme, Globex's framework) = %v, want not found", err)
		}
	})
}

func TestPostureOfAFrameworkScopedAuditor(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso, isoReq := w.importSmall("iso-lite", "ISO lite")
		soc, socReq := w.importSmall("soc-lite", "SOC lite")
		res := w.invite(app.AuditorInput{Email: "ivy@cert.example", Name: "Ivy Auditor", AccessUntil: "2026-06-30", Framework: "iso-lite"})
		aud := w.authenticate(w.session("ivy@cert.example", res.Password)).Actor
		c := w.control("Logging", isms.ControlImplemented)
		w.link(c, isoReq.ID, socReq.ID)

		seen := func(round string, first, second isms.Actor) {
			t.Helper()
			for _, a := range []isms.Actor{first, second} {
				got := w.posture(a)
				wantFreshPosture(t, round, got, w.freshPosture(a))
				want := 2
				if a.FrameworkID != "" {
					want = 1
				}
				if len(got) != want {
					t.Errorf("%s: %s sees %d frameworks, want %d", round, a.Name, len(got), want)
				}
			}
			if p := w.posture(aud); len(p) != 1 || p[0].Framework.ID != iso.ID {
				t.Errorf("%s: the auditor sees %d frameworks, want iso-lite alone", round, len(p))
			}
			wantFreshFramework(t, w, round, w.frameworkPosture(aud, iso.ID), w.org.ID, iso.ID)
			if _, err := w.app.FrameworkPosture(w.ctx, aud, soc.ID); isms.ErrorCode(err) != isms.NotFound {
				t.Errorf("%s: FrameworkPosture(auditor, soc-lite) = %v, want not found", round, err)
			}
			wantFreshFramework(t, w, round, w.frameworkPosture(w.asViewer(), soc.ID), w.org.ID, soc.ID)
		}
		seen("the viewer first", w.asViewer(), aud)
		w.must("UnlinkControl", w.app.UnlinkControl(w.ctx, w.asContributor(), c.ID, socReq.ID))
		seen("the auditor first", aud, w.asViewer())
	})
}

func TestPostureConcurrentCallsAgree(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		fw, req := w.importSmall("iso-lite", "ISO lite")
		const callers = 8
		for round := range 3 {
			switch round {
			case 1:
				w.link(w.control("Backups", isms.ControlPlanned), req.ID)
			case 2:
				w.link(w.control("Restores", isms.ControlImplemented), req.ID)
			}
			all := make([][]app.FrameworkPosture, callers)
			one := make([]*app.FrameworkPosture, callers)
			errs := make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					if i%2 == 0 {
						all[i], errs[i] = w.app.Posture(w.ctx, w.asViewer())
					} else {
						one[i], errs[i] = w.app.FrameworkPosture(w.ctx, w.asViewer(), fw.ID)
					}
				})
			}
			wg.Wait()
			fresh := w.freshPosture(w.asViewer())
			for i := range callers {
				if errs[i] != nil {
					t.Fatalf("round %d: caller %d: %v", round, i, errs[i])
				}
				if i%2 == 0 {
					wantFreshPosture(t, "a concurrent Posture", all[i], fresh)
				} else {
					wantFreshFramework(t, w, "a concurrent FrameworkPosture", one[i], w.org.ID, fw.ID)
				}
			}
		}
	})
}
