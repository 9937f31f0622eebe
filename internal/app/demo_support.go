// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// demoSupportLoader gives the small demo organization its support
// processes (27001 clause 7) through the use cases, as its people would
// have done it: retention rules; documents written, sent for review and
// approved by a second person, among them the information security policy
// in its second version; people with their ISMS roles, competence
// requirements and training records (some expired, so there are gaps); a
// campaign half acknowledged; resources and the communication plan. Dates
// are relative to the app's clock.
type demoSupportLoader struct {
	a        *App
	org      *isms.Organization
	users    []*isms.User
	people   []demoPerson
	today    isms.Date
	controls map[string]string // ref by title
	docs     map[string]*isms.Document
}

// loadDemoSupport loads the small demo's support processes.
func (a *App) loadDemoSupport(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	d := &demoSupportLoader{a: a, org: org, users: users, people: people, today: a.today(),
		controls: map[string]string{}, docs: map[string]*isms.Document{}}
	steps := []struct {
		what string
		run  func(context.Context) error
	}{
		{"retention", d.retention},
		{"controls", d.loadControls},
		{"security policy", d.securityPolicy},
		{"documents", d.documents},
		{"competence", d.competence},
		{"campaign", d.campaign},
		{"resources", d.resources},
		{"communication", d.communication},
	}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("demo support, %s: %w", s.what, err)
		}
	}
	return nil
}

// as returns demo person i acting in the organization.
func (d *demoSupportLoader) as(i int) isms.Actor {
	return isms.Actor{UserID: d.users[i].ID, Name: d.users[i].Name, OrgID: d.org.ID, Role: d.people[i].role}
}

// manager is the ISMS manager, who does most of the work.
func (d *demoSupportLoader) manager() isms.Actor { return d.as(2) }

// retention sets the retention of the types the demo keeps longer or
// shorter than the default.
func (d *demoSupportLoader) retention(ctx context.Context) error {
	for _, r := range demoRetention {
		if err := d.a.SetRetentionRule(ctx, d.manager(), r.Type, r.Months); err != nil {
			return err
		}
	}
	return nil
}

// loadControls reads the references of the demo's controls by title.
func (d *demoSupportLoader) loadControls(ctx context.Context) error {
	list, _, err := d.a.FindControls(ctx, d.manager(), isms.ControlFilter{Limit: isms.MaxPageSize})
	for _, c := range list {
		d.controls[c.Title] = c.Ref
	}
	return err
}

// input returns the use case's input for x.
func (d *demoSupportLoader) input(x demoDoc) DocumentInput {
	in := DocumentInput{Title: x.title, Type: string(x.typ), Description: x.description, OwnerID: string(d.users[x.owner].ID),
		Classification: string(x.class), ReviewMonths: strconv.Itoa(x.reviewMonths), Clauses: strings.Fields(x.clauses),
		External: x.source != "", Source: x.source, ExternalVersion: x.extVersion, AudienceEveryone: len(x.roles) == 0}
	for _, r := range x.roles {
		in.AudienceRoles = append(in.AudienceRoles, string(r))
	}
	for _, title := range splitList(x.controls, "|") {
		if ref, ok := d.controls[title]; ok {
			in.Links = append(in.Links, "control:"+ref)
		}
	}
	return in
}

// body returns the first version's body of x: its Markdown, a starter
// template, or for an external document its file when files can be stored.
func (d *demoSupportLoader) body(x demoDoc) (DocumentBodyInput, error) {
	b := DocumentBodyInput{Markdown: x.body, ChangeSummary: "First version."}
	if x.template != "" {
		for _, t := range DocumentTemplates() {
			if slices.Contains(t.Clauses, x.template) {
				b.Markdown, b.Template, b.ChangeSummary = "", t.Key, "First draft from the starter template."
			}
		}
		if b.Template == "" {
			return b, fmt.Errorf("no starter template for clause %s", x.template)
		}
	}
	if x.file != "" && d.a.opts.Blobs != nil {
		b.Markdown, b.File = "", &FileInput{Name: x.file, Reader: strings.NewReader(strings.TrimPrefix(x.body, "# "))}
		b.ChangeSummary = "Registered the external document."
	}
	return b, nil
}

// create has x's author write its first version.
func (d *demoSupportLoader) create(ctx context.Context, x demoDoc) (*isms.Document, *isms.DocumentVersion, error) {
	body, err := d.body(x)
	if err != nil {
		return nil, nil, err
	}
	doc, v, err := d.a.CreateDocument(ctx, d.as(x.author), d.input(x), body)
	if err != nil {
		return nil, nil, err
	}
	d.docs[x.title] = doc
	return doc, v, nil
}

// approve has the author submit version v to the approvers, each of whom
// approves it unless decide is false.
func (d *demoSupportLoader) approve(ctx context.Context, author int, approvers []int, v *isms.DocumentVersion, note string, decide bool) error {
	ids := make([]isms.ID, len(approvers))
	for i, p := range approvers {
		ids[i] = d.users[p].ID
	}
	sub, err := d.a.SubmitDocumentVersion(ctx, d.as(author), v.ID, ids, note)
	if err != nil || !decide {
		return err
	}
	for _, p := range approvers {
		if _, err := d.a.DecideApproval(ctx, d.as(p), sub.ID, isms.DecisionApprove,
			"Approved: clear, and consistent with how we work."); err != nil {
			return err
		}
	}
	return nil
}

// securityPolicy writes the information security policy: v1, approved by
// the CISO and the administrator for the board, then v2 with the AI tools
// rule and the Lisbon office, approved by both, which supersedes v1.
func (d *demoSupportLoader) securityPolicy(ctx context.Context) error {
	x := demoDoc{title: "Information security policy", typ: isms.DocPolicy, class: isms.ClassPublic, owner: 1, author: 2,
		approvers:   []int{1, 0},
		description: "The top-level policy: our commitments, responsibilities and the topic-specific policies that support it.",
		clauses:     "5.2 A.5.1", controls: "Information security policy approved by the board", reviewMonths: 12, body: demoPolicyV1}
	doc, v1, err := d.create(ctx, x)
	if err != nil {
		return err
	}
	if err := d.approve(ctx, 2, x.approvers, v1, "First information security policy, as discussed at the steering group.", true); err != nil {
		return err
	}
	v2, err := d.a.NewDocumentVersion(ctx, d.manager(), doc.ID, "Adds the rule for AI tools and names the Lisbon office.")
	if err != nil {
		return err
	}
	if v2, err = d.a.SaveDraft(ctx, d.manager(), v2.ID, v2.Revision, DocumentBodyInput{Markdown: demoPolicyV2,
		ChangeSummary: "Adds the rule for AI tools and names the Lisbon office."}); err != nil {
		return err
	}
	return d.approve(ctx, 2, x.approvers, v2, "Version 2: the AI tools rule agreed at the steering group, and the Lisbon office.", true)
}

// documents writes the other demo documents and brings each to its stage.
func (d *demoSupportLoader) documents(ctx context.Context) error {
	for _, x := range demoDocs {
		if err := d.document(ctx, x); err != nil {
			return fmt.Errorf("%s: %w", x.title, err)
		}
	}
	supplier := d.docs["Supplier security policy"]
	_, err := d.a.ReviewDocumentNoChange(ctx, d.manager(), supplier.ID,
		"Reviewed after the first supplier questionnaires came back: still right, nothing to change.")
	return err
}

// document writes one demo document and brings it to its stage.
func (d *demoSupportLoader) document(ctx context.Context, x demoDoc) error {
	doc, v, err := d.create(ctx, x)
	if err != nil || x.stage == docDraft {
		return err
	}
	note := "Please review and approve " + x.title + "."
	if err := d.approve(ctx, x.author, x.approvers, v, note, x.stage != docInReview); err != nil {
		return err
	}
	switch x.stage {
	case docOverdue:
		detail, err := d.a.FindDocument(ctx, d.manager(), string(doc.ID))
		if err != nil {
			return err
		}
		in := d.input(x)
		in.NextReview = d.today.AddDays(-20).String()
		_, err = d.a.UpdateDocument(ctx, d.manager(), doc.ID, detail.Document.Version, in)
		return err
	case docRetired:
		return d.a.RetireDocument(ctx, d.manager(), doc.ID, "Merged into the acceptable use policy.")
	}
	return nil
}

// competence adds the people, the requirements of their roles, their
// training records, and a task to close one gap.
func (d *demoSupportLoader) competence(ctx context.Context) error {
	var people []*isms.Person
	for _, p := range demoSupportPeople {
		in := PersonInput{Name: p.name, Email: p.email, Department: p.dept, Roles: splitList(p.roles, ";"), Active: true,
			StartDate: d.today.AddDate(0, -p.started, 0).String()}
		if p.user >= 0 {
			u := d.users[p.user]
			in.Name, in.Email, in.UserID = u.Name, u.Email, string(u.ID)
		}
		person, err := d.a.CreatePerson(ctx, d.manager(), in)
		if err != nil {
			return fmt.Errorf("person %s: %w", in.Name, err)
		}
		people = append(people, person)
	}
	var reqs []*isms.CompetenceRequirement
	for _, r := range demoRequirements {
		req, err := d.a.CreateCompetenceRequirement(ctx, d.manager(), RequirementInput{Role: r.role, Skill: r.skill, Description: r.description})
		if err != nil {
			return fmt.Errorf("requirement %s: %w", r.skill, err)
		}
		reqs = append(reqs, req)
	}
	for _, t := range demoTrainings {
		if err := d.train(ctx, people[t.person], reqs[t.req], t); err != nil {
			return err
		}
	}
	if err := d.staff(ctx, reqs); err != nil {
		return err
	}
	// The new sysadmin lacks the hardening training: HR books it.
	_, err := d.a.CloseGapTask(ctx, d.manager(), people[12].ID, reqs[4].ID, d.users[4].ID, d.today.AddDays(30).String())
	return err
}

// train records training t (its person and requirement aside) of person
// for requirement req.
func (d *demoSupportLoader) train(ctx context.Context, person *isms.Person, req *isms.CompetenceRequirement, t demoTraining) error {
	done := d.today.AddDate(0, -t.monthsAgo, 0)
	in := TrainingInput{PersonID: string(person.ID), RequirementID: string(req.ID), Course: t.course, CompletedOn: done.String()}
	if t.months > 0 {
		in.ExpiresOn = done.AddDate(0, t.months, 0).String()
	}
	if _, err := d.a.AddTrainingRecord(ctx, d.manager(), in); err != nil {
		return fmt.Errorf("training %s of %s: %w", t.course, person.Name, err)
	}
	return nil
}

// campaign asks everyone to acknowledge the information security policy
// and the acceptable use policy; it was due ten days ago, and half the
// members have.
func (d *demoSupportLoader) campaign(ctx context.Context) error {
	c, err := d.a.CreateCampaign(ctx, d.manager(), CampaignInput{Title: "Policy acknowledgement",
		Description: "Everyone reads the information security policy v2 and the acceptable use policy, and confirms it. HR chases those who have not.",
		Due:         d.today.AddDays(-10).String(), AudienceEveryone: true, FollowNewVersions: true,
		Documents: []string{d.docs["Information security policy"].Ref, d.docs["Acceptable use policy"].Ref}})
	if err != nil {
		return err
	}
	detail, err := d.a.FindCampaign(ctx, d.manager(), c.ID)
	if err != nil {
		return err
	}
	for _, p := range []int{0, 1, 2, 3, 6} {
		for _, v := range detail.Versions {
			if _, err := d.a.Acknowledge(ctx, d.as(p), c.ID, v.ID); err != nil {
				return fmt.Errorf("acknowledgement of %s: %w", d.users[p].Name, err)
			}
		}
	}
	return nil
}

// resources records what the ISMS needs, approved on their days.
func (d *demoSupportLoader) resources(ctx context.Context) error {
	for i, r := range demoResources {
		if r.ApprovedBy != "" {
			r.ApprovedOn = d.today.AddDays(demoResourceApproved[i]).String()
		}
		if _, err := d.a.CreateResource(ctx, d.manager(), r); err != nil {
			return fmt.Errorf("resource %s: %w", r.Title, err)
		}
	}
	return nil
}

// communication writes the communication plan and the communications
// held.
func (d *demoSupportLoader) communication(ctx context.Context) error {
	for _, c := range demoComms {
		item, err := d.a.CreateCommunicationItem(ctx, d.manager(), CommunicationInput{Topic: c.topic, Audience: c.audience,
			Frequency: c.frequency, Channel: c.channel, ResponsibleID: string(d.users[c.responsible].ID), Notes: c.notes})
		if err != nil {
			return fmt.Errorf("communication %s: %w", c.topic, err)
		}
		for _, days := range c.held {
			if _, err := d.a.RecordCommunication(ctx, d.manager(), item.ID, CommunicationRecordInput{
				HeldOn: d.today.AddDays(days).String(), Summary: c.summary}); err != nil {
				return fmt.Errorf("communication %s held: %w", c.topic, err)
			}
		}
	}
	return nil
}
