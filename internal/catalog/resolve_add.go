// SPDX-License-Identifier: Apache-2.0

package catalog

import "slices"

// add applies an add directive to a control and reports whether its
// target exists. Without by-id (or with the control's own id) content is
// added to the control: "starting" before what it has of each kind,
// "ending" (the default) after; "before" and "after" count as starting
// and ending. With by-id naming a parameter or part of the control,
// "starting" and "ending" add inside it, "before" and "after" add
// parameters or parts next to it; with by-id naming a child control,
// content is added to that control.
func add(c *Control, ad Add) bool {
	pos := ad.Position
	if pos == "" {
		pos = "ending"
	}
	if ad.ByID == "" || ad.ByID == c.ID {
		addToControl(c, ad, pos)
		return true
	}
	if t := findControl(c.Controls, ad.ByID); t != nil {
		addToControl(t, ad, pos)
		return true
	}
	if i := slices.IndexFunc(c.Params, func(p Param) bool { return p.ID == ad.ByID }); i >= 0 {
		switch pos {
		case "before", "after":
			c.Params = slices.Insert(c.Params, i+offset(pos), cloneParams(ad.Params)...)
		default:
			p := &c.Params[i]
			p.Props = addItems(p.Props, slices.Clone(ad.Props), pos)
			p.Links = addItems(p.Links, slices.Clone(ad.Links), pos)
		}
		return true
	}
	if s, i := findPart(&c.Parts, ad.ByID); s != nil {
		switch pos {
		case "before", "after":
			*s = slices.Insert(*s, i+offset(pos), cloneParts(ad.Parts)...)
		default:
			p := &(*s)[i]
			if ad.Title != "" {
				p.Title = ad.Title
			}
			p.Props = addItems(p.Props, slices.Clone(ad.Props), pos)
			p.Parts = addItems(p.Parts, cloneParts(ad.Parts), pos)
			p.Links = addItems(p.Links, slices.Clone(ad.Links), pos)
		}
		return true
	}
	return false
}

func offset(pos string) int {
	if pos == "after" {
		return 1
	}
	return 0
}

// addToControl adds content to a control itself; a title replaces the
// control's title.
func addToControl(c *Control, ad Add, pos string) {
	if pos == "before" {
		pos = "starting"
	}
	if ad.Title != "" {
		c.Title = ad.Title
	}
	c.Params = addItems(c.Params, cloneParams(ad.Params), pos)
	c.Props = addItems(c.Props, slices.Clone(ad.Props), pos)
	c.Links = addItems(c.Links, slices.Clone(ad.Links), pos)
	c.Parts = addItems(c.Parts, cloneParts(ad.Parts), pos)
}

// addItems puts items at the start of list for "starting", else at the end.
func addItems[T any](list, items []T, pos string) []T {
	if len(items) == 0 {
		return list
	}
	if pos == "starting" {
		return append(items, list...)
	}
	return append(slices.Clip(list), items...)
}

func findControl(cs []Control, id string) *Control {
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i]
		}
		if c := findControl(cs[i].Controls, id); c != nil {
			return c
		}
	}
	return nil
}

// findPart finds the part with the given id and returns the slice that
// holds it and its index.
func findPart(ps *[]Part, id string) (*[]Part, int) {
	for i := range *ps {
		if (*ps)[i].ID == id {
			return ps, i
		}
		if s, j := findPart(&(*ps)[i].Parts, id); s != nil {
			return s, j
		}
	}
	return nil, -1
}
