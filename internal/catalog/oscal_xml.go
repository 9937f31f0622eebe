// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// OSCALNamespace is the XML namespace of OSCAL 1.x documents.
const OSCALNamespace = "http://csrc.nist.gov/ns/oscal/1.0"

const (
	xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"
	xmlNamespace = "http://www.w3.org/XML/1998/namespace"
)

// xmlReader reads OSCAL XML strictly against the model table into the
// values the JSON form of the document would have.
type xmlReader struct {
	name  string
	d     *xml.Decoder
	pos   positions
	depth int
}

// parseXML reads an OSCAL catalog or profile in XML. Unknown, misplaced
// or repeated elements and unknown attributes are errors at line:column;
// DOCTYPE declarations (and with them external entities) are refused.
func parseXML(name string, data []byte) (any, positions, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	r := &xmlReader{name: name, d: d, pos: positions{}}
	for {
		tok, at, err := r.token()
		if errors.Is(err, errEOF) {
			return nil, nil, errorf(name, at, "", "has no root element")
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, nil, errorf(name, at, "", "DOCTYPE and other declarations are not allowed in OSCAL XML")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, nil, errorf(name, at, "", "text before the root element")
			}
		case xml.StartElement:
			root, err := r.root(t, at)
			if err != nil {
				return nil, nil, err
			}
			return root, r.pos, r.trailer()
		}
	}
}

// root reads the document element.
func (r *xmlReader) root(t xml.StartElement, at position) (any, error) {
	var def *xDef
	switch t.Name.Local {
	case "catalog":
		def = xdCatalog
	case "profile":
		def = xdProfile
	}
	switch {
	case t.Name.Space != OSCALNamespace && def != nil:
		return nil, errorf(r.name, at, "", "root element <%s> is not in the OSCAL namespace %s", t.Name.Local, OSCALNamespace)
	case def == nil:
		return nil, errorf(r.name, at, "", "root element <%s> is not an OSCAL catalog or profile", t.Name.Local)
	}
	r.pos["/"] = at
	v, err := r.object(t, at, def, "/"+t.Name.Local)
	if err != nil {
		return nil, err
	}
	return map[string]any{t.Name.Local: v}, nil
}

// trailer checks that only comments and white space follow the root.
func (r *xmlReader) trailer() error {
	for {
		tok, at, err := r.token()
		if errors.Is(err, errEOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errorf(r.name, at, "", "text after the root element")
			}
		case xml.StartElement:
			return errorf(r.name, at, "", "element <%s> after the root element", t.Name.Local)
		case xml.Directive:
			return errorf(r.name, at, "", "DOCTYPE and other declarations are not allowed in OSCAL XML")
		}
	}
}

var errEOF = errors.New("end of document")

// token returns the next token and where it starts.
func (r *xmlReader) token() (xml.Token, position, error) {
	line, col := r.d.InputPos()
	at := position{line, col}
	tok, err := r.d.Token()
	if err == io.EOF {
		return nil, at, errEOF
	}
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, at, errorf(r.name, position{line: se.Line}, "", "invalid XML: %s", se.Msg)
		}
		return nil, at, errorf(r.name, at, "", "invalid XML: %v", err)
	}
	return tok, at, nil
}

// attrs copies the attributes an element may have into out.
func (r *xmlReader) attrs(t xml.StartElement, at position, path string, def *xDef, out map[string]any) error {
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns", a.Name.Space == "" && a.Name.Local == "xmlns",
			a.Name.Space == xsiNamespace, a.Name.Space == xmlNamespace:
			continue
		case a.Name.Space != "" || !def.hasAttr(a.Name.Local):
			return errorf(r.name, at, path, "unknown attribute %q on <%s>", attrName(a.Name), t.Name.Local)
		}
		out[a.Name.Local] = a.Value
	}
	return nil
}

func attrName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// object reads an element with attributes and child elements.
func (r *xmlReader) object(t xml.StartElement, at position, def *xDef, path string) (map[string]any, error) {
	if r.depth++; r.depth > maxNesting {
		return nil, errorf(r.name, at, path, "the document nests too deeply")
	}
	defer func() { r.depth-- }()
	r.pos[path] = at
	out := map[string]any{}
	if err := r.attrs(t, at, path, def, out); err != nil {
		return nil, err
	}
	if def.value != "" {
		return out, r.value(t, at, def, path, out)
	}
	st := &content{seq: -1}
	for {
		tok, cat, err := r.token()
		if err != nil {
			return nil, r.eof(err, t)
		}
		switch c := tok.(type) {
		case xml.EndElement:
			if len(st.prose) > 0 {
				out[def.prose] = strings.Join(st.prose, "\n\n")
			}
			return out, nil
		case xml.CharData:
			if len(bytes.TrimSpace(c)) > 0 {
				return nil, errorf(r.name, cat, path, "text is not allowed directly in <%s>", t.Name.Local)
			}
		case xml.StartElement:
			if err := r.content(t, c, cat, def, path, st, out); err != nil {
				return nil, err
			}
		}
	}
}

// content is where reading an element's children has got to: the
// sequence position of the last child, its name, and the prose so far.
type content struct {
	seq   int
	after string
	prose []string
}

// content reads child element c of parent t, checking that it is allowed
// there and comes in order.
func (r *xmlReader) content(t, c xml.StartElement, at position, def *xDef, path string, st *content, out map[string]any) error {
	if c.Name.Space != OSCALNamespace {
		return errorf(r.name, at, path, "unknown element <%s> in <%s> (namespace %q)", c.Name.Local, t.Name.Local, c.Name.Space)
	}
	if def.prose != "" && blockElements[c.Name.Local] {
		if def.proseSeq < st.seq {
			return misplaced(r.name, at, path, c.Name.Local, t.Name.Local, st.after)
		}
		st.seq, st.after = def.proseSeq, c.Name.Local
		md, err := r.block(c, at, path, 0)
		st.prose = append(st.prose, md)
		return err
	}
	ch := def.child(c.Name.Local)
	if ch == nil {
		return errorf(r.name, at, path, "unknown element <%s> in <%s>", c.Name.Local, t.Name.Local)
	}
	if ch.seq < st.seq {
		return misplaced(r.name, at, path, c.Name.Local, t.Name.Local, st.after)
	}
	st.seq, st.after = ch.seq, c.Name.Local
	return r.child(c, at, ch, path, out)
}

func misplaced(file string, at position, path, el, parent, after string) error {
	return errorf(file, at, path, "element <%s> is misplaced in <%s>: it must come before <%s>", el, parent, after)
}

// eof turns the end of input inside an element into a message naming it.
func (r *xmlReader) eof(err error, t xml.StartElement) error {
	if errors.Is(err, errEOF) {
		line, col := r.d.InputPos()
		return errorf(r.name, position{line, col}, "", "invalid XML: element <%s> is not closed", t.Name.Local)
	}
	return err
}

// child reads a child element into out under its JSON key.
func (r *xmlReader) child(t xml.StartElement, at position, ch *xChild, path string, out map[string]any) error {
	key := pointer(path, ch.key)
	if !ch.many {
		if _, dup := out[ch.key]; dup {
			return errorf(r.name, at, path, "element <%s> may appear only once here", t.Name.Local)
		}
		v, err := r.element(t, at, ch.def, key)
		if err != nil {
			return err
		}
		out[ch.key] = v
		return nil
	}
	list, _ := out[ch.key].([]any)
	if ch.wrap != "" {
		if list != nil {
			return errorf(r.name, at, path, "element <%s> may appear only once here", t.Name.Local)
		}
		items, err := r.wrapped(t, at, ch, key)
		if err != nil {
			return err
		}
		out[ch.key] = items
		return nil
	}
	v, err := r.element(t, at, ch.def, pointer(key, strconv.Itoa(len(list))))
	if err != nil {
		return err
	}
	out[ch.key] = append(list, v)
	return nil
}

// wrapped reads a grouping element such as <revisions> whose children
// are all items of one kind.
func (r *xmlReader) wrapped(t xml.StartElement, at position, ch *xChild, path string) ([]any, error) {
	r.pos[path] = at
	if err := r.attrs(t, at, path, &xDef{}, nil); err != nil {
		return nil, err
	}
	items := []any{}
	for {
		tok, cat, err := r.token()
		if err != nil {
			return nil, r.eof(err, t)
		}
		switch c := tok.(type) {
		case xml.EndElement:
			return items, nil
		case xml.CharData:
			if len(bytes.TrimSpace(c)) > 0 {
				return nil, errorf(r.name, cat, path, "text is not allowed directly in <%s>", t.Name.Local)
			}
		case xml.StartElement:
			if c.Name.Space != OSCALNamespace || c.Name.Local != ch.wrap {
				return nil, errorf(r.name, cat, path, "unknown element <%s> in <%s>", c.Name.Local, t.Name.Local)
			}
			v, err := r.object(c, cat, ch.def, pointer(path, strconv.Itoa(len(items))))
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
	}
}

// element reads one element according to its kind.
func (r *xmlReader) element(t xml.StartElement, at position, def *xDef, path string) (any, error) {
	switch def.kind {
	case xObject:
		return r.object(t, at, def, path)
	}
	r.pos[path] = at
	if err := r.attrs(t, at, path, &xDef{}, nil); err != nil {
		return nil, err
	}
	switch def.kind {
	case xLine:
		return r.inline(t, path, false)
	case xBlocks:
		return r.blocks(t, path)
	}
	s, err := r.text(t, path)
	if err != nil || def.kind == xText {
		return s, err
	}
	switch s {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return nil, errorf(r.name, at, path, "<%s> must be true or false, not %q", t.Name.Local, s)
}

// value reads the content of a field with attributes (<link>, <hash> …).
func (r *xmlReader) value(t xml.StartElement, at position, def *xDef, path string, out map[string]any) error {
	var s string
	var err error
	if def.valueOf == xLine {
		s, err = r.inline(t, path, false)
	} else {
		s, err = r.text(t, path)
	}
	if err != nil {
		return err
	}
	if s != "" {
		out[def.value] = s
		r.pos[pointer(path, def.value)] = at
	}
	return nil
}

// text reads plain text content; elements are not allowed. Surrounding
// white space is dropped.
func (r *xmlReader) text(t xml.StartElement, path string) (string, error) {
	var b strings.Builder
	for {
		tok, at, err := r.token()
		if err != nil {
			return "", r.eof(err, t)
		}
		switch c := tok.(type) {
		case xml.EndElement:
			return strings.TrimSpace(b.String()), nil
		case xml.CharData:
			b.Write(c)
		case xml.StartElement:
			return "", errorf(r.name, at, path, "element <%s> is not allowed in <%s>, which holds plain text", c.Name.Local, t.Name.Local)
		}
	}
}
