// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/mail/mailtest"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// mailBase is the base URL of links in the tests' mails.
const mailBase = "https://isms.example.org"

// withMail points the installation's mail settings at a new mailpit and
// starts the job runner.
func (w *world) withMail() *mailtest.Server {
	w.t.Helper()
	srv := mailtest.Start(w.t)
	w.setMailServer("127.0.0.1", srv.SMTPPort)
	w.startJobs()
	return srv
}

// setMailServer sets the SMTP settings to a server on 127.0.0.1 in clear text.
func (w *world) setMailServer(host string, port int) {
	w.t.Helper()
	err := w.app.UpdateMailSettings(w.ctx, w.asOwner(), app.MailSettingsInput{Host: host, Port: strconv.Itoa(port),
		TLS: "none", FromEmail: "isms@example.org", FromName: "isms", BaseURL: mailBase})
	if err != nil {
		w.t.Fatalf("UpdateMailSettings() = %v, want nil", err)
	}
}

// mailsTo returns the received messages to u whose subject contains s.
func mailsTo(t *testing.T, srv *mailtest.Server, u *isms.User, s string) []mailtest.Received {
	t.Helper()
	var out []mailtest.Received
	for _, m := range srv.Messages(t) {
		if len(m.To) == 1 && m.To[0].Email == u.Email && strings.Contains(m.Subject, s) {
			out = append(out, m)
		}
	}
	return out
}

// waitMail waits for a message to u whose subject contains s.
func waitMail(t *testing.T, srv *mailtest.Server, u *isms.User, s string) mailtest.Received {
	t.Helper()
	return srv.WaitFor(t, func(m mailtest.Received) bool {
		return len(m.To) == 1 && m.To[0].Email == u.Email && strings.Contains(m.Subject, s)
	}, 30*time.Second)
}

// newTask creates a task as the manager for owner, due on due.
func (w *world) newTask(title string, owner *isms.User, due string) *isms.Task {
	w.t.Helper()
	t, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: title, OwnerID: owner.ID, Due: due})
	if err != nil {
		w.t.Fatalf("CreateTask(%s) = %v, want nil", title, err)
	}
	return t
}

func TestAssignmentMailIsSentOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		task := w.newTask("Review the firewall rules", w.contributor, "2026-04-30")

		m := waitMail(t, srv, w.contributor, "[Acme] New task for you: Review the firewall rules")
		for _, want := range []string{"Bob Manager gave you a task in Acme", "Due: Thu 30 Apr 2026", mailBase + "/tasks/" + string(task.ID)} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("mail text lacks %q:\n%s", want, m.Text)
			}
		}
		if got := m.Headers.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post = %q", got)
		}
		if got := m.Headers.Get("List-Unsubscribe"); !strings.HasPrefix(got, "<"+mailBase+"/unsubscribe/") || !strings.HasSuffix(got, "?kind=assigned>") {
			t.Errorf("List-Unsubscribe = %q", got)
		}

		// The job runs again, as after a crash: nothing more is sent.
		if err := w.app.RequeueAssigned(w.ctx, task, "Bob Manager"); err != nil {
			t.Fatal(err)
		}
		w.waitForJobs("notify.assigned", 2)
		if got := mailsTo(t, srv, w.contributor, "New task"); len(got) != 1 {
			t.Errorf("%d assignment mails, want 1", len(got))
		}

		// Reassigning it to someone else and back is news each time.
		mgr2, contrib := w.manager2.ID, w.contributor.ID
		task, err := w.app.UpdateTask(w.ctx, w.asManager(), task.ID, isms.TaskUpdate{OwnerID: &mgr2, Version: task.Version})
		if err != nil {
			t.Fatal(err)
		}
		waitMail(t, srv, w.manager2, "New task for you: Review the firewall rules")
		if _, err := w.app.UpdateTask(w.ctx, w.asManager(), task.ID, isms.TaskUpdate{OwnerID: &contrib, Version: task.Version}); err != nil {
			t.Fatal(err)
		}
		w.waitForJobs("notify.assigned", 4)
		if got := mailsTo(t, srv, w.contributor, "New task"); len(got) != 2 {
			t.Errorf("%d assignment mails to the contributor after it came back, want 2", len(got))
		}
	})
}

func TestNoAssignmentMailToOneselfOrWhenTurnedOff(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		w.newTask("My own task", w.manager, "2026-04-30")
		if _, err := w.app.UpdateNotificationPrefs(w.ctx, w.asViewer(), app.NotificationPrefsInput{DueSoonDays: "3", Digest: true, Approvals: true}); err != nil {
			t.Fatal(err)
		}
		w.newTask("Read the policy", w.viewer, "2026-04-30")
		w.newTask("Sentinel", w.contributor, "2026-04-30")
		waitMail(t, srv, w.contributor, "Sentinel")
		w.waitForJobs("notify.assigned", 2) // the viewer's and the contributor's; none for the manager's own
		if got := mailsTo(t, srv, w.manager, ""); len(got) != 0 {
			t.Errorf("a task one gives oneself sent %d mails", len(got))
		}
		if got := mailsTo(t, srv, w.viewer, ""); len(got) != 0 {
			t.Errorf("%d mails to the viewer, who turned assignment mails off", len(got))
		}
	})
}

func TestScheduleGeneratedTaskIsMailed(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		_, n, err := w.app.CreateSchedule(w.ctx, w.asManager(), app.ScheduleInput{Title: "Access review",
			OwnerID: w.contributor.ID, Rule: "every 3 months", Start: "2026-03-10"})
		if err != nil || n != 1 {
			t.Fatalf("CreateSchedule() = %d, %v; want 1 task", n, err)
		}
		waitMail(t, srv, w.contributor, "[Acme] New task for you: Access review")

		// The periodic generation gives tasks too, as the system.
		lead := 7
		if _, n, err := w.app.CreateSchedule(w.ctx, w.asManager(), app.ScheduleInput{Title: "Backup restore test",
			OwnerID: w.manager2.ID, Rule: "every 6 months", Start: "2026-06-01", LeadDays: &lead}); err != nil || n != 0 {
			t.Fatalf("CreateSchedule(June) = %d, %v; want no task yet", n, err)
		}
		w.clock.Advance(85 * 24 * time.Hour) // 26 May
		if n, err := w.app.GenerateRecurringTasks(w.ctx); err != nil || n < 1 {
			t.Fatalf("GenerateRecurringTasks() = %d, %v; want the June task among them", n, err)
		}
		m := waitMail(t, srv, w.manager2, "[Acme] New task for you: Backup restore test")
		if !strings.Contains(m.Text, "A recurring activity in Acme has a new task for you") {
			t.Errorf("generated task's mail:\n%s", m.Text)
		}
	})
}

func TestDigestListsAllOverdueTasksInOneMail(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		for i, due := range []string{"2026-02-10", "2026-02-20", "2026-03-01"} {
			w.newTask("Overdue "+strconv.Itoa(i+1), w.contributor, due)
		}
		w.newTask("Not yet due", w.contributor, "2026-03-02")
		w.newTask("Someone else's", w.manager2, "2026-02-01")
		if err := w.app.RunJobNow(w.ctx, w.asOwner(), "notify.digest"); err != nil {
			t.Fatal(err)
		}
		m := waitMail(t, srv, w.contributor, "[Acme] Overdue: 3 tasks")
		for _, want := range []string{"Overdue 1 (Acme, due Tue 10 Feb 2026, 20 days overdue)", "Overdue 2", "Overdue 3 (Acme, due Sun 1 Mar 2026, 1 day overdue)"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("digest lacks %q:\n%s", want, m.Text)
			}
		}
		if strings.Contains(m.Text, "Not yet due") || strings.Contains(m.Text, "Someone else") {
			t.Errorf("digest lists tasks that are not the contributor's overdue ones:\n%s", m.Text)
		}
		waitMail(t, srv, w.manager2, "[Acme] Overdue: 1 task")

		// Again the same day: nothing more.
		if err := w.app.RequeueDigest(w.ctx, w.contributor.ID, isms.NewDate(2026, 3, 2)); err != nil {
			t.Fatal(err)
		}
		w.waitForJobs("notify.digest_user", 3)
		if got := mailsTo(t, srv, w.contributor, "] Overdue:"); len(got) != 1 {
			t.Errorf("%d digests to the contributor on one day, want 1", len(got))
		}
		if got := mailsTo(t, srv, w.manager, "] Overdue:"); len(got) != 0 {
			t.Errorf("%d digests to the manager, who has no overdue task", len(got))
		}
	})
}

func TestDueSoonRespectsLeadTime(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		prefs := app.NotificationPrefsInput{Assigned: true, DueSoonDays: "5", Digest: true, Approvals: true}
		if _, err := w.app.UpdateNotificationPrefs(w.ctx, w.asContributor(), prefs); err != nil {
			t.Fatal(err)
		}
		w.newTask("In two days", w.contributor, "2026-03-04")
		w.newTask("In five days", w.contributor, "2026-03-07")
		w.newTask("In six days", w.contributor, "2026-03-08")
		w.newTask("In three days, the manager's", w.manager2, "2026-03-05")
		if err := w.app.RunJobNow(w.ctx, w.asOwner(), "notify.due_soon"); err != nil {
			t.Fatal(err)
		}
		m := waitMail(t, srv, w.contributor, "[Acme] Due soon: 2 tasks")
		if !strings.Contains(m.Text, "In two days") || !strings.Contains(m.Text, "In five days") || strings.Contains(m.Text, "In six days") {
			t.Errorf("reminder with a lead time of 5 days:\n%s", m.Text)
		}
		waitMail(t, srv, w.manager2, "[Acme] Due Thu 5 Mar 2026: In three days, the manager's")

		// A longer lead time adds the third task; the others were reminded.
		prefs.DueSoonDays = "10"
		if _, err := w.app.UpdateNotificationPrefs(w.ctx, w.asContributor(), prefs); err != nil {
			t.Fatal(err)
		}
		w.waitForJobs("notify.due_soon", 1)
		w.waitForJobs("notify.due_soon_user", 2)
		if err := w.app.RunJobNow(w.ctx, w.asOwner(), "notify.due_soon"); err != nil {
			t.Fatal(err)
		}
		m = waitMail(t, srv, w.contributor, "Due Sun 8 Mar 2026: In six days")
		if strings.Contains(m.Text, "In two days") {
			t.Errorf("a task was reminded twice:\n%s", m.Text)
		}
		if got := mailsTo(t, srv, w.contributor, "Due"); len(got) != 2 {
			t.Errorf("%d reminders, want 2", len(got))
		}
	})
}

func TestApprovalRequestReachesEachApprover(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		ap := w.mustSubmit(w.manager, w.manager2)
		for _, u := range []*isms.User{w.manager, w.manager2} {
			m := waitMail(t, srv, u, "[Acme] Approval requested: Organization profile: Acme")
			if !strings.Contains(m.Text, mailBase+"/approvals/"+string(ap.ID)) || !strings.Contains(m.Text, "Alice Admin asks you to approve") {
				t.Errorf("approval request to %s:\n%s", u.Name, m.Text)
			}
		}
		w.waitForJobs("notify.approval", 2)
		if got := mailsTo(t, srv, w.admin, ""); len(got) != 0 {
			t.Errorf("%d mails to the submitter", len(got))
		}
	})
}

// unsubscribeLink returns the token and kind of a received mail's
// List-Unsubscribe link.
func unsubscribeLink(t *testing.T, m mailtest.Received) (string, isms.NotificationKind) {
	t.Helper()
	u, err := url.Parse(strings.Trim(m.Headers.Get("List-Unsubscribe"), "<>"))
	if err != nil {
		t.Fatalf("List-Unsubscribe: %v", err)
	}
	token, ok := strings.CutPrefix(u.Path, "/unsubscribe/")
	if !ok || !strings.Contains(m.Text, u.String()) {
		t.Fatalf("List-Unsubscribe %s is not the link in the text:\n%s", u, m.Text)
	}
	return token, isms.NotificationKind(u.Query().Get("kind"))
}

func TestUnsubscribeLinkTurnsThePreferenceOff(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		w.newTask("First", w.contributor, "2026-04-30")
		token, kind := unsubscribeLink(t, waitMail(t, srv, w.contributor, "First"))
		if kind != isms.NotifyAssigned {
			t.Fatalf("kind = %q", kind)
		}
		if _, err := w.app.FindUnsubscription(w.ctx, token[:len(token)-2]+"xx", clientAddr); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindUnsubscription(tampered) = %v, want NotFound", err)
		}
		sub, err := w.app.FindUnsubscription(w.ctx, token, clientAddr)
		if err != nil || sub.Email != w.contributor.Email || !sub.Prefs.Assigned {
			t.Fatalf("FindUnsubscription() = %+v, %v", sub, err)
		}
		head := w.head(isms.InstallationChain)
		if _, err := w.app.Unsubscribe(w.ctx, token, kind, clientAddr); err != nil {
			t.Fatal(err)
		}
		p, err := w.app.FindNotificationPrefs(w.ctx, w.asContributor())
		if err != nil || p.Assigned || !p.Digest || p.DueSoonDays != 3 || !p.Approvals {
			t.Fatalf("preferences after unsubscribing = %+v, %v; want only assignments off", p, err)
		}
		if ev := w.events(isms.InstallationChain, head.Seq); len(ev) != 1 || ev[0].Action != "user.unsubscribe" || ev[0].ActorID != w.contributor.ID {
			t.Errorf("events = %v, want one user.unsubscribe by the contributor", actions(ev))
		}
		w.newTask("Second", w.contributor, "2026-04-30")
		w.waitForJobs("notify.assigned", 2)
		if got := mailsTo(t, srv, w.contributor, "Second"); len(got) != 0 {
			t.Errorf("an assignment mail arrived after unsubscribing")
		}

		// New links revoke the old ones.
		in := app.NotificationPrefsInput{Assigned: true, DueSoonDays: "3", Digest: true, Approvals: true, RevokeLinks: true}
		if _, err := w.app.UpdateNotificationPrefs(w.ctx, w.asContributor(), in); err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.Unsubscribe(w.ctx, token, "", clientAddr); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("Unsubscribe(revoked link) = %v, want NotFound", err)
		}
	})
}

func TestPermanentMailFailureIsNotRetried(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := startRejectingSMTP(t)
		w.setMailServer("127.0.0.1", srv.port)
		w.startJobs()
		w.newTask("Bounces", w.contributor, "2026-04-30")
		w.waitForJobState("notify.assigned", jobs.Cancelled)
		if n := srv.recipients(); n != 1 {
			t.Errorf("%d delivery attempts, want 1", n)
		}
		// The claim was released: a later attempt, with a working server,
		// may still send it.
		rows, err := sqldbtest.Raw(t, db.URL()).QueryContext(w.ctx, `SELECT COUNT(*) FROM notifications_sent`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var n int
		for rows.Next() {
			rows.Scan(&n)
		}
		if n != 0 {
			t.Errorf("%d notifications recorded as sent after a rejected mail, want 0", n)
		}
	})
}
