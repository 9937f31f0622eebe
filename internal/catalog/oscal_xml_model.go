// SPDX-License-Identifier: Apache-2.0

package catalog

// The OSCAL XML content model, as far as catalogs and profiles use it:
// for each element its attributes (flags), its child elements in the order
// the schema allows them, and the JSON names they map to. The strict XML
// reader walks documents against this table.

// xKind is how an element's content maps to JSON.
type xKind uint8

const (
	xObject xKind = iota // attributes and child elements → object
	xText                // text → string
	xLine                // inline markup → Markdown string
	xBlocks              // block markup (paragraphs, lists …) → Markdown string
	xBool                // "true" or "false" → boolean
)

// xDef describes one element type.
type xDef struct {
	name     string
	kind     xKind
	attrs    []string
	children []xChild
	value    string // JSON key of the element's own content (a field with flags), or ""
	valueOf  xKind  // xText or xLine, for value
	prose    string // JSON key of unwrapped block markup among the children, or ""
	proseSeq int    // where the prose may appear among the children
}

// xChild is an allowed child element. Children are ordered by seq;
// children with equal seq may come in any order among themselves.
type xChild struct {
	el   string // element name
	key  string // JSON property
	many bool   // JSON array
	seq  int
	def  *xDef
	wrap string // for a wrapped collection (<revisions>): the item element name
}

func (d *xDef) child(el string) *xChild {
	for i := range d.children {
		if d.children[i].el == el {
			return &d.children[i]
		}
	}
	return nil
}

func (d *xDef) hasAttr(a string) bool {
	for _, x := range d.attrs {
		if x == a {
			return true
		}
	}
	return false
}

// Leaf element types.
var (
	xdText   = &xDef{name: "text", kind: xText}
	xdLine   = &xDef{name: "markup-line", kind: xLine}
	xdBlocks = &xDef{name: "markup-multiline", kind: xBlocks}
	xdBool   = &xDef{name: "boolean", kind: xBool}
)

// Element types; the recursive ones are wired in init.
var (
	xdProp       = &xDef{name: "prop", attrs: []string{"name", "uuid", "ns", "value", "class", "group"}}
	xdLink       = &xDef{name: "link", attrs: []string{"href", "rel", "media-type", "resource-fragment"}, value: "text", valueOf: xLine}
	xdDocID      = &xDef{name: "document-id", attrs: []string{"scheme"}, value: "identifier", valueOf: xText}
	xdHash       = &xDef{name: "hash", attrs: []string{"algorithm"}, value: "value", valueOf: xText}
	xdRLink      = &xDef{name: "rlink", attrs: []string{"href", "media-type"}}
	xdBase64     = &xDef{name: "base64", attrs: []string{"filename", "media-type"}, value: "value", valueOf: xText}
	xdCitation   = &xDef{name: "citation"}
	xdResource   = &xDef{name: "resource", attrs: []string{"uuid"}}
	xdBackMatter = &xDef{name: "back-matter"}
	xdAddress    = &xDef{name: "address", attrs: []string{"type"}}
	xdPhone      = &xDef{name: "telephone-number", attrs: []string{"type"}, value: "number", valueOf: xText}
	xdExtID      = &xDef{name: "external-id", attrs: []string{"scheme"}, value: "id", valueOf: xText}
	xdRole       = &xDef{name: "role", attrs: []string{"id"}}
	xdLocation   = &xDef{name: "location", attrs: []string{"uuid"}}
	xdParty      = &xDef{name: "party", attrs: []string{"uuid", "type"}}
	xdRespParty  = &xDef{name: "responsible-party", attrs: []string{"role-id"}}
	xdAction     = &xDef{name: "action", attrs: []string{"uuid", "date", "type", "system"}}
	xdRevision   = &xDef{name: "revision"}
	xdMetadata   = &xDef{name: "metadata"}

	xdPart       = &xDef{name: "part", attrs: []string{"id", "name", "ns", "class"}, prose: "prose", proseSeq: 2}
	xdParam      = &xDef{name: "param", attrs: []string{"id", "class", "depends-on"}}
	xdConstraint = &xDef{name: "constraint"}
	xdTest       = &xDef{name: "test"}
	xdGuideline  = &xDef{name: "guideline", prose: "prose"}
	xdSelect     = &xDef{name: "select", attrs: []string{"how-many"}}
	xdControl    = &xDef{name: "control", attrs: []string{"id", "class"}}
	xdGroup      = &xDef{name: "group", attrs: []string{"id", "class"}}
	xdCatalog    = &xDef{name: "catalog", attrs: []string{"uuid"}}

	xdProfile    = &xDef{name: "profile", attrs: []string{"uuid"}}
	xdImport     = &xDef{name: "import", attrs: []string{"href"}}
	xdIncludeAll = &xDef{name: "include-all"}
	xdSelectByID = &xDef{name: "include-controls", attrs: []string{"with-child-controls"}}
	xdMatching   = &xDef{name: "matching", attrs: []string{"pattern"}}
	xdMerge      = &xDef{name: "merge"}
	xdCombine    = &xDef{name: "combine", attrs: []string{"method"}}
	xdFlat       = &xDef{name: "flat"}
	xdCustom     = &xDef{name: "custom"}
	xdPGroup     = &xDef{name: "group", attrs: []string{"id", "class"}}
	xdInsert     = &xDef{name: "insert-controls", attrs: []string{"order"}}
	xdModify     = &xDef{name: "modify"}
	xdSetParam   = &xDef{name: "set-parameter", attrs: []string{"param-id", "class", "depends-on"}}
	xdAlter      = &xDef{name: "alter", attrs: []string{"control-id"}}
	xdRemove     = &xDef{name: "remove", attrs: []string{"by-name", "by-class", "by-id", "by-item-name", "by-ns"}}
	xdAdd        = &xDef{name: "add", attrs: []string{"position", "by-id"}}
)

// one and many build child entries.
func one(el string, seq int, d *xDef) xChild { return xChild{el: el, key: el, seq: seq, def: d} }
func many(el, key string, seq int, d *xDef) xChild {
	return xChild{el: el, key: key, many: true, seq: seq, def: d}
}

func props(seq int) xChild   { return many("prop", "props", seq, xdProp) }
func links(seq int) xChild   { return many("link", "links", seq, xdLink) }
func remarks(seq int) xChild { return one("remarks", seq, xdBlocks) }

func init() {
	wireMetadata()
	wireCatalog()
	wireProfile()
}

// wireMetadata sets the content of metadata and back matter.
func wireMetadata() {
	xdProp.children = []xChild{remarks(0)}
	xdRLink.children = []xChild{many("hash", "hashes", 0, xdHash)}
	xdCitation.children = []xChild{one("text", 0, xdLine), props(1), links(2)}
	xdResource.children = []xChild{one("title", 0, xdLine), one("description", 1, xdBlocks), props(2),
		many("document-id", "document-ids", 3, xdDocID), one("citation", 4, xdCitation),
		many("rlink", "rlinks", 5, xdRLink), one("base64", 6, xdBase64), remarks(7)}
	xdBackMatter.children = []xChild{many("resource", "resources", 0, xdResource)}
	xdAddress.children = []xChild{many("addr-line", "addr-lines", 0, xdText), one("city", 1, xdText),
		one("state", 2, xdText), one("postal-code", 3, xdText), one("country", 4, xdText)}
	xdRole.children = []xChild{one("title", 0, xdLine), one("short-name", 1, xdText), one("description", 2, xdBlocks),
		props(3), links(4), remarks(5)}
	xdLocation.children = []xChild{one("title", 0, xdLine), one("address", 1, xdAddress),
		many("email-address", "email-addresses", 2, xdText), many("telephone-number", "telephone-numbers", 3, xdPhone),
		many("url", "urls", 4, xdText), props(5), links(6), remarks(7)}
	xdParty.children = []xChild{one("name", 0, xdText), one("short-name", 1, xdText),
		many("external-id", "external-ids", 2, xdExtID), props(3), links(4),
		many("email-address", "email-addresses", 5, xdText), many("telephone-number", "telephone-numbers", 6, xdPhone),
		many("address", "addresses", 7, xdAddress), many("location-uuid", "location-uuids", 7, xdText),
		many("member-of-organization", "member-of-organizations", 8, xdText), remarks(9)}
	xdRespParty.children = []xChild{many("party-uuid", "party-uuids", 0, xdText), props(1), links(2), remarks(3)}
	xdAction.children = []xChild{props(0), links(1), many("responsible-party", "responsible-parties", 2, xdRespParty), remarks(3)}
	xdRevision.children = []xChild{one("title", 0, xdLine), one("published", 1, xdText), one("last-modified", 2, xdText),
		one("version", 3, xdText), one("oscal-version", 4, xdText), props(5), links(6), remarks(7)}
	xdMetadata.children = []xChild{one("title", 0, xdLine), one("published", 1, xdText), one("last-modified", 2, xdText),
		one("version", 3, xdText), one("oscal-version", 4, xdText),
		{el: "revisions", key: "revisions", many: true, seq: 5, def: xdRevision, wrap: "revision"},
		many("document-id", "document-ids", 6, xdDocID), props(7), links(8), many("role", "roles", 9, xdRole),
		many("location", "locations", 10, xdLocation), many("party", "parties", 11, xdParty),
		many("responsible-party", "responsible-parties", 12, xdRespParty), many("action", "actions", 13, xdAction),
		remarks(14)}
}

// wireCatalog sets the content of catalogs.
func wireCatalog() {
	xdPart.children = []xChild{one("title", 0, xdLine), props(1), many("part", "parts", 3, xdPart), links(4)}
	xdParam.children = []xChild{props(0), links(1), one("label", 2, xdLine), one("usage", 3, xdBlocks),
		many("constraint", "constraints", 4, xdConstraint), many("guideline", "guidelines", 5, xdGuideline),
		many("value", "values", 6, xdText), one("select", 6, xdSelect), remarks(7)}
	xdConstraint.children = []xChild{one("description", 0, xdBlocks), many("test", "tests", 1, xdTest)}
	xdTest.children = []xChild{one("expression", 0, xdText), remarks(1)}
	xdSelect.children = []xChild{many("choice", "choice", 0, xdLine)}
	xdControl.children = []xChild{one("title", 0, xdLine), many("param", "params", 1, xdParam), props(2), links(3),
		many("part", "parts", 4, xdPart), many("control", "controls", 5, xdControl)}
	xdGroup.children = []xChild{one("title", 0, xdLine), many("param", "params", 1, xdParam), props(2), links(3),
		many("part", "parts", 4, xdPart), many("group", "groups", 5, xdGroup), many("control", "controls", 5, xdControl)}
	xdCatalog.children = []xChild{one("metadata", 0, xdMetadata), many("param", "params", 1, xdParam),
		many("control", "controls", 2, xdControl), many("group", "groups", 3, xdGroup), one("back-matter", 4, xdBackMatter)}
}

// wireProfile sets the content of profiles.
func wireProfile() {
	selectBy := func(el string, seq int) xChild { return many(el, el, seq, xdSelectByID) }
	xdProfile.children = []xChild{one("metadata", 0, xdMetadata), many("import", "imports", 1, xdImport),
		one("merge", 2, xdMerge), one("modify", 3, xdModify), one("back-matter", 4, xdBackMatter)}
	xdImport.children = []xChild{one("include-all", 0, xdIncludeAll), selectBy("include-controls", 0), selectBy("exclude-controls", 1)}
	xdSelectByID.children = []xChild{many("with-id", "with-ids", 0, xdText), many("matching", "matching", 1, xdMatching)}
	xdMatching.children = []xChild{remarks(0)}
	xdMerge.children = []xChild{one("combine", 0, xdCombine), one("flat", 1, xdFlat), one("as-is", 1, xdBool), one("custom", 1, xdCustom)}
	xdCustom.children = []xChild{many("group", "groups", 0, xdPGroup), many("insert-controls", "insert-controls", 0, xdInsert)}
	xdPGroup.children = []xChild{one("title", 0, xdLine), many("param", "params", 1, xdParam), props(2), links(3),
		many("part", "parts", 4, xdPart), many("group", "groups", 5, xdPGroup), many("insert-controls", "insert-controls", 5, xdInsert)}
	xdInsert.children = []xChild{one("include-all", 0, xdIncludeAll), selectBy("include-controls", 0), selectBy("exclude-controls", 1)}
	xdModify.children = []xChild{many("set-parameter", "set-parameters", 0, xdSetParam), many("alter", "alters", 1, xdAlter)}
	xdSetParam.children = xdParam.children
	xdAlter.children = []xChild{many("remove", "removes", 0, xdRemove), many("add", "adds", 1, xdAdd)}
	xdRemove.children = []xChild{remarks(0)}
	xdAdd.children = []xChild{one("title", 0, xdLine), many("param", "params", 1, xdParam), props(2), links(3),
		many("part", "parts", 4, xdPart)}
}
