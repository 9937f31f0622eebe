// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schemas/1.1.3/*.json schemas/1.2.1/*.json
var schemaFS embed.FS

// Schema versions: 1.0.x and 1.1.x documents are validated with the 1.1.3
// schema (NIST's 1.0 content is valid under it), 1.2.x with 1.2.1.
const (
	Schema11 = "1.1.3"
	Schema12 = "1.2.1"
)

// OSCALVersion is the oscal-version this package writes by default.
const OSCALVersion = Schema11

// schemaKey names one compiled schema: a version and a model.
type schemaKey struct{ version, model string }

var schemas struct {
	sync.Mutex
	compiled map[schemaKey]*jsonschema.Schema
}

// schemaFor returns the compiled schema of a model ("catalog", "profile")
// in a schema version, compiling it on first use.
func schemaFor(version, model string) (*jsonschema.Schema, error) {
	key := schemaKey{version, model}
	schemas.Lock()
	defer schemas.Unlock()
	if s, ok := schemas.compiled[key]; ok {
		return s, nil
	}
	s, err := compileSchema(version, model)
	if err != nil {
		return nil, err
	}
	if schemas.compiled == nil {
		schemas.compiled = map[schemaKey]*jsonschema.Schema{}
	}
	schemas.compiled[key] = s
	return s, nil
}

// compileSchema compiles one embedded schema.
func compileSchema(version, model string) (*jsonschema.Schema, error) {
	file := "schemas/" + version + "/oscal_" + model + "_schema.json"
	data, err := schemaFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read schema %s: %w", file, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse schema %s: %w", file, err)
	}
	c := jsonschema.NewCompiler()
	url := "urn:isms:oscal:" + version + ":" + model
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("add schema %s: %w", file, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("compile schema %s: %w", file, err)
	}
	return s, nil
}

// schemaVersion picks the schema for a declared oscal-version, or returns
// "" when the version is not supported.
func schemaVersion(declared string) string {
	v := strings.TrimPrefix(strings.TrimSpace(declared), "v")
	switch {
	case v == "1.0" || v == "1.1" || strings.HasPrefix(v, "1.0.") || strings.HasPrefix(v, "1.1.") ||
		strings.HasPrefix(v, "1.0-") || strings.HasPrefix(v, "1.1-"):
		return Schema11
	case v == "1.2" || strings.HasPrefix(v, "1.2.") || strings.HasPrefix(v, "1.2-"):
		return Schema12
	}
	return ""
}

// validate checks a decoded JSON value against the schema and adds a
// problem for each violation.
func validate(s *jsonschema.Schema, v any, file string, pos positions, ps *problems) {
	err := s.Validate(v)
	if err == nil {
		return
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		ps.add(Problem{File: file, Message: err.Error()})
		return
	}
	var found []Problem
	for _, leaf := range leafErrors(ve) {
		path := pointerOf(leaf.InstanceLocation)
		at := pos.at(path)
		found = append(found, Problem{File: file, Line: at.line, Column: at.col, Path: path, Message: describe(leaf)})
	}
	slices.SortStableFunc(found, compareProblems)
	for _, p := range found {
		ps.add(p)
	}
}

// compareProblems orders problems by position, then by path (array
// indexes numerically), then by message.
func compareProblems(a, b Problem) int {
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Column, b.Column); c != 0 {
		return c
	}
	ta, tb := strings.Split(a.Path, "/"), strings.Split(b.Path, "/")
	for i := 0; i < len(ta) && i < len(tb); i++ {
		na, ea := strconv.Atoi(ta[i])
		nb, eb := strconv.Atoi(tb[i])
		c := strings.Compare(ta[i], tb[i])
		if ea == nil && eb == nil {
			c = cmp.Compare(na, nb)
		}
		if c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(ta), len(tb)); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// pointerOf renders an instance location as a JSON pointer.
func pointerOf(tokens []string) string {
	if len(tokens) == 0 {
		return "/"
	}
	p := ""
	for _, t := range tokens {
		p = pointer(p, t)
	}
	return p
}
