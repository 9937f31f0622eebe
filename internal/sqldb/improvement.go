// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// The improvement register (27001 10.1: improvements). Every query is
// scoped to its organization.

// InsertImprovement stores a new improvement.
func (tx *Tx) InsertImprovement(ctx context.Context, im *isms.Improvement) error {
	panic("not implemented")
}

// UpdateImprovement stores im, read at version; a newer stored one is a
// Conflict, a missing one NotFound. It sets im.Version and im.UpdatedAt.
func (tx *Tx) UpdateImprovement(ctx context.Context, im *isms.Improvement, version int) error {
	panic("not implemented")
}

// DeleteImprovement deletes improvement id.
func (tx *Tx) DeleteImprovement(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindImprovementByID returns improvement id with the names of its
// proposer, owner and decider, and the counts of open and done tasks
// linked to it (tasks whose link is the improvement); NotFound when there
// is none.
func (tx *Tx) FindImprovementByID(ctx context.Context, org, id isms.ID) (*isms.Improvement, error) {
	panic("not implemented")
}

// FindImprovementByRef returns the improvement with reference ref
// ("IMP-3", case-insensitive).
func (tx *Tx) FindImprovementByRef(ctx context.Context, org isms.ID, ref string) (*isms.Improvement, error) {
	panic("not implemented")
}

// FindImprovementBySource returns the improvement opened from record src
// (such as an audit finding), or NotFound.
func (tx *Tx) FindImprovementBySource(ctx context.Context, org isms.ID, src isms.Link) (*isms.Improvement, error) {
	panic("not implemented")
}

// FindImprovements returns a page of improvements and the total matching f.
func (tx *Tx) FindImprovements(ctx context.Context, org isms.ID, f isms.ImprovementFilter) ([]*isms.Improvement, int, error) {
	panic("not implemented")
}
