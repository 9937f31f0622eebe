// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Retention and disposition (27001 7.5.3): each document type has a
// retention period. A version that stops being in force (superseded or
// retired) is kept that long; then it is listed for disposal, and its
// disposal, which clears its body and file reference but keeps its
// record, is recorded.

// objectRetentionRule is the object type of retention rules in the audit
// trail; the object ID is the document type.
const objectRetentionRule = "retention_rule"

// maxRetentionMonths is the longest retention a rule may set: 100 years.
const maxRetentionMonths = 1200

// retentionMonths is how long org keeps the versions of type t.
func retentionMonths(ctx context.Context, tx *sqldb.Tx, org isms.ID, t isms.DocumentType) (int, error) {
	rules, err := tx.RetentionRules(ctx, org)
	if err != nil {
		return 0, err
	}
	for _, r := range rules {
		if r.Type == t {
			return r.Months, nil
		}
	}
	return isms.DefaultRetentionMonths, nil
}

// RetentionRules returns the retention of every document type, in the
// order of isms.DocumentTypes, with the default where none is set.
func (a *App) RetentionRules(ctx context.Context, actor isms.Actor) ([]isms.RetentionRule, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read retention rules."); err != nil {
		return nil, err
	}
	var set []isms.RetentionRule
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		set, err = tx.RetentionRules(ctx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, err
	}
	months := map[isms.DocumentType]int{}
	for _, r := range set {
		months[r.Type] = r.Months
	}
	out := make([]isms.RetentionRule, len(isms.DocumentTypes))
	for i, t := range isms.DocumentTypes {
		m, ok := months[t]
		if !ok {
			m = isms.DefaultRetentionMonths
		}
		out[i] = isms.RetentionRule{Type: t, Months: m}
	}
	return out, nil
}

// SetRetentionRule sets how many months the versions of type t are kept
// once no longer in force. Versions already out of force keep the date
// they were given.
func (a *App) SetRetentionRule(ctx context.Context, actor isms.Actor, t isms.DocumentType, months int) error {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not change retention rules."); err != nil {
		return err
	}
	p := isms.Problems{}
	if !t.Valid() {
		p.Add("type", "Type must be policy, topic-specific policy, procedure, standard, plan, record, report or other.")
	}
	if months < 0 || months > maxRetentionMonths {
		p.Add("months", "Retention must be between 0 and "+strconv.Itoa(maxRetentionMonths)+" months.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		before, err := retentionMonths(ctx, tx, actor.OrgID, t)
		if err != nil {
			return err
		}
		if err := tx.SetRetentionRule(ctx, actor.OrgID, isms.RetentionRule{Type: t, Months: months}); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "retention_rule.set", objectRetentionRule, isms.ID(t),
			isms.Changes{"months": {Before: before, After: months}})
	})
}

// VersionsDueForDisposal lists the versions whose retention ended before
// today and that are not disposed of yet, longest due first. Versions of
// documents the actor may not read are left out of the page (the total
// counts them).
func (a *App) VersionsDueForDisposal(ctx context.Context, actor isms.Actor, limit, offset int) ([]*isms.DocumentVersion, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the versions due for disposal."); err != nil {
		return nil, 0, err
	}
	var list []*isms.DocumentVersion
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		due, n, err := tx.VersionsDueForDisposal(ctx, actor.OrgID, a.today(), limit, offset)
		if err != nil {
			return err
		}
		total = n
		r, err := newDocReader(ctx, tx, actor)
		if err != nil {
			return err
		}
		docs := map[isms.ID]*isms.Document{}
		for _, v := range due {
			d := docs[v.DocumentID]
			if d == nil {
				if d, err = tx.FindDocumentByID(ctx, actor.OrgID, v.DocumentID); err != nil {
					return err
				}
				docs[d.ID] = d
			}
			if r.access(d).all {
				list = append(list, v)
			}
		}
		return nil
	})
	return list, total, err
}

// DisposeVersion disposes of a version whose retention has ended: its
// body and file reference are cleared, and who disposed of it, when and
// with what note is recorded on it and in the audit trail.
func (a *App) DisposeVersion(ctx context.Context, actor isms.Actor, versionID isms.ID, note string) error {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not dispose of document versions."); err != nil {
		return err
	}
	note, err := checkNote(note, "note")
	if err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		v, err := tx.FindDocumentVersionByIDForUpdate(ctx, actor.OrgID, versionID)
		if err != nil {
			return err
		}
		d, err := findDocumentForUpdate(ctx, tx, actor, v.DocumentID)
		if err != nil {
			return err
		}
		if err := checkDisposable(d, v, a.today()); err != nil {
			return err
		}
		before := *v
		v.Body, v.FileSHA256 = "", ""
		v.DisposedAt, v.DisposedBy = tx.Now(), actor.Name
		if err := tx.UpdateDocumentVersion(ctx, v, v.Revision); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.OrgID), actor, "document_version.dispose", objectDocumentVersion, v.ID, isms.Changes{
			"version": {After: versionLabel(d, v)}, "retainUntil": {After: v.RetainUntil.String()},
			"bodySha256": {Before: bodyHash(before.Body), After: ""}, "fileSha256": {Before: before.FileSHA256, After: ""},
			"disposedAt": {After: v.DisposedAt.UTC().Format("2006-01-02T15:04:05Z")}, "note": {After: note}})
	})
}

// checkDisposable returns a Conflict unless v, a version of d, is out of
// force, not disposed of and past its retention on today.
func checkDisposable(d *isms.Document, v *isms.DocumentVersion, today isms.Date) error {
	label := versionLabel(d, v)
	switch {
	case !v.DisposedAt.IsZero():
		return isms.Errorf(isms.Conflict, "%s was disposed of on %s already.", label, isms.DateOf(v.DisposedAt))
	case v.Status != isms.VersionSuperseded && v.Status != isms.VersionRetired:
		return isms.Errorf(isms.Conflict, "%s is %s; only superseded or retired versions are disposed of.", label, v.Status.Label())
	case v.RetainUntil.IsZero() || !v.RetainUntil.Before(today):
		return isms.Errorf(isms.Conflict, "%s is kept until %s; it can be disposed of after that day.", label, v.RetainUntil)
	}
	return nil
}
