// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Risks and opportunities for the ISMS (27001 6.1.1): what could keep
// the management system from its outcomes and what could make it better,
// each derived from context issues (4.1) and requirements of interested
// parties (4.2), rated low, medium or high, with actions (tasks linked to
// the record) and the evaluation of whether those actions worked.
// Whoever holds isms.EditContext records them; readers of the ISMS see
// them.

// objectISMSRisk is the object type of ISMS risks and opportunities in
// the audit trail and in links.
const objectISMSRisk = "isms_risk"

func init() {
	linkables[objectISMSRisk] = linkable{
		label: "ISMS risk or opportunity",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			r, err := tx.FindISMSRisk(ctx, org, ref)
			if err != nil {
				return "", "", err
			}
			return r.ID, ismsRiskTitle(r), nil
		},
	}
}

// ismsRiskTitle is the record's title as links show it: "ISMS risk RO-3:
// Budget cut", "ISMS opportunity RO-4: Automated evidence".
func ismsRiskTitle(r *isms.ISMSRisk) string {
	return "ISMS " + string(r.Kind) + " " + r.Ref + ": " + r.Title
}

// ismsRisks describes the register to the generic record use cases.
var ismsRisks = recordKind[*isms.ISMSRisk]{
	object: objectISMSRisk, label: "risk or opportunity for the ISMS", edit: isms.EditContext,
	id:     func(r *isms.ISMSRisk) isms.ID { return r.ID },
	ver:    func(r *isms.ISMSRisk) int { return r.Version },
	fields: ismsRiskFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ISMSRisk, error) {
		return tx.FindISMSRisk(ctx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, r *isms.ISMSRisk) error { return tx.InsertISMSRisk(ctx, r) },
	update: func(ctx context.Context, tx *sqldb.Tx, r *isms.ISMSRisk, v int) error {
		return tx.UpdateISMSRisk(ctx, r, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error { return tx.DeleteISMSRisk(ctx, org, id) },
}

// ISMSRiskInput is an ISMS risk or opportunity as a form or the API gives
// it. Kind is risk or opportunity; Likelihood and Impact low, medium or
// high; Status open (when empty), planned, addressed or closed; Effective
// "", yes or no; dates YYYY-MM-DD or "". OwnerID is a member's user ID or
// "". Issues and Requirements are IDs or references of context issues and
// of requirements of interested parties; nil leaves the links as they are.
type ISMSRiskInput struct {
	Kind, Title, Description, Likelihood, Impact, OwnerID, Status, EvaluationMethod, Evaluation, EvaluatedOn, Effective, ReviewOn string
	Issues, Requirements                                                                                                          []string
}

// apply sets the fields of r from in, recording what cannot be read in p.
func (in ISMSRiskInput) apply(r *isms.ISMSRisk, p isms.Problems) {
	word := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	r.Kind, r.Title, r.Description = isms.ISMSRiskKind(word(in.Kind)), in.Title, in.Description
	r.Likelihood, r.Impact = isms.ISMSLevel(word(in.Likelihood)), isms.ISMSLevel(word(in.Impact))
	r.Status, r.Effective = isms.ISMSRiskStatus(word(in.Status)), word(in.Effective)
	if r.Status == "" {
		r.Status = isms.ISMSRiskOpen
	}
	r.EvaluationMethod, r.Evaluation = in.EvaluationMethod, in.Evaluation
	r.EvaluatedOn = planningDate(in.EvaluatedOn, "evaluatedOn", "evaluation date", p)
	r.ReviewOn = planningDate(in.ReviewOn, "reviewOn", "review date", p)
}

// planningDate reads an optional date written YYYY-MM-DD, recording a
// problem on field when it is not one.
func planningDate(s, field, what string, p isms.Problems) isms.Date {
	d, err := isms.ParseDate(strings.TrimSpace(s))
	if err != nil {
		p.Add(field, "Enter the "+what+" as YYYY-MM-DD, or leave it empty.")
	}
	return d
}

// ismsRiskFields are the fields of r as the audit trail records them.
func ismsRiskFields(r *isms.ISMSRisk) []fieldDiff {
	return []fieldDiff{{"ref", nil, r.Ref}, {"kind", nil, string(r.Kind)}, {"title", nil, r.Title},
		{"description", nil, r.Description}, {"likelihood", nil, string(r.Likelihood)}, {"impact", nil, string(r.Impact)},
		{"owner", nil, r.OwnerName}, {"status", nil, string(r.Status)}, {"evaluationMethod", nil, r.EvaluationMethod},
		{"evaluation", nil, r.Evaluation}, {"evaluatedOn", nil, r.EvaluatedOn.String()}, {"effective", nil, r.Effective},
		{"reviewOn", nil, r.ReviewOn.String()}}
}

// fillISMSRisk returns the fill of the generic use cases: it applies in,
// gives a new record its reference, checks the owner (when it changes)
// and the dates, validates, and sets the links to issues and requirements.
func (a *App) fillISMSRisk(ctx context.Context, actor isms.Actor, in ISMSRiskInput) fillFunc[*isms.ISMSRisk] {
	return func(tx *sqldb.Tx, r *isms.ISMSRisk) (isms.Changes, error) {
		p := isms.Problems{}
		in.apply(r, p)
		if r.Ref == "" {
			ref, n, err := nextRecordRef(ctx, tx, actor.OrgID, "isms_risks", "RO-")
			if err != nil {
				return nil, err
			}
			r.Ref, r.Number = ref, n
		}
		if err := planningOwner(ctx, tx, actor.OrgID, &r.OwnerID, &r.OwnerName, in.OwnerID, "ownerId", p); err != nil {
			return nil, err
		}
		if r.EvaluatedOn.After(a.today()) {
			p.Add("evaluatedOn", "The evaluation date cannot be in the future.")
		}
		if err := addProblems(p, r.Validate()); err != nil {
			return nil, err
		}
		from := isms.Link{Type: objectISMSRisk, ID: r.ID}
		return planningLinks(ctx, tx, actor.OrgID, from, p, []planningLink{
			{"context_issue", "issues", in.Issues}, {"party_requirement", "requirements", in.Requirements}})
	}
}

// planningOwner sets *id and *name to the member owner ("" for nobody). A new
// owner must be an active member, a problem on field otherwise; an
// unchanged one is kept as it is, even if their account was disabled
// since.
func planningOwner(ctx context.Context, tx *sqldb.Tx, org isms.ID, id *isms.ID, name *string, owner, field string, p isms.Problems) error {
	owner = strings.TrimSpace(owner)
	if isms.ID(owner) == *id {
		return nil
	}
	*id, *name = isms.ID(owner), ""
	if owner == "" {
		return nil
	}
	n, err := activeMemberName(ctx, tx, org, isms.ID(owner), field, p)
	*name = n
	return err
}

// planningLink is one link field of a form: the type of the records it
// links to, the field's name and the references entered (nil: leave the
// links as they are).
type planningLink struct {
	toType, field string
	refs          []string
}

// planningLinks sets the links of each field from record from, reporting
// every problem of p and of the references at once, and returns the link
// changes for the audit trail.
func planningLinks(ctx context.Context, tx *sqldb.Tx, org isms.ID, from isms.Link, p isms.Problems, fields []planningLink) (isms.Changes, error) {
	ch := isms.Changes{}
	for _, f := range fields {
		if f.refs == nil {
			continue
		}
		c, err := setRecordLinks(ctx, tx, org, from, f.toType, f.refs, f.field, p)
		if isms.ErrorCode(err) == isms.Invalid {
			continue // the problem is in p; go on to find those of the other fields
		}
		if err != nil {
			return nil, err
		}
		for k, v := range c {
			ch[k] = v
		}
	}
	return ch, p.Err()
}

// CreateISMSRisk records a risk or an opportunity for the ISMS; it gets
// the next reference, "RO-n".
func (a *App) CreateISMSRisk(ctx context.Context, actor isms.Actor, in ISMSRiskInput) (*isms.ISMSRisk, error) {
	r := &isms.ISMSRisk{ID: isms.NewID("irisk"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, ismsRisks, r, a.fillISMSRisk(ctx, actor, in))
}

// UpdateISMSRisk changes record id (its ID or reference), which the
// person edited at version.
func (a *App) UpdateISMSRisk(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ISMSRiskInput) (*isms.ISMSRisk, error) {
	return updateRecord(ctx, a, actor, ismsRisks, id, version, a.fillISMSRisk(ctx, actor, in))
}

// DeleteISMSRisk deletes record id and its links. A record with open
// actions is not deleted: they would point nowhere.
func (a *App) DeleteISMSRisk(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, ismsRisks, id, func(tx *sqldb.Tx, r *isms.ISMSRisk) error {
		if r.OpenActions > 0 {
			return isms.Errorf(isms.Conflict, "%s has open actions (%d): complete or cancel them first, or close the record instead.",
				r.Ref, r.OpenActions)
		}
		return nil
	})
}

// FindISMSRisk returns record id (its ID or reference) with its action
// counts.
func (a *App) FindISMSRisk(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.ISMSRisk, error) {
	return findRecord(ctx, a, actor, ismsRisks, id)
}

// FindISMSRisks returns a page of the organization's ISMS risks and
// opportunities that f selects, with their action counts, and the total.
func (a *App) FindISMSRisks(ctx context.Context, actor isms.Actor, f isms.ISMSRiskFilter) ([]*isms.ISMSRisk, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the risks and opportunities of the ISMS."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.ISMSRisk
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindISMSRisks(ctx, f)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find ISMS risks: %w", err)
	}
	return list, total, nil
}
