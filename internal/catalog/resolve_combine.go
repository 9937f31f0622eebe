// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"cmp"
	"slices"
	"strconv"
)

// combine applies the combination method to controls selected more than
// once (same id), in document order over the catalog's controls and
// then its groups: "keep" leaves them all, "use-first" keeps the first,
// "merge" folds the content of all into the first.
func combine(c *Catalog, method string) {
	if method != combineUseFirst && method != combineMerge {
		return
	}
	cb := &combiner{method: method, acc: map[string]*Control{}, extra: map[string][]Control{}, done: map[string]bool{}}
	if method == combineMerge {
		cb.collect(c.Controls)
		cb.collectGroups(c.Groups)
	}
	c.Controls = cb.rebuild(c.Controls)
	c.Groups = cb.rebuildGroups(c.Groups)
}

type combiner struct {
	method string
	acc    map[string]*Control  // merged content by id (merge)
	extra  map[string][]Control // children of later copies (merge)
	done   map[string]bool      // ids already emitted
}

// collect folds the content of every copy of a control into the first.
func (cb *combiner) collect(cs []Control) {
	for _, c := range cs {
		if a, ok := cb.acc[c.ID]; ok {
			for _, p := range c.Params {
				if !slices.ContainsFunc(a.Params, func(q Param) bool { return q.ID == p.ID }) {
					a.Params = append(a.Params, p)
				}
			}
			a.Props = appendNew(a.Props, c.Props)
			a.Links = appendNew(a.Links, c.Links)
			a.Parts = appendNew(a.Parts, c.Parts)
			cb.extra[c.ID] = append(cb.extra[c.ID], c.Controls...)
		} else {
			first := cloneControlShallow(c)
			cb.acc[c.ID] = &first
		}
		cb.collect(c.Controls)
	}
}

func (cb *combiner) collectGroups(gs []Group) {
	for _, g := range gs {
		cb.collect(g.Controls)
		cb.collectGroups(g.Groups)
	}
}

// rebuild drops later copies of controls and, for merge, puts the merged
// content into the first.
func (cb *combiner) rebuild(cs []Control) []Control {
	var out []Control
	for _, c := range cs {
		if cb.done[c.ID] {
			continue
		}
		cb.done[c.ID] = true
		kids := c.Controls
		if a, ok := cb.acc[c.ID]; ok {
			kids = append(slices.Clip(kids), cb.extra[c.ID]...)
			c = *a
		}
		c.Controls = cb.rebuild(kids)
		out = append(out, c)
	}
	return out
}

func (cb *combiner) rebuildGroups(gs []Group) []Group {
	out := make([]Group, 0, len(gs))
	for _, g := range gs {
		g.Controls = cb.rebuild(g.Controls)
		g.Groups = cb.rebuildGroups(g.Groups)
		out = append(out, g)
	}
	return out
}

// mergeCustom arranges the selected controls in the profile's own
// structure. Controls that no insert-controls picks are left out; loose
// parameters go to the catalog.
func mergeCustom(cu *Custom, sels []*selection, method, profile string) *Catalog {
	c := &Catalog{}
	c.Params, c.Controls = flatten(sels)
	c.Params = combineParams(c.Params, method)
	combine(c, method)
	pool := c.Controls
	c.Controls = insertControls(pool, cu.InsertControls)
	for i, pg := range cu.Groups {
		c.Groups = append(c.Groups, customGroup(pg, pool, profile, "custom/"+strconv.Itoa(i)))
	}
	return c
}

func customGroup(pg ProfileGroup, pool []Control, profile, key string) Group {
	g := cloneGroupShallow(Group{ID: pg.ID, Class: pg.Class, Title: pg.Title, Params: pg.Params,
		Props: pg.Props, Links: pg.Links, Parts: pg.Parts})
	if pg.ID != "" {
		key = "g:" + pg.ID
	}
	g.origin = origin{doc: profile, key: key, valid: true}
	for i := range g.Params {
		g.Params[i].origin = origin{doc: profile, key: key, seq: i + 1, valid: true, pinned: true}
	}
	g.Controls = insertControls(pool, pg.InsertControls)
	for i, sub := range pg.Groups {
		g.Groups = append(g.Groups, customGroup(sub, pool, profile, key+"/"+strconv.Itoa(i)))
	}
	return g
}

// insertControls picks controls from the pool with the same rules as an
// import and orders them.
func insertControls(pool []Control, ics []InsertControls) []Control {
	var out []Control
	for _, ic := range ics {
		s := &selector{rules: newRules(ic.IncludeAll, ic.IncludeControls, ic.ExcludeControls)}
		var picked []Control
		for i, c := range pool {
			picked = append(picked, s.pick(c, "i"+strconv.Itoa(i), false, false)...)
		}
		switch ic.Order {
		case "ascending":
			slices.SortStableFunc(picked, func(a, b Control) int { return cmp.Compare(a.ID, b.ID) })
		case "descending":
			slices.SortStableFunc(picked, func(a, b Control) int { return cmp.Compare(b.ID, a.ID) })
		}
		out = append(out, picked...)
	}
	return out
}
