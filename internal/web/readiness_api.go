// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The readiness check in the API: the check itself (the same object as
// "isms check --format json"), the trend of its daily results and the
// implementation roadmap.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.Severity](): {doc: "How much a finding matters to a certification auditor: a blocker would be a " +
			"nonconformity, a warning likely an observation, a hint is good practice.", values: enumStrings(isms.Severities...)},
		reflect.TypeFor[isms.OrgSize](): {doc: "The organization's size class by its active people: small up to 50, medium up to 250, large above.",
			values: enumStrings(isms.OrgSmall, isms.OrgMedium, isms.OrgLarge)},
		reflect.TypeFor[isms.StepStatus](): {doc: "Where a roadmap step stands: done when none of its rules finds a blocker or a " +
			"warning, not started when every blocker rule of the step fires, in progress otherwise.",
			values: enumStrings(isms.StepDone, isms.StepInProgress, isms.StepNotStarted)},
	})
}

// readinessTag is the API tag of the readiness check.
const readinessTag = "Readiness"

// readinessOperations are the API operations of the readiness check, the
// trend of its results and the roadmap.
func (s *Server) readinessOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/readiness", Access: Member, Handler: s.apiReadiness,
		ID: "getReadiness", Tag: readinessTag, Summary: "Run the readiness check",
		Description: "Runs every readiness rule over the organization's registers, as a stage 1 auditor would look at them today, " +
			"and keeps the day's result for the trend. The score, the clause scores and the counts cover every rule; severity " +
			"and clause narrow only the findings listed. The same object as \"isms check --format json\".",
		Params: []apiParam{
			enumParam("severity", "Only findings of this severity.", enumStrings(isms.Severities...)...),
			stringParam("clause", "Only findings of this clause: a clause (6.1, which holds 6.1.2), a sub-clause (6.1.2), "+
				"A for Annex A, or an Annex A control (A.8.15)."),
		},
		Result: reflect.TypeFor[readinessAPI](),
	}, {
		Pattern: "GET /api/v1/readiness/trend", Access: Member, Handler: s.apiReadinessTrend,
		ID: "getReadinessTrend", Tag: readinessTag, Summary: "The trend of the readiness check",
		Description: "The result kept of each day a check ran within the last days days (today included), oldest first: the " +
			"day's latest score, counts and clause scores.",
		Params: []apiParam{{Name: "days", Doc: "How many days back, today included.",
			Schema: schemaObj{"type": "integer", "minimum": 1, "maximum": app.MaxTrendDays, "default": app.DefaultTrendDays}}},
		Result: reflect.TypeFor[readinessTrendAPI](),
	}, {
		Pattern: "GET /api/v1/roadmap", Access: Member, Handler: s.apiRoadmap,
		ID: "getRoadmap", Tag: readinessTag, Summary: "The implementation roadmap",
		Description: "Runs the readiness check (keeping the day's result) and returns the ten steps of a first implementation " +
			"in the order of ISO/IEC 27003, each with its status, the findings still open, the page where its work goes on and " +
			"its clauses explained for the organization's size.",
		Result: reflect.TypeFor[roadmapAPI](),
	}}
}

// readinessAPI is isms.Readiness as the API and "isms check --format
// json" write it: the same JSON. It has types of its own only so that the
// schema of a finding's records does not take the name RecordRef, which
// the risk API's linked records hold.
type readinessAPI struct {
	At       time.Time          `json:"at" doc:"When the check ran."`
	Score    int                `json:"score" doc:"0 to 100: the share of the applicable rules that pass, weighted by severity (blocker 10, warning 3, hint 1)."`
	Blockers int                `json:"blockers"`
	Warnings int                `json:"warnings"`
	Hints    int                `json:"hints"`
	Clauses  []isms.ClauseScore `json:"clauses" openapi:"nonnull" doc:"The score of each clause 4.1 to 10.2 and of Annex A (A), in order."`
	Findings []findingAPI       `json:"findings" openapi:"nonnull" doc:"By clause, then severity, then rule."`
	Rules    int                `json:"rules" doc:"How many rules ran."`
	// NotApplicable names the rules with nothing to check yet.
	NotApplicable []string     `json:"notApplicable" openapi:"nonnull" doc:"The rules that had nothing to check yet (no risk for \"every risk has an owner\"), left out of the scores."`
	Size          isms.OrgSize `json:"size"`
}

func (readinessAPI) schemaName() string { return "Readiness" }

// findingAPI is isms.Finding on the wire.
type findingAPI struct {
	Rule     string             `json:"rule" doc:"The rule's ID, such as scope.approved."`
	Clause   string             `json:"clause" doc:"The clause or sub-clause (6.1.2), or an Annex A control (A.8.15)."`
	Severity isms.Severity      `json:"severity"`
	Message  string             `json:"message" doc:"What is missing and why it matters."`
	Records  []findingRecordAPI `json:"records" openapi:"nonnull" doc:"The records concerned, at most 20."`
	More     int                `json:"more,omitempty" doc:"How many records concerned are not listed."`
	Fix      string             `json:"fix" doc:"The path of the page where it is fixed."`
}

func (findingAPI) schemaName() string { return "Finding" }

// findingRecordAPI is isms.RecordRef on the wire.
type findingRecordAPI struct {
	Type  string  `json:"type" doc:"The record's type, such as risk or document."`
	ID    isms.ID `json:"id"`
	Ref   string  `json:"ref,omitempty" doc:"Its reference (R-12); absent for records without one."`
	Title string  `json:"title"`
}

func (findingRecordAPI) schemaName() string { return "FindingRecord" }

// roadmapStepAPI is isms.RoadmapStep on the wire.
type roadmapStepAPI struct {
	Number   int                `json:"number"`
	Key      string             `json:"key"`
	Title    string             `json:"title"`
	Clauses  []string           `json:"clauses" openapi:"nonnull"`
	Fix      string             `json:"fix" doc:"The page where the step's work goes on."`
	Action   string             `json:"action" doc:"The text of the button leading there."`
	Status   isms.StepStatus    `json:"status"`
	Findings []findingAPI       `json:"findings" openapi:"nonnull" doc:"What is still missing in the step's clauses."`
	Guide    []isms.ClauseGuide `json:"guide" openapi:"nonnull" doc:"The step's clauses explained for the organization's size."`
}

func (roadmapStepAPI) schemaName() string { return "RoadmapStep" }

func newReadinessAPI(r *isms.Readiness) readinessAPI {
	return readinessAPI{At: r.At, Score: r.Score, Blockers: r.Blockers, Warnings: r.Warnings, Hints: r.Hints,
		Clauses: nonNil(r.Clauses), Findings: newFindingsAPI(r.Findings), Rules: r.Rules,
		NotApplicable: nonNil(r.NotApplicable), Size: r.Size}
}

func newFindingsAPI(fs []isms.Finding) []findingAPI {
	out := make([]findingAPI, len(fs))
	for i, f := range fs {
		recs := make([]findingRecordAPI, len(f.Records))
		for j, rec := range f.Records {
			recs[j] = findingRecordAPI(rec)
		}
		out[i] = findingAPI{Rule: f.Rule, Clause: f.Clause, Severity: f.Severity, Message: f.Message, Records: recs, More: f.More, Fix: f.Fix}
	}
	return out
}

// nonNil returns s, or an empty slice for nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// readinessTrendAPI is the trend of the readiness check.
type readinessTrendAPI struct {
	Days int                 `json:"days" doc:"How many days back the trend goes, today included."`
	Runs []isms.ReadinessRun `json:"runs" openapi:"nonnull" doc:"One per day a check ran, oldest first."`
}

func (readinessTrendAPI) schemaName() string { return "ReadinessTrend" }

// roadmapAPI is the roadmap with the figures of the check it comes from.
type roadmapAPI struct {
	At       time.Time        `json:"at" doc:"When the check ran."`
	Score    int              `json:"score" doc:"The readiness score, 0 to 100."`
	Blockers int              `json:"blockers"`
	Warnings int              `json:"warnings"`
	Hints    int              `json:"hints"`
	Size     isms.OrgSize     `json:"size"`
	Current  int              `json:"current" doc:"The number of the first step not done; 0 when every step is."`
	Steps    []roadmapStepAPI `json:"steps" openapi:"nonnull"`
}

func (roadmapAPI) schemaName() string { return "Roadmap" }

func (s *Server) apiReadiness(w http.ResponseWriter, r *http.Request) (any, error) {
	q := r.URL.Query()
	f := app.ReadinessFilter{Severity: isms.Severity(q.Get("severity")), Clause: strings.TrimSpace(q.Get("clause"))}
	res, err := s.app.Check(r.Context(), actor(r), f)
	if err != nil {
		return nil, err
	}
	return newReadinessAPI(res), nil
}

func (s *Server) apiReadinessTrend(w http.ResponseWriter, r *http.Request) (any, error) {
	days := app.DefaultTrendDays
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = 0 // not a number: out of range, which app reports on the field days
		}
		days = n
	}
	runs, err := s.app.ReadinessTrend(r.Context(), actor(r), days)
	if err != nil {
		return nil, err
	}
	if runs == nil {
		runs = []isms.ReadinessRun{}
	}
	return readinessTrendAPI{Days: days, Runs: runs}, nil
}

func (s *Server) apiRoadmap(w http.ResponseWriter, r *http.Request) (any, error) {
	m, err := s.app.FindRoadmap(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := roadmapAPI{At: m.Readiness.At, Score: m.Readiness.Score, Blockers: m.Readiness.Blockers, Warnings: m.Readiness.Warnings,
		Hints: m.Readiness.Hints, Size: m.Size, Steps: make([]roadmapStepAPI, len(m.Steps))}
	for i, st := range m.Steps {
		out.Steps[i] = roadmapStepAPI{Number: st.Number, Key: st.Key, Title: st.Title, Clauses: nonNil(st.Clauses), Fix: st.Fix,
			Action: st.Action, Status: st.Status, Findings: newFindingsAPI(st.Findings), Guide: nonNil(st.Guide)}
	}
	if cur := m.Current(); cur != nil {
		out.Current = cur.Number
	}
	return out, nil
}
