// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
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

// sendFile sends buf as a download named name of media type media: the
// whole file is made before anything is sent, so that a failure is
// reported as an error rather than as a broken file.
func sendFile(w http.ResponseWriter, media, name string, buf *bytes.Buffer) error {
	h := w.Header()
	h.Set("Content-Type", media)
	h.Set("Content-Disposition", attachment(name))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, err := buf.WriteTo(w)
	return err
}
