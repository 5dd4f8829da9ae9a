package server

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the hub's Prometheus metrics, served at GET /metrics. It
// implements realtime.Metrics, so that the websocket hub counts into it.
// Each Metrics has its own registry: no global state, so tests run side
// by side.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	durations *prometheus.HistogramVec
	websocket prometheus.Gauge
	fannedOut prometheus.Counter
	dropped   prometheus.Counter
	replays   prometheus.Histogram
	limited   *prometheus.CounterVec
}

// NewMetrics registers the hub's metrics, and the Go runtime's and the
// process's, in a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ketenhub_http_requests_total",
			Help: "HTTP requests answered, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ketenhub_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method and route template (websocket upgrades excluded).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		websocket: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ketenhub_websocket_connections",
			Help: "Open websocket connections on this node.",
		}),
		fannedOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ketenhub_realtime_events_fanned_out_total",
			Help: "Events read from the log and fanned out to a workspace's subscriptions on this node.",
		}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ketenhub_realtime_slow_clients_dropped_total",
			Help: "Websocket connections closed because their send queue was full (close code 4008).",
		}),
		replays: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ketenhub_realtime_replay_events",
			Help:    "Events sent by one subscription's replay of the log.",
			Buckets: []float64{0, 1, 10, 100, 1000, 10000},
		}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ketenhub_rate_limited_total",
			Help: "Requests refused with 429, by limit (login or write).",
		}, []string{"limit"}),
	}
	m.reg.MustRegister(m.requests, m.durations, m.websocket, m.fannedOut, m.dropped, m.replays, m.limited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchDB exports the connection pool's statistics (sql.DB.Stats) as the
// go_sql_* metrics, labelled db_name="ketenhub".
func (m *Metrics) WatchDB(db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, "ketenhub"))
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ConnectionOpened implements realtime.Metrics.
func (m *Metrics) ConnectionOpened() { m.websocket.Inc() }

// ConnectionClosed implements realtime.Metrics.
func (m *Metrics) ConnectionClosed() { m.websocket.Dec() }

// EventsFannedOut implements realtime.Metrics.
func (m *Metrics) EventsFannedOut(n int) { m.fannedOut.Add(float64(n)) }

// SlowClientDropped implements realtime.Metrics.
func (m *Metrics) SlowClientDropped() { m.dropped.Inc() }

// Replayed implements realtime.Metrics.
func (m *Metrics) Replayed(events int) { m.replays.Observe(float64(events)) }

// observe is the middleware that counts every request by its route
// template (gin's full path, "unmatched" for none), so that ids in paths do
// not make a series per object. A websocket lasts as long as the tab: its
// duration says nothing about latency and is left out.
func (m *Metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	if c.IsWebsocket() && status == http.StatusOK {
		status = http.StatusSwitchingProtocols // written on the hijacked connection
	}
	method := metricMethod(c.Request.Method)
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	if !c.IsWebsocket() {
		m.durations.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
	}
}

// metricMethod keeps the method label to the standard methods, so that a
// client cannot make new series by inventing methods.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}
