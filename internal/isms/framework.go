// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"sort"
	"strings"
	"time"
)

// RequirementKind is the place of a requirement in its framework's tree.
type RequirementKind string

// The requirement kinds. Groups (ISO's themes, NIST's families) only
// gather others; clauses, controls and enhancements may be assessable.
const (
	KindGroup       RequirementKind = "group"
	KindClause      RequirementKind = "clause"
	KindControl     RequirementKind = "control"
	KindEnhancement RequirementKind = "enhancement"
)

// RequirementKinds lists the kinds in tree order.
var RequirementKinds = []RequirementKind{KindGroup, KindClause, KindControl, KindEnhancement}

// Valid reports whether k is a known kind.
func (k RequirementKind) Valid() bool {
	return k == KindGroup || k == KindClause || k == KindControl || k == KindEnhancement
}

// FrameworkSource says where a framework came from.
type FrameworkSource string

// The framework sources.
const (
	SourceBuiltin FrameworkSource = "builtin" // shipped with the product (ISO/IEC 27001)
	SourceYAML    FrameworkSource = "yaml"    // our custom format
	SourceCSV     FrameworkSource = "csv"     // our custom format as CSV
	SourceXLSX    FrameworkSource = "xlsx"    // our custom format as a workbook
	SourceOSCAL   FrameworkSource = "oscal"   // an OSCAL catalog, or a resolved OSCAL profile
)

// Attributes are a requirement's typed attribute values by attribute name,
// such as "control_type": ["Preventive"] or "baseline": ["moderate"].
type Attributes map[string][]string

// Names returns the attribute names, sorted.
func (a Attributes) Names() []string {
	out := make([]string, 0, len(a))
	for k := range a {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether attribute name holds value (case-insensitive).
func (a Attributes) Has(name, value string) bool {
	for _, v := range a[name] {
		if strings.EqualFold(v, value) {
			return true
		}
	}
	return false
}

// Framework is one version of a set of requirements an organization
// conforms to: ISO/IEC 27001:2022, NIST SP 800-53, a customer's list. Each
// organization holds its own copy; Key identifies the framework across its
// versions ("iso27001-2022"), so re-importing a file with the same key
// updates the framework in place.
type Framework struct {
	ID          ID              `json:"id"`
	OrgID       ID              `json:"organizationId"`
	Key         string          `json:"key"`
	Name        string          `json:"name"`
	Edition     string          `json:"edition"` // the framework's own version ("2022", "5.0.1")
	Publisher   string          `json:"publisher"`
	Description string          `json:"description"`
	Source      FrameworkSource `json:"source"`
	SourceFile  string          `json:"sourceFile"` // the name of the file imported last
	// SHA256 is the hash of the imported content, so importing the same
	// file again changes nothing.
	SHA256 string `json:"sha256"`
	// Requirements and Assessable count the requirements and the
	// assessable ones.
	Requirements int       `json:"requirements"`
	Assessable   int       `json:"assessable"`
	ImportedBy   ID        `json:"importedBy,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Version      int       `json:"version"`
}

// Builtin reports whether the framework ships with the product.
func (f *Framework) Builtin() bool { return f.Source == SourceBuiltin }

// Title is the framework's name and edition for people.
func (f *Framework) Title() string {
	if f.Edition == "" || strings.Contains(f.Name, f.Edition) {
		return f.Name
	}
	return f.Name + " (" + f.Edition + ")"
}

// Requirement is one node of a framework's tree: a group, a clause, a
// control or an enhancement, with its reference ("A.5.15", "6.1.2",
// "AC-2(1)"), title, description and attributes.
type Requirement struct {
	ID          ID              `json:"id"`
	OrgID       ID              `json:"organizationId"`
	FrameworkID ID              `json:"frameworkId"`
	ParentID    ID              `json:"parentId,omitempty"`
	ParentRef   string          `json:"parentRef,omitempty"`
	Ref         string          `json:"ref"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Kind        RequirementKind `json:"kind"`
	Assessable  bool            `json:"assessable"`
	Attributes  Attributes      `json:"attributes,omitempty"`
	// Position orders the framework's requirements in document order;
	// Depth is 0 for a top-level node. GroupRef is the reference of the
	// top-level ancestor (the node itself at depth 0): the posture's
	// breakdown is by it.
	Position int    `json:"position"`
	Depth    int    `json:"depth"`
	GroupRef string `json:"groupRef"`
}

// Label is the reference and title for people.
func (r *Requirement) Label() string {
	if r.Title == "" {
		return r.Ref
	}
	return r.Ref + " " + r.Title
}

// Validate reports what is wrong with a requirement read from a file.
func (r *Requirement) Validate() error {
	p := Problems{}
	if strings.TrimSpace(r.Ref) == "" {
		p.Add("ref", "Reference is required.")
	} else if len(r.Ref) > 100 {
		p.Add("ref", "Reference must be at most 100 characters.")
	}
	if len(r.Title) > 1000 {
		p.Add("title", "Title must be at most 1,000 characters.")
	}
	if !r.Kind.Valid() {
		p.Add("kind", "Kind must be group, clause, control or enhancement.")
	}
	return p.Err()
}

// FrameworkFilter selects an organization's frameworks.
type FrameworkFilter struct {
	OrgID  ID
	Search string // in key and name
	Sort   string // "name", "key", "updated"; "-" prefix for descending
	Limit  int
	Offset int
}

// RequirementFilter selects requirements of one framework.
type RequirementFilter struct {
	OrgID       ID
	FrameworkID ID
	Search      string // in reference, title and description
	Kind        RequirementKind
	Assessable  *bool
	GroupRef    string
	// AttrName and AttrValue keep requirements whose attribute AttrName
	// holds AttrValue.
	AttrName, AttrValue string
	Limit               int // 0: every requirement (a tree is shown whole)
	Offset              int
}

// FrameworkChange is what re-importing a framework would change, shown
// before it is applied.
type FrameworkChange struct {
	New       bool         `json:"new"`       // the organization has no framework with this key
	Unchanged bool         `json:"unchanged"` // the same content was imported before
	Added     []string     `json:"added"`     // references
	Removed   []string     `json:"removed"`   // references
	Retitled  []RefRetitle `json:"retitled"`
	Changed   []string     `json:"changed"`   // references whose description, kind or attributes changed
	LostLinks int          `json:"lostLinks"` // control links to removed requirements
}

// RefRetitle is a requirement whose title changed.
type RefRetitle struct {
	Ref      string `json:"ref"`
	OldTitle string `json:"oldTitle"`
	NewTitle string `json:"newTitle"`
}

// Empty reports whether applying the change would alter no requirement.
func (c *FrameworkChange) Empty() bool {
	return len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Retitled) == 0 && len(c.Changed) == 0
}
