// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
)

// A package's signing key is shown and exchanged as a PEM "PUBLIC KEY"
// block, which OpenSSL reads, and named by its fingerprint.

// KeyFingerprint names a public key: "SHA256:" and the base64 (standard
// alphabet, no padding) of the SHA-256 of its 32 bytes.
func KeyFingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// PublicKeyPEM returns pub as a PEM "PUBLIC KEY" block (PKIX).
func PublicKeyPEM(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err) // an Ed25519 public key always marshals
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// errNotAKey says what a key file must hold.
var errNotAKey = errors.New(`the key is neither a PEM "PUBLIC KEY" block of an Ed25519 key nor the base64 of its 32 bytes`)

// ParsePublicKey reads an Ed25519 public key from a PEM "PUBLIC KEY"
// block (PKIX) or from the base64 of its 32 bytes.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	if block, _ := pem.Decode(data); block != nil {
		if block.Type != "PUBLIC KEY" {
			return nil, errNotAKey
		}
		key, err := x509.ParsePKIXPublicKey(block.Bytes)
		if pub, ok := key.(ed25519.PublicKey); ok && err == nil {
			return pub, nil
		}
		return nil, errNotAKey
	}
	text := string(bytes.TrimSpace(data))
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(text)
	}
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, errNotAKey
	}
	return ed25519.PublicKey(raw), nil
}
