// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"regexp"
	"strings"
)

// backMatter assembles the resolved catalog's back matter: the resources
// of the imported documents, in import order, then the profile's own.
// Of resources with the same uuid the last one is used (the last marked
// keep=always, if any is), in the place of the first. A resource is kept
// when the result refers to it ("#uuid" in a link or in text) or when it
// is marked keep=always.
func backMatter(c *Catalog, p *Profile, sels []*selection) *BackMatter {
	var all []Resource
	for _, s := range sels {
		all = append(all, s.resources...)
	}
	if p.BackMatter != nil {
		all = append(all, cloneResources(p.BackMatter.Resources)...)
	}
	var order []string
	copies := map[string][]int{}
	for i, r := range all {
		if _, ok := copies[r.UUID]; !ok {
			order = append(order, r.UUID)
		}
		copies[r.UUID] = append(copies[r.UUID], i)
	}
	refs := references(c, p)
	var out []Resource
	for _, uuid := range order {
		idx := copies[uuid]
		chosen := idx[len(idx)-1]
		for k := len(idx) - 1; k >= 0; k-- {
			if keepAlways(all[idx[k]].Props) {
				chosen = idx[k]
				break
			}
		}
		if r := all[chosen]; refs[uuid] || keepAlways(r.Props) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &BackMatter{Resources: out}
}

// anchorRE finds Markdown links to fragments: [text](#id).
var anchorRE = regexp.MustCompile(`\]\(#([^)\s]+)\)`)

// references collects the fragment ids that the catalog body and the
// profile's metadata refer to.
func references(c *Catalog, p *Profile) map[string]bool {
	refs := map[string]bool{}
	text := func(s string) {
		if strings.Contains(s, "](#") {
			for _, m := range anchorRE.FindAllStringSubmatch(s, -1) {
				refs[m[1]] = true
			}
		}
	}
	links := func(ls []Link) {
		for _, l := range ls {
			if strings.HasPrefix(l.Href, "#") {
				refs[l.Href[1:]] = true
			}
		}
	}
	var parts func([]Part)
	parts = func(ps []Part) {
		for i := range ps {
			links(ps[i].Links)
			parts(ps[i].Parts)
		}
	}
	forEachParam(c, func(pm *Param) { links(pm.Links); paramText(pm, text) })
	forEachControl(c, func(ct *Control) { links(ct.Links); parts(ct.Parts); controlText(ct, text) })
	var groups func([]Group)
	groups = func(gs []Group) {
		for i := range gs {
			links(gs[i].Links)
			parts(gs[i].Parts)
			groupText(&gs[i], text)
			groups(gs[i].Groups)
		}
	}
	groups(c.Groups)
	links(p.Metadata.Links)
	return refs
}
