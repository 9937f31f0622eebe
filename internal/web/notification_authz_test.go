// SPDX-License-Identifier: Apache-2.0

package web_test

import "net/url"

// The rows of the authorization table (authz_test.go) for notifications,
// the calendar feed and the mail settings. One's own notification settings
// and calendar feed are every signed-in user's; the feed itself and the
// unsubscribe links are public, their token being the credential; the mail
// settings are the installation owners'.
func init() {
	for pattern, row := range notificationAuthzRows {
		authzTable[pattern] = row
	}
}

var notificationAuthzRows = map[string]authzRow{
	"GET /account/notifications": {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"POST /account/notifications": {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A",
		body: func(f *authzFixture, x authzWho) any {
			return url.Values{"assigned": {"on"}, "dueSoonDays": {"5"}, "digest": {"on"}}
		}},
	"POST /account/calendar":        {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"POST /account/calendar/revoke": {cells: "anon:D owner:A admin:A mgr:A contrib:A aud:A view:A emp:A other:A", note: "revoking no feed changes nothing"},
	"GET /calendar/{token}":         {cells: authzPublic, note: "the token in the URL is the credential"},
	"GET /unsubscribe/{token}":      {cells: authzPublic, note: "the token in the URL is the credential"},
	"POST /unsubscribe/{token}":     {cells: authzPublic, note: "the token in the URL is the credential; no session, no CSRF (RFC 8058 one-click)"},

	"GET /admin/mail": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D"},
	"POST /admin/mail": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D",
		body: func(f *authzFixture, x authzWho) any {
			return url.Values{"host": {"smtp.example.org"}, "port": {"587"}, "tls": {"starttls"}, "fromEmail": {"isms@example.org"}}
		}},
	"POST /admin/mail/test": {cells: "anon:D owner:A admin:D mgr:D contrib:D aud:D view:D emp:D other:D", note: "queues a test mail to the acting owner"},
}
