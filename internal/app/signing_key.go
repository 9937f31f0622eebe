// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Each organization signs its audit packages with its own Ed25519 key,
// generated on first use. The private key is sealed (AES-256-GCM) with
// the installation's secret key (Options.SecretKey); only the public
// part is ever shown.

// SigningKeyView is the public part of an organization's key.
type SigningKeyView struct {
	Fingerprint string // "SHA256:" and the base64 of the public key's SHA-256
	PublicKey   ed25519.PublicKey
	PEM         string // the public key as a PEM "PUBLIC KEY" block (PKIX)
	CreatedAt   time.Time
}

// errNoSecretKey is returned where a key must be sealed or unsealed but
// the installation has no secret key.
var errNoSecretKey = isms.Errorf(isms.Conflict, "This installation has no secret key to protect signing keys: set ISMS_SECRET_KEY (the base64 of 32 random bytes) and restart.")

// SigningKey returns the organization's public key; NotFound when none
// has been generated yet. Needs ReadISMS.
func (a *App) SigningKey(ctx context.Context, actor isms.Actor) (*SigningKeyView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the signing key."); err != nil {
		return nil, err
	}
	row, err := a.findSigningKey(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	return signingKeyView(row), nil
}

// EnsureSigningKey returns the organization's key, generating it when it
// has none (audited as signing_key.create). Needs BuildAuditPackage.
func (a *App) EnsureSigningKey(ctx context.Context, actor isms.Actor) (*SigningKeyView, error) {
	if err := forbid(actor.Can(isms.BuildAuditPackage), "You may not build audit packages."); err != nil {
		return nil, err
	}
	row, err := a.ensureSigningKey(ctx, actor)
	if err != nil {
		return nil, err
	}
	return signingKeyView(row), nil
}

// OrganizationPublicKey returns the public key of the organization with
// the ID or slug org, for verification where its database is. The system
// may read any organization's; others only their own, with ReadISMS.
func (a *App) OrganizationPublicKey(ctx context.Context, actor isms.Actor, org string) (ed25519.PublicKey, error) {
	var row *sqldb.SigningKeyRow
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		o, err := tx.FindOrganizationByID(ctx, isms.ID(org))
		if isms.ErrorCode(err) == isms.NotFound {
			o, err = tx.FindOrganizationBySlug(ctx, org)
		}
		if err != nil {
			return err
		}
		if !actor.System && (o.ID != actor.OrgID || !actor.Can(isms.ReadISMS)) {
			return isms.Errorf(isms.Forbidden, "You may not see the signing key of this organization.")
		}
		row, err = findSigningKey(ctx, tx, o.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(row.PublicKey), nil
}

// findSigningKey reads org's key in its own transaction.
func (a *App) findSigningKey(ctx context.Context, org isms.ID) (row *sqldb.SigningKeyRow, err error) {
	err = a.db.View(ctx, func(tx *sqldb.Tx) error {
		row, err = findSigningKey(ctx, tx, org)
		return err
	})
	return row, err
}

// findSigningKey reads org's key, with a message for people when it has
// none.
func findSigningKey(ctx context.Context, tx *sqldb.Tx, org isms.ID) (*sqldb.SigningKeyRow, error) {
	row, err := tx.FindSigningKey(ctx, org)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, isms.Errorf(isms.NotFound, "The organization has no signing key yet; it is made when the first audit package is built.")
	}
	return row, err
}

// ensureSigningKey returns the actor's organization's key, making it when
// there is none. Of two first uses at once, one stores its key and the
// other reads it back.
func (a *App) ensureSigningKey(ctx context.Context, actor isms.Actor) (*sqldb.SigningKeyRow, error) {
	row, err := a.findSigningKey(ctx, actor.OrgID)
	if isms.ErrorCode(err) != isms.NotFound {
		return row, err
	}
	row, err = a.newSigningKey(actor)
	if err != nil {
		return nil, err
	}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertSigningKey(ctx, row); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "signing_key.create", "signing_key", actor.OrgID,
			isms.Changes{"fingerprint": {After: row.Fingerprint}})
	})
	if isms.ErrorCode(err) == isms.Conflict {
		return a.findSigningKey(ctx, actor.OrgID)
	}
	if err != nil {
		return nil, fmt.Errorf("store signing key: %w", err)
	}
	return row, nil
}

// newSigningKey generates a key for the actor's organization, its
// private part sealed.
func (a *App) newSigningKey(actor isms.Actor) (*sqldb.SigningKeyRow, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	sealed, err := a.seal(priv.Seed(), actor.OrgID)
	if err != nil {
		return nil, err
	}
	return &sqldb.SigningKeyRow{OrgID: actor.OrgID, PublicKey: pub, PrivateSealed: sealed,
		Fingerprint: report.KeyFingerprint(pub), CreatedBy: actor.UserID, CreatedAt: a.now()}, nil
}

// privateKey unseals row's private key and checks that it is the private
// half of row's public key.
func (a *App) privateKey(row *sqldb.SigningKeyRow) (ed25519.PrivateKey, error) {
	seed, err := a.unseal(row.PrivateSealed, row.OrgID)
	if err != nil {
		return nil, err
	}
	if len(seed) != ed25519.SeedSize {
		return nil, errors.New("unseal signing key: not an Ed25519 seed")
	}
	key := ed25519.NewKeyFromSeed(seed)
	if !key.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(row.PublicKey)) {
		return nil, errors.New("unseal signing key: the private key does not match the public key")
	}
	return key, nil
}

// gcm is AES-256-GCM under the installation's secret key.
func (a *App) gcm() (cipher.AEAD, error) {
	if len(a.opts.SecretKey) == 0 {
		return nil, errNoSecretKey
	}
	block, err := aes.NewCipher(a.opts.SecretKey)
	if err != nil {
		return nil, fmt.Errorf("secret key (ISMS_SECRET_KEY): %w", err)
	}
	return cipher.NewGCM(block)
}

// seal encrypts plain for org: a random nonce, then the ciphertext, the
// organization's ID authenticated with it so that a sealed key cannot be
// moved to another organization.
func (a *App) seal(plain []byte, org isms.ID) ([]byte, error) {
	g, err := a.gcm()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize())
	rand.Read(nonce)
	return g.Seal(nonce, nonce, plain, []byte(org)), nil
}

// unseal decrypts what seal sealed for org.
func (a *App) unseal(sealed []byte, org isms.ID) ([]byte, error) {
	g, err := a.gcm()
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, errors.New("unseal signing key: too short")
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], []byte(org))
	if err != nil {
		return nil, errors.New("unseal signing key: it was sealed with another secret key; restore the ISMS_SECRET_KEY (or data directory secret.key) it was made with")
	}
	return plain, nil
}

// signingKeyView is the public part of row.
func signingKeyView(row *sqldb.SigningKeyRow) *SigningKeyView {
	pub := ed25519.PublicKey(row.PublicKey)
	return &SigningKeyView{Fingerprint: row.Fingerprint, PublicKey: pub, PEM: report.PublicKeyPEM(pub), CreatedAt: row.CreatedAt}
}
