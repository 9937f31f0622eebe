// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"regexp"
	"strconv"
	"strings"
)

// selection is what one import contributes: the source's structure with
// only the selected controls, and the parameters and resources that may
// be needed.
type selection struct {
	source    string
	params    []Param   // the source catalog's own loose parameters
	controls  []Control // selected controls directly in the catalog
	groups    []Group   // groups, possibly empty, pruned when merging
	orphans   []Param   // parameters of controls that were not selected
	resources []Resource
}

// rules are compiled include/exclude directives.
type rules struct {
	all                bool
	inc, incKids       map[string]bool
	incPat, incPatKids []*regexp.Regexp
	exc, excKids       map[string]bool
	excPat, excPatKids []*regexp.Regexp
}

// newRules compiles directives. Without include-all or include-controls
// every control is included (the specification's implicit "all").
func newRules(all *IncludeAll, include, exclude []SelectControls) *rules {
	r := &rules{all: all != nil || len(include) == 0}
	r.inc, r.incKids, r.incPat, r.incPatKids = compileSelect(include)
	r.exc, r.excKids, r.excPat, r.excPatKids = compileSelect(exclude)
	return r
}

func compileSelect(sel []SelectControls) (ids, idsKids map[string]bool, pats, patsKids []*regexp.Regexp) {
	ids, idsKids = map[string]bool{}, map[string]bool{}
	for _, s := range sel {
		kids := s.WithChildControls == "yes"
		for _, id := range s.WithIDs {
			if kids {
				idsKids[id] = true
			} else {
				ids[id] = true
			}
		}
		for _, m := range s.Matching {
			if m.Pattern == "" {
				continue
			}
			re := globRegexp(m.Pattern)
			if kids {
				patsKids = append(patsKids, re)
			} else {
				pats = append(pats, re)
			}
		}
	}
	return ids, idsKids, pats, patsKids
}

// globRegexp compiles a glob pattern (* any run, ? one character) that
// must match a whole id.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func anyMatch(res []*regexp.Regexp, id string) bool {
	for _, re := range res {
		if re.MatchString(id) {
			return true
		}
	}
	return false
}

// included reports whether a control is included by id or pattern, and
// whether its descendants are included with it.
func (r *rules) included(id string) (self, kids bool) {
	kids = r.incKids[id] || anyMatch(r.incPatKids, id)
	return r.all || kids || r.inc[id] || anyMatch(r.incPat, id), kids
}

func (r *rules) excluded(id string) (self, kids bool) {
	kids = r.excKids[id] || anyMatch(r.excPatKids, id)
	return kids || r.exc[id] || anyMatch(r.excPat, id), kids
}

// selector walks a source catalog, stamping origins in document order.
type selector struct {
	rules   *rules
	source  string
	seq     int
	orphans []Param
}

func (s *selector) stamp(o *origin, key string) {
	s.seq++
	if !o.valid {
		*o = origin{doc: s.source, key: key, seq: s.seq, valid: true}
	}
}

func (s *selector) stampParams(ps []Param, key string) []Param {
	ps = cloneParams(ps)
	for i := range ps {
		s.stamp(&ps[i].origin, key+"/p"+strconv.Itoa(i))
	}
	return ps
}

// selectControls applies an import's directives to its source catalog.
func selectControls(src *Catalog, imp Import, source string) *selection {
	s := &selector{rules: newRules(imp.IncludeAll, imp.IncludeControls, imp.ExcludeControls), source: source}
	sel := &selection{source: source}
	sel.params = s.stampParams(src.Params, "c")
	for i, c := range src.Controls {
		sel.controls = append(sel.controls, s.pick(c, "c"+strconv.Itoa(i), false, false)...)
	}
	for i, g := range src.Groups {
		sel.groups = append(sel.groups, s.group(g, "g"+strconv.Itoa(i)))
	}
	sel.orphans = s.orphans
	if src.BackMatter != nil {
		sel.resources = cloneResources(src.BackMatter.Resources)
	}
	return sel
}

// group copies a group with its selected controls.
func (s *selector) group(g Group, key string) Group {
	out := cloneGroupShallow(g)
	id := key
	if g.ID != "" {
		id = "g:" + g.ID
	}
	s.stamp(&out.origin, id)
	out.Params = s.stampParams(g.Params, key)
	out.Controls, out.Groups = nil, nil
	for i, c := range g.Controls {
		out.Controls = append(out.Controls, s.pick(c, key+"/c"+strconv.Itoa(i), false, false)...)
	}
	for i, sub := range g.Groups {
		out.Groups = append(out.Groups, s.group(sub, key+"/g"+strconv.Itoa(i)))
	}
	return out
}

// pick returns what takes the place of control c: c itself with its
// selected descendants, or, when c is not selected, its selected
// descendants (whose own parameters become orphans). A control that is
// not excluded is kept when any descendant is, so that the hierarchy
// holds (with-parent-controls defaults to yes). inInc and inExc carry
// with-child-controls from the ancestors.
func (s *selector) pick(c Control, key string, inInc, inExc bool) []Control {
	out := cloneControlShallow(c)
	s.stamp(&out.origin, "c:"+c.ID)
	out.Params = s.stampParams(c.Params, key)
	inc, incKids := s.rules.included(c.ID)
	exc, excKids := s.rules.excluded(c.ID)
	var kids []Control
	for i, ch := range c.Controls {
		kids = append(kids, s.pick(ch, key+"/c"+strconv.Itoa(i), inInc || incKids, inExc || excKids)...)
	}
	if !(exc || inExc) && (inc || inInc || len(kids) > 0) {
		out.Controls = kids
		return []Control{out}
	}
	for _, p := range out.Params {
		p.origin.orphan = true
		s.orphans = append(s.orphans, p)
	}
	return kids
}
