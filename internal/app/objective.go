// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Information security objectives (27001 6.2). An objective serves the
// information security policy (or a topic-specific one), is measured by
// metrics (record links objective → metric) or evaluated as its
// evaluation text says, has an owner, resources and a due date. Its
// progress is read from the states of its metrics (ObjectiveView).
// Whoever holds isms.EditObjectives changes objectives; whoever reads the
// ISMS sees them.

// objectObjective is the object type of objectives in the audit trail
// and in links.
const objectObjective = "objective"

// objectiveMetricType is the record type of the metrics an objective
// links to.
const objectiveMetricType = "metric"

func init() {
	linkables[objectObjective] = linkable{
		label: "objective",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			o, err := findObjectiveByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return o.ID, "Objective " + o.Ref + ": " + clipRunes(o.Statement, 120), nil
		},
	}
}

// clipRunes returns s cut to at most n characters, with an ellipsis
// when it was cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// findObjectiveByIDOrRef returns an objective by its ID or, failing
// that, its reference ("OBJ-3", in any case).
func findObjectiveByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Objective, error) {
	return byIDOrRef(ctx, org, s, tx.FindObjectiveByID, func(ctx context.Context, org isms.ID, ref string) (*isms.Objective, error) {
		return tx.FindObjectiveByRef(ctx, org, strings.ToUpper(ref))
	})
}

// objectiveKind is the objectives register for the generic use cases.
var objectiveKind = recordKind[*isms.Objective]{
	object: objectObjective, label: "objective", edit: isms.EditObjectives,
	id:     func(o *isms.Objective) isms.ID { return o.ID },
	ver:    func(o *isms.Objective) int { return o.Version },
	fields: objectiveFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Objective, error) {
		return tx.FindObjectiveByID(ctx, org, id)
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, o *isms.Objective) error { return tx.InsertObjective(ctx, o) },
	update: func(ctx context.Context, tx *sqldb.Tx, o *isms.Objective, v int) error {
		return tx.UpdateObjective(ctx, o, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteObjective(ctx, org, id)
	},
}

// objectiveFields are the fields of o as the audit trail records them:
// the policy by its reference, the owner by name.
func objectiveFields(o *isms.Objective) []fieldDiff {
	return []fieldDiff{{"statement", nil, o.Statement}, {"policy", nil, o.PolicyRef}, {"target", nil, o.Target},
		{"owner", nil, o.OwnerName}, {"resources", nil, o.Resources}, {"dueOn", nil, o.DueOn.String()},
		{"evaluation", nil, o.Evaluation}, {"status", nil, string(o.Status)}}
}

// ObjectiveInput is an objective as a form or the API gives it. PolicyID
// is a document's ID or reference ("DOC-1") or empty; OwnerID a member's
// user ID or empty; DueOn YYYY-MM-DD; Status one of the
// isms.ObjectiveStatuses ("" is planned). Metrics are IDs or references
// of the metrics that measure it; nil leaves the links as they are.
type ObjectiveInput struct {
	Statement, PolicyID, Target, OwnerID, Resources, DueOn, Evaluation, Status string

	Metrics []string
}

// apply sets the plain fields of o from in, recording what cannot be
// read in p.
func (in ObjectiveInput) apply(o *isms.Objective, p isms.Problems) {
	o.Statement, o.Target, o.Resources, o.Evaluation = in.Statement, in.Target, in.Resources, in.Evaluation
	o.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	st := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(in.Status)), " ", "_")
	if st == "" {
		st = string(isms.ObjectivePlanned)
	}
	o.Status = isms.ObjectiveStatus(st)
	d, err := isms.ParseDate(strings.TrimSpace(in.DueOn))
	if err != nil {
		p.Add("dueOn", "Enter the due date as YYYY-MM-DD.")
	}
	o.DueOn = d
}

// fillObjective returns the fill function of the generic use cases:
// it applies in to the objective, checks its policy, owner and metrics,
// validates it and sets its metric links.
func fillObjective(ctx context.Context, in ObjectiveInput, creating bool) fillFunc[*isms.Objective] {
	return func(tx *sqldb.Tx, o *isms.Objective) (isms.Changes, error) {
		p := isms.Problems{}
		if creating {
			ref, n, err := nextRecordRef(ctx, tx, o.OrgID, "objectives", "OBJ-")
			if err != nil {
				return nil, err
			}
			o.Ref, o.Number = ref, n
		}
		owner := o.OwnerID
		in.apply(o, p)
		if err := objectivePolicy(ctx, tx, o, in.PolicyID, p); err != nil {
			return nil, err
		}
		switch {
		case o.OwnerID == "":
			o.OwnerName = ""
		case creating || o.OwnerID != owner:
			name, err := activeMemberName(ctx, tx, o.OrgID, o.OwnerID, "ownerId", p)
			if err != nil {
				return nil, err
			}
			o.OwnerName = name
		}
		measured := len(in.Metrics) > 0
		if in.Metrics == nil && !creating {
			ids, err := tx.FindRecordLinksFrom(ctx, o.OrgID, isms.Link{Type: objectObjective, ID: o.ID}, objectiveMetricType)
			if err != nil {
				return nil, err
			}
			measured = len(ids) > 0
		}
		if err := addProblems(p, o.Validate(measured)); err != nil {
			return nil, err
		}
		if in.Metrics == nil {
			return nil, p.Err()
		}
		return setRecordLinks(ctx, tx, o.OrgID, isms.Link{Type: objectObjective, ID: o.ID}, objectiveMetricType, in.Metrics, "metrics", p)
	}
}

// objectivePolicy sets the policy of o from s, a document's ID or
// reference, recording a problem on policyId when it names no document
// or a document that is not a policy.
func objectivePolicy(ctx context.Context, tx *sqldb.Tx, o *isms.Objective, s string, p isms.Problems) error {
	o.PolicyID, o.PolicyRef, o.PolicyTitle = "", "", ""
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	d, err := findDocumentByIDOrRef(ctx, tx, o.OrgID, s)
	if isms.ErrorCode(err) == isms.NotFound && s != strings.ToUpper(s) {
		d, err = findDocumentByIDOrRef(ctx, tx, o.OrgID, strings.ToUpper(s))
	}
	switch {
	case isms.ErrorCode(err) == isms.NotFound:
		p.Add("policyId", "No document "+quote(s)+" in this organization: name the policy by its reference, such as DOC-1.")
		return nil
	case err != nil:
		return err
	case d.Type != isms.DocPolicy && d.Type != isms.DocTopicPolicy:
		p.Add("policyId", fmt.Sprintf("%s is a document of type %s, not a policy: an objective serves the information security policy or a topic-specific policy.",
			d.Ref, strings.ToLower(d.Type.Label())))
		return nil
	}
	o.PolicyID, o.PolicyRef, o.PolicyTitle = d.ID, d.Ref, d.Title
	return nil
}

// CreateObjective records an information security objective, with the
// next free reference ("OBJ-4").
func (a *App) CreateObjective(ctx context.Context, actor isms.Actor, in ObjectiveInput) (*isms.Objective, error) {
	o := &isms.Objective{ID: isms.NewID("obj"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, objectiveKind, o, fillObjective(ctx, in, true))
}

// UpdateObjective changes objective id (its ID or reference), which the
// person edited at version; a newer stored one is a conflict.
func (a *App) UpdateObjective(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ObjectiveInput) (*isms.Objective, error) {
	if err := forbid(actor.Can(isms.EditObjectives), "You may not change an objective."); err != nil {
		return nil, err
	}
	id, err := a.objectiveID(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return updateRecord(ctx, a, actor, objectiveKind, id, version, fillObjective(ctx, in, false))
}

// DeleteObjective deletes objective id (its ID or reference) and its
// links.
func (a *App) DeleteObjective(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.EditObjectives), "You may not delete an objective."); err != nil {
		return err
	}
	id, err := a.objectiveID(ctx, actor, id)
	if err != nil {
		return err
	}
	return deleteRecord(ctx, a, actor, objectiveKind, id, nil)
}

// objectiveID returns the ID of the objective s names: s itself when it
// is an ID, else the ID of the objective with that reference.
func (a *App) objectiveID(ctx context.Context, actor isms.Actor, s isms.ID) (isms.ID, error) {
	if strings.HasPrefix(string(s), "obj_") {
		return s, nil
	}
	var id isms.ID
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		o, err := findObjectiveByIDOrRef(ctx, tx, actor.OrgID, string(s))
		if err == nil {
			id = o.ID
		}
		return err
	})
	return id, err
}

// ObjectiveView is an objective with how it is doing: the summaries of
// the metrics that measure it (in reference order), its progress by
// them, and whether it is overdue.
type ObjectiveView struct {
	Objective *isms.Objective
	Metrics   []MetricSummary
	Progress  isms.ObjectiveProgress
	Overdue   bool
}

// ObjectiveFilter selects objectives for a list: the stored fields
// isms.ObjectiveFilter selects, and the progress their metrics give.
type ObjectiveFilter struct {
	isms.ObjectiveFilter
	Progress isms.ObjectiveProgress
}

// FindObjective returns objective id (its ID or reference) with its
// progress.
func (a *App) FindObjective(ctx context.Context, actor isms.Actor, id string) (*ObjectiveView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see objectives."); err != nil {
		return nil, err
	}
	var o *isms.Objective
	var metrics map[isms.ID][]isms.ID
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if o, err = findObjectiveByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		metrics, err = tx.ObjectiveMetrics(ctx, actor.OrgID, []isms.ID{o.ID})
		return err
	})
	if err != nil {
		return nil, err
	}
	views, err := a.objectiveViews(ctx, actor, []*isms.Objective{o}, metrics)
	if err != nil {
		return nil, err
	}
	return views[0], nil
}

// FindObjectives returns a page of the objectives f selects, with their
// progress, and the total matching.
func (a *App) FindObjectives(ctx context.Context, actor isms.Actor, f ObjectiveFilter) ([]*ObjectiveView, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see objectives."); err != nil {
		return nil, 0, err
	}
	if f.Progress != "" {
		return a.findObjectivesByProgress(ctx, actor, f)
	}
	list, total, metrics, err := a.objectivePage(ctx, actor, f.ObjectiveFilter)
	if err != nil {
		return nil, 0, err
	}
	views, err := a.objectiveViews(ctx, actor, list, metrics)
	return views, total, err
}

// maxProgressScan bounds the objectives read to filter by progress.
const maxProgressScan = 5000

// findObjectivesByProgress serves a list filtered by progress, which is
// computed from the metrics rather than stored: it reads the objectives
// the other filters select a page at a time (at most maxProgressScan),
// keeps those with the progress asked for, and returns the page of them
// f asks for.
func (a *App) findObjectivesByProgress(ctx context.Context, actor isms.Actor, f ObjectiveFilter) ([]*ObjectiveView, int, error) {
	q := f.ObjectiveFilter
	q.Limit, q.Offset = isms.MaxPageSize, 0
	var match []*ObjectiveView
	for q.Offset < maxProgressScan {
		list, total, metrics, err := a.objectivePage(ctx, actor, q)
		if err != nil {
			return nil, 0, err
		}
		views, err := a.objectiveViews(ctx, actor, list, metrics)
		if err != nil {
			return nil, 0, err
		}
		for _, v := range views {
			if v.Progress == f.Progress {
				match = append(match, v)
			}
		}
		q.Offset += len(list)
		if len(list) == 0 || q.Offset >= total {
			break
		}
	}
	from := min(f.Offset, len(match))
	to := min(from+isms.ClampPage(f.Limit), len(match))
	return match[from:to], len(match), nil
}

// objectivePage reads one page of objectives and the metrics of each.
func (a *App) objectivePage(ctx context.Context, actor isms.Actor, f isms.ObjectiveFilter) ([]*isms.Objective, int, map[isms.ID][]isms.ID, error) {
	var list []*isms.Objective
	var total int
	var metrics map[isms.ID][]isms.ID
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if list, total, err = tx.FindObjectives(ctx, actor.OrgID, f); err != nil {
			return err
		}
		ids := make([]isms.ID, len(list))
		for i, o := range list {
			ids[i] = o.ID
		}
		metrics, err = tx.ObjectiveMetrics(ctx, actor.OrgID, ids)
		return err
	})
	return list, total, metrics, err
}

// objectiveViews returns the views of list, whose metric IDs metrics
// holds, reading every metric's summary at once.
func (a *App) objectiveViews(ctx context.Context, actor isms.Actor, list []*isms.Objective, metrics map[isms.ID][]isms.ID) ([]*ObjectiveView, error) {
	var ids []isms.ID
	for _, o := range list {
		ids = append(ids, metrics[o.ID]...)
	}
	byID := map[isms.ID]MetricSummary{}
	if len(ids) > 0 {
		summaries, err := a.MetricSummaries(ctx, actor, uniqueIDs(ids))
		if err != nil {
			return nil, err
		}
		for _, s := range summaries {
			byID[s.Metric.ID] = s
		}
	}
	today := isms.DateOf(a.now())
	out := make([]*ObjectiveView, len(list))
	for i, o := range list {
		v := &ObjectiveView{Objective: o, Overdue: o.Overdue(today)}
		var states []isms.MetricState
		for _, id := range metrics[o.ID] {
			if s, ok := byID[id]; ok {
				v.Metrics = append(v.Metrics, s)
				states = append(states, s.State)
			}
		}
		v.Progress = isms.ProgressOf(states)
		out[i] = v
	}
	return out, nil
}
