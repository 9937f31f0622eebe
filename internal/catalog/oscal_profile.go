// SPDX-License-Identifier: Apache-2.0

package catalog

// Profile is an OSCAL profile: a selection of controls from catalogs or
// other profiles, how to arrange them and how to tailor them.
type Profile struct {
	UUID       string      `json:"uuid"`
	Metadata   Metadata    `json:"metadata"`
	Imports    []Import    `json:"imports"`
	Merge      *Merge      `json:"merge,omitempty"`
	Modify     *Modify     `json:"modify,omitempty"`
	BackMatter *BackMatter `json:"back-matter,omitempty"`
}

// Import selects controls from a catalog or profile. Href is a relative
// or absolute reference, or "#uuid" of a back-matter resource whose rlinks
// point at the document.
type Import struct {
	Href            string           `json:"href"`
	IncludeAll      *IncludeAll      `json:"include-all,omitempty"`
	IncludeControls []SelectControls `json:"include-controls,omitempty"`
	ExcludeControls []SelectControls `json:"exclude-controls,omitempty"`
}

// IncludeAll selects every control.
type IncludeAll struct{}

// SelectControls selects controls by id or by glob pattern;
// WithChildControls "yes" adds all their descendants.
type SelectControls struct {
	WithChildControls string     `json:"with-child-controls,omitempty"`
	WithIDs           []string   `json:"with-ids,omitempty"`
	Matching          []Matching `json:"matching,omitempty"`
}

// Matching selects controls whose id matches a glob pattern (* and ?).
type Matching struct {
	Pattern string `json:"pattern,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// Merge says how selected controls are combined (Combine) and arranged:
// flat (the default), as in the sources (AsIs) or in a Custom structure.
type Merge struct {
	Combine *Combine  `json:"combine,omitempty"`
	Flat    *struct{} `json:"flat,omitempty"`
	AsIs    *bool     `json:"as-is,omitempty"`
	Custom  *Custom   `json:"custom,omitempty"`
}

// Combine names how controls selected more than once are handled:
// "keep" (the default), "use-first" or "merge".
type Combine struct {
	Method string `json:"method,omitempty"`
}

// Custom is a structure of groups into which selected controls are
// inserted.
type Custom struct {
	Groups         []ProfileGroup   `json:"groups,omitempty"`
	InsertControls []InsertControls `json:"insert-controls,omitempty"`
}

// ProfileGroup is a group of a custom merge structure.
type ProfileGroup struct {
	ID             string           `json:"id,omitempty"`
	Class          string           `json:"class,omitempty"`
	Title          string           `json:"title"`
	Params         []Param          `json:"params,omitempty"`
	Props          []Prop           `json:"props,omitempty"`
	Links          []Link           `json:"links,omitempty"`
	Parts          []Part           `json:"parts,omitempty"`
	Groups         []ProfileGroup   `json:"groups,omitempty"`
	InsertControls []InsertControls `json:"insert-controls,omitempty"`
}

// InsertControls places selected controls into a custom group, in the
// given order ("keep", "ascending" or "descending").
type InsertControls struct {
	Order           string           `json:"order,omitempty"`
	IncludeAll      *IncludeAll      `json:"include-all,omitempty"`
	IncludeControls []SelectControls `json:"include-controls,omitempty"`
	ExcludeControls []SelectControls `json:"exclude-controls,omitempty"`
}

// Modify tailors the selected controls.
type Modify struct {
	SetParameters []SetParameter `json:"set-parameters,omitempty"`
	Alters        []Alter        `json:"alters,omitempty"`
}

// SetParameter changes a parameter: label, values and select replace what
// the catalog has; props, links, constraints and guidelines are added.
type SetParameter struct {
	ParamID     string       `json:"param-id"`
	Class       string       `json:"class,omitempty"`
	DependsOn   string       `json:"depends-on,omitempty"`
	Props       []Prop       `json:"props,omitempty"`
	Links       []Link       `json:"links,omitempty"`
	Label       string       `json:"label,omitempty"`
	Usage       string       `json:"usage,omitempty"`
	Constraints []Constraint `json:"constraints,omitempty"`
	Guidelines  []Guideline  `json:"guidelines,omitempty"`
	Values      []string     `json:"values,omitempty"`
	Select      *Selection   `json:"select,omitempty"`
}

// Alter removes content from a control and adds content to it.
type Alter struct {
	ControlID string   `json:"control-id"`
	Removes   []Remove `json:"removes,omitempty"`
	Adds      []Add    `json:"adds,omitempty"`
}

// Remove removes the items of a control that match all of its criteria.
type Remove struct {
	ByName     string `json:"by-name,omitempty"`
	ByClass    string `json:"by-class,omitempty"`
	ByID       string `json:"by-id,omitempty"`
	ByItemName string `json:"by-item-name,omitempty"`
	ByNS       string `json:"by-ns,omitempty"`
	Remarks    string `json:"remarks,omitempty"`
}

// Add adds content at Position ("starting", "ending" (the default),
// "before", "after") of the control or of the element with id ByID in it.
type Add struct {
	Position string  `json:"position,omitempty"`
	ByID     string  `json:"by-id,omitempty"`
	Title    string  `json:"title,omitempty"`
	Params   []Param `json:"params,omitempty"`
	Props    []Prop  `json:"props,omitempty"`
	Links    []Link  `json:"links,omitempty"`
	Parts    []Part  `json:"parts,omitempty"`
}
