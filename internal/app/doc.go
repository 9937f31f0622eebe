// SPDX-License-Identifier: Apache-2.0

// Package app holds the use cases of the product. Every use case follows the
// same steps: authorize the actor, validate the input, run one transaction
// that makes the change and appends its audit event, then enqueue follow-up
// work. The web pages, the REST API, the CLI and background jobs all call
// app; only app opens transactions, and authorization lives here so that no
// route can bypass it.
//
// app imports isms, sqldb, jobs, blob, mail and report (and later catalog);
// it never imports web or cli. Its clock is a dependency (Options.Now), so
// tests run it at any time they choose.
package app
