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

// newRisk returns an unsaved, unscored scenario risk of org.
func newRisk(org *isms.Organization, ref string) *isms.Risk {
	return &isms.Risk{ID: isms.NewID("rsk"), OrgID: org.ID, Ref: ref, Title: "Risk " + ref, Kind: isms.RiskScenario,
		Status: isms.RiskIdentified}
}

// riskFixture is a register of seven risks of acme under an approved 5×5
// method (and one under its superseded first version), with assets,
// a control and treatment actions, and one risk of another organization.
// The test clock's day, 2025-03-03, is today.
type riskFixture struct {
	org, other *isms.Organization
	ann, bob   *isms.User
	m, m0      *isms.RiskMethod
	a1, a2     *isms.Asset
	c1         *isms.Control
	risks      map[string]*isms.Risk
	done       *isms.Task // R-1's done action
}

// score sets r's method and scores under m: inherent (il, ii), residual
// (rl, ri), 0 for unset.
func score(r *isms.Risk, m *isms.RiskMethod, il, ii, rl, ri int) {
	r.MethodID = m.ID
	r.Inherent = isms.RiskScore{Likelihood: il, Impact: ii}
	r.Residual = isms.RiskScore{Likelihood: rl, Impact: ri}
	r.Score(m)
}

func newRiskFixture(t *testing.T, db *sqldb.DB) *riskFixture {
	t.Helper()
	ctx := context.Background()
	setClock(db)
	f := &riskFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other"), risks: map[string]*isms.Risk{}}
	f.ann, f.bob = insertUser(t, db, "ann@example.com", "Ann"), insertUser(t, db, "bob@example.com", "Bob")
	f.m0, f.m = newRiskMethod(t, f.org, 1), newRiskMethod(t, f.org, 2)
	f.m0.Status, f.m.Status = isms.MethodSuperseded, isms.MethodApproved
	insertRiskMethod(t, db, f.m0)
	insertRiskMethod(t, db, f.m)
	f.a1, f.a2 = newAsset(f.org, "AS-1"), newAsset(f.org, "AS-2")
	f.c1 = newControl(f.org, "C-1", isms.ControlImplemented)
	add := func(ref, title string, status isms.RiskStatus, treatment isms.TreatmentOption, owner *isms.User, review string) *isms.Risk {
		r := newRisk(f.org, ref)
		r.Title, r.Status, r.Treatment = title, status, treatment
		if owner != nil {
			r.OwnerID, r.OwnerName = owner.ID, owner.Name
		}
		if review != "" {
			r.NextReview = day(t, review)
		}
		f.risks[ref] = r
		return r
	}
	r1 := add("R-1", "Ransomware on file server", isms.RiskInTreatment, isms.TreatmentModify, f.ann, "2025-02-01")
	r1.Event, r1.Category = "Malware encrypts files", "Cyber"
	score(r1, f.m, 4, 5, 2, 3)
	r2 := add("R-2", "laptop theft", isms.RiskAssessed, isms.TreatmentNone, f.bob, "2025-12-01")
	r2.Kind, r2.Threat, r2.Vulnerability = isms.RiskAsset, "Theft", "Unencrypted disk"
	score(r2, f.m, 3, 3, 0, 0)
	r3 := add("R-3", "Supplier outage", isms.RiskAccepted, isms.TreatmentRetain, f.ann, "2025-09-01")
	r3.AcceptanceID, r3.AcceptedUntil = "racc_r3", day(t, "2025-03-03")
	score(r3, f.m, 2, 2, 2, 2)
	add("R-4", "Phishing", isms.RiskIdentified, isms.TreatmentNone, nil, "")
	score(add("R-5", "Old method risk", isms.RiskAssessed, isms.TreatmentNone, nil, ""), f.m0, 5, 5, 0, 0)
	score(add("R-6", "Fire", isms.RiskClosed, isms.TreatmentAvoid, nil, "2025-01-01"), f.m, 1, 1, 0, 0)
	score(add("R-10", "Insider misuse", isms.RiskTreatmentPlanned, isms.TreatmentShare, nil, ""), f.m, 4, 5, 3, 3)
	var rs []*isms.Risk
	for _, ref := range []string{"R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-10"} {
		rs = append(rs, f.risks[ref])
	}
	elsewhere := newRisk(f.other, "R-1")
	elsewhere.Title = "Ransomware elsewhere"
	overdue1, overdue3 := newTask(t, f.org, f.ann, "Patch servers", "2025-02-15"), newTask(t, f.org, f.ann, "Find second supplier", "2025-03-01")
	later := newTask(t, f.org, f.ann, "Insurance", "2025-04-01")
	f.done = newTask(t, f.org, f.ann, "Back up offline", "2025-01-10")
	f.done.Status = isms.TaskDone
	update(t, db, func(tx *sqldb.Tx) error {
		for _, err := range []error{
			tx.InsertAssets(ctx, []*isms.Asset{f.a1, f.a2}), tx.InsertControl(ctx, f.c1),
			tx.InsertRisks(ctx, rs), tx.InsertRisk(ctx, elsewhere),
			tx.InsertRiskLinks(ctx, f.org.ID, [][2]isms.ID{{r1.ID, f.a1.ID}, {r2.ID, f.a1.ID}, {r2.ID, f.a2.ID}},
				[][2]isms.ID{{r1.ID, f.c1.ID}}),
			tx.InsertTasks(ctx, []*isms.Task{overdue1, overdue3, later, f.done}),
			tx.InsertRiskAction(ctx, f.org.ID, r1.ID, overdue1.ID, f.c1.ID),
			tx.InsertRiskAction(ctx, f.org.ID, r1.ID, f.done.ID, ""),
			tx.InsertRiskAction(ctx, f.org.ID, r3.ID, overdue3.ID, ""),
			tx.InsertRiskAction(ctx, f.org.ID, f.risks["R-10"].ID, later.ID, ""),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	return f
}

// riskRefs returns the references of rs, in order.
func riskRefs(rs []*isms.Risk) []string {
	refs := []string{}
	for _, r := range rs {
		refs = append(refs, r.Ref)
	}
	return refs
}

func TestRiskStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newRiskFixture(t, db)
		r := newRisk(f.org, "R-11")
		r.ThreatSource, r.Event, r.Consequence, r.Threat, r.Vulnerability = "Criminals", "Break-in", "Loss", "Theft", "Weak door"
		r.Description, r.Category, r.OwnerID, r.TreatmentPlan, r.CreatedBy = "Office risk", "Physical", f.bob.ID, "New lock", f.ann.ID
		r.MethodID, r.Treatment, r.Status = f.m.ID, isms.TreatmentModify, isms.RiskTreatmentPlanned
		r.Inherent = isms.RiskScore{Likelihood: 3, Impact: 4, C: 4, I: 2, A: 1, Level: 4}
		r.Residual = isms.RiskScore{Likelihood: 2, Impact: 2, C: 2, I: 1, A: 1, Level: 2}
		r.NextReview, r.LastReviewed, r.ReviewTaskID = day(t, "2026-03-01"), day(t, "2025-03-01"), "tsk_review"
		r.AcceptanceID, r.AcceptedUntil = "racc_1", day(t, "2026-03-01")
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertRisk(ctx, r) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindRiskByRef(ctx, f.org.ID, "R-11")
			if err != nil {
				return err
			}
			want := *r
			want.OwnerName, want.MethodNumber = "Bob", 2
			if d := cmp.Diff(&want, got, equateDates); d != "" {
				t.Errorf("FindRiskByRef (-want +got):\n%s", d)
			}
			_, err = tx.FindRiskByID(ctx, f.other.ID, r.ID)
			wantCode(t, "FindRiskByID(another organization)", err, isms.NotFound)
			_, err = tx.FindRiskByRef(ctx, f.other.ID, "R-11")
			wantCode(t, "FindRiskByRef(another organization)", err, isms.NotFound)
			got, err = tx.FindRiskByID(ctx, f.org.ID, f.risks["R-1"].ID)
			if err != nil || got.Assets != 1 || got.Controls != 1 || got.OpenActions != 1 || got.OverdueActions != 1 {
				t.Errorf("FindRiskByID(R-1) counts = %+v, %v; want 1 asset, 1 control, 1 open action overdue", got, err)
			}
			if n, err := tx.MaxRiskNumber(ctx, f.org.ID); n != 11 || err != nil {
				t.Errorf("MaxRiskNumber = %d, %v; want 11", n, err)
			}
			byMethod, err := tx.FindRisksByMethod(ctx, f.org.ID, f.m0.ID)
			if d := cmp.Diff([]string{"R-5"}, riskRefs(byMethod)); d != "" || err != nil {
				t.Errorf("FindRisksByMethod(v1) (-want +got):\n%s%v", d, err)
			}
			all, err := tx.AllRisks(ctx, f.org.ID)
			if d := cmp.Diff([]string{"R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-10", "R-11"}, riskRefs(all)); d != "" || err != nil {
				t.Errorf("AllRisks (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		for _, dup := range []func(tx *sqldb.Tx) error{
			func(tx *sqldb.Tx) error { return tx.InsertRisk(ctx, newRisk(f.org, "R-1")) },
			func(tx *sqldb.Tx) error { return tx.InsertRisks(ctx, []*isms.Risk{newRisk(f.org, "R-2")}) },
		} {
			wantCode(t, "insert of a taken reference", db.Update(ctx, dup), isms.Conflict)
		}

		r.Ref, r.OwnerID, r.MethodID, r.Inherent, r.Residual = "R-12", "", "", isms.RiskScore{}, isms.RiskScore{}
		r.NextReview, r.AcceptanceID, r.AcceptedUntil, r.Status = isms.Date{}, "", isms.Date{}, isms.RiskIdentified
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateRisk(ctx, r, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateRisk(ctx, r, 1) })
		wantCode(t, "UpdateRisk(stale version)", err, isms.Conflict)
		r.Ref = "R-1"
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateRisk(ctx, r, 2) })
		wantCode(t, "UpdateRisk(taken reference)", err, isms.Conflict)
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindRiskByIDForUpdate(ctx, f.org.ID, r.ID)
			if err != nil || got.Ref != "R-12" || got.Version != 2 || got.MethodID != "" || got.MethodNumber != 0 ||
				got.OwnerID != "" || !got.Inherent.IsZero() || !got.NextReview.IsZero() || !got.AcceptedUntil.IsZero() {
				t.Errorf("after UpdateRisk: %+v, %v", got, err)
			}
			return nil
		})

		r1 := f.risks["R-1"]
		update(t, db, func(tx *sqldb.Tx) error {
			return tx.InsertRiskAcceptance(ctx, &isms.RiskAcceptance{ID: isms.NewID("racc"), OrgID: f.org.ID, RiskID: r1.ID,
				AcceptedBy: f.ann.ID, AcceptedByName: "Ann", MethodID: f.m.ID, MethodNumber: 2, Residual: r1.Residual,
				LevelLabel: "Medium", ExpiresOn: r1.NextReview})
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteRisk(ctx, f.other.ID, r1.ID) })
		wantCode(t, "DeleteRisk(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteRisk(ctx, f.org.ID, r1.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindRiskByID(ctx, f.org.ID, r1.ID)
			wantCode(t, "FindRiskByID(deleted)", err, isms.NotFound)
			_, err = tx.FindRiskAction(ctx, f.org.ID, f.done.ID)
			wantCode(t, "FindRiskAction(action of a deleted risk)", err, isms.NotFound)
			if _, err := tx.FindTaskByID(ctx, f.org.ID, f.done.ID); err != nil {
				t.Errorf("task of a deleted risk's action: %v; want it kept", err)
			}
			a, err := tx.FindAssetByID(ctx, f.org.ID, f.a1.ID)
			if err != nil || a.Risks != 1 {
				t.Errorf("AS-1 after deleting R-1: %+v, %v; want 1 risk", a, err)
			}
			return nil
		})
	})
}
