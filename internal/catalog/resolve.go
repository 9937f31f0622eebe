// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Resolver resolves OSCAL profiles into catalogs following NIST's
// profile resolution specification.
type Resolver struct {
	// Loader supplies imported documents. It is required.
	Loader Loader
	// Now stamps the result (metadata last-modified and the
	// resolution-timestamp property); time.Now when nil.
	Now func() time.Time
	// NewUUID gives the resolved catalog its uuid; a random version 4
	// UUID when nil.
	NewUUID func() string
}

// Resolution is a resolved profile.
type Resolution struct {
	Catalog *Catalog
	// Warnings lists directives that had no effect, such as a
	// set-parameter for a parameter the result does not have.
	Warnings []string
}

// Resolve loads the profile called name with the Loader and resolves it.
func (r *Resolver) Resolve(name string) (*Resolution, error) {
	loaded, data, err := r.Loader.Load(name, "")
	if err != nil {
		return nil, newError(Problem{File: name, Message: "cannot be loaded: " + loadReason(err)})
	}
	doc, err := Read(loaded, data)
	if err != nil {
		return nil, err
	}
	return r.ResolveDocument(doc)
}

// ResolveDocument resolves a profile that has been read already; its
// imports are loaded relative to doc.Name.
func (r *Resolver) ResolveDocument(doc *Document) (*Resolution, error) {
	if doc.Profile == nil {
		return nil, errorf(doc.Name, position{}, "", "is an OSCAL catalog, not a profile: there is nothing to resolve")
	}
	x := &run{r: r, docs: map[string]*Document{doc.Name: doc}, now: time.Now()}
	if r.Now != nil {
		x.now = r.Now()
	}
	c, err := x.resolve(doc, nil)
	if err != nil {
		return nil, err
	}
	return &Resolution{Catalog: c, Warnings: x.warnings}, nil
}

// run is the state of one resolution: the documents read so far and the
// warnings.
type run struct {
	r        *Resolver
	docs     map[string]*Document
	now      time.Time
	warnings []string
}

func (x *run) warn(file, format string, args ...any) {
	x.warnings = append(x.warnings, file+": "+fmt.Sprintf(format, args...))
}

// resolve resolves a profile; stack holds the names of the profiles that
// are importing it, to detect circular imports.
func (x *run) resolve(doc *Document, stack []string) (*Catalog, error) {
	stack = append(slices.Clip(stack), doc.Name)
	p := doc.Profile
	sels := make([]*selection, 0, len(p.Imports))
	for i, imp := range p.Imports {
		src, name, err := x.source(doc, i, stack)
		if err != nil {
			return nil, err
		}
		sels = append(sels, selectControls(src, imp, name))
	}
	c := merge(p.Merge, sels, doc.Name)
	x.modify(c, p.Modify, doc.Name)
	x.finish(c, doc, sels)
	return c, nil
}

// source loads what import i of doc refers to and returns it as a
// catalog, resolving it first when it is a profile.
func (x *run) source(doc *Document, i int, stack []string) (*Catalog, string, error) {
	imp := doc.Profile.Imports[i]
	path := fmt.Sprintf("/profile/imports/%d", i)
	fail := func(format string, args ...any) error {
		return errorf(doc.Name, doc.pos.at(path), path, "import of %q "+format, append([]any{imp.Href}, args...)...)
	}
	name, data, err := x.load(doc, imp.Href)
	if err != nil {
		return nil, "", fail("failed: %s", err.Error())
	}
	if k := slices.Index(stack, name); k >= 0 {
		chain := append(slices.Clone(stack[k:]), name)
		return nil, "", fail("is circular: %s", strings.Join(chain, " → "))
	}
	src, ok := x.docs[name]
	if !ok {
		if src, err = Read(name, data); err != nil {
			var e *Error
			if errors.As(err, &e) {
				intro := fail("failed: %s is not a valid OSCAL document:", name).(*Error).Problems
				return nil, "", &Error{Problems: append(intro, e.Problems...), more: e.more}
			}
			return nil, "", err
		}
		x.docs[name] = src
	}
	if src.Catalog != nil {
		return src.Catalog, name, nil
	}
	c, err := x.resolve(src, stack)
	if err != nil {
		return nil, "", err
	}
	return c, name, nil
}

// load fetches an import: a reference, or "#uuid" of a back-matter
// resource whose rlinks are tried in turn, those in the importing
// document's own format first.
func (x *run) load(doc *Document, href string) (string, []byte, error) {
	if !strings.HasPrefix(href, "#") {
		name, data, err := x.r.Loader.Load(href, doc.Name)
		if err != nil {
			return "", nil, errors.New(loadReason(err))
		}
		return name, data, nil
	}
	res := findResource(doc.Profile.BackMatter, href[1:])
	if res == nil {
		return "", nil, fmt.Errorf("the profile has no back-matter resource with uuid %s", href[1:])
	}
	if len(res.RLinks) == 0 {
		return "", nil, fmt.Errorf("back-matter resource %s has no rlink to load", href[1:])
	}
	var reasons []string
	for _, rl := range preferFormat(res.RLinks, doc.Format) {
		name, data, err := x.r.Loader.Load(rl.Href, doc.Name)
		if err == nil {
			return name, data, nil
		}
		if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrRemote) {
			return "", nil, fmt.Errorf("rlink %q: %s", rl.Href, loadReason(err))
		}
		reasons = append(reasons, fmt.Sprintf("rlink %q: %s", rl.Href, loadReason(err)))
	}
	return "", nil, fmt.Errorf("no rlink of back-matter resource %s can be loaded: %s", href[1:], strings.Join(reasons, "; "))
}

// loadReason words a loader error for users.
func loadReason(err error) string {
	return strings.TrimPrefix(err.Error(), ErrNotFound.Error()+": ")
}

func findResource(bm *BackMatter, uuid string) *Resource {
	if bm == nil {
		return nil
	}
	for i := range bm.Resources {
		if bm.Resources[i].UUID == uuid {
			return &bm.Resources[i]
		}
	}
	return nil
}

// preferFormat orders rlinks so that those in format f come first.
func preferFormat(rls []RLink, f Format) []RLink {
	out := make([]RLink, 0, len(rls))
	for pass := 0; pass < 2; pass++ {
		for _, rl := range rls {
			same := strings.Contains(rl.MediaType, string(f)) || strings.HasSuffix(strings.ToLower(rl.Href), "."+string(f))
			if same == (pass == 0) {
				out = append(out, rl)
			}
		}
	}
	return out
}

// NewUUID returns a random (version 4) UUID, as new OSCAL documents need.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
