// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"slices"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherSupportFacts reads the facts of the support rules (7.1–7.5): the
// store's figures, the information security policy in force and whether
// a campaign asks for it, and the planned communications that have not
// taken place as often as planned.
func gatherSupportFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	var err error
	if *f, err = tx.ReadinessSupport(ctx, org, today); err != nil {
		return err
	}
	if err := gatherAwarenessPolicy(ctx, tx, org, f); err != nil {
		return err
	}
	return gatherCommunicationOverdue(ctx, tx, org, today, f)
}

// gatherAwarenessPolicy sets the policy in force, when there is one, and
// whether a campaign asks for its approved version.
func gatherAwarenessPolicy(ctx context.Context, tx *sqldb.Tx, org isms.ID, f *isms.SupportFacts) error {
	d, err := findPolicy(ctx, tx, org)
	if err != nil {
		return err
	}
	if d == nil || d.ApprovedNumber == 0 {
		return nil
	}
	f.AwarenessPolicy = isms.RecordRef{Type: objectDocument, ID: d.ID, Ref: d.Ref, Title: d.Title}
	f.AwarenessPolicyCampaigned, err = tx.ReadinessVersionCampaigned(ctx, org, d.ID)
	return err
}

// gatherCommunicationOverdue sets the planned communications due before
// today (isms.CommunicationDue). The plan has dozens of lines; at most
// isms.MaxPageSize are read.
func gatherCommunicationOverdue(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	f.CommunicationOverdue = readinessRecords(nil)
	if f.CommunicationItems == 0 {
		return nil
	}
	items, _, err := tx.FindCommunicationItems(ctx, org, "", "topic", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	var late []isms.RecordRef
	for _, c := range items {
		if due := isms.CommunicationDue(c.Frequency, c.CreatedAt, c.LastHeld); !due.IsZero() && due.Before(today) {
			late = append(late, isms.RecordRef{Type: objectCommunicationItem, ID: c.ID, Title: c.Topic})
		}
	}
	f.CommunicationOverdue = readinessRecords(late)
	return nil
}

// readinessRecords returns the records of refs, worked out in Go, as a
// readiness record set: the first isms.MaxFindingRecords and the total.
func readinessRecords(refs []isms.RecordRef) isms.RecordSet {
	items := slices.Clip(refs[:min(len(refs), isms.MaxFindingRecords)])
	if items == nil {
		items = []isms.RecordRef{}
	}
	return isms.RecordSet{Total: len(refs), Items: items}
}
