// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/report"
)

func TestPublicKeyRoundTrips(t *testing.T) {
	sum := sha256.Sum256(packagePublic)
	if fp := report.KeyFingerprint(packagePublic); fp != "SHA256:"+strings.TrimRight(base64.StdEncoding.EncodeToString(sum[:]), "=") {
		t.Errorf("KeyFingerprint = %q, want SHA256: and the unpadded base64 of the key's SHA-256", fp)
	}
	pem := report.PublicKeyPEM(packagePublic)
	if !strings.HasPrefix(pem, "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA") || !strings.HasSuffix(pem, "-----END PUBLIC KEY-----\n") {
		t.Errorf("PublicKeyPEM = %q, want a PKIX Ed25519 PEM block", pem)
	}
	raw := base64.StdEncoding.EncodeToString(packagePublic)
	for name, text := range map[string]string{"PEM": pem, "base64": raw + "\n", "unpadded base64": strings.TrimRight(raw, "=")} {
		got, err := report.ParsePublicKey([]byte(text))
		if err != nil || !got.Equal(packagePublic) {
			t.Errorf("ParsePublicKey(%s) = %x, %v; want %x", name, got, err, packagePublic)
		}
	}
	rsa := "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END PUBLIC KEY-----\n"
	for name, text := range map[string]string{"an RSA key": rsa, "a certificate": strings.ReplaceAll(pem, "PUBLIC KEY", "CERTIFICATE"),
		"16 bytes": base64.StdEncoding.EncodeToString(packagePublic[:16]), "text": "hello"} {
		if _, err := report.ParsePublicKey([]byte(text)); err == nil || err.Error() != `the key is neither a PEM "PUBLIC KEY" block of an Ed25519 key nor the base64 of its 32 bytes` {
			t.Errorf("ParsePublicKey(%s) = %v, want it refused", name, err)
		}
	}
}

func TestReadManifestChecksNothingElse(t *testing.T) {
	data, m := writePackage(t)
	altered := rewrite(t, data, func(name string, b []byte) ([]byte, bool) { return b, name != "README.txt" })
	got, err := report.ReadManifest(bytes.NewReader(altered), int64(len(altered)))
	if err != nil || got.Organization != m.Organization || len(got.Files) != 3 {
		t.Errorf("ReadManifest = %+v, %v; want the manifest as written", got, err)
	}
	if _, err := report.ReadManifest(bytes.NewReader(data[:100]), 100); err == nil {
		t.Error("ReadManifest(truncated) succeeded")
	}
}
