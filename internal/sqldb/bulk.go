// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
)

// bulkCacheKiB is the page cache of SQLite's writer during a bulk load:
// enough to keep the indexes of a few hundred thousand new rows in memory.
// Rows with random IDs land all over their indexes; with SQLite's default
// cache of 2 MiB each insert then reads and spills pages, and a load slows
// down as its tables grow.
const bulkCacheKiB = 256 << 10

// BulkLoad runs fn, a bulk load of many transactions, with SQLite's writer
// keeping up to 256 MiB of pages in memory, and restores the default
// cache afterwards. PostgreSQL's cache is the server's; fn just runs.
func (db *DB) BulkLoad(ctx context.Context, fn func() error) error {
	if db.dialect != SQLite {
		return fn()
	}
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB)); err != nil {
		return fmt.Errorf("raise the page cache for a bulk load: %w", err)
	}
	err := fn()
	if _, rerr := db.write.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000"); rerr != nil && err == nil {
		err = fmt.Errorf("restore the page cache after a bulk load: %w", rerr)
	}
	return err
}
