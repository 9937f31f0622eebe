// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's support processes (DESIGN §7): 300 documents with their
// versions, a person with competence records for every member, and ten
// awareness campaigns with their acknowledgements.
const (
	largeDemoDocuments = 300
	largeDemoCampaigns = 10
)

var (
	largeDocTypes = []isms.DocumentType{isms.DocPolicy, isms.DocTopicPolicy, isms.DocTopicPolicy, isms.DocProcedure,
		isms.DocProcedure, isms.DocProcedure, isms.DocStandard, isms.DocPlan, isms.DocRecord, isms.DocReport, isms.DocOther}
	largeISMSRoles = []string{"Developer", "System administrator", "Incident handler", "Internal auditor", "Data protection champion"}
)

// largeSupportData is what loadLargeSupport generates before storing it.
type largeSupportData struct {
	docs      []*isms.Document
	versions  []*isms.DocumentVersion
	approved  []*isms.DocumentVersion // the versions in force
	people    []*isms.Person
	reqs      []*isms.CompetenceRequirement
	trainings []*isms.TrainingRecord
	campaigns []*isms.Campaign
	acks      []*isms.Acknowledgement
	approvals []*isms.Approval // of the versions approved or in review
}

// loadLargeSupport gives the large organization its documents, people and
// campaigns in one transaction, with the same content on every load with
// the same seed. One audit event records it.
func (a *App) loadLargeSupport(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding %d documents, %s people and %d awareness campaigns", largeDemoDocuments, thousands(len(users)), largeDemoCampaigns))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	g := &largeSupportGen{rng: rand.New(rand.NewPCG(seed, 7005)), org: org.ID, users: users, people: people,
		now: a.now(), today: a.today()}
	data, err := g.generate()
	if err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := storeLargeSupport(ctx, tx, data); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "support.import", objectOrganization, org.ID, isms.Changes{
			"documents": {After: len(data.docs)}, "versions": {After: len(data.versions)}, "people": {After: len(data.people)},
			"requirements": {After: len(data.reqs)}, "trainingRecords": {After: len(data.trainings)},
			"campaigns": {After: len(data.campaigns)}, "acknowledgements": {After: len(data.acks)},
			"approvals": {After: len(data.approvals)}})
	})
}

// storeLargeSupport writes the generated data.
func storeLargeSupport(ctx context.Context, tx *sqldb.Tx, d *largeSupportData) error {
	if err := tx.InsertDocuments(ctx, d.docs); err != nil {
		return err
	}
	if err := tx.InsertApprovalRecords(ctx, d.approvals); err != nil {
		return err
	}
	for from := 0; from < len(d.versions); from += largeDemoInsertSize {
		if err := tx.InsertDocumentVersions(ctx, d.versions[from:min(from+largeDemoInsertSize, len(d.versions))]); err != nil {
			return err
		}
	}
	for _, p := range d.people {
		if err := tx.InsertPerson(ctx, p); err != nil {
			return err
		}
	}
	for _, r := range d.reqs {
		if err := tx.InsertCompetenceRequirement(ctx, r); err != nil {
			return err
		}
	}
	for _, t := range d.trainings {
		if err := tx.InsertTrainingRecord(ctx, t); err != nil {
			return err
		}
	}
	for _, c := range d.campaigns {
		if err := tx.InsertCampaign(ctx, c); err != nil {
			return err
		}
	}
	for _, ack := range d.acks {
		if err := tx.InsertAcknowledgement(ctx, ack); err != nil {
			return err
		}
	}
	return nil
}

// largeSupportGen generates the large demo's support data from the
// load's seed.
type largeSupportGen struct {
	rng    *rand.Rand
	org    isms.ID
	users  []*isms.User
	people []demoPerson
	now    time.Time
	today  isms.Date
	data   largeSupportData
	// approvers are the administrators and ISMS managers, who approve
	// document versions.
	approvers []*isms.User
}

// generate makes the documents, the people and the campaigns.
func (g *largeSupportGen) generate() (*largeSupportData, error) {
	for i, p := range g.people {
		if p.role == isms.RoleAdmin || p.role == isms.RoleManager {
			g.approvers = append(g.approvers, g.users[i])
		}
	}
	for i := range largeDemoDocuments {
		if err := g.document(i); err != nil {
			return nil, err
		}
	}
	g.competence()
	for i := range largeDemoCampaigns {
		g.campaign(i)
	}
	return &g.data, nil
}

// document generates the i-th document with one to three versions: the
// earlier ones superseded, the latest approved, in review or a draft; one
// in twenty is retired and one in eight is past its review date. Each
// version approved went through an approval, decided two days after the
// version was written; each in review awaits one.
func (g *largeSupportGen) document(i int) error {
	rng := g.rng
	typ := largeDocTypes[rng.IntN(len(largeDocTypes))]
	owner := g.users[rng.IntN(min(200, len(g.users)))]
	created := g.now.Add(-time.Duration(200*24+rng.IntN(500*24)) * time.Hour)
	d := &isms.Document{ID: isms.NewID("doc"), OrgID: g.org, Ref: fmt.Sprintf("DOC-%d", i+1),
		Title: fmt.Sprintf("%s: %s %d", typ.Label(), largeTopics[rng.IntN(len(largeTopics))], i+1), Type: typ,
		Description: "Generated for the large demo organization.", OwnerID: owner.ID, OwnerName: owner.Name,
		Classification: isms.Classifications[rng.IntN(3)], Audience: isms.Audience{Everyone: true}, ReviewMonths: 12,
		NextReview: g.today.AddDays(rng.IntN(365) - 45), CreatedBy: owner.ID, CreatedAt: created, UpdatedAt: created, Version: 1}
	if rng.IntN(4) == 0 {
		d.Audience = isms.Audience{Roles: []isms.Role{isms.RoleAdmin, isms.RoleManager, isms.RoleContributor}}
	}
	n := 1 + rng.IntN(3)
	final := []isms.VersionStatus{isms.VersionApproved, isms.VersionApproved, isms.VersionApproved, isms.VersionInReview, isms.VersionDraft}[rng.IntN(5)]
	if i%20 == 19 {
		final, d.Retired = isms.VersionRetired, true
	}
	for k := 1; k <= n; k++ {
		at := created.Add(time.Duration(k-1) * 60 * 24 * time.Hour)
		v := &isms.DocumentVersion{ID: isms.NewID("dver"), OrgID: g.org, DocumentID: d.ID, Number: k, Status: isms.VersionSuperseded,
			Format: isms.BodyMarkdown, Body: fmt.Sprintf("# %s\n\nVersion %d, generated for the large demo organization.\n", d.Title, k),
			ChangeSummary: "Generated version.", AuthorID: owner.ID, AuthorName: owner.Name, ApprovedAt: at.Add(50 * time.Hour),
			CreatedAt: at, UpdatedAt: at, Revision: 1}
		if k < n {
			v.RetainUntil = isms.DateOf(at).AddDate(3, 0, 0)
		} else {
			v.Status = final
		}
		switch v.Status {
		case isms.VersionDraft, isms.VersionInReview:
			v.ApprovedAt = time.Time{}
		case isms.VersionRetired:
			v.RetainUntil = g.today.AddDate(3, 0, 0)
		case isms.VersionApproved:
			g.data.approved = append(g.data.approved, v)
		}
		if !v.ApprovedAt.IsZero() || v.Status == isms.VersionInReview {
			if err := g.approval(d, v); err != nil {
				return err
			}
		}
		g.data.versions = append(g.data.versions, v)
	}
	g.data.docs = append(g.data.docs, d)
	return nil
}

// approval records the submission of version v of d by its author to an
// administrator or ISMS manager other than the author: approved when v
// was, else pending.
func (g *largeSupportGen) approval(d *isms.Document, v *isms.DocumentVersion) error {
	title, content, err := versionApproval(d, v)
	if err != nil {
		return err
	}
	by := g.approvers[g.rng.IntN(len(g.approvers))]
	for by.ID == v.AuthorID && len(g.approvers) > 1 {
		by = g.approvers[g.rng.IntN(len(g.approvers))]
	}
	ap := &isms.Approval{ID: isms.NewID("appr"), OrgID: g.org, ObjectType: objectDocumentVersion, ObjectID: v.ID,
		ObjectVersion: v.Revision, Title: title, Content: string(content), ContentSHA256: isms.ContentHash(content),
		Note: "Ready for approval.", Status: isms.ApprovalPending, SubmittedBy: v.AuthorID, SubmitterName: v.AuthorName,
		SubmittedAt: v.CreatedAt.Add(time.Hour), Approvers: []isms.Approver{{UserID: by.ID, Name: by.Name}}}
	if !v.ApprovedAt.IsZero() {
		if err := ap.Decide(by.ID, isms.DecisionApprove, "Approved.", v.ApprovedAt); err != nil {
			return err
		}
		v.ApprovalID = ap.ID
	}
	g.data.approvals = append(g.data.approvals, ap)
	return nil
}

// competence generates a person for every member, a requirement for every
// ISMS role and for all staff, and the yearly awareness training (one in
// six expired) plus one record in three for the person's role.
func (g *largeSupportGen) competence() {
	all := &isms.CompetenceRequirement{ID: isms.NewID("creq"), OrgID: g.org, Role: "All staff", Skill: "Security awareness training",
		Description: "Yearly e-learning module.", CreatedAt: g.now, Version: 1}
	g.data.reqs = append(g.data.reqs, all)
	byRole := map[string]*isms.CompetenceRequirement{}
	for _, role := range largeISMSRoles {
		r := &isms.CompetenceRequirement{ID: isms.NewID("creq"), OrgID: g.org, Role: role, Skill: role + " training",
			Description: "Generated requirement.", CreatedAt: g.now, Version: 1}
		byRole[role] = r
		g.data.reqs = append(g.data.reqs, r)
	}
	for i, u := range g.users {
		p := &isms.Person{ID: isms.NewID("per"), OrgID: g.org, Name: u.Name, Email: u.Email, UserID: u.ID,
			Department: largeTopics[g.rng.IntN(len(largeTopics))], Roles: []string{"All staff"},
			StartDate: g.today.AddDays(-30 - g.rng.IntN(3000)), Active: true, CreatedAt: g.now, UpdatedAt: g.now, Version: 1}
		if i%4 == 0 {
			p.Roles = append(p.Roles, largeISMSRoles[g.rng.IntN(len(largeISMSRoles))])
		}
		g.data.people = append(g.data.people, p)
		g.training(p, all, "Security awareness e-learning", g.rng.IntN(6) != 0)
		if len(p.Roles) > 1 && g.rng.IntN(3) == 0 {
			g.training(p, byRole[p.Roles[1]], p.Roles[1]+" course", true)
		}
	}
}

// training records that p completed course for req, a year ago (expired)
// or within the last ten months.
func (g *largeSupportGen) training(p *isms.Person, req *isms.CompetenceRequirement, course string, valid bool) {
	done := g.today.AddDays(-400 - g.rng.IntN(200))
	if valid {
		done = g.today.AddDays(-g.rng.IntN(300))
	}
	g.data.trainings = append(g.data.trainings, &isms.TrainingRecord{ID: isms.NewID("trn"), OrgID: g.org, PersonID: p.ID,
		RequirementID: req.ID, Course: course, CompletedOn: done, ExpiresOn: done.AddDate(1, 0, 0), CreatedAt: g.now})
}

// campaign generates the i-th campaign: one to three documents in force,
// everyone as its audience, and acknowledgements from a share of the
// members that grows with the campaign's age; the oldest are closed.
func (g *largeSupportGen) campaign(i int) {
	c := &isms.Campaign{ID: isms.NewID("cmp"), OrgID: g.org, Title: fmt.Sprintf("Awareness campaign %d", i+1),
		Description: "Generated for the large demo organization.", Audience: isms.Audience{Everyone: true},
		Due: g.today.AddDays(30*i - 200), FollowNewVersions: i%2 == 0, Closed: i < 3, CreatedBy: g.users[0].ID,
		CreatedAt: g.now, UpdatedAt: g.now, Version: 1}
	seen := map[isms.ID]bool{}
	for n := 1 + g.rng.IntN(3); n > 0; n-- {
		v := g.data.approved[g.rng.IntN(len(g.data.approved))]
		if !seen[v.DocumentID] {
			seen[v.DocumentID] = true
			c.Documents, c.Versions = append(c.Documents, v.DocumentID), append(c.Versions, v.ID)
		}
	}
	share := 100 - 10*i // percent of members who acknowledged
	for k, u := range g.users {
		if (k*37+i*11)%100 >= share {
			continue
		}
		for j, v := range c.Versions {
			g.data.acks = append(g.data.acks, &isms.Acknowledgement{ID: isms.NewID("ack"), OrgID: g.org, CampaignID: c.ID,
				UserID: u.ID, DocumentID: c.Documents[j], VersionID: v, At: g.now.Add(-time.Duration(g.rng.IntN(60*24)) * time.Hour)})
		}
	}
	g.data.campaigns = append(g.data.campaigns, c)
}
