// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func init() { extraCommands = append(extraCommands, newCheckCmd) }

// usageError is a command called wrongly (a bad flag or value): exit
// status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// blockersError is what "isms check" returns when it found blockers,
// after printing its report: exit status 1, so that it can gate CI.
type blockersError struct{ n int }

func (e blockersError) Error() string {
	if e.n == 1 {
		return "the readiness check found 1 blocker"
	}
	return fmt.Sprintf("the readiness check found %d blockers", e.n)
}

// ExitCode returns the exit status of a command that returned err: 0
// when err is nil, 2 when the command was called wrongly, 1 otherwise
// (such as blockers found by "isms check").
func ExitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}

// checkFormats are the output formats of "isms check".
var checkFormats = []string{"text", "json", "junit"}

func newCheckCmd(ce *cmdEnv) *cobra.Command {
	var org, format, severity, clause string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Run the readiness check: what a certification auditor would find today",
		Long: `check runs every readiness rule over the organization's registers and prints
the score, the count of blockers, warnings and hints, and each finding with
the page that fixes it. The day's result is kept for the trend.

--severity and --clause narrow the findings printed (the score always covers
every rule): --clause takes a clause (6.1), a sub-clause (6.1.2), A for
Annex A or a control (A.8.15). --format json prints the same object as
GET /api/v1/readiness; --format junit prints a JUnit XML report, one test
suite per clause and one test case per rule.

The exit status is 1 when a blocker is among the findings printed, so the
command can gate a pipeline; 2 when it is called wrongly; 0 otherwise.`,
		Example: `  isms check
  isms check --org acme --severity blocker
  isms check --clause 6.1 --format json
  isms check --format junit > readiness.xml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("check takes no arguments, got %q", args)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			f := app.ReadinessFilter{Severity: isms.Severity(severity), Clause: strings.TrimSpace(clause)}
			if !slices.Contains(checkFormats, format) {
				return usageError{fmt.Errorf("--format %q: use %s", format, strings.Join(checkFormats, ", "))}
			}
			if err := f.Validate(); err != nil {
				return usageError{cliError(err)}
			}
			ctx := cmd.Context()
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				r, err := a.Check(ctx, sys, f)
				if err != nil {
					return cliError(err)
				}
				return writeCheck(ce.Stdout, format, r, f)
			})
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	fl := cmd.Flags()
	fl.StringVar(&org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&format, "format", "text", "output format: "+strings.Join(checkFormats, ", "))
	fl.StringVar(&severity, "severity", "", "only findings of this severity: blocker, warning or hint")
	fl.StringVar(&clause, "clause", "", "only findings of this clause, such as 4.3, 6.1, 6.1.2, A or A.8.15")
	return cmd
}

// writeCheck prints r in format and returns a blockersError when its
// findings hold blockers.
func writeCheck(w io.Writer, format string, r *isms.Readiness, f app.ReadinessFilter) error {
	var err error
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		err = enc.Encode(r)
	case "junit":
		err = writeCheckJUnit(w, r, isms.ReadinessRules(), f)
	default:
		err = writeCheckText(w, r, f)
	}
	if err != nil {
		return err
	}
	if n := countSeverity(r.Findings, isms.SeverityBlocker); n > 0 {
		return blockersError{n}
	}
	return nil
}

// countSeverity counts the findings of severity s.
func countSeverity(fs []isms.Finding, s isms.Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// checkWidth is the width of the text report: an 80-column terminal.
const checkWidth = 80

// checkRecords is how many records the text report lists per finding.
const checkRecords = 5

// writeCheckText prints the report for people: a header with the score
// and the counts of the whole check, then the findings that pass f
// grouped by clause.
func writeCheckText(w io.Writer, r *isms.Readiness, f app.ReadinessFilter) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Readiness %d/100: %s, %s, %s\n", r.Score, plural(r.Blockers, "blocker"), plural(r.Warnings, "warning"),
		plural(r.Hints, "hint"))
	fmt.Fprintf(&b, "%s checked on %s for a %s organization\n", plural(r.Rules, "rule"), r.At.UTC().Format("2006-01-02 15:04 MST"), r.Size)
	if f != (app.ReadinessFilter{}) {
		fmt.Fprintf(&b, "Showing %s%s%s\n", plural(len(r.Findings), "finding"), prefixed(" of severity ", string(f.Severity)),
			prefixed(" in clause ", f.Clause))
	}
	if len(r.Findings) == 0 {
		b.WriteString("\nNo findings.\n")
	}
	group := ""
	for _, f := range r.Findings {
		if c := isms.ScoreClause(f.Clause); c != group {
			group = c
			b.WriteString("\n" + clauseHeading(r, c) + "\n")
		}
		writeFindingText(&b, f)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// clauseHeading is the heading of score clause c in the text report:
// "4.3 Scope (40/100)".
func clauseHeading(r *isms.Readiness, c string) string {
	for _, s := range r.Clauses {
		if s.Clause == c {
			return fmt.Sprintf("%s %s (%d/100)", s.Clause, s.Title, s.Score)
		}
	}
	return c
}

// writeFindingText prints one finding: "[BLOCKER] 4.3 scope.approved —
// message", its page and up to checkRecords records.
func writeFindingText(b *strings.Builder, f isms.Finding) {
	head := fmt.Sprintf("[%s] %s %s — ", strings.ToUpper(string(f.Severity)), f.Clause, f.Rule)
	b.WriteString(wrapText(head+f.Message, checkWidth, "    "))
	if f.Fix != "" {
		b.WriteString("  fix: " + f.Fix + "\n")
	}
	for i, rec := range f.Records {
		if i == checkRecords {
			break
		}
		b.WriteString(clip("  - "+rec.Label(), checkWidth) + "\n")
	}
	if more := max(0, len(f.Records)-checkRecords) + f.More; more > 0 {
		fmt.Fprintf(b, "  … and %d more\n", more)
	}
}

// wrapText breaks s into lines of at most width runes at spaces, the
// lines after the first starting with indent, each ending in a newline.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		n := len([]rune(word))
		switch {
		case i == 0:
		case line+1+n > width:
			b.WriteString("\n" + indent)
			line = len([]rune(indent))
		default:
			b.WriteString(" ")
			line++
		}
		b.WriteString(word)
		line += n
	}
	return b.String() + "\n"
}

// clip shortens s to width runes, ending it with "…" when cut.
func clip(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	return string(r[:width-1]) + "…"
}

// prefixed returns prefix and s, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// junitSuites is a JUnit XML report.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// junitSuite is the test suite of one score clause.
type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

// junitCase is the test case of one rule: failed when it found a blocker
// or a warning; a hint goes to its standard output; skipped when the rule
// had nothing to check yet.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// junitSkipped marks a rule with nothing to check yet.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// writeCheckJUnit prints r as a JUnit XML report: one test suite per
// score clause the filter f can match, one test case per rule of rules
// that f lets through.
func writeCheckJUnit(w io.Writer, r *isms.Readiness, rules []isms.Rule, f app.ReadinessFilter) error {
	found := map[string][]isms.Finding{}
	for _, x := range r.Findings {
		found[x.Rule] = append(found[x.Rule], x)
	}
	rep := junitSuites{Name: "isms readiness"}
	for _, c := range r.Clauses {
		if f.Clause != "" && f.Clause != c.Clause && isms.ScoreClause(f.Clause) != c.Clause {
			continue
		}
		s := junitSuite{Name: c.Clause + " " + c.Title, Timestamp: r.At.UTC().Format(time.RFC3339), Cases: []junitCase{}}
		for _, rule := range rules {
			probe := isms.Finding{Clause: rule.Clause, Severity: rule.Severity}
			if isms.ScoreClause(rule.Clause) != c.Clause || len(found[rule.ID]) == 0 && !f.Matches(probe) {
				continue
			}
			tc := junitCaseOf(rule, found[rule.ID])
			if slices.Contains(r.NotApplicable, rule.ID) {
				tc.Skipped = &junitSkipped{Message: "nothing to check yet"}
				s.Skipped++
			}
			if tc.Failure != nil {
				s.Failures++
			}
			s.Cases = append(s.Cases, tc)
		}
		s.Tests = len(s.Cases)
		rep.Tests, rep.Failures, rep.Skipped = rep.Tests+s.Tests, rep.Failures+s.Failures, rep.Skipped+s.Skipped
		rep.Suites = append(rep.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitCaseOf is the test case of rule with its findings.
func junitCaseOf(rule isms.Rule, findings []isms.Finding) junitCase {
	tc := junitCase{Name: rule.ID, Classname: rule.Clause}
	if len(findings) == 0 {
		return tc
	}
	var text strings.Builder
	for _, x := range findings {
		fmt.Fprintf(&text, "%s: %s\n", x.Clause, x.Message)
		if x.Fix != "" {
			fmt.Fprintf(&text, "fix: %s\n", x.Fix)
		}
		for _, rec := range x.Records {
			fmt.Fprintf(&text, "- %s\n", rec.Label())
		}
		if x.More > 0 {
			fmt.Fprintf(&text, "… and %d more\n", x.More)
		}
	}
	if rule.Severity == isms.SeverityHint {
		tc.SystemOut = text.String()
		return tc
	}
	tc.Failure = &junitFailure{Type: string(rule.Severity), Message: findings[0].Message, Text: text.String()}
	return tc
}
