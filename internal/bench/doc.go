// SPDX-License-Identifier: Apache-2.0

// Package bench measures the HTTP figures of DESIGN §7: it starts the isms
// server and the ceiling (package ceiling) as child processes of the same
// binary, measures cold start and idle memory, drives each page and API
// list of the benchmark with closed-loop clients, reads each child's CPU
// time from /proc, and writes the report as text, Markdown or JSON.
//
// It holds the load generator too (Run), which cmd/isms-load wraps for
// ad-hoc runs. It is a measuring tool, not part of the server: of the
// product's packages it imports only sqldb and ceiling, never web, and it
// talks to the server only through HTTP, as a user would (the sign-in
// form, the account page's token form, the API). The process figures come
// from Linux's /proc.
package bench
