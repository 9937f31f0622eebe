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

// peopleFixture holds five people of acme with three competence
// requirements and their training records, and one person of another
// organization. The test clock's day, 2025-03-03, is today.
//
//	Ann  ISMS manager, account ann; 27001 foundation valid              → no gap
//	Bob  Internal Auditor; lead auditor course expired on 2025-01-01   → 2 gaps (course expired, ethics missing)
//	Cat  Internal auditor & ISMS manager, IT; course, ethics until 03-04 → 1 gap (foundation missing)
//	Dan  ISMS manager, left                                            → no gap (inactive)
//	Eve  no role, Sales                                                → no gap
type peopleFixture struct {
	org, other                      *isms.Organization
	ann                             *isms.User
	people                          map[string]*isms.Person
	lead, foundation, ethics        *isms.CompetenceRequirement
	annFoundation, bobLead, catLead *isms.TrainingRecord
}

// newPerson returns an unsaved active person of org.
func newPerson(org *isms.Organization, name string, roles ...string) *isms.Person {
	return &isms.Person{ID: isms.NewID("per"), OrgID: org.ID, Name: name, Roles: roles, Active: true}
}

// newRequirement returns an unsaved competence requirement of org.
func newRequirement(org *isms.Organization, role, skill string) *isms.CompetenceRequirement {
	return &isms.CompetenceRequirement{ID: isms.NewID("creq"), OrgID: org.ID, Role: role, Skill: skill}
}

func newPeopleFixture(t *testing.T, db *sqldb.DB) *peopleFixture {
	t.Helper()
	ctx := context.Background()
	setClock(db)
	f := &peopleFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other"),
		ann: insertUser(t, db, "ann@example.com", "Ann"), people: map[string]*isms.Person{}}
	add := func(p *isms.Person) *isms.Person {
		f.people[p.Name] = p
		return p
	}
	ann := add(newPerson(f.org, "Ann", "ISMS manager"))
	ann.Email, ann.UserID, ann.Department, ann.StartDate = "ann@example.com", f.ann.ID, "Security", day(t, "2020-01-15")
	bob := add(newPerson(f.org, "Bob", "Internal Auditor"))
	bob.Department, bob.StartDate = "Finance", day(t, "2024-06-01")
	cat := add(newPerson(f.org, "Cat", "Internal auditor", "ISMS manager"))
	cat.Department = "IT"
	add(newPerson(f.org, "Dan", "ISMS manager")).Active = false
	add(newPerson(f.org, "Eve")).Department = "Sales"
	f.lead = newRequirement(f.org, "Internal auditor", "Lead auditor course")
	f.lead.Description = "A recognised ISO/IEC 27001 lead auditor course"
	f.foundation = newRequirement(f.org, "ISMS manager", "ISO/IEC 27001 foundation")
	f.ethics = newRequirement(f.org, "internal AUDITOR", "Audit ethics")
	record := func(p *isms.Person, r *isms.CompetenceRequirement, course, completed, expires string) *isms.TrainingRecord {
		tr := &isms.TrainingRecord{ID: isms.NewID("trn"), OrgID: f.org.ID, PersonID: p.ID, PersonName: p.Name,
			Course: course, CompletedOn: day(t, completed)}
		if r != nil {
			tr.RequirementID, tr.Skill = r.ID, r.Skill
		}
		if expires != "" {
			tr.ExpiresOn = day(t, expires)
		}
		return tr
	}
	f.annFoundation = record(ann, f.foundation, "Foundation", "2024-05-01", "2027-05-01")
	f.bobLead = record(bob, f.lead, "Lead auditor", "2022-01-01", "2025-01-01")
	f.catLead = record(cat, f.lead, "Lead auditor", "2024-09-01", "")
	f.catLead.EvidenceID, f.catLead.Notes = "evd_1", "Certificate on file"
	records := []*isms.TrainingRecord{f.annFoundation, f.bobLead, f.catLead,
		record(cat, f.ethics, "Ethics", "2024-03-04", "2025-03-04"), record(f.people["Eve"], nil, "Phishing awareness", "2025-02-01", "")}
	elsewhere := newPerson(f.other, "Zed", "ISMS manager")
	update(t, db, func(tx *sqldb.Tx) error {
		for _, r := range []*isms.CompetenceRequirement{f.lead, f.foundation, f.ethics, newRequirement(f.other, "ISMS manager", "X")} {
			if err := tx.InsertCompetenceRequirement(ctx, r); err != nil {
				return err
			}
		}
		for _, p := range []*isms.Person{ann, bob, cat, f.people["Dan"], f.people["Eve"], elsewhere} {
			if err := tx.InsertPerson(ctx, p); err != nil {
				return err
			}
		}
		for _, r := range records {
			if err := tx.InsertTrainingRecord(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	return f
}

// names returns the names of ps, in order.
func names(ps []*isms.Person) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestPersonStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newPeopleFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for name, gaps := range map[string]int{"Ann": 0, "Bob": 2, "Cat": 1, "Dan": 0, "Eve": 0} {
				got, err := tx.FindPersonByID(ctx, f.org.ID, f.people[name].ID)
				want := *f.people[name]
				want.Gaps = gaps
				if d := cmp.Diff(&want, got, equateDates); d != "" || err != nil {
					t.Errorf("FindPersonByID(%s) (-want +got):\n%s%v", name, d, err)
				}
			}
			got, err := tx.FindPersonByUserID(ctx, f.org.ID, f.ann.ID)
			if err != nil || got.Name != "Ann" {
				t.Errorf("FindPersonByUserID(ann) = %+v, %v", got, err)
			}
			_, err = tx.FindPersonByUserID(ctx, f.other.ID, f.ann.ID)
			wantCode(t, "FindPersonByUserID(another organization)", err, isms.NotFound)
			_, err = tx.FindPersonByID(ctx, f.other.ID, f.people["Ann"].ID)
			wantCode(t, "FindPersonByID(another organization)", err, isms.NotFound)
			return nil
		})

		p := f.people["Eve"]
		p.Name, p.Email, p.UserID, p.Department = "Eve Adams", "eve@example.com", f.ann.ID, "Legal"
		p.Roles, p.StartDate, p.Active = []string{"ISMS manager"}, day(t, "2025-01-01"), false
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdatePerson(ctx, p, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdatePerson(ctx, p, 1) })
		wantCode(t, "UpdatePerson(stale version)", err, isms.Conflict)
		p.Active, p.UserID, p.Roles = true, "", nil
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdatePerson(ctx, p, 2) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindPersonByID(ctx, f.org.ID, p.ID)
			if d := cmp.Diff(p, got, equateDates); d != "" || err != nil {
				t.Errorf("after UpdatePerson (-want +got):\n%s%v", d, err)
			}
			return nil
		})

		bob := f.people["Bob"]
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeletePerson(ctx, f.other.ID, bob.ID) })
		wantCode(t, "DeletePerson(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeletePerson(ctx, f.org.ID, bob.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindPersonByID(ctx, f.org.ID, bob.ID)
			wantCode(t, "FindPersonByID(deleted)", err, isms.NotFound)
			_, err = tx.FindTrainingRecordByID(ctx, f.org.ID, f.bobLead.ID)
			wantCode(t, "FindTrainingRecordByID(record of a deleted person)", err, isms.NotFound)
			return nil
		})
	})
}

func TestFindPeople(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newPeopleFixture(t, db)
		for _, c := range []struct {
			name   string
			filter isms.PersonFilter
			want   []string
		}{
			{"active", isms.PersonFilter{}, []string{"Ann", "Bob", "Cat", "Eve"}},
			{"with inactive", isms.PersonFilter{Inactive: true}, []string{"Ann", "Bob", "Cat", "Dan", "Eve"}},
			{"search name", isms.PersonFilter{Search: "CA"}, []string{"Cat"}},
			{"search e-mail", isms.PersonFilter{Search: "@example"}, []string{"Ann"}},
			{"search department", isms.PersonFilter{Search: "sale"}, []string{"Eve"}},
			{"role", isms.PersonFilter{Role: "internal auditor"}, []string{"Bob", "Cat"}},
			{"role part", isms.PersonFilter{Role: "auditor"}, []string{}},
			{"role of inactive", isms.PersonFilter{Role: "ISMS Manager", Inactive: true}, []string{"Ann", "Cat", "Dan"}},
			{"department", isms.PersonFilter{Department: "it"}, []string{"Cat"}},
			{"with gaps", isms.PersonFilter{WithGaps: true}, []string{"Bob", "Cat"}},
			{"with gaps before the course expired", isms.PersonFilter{WithGaps: true, Today: day(t, "2024-12-31"), Role: "ISMS manager"}, []string{"Cat"}},
			{"sort -name", isms.PersonFilter{Sort: "-name"}, []string{"Eve", "Cat", "Bob", "Ann"}},
			{"sort department", isms.PersonFilter{Sort: "department"}, []string{"Bob", "Cat", "Eve", "Ann"}},
			{"sort start", isms.PersonFilter{Sort: "start"}, []string{"Ann", "Bob", "Cat", "Eve"}},
			{"sort -gaps", isms.PersonFilter{Sort: "-gaps"}, []string{"Bob", "Cat", "Eve", "Ann"}},
		} {
			view(t, db, func(tx *sqldb.Tx) error {
				c.filter.OrgID = f.org.ID
				got, total, err := tx.FindPeople(ctx, c.filter)
				if err != nil {
					return err
				}
				if d := cmp.Diff(c.want, names(got)); d != "" || total != len(c.want) {
					t.Errorf("%s: FindPeople (-want +got):\n%s total %d", c.name, d, total)
				}
				return nil
			})
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindPeople(ctx, isms.PersonFilter{OrgID: f.org.ID, Sort: "gaps", Limit: 2, Offset: 2})
			if d := cmp.Diff([]string{"Cat", "Bob"}, names(got)); d != "" || total != 4 || err != nil {
				t.Errorf("FindPeople by gaps, page 2 (-want +got):\n%s total %d, %v", d, total, err)
			} else if got[0].Gaps != 1 || got[1].Gaps != 2 {
				t.Errorf("gaps of Cat and Bob = %d, %d; want 1, 2", got[0].Gaps, got[1].Gaps)
			}
			// Bob's course was valid until 2025-01-01; Cat's ethics record is until 2025-03-04.
			for today, want := range map[string][]int{"2024-12-31": {1, 1}, "2025-03-04": {2, 2}} {
				got, _, err := tx.FindPeople(ctx, isms.PersonFilter{OrgID: f.org.ID, Role: "Internal auditor", Today: day(t, today)})
				if err != nil || len(got) != 2 || got[0].Gaps != want[0] || got[1].Gaps != want[1] {
					t.Errorf("auditors on %s = %v, %v; want Bob and Cat with %v gaps", today, got, err, want)
				}
			}
			got, _, err = tx.FindPeople(ctx, isms.PersonFilter{OrgID: f.other.ID})
			if d := cmp.Diff([]string{"Zed"}, names(got)); d != "" || got[0].Gaps != 1 || err != nil {
				t.Errorf("FindPeople(other) (-want +got):\n%s%v", d, err)
			}
			return nil
		})
	})
}

// TestPersonGapsMatchRule checks that the gaps the store counts are those
// of isms.CompetenceGaps over the same people, requirements and records.
func TestPersonGapsMatchRule(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newPeopleFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			people, err := tx.AllPeople(ctx, f.org.ID)
			if err != nil {
				return err
			}
			if d := cmp.Diff([]string{"Ann", "Bob", "Cat", "Dan", "Eve"}, names(people)); d != "" {
				t.Errorf("AllPeople (-want +got):\n%s", d)
			}
			reqs, err := tx.CompetenceRequirements(ctx, f.org.ID)
			if err != nil {
				return err
			}
			records, err := tx.TrainingRecords(ctx, f.org.ID, "")
			if err != nil {
				return err
			}
			want := map[string]int{}
			for _, g := range isms.CompetenceGaps(people, reqs, records, isms.DateOf(t0)) {
				want[g.Person.Name]++
			}
			got := map[string]int{}
			for _, p := range people {
				if p.Gaps > 0 {
					got[p.Name] = p.Gaps
				}
			}
			if d := cmp.Diff(want, got); d != "" || len(want) != 2 {
				t.Errorf("gaps counted by the store (-rule +store):\n%s", d)
			}
			return nil
		})
	})
}
