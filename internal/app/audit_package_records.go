// SPDX-License-Identifier: Apache-2.0

package app

import (
	"io"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The records of a package: the risk register and treatment plan, the
// internal audits reported and management reviews held in the period,
// and the nonconformities of the period or still open.

// riskFiles adds the risk register (as its export writes it) and the
// treatment plan, one row per action of each risk with a treatment.
func (b *packageBuild) riskFiles() error {
	register, err := b.a.ExportRisks(b.ctx, b.actor, isms.RiskFilter{})
	if err != nil {
		return err
	}
	var risks []*isms.Risk
	plan := &report.Table{Title: "Treatment plan", Wrap: true, Columns: []string{"Risk", "Title", "Treatment", "Plan",
		"Risk status", "Action", "Owner", "Due", "Action status", "Control"}}
	err = b.a.db.View(b.ctx, func(tx *sqldb.Tx) (err error) {
		if risks, err = everyPage(func(limit, offset int) ([]*isms.Risk, int, error) {
			return tx.FindRisks(b.ctx, isms.RiskFilter{OrgID: b.actor.OrgID, Limit: limit, Offset: offset})
		}); err != nil {
			return err
		}
		plan.Rows, err = treatmentRows(b, tx, risks)
		return err
	})
	if err != nil {
		return err
	}
	records, treated := make([]report.ManifestRecord, 0, len(risks)), []report.ManifestRecord{}
	for _, r := range risks {
		rec := report.ManifestRecord{Type: "risk", ID: string(r.ID), Ref: r.Ref, Title: r.Title}
		records = append(records, rec)
		if r.Treatment != isms.TreatmentNone {
			treated = append(treated, rec)
		}
	}
	if err := b.add("risks/risk-register.xlsx", records, func(w io.Writer) error { return report.WriteXLSX(w, register) }); err != nil {
		return err
	}
	return b.add("risks/treatment-plan.xlsx", treated, func(w io.Writer) error { return report.WriteXLSX(w, plan) })
}

// treatmentRows returns the treatment plan's rows of risks: for each risk
// with a treatment, a row per action, or one row when it has none.
func treatmentRows(b *packageBuild, tx *sqldb.Tx, risks []*isms.Risk) ([][]string, error) {
	totals, err := tx.RiskActionTotals(b.ctx, b.actor.OrgID)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, r := range risks {
		if r.Treatment == isms.TreatmentNone {
			continue
		}
		head := []string{r.Ref, r.Title, r.Treatment.Label(), r.TreatmentPlan, r.Status.Label()}
		var actions []isms.TreatmentAction
		if _, ok := totals[r.ID]; ok {
			if actions, err = tx.RiskActions(b.ctx, b.actor.OrgID, r.ID); err != nil {
				return nil, err
			}
		}
		if len(actions) == 0 {
			rows = append(rows, append(head, "", "", "", "", ""))
		}
		for _, x := range actions {
			rows = append(rows, append(head[:5:5], x.Title, x.OwnerName, x.Due.String(), taskStatusLabel(x.Status), x.ControlRef))
		}
	}
	return rows, nil
}

// auditReports adds the report of every internal audit of the framework
// reported in the period.
func (b *packageBuild) auditReports() error {
	list, err := everyPage(func(limit, offset int) ([]*isms.InternalAudit, int, error) {
		return b.a.ListAudits(b.ctx, b.actor, isms.InternalAuditFilter{Sort: "ref", Limit: limit, Offset: offset})
	})
	if err != nil {
		return err
	}
	n := 0
	for _, au := range list {
		if au.FrameworkID != b.fw.ID || (au.Status != isms.AuditReported && au.Status != isms.AuditClosed) || !b.in(au.ReportedOn) {
			continue
		}
		n++
		rec := []report.ManifestRecord{{Type: "internal_audit", ID: string(au.ID), Ref: au.Ref, Title: au.Title}}
		err := b.add("internal-audits/audit-report-"+safeName(au.Ref)+".pdf", rec, func(w io.Writer) error {
			_, err := b.a.ExportAuditReport(b.ctx, b.actor, string(au.ID), "pdf", w)
			return err
		})
		if err != nil {
			return err
		}
	}
	if n == 0 {
		b.note("No internal audit of %s was reported in the period.", b.fw.Title())
	}
	return nil
}

// reviewMinutes adds the minutes of every management review held or
// approved in the period.
func (b *packageBuild) reviewMinutes() error {
	list, err := everyPage(func(limit, offset int) ([]*isms.ManagementReview, int, error) {
		return b.a.ListReviews(b.ctx, b.actor, isms.ReviewFilter{Sort: "ref", Limit: limit, Offset: offset})
	})
	if err != nil {
		return err
	}
	n := 0
	for _, r := range list {
		if r.Status == isms.ReviewPlanned || !(b.in(r.HeldOn) || b.in(isms.DateOf(r.ApprovedAt))) {
			continue
		}
		n++
		rec := []report.ManifestRecord{{Type: "management_review", ID: string(r.ID), Ref: r.Ref, Title: r.Title}}
		err := b.add("management-reviews/management-review-"+safeName(r.Ref)+"-minutes.pdf", rec, func(w io.Writer) error {
			_, err := b.a.ExportReview(b.ctx, b.actor, string(r.ID), exportMinutes, w)
			return err
		})
		if err != nil {
			return err
		}
	}
	if n == 0 {
		b.note("No management review was held in the period.")
	}
	return nil
}

// nonconformities adds one workbook of the nonconformities detected in
// the period or still open, and of their corrective actions.
func (b *packageBuild) nonconformities() error {
	list, err := everyPage(func(limit, offset int) ([]*isms.Nonconformity, int, error) {
		return b.a.ListNonconformities(b.ctx, b.actor, isms.NCFilter{Sort: "ref", Limit: limit, Offset: offset})
	})
	if err != nil {
		return err
	}
	ncs := &report.Table{Title: "Nonconformities", Wrap: true, Columns: []string{"Ref", "Title", "Grade", "Source", "Status",
		"Detected on", "Detected by", "Owner", "Deadline", "Requirements", "Description", "Correction", "Root cause", "Closed on"},
		Meta: [][2]string{{"Organization", b.org.Name}, {"Period", b.from.String() + " to " + b.to.String()},
			{"Selection", "Detected in the period, or not closed"}}}
	actions := &report.Table{Title: "Corrective actions", Wrap: true, Columns: []string{"Nonconformity", "Action", "Kind",
		"Owner", "Due", "Status"}}
	records := []report.ManifestRecord{}
	err = b.a.db.View(b.ctx, func(tx *sqldb.Tx) error {
		for _, n := range list {
			if !b.in(n.DetectedOn) && n.Status == isms.NCClosed {
				continue
			}
			records = append(records, report.ManifestRecord{Type: "nonconformity", ID: string(n.ID), Ref: n.Ref, Title: n.Title})
			ncs.Rows = append(ncs.Rows, []string{n.Ref, n.Title, n.Grade.Label(), n.Source.Label(), n.Status.Label(),
				n.DetectedOn.String(), n.DetectedName, n.OwnerName, n.Deadline.String(), requirementRefsText(n.Requirements),
				n.Description, n.Correction, n.RootCause, n.ClosedOn.String()})
			acts, err := tx.FindNCActions(b.ctx, b.actor.OrgID, n.ID)
			if err != nil {
				return err
			}
			for _, x := range acts {
				actions.Rows = append(actions.Rows, []string{n.Ref, x.Title, ncActionKindLabel(x.Kind), x.OwnerName,
					x.Due.String(), taskStatusLabel(x.Status)})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return b.add("nonconformities/nonconformities.xlsx", records, func(w io.Writer) error {
		return report.WriteXLSXSheets(w, ncs, actions)
	})
}

// ncActionKindLabel names the kind of a nonconformity's action for people.
func ncActionKindLabel(k isms.NCActionKind) string {
	if k == isms.NCActionCheck {
		return "Effectiveness check"
	}
	return "Corrective action"
}
