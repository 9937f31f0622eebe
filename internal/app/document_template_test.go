// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/report"
)

// clauseRE matches a clause of ISO/IEC 27001 (4.1 to 10.2, with
// sub-clauses) or a control of its Annex A (A.5.1 to A.8.34).
var clauseRE = regexp.MustCompile(`^(?:(?:[4-9]|10)\.\d(?:\.\d)?|A\.(?:5\.(?:[1-9]|[12]\d|3[0-7])|6\.[1-8]|7\.(?:[1-9]|1[0-4])|8\.(?:[1-9]|[12]\d|3[0-4])))$`)

func TestDocumentTemplates(t *testing.T) {
	iso, ok := catalog.Builtin(catalog.KeyISO2022)
	if !ok {
		t.Fatal("no built-in ISO/IEC 27001:2022")
	}
	refs := map[string]bool{}
	for _, r := range iso.Requirements {
		refs[r.Ref] = true
	}
	tpls := app.DocumentTemplates()
	if len(tpls) < 17 {
		t.Errorf("%d templates, want at least 17", len(tpls))
	}
	keys, titles := map[string]bool{}, map[string]bool{}
	for _, tpl := range tpls {
		if tpl.Key == "" || keys[tpl.Key] || titles[tpl.Title] {
			t.Errorf("template key %q or title %q is empty or repeated", tpl.Key, tpl.Title)
		}
		keys[tpl.Key], titles[tpl.Title] = true, true
		if !tpl.Type.Valid() {
			t.Errorf("%s: type %q", tpl.Key, tpl.Type)
		}
		if len(tpl.Clauses) == 0 {
			t.Errorf("%s: serves no clause", tpl.Key)
		}
		for _, c := range tpl.Clauses {
			if !clauseRE.MatchString(c) || !refs[c] {
				t.Errorf("%s: %q is not a clause or Annex A control of ISO/IEC 27001:2022", tpl.Key, c)
			}
		}
		html := report.MarkdownHTML(tpl.Body)
		for _, want := range []string{"<h1>" + tpl.Title + "</h1>", "<h2>Purpose</h2>", "<h2>Scope</h2>",
			"<h2>Roles and responsibilities</h2>", "<h2>Review</h2>", "<em>"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: rendered body lacks %q", tpl.Key, want)
			}
		}
		if strings.Count(html, "<h2>") < 7 {
			t.Errorf("%s: only %d sections", tpl.Key, strings.Count(html, "<h2>"))
		}
		for _, c := range tpl.Clauses {
			if !strings.Contains(tpl.Body, c) {
				t.Errorf("%s: body does not name clause %s", tpl.Key, c)
			}
		}
	}
	for _, required := range []string{"security-policy", "isms-scope", "risk-process", "soa-procedure", "objectives",
		"competence-awareness", "document-control", "operational-planning", "monitoring", "internal-audit",
		"management-review", "corrective-action", "acceptable-use", "access-control", "incident-response",
		"supplier-security", "backup"} {
		if !keys[required] {
			t.Errorf("no template %q", required)
		}
	}
	// Each call returns its own copies.
	tpls[0].Clauses[0] = "changed"
	if app.DocumentTemplates()[0].Clauses[0] == "changed" {
		t.Errorf("templates share their clause lists with callers")
	}
}

func TestClauseRE(t *testing.T) {
	for c, want := range map[string]bool{
		"4.1": true, "5.2": true, "6.1.2": true, "9.3.1": true, "10.2": true, "A.5.1": true, "A.5.37": true,
		"A.6.8": true, "A.7.14": true, "A.8.34": true,
		"3.1": false, "11.1": false, "A.5.38": false, "A.8.35": false, "A.9.1": false, "5": false, "A.5": false,
	} {
		if clauseRE.MatchString(c) != want {
			t.Errorf("clauseRE(%q) = %v", c, !want)
		}
	}
}
