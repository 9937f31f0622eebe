// SPDX-License-Identifier: Apache-2.0

package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/mail"
)

var sender = mail.Address{Name: "ISMS Notifications", Email: "isms@example.org"}

// parse composes m and reads it back with net/mail, checking the framing
// every message must have: ASCII only, CRLF line ends, header lines within
// 78 characters.
func parse(t *testing.T, m mail.Message) (*netmail.Message, []byte) {
	t.Helper()
	raw, err := mail.Compose(m, sender, time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("Compose: %v", err)
	}
	for i, c := range raw {
		if c >= 0x80 {
			t.Fatalf("byte %d is not ASCII: %q", i, raw[max(0, i-20):i+1])
		}
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			t.Fatalf("bare LF at byte %d: %q", i, raw[max(0, i-20):i+1])
		}
		if c == '\r' && (i+1 == len(raw) || raw[i+1] != '\n') {
			t.Fatalf("bare CR at byte %d", i)
		}
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, raw)
	}
	return msg, raw
}

func decodeHeader(t *testing.T, msg *netmail.Message, name string) string {
	t.Helper()
	var dec mime.WordDecoder
	s, err := dec.DecodeHeader(msg.Header.Get(name))
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return s
}

func qp(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatalf("quoted-printable: %v", err)
	}
	return string(b)
}

func TestComposePlainMessage(t *testing.T) {
	long := strings.Repeat("A line long enough to need a soft line break in quoted-printable. ", 3)
	m := mail.Message{
		To:      []mail.Address{{Name: "Alice Example", Email: "alice@example.com"}, {Email: "bob@example.com"}},
		Subject: "Task due in 3 days",
		Text:    "Hello Alice,\n\n.a line starting with a dot\r\nold Mac\rline\n" + long + "\nTrailing space \nÄrger = 100%",
		Headers: map[string]string{
			"List-Unsubscribe":      "<https://isms.example.org/unsubscribe/abc>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
	msg, _ := parse(t, m)
	h := msg.Header
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != sender.Name || from[0].Address != sender.Email {
		t.Errorf("From = %v, %v", from, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Name != "Alice Example" || to[0].Address != "alice@example.com" || to[1].Address != "bob@example.com" {
		t.Errorf("To = %v, %v", to, err)
	}
	if got := h.Get("Subject"); got != m.Subject {
		t.Errorf("Subject = %q, want %q", got, m.Subject)
	}
	if d, err := h.Date(); err != nil || !d.Equal(time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if id := h.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@example\.org>$`).MatchString(id) {
		t.Errorf("Message-ID = %q, want <hex@example.org>", id)
	}
	for name, want := range map[string]string{
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"List-Unsubscribe":          "<https://isms.example.org/unsubscribe/abc>",
		"List-Unsubscribe-Post":     "List-Unsubscribe=One-Click",
		"Auto-Submitted":            "auto-generated",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	want := "Hello Alice,\r\n\r\n.a line starting with a dot\r\nold Mac\r\nline\r\n" + long + "\r\nTrailing space \r\nÄrger = 100%"
	if got := qp(t, msg.Body); got != want {
		t.Errorf("body =\n%q\nwant\n%q", got, want)
	}
}

func TestComposeTwoMessagesHaveDistinctIDs(t *testing.T) {
	m := mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t"}
	a, _ := parse(t, m)
	b, _ := parse(t, m)
	if a.Header.Get("Message-Id") == b.Header.Get("Message-Id") {
		t.Fatalf("two messages share Message-ID %s", a.Header.Get("Message-Id"))
	}
}

func TestComposeHTMLIsMultipartAlternative(t *testing.T) {
	m := mail.Message{
		To:      []mail.Address{{Email: "alice@example.com"}},
		Subject: "Approval requested",
		Text:    "Please review the policy.\nhttps://isms.example.org/approvals/1",
		HTML:    `<p>Please review the <a href="https://isms.example.org/approvals/1">policy</a>. Grüße</p>`,
	}
	msg, _ := parse(t, m)
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" || params["boundary"] == "" {
		t.Fatalf("Content-Type = %q (%v)", msg.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var types, bodies []string
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("NextRawPart: %v", err)
		}
		if enc := p.Header.Get("Content-Transfer-Encoding"); enc != "quoted-printable" {
			t.Errorf("part encoding %q", enc)
		}
		types = append(types, p.Header.Get("Content-Type"))
		bodies = append(bodies, qp(t, p))
	}
	wantTypes := []string{"text/plain; charset=utf-8", "text/html; charset=utf-8"}
	if strings.Join(types, "|") != strings.Join(wantTypes, "|") {
		t.Fatalf("parts %q, want %q (plain text first, preferred HTML last)", types, wantTypes)
	}
	if want := strings.ReplaceAll(m.Text, "\n", "\r\n"); bodies[0] != want {
		t.Errorf("text part %q, want %q", bodies[0], want)
	}
	if bodies[1] != m.HTML {
		t.Errorf("html part %q, want %q", bodies[1], m.HTML)
	}
}

func TestComposeEncodesNonASCIIHeaders(t *testing.T) {
	subject := "Überprüfung fällig: Risiko „Serverraum Nord“ – 東京オフィスの入退室管理 und noch ein sehr langer Zusatz"
	m := mail.Message{
		To: []mail.Address{
			{Name: "Jörg Müller-Lüdenscheidt", Email: "joerg@example.de"},
			{Name: `Smith, John "JJ" \ Jr.`, Email: "john@example.com"},
		},
		Subject: subject,
		Text:    "x",
		Headers: map[string]string{
			"X-Isms-Note": "Frist läuft ab",
			"X-Isms-A-Header-Name-Long-Enough-To-Fold-Before-Its-Value": "Prüfung der Zugriffsrechte",
		},
	}
	msg, _ := parse(t, m)
	if got := decodeHeader(t, msg, "Subject"); got != subject {
		t.Errorf("Subject decodes to %q, want %q", got, subject)
	}
	if got := decodeHeader(t, msg, "X-Isms-Note"); got != "Frist läuft ab" {
		t.Errorf("X-Isms-Note decodes to %q", got)
	}
	if got := decodeHeader(t, msg, "X-Isms-A-Header-Name-Long-Enough-To-Fold-Before-Its-Value"); got != "Prüfung der Zugriffsrechte" {
		t.Errorf("long header decodes to %q", got)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 2 {
		t.Fatalf("To = %v, %v", to, err)
	}
	if to[0].Name != m.To[0].Name || to[1].Name != m.To[1].Name || to[1].Address != "john@example.com" {
		t.Errorf("To names = %q, %q", to[0].Name, to[1].Name)
	}
}

func TestComposeTextThatLooksEncodedReadsBackAsWritten(t *testing.T) {
	m := mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "=?utf-8?q?fake?=", Text: "t"}
	msg, _ := parse(t, m)
	if got := decodeHeader(t, msg, "Subject"); got != m.Subject {
		t.Fatalf("Subject decodes to %q, want %q", got, m.Subject)
	}
}

func TestValidateRejectsBadMessages(t *testing.T) {
	ok := mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t"}
	tests := []struct {
		name string
		edit func(m *mail.Message)
		want string // part of the error, naming where
	}{
		{"no recipient", func(m *mail.Message) { m.To = nil }, "To"},
		{"CRLF in subject", func(m *mail.Message) { m.Subject = "Hi\r\nBcc: victim@example.com" }, "Subject"},
		{"LF in subject", func(m *mail.Message) { m.Subject = "Hi\nBcc: victim@example.com" }, "Subject"},
		{"CR in subject", func(m *mail.Message) { m.Subject = "Hi\rX" }, "Subject"},
		{"NUL in subject", func(m *mail.Message) { m.Subject = "Hi\x00" }, "Subject"},
		{"empty subject", func(m *mail.Message) { m.Subject = "  " }, "Subject"},
		{"LF in name", func(m *mail.Message) { m.To[0].Name = "Eve\nBcc: victim@example.com" }, "To[0]"},
		{"CRLF in address", func(m *mail.Message) { m.To[0].Email = "a@example.com\r\nBcc: victim@example.com" }, "To[0]"},
		{"two addresses in one", func(m *mail.Message) { m.To[0].Email = "a@example.com>, <b@example.com" }, "To[0]"},
		{"name in address", func(m *mail.Message) { m.To[0].Email = "Eve <eve@example.com>" }, "To[0]"},
		{"not an address", func(m *mail.Message) { m.To = append(m.To, mail.Address{Email: "nobody"}) }, "To[1]"},
		{"non-ASCII address", func(m *mail.Message) { m.To[0].Email = "jörg@example.de" }, "To[0]"},
		{"CRLF in header value", func(m *mail.Message) {
			m.Headers = map[string]string{"List-Unsubscribe": "<https://x>\r\nBcc: victim@example.com"}
		}, "List-Unsubscribe"},
		{"colon in header name", func(m *mail.Message) { m.Headers = map[string]string{"X-A: b\r\nBcc": "c"} }, "header"},
		{"space in header name", func(m *mail.Message) { m.Headers = map[string]string{"X A": "b"} }, "header"},
		{"reserved header", func(m *mail.Message) { m.Headers = map[string]string{"bcc": "victim@example.com"} }, "bcc"},
		{"empty text", func(m *mail.Message) { m.Text = "" }, "Text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			m.To = append([]mail.Address(nil), ok.To...)
			tt.edit(&m)
			err := m.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %q, want it to name %q", err, tt.want)
			}
			if _, err := mail.Compose(m, sender, time.Now()); err == nil {
				t.Error("Compose accepted the message")
			}
		})
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid message: %v", err)
	}
}
