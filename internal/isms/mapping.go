// SPDX-License-Identifier: Apache-2.0

package isms

import "time"

// Relationship is how a source requirement relates to a target one,
// following NIST OLIR's relationship types.
type Relationship string

// The relationships.
const (
	RelEqual      Relationship = "equal"       // the two say the same
	RelSubset     Relationship = "subset"      // the source is a subset of the target
	RelSuperset   Relationship = "superset"    // the source is a superset of the target
	RelIntersects Relationship = "intersects"  // they overlap
	RelNotRelated Relationship = "not-related" // explicitly unrelated
)

// Relationships lists the relationships in display order.
var Relationships = []Relationship{RelEqual, RelSubset, RelSuperset, RelIntersects, RelNotRelated}

// Valid reports whether r is a known relationship.
func (r Relationship) Valid() bool {
	for _, x := range Relationships {
		if r == x {
			return true
		}
	}
	return false
}

// Related reports whether r carries coverage across: every relationship
// except not-related.
func (r Relationship) Related() bool { return r.Valid() && r != RelNotRelated }

// Label names the relationship for people.
func (r Relationship) Label() string {
	switch r {
	case RelEqual:
		return "equal to"
	case RelSubset:
		return "subset of"
	case RelSuperset:
		return "superset of"
	case RelIntersects:
		return "intersects with"
	case RelNotRelated:
		return "not related to"
	}
	return string(r)
}

// MappingSetOrigin says how a mapping set came to be.
type MappingSetOrigin string

// The origins of mapping sets.
const (
	MappingBuiltin  MappingSetOrigin = "builtin"  // shipped (ISO 27001:2013 → 2022)
	MappingImported MappingSetOrigin = "imported" // read from a file
	MappingComposed MappingSetOrigin = "composed" // derived by chaining two sets
)

// MappingSet is a set of mappings from the requirements of one framework
// to those of another.
type MappingSet struct {
	ID                ID               `json:"id"`
	OrgID             ID               `json:"organizationId"`
	Name              string           `json:"name"`
	Description       string           `json:"description"`
	SourceFrameworkID ID               `json:"sourceFrameworkId"`
	TargetFrameworkID ID               `json:"targetFrameworkId"`
	SourceName        string           `json:"sourceName"` // the frameworks' titles, read with the set
	TargetName        string           `json:"targetName"`
	Origin            MappingSetOrigin `json:"origin"`
	SourceFile        string           `json:"sourceFile"`
	Mappings          int              `json:"mappings"` // how many
	// Skipped is how many entries of the imported file were left out
	// because a reference is not in its framework (an import that asked
	// for that); it is reported by the import, not stored.
	Skipped   int       `json:"skipped,omitempty"`
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// Mapping relates one requirement to another.
type Mapping struct {
	SetID        ID           `json:"setId"`
	SourceID     ID           `json:"sourceId"`
	TargetID     ID           `json:"targetId"`
	SourceRef    string       `json:"sourceRef"`
	TargetRef    string       `json:"targetRef"`
	SourceTitle  string       `json:"sourceTitle"`
	TargetTitle  string       `json:"targetTitle"`
	Relationship Relationship `json:"relationship"`
	Rationale    string       `json:"rationale"`
	// Strength is OLIR's strength of the relationship, 1 (weak) to 10
	// (strong); 0 when the source gives none.
	Strength int `json:"strength"`
	// Composed marks a mapping derived through an intermediate framework;
	// Via says through which requirement ("A.9.2.1 (ISO 27001:2013)").
	Composed bool   `json:"composed"`
	Via      string `json:"via,omitempty"`
}
