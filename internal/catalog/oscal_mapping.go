// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// An OSCAL mapping collection (OSCAL 1.2) relates the controls of a
// source document to those of a target one. It becomes a MappingFile:
// each map entry relates every one of its sources to every one of its
// targets. A mapping item's reference is its "label" property when it has
// one, else its id-ref as an isms reference: a statement ("ac-1_smt.a")
// stands for its control, an SP 800-53 id keeps NIST's label form
// ("ac-2.1" → "AC-2(1)"), any other id is upper-cased ("a.5.1" → "A.5.1").
// The frameworks' keys come from a "framework-key" property of the source
// and target resources, when present; otherwise the importer chooses. A
// "strength" property of a map entry (1–10) is OLIR's strength.

// oscalRelationships maps NIST IR 8477's relationship names (and ours) to
// isms relationships.
var oscalRelationships = map[string]isms.Relationship{
	"equivalent-to": isms.RelEqual, "equal-to": isms.RelEqual, "equal": isms.RelEqual,
	"subset-of": isms.RelSubset, "subset": isms.RelSubset,
	"superset-of": isms.RelSuperset, "superset": isms.RelSuperset,
	"intersects-with": isms.RelIntersects, "intersects": isms.RelIntersects,
	"no-relationship": isms.RelNotRelated, "not-related": isms.RelNotRelated,
}

// mappingCollection is the part of an OSCAL mapping collection isms uses.
type mappingCollection struct {
	UUID       string   `json:"uuid"`
	Metadata   Metadata `json:"metadata"`
	Provenance struct {
		MatchingRationale  string `json:"matching-rationale"`
		MappingDescription string `json:"mapping-description"`
	} `json:"provenance"`
	Mappings json.RawMessage `json:"mappings"` // one mapping or an array
}

// oscalMapping is one mapping between a source and a target document.
type oscalMapping struct {
	MatchingRationale string          `json:"matching-rationale"`
	SourceResource    mappingResource `json:"source-resource"`
	TargetResource    mappingResource `json:"target-resource"`
	Maps              []oscalMapEntry `json:"maps"`
	Description       string          `json:"mapping-description"`
}

// mappingResource names the source or target document.
type mappingResource struct {
	Type  string `json:"type"`
	Href  string `json:"href"`
	Props []Prop `json:"props"`
}

// oscalMapEntry relates sources to targets.
type oscalMapEntry struct {
	UUID              string        `json:"uuid"`
	MatchingRationale string        `json:"matching-rationale"`
	Relationship      string        `json:"relationship"`
	Sources           []mappingItem `json:"sources"`
	Targets           []mappingItem `json:"targets"`
	Qualifiers        []struct {
		Subject     string `json:"subject"`
		Predicate   string `json:"predicate"`
		Category    string `json:"category"`
		Description string `json:"description"`
	} `json:"qualifiers"`
	Props   []Prop `json:"props"`
	Remarks string `json:"remarks"`
}

// mappingItem is one source or target of a map entry.
type mappingItem struct {
	Type  string `json:"type"`
	IDRef string `json:"id-ref"`
	Props []Prop `json:"props"`
}

// readOSCALMapping reads an OSCAL 1.2 mapping collection in JSON or YAML,
// validated against NIST's 1.2.1 mapping schema.
func readOSCALMapping(name string, data []byte) (*MappingFile, error) {
	tree, pos, err := parseMappingCollection(name, data)
	if err != nil {
		return nil, err
	}
	var body struct {
		Collection mappingCollection `json:"mapping-collection"`
	}
	if DetectFormat(data) != FormatJSON {
		if data, err = json.Marshal(tree); err != nil {
			return nil, fmt.Errorf("encode %s as JSON: %w", name, err)
		}
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, errorf(name, position{}, "", "cannot be read: %v", err)
	}
	mc := body.Collection
	maps, single, err := mappingsOf(name, mc.Mappings)
	if err != nil {
		return nil, err
	}
	conv := mappingConverter{name: name, data: data, pos: pos, single: single}
	return conv.convert(mc, maps)
}

// parseMappingCollection parses and validates a mapping collection.
func parseMappingCollection(name string, data []byte) (any, positions, error) {
	var tree any
	var pos positions
	var err error
	switch DetectFormat(data) {
	case FormatJSON:
		tree, err = parseJSON(name, data)
	case FormatYAML:
		tree, pos, err = parseYAML(name, data)
	default:
		return nil, nil, errorf(name, position{}, "", "is XML: OSCAL mapping collections are read in JSON or YAML")
	}
	if err != nil {
		return nil, nil, err
	}
	root, _ := tree.(map[string]any)
	mc, ok := root["mapping-collection"].(map[string]any)
	if !ok {
		return nil, nil, errorf(name, pos.at("/"), "/", "is not an OSCAL mapping collection: expected \"mapping-collection\" at the top")
	}
	meta, _ := mc["metadata"].(map[string]any)
	if v, _ := meta["oscal-version"].(string); schemaVersion(v) != Schema12 {
		const path = "/mapping-collection/metadata/oscal-version"
		return nil, nil, errorf(name, pos.at(path), path, "OSCAL version %q has no mapping model: mapping collections need OSCAL 1.2 or later", v)
	}
	s, err := schemaFor(Schema12, "mapping")
	if err != nil {
		return nil, nil, err
	}
	var ps problems
	validate(s, tree, name, pos, &ps)
	if err := ps.err(); err != nil {
		return nil, nil, err
	}
	return tree, pos, nil
}

// mappingsOf decodes "mappings", which holds one mapping or an array.
func mappingsOf(name string, raw json.RawMessage) ([]oscalMapping, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		var m oscalMapping
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, false, errorf(name, position{}, "/mapping-collection/mappings", "cannot be read: %v", err)
		}
		return []oscalMapping{m}, true, nil
	}
	var ms []oscalMapping
	if err := json.Unmarshal(raw, &ms); err != nil {
		return nil, false, errorf(name, position{}, "/mapping-collection/mappings", "cannot be read: %v", err)
	}
	return ms, false, nil
}

// mappingConverter turns the maps of a collection into entries.
type mappingConverter struct {
	name     string
	data     []byte // JSON, to find an entry's line by its uuid
	pos      positions
	single   bool // "mappings" is one object, not an array
	problems problems
}

// convert builds the mapping file; every mapping must relate the same
// two documents.
func (x *mappingConverter) convert(mc mappingCollection, maps []oscalMapping) (*MappingFile, error) {
	m := &MappingFile{
		Name: plainText(mc.Metadata.Title), Description: plainText(mc.Provenance.MappingDescription),
		Origin: isms.MappingImported,
	}
	for i, mp := range maps {
		at := x.mappingPath(i)
		if i == 0 {
			m.SourceKey, m.TargetKey = frameworkKeyOf(mp.SourceResource), frameworkKeyOf(mp.TargetResource)
			if m.Description == "" {
				m.Description = plainText(mp.Description)
			}
		} else if mp.SourceResource.Href != maps[0].SourceResource.Href || mp.TargetResource.Href != maps[0].TargetResource.Href {
			x.problems.add(Problem{File: x.name, Line: x.pos.at(at).line, Column: x.pos.at(at).col, Path: at, Message: fmt.Sprintf(
				"relates %s to %s, but the first mapping relates %s to %s: import the mappings between each pair of documents as a file of its own",
				mp.SourceResource.Href, mp.TargetResource.Href, maps[0].SourceResource.Href, maps[0].TargetResource.Href)})
			continue
		}
		rationale := firstNonEmpty(mp.MatchingRationale, mc.Provenance.MatchingRationale)
		for j, e := range mp.Maps {
			m.Entries = append(m.Entries, x.entries(e, fmt.Sprintf("%s/maps/%d", at, j), rationale)...)
		}
	}
	if err := x.problems.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// mappingPath is the JSON pointer of mapping i.
func (x *mappingConverter) mappingPath(i int) string {
	if x.single {
		return "/mapping-collection/mappings"
	}
	return fmt.Sprintf("/mapping-collection/mappings/%d", i)
}

// entries relates each source of a map entry to each target.
func (x *mappingConverter) entries(e oscalMapEntry, at, rationale string) []MappingEntry {
	line := x.lineOf(e.UUID, at)
	rel, ok := oscalRelationships[strings.ToLower(e.Relationship)]
	if !ok {
		x.problems.add(Problem{File: x.name, Line: line, Path: at + "/relationship", Message: fmt.Sprintf(
			"relationship %q is not one of equivalent-to, equal-to, subset-of, superset-of, intersects-with, no-relationship", e.Relationship)})
		return nil
	}
	why := []string{}
	if r := firstNonEmpty(e.MatchingRationale, rationale); r != "" {
		why = append(why, r+" match")
	}
	if r := plainText(e.Remarks); r != "" {
		why = append(why, r)
	}
	for _, q := range e.Qualifiers {
		why = append(why, fmt.Sprintf("%s %s (%s): %s", q.Subject, strings.ReplaceAll(q.Predicate, "-", " "), q.Category, plainText(q.Description)))
	}
	strength, _ := strconv.Atoi(anyPropValue(e.Props, "strength"))
	if strength < 0 || strength > 10 {
		strength = 0
	}
	var out []MappingEntry
	for _, s := range e.Sources {
		for _, t := range e.Targets {
			out = append(out, MappingEntry{SourceRef: mappingRef(s), TargetRef: mappingRef(t), Relationship: rel,
				Rationale: strings.Join(why, "; "), Strength: strength, Line: line})
		}
	}
	return out
}

// lineOf finds where a map entry is written: by its position in YAML, by
// its uuid in JSON.
func (x *mappingConverter) lineOf(uuid, at string) int {
	if x.pos != nil {
		return x.pos.at(at).line
	}
	if uuid == "" {
		return 0
	}
	if i := bytes.Index(x.data, []byte(`"`+uuid+`"`)); i >= 0 {
		return lineCol(x.data, int64(i)).line
	}
	return 0
}

// frameworkKeyOf returns a resource's "framework-key" property, or "".
func frameworkKeyOf(r mappingResource) string { return anyPropValue(r.Props, "framework-key") }

// anyPropValue returns the value of a property, in any namespace, or "".
func anyPropValue(props []Prop, name string) string {
	for _, p := range props {
		if p.Name == name {
			return strings.TrimSpace(p.Value)
		}
	}
	return ""
}

// nist80053ID matches SP 800-53 control and enhancement ids.
var nist80053ID = regexp.MustCompile(`^([a-z]{2})-(\d+)(?:\.(\d+))?$`)

// mappingRef is the isms reference of a mapping item.
func mappingRef(it mappingItem) string {
	if label := propValueRaw(it.Props, "label"); label != "" {
		return label
	}
	id := strings.TrimPrefix(strings.TrimSpace(it.IDRef), "#")
	if i := strings.Index(id, "_smt"); i > 0 {
		id = id[:i]
	}
	if m := nist80053ID.FindStringSubmatch(id); m != nil {
		ref := strings.ToUpper(m[1]) + "-" + m[2]
		if m[3] != "" {
			ref += "(" + m[3] + ")"
		}
		return ref
	}
	return strings.ToUpper(strings.TrimPrefix(id, "_"))
}

// firstNonEmpty returns the first of its arguments that is not empty.
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
