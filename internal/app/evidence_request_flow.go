// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A request moves open → answered → accepted, or back to open when the
// auditor asks again; an open or answered one may be cancelled. Each move
// adds a message to the thread and is one audit event; the owner's task
// follows in the same transaction.

// requestAction is one move of a request.
type requestAction struct {
	name string // the audit event is "evidence_request.<name>"
	from []isms.RequestStatus
	may  func(isms.Actor, *isms.EvidenceRequest) error
	// change moves r and returns the changes for the audit trail.
	change func(tx *sqldb.Tx, r *isms.EvidenceRequest) (isms.Changes, error)
	// after, when set, runs once r is stored: the task follows the
	// request, and the task hook sees the request's new status.
	after func(tx *sqldb.Tx, r *isms.EvidenceRequest) error
}

// changeRequest applies act to request id (its ID or reference), read at
// version, in one transaction; nothing is stored when nothing changed.
func (a *App) changeRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, act requestAction) (*isms.EvidenceRequest, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence requests."); err != nil {
		return nil, err
	}
	var r *isms.EvidenceRequest
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if r, err = findRequestFor(ctx, tx, actor, string(id)); err != nil {
			return err
		}
		if err := act.may(actor, r); err != nil {
			return err
		}
		if r.Version != version {
			return staleConflict("evidence request", version, r.Version)
		}
		if !slices.Contains(act.from, r.Status) {
			return requestStatusConflict(r)
		}
		ch, err := act.change(tx, r)
		if err != nil || len(ch) == 0 {
			return err
		}
		if err := tx.UpdateEvidenceRequest(ctx, r, version); err != nil {
			return err
		}
		if act.after != nil {
			if err := act.after(tx, r); err != nil {
				return err
			}
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, "evidence_request."+act.name, objectEvidenceRequest, r.ID, ch)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// requestStatusConflict says what r's status allows instead.
func requestStatusConflict(r *isms.EvidenceRequest) error {
	next := "it can no longer change"
	switch r.Status {
	case isms.RequestOpen:
		next = "it waits for its owner's answer, and can be changed or cancelled"
	case isms.RequestAnswered:
		next = "it can be accepted, asked again or cancelled"
	}
	return isms.Errorf(isms.Conflict, "Evidence request %s is %s: %s.", r.Ref, strings.ToLower(r.Status.Label()), next)
}

// requestMessage is a step of a thread taken by actor now.
func requestMessage(tx *sqldb.Tx, actor isms.Actor, step isms.RequestStep, text string, evidence []isms.ID) isms.RequestMessage {
	return isms.RequestMessage{Step: step, At: tx.Now(), By: actor.UserID, ByName: actor.Name, Text: text, Evidence: evidence}
}

// moveRequest sets r's status, adds the step to its thread and returns
// the changes.
func moveRequest(tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest, to isms.RequestStatus, m isms.RequestMessage) isms.Changes {
	ch := isms.Changes{"status": {Before: string(r.Status), After: string(to)}}
	if m.Text != "" {
		ch["text"] = isms.Change{After: m.Text}
	}
	r.Status, r.Thread = to, append(r.Thread, m)
	return ch
}

// requestText trims a thread message, refusing one too long as a
// problem on field (the form's name for it).
func requestText(text, field string, p isms.Problems) string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > isms.MaxTextLen {
		p.Add(field, "Keep it to 20,000 characters.")
	}
	return text
}

// AnswerEvidenceRequest attaches evidence items to an open request with
// a note; at least one item is required. It completes the owner's task.
func (a *App) AnswerEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, text string, evidence []isms.ID) (*isms.EvidenceRequest, error) {
	var note string
	return a.changeRequest(ctx, actor, id, version, requestAction{name: "answer", from: []isms.RequestStatus{isms.RequestOpen},
		may: mayAnswer, change: func(tx *sqldb.Tx, r *isms.EvidenceRequest) (isms.Changes, error) {
			p := isms.Problems{}
			note = requestText(text, "text", p)
			items, err := requestEvidence(ctx, tx, r.OrgID, evidence, p)
			if err != nil || len(p) > 0 {
				return nil, mergeProblems(p, err)
			}
			ids, titles := make([]isms.ID, len(items)), make([]string, len(items))
			for i, e := range items {
				ids[i], titles[i] = e.ID, e.Title
			}
			r.Evidence = uniqueIDs(append(r.Evidence, ids...))
			ch := moveRequest(tx, actor, r, isms.RequestAnswered, requestMessage(tx, actor, isms.StepAnswered, note, ids))
			ch["evidence"] = isms.Change{After: strings.Join(titles, ", ")}
			return ch, nil
		}, after: func(tx *sqldb.Tx, r *isms.EvidenceRequest) error {
			return completeRequestTask(ctx, tx, actor, r, note)
		}})
}

// requestEvidence returns the evidence items ids names, at least one,
// each of org; the others are a problem on "evidence".
func requestEvidence(ctx context.Context, tx *sqldb.Tx, org isms.ID, ids []isms.ID, p isms.Problems) ([]*isms.Evidence, error) {
	var want []isms.ID
	for _, id := range ids {
		if id = isms.ID(strings.TrimSpace(string(id))); id != "" {
			want = append(want, id)
		}
	}
	var out []*isms.Evidence
	var unknown []string
	for _, id := range uniqueIDs(want) {
		e, err := tx.FindEvidenceByID(ctx, org, id)
		if isms.ErrorCode(err) == isms.NotFound {
			unknown = append(unknown, quote(string(id)))
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	switch {
	case len(unknown) > 0:
		p.Add("evidence", "No evidence item "+strings.Join(unknown, ", ")+" in this organization.")
	case len(out) == 0:
		p.Add("evidence", "Attach at least one evidence item.")
	}
	return out, nil
}

// AcceptEvidenceRequest records the auditor's acceptance of an answer.
func (a *App) AcceptEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, text string) (*isms.EvidenceRequest, error) {
	return a.changeRequest(ctx, actor, id, version, requestAction{name: "accept", from: []isms.RequestStatus{isms.RequestAnswered},
		may: mayRequest, change: func(tx *sqldb.Tx, r *isms.EvidenceRequest) (isms.Changes, error) {
			p := isms.Problems{}
			note := requestText(text, "note", p)
			if err := p.Err(); err != nil {
				return nil, err
			}
			return moveRequest(tx, actor, r, isms.RequestAccepted, requestMessage(tx, actor, isms.StepAccepted, note, nil)), nil
		}})
}

// AskAgain reopens an answered request with what is still missing
// (required) and a new due date; the owner gets a new task.
func (a *App) AskAgain(ctx context.Context, actor isms.Actor, id isms.ID, version int, text, due string) (*isms.EvidenceRequest, error) {
	var note string
	return a.changeRequest(ctx, actor, id, version, requestAction{name: "ask_again", from: []isms.RequestStatus{isms.RequestAnswered},
		may: mayRequest, change: func(tx *sqldb.Tx, r *isms.EvidenceRequest) (isms.Changes, error) {
			p := isms.Problems{}
			if note = requestText(text, "text", p); note == "" {
				p.Add("text", "Say what is still missing.")
			}
			dueOn := a.requestDue(due, isms.Date{}, p)
			if dueOn.IsZero() {
				p.Add("dueOn", "Give the date the evidence is due.")
			}
			if err := p.Err(); err != nil {
				return nil, err
			}
			ch := moveRequest(tx, actor, r, isms.RequestOpen, requestMessage(tx, actor, isms.StepAskedAgain, note, nil))
			ch["round"] = isms.Change{Before: r.Round, After: r.Round + 1}
			ch["dueOn"] = isms.Change{Before: r.DueOn.String(), After: dueOn.String()}
			r.Round, r.DueOn, r.TaskID = r.Round+1, dueOn, isms.NewID("tsk")
			return ch, nil
		}, after: func(tx *sqldb.Tx, r *isms.EvidenceRequest) error {
			return a.openRequestTask(ctx, tx, actor, r, note)
		}})
}

// CancelEvidenceRequest withdraws a request that is not accepted, and
// cancels its task.
func (a *App) CancelEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, text string) (*isms.EvidenceRequest, error) {
	var note string
	return a.changeRequest(ctx, actor, id, version, requestAction{name: "cancel",
		from: []isms.RequestStatus{isms.RequestOpen, isms.RequestAnswered},
		may:  mayRequest, change: func(tx *sqldb.Tx, r *isms.EvidenceRequest) (isms.Changes, error) {
			p := isms.Problems{}
			note = requestText(text, "reason", p)
			if err := p.Err(); err != nil {
				return nil, err
			}
			return moveRequest(tx, actor, r, isms.RequestCancelled, requestMessage(tx, actor, isms.StepCancelled, note, nil)), nil
		}, after: func(tx *sqldb.Tx, r *isms.EvidenceRequest) error {
			if note == "" {
				note = "Evidence request " + r.Ref + " was cancelled."
			}
			return cancelOpenTask(ctx, tx, actor, r.OrgID, r.TaskID, note)
		}})
}
