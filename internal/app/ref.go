// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Controls, assets and risks each carry a human reference ("C-12",
// "AS-3", "R-7") unique in their organization. These helpers serve all of
// them: looking a record up by ID or reference, and refusing a reference
// another record already has.

// byIDOrRef returns a record by its ID or, failing that, its reference.
func byIDOrRef[T any](ctx context.Context, org isms.ID, s string,
	byID func(context.Context, isms.ID, isms.ID) (T, error),
	byRef func(context.Context, isms.ID, string) (T, error)) (T, error) {
	s = strings.TrimSpace(s)
	r, err := byID(ctx, org, isms.ID(s))
	if isms.ErrorCode(err) == isms.NotFound {
		r, err = byRef(ctx, org, s)
	}
	return r, err
}

// checkRefFree records a problem on "ref" when a record other than self
// has ref; describe gives a record's ID and its name for people.
func checkRefFree[T any](ctx context.Context, org isms.ID, ref string, self isms.ID, p isms.Problems,
	byRef func(context.Context, isms.ID, string) (T, error), describe func(T) (isms.ID, string)) error {
	other, err := byRef(ctx, org, ref)
	switch {
	case isms.ErrorCode(err) == isms.NotFound:
		return nil
	case err != nil:
		return err
	}
	if id, name := describe(other); id != self {
		p.Add("ref", ref+" is the reference of "+quote(name)+"; choose another.")
	}
	return nil
}
