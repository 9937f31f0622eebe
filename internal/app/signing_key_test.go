// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSigningKeyIsMadeOnceAndShownPublicly(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newPackageWorld(t, db)
		_, err := w.app.SigningKey(w.ctx, w.asViewer())
		wantMessage(t, "SigningKey(none yet)", err, isms.NotFound,
			"The organization has no signing key yet; it is made when the first audit package is built.")
		_, err = w.app.EnsureSigningKey(w.ctx, w.asViewer())
		wantMessage(t, "EnsureSigningKey(viewer)", err, isms.Forbidden, "You may not build audit packages.")
		_, err = w.app.SigningKey(w.ctx, isms.Actor{UserID: w.viewer.ID, OrgID: w.org.ID, Role: isms.RoleEmployee})
		wantCode(t, "SigningKey(employee)", err, isms.Forbidden)

		keys := make([]*app.SigningKeyView, 2)
		race(func() { keys[0], err = w.app.EnsureSigningKey(w.ctx, w.asManager()) },
			func() { keys[1], _ = w.app.EnsureSigningKey(w.ctx, w.asAdmin()) })
		w.must("EnsureSigningKey", err)
		if keys[1] == nil || keys[0].Fingerprint != keys[1].Fingerprint {
			t.Fatalf("two first uses made keys %+v and %+v, want one", keys[0], keys[1])
		}
		n := 0
		for _, e := range w.events(string(w.org.ID), 0) {
			if e.Action == "signing_key.create" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d signing_key.create events, want 1", n)
		}
		k, err := w.app.SigningKey(w.ctx, w.asViewer())
		w.must("SigningKey", err)
		pub, err := report.ParsePublicKey([]byte(k.PEM))
		if err != nil || !pub.Equal(k.PublicKey) || !strings.HasPrefix(k.PEM, "-----BEGIN PUBLIC KEY-----\n") {
			t.Errorf("PEM %q reads as %x, %v; want the public key %x", k.PEM, pub, err, k.PublicKey)
		}
		if k.Fingerprint != report.KeyFingerprint(k.PublicKey) || k.Fingerprint != keys[0].Fingerprint || !k.CreatedAt.Equal(w.clock.Now()) {
			t.Errorf("SigningKey = %+v, want the key made at %s", k, w.clock.Now())
		}
		for _, org := range []string{"acme", string(w.org.ID)} {
			got, err := w.app.OrganizationPublicKey(w.ctx, isms.SystemActor(""), org)
			if err != nil || !got.Equal(k.PublicKey) {
				t.Errorf("OrganizationPublicKey(%s) = %x, %v; want %x", org, got, err, k.PublicKey)
			}
		}
		if got, err := w.app.OrganizationPublicKey(w.ctx, w.asViewer(), "acme"); err != nil || !got.Equal(k.PublicKey) {
			t.Errorf("OrganizationPublicKey(own, viewer) = %x, %v", got, err)
		}
		_, err = w.app.OrganizationPublicKey(w.ctx, w.globexAdmin(), "acme")
		wantCode(t, "OrganizationPublicKey(another organization's)", err, isms.Forbidden)
		_, err = w.app.OrganizationPublicKey(w.ctx, isms.SystemActor(""), "globex")
		wantMessage(t, "OrganizationPublicKey(without key)", err, isms.NotFound,
			"The organization has no signing key yet; it is made when the first audit package is built.")
		_, err = w.app.OrganizationPublicKey(w.ctx, isms.SystemActor(""), "initech")
		wantCode(t, "OrganizationPublicKey(unknown)", err, isms.NotFound)
	})
}

func TestSigningKeyNeedsTheSecretKeyItWasSealedWith(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newPackageWorld(t, db)
		sealed, m := w.build(w.asManager())
		opts := app.Options{Now: w.clock.Now, Blobs: w.store}
		_, err := app.New(db, opts).EnsureSigningKey(w.ctx, w.globexAdmin())
		wantMessage(t, "EnsureSigningKey(no secret key)", err, isms.Conflict,
			"This installation has no secret key to protect signing keys: set ISMS_SECRET_KEY (the base64 of 32 random bytes) and restart.")

		opts.SecretKey = bytes.Repeat([]byte{0x43}, 32)
		var buf bytes.Buffer
		_, err = app.New(db, opts).BuildAuditPackage(w.ctx, w.asManager(), app.PackageInput{Framework: "iso27001-2022"}, &buf)
		want := "unseal signing key: it was sealed with another secret key; restore the ISMS_SECRET_KEY (or data directory secret.key) it was made with"
		if err == nil || err.Error() != want || buf.Len() != 0 {
			t.Errorf("BuildAuditPackage(another secret key) = %v, %d bytes; want %q and nothing written", err, buf.Len(), want)
		}
		opts.SecretKey = packageSecret
		var again bytes.Buffer
		m2, err := app.New(db, opts).BuildAuditPackage(w.ctx, w.asManager(), app.PackageInput{Framework: "iso27001-2022"}, &again)
		if err != nil || m2.KeyID != m.KeyID || !w.verifyWith(again.Bytes()).OK() || !w.verifyWith(sealed).OK() {
			t.Errorf("BuildAuditPackage(the right secret key again) = %v, key %s; want packages signed with %s", err, m2.KeyID, m.KeyID)
		}
	})
}
