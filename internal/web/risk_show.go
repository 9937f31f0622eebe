// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The risk's page shows its whole chain: scenario, owner, method version,
// inherent and residual levels, linked assets and controls, the treatment
// plan with its actions and its approval, the acceptance history, the
// review, the flags and the risk's audit trail.

// scoreView is one assessment of a risk (inherent or residual) in words.
type scoreView struct {
	Level      *levelView
	Likelihood string // "Likely (4)"
	Impact     string // "Major (4)"
	CIA        string // "C Major, I Minor, A —" for a method that assesses them
}

// scaleText names position pos of scale s: "Likely (4)"; "—" when unset.
func scaleText(s []isms.RiskScaleLevel, pos int) string {
	if pos < 1 || pos > len(s) {
		return "—"
	}
	return fmt.Sprintf("%s (%d)", s[pos-1].Label, s[pos-1].Value)
}

// newScoreView describes s under m (nil when the risk is not scored).
func newScoreView(m *isms.RiskMethod, s isms.RiskScore) scoreView {
	if m == nil || s.IsZero() {
		return scoreView{}
	}
	v := scoreView{Level: levelOf(m, s.Level), Likelihood: scaleText(m.Likelihood, s.Likelihood), Impact: scaleText(m.Impact, s.Impact)}
	if m.CIA && (s.C > 0 || s.I > 0 || s.A > 0) {
		name := func(pos int) string {
			if pos < 1 || pos > len(m.Impact) {
				return "—"
			}
			return m.Impact[pos-1].Label
		}
		v.CIA = "C " + name(s.C) + ", I " + name(s.I) + ", A " + name(s.A)
	}
	return v
}

// actionRow is one action of a treatment plan.
type actionRow struct {
	isms.TreatmentAction
	Overdue bool
}

// acceptanceRow is one acceptance of the history.
type acceptanceRow struct {
	*isms.RiskAcceptance
	Level *levelView
}

type riskShowPage struct {
	basePage
	Risk               *isms.Risk
	Method, Current    *isms.RiskMethod
	Older              bool // scored under a method other than the current one
	Inherent, Residual scoreView
	Assets             []*isms.Asset
	Controls           []*isms.Control
	Actions            []actionRow
	ActionForm         formView
	PlanApproval       *isms.Approval
	PlanPending        bool
	CanSubmitPlan      bool
	Acceptances        []acceptanceRow
	CanAccept          bool
	AcceptReason       string // why the actor may not accept now
	Flags              []flagView
	History            []*isms.AuditEvent
	Linked             *linkedRecords // the records linking to the risk
	CanEdit            bool
	CanReview          bool
	CanAudit           bool
}

func (s *Server) handleRiskShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderRisk(w, r, http.StatusOK, app.TreatmentActionInput{}, nil)
}

// renderRisk renders the risk's page; in and actionErr are the action
// form's input and problems when adding an action was just refused.
func (s *Server) renderRisk(w http.ResponseWriter, r *http.Request, status int, in app.TreatmentActionInput, actionErr error) error {
	a := actor(r)
	d, err := s.app.FindRisk(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	rk := d.Risk
	p := &riskShowPage{Risk: rk, Method: d.Method, Current: d.Current, Assets: d.Assets, Controls: d.Controls,
		PlanApproval: d.PlanApproval, Flags: flagViews(rk, d.Flags), CanEdit: a.Can(isms.EditRisks),
		CanReview: a.Can(isms.EditRisks) || (rk.OwnerID != "" && rk.OwnerID == a.UserID), CanAudit: a.Can(isms.ReadAuditTrail)}
	p.Title = rk.Ref + " " + rk.Title
	p.Older = d.Current != nil && rk.MethodID != "" && rk.MethodID != d.Current.ID
	p.Inherent, p.Residual = newScoreView(d.Method, rk.Inherent), newScoreView(d.Method, rk.Residual)
	today := isms.DateOf(s.app.Now())
	for _, act := range d.Actions {
		p.Actions = append(p.Actions, actionRow{TreatmentAction: act, Overdue: act.Overdue(today)})
	}
	p.Acceptances = acceptanceRows(d)
	p.PlanPending = d.PlanApproval != nil && d.PlanApproval.Status == isms.ApprovalPending
	p.CanSubmitPlan = p.CanEdit && rk.OwnerID != "" && !p.PlanPending && rk.Status != isms.RiskClosed
	p.CanAccept = d.CanAccept == nil
	if d.CanAccept != nil {
		p.AcceptReason = isms.ErrorMessage(d.CanAccept)
	}
	if p.CanEdit {
		if p.ActionForm, err = s.actionForm(r, rk, in, actionErr); err != nil {
			return err
		}
	}
	if p.Linked, err = s.linkedPanel(r, isms.Link{Type: "risk", ID: rk.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "risk", ObjectID: rk.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
	}
	return s.render(w, r, status, "risk", p)
}

// acceptanceRows are d's acceptances with their levels' colours where
// the method they were given under is at hand.
func acceptanceRows(d *app.RiskDetail) []acceptanceRow {
	out := make([]acceptanceRow, 0, len(d.Acceptances))
	for _, acc := range d.Acceptances {
		row := acceptanceRow{RiskAcceptance: acc}
		for _, m := range []*isms.RiskMethod{d.Method, d.Current} {
			if m != nil && m.ID == acc.MethodID {
				row.Level = levelOf(m, acc.Residual.Level)
			}
		}
		if row.Level == nil && acc.LevelLabel != "" {
			row.Level = &levelView{Label: acc.LevelLabel}
		}
		out = append(out, row)
	}
	return out
}

// actionForm is the form that adds an action to rk's treatment plan.
func (s *Server) actionForm(r *http.Request, rk *isms.Risk, in app.TreatmentActionInput, err error) (formView, error) {
	owner := in.OwnerID
	if owner == "" && err == nil {
		owner = string(rk.OwnerID)
	}
	typed := ""
	if strings.Contains(owner, "@") {
		typed, owner = owner, ""
	}
	of, ferr := s.ownerField(r, "Owner", isms.ID(owner), typed)
	if ferr != nil {
		return formView{}, ferr
	}
	f := formView{Action: "/risks/" + string(rk.ID) + "/actions", Submit: "Add action", Fields: []fieldView{
		text("title", "Action", in.Title).required().help("What will be done, such as \u201cEnable MFA on the VPN\u201d. It becomes a task of its owner."),
		of.help("Who carries it out; they see it in their work and get reminders."),
		text("due", "Due", in.Due).kind("date").required().help("YYYY-MM-DD."),
		text("control", "Control", in.Control).help("Optional: the reference of the control it puts in place, such as C-12."),
		text("description", "Details", in.Description).kind("textarea"),
	}}
	f.withErrors(err)
	return f, nil
}

// riskPath is the address of the risk's page.
func riskPath(id isms.ID) string { return "/risks/" + string(id) }
