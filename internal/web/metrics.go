// SPDX-License-Identifier: Apache-2.0

package web

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ismsproject/isms/internal/app"
)

// metrics are the Prometheus metrics of the server: requests by route and
// status, latency by route, and the database pools.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(a *app.App) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "isms_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "isms_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	pool := func(name, help string, f func() float64) {
		m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	pool("isms_db_open_connections", "Open database connections (writer and reader pools).", func() float64 {
		w, r := a.DB().Stats()
		return float64(w.OpenConnections + r.OpenConnections)
	})
	pool("isms_db_in_use_connections", "Database connections in use.", func() float64 {
		w, r := a.DB().Stats()
		return float64(w.InUse + r.InUse)
	})
	pool("isms_db_wait_count", "Total waits for a database connection.", func() float64 {
		w, r := a.DB().Stats()
		return float64(w.WaitCount + r.WaitCount)
	})
	return m
}

// instrument counts and times the requests of one route.
func (m *metrics) instrument(route string, h http.Handler) http.Handler {
	lat := m.latency.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		lat.Observe(time.Since(start).Seconds())
		status := state(r).status
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	})
}

// MetricsHandler serves the metrics, for a separate listener.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
}

// handleMetrics serves /metrics on the main address to requests bearing the
// metrics token; without a configured token it does not exist.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	want := "Bearer " + s.opts.MetricsToken
	if s.opts.MetricsToken == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(want)) != 1 {
		http.NotFound(w, r)
		return
	}
	s.MetricsHandler().ServeHTTP(w, r)
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.app.Ready(r.Context()); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready: the database is unreachable or not migrated; see the server log\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
