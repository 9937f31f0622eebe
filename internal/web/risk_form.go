// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The risk form, new and edit: one form for both kinds of risk, its
// fields in groups. Score fields are selects labelled with the method's
// scale labels; without an approved method they give way to a note, and a
// risk scored under an older method shows its scores without letting them
// change until it is re-scored.

// fieldGroup is a fieldset of a form.
type fieldGroup struct {
	ID     string
	Legend string
	Help   string
	Fields []fieldView
}

// riskFormValues is what the risk form shows and sends.
type riskFormValues struct {
	In         app.RiskInput
	OwnerTyped string // an e-mail address typed in a large organization
	AssetsText string // references separated by commas
	Controls   string
	Version    int // 0 for a new risk
}

type riskFormPage struct {
	basePage
	Lede       string
	Form       formView // action, hidden fields, buttons, errors
	Groups     []fieldGroup
	Method     *isms.RiskMethod // the method the scores are on; nil when none is approved
	Older      string           // "v1" when the risk is scored under an older method
	RescoreURL string
}

// scaleOptions lists the positions of scale s for a select: "Likely (4)".
func scaleOptions(s []isms.RiskScaleLevel, none string) [][2]string {
	out := [][2]string{{"", none}}
	for k, l := range s {
		out = append(out, [2]string{strconv.Itoa(k + 1), l.Label + " (" + strconv.Itoa(l.Value) + ")"})
	}
	return out
}

// scoreGroup is the fieldset of the inherent or residual score under m.
func scoreGroup(m *isms.RiskMethod, prefix string, texts [5]string) fieldGroup {
	g := fieldGroup{ID: prefix, Legend: "Inherent risk", Help: "The risk as it stands before treatment."}
	if prefix == "residual" {
		g.Legend, g.Help = "Residual risk", "The risk the treatment leaves, once its actions are done."
	}
	g.Fields = []fieldView{
		selectField(prefix+"Likelihood", "Likelihood", texts[0], scaleOptions(m.Likelihood, "Not assessed")),
		selectField(prefix+"Impact", "Impact", texts[1], scaleOptions(m.Impact, "Not assessed")),
	}
	if m.CIA {
		rule := "the highest of them"
		if m.ImpactRule == isms.ImpactMean {
			rule = "their mean, rounded up"
		}
		g.Fields[1] = g.Fields[1].help("Or give the confidentiality, integrity and availability impacts below: the impact is then " + rule + ".")
		for k, name := range []string{"Confidentiality", "Integrity", "Availability"} {
			g.Fields = append(g.Fields, selectField(prefix+"Impact"+name[:1], name+" impact", texts[k+2], scaleOptions(m.Impact, "Not assessed")))
		}
	}
	return g
}

// riskGroups returns the form's fieldsets for v, owner being its owner field.
func riskGroups(v riskFormValues, owner fieldView, m *isms.RiskMethod, scores bool) []fieldGroup {
	in := v.In
	groups := []fieldGroup{{ID: "risk", Legend: "Risk", Fields: []fieldView{
		text("ref", "Reference", in.Ref).help("Your own reference, such as R-12. Leave empty for the next free R-number."),
		text("title", "Title", in.Title).required().help("The risk in a few words: \u201cRansomware encrypts the file servers\u201d."),
		selectField("kind", "Kind", in.Kind, riskKindOptions("")).
			help("Which description below matters: an event scenario, or an asset with a threat and a vulnerability."),
		text("category", "Category", in.Category).help("Your own grouping, such as Operations or Suppliers."),
		owner.help("Who answers for the risk: approves its treatment plan and accepts what remains."),
	}}, {ID: "scenario", Legend: "Event scenario", Help: "For a risk identified from an event: who or what causes it, what happens, with what consequence.", Fields: []fieldView{
		text("threatSource", "Threat source", in.ThreatSource).help("Such as a criminal group, a careless employee, a flood."),
		text("event", "Event", in.Event).kind("textarea"),
		text("consequence", "Consequence", in.Consequence).kind("textarea"),
	}}, {ID: "asset-based", Legend: "Asset-based", Help: "For a risk identified from assets: the threat and the vulnerability it exploits. Link the assets below.", Fields: []fieldView{
		text("threat", "Threat", in.Threat),
		text("vulnerability", "Vulnerability", in.Vulnerability),
	}}, {ID: "links", Legend: "Description and links", Fields: []fieldView{
		text("description", "Description", in.Description).kind("textarea"),
		text("assets", "Assets", v.AssetsText).help("References of the assets concerned, separated by commas: AS-1, AS-7."),
		text("controls", "Controls", v.Controls).help("References of the controls that treat it, separated by commas: C-3, C-12."),
	}}}
	if scores {
		groups = append(groups, scoreGroup(m, "inherent", [5]string{in.InherentLikelihood, in.InherentImpact, in.InherentC, in.InherentI, in.InherentA}))
	}
	groups = append(groups, fieldGroup{ID: "treatment", Legend: "Treatment", Fields: []fieldView{
		selectField("treatment", "Treatment option", in.Treatment, treatmentOptions("Not decided yet")).
			help("Modify reduces the risk with controls; retain keeps it as it is; avoid stops the activity; share passes part of it on, such as to an insurer."),
		text("treatmentPlan", "Treatment plan", in.TreatmentPlan).kind("textarea").
			help("What will be done and why. Add the actions themselves on the risk's page: each becomes a task of its owner."),
	}})
	if scores {
		groups = append(groups, scoreGroup(m, "residual", [5]string{in.ResidualLikelihood, in.ResidualImpact, in.ResidualC, in.ResidualI, in.ResidualA}))
	}
	return append(groups, fieldGroup{ID: "status", Legend: "Status and review", Fields: []fieldView{
		selectField("status", "Status", in.Status, riskStatusOptions("Follow the scores and treatment")).
			help("Left to follow the data, a risk is identified until scored, assessed once scored, treatment planned once a treatment is chosen. A risk becomes accepted through its acceptance."),
		text("nextReview", "Next review", in.NextReview).kind("date").help("YYYY-MM-DD. Left empty: today plus the method's reassessment interval."),
	}})
}

// riskForm returns the risk form page for v and the problems of err;
// older is the risk's method when it is not the current one.
func (s *Server) riskForm(r *http.Request, v riskFormValues, older *isms.RiskMethod, err error) (*riskFormPage, error) {
	owner, ferr := s.ownerField(r, "Owner", isms.ID(v.In.OwnerID), v.OwnerTyped)
	if ferr != nil {
		return nil, ferr
	}
	owner.Required = false
	if owner.Type == "select" {
		owner.Options[0].Label = "No owner yet"
	}
	cur, ferr := s.currentMethod(r)
	if ferr != nil {
		return nil, ferr
	}
	p := &riskFormPage{Method: cur, Form: formView{Action: "/risks", Submit: "Create risk", Cancel: "/risks"}}
	if v.Version > 0 {
		base := riskPath(pathID(r))
		p.Form.Action, p.Form.Submit, p.Form.Cancel = base, "Save risk", base
		p.Form.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
	}
	if older != nil {
		// The scores stay as they are, sent back unchanged.
		p.Method, p.Older = older, older.VersionLabel()
		p.RescoreURL = "/risk-methods/" + string(older.ID) + "/rescore"
		if p.Form.Hidden == nil {
			p.Form.Hidden = map[string]string{}
		}
		for k, val := range scoreHidden(v.In) {
			p.Form.Hidden[k] = val
		}
	}
	p.Groups = riskGroups(v, owner, cur, cur != nil && older == nil)
	p.Form.withErrors(err)
	for i := range p.Groups {
		for j := range p.Groups[i].Fields {
			f := &p.Groups[i].Fields[j]
			f.Error = p.Form.Errors[f.Name]
		}
	}
	return p, nil
}

// scoreHidden returns the score fields of in by form name.
func scoreHidden(in app.RiskInput) map[string]string {
	return map[string]string{
		"inherentLikelihood": in.InherentLikelihood, "inherentImpact": in.InherentImpact,
		"inherentImpactC": in.InherentC, "inherentImpactI": in.InherentI, "inherentImpactA": in.InherentA,
		"residualLikelihood": in.ResidualLikelihood, "residualImpact": in.ResidualImpact,
		"residualImpactC": in.ResidualC, "residualImpactI": in.ResidualI, "residualImpactA": in.ResidualA,
	}
}

// renderRiskForm renders the risk form page.
func (s *Server) renderRiskForm(w http.ResponseWriter, r *http.Request, status int, v riskFormValues, older *isms.RiskMethod, err error) error {
	p, ferr := s.riskForm(r, v, older, err)
	if ferr != nil {
		return ferr
	}
	p.Title = "New risk"
	p.Lede = "A risk is something that could harm your information's confidentiality, integrity or availability. Describe it, score it on your risk method, and choose how to treat it."
	if v.Version > 0 {
		p.Title = "Edit risk " + v.In.Ref
		p.Lede = "Changes are recorded in the audit trail. A new residual score ends the standing acceptance."
	}
	return s.render(w, r, status, "risk_form", p)
}

func (s *Server) handleRiskNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditRisks, "You may not create risks."); err != nil {
		return err
	}
	return s.renderRiskForm(w, r, http.StatusOK, riskFormValues{In: app.RiskInput{Kind: string(isms.RiskScenario)}}, nil, nil)
}

// postedRiskValues reads the risk form.
func postedRiskValues(r *http.Request) riskFormValues {
	f := func(name string) string { return r.PostFormValue(name) }
	t := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := riskFormValues{In: app.RiskInput{Ref: f("ref"), Title: f("title"), Kind: t("kind"), ThreatSource: f("threatSource"),
		Event: f("event"), Consequence: f("consequence"), Threat: f("threat"), Vulnerability: f("vulnerability"),
		Description: f("description"), Category: f("category"),
		InherentLikelihood: t("inherentLikelihood"), InherentImpact: t("inherentImpact"),
		InherentC: t("inherentImpactC"), InherentI: t("inherentImpactI"), InherentA: t("inherentImpactA"),
		ResidualLikelihood: t("residualLikelihood"), ResidualImpact: t("residualImpact"),
		ResidualC: t("residualImpactC"), ResidualI: t("residualImpactI"), ResidualA: t("residualImpactA"),
		Treatment: t("treatment"), TreatmentPlan: f("treatmentPlan"), Status: t("status"), NextReview: t("nextReview")},
		AssetsText: f("assets"), Controls: f("controls"), Version: formInt(r, "version")}
	v.In.Assets, v.In.Controls = refList(v.AssetsText), refList(v.Controls)
	if owner := t("owner"); strings.Contains(owner, "@") {
		v.OwnerTyped = owner
	} else {
		v.In.OwnerID = owner
	}
	return v
}

// refList splits typed references; never nil, so that an emptied field
// removes every link.
func refList(s string) []string {
	out := splitRefs(s)
	if out == nil {
		out = []string{}
	}
	return out
}

// resolveRiskOwner sets v's owner from a typed e-mail address; it returns
// the problem when no member has it.
func (s *Server) resolveRiskOwner(r *http.Request, v *riskFormValues) (string, error) {
	if v.OwnerTyped == "" {
		return "", nil
	}
	id, problem, err := s.resolveOwner(r, v.OwnerTyped)
	v.In.OwnerID = string(id)
	return problem, err
}

func (s *Server) handleRiskCreate(w http.ResponseWriter, r *http.Request) error {
	v := postedRiskValues(r)
	problem, err := s.resolveRiskOwner(r, &v)
	if err != nil {
		return err
	}
	var rk *isms.Risk
	if problem == "" {
		rk, err = s.app.CreateRisk(r.Context(), actor(r), v.In)
	}
	if problem != "" || isms.ErrorFields(err) != nil {
		return s.renderRiskForm(w, r, http.StatusUnprocessableEntity, v, nil, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Risk "+rk.Ref+" created. Plan its treatment on this page.")
	http.Redirect(w, r, riskPath(rk.ID), http.StatusSeeOther)
	return nil
}

// riskEditValues returns the form values of d's risk as stored.
func riskEditValues(d *app.RiskDetail) riskFormValues {
	rk := d.Risk
	pos := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	in := app.RiskInput{Ref: rk.Ref, Title: rk.Title, Kind: string(rk.Kind), ThreatSource: rk.ThreatSource, Event: rk.Event,
		Consequence: rk.Consequence, Threat: rk.Threat, Vulnerability: rk.Vulnerability, Description: rk.Description,
		Category: rk.Category, OwnerID: string(rk.OwnerID),
		InherentLikelihood: pos(rk.Inherent.Likelihood), InherentImpact: pos(rk.Inherent.Impact),
		InherentC: pos(rk.Inherent.C), InherentI: pos(rk.Inherent.I), InherentA: pos(rk.Inherent.A),
		ResidualLikelihood: pos(rk.Residual.Likelihood), ResidualImpact: pos(rk.Residual.Impact),
		ResidualC: pos(rk.Residual.C), ResidualI: pos(rk.Residual.I), ResidualA: pos(rk.Residual.A),
		Treatment: string(rk.Treatment), TreatmentPlan: rk.TreatmentPlan, Status: string(rk.Status), NextReview: rk.NextReview.String()}
	v := riskFormValues{In: in, Version: rk.Version}
	var refs []string
	for _, as := range d.Assets {
		refs = append(refs, as.Ref)
	}
	v.AssetsText = strings.Join(refs, ", ")
	refs = nil
	for _, c := range d.Controls {
		refs = append(refs, c.Ref)
	}
	v.Controls = strings.Join(refs, ", ")
	return v
}

// olderMethod is d's method when the risk is scored under one that is
// not the current approved version, else nil.
func olderMethod(d *app.RiskDetail) *isms.RiskMethod {
	if d.Method != nil && d.Current != nil && d.Method.ID != d.Current.ID {
		return d.Method
	}
	return nil
}

func (s *Server) handleRiskEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditRisks, "You may not edit risks."); err != nil {
		return err
	}
	d, err := s.app.FindRisk(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderRiskForm(w, r, http.StatusOK, riskEditValues(d), olderMethod(d), nil)
}

func (s *Server) handleRiskUpdate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v := postedRiskValues(r)
	problem, err := s.resolveRiskOwner(r, &v)
	if err != nil {
		return err
	}
	var rk *isms.Risk
	if problem == "" {
		rk, err = s.app.UpdateRisk(r.Context(), a, pathID(r), v.Version, v.In)
	}
	if problem != "" || isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		d, ferr := s.app.FindRisk(r.Context(), a, string(pathID(r)))
		if ferr != nil {
			return ferr
		}
		status := errorStatus(err)
		if problem != "" {
			status = http.StatusUnprocessableEntity
		}
		return s.renderRiskForm(w, r, status, v, olderMethod(d), ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Risk "+rk.Ref+" saved.")
	http.Redirect(w, r, riskPath(rk.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleRiskDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteRisk(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Risk deleted, with its links; its open tasks are cancelled.")
	http.Redirect(w, r, "/risks", http.StatusSeeOther)
	return nil
}
