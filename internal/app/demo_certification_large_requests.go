// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// request makes request i against a link of a control to a requirement,
// owned by the control's owner (the certificate's when they may not
// answer). The first half is the first surveillance's, asked by its
// auditor a month before it and closed: accepted, one in ten cancelled.
// The second half is the second surveillance's, asked by its auditor a
// week ago: open (those due before today overdue), answered or accepted.
func (g *largeCertGen) request(i int) {
	l := g.links[g.rng.IntN(len(g.links))]
	owner := g.cert.OwnerID
	if u := g.owners[l.ControlID]; u != nil {
		owner = u.ID
	}
	e, by := g.audits[2], g.auditors[0]
	asked := e.StartOn.AddDays(-30)
	status, due := isms.RequestAccepted, asked.AddDays(14+i%7)
	if i%10 == 9 {
		status = isms.RequestCancelled
	}
	if i >= largeDemoRequests/2 {
		e, by, asked = g.audits[3], g.auditors[1], g.today.AddDays(-7)
		status, due = []isms.RequestStatus{isms.RequestOpen, isms.RequestAnswered, isms.RequestAccepted}[i%3], g.today.AddDays(i%10-3)
	}
	r := &isms.EvidenceRequest{ID: isms.NewID("er"), OrgID: g.org, Ref: fmt.Sprintf("ER-%d", i+1), AuditID: e.ID,
		Requirement: isms.RequirementRef{ID: l.RequirementID, Ref: l.RequirementRef}, FrameworkID: g.fw, ControlID: l.ControlID,
		Title:  clipRunes("Records for "+l.RequirementRef+" "+l.RequirementText, isms.MaxNameLen),
		Detail: "Generated request: the records that show " + l.RequirementRef + " is met.", DueOn: due, OwnerID: owner,
		RequestedBy: by.ID, Status: status, Round: 1, Evidence: []isms.ID{}, TaskID: isms.NewID("tsk")}
	r.Thread = []isms.RequestMessage{g.message(isms.StepAsked, asked, by.ID, r.Detail, nil)}
	t := &isms.Task{ID: r.TaskID, OrgID: g.org, Title: requestTaskTitle(r), OwnerID: owner, Due: due, Status: isms.TaskOpen,
		Link: isms.Link{Type: objectEvidenceRequest, ID: r.ID}, CreatedBy: by.ID}
	answered := asked.AddDays(3 + i%5)
	switch status {
	case isms.RequestAnswered, isms.RequestAccepted:
		ev := &isms.Evidence{ID: isms.NewID("ev"), OrgID: g.org, Title: "Records for " + r.Ref, Kind: isms.EvidenceKindNote,
			Note: "Generated evidence: the records the request asks for.", OwnerID: owner, CollectedOn: answered,
			Source: isms.EvidenceSourceUpload, CreatedBy: owner}
		g.evidence, g.evLinks = append(g.evidence, ev), append(g.evLinks, isms.Link{Type: objectControl, ID: l.ControlID})
		r.Evidence = []isms.ID{ev.ID}
		r.Thread = append(r.Thread, g.message(isms.StepAnswered, answered, owner, "Generated answer.", r.Evidence))
		t.Status, t.CompletionNote, t.CompletedBy, t.CompletedAt = isms.TaskDone, "Answered.", owner, answered.Time().Add(14*time.Hour)
	case isms.RequestCancelled:
		r.Thread = append(r.Thread, g.message(isms.StepCancelled, answered, by.ID, "Seen during the audit instead.", nil))
		t.Status, t.CompletionNote, t.CompletedBy, t.CompletedAt = isms.TaskCancelled, r.Ref+" was cancelled.", by.ID, answered.Time().Add(14*time.Hour)
	}
	if status == isms.RequestAccepted {
		r.Thread = append(r.Thread, g.message(isms.StepAccepted, answered, by.ID, "Accepted.", nil))
	}
	g.requests, g.tasks = append(g.requests, r), append(g.tasks, t)
}

// message is a step of a request's thread, by a member, on day.
func (g *largeCertGen) message(step isms.RequestStep, day isms.Date, by isms.ID, text string, evidence []isms.ID) isms.RequestMessage {
	return isms.RequestMessage{Step: step, At: day.Time().Add(15 * time.Hour), By: by, ByName: g.names[by], Text: text, Evidence: evidence}
}

// store writes what generate made, parents before children, and the
// auditors' memberships with their events.
func (g *largeCertGen) store(ctx context.Context, tx *sqldb.Tx, hashed string) error {
	if err := g.storeAuditors(ctx, tx, hashed); err != nil {
		return err
	}
	if err := tx.InsertCertificate(ctx, g.cert); err != nil {
		return err
	}
	for _, e := range g.audits {
		if err := tx.InsertExternalAudit(ctx, e); err != nil {
			return err
		}
	}
	for _, f := range g.findings {
		if err := tx.InsertExternalFinding(ctx, f); err != nil {
			return err
		}
	}
	for _, n := range g.changedNC {
		if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
			return err
		}
		if err := addRecordLink(ctx, tx, g.org, n.SourceRecord, isms.Link{Type: objectNonconformity, ID: n.ID}); err != nil {
			return err
		}
	}
	if err := tx.InsertTasks(ctx, g.tasks); err != nil {
		return err
	}
	for i, ev := range g.evidence {
		if err := tx.InsertEvidence(ctx, ev); err != nil {
			return err
		}
		if _, err := tx.InsertEvidenceLink(ctx, g.org, ev.ID, g.evLinks[i]); err != nil {
			return err
		}
	}
	for _, r := range g.requests {
		if err := tx.InsertEvidenceRequest(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// storeAuditors adds the external auditors: accounts with the demo
// password, members with the auditor role limited to the framework, the
// first until two weeks after the first surveillance audit, the second
// until 45 days from today.
func (g *largeCertGen) storeAuditors(ctx context.Context, tx *sqldb.Tx, hashed string) error {
	until := []isms.Date{g.audits[2].EndOn.AddDays(14), g.today.AddDays(45)}
	for i, u := range g.auditors {
		if err := tx.InsertUser(ctx, u, hashed); err != nil {
			return err
		}
		m := &isms.Membership{OrgID: g.org, UserID: u.ID, Role: isms.RoleAuditor, AccessUntil: until[i], FrameworkID: g.fw}
		if err := tx.InsertMembership(ctx, m); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(g.org), g.admin, "membership.create", "user", u.ID, isms.Created(map[string]any{
			"role": string(m.Role), "email": u.Email, "accessUntil": m.AccessUntil.String(), "framework": g.fwName})); err != nil {
			return err
		}
	}
	return nil
}
