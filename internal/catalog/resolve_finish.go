// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// finish completes a resolved catalog: it drops loose parameters nothing
// inserts, assembles the back matter and writes the metadata.
func (x *run) finish(c *Catalog, doc *Document, sels []*selection) {
	pruneParams(c)
	c.BackMatter = backMatter(c, doc.Profile, sels)
	stamp := x.now.UTC().Format(time.RFC3339Nano)
	c.Metadata = cloneMetadata(doc.Profile.Metadata)
	c.Metadata.LastModified = stamp
	c.Metadata.Props = append([]Prop{{Name: "resolution-timestamp", Value: stamp}}, c.Metadata.Props...)
	c.Metadata.Links = append([]Link{{Href: uriReference(doc.Name), Rel: "resolution-source"}}, c.Metadata.Links...)
	c.UUID = NewUUID()
	if x.r.NewUUID != nil {
		c.UUID = x.r.NewUUID()
	}
}

// uriReference turns a document name into a URI reference: a URL stays
// as it is, a file name is escaped as a path.
func uriReference(name string) string {
	if u, err := url.Parse(name); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		return name
	}
	return (&url.URL{Path: filepath.ToSlash(name)}).String()
}

// insertRE finds parameter insertions in markup.
var insertRE = regexp.MustCompile(`\{\{\s*insert:\s*param\s*,\s*([^\s}]+)\s*\}\}`)

// keepAlways reports whether props carry the instruction to keep the
// item even when nothing refers to it.
func keepAlways(props []Prop) bool {
	return slices.ContainsFunc(props, func(p Prop) bool { return p.Name == "keep" && p.Value == "always" })
}

// pruneParams drops loose parameters (of the catalog and of groups) that
// no content of the result inserts, directly or through other parameters,
// unless they are marked keep=always. Parameters of controls stay, and a
// parameter of an unselected control is dropped when the result has the
// control (with the parameter) from another import.
func pruneParams(c *Catalog) {
	anchored := map[string]bool{}
	forEachControl(c, func(ct *Control) {
		for _, p := range ct.Params {
			anchored[p.ID] = true
		}
	})
	c.Params = slices.DeleteFunc(c.Params, func(p Param) bool { return p.origin.orphan && anchored[p.ID] })
	used := map[string]bool{}
	scan := func(s string) {
		if strings.Contains(s, "insert") {
			for _, m := range insertRE.FindAllStringSubmatch(s, -1) {
				used[m[1]] = true
			}
		}
	}
	forEachControl(c, func(ct *Control) { controlText(ct, scan) })
	var loose []*Param
	loose = appendPtrs(loose, c.Params)
	var groups func([]Group)
	groups = func(gs []Group) {
		for i := range gs {
			groupText(&gs[i], scan)
			loose = appendPtrs(loose, gs[i].Params)
			groups(gs[i].Groups)
		}
	}
	groups(c.Groups)
	done := map[*Param]bool{}
	for changed := true; changed; {
		changed = false
		for _, p := range loose {
			if !done[p] && (used[p.ID] || keepAlways(p.Props)) {
				done[p], changed = true, true
				paramText(p, scan)
			}
		}
	}
	unused := func(p Param) bool { return !used[p.ID] && !keepAlways(p.Props) && !p.origin.pinned }
	c.Params = slices.DeleteFunc(c.Params, unused)
	var prune func([]Group)
	prune = func(gs []Group) {
		for i := range gs {
			gs[i].Params = slices.DeleteFunc(gs[i].Params, unused)
			prune(gs[i].Groups)
		}
	}
	prune(c.Groups)
}

func appendPtrs(dst []*Param, ps []Param) []*Param {
	for i := range ps {
		dst = append(dst, &ps[i])
	}
	return dst
}

// controlText calls fn with every text of a control's own content.
func controlText(c *Control, fn func(string)) {
	fn(c.Title)
	for i := range c.Params {
		paramText(&c.Params[i], fn)
	}
	linksText(c.Links, fn)
	partsText(c.Parts, fn)
}

func groupText(g *Group, fn func(string)) {
	fn(g.Title)
	linksText(g.Links, fn)
	partsText(g.Parts, fn)
}

func paramText(p *Param, fn func(string)) {
	fn(p.Label)
	fn(p.Usage)
	fn(p.Remarks)
	linksText(p.Links, fn)
	for _, c := range p.Constraints {
		fn(c.Description)
	}
	for _, g := range p.Guidelines {
		fn(g.Prose)
	}
	for _, v := range p.Values {
		fn(v)
	}
	if p.Select != nil {
		for _, ch := range p.Select.Choice {
			fn(ch)
		}
	}
}

func partsText(ps []Part, fn func(string)) {
	for i := range ps {
		fn(ps[i].Title)
		fn(ps[i].Prose)
		linksText(ps[i].Links, fn)
		partsText(ps[i].Parts, fn)
	}
}

func linksText(ls []Link, fn func(string)) {
	for _, l := range ls {
		fn(l.Text)
	}
}
