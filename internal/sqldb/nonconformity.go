// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Nonconformities (27001 10.2) and their tasks (nc_actions). Every query is
// scoped to its organization.

// InsertNonconformity stores a new nonconformity.
func (tx *Tx) InsertNonconformity(ctx context.Context, n *isms.Nonconformity) error {
	panic("not implemented")
}

// UpdateNonconformity stores n (every step included), read at version; a
// newer stored one is a Conflict, a missing one NotFound. It sets
// n.Version and n.UpdatedAt.
func (tx *Tx) UpdateNonconformity(ctx context.Context, n *isms.Nonconformity, version int) error {
	panic("not implemented")
}

// DeleteNonconformity deletes nonconformity id and its nc_actions rows
// (not the tasks).
func (tx *Tx) DeleteNonconformity(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindNonconformityByID returns nonconformity id with the names of its
// detector, owner and step authors, and its open and closed action
// counts; NotFound when there is none.
func (tx *Tx) FindNonconformityByID(ctx context.Context, org, id isms.ID) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// FindNonconformityByIDForUpdate is FindNonconformityByID, locking the row
// on PostgreSQL.
func (tx *Tx) FindNonconformityByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// FindNonconformityByRef returns the nonconformity with reference ref
// ("NC-4", case-insensitive).
func (tx *Tx) FindNonconformityByRef(ctx context.Context, org isms.ID, ref string) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// FindNonconformityBySource returns the nonconformity opened from record
// src (such as an audit finding), or NotFound.
func (tx *Tx) FindNonconformityBySource(ctx context.Context, org isms.ID, src isms.Link) (*isms.Nonconformity, error) {
	panic("not implemented")
}

// FindNonconformities returns a page of nonconformities and the total
// matching f.
func (tx *Tx) FindNonconformities(ctx context.Context, org isms.ID, f isms.NCFilter) ([]*isms.Nonconformity, int, error) {
	panic("not implemented")
}

// InsertNCAction records that task is a corrective action or the
// effectiveness check (kind) of nonconformity nc.
func (tx *Tx) InsertNCAction(ctx context.Context, org, nc, task isms.ID, kind isms.NCActionKind) error {
	panic("not implemented")
}

// FindNCActions returns the tasks of nonconformity nc, oldest first, with
// the tasks' title, owner (and name), due date and status; Changes is not
// read (record links).
func (tx *Tx) FindNCActions(ctx context.Context, org, nc isms.ID) ([]*isms.NCAction, error) {
	panic("not implemented")
}

// FindNCActionByTask returns the nc_actions row of task, or NotFound when
// the task is not a nonconformity's.
func (tx *Tx) FindNCActionByTask(ctx context.Context, org, task isms.ID) (*isms.NCAction, error) {
	panic("not implemented")
}

// OverdueNCActions returns the open corrective actions (kind action) of
// open nonconformities due before today, earliest first, at most limit,
// and how many there are.
func (tx *Tx) OverdueNCActions(ctx context.Context, org isms.ID, today isms.Date, limit int) ([]*isms.NCAction, int, error) {
	panic("not implemented")
}

// NCCounts counts the organization's nonconformities detected in
// [since, until] by source, and by requirement reference (each reference
// of each nonconformity once), for trends.
func (tx *Tx) NCCounts(ctx context.Context, org isms.ID, since, until isms.Date) (bySource, byRef map[string]int, err error) {
	panic("not implemented")
}
