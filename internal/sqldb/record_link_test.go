// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestRecordLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		req := isms.Link{Type: "party_requirement", ID: "preq_1"}
		update(t, db, func(tx *sqldb.Tx) error {
			if _, err := tx.SetRecordLinks(ctx, org.ID, req, "control", []isms.ID{"ctl_b", "ctl_a"}); err != nil {
				return err
			}
			if _, err := tx.SetRecordLinks(ctx, org.ID, isms.Link{Type: "context_issue", ID: "ci_1"}, "party_requirement", []isms.ID{"preq_1"}); err != nil {
				return err
			}
			_, err := tx.SetRecordLinks(ctx, other.ID, req, "control", []isms.ID{"ctl_x"})
			return err
		})
		update(t, db, func(tx *sqldb.Tx) error {
			before, err := tx.SetRecordLinks(ctx, org.ID, req, "control", []isms.ID{"ctl_c", "ctl_a"})
			if want := []isms.ID{"ctl_a", "ctl_b"}; !reflect.DeepEqual(before, want) {
				t.Errorf("before = %v, want %v", before, want)
			}
			return err
		})
		view(t, db, func(tx *sqldb.Tx) error {
			out, in, err := tx.FindRecordLinks(ctx, org.ID, req)
			if err != nil {
				return err
			}
			wantOut := []isms.Link{{Type: "control", ID: "ctl_a"}, {Type: "control", ID: "ctl_c"}}
			wantIn := []isms.Link{{Type: "context_issue", ID: "ci_1"}}
			if !reflect.DeepEqual(out, wantOut) || !reflect.DeepEqual(in, wantIn) {
				t.Errorf("links = %v, %v; want %v, %v", out, in, wantOut, wantIn)
			}
			ids, err := tx.FindRecordLinksTo(ctx, org.ID, "party_requirement", isms.Link{Type: "control", ID: "ctl_c"})
			if err != nil || !reflect.DeepEqual(ids, []isms.ID{"preq_1"}) {
				t.Errorf("links to ctl_c = %v, %v", ids, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteRecordLinks(ctx, org.ID, req) })
		view(t, db, func(tx *sqldb.Tx) error {
			out, in, err := tx.FindRecordLinks(ctx, org.ID, req)
			if len(out)+len(in) != 0 {
				t.Errorf("after delete: %v %v", out, in)
			}
			out, _, _ = tx.FindRecordLinks(ctx, other.ID, req)
			if len(out) != 1 {
				t.Errorf("other organization's link: %v", out)
			}
			return err
		})
		update(t, db, func(tx *sqldb.Tx) error {
			n, err := tx.MaxRefNumber(ctx, "context_issues", org.ID)
			if n != 0 || err != nil {
				t.Errorf("MaxRefNumber = %d, %v", n, err)
			}
			if _, err := tx.MaxRefNumber(ctx, "users", org.ID); err == nil {
				t.Error("MaxRefNumber accepted a table without numbers")
			}
			return nil
		})
	})
}
