// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// objectiveWorld is acme with a policy DOC-1, a procedure DOC-2, and two
// monthly metrics: M-1 patch compliance (higher is better, target 95,
// warning 90) and M-2 days to respond (lower is better, target 5).
type objectiveWorld struct {
	*world
	policy, procedure *isms.Document
	patch, respond    *isms.Metric
}

func newObjectiveWorld(t *testing.T, db *sqldb.DB) *objectiveWorld {
	t.Helper()
	w := &objectiveWorld{world: newWorld(t, db)}
	m := w.asManager()
	doc := func(title, typ string) *isms.Document {
		d, _, err := w.app.CreateDocument(w.ctx, m, app.DocumentInput{Title: title, Type: typ, OwnerID: string(w.manager.ID),
			Classification: "internal", AudienceEveryone: true}, app.DocumentBodyInput{Markdown: "# " + title})
		if err != nil {
			t.Fatalf("CreateDocument(%s) = %v", title, err)
		}
		return d
	}
	w.policy, w.procedure = doc("Information security policy", "policy"), doc("Patch procedure", "procedure")
	metric := func(name, direction, target, warning string) *isms.Metric {
		x, err := w.app.CreateMetric(w.ctx, m, app.MetricInput{Name: name, Method: "Count from the tool's report.", Direction: direction,
			Target: target, Warning: warning, Frequency: "every month", MeasuredBy: string(w.manager.ID), AnalysedBy: string(w.manager.ID)})
		if err != nil {
			t.Fatalf("CreateMetric(%s) = %v", name, err)
		}
		return x
	}
	w.patch, w.respond = metric("Patch compliance", "higher", "95", "90"), metric("Days to respond", "lower", "5", "")
	return w
}

// measure records value for metric x on day.
func (w *objectiveWorld) measure(x *isms.Metric, value, day string) {
	w.t.Helper()
	if _, err := w.app.RecordMeasurement(w.ctx, w.asManager(), x.ID, app.MeasurementInput{Value: value, MeasuredOn: day,
		MeasuredBy: string(w.manager.ID)}); err != nil {
		w.t.Fatalf("RecordMeasurement(%s, %s) = %v", x.Ref, value, err)
	}
}

// progress returns objective id's view.
func (w *objectiveWorld) progress(id string) *app.ObjectiveView {
	w.t.Helper()
	v, err := w.app.FindObjective(w.ctx, w.asViewer(), id)
	if err != nil {
		w.t.Fatalf("FindObjective(%s) = %v", id, err)
	}
	return v
}

func TestObjectiveCreateValidates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newObjectiveWorld(t, db)
		m := w.asManager()
		_, err := w.app.CreateObjective(w.ctx, m, app.ObjectiveInput{PolicyID: w.procedure.Ref, OwnerID: "usr_nope",
			DueOn: "next year", Status: "done", Metrics: []string{"M-99"}})
		wantFields(t, "CreateObjective(everything wrong)", err, isms.Invalid, "statement", "policyId", "ownerId", "dueOn", "status", "metrics")
		if msg := isms.ErrorFields(err)["policyId"]; msg != "DOC-2 is a document of type procedure, not a policy: an objective serves the information security policy or a topic-specific policy." {
			t.Errorf("policy problem = %q", msg)
		}
		if msg := isms.ErrorFields(err)["metrics"]; msg != "No metric M-99 in this organization." {
			t.Errorf("metrics problem = %q", msg)
		}
		_, err = w.app.CreateObjective(w.ctx, m, app.ObjectiveInput{Statement: "Be secure", PolicyID: "DOC-9", DueOn: "2026-12-31"})
		wantFields(t, "CreateObjective(unknown policy, not measurable)", err, isms.Invalid, "policyId", "metrics")
		_, err = w.app.CreateObjective(w.ctx, m, app.ObjectiveInput{Statement: "Be secure", Evaluation: "Yearly review", Status: "in progress"})
		wantFields(t, "CreateObjective(no due date)", err, isms.Invalid, "dueOn")
		_, err = w.app.CreateObjective(w.ctx, w.asViewer(), app.ObjectiveInput{Statement: "Be secure", Evaluation: "Review", DueOn: "2026-12-31"})
		wantCode(t, "CreateObjective as viewer", err, isms.Forbidden)
		if list, total, err := w.app.FindObjectives(w.ctx, m, app.ObjectiveFilter{}); total != 0 || err != nil {
			t.Errorf("after refused creations: %d objectives (%v), %v", total, list, err)
		}
		c, err := w.app.CreateObjective(w.ctx, w.asContributor(), app.ObjectiveInput{Statement: "Keep the ISMS certified",
			Evaluation: "Certification audit result", Status: "cancelled"})
		if err != nil || c.Ref != "OBJ-1" || c.Status != isms.ObjectiveCancelled || c.CreatedBy != w.contributor.ID {
			t.Errorf("cancelled objective without due date = %+v, %v", c, err)
		}
	})
}

// patchObjective creates OBJ-n "Patch critical vulnerabilities within 14
// days" serving DOC-1, owned by the manager, measured by M-1 and M-2.
func (w *objectiveWorld) patchObjective() *isms.Objective {
	w.t.Helper()
	o, err := w.app.CreateObjective(w.ctx, w.asManager(), app.ObjectiveInput{Statement: "Patch critical vulnerabilities within 14 days",
		PolicyID: "doc-1", Target: "95% by 2026-12-31", OwnerID: string(w.manager.ID), Resources: "Two admins",
		DueOn: "2026-12-31", Status: "in_progress", Metrics: []string{w.respond.ID.String(), w.patch.Ref}})
	if err != nil {
		w.t.Fatalf("CreateObjective = %v", err)
	}
	return o
}

func TestObjectiveCreate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newObjectiveWorld(t, db)
		o := w.patchObjective()
		if o.Ref != "OBJ-1" || o.PolicyID != w.policy.ID || o.PolicyRef != "DOC-1" || o.OwnerName != "Bob Manager" || o.Version != 1 {
			t.Errorf("created = %+v", o)
		}
		e := w.lastEvent(string(w.org.ID))
		ch := changes(t, e)
		if e.Action != "objective.create" || e.ObjectID != o.ID || ch["policy"].After != "DOC-1" || ch["owner"].After != "Bob Manager" ||
			ch["metrics"].After == "" || ch["status"].After != "in_progress" {
			t.Errorf("create event = %s %s %v", e.Action, e.ObjectID, ch)
		}
		// A second objective gets the next reference; a reference names it in any case.
		o2, err := w.app.CreateObjective(w.ctx, w.asManager(), app.ObjectiveInput{Statement: "Train all staff", Evaluation: "Completion report",
			DueOn: "2026-06-30"})
		if err != nil || o2.Ref != "OBJ-2" || o2.Status != isms.ObjectivePlanned {
			t.Fatalf("second objective = %+v, %v", o2, err)
		}
		v := w.progress("obj-1")
		refs := []string{}
		for _, s := range v.Metrics {
			refs = append(refs, s.Metric.Ref)
		}
		if d := cmp.Diff([]string{"M-1", "M-2"}, refs); d != "" || v.Objective.ID != o.ID {
			t.Errorf("metrics of OBJ-1 (-want +got):\n%s", d)
		}
	})
}

func TestObjectiveUpdate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newObjectiveWorld(t, db)
		m, o := w.asManager(), w.patchObjective()
		// Editing at an old version is a conflict; without Metrics the links stay.
		in := app.ObjectiveInput{Statement: "Patch critical vulnerabilities within 7 days", PolicyID: "DOC-1", Target: "95%",
			OwnerID: string(w.manager2.ID), DueOn: "2026-12-31", Status: "in_progress"}
		_, err := w.app.UpdateObjective(w.ctx, m, o.ID, 7, in)
		wantCode(t, "UpdateObjective(stale)", err, isms.Conflict)
		if o, err = w.app.UpdateObjective(w.ctx, m, "OBJ-1", 1, in); err != nil {
			t.Fatal(err)
		}
		e := w.lastEvent(string(w.org.ID))
		ch := changes(t, e)
		if o.Version != 2 || e.Action != "objective.update" || e.ObjectID != o.ID || ch["owner"].After != "Carol Manager" ||
			ch["target"].Before != "95% by 2026-12-31" || ch["resources"].After != "" || ch["metrics"] != (isms.Change{}) {
			t.Errorf("update = v%d, event %s %s %v", o.Version, e.Action, e.ObjectID, ch)
		}
		if len(w.progress(string(o.ID)).Metrics) != 2 {
			t.Error("the metrics were dropped by an update that did not name them")
		}
		// Saving without a change writes no event; dropping every metric without an evaluation is refused.
		seq := w.head(string(w.org.ID)).Seq
		if o, err = w.app.UpdateObjective(w.ctx, m, o.ID, 2, in); err != nil || o.Version != 2 || w.head(string(w.org.ID)).Seq != seq {
			t.Errorf("unchanged save = v%d, %v; events %d → %d", o.Version, err, seq, w.head(string(w.org.ID)).Seq)
		}
		in.Metrics = []string{}
		_, err = w.app.UpdateObjective(w.ctx, m, o.ID, 2, in)
		wantFields(t, "UpdateObjective(no metric, no evaluation)", err, isms.Invalid, "metrics")
		in.Metrics, in.Evaluation = []string{"M-1"}, "Quarterly review"
		if o, err = w.app.UpdateObjective(w.ctx, w.asContributor(), o.ID, 2, in); err != nil || o.Version != 3 {
			t.Fatalf("contributor's update = %+v, %v", o, err)
		}
		if ch = changes(t, w.lastEvent(string(w.org.ID))); ch["metrics"].After != "M-1" {
			t.Errorf("metrics change = %v, want M-1 only", ch["metrics"])
		}
		_, err = w.app.UpdateObjective(w.ctx, w.asViewer(), o.ID, 3, in)
		wantCode(t, "UpdateObjective as viewer", err, isms.Forbidden)
	})
}

func TestObjectiveIsolationAndDelete(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newObjectiveWorld(t, db)
		o := w.patchObjective()
		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err := w.app.FindObjective(w.ctx, other, string(o.ID))
		wantCode(t, "FindObjective(acme's, from globex)", err, isms.NotFound)
		_, err = w.app.UpdateObjective(w.ctx, other, o.ID, 1, app.ObjectiveInput{Statement: "X", Evaluation: "Y", DueOn: "2026-12-31"})
		wantCode(t, "UpdateObjective(acme's, from globex)", err, isms.NotFound)
		wantCode(t, "DeleteObjective(acme's, from globex)", w.app.DeleteObjective(w.ctx, other, "OBJ-1"), isms.NotFound)
		if _, total, _ := w.app.FindObjectives(w.ctx, other, app.ObjectiveFilter{}); total != 0 {
			t.Errorf("globex sees %d objectives", total)
		}
		_, err = w.app.CreateObjective(w.ctx, other, app.ObjectiveInput{Statement: "Borrow acme's metric", Metrics: []string{string(w.patch.ID)},
			PolicyID: string(w.policy.ID), DueOn: "2026-12-31"})
		wantFields(t, "CreateObjective(with acme's metric and policy, in globex)", err, isms.Invalid, "metrics", "policyId")
		wantCode(t, "DeleteObjective as viewer", w.app.DeleteObjective(w.ctx, w.asViewer(), o.ID), isms.Forbidden)

		title := "Objective OBJ-1: Patch critical vulnerabilities within 14 days"
		links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "metric", ID: w.patch.ID})
		if err != nil || !hasLink(links, title) {
			t.Errorf("links of M-1 = %+v, %v; want OBJ-1", links, err)
		}
		if err := w.app.DeleteObjective(w.ctx, w.asManager(), "OBJ-1"); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "objective.delete" || e.ObjectID != o.ID {
			t.Errorf("last event = %s %s, want objective.delete of %s", e.Action, e.ObjectID, o.ID)
		}
		if links, _ = w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "metric", ID: w.patch.ID}); hasLink(links, title) {
			t.Error("the deleted objective is still linked to M-1")
		}
		_, err = w.app.FindObjective(w.ctx, w.asManager(), "OBJ-1")
		wantCode(t, "FindObjective(deleted)", err, isms.NotFound)
	})
}

// hasLink reports whether links holds a record with title.
func hasLink(links []app.RecordLink, title string) bool {
	for _, l := range links {
		if l.Title == title {
			return true
		}
	}
	return false
}

// threeObjectives creates, in progress: OBJ-1 measured by M-1 and M-2,
// due at the end of the year; OBJ-2 measured by M-1, due yesterday; OBJ-3
// measured by nothing.
func (w *objectiveWorld) threeObjectives() (both, patch, none *isms.Objective) {
	w.t.Helper()
	create := func(statement, due string, metrics ...string) *isms.Objective {
		o, err := w.app.CreateObjective(w.ctx, w.asManager(), app.ObjectiveInput{Statement: statement, DueOn: due, Status: "in_progress",
			Evaluation: "Review", Metrics: metrics})
		if err != nil {
			w.t.Fatalf("CreateObjective(%s) = %v", statement, err)
		}
		return o
	}
	return create("Patch fast and respond fast", "2026-12-31", "M-1", "M-2"), create("Patch fast", "2026-03-01", "M-1"),
		create("Keep the certificate", "2027-01-31")
}

// wantProgress checks the progress of objectives after step.
func (w *objectiveWorld) wantProgress(step string, wants map[*isms.Objective]isms.ObjectiveProgress) {
	w.t.Helper()
	for o, p := range wants {
		if got := w.progress(o.Ref).Progress; got != p {
			w.t.Errorf("%s: progress of %s = %s, want %s", step, o.Ref, got, p)
		}
	}
}

func TestObjectiveProgress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newObjectiveWorld(t, db)
		both, patch, none := w.threeObjectives()
		w.wantProgress("no data yet", map[*isms.Objective]isms.ObjectiveProgress{both: isms.ProgressUnknown, patch: isms.ProgressUnknown, none: isms.ProgressUnknown})
		if v := w.progress(patch.Ref); !v.Overdue || w.progress(both.Ref).Overdue {
			t.Errorf("overdue: OBJ-2 %v, OBJ-1 %v; want only OBJ-2 (due yesterday)", v.Overdue, w.progress(both.Ref).Overdue)
		}
		w.measure(w.patch, "97", "2026-03-01")
		w.wantProgress("M-1 on target", map[*isms.Objective]isms.ObjectiveProgress{both: isms.ProgressUnknown, patch: isms.ProgressOnTrack})
		w.measure(w.respond, "3", "2026-03-01")
		w.wantProgress("both on target", map[*isms.Objective]isms.ObjectiveProgress{both: isms.ProgressOnTrack, patch: isms.ProgressOnTrack})
		w.measure(w.patch, "92", "2026-03-02")
		w.wantProgress("M-1 in its warning band", map[*isms.Objective]isms.ObjectiveProgress{both: isms.ProgressWatch, patch: isms.ProgressWatch})
		w.measure(w.respond, "8", "2026-03-02")
		w.wantProgress("M-2 off target", map[*isms.Objective]isms.ObjectiveProgress{both: isms.ProgressAtRisk, patch: isms.ProgressWatch})
		v := w.progress(both.Ref)
		if v.Metrics[0].Latest == nil || v.Metrics[0].Latest.Value != 92 || v.Metrics[1].State != isms.MetricOffTarget {
			t.Errorf("summaries of OBJ-1 = %+v", v.Metrics)
		}
		w.clock.Advance(60 * 24 * time.Hour)
		w.wantProgress("two months later every measurement is overdue", map[*isms.Objective]isms.ObjectiveProgress{both: isms.ProgressAtRisk,
			patch: isms.ProgressAtRisk, none: isms.ProgressUnknown})
	})
}

func TestFindObjectivesByProgress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newObjectiveWorld(t, db)
		w.threeObjectives()
		w.measure(w.patch, "97", "2026-03-01")
		w.measure(w.respond, "8", "2026-03-01")
		for _, c := range []struct {
			f    app.ObjectiveFilter
			want []string
		}{
			{app.ObjectiveFilter{}, []string{"OBJ-1", "OBJ-2", "OBJ-3"}},
			{app.ObjectiveFilter{Progress: isms.ProgressOnTrack}, []string{"OBJ-2"}},
			{app.ObjectiveFilter{Progress: isms.ProgressAtRisk}, []string{"OBJ-1"}},
			{app.ObjectiveFilter{Progress: isms.ProgressUnknown, ObjectiveFilter: isms.ObjectiveFilter{Search: "certificate"}}, []string{"OBJ-3"}},
			{app.ObjectiveFilter{Progress: isms.ProgressWatch}, []string{}},
		} {
			list, total, err := w.app.FindObjectives(w.ctx, w.asViewer(), c.f)
			got := []string{}
			for _, v := range list {
				got = append(got, v.Objective.Ref)
			}
			if d := cmp.Diff(c.want, got); d != "" || total != len(c.want) || err != nil {
				t.Errorf("FindObjectives(%+v) (-want +got):\n%s total %d, %v", c.f, d, total, err)
			}
		}
		w.clock.Advance(60 * 24 * time.Hour)
		f := app.ObjectiveFilter{Progress: isms.ProgressAtRisk, ObjectiveFilter: isms.ObjectiveFilter{Sort: "-ref", Limit: 1, Offset: 1}}
		list, total, err := w.app.FindObjectives(w.ctx, w.asManager(), f)
		if err != nil || total != 2 || len(list) != 1 || list[0].Objective.Ref != "OBJ-1" || list[0].Overdue {
			t.Errorf("page 2 of the objectives at risk, newest first = %v, total %d, %v", list, total, err)
		}
		_, _, err = w.app.FindObjectives(w.ctx, isms.Actor{UserID: w.admin.ID, OrgID: w.org.ID, Role: isms.RoleEmployee}, app.ObjectiveFilter{})
		wantCode(t, "FindObjectives as employee", err, isms.Forbidden)
	})
}
