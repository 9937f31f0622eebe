// SPDX-License-Identifier: Apache-2.0

package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// reqState is what the server learns about a request as it passes through.
type reqState struct {
	id         string // request ID, in logs and error pages
	clientAddr string
	status     int
	sessionID  string            // the session cookie's secret, if signed in by cookie
	sess       *app.SessionState // nil unless signed in by cookie
	actor      isms.Actor        // the signed-in actor, by cookie or token
	viaToken   bool              // authenticated by an API token
}

type stateKey struct{}

func state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{}
}

// actor returns the actor of a request; the zero Actor when nobody is signed in.
func actor(r *http.Request) isms.Actor { return state(r).actor }

// statusWriter remembers the status written, and runs onStatus once when
// the status is decided, before anything of the response is sent.
type statusWriter struct {
	http.ResponseWriter
	st       *reqState
	onStatus func()
}

// decide records code as the response's status, the first time only.
func (w *statusWriter) decide(code int) {
	if w.st.status != 0 {
		return
	}
	w.st.status = code
	if w.onStatus != nil {
		w.onStatus()
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.decide(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.decide(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends what was written so far, so that a streamed response (a
// large download) stays streamed through the wrapper.
func (w *statusWriter) Flush() {
	w.decide(http.StatusOK)
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// middleware wraps every request: request ID, security headers, panic
// recovery, cross-origin protection, the record of what a watched actor
// read, and one log line.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, isms.Errorf(isms.Forbidden, "This request came from another site and was refused."))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &reqState{id: requestID(r), clientAddr: s.clientAddr(r)}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		sw := &statusWriter{ResponseWriter: w, st: st}
		// A watched actor's read is recorded before its response is sent.
		sw.onStatus = func() { s.recordWatched(r, st, sw.Header()) }
		s.securityHeaders(sw.Header())
		sw.Header().Set("X-Request-Id", st.id)
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", st.id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if st.status == 0 {
					s.fail(sw, r, fmt.Errorf("panic: %v", p))
				}
			}
			s.log.Info("request", "request_id", st.id, "method", r.Method, "path", r.URL.Path,
				"status", st.status, "duration_ms", float64(time.Since(start).Microseconds())/1000,
				"client", st.clientAddr, "user", string(st.actor.UserID))
		}()
		cop.Handler(next).ServeHTTP(sw, r)
		sw.decide(http.StatusOK) // the handler wrote nothing: net/http sends 200
	})
}

// contentSecurityPolicy allows only the server's own scripts, styles and
// images: no inline script, no framing, forms post only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *Server) securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if s.opts.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=63072000")
	}
}

// requestID keeps a well-formed incoming X-Request-Id or makes a new one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); len(id) > 0 && len(id) <= 64 && isToken(id) {
		return id
	}
	return strings.ToLower(rand.Text()[:16])
}

func isToken(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// clientAddr returns the client's address: the peer, or, when the peer is a
// trusted proxy, the rightmost untrusted address of X-Forwarded-For.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer.String()
		}
		if !s.trusted(a) {
			return a.String()
		}
		peer = a
	}
	return peer.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
