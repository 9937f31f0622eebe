// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for frameworks,
// requirements and mapping sets. Readers of the ISMS (auditors and viewers
// too) read them; administrators and ISMS managers import and delete them;
// editors of controls (contributors too) link controls to requirements;
// employees do none of it.
func init() {
	for pattern, row := range frameworkAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzFrameworks)
	authzTargetIDs[targetFramework] = func(f *authzFixture, x authzWho) string { return string(f.ids["fw-2022"]) }
	authzTargetIDs[targetRequirement] = func(f *authzFixture, x authzWho) string { return string(f.ids["fw-requirement"]) }
	authzTargetIDs[targetMappingSet] = func(f *authzFixture, x authzWho) string { return string(f.ids["fw-mapping-set"]) }
}

// The targets of these rows, all in A.
const (
	targetFramework   authzTarget = 100 + iota // the built-in ISO/IEC 27001:2022
	targetRequirement                          // its A.5.15
	targetMappingSet                           // the built-in 2013 → 2022 mapping set
)

const (
	readFrameworks   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readFramework    = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manageFrameworks = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageFramework  = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
)

var frameworkAuthzRows = map[string]authzRow{
	"GET /frameworks": {cells: readFrameworks},
	"POST /frameworks/builtin": {cells: manageFrameworks, note: "A and B hold it already: nothing changes, and the answer is the redirect",
		body: func(f *authzFixture, x authzWho) any { return url.Values{"key": {"iso27001-2022"}} }},
	"GET /frameworks/import": {cells: manageFrameworks},
	"POST /frameworks/import": {cells: manageFrameworks, note: "the preview: the file is stored and read, nothing imported",
		upload: func(f *authzFixture, x authzWho) (string, []byte) {
			return multipartBody(nil, "supplier.yaml", authzFrameworkYAML)
		}},
	"POST /frameworks/import/apply": {cells: manageFrameworks, prep: authzStageFramework, body: authzApplyForm},
	"GET /frameworks/{id}":          {cells: readFramework, id: targetFramework},
	"GET /frameworks/{id}/export":   {cells: readFramework, id: targetFramework},
	"POST /frameworks/{id}/delete":  {cells: manageFramework, id: targetFramework},
	"GET /requirements/{id}":        {cells: readFramework, id: targetRequirement},
	"POST /requirements/{id}/controls": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetRequirement,
		body: func(f *authzFixture, x authzWho) any { return url.Values{"control": {string(f.ids["fw-control"])}} }},
	"GET /mappings": {cells: readFrameworks},
	"POST /mappings/import": {cells: manageFrameworks, note: "the file names the frameworks by key: other imports into B's own",
		upload: func(f *authzFixture, x authzWho) (string, []byte) {
			return multipartBody(nil, "access.yaml", authzMappingYAML)
		}},
	"GET /mappings/{id}":         {cells: readFramework, id: targetMappingSet},
	"POST /mappings/{id}/delete": {cells: manageFramework, id: targetMappingSet},

	"GET /api/v1/frameworks": {cells: readFrameworks},
	"POST /api/v1/frameworks": {cells: manageFrameworks, upload: func(f *authzFixture, x authzWho) (string, []byte) {
		return "application/yaml", []byte(authzFrameworkYAML)
	}},
	"GET /api/v1/frameworks/{id}":              {cells: readFramework, id: targetFramework},
	"GET /api/v1/frameworks/{id}/requirements": {cells: readFramework, id: targetFramework},
	"GET /api/v1/frameworks/{id}/export":       {cells: readFramework, id: targetFramework},
	"DELETE /api/v1/frameworks/{id}":           {cells: manageFramework, id: targetFramework},
	"GET /api/v1/requirements/{id}":            {cells: readFramework, id: targetRequirement},
	"GET /api/v1/mapping-sets":                 {cells: readFrameworks},
	"POST /api/v1/mapping-sets": {cells: manageFrameworks, upload: func(f *authzFixture, x authzWho) (string, []byte) {
		return "application/yaml", []byte(authzMappingYAML)
	}},
	"GET /api/v1/mapping-sets/{id}":    {cells: readFramework, id: targetMappingSet},
	"DELETE /api/v1/mapping-sets/{id}": {cells: manageFramework, id: targetMappingSet},
}

// authzFrameworkYAML is a small framework in our YAML format.
const authzFrameworkYAML = `framework:
  key: acme-supplier-2025
  name: ACME supplier security requirements
  edition: "2025"
requirements:
  - ref: GOV
    title: Governance
    children:
      - ref: GOV-1
        title: Security policy
`

// authzMappingYAML maps one ISO/IEC 27001:2013 control to 2022, in our
// YAML mapping format.
const authzMappingYAML = `mapping:
  name: Access reviews
  source: iso27001-2013
  target: iso27001-2022
entries:
  - {source: A.9.2.5, target: A.5.18, relationship: subset}
`

// newAuthzFrameworks adds both built-in ISO/IEC 27001 editions (and so
// the built-in mapping set) to A and B, and a control to A.
func newAuthzFrameworks(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx := context.Background()
	for _, org := range []*isms.Organization{w.a, w.b} {
		sys := isms.SystemActor(org.ID)
		for _, key := range []string{"iso27001-2022", "iso27001-2013"} {
			fw, _, err := h.app.ImportBuiltinFramework(ctx, sys, key)
			if err != nil {
				h.t.Fatalf("ImportBuiltinFramework(%s): %v", key, err)
			}
			if org == w.a && key == "iso27001-2022" {
				w.ids["fw-2022"] = fw.ID
			}
		}
	}
	sysA := isms.SystemActor(w.a.ID)
	req, err := h.app.ResolveRequirement(ctx, sysA, "iso27001-2022", "A.5.15")
	if err != nil {
		h.t.Fatalf("ResolveRequirement(A.5.15): %v", err)
	}
	sets, err := h.app.FindMappingSets(ctx, sysA)
	if err != nil || len(sets) == 0 {
		h.t.Fatalf("FindMappingSets = %d sets, %v; want the built-in one", len(sets), err)
	}
	c, err := h.app.CreateControl(ctx, sysA, app.ControlInput{Title: "Access control policy", Status: "planned"})
	if err != nil {
		h.t.Fatalf("CreateControl: %v", err)
	}
	w.ids["fw-requirement"], w.ids["fw-mapping-set"], w.ids["fw-control"] = req.ID, sets[0].ID, c.ID
}

// authzStageFramework stores authzFrameworkYAML as an upload to apply.
func authzStageFramework(f *authzFixture) {
	f.h.t.Helper()
	if _, err := f.h.app.StageFrameworkFile(context.Background(), isms.SystemActor(f.a.ID), "supplier.yaml",
		strings.NewReader(authzFrameworkYAML)); err != nil {
		f.h.t.Fatalf("StageFrameworkFile: %v", err)
	}
}

func authzApplyForm(f *authzFixture, x authzWho) any {
	sum := sha256.Sum256([]byte(authzFrameworkYAML))
	return url.Values{"name": {"supplier.yaml"}, "sha256": {hex.EncodeToString(sum[:])}}
}
