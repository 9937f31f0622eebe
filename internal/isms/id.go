// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"crypto/rand"
	"strings"
)

// ID identifies a record. IDs are random text with a type prefix, such as
// "org_k3j…", generated in Go rather than by a database sequence.
type ID string

// NewID returns a random ID with the given type prefix.
func NewID(prefix string) ID { return ID(prefix + "_" + strings.ToLower(rand.Text())) }

// String returns the ID as text.
func (id ID) String() string { return string(id) }
