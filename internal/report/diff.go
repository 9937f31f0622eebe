// SPDX-License-Identifier: Apache-2.0

package report

import "strings"

// DiffLine is one line of a line-by-line comparison: unchanged (' '),
// only in the old text ('-') or only in the new one ('+'), with its line
// number in each text it is in (0 where it is not).
type DiffLine struct {
	Op      byte   `json:"op"`
	Text    string `json:"text"`
	OldLine int    `json:"oldLine,omitempty"`
	NewLine int    `json:"newLine,omitempty"`
}

// LineDiff compares two texts line by line and returns a shortest edit
// script (Myers' algorithm in linear space): every line of a and b once,
// in order, removals before the additions that replace them. Line ends
// may be "\n" or "\r\n"; a final line end does not make an empty line.
func LineDiff(a, b string) []DiffLine {
	al, bl := splitLines(a), splitLines(b)
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{a: intern(al), b: intern(bl)}
	d.diff(0, len(al), 0, len(bl))
	out := make([]DiffLine, len(d.ops))
	for i, op := range d.ops {
		l := DiffLine{Op: op.op}
		if op.op != '+' {
			l.Text, l.OldLine = al[op.i], op.i+1
		}
		if op.op != '-' {
			l.Text, l.NewLine = bl[op.j], op.j+1
		}
		out[i] = l
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	return strings.Split(s, "\n")
}

// differ builds the edit script of a against b (lines as interned IDs).
type differ struct {
	a, b []int
	ops  []diffOp
}

// diffOp is one step of the script: i indexes a, j indexes b.
type diffOp struct {
	op   byte
	i, j int
}

// diff appends the script for a[a0:a1] against b[b0:b1].
func (d *differ) diff(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.ops = append(d.ops, diffOp{' ', a0, b0})
		a0, b0 = a0+1, b0+1
	}
	suffix := 0
	for a1-suffix > a0 && b1-suffix > b0 && d.a[a1-suffix-1] == d.b[b1-suffix-1] {
		suffix++
	}
	a1, b1 = a1-suffix, b1-suffix
	switch x, y, ok := d.bisect(a0, a1, b0, b1); {
	case a0 == a1 || b0 == b1 || !ok:
		for i := a0; i < a1; i++ {
			d.ops = append(d.ops, diffOp{'-', i, 0})
		}
		for j := b0; j < b1; j++ {
			d.ops = append(d.ops, diffOp{'+', 0, j})
		}
	default:
		d.diff(a0, x, b0, y)
		d.diff(x, a1, y, b1)
	}
	for k := 0; k < suffix; k++ {
		d.ops = append(d.ops, diffOp{' ', a1 + k, b1 + k})
	}
}

// bisect finds where a shortest path through a[a0:a1] and b[b0:b1] can
// be split in two (the middle snake), searching from both ends at once;
// ok is false when there is nothing to split.
func (d *differ) bisect(a0, a1, b0, b1 int) (x, y int, ok bool) {
	n, m := a1-a0, b1-b0
	if n == 0 || m == 0 {
		return 0, 0, false
	}
	maxD := (n + m + 1) / 2
	off := maxD
	vf, vb := make([]int, 2*maxD+2), make([]int, 2*maxD+2)
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0
	fStart, fEnd, bStart, bEnd := 0, 0, 0, 0
	for step := 0; step < maxD; step++ {
		for k := -step + fStart; k <= step-fEnd; k += 2 {
			x := next(vf, off, k, step)
			y := x - k
			for x < n && y < m && d.a[a0+x] == d.b[b0+y] {
				x, y = x+1, y+1
			}
			vf[off+k] = x
			switch {
			case x > n:
				fEnd += 2 // off the right edge: later steps skip this side
			case y > m:
				fStart += 2 // off the bottom edge
			case front:
				if kb := off + delta - k; kb >= 0 && kb < len(vb) && vb[kb] != -1 && x >= n-vb[kb] {
					return d.split(a0, a1, b0, b1, x, y)
				}
			}
		}
		for k := -step + bStart; k <= step-bEnd; k += 2 {
			x := next(vb, off, k, step)
			y := x - k
			for x < n && y < m && d.a[a1-x-1] == d.b[b1-y-1] {
				x, y = x+1, y+1
			}
			vb[off+k] = x
			switch {
			case x > n:
				bEnd += 2
			case y > m:
				bStart += 2
			case !front:
				if kf := off + delta - k; kf >= 0 && kf < len(vf) && vf[kf] != -1 && vf[kf] >= n-x {
					fx := vf[kf]
					return d.split(a0, a1, b0, b1, fx, fx-(kf-off))
				}
			}
		}
	}
	return 0, 0, false
}

// next is the furthest x on diagonal k after one more edit.
func next(v []int, off, k, step int) int {
	if k == -step || k != step && v[off+k-1] < v[off+k+1] {
		return v[off+k+1]
	}
	return v[off+k-1] + 1
}

// split turns a split point relative to the ranges into an absolute one,
// refusing one that would not make the problem smaller.
func (d *differ) split(a0, a1, b0, b1, x, y int) (int, int, bool) {
	if x < 0 || y < 0 || x > a1-a0 || y > b1-b0 || (x == 0 && y == 0) || (x == a1-a0 && y == b1-b0) {
		return 0, 0, false
	}
	return a0 + x, b0 + y, true
}
