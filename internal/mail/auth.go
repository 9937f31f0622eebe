// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"errors"
	"fmt"
	"net/smtp"
	"strings"
)

// plainAuth is AUTH PLAIN (RFC 4616). Unlike smtp.PlainAuth it does not
// decide itself whether the connection is safe: SMTP.authenticate does,
// from the connection's actual remote address.
type plainAuth struct{ username, password string }

func (a plainAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.username + "\x00" + a.password), nil
}

func (a plainAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if more {
		return nil, fmt.Errorf("unexpected server challenge %q during AUTH PLAIN", fromServer)
	}
	return nil, nil
}

// loginAuth is the obsolete but widespread AUTH LOGIN: the server asks for
// the user name, then the password.
type loginAuth struct{ username, password string }

func (a loginAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "LOGIN", nil, nil
}

func (a loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch q := strings.ToLower(strings.TrimSpace(string(fromServer))); {
	case strings.HasPrefix(q, "user"):
		return []byte(a.username), nil
	case strings.HasPrefix(q, "pass"):
		return []byte(a.password), nil
	default:
		return nil, errors.New("unexpected server challenge during AUTH LOGIN")
	}
}
