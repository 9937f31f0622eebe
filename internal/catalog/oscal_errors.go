// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// maxProblems caps how many problems one error lists.
const maxProblems = 20

// Problem is one thing wrong with a document: the file, where in it
// (line and column for YAML and XML, the JSON path of the value) and what.
type Problem struct {
	File    string
	Line    int    // 1-based; 0 when unknown
	Column  int    // 1-based; 0 when unknown
	Path    string // JSON pointer of the value, e.g. /catalog/groups/0/title
	Message string
}

// String renders the problem as "file:line:col: at /path: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString("at " + p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error is what Read, the Resolver and WriteCatalogJSON return for a
// document that is malformed, invalid or cannot be resolved. It unwraps
// to an isms.Invalid error carrying the same text.
type Error struct {
	Problems []Problem
	more     int // problems left off beyond maxProblems
}

func (e *Error) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	if e.more > 0 {
		lines = append(lines, fmt.Sprintf("(and %d more problems)", e.more))
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets callers treat the error as bad input (isms.Invalid).
func (e *Error) Unwrap() error {
	return &isms.Error{Code: isms.Invalid, Message: e.Error(), Fields: map[string]string{"file": e.Error()}}
}

// newError returns an *Error with one problem.
func newError(p Problem) *Error { return &Error{Problems: []Problem{p}} }

// errorf returns an *Error with one problem at file (and, if known, at a
// position and path).
func errorf(file string, at position, path, format string, args ...any) *Error {
	return newError(Problem{File: file, Line: at.line, Column: at.col, Path: path, Message: fmt.Sprintf(format, args...)})
}

// problems collects problems up to maxProblems.
type problems struct {
	list []Problem
	more int
	seen map[string]bool
}

func (ps *problems) add(p Problem) {
	s := p.String()
	if ps.seen[s] {
		return
	}
	if ps.seen == nil {
		ps.seen = map[string]bool{}
	}
	ps.seen[s] = true
	if len(ps.list) >= maxProblems {
		ps.more++
		return
	}
	ps.list = append(ps.list, p)
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &Error{Problems: ps.list, more: ps.more}
}

// position is a 1-based line and column in a source file.
type position struct{ line, col int }

// positions maps JSON pointers of values to where they start in a YAML or
// XML source; JSON sources have none.
type positions map[string]position

// at returns the position of path or of its nearest ancestor that has one.
func (ps positions) at(path string) position {
	for {
		if p, ok := ps[path]; ok {
			return p
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return position{}
		}
		path = path[:i]
	}
}

// pointer appends a token to a JSON pointer, escaping it.
func pointer(base, tok string) string {
	if strings.ContainsAny(tok, "~/") {
		tok = strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
	}
	return base + "/" + tok
}
