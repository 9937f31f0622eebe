// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"path"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/ismsproject/isms/internal/isms"
)

// The keys of the built-in frameworks.
const (
	KeyISO2022 = "iso27001-2022"
	KeyISO2013 = "iso27001-2013"
)

// builtinFiles names the embedded framework of each built-in key, in the
// order BuiltinKeys lists them.
var builtinFiles = []struct{ key, file string }{
	{KeyISO2022, "builtin_data/iso27001-2022.yaml"},
	{KeyISO2013, "builtin_data/iso27001-2013.yaml"},
}

// builtinMappingFiles are the embedded mapping sets between built-ins.
var builtinMappingFiles = []string{"builtin_data/iso27001-2013-to-2022.yaml"}

//go:embed builtin_data/*.yaml
var builtinFS embed.FS

// builtinSet is every built-in, parsed once.
type builtinSet struct {
	frameworks map[string]*Framework
	mappings   []*MappingFile
}

// loadBuiltins parses the embedded data once per process. The data ships
// with the binary and is checked by the tests, so a failure is a
// programming error.
var loadBuiltins = sync.OnceValue(func() *builtinSet {
	set := &builtinSet{frameworks: map[string]*Framework{}}
	for _, b := range builtinFiles {
		fw, err := parseBuiltinFramework(b.file)
		if err != nil {
			panic(err)
		}
		if fw.Meta.Key != b.key {
			panic(fmt.Sprintf("%s: key %q, want %q", b.file, fw.Meta.Key, b.key))
		}
		set.frameworks[b.key] = fw
	}
	for _, f := range builtinMappingFiles {
		m, err := parseBuiltinMappings(f)
		if err != nil {
			panic(err)
		}
		set.mappings = append(set.mappings, m)
	}
	return set
})

// Builtin returns the built-in framework with the given key. The value is
// shared: callers must not modify it. Built-in frameworks carry no
// mappings; BuiltinMappings holds the set between them.
func Builtin(key string) (*Framework, bool) {
	fw, ok := loadBuiltins().frameworks[key]
	return fw, ok
}

// BuiltinKeys lists the keys of the built-in frameworks, newest first.
func BuiltinKeys() []string {
	keys := make([]string, len(builtinFiles))
	for i, b := range builtinFiles {
		keys[i] = b.key
	}
	return keys
}

// BuiltinMappings returns the built-in mapping sets (ISO/IEC 27001:2013 →
// 2022). The values are shared: callers must not modify them.
func BuiltinMappings() []*MappingFile {
	return loadBuiltins().mappings
}

// builtinFramework is the layout of an embedded framework file.
type builtinFramework struct {
	Key          string               `yaml:"key"`
	Name         string               `yaml:"name"`
	Edition      string               `yaml:"edition"`
	Publisher    string               `yaml:"publisher"`
	Description  string               `yaml:"description"`
	Requirements []builtinRequirement `yaml:"requirements"`
}

// builtinRequirement is one node of an embedded framework. Assessable is
// nil for the default: every kind but a group is assessable.
type builtinRequirement struct {
	Ref         string              `yaml:"ref"`
	Parent      string              `yaml:"parent"`
	Kind        string              `yaml:"kind"`
	Title       string              `yaml:"title"`
	Assessable  *bool               `yaml:"assessable"`
	Description string              `yaml:"description"`
	Attributes  map[string][]string `yaml:"attributes"`
}

// parseBuiltinFramework reads one embedded framework file.
func parseBuiltinFramework(file string) (*Framework, error) {
	data, err := builtinFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read built-in framework: %w", err)
	}
	var in builtinFramework
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	sum := sha256.Sum256(data)
	fw := &Framework{Meta: isms.Framework{
		Key: in.Key, Name: in.Name, Edition: in.Edition, Publisher: in.Publisher,
		Description: in.Description, Source: isms.SourceBuiltin,
		SourceFile: path.Base(file), SHA256: hex.EncodeToString(sum[:]),
	}}
	fw.Requirements = make([]isms.Requirement, 0, len(in.Requirements))
	byRef := map[string]*isms.Requirement{}
	for i, r := range in.Requirements {
		req, err := builtinNode(r, byRef, i+1)
		if err != nil {
			return nil, fmt.Errorf("%s: requirement %d (%s): %w", file, i+1, r.Ref, err)
		}
		fw.Requirements = append(fw.Requirements, req) // within capacity: pointers stay valid
		byRef[r.Ref] = &fw.Requirements[len(fw.Requirements)-1]
		fw.Meta.Requirements++
		if req.Assessable {
			fw.Meta.Assessable++
		}
	}
	return fw, nil
}

// builtinNode converts one embedded requirement; its parent must come
// before it.
func builtinNode(r builtinRequirement, byRef map[string]*isms.Requirement, pos int) (isms.Requirement, error) {
	req := isms.Requirement{
		Ref: r.Ref, ParentRef: r.Parent, Title: r.Title, Description: r.Description,
		Kind: isms.RequirementKind(r.Kind), Assessable: r.Kind != string(isms.KindGroup),
		Position: pos, GroupRef: r.Ref,
	}
	if r.Assessable != nil {
		req.Assessable = *r.Assessable
	}
	if len(r.Attributes) > 0 {
		req.Attributes = isms.Attributes(r.Attributes)
	}
	if err := req.Validate(); err != nil {
		return req, err
	}
	if byRef[r.Ref] != nil {
		return req, fmt.Errorf("reference %s appears twice", r.Ref)
	}
	if r.Parent != "" {
		p := byRef[r.Parent]
		if p == nil {
			return req, fmt.Errorf("parent %s is not defined before it", r.Parent)
		}
		req.Depth, req.GroupRef = p.Depth+1, p.GroupRef
	}
	return req, nil
}

// builtinMappingSet is the layout of an embedded mapping file.
type builtinMappingSet struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Source      string `yaml:"source"`
	Target      string `yaml:"target"`
	Mappings    []struct {
		Source       string `yaml:"source"`
		Target       string `yaml:"target"`
		Relationship string `yaml:"relationship"`
	} `yaml:"mappings"`
}

// parseBuiltinMappings reads one embedded mapping file. (The tests check
// that every reference exists in the built-in frameworks it names.)
func parseBuiltinMappings(file string) (*MappingFile, error) {
	data, err := builtinFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read built-in mappings: %w", err)
	}
	var in builtinMappingSet
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	m := &MappingFile{Name: in.Name, Description: in.Description, SourceKey: in.Source,
		TargetKey: in.Target, Origin: isms.MappingBuiltin}
	for i, e := range in.Mappings {
		rel := isms.Relationship(e.Relationship)
		if !rel.Valid() {
			return nil, fmt.Errorf("%s: mapping %d: unknown relationship %q", file, i+1, e.Relationship)
		}
		m.Entries = append(m.Entries, MappingEntry{SourceRef: e.Source, TargetRef: e.Target, Relationship: rel})
	}
	return m, nil
}
