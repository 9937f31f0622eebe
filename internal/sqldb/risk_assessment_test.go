// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestRiskAssessments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		m := newRiskMethod(t, org, 1)
		m.Status = isms.MethodApproved
		insertRiskMethod(t, db, m)
		entries := []isms.AssessmentEntry{
			{RiskID: "rsk_1", Ref: "R-1", Title: "Ransomware", OwnerName: "Ann", Status: isms.RiskInTreatment,
				Treatment: isms.TreatmentModify, MethodNumber: 1, Inherent: isms.RiskScore{Likelihood: 4, Impact: 5, Level: 5},
				Residual: isms.RiskScore{Likelihood: 2, Impact: 3, C: 3, Level: 3}, InherentLabel: "Critical",
				ResidualLabel: "Medium", ActionsOpen: 2, ActionsDone: 1},
			{RiskID: "rsk_2", Ref: "R-2", Title: "Fire", Status: isms.RiskAccepted, Accepted: true},
		}
		var saved []*isms.RiskAssessment
		for i, on := range []string{"2025-01-15", "2025-03-01", "2025-03-01"} {
			a := &isms.RiskAssessment{ID: isms.NewID("rass"), OrgID: org.ID, Title: fmt.Sprintf("Assessment %d", i+1),
				Reason: "Planned", PerformedOn: day(t, on), MethodID: m.ID, MethodNumber: 1, Entries: entries[:i],
				CreatedBy: ann.ID, CreatedByName: "Ann"}
			update(t, db, func(tx *sqldb.Tx) error { return tx.InsertRiskAssessment(ctx, a) })
			saved = append(saved, a)
			clk.Advance(time.Minute)
		}
		noMethod := &isms.RiskAssessment{ID: isms.NewID("rass"), OrgID: other.ID, Title: "Elsewhere",
			PerformedOn: day(t, "2025-03-02"), CreatedBy: ann.ID, CreatedByName: "Ann"}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertRiskAssessment(ctx, noMethod) })

		last := saved[2]
		snapshot, _ := json.Marshal(entries[:2])
		sum := sha256.Sum256(snapshot)
		if last.RiskCount != 2 || last.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("InsertRiskAssessment set count %d and hash %s; want 2 and the hash of the entries' JSON", last.RiskCount, last.SHA256)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindRiskAssessmentByID(ctx, org.ID, last.ID)
			if err != nil {
				return err
			}
			if d := cmp.Diff(last, got, equateDates); d != "" {
				t.Errorf("FindRiskAssessmentByID (-want +got):\n%s", d)
			}
			got, err = tx.FindRiskAssessmentByID(ctx, org.ID, saved[0].ID)
			if err != nil || got.Entries == nil || len(got.Entries) != 0 || got.RiskCount != 0 {
				t.Errorf("assessment of an empty register = %+v, %v; want no entries", got, err)
			}
			got, err = tx.FindRiskAssessmentByID(ctx, other.ID, noMethod.ID)
			if err != nil || got.MethodID != "" || got.MethodNumber != 0 {
				t.Errorf("assessment without a method = %+v, %v", got, err)
			}
			_, err = tx.FindRiskAssessmentByID(ctx, other.ID, last.ID)
			wantCode(t, "FindRiskAssessmentByID(another organization)", err, isms.NotFound)

			list, total, err := tx.FindRiskAssessments(ctx, org.ID, 2, 0)
			if err != nil || total != 3 || len(list) != 2 || list[0].ID != saved[2].ID || list[1].ID != saved[1].ID || list[0].Entries != nil {
				t.Errorf("FindRiskAssessments first page = %v, %d, %v; want assessments 3 and 2 of 3, without entries", list, total, err)
			}
			list, total, err = tx.FindRiskAssessments(ctx, org.ID, 2, 2)
			if err != nil || total != 3 || len(list) != 1 || list[0].ID != saved[0].ID {
				t.Errorf("FindRiskAssessments second page = %v, %d, %v; want assessment 1", list, total, err)
			}
			return nil
		})
	})
}
