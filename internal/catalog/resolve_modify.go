// SPDX-License-Identifier: Apache-2.0

package catalog

import "slices"

// oscalNS is the namespace of properties and parts that name none.
const oscalNS = "http://csrc.nist.gov/ns/oscal"

// modify applies a profile's alters, then its set-parameters, to every
// copy of the targeted controls and parameters.
func (x *run) modify(c *Catalog, m *Modify, file string) {
	if m == nil {
		return
	}
	controls := map[string][]*Control{}
	forEachControl(c, func(ct *Control) { controls[ct.ID] = append(controls[ct.ID], ct) })
	for _, a := range m.Alters {
		targets := controls[a.ControlID]
		if len(targets) == 0 {
			x.warn(file, "alter of control %q has no effect: the resolved catalog has no such control", a.ControlID)
		}
		for _, ct := range targets {
			for _, rm := range a.Removes {
				if !removeFrom(ct, rm) {
					x.warn(file, "remove in alter of control %q has no effect: nothing matches", a.ControlID)
				}
			}
			for _, ad := range a.Adds {
				if !add(ct, ad) {
					x.warn(file, "add in alter of control %q has no effect: control %q has nothing with id %q", a.ControlID, a.ControlID, ad.ByID)
				}
			}
		}
	}
	params := map[string][]*Param{}
	forEachParam(c, func(p *Param) { params[p.ID] = append(params[p.ID], p) })
	for _, sp := range m.SetParameters {
		targets := params[sp.ParamID]
		if len(targets) == 0 {
			x.warn(file, "set-parameter %q has no effect: the resolved catalog has no such parameter", sp.ParamID)
		}
		for _, p := range targets {
			setParameter(p, sp)
		}
	}
}

// forEachControl calls fn for every control of the catalog, nested ones
// included.
func forEachControl(c *Catalog, fn func(*Control)) {
	var controls func([]Control)
	controls = func(cs []Control) {
		for i := range cs {
			fn(&cs[i])
			controls(cs[i].Controls)
		}
	}
	var groups func([]Group)
	groups = func(gs []Group) {
		for i := range gs {
			controls(gs[i].Controls)
			groups(gs[i].Groups)
		}
	}
	controls(c.Controls)
	groups(c.Groups)
}

// forEachParam calls fn for every parameter: loose ones and those of
// groups and controls.
func forEachParam(c *Catalog, fn func(*Param)) {
	each := func(ps []Param) {
		for i := range ps {
			fn(&ps[i])
		}
	}
	each(c.Params)
	var groups func([]Group)
	groups = func(gs []Group) {
		for i := range gs {
			each(gs[i].Params)
			groups(gs[i].Groups)
		}
	}
	groups(c.Groups)
	forEachControl(c, func(ct *Control) { each(ct.Params) })
}

// setParameter changes a parameter: label, usage, class and depends-on
// replace; values or select replace both values and select; props, links,
// constraints and guidelines are added after those present.
func setParameter(p *Param, sp SetParameter) {
	if sp.Class != "" {
		p.Class = sp.Class
	}
	if sp.DependsOn != "" {
		p.DependsOn = sp.DependsOn
	}
	p.Props = append(slices.Clip(p.Props), sp.Props...)
	p.Links = append(slices.Clip(p.Links), sp.Links...)
	if sp.Label != "" {
		p.Label = sp.Label
	}
	if sp.Usage != "" {
		p.Usage = sp.Usage
	}
	p.Constraints = append(slices.Clip(p.Constraints), cloneConstraints(sp.Constraints)...)
	p.Guidelines = append(slices.Clip(p.Guidelines), sp.Guidelines...)
	if len(sp.Values) > 0 {
		p.Values, p.Select = slices.Clone(sp.Values), nil
	}
	if sp.Select != nil {
		p.Values, p.Select = nil, cloneSelection(sp.Select)
	}
}

// item describes something a remove may match.
type item struct {
	kind, id, name, class, ns string
}

// matches reports whether a remove matches an item: every criterion it
// gives must hold. By-ns of the OSCAL namespace also matches items that
// name no namespace.
func (rm Remove) matches(it item) bool {
	switch {
	case rm.ByName == "" && rm.ByClass == "" && rm.ByID == "" && rm.ByItemName == "" && rm.ByNS == "":
		return false
	case rm.ByItemName != "" && rm.ByItemName != it.kind,
		rm.ByID != "" && rm.ByID != it.id,
		rm.ByName != "" && rm.ByName != it.name,
		rm.ByClass != "" && rm.ByClass != it.class:
		return false
	case rm.ByNS == "":
		return true
	case rm.ByNS == oscalNS:
		return it.ns == "" || it.ns == oscalNS
	}
	return it.ns == rm.ByNS
}

// removeFrom removes what rm matches from a control's own content (its
// parameters, properties, links and parts, at any depth, but not its
// child controls) and reports whether anything was removed.
func removeFrom(c *Control, rm Remove) bool {
	n := 0
	c.Params = slices.DeleteFunc(c.Params, func(p Param) bool {
		return count(&n, rm.matches(item{kind: "param", id: p.ID, class: p.Class}))
	})
	for i := range c.Params {
		c.Params[i].Props = removeProps(c.Params[i].Props, rm, &n)
		c.Params[i].Links = removeLinks(c.Params[i].Links, rm, &n)
	}
	c.Props = removeProps(c.Props, rm, &n)
	c.Links = removeLinks(c.Links, rm, &n)
	c.Parts = removeParts(c.Parts, rm, &n)
	return n > 0
}

func count(n *int, b bool) bool {
	if b {
		*n++
	}
	return b
}

func removeProps(ps []Prop, rm Remove, n *int) []Prop {
	return slices.DeleteFunc(ps, func(p Prop) bool {
		return count(n, rm.matches(item{kind: "prop", name: p.Name, class: p.Class, ns: p.NS}))
	})
}

func removeLinks(ls []Link, rm Remove, n *int) []Link {
	return slices.DeleteFunc(ls, func(Link) bool { return count(n, rm.matches(item{kind: "link"})) })
}

func removeParts(ps []Part, rm Remove, n *int) []Part {
	ps = slices.DeleteFunc(ps, func(p Part) bool {
		return count(n, rm.matches(item{kind: "part", id: p.ID, name: p.Name, class: p.Class, ns: p.NS}))
	})
	for i := range ps {
		ps[i].Props = removeProps(ps[i].Props, rm, n)
		ps[i].Links = removeLinks(ps[i].Links, rm, n)
		ps[i].Parts = removeParts(ps[i].Parts, rm, n)
	}
	return ps
}
