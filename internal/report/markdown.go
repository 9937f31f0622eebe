// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"html"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Documents are written in Markdown by the organization's members and read
// by everyone in their audience, so the Markdown is untrusted: it must not
// be able to run script in a reader's browser or point a reader at a
// script URL. Two rules make it safe. Raw HTML is never rendered (the
// renderer runs without its unsafe option, and the sanitizer below drops
// raw HTML nodes from the tree). Links, images and autolinks keep only
// destinations with an allowed scheme (http, https, mailto) or none at all
// (relative paths and #fragments); any other destination turns the link
// into its plain text. Table alignment is rendered as the align attribute,
// never as a style attribute, which the content security policy forbids.

// markdown is the shared parser and renderer, safe for concurrent use.
var markdown = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
	),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(sanitizer{}, 1000))),
)

// MarkdownHTML renders Markdown to safe HTML: GitHub-flavoured Markdown
// (tables, strikethrough, autolinks, task lists) with raw HTML dropped and
// links and images whose destination is not http, https, mailto or
// relative replaced by their text. Text is always escaped, and no
// attribute other than the renderer's own (href, src, alt, title, align,
// start, checkbox state, code language class) can appear.
func MarkdownHTML(src string) string {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		// Rendering into a buffer cannot fail; show the text escaped if
		// it ever does rather than nothing.
		return "<pre>" + html.EscapeString(src) + "</pre>"
	}
	return b.String()
}

// parseMarkdown parses src into its sanitized tree, for renderers other
// than HTML (the PDF).
func parseMarkdown(src []byte) ast.Node {
	return markdown.Parser().Parse(text.NewReader(src))
}

// sanitizer removes raw HTML and unsafe destinations from a parsed tree.
type sanitizer struct{}

// Transform implements parser.ASTTransformer.
func (sanitizer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var drop, unwrap []ast.Node
	var relabel []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			drop = append(drop, n)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if !safeURL(n.Destination) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if !safeURL(n.Destination) {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			u := n.URL(source)
			if n.AutoLinkType == ast.AutoLinkEmail {
				u = append([]byte("mailto:"), u...)
			}
			if !safeURL(u) {
				relabel = append(relabel, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range relabel {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(source)))
	}
	// Inner links first: a link inside an unsafe image's alt text is
	// moved out with it and stays checked.
	for i := len(unwrap) - 1; i >= 0; i-- {
		n := unwrap[i]
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// safeURL reports whether a link or image destination, as written in
// Markdown (with backslash escapes and character references), is safe to
// follow: its scheme is http, https or mailto, or it has none (a relative
// path or a #fragment). Whatever way the destination is read — as
// written, with references resolved, or percent-decoded — it must pass,
// so that "JaVaScRiPt:", "java&#x09;script:" and "java\tscript:" are
// refused like "javascript:".
func safeURL(dest []byte) bool {
	resolved := util.URLEscape(dest, true)
	forms := []string{
		string(dest),
		html.UnescapeString(string(util.UnescapePunctuations(dest))),
		string(resolved),
		percentDecode(string(resolved)),
	}
	for _, f := range forms {
		if !allowedScheme(f) {
			return false
		}
	}
	return true
}

// allowedScheme checks one reading of a destination. Browsers ignore tabs
// and line breaks anywhere in a URL and control characters and spaces
// around it, so all of them are removed before the scheme is read.
func allowedScheme(s string) bool {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' {
		return true // no scheme: relative path, query or fragment
	}
	switch strings.ToLower(s[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// percentDecode decodes %XX sequences leniently, leaving malformed ones.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
