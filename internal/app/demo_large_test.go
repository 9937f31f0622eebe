// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// largeDemoPeople is how many members the large demo of the tests has:
// enough for about 200 risk owners.
const largeDemoPeople = 250

// TestLargeDemo loads the large demo organization once per database and
// checks what each module put in it: loading it is the slow part.
func TestLargeDemo(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Now()
		a, sys := loadDemoOrg(t, db, app.DemoLarge, app.DemoOptions{People: largeDemoPeople, Events: 100})
		t.Logf("large demo loaded in %s", time.Since(start).Round(time.Millisecond))
		t.Run("risks", func(t *testing.T) { checkLargeDemoRisks(t, a, sys) })
		t.Run("support", func(t *testing.T) { checkLargeDemoSupport(t, a, sys) })
		t.Run("context", func(t *testing.T) { checkLargeDemoContext(t, db, a, sys) })
		t.Run("soa", func(t *testing.T) { checkLargeDemoSoA(t, a, sys) })
		t.Run("audit", func(t *testing.T) { checkLargeDemoAudit(t, db, a, sys) })
		t.Run("improvement", func(t *testing.T) { checkLargeDemoImprovement(t, db, a, sys) })
		t.Run("certification", func(t *testing.T) { checkLargeDemoCertification(t, db, a, sys) })
	})
}
