// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func init() {
	enumDefs[reflect.TypeFor[isms.RiskKind]()] = enumDef{doc: "How a risk was identified: an event scenario (threat source, event, consequence) or asset-based (assets, threat, vulnerability).",
		values: enumStrings(isms.RiskScenario, isms.RiskAsset)}
	enumDefs[reflect.TypeFor[isms.RiskStatus]()] = enumDef{doc: "Where a risk stands in its life.", values: enumStrings(isms.RiskStatuses...)}
	enumDefs[reflect.TypeFor[isms.TreatmentOption]()] = enumDef{doc: "How the risk is treated: modify (reduce), retain, avoid or share; empty while not decided.",
		values: enumStrings(append([]isms.TreatmentOption{isms.TreatmentNone}, isms.TreatmentOptions...)...)}
	enumDefs[reflect.TypeFor[isms.RiskFlag]()] = enumDef{doc: "A condition of a risk that needs attention: untreated above the acceptance criteria, a treatment action overdue, the review date passed, the residual risk not accepted or its acceptance expired, or scored under an older method version.",
		values: enumStrings(isms.RiskFlags...)}
}

// riskSortKeys are the register's sort keys.
var riskSortKeys = sortValues("ref", "title", "owner", "status", "inherent", "residual", "nextReview", "updated")

// riskFields maps the names app gives risk fields to the API's.
var riskFields = map[string]string{
	"owner": "ownerId", "inherentLikelihood": "inherent.likelihood", "inherentImpact": "inherent.impact",
	"inherentImpactC": "inherent.c", "inherentImpactI": "inherent.i", "inherentImpactA": "inherent.a",
	"residualLikelihood": "residual.likelihood", "residualImpact": "residual.impact",
	"residualImpactC": "residual.c", "residualImpactI": "residual.i", "residualImpactA": "residual.a",
}

// riskFilterParams are the register's filters as query parameters.
var riskFilterParams = []apiParam{
	stringParam("owner", "Only risks of this member: a user ID, an e-mail address or me."),
	stringParam("level", "Only risks at this level (its key, such as high) of the current method, on basis."),
	enumParam("basis", "What level and the cell l, i look at: the inherent or the residual score. Default residual.", "inherent", "residual"),
	enumParam("status", "Only risks with this status.", enumStrings(isms.RiskStatuses...)...),
	enumParam("treatment", "Only risks with this treatment option; none for risks whose treatment is not decided.",
		append(enumStrings(isms.TreatmentOptions...), "none")...),
	stringParam("asset", "Only risks linked to this asset: its ID or reference (AS-3)."),
	enumParam("kind", "Only risks of this kind.", enumStrings(isms.RiskScenario, isms.RiskAsset)...),
	enumParam("overdue", "true: only open risks whose review date has passed or with a treatment action overdue.", "true", "false"),
	stringParam("q", "Search in reference, title, scenario, threat and vulnerability."),
	{Name: "l", Doc: "With i: only risks in this heatmap cell, scored under the current method: the likelihood position.", Schema: schemaObj{"type": "integer", "minimum": 1}},
	{Name: "i", Doc: "With l: the impact position of the heatmap cell.", Schema: schemaObj{"type": "integer", "minimum": 1}},
}

func (s *Server) riskOperations() []apiOperation {
	return []apiOperation{s.riskHeatmapOperation(), s.riskImportOperation(), {
		Pattern: "GET /api/v1/risks", Access: Member, Handler: s.apiRiskList,
		ID: "listRisks", Tag: "Risks", Summary: "List the risk register",
		Description: "The organization's risks with their inherent and residual levels and flags, filtered as the register page filters them.",
		Params: append(append(riskFilterParams[:len(riskFilterParams):len(riskFilterParams)],
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", riskSortKeys...)), pagingParams...),
		Result: reflect.TypeFor[page[riskRowAPI]](),
	}, {
		Pattern: "POST /api/v1/risks", Access: Member, Handler: s.apiRiskCreate,
		ID: "createRisk", Tag: "Risks", Summary: "Add a risk to the register",
		Description: "Needs the right to edit risks. Scores are positions on the current approved method's scales; without a ref the risk gets the next free R-number.",
		Body:        reflect.TypeFor[riskRequest](), Result: reflect.TypeFor[*isms.Risk](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/risks/{id}", Access: Member, Handler: s.apiRiskGet,
		ID: "getRisk", Tag: "Risks", Summary: "Read a risk with its whole chain",
		Description: "{id} is the risk's ID or its reference (R-4): the risk, its levels, linked assets and controls, treatment actions, plan approval, acceptance history and flags.",
		Result:      reflect.TypeFor[riskDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/risks/{id}", Access: Member, Handler: s.apiRiskUpdate,
		ID: "updateRisk", Tag: "Risks", Summary: "Replace a risk",
		Description: "The body replaces the risk's fields: absent texts and scores are cleared. An absent status or nextReview keeps the stored one; absent assets or controls keep the links. " +
			"version must be the risk's current version (409 otherwise); a risk whose treatment plan awaits approval cannot change (409).",
		Body: reflect.TypeFor[riskUpdateRequest](), Result: reflect.TypeFor[*isms.Risk](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/risks/{id}", Access: Member, Handler: s.apiRiskDelete,
		ID: "deleteRisk", Tag: "Risks", Summary: "Delete a risk entered by mistake",
		Description: "Deletes the risk and its links and cancels its open tasks. A risk that was accepted or whose treatment plan was submitted must stay: 409, close it instead.",
		Errors:      []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/risks/{id}/actions", Access: Member, Handler: s.apiRiskActionAdd,
		ID: "addTreatmentAction", Tag: "Risks", Summary: "Add an action to a risk's treatment plan",
		Description: "The action becomes a task of its owner, linked to the risk and, optionally, to the control it puts in place.",
		Body:        reflect.TypeFor[treatmentActionRequest](), Result: reflect.TypeFor[*isms.TreatmentAction](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/risks/{id}/acceptances", Access: Member, Handler: s.apiRiskAccept,
		ID: "acceptRisk", Tag: "Risks", Summary: "Accept a risk's residual risk",
		Description: "Signs off the residual level under the current method. Who may accept each level is set by the method's acceptance criteria; anyone else gets a 403 that says who may. The acceptance lapses at the next review date or when the residual score changes.",
		Body:        reflect.TypeFor[acceptRequest](), Result: reflect.TypeFor[*isms.RiskAcceptance](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/risks/{id}/review", Access: Member, Handler: s.apiRiskReview,
		ID: "reviewRisk", Tag: "Risks", Summary: "Record a review of a risk",
		Description: "Sets the last review to today and the next one a reassessment interval later; completes the open review task with the note and creates the next one. Editors of risks and the risk's owner may.",
		Body:        reflect.TypeFor[reviewRequest](), Result: reflect.TypeFor[*isms.Risk](),
	}}
}

// riskScoreRequest is a score as positions on the method's scales.
type riskScoreRequest struct {
	Likelihood int `json:"likelihood,omitempty" doc:"Position on the likelihood scale, 1 for the lowest; absent or 0: not assessed."`
	Impact     int `json:"impact,omitempty" doc:"Position on the impact scale; with a method that assesses C, I and A separately it follows from them when they are given."`
	C          int `json:"c,omitempty" doc:"Confidentiality impact position, for a method that assesses it."`
	I          int `json:"i,omitempty" doc:"Integrity impact position."`
	A          int `json:"a,omitempty" doc:"Availability impact position."`
}

// texts returns the score as RiskInput's texts: likelihood, impact, C, I, A.
func (s riskScoreRequest) texts() [5]string {
	out := [5]string{}
	for k, v := range []int{s.Likelihood, s.Impact, s.C, s.I, s.A} {
		if v != 0 {
			out[k] = strconv.Itoa(v)
		}
	}
	return out
}

// riskRequest is a risk.
type riskRequest struct {
	Ref           string               `json:"ref,omitempty" doc:"The organization's reference, unique in it; the next free R-number when empty."`
	Title         string               `json:"title"`
	Kind          isms.RiskKind        `json:"kind,omitempty" doc:"scenario when empty."`
	ThreatSource  string               `json:"threatSource,omitempty"`
	Event         string               `json:"event,omitempty"`
	Consequence   string               `json:"consequence,omitempty"`
	Threat        string               `json:"threat,omitempty"`
	Vulnerability string               `json:"vulnerability,omitempty"`
	Description   string               `json:"description,omitempty"`
	Category      string               `json:"category,omitempty"`
	OwnerID       isms.ID              `json:"ownerId,omitempty" doc:"User ID of an active member."`
	Inherent      riskScoreRequest     `json:"inherent,omitzero"`
	Residual      riskScoreRequest     `json:"residual,omitzero"`
	Treatment     isms.TreatmentOption `json:"treatment,omitempty"`
	TreatmentPlan string               `json:"treatmentPlan,omitempty"`
	Status        isms.RiskStatus      `json:"status,omitempty" doc:"Empty: follows the scores and treatment. accepted is reached only by accepting."`
	NextReview    string               `json:"nextReview,omitempty" doc:"YYYY-MM-DD; empty: today plus the method's reassessment interval."`
	Assets        []string             `json:"assets,omitempty" doc:"Asset IDs or references (AS-3)."`
	Controls      []string             `json:"controls,omitempty" doc:"Control IDs or references (C-12)."`
}

// input is the request as app's input.
func (in riskRequest) input() app.RiskInput {
	inh, res := in.Inherent.texts(), in.Residual.texts()
	return app.RiskInput{Ref: in.Ref, Title: in.Title, Kind: string(in.Kind), ThreatSource: in.ThreatSource, Event: in.Event,
		Consequence: in.Consequence, Threat: in.Threat, Vulnerability: in.Vulnerability, Description: in.Description,
		Category: in.Category, OwnerID: string(in.OwnerID),
		InherentLikelihood: inh[0], InherentImpact: inh[1], InherentC: inh[2], InherentI: inh[3], InherentA: inh[4],
		ResidualLikelihood: res[0], ResidualImpact: res[1], ResidualC: res[2], ResidualI: res[3], ResidualA: res[4],
		Treatment: string(in.Treatment), TreatmentPlan: in.TreatmentPlan, Status: string(in.Status), NextReview: in.NextReview,
		Assets: in.Assets, Controls: in.Controls}
}

// riskUpdateRequest replaces a risk's fields.
type riskUpdateRequest struct {
	riskRequest
	Version int `json:"version" doc:"The risk's version the change was made against."`
}

// riskLevelAPI is a risk level of the method a risk is scored under.
type riskLevelAPI struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Color string `json:"color" doc:"#rrggbb"`
}

func (riskLevelAPI) schemaName() string { return "RiskLevelSummary" }

// levelAPI returns the wire form of l, nil for none.
func levelAPI(l *isms.RiskLevel) *riskLevelAPI {
	if l == nil {
		return nil
	}
	return &riskLevelAPI{Key: l.Key, Label: l.Label, Color: l.Color}
}

// riskRowAPI is a risk of the register with its levels and flags.
type riskRowAPI struct {
	*isms.Risk
	InherentLevel *riskLevelAPI   `json:"inherentLevel" doc:"Null while the inherent risk is not scored."`
	ResidualLevel *riskLevelAPI   `json:"residualLevel" doc:"Null while the residual risk is not scored."`
	Flags         []isms.RiskFlag `json:"flags" openapi:"nonnull"`
}

func (riskRowAPI) schemaName() string { return "RiskRow" }

// newRiskRowAPI returns the wire form of a register row.
func newRiskRowAPI(r *isms.Risk, inh, res *isms.RiskLevel, flags []isms.RiskFlag) riskRowAPI {
	if flags == nil {
		flags = []isms.RiskFlag{}
	}
	return riskRowAPI{Risk: r, InherentLevel: levelAPI(inh), ResidualLevel: levelAPI(res), Flags: flags}
}

// recordRefAPI names a linked record.
type recordRefAPI struct {
	ID    isms.ID `json:"id"`
	Ref   string  `json:"ref"`
	Title string  `json:"title"`
}

func (recordRefAPI) schemaName() string { return "RecordRef" }

// riskDetailAPI is a risk with its whole chain.
type riskDetailAPI struct {
	riskRowAPI
	LinkedAssets []recordRefAPI         `json:"linkedAssets" openapi:"nonnull"`
	LinkedCtrls  []recordRefAPI         `json:"linkedControls" openapi:"nonnull"`
	Actions      []isms.TreatmentAction `json:"actions" openapi:"nonnull"`
	Acceptances  []*isms.RiskAcceptance `json:"acceptances" openapi:"nonnull" doc:"Newest first."`
	PlanApproval *isms.Approval         `json:"planApproval" doc:"The latest submission of the treatment plan; null when never submitted."`
	CanAccept    bool                   `json:"canAccept" doc:"Whether the caller may accept the residual risk now."`
	AcceptNote   string                 `json:"acceptNote,omitempty" doc:"Why the caller may not accept it now."`
}

func (riskDetailAPI) schemaName() string { return "RiskDetail" }

// treatmentActionRequest is a new action of a treatment plan.
type treatmentActionRequest struct {
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	OwnerID     isms.ID `json:"ownerId" doc:"User ID of an active member: the task's owner."`
	Due         string  `json:"due" doc:"YYYY-MM-DD."`
	Control     string  `json:"control,omitempty" doc:"The control it puts in place: ID or reference."`
}

// acceptRequest accepts a risk's residual risk.
type acceptRequest struct {
	Comment string `json:"comment,omitempty"`
	Version int    `json:"version" doc:"The risk's version the acceptance was given on."`
}

// reviewRequest records a review.
type reviewRequest struct {
	Note string `json:"note,omitempty" doc:"What the review found; it completes the review task."`
}

// apiRiskFilter reads the register's filters, adding their problems to p.
func (s *Server) apiRiskFilter(r *http.Request, p isms.Problems) (*riskFilters, error) {
	rf, err := s.riskFilter(r)
	if fields := isms.ErrorFields(err); fields != nil {
		for k, v := range fields {
			p.Add(k, v)
		}
		return rf, nil
	}
	return rf, err
}

func (s *Server) apiRiskList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	queryOneOf(r, p, "overdue", "true", "false")
	rf, err := s.apiRiskFilter(r, p)
	if err != nil {
		return nil, err
	}
	f := rf.F
	f.Sort = queryOneOf(r, p, "sort", riskSortKeys...)
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]riskRowAPI, int, error) {
		pg, err := s.app.FindRisks(r.Context(), actor(r), f)
		if err != nil {
			return nil, 0, err
		}
		out := make([]riskRowAPI, len(pg.Rows))
		for i, row := range pg.Rows {
			out[i] = newRiskRowAPI(row.Risk, row.Inherent, row.Residual, row.Flags)
		}
		return out, pg.Total, nil
	})
}

func (s *Server) apiRiskCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in riskRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	rk, err := s.app.CreateRisk(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, riskFields)
	}
	return created(rk), nil
}

func (s *Server) apiRiskGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindRisk(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	var inh, res *isms.RiskLevel
	if d.Method != nil {
		inh, res = d.Method.Level(d.Risk.Inherent.Level), d.Method.Level(d.Risk.Residual.Level)
	}
	out := riskDetailAPI{riskRowAPI: newRiskRowAPI(d.Risk, inh, res, d.Flags), LinkedAssets: []recordRefAPI{}, LinkedCtrls: []recordRefAPI{},
		Actions: d.Actions, Acceptances: d.Acceptances, PlanApproval: d.PlanApproval, CanAccept: d.CanAccept == nil}
	for _, as := range d.Assets {
		out.LinkedAssets = append(out.LinkedAssets, recordRefAPI{ID: as.ID, Ref: as.Ref, Title: as.Name})
	}
	for _, c := range d.Controls {
		out.LinkedCtrls = append(out.LinkedCtrls, recordRefAPI{ID: c.ID, Ref: c.Ref, Title: c.Title})
	}
	if out.Actions == nil {
		out.Actions = []isms.TreatmentAction{}
	}
	if out.Acceptances == nil {
		out.Acceptances = []*isms.RiskAcceptance{}
	}
	if d.CanAccept != nil {
		out.AcceptNote = isms.ErrorMessage(d.CanAccept)
	}
	return out, nil
}

func (s *Server) apiRiskUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in riskUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	d, err := s.app.FindRisk(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	rk, err := s.app.UpdateRisk(r.Context(), actor(r), d.Risk.ID, in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, riskFields)
	}
	return rk, nil
}

// apiRiskID resolves the {id} of the path, an ID or a reference.
func (s *Server) apiRiskID(r *http.Request) (isms.ID, error) {
	d, err := s.app.FindRisk(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return "", err
	}
	return d.Risk.ID, nil
}

func (s *Server) apiRiskDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	id, err := s.apiRiskID(r)
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteRisk(r.Context(), actor(r), id)
}

func (s *Server) apiRiskActionAdd(w http.ResponseWriter, r *http.Request) (any, error) {
	var in treatmentActionRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.apiRiskID(r)
	if err != nil {
		return nil, err
	}
	act, err := s.app.AddTreatmentAction(r.Context(), actor(r), id, app.TreatmentActionInput{Title: in.Title,
		Description: in.Description, OwnerID: string(in.OwnerID), Due: in.Due, Control: in.Control})
	if err != nil {
		return nil, renameFields(err, map[string]string{"owner": "ownerId"})
	}
	return created(act), nil
}

func (s *Server) apiRiskAccept(w http.ResponseWriter, r *http.Request) (any, error) {
	var in acceptRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.apiRiskID(r)
	if err != nil {
		return nil, err
	}
	acc, err := s.app.AcceptRisk(r.Context(), actor(r), id, app.AcceptInput{Comment: in.Comment, Version: in.Version})
	if err != nil {
		return nil, err
	}
	return created(acc), nil
}

func (s *Server) apiRiskReview(w http.ResponseWriter, r *http.Request) (any, error) {
	var in reviewRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.apiRiskID(r)
	if err != nil {
		return nil, err
	}
	return s.app.ReviewRisk(r.Context(), actor(r), id, in.Note)
}
