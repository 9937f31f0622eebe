// SPDX-License-Identifier: Apache-2.0

package web

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func randomToken() string { return strings.ToLower(rand.Text()) }

// formInt returns the integer value of a form or query field, 0 if absent
// or not a number.
func formInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.FormValue(name)))
	return n
}

// formDate parses a yyyy-mm-dd field as a UTC date; zero when empty or invalid.
func formDate(r *http.Request, name string) time.Time {
	t, _ := time.Parse("2006-01-02", strings.TrimSpace(r.FormValue(name)))
	return t
}

// safeNext returns next when it is a local path, else "/".
func safeNext(next string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return "/"
}

func itoa(n int) string { return strconv.Itoa(n) }
