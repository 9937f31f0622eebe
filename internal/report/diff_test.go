// SPDX-License-Identifier: Apache-2.0

package report

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineDiff(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []DiffLine
	}{
		{"both empty", "", "", []DiffLine{}},
		{"all added", "", "a\nb\n", []DiffLine{{'+', "a", 0, 1}, {'+', "b", 0, 2}}},
		{"all removed", "a\nb", "", []DiffLine{{'-', "a", 1, 0}, {'-', "b", 2, 0}}},
		{"equal", "a\nb\n", "a\r\nb", []DiffLine{{' ', "a", 1, 1}, {' ', "b", 2, 2}}},
		{"one line changed", "# Policy\nold rule\nend\n", "# Policy\nnew rule\nend\n", []DiffLine{
			{' ', "# Policy", 1, 1}, {'-', "old rule", 2, 0}, {'+', "new rule", 0, 2}, {' ', "end", 3, 3},
		}},
		{"line inserted in the middle", "a\nb\nc", "a\nb\nx\nc", []DiffLine{
			{' ', "a", 1, 1}, {' ', "b", 2, 2}, {'+', "x", 0, 3}, {' ', "c", 3, 4},
		}},
		{"line removed at the start", "x\na\nb", "a\nb", []DiffLine{{'-', "x", 1, 0}, {' ', "a", 2, 1}, {' ', "b", 3, 2}}},
		{"blank lines count", "a\n\nb", "a\nb", []DiffLine{{' ', "a", 1, 1}, {'-', "", 2, 0}, {' ', "b", 3, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LineDiff(tt.a, tt.b)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("LineDiff (-want +got):\n%s", diff)
			}
		})
	}
}

// lcs is the length of the longest common subsequence, the slow way.
func lcs(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkScript verifies that d rebuilds a and b with consecutive line
// numbers and keeps as many lines as the longest common subsequence.
func checkScript(t *testing.T, a, b string, d []DiffLine) {
	t.Helper()
	al, bl := splitLines(a), splitLines(b)
	var gotA, gotB []string
	kept := 0
	for _, l := range d {
		switch l.Op {
		case ' ':
			kept++
			fallthrough
		case '-':
			gotA = append(gotA, l.Text)
			if l.OldLine != len(gotA) {
				t.Fatalf("old line number %d, want %d", l.OldLine, len(gotA))
			}
		}
		if l.Op == ' ' || l.Op == '+' {
			gotB = append(gotB, l.Text)
			if l.NewLine != len(gotB) {
				t.Fatalf("new line number %d, want %d", l.NewLine, len(gotB))
			}
		}
	}
	if strings.Join(al, "\n") != strings.Join(gotA, "\n") {
		t.Fatalf("old text not rebuilt: %q vs %q", al, gotA)
	}
	if strings.Join(bl, "\n") != strings.Join(gotB, "\n") {
		t.Fatalf("new text not rebuilt: %q vs %q", bl, gotB)
	}
	if want := lcs(al, bl); kept != want {
		t.Fatalf("kept %d lines, the longest common subsequence has %d\na=%q\nb=%q", kept, want, a, b)
	}
}

func TestLineDiffRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := func(n, alphabet int) string {
		lines := make([]string, n)
		for i := range lines {
			lines[i] = string(rune('a' + r.IntN(alphabet)))
		}
		return strings.Join(lines, "\n")
	}
	for i := 0; i < 3000; i++ {
		a, b := text(r.IntN(30), 1+r.IntN(6)), text(r.IntN(30), 1+r.IntN(6))
		checkScript(t, a, b, LineDiff(a, b))
	}
}

func TestLineDiffLarge(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 20000; i++ {
		line := strings.Repeat("x", i%7) + string(rune('a'+i%26))
		a.WriteString(line + "\n")
		if i%100 != 0 {
			b.WriteString(line + "\n")
		} else {
			b.WriteString("changed\n")
		}
	}
	d := LineDiff(a.String(), b.String())
	changed := 0
	for _, l := range d {
		if l.Op != ' ' {
			changed++
		}
	}
	if changed != 400 {
		t.Errorf("changed lines = %d, want 400 (200 removed, 200 added)", changed)
	}
}

func FuzzLineDiff(f *testing.F) {
	f.Add("a\nb\nc", "a\nc\nd")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 2000 || len(b) > 2000 {
			return
		}
		checkScript(t, a, b, LineDiff(a, b))
	})
}
