// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A nonconformity concerns records of many types (controls, risks,
// documents …), and so do the changes of its corrective actions. People
// name them in one list, by reference ("C-3, R-12, DOC-2") or as
// "type:id"; each is stored as a record link of its type.

// mixedRefTypes are the record types a bare reference is looked up in,
// in this order; the first that knows it wins. The types' references
// have distinct prefixes, so the order only matters for IDs, which carry
// their type's prefix too.
var mixedRefTypes = []string{objectControl, objectRisk, objectDocument, objectAsset, objectProcess, objectISMSRisk,
	objectISMSRole, objectObjective, objectMetric, objectEvidence, objectFinding, objectAudit, objectISMSChange,
	objectContextIssue, objectParty, objectPartyRequirement, objectReview, objectNonconformity}

// resolveMixedRef resolves s, "type:id" or a bare reference or ID of one
// of mixedRefTypes; ok is false when it names no record of org.
func resolveMixedRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (l isms.Link, ok bool, err error) {
	if strings.Contains(s, ":") {
		pl, err := isms.ParseLink(s)
		if err != nil {
			return isms.Link{}, false, nil
		}
		rl, err := resolveLink(ctx, tx, org, pl, "records")
		if isms.ErrorCode(err) == isms.Invalid {
			return isms.Link{}, false, nil
		}
		return rl.Link, err == nil, err
	}
	for _, typ := range mixedRefTypes {
		id, _, err := linkables[typ].resolve(ctx, tx, org, s)
		switch code := isms.ErrorCode(err); {
		case code == "":
			return isms.Link{Type: typ, ID: id}, true, nil
		case code != isms.NotFound && code != isms.Invalid:
			return isms.Link{}, false, err
		}
	}
	return isms.Link{}, false, nil
}

// resolveMixedRefs resolves the references of list, grouped by record
// type; those that name no record are a problem on field.
func resolveMixedRefs(ctx context.Context, tx *sqldb.Tx, org isms.ID, list, field string, p isms.Problems) (map[string][]string, error) {
	byType := map[string][]string{}
	var bad []string
	for _, ref := range SplitRefs(list) {
		l, ok, err := resolveMixedRef(ctx, tx, org, ref)
		if err != nil {
			return nil, err
		}
		if !ok {
			bad = append(bad, quote(ref))
			continue
		}
		byType[l.Type] = append(byType[l.Type], string(l.ID))
	}
	if len(bad) > 0 {
		p.Add(field, "No record "+strings.Join(bad, ", ")+" in this organization; name records by reference (C-3, R-12) or as type:ID.")
	}
	return byType, nil
}

// setMixedLinks makes the links from record from exactly byType, leaving
// the links to the types in keep alone; it returns the changes for the
// audit trail, one per record type under "field.type".
func setMixedLinks(ctx context.Context, tx *sqldb.Tx, org isms.ID, from isms.Link, byType map[string][]string, field string, keep ...string) (isms.Changes, error) {
	out, _, err := tx.FindRecordLinks(ctx, org, from)
	if err != nil {
		return nil, err
	}
	types := map[string]bool{}
	for t := range byType {
		types[t] = true
	}
	for _, l := range out {
		types[l.Type] = true
	}
	for _, t := range keep {
		delete(types, t)
	}
	ch := isms.Changes{}
	for t := range types {
		c, err := setRecordLinks(ctx, tx, org, from, t, byType[t], field+"."+t, isms.Problems{})
		if err != nil {
			return nil, err
		}
		for k, v := range c {
			ch[k] = v
		}
	}
	return ch, nil
}

// addRecordLink links from to to, keeping from's other links of to's
// type.
func addRecordLink(ctx context.Context, tx *sqldb.Tx, org isms.ID, from, to isms.Link) error {
	ids, err := tx.FindRecordLinksFrom(ctx, org, from, to.Type)
	if err != nil {
		return err
	}
	_, err = tx.SetRecordLinks(ctx, org, from, to.Type, uniqueIDs(append(ids, to.ID)))
	return err
}

// removeRecordLink removes the link from from to to, if any.
func removeRecordLink(ctx context.Context, tx *sqldb.Tx, org isms.ID, from, to isms.Link) error {
	ids, err := tx.FindRecordLinksFrom(ctx, org, from, to.Type)
	if err != nil {
		return err
	}
	keep := ids[:0]
	for _, id := range ids {
		if id != to.ID {
			keep = append(keep, id)
		}
	}
	_, err = tx.SetRecordLinks(ctx, org, from, to.Type, keep)
	return err
}

// ncLinks resolves the source record and the records concerned of n from
// in and stores them: the source links to the nonconformity, and the
// nonconformity to the records concerned (its links to other
// nonconformities are the similar ones, kept apart).
func ncLinks(ctx context.Context, tx *sqldb.Tx, n *isms.Nonconformity, in NCInput, p isms.Problems) (isms.Changes, error) {
	var src isms.Link
	if s := strings.TrimSpace(in.SourceRecord); s != "" {
		l, ok, err := resolveMixedRef(ctx, tx, n.OrgID, s)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.Add("sourceRecord", "No record "+quote(s)+" in this organization; name it by reference (F-3) or as type:ID.")
		}
		src = l
	}
	byType, err := resolveMixedRefs(ctx, tx, n.OrgID, in.Records, "records", p)
	if err != nil {
		return nil, err
	}
	if len(byType[objectNonconformity]) > 0 {
		p.Add("records", "Link other nonconformities as similar ones, not as records concerned.")
	}
	if len(p) > 0 {
		return nil, p.Err()
	}
	self := isms.Link{Type: objectNonconformity, ID: n.ID}
	if src != n.SourceRecord {
		if !n.SourceRecord.IsZero() {
			if err := removeRecordLink(ctx, tx, n.OrgID, n.SourceRecord, self); err != nil {
				return nil, err
			}
		}
		if !src.IsZero() {
			if err := addRecordLink(ctx, tx, n.OrgID, src, self); err != nil {
				return nil, err
			}
		}
		n.SourceRecord = src
	}
	return setMixedLinks(ctx, tx, n.OrgID, self, byType, "records", objectNonconformity)
}
