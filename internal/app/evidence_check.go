// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The scheduled evidence checks. Both walk every organization, act on each
// organization's records with that organization's own queries, and are
// idempotent: the store records what was done per file version and per
// validity date, under conditions that let only one of two runs at the
// same moment act. They are meant to be registered as periodic jobs.

// evidenceFreshnessArgs is the hourly job that flags expired evidence and
// creates renewal tasks.
type evidenceFreshnessArgs struct{}

// Kind names the job.
func (evidenceFreshnessArgs) Kind() string { return "evidence.freshness" }

// evidenceIntegrityArgs is the weekly job that re-hashes every stored file.
type evidenceIntegrityArgs struct{}

// Kind names the job.
func (evidenceIntegrityArgs) Kind() string { return "evidence.integrity" }

func init() {
	registerJob(func(a *App, w *jobs.Workers) {
		jobs.Add(w, func(ctx context.Context, _ evidenceFreshnessArgs, _ int) error {
			_, err := a.CheckEvidenceFreshness(ctx)
			return err
		})
		jobs.Add(w, func(ctx context.Context, _ evidenceIntegrityArgs, _ int) error {
			_, err := a.CheckEvidenceIntegrity(ctx)
			return err
		})
		w.Periodic(time.Hour, evidenceFreshnessArgs{}, true)
		w.Periodic(7*24*time.Hour, evidenceIntegrityArgs{}, false)
	})
}

// EvidenceCheckReport says what one run of a check did.
type EvidenceCheckReport struct {
	Organizations int `json:"organizations"`
	// Files counts the file versions checked; Failed those that now fail.
	Files  int `json:"files"`
	Failed int `json:"failed"`
	// Changed counts the integrity results that changed, each recorded in
	// its organization's audit trail.
	Changed int `json:"changed"`
	// Tasks counts the renewal tasks created; Expired the expiries recorded.
	Tasks   int `json:"tasks"`
	Expired int `json:"expired"`
}

// evidenceCheckBatch is how many rows a check reads and writes at a time.
const evidenceCheckBatch = 200

// checkActor is the actor of a check's audit events in org.
func checkActor(org isms.ID, name string) isms.Actor {
	return isms.Actor{Name: name, OrgID: org, System: true}
}

// forEachEvidenceOrg calls fn with the ID of every organization.
func (a *App) forEachEvidenceOrg(ctx context.Context, fn func(org isms.ID) error) error {
	for offset := 0; ; offset += isms.MaxPageSize {
		var orgs []*isms.Organization
		var total int
		err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
			orgs, total, err = tx.FindOrganizations(ctx, isms.OrganizationFilter{Sort: "created", Limit: isms.MaxPageSize, Offset: offset})
			return err
		})
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if err := fn(o.ID); err != nil {
				return fmt.Errorf("organization %s: %w", o.Slug, err)
			}
		}
		if len(orgs) == 0 || offset+len(orgs) >= total {
			return nil
		}
	}
}

// CheckEvidenceIntegrity re-hashes the stored content of every file
// version of every organization and records the result on the version.
// A result that changes (a file altered or gone, or back as recorded) is
// an audit event in the organization's trail, and shows on the evidence
// page and the dashboard. Content shared by several versions is read once
// per run. A storage error other than a missing or altered file stops the
// run without recording anything for the file concerned.
func (a *App) CheckEvidenceIntegrity(ctx context.Context) (EvidenceCheckReport, error) {
	var rep EvidenceCheckReport
	if a.opts.Blobs == nil {
		return rep, errors.New("check evidence integrity: no blob store is configured")
	}
	seen := map[blob.Ref]isms.IntegrityStatus{}
	err := a.forEachEvidenceOrg(ctx, func(org isms.ID) error {
		rep.Organizations++
		return a.checkOrgIntegrity(ctx, org, seen, &rep)
	})
	return rep, err
}

func (a *App) checkOrgIntegrity(ctx context.Context, org isms.ID, seen map[blob.Ref]isms.IntegrityStatus, rep *EvidenceCheckReport) error {
	actor := checkActor(org, "integrity check")
	var afterID isms.ID
	afterVersion := 0
	for {
		var page []*isms.EvidenceFile
		err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
			page, err = tx.FindEvidenceFilesAfter(ctx, org, afterID, afterVersion, evidenceCheckBatch)
			return err
		})
		if err != nil || len(page) == 0 {
			return err
		}
		results := make([]isms.IntegrityStatus, len(page))
		for i, f := range page {
			if results[i], err = a.verifyEvidenceFile(ctx, f, seen); err != nil {
				return err
			}
		}
		err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
			for i, f := range page {
				was := f.Integrity
				f.Integrity = results[i]
				recorded, err := tx.UpdateEvidenceFileIntegrity(ctx, f, was)
				if err != nil {
					return err
				}
				if !recorded || was == f.Integrity {
					continue
				}
				rep.Changed++
				if err := audit(ctx, tx, orgChain(org), actor, "evidence.integrity", objectEvidence, f.EvidenceID,
					isms.Changes{"fileVersion": {After: f.Version}, "sha256": {After: f.SHA256},
						"integrity": {Before: string(was), After: string(f.Integrity)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, st := range results {
			rep.Files++
			if st.Failed() {
				rep.Failed++
			}
		}
		last := page[len(page)-1]
		afterID, afterVersion = last.EvidenceID, last.Version
	}
}

// verifyEvidenceFile streams the stored content of f through SHA-256,
// reusing the result for content already read in this run.
func (a *App) verifyEvidenceFile(ctx context.Context, f *isms.EvidenceFile, seen map[blob.Ref]isms.IntegrityStatus) (isms.IntegrityStatus, error) {
	ref := blob.Ref{SHA256: f.SHA256, Size: f.Size}
	if st, ok := seen[ref]; ok {
		return st, nil
	}
	st := isms.IntegrityOK
	switch err := blob.Verify(ctx, a.opts.Blobs, ref); {
	case err == nil:
	case errors.Is(err, blob.ErrNotFound):
		st = isms.IntegrityMissing
	case errors.Is(err, blob.ErrCorrupt), errors.Is(err, blob.ErrInvalidSHA256):
		st = isms.IntegrityMismatch
	default:
		return "", fmt.Errorf("verify evidence file %s version %d: %w", f.EvidenceID, f.Version, err)
	}
	seen[ref] = st
	return st, nil
}

// CheckEvidenceFreshness acts on the validity dates of every
// organization's evidence: an item with an owner that expires within the
// freshness window (or has expired) gets one renewal task for its owner
// per validity date, and an item whose validity date has passed gets its
// expiry recorded in the audit trail once per date. Expired and missing
// items are flagged wherever they are shown (EvidenceFor, the list and the
// dashboard); this check adds the work and the record.
func (a *App) CheckEvidenceFreshness(ctx context.Context) (EvidenceCheckReport, error) {
	var rep EvidenceCheckReport
	today := a.today()
	err := a.forEachEvidenceOrg(ctx, func(org isms.ID) error {
		rep.Organizations++
		if err := a.renewEvidence(ctx, org, today, &rep); err != nil {
			return err
		}
		return a.recordEvidenceExpiry(ctx, org, today, &rep)
	})
	return rep, err
}

// renewEvidence makes the renewal tasks of org's items due by the window's
// end, one batch per transaction.
func (a *App) renewEvidence(ctx context.Context, org isms.ID, today isms.Date, rep *EvidenceCheckReport) error {
	horizon := today.AddDays(a.EvidenceFreshnessWindow(org))
	actor := checkActor(org, "evidence freshness check")
	var after isms.ID
	for {
		var n int
		err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
			list, err := tx.FindEvidenceToRenew(ctx, org, horizon, after, evidenceCheckBatch)
			if err != nil {
				return err
			}
			n = len(list)
			for _, e := range list {
				after = e.ID
				// An owner who left or was disabled gets no task; the item
				// is considered again once it has an active owner.
				p := isms.Problems{}
				if _, err := activeMemberName(ctx, tx, org, e.OwnerID, "owner", p); err != nil || len(p) > 0 {
					if err != nil {
						return err
					}
					continue
				}
				marked, err := tx.MarkEvidenceRenewal(ctx, org, e.ID, e.ValidUntil)
				if err != nil {
					return err
				}
				if !marked {
					continue
				}
				if err := insertRenewalTask(ctx, tx, actor, e, today); err != nil {
					return err
				}
				rep.Tasks++
			}
			return nil
		})
		if err != nil || n < evidenceCheckBatch {
			return err
		}
	}
}

// insertRenewalTask gives e's owner a task to renew it by its validity
// date, linked to the item, through the tasks' own insertTask (which
// records it in the audit trail).
func insertRenewalTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, e *isms.Evidence, today isms.Date) error {
	due := e.ValidUntil
	if y := due.Time().Year(); y < 2000 || y >= 2200 {
		due = today
	}
	what := "expires"
	if e.ValidUntil.Before(today) {
		what = "expired"
	}
	title := []rune("Renew evidence: " + e.Title)
	if len(title) > isms.MaxNameLen {
		title = append(title[:isms.MaxNameLen-1], '…')
	}
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: e.OrgID, Title: string(title),
		Description: fmt.Sprintf("The evidence “%s” %s on %s. Collect it again and upload the new version, or change how long it is valid.", e.Title, what, e.ValidUntil),
		OwnerID:     e.OwnerID, Due: due, Status: isms.TaskOpen, Link: isms.Link{Type: objectEvidence, ID: e.ID}}
	if err := insertTask(ctx, tx, actor, t, isms.Problems{}); err != nil {
		return fmt.Errorf("renewal task of evidence %s: %w", e.ID, err)
	}
	return nil
}

// recordEvidenceExpiry records the expiry of org's items whose validity
// date has passed, once per date.
func (a *App) recordEvidenceExpiry(ctx context.Context, org isms.ID, today isms.Date, rep *EvidenceCheckReport) error {
	actor := checkActor(org, "evidence freshness check")
	var after isms.ID
	for {
		var n int
		err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
			list, err := tx.FindEvidenceExpiredUnrecorded(ctx, org, today, after, evidenceCheckBatch)
			if err != nil {
				return err
			}
			n = len(list)
			for _, e := range list {
				after = e.ID
				marked, err := tx.MarkEvidenceExpiryRecorded(ctx, org, e.ID, e.ValidUntil)
				if err != nil {
					return err
				}
				if !marked {
					continue
				}
				if err := audit(ctx, tx, orgChain(org), actor, "evidence.expire", objectEvidence, e.ID,
					isms.Changes{"validUntil": {After: e.ValidUntil.String()}, "freshness": {After: string(isms.FreshnessExpired)}}); err != nil {
					return err
				}
				rep.Expired++
			}
			return nil
		})
		if err != nil || n < evidenceCheckBatch {
			return err
		}
	}
}
