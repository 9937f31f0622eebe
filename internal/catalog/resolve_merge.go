// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"cmp"
	"reflect"
	"slices"
	"strconv"
)

// Combination methods of merge/combine.
const (
	combineKeep     = "keep"
	combineUseFirst = "use-first"
	combineMerge    = "merge"
)

// merge arranges the selections into the body of the resolved catalog:
// flat (the default), as in the sources (as-is) or in a custom structure,
// and applies the combination method to controls and parameters that
// were selected more than once.
func merge(m *Merge, sels []*selection, profile string) *Catalog {
	method := combineKeep
	if m != nil && m.Combine != nil && m.Combine.Method != "" {
		method = m.Combine.Method
	}
	switch {
	case m != nil && m.Custom != nil:
		return mergeCustom(m.Custom, sels, method, profile)
	case m != nil && m.AsIs != nil && *m.AsIs:
		return mergeAsIs(sels, method)
	}
	c := &Catalog{}
	c.Params, c.Controls = flatten(sels)
	c.Params = combineParams(c.Params, method)
	combine(c, method)
	return c
}

// flatten returns all loose parameters and all selected controls of the
// selections without groups, in document order; controls keep their
// children.
func flatten(sels []*selection) ([]Param, []Control) {
	var params []Param
	var controls []Control
	for _, s := range sels {
		loose := append(slices.Clone(s.params), s.orphans...)
		controls = append(controls, s.controls...)
		var walk func(gs []Group)
		walk = func(gs []Group) {
			for _, g := range gs {
				loose = append(loose, g.Params...)
				controls = append(controls, g.Controls...)
				walk(g.Groups)
			}
		}
		walk(s.groups)
		params = append(params, sortParams(loose)...)
	}
	return params, controls
}

// mergeAsIs keeps the groups of the sources. Groups that are the same
// group of the same source document (imported twice, or once directly
// and once through another profile) are merged, their controls in source
// order.
func mergeAsIs(sels []*selection, method string) *Catalog {
	c := &Catalog{}
	var groups []Group
	for _, s := range sels {
		c.Params = append(c.Params, s.params...)
		c.Params = append(c.Params, s.orphans...)
		c.Controls = append(c.Controls, s.controls...)
		groups = append(groups, s.groups...)
	}
	c.Groups = mergeGroups(groups)
	combine(c, method)
	var floating []Param
	c.Groups = pruneGroups(c.Groups, &floating)
	c.Params = combineParams(sortParams(append(c.Params, floating...)), method)
	return c
}

// groupIdentity identifies a source group across selections.
func groupIdentity(g Group, i int) string {
	if g.origin.valid {
		return g.origin.doc + "\x00" + g.origin.key
	}
	return "\x01" + strconv.Itoa(i)
}

func mergeGroups(gs []Group) []Group {
	var out []Group
	index := map[string]int{}
	merged := map[int]bool{}
	for i, g := range gs {
		id := groupIdentity(g, i)
		j, ok := index[id]
		if !ok {
			index[id] = len(out)
			out = append(out, g)
			continue
		}
		t := &out[j]
		merged[j] = true
		t.Params = append(slices.Clip(t.Params), g.Params...)
		t.Props = appendNew(t.Props, g.Props)
		t.Links = appendNew(t.Links, g.Links)
		t.Parts = appendNew(t.Parts, g.Parts)
		t.Controls = append(slices.Clip(t.Controls), g.Controls...)
		t.Groups = append(slices.Clip(t.Groups), g.Groups...)
	}
	for j := range out {
		if merged[j] {
			out[j].Params = sortParams(out[j].Params)
			sortByOrigin(out[j].Controls, func(c *Control) origin { return c.origin })
		}
		out[j].Groups = mergeGroups(out[j].Groups)
	}
	return out
}

// appendNew appends the items of add that dst does not have yet.
func appendNew[T any](dst, add []T) []T {
	for _, a := range add {
		if !slices.ContainsFunc(dst, func(d T) bool { return reflect.DeepEqual(d, a) }) {
			dst = append(dst, a)
		}
	}
	return dst
}

// pruneGroups drops groups that hold no control, directly or below; their
// loose parameters float up to the catalog.
func pruneGroups(gs []Group, floating *[]Param) []Group {
	var out []Group
	for _, g := range gs {
		g.Groups = pruneGroups(g.Groups, floating)
		if len(g.Controls) == 0 && len(g.Groups) == 0 {
			*floating = append(*floating, g.Params...)
			continue
		}
		out = append(out, g)
	}
	return out
}

// sortParams orders parameters by where they come from.
func sortParams(ps []Param) []Param {
	sortByOrigin(ps, func(p *Param) origin { return p.origin })
	return ps
}

// sortByOrigin orders items by source document (in order of first
// appearance), then in document order.
func sortByOrigin[T any](xs []T, of func(*T) origin) {
	rank := map[string]int{}
	for i := range xs {
		if d := of(&xs[i]).doc; rank[d] == 0 {
			rank[d] = len(rank) + 1
		}
	}
	slices.SortStableFunc(xs, func(a, b T) int {
		oa, ob := of(&a), of(&b)
		if c := cmp.Compare(rank[oa.doc], rank[ob.doc]); c != 0 {
			return c
		}
		return cmp.Compare(oa.seq, ob.seq)
	})
}

// combineParams applies the combination method to loose parameters.
func combineParams(ps []Param, method string) []Param {
	if method == combineKeep {
		return ps
	}
	seen := map[string]bool{}
	out := ps[:0:0]
	for _, p := range ps {
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	return out
}
