// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// invite invites an auditor as the manager, failing the test on error.
func (w *world) invite(in app.AuditorInput) *app.AddMemberResult {
	w.t.Helper()
	res, err := w.app.InviteAuditor(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("InviteAuditor(%s) = %v, want nil", in.Email, err)
	}
	return res
}

// session signs in with email and password and returns the session ID.
func (w *world) session(email, pw string) string {
	w.t.Helper()
	id, _, err := w.app.SignIn(w.ctx, email, pw, clientAddr)
	if err != nil {
		w.t.Fatalf("SignIn(%s) = %v, want nil", email, err)
	}
	return id
}

// authenticate resolves a session, failing the test on error.
func (w *world) authenticate(id string) *app.SessionState {
	w.t.Helper()
	st, err := w.app.Authenticate(w.ctx, id)
	if err != nil {
		w.t.Fatalf("Authenticate() = %v, want nil", err)
	}
	return st
}

// importSmall imports a one-requirement framework with key as the manager.
func (w *world) importSmall(key, name string) (*isms.Framework, *isms.Requirement) {
	w.t.Helper()
	f, _, err := w.app.ImportFramework(w.ctx, w.asManager(), &catalog.Framework{
		Meta:         isms.Framework{Key: key, Name: name, Source: isms.SourceYAML, SHA256: key},
		Requirements: []isms.Requirement{{Ref: "R1", Title: "First", Kind: isms.KindControl, Assessable: true}},
	})
	if err != nil {
		w.t.Fatalf("ImportFramework(%s) = %v, want nil", key, err)
	}
	return f, w.requirement(f.ID, "R1")
}

func TestAuditorAccessEndsAfterItsLastDay(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		// Sessions that outlive the access, to see the access end under them.
		w.app = app.New(db, app.Options{Now: w.clock.Now, SessionIdle: 72 * time.Hour, SessionMax: 72 * time.Hour,
			PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		res := w.invite(app.AuditorInput{Email: "ivy@cert.example", Name: "Ivy Auditor", AccessUntil: "2026-03-03"})
		if res.Password == "" {
			t.Fatal("InviteAuditor(new account).Password is empty, want a one-time password")
		}
		sid := w.session("ivy@cert.example", res.Password)
		st := w.authenticate(sid)
		want := isms.Actor{UserID: res.User.ID, Name: "Ivy Auditor", OrgID: w.org.ID, Role: isms.RoleAuditor, Watched: true}
		if diff := cmp.Diff(want, st.Actor); diff != "" {
			t.Errorf("auditor's actor mismatch (-want +got):\n%s", diff)
		}
		secret, err := w.app.CreateAPIToken(w.ctx, st.Actor, &isms.APIToken{Name: "ci", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now().AddDate(0, 1, 0)})
		if err != nil {
			t.Fatalf("CreateAPIToken(auditor) = %v, want nil", err)
		}

		w.clock.Advance(38 * time.Hour) // 2026-03-03 23:00: the last day
		if st = w.authenticate(sid); st.Actor.OrgID != w.org.ID {
			t.Errorf("on the last day, Authenticate().Actor.OrgID = %q, want acme", st.Actor.OrgID)
		}
		if _, err := w.app.AuthenticateToken(w.ctx, secret); err != nil {
			t.Errorf("on the last day, AuthenticateToken() = %v, want nil", err)
		}

		w.clock.Advance(2 * time.Hour) // 2026-03-04 01:00
		st = w.authenticate(sid)
		if st.Org != nil || st.Actor.OrgID != "" || st.Actor.Role != "" || len(st.Orgs) != 0 {
			t.Errorf("after the last day, Authenticate() = org %v, actor org %q role %q, %d orgs; want none", st.Org, st.Actor.OrgID, st.Actor.Role, len(st.Orgs))
		}
		if len(st.Ended) != 1 || st.Ended[0].Org.ID != w.org.ID || st.Ended[0].AccessUntil.String() != "2026-03-03" {
			t.Errorf("after the last day, Authenticate().Ended = %+v, want acme until 2026-03-03", st.Ended)
		}
		_, err = w.app.AuthenticateToken(w.ctx, secret)
		if msg := isms.ErrorMessage(err); isms.ErrorCode(err) != isms.Unauthorized || msg != "Your access to this organization ended on 2026-03-03." {
			t.Errorf("after the last day, AuthenticateToken() = %v, want unauthorized with the end date", err)
		}
		// The account still signs in: it may belong to other organizations.
		beta := w.newOrg("beta", "Beta", w.admin)
		w.join(beta, res.User, isms.RoleViewer)
		if st = w.authenticate(w.session("ivy@cert.example", res.Password)); st.Actor.OrgID != beta.ID || st.Actor.Watched {
			t.Errorf("new session after acme's access ended: org %q watched %v, want beta, not watched", st.Actor.OrgID, st.Actor.Watched)
		}
		if err := w.app.SwitchOrganization(w.ctx, sid, st, "acme"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("SwitchOrganization(acme) after its access ended = %v, want not found", err)
		}
	})
}

func TestFrameworkLimitedAuditorSeesOnlyTheirFramework(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso, _ := w.importSmall("iso-lite", "ISO lite")
		soc, socReq := w.importSmall("soc-lite", "SOC lite")
		socSoA, err := w.app.GenerateSoA(w.ctx, w.asManager(), "soc-lite", "")
		if err != nil {
			t.Fatalf("GenerateSoA(soc-lite) = %v, want nil", err)
		}
		if _, err := w.app.GenerateSoA(w.ctx, w.asManager(), "iso-lite", ""); err != nil {
			t.Fatalf("GenerateSoA(iso-lite) = %v, want nil", err)
		}
		res := w.invite(app.AuditorInput{Email: "ivy@cert.example", Name: "Ivy Auditor", AccessUntil: "2026-06-30", Framework: "iso-lite"})
		aud := w.authenticate(w.session("ivy@cert.example", res.Password)).Actor
		if aud.FrameworkID != iso.ID {
			t.Fatalf("auditor's Actor.FrameworkID = %q, want iso-lite's %q", aud.FrameworkID, iso.ID)
		}

		list, total, err := w.app.FindFrameworks(w.ctx, aud, isms.FrameworkFilter{Limit: 10})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != iso.ID {
			t.Errorf("FindFrameworks(auditor) = %d of %d, %v; want iso-lite alone", len(list), total, err)
		}
		if all, total, _ := w.app.FindFrameworks(w.ctx, w.asViewer(), isms.FrameworkFilter{Limit: 10}); total != 2 || len(all) != 2 {
			t.Errorf("FindFrameworks(viewer) = %d of %d, want 2 of 2", len(all), total)
		}
		if f, err := w.app.FindFramework(w.ctx, aud, "iso-lite"); err != nil || f.ID != iso.ID {
			t.Errorf("FindFramework(auditor, iso-lite) = %v, want iso-lite", err)
		}
		notFound := map[string]error{}
		_, notFound["FindFramework(soc-lite)"] = w.app.FindFramework(w.ctx, aud, "soc-lite")
		_, notFound["FindFramework(soc ID)"] = w.app.FindFramework(w.ctx, aud, string(soc.ID))
		_, _, notFound["FindRequirements(soc)"] = w.app.FindRequirements(w.ctx, aud, isms.RequirementFilter{FrameworkID: soc.ID})
		_, notFound["FindRequirement(soc R1)"] = w.app.FindRequirement(w.ctx, aud, socReq.ID)
		_, notFound["ResolveRequirement(soc-lite, R1)"] = w.app.ResolveRequirement(w.ctx, aud, "soc-lite", "R1")
		_, notFound["FrameworkAttributes(soc)"] = w.app.FrameworkAttributes(w.ctx, aud, soc.ID)
		_, notFound["ExportFramework(soc)"] = w.app.ExportFramework(w.ctx, aud, soc.ID)
		_, notFound["FrameworkPosture(soc)"] = w.app.FrameworkPosture(w.ctx, aud, soc.ID)
		_, notFound["FindSoA(soc-lite)"] = w.app.FindSoA(w.ctx, aud, "soc-lite", "")
		_, notFound["FindSoA(soc SoA ID)"] = w.app.FindSoA(w.ctx, aud, "", string(socSoA.ID))
		_, notFound["SoAVersions(soc-lite)"] = w.app.SoAVersions(w.ctx, aud, "soc-lite")
		for call, err := range notFound {
			wantCode(t, call+" as the iso-lite auditor", err, isms.NotFound)
		}
		if v, err := w.app.FindSoA(w.ctx, aud, "", ""); err != nil || v.SoA.FrameworkID != iso.ID {
			t.Errorf("FindSoA(auditor, default) = %v, want iso-lite's draft", err)
		}
		if vers, err := w.app.SoAVersions(w.ctx, aud, ""); err != nil || len(vers) != 1 || vers[0].FrameworkID != iso.ID {
			t.Errorf("SoAVersions(auditor, all) = %d versions, %v; want iso-lite's one", len(vers), err)
		}
		if p, err := w.app.Posture(w.ctx, aud); err != nil || len(p) != 1 || p[0].Framework.ID != iso.ID {
			t.Errorf("Posture(auditor) = %d frameworks, %v; want iso-lite alone", len(p), err)
		}
		if _, err := w.app.FindRequirement(w.ctx, w.asViewer(), socReq.ID); err != nil {
			t.Errorf("FindRequirement(viewer, soc R1) = %v, want nil", err)
		}
	})
}

func TestInviteAuditorChecksItsInput(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso, _ := w.importSmall("iso-lite", "ISO lite")
		ok := app.AuditorInput{Email: "ivy@cert.example", Name: "Ivy Auditor", AccessUntil: "2027-04-06"} // today + 400 days
		for _, c := range []struct {
			name   string
			edit   func(in *app.AuditorInput)
			code   isms.Code
			fields map[string]string
		}{
			{"no end date", func(in *app.AuditorInput) { in.AccessUntil = "" }, isms.Invalid,
				map[string]string{"accessUntil": "Enter the last day of access as YYYY-MM-DD."}},
			{"not a date", func(in *app.AuditorInput) { in.AccessUntil = "next June" }, isms.Invalid,
				map[string]string{"accessUntil": "Enter the last day of access as YYYY-MM-DD."}},
			{"today", func(in *app.AuditorInput) { in.AccessUntil = "2026-03-02" }, isms.Invalid,
				map[string]string{"accessUntil": "The last day of access must be after today."}},
			{"401 days ahead", func(in *app.AuditorInput) { in.AccessUntil = "2027-04-07" }, isms.Invalid,
				map[string]string{"accessUntil": "Access may last at most 400 days: choose 2027-04-06 or earlier."}},
			{"unknown framework and no name", func(in *app.AuditorInput) { in.Framework, in.Name = "soc-lite", "" }, isms.Invalid,
				map[string]string{"framework": "Choose one of the organization's frameworks, or none for all of them.", "name": "Name is required."}},
			{"already a member", func(in *app.AuditorInput) { in.Email = emailOf("Erin Viewer") }, isms.Conflict,
				map[string]string{"email": "This person is already a member of the organization."}},
		} {
			in := ok
			c.edit(&in)
			_, err := w.app.InviteAuditor(w.ctx, w.asAdmin(), in)
			if isms.ErrorCode(err) != c.code {
				t.Errorf("%s: InviteAuditor() = %v, want %s", c.name, err, c.code)
			}
			if diff := cmp.Diff(c.fields, isms.ErrorFields(err)); diff != "" {
				t.Errorf("%s: InviteAuditor() fields mismatch (-want +got):\n%s", c.name, diff)
			}
		}
		for _, a := range []isms.Actor{w.asContributor(), w.asViewer()} {
			_, err := w.app.InviteAuditor(w.ctx, a, ok)
			wantCode(t, "InviteAuditor(as "+string(a.Role)+")", err, isms.Forbidden)
		}

		seq := w.seq()
		ok.Framework = string(iso.ID)
		res := w.invite(ok)
		events := w.events(string(w.org.ID), seq)
		if diff := cmp.Diff([]string{"user.create", "membership.create"}, actions(events)); diff != "" {
			t.Fatalf("events of InviteAuditor mismatch (-want +got):\n%s", diff)
		}
		want := map[string]isms.Change{"role": {After: "auditor"}, "email": {After: "ivy@cert.example"},
			"accessUntil": {After: "2027-04-06"}, "framework": {After: "ISO lite"}}
		if diff := cmp.Diff(want, changes(t, events[1])); diff != "" {
			t.Errorf("membership.create changes mismatch (-want +got):\n%s", diff)
		}
		m, err := w.app.FindMember(w.ctx, w.asViewer(), res.User.ID)
		if err != nil || m.Role != isms.RoleAuditor || m.AccessUntil.String() != "2027-04-06" || m.FrameworkID != iso.ID || m.FrameworkName != "ISO lite" {
			t.Errorf("FindMember(new auditor) = %+v, %v; want auditor until 2027-04-06 on ISO lite", m, err)
		}

		// An existing account joins without a new password.
		beta := w.newOrg("beta", "Beta", w.manager)
		zed := w.newMember(beta, "Zed Outsider", isms.RoleContributor)
		if res := w.invite(app.AuditorInput{Email: zed.Email, AccessUntil: "2026-04-01"}); res.Password != "" || res.User.ID != zed.ID {
			t.Errorf("InviteAuditor(existing account) = user %s, password %q; want zed, none", res.User.ID, res.Password)
		}
	})
}

func TestUpdateAuditorAccess(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso, _ := w.importSmall("iso-lite", "ISO lite")
		res := w.invite(app.AuditorInput{Email: "ivy@cert.example", Name: "Ivy Auditor", AccessUntil: "2026-04-30"})
		ivy := res.User.ID
		sid := w.session("ivy@cert.example", res.Password)
		version := func(id isms.ID) int {
			m, err := w.app.FindMember(w.ctx, w.asAdmin(), id)
			if err != nil {
				t.Fatalf("FindMember() = %v", err)
			}
			return m.Version
		}

		err := w.app.UpdateAuditorAccess(w.ctx, w.asViewer(), ivy, version(ivy), app.AuditorInput{AccessUntil: "2026-05-31"})
		wantCode(t, "UpdateAuditorAccess(as viewer)", err, isms.Forbidden)
		err = w.app.UpdateAuditorAccess(w.ctx, w.asManager(), w.contributor.ID, version(w.contributor.ID), app.AuditorInput{AccessUntil: "2026-05-31"})
		if msg := isms.ErrorMessage(err); isms.ErrorCode(err) != isms.Conflict || msg != "Only an auditor's access has an end date and a framework; this member's role is Contributor." {
			t.Errorf("UpdateAuditorAccess(contributor) = %v, want the conflict about the role", err)
		}
		err = w.app.UpdateAuditorAccess(w.ctx, w.asManager(), ivy, version(ivy)-1, app.AuditorInput{AccessUntil: "2026-05-31"})
		wantCode(t, "UpdateAuditorAccess(stale version)", err, isms.Conflict)
		err = w.app.UpdateAuditorAccess(w.ctx, w.asManager(), ivy, version(ivy), app.AuditorInput{AccessUntil: "2028-01-01", Framework: "nope"})
		wantFields(t, "UpdateAuditorAccess(too far, unknown framework)", err, isms.Invalid, "accessUntil", "framework")

		seq := w.seq()
		in := app.AuditorInput{AccessUntil: "2026-05-31", Framework: "iso-lite"}
		if err := w.app.UpdateAuditorAccess(w.ctx, w.asManager(), ivy, version(ivy), in); err != nil {
			t.Fatalf("UpdateAuditorAccess() = %v, want nil", err)
		}
		if err := w.app.UpdateAuditorAccess(w.ctx, w.asManager(), ivy, version(ivy), in); err != nil {
			t.Fatalf("UpdateAuditorAccess(same again) = %v, want nil", err)
		}
		if st := w.authenticate(sid); st.Actor.FrameworkID != iso.ID {
			t.Errorf("after the change, the auditor's session has framework %q, want iso-lite", st.Actor.FrameworkID)
		}
		// End access now: yesterday.
		if err := w.app.UpdateAuditorAccess(w.ctx, w.asManager(), ivy, version(ivy), app.AuditorInput{AccessUntil: "2026-03-01"}); err != nil {
			t.Fatalf("UpdateAuditorAccess(yesterday) = %v, want nil", err)
		}
		if st := w.authenticate(sid); st.Actor.OrgID != "" {
			t.Errorf("after ending access, the auditor's session acts in %q, want no organization", st.Actor.OrgID)
		}
		events := w.events(string(w.org.ID), seq)
		if diff := cmp.Diff([]string{"membership.update", "membership.update"}, actions(events)); diff != "" {
			t.Fatalf("events mismatch (-want +got):\n%s", diff)
		}
		want := []map[string]isms.Change{
			{"accessUntil": {Before: "2026-04-30", After: "2026-05-31"}, "framework": {Before: "", After: "ISO lite"}},
			{"accessUntil": {Before: "2026-05-31", After: "2026-03-01"}, "framework": {Before: "ISO lite", After: ""}},
		}
		for i, e := range events {
			if diff := cmp.Diff(want[i], changes(t, e)); diff != "" || e.ObjectID != ivy {
				t.Errorf("event %d on %s, changes mismatch (-want +got):\n%s", i, e.ObjectID, diff)
			}
		}
		list, err := w.app.ListAuditors(w.ctx, w.asViewer())
		if err != nil || len(list) != 1 || list[0].User.ID != ivy || list[0].AccessUntil.String() != "2026-03-01" {
			t.Errorf("ListAuditors() = %d, %v; want ivy, ended 2026-03-01", len(list), err)
		}
	})
}

func TestRecordAccessWritesAnEventForWatchedActors(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		res := w.invite(app.AuditorInput{Email: "ivy@cert.example", Name: "Ivy Auditor", AccessUntil: "2026-04-30"})
		aud := w.authenticate(w.session("ivy@cert.example", res.Password)).Actor
		seq := w.seq()
		if err := w.app.RecordAccess(w.ctx, aud, "GET", "/risks", 200, ""); err != nil {
			t.Fatalf("RecordAccess(view) = %v", err)
		}
		if err := w.app.RecordAccess(w.ctx, aud, "GET", "/risks/export.csv", 200, "risks.csv"); err != nil {
			t.Fatalf("RecordAccess(download) = %v", err)
		}
		if err := w.app.RecordAccess(w.ctx, w.asViewer(), "GET", "/risks", 200, ""); err != nil {
			t.Fatalf("RecordAccess(viewer) = %v", err)
		}
		events := w.events(string(w.org.ID), seq)
		if diff := cmp.Diff([]string{"auditor.view", "auditor.download"}, actions(events)); diff != "" {
			t.Fatalf("events mismatch (-want +got):\n%s", diff)
		}
		want := []map[string]isms.Change{
			{"method": {After: "GET"}, "path": {After: "/risks"}, "status": {After: float64(200)}},
			{"method": {After: "GET"}, "path": {After: "/risks/export.csv"}, "status": {After: float64(200)}, "file": {After: "risks.csv"}},
		}
		for i, e := range events {
			if e.ActorID != res.User.ID || e.ObjectType != "page" || e.ObjectID != isms.ID(want[i]["path"].After.(string)) {
				t.Errorf("event %d = %s by %s on %s %s, want by ivy on the page", i, e.Action, e.ActorID, e.ObjectType, e.ObjectID)
			}
			if diff := cmp.Diff(want[i], changes(t, e)); diff != "" {
				t.Errorf("event %d changes mismatch (-want +got):\n%s", i, diff)
			}
		}
	})
}
