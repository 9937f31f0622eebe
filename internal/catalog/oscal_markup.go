// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// OSCAL XML markup is converted to the Markdown that the JSON form holds:
// *em*, **strong**, `code`, [text](href), {{ insert: param, id }},
// paragraphs separated by blank lines, "- " and "1. " lists, "#" headings,
// fenced code, "> " quotes and pipe tables. White space runs collapse to
// one space, as they do when XML markup is displayed.

// blockElements are the elements of markup-multiline.
var blockElements = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "pre": true, "table": true, "blockquote": true, "hr": true,
}

// inlineMarks maps inline elements to the Markdown that wraps them.
var inlineMarks = map[string]string{
	"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`", "sub": "~", "sup": "^", "q": `"`,
}

// inline reads inline markup up to the end of t. With pre set, white
// space is kept as it is.
func (r *xmlReader) inline(t xml.StartElement, path string, pre bool) (string, error) {
	var b strings.Builder
	if err := r.inlineInto(&b, t, path, pre, 0); err != nil {
		return "", err
	}
	if pre {
		return b.String(), nil
	}
	return strings.TrimSpace(b.String()), nil
}

func (r *xmlReader) inlineInto(b *strings.Builder, t xml.StartElement, path string, pre bool, depth int) error {
	if depth > 50 {
		return errorf(r.name, position{}, path, "markup nests too deeply")
	}
	for {
		tok, at, err := r.token()
		if err != nil {
			return r.eof(err, t)
		}
		switch c := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			writeText(b, c, pre)
		case xml.StartElement:
			if err := r.inlineElement(b, c, at, path, pre, depth); err != nil {
				return err
			}
		}
	}
}

// writeText appends text, collapsing runs of XML white space to one
// space unless pre is set.
func writeText(b *strings.Builder, c []byte, pre bool) {
	if pre {
		b.Write(c)
		return
	}
	if len(c) > 0 && isSpace(c[0]) && !endsWithSpace(b) {
		b.WriteByte(' ')
	}
	fields := bytes.FieldsFunc(c, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(f)
	}
	if len(fields) > 0 && isSpace(c[len(c)-1]) {
		b.WriteByte(' ')
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func endsWithSpace(b *strings.Builder) bool {
	s := b.String()
	return s == "" || isSpace(s[len(s)-1])
}

// inlineElement converts one inline element.
func (r *xmlReader) inlineElement(b *strings.Builder, c xml.StartElement, at position, path string, pre bool, depth int) error {
	if c.Name.Space != OSCALNamespace {
		return errorf(r.name, at, path, "unknown element <%s> in text (namespace %q)", c.Name.Local, c.Name.Space)
	}
	attr := func(name string) string {
		for _, a := range c.Attr {
			if a.Name.Space == "" && a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	switch name := c.Name.Local; {
	case inlineMarks[name] != "":
		m := inlineMarks[name]
		b.WriteString(m)
		if err := r.inlineInto(b, c, path, pre, depth+1); err != nil {
			return err
		}
		trimTrailingSpace(b)
		b.WriteString(m)
	case name == "a":
		b.WriteString("[")
		if err := r.inlineInto(b, c, path, pre, depth+1); err != nil {
			return err
		}
		trimTrailingSpace(b)
		b.WriteString("](" + attr("href") + ")")
	case name == "insert":
		fmt.Fprintf(b, "{{ insert: %s, %s }}", attr("type"), attr("id-ref"))
		return r.skipEmpty(c, at, path)
	case name == "img":
		b.WriteString("![" + attr("alt") + "](" + attr("src") + ")")
		return r.skipEmpty(c, at, path)
	case name == "br":
		b.WriteString("\n")
		return r.skipEmpty(c, at, path)
	default:
		return errorf(r.name, at, path, "element <%s> is not allowed in text", name)
	}
	return nil
}

func trimTrailingSpace(b *strings.Builder) {
	s := b.String()
	if t := strings.TrimRight(s, " \t\r\n"); len(t) != len(s) {
		b.Reset()
		b.WriteString(t)
	}
}

// skipEmpty reads the end of an element that must be empty.
func (r *xmlReader) skipEmpty(c xml.StartElement, at position, path string) error {
	for {
		tok, tat, err := r.token()
		if err != nil {
			return r.eof(err, c)
		}
		switch x := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(x)) > 0 {
				return errorf(r.name, tat, path, "<%s> must be empty", c.Name.Local)
			}
		case xml.StartElement:
			return errorf(r.name, at, path, "<%s> must be empty", c.Name.Local)
		}
	}
}

// blocks reads block markup (markup-multiline) up to the end of t. Text
// and inline elements outside a block form a paragraph.
func (r *xmlReader) blocks(t xml.StartElement, path string) (string, error) {
	var out []string
	var para strings.Builder
	flush := func() {
		if s := strings.TrimSpace(para.String()); s != "" {
			out = append(out, s)
		}
		para.Reset()
	}
	for {
		tok, at, err := r.token()
		if err != nil {
			return "", r.eof(err, t)
		}
		switch c := tok.(type) {
		case xml.EndElement:
			flush()
			return strings.Join(out, "\n\n"), nil
		case xml.CharData:
			writeText(&para, c, false)
		case xml.StartElement:
			if c.Name.Space == OSCALNamespace && blockElements[c.Name.Local] {
				flush()
				md, err := r.block(c, at, path, 0)
				if err != nil {
					return "", err
				}
				out = append(out, md)
				continue
			}
			if err := r.inlineElement(&para, c, at, path, false, 0); err != nil {
				return "", err
			}
		}
	}
}

// block converts one block element.
func (r *xmlReader) block(c xml.StartElement, at position, path string, depth int) (string, error) {
	if depth > 20 {
		return "", errorf(r.name, at, path, "markup nests too deeply")
	}
	switch name := c.Name.Local; name {
	case "p":
		return r.inline(c, path, false)
	case "h1", "h2", "h3", "h4", "h5", "h6":
		s, err := r.inline(c, path, false)
		n, _ := strconv.Atoi(name[1:])
		return strings.Repeat("#", n) + " " + s, err
	case "pre":
		s, err := r.inline(c, path, true)
		return "```\n" + strings.Trim(s, "\r\n") + "\n```", err
	case "hr":
		return "---", r.skipEmpty(c, at, path)
	case "blockquote":
		s, err := r.blocks(c, path)
		return "> " + strings.ReplaceAll(s, "\n", "\n> "), err
	case "ul", "ol":
		return r.list(c, path, name == "ol", depth)
	case "table":
		return r.table(c, path)
	}
	return "", errorf(r.name, at, path, "element <%s> is not allowed in text", c.Name.Local)
}

// list converts <ul> or <ol>; nested lists are indented.
func (r *xmlReader) list(c xml.StartElement, path string, ordered bool, depth int) (string, error) {
	var items []string
	for {
		tok, at, err := r.token()
		if err != nil {
			return "", r.eof(err, c)
		}
		switch x := tok.(type) {
		case xml.EndElement:
			return strings.Join(items, "\n"), nil
		case xml.CharData:
			if len(bytes.TrimSpace(x)) > 0 {
				return "", errorf(r.name, at, path, "text is not allowed directly in <%s>", c.Name.Local)
			}
		case xml.StartElement:
			if x.Name.Space != OSCALNamespace || x.Name.Local != "li" {
				return "", errorf(r.name, at, path, "element <%s> is not allowed in <%s>", x.Name.Local, c.Name.Local)
			}
			marker := "- "
			if ordered {
				marker = strconv.Itoa(len(items)+1) + ". "
			}
			s, err := r.listItem(x, path, depth)
			if err != nil {
				return "", err
			}
			items = append(items, strings.Repeat("  ", depth)+marker+s)
		}
	}
}

// listItem converts the content of <li>: inline text, paragraphs and
// nested lists.
func (r *xmlReader) listItem(c xml.StartElement, path string, depth int) (string, error) {
	var b strings.Builder
	var nested []string
	for {
		tok, at, err := r.token()
		if err != nil {
			return "", r.eof(err, c)
		}
		switch x := tok.(type) {
		case xml.EndElement:
			s := strings.TrimSpace(b.String())
			for _, n := range nested {
				s += "\n" + n
			}
			return s, nil
		case xml.CharData:
			writeText(&b, x, false)
		case xml.StartElement:
			switch {
			case x.Name.Space == OSCALNamespace && (x.Name.Local == "ul" || x.Name.Local == "ol"):
				s, err := r.list(x, path, x.Name.Local == "ol", depth+1)
				if err != nil {
					return "", err
				}
				nested = append(nested, s)
			case x.Name.Space == OSCALNamespace && x.Name.Local == "p":
				s, err := r.inline(x, path, false)
				if err != nil {
					return "", err
				}
				writeText(&b, []byte(" "+s), false)
			default:
				if err := r.inlineElement(&b, x, at, path, false, 0); err != nil {
					return "", err
				}
			}
		}
	}
}

// table converts a table to a pipe table; the first row is the header.
func (r *xmlReader) table(c xml.StartElement, path string) (string, error) {
	var rows []string
	for {
		tok, at, err := r.token()
		if err != nil {
			return "", r.eof(err, c)
		}
		switch x := tok.(type) {
		case xml.EndElement:
			return strings.Join(rows, "\n"), nil
		case xml.CharData:
			if len(bytes.TrimSpace(x)) > 0 {
				return "", errorf(r.name, at, path, "text is not allowed directly in <table>")
			}
		case xml.StartElement:
			if x.Name.Space != OSCALNamespace || x.Name.Local != "tr" {
				return "", errorf(r.name, at, path, "element <%s> is not allowed in <table>", x.Name.Local)
			}
			cells, err := r.tableRow(x, path)
			if err != nil {
				return "", err
			}
			rows = append(rows, "| "+strings.Join(cells, " | ")+" |")
			if len(rows) == 1 {
				rows = append(rows, "|"+strings.Repeat(" --- |", len(cells)))
			}
		}
	}
}

func (r *xmlReader) tableRow(c xml.StartElement, path string) ([]string, error) {
	var cells []string
	for {
		tok, at, err := r.token()
		if err != nil {
			return nil, r.eof(err, c)
		}
		switch x := tok.(type) {
		case xml.EndElement:
			return cells, nil
		case xml.CharData:
			if len(bytes.TrimSpace(x)) > 0 {
				return nil, errorf(r.name, at, path, "text is not allowed directly in <tr>")
			}
		case xml.StartElement:
			if x.Name.Space != OSCALNamespace || (x.Name.Local != "td" && x.Name.Local != "th") {
				return nil, errorf(r.name, at, path, "element <%s> is not allowed in <tr>", x.Name.Local)
			}
			s, err := r.inline(x, path, false)
			if err != nil {
				return nil, err
			}
			cells = append(cells, strings.ReplaceAll(s, "|", `\|`))
		}
	}
}
