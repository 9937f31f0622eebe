// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
)

// Loader supplies the documents a profile imports. Load returns the
// document that href refers to, as seen from the document named base
// ("" for the profile being resolved): its canonical name, which is used
// in messages, to detect circular imports and as the base of its own
// imports, and its content.
//
// A loader must wrap ErrNotFound for a document that does not exist and
// ErrRemote for one it will not fetch, so that the resolver can try a
// resource's other rlinks.
type Loader interface {
	Load(href, base string) (name string, data []byte, err error)
}

var (
	// ErrNotFound is wrapped by Loader errors for documents that do not exist.
	ErrNotFound = errors.New("document not found")
	// ErrRemote is wrapped by Loader errors for network addresses, which
	// are never fetched.
	ErrRemote = errors.New("remote documents are not fetched")
)

// FileLoader loads documents from the local file system and never from
// the network. Relative references are resolved against the directory of
// the importing document.
type FileLoader struct {
	// Dir is the directory that relative names start from ("" is the
	// working directory).
	Dir string
	// Files maps a reference, or the last element of its path, to a local
	// file that stands in for it, e.g. "NIST_SP-800-53_rev5_catalog.json"
	// → "/data/NIST_SP-800-53_rev5_catalog_5.0.1.json". This is how a URL
	// or a file kept elsewhere is supplied.
	Files map[string]string
}

// Load implements Loader.
func (l FileLoader) Load(href, base string) (string, []byte, error) {
	name, err := l.locate(href, base)
	if err != nil {
		return "", nil, err
	}
	full := filepath.FromSlash(name)
	if !filepath.IsAbs(full) && l.Dir != "" {
		full = filepath.Join(l.Dir, full)
	}
	data, err := os.ReadFile(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil, fmt.Errorf("%w: file %s does not exist", ErrNotFound, full)
	case err != nil:
		return "", nil, fmt.Errorf("read %s: %w", full, err)
	}
	return name, data, nil
}

// locate turns a reference into a file name.
func (l FileLoader) locate(href, base string) (string, error) {
	if f, ok := l.Files[href]; ok {
		return f, nil
	}
	u, err := url.Parse(href)
	if err != nil || (u.Path == "" && u.Opaque == "") {
		return "", fmt.Errorf("%w: %q is not a usable file reference", ErrNotFound, href)
	}
	if f, ok := l.Files[path.Base(u.Path)]; ok && u.Path != "" {
		return f, nil
	}
	switch {
	case u.Scheme == "file":
		return u.Path, nil
	case u.Scheme != "" || u.Host != "":
		return "", fmt.Errorf("%w: %s (supply it as a local file)", ErrRemote, href)
	case path.IsAbs(u.Path) || filepath.IsAbs(u.Path):
		return u.Path, nil
	}
	return path.Join(path.Dir(filepath.ToSlash(base)), u.Path), nil
}
