// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// supplierV1 and supplierV2 are two versions of a small custom framework:
// V2 retitles S1.1, removes S1.2, rewrites S2.1 and adds S2.2.
const supplierV1 = `framework:
  key: acme-suppliers
  name: Acme supplier requirements
  edition: "1"
requirements:
  - ref: S1
    title: Access
    children:
      - ref: S1.1
        title: Personal accounts
      - ref: S1.2
        title: MFA everywhere
  - ref: S2
    title: Operations
    children:
      - ref: S2.1
        title: Backups
        description: Back up daily.
`

const supplierV2 = `framework:
  key: acme-suppliers
  name: Acme supplier requirements
  edition: "2"
requirements:
  - ref: S1
    title: Access
    children:
      - ref: S1.1
        title: Personal named accounts
  - ref: S2
    title: Operations
    children:
      - ref: S2.1
        title: Backups
        description: Back up daily and test restores every quarter.
      - ref: S2.2
        title: Logging
`

// readFramework reads a framework file through the app, failing the test
// on error.
func (w *world) readFramework(name, data string) *catalog.Framework {
	w.t.Helper()
	fw, err := w.app.ReadFrameworkFile(name, []byte(data), catalog.ReadOptions{})
	if err != nil {
		w.t.Fatalf("ReadFrameworkFile(%s) = %v", name, err)
	}
	return fw
}

// importBuiltin imports a built-in framework as the manager.
func (w *world) importBuiltin(key string) *isms.Framework {
	w.t.Helper()
	f, _, err := w.app.ImportBuiltinFramework(w.ctx, w.asManager(), key)
	if err != nil {
		w.t.Fatalf("ImportBuiltinFramework(%s) = %v", key, err)
	}
	return f
}

// requirement returns the requirement of framework fw with ref.
func (w *world) requirement(fw isms.ID, ref string) *isms.Requirement {
	w.t.Helper()
	r, err := w.app.ResolveRequirement(w.ctx, w.asViewer(), string(fw), ref)
	if err != nil {
		w.t.Fatalf("ResolveRequirement(%s) = %v", ref, err)
	}
	return r
}

// seq returns the number of events in acme's audit chain.
func (w *world) seq() int64 { return w.head(string(w.org.ID)).Seq }

func TestImportBuiltinISO2022(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		before := w.seq()
		f, change, err := w.app.ImportBuiltinFramework(w.ctx, w.asManager(), "iso27001-2022")
		if err != nil {
			t.Fatal(err)
		}
		if !change.New || len(change.Added) != f.Requirements {
			t.Errorf("change = new %v, %d added, want new with every one of %d requirements added", change.New, len(change.Added), f.Requirements)
		}
		if got := w.seq() - before; got != 1 {
			t.Errorf("the import wrote %d audit events, want 1", got)
		}
		rows, _, err := w.app.FindRequirements(w.ctx, w.asViewer(), isms.RequirementFilter{FrameworkID: f.ID})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, r := range rows {
			switch {
			case r.Kind == isms.KindControl && strings.HasPrefix(r.Ref, "A."):
				counts["annex A controls"]++
			case r.Kind == isms.KindClause:
				counts["clauses"]++
			case r.Kind == isms.KindGroup && r.Depth == 0:
				counts["top groups"]++
			}
			if r.Coverage != isms.NotCovered {
				t.Errorf("%s coverage = %s before any control, want not covered", r.Ref, r.Coverage)
			}
		}
		want := map[string]int{"annex A controls": 93, "clauses": counts["clauses"], "top groups": 11}
		if diff := cmp.Diff(want, counts); diff != "" || counts["clauses"] < 25 {
			t.Errorf("requirement counts (-want +got):\n%s(clauses %d, want at least 25)", diff, counts["clauses"])
		}
		if a := w.requirement(f.ID, "A.5.15"); a.GroupRef != "A.5" || a.Depth != 1 || a.Title != "Access control" {
			t.Errorf("A.5.15 = group %q depth %d title %q, want A.5, 1, Access control", a.GroupRef, a.Depth, a.Title)
		}
		if got := w.requirement(f.ID, "a.8.34"); got.Ref != "A.8.34" {
			t.Errorf("ResolveRequirement(a.8.34) = %s, want A.8.34 ignoring case", got.Ref)
		}

		again, change, err := w.app.ImportBuiltinFramework(w.ctx, w.asManager(), "iso27001-2022")
		if err != nil || !change.Unchanged || again.ID != f.ID || again.Version != f.Version {
			t.Errorf("re-import = %v, unchanged %v, id %s version %d; want unchanged, same framework", err, change.Unchanged, again.ID, again.Version)
		}
		if got := w.seq() - before; got != 1 {
			t.Errorf("after the re-import %d audit events, want still 1", got)
		}
	})
}

func TestBothISOEditionsBringTheBuiltinMapping(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso22 := w.importBuiltin("iso27001-2022")
		if sets, _ := w.app.FindMappingSets(w.ctx, w.asViewer()); len(sets) != 0 {
			t.Fatalf("one edition gives %d mapping sets, want none", len(sets))
		}
		iso13 := w.importBuiltin("iso27001-2013")
		sets, err := w.app.FindMappingSets(w.ctx, w.asViewer())
		if err != nil || len(sets) != 1 {
			t.Fatalf("FindMappingSets = %d sets, %v; want 1", len(sets), err)
		}
		s := sets[0]
		if s.Origin != isms.MappingBuiltin || s.SourceFrameworkID != iso13.ID || s.TargetFrameworkID != iso22.ID || s.Mappings < 100 {
			t.Errorf("built-in set = %+v, want builtin 2013 → 2022 with more than 100 mappings", s)
		}
		_, page, total, err := w.app.FindMappingSet(w.ctx, w.asViewer(), s.ID, 10, 0)
		if err != nil || len(page) != 10 || total != s.Mappings {
			t.Errorf("FindMappingSet = %d of %d, %v; want 10 of %d", len(page), total, err, s.Mappings)
		}
	})
}

func TestReimportingAChangedFrameworkKeepsLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		f, _, err := w.app.ImportFramework(w.ctx, w.asManager(), w.readFramework("suppliers.yaml", supplierV1))
		if err != nil {
			t.Fatal(err)
		}
		s11, s12 := w.requirement(f.ID, "S1.1"), w.requirement(f.ID, "S1.2")
		c := w.control("Named accounts", isms.ControlImplemented)
		w.link(c, s11.ID, s12.ID)

		v2 := w.readFramework("suppliers.yaml", supplierV2)
		change, err := w.app.PreviewFrameworkImport(w.ctx, w.asManager(), v2)
		if err != nil {
			t.Fatal(err)
		}
		want := &isms.FrameworkChange{Added: []string{"S2.2"}, Removed: []string{"S1.2"},
			Retitled: []isms.RefRetitle{{Ref: "S1.1", OldTitle: "Personal accounts", NewTitle: "Personal named accounts"}},
			Changed:  []string{"S2.1"}, LostLinks: 1}
		if diff := cmp.Diff(want, change); diff != "" {
			t.Errorf("preview (-want +got):\n%s", diff)
		}
		before := w.seq()
		f2, applied, err := w.app.ImportFramework(w.ctx, w.asManager(), v2)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, applied); diff != "" {
			t.Errorf("applied change (-want +got):\n%s", diff)
		}
		if f2.ID != f.ID || f2.Version != f.Version+1 || f2.Edition != "2" || f2.Requirements != 5 {
			t.Errorf("updated framework = %s v%d edition %s, %d requirements; want %s v%d, 2, 5", f2.ID, f2.Version, f2.Edition, f2.Requirements, f.ID, f.Version+1)
		}
		if got := w.seq() - before; got != 1 {
			t.Errorf("the update wrote %d audit events, want 1", got)
		}
		if got := w.requirement(f.ID, "S1.1"); got.ID != s11.ID || got.Title != "Personal named accounts" {
			t.Errorf("S1.1 = %s %q, want the same ID %s, retitled", got.ID, got.Title, s11.ID)
		}
		d := w.controlDetail(c)
		if len(d.Links) != 1 || d.Links[0].RequirementID != s11.ID {
			t.Errorf("links after the update = %+v, want the one to S1.1", d.Links)
		}
		if _, err := w.app.ResolveRequirement(w.ctx, w.asViewer(), "acme-suppliers", "S1.2"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("S1.2 after the update: %v, want not found", err)
		}
		if s22 := w.requirement(f.ID, "S2.2"); !strings.HasPrefix(string(s22.ID), "req_") || s22.GroupRef != "S2" || s22.Position != 5 {
			t.Errorf("S2.2 = %+v, want a req_ ID in group S2 at position 5", s22)
		}
		_, change, err = w.app.ImportFramework(w.ctx, w.asManager(), v2)
		if err != nil || !change.Unchanged || w.seq()-before != 1 {
			t.Errorf("the same file again = %v, unchanged %v, %d events; want unchanged and no event", err, change.Unchanged, w.seq()-before)
		}
	})
}

func TestMappingImportWithUnknownRefsStoresNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		sup, _, err := w.app.ImportFramework(w.ctx, w.asManager(), w.readFramework("suppliers.yaml", supplierV1))
		if err != nil {
			t.Fatal(err)
		}
		before := w.seq()
		m := &catalog.MappingFile{Name: "Suppliers to ISO", Entries: []catalog.MappingEntry{
			{SourceRef: "s1.1", TargetRef: "A.5.16", Relationship: isms.RelEqual, Line: 2},
			{SourceRef: "S9.9", TargetRef: "A.5.15", Relationship: isms.RelEqual, Line: 3},
			{SourceRef: "S2.1", TargetRef: "A.99.1", Relationship: isms.RelSubset, Line: 5},
		}}
		_, err = w.app.ImportMappings(w.ctx, w.asManager(), app.MappingImport{File: m, SourceFrameworkID: sup.ID, TargetFrameworkID: iso.ID})
		msg := isms.ErrorFields(err)["file"]
		if isms.ErrorCode(err) != isms.Invalid || !strings.Contains(msg, `line 3: source ref “S9.9” not in Acme supplier requirements`) ||
			!strings.Contains(msg, `line 5: target ref “A.99.1” not in ISO/IEC 27001`) || strings.Contains(msg, "line 2") {
			t.Errorf("ImportMappings = %v (file: %s), want invalid naming lines 3 and 5 only", err, msg)
		}
		if sets, _ := w.app.FindMappingSets(w.ctx, w.asViewer()); len(sets) != 0 || w.seq() != before {
			t.Errorf("after the failed import: %d sets, %d new events; want none", len(sets), w.seq()-before)
		}

		for i := range 25 {
			m.Entries = append(m.Entries, catalog.MappingEntry{SourceRef: "X", TargetRef: "A.5.1", Relationship: isms.RelEqual, Line: 10 + i})
		}
		_, err = w.app.ImportMappings(w.ctx, w.asManager(), app.MappingImport{File: m, SourceFrameworkID: sup.ID, TargetFrameworkID: iso.ID})
		if msg := isms.ErrorFields(err)["file"]; !strings.HasSuffix(msg, "and 7 more") {
			t.Errorf("27 problems: %s, want 20 listed and 7 more", msg)
		}

		skipped, err := w.app.ImportMappings(w.ctx, w.asManager(), app.MappingImport{File: &catalog.MappingFile{Name: "Skipping", Entries: m.Entries},
			SourceFrameworkID: sup.ID, TargetFrameworkID: iso.ID, SkipUnknown: true})
		if err != nil || skipped.Mappings != 1 || skipped.Skipped != 27 {
			t.Errorf("ImportMappings skipping unknown references = %+v, %v; want 1 mapping and 27 left out", skipped, err)
		}

		m.Entries = append(m.Entries[:1], m.Entries[0]) // a repeated pair counts once
		set, err := w.app.ImportMappings(w.ctx, w.asManager(), app.MappingImport{File: m, SourceFrameworkID: sup.ID, TargetFrameworkID: iso.ID})
		if err != nil || set.Mappings != 1 || set.Origin != isms.MappingImported {
			t.Errorf("ImportMappings = %+v, %v; want one imported mapping", set, err)
		}
	})
}

func TestFrameworkPermissions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for _, actor := range []isms.Actor{w.asViewer(), w.asContributor()} {
			if _, _, err := w.app.ImportBuiltinFramework(w.ctx, actor, "iso27001-2022"); isms.ErrorCode(err) != isms.Forbidden {
				t.Errorf("%s imports: %v, want forbidden", actor.Role, err)
			}
		}
		f := w.importBuiltin("iso27001-2022")
		for _, actor := range []isms.Actor{w.asViewer(), w.asContributor()} {
			if err := w.app.DeleteFramework(w.ctx, actor, f.ID); isms.ErrorCode(err) != isms.Forbidden {
				t.Errorf("%s deletes a framework: %v, want forbidden", actor.Role, err)
			}
			if _, err := w.app.ImportMappings(w.ctx, actor, app.MappingImport{File: &catalog.MappingFile{}}); isms.ErrorCode(err) != isms.Forbidden {
				t.Errorf("%s imports mappings: %v, want forbidden", actor.Role, err)
			}
		}
		if list, total, err := w.app.FindFrameworks(w.ctx, w.asViewer(), isms.FrameworkFilter{Limit: 10}); err != nil || total != 1 || len(list) != 1 {
			t.Errorf("viewer's FindFrameworks = %d of %d, %v; want the one", len(list), total, err)
		}
		employee := w.as(w.newMember(w.org, "Fay Employee", isms.RoleEmployee), isms.RoleEmployee)
		if _, err := w.app.FindFramework(w.ctx, employee, string(f.ID)); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("an employee reads a framework: %v, want forbidden", err)
		}
		if err := w.app.DeleteFramework(w.ctx, w.asAdmin(), f.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.FindFramework(w.ctx, w.asViewer(), "iso27001-2022"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("after delete: %v, want not found", err)
		}
	})
}

func TestFrameworksAreScopedToTheirOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		f := w.importBuiltin("iso27001-2022")
		req := w.requirement(f.ID, "A.5.15")
		other := w.asOther()
		if _, err := w.app.FindFramework(w.ctx, other, string(f.ID)); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("other organization reads acme's framework: %v, want not found", err)
		}
		if _, err := w.app.FindRequirement(w.ctx, other, req.ID); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("other organization reads acme's requirement: %v, want not found", err)
		}
		c, err := w.app.CreateControl(w.ctx, other, app.ControlInput{Title: "Globex control"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.LinkControl(w.ctx, other, c.ID, []isms.ID{req.ID}); isms.ErrorCode(err) != isms.Invalid {
			t.Errorf("linking to acme's requirement: %v, want invalid", err)
		}
		if _, err := w.app.LinkControl(w.ctx, w.asManager(), c.ID, []isms.ID{req.ID}); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("acme links globex's control: %v, want not found", err)
		}
		if list, _, _ := w.app.FindFrameworks(w.ctx, other, isms.FrameworkFilter{Limit: 10}); len(list) != 0 {
			t.Errorf("other organization lists %d frameworks, want 0", len(list))
		}
		own := w.importBuiltinAs(other, "iso27001-2022")
		if own.ID == f.ID {
			t.Errorf("both organizations share framework %s, want each its own copy", f.ID)
		}
	})
}

// importBuiltinAs imports a built-in framework as actor.
func (w *world) importBuiltinAs(actor isms.Actor, key string) *isms.Framework {
	w.t.Helper()
	f, _, err := w.app.ImportBuiltinFramework(w.ctx, actor, key)
	if err != nil {
		w.t.Fatalf("ImportBuiltinFramework(%s) = %v", key, err)
	}
	return f
}

// sharedData returns the folder of NIST's reference data, or skips the
// test when it is absent.
func sharedData(t testing.TB, sub string) string {
	t.Helper()
	dir := os.Getenv("ISMS_TEST_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	dir = filepath.Join(dir, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("NIST reference data %s is not available (%v); set ISMS_TEST_SHARED_DATA to the shared data folder", dir, err)
	}
	return dir
}

func TestNISTMappingComposedToISO2022(t *testing.T) {
	dir := sharedData(t, "")
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		data, err := os.ReadFile(filepath.Join(dir, "nist-800-53-rev5", "NIST_SP-800-53_rev5_catalog_5.0.1_2021-06-08.json"))
		if err != nil {
			t.Fatal(err)
		}
		fw, err := w.app.ReadFrameworkFile("NIST_SP-800-53_rev5_catalog_5.0.1_2021-06-08.json", data, catalog.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		nist, _, err := w.app.ImportFramework(w.ctx, w.asManager(), fw)
		if err != nil {
			t.Fatal(err)
		}
		csv, err := os.ReadFile(filepath.Join(dir, "mappings", "nist-sp800-53r5_to_iso27001-2013.csv"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := w.app.ReadMappingFile("nist-sp800-53r5_to_iso27001-2013.csv", csv)
		if err != nil {
			t.Fatal(err)
		}
		m.SourceKey, m.TargetKey = nist.Key, catalog.KeyISO2013
		m.Entries = nistMapped(m.Entries)
		composed, err := catalog.ComposeISO2022(m)
		if err != nil {
			t.Fatal(err)
		}
		set, err := w.app.ImportMappings(w.ctx, w.asManager(), app.MappingImport{File: composed, SourceFile: "nist-sp800-53r5_to_iso27001-2013.csv",
			SourceFrameworkID: nist.ID, TargetFrameworkID: iso.ID})
		if err != nil {
			t.Fatal(err)
		}
		if set.Mappings < 100 || set.SourceFrameworkID != nist.ID || set.TargetFrameworkID != iso.ID {
			t.Errorf("composed set = %+v, want NIST → ISO 2022 with more than 100 mappings", set)
		}
		_, page, _, err := w.app.FindMappingSet(w.ctx, w.asViewer(), set.ID, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range page {
			if !x.Composed || !strings.Contains(x.Via, "2013") {
				t.Errorf("mapping %s → %s: composed %v via %q, want composed through ISO 2013", x.SourceRef, x.TargetRef, x.Composed, x.Via)
				break
			}
		}
	})
}

// nistMapped keeps the rows of NIST's mapping that name one ISO/IEC
// 27001:2013 clause or Annex A control: NIST writes "---" for a withdrawn
// control and, in a few rows, two references or "A.12.x" in one cell.
func nistMapped(entries []catalog.MappingEntry) []catalog.MappingEntry {
	iso, _ := catalog.Builtin(catalog.KeyISO2013)
	known := map[string]bool{}
	for _, r := range iso.Requirements {
		known[r.Ref] = true
	}
	clause := regexp.MustCompile(`^(4|5|6|7|8|9|10)(\.[0-9]+)*$`)
	out := entries[:0:0]
	for _, e := range entries {
		if known[e.TargetRef] || clause.MatchString(e.TargetRef) {
			out = append(out, e)
		}
	}
	return out
}

func TestStagedFrameworkFileIsPreviewedThenApplied(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		store, err := blob.NewFS(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		a := app.New(db, app.Options{Now: w.clock.Now, Blobs: store})
		if _, err := a.StageFrameworkFile(w.ctx, w.asContributor(), "s.yaml", strings.NewReader(supplierV1)); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("contributor stages a file: %v, want forbidden", err)
		}
		st, err := a.StageFrameworkFile(w.ctx, w.asManager(), "s.yaml", strings.NewReader(supplierV1))
		if err != nil {
			t.Fatal(err)
		}
		if !st.Change.New || st.Requirements != 5 || st.Meta.Key != "acme-suppliers" || len(st.SHA256) != 64 {
			t.Errorf("staged = %+v, want a new framework of 5 requirements", st)
		}
		if _, err := a.FindFramework(w.ctx, w.asViewer(), "acme-suppliers"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("staging imported the framework: %v", err)
		}
		f, change, err := a.ApplyStagedFramework(w.ctx, w.asManager(), st.Name, st.SHA256)
		if err != nil || !change.New || f.Key != "acme-suppliers" || f.SourceFile != "s.yaml" {
			t.Errorf("ApplyStagedFramework = %+v, %+v, %v; want the new framework", f, change, err)
		}
		if _, _, err := a.ApplyStagedFramework(w.ctx, w.asManager(), "x.yaml", strings.Repeat("0", 64)); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("applying an unknown upload: %v, want not found", err)
		}
	})
}
