// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// requestRefs lists the requests actor sees, by reference.
func (w *requestWorld) requestRefs(actor isms.Actor, f isms.EvidenceRequestFilter) []string {
	w.t.Helper()
	list, total, err := w.app.ListEvidenceRequests(w.ctx, actor, f)
	if err != nil {
		w.t.Fatalf("ListEvidenceRequests() = %v", err)
	}
	out := []string{}
	for _, r := range list {
		out = append(out, r.Ref)
	}
	if total != len(out) {
		w.t.Errorf("ListEvidenceRequests() total = %d, want %d", total, len(out))
	}
	return out
}

func TestEvidenceRequestPermissions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		in := app.EvidenceRequestInput{Control: w.backups.Ref, Title: "Backup logs", DueOn: w.due(7)}
		for _, actor := range []isms.Actor{w.asViewer(), w.asContributor(), w.asEmployee()} {
			_, err := w.app.CreateEvidenceRequest(w.ctx, actor, in)
			wantMessage(t, "CreateEvidenceRequest(as "+string(actor.Role)+")", err, isms.Forbidden, "You may not ask for evidence.")
		}
		w.ask(w.asManager(), in)
		r := w.askBackups()
		v := w.findRequest(w.asViewer(), r.Ref)
		if v.CanAnswer || v.CanReview {
			t.Errorf("viewer may answer %v, review %v; want neither", v.CanAnswer, v.CanReview)
		}
		if v = w.findRequest(w.asAuditor(), r.Ref); v.CanAnswer || v.CanReview {
			t.Errorf("auditor on an open request may answer %v, review %v; want neither", v.CanAnswer, v.CanReview)
		}
		if v = w.findRequest(w.asManager2(), r.Ref); !v.CanAnswer {
			t.Errorf("a manager who is not the owner may not answer; want allowed with EditEvidence")
		}
		_, err := w.app.FindEvidenceRequest(w.ctx, w.asEmployee(), r.Ref)
		wantMessage(t, "FindEvidenceRequest(employee)", err, isms.Forbidden, "You may not see evidence requests.")
		_, _, err = w.app.ListEvidenceRequests(w.ctx, w.asEmployee(), isms.EvidenceRequestFilter{})
		wantCode(t, "ListEvidenceRequests(employee)", err, isms.Forbidden)
		item := w.evidence("Backup log")
		for _, actor := range []isms.Actor{w.asViewer(), w.asAuditor()} {
			_, err = w.app.AnswerEvidenceRequest(w.ctx, actor, r.ID, r.Version, "", []isms.ID{item.ID})
			wantMessage(t, "AnswerEvidenceRequest(as "+string(actor.Role)+")", err, isms.Forbidden,
				"Only the request's owner, or someone who may add evidence, may answer ER-2.")
		}
		_, err = w.app.AnswerEvidenceRequest(w.ctx, w.asEmployee(), r.ID, r.Version, "", []isms.ID{item.ID})
		wantMessage(t, "AnswerEvidenceRequest(employee)", err, isms.Forbidden, "You may not see evidence requests.")
		// A contributor who is not the owner answers with EditEvidence.
		first := w.ask(w.asAuditor(), app.EvidenceRequestInput{Requirement: "A.5.1", Title: "Policies", DueOn: w.due(7)})
		if first.OwnerID != w.manager2.ID {
			t.Fatalf("owner = %s, want the second manager", first.OwnerName)
		}
		if _, err := w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), first.ID, first.Version, "", []isms.ID{item.ID}); err != nil {
			t.Errorf("AnswerEvidenceRequest(contributor, not the owner) = %v, want nil", err)
		}
		if v = w.findRequest(w.asAuditor(), first.Ref); !v.CanReview || v.CanAnswer {
			t.Errorf("auditor on an answered request may review %v, answer %v; want review only", v.CanReview, v.CanAnswer)
		}
		_, err = w.app.AcceptEvidenceRequest(w.ctx, w.asContributor(), first.ID, first.Version+1, "")
		wantMessage(t, "AcceptEvidenceRequest(contributor)", err, isms.Forbidden, "You may not ask for evidence.")
	})
}

func TestEvidenceRequestOtherOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		r := w.askBackups()
		globex := w.globexAdmin()
		_, err := w.app.FindEvidenceRequest(w.ctx, globex, r.Ref)
		wantCode(t, "FindEvidenceRequest(other organization, by ref)", err, isms.NotFound)
		_, err = w.app.FindEvidenceRequest(w.ctx, globex, string(r.ID))
		wantCode(t, "FindEvidenceRequest(other organization, by ID)", err, isms.NotFound)
		_, err = w.app.CancelEvidenceRequest(w.ctx, globex, r.ID, r.Version, "")
		wantCode(t, "CancelEvidenceRequest(other organization)", err, isms.NotFound)
		_, err = w.app.AnswerEvidenceRequest(w.ctx, globex, r.ID, r.Version, "", []isms.ID{"evi_1"})
		wantCode(t, "AnswerEvidenceRequest(other organization)", err, isms.NotFound)
		if refs := w.requestRefs(globex, isms.EvidenceRequestFilter{}); len(refs) != 0 {
			t.Errorf("Globex sees %v, want nothing", refs)
		}
		// Another organization's evidence cannot answer acme's request.
		theirs, err := w.app.CreateEvidence(w.ctx, globex, app.EvidenceInput{Title: "Their log", Kind: isms.EvidenceKindNote,
			Note: "Seen.", CollectedOn: isms.DateOf(w.clock.Now()), Source: isms.EvidenceSourceUpload}, nil)
		if err != nil {
			t.Fatalf("CreateEvidence(globex) = %v", err)
		}
		_, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{theirs.ID})
		if diff := cmp.Diff(map[string]string{"evidence": "No evidence item \u201c" + string(theirs.ID) + "\u201d in this organization."},
			isms.ErrorFields(err)); diff != "" {
			t.Errorf("AnswerEvidenceRequest(their evidence) problems (-want +got):\n%s", diff)
		}
	})
}

func TestEvidenceRequestFrameworkLimit(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		iso22 := w.ask(w.asAuditor(), app.EvidenceRequestInput{Requirement: "A.5.1", Title: "Policies", DueOn: w.due(7)})
		control := w.askBackups()
		limited := w.asLimitedAuditor()
		// Without a framework, the limited auditor asks in theirs.
		iso13 := w.ask(limited, app.EvidenceRequestInput{Requirement: "A.12.3.1", Control: w.backups.Ref, Title: "Backup policy", DueOn: w.due(7)})
		if iso13.FrameworkID != w.iso13.ID || iso13.Requirement.Ref != "A.12.3.1" || iso13.OwnerID != w.contributor.ID {
			t.Errorf("CreateEvidenceRequest(limited) = %+v", iso13)
		}
		_, err := w.app.CreateEvidenceRequest(w.ctx, limited, app.EvidenceRequestInput{Framework: "iso27001-2022", Requirement: "A.5.1",
			Title: "Policies", DueOn: w.due(7)})
		wantError(t, "CreateEvidenceRequest(limited, other framework)", err, isms.Invalid, "Please correct the highlighted field.",
			map[string]string{"framework": "You may ask for evidence only against the framework your access is limited to."})
		_, err = w.app.CreateEvidenceRequest(w.ctx, limited, app.EvidenceRequestInput{Audit: w.ea.Ref, Requirement: "A.5.1",
			Title: "Policies", DueOn: w.due(7)})
		wantError(t, "CreateEvidenceRequest(limited, audit of the other framework)", err, isms.Invalid, "Please correct the highlighted field.",
			map[string]string{"framework": "You may ask for evidence only against the framework your access is limited to."})
		if diff := cmp.Diff([]string{control.Ref, iso13.Ref}, w.requestRefs(limited, isms.EvidenceRequestFilter{Sort: "ref"})); diff != "" {
			t.Errorf("limited auditor's list (-want +got):\n%s", diff)
		}
		filter := isms.EvidenceRequestFilter{FrameworkID: w.iso.ID, Sort: "ref"}
		if diff := cmp.Diff([]string{control.Ref, iso13.Ref}, w.requestRefs(limited, filter)); diff != "" {
			t.Errorf("limited auditor's list asking for the other framework (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{iso22.Ref, control.Ref, iso13.Ref}, w.requestRefs(w.asAuditor(), isms.EvidenceRequestFilter{Sort: "ref"})); diff != "" {
			t.Errorf("auditor's list (-want +got):\n%s", diff)
		}
		_, err = w.app.FindEvidenceRequest(w.ctx, limited, iso22.Ref)
		wantMessage(t, "FindEvidenceRequest(limited, other framework)", err, isms.NotFound, "No such evidence request in this organization.")
		_, err = w.app.CancelEvidenceRequest(w.ctx, limited, iso22.ID, iso22.Version, "")
		wantCode(t, "CancelEvidenceRequest(limited, other framework)", err, isms.NotFound)
		if v := w.findRequest(limited, control.Ref); v.ID != control.ID {
			t.Errorf("FindEvidenceRequest(limited, control only) = %s", v.Ref)
		}
	})
}
