// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Length limits shared by every record.
const (
	MaxNameLen      = 200   // names and titles
	MaxTextLen      = 20000 // descriptions and comments
	MinPasswordLen  = 12
	MaxPasswordLen  = 256
	DefaultPageSize = 50  // rows per page when none is asked for
	MaxPageSize     = 500 // the hard maximum of any list
)

// checkName records a problem when s is empty or too long.
func checkName(p Problems, field, label, s string) {
	switch s = strings.TrimSpace(s); {
	case s == "":
		p.Add(field, label+" is required.")
	case utf8.RuneCountInString(s) > MaxNameLen:
		p.Add(field, label+" must be at most 200 characters.")
	}
}

// checkText records a problem when s is too long.
func checkText(p Problems, field, label, s string) {
	if utf8.RuneCountInString(s) > MaxTextLen {
		p.Add(field, label+" must be at most 20,000 characters.")
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$`)

// ValidSlug reports whether s is a usable organization slug: 1–50 lowercase
// letters, digits and inner hyphens.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Slugify makes s a name for files and URLs: its lower-case ASCII letters
// and digits, other runs of characters turned into single hyphens, none at
// either end.
func Slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// NormalizeEmail trims and lower-cases an e-mail address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkEmail records a problem when s is not a plain e-mail address.
func checkEmail(p Problems, field, s string) {
	a, err := mail.ParseAddress(s)
	if s == "" {
		p.Add(field, "E-mail is required.")
	} else if err != nil || a.Address != s || len(s) > 254 {
		p.Add(field, "Enter an e-mail address such as name@example.com.")
	}
}

// CheckPassword returns a problem sentence when pw is not acceptable as a
// new password, or "".
func CheckPassword(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return "Password must be at least 12 characters."
	case n > MaxPasswordLen:
		return "Password must be at most 256 characters."
	case strings.TrimSpace(pw) == "":
		return "Password must not be only spaces."
	}
	return ""
}

// ClampPage returns a page size within 1..MaxPageSize, DefaultPageSize for 0.
func ClampPage(limit int) int {
	switch {
	case limit <= 0:
		return DefaultPageSize
	case limit > MaxPageSize:
		return MaxPageSize
	}
	return limit
}

// InvalidUTF8Line returns the 1-based line of the first byte of data that
// is not UTF-8, for importers' messages; the line count when all is valid.
func InvalidUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[n:]
	}
	return line
}
