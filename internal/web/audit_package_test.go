// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// download GETs or POSTs path as c and returns the body of a 200 answer.
func download(t *testing.T, c *client, path string, form url.Values) (*http.Response, []byte) {
	t.Helper()
	resp := c.get(path)
	if form != nil {
		resp = c.post(path, form)
	}
	b := []byte(body(t, resp))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s = %d\n%s", path, resp.StatusCode, b)
	}
	return resp, b
}

func TestAuditPackageDownloadVerifiesWithTheOrganizationsKey(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		resp := f.mgrC.post("/audit-package", url.Values{"framework": {"iso27001-2022"}, "from": {"2026-01-01"}, "to": {"1 March"}})
		wantStatus(t, "a package with a bad period", resp, http.StatusUnprocessableEntity)
		if got := fieldError(page(t, resp), "to"); got != "Give the end of the period as YYYY-MM-DD." {
			t.Errorf("error beside to = %q", got)
		}

		doc := page(t, f.danaC.get("/audit-package"))
		framework, _ := doc.Find("#f-framework option[selected]").Attr("value")
		resp, zip := download(t, f.danaC, "/audit-package", url.Values{"framework": {framework}, "from": {"2025-03-02"}, "to": {"2026-03-02"}})
		for k, want := range map[string]string{
			"Content-Type":        "application/zip",
			"Content-Disposition": `attachment; filename="audit-package-acme-iso27001-2022-2026-03-02.zip"; filename*=UTF-8''audit-package-acme-iso27001-2022-2026-03-02.zip`,
			"Cache-Control":       "private, no-store",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		if resp.Header.Get("Content-Length") != "" {
			t.Error("the package has a Content-Length: it was buffered, not streamed")
		}
		key, err := f.h.app.SigningKey(context.Background(), f.asMgr)
		if err != nil {
			t.Fatalf("SigningKey after the first package: %v", err)
		}
		v, err := report.VerifyPackage(bytes.NewReader(zip), int64(len(zip)), key.PublicKey)
		if err != nil || !v.OK() {
			t.Fatalf("VerifyPackage = %+v, %v", v, err)
		}
		if v.Manifest.KeyID != key.Fingerprint || v.Manifest.Organization.Slug != "acme" || v.Manifest.To != "2026-03-02" {
			t.Errorf("manifest: key %s, organization %s, to %s", v.Manifest.KeyID, v.Manifest.Organization.Slug, v.Manifest.To)
		}

		html := scopeGet(t, f.viewC, "/signing-key", http.StatusOK)
		scopeWant(t, "the signing key page", html, "-----BEGIN PUBLIC KEY-----", `href="/signing-key.pem"`, "isms-acme-signing-key.pem")
		doc = page(t, f.viewC.get("/signing-key"))
		if got, pemText := text(doc, "#key-fingerprint"), text(doc, "#key-pem"); got != key.Fingerprint || pemText != strings.TrimSpace(key.PEM) {
			t.Errorf("the key page shows %q and\n%s", got, pemText)
		}
		if strings.Contains(html, "Generate the key now") {
			t.Error("the key page offers to generate a key that exists")
		}
		resp, b := download(t, f.viewC, "/signing-key.pem", nil)
		if got := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(got, `attachment; filename="isms-acme-signing-key.pem"`) {
			t.Errorf("Content-Disposition = %q", got)
		}
		block, _ := pem.Decode(b)
		if block == nil || block.Type != "PUBLIC KEY" {
			t.Fatalf("the download is not a PEM public key:\n%s", b)
		}
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if ed, ok := pub.(ed25519.PublicKey); err != nil || !ok || !ed.Equal(key.PublicKey) {
			t.Errorf("the downloaded key = %T %v, want the organization's Ed25519 key", pub, err)
		}
	})
}

func TestSigningKeyIsGeneratedFromItsPage(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newCertFixture(t, db)
		if st := status(t, f.viewC, "/signing-key.pem"); st != http.StatusNotFound {
			t.Errorf("the key before it exists = %d, want 404", st)
		}
		if strings.Contains(scopeGet(t, f.viewC, "/signing-key", http.StatusOK), "Generate the key now") {
			t.Error("a viewer is offered to generate the key")
		}
		loc := postRedirect(t, f.danaC, "/signing-key", nil)
		key, err := f.h.app.SigningKey(context.Background(), f.asMgr)
		if err != nil {
			t.Fatal(err)
		}
		if got := flashText(t, f.danaC, loc); got != "The signing key is ready: "+key.Fingerprint+"." {
			t.Errorf("flash = %q", got)
		}
		if got := text(page(t, f.mgrC.get("/audit-package")), "#verify-heading + p code"); got != key.Fingerprint {
			t.Errorf("the package page names the key %q, want %s", got, key.Fingerprint)
		}
	})
}
