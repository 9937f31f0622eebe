// SPDX-License-Identifier: Apache-2.0

package web

import (
	"context"
	"mime"
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Watched actors (external auditors, isms.Actor.Watched) leave a trace of
// what they read: one audit event per page, API read and download, written
// when the handler decides the response's status and before any of it is
// sent (statusWriter), so that it holds the status and no read reaches the
// client unrecorded. Writes need none here: their use cases audit them.

// watchedPath reports whether a request to path is worth recording:
// static assets, health checks and the favicon are not.
func watchedPath(path string) bool {
	switch {
	case strings.HasPrefix(path, "/static/"), path == "/healthz", path == "/readyz", path == "/favicon.ico":
		return false
	}
	return true
}

// attachmentName returns the file name of a response sent as a download
// (Content-Disposition: attachment), or "".
func attachmentName(h http.Header) string {
	disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil || disp != "attachment" {
		return ""
	}
	return params["filename"]
}

// recordWatched records a GET or HEAD of a watched actor working in an
// organization, whose status is decided. A failure is logged, and the
// response is sent all the same.
func (s *Server) recordWatched(r *http.Request, st *reqState, h http.Header) {
	a := st.actor
	if !a.Watched || a.OrgID == "" || (r.Method != http.MethodGet && r.Method != http.MethodHead) || !watchedPath(r.URL.Path) {
		return
	}
	// The client may be gone; the record is still owed.
	ctx := context.WithoutCancel(r.Context())
	status := st.status
	// The query is kept: it holds the filters a list was read with and an
	// export's format.
	if err := s.app.RecordAccess(ctx, a, r.Method, r.URL.RequestURI(), status, attachmentName(h)); err != nil {
		s.log.Error("record auditor access", "request_id", st.id, "path", r.URL.Path, "error", err)
	}
}

// noOrganization explains why a signed-in user has no organization to
// work in: their access to one ended (an external auditor's), or they
// belong to none yet.
func noOrganization(st *reqState) error {
	if st.sess != nil && len(st.sess.Ended) > 0 {
		e := st.sess.Ended[0]
		for _, om := range st.sess.Ended[1:] {
			if om.AccessUntil.After(e.AccessUntil) {
				e = om
			}
		}
		return isms.Errorf(isms.Forbidden, "Your access to %s ended on %s. Ask its administrator if you need it again.", e.Org.Name, e.AccessUntil)
	}
	return isms.Errorf(isms.Forbidden, "You are not a member of any organization yet. Ask an organization's administrator to add you.")
}
