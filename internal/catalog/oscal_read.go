// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Format is the serialization of an OSCAL document.
type Format string

// The formats Read understands.
const (
	FormatJSON Format = "json"
	FormatYAML Format = "yaml"
	FormatXML  Format = "xml"
)

// Document is an OSCAL catalog or profile as read from a file.
type Document struct {
	Name    string   // the file name given to Read; used in every message
	Format  Format   // detected from the content
	Version string   // the declared metadata.oscal-version
	Schema  string   // the schema version it was validated with (Schema11 or Schema12)
	Catalog *Catalog // set for a catalog
	Profile *Profile // set for a profile

	pos positions // JSON pointer → source position (YAML and XML)
}

// DetectFormat tells the format of a document from its first
// non-blank character: '<' is XML, '{' JSON, anything else YAML.
func DetectFormat(data []byte) Format {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(data) > 0 && data[0] == '<':
		return FormatXML
	case len(data) > 0 && (data[0] == '{' || data[0] == '['):
		return FormatJSON
	}
	return FormatYAML
}

// Read parses an OSCAL catalog or profile in JSON, YAML or XML and
// validates it against the schema of its declared oscal-version. name is
// used in messages only. Problems are reported as an *Error.
func Read(name string, data []byte) (*Document, error) {
	doc := &Document{Name: name, Format: DetectFormat(data)}
	var tree any
	var err error
	switch doc.Format {
	case FormatJSON:
		tree, err = parseJSON(name, data)
	case FormatYAML:
		tree, doc.pos, err = parseYAML(name, data)
	default:
		tree, doc.pos, err = parseXML(name, data)
	}
	if err != nil {
		return nil, err
	}
	model, err := doc.inspect(tree)
	if err != nil {
		return nil, err
	}
	s, err := schemaFor(doc.Schema, model)
	if err != nil {
		return nil, err
	}
	var ps problems
	validate(s, tree, name, doc.pos, &ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	if doc.Format != FormatJSON {
		if data, err = json.Marshal(tree); err != nil {
			return nil, fmt.Errorf("encode %s as JSON: %w", name, err)
		}
	}
	var body struct {
		Catalog *Catalog `json:"catalog"`
		Profile *Profile `json:"profile"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, errorf(name, position{}, "", "cannot be read: %v", err)
	}
	doc.Catalog, doc.Profile = body.Catalog, body.Profile
	return doc, nil
}

// ReadCatalog reads a document that must be a catalog.
func ReadCatalog(name string, data []byte) (*Catalog, error) {
	doc, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	if doc.Catalog == nil {
		return nil, errorf(name, position{}, "", "is an OSCAL profile, not a catalog; resolve it to get a catalog")
	}
	return doc.Catalog, nil
}

// ReadProfile reads a document that must be a profile.
func ReadProfile(name string, data []byte) (*Profile, error) {
	doc, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	if doc.Profile == nil {
		return nil, errorf(name, position{}, "", "is an OSCAL catalog, not a profile")
	}
	return doc.Profile, nil
}

// models names the top-level keys of OSCAL documents, to tell users what
// they gave when it is not a catalog or profile.
var models = map[string]string{
	"system-security-plan": "system security plan", "component-definition": "component definition",
	"assessment-plan": "assessment plan", "assessment-results": "assessment results",
	"plan-of-action-and-milestones": "plan of action and milestones", "mapping-collection": "mapping collection",
}

// inspect finds the model of a parsed document and the schema that
// applies to its declared oscal-version.
func (doc *Document) inspect(tree any) (string, error) {
	root, ok := tree.(map[string]any)
	if !ok {
		return "", errorf(doc.Name, doc.pos.at("/"), "/", "is not an OSCAL document: expected an object with a \"catalog\" or \"profile\"")
	}
	var model string
	var keys []string
	for k := range root {
		keys = append(keys, k)
		if k == "catalog" || k == "profile" {
			model = k
		}
	}
	sort.Strings(keys)
	if model == "" {
		for _, k := range keys {
			if m, ok := models[k]; ok {
				return "", errorf(doc.Name, doc.pos.at("/"+k), "/"+k, "is an OSCAL %s, not a catalog or profile", m)
			}
		}
		return "", errorf(doc.Name, doc.pos.at("/"), "/", "is not an OSCAL catalog or profile: expected \"catalog\" or \"profile\" at the top, found %s", quoteAll(keys))
	}
	doc.Schema = Schema11
	body, _ := root[model].(map[string]any)
	meta, _ := body["metadata"].(map[string]any)
	if v, ok := meta["oscal-version"].(string); ok {
		doc.Version = v
		if doc.Schema = schemaVersion(v); doc.Schema == "" {
			path := "/" + model + "/metadata/oscal-version"
			return "", errorf(doc.Name, doc.pos.at(path), path, "OSCAL version %q is not supported (supported: 1.0.x, 1.1.x, 1.2.x)", v)
		}
	}
	return model, nil
}
