// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Risks are the entries of the risk register (27001 6.1.2, 6.1.3). Whoever
// holds isms.EditRisks creates, edits and deletes them. A risk is scored
// under an approved version of the risk method and keeps that version
// until it is re-scored (rescore.go). Treatment actions, acceptances and
// reviews change risks through their own use cases (risk_treatment.go,
// risk_acceptance.go, risk_review.go); creates, edits and imports share
// the checks and writes of riskSave (risk_save.go).

// objectRisk is the object type of risks in the audit trail and in links.
const objectRisk = "risk"

func init() {
	linkables[objectRisk] = linkable{
		label: "risk",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			r, err := findRiskByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return r.ID, "Risk " + r.Ref + ": " + r.Title, nil
		},
	}
}

// findRiskByIDOrRef returns a risk by its ID or, failing that, its
// reference ("R-4").
func findRiskByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Risk, error) {
	return byIDOrRef(ctx, org, s, tx.FindRiskByID, tx.FindRiskByRef)
}

// RiskInput is a risk as a form, the API or an import gives it: every
// field as text. Scores are positions "1".."n" on the method's scales, or
// the label of a level ("Likely"), "" when unset. Kind "" is an event
// scenario; Status "" leaves the status to follow the risk's data;
// NextReview is YYYY-MM-DD ("" keeps the stored date, or starts a review
// cycle today). Assets and Controls are IDs or references; nil leaves the
// links of an existing risk as they are.
type RiskInput struct {
	Ref, Title, Kind, ThreatSource, Event, Consequence, Threat, Vulnerability, Description, Category, OwnerID string

	InherentLikelihood, InherentImpact, InherentC, InherentI, InherentA string
	ResidualLikelihood, ResidualImpact, ResidualC, ResidualI, ResidualA string

	Treatment, TreatmentPlan, Status, NextReview string

	Assets, Controls []string
}

// applyText sets the text fields, kind, owner and treatment of r from in;
// validation reports values it cannot read.
func (in RiskInput) applyText(r *isms.Risk) {
	if s := strings.TrimSpace(in.Ref); s != "" {
		r.Ref = s
	}
	r.Title, r.ThreatSource, r.Event, r.Consequence = in.Title, in.ThreatSource, in.Event, in.Consequence
	r.Threat, r.Vulnerability, r.Description, r.Category = in.Threat, in.Vulnerability, in.Description, in.Category
	r.TreatmentPlan = in.TreatmentPlan
	for _, t := range []*string{&r.ThreatSource, &r.Event, &r.Consequence, &r.Threat, &r.Vulnerability,
		&r.Description, &r.TreatmentPlan} {
		*t = strings.ReplaceAll(*t, "\r\n", "\n")
	}
	r.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	r.Kind = isms.RiskScenario
	if s := strings.TrimSpace(in.Kind); s != "" {
		r.Kind = isms.RiskKind(pickKey(s, []string{string(isms.RiskScenario), string(isms.RiskAsset)},
			func(k string) string { return isms.RiskKind(k).Label() }))
	}
	r.Treatment = isms.TreatmentOption(pickKey(in.Treatment, optionKeys(),
		func(k string) string { return isms.TreatmentOption(k).Label() }))
	r.Normalize()
}

// applyStatus reads the status asked for; "" keeps r's.
func (in RiskInput) applyStatus(r *isms.Risk, p isms.Problems) {
	s := strings.TrimSpace(in.Status)
	if s == "" {
		if r.Status == "" {
			r.Status = isms.RiskIdentified
		}
		return
	}
	keys := make([]string, len(isms.RiskStatuses))
	for i, st := range isms.RiskStatuses {
		keys[i] = string(st)
	}
	st := isms.RiskStatus(pickKey(s, keys, func(k string) string { return isms.RiskStatus(k).Label() }))
	if st == isms.RiskAccepted && r.Status != isms.RiskAccepted {
		p.Add("status", "A risk becomes accepted only when someone with authority accepts its residual risk; use Accept instead.")
		return
	}
	r.Status = st
}

// applyNextReview reads the next review date; "" keeps r's, or starts a
// cycle of months today when r has none.
func (in RiskInput) applyNextReview(r *isms.Risk, today isms.Date, months int, p isms.Problems) {
	s := strings.TrimSpace(in.NextReview)
	if s == "" {
		if r.NextReview.IsZero() {
			r.NextReview = today.AddDate(0, months, 0)
		}
		return
	}
	d, err := isms.ParseDate(s)
	if err != nil {
		p.Add("nextReview", "Enter the next review date as YYYY-MM-DD.")
		return
	}
	r.NextReview = d
}

// pickKey returns the key among keys that s names, by key or by label,
// ignoring case; s itself (trimmed) when none matches, for validation to
// report.
func pickKey(s string, keys []string, label func(string) string) string {
	s = strings.TrimSpace(s)
	for _, k := range keys {
		if strings.EqualFold(s, k) || strings.EqualFold(s, label(k)) {
			return k
		}
	}
	return s
}

// optionKeys lists the treatment option keys.
func optionKeys() []string {
	out := make([]string, len(isms.TreatmentOptions))
	for i, o := range isms.TreatmentOptions {
		out[i] = string(o)
	}
	return out
}

// scoreTexts returns the five texts of the inherent (residual false) or
// residual score: likelihood, impact, C, I, A.
func (in RiskInput) scoreTexts(residual bool) [5]string {
	if residual {
		return [5]string{in.ResidualLikelihood, in.ResidualImpact, in.ResidualC, in.ResidualI, in.ResidualA}
	}
	return [5]string{in.InherentLikelihood, in.InherentImpact, in.InherentC, in.InherentI, in.InherentA}
}

// scoreFields are the field names of a score's five parts after its
// prefix, as isms.Risk.Validate names them.
var scoreFields = [5]string{"Likelihood", "Impact", "ImpactC", "ImpactI", "ImpactA"}

var scoreLabels = [5]string{"Likelihood", "Impact", "C impact", "I impact", "A impact"}

// parseScore reads the five texts of a score under m (nil when there is
// no method), recording problems under the fields of prefix.
func parseScore(texts [5]string, prefix string, m *isms.RiskMethod, p isms.Problems) isms.RiskScore {
	var v [5]int
	for k, s := range texts {
		var scale []isms.RiskScaleLevel
		if m != nil {
			scale = m.Impact
			if k == 0 {
				scale = m.Likelihood
			}
		}
		v[k] = parseLevel(s, scale, m != nil, prefix+scoreFields[k], scoreLabels[k], p)
	}
	return isms.RiskScore{Likelihood: v[0], Impact: v[1], C: v[2], I: v[3], A: v[4]}
}

// parseLevel reads one position: a number (its range is checked by
// validation) or the label of a level of scale.
func parseLevel(s string, scale []isms.RiskScaleLevel, haveMethod bool, field, label string, p isms.Problems) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	for k, l := range scale {
		if strings.EqualFold(l.Label, s) {
			return k + 1
		}
	}
	if !haveMethod {
		p.Add(field, "Approve a risk method before scoring risks.")
		return 0
	}
	p.Add(field, label+" "+quote(s)+" is neither a level from 1 to "+strconv.Itoa(len(scale))+" nor the label of one.")
	return 0
}

// CreateRisk adds a risk to the register of the actor's organization,
// scored under the current approved method. An empty Ref takes the next
// free "R-<n>". A risk with an owner gets the task of its next review.
func (a *App) CreateRisk(ctx context.Context, actor isms.Actor, in RiskInput) (*isms.Risk, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not create risks."); err != nil {
		return nil, err
	}
	var r *isms.Risk
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		s, err := a.newRiskSave(ctx, tx, actor)
		if err != nil {
			return err
		}
		s.notify = true
		if r, err = s.create(ctx, in); err != nil {
			return err
		}
		r, err = tx.FindRiskByID(ctx, actor.OrgID, r.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateRisk changes a risk. version is the version the person edited; a
// newer stored one is a conflict. It is refused while the risk's treatment
// plan awaits approval, and scores of a risk scored under an older method
// version cannot change until it is re-scored. A residual score change
// ends the standing acceptance; an owner or review date change moves the
// open review task.
func (a *App) UpdateRisk(ctx context.Context, actor isms.Actor, id isms.ID, version int, in RiskInput) (*isms.Risk, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not edit risks."); err != nil {
		return nil, err
	}
	var r *isms.Risk
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		before, err := tx.FindRiskByIDForUpdate(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this risk while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", version, before.Version)
		}
		s, err := a.newRiskSave(ctx, tx, actor)
		if err != nil {
			return err
		}
		s.notify = true
		if r, _, err = s.update(ctx, before, in); err != nil {
			return err
		}
		r, err = tx.FindRiskByID(ctx, actor.OrgID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DeleteRisk deletes a risk that was entered by mistake, with its links;
// its open treatment actions and review task are cancelled. A risk that
// was accepted or whose plan was submitted for approval has a history that
// must stay: it can only be closed.
func (a *App) DeleteRisk(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.EditRisks), "You may not delete risks."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindRiskByIDForUpdate(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := checkRiskDeletable(ctx, tx, r); err != nil {
			return err
		}
		if err := cancelRiskTasks(ctx, tx, actor, r, "The risk "+r.Ref+" was deleted."); err != nil {
			return err
		}
		if err := tx.DeleteRisk(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if err := tx.DeleteRecordLinks(ctx, actor.OrgID, isms.Link{Type: objectRisk, ID: r.ID}); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "risk.delete", objectRisk, r.ID,
			isms.Changes{"ref": {Before: r.Ref}, "title": {Before: r.Title}, "status": {Before: string(r.Status)}})
	})
}

// checkRiskDeletable returns a Conflict when r was ever accepted or
// submitted for approval.
func checkRiskDeletable(ctx context.Context, tx *sqldb.Tx, r *isms.Risk) error {
	accs, err := tx.RiskAcceptances(ctx, r.OrgID, r.ID)
	if err != nil {
		return err
	}
	_, err = tx.FindLatestApproval(ctx, r.OrgID, objectRiskTreatment, r.ID)
	submitted := err == nil
	if err != nil && isms.ErrorCode(err) != isms.NotFound {
		return err
	}
	if len(accs) > 0 || submitted {
		return isms.Errorf(isms.Conflict, "%s was accepted or its treatment plan was submitted for approval, so its record must stay; close it instead.", r.Ref)
	}
	return nil
}

// cancelRiskTasks cancels the open treatment actions and review task of r
// with reason.
func cancelRiskTasks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk, reason string) error {
	actions, err := tx.RiskActions(ctx, r.OrgID, r.ID)
	if err != nil {
		return err
	}
	ids := []isms.ID{r.ReviewTaskID}
	for _, x := range actions {
		ids = append(ids, x.TaskID)
	}
	for _, id := range ids {
		if err := cancelOpenTask(ctx, tx, actor, r.OrgID, id, reason); err != nil {
			return err
		}
	}
	return nil
}

// cancelOpenTask cancels task id with reason if it exists and is open.
func cancelOpenTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, org, id isms.ID, reason string) error {
	if id == "" {
		return nil
	}
	t, err := tx.FindTaskByIDForUpdate(ctx, org, id)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil || t.Status != isms.TaskOpen {
		return err
	}
	return closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, reason, "task.cancel")
}
