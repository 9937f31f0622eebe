// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"slices"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The posture is how well the organization's controls cover the
// assessable requirements of each framework, overall and per top-level
// group, read in two queries for every framework at once and rolled up by
// isms.Posture. Requirements that an approved Statement of Applicability
// excludes count as not applicable.

// GroupPosture is the posture of one top-level group of a framework
// ("A.5 Organizational controls").
type GroupPosture struct {
	Ref, Title string
	Counts     isms.PostureCounts
}

// FrameworkPosture is the posture of one framework.
type FrameworkPosture struct {
	Framework *isms.Framework
	Counts    isms.PostureCounts
	Groups    []GroupPosture // in tree order
}

// Posture returns the posture of every framework of the actor's
// organization, in name order. It is kept between calls while the
// organization's records and the day are unchanged (posture_cache.go).
func (a *App) Posture(ctx context.Context, actor isms.Actor) ([]FrameworkPosture, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the posture."); err != nil {
		return nil, err
	}
	all, err := a.cachedPosture(ctx, actor)
	if err != nil {
		return nil, err
	}
	return copyPosture(all), nil
}

// PostureTx reads what Posture returns, within tx and without its
// permission check, for a caller that has made it. It computes the
// posture afresh, without the result Posture keeps.
func (a *App) PostureTx(ctx context.Context, tx *sqldb.Tx, actor isms.Actor) ([]FrameworkPosture, error) {
	return a.postureTx(ctx, tx, actor, a.today())
}

// postureTx computes, within tx, the posture on today of every framework
// of the actor's organization that the actor may see.
func (a *App) postureTx(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, today isms.Date) ([]FrameworkPosture, error) {
	fws, _, err := tx.FindFrameworks(ctx, isms.FrameworkFilter{OrgID: actor.OrgID, Sort: "name", Limit: 500})
	fws = slices.DeleteFunc(fws, func(f *isms.Framework) bool { return !actor.SeesFramework(f.ID) })
	if err != nil || len(fws) == 0 {
		return nil, err
	}
	return postureOf(ctx, tx, actor.OrgID, actor.FrameworkID, fws, today)
}

// FrameworkPosture returns the posture of one framework, taken from the
// posture of every framework the actor sees, which it keeps as Posture
// does; a framework not among them is read alone.
func (a *App) FrameworkPosture(ctx context.Context, actor isms.Actor, frameworkID isms.ID) (*FrameworkPosture, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read the posture."); err != nil {
		return nil, err
	}
	if err := seeFramework(actor, frameworkID); err != nil {
		return nil, err
	}
	all, err := a.cachedPosture(ctx, actor)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Framework.ID == frameworkID {
			return copyFrameworkPosture(&all[i]), nil
		}
	}
	// No such framework, or one past the list's limit.
	var out *FrameworkPosture
	err = a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = a.FrameworkPostureTx(ctx, tx, actor.OrgID, frameworkID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FrameworkPostureTx reads what FrameworkPosture returns for a framework of
// org, within tx and without its permission checks, for a caller that has
// made them.
func (a *App) FrameworkPostureTx(ctx context.Context, tx *sqldb.Tx, org, frameworkID isms.ID) (*FrameworkPosture, error) {
	f, err := tx.FindFrameworkByID(ctx, org, frameworkID)
	if err != nil {
		return nil, err
	}
	out, err := postureOf(ctx, tx, org, f.ID, []*isms.Framework{f}, a.today())
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// postureOf computes the posture of frameworks fws: of framework fw, or of
// every framework of org when fw is "".
func postureOf(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID, fws []*isms.Framework, today isms.Date) ([]FrameworkPosture, error) {
	reqs, err := tx.PostureRequirements(ctx, org, fw)
	if err != nil {
		return nil, err
	}
	if err := markExcludedBySoA(ctx, tx, org, fw, reqs); err != nil {
		return nil, err
	}
	links, err := tx.PostureLinks(ctx, org, fw, today)
	if err != nil {
		return nil, err
	}
	groups, err := tx.FrameworkGroups(ctx, org, fw)
	if err != nil {
		return nil, err
	}
	byFw := map[isms.ID][]isms.PostureRequirement{}
	for _, r := range reqs {
		byFw[r.FrameworkID] = append(byFw[r.FrameworkID], r)
	}
	inFw := make(map[isms.ID]isms.ID, len(reqs))
	for _, r := range reqs {
		inFw[r.ID] = r.FrameworkID
	}
	linksByFw := map[isms.ID][]isms.PostureLink{}
	for _, l := range links {
		f := inFw[l.RequirementID]
		linksByFw[f] = append(linksByFw[f], l)
	}
	out := make([]FrameworkPosture, len(fws))
	for i, f := range fws {
		total, byGroup := isms.Posture(byFw[f.ID], linksByFw[f.ID])
		out[i] = FrameworkPosture{Framework: f, Counts: total}
		for _, g := range groups[f.ID] {
			if c := byGroup[g.Ref]; c != nil {
				out[i].Groups = append(out[i].Groups, GroupPosture{Ref: g.Ref, Title: g.Title, Counts: *c})
			}
		}
	}
	return out, nil
}

// markExcludedBySoA marks NotApplicable the requirements among reqs that
// an approved Statement of Applicability excludes.
func markExcludedBySoA(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID, reqs []isms.PostureRequirement) error {
	ids, err := tx.SoAExcludedRequirements(ctx, org, fw)
	if err != nil || len(ids) == 0 {
		return err
	}
	excluded := make(map[isms.ID]bool, len(ids))
	for _, id := range ids {
		excluded[id] = true
	}
	for i := range reqs {
		reqs[i].NotApplicable = excluded[reqs[i].ID]
	}
	return nil
}
