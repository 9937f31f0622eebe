// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// The rules list of docs/readiness.md lies between these markers and is
// generated from isms.ReadinessRules; -update rewrites it.
const (
	readinessDoc      = "../../docs/readiness.md"
	rulesBeginMarker  = "<!-- rules: generated from isms.ReadinessRules() by TestReadinessRulesDocumented; run it with -update -->"
	rulesEndMarker    = "<!-- end of rules -->"
	rulesClauseHeader = "| Rule | Clause | Severity | What it checks |\n|---|---|---|---|\n"
)

// TestReadinessRulesDocumented checks that the rules list of
// docs/readiness.md is the list isms.ReadinessRules returns: every rule's
// ID, clause, severity and Checks text, grouped by the clause it scores
// toward, in the check's order.
func TestReadinessRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile(readinessDoc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	begin, end := strings.Index(text, rulesBeginMarker), strings.Index(text, rulesEndMarker)
	if begin < 0 || end < begin {
		t.Fatalf("%s lacks the rules markers %q and %q", readinessDoc, rulesBeginMarker, rulesEndMarker)
	}
	begin += len(rulesBeginMarker)
	want := "\n" + readinessRulesMarkdown(isms.ReadinessRules()) + "\n"
	if *update {
		if err := os.WriteFile(filepath.Clean(readinessDoc), []byte(text[:begin]+want+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, text[begin:end]); diff != "" {
		t.Errorf("the rules list of %s is out of date; run this test with -update (-doc +rules):\n%s", readinessDoc, diff)
	}
}

// readinessRulesMarkdown writes rules as the documentation lists them:
// one table per score clause that has rules, headed by the clause.
func readinessRulesMarkdown(rules []isms.Rule) string {
	byClause := map[string][]isms.Rule{}
	for _, r := range rules {
		c := isms.ScoreClause(r.Clause)
		byClause[c] = append(byClause[c], r)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d rules in all.\n", len(rules))
	for _, c := range isms.ScoreClauses() {
		list := byClause[c.Number]
		if len(list) == 0 {
			continue
		}
		heading := c.Number + " " + c.Title
		if c.Number == isms.AnnexAClause {
			heading = c.Title
		}
		fmt.Fprintf(&b, "\n#### %s\n\n%s", heading, rulesClauseHeader)
		for _, r := range list {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, r.Clause, r.Severity.Label(), strings.ReplaceAll(r.Checks, "|", `\|`))
		}
	}
	return b.String()
}
