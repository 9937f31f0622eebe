// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// leafErrors flattens a validation error into the violations users can
// act on. Of the branches of an anyOf or oneOf only the closest one is
// kept: the one that got deepest into the value with the fewest errors.
func leafErrors(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		var best []*jsonschema.ValidationError
		for _, c := range e.Causes {
			if l := leafErrors(c); best == nil || closer(l, best) {
				best = l
			}
		}
		return best
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leafErrors(c)...)
	}
	return out
}

// closer reports whether branch a explains a failure better than b.
func closer(a, b []*jsonschema.ValidationError) bool {
	da, db := maxDepth(a), maxDepth(b)
	if da != db {
		return da > db
	}
	return len(a) < len(b)
}

func maxDepth(l []*jsonschema.ValidationError) int {
	d := 0
	for _, e := range l {
		d = max(d, len(e.InstanceLocation))
	}
	return d
}

// datatypes describes NIST's datatype definitions in plain words, for
// values that do not match their pattern.
var datatypes = map[string]string{
	"TokenDatatype":                "a token (a letter or '_' followed by letters, digits, '.', '-' or '_')",
	"UUIDDatatype":                 "a UUID (version 4 or 5, such as 8e5a3bd7-0c1f-4b7f-9a3e-2d1f6a7b8c9d)",
	"DateTimeWithTimezoneDatatype": "a date and time with a time zone (such as 2024-01-31T12:00:00Z)",
	"DateTimeDatatype":             "a date and time (such as 2024-01-31T12:00:00Z)",
	"DateWithTimezoneDatatype":     "a date with a time zone (such as 2024-01-31Z)",
	"DateDatatype":                 "a date (such as 2024-01-31)",
	"StringDatatype":               "a non-empty text without leading or trailing white space",
	"URIDatatype":                  "an absolute URI (such as https://example.org/x)",
	"URIReferenceDatatype":         "a URI reference",
	"Base64Datatype":               "base64 text",
	"EmailAddressDatatype":         "an e-mail address",
	"MarkupLineDatatype":           "a single line of text",
	"NonNegativeIntegerDatatype":   "a whole number of 0 or more",
	"PositiveIntegerDatatype":      "a whole number of 1 or more",
	"IntegerDatatype":              "a whole number",
}

var printer = message.NewPrinter(language.English)

// describe says in plain words what is wrong with the value at a leaf
// error's location.
func describe(e *jsonschema.ValidationError) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		return "missing required " + quoteAll(k.Missing)
	case *kind.AdditionalProperties:
		if len(k.Properties) == 1 {
			return "unknown field " + quoteAll(k.Properties)
		}
		return "unknown fields " + quoteAll(k.Properties)
	case *kind.Type:
		return fmt.Sprintf("must be %s, not %s", article(strings.Join(k.Want, " or ")), article(k.Got))
	case *kind.Pattern:
		if d, ok := datatypes[definitionName(e.SchemaURL)]; ok {
			return fmt.Sprintf("%q is not %s", k.Got, d)
		}
		return fmt.Sprintf("%q does not match the pattern %s", k.Got, k.Want)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		return fmt.Sprintf("%q is not one of %s", fmt.Sprint(k.Got), quoteAll(want))
	case *kind.MinItems:
		if k.Want == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("must have at least %d items, not %d", k.Want, k.Got)
	case *kind.Format:
		if d, ok := datatypes[definitionName(e.SchemaURL)]; ok {
			return fmt.Sprintf("%q is not %s", fmt.Sprint(k.Got), d)
		}
		return fmt.Sprintf("%q is not a valid %s", fmt.Sprint(k.Got), k.Want)
	case *kind.OneOf:
		return "matches more than one of the allowed forms"
	}
	return e.ErrorKind.LocalizedString(printer)
}

// definitionName returns the name of the schema definition a schema URL
// points into ("…#/definitions/TokenDatatype" → "TokenDatatype").
func definitionName(url string) string {
	i := strings.Index(url, "/definitions/")
	if i < 0 {
		return ""
	}
	name := url[i+len("/definitions/"):]
	if j := strings.IndexByte(name, '/'); j >= 0 {
		name = name[:j]
	}
	return name
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// article prefixes a JSON type name with "a" or "an".
func article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}
