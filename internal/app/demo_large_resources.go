// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's resources and communication (27001 7.1, 7.4), and what
// its documents lacked: forty resources across every kind and status, a
// communication plan of thirty items with two years of records as often
// as each says, a retention rule for every document type, the documents'
// links to the controls and risks they govern, and the reviews that found
// no change needed.
const (
	largeDemoResources = 40
	largeDemoCommItems = 30
)

var (
	largeResourceTitles = map[isms.ResourceKind][]string{
		isms.ResourcePeople:   {"Security engineer", "ISMS coordinator", "Internal auditor time", "Privacy officer"},
		isms.ResourceBudget:   {"Penetration testing budget", "Awareness programme budget", "Certification audit fees"},
		isms.ResourceTool:     {"Vulnerability scanner licences", "Log platform subscription", "Endpoint protection", "Password manager"},
		isms.ResourceInfra:    {"Second region for recovery", "Hardware security modules", "Segmented test network"},
		isms.ResourceExternal: {"External audit support", "Incident response retainer", "Training provider"},
	}
	largeResourceAmounts = []string{"0.5 FTE", "1 FTE", "2 FTE", "EUR 12,000 a year", "EUR 45,000 a year", "EUR 120,000 once", "10 days a year"}
	largeCommTopics      = []string{"Security awareness update", "Incident summary", "Policy changes", "Phishing results", "Audit results",
		"Risk register highlights", "Supplier security news", "Objectives progress", "Customer security newsletter", "Regulator report"}
	largeCommAudiences = []string{"All staff", "Managers", "Engineering", "Customers", "Executive board", "Regulator", "Suppliers"}
	largeCommChannels  = []string{"All-hands meeting", "E-mail", "Intranet post", "Team meeting", "Customer portal", "Letter"}
	largeCommFrequency = []struct {
		label  string
		months int // between records; 0 when it is held on an event
	}{{"Monthly", 1}, {"Quarterly", 3}, {"Quarterly", 3}, {"Twice a year", 6}, {"Yearly", 12}, {"On every major incident", 0}}
	largeRetentionMonths = map[isms.DocumentType]int{isms.DocPolicy: 72, isms.DocTopicPolicy: 72, isms.DocProcedure: 36,
		isms.DocStandard: 48, isms.DocPlan: 36, isms.DocRecord: 84, isms.DocReport: 60, isms.DocOther: 24}
)

// loadLargeResources gives the large organization its resources,
// communication plan and records, document links and reviews in one
// transaction recorded in one audit event, then a retention rule for
// every document type through the use case.
func (a *App) loadLargeResources(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding %d resources, a communication plan of %d items with its records, document links, reviews and retention rules",
		largeDemoResources, largeDemoCommItems))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	g := &largeResourceGen{rng: rand.New(rand.NewPCG(seed, 7107)), org: org.ID, users: users[:min(200, len(users))], today: a.today()}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		counts, err := g.store(ctx, tx)
		if err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "support.import", objectOrganization, org.ID, counts)
	})
	if err != nil {
		return fmt.Errorf("large demo resources: %w", err)
	}
	for _, t := range isms.DocumentTypes {
		if err := a.SetRetentionRule(ctx, admin, t, largeRetentionMonths[t]); err != nil {
			return fmt.Errorf("large demo retention rule %s: %w", t, err)
		}
	}
	return nil
}

// largeResourceGen generates the large demo's resources, communication
// and document links and reviews from the load's seed.
type largeResourceGen struct {
	rng   *rand.Rand
	org   isms.ID
	users []*isms.User
	today isms.Date
}

// store generates and writes every record and returns their counts.
func (g *largeResourceGen) store(ctx context.Context, tx *sqldb.Tx) (isms.Changes, error) {
	for i := range largeDemoResources {
		if err := tx.InsertResource(ctx, g.resource(i)); err != nil {
			return nil, err
		}
	}
	records := 0
	for i := range largeDemoCommItems {
		item, held := g.communication(i)
		if err := tx.InsertCommunicationItem(ctx, item); err != nil {
			return nil, err
		}
		for _, r := range held {
			if err := tx.InsertCommunicationRecord(ctx, r); err != nil {
				return nil, err
			}
		}
		records += len(held)
	}
	links, reviews, err := g.documents(ctx, tx)
	if err != nil {
		return nil, err
	}
	return isms.Changes{"resources": {After: largeDemoResources}, "communicationItems": {After: largeDemoCommItems},
		"communicationRecords": {After: records}, "documentLinks": {After: links}, "documentReviews": {After: reviews}}, nil
}

// resource returns the i-th resource: most approved or provided, some
// requested, a few rejected.
func (g *largeResourceGen) resource(i int) *isms.Resource {
	kind := isms.ResourceKinds[i%len(isms.ResourceKinds)]
	titles := largeResourceTitles[kind]
	r := &isms.Resource{ID: isms.NewID("res"), OrgID: g.org, Kind: kind,
		Title:  fmt.Sprintf("%s %d", titles[g.rng.IntN(len(titles))], i/len(isms.ResourceKinds)+1),
		Amount: largeResourceAmounts[g.rng.IntN(len(largeResourceAmounts))],
		Status: []isms.ResourceStatus{isms.ResourceApproved, isms.ResourceApproved, isms.ResourceProvided, isms.ResourceProvided,
			isms.ResourceProvided, isms.ResourceRequested, isms.ResourceRequested, isms.ResourceRejected}[g.rng.IntN(8)],
		Notes: "Generated for the large demo organization."}
	if r.Status != isms.ResourceRequested {
		r.ApprovedBy, r.ApprovedOn = "Executive board", g.today.AddDays(-30-g.rng.IntN(600))
	}
	return r
}

// communication returns the i-th item of the communication plan and its
// records over the last two years: one per period, or a few for items
// held on an event.
func (g *largeResourceGen) communication(i int) (*isms.CommunicationItem, []*isms.CommunicationRecord) {
	f := largeCommFrequency[g.rng.IntN(len(largeCommFrequency))]
	owner := g.users[g.rng.IntN(len(g.users))]
	c := &isms.CommunicationItem{ID: isms.NewID("comm"), OrgID: g.org,
		Topic:    fmt.Sprintf("%s %d", largeCommTopics[i%len(largeCommTopics)], i/len(largeCommTopics)+1),
		Audience: largeCommAudiences[g.rng.IntN(len(largeCommAudiences))], Frequency: f.label,
		Channel: largeCommChannels[g.rng.IntN(len(largeCommChannels))], ResponsibleID: owner.ID, ResponsibleName: owner.Name,
		Notes: "Generated for the large demo organization."}
	var held []isms.Date
	if f.months == 0 {
		for n := g.rng.IntN(5); n > 0; n-- {
			held = append(held, g.today.AddDays(-g.rng.IntN(700)))
		}
	} else {
		// The latest period is missed for one item in six.
		first := 1 + boolInt(g.rng.IntN(6) == 0)
		for k := first; k*f.months <= 24; k++ {
			held = append(held, g.today.AddDate(0, -k*f.months, g.rng.IntN(10)))
		}
	}
	out := make([]*isms.CommunicationRecord, len(held))
	for k, d := range held {
		out[k] = &isms.CommunicationRecord{ID: isms.NewID("crec"), OrgID: g.org, ItemID: c.ID, HeldOn: d,
			Summary: fmt.Sprintf("%s sent to %s by %s.", c.Topic, c.Audience, c.Channel), RecordedBy: owner.Name}
	}
	return c, out
}

// documents links every document to one to three controls (and one in
// five to a risk), and records a review that found no change needed for
// half the documents in force; it returns how many links and reviews it
// wrote.
func (g *largeResourceGen) documents(ctx context.Context, tx *sqldb.Tx) (links, reviews int, err error) {
	docs, _, err := tx.FindDocuments(ctx, isms.DocumentFilter{OrgID: g.org, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return 0, 0, err
	}
	controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: g.org, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return 0, 0, err
	}
	risks, _, err := tx.FindRisks(ctx, isms.RiskFilter{OrgID: g.org, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return 0, 0, err
	}
	for _, d := range docs {
		ls := g.documentLinks(controls, risks)
		if err := tx.SetDocumentLinks(ctx, g.org, d.ID, ls); err != nil {
			return 0, 0, err
		}
		links += len(ls)
		if d.Retired || d.ApprovedNumber == 0 || g.rng.IntN(2) == 0 {
			continue
		}
		v, err := tx.FindDocumentVersion(ctx, g.org, d.ID, d.ApprovedNumber)
		if err != nil {
			return 0, 0, err
		}
		r := &isms.DocumentReview{ID: isms.NewID("drev"), OrgID: g.org, DocumentID: d.ID, VersionID: v.ID,
			ReviewerID: d.OwnerID, ReviewerName: d.OwnerName, Note: "Reviewed at the yearly check: still accurate.",
			NextReview: d.NextReview}
		if err := tx.InsertDocumentReview(ctx, r); err != nil {
			return 0, 0, err
		}
		reviews++
	}
	return links, reviews, nil
}

// documentLinks returns the links of one document, each once.
func (g *largeResourceGen) documentLinks(controls []*isms.Control, risks []*isms.Risk) []isms.Link {
	var out []isms.Link
	for n := 1 + g.rng.IntN(3); n > 0 && len(controls) > 0; n-- {
		if l := (isms.Link{Type: objectControl, ID: controls[g.rng.IntN(len(controls))].ID}); !slicesContains(out, l) {
			out = append(out, l)
		}
	}
	if g.rng.IntN(5) == 0 && len(risks) > 0 {
		out = append(out, isms.Link{Type: objectRisk, ID: risks[g.rng.IntN(len(risks))].ID})
	}
	return out
}
