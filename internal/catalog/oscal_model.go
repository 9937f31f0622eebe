// SPDX-License-Identifier: Apache-2.0

package catalog

// The OSCAL catalog model. Field order and JSON names follow NIST's JSON
// schema, so that encoding a value yields canonical OSCAL JSON. Markup
// (titles, labels, prose) is held in its JSON form: Markdown text with
// {{ insert: param, id }} placeholders.

// Catalog is an OSCAL catalog: controls, optionally in groups, with
// parameters and back matter.
type Catalog struct {
	UUID       string      `json:"uuid"`
	Metadata   Metadata    `json:"metadata"`
	Params     []Param     `json:"params,omitempty"`
	Controls   []Control   `json:"controls,omitempty"`
	Groups     []Group     `json:"groups,omitempty"`
	BackMatter *BackMatter `json:"back-matter,omitempty"`
}

// Group is a group of controls or of further groups (an SP 800-53 family).
type Group struct {
	ID       string    `json:"id,omitempty"`
	Class    string    `json:"class,omitempty"`
	Title    string    `json:"title"`
	Params   []Param   `json:"params,omitempty"`
	Props    []Prop    `json:"props,omitempty"`
	Links    []Link    `json:"links,omitempty"`
	Parts    []Part    `json:"parts,omitempty"`
	Groups   []Group   `json:"groups,omitempty"`
	Controls []Control `json:"controls,omitempty"`

	origin origin // where profile resolution took it from
}

// Control is a control; enhancements are nested controls.
type Control struct {
	ID       string    `json:"id"`
	Class    string    `json:"class,omitempty"`
	Title    string    `json:"title"`
	Params   []Param   `json:"params,omitempty"`
	Props    []Prop    `json:"props,omitempty"`
	Links    []Link    `json:"links,omitempty"`
	Parts    []Part    `json:"parts,omitempty"`
	Controls []Control `json:"controls,omitempty"`

	origin origin
}

// Part is a piece of a control's or group's text (statement, guidance,
// objective …), possibly with sub-parts.
type Part struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Class string `json:"class,omitempty"`
	Title string `json:"title,omitempty"`
	Props []Prop `json:"props,omitempty"`
	Prose string `json:"prose,omitempty"`
	Parts []Part `json:"parts,omitempty"`
	Links []Link `json:"links,omitempty"`
}

// Param is a parameter (an organization-defined value) of a control, a
// group or the catalog.
type Param struct {
	ID          string       `json:"id"`
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
	Remarks     string       `json:"remarks,omitempty"`

	origin origin
}

// Constraint restricts the values a parameter may take.
type Constraint struct {
	Description string           `json:"description,omitempty"`
	Tests       []ConstraintTest `json:"tests,omitempty"`
}

// ConstraintTest is a machine-checkable constraint expression.
type ConstraintTest struct {
	Expression string `json:"expression"`
	Remarks    string `json:"remarks,omitempty"`
}

// Guideline is prose that helps to choose a parameter's value.
type Guideline struct {
	Prose string `json:"prose"`
}

// Selection offers the choices of a parameter.
type Selection struct {
	HowMany string   `json:"how-many,omitempty"`
	Choice  []string `json:"choice,omitempty"`
}

// Prop is a name/value property.
type Prop struct {
	Name    string `json:"name"`
	UUID    string `json:"uuid,omitempty"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Class   string `json:"class,omitempty"`
	Group   string `json:"group,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// Link is a reference to another control, a back-matter resource ("#uuid")
// or a URL.
type Link struct {
	Href             string `json:"href"`
	Rel              string `json:"rel,omitempty"`
	MediaType        string `json:"media-type,omitempty"`
	ResourceFragment string `json:"resource-fragment,omitempty"`
	Text             string `json:"text,omitempty"`
}

// origin records where profile resolution took a control, group or
// parameter from: the source document and the position in it, so that
// as-is merging can restore the source's structure and order.
type origin struct {
	doc   string // name of the source catalog
	key   string // identity within doc (group id or position path)
	seq   int    // document order within doc, from 1
	valid bool
	// orphan marks a parameter whose control was not selected.
	orphan bool
	// pinned marks a parameter the profile itself places (in a custom
	// group); it is kept even when nothing inserts it.
	pinned bool
}
