// SPDX-License-Identifier: Apache-2.0

package catalog

import "github.com/ismsproject/isms/internal/isms"

// Framework is a framework read from a file (or built in), ready to be
// imported into an organization: its metadata, its requirement tree in
// document order (a parent before its children, linked by ParentRef; IDs
// empty) and the mappings the file carries to other frameworks.
type Framework struct {
	Meta         isms.Framework
	Requirements []isms.Requirement
	Mappings     []*MappingFile
}

// MappingFile is a set of mappings read from a file (or built in): from
// the requirements of the framework with key SourceKey to those of the
// framework with key TargetKey, by reference.
type MappingFile struct {
	Name        string
	Description string
	SourceKey   string
	TargetKey   string
	Origin      isms.MappingSetOrigin
	Entries     []MappingEntry
}

// MappingEntry relates one requirement to another by reference. Line is
// where the entry was read (0 when unknown), so an import that cannot find
// a reference can say where it was written.
type MappingEntry struct {
	SourceRef    string
	TargetRef    string
	Relationship isms.Relationship
	Rationale    string
	Strength     int
	Composed     bool
	Via          string
	Line         int
}

// ReadOptions says how ReadFramework treats a file.
type ReadOptions struct {
	// Loader supplies the documents an OSCAL profile imports; nil refuses
	// every import with a message naming it.
	Loader Loader
	// Key, when set, replaces the framework key the file gives or implies.
	Key string
}
