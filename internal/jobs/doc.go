// SPDX-License-Identifier: Apache-2.0

// Package jobs runs background and scheduled work on River: its SQLite
// driver in the embedded default and its PostgreSQL driver when scaled out,
// both over database/sql, so that one code path (river.Client[*sql.Tx])
// serves both. On SQLite River uses the one-connection writer pool (see
// sqldb.DB.JobPool); on PostgreSQL several replicas share the queue, and
// River's leader election makes only one of them enqueue periodic jobs.
//
// The application builds a Workers registry (Add for each job kind,
// Periodic for scheduled ones) and either keeps an insert-only Client,
// which every process has, or starts a working one (isms serve). A use case
// enqueues with InsertTx inside its own transaction, so the job exists if
// and only if the change that causes it commits.
//
// Handlers must be idempotent: a job may run again after a crash or a lost
// acknowledgement. An error retries the job with River's backoff (attempt⁴
// seconds, up to 25 attempts); Cancel marks an error that retrying cannot
// fix. Clients poll (River's poll-only mode) on both databases: SQLite has
// no LISTEN/NOTIFY and River's substitute would poll the single writer
// connection every 50 ms, and the database/sql driver offers no listener on
// PostgreSQL either.
//
// jobs imports isms and sqldb only; app registers its handlers here, never
// the other way round.
package jobs
