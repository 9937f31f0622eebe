// SPDX-License-Identifier: Apache-2.0

// Package ceiling serves the ceiling of the HTTP benchmark (DESIGN §7): for
// each page or API list the benchmark drives, the same data query behind a
// bare net/http handler that only encodes JSON, with no authentication,
// session, permission check, logging, template or middleware. The
// benchmark divides each endpoint's throughput by its ceiling's.
//
// "The same data query" is held to exactly: each handler runs, in one read
// transaction, the store queries (sqldb.Tx methods) that the use cases
// behind the product's endpoint run for that request, with the same
// filter, sort, page and day, and the same computation on their rows. For
// a page that is every use case its handler calls, and the chain head the
// layout shows. Where a use case is one query, the handler runs that query;
// where it composes several with computation between them, the handler
// calls the use case's Tx variant (app.App.FindRisksTx and the like), which
// is the body the use case itself runs in its transaction, so that the two
// cannot drift apart. Each handler's comment names what it mirrors.
//
// Requests are those of the organization's administrator (Params "admin"):
// the benchmark signs in as them, and the dashboard counts their own
// approvals and tasks.
//
// What a ceiling leaves out is what the product adds around the data: the
// session or token lookup, the permission checks, separate transactions
// per use case (but the posture and the dashboard's readiness check, read
// through their use cases as the product reads them, kept results and
// all), templates and logging. Query parameters the ceiling does not know
// are refused, so that a filter is never silently dropped.
//
// The ceiling is a measuring instrument served on a loopback address: an
// internal error's text goes into the response, as nobody else reads it.
//
// It imports app (for the Tx variants, the posture and readiness use
// cases and the App's clock), isms, sqldb and catalog; nothing imports it
// but the benchmark.
package ceiling
