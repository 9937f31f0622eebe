// SPDX-License-Identifier: Apache-2.0

package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ismsproject/isms/internal/app"
)

// Options configure a Server.
type Options struct {
	BaseURL        string         // the public URL; https makes cookies Secure
	SecureCookies  bool           // set Secure on cookies
	TrustedProxies []netip.Prefix // peers whose X-Forwarded-For is believed
	MetricsToken   string         // when set, /metrics answers requests bearing it
	Dev            bool           // reparse templates and read static files from disk per request
	DevDir         string         // the internal/web directory, for Dev
	Logger         *slog.Logger
	Version        string
}

// Server serves the pages and the API.
type Server struct {
	app     *app.App
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	pages   *templates
	assets  *assets
	metrics *metrics
	routes  []Route
	started time.Time
}

// Route is one registered URL pattern and who may reach its handler
// before app decides.
type Route struct {
	Pattern string // Go 1.22 pattern, e.g. "GET /members/{id}"
	Access  Access
}

// Access is what a request needs before its handler runs.
type Access int

// The access levels. Finer permissions are decided in app.
const (
	Public   Access = iota // anyone (sign-in, setup, health, static files)
	SignedIn               // any signed-in user, even without an organization
	Member                 // a signed-in user working in an organization
)

// New returns a Server for a. It parses the layout and the partials, so a
// broken one stops the program before it serves anything; each page is
// parsed on its first use (a test parses them all).
func New(a *app.App, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{app: a, opts: opts, log: opts.Logger, mux: http.NewServeMux(), started: a.Now()}
	var err error
	if s.assets, err = newAssets(opts.Dev, opts.DevDir); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(a)
	s.registerRoutes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns every registered route, for the authorization tests and
// the OpenAPI document.
func (s *Server) Routes() []Route { return s.routes }

// Registry returns the Prometheus registry of the server's metrics, for a
// separate metrics listener.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.registry }

// handle registers h under pattern with an access level.
func (s *Server) handle(pattern string, access Access, h http.Handler) {
	s.routes = append(s.routes, Route{Pattern: pattern, Access: access})
	s.mux.Handle(pattern, s.metrics.instrument(pattern, s.guard(access, h)))
}
