// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// methodDraft starts a draft method version from preset as the manager.
func (w *world) methodDraft(preset int) *isms.RiskMethod {
	w.t.Helper()
	m, err := w.app.CreateRiskMethodDraft(w.ctx, w.asManager(), app.RiskMethodDraftInput{Preset: preset})
	if err != nil {
		w.t.Fatalf("CreateRiskMethodDraft(%d) = %v", preset, err)
	}
	return m
}

// submitMethod submits method m as the manager to the second manager.
func (w *world) submitMethod(m *isms.RiskMethod) *isms.Approval {
	w.t.Helper()
	w.clock.Advance(time.Minute) // submissions are ordered by time
	ap, err := w.app.SubmitForApproval(w.ctx, w.asManager(), app.SubmitInput{ObjectType: "risk_method", ObjectID: m.ID,
		Version: m.Version, ApproverIDs: []isms.ID{w.manager2.ID}})
	if err != nil {
		w.t.Fatalf("SubmitForApproval(risk method %s) = %v", m.VersionLabel(), err)
	}
	return ap
}

// approveMethodDraft submits draft m and has the second manager approve
// it; it returns the approved version.
func (w *world) approveMethodDraft(m *isms.RiskMethod) *isms.RiskMethod {
	w.t.Helper()
	ap := w.submitMethod(m)
	if _, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, ""); err != nil {
		w.t.Fatalf("DecideApproval(risk method %s) = %v", m.VersionLabel(), err)
	}
	return w.methodDetail(m.ID).Method
}

// approvedMethod drafts a method from preset and approves it.
func (w *world) approvedMethod(preset int) *isms.RiskMethod {
	w.t.Helper()
	return w.approveMethodDraft(w.methodDraft(preset))
}

// methodDetail reads a method version as the viewer.
func (w *world) methodDetail(id isms.ID) *app.RiskMethodDetail {
	w.t.Helper()
	d, err := w.app.FindRiskMethod(w.ctx, w.asViewer(), id)
	if err != nil {
		w.t.Fatalf("FindRiskMethod(%s) = %v", id, err)
	}
	return d
}

func TestRiskMethodDraftsStartFromEachPreset(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for _, size := range isms.RiskMethodPresetSizes {
			m := w.methodDraft(size)
			if m.Number != 1 || m.Status != isms.MethodDraft || !strings.HasPrefix(string(m.ID), "rmt_") {
				t.Errorf("preset %d: draft %s %s %s, want v1, a draft, an rmt_ ID", size, m.VersionLabel(), m.Status, m.ID)
			}
			if len(m.Likelihood) != size || len(m.Impact) != size || len(m.Matrix) != size {
				t.Errorf("preset %d: %d×%d scales, %d matrix rows", size, len(m.Likelihood), len(m.Impact), len(m.Matrix))
			}
			if err := m.Validate(); err != nil {
				t.Errorf("preset %d: Validate() = %v", size, err)
			}
			_, err := w.app.CreateRiskMethodDraft(w.ctx, w.asManager(), app.RiskMethodDraftInput{Preset: 3})
			wantCode(t, "a second draft", err, isms.Conflict)
			if msg := errMessage(err); msg != "Draft v1 exists; edit it or delete it first." {
				t.Errorf("a second draft: %q", msg)
			}
			if err := w.app.DeleteRiskMethodDraft(w.ctx, w.asManager(), m.ID); err != nil {
				t.Fatalf("DeleteRiskMethodDraft(preset %d) = %v", size, err)
			}
		}
		_, err := w.app.CreateRiskMethodDraft(w.ctx, w.asManager(), app.RiskMethodDraftInput{Preset: 7})
		wantFields(t, "CreateRiskMethodDraft(7)", err, isms.Invalid, "preset")
		m := w.methodDraft(0) // no approved version: a 5×5 preset
		if len(m.Likelihood) != 5 || len(m.Impact) != 5 {
			t.Errorf("draft without an approved version: %d×%d, want 5×5", len(m.Likelihood), len(m.Impact))
		}
		if list, err := w.app.RiskMethods(w.ctx, w.asViewer()); err != nil || len(list) != 1 || list[0].ID != m.ID {
			t.Errorf("RiskMethods() = %d versions, %v; want the one draft", len(list), err)
		}
		_, err = w.app.CurrentRiskMethod(w.ctx, w.asViewer())
		wantCode(t, "CurrentRiskMethod() with only a draft", err, isms.NotFound)
	})
}

func TestRiskMethodPermissions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		_, err := w.app.CreateRiskMethodDraft(w.ctx, w.asContributor(), app.RiskMethodDraftInput{Preset: 5})
		wantCode(t, "CreateRiskMethodDraft as a contributor", err, isms.Forbidden)
		m := w.methodDraft(4)
		_, err = w.app.UpdateRiskMethod(w.ctx, w.asContributor(), m.ID, m.Version, m)
		wantCode(t, "UpdateRiskMethod as a contributor", err, isms.Forbidden)
		err = w.app.DeleteRiskMethodDraft(w.ctx, w.asContributor(), m.ID)
		wantCode(t, "DeleteRiskMethodDraft as a contributor", err, isms.Forbidden)
		_, err = w.app.SubmitForApproval(w.ctx, w.asContributor(), app.SubmitInput{ObjectType: "risk_method", ObjectID: m.ID,
			ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitForApproval(risk method) as a contributor", err, isms.Forbidden)
		if _, err := w.app.FindRiskMethod(w.ctx, w.asViewer(), m.ID); err != nil {
			t.Errorf("FindRiskMethod as a viewer = %v", err)
		}
	})
}

func TestRiskMethodEditValidatesEveryField(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.methodDraft(3)
		edit := *m
		edit.Name, edit.ReviewMonths = " Acme risk method ", 6
		edit.Likelihood = append([]isms.RiskScaleLevel(nil), m.Likelihood...)
		edit.Likelihood[0].Criteria = "Less than once in ten years."
		head := w.head(string(w.org.ID))
		got, err := w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, m.Version, &edit)
		if err != nil || got.Name != "Acme risk method" || got.ReviewMonths != 6 || got.Version != m.Version+1 {
			t.Fatalf("UpdateRiskMethod() = %+v, %v; want the new name and interval, version %d", got, err, m.Version+1)
		}
		es := w.events(string(w.org.ID), head.Seq)
		if len(es) != 1 || es[0].Action != "risk_method.update" {
			t.Fatalf("events = %v, want risk_method.update", actions(es))
		}
		if c := changes(t, es[0]); c["name"].After != "Acme risk method" || c["reviewMonths"].After != float64(6) || c["likelihood"].After == nil || c["matrix"] != (isms.Change{}) {
			t.Errorf("changes = %v, want name, reviewMonths and likelihood only", c)
		}
		_, err = w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, m.Version, &edit)
		wantCode(t, "UpdateRiskMethod(stale version)", err, isms.Conflict)
		if _, err := w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, got.Version, &edit); err != nil || w.head(string(w.org.ID)).Seq != es[0].Seq {
			t.Errorf("unchanged update: %v; want no new event", err)
		}

		bad := *got
		bad.Name = ""
		bad.Matrix = [][]int{{0, 1, 1}, {1, 2, 2}, {2, 3, 3}}
		bad.Levels = append([]isms.RiskLevel(nil), got.Levels...)
		bad.Levels[0].AcceptBy, bad.Levels[0].AcceptUserID = isms.AcceptByPerson, w.owner.ID // not a member
		_, err = w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, got.Version, &bad)
		wantFields(t, "UpdateRiskMethod(bad)", err, isms.Invalid, "name", "matrix[0][0]", "levels[0].acceptUserId")

		bad = *got
		bad.Levels = append([]isms.RiskLevel(nil), got.Levels...)
		bad.Levels[1].AcceptBy, bad.Levels[1].AcceptUserID = isms.AcceptByPerson, w.contributor.ID
		got2, err := w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, got.Version, &bad)
		if err != nil || got2.Levels[1].AcceptUserID != w.contributor.ID {
			t.Errorf("a named member as accepter: %v", err)
		}
	})
}

func TestRiskMethodApproval(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m := w.methodDraft(5)

		_, err := w.app.SubmitForApproval(w.ctx, w.asManager(), app.SubmitInput{ObjectType: "risk_method", ObjectID: m.ID,
			ApproverIDs: []isms.ID{w.manager.ID}})
		wantFields(t, "SubmitForApproval(to oneself)", err, isms.Invalid, "approvers")

		ap := w.submitMethod(m)
		content := m.ApprovalContent()
		if ap.ContentSHA256 != isms.ContentHash(content) || ap.Content != string(content) || ap.ObjectVersion != m.Version ||
			ap.Title != "Risk method v1: "+m.Name {
			t.Errorf("approval = %q v%d %s, want the method's content and hash", ap.Title, ap.ObjectVersion, ap.ContentSHA256)
		}
		_, err = w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, m.Version, m)
		wantCode(t, "UpdateRiskMethod while pending", err, isms.Conflict)
		err = w.app.DeleteRiskMethodDraft(w.ctx, w.asManager(), m.ID)
		wantCode(t, "DeleteRiskMethodDraft while pending", err, isms.Conflict)
		_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
		wantCode(t, "DecideApproval as the author", err, isms.Forbidden)

		w.clock.Advance(time.Hour)
		head := w.head(string(w.org.ID))
		if _, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "Fits our size."); err != nil {
			t.Fatalf("DecideApproval(approve) = %v", err)
		}
		v1 := w.methodDetail(m.ID)
		if v1.Method.Status != isms.MethodApproved || !v1.Method.ApprovedAt.Equal(w.clock.Now()) || v1.Method.ApprovalID != ap.ID ||
			v1.Approved == nil || v1.Approved.ID != ap.ID || v1.Current == nil || v1.Current.ID != m.ID {
			t.Errorf("v1 after approval = %s at %v by %s; want approved now by %s and current", v1.Method.Status, v1.Method.ApprovedAt, v1.Method.ApprovalID, ap.ID)
		}
		if got := actions(w.events(string(w.org.ID), head.Seq)); strings.Join(got, " ") != "risk_method.approve approval.approve" {
			t.Errorf("events of the approval = %v", got)
		}
		_, err = w.app.UpdateRiskMethod(w.ctx, w.asManager(), m.ID, v1.Method.Version, v1.Method)
		wantCode(t, "UpdateRiskMethod(approved)", err, isms.Conflict)
		if msg := errMessage(err); msg != "v1 is approved; create a new version to change the method." {
			t.Errorf("UpdateRiskMethod(approved): %q", msg)
		}
		_, err = w.app.SubmitForApproval(w.ctx, w.asManager(), app.SubmitInput{ObjectType: "risk_method", ObjectID: m.ID,
			ApproverIDs: []isms.ID{w.manager2.ID}})
		wantCode(t, "SubmitForApproval(approved)", err, isms.Conflict)
		err = w.app.DeleteRiskMethodDraft(w.ctx, w.asManager(), m.ID)
		wantCode(t, "DeleteRiskMethodDraft(approved)", err, isms.Conflict)

		d2 := w.methodDraft(0)
		if d2.Number != 2 || !sameMatrix(d2.Matrix, m.Matrix) || d2.Name != m.Name {
			t.Errorf("copy of v1 = %s %q, want v2 with v1's matrix", d2.VersionLabel(), d2.Name)
		}
		d2.Name = "Acme risk method, revised"
		if d2, err = w.app.UpdateRiskMethod(w.ctx, w.asManager(), d2.ID, d2.Version, d2); err != nil {
			t.Fatal(err)
		}
		v2 := w.approveMethodDraft(d2)
		if cur, err := w.app.CurrentRiskMethod(w.ctx, w.asViewer()); err != nil || cur.ID != v2.ID || v2.Status != isms.MethodApproved {
			t.Errorf("CurrentRiskMethod() after v2 = %v, %v; want v2", cur, err)
		}
		if got := w.methodDetail(m.ID); got.Method.Status != isms.MethodSuperseded || got.Current.ID != v2.ID {
			t.Errorf("v1 after v2 is approved: %s, want superseded", got.Method.Status)
		}
		if got := w.methodDetail("v2"); got.Method.ID != v2.ID {
			t.Errorf("FindRiskMethod(v2) = %s, want v2 by its label", got.Method.ID)
		}
		e := w.lastEvent(string(w.org.ID))
		if e.Action != "approval.approve" {
			t.Fatalf("last event %s", e.Action)
		}
		approve := w.events(string(w.org.ID), e.Seq-2)[0]
		if c := changes(t, approve); approve.Action != "risk_method.approve" || c["supersedes"].After != float64(1) || c["number"].After != float64(2) {
			t.Errorf("%s changes = %v, want v2 superseding v1", approve.Action, c)
		}
	})
}

// errMessage is the message people see of an *isms.Error, "" otherwise.
func errMessage(err error) string {
	var e *isms.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

func sameMatrix(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
