// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Evidence requests (RequestEvidence to ask, accept, ask again or
// cancel; the owner, or anyone with EditEvidence, answers). Asking
// creates a task for the owner linked to the request, due on its due
// date; answering completes it; asking again opens a new one. A member
// limited to one framework sees the requests of that framework and those
// naming only a control, and asks against that framework only.

// objectEvidenceRequest is the object type of evidence requests in the
// audit trail, and the link type of their tasks.
const objectEvidenceRequest = "evidence_request"

func init() {
	linkables[objectEvidenceRequest] = linkable{
		label: "evidence request",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			r, err := findRequestByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return r.ID, "Evidence request " + r.Ref + ": " + r.Title, nil
		},
	}
}

// EvidenceRequestInput is the request form as typed. Audit is an external
// audit's ID or reference (or blank); Framework a framework's ID or
// reference, with Requirement one of its references; Control a control's
// ID or reference; Owner a member's ID or e-mail, blank for the default
// (the control's owner, else the owner of the first control linked to the
// requirement, else the certificate's owner).
type EvidenceRequestInput struct {
	Audit, Framework, Requirement, Control, Title, Detail, DueOn, Owner string
}

// EvidenceRequestView is a request with the evidence attached to it.
type EvidenceRequestView struct {
	*isms.EvidenceRequest
	EvidenceItems []*isms.Evidence
	// CanAnswer, CanReview say what the reading actor may do now.
	CanAnswer, CanReview bool
}

// CreateEvidenceRequest asks for evidence.
func (a *App) CreateEvidenceRequest(ctx context.Context, actor isms.Actor, in EvidenceRequestInput) (*isms.EvidenceRequest, error) {
	if err := forbid(actor.Can(isms.RequestEvidence), "You may not ask for evidence."); err != nil {
		return nil, err
	}
	r := newRequest(actor)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return a.insertRequest(ctx, tx, actor, r, in)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// newRequest returns an open request in its first round, asked by actor.
func newRequest(actor isms.Actor) *isms.EvidenceRequest {
	return &isms.EvidenceRequest{ID: isms.NewID("er"), OrgID: actor.OrgID, RequestedBy: actor.UserID,
		RequestedByName: actor.Name, Status: isms.RequestOpen, Round: 1, Evidence: []isms.ID{}}
}

// insertRequest fills r from in, stores it with the owner's task and
// records its creation, within tx.
func (a *App) insertRequest(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest, in EvidenceRequestInput) error {
	if err := a.fillRequest(ctx, tx, actor, r, in); err != nil {
		return err
	}
	text := r.Detail
	if text == "" {
		text = r.Title
	}
	r.Thread = []isms.RequestMessage{requestMessage(tx, actor, isms.StepAsked, text, nil)}
	r.TaskID = isms.NewID("tsk")
	if err := tx.InsertEvidenceRequest(ctx, r); err != nil {
		return err
	}
	if err := a.openRequestTask(ctx, tx, actor, r, r.Detail); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(r.OrgID), actor, "evidence_request.create", objectEvidenceRequest, r.ID,
		createdSupport(requestFields(r)))
}

// UpdateEvidenceRequest changes an open request's wording, target, due date or owner.
func (a *App) UpdateEvidenceRequest(ctx context.Context, actor isms.Actor, id isms.ID, version int, in EvidenceRequestInput) (*isms.EvidenceRequest, error) {
	return a.changeRequest(ctx, actor, id, version, requestAction{name: "update", from: []isms.RequestStatus{isms.RequestOpen},
		may: mayRequest, change: func(tx *sqldb.Tx, r *isms.EvidenceRequest) (isms.Changes, error) {
			before := requestFields(r)
			if err := a.fillRequest(ctx, tx, actor, r, in); err != nil {
				return nil, err
			}
			after := requestFields(r)
			for i := range after {
				after[i].before = before[i].after
			}
			return diffSupport(after...), nil
		}, after: func(tx *sqldb.Tx, r *isms.EvidenceRequest) error {
			return a.syncRequestTask(ctx, tx, actor, r)
		}})
}

// requestFields are the descriptive fields of r as the audit trail
// records them.
func requestFields(r *isms.EvidenceRequest) []fieldDiff {
	return []fieldDiff{{"ref", nil, r.Ref}, {"audit", nil, r.AuditRef}, {"requirement", nil, r.Requirement.Ref},
		{"control", nil, r.ControlRef}, {"title", nil, r.Title}, {"detail", nil, r.Detail},
		{"dueOn", nil, r.DueOn.String()}, {"owner", nil, r.OwnerName}, {"status", nil, string(r.Status)}}
}

// FindEvidenceRequest returns a request by ID or reference.
func (a *App) FindEvidenceRequest(ctx context.Context, actor isms.Actor, id string) (*EvidenceRequestView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence requests."); err != nil {
		return nil, err
	}
	v := &EvidenceRequestView{EvidenceItems: []*isms.Evidence{}}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v.EvidenceRequest, err = findRequestFor(ctx, tx, actor, id); err != nil {
			return err
		}
		for _, eid := range v.Evidence {
			e, err := tx.FindEvidenceByID(ctx, actor.OrgID, eid)
			if isms.ErrorCode(err) == isms.NotFound {
				continue // deleted since it was attached
			} else if err != nil {
				return err
			}
			v.EvidenceItems = append(v.EvidenceItems, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	v.CanAnswer = v.Status == isms.RequestOpen && mayAnswer(actor, v.EvidenceRequest) == nil
	v.CanReview = v.Status == isms.RequestAnswered && mayRequest(actor, v.EvidenceRequest) == nil
	return v, nil
}

// ListEvidenceRequests returns a page of requests and the total. An actor
// limited to one framework sees only its requests.
func (a *App) ListEvidenceRequests(ctx context.Context, actor isms.Actor, f isms.EvidenceRequestFilter) ([]*isms.EvidenceRequest, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence requests."); err != nil {
		return nil, 0, err
	}
	var list []*isms.EvidenceRequest
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindEvidenceRequests(ctx, actor.OrgID, requestFilter(actor, f))
		return err
	})
	return list, total, err
}

// requestFilter limits f to the actor's framework, if they have one.
func requestFilter(actor isms.Actor, f isms.EvidenceRequestFilter) isms.EvidenceRequestFilter {
	if actor.FrameworkID != "" {
		f.FrameworkID = actor.FrameworkID
	}
	return f
}

// findRequestByIDOrRef returns a request by its ID or, failing that, its
// reference ("ER-4", in any case).
func findRequestByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.EvidenceRequest, error) {
	return byIDOrRef(ctx, org, s, tx.FindEvidenceRequestByID, tx.FindEvidenceRequestByRef)
}

// findRequestFor returns request s (its ID or reference) when the actor
// may see its framework; another framework's request is not found.
func findRequestFor(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s string) (*isms.EvidenceRequest, error) {
	r, err := findRequestByIDOrRef(ctx, tx, actor.OrgID, strings.TrimSpace(s))
	if err != nil {
		return nil, err
	}
	if r.FrameworkID != "" && !actor.SeesFramework(r.FrameworkID) {
		return nil, isms.Errorf(isms.NotFound, "No such evidence request in this organization.")
	}
	return r, nil
}

// mayRequest allows the actors who ask for evidence to change a request.
func mayRequest(actor isms.Actor, _ *isms.EvidenceRequest) error {
	return forbid(actor.Can(isms.RequestEvidence), "You may not ask for evidence.")
}

// mayAnswer allows the request's owner, and anyone who may add evidence,
// to answer r.
func mayAnswer(actor isms.Actor, r *isms.EvidenceRequest) error {
	ok := actor.Can(isms.EditEvidence) || (r.OwnerID == actor.UserID && writesOwnWork(actor))
	return forbid(ok, "Only the request's owner, or someone who may add evidence, may answer "+r.Ref+".")
}
