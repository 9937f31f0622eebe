// SPDX-License-Identifier: Apache-2.0

// Package catalog reads, validates, resolves and writes control frameworks.
//
// This part of the package handles NIST OSCAL catalogs and profiles
// (OSCAL 1.0.x, 1.1.x and 1.2.x):
//
//   - Read detects JSON, YAML or XML from the content, parses it into the
//     model of this package (Catalog, Profile) and validates it against
//     NIST's JSON schema for its declared oscal-version (1.0.x and 1.1.x
//     with the 1.1.3 schema, 1.2.x with 1.2.1). XML is read strictly, element
//     by element, into the JSON form of the model and then validated as
//     JSON. Every problem names the file and the line:column (YAML, XML)
//     and the JSON path of the value.
//   - Resolver resolves a profile into a catalog following NIST's profile
//     resolution specification: imports (files, back-matter resources,
//     chained profiles), include/exclude by id and by match, child and
//     parent controls, merge (flat, as-is, custom; keep, use-first, merge),
//     modify (set-parameters, alters), back matter and metadata. It never
//     fetches from the network: a Loader supplies every document.
//   - WriteCatalogJSON writes a catalog as OSCAL JSON and refuses to write
//     one that its schema would reject.
//
// The schemas are NIST's, embedded from schemas/ (public domain, see
// schemas/OSCAL-LICENSE.md); each is compiled once per process, when first
// needed.
package catalog
