// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"fmt"
)

// The job queue (package jobs, on River) keeps its own tables (river_job,
// river_leader, river_migration, …), migrated by River's own migrator. What
// follows is all that sqldb exposes for it: the pool River must use, the
// *sql.Tx behind a Tx so that a job is enqueued inside a use case's
// transaction, and one read for the operators' summary. Nothing else may use
// them: every other query goes through a Tx method.

// JobPool returns the connection pool the job queue must use: on SQLite the
// one-connection writer pool (SQLite has one writer, and the queue writes on
// almost every query), on PostgreSQL the only pool. It is for the job queue
// only.
func (db *DB) JobPool() *sql.DB { return db.write }

// SQLTx returns the database/sql transaction behind tx, so that the job queue
// inserts a job in the same transaction as the change that causes it: the job
// exists if and only if the transaction commits. It is for the job queue only.
func (tx *Tx) SQLTx() *sql.Tx { return tx.tx }

// JobCount is the number of jobs of one kind in one state.
type JobCount struct {
	Kind  string
	State string
	Count int
}

// JobCounts returns how many jobs of each kind are in each state, in kind
// and state order. On SQLite it reads through the reader pool, so an
// operator's page never waits for the writer.
func (db *DB) JobCounts(ctx context.Context) ([]JobCount, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT kind, state, COUNT(*)
		FROM river_job
		GROUP BY kind, state
		ORDER BY kind, state
		LIMIT 500`) // kinds times states: far fewer
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	var out []JobCount
	for rows.Next() {
		var c JobCount
		if err := rows.Scan(&c.Kind, &c.State, &c.Count); err != nil {
			return nil, fmt.Errorf("count jobs: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	return out, nil
}
