// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestMigrateIsIdempotentAndCurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		done, err := db.Migrate(ctx, nil)
		if err != nil || len(done) != 0 {
			t.Fatalf("second Migrate() = %v, %v, want nothing applied", done, err)
		}
		if err := db.CheckMigrations(ctx); err != nil {
			t.Fatalf("CheckMigrations() = %v, want nil", err)
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil || st.Pending != 0 || len(st.Migrations) == 0 {
			t.Fatalf("MigrationStatus() = %+v, %v", st, err)
		}
	})
}

func TestUnmigratedDatabaseIsRefused(t *testing.T) {
	db, err := sqldb.Open(sqldbtest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckMigrations(context.Background()); err == nil {
		t.Fatal("CheckMigrations() on an empty database = nil, want an error saying to migrate")
	}
}

// TestDialectsHaveTheSameSchema migrates both dialects and compares their
// tables and columns.
func TestDialectsHaveTheSameSchema(t *testing.T) {
	if sqldbtest.PostgresURL() == "" {
		t.Skip("ISMS_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	lite := sqldbtest.Open(t, sqldbtest.SQLiteURL(t))
	pg := sqldbtest.Open(t, sqldbtest.FreshSchema(t))
	a, err := lite.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("schema differs between SQLite and PostgreSQL (-sqlite +postgres):\n%s", diff)
	}
}
