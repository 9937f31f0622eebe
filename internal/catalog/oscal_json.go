// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// parseJSON decodes a JSON document into plain values (json.Number for
// numbers) for validation. Syntax errors are reported at line:column.
func parseJSON(name string, data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonSyntaxError(name, data, dec.InputOffset(), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		at := lineCol(data, dec.InputOffset())
		return nil, errorf(name, at, "", "invalid JSON: unexpected content after the end of the document")
	}
	return v, nil
}

// jsonSyntaxError turns a decoding error into a problem at line:column.
func jsonSyntaxError(name string, data []byte, offset int64, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		offset = se.Offset - 1 // Offset is just past the offending byte
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if len(bytes.TrimSpace(data)) == 0 {
			return errorf(name, position{}, "", "is empty")
		}
		return errorf(name, lineCol(data, int64(len(data))), "", "invalid JSON: unexpected end of the document")
	}
	return errorf(name, lineCol(data, offset), "", "invalid JSON: %v", err)
}

// lineCol converts a byte offset into a 1-based line and column; the
// column counts bytes, as editors with byte columns show them.
func lineCol(data []byte, offset int64) position {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return position{line, col}
}
