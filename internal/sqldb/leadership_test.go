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

func commitmentRefs(cs []*isms.Commitment) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Ref)
	}
	return out
}

func TestCommitmentStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		mk := func(o *isms.Organization, ref, on string, kind isms.CommitmentKind, title string) *isms.Commitment {
			return &isms.Commitment{ID: isms.NewID("cmt"), OrgID: o.ID, Ref: ref, MadeOn: day(t, on), Kind: kind, Title: title, MadeBy: "Board"}
		}
		budget := mk(org, "MC-1", "2025-01-20", isms.CommitmentResource, "ISMS budget approved")
		policy := mk(org, "MC-2", "2025-02-03", isms.CommitmentDecision, "Policy signed")
		talk := mk(org, "MC-10", "2024-11-30", isms.CommitmentCommunication, "All-hands talk on security")
		talk.Description = "The CEO explained why phishing matters."
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.Commitment{budget, policy, talk, mk(other, "MC-1", "2025-01-01", isms.CommitmentOther, "Elsewhere")} {
				if err := tx.InsertCommitment(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertCommitment(ctx, mk(org, "MC-2", "2025-01-01", isms.CommitmentOther, "Twice"))
		})
		wantCode(t, "InsertCommitment(a taken reference)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindCommitmentByRef(ctx, org.ID, "mc-10")
			if err != nil || got.ID != talk.ID || got.Description != talk.Description || got.MadeOn.String() != "2024-11-30" {
				t.Errorf("FindCommitmentByRef(mc-10) = %+v, %v", got, err)
			}
			_, err = tx.FindCommitmentByID(ctx, other.ID, budget.ID)
			wantCode(t, "FindCommitmentByID(another organization's)", err, isms.NotFound)
			for _, tt := range []struct {
				f    isms.CommitmentFilter
				want []string
			}{
				{isms.CommitmentFilter{}, []string{"MC-2", "MC-1", "MC-10"}},
				{isms.CommitmentFilter{Sort: "ref"}, []string{"MC-1", "MC-2", "MC-10"}},
				{isms.CommitmentFilter{Year: 2025, Sort: "madeOn"}, []string{"MC-1", "MC-2"}},
				{isms.CommitmentFilter{Kind: isms.CommitmentCommunication}, []string{"MC-10"}},
				{isms.CommitmentFilter{Search: "PHISHING"}, []string{"MC-10"}},
				{isms.CommitmentFilter{Search: "100%"}, []string{}},
				{isms.CommitmentFilter{Limit: 1, Offset: 1}, []string{"MC-1"}},
			} {
				tt.f.OrgID = org.ID
				list, total, err := tx.FindCommitments(ctx, tt.f)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(tt.want, commitmentRefs(list)); diff != "" {
					t.Errorf("FindCommitments(%+v) (-want +got):\n%s", tt.f, diff)
				}
				if tt.f.Limit == 0 && total != len(tt.want) {
					t.Errorf("FindCommitments(%+v) total = %d", tt.f, total)
				}
			}
			years, err := tx.CommitmentYears(ctx, org.ID)
			if diff := cmp.Diff([]int{2025, 2024}, years); diff != "" || err != nil {
				t.Errorf("CommitmentYears (-want +got):\n%s %v", diff, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			policy.Title = "Policy signed by the CEO"
			if err := tx.UpdateCommitment(ctx, policy, 1); err != nil {
				return err
			}
			wantCode(t, "UpdateCommitment(stale)", tx.UpdateCommitment(ctx, policy, 1), isms.Conflict)
			wantCode(t, "DeleteCommitment(another organization's)", tx.DeleteCommitment(ctx, other.ID, policy.ID), isms.NotFound)
			return tx.DeleteCommitment(ctx, org.ID, budget.ID)
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, _ := tx.FindCommitmentByID(ctx, org.ID, policy.ID)
			if got.Version != 2 || got.Title != "Policy signed by the CEO" || got.Ref != "MC-2" {
				t.Errorf("updated record = %+v", got)
			}
			n, err := tx.MaxRefNumber(ctx, "commitments", org.ID)
			if n != 10 || err != nil {
				t.Errorf("MaxRefNumber = %d, %v; want 10", n, err)
			}
			return nil
		})
	})
}

func TestISMSRoleAndRACIStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		mgr := &isms.ISMSRole{ID: isms.NewID("irole"), OrgID: org.ID, Name: "ISMS manager", AppointedOn: day(t, "2025-01-02")}
		aud := &isms.ISMSRole{ID: isms.NewID("irole"), OrgID: org.ID, Name: "Internal auditor"}
		update(t, db, func(tx *sqldb.Tx) error {
			for _, r := range []*isms.ISMSRole{mgr, aud, {ID: isms.NewID("irole"), OrgID: other.ID, Name: "ISMS manager"}} {
				if err := tx.InsertISMSRole(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if mgr.Position != 1 || aud.Position != 2 {
			t.Errorf("positions = %d, %d; want 1, 2", mgr.Position, aud.Position)
		}
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertISMSRole(ctx, &isms.ISMSRole{ID: isms.NewID("irole"), OrgID: org.ID, Name: "isms MANAGER"})
		})
		if isms.ErrorFields(err)["name"] == "" {
			t.Errorf("a second role named isms MANAGER: %v, want a problem with the name", err)
		}
		raw := rawDB(t, db)
		for _, p := range [][]any{{"proc_b", "PRC-2", 2, "Internal audit"}, {"proc_a", "PRC-1", 1, "Risk assessment"}} {
			if err := rawExec(db, raw, `INSERT INTO isms_processes (id, organization_id, ref, number, name, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`, p[0], org.ID, p[1], p[2], p[3]); err != nil {
				t.Fatal(err)
			}
		}
		ctl := &isms.Control{ID: isms.NewID("ctl"), OrgID: org.ID, Ref: "C-10", Title: "Backups", Status: isms.ControlPlanned}
		ctl2 := &isms.Control{ID: isms.NewID("ctl"), OrgID: org.ID, Ref: "C-9", Title: "Access reviews", Status: isms.ControlPlanned}
		proc := isms.Link{Type: isms.RACIProcess, ID: "proc_a"}
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.Control{ctl, ctl2} {
				if err := tx.InsertControl(ctx, c); err != nil {
					return err
				}
			}
			for _, c := range []struct {
				s       isms.Link
				role    isms.ID
				letters string
			}{{proc, mgr.ID, "RA"}, {proc, aud.ID, "C"}, {isms.Link{Type: isms.RACIControl, ID: ctl.ID}, mgr.ID, "A"}} {
				if err := tx.SetRACICell(ctx, org.ID, c.s, c.role, c.letters); err != nil {
					return err
				}
			}
			return tx.SetRACICell(ctx, org.ID, proc, aud.ID, "I")
		})
		view(t, db, func(tx *sqldb.Tx) error {
			procs, total, err := tx.RACISubjects(ctx, org.ID, isms.RACIProcess, "", 50, 0)
			if err != nil {
				return err
			}
			if err := tx.FillRACILetters(ctx, org.ID, procs); err != nil {
				return err
			}
			want := []isms.RACIRow{
				{Subject: proc, Ref: "PRC-1", Name: "Risk assessment", Letters: map[isms.ID]string{mgr.ID: "RA", aud.ID: "I"}},
				{Subject: isms.Link{Type: isms.RACIProcess, ID: "proc_b"}, Ref: "PRC-2", Name: "Internal audit", Letters: map[isms.ID]string{}},
			}
			if diff := cmp.Diff(want, procs); diff != "" || total != 2 {
				t.Errorf("process rows (-want +got), total %d:\n%s", total, diff)
			}
			ctls, total, err := tx.RACISubjects(ctx, org.ID, isms.RACIControl, "", 50, 0)
			if err != nil || total != 2 || ctls[0].Ref != "C-9" || ctls[1].Ref != "C-10" {
				t.Errorf("control rows = %+v (%d), %v; want C-9 then C-10", ctls, total, err)
			}
			ctls, total, _ = tx.RACISubjects(ctx, org.ID, isms.RACIControl, "backup", 50, 0)
			if total != 1 || ctls[0].Subject.ID != ctl.ID {
				t.Errorf("controls matching backup = %+v", ctls)
			}
			row, err := tx.FindRACISubject(ctx, org.ID, isms.RACIControl, "c-10")
			if err != nil || row.Subject.ID != ctl.ID || row.Letters[mgr.ID] != "A" {
				t.Errorf("FindRACISubject(c-10) = %+v, %v", row, err)
			}
			_, err = tx.FindRACISubject(ctx, other.ID, isms.RACIControl, string(ctl.ID))
			wantCode(t, "FindRACISubject(another organization's)", err, isms.NotFound)
			_, err = tx.FindRACISubject(ctx, org.ID, "risk", "R-1")
			wantCode(t, "FindRACISubject(a risk)", err, isms.Invalid)
			cells, err := tx.RACICellsOfRole(ctx, org.ID, mgr.ID, 50)
			if err != nil || len(cells) != 2 || cells[0].Subject.Type != isms.RACIControl || cells[1].Subject != proc || cells[1].Letters != "RA" {
				t.Errorf("cells of the ISMS manager = %+v, %v", cells, err)
			}
			if n, _ := tx.CountRACICellsOfRole(ctx, org.ID, aud.ID); n != 1 {
				t.Errorf("the auditor has %d cells, want 1", n)
			}
			got, err := tx.FindISMSRoleByName(ctx, org.ID, "internal AUDITOR")
			if err != nil || got.ID != aud.ID {
				t.Errorf("FindISMSRoleByName = %+v, %v", got, err)
			}
			list, total, err := tx.FindISMSRoles(ctx, org.ID, "audit", "", 50, 0)
			if err != nil || total != 1 || list[0].ID != aud.ID {
				t.Errorf("FindISMSRoles(audit) = %v (%d), %v", list, total, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			mgr.Name = "Information security manager"
			if err := tx.UpdateISMSRole(ctx, mgr, 1); err != nil {
				return err
			}
			wantCode(t, "UpdateISMSRole(stale)", tx.UpdateISMSRole(ctx, mgr, 1), isms.Conflict)
			if err := tx.SetRACICell(ctx, org.ID, proc, aud.ID, ""); err != nil {
				return err
			}
			return tx.DeleteISMSRole(ctx, org.ID, aud.ID)
		})
		view(t, db, func(tx *sqldb.Tx) error {
			all, err := tx.AllISMSRoles(ctx, org.ID)
			if err != nil || len(all) != 1 || all[0].Name != "Information security manager" || all[0].Version != 2 {
				t.Errorf("roles left = %+v, %v", all, err)
			}
			return nil
		})
	})
}
