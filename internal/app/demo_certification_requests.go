// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// evidenceRequests has the body's auditor send her request list for the
// stage 1 audit; the owners answer the requests the list answers, and she
// accepts those it accepts.
func (d *demoCertificationLoader) evidenceRequests(ctx context.Context) error {
	ev := &demoAuditLoader{a: d.a, org: d.org, users: d.users, people: d.people, today: d.today}
	for _, x := range demoEvidenceRequests {
		if err := d.request(ctx, d.stage1.Ref, ev, x); err != nil {
			return fmt.Errorf("%q: %w", x.title, err)
		}
	}
	return nil
}

// request asks for x on audit, owned by the control's owner (or the
// certification's); answers it with the demo's evidence (found through
// ev) and accepts it as x says. An overdue request is asked for today,
// then dated as it was asked.
func (d *demoCertificationLoader) request(ctx context.Context, audit string, ev *demoAuditLoader, x demoEvidenceRequest) error {
	control := ""
	if x.control != "" {
		var err error
		if control, err = d.controlRefs(ctx, x.control); err != nil {
			return err
		}
	}
	r, err := d.a.CreateEvidenceRequest(ctx, d.auditor, EvidenceRequestInput{Audit: audit, Framework: string(d.framework),
		Requirement: x.requirement, Control: control, Title: x.title, Detail: x.detail, DueOn: d.today.AddDays(max(x.due, 0)).String()})
	if err != nil {
		return err
	}
	if x.due < 0 {
		return d.requestDue(ctx, r, d.today.AddDays(x.due))
	}
	if x.evidence == "" {
		return nil
	}
	id, err := ev.evidenceRef(ctx, x.evidence)
	if err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("no demo evidence %q", x.evidence)
	}
	if r, err = d.a.AnswerEvidenceRequest(ctx, d.member(r.OwnerID), r.ID, r.Version, x.answer, []isms.ID{isms.ID(id)}); err != nil || !x.accepted {
		return err
	}
	_, err = d.a.AcceptEvidenceRequest(ctx, d.auditor, r.ID, r.Version, "Seen; nothing more needed before stage 1.")
	return err
}

// member returns the demo member id as an actor.
func (d *demoCertificationLoader) member(id isms.ID) isms.Actor {
	for i, u := range d.users {
		if u.ID == id {
			return d.as(i)
		}
	}
	return isms.Actor{UserID: id, OrgID: d.org.ID}
}

// requestDue dates request r and its owner's task due on due, with an
// evidence_request.update event as the auditor who asked and the task's
// own event.
func (d *demoCertificationLoader) requestDue(ctx context.Context, r *isms.EvidenceRequest, due isms.Date) error {
	err := d.a.db.Update(ctx, func(tx *sqldb.Tx) error {
		cur, err := tx.FindEvidenceRequestByID(ctx, d.org.ID, r.ID)
		if err != nil {
			return err
		}
		c := isms.Changes{"dueOn": {Before: cur.DueOn.String(), After: due.String()}}
		cur.DueOn = due
		if err := tx.UpdateEvidenceRequest(ctx, cur, cur.Version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.org.ID), d.auditor, "evidence_request.update", objectEvidenceRequest, cur.ID, c)
	})
	if err != nil {
		return err
	}
	return d.a.dateDemoTask(ctx, d.manager(), r.TaskID, due, isms.Date{})
}
