// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSigningKeyStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann Archer")
		// Every byte value, so that the text encoding must be lossless.
		public, sealed := make([]byte, 32), make([]byte, 256+28)
		for i := range sealed {
			sealed[i] = byte(i)
			if i < len(public) {
				public[i] = byte(255 - i)
			}
		}
		k := &sqldb.SigningKeyRow{OrgID: org.ID, PublicKey: public, PrivateSealed: sealed, Fingerprint: "SHA256:abc", CreatedBy: ann.ID}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertSigningKey(ctx, k) })
		if !k.CreatedAt.Equal(t0) {
			t.Errorf("InsertSigningKey set CreatedAt %v; want %v", k.CreatedAt, t0)
		}
		want := *k
		again := &sqldb.SigningKeyRow{OrgID: org.ID, PublicKey: []byte{1}, PrivateSealed: []byte{2}, Fingerprint: "SHA256:new"}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertSigningKey(ctx, again) })
		if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "The organization already has a signing key." {
			t.Errorf("InsertSigningKey(second key) = %v; want the Conflict", err)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindSigningKey(ctx, org.ID)
			if d := cmp.Diff(&want, got); d != "" || err != nil {
				t.Errorf("FindSigningKey (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindSigningKey(ctx, other.ID)
			if isms.ErrorCode(err) != isms.NotFound || isms.ErrorMessage(err) != "The organization has no signing key." {
				t.Errorf("FindSigningKey(another organization) = %v; want NotFound", err)
			}
			return nil
		})
		var stored string
		if err := rawDB(t, db).QueryRowContext(ctx, `SELECT public_key FROM signing_keys`).Scan(&stored); err != nil ||
			stored != "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=" {
			t.Errorf("stored public key = %q, %v; want standard base64", stored, err)
		}
	})
}
