// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// reserved are the header fields the sender writes itself (canonical form).
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Sender": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true,
	"Return-Path": true, "Received": true, "Auto-Submitted": true,
}

// Validate reports the first problem that would stop m from being sent,
// naming where it is: at least one recipient, valid addresses, a subject
// and a text body, and no line breaks or control characters in a header.
func (m Message) Validate() error {
	if len(m.To) == 0 {
		return errors.New("message: To: at least one recipient is required")
	}
	for i, a := range m.To {
		if err := checkAddress(a); err != nil {
			return fmt.Errorf("message: To[%d]: %w", i, err)
		}
	}
	if strings.TrimSpace(m.Subject) == "" {
		return errors.New("message: Subject is required")
	}
	if err := checkHeaderText(m.Subject); err != nil {
		return fmt.Errorf("message: Subject: %w", err)
	}
	if m.Text == "" {
		return errors.New("message: Text: a plain-text body is required")
	}
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
		return errors.New("message: the body is not valid UTF-8")
	}
	for name, value := range m.Headers {
		if err := checkFieldName(name); err != nil {
			return fmt.Errorf("message: header %q: %w", name, err)
		}
		if reserved[textproto.CanonicalMIMEHeaderKey(name)] {
			return fmt.Errorf("message: header %q is written by the sender and cannot be set", name)
		}
		if err := checkHeaderText(value); err != nil {
			return fmt.Errorf("message: header %s: %w", name, err)
		}
	}
	return nil
}

// checkAddress accepts a plain ASCII addr-spec and a display name without
// control characters.
func checkAddress(a Address) error {
	if err := checkHeaderText(a.Name); err != nil {
		return fmt.Errorf("name: %w", err)
	}
	if a.Email == "" {
		return errors.New("the e-mail address is empty")
	}
	for _, r := range a.Email {
		if r < 0x21 || r > 0x7e {
			return fmt.Errorf("e-mail address %q: only printable ASCII without spaces is supported", a.Email)
		}
	}
	p, err := netmail.ParseAddress(a.Email)
	if err != nil || p.Name != "" || p.Address != a.Email || len(a.Email) > 254 {
		return fmt.Errorf("%q is not an e-mail address of the form name@example.org", a.Email)
	}
	return nil
}

// checkHeaderText rejects what would end or corrupt a header line: CR, LF
// and other control characters (tab is allowed), and invalid UTF-8.
func checkHeaderText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8")
	}
	for _, r := range s {
		if r == '\r' || r == '\n' {
			return errors.New("line breaks are not allowed")
		}
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return fmt.Errorf("control character %U is not allowed", r)
		}
	}
	return nil
}

// checkFieldName accepts RFC 5322 field names: printable ASCII but colon.
func checkFieldName(name string) error {
	if name == "" {
		return errors.New("the name is empty")
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 33 || c > 126 || c == ':' {
			return errors.New("a header name is printable ASCII without spaces or colons")
		}
	}
	return nil
}

// compose renders m as an RFC 5322 message from the given sender, with
// CRLF line endings and quoted-printable bodies.
func compose(m Message, from Address, now time.Time) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := checkAddress(from); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	var b bytes.Buffer
	for _, h := range headerFields(m, from, now) {
		if err := writeHeader(&b, h[0], h[1]); err != nil {
			return nil, err
		}
	}
	if m.HTML == "" {
		writeHeader(&b, "Content-Type", "text/plain; charset=utf-8")
		writeHeader(&b, "Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		writeQP(&b, m.Text)
		return b.Bytes(), nil
	}
	mw := multipart.NewWriter(&b)
	writeHeader(&b, "Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	// The last part is the preferred one (RFC 2046, 5.1.4).
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("compose: %w", err)
		}
		var body bytes.Buffer
		writeQP(&body, part.body)
		w.Write(body.Bytes())
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	return b.Bytes(), nil
}

// headerFields returns the message's header fields but the content ones,
// values encoded: first the sender's own, then m.Headers sorted by name.
func headerFields(m Message, from Address, now time.Time) [][2]string {
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = formatAddress(a)
	}
	hdr := [][2]string{
		{"From", formatAddress(from)},
		{"To", strings.Join(to, ", ")},
		{"Subject", encodeText(m.Subject)},
		{"Date", now.Format(time.RFC1123Z)},
		{"Message-ID", messageID(from.Email)},
		{"MIME-Version", "1.0"},
		{"Auto-Submitted", "auto-generated"},
	}
	names := make([]string, 0, len(m.Headers))
	for n := range m.Headers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		hdr = append(hdr, [2]string{n, encodeText(m.Headers[n])})
	}
	return hdr
}

// messageID returns a new unique Message-ID on the domain of the sender.
func messageID(email string) string {
	var r [16]byte
	rand.Read(r[:]) // never fails
	return "<" + hex.EncodeToString(r[:]) + "@" + email[strings.LastIndexByte(email, '@')+1:] + ">"
}

// formatAddress writes a as a mailbox: the name as it is, quoted or
// encoded as needed, the address in angle brackets.
func formatAddress(a Address) string {
	switch {
	case a.Name == "":
		return a.Email
	case needsEncoding(a.Name):
		return encodeWords(a.Name) + " <" + a.Email + ">"
	case strings.IndexFunc(a.Name, func(r rune) bool { return !isAtext(r) && r != ' ' }) < 0:
		return a.Name + " <" + a.Email + ">"
	default:
		q := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(a.Name)
		return `"` + q + `" <` + a.Email + ">"
	}
}

// isAtext reports whether r may appear in an RFC 5322 atom.
func isAtext(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r)
}

// encodeText returns s unchanged when it is plain ASCII, else as RFC 2047
// encoded words.
func encodeText(s string) string {
	if needsEncoding(s) {
		return encodeWords(s)
	}
	return s
}

// needsEncoding is true for non-ASCII text, and for text that merely
// looks like an encoded word, so that it reads back as written.
func needsEncoding(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return strings.Contains(s, "=?")
}

// maxWord is the length of an encoded word: short enough that a header
// line holding one stays within 78 characters.
const maxWord = 60

// encodeWords encodes s as RFC 2047 "Q" encoded words of at most maxWord
// characters, separated by spaces (which decoders drop). A UTF-8 sequence
// is never split between two words. Only characters allowed in an
// encoded word within a phrase are left as they are.
func encodeWords(s string) string {
	const prefix, suffix = "=?utf-8?q?", "?="
	var words []string
	var cur strings.Builder
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			for _, b := range utf8.AppendRune(nil, r) {
				enc += fmt.Sprintf("=%02X", b)
			}
		}
		if cur.Len() > 0 && len(prefix)+cur.Len()+len(enc)+len(suffix) > maxWord {
			words = append(words, prefix+cur.String()+suffix)
			cur.Reset()
		}
		cur.WriteString(enc)
	}
	if cur.Len() > 0 {
		words = append(words, prefix+cur.String()+suffix)
	}
	return strings.Join(words, " ")
}

// writeHeader writes "name: value" folded at spaces so that lines stay
// within 78 characters where possible; a line would exceed the hard limit
// of 998 only with a word that long, which is an error.
func writeHeader(b *bytes.Buffer, name, value string) error {
	line := name + ":"
	for i, word := range strings.Split(value, " ") {
		if len(line)+1+len(word) > 78 && (i > 0 && strings.TrimSpace(line) != "" || i == 0 && word != "") {
			if len(line) > 998 {
				return fmt.Errorf("header %s: a word is longer than 998 characters", name)
			}
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + word
	}
	if len(line) > 998 {
		return fmt.Errorf("header %s: a word is longer than 998 characters", name)
	}
	b.WriteString(line + "\r\n")
	return nil
}

// writeQP writes body as quoted-printable with CRLF line breaks, whatever
// line breaks it came with.
func writeQP(b *bytes.Buffer, body string) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	w := quotedprintable.NewWriter(b)
	w.Write([]byte(body))
	w.Close()
}
