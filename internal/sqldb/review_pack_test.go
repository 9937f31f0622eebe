// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// findingRefs returns the references of fs, in order.
func findingRefs(fs []*isms.AuditFinding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Ref)
	}
	return out
}

func TestReviewPackFindingsAndAudits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFindingFixture(t, db) // F-1, F-2 raised 2025-03-03; F-3, F-10 on 2025-03-04
		view(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []struct {
				since, until string
				grades       []isms.FindingGrade
				want         []string
			}{
				{"2025-03-03", "2025-03-03", []isms.FindingGrade{isms.FindingMajor, isms.FindingMinor}, []string{"F-1", "F-2"}},
				{"2025-03-04", "2025-03-31", []isms.FindingGrade{isms.FindingMajor, isms.FindingMinor}, []string{}},
				{"2025-03-01", "2025-03-31", []isms.FindingGrade{isms.FindingOFI, isms.FindingObservation}, []string{"F-3", "F-10"}},
				{"2025-03-01", "2025-03-31", nil, []string{}},
			} {
				got, err := tx.FindingsRaised(ctx, f.org.ID, day(t, c.since), day(t, c.until), c.grades...)
				if err != nil || !cmp.Equal(findingRefs(got), c.want) {
					t.Errorf("FindingsRaised(%s..%s, %v) = %v, %v; want %v", c.since, c.until, c.grades, findingRefs(got), err, c.want)
				}
			}
			got, _ := tx.FindingsRaised(ctx, f.org.ID, day(t, "2025-03-03"), day(t, "2025-03-03"), isms.FindingMajor)
			if len(got) != 1 || got[0].AuditRef != "IA-1" || got[0].Title != "No access reviews" || got[0].CreatedAt.IsZero() {
				t.Errorf("FindingsRaised(major) = %+v, want F-1 of IA-1 with its title and time", got)
			}

			reported, err := tx.AuditsReported(ctx, f.org.ID, day(t, "2025-03-20"), day(t, "2025-03-20"))
			want := map[isms.FindingGrade]int{isms.FindingMajor: 1, isms.FindingMinor: 1, isms.FindingObservation: 0, isms.FindingOFI: 0}
			if err != nil || len(reported) != 1 || reported[0].Ref != "IA-1" || !cmp.Equal(reported[0].Findings, want) ||
				reported[0].ReportedOn.String() != "2025-03-20" || reported[0].Status != isms.AuditReported {
				t.Errorf("AuditsReported(2025-03-20) = %+v, %v; want IA-1 with 1 major and 1 minor", reported, err)
			}
			if later, err := tx.AuditsReported(ctx, f.org.ID, day(t, "2025-03-21"), day(t, "2025-12-31")); len(later) != 0 || err != nil {
				t.Errorf("AuditsReported(after) = %+v, %v; want none", later, err)
			}
			planned, err := tx.AuditsPlannedAfter(ctx, f.org.ID, day(t, "2025-01-31"))
			if err != nil || len(planned) != 1 || planned[0].Ref != "IA-2" || planned[0].PlannedStart.String() != "2025-02-01" {
				t.Errorf("AuditsPlannedAfter(2025-01-31) = %+v, %v; want IA-2 (IA-3 is in progress)", planned, err)
			}
			if none, _ := tx.AuditsPlannedAfter(ctx, f.org.ID, day(t, "2025-02-01")); len(none) != 0 {
				t.Errorf("AuditsPlannedAfter(its start day) = %+v, want none", none)
			}
			return nil
		})
	})
}

func TestReviewPackChangedRecords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db) // 2025-03-03
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		issue := func(o *isms.Organization, ref string) *isms.ContextIssue {
			return &isms.ContextIssue{ID: isms.NewID("cis"), OrgID: o.ID, Ref: ref, Title: "Issue " + ref, Kind: "external",
				Category: "legal", Effect: "negative"}
		}
		ci1, ci2, ci3 := issue(org, "CI-1"), issue(org, "CI-2"), issue(org, "CI-3")
		insert := func(cs ...*isms.ContextIssue) {
			update(t, db, func(tx *sqldb.Tx) error {
				for _, c := range cs {
					if err := tx.InsertContextIssue(ctx, c); err != nil {
						return err
					}
				}
				return nil
			})
		}
		insert(ci1)
		clk.Advance(11 * 24 * time.Hour) // 2025-03-14
		insert(ci3, ci2, issue(other, "CI-1"))
		clk.Advance(27 * 24 * time.Hour) // 2025-04-10
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateContextIssue(ctx, ci1, ci1.Version) })
		view(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []struct {
				since, until string
				want         []string
			}{
				{"2025-03-03", "2025-03-03", []string{"CI-1"}},
				{"2025-03-04", "2025-03-13", []string{}},
				{"2025-03-10", "2025-03-31", []string{"CI-2", "CI-3"}},
				{"2025-04-10", "2025-04-10", []string{"CI-1"}},
				{"2025-03-01", "2025-04-30", []string{"CI-1", "CI-2", "CI-3"}},
			} {
				got, err := tx.ChangedContextIssues(ctx, org.ID, day(t, c.since), day(t, c.until))
				refs := []string{}
				for _, x := range got {
					refs = append(refs, x.Ref)
				}
				if err != nil || !cmp.Equal(refs, c.want) {
					t.Errorf("ChangedContextIssues(%s..%s) = %v, %v; want %v", c.since, c.until, refs, err, c.want)
				}
			}
			return nil
		})
	})
}

func TestReviewPackMeasurementsCommunicationsRisks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		patch, backup := newMetric(t, org.ID, "M-1", "Patched"), newMetric(t, org.ID, "M-2", "Backups")
		away := newMetric(t, other.ID, "M-1", "Elsewhere")
		measure := func(m *isms.Metric, on string, v float64) *isms.Measurement {
			return &isms.Measurement{ID: isms.NewID("msr"), OrgID: m.OrgID, MetricID: m.ID, Value: v, MeasuredOn: day(t, on)}
		}
		item := &isms.CommunicationItem{ID: isms.NewID("com"), OrgID: org.ID, Topic: "Newsletter", Audience: "All staff",
			Frequency: "monthly", Channel: "E-mail"}
		record := func(held string) *isms.CommunicationRecord {
			return &isms.CommunicationRecord{ID: isms.NewID("crec"), OrgID: org.ID, ItemID: item.ID, HeldOn: day(t, held), RecordedBy: "Ann"}
		}
		open, closed := newRisk(org, "R-1"), newRisk(org, "R-2")
		closed.Status = isms.RiskClosed
		update(t, db, func(tx *sqldb.Tx) error {
			for _, m := range []*isms.Metric{patch, backup, away} {
				if err := tx.InsertMetric(ctx, m); err != nil {
					return err
				}
			}
			for _, x := range []*isms.Measurement{measure(patch, "2025-03-05", 90), measure(patch, "2025-03-25", 97),
				measure(patch, "2025-03-20", 96), measure(patch, "2025-04-02", 99), measure(backup, "2025-02-01", 100),
				measure(away, "2025-03-20", 1)} {
				if err := tx.InsertMeasurement(ctx, x); err != nil {
					return err
				}
			}
			if err := tx.InsertCommunicationItem(ctx, item); err != nil {
				return err
			}
			for _, r := range []*isms.CommunicationRecord{record("2025-03-15"), record("2025-03-31"), record("2025-04-01")} {
				if err := tx.InsertCommunicationRecord(ctx, r); err != nil {
					return err
				}
			}
			for _, r := range []*isms.Risk{open, closed, newRisk(other, "R-1")} {
				if err := tx.InsertRisk(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.MeasurementsIn(ctx, org.ID, day(t, "2025-03-10"), day(t, "2025-03-31"))
			if err != nil || len(got) != 1 || got[patch.ID] == nil || got[patch.ID].Value != 97 || got[patch.ID].MeasuredOn.String() != "2025-03-25" {
				t.Errorf("MeasurementsIn(March) = %v, %v; want M-1's 97 of 2025-03-25 only", got, err)
			}
			held, err := tx.CommunicationsHeld(ctx, org.ID, day(t, "2025-03-01"), day(t, "2025-03-31"))
			want := []sqldb.HeldCommunication{{ItemID: item.ID, Topic: "Newsletter", Audience: "All staff", Times: 2, Last: day(t, "2025-03-31")}}
			if diff := cmp.Diff(want, held, cmp.AllowUnexported(isms.Date{})); err != nil || diff != "" {
				t.Errorf("CommunicationsHeld(March) (-want +got, %v):\n%s", err, diff)
			}
			risks, err := tx.OpenRisks(ctx, org.ID)
			if err != nil || len(risks) != 1 || risks[0].ID != open.ID || risks[0].Status != isms.RiskIdentified {
				t.Errorf("OpenRisks = %+v, %v; want R-1 only", risks, err)
			}
			return nil
		})
	})
}
