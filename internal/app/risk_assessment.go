// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A risk assessment (27001 8.2, 8.3) is a dated, immutable snapshot of the
// whole register: every risk's scores and levels as its method names them,
// its status, treatment, the progress of its actions and whether its
// residual risk stands accepted. Two assessments can be compared.

// objectRiskAssessment is the object type of assessments in the audit
// trail and in links.
const objectRiskAssessment = "risk_assessment"

func init() {
	linkables[objectRiskAssessment] = linkable{
		label: "risk assessment",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			as, err := tx.FindRiskAssessmentByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return as.ID, "Risk assessment " + as.PerformedOn.String() + ": " + as.Title, nil
		},
	}
}

// RiskAssessmentInput is a new assessment: its title, why it was performed
// (planned, or the significant change that caused it) and the day it was
// performed, YYYY-MM-DD ("" for today).
type RiskAssessmentInput struct {
	Title, Reason, PerformedOn string
}

// check returns the assessment in describes, reporting every problem.
func (in RiskAssessmentInput) check(today isms.Date) (*isms.RiskAssessment, error) {
	as := &isms.RiskAssessment{Title: strings.TrimSpace(in.Title), Reason: strings.TrimSpace(in.Reason), PerformedOn: today}
	p := isms.Problems{}
	switch {
	case as.Title == "":
		p.Add("title", "Title is required, such as \u201cAnnual risk assessment 2026\u201d.")
	case len([]rune(as.Title)) > isms.MaxNameLen:
		p.Add("title", "Title must be at most 200 characters.")
	}
	if len([]rune(as.Reason)) > isms.MaxTextLen {
		p.Add("reason", "Reason must be at most 20,000 characters.")
	}
	if s := strings.TrimSpace(in.PerformedOn); s != "" {
		d, err := isms.ParseDate(s)
		switch {
		case err != nil:
			p.Add("performedOn", "Enter the date it was performed as YYYY-MM-DD.")
		case d.After(today):
			p.Add("performedOn", "An assessment cannot be performed in the future; give today's date or an earlier one.")
		case d.Time().Year() < 2000:
			p.Add("performedOn", "The date it was performed must be in 2000 or later.")
		}
		as.PerformedOn = d
	}
	return as, p.Err()
}

// CreateRiskAssessment records an assessment of the actor's
// organization: a snapshot of every risk as it stands now.
func (a *App) CreateRiskAssessment(ctx context.Context, actor isms.Actor, in RiskAssessmentInput) (*isms.RiskAssessment, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not record risk assessments."); err != nil {
		return nil, err
	}
	as, err := in.check(a.today())
	if err != nil {
		return nil, err
	}
	as.ID, as.OrgID, as.CreatedBy, as.CreatedByName = isms.NewID("rass"), actor.OrgID, actor.UserID, actor.Name
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := a.snapshotRisks(ctx, tx, as); err != nil {
			return err
		}
		if err := tx.InsertRiskAssessment(ctx, as); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(as.OrgID), actor, "risk_assessment.create", objectRiskAssessment, as.ID,
			isms.Created(map[string]any{"title": as.Title, "reason": as.Reason, "performedOn": as.PerformedOn.String(),
				"riskCount": len(as.Entries), "methodVersion": as.MethodNumber, "sha256": as.SHA256}))
	})
	if err != nil {
		return nil, err
	}
	return as, nil
}

// snapshotRisks fills as with an entry per risk, the current method and
// the hash of the entries.
func (a *App) snapshotRisks(ctx context.Context, tx *sqldb.Tx, as *isms.RiskAssessment) error {
	methods, current, err := riskMethodsOf(ctx, tx, as.OrgID)
	if err != nil {
		return err
	}
	if current != nil {
		as.MethodID, as.MethodNumber = current.ID, current.Number
	}
	risks, err := tx.AllRisks(ctx, as.OrgID)
	if err != nil {
		return err
	}
	totals, err := tx.RiskActionTotals(ctx, as.OrgID)
	if err != nil {
		return err
	}
	today := a.today()
	as.Entries = make([]isms.AssessmentEntry, 0, len(risks))
	for _, r := range risks {
		e := isms.AssessmentEntry{RiskID: r.ID, Ref: r.Ref, Title: r.Title, OwnerName: r.OwnerName, Status: r.Status,
			Treatment: r.Treatment, MethodNumber: r.MethodNumber, Inherent: r.Inherent, Residual: r.Residual,
			ActionsOpen: totals[r.ID][0], ActionsDone: totals[r.ID][1],
			Accepted: r.AcceptanceID != "" && (r.AcceptedUntil.IsZero() || today.Before(r.AcceptedUntil))}
		if m := methods[r.MethodID]; m != nil {
			e.InherentLabel, e.ResidualLabel = m.LevelLabel(r.Inherent.Level), m.LevelLabel(r.Residual.Level)
		}
		as.Entries = append(as.Entries, e)
	}
	b, err := json.Marshal(as.Entries)
	if err != nil {
		return err
	}
	as.SHA256 = isms.ContentHash(b)
	return nil
}

// FindRiskAssessments lists the assessments of the actor's organization,
// newest first, without their entries.
func (a *App) FindRiskAssessments(ctx context.Context, actor isms.Actor, limit, offset int) ([]*isms.RiskAssessment, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risk assessments."); err != nil {
		return nil, 0, err
	}
	var list []*isms.RiskAssessment
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindRiskAssessments(ctx, actor.OrgID, limit, offset)
		return err
	})
	return list, total, err
}

// FindRiskAssessment returns one assessment with its entries.
func (a *App) FindRiskAssessment(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.RiskAssessment, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risk assessments."); err != nil {
		return nil, err
	}
	var as *isms.RiskAssessment
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		as, err = tx.FindRiskAssessmentByID(ctx, actor.OrgID, id)
		return err
	})
	return as, err
}

// AssessmentComparison is what changed from an assessment to a later one.
type AssessmentComparison struct {
	Before, After *isms.RiskAssessment
	Diff          isms.AssessmentDiff
}

// CompareRiskAssessments compares two assessments of the actor's
// organization, the older one first whichever order they are given in.
func (a *App) CompareRiskAssessments(ctx context.Context, actor isms.Actor, beforeID, afterID isms.ID) (*AssessmentComparison, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risk assessments."); err != nil {
		return nil, err
	}
	c := &AssessmentComparison{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if c.Before, err = tx.FindRiskAssessmentByID(ctx, actor.OrgID, beforeID); err != nil {
			return err
		}
		c.After, err = tx.FindRiskAssessmentByID(ctx, actor.OrgID, afterID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if assessedAfter(c.Before, c.After) {
		c.Before, c.After = c.After, c.Before
	}
	c.Diff = isms.CompareAssessments(c.Before.Entries, c.After.Entries)
	return c, nil
}

// assessedAfter reports whether x was performed after y: by date, then by
// when it was recorded.
func assessedAfter(x, y *isms.RiskAssessment) bool {
	if x.PerformedOn != y.PerformedOn {
		return x.PerformedOn.After(y.PerformedOn)
	}
	return x.CreatedAt.After(y.CreatedAt)
}
