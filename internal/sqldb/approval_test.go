// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// approvalFixture is an organization with a submitter and three possible
// approvers, and a second organization with its own submitter and approver.
// User IDs are chosen so that ID order differs from the order approvers are
// named in.
type approvalFixture struct {
	acme, beta            *isms.Organization
	sam, zoe, amy, carol  *isms.User // acme
	betaSub, betaApprover *isms.User // beta
}

func newApprovalFixture(t *testing.T, db *sqldb.DB) *approvalFixture {
	t.Helper()
	ctx := context.Background()
	f := &approvalFixture{acme: insertOrg(t, db, "acme", "Acme"), beta: insertOrg(t, db, "beta", "Beta")}
	user := func(id isms.ID, name string, org *isms.Organization, role isms.Role) *isms.User {
		u := &isms.User{ID: id, Email: string(id) + "@example.com", Name: name}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertUser(ctx, u, "hash") })
		addMember(t, db, org.ID, u.ID, role)
		return u
	}
	f.sam = user("usr_sam", "Sam Submitter", f.acme, isms.RoleContributor)
	f.zoe = user("usr_zoe", "Zoe Zed", f.acme, isms.RoleManager)
	f.amy = user("usr_amy", "Amy Abel", f.acme, isms.RoleManager)
	f.carol = user("usr_carol", "Carol Cooper", f.acme, isms.RoleAdmin)
	f.betaSub = user("usr_bsub", "Beta Submitter", f.beta, isms.RoleContributor)
	f.betaApprover = user("usr_bapp", "Beta Approver", f.beta, isms.RoleManager)
	return f
}

// submission returns a pending approval of version v of an object in org,
// by submitter, naming approvers in order.
func submission(org *isms.Organization, objectType string, objectID isms.ID, v int, submitter *isms.User, approvers ...*isms.User) *isms.Approval {
	content := []byte(`{"name":"` + string(objectID) + `","version":` + strconv.Itoa(v) + `}`)
	a := &isms.Approval{ID: isms.NewID("apr"), OrgID: org.ID, ObjectType: objectType, ObjectID: objectID,
		ObjectVersion: v, Title: objectType + " " + string(objectID), Content: string(content),
		ContentSHA256: isms.ContentHash(content), Note: "Please review.", Status: isms.ApprovalPending,
		SubmittedBy: submitter.ID, SubmitterName: submitter.Name}
	for _, u := range approvers {
		a.Approvers = append(a.Approvers, isms.Approver{UserID: u.ID, Name: u.Name})
	}
	return a
}

// submit stores a.
func submit(t *testing.T, db *sqldb.DB, a *isms.Approval) *isms.Approval {
	t.Helper()
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertApproval(context.Background(), a) })
	return a
}

// findApproval returns approval id of org as stored.
func findApproval(t *testing.T, db *sqldb.DB, org, id isms.ID) *isms.Approval {
	t.Helper()
	var a *isms.Approval
	view(t, db, func(tx *sqldb.Tx) (err error) {
		a, err = tx.FindApprovalByID(context.Background(), org, id)
		return err
	})
	return a
}

// decide records user's decision on approval id of org at the clock's
// time, the way the app does: read, Decide, UpdateApprovalDecision.
func decide(t *testing.T, db *sqldb.DB, org, id isms.ID, user *isms.User, d isms.Decision, comment string) *isms.Approval {
	t.Helper()
	ctx := context.Background()
	var a *isms.Approval
	update(t, db, func(tx *sqldb.Tx) (err error) {
		if a, err = tx.FindApprovalByID(ctx, org, id); err != nil {
			return err
		}
		if err := a.Decide(user.ID, d, comment, tx.Now()); err != nil {
			return err
		}
		return tx.UpdateApprovalDecision(ctx, a, user.ID)
	})
	return a
}

func TestInsertApproval(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newApprovalFixture(t, db)
		at := clk.Advance(time.Minute)
		a := submit(t, db, submission(fx.acme, "organization", fx.acme.ID, 1, fx.sam, fx.zoe, fx.amy))
		if !a.SubmittedAt.Equal(at) {
			t.Errorf("InsertApproval() set SubmittedAt %v, want %v", a.SubmittedAt, at)
		}

		got := findApproval(t, db, fx.acme.ID, a.ID)
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("FindApprovalByID() mismatch (-want +got):\n%s", diff)
		}
		if len(got.Approvers) == 2 && (got.Approvers[0].UserID != fx.zoe.ID || got.Approvers[1].UserID != fx.amy.ID) {
			t.Errorf("FindApprovalByID() approvers = %s, %s, want zoe, amy in the order named",
				got.Approvers[0].UserID, got.Approvers[1].UserID)
		}

		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindApprovalByID(ctx, fx.beta.ID, a.ID)
			wantCode(t, "FindApprovalByID(another organization, id)", err, isms.NotFound)
			_, err = tx.FindApprovalByID(ctx, fx.acme.ID, "apr_nope")
			wantCode(t, "FindApprovalByID(acme, unknown id)", err, isms.NotFound)
			return nil
		})
	})
}

func TestUpdateApprovalDecision(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newApprovalFixture(t, db)
		a := submit(t, db, submission(fx.acme, "organization", fx.acme.ID, 1, fx.sam, fx.zoe, fx.amy))
		pending := func(u *isms.User) int {
			t.Helper()
			var n int
			view(t, db, func(tx *sqldb.Tx) (err error) {
				n, err = tx.CountPendingApprovalsFor(ctx, fx.acme.ID, u.ID)
				return err
			})
			return n
		}

		t.Run("the first of two approvals leaves the submission pending", func(t *testing.T) {
			at := clk.Advance(time.Hour)
			decide(t, db, fx.acme.ID, a.ID, fx.zoe, isms.DecisionApprove, " Looks right. ")
			got := findApproval(t, db, fx.acme.ID, a.ID)
			want := *a
			want.Approvers = []isms.Approver{
				{UserID: fx.zoe.ID, Name: fx.zoe.Name, Decision: isms.DecisionApprove, Comment: "Looks right.",
					DecidedAt: at, ContentSHA256: a.ContentSHA256},
				{UserID: fx.amy.ID, Name: fx.amy.Name},
			}
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("FindApprovalByID() after zoe approved (-want +got):\n%s", diff)
			}
			if n := pending(fx.zoe); n != 0 {
				t.Errorf("CountPendingApprovalsFor(zoe) = %d, want 0: she decided", n)
			}
			if n := pending(fx.amy); n != 1 {
				t.Errorf("CountPendingApprovalsFor(amy) = %d, want 1", n)
			}
		})

		t.Run("the last approval closes the submission", func(t *testing.T) {
			at := clk.Advance(time.Hour)
			decide(t, db, fx.acme.ID, a.ID, fx.amy, isms.DecisionApprove, "")
			got := findApproval(t, db, fx.acme.ID, a.ID)
			if got.Status != isms.ApprovalApproved || !got.ClosedAt.Equal(at) {
				t.Errorf("FindApprovalByID() after both approved = status %s, closed %v, want approved, %v", got.Status, got.ClosedAt, at)
			}
			if ap := got.Approvers[1]; ap.Decision != isms.DecisionApprove || !ap.DecidedAt.Equal(at) || ap.ContentSHA256 != a.ContentSHA256 {
				t.Errorf("amy's stored decision = %+v, want approve at %v on %s", ap, at, a.ContentSHA256)
			}
			if n := pending(fx.amy); n != 0 {
				t.Errorf("CountPendingApprovalsFor(amy) = %d, want 0", n)
			}
		})

		t.Run("a decision after the submission closed is a conflict", func(t *testing.T) {
			closed := findApproval(t, db, fx.acme.ID, a.ID)
			again := *closed
			again.Approvers = append([]isms.Approver(nil), closed.Approvers...)
			again.Approvers[0].Comment = "Changed my mind."
			again.Status, again.ClosedAt = isms.ApprovalRejected, clk.Advance(time.Hour)
			err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateApprovalDecision(ctx, &again, fx.zoe.ID) })
			wantCode(t, "UpdateApprovalDecision(approved submission)", err, isms.Conflict)
			if diff := cmp.Diff(closed, findApproval(t, db, fx.acme.ID, a.ID)); diff != "" {
				t.Errorf("a refused UpdateApprovalDecision changed the submission (-before +after):\n%s", diff)
			}
		})

		t.Run("a decision read before a rejection closed it is a conflict", func(t *testing.T) {
			b := submit(t, db, submission(fx.acme, "policy", "pol_1", 1, fx.sam, fx.zoe, fx.amy))
			stale := findApproval(t, db, fx.acme.ID, b.ID) // amy reads it while it is pending
			clk.Advance(time.Hour)
			rejected := decide(t, db, fx.acme.ID, b.ID, fx.zoe, isms.DecisionReject, "Scope is wrong.")
			if rejected.Status != isms.ApprovalRejected {
				t.Fatalf("after zoe rejected, status = %s, want rejected", rejected.Status)
			}
			if err := stale.Decide(fx.amy.ID, isms.DecisionApprove, "", clk.Advance(time.Minute)); err != nil {
				t.Fatalf("stale.Decide(amy, approve) = %v", err)
			}
			err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateApprovalDecision(ctx, stale, fx.amy.ID) })
			wantCode(t, "UpdateApprovalDecision(read before the rejection)", err, isms.Conflict)
			got := findApproval(t, db, fx.acme.ID, b.ID)
			if got.Status != isms.ApprovalRejected || got.Approvers[1].Decision != isms.DecisionNone {
				t.Errorf("after a refused stale decision: status %s, amy's decision %q, want rejected and none", got.Status, got.Approvers[1].Decision)
			}
		})

		t.Run("a withdrawn submission cannot be decided", func(t *testing.T) {
			c := submit(t, db, submission(fx.acme, "policy", "pol_2", 1, fx.sam, fx.zoe))
			stale := findApproval(t, db, fx.acme.ID, c.ID)
			w := findApproval(t, db, fx.acme.ID, c.ID)
			w.Status, w.ClosedAt = isms.ApprovalWithdrawn, clk.Advance(time.Hour)
			update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateApprovalDecision(ctx, w, "") })
			if n := pending(fx.zoe); n != 0 {
				t.Errorf("CountPendingApprovalsFor(zoe) with only a withdrawn submission = %d, want 0", n)
			}
			if err := stale.Decide(fx.zoe.ID, isms.DecisionApprove, "", clk.Now()); err != nil {
				t.Fatalf("stale.Decide(zoe, approve) = %v", err)
			}
			err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateApprovalDecision(ctx, stale, fx.zoe.ID) })
			wantCode(t, "UpdateApprovalDecision(withdrawn submission)", err, isms.Conflict)
		})
	})
}

func TestARecordHasAtMostOnePendingSubmission(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newApprovalFixture(t, db)
		first := submit(t, db, submission(fx.acme, "policy", "pol_1", 1, fx.sam, fx.zoe))
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertApproval(ctx, submission(fx.acme, "policy", "pol_1", 1, fx.sam, fx.amy))
		})
		wantCode(t, "InsertApproval(a second pending submission)", err, isms.Conflict)
		w := findApproval(t, db, fx.acme.ID, first.ID)
		w.Status = isms.ApprovalWithdrawn
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateApprovalDecision(ctx, w, "") })
		submit(t, db, submission(fx.acme, "policy", "pol_1", 1, fx.sam, fx.amy))
	})
}

func TestFindApprovals(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newApprovalFixture(t, db)
		acme := fx.acme.ID
		// Submitted an hour apart, in this order:
		//	org1  organization acme v1, "Charter", zoe and amy, pending
		//	org2  organization acme v2, "Articles", amy, approved
		//	pol1  policy pol_1 v1, "Data policy", zoe, rejected
		//	pol2  policy pol_2 v1, "Backup policy", carol and amy, pending
		label := map[isms.ID]string{}
		add := func(name, title string, a *isms.Approval) *isms.Approval {
			clk.Advance(time.Hour)
			a.Title = title
			label[submit(t, db, a).ID] = name
			return a
		}
		add("org1", "Charter", submission(fx.acme, "organization", acme, 1, fx.sam, fx.zoe, fx.amy))
		// A record has at most one pending submission, so org2 is stored
		// already approved (its decision is not what this test is about).
		org2 := submission(fx.acme, "organization", acme, 2, fx.sam, fx.amy)
		org2.Status = isms.ApprovalApproved
		add("org2", "Articles", org2)
		pol1 := add("pol1", "Data policy", submission(fx.acme, "policy", "pol_1", 1, fx.sam, fx.zoe))
		add("pol2", "Backup policy", submission(fx.acme, "policy", "pol_2", 1, fx.sam, fx.carol, fx.amy))
		clk.Advance(time.Hour)
		decide(t, db, acme, pol1.ID, fx.zoe, isms.DecisionReject, "No.")
		// Another organization's submission, naming its own approver, on
		// an object with the same type and ID as acme's.
		clk.Advance(time.Hour)
		label[submit(t, db, submission(fx.beta, "organization", acme, 1, fx.betaSub, fx.betaApprover)).ID] = "beta"

		tests := []struct {
			name      string
			f         isms.ApprovalFilter
			want      []string
			wantTotal int
		}{
			{"no filter lists newest first", isms.ApprovalFilter{}, []string{"pol2", "pol1", "org2", "org1"}, 4},
			{"status selects that status", isms.ApprovalFilter{Status: isms.ApprovalPending}, []string{"pol2", "org1"}, 2},
			{"status approved", isms.ApprovalFilter{Status: isms.ApprovalApproved}, []string{"org2"}, 1},
			{"approver selects submissions naming them", isms.ApprovalFilter{ApproverID: fx.zoe.ID}, []string{"pol1", "org1"}, 2},
			{"approver and status combine", isms.ApprovalFilter{ApproverID: fx.amy.ID, Status: isms.ApprovalPending}, []string{"pol2", "org1"}, 2},
			{"an approver of another organization selects nothing", isms.ApprovalFilter{ApproverID: fx.betaApprover.ID}, nil, 0},
			{"object type and ID select one record's submissions", isms.ApprovalFilter{ObjectType: "organization", ObjectID: acme}, []string{"org2", "org1"}, 2},
			{"object type alone selects that kind", isms.ApprovalFilter{ObjectType: "policy"}, []string{"pol2", "pol1"}, 2},
			{"submitted sorts oldest first", isms.ApprovalFilter{Sort: "submitted"}, []string{"org1", "org2", "pol1", "pol2"}, 4},
			{"title sorts by title", isms.ApprovalFilter{Sort: "title"}, []string{"org2", "pol2", "org1", "pol1"}, 4},
			{"status sorts by status, then oldest first", isms.ApprovalFilter{Sort: "status"}, []string{"org2", "org1", "pol2", "pol1"}, 4},
			{"an unknown sort falls back to oldest first", isms.ApprovalFilter{Sort: "content"}, []string{"org1", "org2", "pol1", "pol2"}, 4},
			{"a page keeps the full total", isms.ApprovalFilter{Limit: 2, Offset: 1}, []string{"pol1", "org2"}, 4},
			{"no match gives nothing", isms.ApprovalFilter{Status: isms.ApprovalWithdrawn}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.OrgID = acme
				view(t, db, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindApprovals(ctx, tt.f)
					if err != nil {
						t.Fatalf("FindApprovals(%+v) = %v", tt.f, err)
					}
					var got []string
					for _, a := range list {
						got = append(got, label[a.ID])
					}
					if !cmp.Equal(got, tt.want) || total != tt.wantTotal {
						t.Errorf("FindApprovals(%+v) = %v, total %d, want %v, total %d", tt.f, got, total, tt.want, tt.wantTotal)
					}
					return nil
				})
			})
		}

		t.Run("listed submissions carry their approvers in order", func(t *testing.T) {
			view(t, db, func(tx *sqldb.Tx) error {
				list, _, err := tx.FindApprovals(ctx, isms.ApprovalFilter{OrgID: acme})
				if err != nil {
					t.Fatalf("FindApprovals() = %v", err)
				}
				got := map[string][]isms.ID{}
				for _, a := range list {
					for _, ap := range a.Approvers {
						got[label[a.ID]] = append(got[label[a.ID]], ap.UserID)
					}
				}
				want := map[string][]isms.ID{
					"org1": {fx.zoe.ID, fx.amy.ID},
					"org2": {fx.amy.ID},
					"pol1": {fx.zoe.ID},
					"pol2": {fx.carol.ID, fx.amy.ID},
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("FindApprovals() approvers (-want +got):\n%s", diff)
				}
				return nil
			})
		})

		t.Run("FindLatestApproval returns the newest submission of a record", func(t *testing.T) {
			view(t, db, func(tx *sqldb.Tx) error {
				got, err := tx.FindLatestApproval(ctx, acme, "organization", acme)
				if err != nil {
					t.Fatalf("FindLatestApproval(acme, organization) = %v", err)
				}
				if diff := cmp.Diff(findApproval(t, db, acme, org2.ID), got); diff != "" {
					t.Errorf("FindLatestApproval(acme, organization) mismatch (-want org2 +got):\n%s", diff)
				}
				_, err = tx.FindLatestApproval(ctx, acme, "policy", "pol_never")
				wantCode(t, "FindLatestApproval(a record never submitted)", err, isms.NotFound)
				_, err = tx.FindLatestApproval(ctx, fx.beta.ID, "policy", "pol_1")
				wantCode(t, "FindLatestApproval(beta, acme's policy)", err, isms.NotFound)
				got, err = tx.FindLatestApproval(ctx, fx.beta.ID, "organization", acme)
				if err != nil || label[got.ID] != "beta" {
					t.Errorf("FindLatestApproval(beta, organization %s) = %v, %v, want beta's own submission", acme, got, err)
				}
				return nil
			})
		})

		t.Run("FindLatestApproval breaks a tie in time by version", func(t *testing.T) {
			clk.Advance(time.Hour)
			update(t, db, func(tx *sqldb.Tx) error {
				// At most one of them may be pending: v2 and v3 were withdrawn.
				for _, v := range []int{2, 3, 1} {
					a := submission(fx.acme, "policy", "pol_3", v, fx.sam, fx.zoe)
					if v != 1 {
						a.Status = isms.ApprovalWithdrawn
					}
					if err := tx.InsertApproval(ctx, a); err != nil {
						return err
					}
				}
				return nil
			})
			view(t, db, func(tx *sqldb.Tx) error {
				got, err := tx.FindLatestApproval(ctx, acme, "policy", "pol_3")
				if err != nil || got.ObjectVersion != 3 {
					t.Errorf("FindLatestApproval(pol_3 submitted as v2, v3, v1 at once) = %+v, %v, want version 3", got, err)
				}
				return nil
			})
		})

		t.Run("CountPendingApprovalsFor counts pending undecided submissions of the organization", func(t *testing.T) {
			view(t, db, func(tx *sqldb.Tx) error {
				for _, tt := range []struct {
					org  isms.ID
					user *isms.User
					want int
				}{
					{acme, fx.zoe, 2},   // org1 and pol_3 v1 (pol1 is rejected, pol_3 v2 and v3 withdrawn)
					{acme, fx.amy, 2},   // org1, pol2 (org2 is approved)
					{acme, fx.carol, 1}, // pol2
					{acme, fx.sam, 0},   // the submitter approves nothing
					{fx.beta.ID, fx.zoe, 0},
					{fx.beta.ID, fx.betaApprover, 1},
				} {
					n, err := tx.CountPendingApprovalsFor(ctx, tt.org, tt.user.ID)
					if n != tt.want || err != nil {
						t.Errorf("CountPendingApprovalsFor(%s, %s) = %d, %v, want %d", tt.org, tt.user.ID, n, err, tt.want)
					}
				}
				return nil
			})
		})
	})
}

func TestApprovalContentIsImmutable(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock(db)
		fx := newApprovalFixture(t, db)
		a := submit(t, db, submission(fx.acme, "organization", fx.acme.ID, 1, fx.sam, fx.zoe))
		raw := rawDB(t, db)
		for _, tt := range []struct {
			name  string
			query string
			arg   any
		}{
			{"content", `UPDATE approvals SET content = ? WHERE id = ?`, `{"name":"forged"}`},
			{"content hash", `UPDATE approvals SET content_sha256 = ? WHERE id = ?`, isms.ContentHash([]byte(`{"name":"forged"}`))},
			{"object version", `UPDATE approvals SET object_version = ? WHERE id = ?`, 7},
		} {
			if err := rawExec(db, raw, tt.query, tt.arg, a.ID); err == nil {
				t.Errorf("raw UPDATE of an approval's %s = nil, want the trigger's error", tt.name)
			}
		}
		got := findApproval(t, db, fx.acme.ID, a.ID)
		if got.Content != a.Content || got.ContentSHA256 != a.ContentSHA256 || got.ObjectVersion != a.ObjectVersion {
			t.Errorf("after refused raw updates, approval = content %s, hash %s, version %d; want %s, %s, %d",
				got.Content, got.ContentSHA256, got.ObjectVersion, a.Content, a.ContentSHA256, a.ObjectVersion)
		}
		// The decision columns stay writable, so the store can close it.
		if err := rawExec(db, raw, `UPDATE approvals SET status = ? WHERE id = ?`, isms.ApprovalWithdrawn, a.ID); err != nil {
			t.Errorf("raw UPDATE of an approval's status = %v, want nil", err)
		}
	})
}
