// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// newSoA returns an unsaved version number of framework f's SoA.
func newSoA(f *isms.Framework, number int, status isms.SoAStatus) *isms.SoA {
	return &isms.SoA{ID: isms.NewID("soa"), OrgID: f.OrgID, FrameworkID: f.ID, FrameworkName: f.Name, Number: number,
		Status: status, CreatedBy: "usr_maker"}
}

// insertSoA stores s with one undecided line per requirement of kind
// control among rs.
func insertSoA(t *testing.T, db *sqldb.DB, s *isms.SoA, rs []*isms.Requirement) []*isms.SoALine {
	t.Helper()
	var lines []*isms.SoALine
	for _, r := range rs {
		if r.Kind == isms.KindControl {
			lines = append(lines, &isms.SoALine{SoAID: s.ID, OrgID: s.OrgID, RequirementID: r.ID, Ref: r.Ref, Title: r.Title,
				Position: r.Position})
		}
	}
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertSoA(context.Background(), s); err != nil {
			return err
		}
		return tx.InsertSoALines(context.Background(), lines)
	})
	return lines
}

// soaLines reads the lines of version soa of org.
func soaLines(t *testing.T, db *sqldb.DB, org, soa isms.ID) []*isms.SoALine {
	t.Helper()
	var lines []*isms.SoALine
	view(t, db, func(tx *sqldb.Tx) (err error) {
		lines, err = tx.FindSoALines(context.Background(), org, soa)
		return err
	})
	return lines
}

func TestSoAStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		f, _ := newFramework(t, db, org, "a")
		g, _ := newFramework(t, db, org, "b")
		v1 := newSoA(f, 1, isms.SoADraft)
		v1.Note = "First statement"
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertSoA(ctx, v1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertSoA(ctx, newSoA(f, 1, isms.SoADraft)) })
		wantCode(t, "InsertSoA(v1 again)", err, isms.Conflict)
		c.Advance(time.Hour)
		update(t, db, func(tx *sqldb.Tx) error {
			s, err := tx.FindSoAByIDForUpdate(ctx, org.ID, v1.ID)
			if err != nil {
				return err
			}
			s.Status, s.Frozen, s.ApprovedAt, s.ApprovalID, s.Note = isms.SoAApproved, true, c.Now(), "apr_1", "Approved statement"
			if err := tx.UpdateSoA(ctx, s, 1); err != nil {
				return err
			}
			wantCode(t, "UpdateSoA(stale)", tx.UpdateSoA(ctx, s, 1), isms.Conflict)
			if err := tx.InsertSoA(ctx, newSoA(f, 2, isms.SoADraft)); err != nil {
				return err
			}
			return tx.InsertSoA(ctx, newSoA(g, 1, isms.SoADraft)) // numbers count per framework
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindSoAWithStatus(ctx, org.ID, f.ID, isms.SoAApproved)
			want := *v1
			want.Status, want.Frozen, want.ApprovedAt, want.ApprovalID, want.Note = isms.SoAApproved, true, c.Now(), "apr_1", "Approved statement"
			want.Version, want.UpdatedAt = 2, c.Now()
			if d := cmp.Diff(&want, got); d != "" || err != nil {
				t.Errorf("FindSoAWithStatus(approved) (-want +got):\n%s%v", d, err)
			}
			if d, err := tx.FindSoAWithStatus(ctx, org.ID, f.ID, isms.SoADraft); err != nil || d.Number != 2 || d.Frozen {
				t.Errorf("draft = %+v, %v; want v2, not frozen", d, err)
			}
			if s, err := tx.FindSoAByNumber(ctx, org.ID, f.ID, 1); err != nil || s.ID != v1.ID {
				t.Errorf("FindSoAByNumber(1) = %v, %v", s, err)
			}
			_, err = tx.FindSoAByNumber(ctx, org.ID, f.ID, 3)
			wantCode(t, "FindSoAByNumber(3)", err, isms.NotFound)
			if n, err := tx.MaxSoANumber(ctx, org.ID, f.ID); n != 2 || err != nil {
				t.Errorf("MaxSoANumber = %d, %v; want 2", n, err)
			}
			checkSoAList(t, tx, org.ID, f.ID, []string{"Framework a v2", "Framework a v1"})
			checkSoAList(t, tx, org.ID, "", []string{"Framework a v2", "Framework a v1", "Framework b v1"})
			checkSoAList(t, tx, other.ID, "", nil)
			_, err = tx.FindSoAByID(ctx, other.ID, v1.ID)
			wantCode(t, "FindSoAByID(another organization)", err, isms.NotFound)
			_, err = tx.FindSoAWithStatus(ctx, other.ID, f.ID, isms.SoAApproved)
			wantCode(t, "FindSoAWithStatus(another organization)", err, isms.NotFound)
			if n, _ := tx.MaxSoANumber(ctx, other.ID, f.ID); n != 0 {
				t.Errorf("another organization's MaxSoANumber = %d", n)
			}
			return nil
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteSoA(ctx, other.ID, v1.ID) })
		wantCode(t, "DeleteSoA(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSoA(ctx, org.ID, v1.ID) })
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteSoA(ctx, org.ID, v1.ID) })
		wantCode(t, "DeleteSoA(deleted)", err, isms.NotFound)
	})
}

// checkSoAList checks the versions FindSoAs lists, as "<framework> vN".
func checkSoAList(t *testing.T, tx *sqldb.Tx, org, framework isms.ID, want []string) {
	t.Helper()
	list, err := tx.FindSoAs(context.Background(), org, framework)
	var got []string
	for _, s := range list {
		got = append(got, s.FrameworkName+" "+s.VersionLabel())
	}
	if d := cmp.Diff(want, got); d != "" || err != nil {
		t.Errorf("FindSoAs(%q) (-want +got):\n%s%v", framework, d, err)
	}
}

func TestSoALines(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann Owner")
		addMember(t, db, org.ID, ann.ID, isms.RoleManager)
		f, rs := newFramework(t, db, org, "a")
		s := newSoA(f, 1, isms.SoADraft)
		lines := insertSoA(t, db, s, rs)
		got := soaLines(t, db, org.ID, s.ID)
		if d := cmp.Diff(lines, got, equateDates); d != "" || lines[0].Version != 1 || !lines[0].UpdatedAt.Equal(t0) {
			t.Errorf("FindSoALines (-inserted +read):\n%s", d)
		}
		if refs := soaLineRefs(got); !cmp.Equal(refs, []string{"G1.1", "G1.2", "G2.1", "G2.2"}) {
			t.Errorf("line order = %v", refs)
		}
		if len(soaLines(t, db, other.ID, s.ID)) != 0 {
			t.Error("another organization reads the lines")
		}
		c.Advance(time.Minute)
		edited := editSoALine(t, db, org.ID, s.ID, rs[2].ID, ann.ID)
		got = soaLines(t, db, org.ID, s.ID)
		edited.OwnerName = "Ann Owner"
		if d := cmp.Diff(edited, got[1], equateDates); d != "" || got[1].Version != 2 || !got[1].UpdatedAt.Equal(c.Now()) {
			t.Errorf("edited line (-want +got):\n%s", d)
		}
		update(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindSoALineForUpdate(ctx, org.ID, s.ID, rs[0].ID) // a group: no line
			wantCode(t, "FindSoALineForUpdate(a group)", err, isms.NotFound)
			_, err = tx.FindSoALineForUpdate(ctx, other.ID, s.ID, rs[1].ID)
			wantCode(t, "FindSoALineForUpdate(another organization)", err, isms.NotFound)
			stale := *edited
			wantCode(t, "UpdateSoALine(stale)", tx.UpdateSoALine(ctx, &stale, 1), isms.Conflict)
			return nil
		})
	})
}

func soaLineRefs(lines []*isms.SoALine) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Ref)
	}
	return out
}

// editSoALine decides line requirement of version soa as excluded, owned
// by owner, and returns it as written.
func editSoALine(t *testing.T, db *sqldb.DB, org, soa, requirement, owner isms.ID) *isms.SoALine {
	t.Helper()
	var l *isms.SoALine
	update(t, db, func(tx *sqldb.Tx) (err error) {
		if l, err = tx.FindSoALineForUpdate(context.Background(), org, soa, requirement); err != nil {
			return err
		}
		l.Applicable, l.Business, l.Practice, l.Reason = isms.SoAExcluded, true, true, "Customers ask for it."
		l.Exclusion, l.Override, l.OverrideReason = "No premises.", isms.SoAPlanned, "Budget approved."
		l.OwnerID, l.ChangeReason, l.UpdatedBy = owner, "Office closed.", "usr_editor"
		return tx.UpdateSoALine(context.Background(), l, 1)
	})
	return l
}

func TestSoASources(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		f, rs := newFramework(t, db, org, "a")
		s := newSoA(f, 1, isms.SoADraft)
		insertSoA(t, db, s, rs)
		src := isms.SoASources{
			Risks:       []isms.SoARef{{ID: "rsk_1", Ref: "R-1", Title: "Laptop theft"}},
			Obligations: []isms.SoARef{{ID: "preq_1", Ref: "RQ-1", Title: "Report breaches"}},
			Controls:    []isms.SoAControl{{ID: "ctl_1", Ref: "C-1", Title: "Disk encryption", Status: isms.ControlImplemented}},
			Derived:     isms.SoAImplemented, Evidence: 3, Fresh: 2, Newest: isms.NewDate(2025, 2, 1), ReadOn: isms.NewDate(2025, 3, 3),
		}
		update(t, db, func(tx *sqldb.Tx) error {
			return tx.SetSoASources(ctx, org.ID, s.ID, map[isms.ID]isms.SoASources{rs[1].ID: src, rs[5].ID: {Derived: isms.SoANotStarted}})
		})
		got := soaLines(t, db, org.ID, s.ID)
		if d := cmp.Diff(src, got[0].Sources, equateDates); d != "" {
			t.Errorf("sources of G1.1 (-set +read):\n%s", d)
		}
		if got[3].Sources.Derived != isms.SoANotStarted || got[1].Sources.Derived != "" || got[0].Version != 1 {
			t.Errorf("sources of G2.2 = %+v, of G1.2 = %+v, version %d", got[3].Sources, got[1].Sources, got[0].Version)
		}
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.SetSoASources(ctx, org.ID, s.ID, map[isms.ID]isms.SoASources{rs[0].ID: src}) // a group: no line
		})
		if err == nil {
			t.Error("SetSoASources(a requirement without a line) = nil, want an error")
		}
	})
}

func TestSoARequirements(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		f, rs := newFramework(t, db, org, "a")
		g := &isms.Framework{ID: isms.NewID("fwk"), OrgID: org.ID, Key: "clauses", Name: "Clauses", Source: isms.SourceYAML}
		clause := func(ref string, pos int, assessable bool) *isms.Requirement {
			return &isms.Requirement{ID: isms.NewID("req"), OrgID: org.ID, FrameworkID: g.ID, Ref: ref, Title: "Clause " + ref,
				Kind: isms.KindClause, Assessable: assessable, Position: pos, GroupRef: ref}
		}
		gs := []*isms.Requirement{clause("4", 0, false), clause("4.1", 1, true), clause("4.2", 2, true), clause("5", 3, false)}
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertFramework(ctx, g); err != nil {
				return err
			}
			return tx.InsertRequirements(ctx, gs)
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.SoARequirements(ctx, org.ID, f.ID)
			want := []sqldb.SoARequirement{{rs[1].ID, "G1.1", rs[1].Title, 1}, {rs[2].ID, "G1.2", rs[2].Title, 2},
				{rs[4].ID, "G2.1", rs[4].Title, 4}, {rs[5].ID, "G2.2", rs[5].Title, 5}}
			if d := cmp.Diff(want, got); d != "" || err != nil {
				t.Errorf("SoARequirements(controls) (-want +got):\n%s%v", d, err)
			}
			got, err = tx.SoARequirements(ctx, org.ID, g.ID)
			want = []sqldb.SoARequirement{{gs[1].ID, "4.1", "Clause 4.1", 1}, {gs[2].ID, "4.2", "Clause 4.2", 2}}
			if d := cmp.Diff(want, got); d != "" || err != nil {
				t.Errorf("SoARequirements(assessable) (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.SoARequirements(ctx, other.ID, f.ID); len(got) != 0 || err != nil {
				t.Errorf("SoARequirements(another organization) = %v, %v", got, err)
			}
			return nil
		})
	})
}

func TestDeleteFrameworkSoAs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		f, rs := newFramework(t, db, org, "a")
		g, gs := newFramework(t, db, org, "b")
		approved, draft, kept := newSoA(f, 1, isms.SoAApproved), newSoA(f, 2, isms.SoADraft), newSoA(g, 1, isms.SoADraft)
		insertSoA(t, db, approved, rs)
		insertSoA(t, db, draft, rs)
		insertSoA(t, db, kept, gs)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteFramework(ctx, org.ID, f.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindSoAByID(ctx, org.ID, draft.ID)
			wantCode(t, "FindSoAByID(draft of the deleted framework)", err, isms.NotFound)
			checkSoAList(t, tx, org.ID, "", []string{"Framework a v1", "Framework b v1"})
			return nil
		})
		if n := len(soaLines(t, db, org.ID, approved.ID)); n != 4 {
			t.Errorf("approved version keeps %d lines, want 4", n)
		}
		if n := len(soaLines(t, db, org.ID, draft.ID)); n != 0 {
			t.Errorf("deleted draft keeps %d lines", n)
		}
		if n := len(soaLines(t, db, org.ID, kept.ID)); n != 4 {
			t.Errorf("the other framework's draft keeps %d lines, want 4", n)
		}
	})
}

// soaFixture is the data the derivation queries read: framework rs
// (newFramework) of org with controls linked to its requirements, risks
// and obligations using them and evidence of them.
type soaFixture struct {
	org         *isms.Organization
	f           *isms.Framework
	rs          []*isms.Requirement
	c           map[string]*isms.Control
	risks       map[string]*isms.Risk
	obligations map[string]*isms.PartyRequirement
}

// newSoAFixture stores, for org:
//   - C-1 (implemented) and C-10 (in progress) linked to G1.1, C-2
//     (planned) linked to G2.1, C-3 linked to G1.2 by an inferred link only,
//     C-4 linked to nothing;
//   - using C-1, R-2 using C-2 and C-3, R-3 (closed) using C-1;
//   - RQ-1 (addressed) linking to C-1, C-10 linking to RQ-2 (addressed),
//     RQ-3 (not addressed) linking to C-1, RQ-4 (addressed) linking to C-3;
//   - evidence of C-1 (one item current, one expired), C-10 (one item
//     without expiry) and C-3.
func newSoAFixture(t *testing.T, db *sqldb.DB, org *isms.Organization, today isms.Date) *soaFixture {
	t.Helper()
	x := &soaFixture{org: org, c: map[string]*isms.Control{}, risks: map[string]*isms.Risk{}, obligations: map[string]*isms.PartyRequirement{}}
	x.f, x.rs = newFramework(t, db, org, "a")
	for ref, st := range map[string]isms.ControlStatus{"C-1": isms.ControlImplemented, "C-10": isms.ControlInProgress,
		"C-2": isms.ControlPlanned, "C-3": isms.ControlImplemented, "C-4": isms.ControlImplemented} {
		x.c[ref] = newControl(org, ref, st)
	}
	for _, ref := range []string{"R-10", "R-2", "R-3"} {
		x.risks[ref] = newRisk(org, ref)
	}
	x.risks["R-3"].Status = isms.RiskClosed
	update(t, db, func(tx *sqldb.Tx) error { return x.storeControls(tx) })
	update(t, db, func(tx *sqldb.Tx) error { return x.storeObligations(tx) })
	x.evidence(t, db, "C-1", today.AddDays(-5), today)
	x.evidence(t, db, "C-1", today.AddDays(-2), today.AddDays(-1))
	x.evidence(t, db, "C-10", today.AddDays(-40), isms.Date{})
	x.evidence(t, db, "C-3", today, isms.Date{})
	return x
}

func (x *soaFixture) storeControls(tx *sqldb.Tx) error {
	ctx := context.Background()
	for _, c := range x.c {
		if err := tx.InsertControl(ctx, c); err != nil {
			return err
		}
	}
	_, err := tx.InsertControlLinks(ctx, x.org.ID, []isms.ControlLink{
		{ControlID: x.c["C-1"].ID, RequirementID: x.rs[1].ID}, {ControlID: x.c["C-10"].ID, RequirementID: x.rs[1].ID},
		{ControlID: x.c["C-2"].ID, RequirementID: x.rs[4].ID}, {ControlID: x.c["C-3"].ID, RequirementID: x.rs[2].ID, Inferred: true}})
	if err != nil {
		return err
	}
	uses := map[string][]string{"R-10": {"C-1"}, "R-2": {"C-1", "C-2", "C-3"}, "R-3": {"C-1"}}
	for ref, r := range x.risks {
		if err := tx.InsertRisk(ctx, r); err != nil {
			return err
		}
		var ids []isms.ID
		for _, c := range uses[ref] {
			ids = append(ids, x.c[c].ID)
		}
		if err := tx.SetRiskControls(ctx, x.org.ID, r.ID, ids); err != nil {
			return err
		}
	}
	return nil
}

func (x *soaFixture) storeObligations(tx *sqldb.Tx) error {
	ctx := context.Background()
	p := &isms.InterestedParty{ID: isms.NewID("ip"), OrgID: x.org.ID, Ref: "IP-1", Name: "Regulator", Kind: isms.ContextExternal,
		Category: isms.PartyRegulator}
	if err := tx.InsertParty(ctx, p); err != nil {
		return err
	}
	for ref, addressed := range map[string]bool{"RQ-1": true, "RQ-2": true, "RQ-3": false, "RQ-4": true} {
		x.obligations[ref] = &isms.PartyRequirement{ID: isms.NewID("preq"), OrgID: x.org.ID, PartyID: p.ID, Ref: ref,
			Title: "Obligation " + ref, Type: isms.RequirementLegal, Addressed: addressed}
		if err := tx.InsertPartyRequirement(ctx, x.obligations[ref]); err != nil {
			return err
		}
	}
	link := func(fromType string, from isms.ID, toType string, to isms.ID) error {
		_, err := tx.SetRecordLinks(ctx, x.org.ID, isms.Link{Type: fromType, ID: from}, toType, []isms.ID{to})
		return err
	}
	for _, err := range []error{
		link("party_requirement", x.obligations["RQ-1"].ID, "control", x.c["C-1"].ID),
		link("control", x.c["C-10"].ID, "party_requirement", x.obligations["RQ-2"].ID),
		link("party_requirement", x.obligations["RQ-3"].ID, "control", x.c["C-1"].ID),
		link("party_requirement", x.obligations["RQ-4"].ID, "control", x.c["C-3"].ID),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// evidence links an item collected on collected and valid until until
// (zero: no expiry) to control ref.
func (x *soaFixture) evidence(t *testing.T, db *sqldb.DB, ref string, collected, until isms.Date) {
	t.Helper()
	e := newEvidence(x.org, "Evidence for "+ref, isms.EvidenceKindNote, nil)
	e.CollectedOn, e.ValidUntil = collected, until
	insertEvidence(t, db, e)
	update(t, db, func(tx *sqldb.Tx) error {
		_, err := tx.InsertEvidenceLink(context.Background(), x.org.ID, e.ID, isms.Link{Type: "control", ID: x.c[ref].ID})
		return err
	})
}

// refs names control–record pairs as "C-1 R-2", in the order of the
// records; the pairs of one record, which come in no set order, are
// sorted.
func (x *soaFixture) refs(list []sqldb.SoAControlRef) []string {
	byID := map[isms.ID]string{}
	for ref, c := range x.c {
		byID[c.ID] = ref
	}
	var out []string
	start := 0
	for i, r := range list {
		if i > 0 && r.Record.ID != list[i-1].Record.ID {
			slices.Sort(out[start:])
			start = i
		}
		out = append(out, byID[r.ControlID]+" "+r.Record.Ref)
	}
	slices.Sort(out[start:])
	return out
}

func TestSoADerivation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		today := isms.NewDate(2025, 3, 3)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		x := newSoAFixture(t, db, org, today)
		y := newSoAFixture(t, db, other, today) // the same records in another organization
		view(t, db, func(tx *sqldb.Tx) error {
			links, err := tx.SoAControlLinks(ctx, org.ID, x.f.ID)
			want := []sqldb.SoAControlLink{
				{x.rs[1].ID, isms.SoAControl{ID: x.c["C-1"].ID, Ref: "C-1", Title: "Control C-1", Status: isms.ControlImplemented}},
				{x.rs[1].ID, isms.SoAControl{ID: x.c["C-10"].ID, Ref: "C-10", Title: "Control C-10", Status: isms.ControlInProgress}},
				{x.rs[4].ID, isms.SoAControl{ID: x.c["C-2"].ID, Ref: "C-2", Title: "Control C-2", Status: isms.ControlPlanned}},
			}
			if d := cmp.Diff(want, links); d != "" || err != nil {
				t.Errorf("SoAControlLinks (-want +got):\n%s%v", d, err)
			}
			risks, err := tx.SoARiskUses(ctx, org.ID, x.f.ID)
			if d := cmp.Diff([]string{"C-1 R-2", "C-2 R-2", "C-1 R-10"}, x.refs(risks)); d != "" || err != nil {
				t.Errorf("SoARiskUses (-want +got):\n%s%v", d, err)
			}
			if len(risks) > 0 && risks[0].Record != (isms.SoARef{ID: x.risks["R-2"].ID, Ref: "R-2", Title: "Risk R-2"}) {
				t.Errorf("risk use = %+v", risks[0].Record)
			}
			obligations, err := tx.SoAObligations(ctx, org.ID, x.f.ID)
			if d := cmp.Diff([]string{"C-1 RQ-1", "C-10 RQ-2"}, x.refs(obligations)); d != "" || err != nil {
				t.Errorf("SoAObligations (-want +got):\n%s%v", d, err)
			}
			evidence, err := tx.SoAEvidence(ctx, org.ID, x.f.ID, today)
			got := map[isms.ID]sqldb.SoAControlEvidence{}
			for _, e := range evidence {
				got[e.ControlID] = e
			}
			wantEv := map[isms.ID]sqldb.SoAControlEvidence{
				x.c["C-1"].ID:  {ControlID: x.c["C-1"].ID, Count: 2, Fresh: 1, Newest: today.AddDays(-2)},
				x.c["C-10"].ID: {ControlID: x.c["C-10"].ID, Count: 1, Fresh: 1, Newest: today.AddDays(-40)},
			}
			if d := cmp.Diff(wantEv, got, equateDates); d != "" || err != nil {
				t.Errorf("SoAEvidence (-want +got):\n%s%v", d, err)
			}
			checkSoAScoping(t, tx, org.ID, y.f.ID)
			return nil
		})
	})
}

// checkSoAScoping checks that org reads nothing of another organization's
// framework.
func checkSoAScoping(t *testing.T, tx *sqldb.Tx, org, framework isms.ID) {
	t.Helper()
	ctx := context.Background()
	reqs, err1 := tx.SoARequirements(ctx, org, framework)
	links, err2 := tx.SoAControlLinks(ctx, org, framework)
	risks, err3 := tx.SoARiskUses(ctx, org, framework)
	obligations, err4 := tx.SoAObligations(ctx, org, framework)
	evidence, err5 := tx.SoAEvidence(ctx, org, framework, isms.NewDate(2025, 3, 3))
	if n := len(reqs) + len(links) + len(risks) + len(obligations) + len(evidence); n > 0 {
		t.Errorf("another organization's framework gives %d rows", n)
	}
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			t.Error(err)
		}
	}
}
