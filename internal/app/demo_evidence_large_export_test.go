// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// GenerateEvidence writes n evidence items of org owned by owners, made
// from seed by the large demo's generator and written in its batches,
// supporting no records: the fixture of the evidence benchmarks.
func (a *App) GenerateEvidence(ctx context.Context, org isms.ID, owners []*isms.User, n int, seed uint64) error {
	g, err := a.newEvidenceGen(ctx, org, owners, seed)
	if err != nil {
		return err
	}
	return a.db.BulkLoad(ctx, func() error { return a.insertGeneratedEvidence(ctx, g, n, func(string) {}) })
}
