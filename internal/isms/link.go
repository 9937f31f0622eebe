// SPDX-License-Identifier: Apache-2.0

package isms

import "strings"

// Link points at one record of any module: a task concerns one, and an
// evidence item supports any number of them. Type is the record type's
// name ("task", "evidence", "organization", "approval"; later modules add
// "control", "risk", …) and ID its identifier.
type Link struct {
	Type string `json:"type"`
	ID   ID     `json:"id"`
}

// String renders the link as "type:id", the form the CLI and API accept.
func (l Link) String() string { return l.Type + ":" + string(l.ID) }

// IsZero reports whether the link points nowhere.
func (l Link) IsZero() bool { return l.Type == "" && l.ID == "" }

// ParseLink reads "type:id". It checks the shape only; whether the record
// exists, and whether the type is known, is the application's concern.
func ParseLink(s string) (Link, error) {
	typ, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	typ, id = strings.TrimSpace(typ), strings.TrimSpace(id)
	if !ok || typ == "" || id == "" {
		return Link{}, Errorf(Invalid, "link %q: write it as TYPE:ID, for example task:tsk_abc", s)
	}
	for _, r := range typ {
		if (r < 'a' || r > 'z') && r != '_' {
			return Link{}, Errorf(Invalid, "link %q: the record type %q may hold only lowercase letters and _", s, typ)
		}
	}
	return Link{Type: typ, ID: ID(id)}, nil
}
