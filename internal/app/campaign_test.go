// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// awarenessWorld is the test world with two employees and an approved
// policy.
type awarenessWorld struct {
	*world
	fay, gil *isms.User // employees
	policy   *isms.Document
	v1       *isms.DocumentVersion
}

func newAwarenessWorld(t *testing.T, db *sqldb.DB) *awarenessWorld {
	w := &awarenessWorld{world: newWorld(t, db)}
	w.fay = w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
	w.gil = w.newMember(w.org, "Gil Employee", isms.RoleEmployee)
	w.policy, w.v1 = w.approvedDocument("Information security policy")
	return w
}

func (w *awarenessWorld) asFay() isms.Actor { return w.as(w.fay, isms.RoleEmployee) }
func (w *awarenessWorld) asGil() isms.Actor { return w.as(w.gil, isms.RoleEmployee) }

// approvedDocument writes a document as the manager and has the second
// manager approve its first version.
func (w *world) approvedDocument(title string) (*isms.Document, *isms.DocumentVersion) {
	w.t.Helper()
	d, v, err := w.app.CreateDocument(w.ctx, w.asManager(), app.DocumentInput{Title: title, Type: "policy",
		OwnerID: string(w.manager.ID), Classification: "internal", ReviewMonths: "12", AudienceEveryone: true},
		app.DocumentBodyInput{Markdown: "# " + title + "\n\nWe protect information.\n", ChangeSummary: "First issue."})
	if err != nil {
		w.t.Fatalf("CreateDocument(%s) = %v", title, err)
	}
	return d, w.approve(v)
}

// approve submits a draft version as the manager and approves it as the
// second manager.
func (w *world) approve(v *isms.DocumentVersion) *isms.DocumentVersion {
	w.t.Helper()
	ap, err := w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v.ID, []isms.ID{w.manager2.ID}, "")
	if err != nil {
		w.t.Fatalf("SubmitDocumentVersion(v%d) = %v", v.Number, err)
	}
	if _, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "Fine."); err != nil {
		w.t.Fatalf("DecideApproval(v%d) = %v", v.Number, err)
	}
	return v
}

// campaign starts a campaign for the employees as the manager.
func (w *awarenessWorld) campaign(title string, follow bool, docs ...string) *isms.Campaign {
	w.t.Helper()
	c, err := w.app.CreateCampaign(w.ctx, w.asManager(), app.CampaignInput{Title: title, Due: "2026-03-31",
		Documents: docs, AudienceRoles: []string{"employee"}, FollowNewVersions: follow})
	if err != nil {
		w.t.Fatalf("CreateCampaign(%s) = %v", title, err)
	}
	return c
}

// campaignTask returns the task of u for campaign c.
func (w *awarenessWorld) campaignTask(c *isms.Campaign, u *isms.User) *isms.Task {
	w.t.Helper()
	list, _, err := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{LinkType: "campaign", LinkID: c.ID, OwnerID: u.ID})
	if err != nil || len(list) != 1 {
		w.t.Fatalf("tasks of %s for %s = %v, %v; want one", u.Name, c.Title, list, err)
	}
	return list[0]
}

func TestCampaignHalfAcknowledged(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAwarenessWorld(t, db)
		before := w.head(string(w.org.ID)).Seq
		c := w.campaign("Policy refresh 2026", false, w.policy.Ref)
		if got := strings.Join(actions(w.events(string(w.org.ID), before)), " "); got != "campaign.create task.create task.create" {
			t.Errorf("events of the new campaign = %s, want the campaign and two tasks", got)
		}
		if len(c.Versions) != 1 || c.Versions[0] != w.v1.ID || c.Audience.Roles[0] != isms.RoleEmployee {
			t.Fatalf("campaign = %+v, want it to ask the employees for %s v1", c, w.policy.Ref)
		}
		task := w.campaignTask(c, w.fay)
		if task.Title != "Read and acknowledge: Policy refresh 2026" || task.Due.String() != "2026-03-31" || task.Status != isms.TaskOpen {
			t.Errorf("Fay's task = %+v, want an open task due 2026-03-31", task)
		}
		pending, err := w.app.PendingAcknowledgements(w.ctx, w.asFay())
		if err != nil || len(pending) != 1 || pending[0].VersionID != w.v1.ID || pending[0].DocumentRef != w.policy.Ref {
			t.Fatalf("Fay's pending = %+v, %v; want the policy v1", pending, err)
		}

		ack, err := w.app.Acknowledge(w.ctx, w.asFay(), c.ID, w.v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ack.UserID != w.fay.ID || ack.VersionID != w.v1.ID || ack.At.IsZero() {
			t.Errorf("acknowledgement = %+v, want Fay's of v1 with a time", ack)
		}
		es := w.events(string(w.org.ID), w.head(string(w.org.ID)).Seq-2)
		if len(es) != 2 || es[0].Action != "campaign.acknowledge" || es[0].ActorID != w.fay.ID ||
			changes(t, es[0])["document"].After != w.policy.Ref || es[1].Action != "task.complete" || es[1].ObjectID != task.ID {
			t.Errorf("events of the acknowledgement = %v, want Fay's acknowledgement of the policy, then her task completed", actions(es))
		}
		_, err = w.app.Acknowledge(w.ctx, w.asFay(), c.ID, w.v1.ID)
		wantCode(t, "Acknowledge(twice)", err, isms.Conflict)
		if pending, _ := w.app.PendingAcknowledgements(w.ctx, w.asFay()); len(pending) != 0 {
			t.Errorf("Fay's pending after acknowledging = %+v, want none", pending)
		}

		list, total, err := w.app.FindCampaigns(w.ctx, w.asViewer(), false, 50, 0)
		if err != nil || total != 1 || list[0].Expected != 2 || list[0].Acknowledged != 1 || list[0].Percent() != 50 {
			t.Fatalf("campaigns = %+v (%d), %v; want one at 1 of 2, 50 %%", list, total, err)
		}
		w.clock.Advance(31 * 24 * time.Hour) // past the due date
		d, err := w.app.FindCampaign(w.ctx, w.asViewer(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Members) != 2 || len(d.Documents) != 1 || d.Versions[0].Number != 1 {
			t.Fatalf("campaign detail = %+v, want two members and the policy v1", d)
		}
		for _, m := range d.Members {
			want := isms.CampaignMember{UserID: w.fay.ID, Acknowledged: 1, Expected: 1}
			if m.UserID == w.gil.ID {
				want = isms.CampaignMember{UserID: w.gil.ID, Acknowledged: 0, Expected: 1, Overdue: true}
			}
			if m.UserID != want.UserID || m.Acknowledged != want.Acknowledged || m.Expected != want.Expected ||
				m.Overdue != want.Overdue || (m.Acknowledged > 0) == m.LastAt.IsZero() {
				t.Errorf("member %s = %+v, want %+v", m.Name, m, want)
			}
		}

		if err := w.app.CloseCampaign(w.ctx, w.asManager(), c.ID); err != nil {
			t.Fatal(err)
		}
		if gil := w.campaignTask(c, w.gil); gil.Status != isms.TaskCancelled {
			t.Errorf("Gil's task after closing = %s, want cancelled", gil.Status)
		}
		_, err = w.app.Acknowledge(w.ctx, w.asGil(), c.ID, w.v1.ID)
		wantCode(t, "Acknowledge(closed campaign)", err, isms.Conflict)
	})
}

func TestCampaignAudienceAndValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAwarenessWorld(t, db)
		draft, _, err := w.app.CreateDocument(w.ctx, w.asManager(), app.DocumentInput{Title: "Backup policy", Type: "topic_policy",
			OwnerID: string(w.manager.ID), Classification: "internal", AudienceEveryone: true},
			app.DocumentBodyInput{Markdown: "# Backup\n"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.app.CreateCampaign(w.ctx, w.asManager(), app.CampaignInput{Title: "Bad", Due: "soon",
			Documents: []string{draft.Ref}, AudiencePeople: []string{"nobody@example.com"}})
		wantFields(t, "CreateCampaign(draft document, unknown person, bad due)", err, isms.Invalid, "documents", "audience", "due")
		if msg := isms.ErrorFields(err)["documents"]; msg == "" || !strings.Contains(msg, draft.Ref) {
			t.Errorf("documents problem = %q, want it to name %s", msg, draft.Ref)
		}
		_, err = w.app.CreateCampaign(w.ctx, w.asManager(), app.CampaignInput{Title: "Auditors", Due: "2026-04-30",
			Documents: []string{w.policy.Ref}, AudienceRoles: []string{"auditor"}})
		wantFields(t, "CreateCampaign(nobody in the audience)", err, isms.Invalid, "audience")

		c, err := w.app.CreateCampaign(w.ctx, w.asManager(), app.CampaignInput{Title: "Named", Due: "2026-04-30",
			Documents: []string{string(w.policy.ID), w.policy.Ref}, AudiencePeople: []string{w.fay.Email, string(w.contributor.ID)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Documents) != 1 || len(c.Audience.People) != 2 {
			t.Errorf("campaign = %+v, want the policy once and two named people", c)
		}
		_, err = w.app.Acknowledge(w.ctx, w.asGil(), c.ID, w.v1.ID)
		wantCode(t, "Acknowledge(not in the audience)", err, isms.Forbidden)
		_, err = w.app.Acknowledge(w.ctx, w.as(w.contributor, isms.RoleContributor), c.ID, "dver_nope")
		wantCode(t, "Acknowledge(unknown version)", err, isms.NotFound)

		c2, err := w.app.UpdateCampaign(w.ctx, w.asManager(), c.ID, c.Version, app.CampaignInput{Title: "Named", Due: "2026-05-15",
			Documents: []string{w.policy.Ref}, AudiencePeople: []string{w.gil.Email, string(w.contributor.ID)}})
		if err != nil {
			t.Fatal(err)
		}
		if c2.Version != 2 || c2.Due.String() != "2026-05-15" {
			t.Errorf("updated campaign = %+v, want version 2 due 2026-05-15", c2)
		}
		if fay := w.campaignTask(c, w.fay); fay.Status != isms.TaskCancelled {
			t.Errorf("Fay's task after leaving the audience = %s, want cancelled", fay.Status)
		}
		if gil := w.campaignTask(c, w.gil); gil.Status != isms.TaskOpen || gil.Due.String() != "2026-05-15" {
			t.Errorf("Gil's task after joining = %+v, want open, due 2026-05-15", gil)
		}
		if dave := w.campaignTask(c, w.contributor); dave.Due.String() != "2026-05-15" {
			t.Errorf("Dave's task due = %s, want moved to 2026-05-15", dave.Due)
		}
		_, err = w.app.UpdateCampaign(w.ctx, w.asManager(), c.ID, 1, app.CampaignInput{Title: "Stale"})
		wantCode(t, "UpdateCampaign(stale)", err, isms.Conflict)
	})
}

func TestCampaignAskAgainForNewVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAwarenessWorld(t, db)
		follow := w.campaign("Follows", true, w.policy.Ref)
		fixed := w.campaign("Fixed", false, w.policy.Ref)
		for _, c := range []*isms.Campaign{follow, fixed} {
			if _, err := w.app.Acknowledge(w.ctx, w.asFay(), c.ID, w.v1.ID); err != nil {
				t.Fatal(err)
			}
		}
		v2, err := w.app.NewDocumentVersion(w.ctx, w.asManager(), w.policy.ID, "Clarified scope.")
		if err != nil {
			t.Fatal(err)
		}
		w.approve(v2)

		d, err := w.app.FindCampaign(w.ctx, w.asViewer(), follow.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Campaign.Versions[0] != v2.ID || d.Versions[0].Number != 2 || d.Campaign.Acknowledged != 0 {
			t.Errorf("following campaign = %+v, want it to ask for v2 with nothing acknowledged", d.Campaign)
		}
		if d, _ := w.app.FindCampaign(w.ctx, w.asViewer(), fixed.ID); d.Campaign.Versions[0] != w.v1.ID || d.Campaign.Acknowledged != 1 {
			t.Errorf("fixed campaign = %+v, want it to keep v1 with Fay's acknowledgement", d.Campaign)
		}
		if task := w.campaignTask(follow, w.fay); task.Status != isms.TaskOpen {
			t.Errorf("Fay's task of the following campaign = %s, want open again", task.Status)
		}
		pending, err := w.app.PendingAcknowledgements(w.ctx, w.asFay())
		if err != nil || len(pending) != 1 || pending[0].CampaignID != follow.ID || pending[0].VersionNumber != 2 {
			t.Fatalf("Fay's pending = %+v, %v; want v2 for the following campaign", pending, err)
		}
		_, err = w.app.Acknowledge(w.ctx, w.asFay(), follow.ID, w.v1.ID)
		wantCode(t, "Acknowledge(superseded version)", err, isms.Conflict)
		if _, err := w.app.Acknowledge(w.ctx, w.asFay(), follow.ID, v2.ID); err != nil {
			t.Fatal(err)
		}
		if task := w.campaignTask(follow, w.fay); task.Status != isms.TaskDone {
			t.Errorf("Fay's task after acknowledging v2 = %s, want done", task.Status)
		}
	})
}

func TestCampaignAccess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAwarenessWorld(t, db)
		c := w.campaign("Policy refresh", false, w.policy.Ref)
		in := app.CampaignInput{Title: "X", Due: "2026-04-01", Documents: []string{w.policy.Ref}, AudienceEveryone: true}
		_, err := w.app.CreateCampaign(w.ctx, w.asContributor(), in)
		wantCode(t, "CreateCampaign as contributor", err, isms.Forbidden)
		_, err = w.app.UpdateCampaign(w.ctx, w.asViewer(), c.ID, 1, in)
		wantCode(t, "UpdateCampaign as viewer", err, isms.Forbidden)
		wantCode(t, "CloseCampaign as contributor", w.app.CloseCampaign(w.ctx, w.asContributor(), c.ID), isms.Forbidden)
		_, _, err = w.app.FindCampaigns(w.ctx, w.asFay(), true, 10, 0)
		wantCode(t, "FindCampaigns as employee", err, isms.Forbidden)
		_, err = w.app.FindCampaign(w.ctx, w.asFay(), c.ID)
		wantCode(t, "FindCampaign as employee", err, isms.Forbidden)
		readOnly := w.asFay()
		readOnly.Scope = isms.ScopeRead
		_, err = w.app.Acknowledge(w.ctx, readOnly, c.ID, w.v1.ID)
		wantCode(t, "Acknowledge with a read-only token", err, isms.Forbidden)

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err = w.app.FindCampaign(w.ctx, other, c.ID)
		wantCode(t, "FindCampaign(acme's from globex)", err, isms.NotFound)
		_, err = w.app.Acknowledge(w.ctx, other, c.ID, w.v1.ID)
		wantCode(t, "Acknowledge(acme's from globex)", err, isms.NotFound)
		_, err = w.app.CreateCampaign(w.ctx, other, app.CampaignInput{Title: "Steal", Due: "2026-04-01",
			Documents: []string{w.policy.Ref, string(w.policy.ID)}, AudienceEveryone: true})
		wantFields(t, "CreateCampaign(acme's document from globex)", err, isms.Invalid, "documents")
		if pending, err := w.app.PendingAcknowledgements(w.ctx, other); err != nil || len(pending) != 0 {
			t.Errorf("globex pending = %v, %v; want none", pending, err)
		}
	})
}

func TestCampaignNoticesOnlyForSmallAudiences(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAwarenessWorld(t, db)
		queued := func() int {
			s, err := w.app.JobSummary(w.ctx, w.asOwner())
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(s.Kinds, func(k jobs.KindCounts) bool { return k.Kind == "notify.assigned" })
			if i < 0 {
				return 0
			}
			return s.Kinds[i].Counts[jobs.Available]
		}
		in := app.CampaignInput{Title: "Everyone", Due: "2026-03-31", Documents: []string{w.policy.Ref}, AudienceEveryone: true}
		if _, err := w.app.CreateCampaign(w.ctx, w.asManager(), in); err != nil {
			t.Fatal(err)
		}
		if n := queued(); n != 6 {
			t.Errorf("notices of a campaign for 7 members = %d, want 6 (not the manager's own)", n)
		}
		for i := range 45 {
			w.newMember(w.org, fmt.Sprintf("Staff %02d", i), isms.RoleEmployee)
		}
		c, err := w.app.CreateCampaign(w.ctx, w.asManager(), in)
		if err != nil {
			t.Fatal(err)
		}
		if n := queued(); n != 6 {
			t.Errorf("notices after a campaign for 52 members = %d, want still 6", n)
		}
		if _, total, _ := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{LinkType: "campaign", LinkID: c.ID}); total != 52 {
			t.Errorf("tasks of the big campaign = %d, want 52", total)
		}
	})
}

// TestCampaignForEveryoneLeavesGuestsOut checks that an external auditor,
// whose access ends on a date, is not in "everyone" but is in a campaign
// for their role.
func TestCampaignForEveryoneLeavesGuestsOut(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAwarenessWorld(t, db)
		tasks := func(in app.CampaignInput) int {
			t.Helper()
			c, err := w.app.CreateCampaign(w.ctx, w.asManager(), in)
			if err != nil {
				t.Fatal(err)
			}
			_, total, err := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{LinkType: "campaign", LinkID: c.ID})
			if err != nil {
				t.Fatal(err)
			}
			return total
		}
		everyone := app.CampaignInput{Title: "Everyone", Due: "2026-03-31", Documents: []string{w.policy.Ref}, AudienceEveryone: true}
		before := tasks(everyone)
		w.invite(app.AuditorInput{Email: "lead.auditor@body.example", Name: "Lena Lead", AccessUntil: "2026-04-30"})
		if after := tasks(everyone); after != before || before < 5 {
			t.Errorf("campaign for everyone with a guest auditor has %d tasks, want %d as without", after, before)
		}
		byRole := app.CampaignInput{Title: "Auditors", Due: "2026-03-31", Documents: []string{w.policy.Ref}, AudienceRoles: []string{"auditor"}}
		if n := tasks(byRole); n != 1 { // the guest, the only auditor
			t.Errorf("campaign for auditors has %d tasks, want 1", n)
		}
	})
}
