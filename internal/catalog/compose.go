// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// iso2013Ref matches the references of ISO/IEC 27001:2013: clauses
// ("6.1.2"), Annex A controls ("A.9.2.1") and domains ("A.12").
var iso2013Ref = regexp.MustCompile(`^(A\.\d+(\.\d+\.\d+)?|\d+(\.\d+)*)$`)

// iso2013Title is how composed entries name the framework they went
// through.
const iso2013Title = "ISO/IEC 27001:2013"

// clauses2013To2022 are the clauses whose number changed in 2022: the two
// clauses of 10 swapped places.
var clauses2013To2022 = map[string]string{"10.1": "10.2", "10.2": "10.1"}

// ComposeISO2022 maps the ISO/IEC 27001:2013 side of m (the side whose
// key is iso27001-2013, or else whose references all look like ISO's) to
// ISO/IEC 27001:2022: Annex A controls through the built-in 2013 → 2022
// mapping, clauses by number (10.1 and 10.2 swap), an Annex A domain
// ("A.12") to the successors of all its controls (intersects). Every
// entry of the
// result is Composed, with Via naming the 2013 requirement(s) it went
// through; the relationship is composed too (equal keeps the other one,
// two subsets make a subset, anything else intersects). Entries that
// land on the same pair are merged. A 2013 reference that the built-in
// framework does not have is an error naming its line.
func ComposeISO2022(m *MappingFile) (*MappingFile, error) {
	isoTarget, err := iso2013Side(m)
	if err != nil {
		return nil, err
	}
	next := successors2013()
	clauses := clauses2022()
	out := &MappingFile{Name: composedName(m.Name), Description: strings.TrimSpace(m.Description + " Composed through the " +
		iso2013Title + " → 2022 mapping."), SourceKey: m.SourceKey, TargetKey: m.TargetKey, Origin: isms.MappingComposed}
	if isoTarget {
		out.TargetKey = KeyISO2022
	} else {
		out.SourceKey = KeyISO2022
	}
	var ps problems
	for _, e := range m.Entries {
		old := e.SourceRef
		if isoTarget {
			old = e.TargetRef
		}
		hops := next[old]
		if !strings.HasPrefix(old, "A.") {
			hops = clauseHop(old, clauses)
		}
		if len(hops) == 0 {
			ps.add(Problem{File: m.Name, Line: e.Line, Message: fmt.Sprintf("%s is not a clause or Annex A control of %s", old, iso2013Title)})
			continue
		}
		for _, h := range hops {
			c := e
			c.Composed, c.Via = true, old+" ("+iso2013Title+")"
			if isoTarget {
				c.TargetRef, c.Relationship = h.TargetRef, composeRelationship(e.Relationship, h.Relationship)
			} else {
				c.SourceRef, c.Relationship = h.TargetRef, composeRelationship(inverse(h.Relationship), e.Relationship)
			}
			out.Entries = append(out.Entries, c)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	out.Entries = mergeEntries(out.Entries)
	return out, nil
}

// iso2013Side tells whether the ISO/IEC 27001:2013 side of m is its
// target (true) or its source (false).
func iso2013Side(m *MappingFile) (bool, error) {
	switch {
	case m.TargetKey == KeyISO2013:
		return true, nil
	case m.SourceKey == KeyISO2013:
		return false, nil
	}
	src, tgt := len(m.Entries) > 0, len(m.Entries) > 0
	for _, e := range m.Entries {
		src = src && iso2013Ref.MatchString(e.SourceRef)
		tgt = tgt && iso2013Ref.MatchString(e.TargetRef)
	}
	if src == tgt {
		return false, errorf(m.Name, position{}, "", "cannot tell which side of the mapping is %s: give that side the key %s", iso2013Title, KeyISO2013)
	}
	return tgt, nil
}

// successors2013 indexes the built-in 2013 → 2022 mapping by 2013
// reference; a domain ("A.12") leads to the successors of its controls.
func successors2013() map[string][]MappingEntry {
	next := map[string][]MappingEntry{}
	for _, bm := range BuiltinMappings() {
		if bm.SourceKey != KeyISO2013 || bm.TargetKey != KeyISO2022 {
			continue
		}
		for _, e := range bm.Entries {
			next[e.SourceRef] = append(next[e.SourceRef], e)
			parts := strings.Split(e.SourceRef, ".")
			domain := parts[0] + "." + parts[1]
			if !slices.ContainsFunc(next[domain], func(d MappingEntry) bool { return d.TargetRef == e.TargetRef }) {
				next[domain] = append(next[domain], MappingEntry{SourceRef: domain, TargetRef: e.TargetRef, Relationship: isms.RelIntersects})
			}
		}
	}
	return next
}

// clauses2022 is the set of clause references of ISO/IEC 27001:2022.
func clauses2022() map[string]bool {
	fw, _ := Builtin(KeyISO2022)
	out := map[string]bool{}
	for _, r := range fw.Requirements {
		if !strings.HasPrefix(r.Ref, "A.") {
			out[r.Ref] = true
		}
	}
	return out
}

// clauseHop maps a 2013 clause to its 2022 number, or nil when 2022 has
// no such clause.
func clauseHop(ref string, clauses map[string]bool) []MappingEntry {
	to := ref
	if n, ok := clauses2013To2022[ref]; ok {
		to = n
	}
	if !clauses[to] {
		return nil
	}
	return []MappingEntry{{SourceRef: ref, TargetRef: to, Relationship: isms.RelEqual}}
}

// composeRelationship is the relationship of A to C given A r1 B and B r2 C.
func composeRelationship(r1, r2 isms.Relationship) isms.Relationship {
	switch {
	case r1 == isms.RelNotRelated || r2 == isms.RelNotRelated:
		return isms.RelNotRelated
	case r1 == isms.RelEqual:
		return r2
	case r2 == isms.RelEqual || r1 == r2 && (r1 == isms.RelSubset || r1 == isms.RelSuperset):
		return r1
	}
	return isms.RelIntersects
}

// inverse is the relationship seen from the other side.
func inverse(r isms.Relationship) isms.Relationship {
	switch r {
	case isms.RelSubset:
		return isms.RelSuperset
	case isms.RelSuperset:
		return isms.RelSubset
	}
	return r
}

// composedName names the composed set after m, with 2022 for 2013.
func composedName(name string) string {
	if strings.Contains(name, iso2013Title) {
		return strings.ReplaceAll(name, iso2013Title, "ISO/IEC 27001:2022")
	}
	return strings.TrimSpace(name + " (via " + iso2013Title + ")")
}

// mergeEntries merges entries that relate the same pair, keeping the
// first's place: their Via lists every route, and routes that disagree
// on the relationship make it intersects (a related one wins over
// not-related).
func mergeEntries(es []MappingEntry) []MappingEntry {
	type pair struct{ s, t string }
	at := map[pair]int{}
	out := es[:0:0]
	for _, e := range es {
		k := pair{e.SourceRef, e.TargetRef}
		i, dup := at[k]
		if !dup {
			at[k] = len(out)
			out = append(out, e)
			continue
		}
		m := &out[i]
		switch {
		case m.Relationship == e.Relationship:
		case m.Relationship == isms.RelNotRelated:
			m.Relationship = e.Relationship
		case e.Relationship != isms.RelNotRelated:
			m.Relationship = isms.RelIntersects
		}
		if e.Via != "" && !slices.Contains(strings.Split(m.Via, "; "), e.Via) {
			m.Via = strings.TrimPrefix(m.Via+"; "+e.Via, "; ")
		}
	}
	return out
}
