// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/ismsproject/isms/internal/isms"
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

// SigningKey returns the organization's public key; NotFound when none
// has been generated yet. Needs ReadISMS.
func (a *App) SigningKey(ctx context.Context, actor isms.Actor) (*SigningKeyView, error) {
	panic("not implemented")
}

// EnsureSigningKey returns the organization's key, generating it when it
// has none (audited as signing_key.create). Needs BuildAuditPackage.
func (a *App) EnsureSigningKey(ctx context.Context, actor isms.Actor) (*SigningKeyView, error) {
	panic("not implemented")
}

// OrganizationPublicKey returns the public key of the organization with
// the ID or slug org, for verification where its database is.
func (a *App) OrganizationPublicKey(ctx context.Context, actor isms.Actor, org string) (ed25519.PublicKey, error) {
	panic("not implemented")
}
