// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/bench/ceiling"
)

// SelectEndpoints returns the endpoints named in only, in the order of
// all, or all of them when only is empty. An unknown name is an error
// that lists the known ones.
func SelectEndpoints(all []ceiling.Endpoint, only []string) ([]ceiling.Endpoint, error) {
	if len(only) == 0 {
		return all, nil
	}
	names := make([]string, len(all))
	for i, e := range all {
		names[i] = e.Name
	}
	for _, n := range only {
		if !slices.Contains(names, n) {
			return nil, fmt.Errorf("--only: no endpoint %q; the endpoints are %s", n, strings.Join(names, ", "))
		}
	}
	var out []ceiling.Endpoint
	for _, e := range all {
		if slices.Contains(only, e.Name) {
			out = append(out, e)
		}
	}
	return out, nil
}

// placeholder matches "{name}" in an endpoint's paths.
var placeholder = regexp.MustCompile(`\{([^{}/?&=]+)\}`)

// Resolve fills the placeholders of each endpoint's Path and Ceiling
// with params, path-escaped. A placeholder without a value is an error
// naming the endpoint.
func Resolve(eps []ceiling.Endpoint, params map[string]string) ([]ceiling.Endpoint, error) {
	out := make([]ceiling.Endpoint, len(eps))
	for i, e := range eps {
		var missing []string
		fill := func(s string) string {
			return placeholder.ReplaceAllStringFunc(s, func(m string) string {
				v, ok := params[m[1:len(m)-1]]
				if !ok {
					missing = append(missing, m)
				}
				return url.PathEscape(v)
			})
		}
		e.Path, e.Ceiling = fill(e.Path), fill(e.Ceiling)
		if len(missing) > 0 {
			return nil, fmt.Errorf("endpoint %s: no value for %s in the organization's parameters", e.Name, strings.Join(missing, ", "))
		}
		out[i] = e
	}
	return out, nil
}
