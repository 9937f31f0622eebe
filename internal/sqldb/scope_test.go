// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestScopeStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		v1 := &isms.Scope{ID: "scope_1", OrgID: org.ID, Number: 1, Status: isms.ScopeDraft, Statement: "Acme platform",
			Units: []string{"Engineering"}, Interfaces: []isms.ScopeInterface{{Party: "Cloud", Description: "Hosting"}},
			Exclusions: []isms.ScopeExclusion{{Item: "Canteen", Justification: "No data"}}}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertScope(ctx, v1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertScope(ctx, &isms.Scope{ID: "scope_dup", OrgID: org.ID, Number: 1, Status: isms.ScopeDraft, Statement: "x"})
		})
		wantCode(t, "InsertScope(number 1 again)", err, isms.Conflict)
		c.Advance(time.Hour)
		update(t, db, func(tx *sqldb.Tx) error {
			s, err := tx.FindScopeByIDForUpdate(ctx, org.ID, v1.ID)
			if err != nil {
				return err
			}
			s.Status, s.ApprovedAt, s.ApprovalID = isms.ScopeApproved, c.Now(), "appr_1"
			if err := tx.UpdateScope(ctx, s, 1); err != nil {
				return err
			}
			wantCode(t, "UpdateScope(stale)", tx.UpdateScope(ctx, s, 1), isms.Conflict)
			return tx.InsertScope(ctx, &isms.Scope{ID: "scope_2", OrgID: org.ID, Number: 2, Status: isms.ScopeDraft, Statement: "Acme, all of it"})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindScopeWithStatus(ctx, org.ID, isms.ScopeApproved)
			if err != nil {
				return err
			}
			if got.ID != v1.ID || got.Version != 2 || !got.ApprovedAt.Equal(c.Now()) || got.ApprovalID != "appr_1" ||
				!reflect.DeepEqual(got.Exclusions, v1.Exclusions) || !reflect.DeepEqual(got.Units, []string{"Engineering"}) ||
				got.Locations == nil {
				t.Errorf("approved = %+v", got)
			}
			if d, err := tx.FindScopeWithStatus(ctx, org.ID, isms.ScopeDraft); err != nil || d.Number != 2 {
				t.Errorf("draft = %+v, %v; want v2", d, err)
			}
			if s, err := tx.FindScopeByNumber(ctx, org.ID, 2); err != nil || s.ID != "scope_2" {
				t.Errorf("FindScopeByNumber(2) = %v, %v", s, err)
			}
			list, err := tx.FindScopes(ctx, org.ID)
			if err != nil || len(list) != 2 || list[0].Number != 2 {
				t.Errorf("FindScopes = %v, %v; want v2 then v1", list, err)
			}
			if n, err := tx.MaxScopeNumber(ctx, org.ID); n != 2 || err != nil {
				t.Errorf("MaxScopeNumber = %d, %v", n, err)
			}
			_, err = tx.FindScopeByID(ctx, other.ID, v1.ID)
			wantCode(t, "FindScopeByID(other organization)", err, isms.NotFound)
			_, err = tx.FindScopeWithStatus(ctx, other.ID, isms.ScopeApproved)
			wantCode(t, "FindScopeWithStatus(other organization)", err, isms.NotFound)
			if n, _ := tx.MaxScopeNumber(ctx, other.ID); n != 0 {
				t.Errorf("other's MaxScopeNumber = %d", n)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			wantCode(t, "DeleteScope(other organization)", tx.DeleteScope(ctx, other.ID, "scope_2"), isms.NotFound)
			return tx.DeleteScope(ctx, org.ID, "scope_2")
		})
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindScopeWithStatus(ctx, org.ID, isms.ScopeDraft)
			wantCode(t, "FindScopeWithStatus(draft) after delete", err, isms.NotFound)
			return nil
		})
	})
}

func TestISMSProcessStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		u := insertUser(t, db, "olga@example.com", "Olga Owner")
		addMember(t, db, org.ID, u.ID, isms.RoleManager)
		procs := []*isms.ISMSProcess{
			{ID: "proc_1", OrgID: org.ID, Ref: "PRC-1", Name: "Risk management", Purpose: "Assess and treat risks",
				Clauses: []string{"6.1.2", "8.2"}, OwnerID: u.ID},
			{ID: "proc_2", OrgID: org.ID, Ref: "PRC-2", Name: "Internal audit", Clauses: []string{"9.2"}},
			{ID: "proc_10", OrgID: org.ID, Ref: "PRC-10", Name: "Management review", Clauses: []string{"9.3.2"}},
			{ID: "proc_x", OrgID: other.ID, Ref: "PRC-1", Name: "Other's audit", Clauses: []string{"9.2"}},
		}
		update(t, db, func(tx *sqldb.Tx) error {
			for _, p := range procs {
				if err := tx.InsertISMSProcess(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertISMSProcess(ctx, &isms.ISMSProcess{ID: "proc_dup", OrgID: org.ID, Ref: "PRC-2", Name: "Dup"})
		})
		wantCode(t, "InsertISMSProcess(PRC-2 again)", err, isms.Conflict)
		find := func(f sqldb.ProcessFilter, sort string) []string {
			t.Helper()
			var refs []string
			view(t, db, func(tx *sqldb.Tx) error {
				list, total, err := tx.FindISMSProcesses(ctx, org.ID, f, sort, 50, 0)
				for _, p := range list {
					refs = append(refs, p.Ref)
				}
				if total != len(list) {
					t.Errorf("total %d for %d items", total, len(list))
				}
				return err
			})
			return refs
		}
		for _, c := range []struct {
			f    sqldb.ProcessFilter
			sort string
			want []string
		}{
			{sqldb.ProcessFilter{}, "", []string{"PRC-1", "PRC-2", "PRC-10"}},
			{sqldb.ProcessFilter{}, "-ref", []string{"PRC-10", "PRC-2", "PRC-1"}},
			{sqldb.ProcessFilter{}, "name", []string{"PRC-2", "PRC-10", "PRC-1"}},
			{sqldb.ProcessFilter{Clause: "6.1"}, "", []string{"PRC-1"}},
			{sqldb.ProcessFilter{Clause: "9.3"}, "", []string{"PRC-10"}},
			{sqldb.ProcessFilter{Clause: "9.2"}, "", []string{"PRC-2"}},
			{sqldb.ProcessFilter{Clause: "8"}, "", []string{"PRC-1"}}, // a whole clause: its sub-clauses
			{sqldb.ProcessFilter{Clause: "6.1.2"}, "", []string{"PRC-1"}},
			{sqldb.ProcessFilter{Clause: "6.1.1"}, "", nil},
			{sqldb.ProcessFilter{OwnerID: u.ID}, "", []string{"PRC-1"}},
			{sqldb.ProcessFilter{Text: "AUDIT"}, "", []string{"PRC-2"}},
			{sqldb.ProcessFilter{Text: "treat"}, "", []string{"PRC-1"}},
			{sqldb.ProcessFilter{Text: "100%"}, "", nil},
		} {
			if got := find(c.f, c.sort); !reflect.DeepEqual(got, c.want) {
				t.Errorf("FindISMSProcesses(%+v, %q) = %v, want %v", c.f, c.sort, got, c.want)
			}
		}
		update(t, db, func(tx *sqldb.Tx) error {
			p, err := tx.FindISMSProcessByID(ctx, org.ID, "prc-1")
			if err != nil {
				return err
			}
			if p.ID != "proc_1" || p.OwnerName != "Olga Owner" || p.Number != 1 || !reflect.DeepEqual(p.Clauses, []string{"6.1.2", "8.2"}) {
				t.Errorf("PRC-1 = %+v", p)
			}
			p.Clauses, p.OwnerID, p.Outputs = nil, "", "Risk register"
			if err := tx.UpdateISMSProcess(ctx, p, 1); err != nil {
				return err
			}
			wantCode(t, "UpdateISMSProcess(stale)", tx.UpdateISMSProcess(ctx, p, 1), isms.Conflict)
			_, err = tx.FindISMSProcessByID(ctx, other.ID, "proc_1")
			wantCode(t, "FindISMSProcessByID(other organization)", err, isms.NotFound)
			return nil
		})
		view(t, db, func(tx *sqldb.Tx) error {
			p, err := tx.FindISMSProcessByID(ctx, org.ID, "proc_1")
			if err != nil || p.Version != 2 || p.OwnerID != "" || len(p.Clauses) != 0 || p.Clauses == nil || p.Outputs != "Risk register" {
				t.Errorf("after update = %+v, %v", p, err)
			}
			if n, err := tx.MaxRefNumber(ctx, "isms_processes", org.ID); n != 10 || err != nil {
				t.Errorf("MaxRefNumber = %d, %v; want 10", n, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			wantCode(t, "DeleteISMSProcess(other organization)", tx.DeleteISMSProcess(ctx, other.ID, "proc_2"), isms.NotFound)
			return tx.DeleteISMSProcess(ctx, org.ID, "proc_2")
		})
		if got := find(sqldb.ProcessFilter{}, ""); !reflect.DeepEqual(got, []string{"PRC-1", "PRC-10"}) {
			t.Errorf("after delete = %v", got)
		}
	})
}
