// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoRiskLoader gives the small demo organization its risk management
// through the use cases, as its people would have done it in the months
// since the ISMS project started: a first 3×3 method and three risks
// scored under it; the current 5×5 method, which replaced it after the
// first workshop; the assets; the register, the first assessment, the
// work that followed (plans approved by their owners, actions done,
// residual risks accepted, one risk re-scored, new risks), a second
// assessment after a significant change, and what is open now.
// Dates are relative to the app's clock, and nothing depends on the day,
// so the demo's history has the same number of events whatever the day.
type demoRiskLoader struct {
	a        *App
	org      *isms.Organization
	users    []*isms.User
	people   []demoPerson
	today    isms.Date
	assets   map[string]isms.ID // by name
	controls map[string]isms.ID // by title
	risks    map[string]*isms.Risk
	method   *isms.RiskMethod // the current method
}

// loadDemoRisks loads the small demo's risk management.
func (a *App) loadDemoRisks(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	d := &demoRiskLoader{a: a, org: org, users: users, people: people, today: a.today(),
		assets: map[string]isms.ID{}, controls: map[string]isms.ID{}, risks: map[string]*isms.Risk{}}
	steps := []struct {
		what string
		run  func(context.Context) error
	}{
		{"method v1", func(ctx context.Context) error {
			return d.approveMethod(ctx, 3, "Risk assessment method", "First method, three levels on each scale, to get the register started.")
		}},
		{"controls", d.loadControls},
		{"risks under v1", func(ctx context.Context) error { return d.createAll(ctx, demoRisksV1) }},
		{"method v2", func(ctx context.Context) error {
			return d.approveMethod(ctx, 5, "Risk assessment method",
				"Five levels on each scale, so that the assessment can tell more risks apart. Agreed at the steering group after the first risk workshop.")
		}},
		{"assets", d.loadAssets},
		{"register", func(ctx context.Context) error { return d.createAll(ctx, demoRisksBefore) }},
		{"first assessment", func(ctx context.Context) error {
			return d.assess(ctx, "First risk assessment", "The first assessment of the whole register under method v2, for the ISMS project.", demoFirstAssessment)
		}},
		{"treatment", d.progress},
		{"new risks", d.addLater},
		{"second assessment", func(ctx context.Context) error {
			return d.assess(ctx, "Assessment after the failover design change",
				"Significant change: production gained a warm standby in the secondary region, and new risks were added.", -10)
		}},
		{"open work", d.openWork},
	}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("demo risks, %s: %w", s.what, err)
		}
	}
	return nil
}

// as returns demo person i acting in the organization.
func (d *demoRiskLoader) as(i int) isms.Actor {
	return isms.Actor{UserID: d.users[i].ID, Name: d.users[i].Name, OrgID: d.org.ID, Role: d.people[i].role}
}

// The demo's roles: the ISMS manager does most of the work, the CISO
// approves the method.
func (d *demoRiskLoader) manager() isms.Actor { return d.as(2) }
func (d *demoRiskLoader) ciso() isms.Actor    { return d.as(1) }

// approveMethod has the ISMS manager draft a method from the preset of
// size, name it and submit it to the CISO, who approves it.
func (d *demoRiskLoader) approveMethod(ctx context.Context, size int, name, note string) error {
	m, err := d.a.CreateRiskMethodDraft(ctx, d.manager(), RiskMethodDraftInput{Preset: size})
	if err != nil {
		return err
	}
	edit := *m
	edit.Name, edit.Description = name, note
	if m, err = d.a.UpdateRiskMethod(ctx, d.manager(), m.ID, m.Version, &edit); err != nil {
		return err
	}
	sub, err := d.a.SubmitForApproval(ctx, d.manager(), SubmitInput{ObjectType: objectRiskMethod, ObjectID: m.ID,
		Version: m.Version, ApproverIDs: []isms.ID{d.ciso().UserID}, Note: "Please approve the method; " + strings.ToLower(note[:1]) + note[1:]})
	if err != nil {
		return err
	}
	if _, err := d.a.DecideApproval(ctx, d.ciso(), sub.ID, isms.DecisionApprove,
		"Approved: scales, levels and acceptance criteria as discussed."); err != nil {
		return err
	}
	d.method, err = d.a.CurrentRiskMethod(ctx, d.manager())
	return err
}

// loadAssets creates the demo assets, parents and dependencies first.
func (d *demoRiskLoader) loadAssets(ctx context.Context) error {
	pos := func(v int) string { return strconv.Itoa(v) }
	for _, x := range demoAssets {
		in := AssetInput{Name: x.name, Type: string(x.typ), Description: x.description, OwnerID: string(d.users[x.owner].ID),
			Classification: string(x.class), C: pos(x.c), I: pos(x.i), A: pos(x.a), Location: x.location}
		if x.parent != "" {
			in.Parent = string(d.assets[x.parent])
		}
		for _, dep := range splitList(x.deps, ";") {
			in.Dependencies = append(in.Dependencies, string(d.assets[dep]))
		}
		asset, err := d.a.CreateAsset(ctx, d.manager(), in)
		if err != nil {
			return fmt.Errorf("asset %s: %w", x.name, err)
		}
		d.assets[x.name] = asset.ID
	}
	return nil
}

// loadControls reads the demo's controls by title.
func (d *demoRiskLoader) loadControls(ctx context.Context) error {
	list, _, err := d.a.FindControls(ctx, d.manager(), isms.ControlFilter{Limit: isms.MaxPageSize})
	for _, c := range list {
		d.controls[c.Title] = c.ID
	}
	return err
}

// splitList splits s at sep and trims the parts, dropping empty ones.
func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// input returns the use case's input for r.
func (d *demoRiskLoader) input(r demoRisk) RiskInput {
	pos := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	in := RiskInput{Title: r.title, Kind: string(r.kind), Category: r.category, OwnerID: string(d.users[r.owner].ID),
		InherentLikelihood: pos(r.in[0]), InherentImpact: pos(r.in[1]), ResidualLikelihood: pos(r.res[0]), ResidualImpact: pos(r.res[1]),
		Treatment: string(r.treat), TreatmentPlan: r.plan, Assets: []string{}, Controls: []string{}}
	if r.kind == isms.RiskScenario {
		in.ThreatSource, in.Event, in.Consequence = r.who, r.what, r.then
	} else {
		in.Threat, in.Vulnerability = r.who, r.what
	}
	if r.review != 0 {
		in.NextReview = d.today.AddDays(r.review).String()
	}
	for _, name := range splitList(r.assets, ";") {
		in.Assets = append(in.Assets, string(d.assets[name]))
	}
	for _, title := range splitList(r.controls, "|") {
		in.Controls = append(in.Controls, string(d.controls[title]))
	}
	return in
}

// createAll creates the risks with their treatment actions, as they are
// before anyone approves, accepts or completes anything.
func (d *demoRiskLoader) createAll(ctx context.Context, list []demoRisk) error {
	for _, r := range list {
		risk, err := d.a.CreateRisk(ctx, d.manager(), d.input(r))
		if err != nil {
			return fmt.Errorf("risk %s: %w", r.title, err)
		}
		d.risks[r.title] = risk
		for _, x := range r.actions {
			in := TreatmentActionInput{Title: x.title, OwnerID: string(d.users[x.owner].ID), Due: d.today.AddDays(x.due).String()}
			if x.control != "" {
				in.Control = string(d.controls[x.control])
			}
			if _, err := d.a.AddTreatmentAction(ctx, d.manager(), risk.ID, in); err != nil {
				return fmt.Errorf("risk %s, action %s: %w", r.title, x.title, err)
			}
		}
	}
	return nil
}

// assess records an assessment performed days from today.
func (d *demoRiskLoader) assess(ctx context.Context, title, reason string, days int) error {
	_, err := d.a.CreateRiskAssessment(ctx, d.manager(), RiskAssessmentInput{Title: title, Reason: reason,
		PerformedOn: d.today.AddDays(days).String()})
	return err
}

// progress is the work after the first assessment: actions done, plans
// approved, residual risks accepted, risks closed, and the denial of
// service risk re-scored after attacks on two peers.
func (d *demoRiskLoader) progress(ctx context.Context) error {
	for _, r := range demoRisksBefore {
		if err := d.advance(ctx, r); err != nil {
			return fmt.Errorf("risk %s: %w", r.title, err)
		}
	}
	ddos := demoRisksBefore[riskIndex(demoRisksBefore, "Denial of service on the public API")]
	ddos.in[0] = 4
	return d.update(ctx, ddos)
}

// riskIndex returns the index of the risk titled title.
func riskIndex(list []demoRisk, title string) int {
	for i, r := range list {
		if r.title == title {
			return i
		}
	}
	panic("no demo risk " + title)
}

// addLater creates the risks added between the assessments and brings
// them to their states.
func (d *demoRiskLoader) addLater(ctx context.Context) error {
	if err := d.createAll(ctx, demoRisksAfter); err != nil {
		return err
	}
	for _, r := range demoRisksAfter {
		if err := d.advance(ctx, r); err != nil {
			return fmt.Errorf("risk %s: %w", r.title, err)
		}
	}
	return nil
}

// advance brings a created risk to the state the demo gives it: its done
// actions completed by their owners, then its plan approved by the risk
// owner, its residual risk accepted, or the risk closed.
func (d *demoRiskLoader) advance(ctx context.Context, r demoRisk) error {
	risk := d.risks[r.title]
	detail, err := d.a.FindRisk(ctx, d.manager(), string(risk.ID))
	if err != nil {
		return err
	}
	for _, x := range r.actions {
		for _, act := range detail.Actions {
			if x.done && act.Title == x.title && act.Status == isms.TaskOpen {
				if _, err := d.a.CompleteTask(ctx, d.as(x.owner), act.TaskID, "Done; see the change record."); err != nil {
					return err
				}
			}
		}
	}
	switch r.status {
	case isms.RiskInTreatment:
		return d.approvePlan(ctx, r, true)
	case isms.RiskAccepted:
		return d.accept(ctx, r)
	case isms.RiskClosed:
		in := d.input(r)
		in.Status = string(isms.RiskClosed)
		_, err := d.a.UpdateRisk(ctx, d.manager(), risk.ID, detail.Risk.Version, in)
		return err
	}
	return nil
}

// approvePlan has the ISMS manager submit the risk's treatment plan to the
// risk owner, who approves it when decide is set.
func (d *demoRiskLoader) approvePlan(ctx context.Context, r demoRisk, decide bool) error {
	owner := d.as(r.owner)
	sub, err := d.a.SubmitForApproval(ctx, d.manager(), SubmitInput{ObjectType: objectRiskTreatment, ObjectID: d.risks[r.title].ID,
		ApproverIDs: []isms.ID{owner.UserID}, Note: "Treatment plan and the residual risk it leaves, for your approval as the risk owner."})
	if err != nil || !decide {
		return err
	}
	_, err = d.a.DecideApproval(ctx, owner, sub.ID, isms.DecisionApprove, "Approved; the actions and dates are realistic.")
	return err
}

// accept has whoever the method's criteria name for the residual level
// accept the risk: its owner, the CISO for managers, the administrator,
// or the named person.
func (d *demoRiskLoader) accept(ctx context.Context, r demoRisk) error {
	detail, err := d.a.FindRisk(ctx, d.manager(), string(d.risks[r.title].ID))
	if err != nil {
		return err
	}
	level := d.method.Level(detail.Risk.Residual.Level)
	if level == nil {
		return fmt.Errorf("residual of %s not scored", r.title)
	}
	who := r.owner
	switch level.AcceptBy {
	case isms.AcceptByManager:
		who = 1
	case isms.AcceptByAdmin:
		who = 0
	case isms.AcceptByPerson:
		for i, u := range d.users {
			if u.ID == level.AcceptUserID {
				who = i
			}
		}
	case isms.AcceptByNobody:
		return fmt.Errorf("method %s lets nobody accept a %s residual risk", d.method.VersionLabel(), level.Label)
	}
	if r.review < 0 {
		return d.acceptedEarlier(ctx, detail.Risk.ID, who, level.Label)
	}
	_, err = d.a.AcceptRisk(ctx, d.as(who), detail.Risk.ID, AcceptInput{Version: detail.Risk.Version,
		Comment: "Accepted: the residual risk is within our criteria; review it at the next review date."})
	return err
}

// acceptedEarlier records an acceptance signed by person who for the
// three months up to the risk's review date, now past, so that it has
// lapsed. AcceptRisk always signs today, so the demo writes it as it
// would have been stored then, with its audit event.
func (d *demoRiskLoader) acceptedEarlier(ctx context.Context, id isms.ID, who int, label string) error {
	actor := d.as(who)
	return d.a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindRiskByIDForUpdate(ctx, d.org.ID, id)
		if err != nil {
			return err
		}
		before := *r
		acc := &isms.RiskAcceptance{ID: isms.NewID("racc"), OrgID: r.OrgID, RiskID: r.ID, AcceptedBy: actor.UserID,
			AcceptedByName: actor.Name, AcceptedAt: r.NextReview.AddDate(0, -3, 0).Time().Add(11 * time.Hour), MethodID: d.method.ID,
			MethodNumber: d.method.Number, Residual: r.Residual, LevelLabel: label, ExpiresOn: r.NextReview,
			Comment: "Accepted for three months, until the new support hires have started; review it then."}
		if err := tx.InsertRiskAcceptance(ctx, acc); err != nil {
			return err
		}
		r.AcceptanceID, r.AcceptedUntil, r.Status = acc.ID, acc.ExpiresOn, isms.RiskAccepted
		if err := tx.UpdateRisk(ctx, r, before.Version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "risk.accept", objectRisk, r.ID, isms.Changes{
			"status": {Before: string(before.Status), After: string(r.Status)},
			"accepted": {After: map[string]any{"level": label, "methodVersion": d.method.Number,
				"acceptedAt": acc.AcceptedAt.UTC().Format(isms.TimeLayout), "expiresOn": acc.ExpiresOn.String(), "comment": acc.Comment}}})
	})
}

// update saves r's current data over the stored risk.
func (d *demoRiskLoader) update(ctx context.Context, r demoRisk) error {
	detail, err := d.a.FindRisk(ctx, d.manager(), string(d.risks[r.title].ID))
	if err != nil {
		return err
	}
	_, err = d.a.UpdateRisk(ctx, d.manager(), detail.Risk.ID, detail.Risk.Version, d.input(r))
	return err
}

// openWork is what is open now: a treatment plan waiting for its owner's
// approval, a review just done, and two scenarios from the library not yet
// assessed.
func (d *demoRiskLoader) openWork(ctx context.Context) error {
	firewall := demoRisksBefore[riskIndex(demoRisksBefore, "Firewall change opens production to the office network")]
	if err := d.approvePlan(ctx, firewall, false); err != nil {
		return err
	}
	outage := d.risks["Primary cloud region down for more than a day"]
	if _, err := d.a.ReviewRisk(ctx, d.as(3), outage.ID, "Reviewed with the platform team: the failover test is booked; scores unchanged."); err != nil {
		return err
	}
	var keys []string
	for _, s := range isms.ThreatLibrary {
		if len(keys) < 2 {
			keys = append(keys, s.Key)
		}
	}
	_, err := d.a.AddRisksFromLibrary(ctx, d.manager(), keys, d.users[1].ID)
	return err
}
