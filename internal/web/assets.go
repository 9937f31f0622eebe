// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

//go:embed static
var staticFiles embed.FS

// assets serves the embedded static files. URLs carry ?v=<sha256 prefix>;
// a request with the current hash is cached for a year, immutable.
type assets struct {
	dev    bool
	dir    string
	files  map[string][]byte
	hashes map[string]string
}

func newAssets(dev bool, devDir string) (*assets, error) {
	a := &assets{dev: dev, dir: filepath.Join(devDir, "static"), files: map[string][]byte{}, hashes: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		a.files[name], a.hashes[name] = b, hex.EncodeToString(sum[:])[:12]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	return a, nil
}

// url returns the content-hashed URL of a static file; it panics on a name
// that does not exist. Templates call it as they run, so the first render
// of the template that names the file reveals it (the layout and the
// printable document page name them).
func (a *assets) url(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		panic(fmt.Sprintf("no static file %q", name))
	}
	return "/static/" + name + "?v=" + h
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	b, ok := a.files[name]
	if a.dev {
		if fb, err := os.ReadFile(filepath.Join(a.dir, filepath.FromSlash(path.Clean("/"+name)))); err == nil {
			b, ok = fb, true
		}
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if !a.dev && r.URL.Query().Get("v") == a.hashes[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
