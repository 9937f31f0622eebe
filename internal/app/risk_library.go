// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The library of common threat scenarios (isms.ThreatLibrary) starts a
// register quickly: each chosen scenario becomes an unscored risk, linked
// to the organization's controls that implement the Annex A controls
// that commonly treat it.

// libraryFramework is the framework whose requirement references the
// library's control suggestions name.
const libraryFramework = "iso27001-2022"

// AddRisksFromLibrary adds a risk for each library scenario of keys, owned
// by ownerID ("" for none), and returns them in the order of keys.
func (a *App) AddRisksFromLibrary(ctx context.Context, actor isms.Actor, keys []string, ownerID isms.ID) ([]*isms.Risk, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not create risks."); err != nil {
		return nil, err
	}
	scenarios, err := libraryScenarios(keys)
	if err != nil {
		return nil, err
	}
	var out []*isms.Risk
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := a.newRiskSave(ctx, tx, actor)
		if err != nil {
			return err
		}
		for _, sc := range scenarios {
			controls, err := libraryControls(ctx, tx, actor.OrgID, sc.Controls)
			if err != nil {
				return err
			}
			r, err := s.create(ctx, RiskInput{Title: sc.Title, Kind: string(sc.Kind), ThreatSource: sc.ThreatSource,
				Event: sc.Event, Consequence: sc.Consequence, Threat: sc.Threat, Vulnerability: sc.Vulnerability,
				Description: libraryDescription(sc), Category: sc.Category, OwnerID: string(ownerID), Controls: controls})
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// libraryScenarios returns the scenarios of keys, each once, reporting
// unknown keys.
func libraryScenarios(keys []string) ([]isms.ThreatScenario, error) {
	var out []isms.ThreatScenario
	var unknown []string
	seen := map[string]bool{}
	for _, k := range keys {
		if k = strings.TrimSpace(k); k == "" || seen[k] {
			continue
		}
		seen[k] = true
		sc, ok := isms.ThreatScenarioByKey(k)
		if !ok {
			unknown = append(unknown, quote(k))
			continue
		}
		out = append(out, sc)
	}
	switch {
	case len(unknown) > 0:
		return nil, isms.Problems{"keys": "The library has no scenario " + strings.Join(unknown, ", ") + "."}.Err()
	case len(out) == 0:
		return nil, isms.Problems{"keys": "Choose at least one scenario of the library."}.Err()
	}
	return out, nil
}

// libraryDescription names the Annex A controls that commonly treat sc.
func libraryDescription(sc isms.ThreatScenario) string {
	if len(sc.Controls) == 0 {
		return ""
	}
	return "ISO/IEC 27001:2022 Annex A controls that commonly treat it: " + strings.Join(sc.Controls, ", ") + "."
}

// libraryControls returns the IDs of org's controls with a confirmed link
// to one of the Annex A requirements refs, when org has the framework.
func libraryControls(ctx context.Context, tx *sqldb.Tx, org isms.ID, refs []string) ([]string, error) {
	fw, err := tx.FindFrameworkByKey(ctx, org, libraryFramework)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []string
	for _, ref := range refs {
		req, err := tx.FindRequirementByRef(ctx, org, fw.ID, ref)
		if isms.ErrorCode(err) == isms.NotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		links, err := tx.ControlLinksTo(ctx, org, req.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			if !l.Inferred {
				out = append(out, string(l.ControlID))
			}
		}
	}
	return out, nil
}
