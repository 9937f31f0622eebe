// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"sort"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Tasks and evidence point at the records they concern through one generic
// isms.Link. Every module whose records can be linked to registers a
// linkable under its record type, as approvables do for approvals.

// linkable resolves links of one record type.
type linkable struct {
	// label names the kind of record for people ("organization profile").
	label string
	// title returns the linked record's title, or a NotFound error when the
	// organization has no such record. It accepts the record's ID and, where
	// the module has one, its human reference (a control's "C-12").
	resolve func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (id isms.ID, title string, err error)
}

// linkables holds every record type a task or evidence item may link to.
var linkables = map[string]linkable{
	objectOrganization: {
		label: "organization profile",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			o, err := tx.FindOrganizationByID(ctx, org)
			if err != nil {
				return "", "", err
			}
			if ref != string(org) && ref != o.Slug {
				return "", "", isms.Errorf(isms.NotFound, "No such organization.")
			}
			return o.ID, "Organization profile: " + o.Name, nil
		},
	},
	"approval": {
		label: "approval",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			ap, err := tx.FindApprovalByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return ap.ID, "Approval: " + ap.Title, nil
		},
	},
}

// LinkTypes returns the record types that can be linked to, sorted.
func LinkTypes() []string {
	types := make([]string, 0, len(linkables))
	for t := range linkables {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// LinkLabel returns the name for people of a record type.
func LinkLabel(recordType string) string {
	if l, ok := linkables[recordType]; ok {
		return l.label
	}
	return recordType
}

// ResolvedLink is a link with the current title of the record it points at.
type ResolvedLink struct {
	isms.Link
	Title string
	// Missing is set when the record no longer exists.
	Missing bool
}

// resolveLink checks that l points at a record of org and returns it with
// the record's canonical ID (a reference such as "C-12" becomes the ID).
// field names the input for error messages.
func resolveLink(ctx context.Context, tx *sqldb.Tx, org isms.ID, l isms.Link, field string) (ResolvedLink, error) {
	lk, ok := linkables[l.Type]
	if !ok {
		return ResolvedLink{}, isms.Problems{field: "unknown record type " + quote(l.Type) + "; use one of " + strings.Join(LinkTypes(), ", ")}.Err()
	}
	id, title, err := lk.resolve(ctx, tx, org, string(l.ID))
	if isms.ErrorCode(err) == isms.NotFound {
		return ResolvedLink{}, isms.Problems{field: "no " + lk.label + " " + quote(string(l.ID)) + " in this organization"}.Err()
	}
	if err != nil {
		return ResolvedLink{}, err
	}
	return ResolvedLink{Link: isms.Link{Type: l.Type, ID: id}, Title: title}, nil
}

// describeLinks returns the titles of stored links, marking those whose
// record is gone rather than failing.
func describeLinks(ctx context.Context, tx *sqldb.Tx, org isms.ID, links []isms.Link) ([]ResolvedLink, error) {
	out := make([]ResolvedLink, 0, len(links))
	for _, l := range links {
		lk, ok := linkables[l.Type]
		if !ok {
			out = append(out, ResolvedLink{Link: l, Title: l.String(), Missing: true})
			continue
		}
		_, title, err := lk.resolve(ctx, tx, org, string(l.ID))
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			out = append(out, ResolvedLink{Link: l, Title: l.String(), Missing: true})
		case err != nil:
			return nil, err
		default:
			out = append(out, ResolvedLink{Link: l, Title: title})
		}
	}
	return out, nil
}

func quote(s string) string { return "\u201c" + s + "\u201d" }
