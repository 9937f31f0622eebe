// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"archive/zip"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// certPackage has the manager build the audit package on /audit-package
// and download it with the browser's session, beside the public key of
// /signing-key.pem; "isms verify" accepts the package, and refuses it,
// naming the file, once one byte of the audit trail's events is changed.
func certPackage(b *journeyBrowser) {
	b.step("C10. build the audit package on /audit-package and download it with the manager's session")
	b.navigate(b.base + "/audit-package")
	b.wantText("main h1", "Audit package")
	b.wantTextContains("#verify-command", "isms verify")
	b.screenshot("audit-package")
	form := url.Values{"framework": {b.value("#f-framework")}, "from": {b.value("#f-from")}, "to": {b.value("#f-to")}}
	resp, data := b.fetch(http.MethodPost, "/audit-package", b.attr(`main form input[name="csrf"]`, "value"), form)
	name := "audit-package-" + jOrgSlug + "-iso27001-2022-" + form.Get("to") + ".zip"
	disp, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" || disp != "attachment" || params["filename"] != name {
		b.fatalf("POST /audit-package: %s, %s, %s; want 200, a zip named %s", resp.Status, resp.Header.Get("Content-Type"),
			resp.Header.Get("Content-Disposition"), name)
	}
	dir := b.t.TempDir()
	pkg, key := filepath.Join(dir, name), filepath.Join(dir, "key.pem")
	writeJourneyFile(b, pkg, data)

	b.step("C11. download the public key from /signing-key.pem; the signing key page shows its fingerprint")
	resp, pem := b.fetch(http.MethodGet, "/signing-key.pem", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(pem), "-----BEGIN PUBLIC KEY-----") {
		b.fatalf("GET /signing-key.pem: %s, %q; want 200 and a PEM public key", resp.Status, pem)
	}
	writeJourneyFile(b, key, pem)
	b.navigate(b.base + "/signing-key")
	fingerprint := b.text("#key-fingerprint")
	b.screenshot("signing-key")

	b.step("C12. isms verify PACKAGE --key KEY.pem: exit status 0 and OK")
	noDB := "sqlite:" + filepath.Join(dir, "none.db")
	out, err := run(b.t, noDB, "verify", pkg, "--key", key)
	if err != nil || !strings.Contains(out, "OK: ") || !strings.Contains(out, "signature valid (key "+fingerprint+")") {
		b.fatalf("isms verify = %v\n%s\nwant OK with the key %s", err, out, fingerprint)
	}

	b.step("C13. change one byte of audit-trail/events.jsonl: isms verify fails and names it")
	tampered := filepath.Join(dir, "tampered.zip")
	changeZipEntry(b, pkg, tampered, "audit-trail/events.jsonl")
	out, err = run(b.t, noDB, "verify", tampered, "--key", key)
	if err == nil || !strings.Contains(out, "changed: audit-trail/events.jsonl\n") || !strings.Contains(out, "FAILED: 1 changed, 0 missing, 0 added") {
		b.fatalf("isms verify of the changed package = %v\n%s\nwant a failure naming audit-trail/events.jsonl", err, out)
	}
}

// certAuditorViews checks that the audit trail, filtered on
// auditor.view, lists the pages the auditor opened, the request at
// requestPath among them, and nothing else.
func certAuditorViews(b *journeyBrowser, requestPath string) {
	b.step("C14. the audit trail filtered on auditor.view lists the auditor's page views")
	b.navigate(b.base + "/audit?action=auditor.view")
	rows := b.count("main table.list tbody tr")
	events := b.text("main table.list tbody")
	if rows < 5 || strings.Count(events, "auditor.view") != rows || strings.Count(events, cAuditorName) < rows ||
		!strings.Contains(events, requestPath) {
		b.fatalf("the audit trail filtered on auditor.view has %d rows; want at least 5, each an auditor.view of %s, one of %s:\n%s",
			rows, cAuditorName, requestPath, events)
	}
	b.screenshot("auditor-views")
}

// fetch sends a request to the server with the tab's cookies, as the
// member signed in there, and returns the response and its body. csrf,
// when set, goes in the X-CSRF-Token header; form, when set, is the body.
func (b *journeyBrowser) fetch(method, path, csrf string, form url.Values) (*http.Response, []byte) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, journeyStepTimeout)
	defer cancel()
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base}})
	if err != nil {
		b.fatalf("read the tab's cookies: %v", err)
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(context.Background(), method, b.base+path, body)
	if err != nil {
		b.fatalf("%s %s: %v", method, path, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.fatalf("%s %s: read the body: %v", method, path, err)
	}
	return resp, data
}

// writeJourneyFile writes data to name.
func writeJourneyFile(b *journeyBrowser, name string, data []byte) {
	b.t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// changeZipEntry copies the zip src to dst, every entry as it was but one
// byte in the middle of entry's data, flipped.
func changeZipEntry(b *journeyBrowser, src, dst, entry string) {
	b.t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		b.t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.t.Fatal(err)
	}
	defer out.Close()
	zw, changed := zip.NewWriter(out), false
	for _, f := range zr.File {
		data := readZipEntry(b.t, f)
		if f.Name == entry && len(data) > 0 {
			data[len(data)/2] ^= 0x01
			changed = true
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			b.t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		b.t.Fatal(err)
	}
	if !changed {
		b.fatalf("the package has no entry %s with data to change", entry)
	}
}

// readZipEntry returns the data of f.
func readZipEntry(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
