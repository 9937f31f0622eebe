// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The rest of the small demo's staff: the people register holds everyone
// who works for Northwind Analytics, 80 people with the members and the
// named people of demoSupportPeople, though only ten of them have
// accounts. Their training follows from where they are: the awareness
// e-learning since it became part of onboarding, the secure coding course
// for most developers; the newest starter has had no training yet.

// demoStaffStatus is where a group of the demo's staff stands.
type demoStaffStatus int

// The statuses: at work for a while, started this month, or left.
const (
	staffSettled demoStaffStatus = iota
	staffNew
	staffLeft
)

// demoStaffGroup is a group of people of one department with the same
// ISMS roles; names are separated by "; ".
type demoStaffGroup struct {
	dept, roles, names string
	status             demoStaffStatus
}

var demoStaff = []demoStaffGroup{
	{dept: "Management", roles: "All staff", names: "Helen Marsh; Rafael Costa"},
	{dept: "Security", roles: "All staff;Incident handler", names: "Nadia Rahman"},
	{dept: "IT", roles: "All staff", names: "Liam Doherty"},
	{dept: "People", roles: "All staff", names: "Grace Adeyemi"},
	{dept: "Finance", roles: "All staff", names: "Oliver Grant; Beatriz Lopes"},
	{dept: "Facilities", roles: "All staff", names: "Inês Ferreira"},
	{dept: "Engineering", roles: "All staff;Developer", names: "Ana Ribeiro; Ben Holloway; Carlos Mendes; Daniel Price; Eva Novak; " +
		"Filipe Santos; George Atkinson; Hugo Martins; Isla Campbell; Jack Turner; Joana Pereira; Karim Haddou; Laura Bennett; " +
		"Miguel Oliveira; Nathan Brooks; Olivia Hughes; Pedro Alves; Rachel Kim; Samuel Doyle; Tiago Rocha; Uma Patel; " +
		"Victor Lemaire; William Shaw; Yara Gomes; Zoe Fletcher; Aaron Clarke; Bruno Teixeira; Catarina Nunes; David Osei"},
	{dept: "Engineering", roles: "All staff;Developer", names: "Lara Duarte", status: staffNew},
	{dept: "Customer support", roles: "All staff", names: "Amelia Ward; Diogo Faria; Jessica Moore; Ricardo Lima; Sophie Hall; " +
		"Tomasz Nowak; Leonor Matos"},
	{dept: "Sales and marketing", roles: "All staff", names: "Charlotte Evans; James Whitmore; Priscilla Boateng; Ethan Cole; " +
		"Mariana Sousa; Harry Jenkins; Lucy Palmer; André Baptista; Megan Lloyd; Thomas Reid; Sara Cunha; Ryan Foster"},
	{dept: "Product and data", roles: "All staff", names: "Alice Dunn; Rodrigo Pinto; Fatima Zahra; Matthew Hale; Marta Vieira; " +
		"Oscar Lindgren; Chen Wei; Isabel Cruz"},
	{dept: "Engineering", roles: "All staff;Developer", names: "Tom Whitaker", status: staffLeft},
	{dept: "Customer support", roles: "All staff", names: "Chloe Barnes", status: staffLeft},
}

// demoEmailLocal turns accented letters into plain ones for an e-mail
// address's local part.
var demoEmailLocal = strings.NewReplacer(" ", ".", "á", "a", "â", "a", "ã", "a", "é", "e", "ê", "e", "í", "i", "ó", "o", "ô", "o",
	"õ", "o", "ú", "u", "ç", "c", "'", "")

// staff adds the rest of the demo's staff and their training records for
// the requirements reqs (in demoRequirements' order). The k-th person
// started 1 + 11k mod 58 months ago (the newest this month), completed the
// awareness e-learning in the last seven months and, as a developer, the
// secure coding course in the last ten, but never before they started;
// one developer in ten has yet to take it. Leavers keep their records but
// are no longer active.
func (d *demoSupportLoader) staff(ctx context.Context, reqs []*isms.CompetenceRequirement) error {
	k := 0
	for _, g := range demoStaff {
		for _, name := range splitList(g.names, ";") {
			k++
			started := 1 + k*11%58
			if g.status == staffNew {
				started = 0
			}
			in := PersonInput{Name: name, Email: demoEmailLocal.Replace(strings.ToLower(name)) + "@demo.example", Department: g.dept,
				Roles: splitList(g.roles, ";"), Active: g.status != staffLeft, StartDate: d.today.AddDate(0, -started, 0).String()}
			person, err := d.a.CreatePerson(ctx, d.manager(), in)
			if err != nil {
				return fmt.Errorf("person %s: %w", name, err)
			}
			if started == 0 {
				continue
			}
			for _, t := range demoStaffTrainings(in.Roles, k, started) {
				if err := d.train(ctx, person, reqs[t.req], t); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoStaffTrainings returns the training records of the k-th person of
// demoStaff, who holds roles and started months ago.
func demoStaffTrainings(roles []string, k, started int) []demoTraining {
	out := []demoTraining{{req: 0, course: "Security awareness e-learning", monthsAgo: min(1+k%7, started), months: 12}}
	for _, r := range roles {
		switch {
		case r == "Developer" && k%10 != 3:
			out = append(out, demoTraining{req: 3, course: "Secure coding for Go and TypeScript", monthsAgo: min(2+k%9, started), months: 24})
		case r == "Incident handler":
			out = append(out, demoTraining{req: 5, course: "Ransomware tabletop exercise", monthsAgo: min(5, started), months: 12})
		}
	}
	return out
}
