// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The information security policy (27001 5.2) is a controlled document:
// the organization's policy is the document of type policy, not retired,
// that serves clause 5.2 (the one with the lowest reference when several
// do), or else the first policy document. Its approval, review and any
// draft come from the documents module.

// PolicyClause is the clause the information security policy serves.
const PolicyClause = "5.2"

// PolicyStatus is where the information security policy stands.
type PolicyStatus struct {
	// Document is the policy; nil when the organization has none.
	Document *isms.Document `json:"document"`
	// ApprovedNumber is the version in force, 0 when never approved;
	// ApprovedAt when that version was approved.
	ApprovedNumber int       `json:"approvedVersion"`
	ApprovedAt     time.Time `json:"approvedAt,omitzero"`
	// NextReview is when the policy is next to be reviewed, and
	// ReviewOverdue whether that day has passed.
	NextReview    isms.Date `json:"nextReview,omitzero"`
	ReviewOverdue bool      `json:"reviewOverdue"`
	// PendingNumber is a newer version being drafted or in review, 0 when
	// none; PendingStatus is its status.
	PendingNumber int                `json:"pendingVersion"`
	PendingStatus isms.VersionStatus `json:"pendingStatus,omitempty"`
}

// Approved reports whether the organization has a policy with a version
// in force.
func (p *PolicyStatus) Approved() bool { return p.Document != nil && p.ApprovedNumber > 0 }

// ApprovedOn is the day the version in force was approved.
func (p *PolicyStatus) ApprovedOn() isms.Date { return isms.DateOf(p.ApprovedAt) }

// CurrentPolicy returns the status of the organization's information
// security policy; its Document is nil when there is none.
func (a *App) CurrentPolicy(ctx context.Context, actor isms.Actor) (*PolicyStatus, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the policy status."); err != nil {
		return nil, err
	}
	var out *PolicyStatus
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = a.CurrentPolicyTx(ctx, tx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CurrentPolicyTx reads what CurrentPolicy returns for org, within tx and
// without its permission check, for a caller that has made it.
func (a *App) CurrentPolicyTx(ctx context.Context, tx *sqldb.Tx, org isms.ID) (*PolicyStatus, error) {
	out := &PolicyStatus{}
	d, err := findPolicy(ctx, tx, org)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return out, nil
	}
	out.Document, out.ApprovedNumber, out.NextReview = d, d.ApprovedNumber, d.NextReview
	out.ReviewOverdue = !d.NextReview.IsZero() && d.NextReview.Before(a.today())
	versions, err := tx.DocumentVersions(ctx, org, d.ID)
	if err != nil {
		return nil, err
	}
	for i, v := range versions {
		if v.Number == d.ApprovedNumber {
			out.ApprovedAt = v.ApprovedAt
		}
		if i == 0 && (v.Status == isms.VersionDraft || v.Status == isms.VersionInReview) {
			out.PendingNumber, out.PendingStatus = v.Number, v.Status
		}
	}
	return out, nil
}

// findPolicy returns the information security policy of org, nil when it
// has none.
func findPolicy(ctx context.Context, tx *sqldb.Tx, org isms.ID) (*isms.Document, error) {
	docs, _, err := tx.FindDocuments(ctx, isms.DocumentFilter{OrgID: org, Type: isms.DocPolicy, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil || len(docs) == 0 {
		return nil, err
	}
	for _, d := range docs {
		for _, c := range d.Clauses {
			if strings.TrimSpace(c) == PolicyClause {
				return d, nil
			}
		}
	}
	return docs[0], nil
}
