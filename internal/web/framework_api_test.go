// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// apiFrameworkImport is the JSON of POST /api/v1/frameworks.
type apiFrameworkImport struct {
	Framework    isms.Framework       `json:"framework"`
	Requirements int                  `json:"requirements"`
	Stored       bool                 `json:"stored"`
	Change       isms.FrameworkChange `json:"change"`
}

func TestAPIFrameworks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		globex, globexAdmin := f.h.org("globex") // whose token must not see acme's records
		mgr := f.h.token(f.users[isms.RoleManager], f.org, isms.ScopeReadWrite)
		viewer := f.h.token(f.users[isms.RoleViewer], f.org, isms.ScopeReadWrite)

		var imp apiFrameworkImport
		apiUpload(t, mgr, "POST", "/api/v1/frameworks?name=supplier.yaml&preview=true", "application/octet-stream", []byte(supplierYAML), 200, &imp)
		if imp.Stored || !imp.Change.New || imp.Requirements != 5 || imp.Framework.Key != "acme-supplier" {
			t.Errorf("preview = %+v", imp)
		}
		if n := f.frameworks(t); n != 0 {
			t.Fatalf("after a preview: %d frameworks, want 0", n)
		}
		apiUpload(t, mgr, "POST", "/api/v1/frameworks?name=supplier.yaml&preview=true&key=acme-suppliers-2", "application/octet-stream", []byte(supplierYAML), 200, &imp)
		if imp.Framework.Key != "acme-suppliers-2" {
			t.Errorf("preview with ?key= = key %q, want acme-suppliers-2", imp.Framework.Key)
		}
		apiUpload(t, viewer, "POST", "/api/v1/frameworks?name=supplier.yaml", "application/octet-stream", []byte(supplierYAML), 403, nil)
		var e apiError
		apiUpload(t, mgr, "POST", "/api/v1/frameworks?name=broken.yaml", "application/octet-stream", []byte(brokenYAML), 422, &e)
		if strings.Count(e.Error.Message, "broken.yaml:") < 3 {
			t.Errorf("the error of a broken file does not list every problem: %q", e.Error.Message)
		}
		apiUpload(t, mgr, "POST", "/api/v1/frameworks", "application/octet-stream", []byte(supplierYAML), 422, &e)
		if e.Error.Fields["name"] == "" {
			t.Errorf("an upload without a name or a telling Content-Type: %+v", e)
		}

		apiUpload(t, mgr, "POST", "/api/v1/frameworks", "application/yaml", []byte(supplierYAML), 200, &imp)
		if !imp.Stored || imp.Framework.ID == "" || imp.Framework.Requirements != 5 {
			t.Errorf("import = %+v", imp)
		}
		id := string(imp.Framework.ID)
		apiUpload(t, mgr, "POST", "/api/v1/frameworks?name=supplier.yaml", "application/octet-stream", []byte(supplierYAML), 200, &imp)
		if imp.Stored || !imp.Change.Unchanged {
			t.Errorf("the same file again = %+v, want unchanged and not stored", imp)
		}
		apiUpload(t, mgr, "POST", "/api/v1/frameworks?name=supplier.yaml&preview=true", "application/octet-stream", []byte(supplierYAML2), 200, &imp)
		if len(imp.Change.Added) != 1 || len(imp.Change.Removed) != 1 || len(imp.Change.Retitled) != 1 {
			t.Errorf("preview of the next edition = %+v", imp.Change)
		}

		var list apiPage[isms.Framework]
		apiCall(t, viewer, "GET", "/api/v1/frameworks?q=supplier&sort=-name&limit=5", nil, 200, &list)
		if list.Total != 1 || string(list.Items[0].ID) != id {
			t.Errorf("GET /api/v1/frameworks = %+v", list)
		}
		apiCallErr(t, viewer, "GET", "/api/v1/frameworks?sort=colour", nil, 422)
		var fw isms.Framework
		apiCall(t, viewer, "GET", "/api/v1/frameworks/acme-supplier", nil, 200, &fw)
		if string(fw.ID) != id {
			t.Errorf("GET by key = %+v", fw)
		}

		var reqs apiPage[struct {
			isms.Requirement
			Coverage isms.Coverage `json:"coverage"`
			Controls int           `json:"controls"`
		}]
		apiCall(t, viewer, "GET", "/api/v1/frameworks/"+id+"/requirements", nil, 200, &reqs)
		if reqs.Total != 5 || reqs.Items[1].Ref != "GOV-1" || reqs.Items[1].Coverage != isms.NotCovered {
			t.Errorf("requirements = %+v", reqs)
		}
		apiCall(t, viewer, "GET", "/api/v1/frameworks/"+id+"/requirements?kind=group&assessable=false", nil, 200, &reqs)
		if reqs.Total != 2 {
			t.Errorf("groups = %+v, want GOV and OPS", reqs)
		}
		apiCallErr(t, viewer, "GET", "/api/v1/frameworks/"+id+"/requirements?kind=chapter&attr=x", nil, 422)

		var detail struct {
			Requirement isms.Requirement  `json:"requirement"`
			Framework   isms.Framework    `json:"framework"`
			Parent      *isms.Requirement `json:"parent"`
		}
		apiCall(t, viewer, "GET", "/api/v1/requirements/"+string(reqs.Items[0].ID), nil, 200, &detail)
		if detail.Requirement.Ref != "GOV" || string(detail.Framework.ID) != id || detail.Parent != nil {
			t.Errorf("GET requirement = %+v", detail)
		}

		for _, format := range []string{"yaml", "csv", "oscal"} {
			resp := viewer.get("/api/v1/frameworks/" + id + "/export?format=" + format)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("export %s = %d\n%s", format, resp.StatusCode, b)
			}
			// The document's validator reads any declared application/json
			// as the body's only type, so it checks the OSCAL export alone.
			if ct := resp.Header.Get("Content-Type"); format != "oscal" && !strings.HasPrefix(ct, map[string]string{"yaml": "application/yaml", "csv": "text/csv"}[format]) {
				t.Errorf("export %s: Content-Type %q", format, ct)
			} else if err := spec(t, f.h).validate("GET", "/api/v1/frameworks/"+id+"/export", 200, ct, b); format == "oscal" && err != nil {
				t.Errorf("export %s: %v", format, err)
			}
			if _, err := catalog.ReadFramework("export."+map[string]string{"yaml": "yaml", "csv": "csv", "oscal": "json"}[format], b, catalog.ReadOptions{}); err != nil {
				t.Errorf("export %s does not read back: %v", format, err)
			}
		}

		other := f.h.token(globexAdmin, globex, isms.ScopeReadWrite)
		apiCallErr(t, other, "GET", "/api/v1/frameworks/"+id, nil, 404)
		apiCallErr(t, other, "GET", "/api/v1/requirements/"+string(reqs.Items[0].ID), nil, 404)
		apiCallErr(t, other, "DELETE", "/api/v1/frameworks/"+id, nil, 404)

		apiCallErr(t, viewer, "DELETE", "/api/v1/frameworks/"+id, nil, 403)
		apiCall(t, mgr, "DELETE", "/api/v1/frameworks/"+id, nil, 204, nil)
		apiCallErr(t, viewer, "GET", "/api/v1/frameworks/"+id, nil, 404)
	})
}

func TestAPIMappingSets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFrameworkFixture(t, db)
		ctx := context.Background()
		for _, key := range []string{"iso27001-2022", "iso27001-2013"} {
			if _, _, err := f.h.app.ImportBuiltinFramework(ctx, f.sys(), key); err != nil {
				t.Fatal(err)
			}
		}
		mgr := f.h.token(f.users[isms.RoleManager], f.org, isms.ScopeReadWrite)
		var sets apiPage[isms.MappingSet]
		apiCall(t, mgr, "GET", "/api/v1/mapping-sets", nil, 200, &sets)
		if sets.Total != 1 || sets.Items[0].Origin != isms.MappingBuiltin || sets.Items[0].Mappings < 114 {
			t.Fatalf("mapping sets after adding both editions = %+v", sets)
		}
		var one struct {
			Set      isms.MappingSet       `json:"set"`
			Mappings apiPage[isms.Mapping] `json:"mappings"`
		}
		apiCall(t, mgr, "GET", "/api/v1/mapping-sets/"+string(sets.Items[0].ID)+"?limit=10&offset=10", nil, 200, &one)
		if len(one.Mappings.Items) != 10 || one.Mappings.Total != sets.Items[0].Mappings {
			t.Errorf("a page of the built-in set = %d items of %d", len(one.Mappings.Items), one.Mappings.Total)
		}

		bad := "source_ref,target_ref,relationship,strength,rationale\nA.9.2.5,A.5.18,subset,,\nA.99.1,A.5.18,equal,,\n"
		e := apiCallErrUpload(t, mgr, "/api/v1/mapping-sets?name=bad.csv&source=iso27001-2013&target=iso27001-2022", "text/csv", bad, 422)
		if !strings.Contains(e.Error.Message+strings.Join(values(e.Error.Fields), " "), "A.99.1") {
			t.Errorf("the error does not name the unknown reference: %+v", e)
		}
		apiCallErrUpload(t, mgr, "/api/v1/mapping-sets?name=x.csv&source=nist-800-53", "text/csv", bad, 422)
		var set isms.MappingSet
		apiUpload(t, mgr, "POST", "/api/v1/mapping-sets?source=iso27001-2013&target=iso27001-2022", "application/yaml", []byte(authzMappingYAML), 201, &set)
		if set.Mappings != 1 || set.Name != "Access reviews" {
			t.Errorf("imported set = %+v", set)
		}
		apiCall(t, mgr, "DELETE", "/api/v1/mapping-sets/"+string(set.ID), nil, 204, nil)
		apiCallErr(t, mgr, "GET", "/api/v1/mapping-sets/"+string(set.ID), nil, 404)
	})
}

// apiCallErrUpload sends a raw upload that must fail with status want.
func apiCallErrUpload(t *testing.T, c *client, path, contentType, content string, want int) apiError {
	t.Helper()
	var e apiError
	apiUpload(t, c, "POST", path, contentType, []byte(content), want, &e)
	return e
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
