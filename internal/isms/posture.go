// SPDX-License-Identifier: Apache-2.0

package isms

// Coverage is how well an assessable requirement is met by the
// organization's controls.
type Coverage string

// The coverage levels.
const (
	Covered       Coverage = "covered"        // a linked control is implemented and its evidence is not expired
	PartlyCovered Coverage = "partial"        // linked controls, none implemented yet
	NotCovered    Coverage = "not_covered"    // no linked control
	NotApplicable Coverage = "not_applicable" // excluded by the organization's SoA
)

// Label names the coverage for people.
func (c Coverage) Label() string {
	switch c {
	case Covered:
		return "Covered"
	case PartlyCovered:
		return "Partly covered"
	case NotCovered:
		return "Not covered"
	case NotApplicable:
		return "Not applicable"
	}
	return string(c)
}

// PostureLink is one control link as posture sees it.
type PostureLink struct {
	RequirementID ID
	Inferred      bool
	// Effective: the control is implemented and its evidence is not
	// expired (it has no evidence, or at least one item still valid).
	Effective bool
}

// PostureRequirement is one requirement as posture sees it.
type PostureRequirement struct {
	ID            ID
	FrameworkID   ID
	GroupRef      string
	Assessable    bool
	NotApplicable bool
}

// PostureCounts counts assessable requirements by coverage. Confirmed
// links decide Covered, Partly and NotCovered; InferredCovered and
// InferredPartly count the requirements that inferred links alone would
// raise, shown apart until a person confirms them.
type PostureCounts struct {
	Assessable      int `json:"assessable"`
	Covered         int `json:"covered"`
	Partly          int `json:"partlyCovered"`
	NotCovered      int `json:"notCovered"`
	NotApplicable   int `json:"notApplicable"`
	InferredCovered int `json:"inferredCovered"`
	InferredPartly  int `json:"inferredPartlyCovered"`
}

// Percent is the share of applicable assessable requirements covered,
// rounded down.
func (c PostureCounts) Percent() int {
	n := c.Assessable - c.NotApplicable
	if n <= 0 {
		return 0
	}
	return c.Covered * 100 / n
}

func (c *PostureCounts) add(cov, inferred Coverage) {
	c.Assessable++
	switch cov {
	case Covered:
		c.Covered++
	case PartlyCovered:
		c.Partly++
	case NotApplicable:
		c.NotApplicable++
	default:
		c.NotCovered++
	}
	if inferred == Covered && cov != Covered && cov != NotApplicable {
		c.InferredCovered++
	} else if inferred == PartlyCovered && cov == NotCovered {
		c.InferredPartly++
	}
}

// RequirementCoverage returns a requirement's coverage from its confirmed
// links, and the coverage its inferred links alone would give.
func RequirementCoverage(links []PostureLink) (confirmed, inferred Coverage) {
	confirmed, inferred = NotCovered, NotCovered
	for _, l := range links {
		p := &confirmed
		if l.Inferred {
			p = &inferred
		}
		if l.Effective {
			*p = Covered
		} else if *p != Covered {
			*p = PartlyCovered
		}
	}
	return confirmed, inferred
}

// Posture rolls requirement coverage up: the counts over every assessable
// requirement and per top-level group (by GroupRef). links must be sorted
// by RequirementID or at least grouped by it; requirements are in any
// order.
func Posture(reqs []PostureRequirement, links []PostureLink) (total PostureCounts, byGroup map[string]*PostureCounts) {
	byReq := make(map[ID][]PostureLink, len(reqs))
	for _, l := range links {
		byReq[l.RequirementID] = append(byReq[l.RequirementID], l)
	}
	byGroup = map[string]*PostureCounts{}
	for _, r := range reqs {
		if !r.Assessable {
			continue
		}
		cov, inf := RequirementCoverage(byReq[r.ID])
		if r.NotApplicable {
			cov = NotApplicable
		}
		total.add(cov, inf)
		g := byGroup[r.GroupRef]
		if g == nil {
			g = &PostureCounts{}
			byGroup[r.GroupRef] = g
		}
		g.add(cov, inf)
	}
	return total, byGroup
}
