// SPDX-License-Identifier: Apache-2.0

package report

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// allowedHTML is every element and attribute MarkdownHTML may produce.
var allowedHTML = map[string][]string{
	"p": nil, "h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"ul": nil, "ol": {"start"}, "li": nil, "blockquote": nil, "hr": nil, "br": nil,
	"em": nil, "strong": nil, "del": nil, "code": {"class"}, "pre": nil,
	"a": {"href", "title"}, "img": {"src", "alt", "title"},
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": {"align"}, "td": {"align"},
	"input": {"checked", "disabled", "type"},
	// The parser's own wrappers for a fragment.
	"html": nil, "head": nil, "body": nil,
}

// checkSafeHTML parses out as a browser would and reports every element,
// attribute or URL that is not allowed.
func checkSafeHTML(t *testing.T, src, out string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parse output: %v", err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			attrs, ok := allowedHTML[n.Data]
			if !ok {
				t.Errorf("%q: element <%s> in output %q", src, n.Data, out)
			}
			for _, a := range n.Attr {
				if !contains(attrs, a.Key) {
					t.Errorf("%q: attribute %s on <%s> in output %q", src, a.Key, n.Data, out)
				}
				if (a.Key == "href" || a.Key == "src") && !allowedScheme(a.Val) {
					t.Errorf("%q: unsafe URL %q in output %q", src, a.Val, out)
				}
				if a.Key == "type" && a.Val != "checkbox" {
					t.Errorf("%q: input of type %q in output %q", src, a.Val, out)
				}
			}
		case html.CommentNode:
			t.Errorf("%q: comment %q in output", src, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestMarkdownHTMLHostile(t *testing.T) {
	tests := []struct {
		name, src string
		// forbidden must not appear in the output (case-insensitive);
		// keep, when set, must (the text stays readable).
		forbidden []string
		keep      string
	}{
		{"script tag", "<script>alert(1)</script>", []string{"<script", "alert"}, ""},
		{"inline script tag", "Hello <script>alert(1)</script> world", []string{"<script"}, "Hello"},
		{"img onerror", `<img src=x onerror="alert(1)">`, []string{"<img", "onerror"}, ""},
		{"inline img onerror", `Look <img src=x onerror=alert(1)> here`, []string{"<img", "onerror"}, "Look"},
		{"javascript link", "[click](javascript:alert(1))", []string{"href", "javascript"}, "click"},
		{"mixed case javascript link", "[click](JaVaScRiPt:alert(1))", []string{"href"}, "click"},
		{"tab inside scheme", "[click](<java\tscript:alert(1)>)", []string{"href"}, "click"},
		{"tab entity inside scheme", "[click](java&#x09;script:alert(1))", []string{"href"}, "click"},
		{"newline entity inside scheme", "[click](java&#10;script:alert(1))", []string{"href"}, "click"},
		{"encoded j", "[click](&#106;avascript:alert(1))", []string{"href"}, "click"},
		{"named entity colon", "[click](javascript&colon;alert(1))", []string{"href"}, "click"},
		{"leading space and control", "[click](<\x01 javascript:alert(1)>)", []string{"href"}, "click"},
		{"vbscript link", "[click](vbscript:msgbox(1))", []string{"href"}, "click"},
		{"file link", "[click](file:///etc/passwd)", []string{"href"}, "click"},
		{"data image", "![pic](data:text/html,<script>alert(1)</script>)", []string{"<img", "data:"}, "pic"},
		{"data png image", "![pic](data:image/png;base64,AAAA)", []string{"<img", "data:"}, "pic"},
		{"javascript image", "![pic](javascript:alert(1))", []string{"<img"}, "pic"},
		{"reference link", "[click][x]\n\n[x]: javascript:alert(1)", []string{"href"}, "click"},
		{"angle autolink", "<javascript:alert(1)>", []string{"href"}, ""},
		{"raw anchor", `<a href="javascript:alert(1)">raw</a>`, []string{"<a", "href"}, "raw"},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}, ""},
		{"inline iframe", `Text <iframe src="https://evil.example"></iframe>`, []string{"<iframe"}, "Text"},
		{"svg onload", `<svg onload="alert(1)"><circle r="1"/></svg>`, []string{"<svg", "onload"}, ""},
		{"style tag", "<style>body{display:none}</style>", []string{"<style", "display"}, ""},
		{"event handler on div", `<div onclick="alert(1)">text</div>`, []string{"onclick", "<div"}, ""},
		{"object and embed", `<object data="x.swf"></object><embed src="x.swf">`, []string{"<object", "<embed"}, ""},
		{"form", `<form action="https://evil.example"><input name=p></form>`, []string{"<form", "name="}, ""},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, []string{"<meta", "refresh"}, ""},
		{"entity-encoded tag stays text", "&lt;script&gt;alert(1)&lt;/script&gt;", []string{"<script"}, "&lt;script&gt;"},
		{"code fence info string", "```x\" onclick=\"alert(1)\nbody\n```", []string{`" onclick`}, "body"},
		{"title attribute quote", `[a](https://example.com "t\" onmouseover=\"alert(1)")`, []string{`" onmouseover`}, "a"},
		{"html comment", "<!-- secret -->\ntext", []string{"secret", "<!--"}, "text"},
		{"cdata", "<![CDATA[<script>alert(1)</script>]]>", []string{"<script"}, ""},
		{"link inside unsafe image", "![alt [in](javascript:1)](javascript:2)", []string{"href", "<img"}, "alt"},
		{"ftp linkified", "see ftp://files.example.com/x", []string{"href"}, "ftp://files.example.com/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := MarkdownHTML(tt.src)
			low := strings.ToLower(out)
			for _, f := range tt.forbidden {
				if strings.Contains(low, strings.ToLower(f)) {
					t.Errorf("output contains %q: %q", f, out)
				}
			}
			if tt.keep != "" && !strings.Contains(out, tt.keep) {
				t.Errorf("output lost %q: %q", tt.keep, out)
			}
			checkSafeHTML(t, tt.src, out)
		})
	}
}

func TestMarkdownHTMLRenders(t *testing.T) {
	src := "# Policy\n\n## Scope\n\nThis is **bold**, _italic_, ~~gone~~ and `code`.\n\n" +
		"- one\n- two\n  1. nested\n\n3. three\n4. four\n\n" +
		"| Role | Duty |\n|:-----|-----:|\n| Owner | Approves |\n\n" +
		"```\nline <1>\n```\n\n> quoted\n\n---\n\n" +
		"[site](https://example.com/a?b=1&c=2) [mail](mailto:security@example.com) " +
		"[doc](../documents/DOC-1) [top](#scope) www.example.org ![logo](/static/logo.png)\n"
	out := MarkdownHTML(src)
	for _, want := range []string{
		"<h1>Policy</h1>", "<h2>Scope</h2>", "<strong>bold</strong>", "<em>italic</em>", "<del>gone</del>",
		"<code>code</code>", "<ul>", "<li>one</li>", `<ol>`, "<li>nested</li>", `<ol start="3">`,
		`<th align="left">Role</th>`, `<td align="right">Approves</td>`, "<pre><code>line &lt;1&gt;\n</code></pre>",
		"<blockquote>", "<hr>", `<a href="https://example.com/a?b=1&amp;c=2">site</a>`,
		`<a href="mailto:security@example.com">mail</a>`, `<a href="../documents/DOC-1">doc</a>`,
		`<a href="#scope">top</a>`, `<a href="http://www.example.org">www.example.org</a>`,
		`<img src="/static/logo.png" alt="logo">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	checkSafeHTML(t, src, out)
}

func TestSafeURL(t *testing.T) {
	for url, want := range map[string]bool{
		"https://example.com": true, "HTTP://example.com": true, "mailto:a@example.com": true,
		"/documents/1": true, "../x": true, "x.html": true, "#top": true, "?q=1": true, "": true,
		"javascript:alert(1)": false, " JAVASCRIPT:x": false, "java\nscript:x": false, "java\u200bscript:x": false,
		"data:image/png;base64,AA": false, "vbscript:x": false, "ftp://x": false, "tel:123": false,
		"javascript%3Aalert(1)": false, "&#x6A;avascript:x": false,
	} {
		if got := safeURL([]byte(url)); got != want {
			t.Errorf("safeURL(%q) = %v, want %v", url, got, want)
		}
	}
}

func FuzzMarkdownHTML(f *testing.F) {
	for _, s := range []string{
		"# t\n\n[a](javascript:x) <b onclick=x>b</b>", "![x](data:x)", "<javascript:x>", "| a |\n|---|\n| <i> |",
		"[x](<java\tscript:1>)", "```\n<script>\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkSafeHTML(t, src, MarkdownHTML(src))
	})
}
