// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// submitProfile submits acme's current profile as actor to approvers.
func (w *world) submitProfile(actor isms.Actor, approvers ...*isms.User) (*isms.Approval, error) {
	in := app.SubmitInput{ObjectType: "organization", ObjectID: w.org.ID, Version: w.profile().Org.Version, Note: " Please review. "}
	for _, u := range approvers {
		in.ApproverIDs = append(in.ApproverIDs, u.ID)
	}
	return w.app.SubmitForApproval(w.ctx, actor, in)
}

// mustSubmit submits acme's profile as its administrator and fails the test on error.
func (w *world) mustSubmit(approvers ...*isms.User) *isms.Approval {
	w.t.Helper()
	w.clock.Advance(time.Minute) // submissions are ordered by time
	ap, err := w.submitProfile(w.asAdmin(), approvers...)
	if err != nil {
		w.t.Fatalf("SubmitForApproval(organization) = %v, want nil", err)
	}
	return ap
}

// rename changes acme's name as its administrator.
func (w *world) rename(name string) (*isms.Organization, error) {
	return w.app.UpdateOrganization(w.ctx, w.asAdmin(), isms.OrganizationUpdate{Name: &name, Version: w.profile().Org.Version})
}

func TestSubmitForApprovalKeepsTheExactContent(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		legal, desc := "Acme Anvils Ltd", "We make anvils.\nAnd \"quotes\" <tags> & ünïcode."
		if _, err := w.app.UpdateOrganization(w.ctx, w.asAdmin(), isms.OrganizationUpdate{LegalName: &legal, Description: &desc, Version: 1}); err != nil {
			t.Fatalf("UpdateOrganization() = %v, want nil", err)
		}
		org := w.profile().Org
		head := w.head(string(w.org.ID))
		ap := w.mustSubmit(w.manager)

		content := org.ApprovalContent()
		want := &isms.Approval{ID: ap.ID, OrgID: w.org.ID, ObjectType: "organization", ObjectID: w.org.ID,
			ObjectVersion: org.Version, Title: "Organization profile: Acme", Content: string(content),
			ContentSHA256: isms.ContentHash(content), Note: "Please review.", Status: isms.ApprovalPending,
			SubmittedBy: w.admin.ID, SubmitterName: w.admin.Name, SubmittedAt: w.clock.Now(),
			Approvers: []isms.Approver{{UserID: w.manager.ID, Name: w.manager.Name}}}
		if diff := cmp.Diff(want, ap); diff != "" {
			t.Errorf("SubmitForApproval() mismatch (-want +got):\n%s", diff)
		}
		stored, err := w.app.FindApproval(w.ctx, w.asViewer(), ap.ID)
		if err != nil {
			t.Fatalf("FindApproval() = %v, want nil", err)
		}
		if diff := cmp.Diff(want, stored); diff != "" {
			t.Errorf("FindApproval() mismatch (-want +got):\n%s", diff)
		}

		events := w.events(string(w.org.ID), head.Seq)
		if len(events) != 1 || events[0].Action != "approval.submit" || events[0].ObjectID != w.org.ID {
			t.Fatalf("acme chain after SubmitForApproval = %v, want approval.submit of the organization", actions(events))
		}
		wantChanges := map[string]isms.Change{
			"status":        {After: "pending"},
			"version":       {After: float64(org.Version)},
			"contentSha256": {After: isms.ContentHash(content)},
			"approvers":     {After: w.manager.Name},
		}
		if diff := cmp.Diff(wantChanges, changes(t, events[0])); diff != "" {
			t.Errorf("approval.submit changes mismatch (-want +got):\n%s", diff)
		}
		d, err := w.app.FindDashboard(w.ctx, w.asManager())
		if err != nil || d.AwaitingMe != 1 || d.Pending != 1 {
			t.Errorf("FindDashboard(bob) = awaiting %d, pending %d, %v; want 1, 1, nil", d.AwaitingMe, d.Pending, err)
		}
	})
}

func TestSubmitForApprovalChecksTheApprovers(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		beta := w.newOrg("beta", "Beta", w.owner)
		zed := w.newMember(beta, "Zed Outsider", isms.RoleManager)
		disabled := w.newMember(w.org, "Ivan Disabled", isms.RoleManager)
		if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), disabled.ID, true); err != nil {
			t.Fatalf("SetUserDisabled(ivan) = %v, want nil", err)
		}
		tests := []struct {
			name      string
			approvers []*isms.User
		}{
			{"no approver", nil},
			{"the author themselves", []*isms.User{w.admin}},
			{"the author among others", []*isms.User{w.manager, w.admin}},
			{"the same approver twice", []*isms.User{w.manager, w.manager}},
			{"a viewer", []*isms.User{w.viewer}},
			{"a contributor", []*isms.User{w.contributor}},
			{"a disabled manager", []*isms.User{disabled}},
			{"a manager of another organization", []*isms.User{zed}},
		}
		before := w.heads()
		for _, tt := range tests {
			_, err := w.submitProfile(w.asAdmin(), tt.approvers...)
			wantFields(t, "SubmitForApproval(naming "+tt.name+")", err, isms.Invalid, "approvers")
		}
		if diff := cmp.Diff(before, w.heads()); diff != "" {
			t.Errorf("refused submissions moved chain heads (-before +after):\n%s", diff)
		}
		if p := w.profile(); p.Latest != nil {
			t.Errorf("FindOrganizationProfile().Latest after refused submissions = %+v, want nil", p.Latest)
		}
	})
}

func TestSubmitForApprovalChecksTheSubmitter(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		_, err := w.submitProfile(w.asContributor(), w.manager)
		wantCode(t, "SubmitForApproval(organization, as contributor)", err, isms.Forbidden)
		_, err = w.submitProfile(w.asViewer(), w.manager)
		wantCode(t, "SubmitForApproval(organization, as viewer)", err, isms.Forbidden)
		// A manager may submit the profile, naming the administrator.
		if _, err := w.submitProfile(w.asManager(), w.admin); err != nil {
			t.Errorf("SubmitForApproval(organization, as manager naming alice) = %v, want nil", err)
		}
	})
}

func TestSubmitForApprovalChecksTheRecord(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		_, err := w.app.SubmitForApproval(w.ctx, w.asAdmin(), app.SubmitInput{ObjectType: "spaceship", ObjectID: w.org.ID, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitForApproval(unknown type)", err, isms.Invalid)
		beta := w.newOrg("beta", "Beta", w.owner)
		_, err = w.app.SubmitForApproval(w.ctx, w.asAdmin(), app.SubmitInput{ObjectType: "organization", ObjectID: beta.ID, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitForApproval(another organization's profile)", err, isms.NotFound)
		if _, err := w.rename("Acme Group"); err != nil {
			t.Fatalf("UpdateOrganization() = %v, want nil", err)
		}
		_, err = w.app.SubmitForApproval(w.ctx, w.asAdmin(), app.SubmitInput{ObjectType: "organization", ObjectID: w.org.ID, Version: 1, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitForApproval(version 1 of a version 2 record)", err, isms.Conflict)
		w.mustSubmit(w.manager)
		_, err = w.submitProfile(w.asAdmin(), w.manager2)
		wantCode(t, "SubmitForApproval() while a submission is pending", err, isms.Conflict)
	})
}

func TestApproval(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ap := w.mustSubmit(w.manager)
		submitted := w.profile().Org

		t.Run("a pending profile cannot change", func(t *testing.T) {
			_, err := w.rename("Acme While Pending")
			wantCode(t, "UpdateOrganization() while pending", err, isms.Conflict)
			if got := w.profile().Org; got.Name != "Acme" || got.Version != submitted.Version {
				t.Errorf("profile after a refused update = %q v%d, want %q v%d", got.Name, got.Version, "Acme", submitted.Version)
			}
		})

		t.Run("the author may not approve", func(t *testing.T) {
			_, err := w.app.DecideApproval(w.ctx, w.asAdmin(), ap.ID, isms.DecisionApprove, "")
			wantCode(t, "DecideApproval(approve, as the author)", err, isms.Forbidden)
		})

		t.Run("only named approvers decide", func(t *testing.T) {
			_, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "")
			wantCode(t, "DecideApproval(approve, as carol, not named)", err, isms.Forbidden)
			_, err = w.app.DecideApproval(w.ctx, w.asViewer(), ap.ID, isms.DecisionApprove, "")
			wantCode(t, "DecideApproval(approve, as viewer)", err, isms.Forbidden)
		})

		t.Run("the named approver approves", func(t *testing.T) {
			w.clock.Advance(time.Hour)
			head := w.head(string(w.org.ID))
			got, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, " Looks right. ")
			if err != nil {
				t.Fatalf("DecideApproval(approve, as bob) = %v, want nil", err)
			}
			now := w.clock.Now()
			if got.Status != isms.ApprovalApproved || !got.ClosedAt.Equal(now) {
				t.Errorf("DecideApproval(approve) = %s closed %v, want approved closed %v", got.Status, got.ClosedAt, now)
			}
			stored, err := w.app.FindApproval(w.ctx, w.asAdmin(), ap.ID)
			if err != nil {
				t.Fatalf("FindApproval() = %v, want nil", err)
			}
			wantApprovers := []isms.Approver{{UserID: w.manager.ID, Name: w.manager.Name, Decision: isms.DecisionApprove,
				Comment: "Looks right.", DecidedAt: now, ContentSHA256: ap.ContentSHA256}}
			if diff := cmp.Diff(wantApprovers, stored.Approvers); diff != "" {
				t.Errorf("FindApproval().Approvers mismatch (-want +got):\n%s", diff)
			}
			if stored.Status != isms.ApprovalApproved || !stored.ClosedAt.Equal(now) || stored.ContentSHA256 != isms.ContentHash(submitted.ApprovalContent()) {
				t.Errorf("FindApproval() = %s closed %v hash %s; want approved closed %v with the submitted hash", stored.Status, stored.ClosedAt, stored.ContentSHA256, now)
			}
			events := w.events(string(w.org.ID), head.Seq)
			if len(events) != 1 || events[0].Action != "approval.approve" || events[0].ActorID != w.manager.ID {
				t.Fatalf("acme chain after approval = %v, want approval.approve by bob", actions(events))
			}
			wantChanges := map[string]isms.Change{
				"status": {Before: "pending", After: "approved"}, "version": {After: float64(submitted.Version)},
				"contentSha256": {After: ap.ContentSHA256}, "comment": {After: "Looks right."},
			}
			if diff := cmp.Diff(wantChanges, changes(t, events[0])); diff != "" {
				t.Errorf("approval.approve changes mismatch (-want +got):\n%s", diff)
			}
		})

		t.Run("a decided submission cannot be decided or withdrawn again", func(t *testing.T) {
			_, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionReject, "Oops.")
			wantCode(t, "DecideApproval(reject) after approval", err, isms.Conflict)
			_, err = w.app.WithdrawApproval(w.ctx, w.asAdmin(), ap.ID)
			wantCode(t, "WithdrawApproval() after approval", err, isms.Conflict)
		})

		t.Run("a change after approval makes a new version and keeps the approved content", func(t *testing.T) {
			w.clock.Advance(time.Hour)
			updated, err := w.rename("Acme Group")
			if err != nil {
				t.Fatalf("UpdateOrganization() after approval = %v, want nil", err)
			}
			p := w.profile()
			if p.Org.Version != updated.Version || p.Org.Version <= submitted.Version {
				t.Errorf("profile version = %d, want a new version after %d", p.Org.Version, submitted.Version)
			}
			if p.Approved == nil || p.Latest == nil || p.Approved.ID != ap.ID || p.Latest.ID != ap.ID {
				t.Fatalf("FindOrganizationProfile() = latest %v, approved %v; want both the approved submission", p.Latest, p.Approved)
			}
			if p.Approved.ObjectVersion >= p.Org.Version {
				t.Errorf("Approved.ObjectVersion = %d, Org.Version = %d; want the approved version older", p.Approved.ObjectVersion, p.Org.Version)
			}
			if p.Approved.Content != string(submitted.ApprovalContent()) {
				t.Errorf("Approved.Content = %s, want the submitted %s byte for byte", p.Approved.Content, submitted.ApprovalContent())
			}
			if got := isms.ContentHash([]byte(p.Approved.Content)); got != p.Approved.ContentSHA256 {
				t.Errorf("ContentHash(Approved.Content) = %s, want the recorded %s", got, p.Approved.ContentSHA256)
			}

			// The new version goes through approval on its own; the
			// approved one stays the approved one meanwhile.
			next := w.mustSubmit(w.manager2)
			p = w.profile()
			if p.Latest.ID != next.ID || p.Latest.Status != isms.ApprovalPending || p.Approved.ID != ap.ID {
				t.Errorf("FindOrganizationProfile() = latest %s (%s), approved %s; want latest %s pending, approved %s", p.Latest.ID, p.Latest.Status, p.Approved.ID, next.ID, ap.ID)
			}
			_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
			wantCode(t, "DecideApproval() on the old submission of a changed record", err, isms.Conflict)
		})
	})
}

func TestARejectionNeedsAComment(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ap := w.mustSubmit(w.manager)
		head := w.head(string(w.org.ID))
		_, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionReject, "  ")
		wantFields(t, "DecideApproval(reject, no comment)", err, isms.Invalid, "comment")
		_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, "maybe", "")
		wantFields(t, "DecideApproval(maybe)", err, isms.Invalid, "decision")
		if h := w.head(string(w.org.ID)); h != head {
			t.Errorf("refused decisions moved the acme chain from %d to %d", head.Seq, h.Seq)
		}
		got, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionReject, "The legal name is missing.")
		if err != nil || got.Status != isms.ApprovalRejected {
			t.Fatalf("DecideApproval(reject, with comment) = %v, %v; want rejected, nil", got, err)
		}
		// A rejected profile can change again.
		if _, err := w.rename("Acme Anvils"); err != nil {
			t.Errorf("UpdateOrganization() after rejection = %v, want nil", err)
		}
		if p := w.profile(); p.Approved != nil || p.Latest.Status != isms.ApprovalRejected {
			t.Errorf("FindOrganizationProfile() after rejection = latest %s, approved %v; want rejected and none approved", p.Latest.Status, p.Approved)
		}
	})
}

func TestTwoApprovers(t *testing.T) {
	t.Parallel()

	t.Run("it is approved only when both approve", func(t *testing.T) {
		t.Parallel()
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			w := newWorld(t, db)
			ap := w.mustSubmit(w.manager, w.manager2)
			got, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
			if err != nil || got.Status != isms.ApprovalPending || !got.ClosedAt.IsZero() {
				t.Fatalf("DecideApproval(approve, first of two) = %v, %v; want pending, nil", got, err)
			}
			_, err = w.rename("Acme Between Approvals")
			wantCode(t, "UpdateOrganization() between two approvals", err, isms.Conflict)
			w.clock.Advance(time.Minute)
			got, err = w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "")
			if err != nil || got.Status != isms.ApprovalApproved || !got.ClosedAt.Equal(w.clock.Now()) {
				t.Fatalf("DecideApproval(approve, second of two) = %v, %v; want approved now, nil", got, err)
			}
			stored, _ := w.app.FindApproval(w.ctx, w.asAdmin(), ap.ID)
			for _, a := range stored.Approvers {
				if a.Decision != isms.DecisionApprove || a.ContentSHA256 != ap.ContentSHA256 || a.DecidedAt.IsZero() {
					t.Errorf("approver %s = %+v, want an approval of the submitted hash with a time", a.Name, a)
				}
			}
		})
	})

	t.Run("it is rejected as soon as one rejects", func(t *testing.T) {
		t.Parallel()
		sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
			w := newWorld(t, db)
			ap := w.mustSubmit(w.manager, w.manager2)
			got, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionReject, "Wrong name.")
			if err != nil || got.Status != isms.ApprovalRejected || !got.ClosedAt.Equal(w.clock.Now()) {
				t.Fatalf("DecideApproval(reject, first of two) = %v, %v; want rejected now, nil", got, err)
			}
			_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
			wantCode(t, "DecideApproval(approve) after the other approver rejected", err, isms.Conflict)
			stored, _ := w.app.FindApproval(w.ctx, w.asAdmin(), ap.ID)
			if d := stored.Approvers[0].Decision; d != isms.DecisionNone {
				t.Errorf("first approver's decision after the refused approval = %q, want none", d)
			}
		})
	})
}

func TestWithdrawApproval(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ap := w.mustSubmit(w.manager)
		_, err := w.app.WithdrawApproval(w.ctx, w.asManager(), ap.ID)
		wantCode(t, "WithdrawApproval(as bob, the approver)", err, isms.Forbidden)
		_, err = w.app.WithdrawApproval(w.ctx, w.asViewer(), ap.ID)
		wantCode(t, "WithdrawApproval(as viewer)", err, isms.Forbidden)

		w.clock.Advance(time.Minute)
		got, err := w.app.WithdrawApproval(w.ctx, w.asAdmin(), ap.ID)
		if err != nil || got.Status != isms.ApprovalWithdrawn || !got.ClosedAt.Equal(w.clock.Now()) {
			t.Fatalf("WithdrawApproval(as the author) = %v, %v; want withdrawn now, nil", got, err)
		}
		if ev := w.lastEvent(string(w.org.ID)); ev.Action != "approval.withdraw" || ev.ActorID != w.admin.ID {
			t.Errorf("last acme event = %s by %s, want approval.withdraw by alice", ev.Action, ev.ActorID)
		}
		_, err = w.app.WithdrawApproval(w.ctx, w.asAdmin(), ap.ID)
		wantCode(t, "WithdrawApproval() again", err, isms.Conflict)
		_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
		wantCode(t, "DecideApproval() after withdrawal", err, isms.Conflict)
		if _, err := w.rename("Acme After Withdrawal"); err != nil {
			t.Errorf("UpdateOrganization() after withdrawal = %v, want nil", err)
		}
	})
}

func TestADecisionIsRefusedWhenTheRecordChangedAfterSubmission(t *testing.T) {
	// Through app a pending profile cannot change (UpdateOrganization
	// refuses), so the change is made straight in the store, as a future
	// code path or a manual database edit might.
	t.Parallel()
	tests := []struct {
		name   string
		change func(o *isms.Organization)
	}{
		{"a changed name", func(o *isms.Organization) { o.Name = "Acme Changed Behind The Back" }},
		{"a new version with the same content", func(o *isms.Organization) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
				w := newWorld(t, db)
				ap := w.mustSubmit(w.manager)
				err := db.Update(w.ctx, func(tx *sqldb.Tx) error {
					o, err := tx.FindOrganizationByID(w.ctx, w.org.ID)
					if err != nil {
						return err
					}
					tt.change(o)
					return tx.UpdateOrganization(w.ctx, o)
				})
				if err != nil {
					t.Fatalf("UpdateOrganization in the store: %v", err)
				}
				head := w.head(string(w.org.ID))
				_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
				wantCode(t, "DecideApproval(approve) of a record changed after submission", err, isms.Conflict)
				if h := w.head(string(w.org.ID)); h != head {
					t.Errorf("refused decision moved the acme chain from %d to %d", head.Seq, h.Seq)
				}
				stored, _ := w.app.FindApproval(w.ctx, w.asAdmin(), ap.ID)
				if stored.Status != isms.ApprovalPending || stored.Approvers[0].Decision != isms.DecisionNone {
					t.Errorf("FindApproval() after a refused decision = %s, %q; want pending, undecided", stored.Status, stored.Approvers[0].Decision)
				}
			})
		})
	}
}

func TestApprovalsBelongToOneOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ap := w.mustSubmit(w.manager)
		beta := w.newOrg("beta", "Beta", w.manager)
		inBeta := isms.Actor{UserID: w.manager.ID, Name: w.manager.Name, OrgID: beta.ID, Role: isms.RoleAdmin}
		_, err := w.app.FindApproval(w.ctx, inBeta, ap.ID)
		wantCode(t, "FindApproval(acme's submission, as bob in beta)", err, isms.NotFound)
		_, err = w.app.DecideApproval(w.ctx, inBeta, ap.ID, isms.DecisionApprove, "")
		wantCode(t, "DecideApproval(acme's submission, as bob in beta)", err, isms.NotFound)
		list, total, err := w.app.FindApprovals(w.ctx, inBeta, isms.ApprovalFilter{OrgID: w.org.ID})
		if err != nil || total != 0 || len(list) != 0 {
			t.Errorf("FindApprovals(as bob in beta, asking for acme) = %d of %d, %v; want none", len(list), total, err)
		}
		list, total, err = w.app.FindApprovals(w.ctx, w.asViewer(), isms.ApprovalFilter{Status: isms.ApprovalPending})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != ap.ID {
			t.Errorf("FindApprovals(pending, as erin) = %d of %d, %v; want acme's one submission", len(list), total, err)
		}
	})
}

func TestConcurrentApprovalsByEveryApproverApproveTheSubmission(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for round := range 5 {
			ap := w.mustSubmit(w.manager, w.manager2)
			var err1, err2 error
			race(
				func() { _, err1 = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "") },
				func() { _, err2 = w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "") },
			)
			if err1 != nil || err2 != nil {
				t.Fatalf("round %d: DecideApproval(approve) by both at once = %v, %v; want nil, nil", round, err1, err2)
			}
			got, err := w.app.FindApproval(w.ctx, w.asAdmin(), ap.ID)
			if err != nil || got.Status != isms.ApprovalApproved {
				t.Fatalf("round %d: FindApproval() after both approved at once = %v, %v; want approved", round, got.Status, err)
			}
			if _, err := w.rename(fmt.Sprintf("Acme %d", round)); err != nil {
				t.Fatalf("UpdateOrganization() = %v, want nil", err)
			}
		}
	})
}

func TestConcurrentSubmissionsLeaveOnePending(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for round := range 5 {
			w.clock.Advance(time.Minute)
			v := w.profile().Org.Version
			submit := func() { w.submitProfile(w.asAdmin(), w.manager) }
			race(submit, submit, submit, func() {
				name := fmt.Sprintf("Acme %d", round)
				w.app.UpdateOrganization(w.ctx, w.asAdmin(), isms.OrganizationUpdate{Name: &name, Version: v})
			})
			list, n, err := w.app.FindApprovals(w.ctx, w.asAdmin(), isms.ApprovalFilter{Status: isms.ApprovalPending})
			if err != nil {
				t.Fatalf("FindApprovals(pending) = %v, want nil", err)
			}
			org := w.profile().Org
			for _, ap := range list {
				if ap.ObjectVersion != org.Version {
					t.Errorf("round %d: a pending submission of version %d while the profile is at version %d", round, ap.ObjectVersion, org.Version)
				}
				w.app.WithdrawApproval(w.ctx, w.asAdmin(), ap.ID)
			}
			if n > 1 {
				t.Fatalf("round %d: %d pending submissions of one record, want at most 1", round, n)
			}
		}
	})
}

func TestTheLatestSubmissionIsPendingEvenAtTheSameInstant(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		first, err := w.submitProfile(w.asAdmin(), w.manager)
		if err != nil {
			t.Fatalf("SubmitForApproval() = %v, want nil", err)
		}
		if _, err := w.app.WithdrawApproval(w.ctx, w.asAdmin(), first.ID); err != nil {
			t.Fatalf("WithdrawApproval() = %v, want nil", err)
		}
		second, err := w.submitProfile(w.asAdmin(), w.manager) // the clock has not moved
		if err != nil {
			t.Fatalf("SubmitForApproval() again = %v, want nil", err)
		}
		if p := w.profile(); p.Latest.ID != second.ID {
			t.Errorf("FindOrganizationProfile().Latest = %s (%s), want the pending %s", p.Latest.ID, p.Latest.Status, second.ID)
		}
		_, err = w.rename("Acme While Pending")
		wantCode(t, "UpdateOrganization() while the second submission is pending", err, isms.Conflict)
	})
}
