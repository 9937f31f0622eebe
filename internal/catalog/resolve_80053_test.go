// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// new511 are the controls SP 800-53 5.1.1 adds to 5.0.1: IA-13 (Identity
// Providers and Authorization Servers) and its enhancements IA-13(1)
// (Protection of Cryptographic Keys), IA-13(2) (Verification of Identity
// Assertions and Access Tokens) and IA-13(3) (Token Management). No
// baseline selects them; 5.1.1 links to IA-13 from the controls it
// relates to, so the related-control links of those controls differ.
var new511 = map[string]bool{"#ia-13": true, "#ia-13.1": true, "#ia-13.2": true, "#ia-13.3": true}

// erratum511 is the one other link difference: 5.0.1 lists SC-12 among
// the controls related to SC-12 itself; 5.1.1 removed the self-reference.
const erratum511 = "sc-12 → #sc-12"

// TestResolve80053 resolves NIST's SP 800-53 5.1.1 baseline profiles
// against the 5.0.1 catalog and compares the result with NIST's resolved
// baseline catalogs: the groups and control ids in order and nesting,
// the related-control links of each control (apart from the 5.1.1
// additions above), and the parameters: none may have values (the
// profiles set none), and every parameter that both versions have must
// have the same label, values and selection. (5.1.1 also gives most
// parameters new SP 800-53A identifiers, "ac-01_odp.01" for
// "ac-1_prm_2"; those are counted, not compared.)
func TestResolve80053(t *testing.T) {
	dir := dataDir(t, "nist-800-53-rev5")
	loader := FileLoader{Dir: dir, Files: map[string]string{"NIST_SP-800-53_rev5_catalog.json": catalog501}}
	for _, b := range []struct {
		name     string
		resolved string
		controls int
	}{
		{"LOW", "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json", 149},
		{"MODERATE", "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json", 287},
		{"HIGH", "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json", 370},
		{"PRIVACY", "NIST_SP-800-53_rev5_PRIVACY-baseline-resolved-profile_catalog.json", 102},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			r := &Resolver{Loader: loader}
			res, err := r.Resolve("NIST_SP-800-53_rev5_" + b.name + "-baseline_profile.json")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			if err := WriteCatalogJSON(io.Discard, res.Catalog); err != nil {
				t.Fatalf("the resolved catalog does not validate: %v", err)
			}
			data, err := os.ReadFile(filepath.Join(dir, b.resolved))
			if err != nil {
				t.Fatal(err)
			}
			want, err := ReadCatalog(b.resolved, data)
			if err != nil {
				t.Fatal(err)
			}
			got := res.Catalog
			if n := countControls(got); n != b.controls {
				t.Errorf("resolved %d controls, want %d", n, b.controls)
			}
			if g, w := outline(got), outline(want); !slices.Equal(g, w) {
				t.Errorf("groups and controls differ:\ngot  %q\nwant %q", g, w)
			}
			compareControls80053(t, got, want)
		})
	}
}

// outline lists the groups and controls of a catalog in order, with
// their nesting: "ac", "ac/ac-1", "ac/ac-2/ac-2.1" …
func outline(c *Catalog) []string {
	var out []string
	var controls func(prefix string, cs []Control)
	controls = func(prefix string, cs []Control) {
		for _, ct := range cs {
			out = append(out, prefix+ct.ID)
			controls(prefix+ct.ID+"/", ct.Controls)
		}
	}
	controls("", c.Controls)
	for _, g := range c.Groups {
		out = append(out, g.ID)
		controls(g.ID+"/", g.Controls)
	}
	return out
}

func compareControls80053(t *testing.T, got, want *Catalog) {
	t.Helper()
	wantByID := map[string]*Control{}
	forEachControl(want, func(c *Control) { wantByID[c.ID] = c })
	var linkDiffs []string
	shared, renamed := 0, 0
	forEachControl(got, func(c *Control) {
		w := wantByID[c.ID]
		if w == nil {
			return
		}
		for _, d := range symmetricDiff(related(c), related(w)) {
			if !new511[d] {
				linkDiffs = append(linkDiffs, c.ID+" → "+d)
			}
		}
		wantParams := map[string]Param{}
		for _, p := range w.Params {
			wantParams[p.ID] = p
		}
		for _, p := range c.Params {
			if len(p.Values) > 0 {
				t.Errorf("%s: parameter %s has values %q; the profile sets none", c.ID, p.ID, p.Values)
			}
			wp, ok := wantParams[p.ID]
			if !ok {
				renamed++
				continue
			}
			shared++
			if g, w := paramSummary(p), paramSummary(wp); g != w {
				t.Errorf("%s: parameter %s differs:\ngot  %s\nwant %s", c.ID, p.ID, g, w)
			}
		}
	})
	var wantDiffs []string
	if hasControl(got, "sc-12") {
		wantDiffs = []string{erratum511}
	}
	if !slices.Equal(linkDiffs, wantDiffs) {
		t.Errorf("related-control links differ beyond the 5.1.1 additions: %q", linkDiffs)
	}
	t.Logf("parameters compared: %d with the same id in 5.0.1 and 5.1.1, %d renamed in 5.1.1", shared, renamed)
}

func hasControl(c *Catalog, id string) bool {
	found := false
	forEachControl(c, func(ct *Control) { found = found || ct.ID == id })
	return found
}

// related returns the control links of a control ("#ac-2"), without
// links to back-matter resources.
func related(c *Control) []string {
	var out []string
	for _, l := range c.Links {
		if l.Rel == "related" {
			out = append(out, l.Href)
		}
	}
	return out
}

func symmetricDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

func paramSummary(p Param) string {
	s := fmt.Sprintf("label=%q values=%q", p.Label, p.Values)
	if p.Select != nil {
		s += fmt.Sprintf(" select(%s)=%q", p.Select.HowMany, p.Select.Choice)
	}
	return strings.TrimSpace(s)
}
