// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReadFramework reads a framework from a file: the custom format as YAML
// (a top-level framework: key), CSV or XLSX, or an OSCAL catalog or
// profile in JSON, YAML or XML (a profile is resolved with opts.Loader).
// The format is told by the extension of name and by the content. The
// framework's Source, SHA256 (of data) and SourceFile (the base name of
// name) are set, and its requirements are in tree order with Position,
// Depth and GroupRef filled in. Every error is an *Error naming name.
func ReadFramework(name string, data []byte, opts ReadOptions) (*Framework, error) {
	fw, err := readFramework(name, data, opts)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, errorf(name, position{}, "", "%v", err)
	}
	sum := sha256.Sum256(data)
	fw.Meta.SHA256 = hex.EncodeToString(sum[:])
	fw.Meta.SourceFile = fileBaseName(name)
	if opts.Key != "" {
		fw.Meta.Key = opts.Key
		for _, m := range fw.Mappings {
			m.SourceKey = opts.Key
		}
	}
	layoutTree(fw)
	return fw, nil
}

// readFramework picks the reader for the file.
func readFramework(name string, data []byte, opts ReadOptions) (*Framework, error) {
	ext := strings.ToLower(path.Ext(fileBaseName(name)))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorf(name, position{}, "", "is empty")
	}
	switch {
	case ext == ".xls":
		return nil, errorf(name, position{}, "", "old Excel workbooks (.xls) cannot be read; save the file as .xlsx or .csv")
	case ext == ".xlsx" || bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if err := checkCustomSize(name, data); err != nil {
			return nil, err
		}
		return readCustomXLSX(name, data, opts.Key)
	case ext == ".csv" || (!oscalExtension(ext) && csvFirstField(data) == "ref"):
		if err := checkCustomSize(name, data); err != nil {
			return nil, err
		}
		return readCustomCSV(name, data, opts.Key)
	}
	if f := DetectFormat(data); f == FormatJSON || f == FormatXML {
		return readFrameworkFromOSCAL(name, data, opts)
	}
	root, err := parseYAMLNode(name, data)
	if err != nil {
		return nil, err
	}
	keys := topKeys(root)
	switch {
	case keys["framework"]:
		if err := checkCustomSize(name, data); err != nil {
			return nil, err
		}
		return readCustomYAML(name, root, len(data), opts.Key)
	case keys["catalog"] || keys["profile"]:
		return readFrameworkFromOSCAL(name, data, opts)
	}
	return nil, errorf(name, position{line: 1, col: 1}, "", "is neither a framework in the custom format (top-level key framework:) "+
		"nor an OSCAL catalog or profile (top-level key catalog: or profile:)")
}

// readFrameworkFromOSCAL reads an OSCAL catalog or profile as a framework.
func readFrameworkFromOSCAL(name string, data []byte, opts ReadOptions) (*Framework, error) {
	doc, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	return frameworkFromOSCAL(doc, opts)
}

// oscalExtension reports whether ext is one an OSCAL document uses.
func oscalExtension(ext string) bool {
	switch ext {
	case ".json", ".xml", ".yaml", ".yml":
		return true
	}
	return false
}

// checkCustomSize refuses custom files over maxCustomBytes.
func checkCustomSize(name string, data []byte) error {
	if len(data) > maxCustomBytes {
		return errorf(name, position{}, "", "is %.1f MB; a framework file may be at most %d MB (split it, or import the framework as OSCAL)",
			float64(len(data))/(1<<20), maxCustomBytes>>20)
	}
	return nil
}

// parseYAMLNode parses a YAML document into its node tree.
func parseYAMLNode(name string, data []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, errorf(name, position{line: line}, "", "invalid YAML: %s", m[2])
		}
		return nil, errorf(name, position{}, "", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
	}
	return &root, nil
}

// topKeys returns the keys of a YAML document's top-level mapping.
func topKeys(root *yaml.Node) map[string]bool {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	out := map[string]bool{}
	if n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode {
			out[k.Value] = true
		}
	}
	return out
}

// csvFirstField returns the first field of the first line of data that is
// neither blank nor a # comment, lower-cased: "ref" for a framework CSV,
// "source_ref" for a mapping CSV.
func csvFirstField(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		s := strings.TrimSpace(string(line))
		if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, `"#`) {
			continue
		}
		if i := strings.IndexAny(s, ",;\t"); i >= 0 {
			s = s[:i]
		}
		return strings.ToLower(strings.Trim(s, `" `))
	}
	return ""
}

// fileBaseName returns the last element of a slash- or backslash-separated name.
func fileBaseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// layoutTree numbers the requirements in order and derives each one's
// depth and top-level group from its parent, and counts them.
func layoutTree(fw *Framework) {
	depth := make(map[string]int, len(fw.Requirements))
	group := make(map[string]string, len(fw.Requirements))
	fw.Meta.Requirements, fw.Meta.Assessable = len(fw.Requirements), 0
	for i := range fw.Requirements {
		r := &fw.Requirements[i]
		r.Position, r.Depth, r.GroupRef = i, 0, r.Ref
		if g, ok := group[r.ParentRef]; ok && r.ParentRef != "" {
			r.Depth, r.GroupRef = depth[r.ParentRef]+1, g
		}
		if _, seen := group[r.Ref]; !seen {
			depth[r.Ref], group[r.Ref] = r.Depth, r.GroupRef
		}
		if r.Assessable {
			fw.Meta.Assessable++
		}
	}
}
