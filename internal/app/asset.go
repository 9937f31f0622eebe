// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Assets are what the ISMS protects. Whoever holds isms.EditRisks creates,
// edits and deletes them; whoever reads the ISMS sees them. An asset may
// sit below a parent asset and depend on other assets; its C, I and A
// values are positions on the current risk method's impact scale.

// objectAsset is the object type of assets in the audit trail and in
// links.
const objectAsset = "asset"

// maxAssetDepth bounds the walk up an asset's parents.
const maxAssetDepth = 1000

func init() {
	linkables[objectAsset] = linkable{
		label: "asset",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			as, err := findAssetByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return as.ID, "Asset " + as.Ref + ": " + as.Name, nil
		},
	}
}

// findAssetByIDOrRef returns an asset by its ID or, failing that, its
// reference ("AS-12").
func findAssetByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Asset, error) {
	return byIDOrRef(ctx, org, s, tx.FindAssetByID, tx.FindAssetByRef)
}

// AssetInput is an asset as a form or the API gives it: every field as
// text. An empty Ref takes the next free "AS-<n>"; C, I and A are
// positions "1".."n" on the current method's impact scale, "" when not
// valued; Parent and Dependencies are asset IDs or references.
type AssetInput struct {
	Ref, Name, Type, Description, OwnerID, Classification, C, I, A, Location, Parent string
	Dependencies                                                                     []string
}

// apply sets the plain fields of as from in, recording what cannot be read
// in p.
func (in AssetInput) apply(as *isms.Asset, p isms.Problems) {
	as.Ref, as.Name, as.Description, as.Location = in.Ref, in.Name, in.Description, in.Location
	as.Type = isms.AssetType(strings.ToLower(strings.TrimSpace(in.Type)))
	as.Classification = isms.Classification(strings.ToLower(strings.TrimSpace(in.Classification)))
	as.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	for _, x := range []struct {
		field, label, v string
		dst             *int
	}{{"c", "confidentiality", in.C, &as.C}, {"i", "integrity", in.I, &as.I}, {"a", "availability", in.A, &as.A}} {
		*x.dst = 0
		if s := strings.TrimSpace(x.v); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				p.Add(x.field, "Enter the "+x.label+" value as a level number of the impact scale, or leave it empty.")
			}
			*x.dst = n
		}
	}
	as.Normalize()
}

// assetRefs are the assets an input names, resolved.
type assetRefs struct {
	parent *isms.Asset
	deps   []*isms.Asset
}

// resolve reads in's parent and dependencies, recording unknown ones in p,
// and sets as.ParentID, ParentName and Dependencies.
func (in AssetInput) resolve(ctx context.Context, tx *sqldb.Tx, as *isms.Asset, p isms.Problems) (assetRefs, error) {
	var r assetRefs
	as.ParentID, as.ParentName, as.Dependencies = "", "", nil
	if s := strings.TrimSpace(in.Parent); s != "" {
		parent, err := findAssetByIDOrRef(ctx, tx, as.OrgID, s)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			p.Add("parent", "There is no asset "+quote(s)+" in this organization; choose the parent by its reference.")
		case err != nil:
			return r, err
		default:
			r.parent, as.ParentID, as.ParentName = parent, parent.ID, parent.Name
		}
	}
	seen := map[isms.ID]bool{}
	var unknown []string
	for _, s := range in.Dependencies {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		dep, err := findAssetByIDOrRef(ctx, tx, as.OrgID, s)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			unknown = append(unknown, quote(s))
		case err != nil:
			return r, err
		case !seen[dep.ID]:
			seen[dep.ID] = true
			r.deps = append(r.deps, dep)
			as.Dependencies = append(as.Dependencies, dep.ID)
		}
	}
	if len(unknown) > 0 {
		p.Add("dependencies", "There is no asset "+strings.Join(unknown, ", ")+" in this organization; name dependencies by their references.")
	}
	return r, nil
}

// checkAsset checks as, its owner and its place in the hierarchy, adding
// to p, and returns every problem at once.
func checkAsset(ctx context.Context, tx *sqldb.Tx, as *isms.Asset, refs assetRefs, p isms.Problems) error {
	as.OwnerName = ""
	if as.OwnerID != "" {
		name, err := activeMemberName(ctx, tx, as.OrgID, as.OwnerID, "owner", p)
		if err != nil {
			return err
		}
		as.OwnerName = name
	}
	if err := checkAssetCycle(ctx, tx, as, refs.parent, p); err != nil {
		return err
	}
	m, err := currentRiskMethod(ctx, tx, as.OrgID)
	if err != nil {
		return err
	}
	levels := 0
	if m != nil {
		levels = len(m.Impact)
	}
	return mergeProblems(p, as.Validate(levels))
}

// checkAssetCycle records a problem when parent is as itself or already
// below it.
func checkAssetCycle(ctx context.Context, tx *sqldb.Tx, as, parent *isms.Asset, p isms.Problems) error {
	if parent == nil || parent.ID == as.ID {
		return nil // no parent, or its own parent: Validate reports it
	}
	cur := parent
	for range maxAssetDepth {
		if cur.ParentID == "" {
			return nil
		}
		if cur.ParentID == as.ID {
			p.Add("parent", fmt.Sprintf("%s is already below %s; an asset cannot be its own ancestor.", parent.Ref, as.Ref))
			return nil
		}
		next, err := tx.FindAssetByID(ctx, as.OrgID, cur.ParentID)
		if err != nil {
			return err
		}
		cur = next
	}
	p.Add("parent", "The chain of parents above "+parent.Ref+" is too deep; choose a parent higher up.")
	return nil
}

// CreateAsset adds an asset to the actor's organization.
func (a *App) CreateAsset(ctx context.Context, actor isms.Actor, in AssetInput) (*isms.Asset, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not create assets."); err != nil {
		return nil, err
	}
	as := &isms.Asset{ID: isms.NewID("ast"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	p := isms.Problems{}
	in.apply(as, p)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if as.Ref == "" {
			n, err := tx.MaxAssetNumber(ctx, actor.OrgID)
			if err != nil {
				return err
			}
			as.Ref = "AS-" + strconv.Itoa(n+1)
		} else if err := assetRefTaken(ctx, tx, actor.OrgID, as.Ref, "", p); err != nil {
			return err
		}
		refs, err := in.resolve(ctx, tx, as, p)
		if err != nil {
			return err
		}
		if err := checkAsset(ctx, tx, as, refs, p); err != nil {
			return err
		}
		if err := tx.InsertAsset(ctx, as); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(as.OrgID), actor, "asset.create", objectAsset, as.ID, assetCreated(as, refs))
	})
	if err != nil {
		return nil, err
	}
	return as, nil
}

// assetRefTaken records a problem when another asset than self has ref.
func assetRefTaken(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string, self isms.ID, p isms.Problems) error {
	return checkRefFree(ctx, org, ref, self, p, tx.FindAssetByRef, func(a *isms.Asset) (isms.ID, string) { return a.ID, a.Name })
}

// assetCreated is the audit record of a new asset.
func assetCreated(as *isms.Asset, refs assetRefs) isms.Changes {
	fields := map[string]any{"ref": as.Ref, "name": as.Name, "type": string(as.Type)}
	for k, v := range map[string]string{"description": as.Description, "owner": as.OwnerName,
		"classification": string(as.Classification), "location": as.Location, "parent": refs.parentRef(),
		"dependencies": refs.depRefs()} {
		if v != "" {
			fields[k] = v
		}
	}
	for k, v := range map[string]int{"c": as.C, "i": as.I, "a": as.A} {
		if v != 0 {
			fields[k] = v
		}
	}
	return isms.Created(fields)
}

// parentRef is the parent's reference, "" for none.
func (r assetRefs) parentRef() string {
	if r.parent == nil {
		return ""
	}
	return r.parent.Ref
}

// depRefs lists the dependencies' references, sorted, separated by "; ".
func (r assetRefs) depRefs() string {
	refs := make([]string, len(r.deps))
	for i, d := range r.deps {
		refs[i] = d.Ref
	}
	sort.Strings(refs)
	return strings.Join(refs, "; ")
}

// UpdateAsset changes an asset's fields, parent and dependencies. version
// is the version the person edited; a newer stored one is a conflict.
func (a *App) UpdateAsset(ctx context.Context, actor isms.Actor, id isms.ID, version int, in AssetInput) (*isms.Asset, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not edit assets."); err != nil {
		return nil, err
	}
	var as *isms.Asset
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if as, err = tx.FindAssetByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if as.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this asset while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", version, as.Version)
		}
		before := *as
		beforeRefs, err := storedAssetRefs(ctx, tx, &before)
		if err != nil {
			return err
		}
		p := isms.Problems{}
		if strings.TrimSpace(in.Ref) == "" {
			in.Ref = before.Ref
		}
		in.apply(as, p)
		if err := assetRefTaken(ctx, tx, actor.OrgID, as.Ref, as.ID, p); err != nil {
			return err
		}
		refs, err := in.resolve(ctx, tx, as, p)
		if err != nil {
			return err
		}
		if err := checkAsset(ctx, tx, as, refs, p); err != nil {
			return err
		}
		changes := assetChanges(&before, as, beforeRefs, refs)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateAsset(ctx, as, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(as.OrgID), actor, "asset.update", objectAsset, as.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return as, nil
}

// storedAssetRefs reads the parent and dependencies as has stored.
func storedAssetRefs(ctx context.Context, tx *sqldb.Tx, as *isms.Asset) (r assetRefs, err error) {
	if as.ParentID != "" {
		if r.parent, err = tx.FindAssetByID(ctx, as.OrgID, as.ParentID); err != nil {
			return r, err
		}
	}
	if len(as.Dependencies) > 0 {
		r.deps, err = tx.FindAssetsByIDs(ctx, as.OrgID, as.Dependencies)
	}
	return r, err
}

// assetChanges returns what changed between two versions of an asset.
func assetChanges(b, as *isms.Asset, br, ar assetRefs) isms.Changes {
	ch := isms.Changes{}
	for _, f := range []struct {
		name          string
		before, after any
	}{
		{"ref", b.Ref, as.Ref}, {"name", b.Name, as.Name}, {"type", string(b.Type), string(as.Type)},
		{"description", b.Description, as.Description}, {"owner", b.OwnerName, as.OwnerName},
		{"classification", string(b.Classification), string(as.Classification)},
		{"c", b.C, as.C}, {"i", b.I, as.I}, {"a", b.A, as.A}, {"location", b.Location, as.Location},
		{"parent", br.parentRef(), ar.parentRef()}, {"dependencies", br.depRefs(), ar.depRefs()},
	} {
		if f.before != f.after {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	if b.OwnerID != as.OwnerID && ch["owner"] == (isms.Change{}) {
		ch["owner"] = isms.Change{Before: string(b.OwnerID), After: string(as.OwnerID)}
	}
	return ch
}

// DeleteAsset deletes an asset with its dependencies and risk links. An
// asset with assets below it stays until they are moved or deleted.
func (a *App) DeleteAsset(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.EditRisks), "You may not delete assets."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		as, err := tx.FindAssetByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		n, err := tx.CountAssetChildren(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		switch {
		case n == 1:
			return isms.Errorf(isms.Conflict, "%s has an asset below it; move it to another parent or delete it first.", as.Ref)
		case n > 1:
			return isms.Errorf(isms.Conflict, "%s has %d assets below it; move them to another parent or delete them first.", as.Ref, n)
		}
		if err := tx.DeleteAsset(ctx, actor.OrgID, id); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(as.OrgID), actor, "asset.delete", objectAsset, as.ID,
			isms.Changes{"ref": {Before: as.Ref}, "name": {Before: as.Name}, "type": {Before: string(as.Type)}})
	})
}

// FindAssets lists the assets of the actor's organization.
func (a *App) FindAssets(ctx context.Context, actor isms.Actor, f isms.AssetFilter) ([]*isms.Asset, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read assets."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.Asset
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindAssets(ctx, f)
		return err
	})
	return list, total, err
}

// AssetDetail is an asset with its parent (nil at the top), the assets
// below it, those it depends on and those depending on it, its risks and
// the current method (for C/I/A labels; nil when none is approved).
type AssetDetail struct {
	Asset                              *isms.Asset
	Parent                             *isms.Asset
	Children, Dependencies, Dependents []*isms.Asset
	Risks                              []*isms.Risk
	Method                             *isms.RiskMethod
}

// FindAsset returns an asset, by ID or reference, with what surrounds it.
// Children and risks are the first isms.MaxPageSize of each.
func (a *App) FindAsset(ctx context.Context, actor isms.Actor, idOrRef string) (*AssetDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read assets."); err != nil {
		return nil, err
	}
	d := &AssetDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Asset, err = findAssetByIDOrRef(ctx, tx, actor.OrgID, idOrRef); err != nil {
			return err
		}
		as := d.Asset
		if as.ParentID != "" {
			if d.Parent, err = tx.FindAssetByID(ctx, actor.OrgID, as.ParentID); err != nil {
				return err
			}
		}
		if d.Children, _, err = tx.FindAssets(ctx, isms.AssetFilter{OrgID: actor.OrgID, ParentID: as.ID, Limit: isms.MaxPageSize}); err != nil {
			return err
		}
		if len(as.Dependencies) > 0 {
			if d.Dependencies, err = tx.FindAssetsByIDs(ctx, actor.OrgID, as.Dependencies); err != nil {
				return err
			}
		}
		if d.Dependents, err = tx.AssetDependents(ctx, actor.OrgID, as.ID); err != nil {
			return err
		}
		if d.Risks, _, err = tx.FindRisks(ctx, isms.RiskFilter{OrgID: actor.OrgID, AssetID: as.ID, Today: a.today(), Limit: isms.MaxPageSize}); err != nil {
			return err
		}
		d.Method, err = currentRiskMethod(ctx, tx, actor.OrgID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find asset %s: %w", idOrRef, err)
	}
	return d, nil
}
