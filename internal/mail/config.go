// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"fmt"
	"net"
	"sort"
	"strings"
	"time"
)

// TLSMode says how the connection to the SMTP server is encrypted.
type TLSMode string

// The TLS modes.
const (
	// TLSNone sends in clear text; credentials are then sent only to a
	// server on the loopback interface.
	TLSNone TLSMode = "none"
	// TLSStartTLS connects in clear text and upgrades with STARTTLS
	// (usually port 587); a server that does not offer it is an error.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (usually port 465).
	TLSImplicit TLSMode = "tls"
)

// DefaultTimeout bounds one Send when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config holds the SMTP settings.
type Config struct {
	Host     string
	Port     int
	TLS      TLSMode
	Username string // optional; with Password, authenticates with AUTH PLAIN or LOGIN
	Password string
	From     Address // the sender of every message and the envelope sender
	// HelloName is the name sent with EHLO; default "localhost".
	HelloName string
	// Timeout bounds one Send, connection included; default DefaultTimeout.
	Timeout time.Duration
	// InsecureSkipVerify accepts any server certificate. Only for test
	// servers: it lets anyone between here and the server read the mail
	// and the password.
	InsecureSkipVerify bool
}

// ConfigError lists what is wrong with a Config, by field: host, port,
// tls, username, password, from, hello_name, timeout.
type ConfigError struct {
	Problems map[string]string
}

// Error lists the problems, sorted by field.
func (e *ConfigError) Error() string {
	fields := make([]string, 0, len(e.Problems))
	for f := range e.Problems {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f + ": " + e.Problems[f]
	}
	return "invalid mail settings: " + strings.Join(parts, "; ")
}

// Validate returns a *ConfigError naming every unusable field, or nil.
func (c Config) Validate() error {
	p := map[string]string{}
	if c.Host == "" {
		p["host"] = "The SMTP server's host name is required."
	} else if strings.ContainsAny(c.Host, " \t\r\n/:@") && net.ParseIP(c.Host) == nil {
		p["host"] = fmt.Sprintf("%q is not a host name or IP address (give the port separately).", c.Host)
	}
	if c.Port < 1 || c.Port > 65535 {
		p["port"] = "Give a port from 1 to 65535 (usually 587 for starttls, 465 for tls, 25 for none)."
	}
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		p["tls"] = fmt.Sprintf("%q is not a TLS mode: use none, starttls or tls.", c.TLS)
	}
	if c.Username != "" && c.Password == "" {
		p["password"] = "A password is required when a user name is given."
	}
	if c.Password != "" && c.Username == "" {
		p["username"] = "A user name is required when a password is given."
	}
	if c.Username != "" && c.TLS == TLSNone && !loopbackHost(c.Host) {
		p["tls"] = "Credentials are sent only over an encrypted connection: use starttls or tls, or a server on this machine."
	}
	if strings.ContainsAny(c.Username, "\r\n\x00") {
		p["username"] = "The user name must not contain line breaks or NUL characters."
	}
	if strings.ContainsAny(c.Password, "\r\n\x00") {
		p["password"] = "The password must not contain line breaks or NUL characters."
	}
	if c.From.Email == "" {
		p["from"] = "The sender address is required."
	} else if err := checkAddress(c.From); err != nil {
		p["from"] = err.Error()
	}
	if c.HelloName != "" && !validHelloName(c.HelloName) {
		p["hello_name"] = fmt.Sprintf("%q is not a host name: use letters, digits, dots and hyphens.", c.HelloName)
	}
	if c.Timeout < 0 {
		p["timeout"] = "The timeout must not be negative."
	}
	if len(p) > 0 {
		return &ConfigError{Problems: p}
	}
	return nil
}

// loopbackHost reports whether host names this machine's loopback
// interface.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func validHelloName(s string) bool {
	if len(s) > 255 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
		case r == '[' || r == ']' || r == ':': // address literals: [192.0.2.1], [IPv6:…]
		default:
			return false
		}
	}
	return true
}
