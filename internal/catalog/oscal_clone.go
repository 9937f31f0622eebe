// SPDX-License-Identifier: Apache-2.0

package catalog

import "slices"

// Deep copies, so that resolution never changes the documents it reads.

// cloneControlShallow copies a control's own content; the child controls
// slice is shared.
func cloneControlShallow(c Control) Control {
	c.Params = cloneParams(c.Params)
	c.Props = slices.Clone(c.Props)
	c.Links = slices.Clone(c.Links)
	c.Parts = cloneParts(c.Parts)
	return c
}

func cloneParams(ps []Param) []Param {
	if ps == nil {
		return nil
	}
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i] = cloneParam(p)
	}
	return out
}

func cloneParam(p Param) Param {
	p.Props = slices.Clone(p.Props)
	p.Links = slices.Clone(p.Links)
	p.Constraints = cloneConstraints(p.Constraints)
	p.Guidelines = slices.Clone(p.Guidelines)
	p.Values = slices.Clone(p.Values)
	p.Select = cloneSelection(p.Select)
	return p
}

func cloneConstraints(cs []Constraint) []Constraint {
	if cs == nil {
		return nil
	}
	out := make([]Constraint, len(cs))
	for i, c := range cs {
		c.Tests = slices.Clone(c.Tests)
		out[i] = c
	}
	return out
}

func cloneSelection(s *Selection) *Selection {
	if s == nil {
		return nil
	}
	return &Selection{HowMany: s.HowMany, Choice: slices.Clone(s.Choice)}
}

func cloneParts(ps []Part) []Part {
	if ps == nil {
		return nil
	}
	out := make([]Part, len(ps))
	for i, p := range ps {
		p.Props = slices.Clone(p.Props)
		p.Links = slices.Clone(p.Links)
		p.Parts = cloneParts(p.Parts)
		out[i] = p
	}
	return out
}

// cloneGroupShallow copies a group's own content; child groups and
// controls are shared.
func cloneGroupShallow(g Group) Group {
	g.Params = cloneParams(g.Params)
	g.Props = slices.Clone(g.Props)
	g.Links = slices.Clone(g.Links)
	g.Parts = cloneParts(g.Parts)
	return g
}

func cloneResources(rs []Resource) []Resource {
	if rs == nil {
		return nil
	}
	out := make([]Resource, len(rs))
	for i, r := range rs {
		r.Props = slices.Clone(r.Props)
		r.DocumentIDs = slices.Clone(r.DocumentIDs)
		if r.Citation != nil {
			c := *r.Citation
			c.Props, c.Links = slices.Clone(c.Props), slices.Clone(c.Links)
			r.Citation = &c
		}
		rl := make([]RLink, len(r.RLinks))
		for j, l := range r.RLinks {
			l.Hashes = slices.Clone(l.Hashes)
			rl[j] = l
		}
		if r.RLinks != nil {
			r.RLinks = rl
		}
		if r.Base64 != nil {
			b := *r.Base64
			r.Base64 = &b
		}
		out[i] = r
	}
	return out
}

// cloneMetadata copies metadata; the verbatim JSON parts are immutable
// and shared.
func cloneMetadata(m Metadata) Metadata {
	m.DocumentIDs = slices.Clone(m.DocumentIDs)
	m.Props = slices.Clone(m.Props)
	m.Links = slices.Clone(m.Links)
	return m
}
