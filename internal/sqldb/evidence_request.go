// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Evidence requests: an auditor's request list. The evidence attached to
// a request is record links evidence_request -> evidence; Insert and
// Update write them from EvidenceRequest.Evidence, Find reads them back.

// InsertEvidenceRequest stores a new request, numbering its reference
// "ER-n" within the organization.
func (tx *Tx) InsertEvidenceRequest(ctx context.Context, r *isms.EvidenceRequest) error {
	panic("not implemented")
}

// UpdateEvidenceRequest writes r when its stored version is version.
func (tx *Tx) UpdateEvidenceRequest(ctx context.Context, r *isms.EvidenceRequest, version int) error {
	panic("not implemented")
}

// DeleteEvidenceRequest removes a request and its links.
func (tx *Tx) DeleteEvidenceRequest(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindEvidenceRequestByID returns a request with its audit's and
// control's references, its owner's and requester's names and its evidence.
func (tx *Tx) FindEvidenceRequestByID(ctx context.Context, org, id isms.ID) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// FindEvidenceRequestByRef returns a request by its reference.
func (tx *Tx) FindEvidenceRequestByRef(ctx context.Context, org isms.ID, ref string) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// FindEvidenceRequestByTask returns the request whose current task is task.
func (tx *Tx) FindEvidenceRequestByTask(ctx context.Context, org, task isms.ID) (*isms.EvidenceRequest, error) {
	panic("not implemented")
}

// FindEvidenceRequests returns a page of requests and the total.
func (tx *Tx) FindEvidenceRequests(ctx context.Context, org isms.ID, f isms.EvidenceRequestFilter) ([]*isms.EvidenceRequest, int, error) {
	panic("not implemented")
}

// RequestCounts counts an organization's requests by status, and the
// open ones due before today under "overdue".
func (tx *Tx) RequestCounts(ctx context.Context, org isms.ID, today isms.Date) (map[string]int, error) {
	panic("not implemented")
}
