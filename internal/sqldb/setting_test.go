// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		get := func(key string) string {
			t.Helper()
			var v string
			view(t, db, func(tx *sqldb.Tx) (err error) {
				v, err = tx.FindSetting(ctx, key)
				return err
			})
			return v
		}
		if v := get("setup_token"); v != "" {
			t.Errorf("FindSetting(setup_token) before any set = %q, want \"\"", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetSetting(ctx, "setup_token", "one") })
		if v := get("setup_token"); v != "one" {
			t.Errorf("FindSetting(setup_token) = %q, want one", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetSetting(ctx, "setup_token", "two") })
		if v := get("setup_token"); v != "two" {
			t.Errorf("FindSetting(setup_token) after overwrite = %q, want two", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.SetSetting(ctx, "other", "kept") })
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSetting(ctx, "setup_token") })
		if v := get("setup_token"); v != "" {
			t.Errorf("FindSetting(setup_token) after DeleteSetting = %q, want \"\"", v)
		}
		if v := get("other"); v != "kept" {
			t.Errorf("FindSetting(other) after deleting setup_token = %q, want kept", v)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSetting(ctx, "never-set") })
	})
}
