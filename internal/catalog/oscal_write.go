// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// WriteCatalogJSON writes c as an indented OSCAL catalog in JSON. It
// first validates the document against the schema of
// c.Metadata.OSCALVersion (set it, e.g. to OSCALVersion) and writes
// nothing when the schema rejects it; the *Error then says why.
func WriteCatalogJSON(w io.Writer, c *Catalog) error {
	data, err := encodeJSON(struct {
		Catalog *Catalog `json:"catalog"`
	}{c})
	if err != nil {
		return err
	}
	const name = "catalog JSON"
	version := schemaVersion(c.Metadata.OSCALVersion)
	if version == "" {
		return errorf(name, position{}, "/catalog/metadata/oscal-version",
			"OSCAL version %q is not supported (supported: 1.0.x, 1.1.x, 1.2.x)", c.Metadata.OSCALVersion)
	}
	s, err := schemaFor(version, "catalog")
	if err != nil {
		return err
	}
	tree, err := parseJSON(name, data)
	if err != nil {
		return err
	}
	var ps problems
	validate(s, tree, name, nil, &ps)
	if err := ps.err(); err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	return nil
}

// encodeJSON encodes v indented, without escaping <, > and & (prose
// holds them).
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode catalog: %w", err)
	}
	return b.Bytes(), nil
}
