// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherAnnexFacts reads the facts of the rules over Annex A controls: the
// applicable lines of the current SoA of ISO/IEC 27001:2022 (the approved
// version, else the draft) with their controls and evidence counted, the
// controls of the lines the findings list, and the asset inventory.
// Without the framework or an SoA, no control is applicable and the SoA's
// own rules speak.
func gatherAnnexFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.AnnexFacts) error {
	if err := tx.ReadinessAnnexAssets(ctx, org, f); err != nil {
		return err
	}
	soa, err := findSoA(ctx, tx, org, "", "")
	switch {
	case isms.ErrorCode(err) == isms.NotFound:
		return nil
	case err != nil:
		return fmt.Errorf("readiness annex soa: %w", err)
	}
	if f.AnnexControls, err = tx.ReadinessAnnexControls(ctx, org, soa.ID, today); err != nil {
		return fmt.Errorf("readiness annex controls: %w", err)
	}
	sets, err := tx.ReadinessRequirementControls(ctx, org, isms.AnnexControlsToList(f.AnnexControls))
	if err != nil {
		return fmt.Errorf("readiness annex control lists: %w", err)
	}
	for i, c := range f.AnnexControls {
		if set, ok := sets[c.RequirementID]; ok {
			f.AnnexControls[i].Controls = set
		}
	}
	return nil
}
