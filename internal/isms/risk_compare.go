// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"slices"
	"strings"
)

// CompareAssessments returns what changed from before to after: the risks
// only after has (added), those only before has (removed), and those in
// both whose scores, status or treatment differ (re-scored), each sorted
// by reference in natural order (R-2 before R-10). Entries are matched by
// risk ID, or by reference when an entry has no ID.
func CompareAssessments(before, after []AssessmentEntry) AssessmentDiff {
	d := AssessmentDiff{ProgressBefore: progress(before), ProgressAfter: progress(after)}
	old := make(map[string]AssessmentEntry, len(before))
	for _, e := range before {
		old[entryKey(e)] = e
	}
	seen := make(map[string]bool, len(after))
	for _, e := range after {
		k := entryKey(e)
		seen[k] = true
		b, ok := old[k]
		switch {
		case !ok:
			d.Added = append(d.Added, e)
		case b.Inherent != e.Inherent || b.Residual != e.Residual || b.Status != e.Status || b.Treatment != e.Treatment:
			d.Rescored = append(d.Rescored, EntryChange{Before: b, After: e,
				LevelChanged: b.InherentLabel != e.InherentLabel || b.ResidualLabel != e.ResidualLabel})
		}
	}
	for _, e := range before {
		if !seen[entryKey(e)] {
			d.Removed = append(d.Removed, e)
		}
	}
	byRef := func(a, b AssessmentEntry) int { return CompareRefs(a.Ref, b.Ref) }
	slices.SortStableFunc(d.Added, byRef)
	slices.SortStableFunc(d.Removed, byRef)
	slices.SortStableFunc(d.Rescored, func(a, b EntryChange) int { return CompareRefs(a.After.Ref, b.After.Ref) })
	return d
}

// entryKey identifies the risk an entry describes.
func entryKey(e AssessmentEntry) string {
	if e.RiskID != "" {
		return "id:" + string(e.RiskID)
	}
	return "ref:" + e.Ref
}

// progress is the share of treatment actions done, in percent (floored);
// 0 when there are no actions.
func progress(es []AssessmentEntry) int {
	var open, done int
	for _, e := range es {
		open, done = open+e.ActionsOpen, done+e.ActionsDone
	}
	if open+done <= 0 {
		return 0
	}
	return 100 * done / (open + done)
}

// CompareRefs orders references naturally: runs of digits compare by
// their number, so R-2 sorts before R-10; other text compares by byte,
// ignoring ASCII case; references still equal then compare as plain
// strings. It returns -1, 0 or +1.
func CompareRefs(a, b string) int {
	if c := naturalCompare(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		if da && db {
			na, ra := digitRun(a)
			nb, rb := digitRun(b)
			if c := compareNumbers(na, nb); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		ca, cb := lowerByte(a[0]), lowerByte(b[0])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// digitRun splits s into its leading digits and the rest.
func digitRun(s string) (digits, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// compareNumbers compares two digit strings by value, of any length.
func compareNumbers(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
