// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
	"reflect"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The organization's signing key (Settings): its fingerprint, creation
// date and public key, which anyone may download to verify a package.
// It is generated on the first package, or here beforehand. The private
// key is never shown.

// pemMedia is the media type of the public key's download.
const pemMedia = "application/x-pem-file"

// signingKeyFile is the file name of the organization's public key.
func signingKeyFile(slug string) string { return "isms-" + slug + "-signing-key.pem" }

// findSigningKey returns the organization's key, or nil when it has none yet.
func (s *Server) findSigningKey(r *http.Request) (*app.SigningKeyView, error) {
	k, err := s.app.SigningKey(r.Context(), actor(r))
	if isCode(err, isms.NotFound) {
		return nil, nil
	}
	return k, err
}

type signingKeyPage struct {
	basePage
	Key       *app.SigningKeyView
	KeyFile   string
	CanCreate bool
}

func (s *Server) handleSigningKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.findSigningKey(r)
	if err != nil {
		return err
	}
	slug, err := s.orgSlug(r)
	if err != nil {
		return err
	}
	p := &signingKeyPage{Key: k, KeyFile: signingKeyFile(slug), CanCreate: k == nil && actor(r).Can(isms.BuildAuditPackage)}
	p.Title = "Signing key"
	return s.render(w, r, http.StatusOK, "signing_key", p)
}

func (s *Server) handleSigningKeyCreate(w http.ResponseWriter, r *http.Request) error {
	k, err := s.app.EnsureSigningKey(r.Context(), actor(r))
	if err != nil {
		return err
	}
	s.flash(w, "ok", "The signing key is ready: "+k.Fingerprint+".")
	http.Redirect(w, r, "/signing-key", http.StatusSeeOther)
	return nil
}

func (s *Server) handleSigningKeyPEM(w http.ResponseWriter, r *http.Request) error {
	k, err := s.app.SigningKey(r.Context(), actor(r))
	if err != nil {
		return err
	}
	slug, err := s.orgSlug(r)
	if err != nil {
		return err
	}
	return sendFile(w, pemMedia, signingKeyFile(slug), bytes.NewBufferString(k.PEM))
}

// signingKeyAPI is the public part of the organization's signing key.
type signingKeyAPI struct {
	Fingerprint string    `json:"fingerprint" doc:"SHA256: and the base64 of the public key's SHA-256, as manifests name it (keyId)."`
	PublicKey   string    `json:"publicKey" doc:"The Ed25519 public key as a PEM PUBLIC KEY block (PKIX)."`
	CreatedAt   time.Time `json:"createdAt"`
}

func (s *Server) signingKeyAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/signing-key", Access: Member, Handler: s.apiSigningKey,
		ID: "getSigningKey", Tag: "Certification", Summary: "Read the organization's signing key",
		Description: "The public key that signs the organization's audit packages. 404 until the first package is built or the key generated.",
		Result:      reflect.TypeFor[signingKeyAPI](), Errors: []int{http.StatusNotFound},
	}}
}

func (s *Server) apiSigningKey(w http.ResponseWriter, r *http.Request) (any, error) {
	k, err := s.app.SigningKey(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return signingKeyAPI{Fingerprint: k.Fingerprint, PublicKey: k.PEM, CreatedAt: k.CreatedAt}, nil
}
