// SPDX-License-Identifier: Apache-2.0

package app

import (
	"slices"

	"github.com/ismsproject/isms/internal/isms"
)

// frameworkPlan is what importing a framework file changes in the stored
// requirement tree, matched by reference: the change people see, and the
// rows to insert, update and delete. Requirements whose reference persists
// keep their IDs, and so their control links and mappings.
type frameworkPlan struct {
	change isms.FrameworkChange
	insert []*isms.Requirement
	update []*isms.Requirement
	remove []isms.ID
	// tree is every requirement of the file as it will be stored, in
	// document order.
	tree       []*isms.Requirement
	assessable int
	framework  isms.ID
}

// planFramework compares the stored requirements of framework fw (none for
// a new framework) with those of a file, by reference. It computes each
// requirement's parent ID, position, depth and group reference from the
// file's tree. It fails when the file repeats a reference or names a
// parent that does not come before its child.
func planFramework(org, fw isms.ID, stored []*isms.Requirement, file []isms.Requirement) (*frameworkPlan, error) {
	old := make(map[string]*isms.Requirement, len(stored))
	for _, r := range stored {
		old[r.Ref] = r
	}
	p := &frameworkPlan{tree: make([]*isms.Requirement, 0, len(file)), framework: fw}
	placed := make(map[string]*isms.Requirement, len(file))
	for i := range file {
		f := &file[i]
		if _, dup := placed[f.Ref]; dup {
			return nil, isms.Errorf(isms.Invalid, "The framework lists requirement %s twice (entry %d).", quote(f.Ref), i+1)
		}
		r := &isms.Requirement{OrgID: org, FrameworkID: fw, Ref: f.Ref, ParentRef: f.ParentRef, Title: f.Title,
			Description: f.Description, Kind: f.Kind, Assessable: f.Assessable, Attributes: f.Attributes,
			Position: i + 1, GroupRef: f.Ref}
		if f.ParentRef != "" {
			parent, ok := placed[f.ParentRef]
			if !ok {
				return nil, isms.Errorf(isms.Invalid, "Requirement %s names the parent %s, which does not come before it.", quote(f.Ref), quote(f.ParentRef))
			}
			r.ParentID, r.Depth, r.GroupRef = parent.ID, parent.Depth+1, parent.GroupRef
		}
		placed[r.Ref] = r
		p.tree = append(p.tree, r)
		if r.Assessable {
			p.assessable++
		}
		p.place(r, old[r.Ref])
	}
	for _, r := range stored {
		if _, ok := placed[r.Ref]; !ok {
			p.change.Removed = append(p.change.Removed, r.Ref)
			p.remove = append(p.remove, r.ID)
		}
	}
	return p, nil
}

// empty reports whether applying the plan would write no requirement.
func (p *frameworkPlan) empty() bool {
	return len(p.insert) == 0 && len(p.update) == 0 && len(p.remove) == 0
}

// place records requirement r of the file against its stored version
// before (nil when the reference is new).
func (p *frameworkPlan) place(r, before *isms.Requirement) {
	if before == nil {
		r.ID = isms.NewID("req")
		p.insert = append(p.insert, r)
		p.change.Added = append(p.change.Added, r.Ref)
		return
	}
	r.ID = before.ID
	if r.Title != before.Title {
		p.change.Retitled = append(p.change.Retitled, isms.RefRetitle{Ref: r.Ref, OldTitle: before.Title, NewTitle: r.Title})
	}
	content := r.Description != before.Description || r.Kind != before.Kind || r.Assessable != before.Assessable ||
		!sameAttributes(r.Attributes, before.Attributes)
	if content {
		p.change.Changed = append(p.change.Changed, r.Ref)
	}
	moved := r.ParentID != before.ParentID || r.Position != before.Position || r.Depth != before.Depth || r.GroupRef != before.GroupRef
	if content || moved || r.Title != before.Title {
		p.update = append(p.update, r)
	}
}

// sameAttributes reports whether two attribute sets hold the same values
// (an empty set equals a missing one).
func sameAttributes(a, b isms.Attributes) bool {
	n := 0
	for k, v := range a {
		if len(v) == 0 {
			continue
		}
		n++
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	for _, v := range b {
		if len(v) > 0 {
			n--
		}
	}
	return n == 0
}

// changeCounts returns the counts of a change for the audit trail.
func changeCounts(c *isms.FrameworkChange) map[string]int {
	return map[string]int{"added": len(c.Added), "removed": len(c.Removed), "retitled": len(c.Retitled),
		"changed": len(c.Changed), "lostLinks": c.LostLinks}
}
