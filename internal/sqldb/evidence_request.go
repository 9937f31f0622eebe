// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Evidence requests: an auditor's request list. The evidence attached to
// a request is record links evidence_request -> evidence; Insert and
// Update write them from EvidenceRequest.Evidence, Find reads them back.
// The thread is a JSON column. Lists and counts are in
// evidence_request_list.go.

// requestLinkType and requestEvidenceType are the record types of the
// links from a request to its evidence.
const (
	requestLinkType     = "evidence_request"
	requestEvidenceType = "evidence"
)

// requestOwnerName is the owner's name of request r, for reading and
// sorting.
var requestOwnerName = userName("r.owner_id")

// requestControlRef is the reference of the control of request r, "" when
// it names none.
const requestControlRef = `COALESCE((SELECT c.ref FROM controls c WHERE c.organization_id = r.organization_id
	AND c.id = r.control_id), '')`

// requestColumns are the columns a request is read from, with its
// audit's and control's references and its owner's and requester's names.
var requestColumns = `r.id, r.organization_id, r.ref, r.number, r.audit_id,
	COALESCE((SELECT e.ref FROM external_audits e WHERE e.organization_id = r.organization_id AND e.id = r.audit_id), ''),
	r.requirement_id, r.requirement_ref, r.framework_id, r.control_id, ` + requestControlRef + `,
	r.title, r.detail, r.due_on, r.owner_id, ` + requestOwnerName + `, r.requested_by, ` + userName("r.requested_by") + `,
	r.status, r.round, r.task_id, r.thread, r.version, r.created_at, r.updated_at`

const requestFrom = ` FROM evidence_requests r`

// requestNotFound is the message of a request that is not the
// organization's.
const requestNotFound = "No such evidence request in this organization."

// scanEvidenceRequest reads a request without its evidence.
func scanEvidenceRequest(s rowScanner) (*isms.EvidenceRequest, error) {
	var r isms.EvidenceRequest
	var thread string
	err := s.Scan(&r.ID, &r.OrgID, &r.Ref, &r.Number, &r.AuditID, &r.AuditRef, &r.Requirement.ID,
		&r.Requirement.Ref, &r.FrameworkID, &r.ControlID, &r.ControlRef, &r.Title, &r.Detail, &r.DueOn,
		&r.OwnerID, &r.OwnerName, &r.RequestedBy, &r.RequestedByName, &r.Status, &r.Round, &r.TaskID, &thread,
		&r.Version, (*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if r.Thread, err = readJSONList[isms.RequestMessage](thread, "request thread"); err != nil {
		return nil, fmt.Errorf("evidence request %s: %w", r.Ref, err)
	}
	r.Evidence = []isms.ID{}
	return &r, nil
}

// InsertEvidenceRequest stores a new request and links its evidence,
// numbering its reference "ER-n" within the organization.
func (tx *Tx) InsertEvidenceRequest(ctx context.Context, r *isms.EvidenceRequest) error {
	thread, err := jsonList(r.Thread, "request thread")
	if err != nil {
		return err
	}
	n, err := tx.numberRef(ctx, "evidence_requests", r.OrgID, "ER-", &r.Ref)
	if err != nil {
		return err
	}
	r.Version, r.CreatedAt, r.UpdatedAt, r.Number = 1, tx.now, tx.now, n
	_, err = tx.exec(ctx, `INSERT INTO evidence_requests (id, organization_id, ref, number, audit_id, requirement_id,
		requirement_ref, framework_id, control_id, title, detail, due_on, owner_id, requested_by, status, round,
		task_id, thread, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.Ref, r.Number, r.AuditID, r.Requirement.ID, r.Requirement.Ref, r.FrameworkID, r.ControlID,
		r.Title, r.Detail, r.DueOn, r.OwnerID, r.RequestedBy, r.Status, r.Round, r.TaskID, thread, r.Version,
		tx.ts(r.CreatedAt), tx.ts(r.UpdatedAt))
	if err := inserted(err, "evidence_requests", "evidence request"); err != nil {
		return err
	}
	return tx.setRequestEvidence(ctx, r)
}

// UpdateEvidenceRequest writes r and its evidence links when its stored
// version is version; Conflict otherwise, NotFound when it does not
// exist. It sets r.Version and r.UpdatedAt; the reference never changes.
func (tx *Tx) UpdateEvidenceRequest(ctx context.Context, r *isms.EvidenceRequest, version int) error {
	thread, err := jsonList(r.Thread, "request thread")
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE evidence_requests SET audit_id = ?, requirement_id = ?, requirement_ref = ?,
		framework_id = ?, control_id = ?, title = ?, detail = ?, due_on = ?, owner_id = ?, requested_by = ?,
		status = ?, round = ?, task_id = ?, thread = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		r.AuditID, r.Requirement.ID, r.Requirement.Ref, r.FrameworkID, r.ControlID, r.Title, r.Detail, r.DueOn,
		r.OwnerID, r.RequestedBy, r.Status, r.Round, r.TaskID, thread, tx.ts(tx.now), r.OrgID, r.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"evidence_requests", r.OrgID, r.ID}, "evidence request", requestNotFound); err != nil {
		return err
	}
	r.Version, r.UpdatedAt = version+1, tx.now
	return tx.setRequestEvidence(ctx, r)
}

// setRequestEvidence makes the links of r to evidence exactly r.Evidence.
func (tx *Tx) setRequestEvidence(ctx context.Context, r *isms.EvidenceRequest) error {
	_, err := tx.SetRecordLinks(ctx, r.OrgID, isms.Link{Type: requestLinkType, ID: r.ID}, requestEvidenceType, r.Evidence)
	return err
}

// DeleteEvidenceRequest removes a request and its links.
func (tx *Tx) DeleteEvidenceRequest(ctx context.Context, org, id isms.ID) error {
	if err := tx.deleteOne(ctx, "evidence_requests", org, id, requestNotFound); err != nil {
		return err
	}
	return tx.DeleteRecordLinks(ctx, org, isms.Link{Type: requestLinkType, ID: id})
}

// FindEvidenceRequestByID returns a request with its audit's and
// control's references, its owner's and requester's names and its evidence.
func (tx *Tx) FindEvidenceRequestByID(ctx context.Context, org, id isms.ID) (*isms.EvidenceRequest, error) {
	return tx.findEvidenceRequest(ctx, "r.id = ?", org, id, requestNotFound)
}

// FindEvidenceRequestByRef returns a request by its reference ("ER-12",
// case-insensitive).
func (tx *Tx) FindEvidenceRequestByRef(ctx context.Context, org isms.ID, ref string) (*isms.EvidenceRequest, error) {
	return tx.findEvidenceRequest(ctx, "LOWER(r.ref) = LOWER(?)", org, ref,
		fmt.Sprintf("The organization has no evidence request %q.", ref))
}

// FindEvidenceRequestByTask returns the request whose current task is task.
func (tx *Tx) FindEvidenceRequestByTask(ctx context.Context, org, task isms.ID) (*isms.EvidenceRequest, error) {
	return tx.findEvidenceRequest(ctx, "r.task_id = ? AND r.task_id <> ''", org, task,
		"The task is not an evidence request's.")
}

func (tx *Tx) findEvidenceRequest(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.EvidenceRequest, error) {
	r, err := scanEvidenceRequest(tx.queryRow(ctx, `SELECT `+requestColumns+requestFrom+`
		WHERE r.organization_id = ? AND `+cond+` ORDER BY r.number, r.id LIMIT 1`, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	if err := tx.readRequestEvidence(ctx, org, []*isms.EvidenceRequest{r}); err != nil {
		return nil, err
	}
	return r, nil
}
