// SPDX-License-Identifier: Apache-2.0

// Package web is the HTTP face of the product: server-rendered HTML pages
// under /, the JSON REST API under /api/v1 with its OpenAPI document,
// sessions, CSRF protection, security headers, health and metrics.
//
// Handlers translate HTTP into calls of app and render the result; they
// hold no business rules and no SQL. Authorization is decided in app, so a
// handler that forgets a check still cannot leak data. The signed-in state
// of a request (session, actor) travels in the request's context within
// this package only; app receives the actor as a parameter.
//
// Templates: the layout and its partials are parsed at start-up, so a
// broken one stops the program before it serves; each page is parsed on
// its first use (cloning the layout for every page at start-up took most
// of the start-up time and memory). TestEveryPageTemplateParses parses and
// escapes every page instead. The OpenAPI document is likewise built on
// its first request.
//
// web imports isms and app, plus report for CSV/XLSX export of lists (a
// rendering library, never storage). It never imports sqldb.
package web
