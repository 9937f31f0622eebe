// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The registers of context, leadership and planning (issues, interested
// parties, processes, objectives, metrics …) share one shape: a record
// with a human reference, created, edited at a version, deleted, each
// change in the audit trail. recordKind describes one such register and
// the generic use cases below serve them all.

// recordKind says how the generic use cases authorize, store, find and
// describe records of one register.
type recordKind[T any] struct {
	object string          // the object type in the audit trail and in links ("context_issue")
	label  string          // the record's name for people ("context issue")
	edit   isms.Permission // who may create, change and delete records
	id     func(T) isms.ID
	ver    func(T) int
	// fields are the record's fields as the audit trail records them.
	fields func(T) []fieldDiff
	find   func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (T, error)
	insert func(ctx context.Context, tx *sqldb.Tx, rec T) error
	// update stores rec, read at version; a newer stored one is a Conflict.
	update func(ctx context.Context, tx *sqldb.Tx, rec T, version int) error
	remove func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error
}

// fillFunc sets a record's fields from what the person entered and
// validates it, within the saving transaction (where it may resolve and
// store links). It returns changes beyond the record's fields (links), or
// an Invalid error naming every problem.
type fillFunc[T any] func(tx *sqldb.Tx, rec T) (isms.Changes, error)

// createRecord authorizes actor, fills rec and stores it with its
// "<object>.create" audit event in one transaction.
func createRecord[T any](ctx context.Context, a *App, actor isms.Actor, k recordKind[T], rec T, fill fillFunc[T]) (T, error) {
	var zero T
	if err := forbid(actor.Can(k.edit), "You may not create a "+k.label+"."); err != nil {
		return zero, err
	}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		extra, err := fill(tx, rec)
		if err != nil {
			return err
		}
		if err := k.insert(ctx, tx, rec); err != nil {
			return err
		}
		ch := createdSupport(k.fields(rec))
		for f, c := range extra {
			ch[f] = c
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, k.object+".create", k.object, k.id(rec), ch)
	})
	if err != nil {
		return zero, err
	}
	return rec, nil
}

// updateRecord changes record id (its ID or, where find accepts one, its
// reference), which the person edited at version:
// it fills the stored record and saves it with its "<object>.update"
// audit event when anything changed.
func updateRecord[T any](ctx context.Context, a *App, actor isms.Actor, k recordKind[T], id isms.ID, version int, fill fillFunc[T]) (T, error) {
	var rec, zero T
	if err := forbid(actor.Can(k.edit), "You may not change a "+k.label+"."); err != nil {
		return zero, err
	}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if rec, err = k.find(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if k.ver(rec) != version {
			return staleConflict(k.label, version, k.ver(rec))
		}
		before := k.fields(rec)
		extra, err := fill(tx, rec)
		if err != nil {
			return err
		}
		after := k.fields(rec)
		for i := range after {
			after[i].before = before[i].after
		}
		ch := diffSupport(after...)
		for f, c := range extra {
			ch[f] = c
		}
		if len(ch) == 0 {
			return nil
		}
		if err := k.update(ctx, tx, rec, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, k.object+".update", k.object, k.id(rec), ch)
	})
	if err != nil {
		return zero, err
	}
	return rec, nil
}

// deleteRecord deletes record id and every record link from or to it,
// with its "<object>.delete" audit event. check, when set, runs first and
// may refuse (a party that still has requirements).
func deleteRecord[T any](ctx context.Context, a *App, actor isms.Actor, k recordKind[T], id isms.ID, check func(tx *sqldb.Tx, rec T) error) error {
	if err := forbid(actor.Can(k.edit), "You may not delete a "+k.label+"."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		rec, err := k.find(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(tx, rec); err != nil {
				return err
			}
		}
		id := k.id(rec) // the caller may have named it by its reference
		if err := k.remove(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if err := tx.DeleteRecordLinks(ctx, actor.OrgID, isms.Link{Type: k.object, ID: id}); err != nil {
			return err
		}
		ch := isms.Changes{}
		for _, f := range k.fields(rec) {
			if f.after != "" {
				ch[f.name] = isms.Change{Before: f.after}
			}
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, k.object+".delete", k.object, id, ch)
	})
}

// findRecord returns record id of the actor's organization to anyone who
// reads the ISMS.
func findRecord[T any](ctx context.Context, a *App, actor isms.Actor, k recordKind[T], id isms.ID) (T, error) {
	var rec T
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see this "+k.label+"."); err != nil {
		return rec, err
	}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		rec, err = k.find(ctx, tx, actor.OrgID, id)
		return err
	})
	return rec, err
}

// nextRecordRef returns the next free reference of a register: prefix
// and one more than the highest number in table ("CI-" → "CI-13"), and
// that number.
func nextRecordRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, table, prefix string) (string, int, error) {
	n, err := tx.MaxRefNumber(ctx, table, org)
	if err != nil {
		return "", 0, err
	}
	return prefix + strconv.Itoa(n+1), n + 1, nil
}
