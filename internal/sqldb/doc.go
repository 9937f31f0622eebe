// SPDX-License-Identifier: Apache-2.0

// Package sqldb holds all SQL of the product: one hand-written
// implementation for SQLite (modernc.org/sqlite: WAL, one writer
// connection) and PostgreSQL (pgx), with embedded forward-only migrations
// per dialect in migrations/{sqlite,postgres}.
//
// Queries are methods on *Tx, one file per noun. Every query of an
// organization-owned table filters by organization_id. Driver errors are
// turned into *isms.Error here (no rows → NotFound, a named unique index →
// Conflict); sqldb imports only isms and the drivers, never app or web.
//
// Times are TEXT in SQLite in isms.TimeLayout (fixed width, so text order is
// time order) and TIMESTAMPTZ in PostgreSQL, except audit event times, which
// are TEXT in both so that both return the bytes that were hashed.
package sqldb
