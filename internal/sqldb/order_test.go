// SPDX-License-Identifier: Apache-2.0

package sqldb

import "testing"

func TestOrderDescendingKeepsFunctionArguments(t *testing.T) {
	allowed := map[string]string{"owner": "COALESCE(u.name, ''), LENGTH(c.ref), c.ref", "ref": "c.ref"}
	for _, tc := range []struct{ sort, want string }{
		{"owner", " ORDER BY COALESCE(u.name, ''), LENGTH(c.ref), c.ref"},
		{"-owner", " ORDER BY COALESCE(u.name, '') DESC, LENGTH(c.ref) DESC, c.ref DESC"},
		{"-ref", " ORDER BY c.ref DESC"},
		{"nonsense; DROP TABLE x", " ORDER BY c.ref"},
	} {
		if got := order(tc.sort, allowed, "ref"); got != tc.want {
			t.Errorf("order(%q) = %q, want %q", tc.sort, got, tc.want)
		}
	}
}
