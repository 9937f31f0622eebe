// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Frameworks and their requirements are read by whoever reads the ISMS and
// imported, updated and deleted by whoever holds isms.ManageFrameworks
// (framework_import.go). Each organization holds its own copy.

// The object types of frameworks and requirements in the audit trail and
// in links.
const (
	objectFramework   = "framework"
	objectRequirement = "requirement"
)

func init() {
	linkables[objectFramework] = linkable{
		label: "framework",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			f, err := findFrameworkByIDOrKey(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return f.ID, "Framework: " + f.Title(), nil
		},
	}
	linkables[objectRequirement] = linkable{
		label: "requirement",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			r, err := tx.FindRequirementByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			f, err := tx.FindFrameworkByID(ctx, org, r.FrameworkID)
			if err != nil {
				return "", "", err
			}
			return r.ID, r.Label() + " (" + f.Title() + ")", nil
		},
	}
}

// BuiltinFrameworks returns the metadata of the frameworks that ship with
// the product, for the buttons that add them.
func BuiltinFrameworks() []isms.Framework {
	keys := catalog.BuiltinKeys()
	out := make([]isms.Framework, 0, len(keys))
	for _, k := range keys {
		if fw, ok := catalog.Builtin(k); ok {
			m := fw.Meta
			m.Requirements = len(fw.Requirements)
			for _, r := range fw.Requirements {
				if r.Assessable {
					m.Assessable++
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// findFrameworkByIDOrKey returns a framework by its ID or, failing that,
// its key ("iso27001-2022").
func findFrameworkByIDOrKey(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Framework, error) {
	s = strings.TrimSpace(s)
	f, err := tx.FindFrameworkByID(ctx, org, isms.ID(s))
	if isms.ErrorCode(err) == isms.NotFound {
		f, err = tx.FindFrameworkByKey(ctx, org, s)
	}
	return f, err
}

// seeFramework returns NotFound, as if the framework did not exist, when
// actor's membership limits them to another framework (an external
// auditor certifying against one standard). Every read of a framework, its
// requirements or its Statement of Applicability goes through it.
func seeFramework(actor isms.Actor, id isms.ID) error {
	if actor.SeesFramework(id) {
		return nil
	}
	return isms.Errorf(isms.NotFound, "No such framework in this organization.")
}

// visibleFramework returns a framework by its ID or key as actor may see
// it (seeFramework).
func visibleFramework(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s string) (*isms.Framework, error) {
	f, err := findFrameworkByIDOrKey(ctx, tx, actor.OrgID, s)
	if err != nil {
		return nil, err
	}
	if err := seeFramework(actor, f.ID); err != nil {
		return nil, err
	}
	return f, nil
}

// FindFrameworks lists the frameworks of the actor's organization that
// the actor may see.
func (a *App) FindFrameworks(ctx context.Context, actor isms.Actor, f isms.FrameworkFilter) ([]*isms.Framework, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	offset := f.Offset
	if actor.FrameworkID != "" {
		// An organization holds a few frameworks: read them all and keep the one.
		f.Limit, f.Offset = isms.MaxPageSize, 0
	}
	var list []*isms.Framework
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindFrameworks(ctx, f)
		return err
	})
	if err != nil || actor.FrameworkID == "" {
		return list, total, err
	}
	list = slices.DeleteFunc(list, func(fw *isms.Framework) bool { return !actor.SeesFramework(fw.ID) })
	if total = len(list); offset >= total {
		list = nil
	}
	return list, total, nil
}

// FindFramework returns a framework by its ID or key; one the actor may
// not see is NotFound.
func (a *App) FindFramework(ctx context.Context, actor isms.Actor, idOrKey string) (*isms.Framework, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, err
	}
	var f *isms.Framework
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		f, err = a.FindFrameworkTx(ctx, tx, actor, idOrKey)
		return err
	})
	return f, err
}

// FindFrameworkTx reads what FindFramework returns, within tx and without
// its permission check, for a caller that has made it.
func (a *App) FindFrameworkTx(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, idOrKey string) (*isms.Framework, error) {
	return visibleFramework(ctx, tx, actor, idOrKey)
}

// DeleteFramework deletes a framework with its requirements, their control
// links and the mapping sets that touch it. The controls stay.
func (a *App) DeleteFramework(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not delete frameworks."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		f, err := tx.FindFrameworkByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		draft, err := soaDraftToDiscard(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteFramework(ctx, actor.OrgID, id); err != nil {
			return err
		}
		ch := isms.Changes{"key": {Before: f.Key}, "name": {Before: f.Name}, "requirements": {Before: f.Requirements}}
		if draft != nil {
			ch["soaDraft"] = isms.Change{Before: draft.VersionLabel()}
		}
		return audit(ctx, tx, orgChain(f.OrgID), actor, "framework.delete", objectFramework, f.ID, ch)
	})
}

// ExportFramework returns a framework as a file would hold it: its
// metadata, its requirement tree and the mapping sets from it to other
// frameworks.
func (a *App) ExportFramework(ctx context.Context, actor isms.Actor, id isms.ID) (*catalog.Framework, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, err
	}
	if err := seeFramework(actor, id); err != nil {
		return nil, err
	}
	out := &catalog.Framework{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		f, err := tx.FindFrameworkByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		out.Meta = *f
		reqs, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: actor.OrgID, FrameworkID: id})
		if err != nil {
			return err
		}
		refs := make(map[isms.ID]string, len(reqs))
		for _, r := range reqs {
			refs[r.ID] = r.Ref
		}
		for _, r := range reqs {
			c := *r
			c.ID, c.OrgID, c.FrameworkID, c.ParentID, c.ParentRef = "", "", "", "", refs[r.ParentID]
			out.Requirements = append(out.Requirements, c)
		}
		out.Mappings, err = exportMappings(ctx, tx, actor.OrgID, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportPage is how many mappings ExportFramework reads at once.
const exportPage = 500

// exportMappings returns the mapping sets from framework f to others.
func exportMappings(ctx context.Context, tx *sqldb.Tx, org isms.ID, f *isms.Framework) ([]*catalog.MappingFile, error) {
	sets, err := tx.FindMappingSets(ctx, org)
	if err != nil {
		return nil, err
	}
	var out []*catalog.MappingFile
	for _, s := range sets {
		if s.SourceFrameworkID != f.ID {
			continue
		}
		target, err := tx.FindFrameworkByID(ctx, org, s.TargetFrameworkID)
		if err != nil {
			return nil, err
		}
		m := &catalog.MappingFile{Name: s.Name, Description: s.Description, SourceKey: f.Key, TargetKey: target.Key, Origin: s.Origin}
		for off := 0; ; off += exportPage {
			page, total, err := tx.FindMappings(ctx, org, s.ID, exportPage, off)
			if err != nil {
				return nil, err
			}
			for _, x := range page {
				m.Entries = append(m.Entries, catalog.MappingEntry{SourceRef: x.SourceRef, TargetRef: x.TargetRef,
					Relationship: x.Relationship, Rationale: x.Rationale, Strength: x.Strength, Composed: x.Composed, Via: x.Via})
			}
			if len(page) == 0 || off+len(page) >= total {
				break
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// RequirementRow is a requirement in a framework's tree with how well the
// organization's controls cover it and how many controls are linked.
type RequirementRow struct {
	*isms.Requirement
	Coverage, Inferred isms.Coverage
	Controls           int
}

// FindRequirements lists requirements of a framework with their coverage.
func (a *App) FindRequirements(ctx context.Context, actor isms.Actor, f isms.RequirementFilter) ([]*RequirementRow, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, 0, err
	}
	if err := seeFramework(actor, f.FrameworkID); err != nil {
		return nil, 0, err
	}
	var rows []*RequirementRow
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		rows, total, err = a.FindRequirementsTx(ctx, tx, actor.OrgID, f)
		return err
	})
	return rows, total, err
}

// FindRequirementsTx reads what FindRequirements returns for a framework of
// org, within tx and without its permission checks, for a caller that has
// made them.
func (a *App) FindRequirementsTx(ctx context.Context, tx *sqldb.Tx, org isms.ID, f isms.RequirementFilter) ([]*RequirementRow, int, error) {
	f.OrgID = org
	if _, err := tx.FindFrameworkByID(ctx, f.OrgID, f.FrameworkID); err != nil {
		return nil, 0, err
	}
	reqs, total, err := tx.FindRequirements(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	byReq, err := postureLinksByRequirement(ctx, tx, f.OrgID, f.FrameworkID, a.today())
	if err != nil {
		return nil, 0, err
	}
	rows := make([]*RequirementRow, len(reqs))
	for i, r := range reqs {
		rows[i] = requirementRow(r, byReq[r.ID])
	}
	return rows, total, nil
}

// postureLinksByRequirement returns the links to a framework's
// requirements as posture sees them, by requirement.
func postureLinksByRequirement(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID, today isms.Date) (map[isms.ID][]isms.PostureLink, error) {
	links, err := tx.PostureLinks(ctx, org, fw, today)
	if err != nil {
		return nil, err
	}
	out := map[isms.ID][]isms.PostureLink{}
	for _, l := range links {
		out[l.RequirementID] = append(out[l.RequirementID], l)
	}
	return out, nil
}

// requirementRow is r with the coverage its links give.
func requirementRow(r *isms.Requirement, links []isms.PostureLink) *RequirementRow {
	row := &RequirementRow{Requirement: r}
	row.Coverage, row.Inferred = isms.RequirementCoverage(links)
	for _, l := range links {
		if !l.Inferred {
			row.Controls++
		}
	}
	return row
}

// FrameworkAttributes returns the attribute names of a framework's
// requirements with their distinct values, sorted, for the tree's filters.
func (a *App) FrameworkAttributes(ctx context.Context, actor isms.Actor, frameworkID isms.ID) (map[string][]string, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, err
	}
	if err := seeFramework(actor, frameworkID); err != nil {
		return nil, err
	}
	var out map[string][]string
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = a.FrameworkAttributesTx(ctx, tx, actor.OrgID, frameworkID)
		return err
	})
	return out, err
}

// FrameworkAttributesTx reads what FrameworkAttributes returns for a
// framework of org, within tx and without its permission checks, for a
// caller that has made them.
func (a *App) FrameworkAttributesTx(ctx context.Context, tx *sqldb.Tx, org, frameworkID isms.ID) (map[string][]string, error) {
	reqs, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: org, FrameworkID: frameworkID})
	if err != nil {
		return nil, err
	}
	seen := map[string]map[string]bool{}
	for _, r := range reqs {
		for name, values := range r.Attributes {
			if seen[name] == nil {
				seen[name] = map[string]bool{}
			}
			for _, v := range values {
				seen[name][v] = true
			}
		}
	}
	out := make(map[string][]string, len(seen))
	for name, values := range seen {
		for v := range values {
			out[name] = append(out[name], v)
		}
		sort.Strings(out[name])
	}
	return out, nil
}

// RequirementDetail is one requirement with its place in the tree, the
// controls linked to it, its mappings and its coverage.
type RequirementDetail struct {
	Requirement        *isms.Requirement
	Framework          *isms.Framework
	Parent             *isms.Requirement
	Children           []*isms.Requirement
	Links              []isms.ControlLink
	Mappings           []isms.Mapping
	Coverage, Inferred isms.Coverage
}

// FindRequirement returns a requirement with its detail.
func (a *App) FindRequirement(ctx context.Context, actor isms.Actor, id isms.ID) (*RequirementDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, err
	}
	d := &RequirementDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		org := actor.OrgID
		if d.Requirement, err = tx.FindRequirementByID(ctx, org, id); err != nil {
			return err
		}
		if err := seeFramework(actor, d.Requirement.FrameworkID); err != nil {
			return err
		}
		if d.Framework, err = tx.FindFrameworkByID(ctx, org, d.Requirement.FrameworkID); err != nil {
			return err
		}
		if err := requirementFamily(ctx, tx, d); err != nil {
			return err
		}
		if d.Links, err = tx.ControlLinksTo(ctx, org, id); err != nil {
			return err
		}
		if d.Mappings, err = tx.MappingsOf(ctx, org, id); err != nil {
			return err
		}
		byReq, err := postureLinksByRequirement(ctx, tx, org, d.Framework.ID, a.today())
		d.Coverage, d.Inferred = isms.RequirementCoverage(byReq[id])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find requirement %s: %w", id, err)
	}
	sort.SliceStable(d.Links, func(i, j int) bool { return !d.Links[i].Inferred && d.Links[j].Inferred })
	return d, nil
}

// requirementFamily fills in the parent and children of d's requirement.
func requirementFamily(ctx context.Context, tx *sqldb.Tx, d *RequirementDetail) error {
	r := d.Requirement
	if r.ParentID != "" {
		p, err := tx.FindRequirementByID(ctx, r.OrgID, r.ParentID)
		if err != nil && isms.ErrorCode(err) != isms.NotFound {
			return err
		}
		d.Parent = p
	}
	all, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: r.OrgID, FrameworkID: r.FrameworkID, GroupRef: r.GroupRef})
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.ParentID == r.ID {
			d.Children = append(d.Children, c)
		}
	}
	return nil
}

// ResolveRequirement returns the requirement with reference ref (exactly,
// else ignoring case) of a framework given by ID or key.
func (a *App) ResolveRequirement(ctx context.Context, actor isms.Actor, frameworkIDOrKey, ref string) (*isms.Requirement, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read frameworks."); err != nil {
		return nil, err
	}
	var r *isms.Requirement
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		f, err := visibleFramework(ctx, tx, actor, frameworkIDOrKey)
		if err != nil {
			return err
		}
		ix, err := newRefIndex(ctx, tx, actor.OrgID, f.ID)
		if err != nil {
			return err
		}
		id, ok := ix.find(ref)
		if !ok {
			return isms.Errorf(isms.NotFound, "%s has no requirement %s.", f.Title(), quote(ref))
		}
		r, err = tx.FindRequirementByID(ctx, actor.OrgID, id)
		return err
	})
	return r, err
}
