// SPDX-License-Identifier: Apache-2.0

package isms

import "strings"

// Change is the before and after of one field, as recorded in the audit trail.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Changes maps field names to their change. Encoded as JSON its keys are
// sorted, so the same changes always give the same bytes.
type Changes map[string]Change

// Set assigns *v to *dst when v is non-nil and differs, recording the change.
func (c Changes) Set(field string, dst *string, v *string) {
	if v == nil {
		return
	}
	nv := strings.TrimSpace(*v)
	if nv == *dst {
		return
	}
	c[field] = Change{Before: *dst, After: nv}
	*dst = nv
}

// Created returns changes that record fields set on creation.
func Created(fields map[string]any) Changes {
	c := Changes{}
	for k, v := range fields {
		c[k] = Change{Before: nil, After: v}
	}
	return c
}
