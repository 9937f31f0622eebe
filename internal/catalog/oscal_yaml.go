// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlLine picks the line number out of the YAML parser's messages
// ("yaml: line 3: did not find expected key").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML decodes a YAML document into plain values, as JSON would
// have them, and records where each value starts. Scalars stay text
// except true/false (a boolean) and null, since no OSCAL catalog or
// profile field is a number: "version: 1.0" means the text "1.0".
func parseYAML(name string, data []byte) (any, positions, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, nil, errorf(name, position{line: line}, "", "invalid YAML: %s", m[2])
		}
		return nil, nil, errorf(name, position{}, "", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
	}
	if len(root.Content) == 0 {
		return nil, nil, errorf(name, position{}, "", "is empty")
	}
	c := yamlConverter{name: name, pos: positions{}, budget: len(data) + 1000, aliasBudget: 100_000}
	v, err := c.value(root.Content[0], "", 0, false)
	if err != nil {
		return nil, nil, err
	}
	return v, c.pos, nil
}

// maxNesting bounds how deeply YAML and XML documents may nest; OSCAL
// catalogs need a few dozen levels.
const maxNesting = 100

// yamlConverter turns YAML nodes into plain values. The budgets bound the
// values a document, and the aliases in it, may expand to.
type yamlConverter struct {
	name        string
	pos         positions
	budget      int
	aliasBudget int
}

func (c *yamlConverter) value(n *yaml.Node, path string, depth int, aliased bool) (any, error) {
	at := position{n.Line, n.Column}
	if !aliased {
		if path == "" {
			c.pos["/"] = at
		} else {
			c.pos[path] = at
		}
	} else {
		c.aliasBudget--
	}
	if c.budget--; c.budget < 0 || c.aliasBudget < 0 || depth > maxNesting {
		return nil, errorf(c.name, at, path, "the document nests or repeats (through aliases) too much")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.value(n.Alias, path, depth+1, true)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], path, depth+1, aliased)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, item := range n.Content {
			v, err := c.value(item, pointer(path, strconv.Itoa(i)), depth+1, aliased)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		return c.mapping(n, path, depth, aliased)
	}
	switch n.ShortTag() {
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err == nil {
			return b, nil
		}
	case "!!null":
		return nil, nil
	}
	return n.Value, nil
}

func (c *yamlConverter) mapping(n *yaml.Node, path string, depth int, aliased bool) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.AliasNode {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return nil, errorf(c.name, position{k.Line, k.Column}, path, "keys must be plain text")
		}
		if _, dup := out[k.Value]; dup {
			return nil, errorf(c.name, position{k.Line, k.Column}, path, "key %q appears more than once", k.Value)
		}
		val, err := c.value(v, pointer(path, k.Value), depth+1, aliased)
		if err != nil {
			return nil, err
		}
		out[k.Value] = val
	}
	return out, nil
}
