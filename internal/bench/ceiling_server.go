// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ismsproject/isms/internal/bench/ceiling"
	"github.com/ismsproject/isms/internal/sqldb"
)

// ServeCeiling serves the ceiling of every endpoint (ceiling.New) for the
// organization with slug org on addr until ctx ends. It writes to out the
// address it serves on and, when stopped, its reader pool's statistics:
// whether connections were reopened or requests waited for one.
func ServeCeiling(ctx context.Context, db *sqldb.DB, org, addr string, out io.Writer) error {
	h, err := ceiling.New(ctx, db, org)
	if err != nil {
		return fmt.Errorf("the ceiling of %q: %w", org, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	stop := context.AfterFunc(ctx, func() { hs.Close() })
	defer stop()
	fmt.Fprintf(out, "ceiling of %q on %s serving on http://%s\n", org, db.Dialect(), ln.Addr())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	_, rs := db.Stats()
	fmt.Fprintf(out, "read pool: %d open, %d waits (%s), %d closed as surplus idle connections\n",
		rs.OpenConnections, rs.WaitCount, rs.WaitDuration.Round(time.Millisecond), rs.MaxIdleClosed)
	return nil
}
