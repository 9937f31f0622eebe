// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"sort"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Record links (sqldb.SetRecordLinks) join records across modules: a
// requirement of an interested party and the controls that address it,
// a context issue and the risks it gives rise to, an objective and its
// metrics. A form edits the links from its record to one type of record
// as a list of references; both records show the link.

// SplitRefs reads a list of references as people type them: separated by
// commas, semicolons or line breaks, spaces trimmed, empties and repeats
// dropped.
func SplitRefs(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
	seen := map[string]bool{}
	out := []string{}
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" && !seen[strings.ToLower(x)] {
			seen[strings.ToLower(x)] = true
			out = append(out, x)
		}
	}
	return out
}

// setRecordLinks makes the links from record from to records of toType
// exactly refs (each an ID or a human reference such as "C-12"). A
// reference that names no record is a problem on field, collected in p
// so that every problem of a form shows at once; nothing is stored then.
// It returns the change for the audit trail (nil when none) under field.
func setRecordLinks(ctx context.Context, tx *sqldb.Tx, org isms.ID, from isms.Link, toType string, refs []string, field string, p isms.Problems) (isms.Changes, error) {
	ids := make([]isms.ID, 0, len(refs))
	var bad []string
	for _, ref := range refs {
		rl, err := resolveLink(ctx, tx, org, isms.Link{Type: toType, ID: isms.ID(ref)}, field)
		if isms.ErrorCode(err) == isms.Invalid {
			bad = append(bad, ref)
			continue
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, rl.ID)
	}
	if len(bad) > 0 {
		p.Add(field, "No "+LinkLabel(toType)+" "+strings.Join(bad, ", ")+" in this organization.")
	}
	if len(p) > 0 {
		return nil, p.Err()
	}
	ids = uniqueIDs(ids)
	before, err := tx.SetRecordLinks(ctx, org, from, toType, ids)
	if err != nil {
		return nil, err
	}
	if joinIDs(before) == joinIDs(ids) {
		return nil, nil
	}
	b, err := linkRefs(ctx, tx, org, toType, before)
	if err != nil {
		return nil, err
	}
	a, err := linkRefs(ctx, tx, org, toType, ids)
	if err != nil {
		return nil, err
	}
	return isms.Changes{field: {Before: b, After: a}}, nil
}

// linkRefs returns the references of records of typ, joined and sorted
// for the audit trail ("C-3, C-12").
func linkRefs(ctx context.Context, tx *sqldb.Tx, org isms.ID, typ string, ids []isms.ID) (string, error) {
	links := make([]isms.Link, len(ids))
	for i, id := range ids {
		links[i] = isms.Link{Type: typ, ID: id}
	}
	rl, err := describeLinks(ctx, tx, org, links)
	if err != nil {
		return "", err
	}
	refs := make([]string, len(rl))
	for i, l := range rl {
		refs[i] = refOfTitle(l)
	}
	sort.Slice(refs, func(i, j int) bool { return naturalLess(refs[i], refs[j]) })
	return strings.Join(refs, ", "), nil
}

// naturalLess orders references by prefix then number ("C-2" before
// "C-10").
func naturalLess(a, b string) bool {
	na, nb := sqldb.RefNumber(a), sqldb.RefNumber(b)
	pa, pb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	if pa != pb {
		return pa < pb
	}
	if na != nb {
		return na < nb
	}
	return a < b
}

func uniqueIDs(ids []isms.ID) []isms.ID {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}

func joinIDs(ids []isms.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

// RecordLink is a record linked to another, as its page shows it: the
// link with the linked record's title and reference, and whether the link
// was made from this record (Outgoing) or from the other one.
type RecordLink struct {
	ResolvedLink
	// Ref is the linked record's human reference ("C-12"), or its ID when
	// it has none.
	Ref      string
	Outgoing bool
}

// RecordLinks returns every record linked to rec in either direction,
// grouped by record type (in LinkLabel order) then by title.
func (a *App) RecordLinks(ctx context.Context, actor isms.Actor, rec isms.Link) ([]RecordLink, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the links of this record."); err != nil {
		return nil, err
	}
	var out []RecordLink
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = recordLinksIn(ctx, tx, actor.OrgID, rec)
		return err
	})
	return out, err
}

func recordLinksIn(ctx context.Context, tx *sqldb.Tx, org isms.ID, rec isms.Link) ([]RecordLink, error) {
	outgoing, incoming, err := tx.FindRecordLinks(ctx, org, rec)
	if err != nil {
		return nil, err
	}
	var out []RecordLink
	for i, set := range [][]isms.Link{outgoing, incoming} {
		rl, err := describeLinks(ctx, tx, org, set)
		if err != nil {
			return nil, err
		}
		for _, l := range rl {
			out = append(out, RecordLink{ResolvedLink: l, Ref: refOfTitle(l), Outgoing: i == 0})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if li, lj := LinkLabel(out[i].Type), LinkLabel(out[j].Type); li != lj {
			return li < lj
		}
		return out[i].Title < out[j].Title
	})
	return out, nil
}

// LinkedRefs returns the references of the links of type typ that rec
// made (outgoing), joined for a form's text field ("C-3, C-12").
func LinkedRefs(links []RecordLink, typ string) string {
	var refs []string
	for _, l := range links {
		if l.Outgoing && l.Type == typ && !l.Missing {
			refs = append(refs, l.Ref)
		}
	}
	return strings.Join(refs, ", ")
}

// refOfTitle reads the reference from a linked record's title, which
// linkables write as "Label REF: title" ("Control C-12: Backups"); it
// falls back to the ID.
func refOfTitle(l ResolvedLink) string {
	head, _, ok := strings.Cut(l.Title, ": ")
	if !ok || l.Missing {
		return string(l.ID)
	}
	f := strings.Fields(head)
	if len(f) > 0 && strings.ContainsAny(f[len(f)-1], "0123456789") && strings.Contains(f[len(f)-1], "-") {
		return f[len(f)-1]
	}
	return string(l.ID)
}
