// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// objectiveRoutes registers the pages of this register.
func (s *Server) objectiveRoutes() {
	s.handle("GET /objectives", Member, s.page(s.handleObjectiveIndex))
	s.handle("GET /objectives/new", Member, s.page(s.handleObjectiveNew))
	s.handle("POST /objectives", Member, s.page(s.handleObjectiveCreate))
	s.handle("GET /objectives/{id}", Member, s.page(s.handleObjectiveShow))
	s.handle("GET /objectives/{id}/edit", Member, s.page(s.handleObjectiveEdit))
	s.handle("POST /objectives/{id}", Member, s.page(s.handleObjectiveUpdate))
	s.handle("POST /objectives/{id}/delete", Member, s.page(s.handleObjectiveDelete))
}

// objectiveFormValues is what the objective form shows and sends.
type objectiveFormValues struct {
	In      app.ObjectiveInput
	Metrics string // the references as typed
	ID      isms.ID
	Ref     string
	Version int
}

// policyOptions lists the organization's policies and topic-specific
// policies for a select, by reference, keeping current (a reference)
// when it is no longer among them.
func (s *Server) policyOptions(r *http.Request, current string) ([][2]string, error) {
	opts := [][2]string{{"", "None"}}
	found := current == ""
	for _, t := range []isms.DocumentType{isms.DocPolicy, isms.DocTopicPolicy} {
		docs, _, err := s.app.FindDocuments(r.Context(), actor(r), isms.DocumentFilter{Type: t, Limit: isms.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			opts = append(opts, [2]string{d.Ref, d.Ref + " " + d.Title})
			found = found || d.Ref == current
		}
	}
	if !found {
		opts = append(opts, [2]string{current, current})
	}
	return opts, nil
}

// objectiveOwnerOptions lists the members who may own an objective,
// keeping current when it is no longer among them.
func (s *Server) objectiveOwnerOptions(r *http.Request, current, currentName string) ([][2]string, error) {
	opts, err := s.memberOptions(r, "Nobody yet")
	if err != nil || current == "" {
		return opts, err
	}
	for _, o := range opts {
		if o[0] == current {
			return opts, nil
		}
	}
	return append(opts, [2]string{current, strings.TrimSpace(currentName + " (no longer a member who may own it)")}), nil
}

// renderObjectiveForm renders the objective form with v and the problems
// of err; ownerName names the stored owner.
func (s *Server) renderObjectiveForm(w http.ResponseWriter, r *http.Request, status int, v objectiveFormValues, ownerName string, err error) error {
	policies, ferr := s.policyOptions(r, v.In.PolicyID)
	if ferr != nil {
		return ferr
	}
	owners, ferr := s.objectiveOwnerOptions(r, v.In.OwnerID, ownerName)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Lede: "What the organization wants to achieve in information security: consistent with the policy, measurable, monitored, communicated and updated (ISO/IEC 27001 6.2)."}
	f := formView{Action: "/objectives", Submit: "Record objective", Cancel: "/objectives", Fields: []fieldView{
		text("statement", "Objective", v.In.Statement).kind("textarea").required().help("What is to be achieved, such as: critical vulnerabilities are patched within 14 days of release."),
		selectField("policyId", "Policy it serves", v.In.PolicyID, policies).help("The information security policy or the topic-specific policy the objective is consistent with."),
		text("metrics", "Measured by metrics", v.Metrics).help("References of the metrics that measure it, separated by commas, such as M-1, M-4. Without a metric, say under evaluation how results are evaluated."),
		text("target", "Target", v.In.Target).help("The result that counts as achieved, such as: 95% by 2027-06-30."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners).help("Who is responsible for achieving it."),
		text("resources", "Resources", v.In.Resources).kind("textarea").help("What will be needed: people's time, budget, tools."),
		text("dueOn", "Due", v.In.DueOn).kind("date").help("When it is to be achieved, YYYY-MM-DD; required unless cancelled."),
		text("evaluation", "How results are evaluated", v.In.Evaluation).kind("textarea").help("Who reviews the results, when and how, such as: the ISMS manager reports the metric to the management review every quarter."),
		selectField("status", "Status", v.In.Status, objectiveStatusOptions("")[1:]).required(),
	}}
	p.Title = "New objective"
	if v.Version > 0 {
		base := "/objectives/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save objective", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "objective_form", p)
}

func (s *Server) handleObjectiveNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditObjectives, "You may not record objectives."); err != nil {
		return err
	}
	in := app.ObjectiveInput{Status: string(isms.ObjectivePlanned), OwnerID: string(actor(r).UserID)}
	return s.renderObjectiveForm(w, r, http.StatusOK, objectiveFormValues{In: in, Metrics: r.URL.Query().Get("metrics")}, "", nil)
}

func (s *Server) handleObjectiveEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditObjectives, "You may not change objectives."); err != nil {
		return err
	}
	v, err := s.app.FindObjective(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	o := v.Objective
	refs := make([]string, len(v.Metrics))
	for i, m := range v.Metrics {
		refs[i] = m.Metric.Ref
	}
	in := app.ObjectiveInput{Statement: o.Statement, PolicyID: o.PolicyRef, Target: o.Target, OwnerID: string(o.OwnerID),
		Resources: o.Resources, DueOn: o.DueOn.String(), Evaluation: o.Evaluation, Status: string(o.Status)}
	fv := objectiveFormValues{In: in, Metrics: strings.Join(refs, ", "), ID: o.ID, Ref: o.Ref, Version: o.Version}
	return s.renderObjectiveForm(w, r, http.StatusOK, fv, o.OwnerName, nil)
}

// saveObjective creates or updates the objective of the form.
func (s *Server) saveObjective(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := objectiveFormValues{In: app.ObjectiveInput{Statement: r.PostFormValue("statement"), PolicyID: f("policyId"), Target: f("target"),
		OwnerID: f("ownerId"), Resources: r.PostFormValue("resources"), DueOn: f("dueOn"), Evaluation: r.PostFormValue("evaluation"),
		Status: f("status")}, Metrics: f("metrics"), Version: formInt(r, "version")}
	v.In.Metrics = app.SplitRefs(v.Metrics)
	return saveRecordForm(s, w, r, recordSave[*isms.Objective]{update: update, version: v.Version, what: "objective's",
		create: func() (*isms.Objective, error) { return s.app.CreateObjective(r.Context(), actor(r), v.In) },
		change: func() (*isms.Objective, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateObjective(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderObjectiveForm(w, r, status, v, "", err) },
		saved: func(o *isms.Objective) (string, string) {
			return "Objective " + o.Ref + " saved.", "/objectives/" + string(o.ID)
		}})
}

func (s *Server) handleObjectiveCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveObjective(w, r, false)
}

func (s *Server) handleObjectiveUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveObjective(w, r, true)
}

// objectiveOperations lists the API operations of this register.
func (s *Server) objectiveOperations() []apiOperation { return s.objectiveAPIOperations() }
