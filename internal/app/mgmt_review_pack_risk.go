// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The sections of 9.3.2 e to g: feedback from interested parties, the
// risk assessment and treatment, and opportunities for improvement.

// packFeedback lists the interested parties whose records changed in the
// period and the communications held in it (9.3.2 e). There is no
// feedback register: what parties said elsewhere belongs in the minutes.
func packFeedback(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	parties, err := tx.ChangedParties(ctx, p.org, p.since, p.until)
	if err != nil {
		return err
	}
	held, err := tx.CommunicationsHeld(ctx, p.org, p.since, p.until)
	if err != nil {
		return err
	}
	items := make([]isms.PackItem, 0, len(parties)+len(held))
	for _, x := range parties {
		items = append(items, packItem(objectParty, x.ID, x.Ref, x.Name, "Record changed",
			joinDetail(x.Category.Label(), plural(x.Requirements, "requirement", "requirements"))))
	}
	times := 0
	for _, h := range held {
		times += h.Times
		items = append(items, packItem(objectCommunicationItem, h.ItemID, "", h.Topic, "Held",
			joinDetail("audience "+h.Audience, plural(h.Times, "time", "times"), "last "+h.Last.String())))
	}
	figure(s, "Interested parties with changed records", len(parties))
	figure(s, "Communications held", times)
	listItems(s, items)
	s.Summary = fmt.Sprintf("%s changed and %s held %s. Feedback from interested parties not captured in these records (complaints, customer and regulator remarks) belongs in the minutes.",
		plural(len(parties), "interested party's record", "interested parties' records"), plural(times, "communication was", "communications were"), p.sinceText())
	return nil
}

// riskCounts are the figures of the risk section.
type riskCounts struct {
	above, within, unscored, untreated, unaccepted int
	byStatus                                       map[isms.RiskStatus]int
}

// packRisks counts the open risks by where their current level stands
// against the acceptance criteria of their method, their treatment and
// acceptance, and lists those above acceptance (9.3.2 f).
func packRisks(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	risks, err := tx.OpenRisks(ctx, p.org)
	if err != nil {
		return err
	}
	methods, err := riskMethodsByID(ctx, tx, p.org)
	if err != nil {
		return err
	}
	c := riskCounts{byStatus: map[isms.RiskStatus]int{}}
	var items []isms.PackItem
	for _, r := range risks {
		c.byStatus[r.Status]++
		if r.Residual.Level > 0 && r.AcceptanceID == "" {
			c.unaccepted++
		}
		m, level := methods[r.MethodID], r.CurrentLevel()
		switch {
		case m == nil || level == 0:
			c.unscored++
			continue
		case m.MayRetain(level):
			c.within++
			continue
		}
		c.above++
		if r.Treatment == isms.TreatmentNone {
			c.untreated++
		}
		items = append(items, packItem(objectRisk, r.ID, r.Ref, r.Title, m.LevelLabel(level), riskDetail(r)))
	}
	c.figures(s)
	listItems(s, items)
	s.Summary = c.summary(len(risks))
	return nil
}

// figures appends c's figures to s.
func (c riskCounts) figures(s *isms.PackSection) {
	figure(s, "Above acceptance", c.above)
	figure(s, "Within acceptance", c.within)
	figure(s, "Not yet scored", c.unscored)
	figure(s, "Above acceptance without treatment", c.untreated)
	for _, st := range []isms.RiskStatus{isms.RiskTreatmentPlanned, isms.RiskInTreatment, isms.RiskAccepted} {
		figure(s, st.Label(), c.byStatus[st])
	}
	figure(s, "Residual risks not accepted", c.unaccepted)
}

// summary reads c for people; total counts the open risks.
func (c riskCounts) summary(total int) string {
	if total == 0 {
		return "The risk register holds no open risk. Assess the information security risks (6.1.2, 8.2) before the review."
	}
	return fmt.Sprintf("Of %s, %d are above the acceptance criteria (%d without treatment), %d within them and %d not yet scored; %d in treatment, and %s not accepted by its owner.",
		plural(total, "open risk", "open risks"), c.above, c.untreated, c.within, c.unscored,
		c.byStatus[isms.RiskInTreatment], plural(c.unaccepted, "residual risk", "residual risks"))
}

// riskDetail describes the treatment of r.
func riskDetail(r *isms.Risk) string {
	treatment := "no treatment chosen"
	if r.Treatment != isms.TreatmentNone {
		treatment = "treatment " + strings.ToLower(r.Treatment.Label())
	}
	return joinDetail(r.Status.Label(), treatment, ownerText(r.OwnerName))
}

// riskMethodsByID returns every version of org's risk method by ID.
func riskMethodsByID(ctx context.Context, tx *sqldb.Tx, org isms.ID) (map[isms.ID]*isms.RiskMethod, error) {
	list, err := tx.FindRiskMethods(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make(map[isms.ID]*isms.RiskMethod, len(list))
	for _, m := range list {
		out[m.ID] = m
	}
	return out, nil
}

// packImprovement lists the audit findings graded as opportunities for
// improvement or observations raised in the period, the open
// opportunities for the ISMS and the open improvements of the register
// (9.3.2 g).
func packImprovement(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	findings, err := tx.FindingsRaised(ctx, p.org, p.since, p.until, isms.FindingOFI, isms.FindingObservation)
	if err != nil {
		return err
	}
	opps, _, err := tx.FindISMSRisks(ctx, isms.ISMSRiskFilter{OrgID: p.org, Kind: isms.ISMSKindOpportunity, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return err
	}
	items := findingItems(findings)
	open := 0
	for _, o := range opps {
		if o.Status != isms.ISMSRiskOpen && o.Status != isms.ISMSRiskPlanned {
			continue
		}
		open++
		items = append(items, packItem(objectISMSRisk, o.ID, o.Ref, o.Title, ismsStatusLabel(o.Status),
			joinDetail("rating "+string(o.Rating()), ownerText(o.OwnerName))))
	}
	imps, err := packImprovements(ctx, tx, p)
	if err != nil {
		return err
	}
	items = append(items, imps.items...)
	by := countGrades(findings)
	figure(s, gradePlural(isms.FindingOFI), by[isms.FindingOFI])
	figure(s, gradePlural(isms.FindingObservation), by[isms.FindingObservation])
	figure(s, "Open ISMS opportunities", open)
	imps.figures(s)
	listItems(s, items)
	if len(findings)+open+len(imps.items)+imps.done == 0 {
		s.Summary = fmt.Sprintf("No opportunity for improvement was raised %s, no ISMS opportunity is open and the improvement register holds none open. Ask the meeting for improvements and record them as outputs.", p.sinceText())
		return nil
	}
	s.Summary = fmt.Sprintf("Audits raised %s and %s %s; %s open. The improvement register holds %s; %s %s.",
		plural(by[isms.FindingOFI], "opportunity for improvement", "opportunities for improvement"),
		plural(by[isms.FindingObservation], "observation", "observations"), p.sinceText(),
		plural(open, "ISMS opportunity is", "ISMS opportunities are"),
		plural(len(imps.items), "open improvement", "open improvements"), plural(imps.done, "was done", "were done"), p.sinceText())
	return nil
}

// improvementCounts are the register's figures in the improvement
// section, and its items: the open improvements.
type improvementCounts struct {
	proposed, underway, done int
	items                    []isms.PackItem
}

// packImprovements reads the open improvements of the register and counts
// those done in the period. A done improvement no longer changes, so the
// day it was last updated is the day it was done.
func packImprovements(ctx context.Context, tx *sqldb.Tx, p packPeriod) (improvementCounts, error) {
	var c improvementCounts
	open, _, err := tx.FindImprovements(ctx, p.org, isms.ImprovementFilter{Open: true, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return c, err
	}
	for _, im := range open {
		switch im.Status {
		case isms.ImpProposed:
			c.proposed++
		case isms.ImpAccepted, isms.ImpInProgress:
			c.underway++
		}
		c.items = append(c.items, packItem(objectImprovement, im.ID, im.Ref, im.Title, im.Status.Label(),
			joinDetail("source "+strings.ToLower(im.Source.Label()), ownerText(im.OwnerName), dueText(im.Due))))
	}
	done, _, err := tx.FindImprovements(ctx, p.org, isms.ImprovementFilter{Status: isms.ImpDone, Sort: "-updated", Limit: isms.MaxPageSize})
	if err != nil {
		return c, err
	}
	for _, im := range done {
		if p.has(isms.DateOf(im.UpdatedAt)) {
			c.done++
		}
	}
	return c, nil
}

// figures appends c's figures to s.
func (c improvementCounts) figures(s *isms.PackSection) {
	figure(s, "Improvements proposed", c.proposed)
	figure(s, "Improvements accepted or in progress", c.underway)
	figure(s, "Improvements done in the period", c.done)
}

// ismsStatusLabel names the status of an ISMS risk or opportunity.
func ismsStatusLabel(s isms.ISMSRiskStatus) string {
	v := strings.ReplaceAll(string(s), "_", " ")
	return strings.ToUpper(v[:1]) + v[1:]
}
