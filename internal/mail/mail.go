// SPDX-License-Identifier: Apache-2.0

// Package mail sends notification e-mail: over SMTP (NewSMTP), or only to
// the log for development (NewLog). It builds RFC 5322 messages itself,
// so that no header can be injected through a subject, a name or an
// address, and it tells a job whether a failed send is worth retrying
// (IsPermanent). It imports the standard library only.
package mail

import (
	"context"
	"errors"
	"net/textproto"
)

// Address is a mailbox: a display name (optional, any Unicode) and an
// e-mail address (ASCII).
type Address struct {
	Name  string
	Email string
}

// Message is one e-mail to one or more recipients. Every recipient is
// listed in To and sees the others.
type Message struct {
	To      []Address
	Subject string
	// Text is the plain-text body; it is required.
	Text string
	// HTML is an optional HTML body; when set, the message is
	// multipart/alternative with Text as the fallback.
	HTML string
	// Headers are extra header fields such as List-Unsubscribe and
	// List-Unsubscribe-Post. The fields the sender writes itself (From, To,
	// Subject, Date, Message-ID, MIME and content fields, and
	// Auto-Submitted: auto-generated, which every message carries) cannot
	// be set here. Non-ASCII values are sent as RFC 2047 encoded words.
	Headers map[string]string
}

// Sender delivers messages. Send either hands the message to the mail
// system for every recipient or returns an error; IsPermanent tells
// whether trying again later can help.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// permanentError marks a failure that will recur on every attempt: an
// invalid message or invalid settings.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err} }

// IsPermanent reports whether err says that sending this message again
// cannot succeed, so a job should stop retrying: an SMTP 5xx reply (a
// rejected recipient, failed authentication, a refused message), a
// message or settings that do not validate, or credentials that cannot be
// used (the server offers no AUTH PLAIN or LOGIN). Network errors,
// timeouts, TLS failures, missing STARTTLS support and SMTP 4xx replies
// are temporary.
func IsPermanent(err error) bool {
	var pe *permanentError
	if errors.As(err, &pe) {
		return true
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 500 && te.Code <= 599
	}
	return false
}
